//! Whether one statement applies to a request, and the evaluation of whole policies.

use super::condition::evaluate_condition;
use crate::compile::{CompiledCondition, CompiledPolicy, CompiledStatement, MatchKind};
use crate::context::Context;
use crate::policy::Effect;
use crate::request::Request;

/// Receives what evaluation sees; the no-op implementation makes the fast path free.
pub trait Tracer {
    const ENABLED: bool;
    fn hit(
        &mut self,
        policy: &CompiledPolicy,
        st: &CompiledStatement,
        principal: Option<MatchKind>,
    );
    fn missing_key(&mut self, key: &str);
    /// A condition of a statement that otherwise applies did not hold.
    fn condition_failed(
        &mut self,
        policy: &CompiledPolicy,
        st: &CompiledStatement,
        condition: &CompiledCondition,
        ctx: &Context,
    );
}

pub struct NoTrace;

impl Tracer for NoTrace {
    const ENABLED: bool = false;
    fn hit(&mut self, _: &CompiledPolicy, _: &CompiledStatement, _: Option<MatchKind>) {}
    fn missing_key(&mut self, _: &str) {}
    fn condition_failed(
        &mut self,
        _: &CompiledPolicy,
        _: &CompiledStatement,
        _: &CompiledCondition,
        _: &Context,
    ) {
    }
}

/// A set of principal match kinds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindSet(u8);

impl KindSet {
    pub fn insert(&mut self, kind: MatchKind) {
        self.0 |= 1 << kind as u8;
    }
    pub fn contains(self, kind: MatchKind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }
    pub fn union(self, other: KindSet) -> KindSet {
        KindSet(self.0 | other.0)
    }
}

/// What the statements of one or more policies say about a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PolicyEval {
    pub allow: bool,
    pub deny: bool,
    /// For resource policies: how the allowing statements matched the caller.
    pub allow_kinds: KindSet,
}

impl PolicyEval {
    pub fn merge(self, other: PolicyEval) -> PolicyEval {
        PolicyEval {
            allow: self.allow || other.allow,
            deny: self.deny || other.deny,
            allow_kinds: self.allow_kinds.union(other.allow_kinds),
        }
    }
}

/// Whether `st` applies to `req`; for statements with a principal element, how it matched.
/// `caller_has_boundary` drives AWS's documented quirk: a Deny with `NotPrincipal` in a resource
/// policy always applies to a caller that has a permissions boundary.
fn statement_applies<T: Tracer>(
    policy: &CompiledPolicy,
    st: &CompiledStatement,
    req: &Request,
    caller_has_boundary: bool,
    tracer: &mut T,
) -> Option<MatchKind> {
    if !st.actions.matches(&req.action) {
        return None;
    }
    if let Some(resources) = &st.resources {
        if !resources.matches(&req.resource, &req.context) {
            return None;
        }
    }
    let kind = principal_kind(st, req, caller_has_boundary)?;
    let mut all = true;
    for c in st.conditions.iter() {
        let r = evaluate_condition(c, &req.context);
        if r.key_missing {
            tracer.missing_key(&c.key_display);
        }
        if !r.satisfied {
            all = false;
            if !T::ENABLED {
                return None;
            }
            tracer.condition_failed(policy, st, c, &req.context);
        }
    }
    if !all {
        return None;
    }
    tracer.hit(policy, st, st.principals.as_ref().map(|_| kind));
    Some(kind)
}

/// How the statement's principal element covers the caller (`Direct` without one). Shared with
/// partial evaluation, which reads the other elements itself.
#[inline]
pub(crate) fn principal_kind(
    st: &CompiledStatement,
    req: &Request,
    caller_has_boundary: bool,
) -> Option<MatchKind> {
    match &st.principals {
        None => Some(MatchKind::Direct),
        Some(p) if p.is_negated() && st.effect == Effect::Deny && caller_has_boundary => {
            Some(MatchKind::Direct)
        }
        Some(p) => p.matches(&req.principal),
    }
}

pub(crate) fn evaluate_policy<T: Tracer>(
    policy: &CompiledPolicy,
    req: &Request,
    caller_has_boundary: bool,
    tracer: &mut T,
) -> PolicyEval {
    let mut eval = PolicyEval::default();
    for st in policy.statements.iter() {
        // Without a trace, once a Deny applies nothing else in the policy can change the outcome.
        if !T::ENABLED && eval.deny {
            break;
        }
        if !st.actions.may_match(&req.action) {
            continue;
        }
        if let Some(kind) = statement_applies(policy, st, req, caller_has_boundary, tracer) {
            match st.effect {
                Effect::Allow => {
                    eval.allow = true;
                    eval.allow_kinds.insert(kind);
                }
                Effect::Deny => eval.deny = true,
            }
        }
    }
    eval
}

pub(crate) fn evaluate_all<'a, T: Tracer>(
    policies: impl IntoIterator<Item = &'a CompiledPolicy>,
    req: &Request,
    caller_has_boundary: bool,
    tracer: &mut T,
) -> PolicyEval {
    let mut eval = PolicyEval::default();
    for policy in policies {
        eval = eval.merge(evaluate_policy(policy, req, caller_has_boundary, tracer));
        if !T::ENABLED && eval.deny {
            break;
        }
    }
    eval
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// Merging the evaluations of several policies keeps every way an allowing statement matched
    /// the caller, from either side, and nothing else (the flow reads the kinds of one resource
    /// policy today; a merged evaluation must still mean what it says).
    #[test]
    fn merging_evaluations_keeps_every_allow_kind_of_both() {
        use super::{KindSet, PolicyEval};
        use crate::compile::MatchKind;
        let with = |kinds: &[MatchKind]| {
            let mut set = KindSet::default();
            kinds.iter().for_each(|k| set.insert(*k));
            PolicyEval {
                allow: !kinds.is_empty(),
                deny: false,
                allow_kinds: set,
            }
        };
        let direct = with(&[MatchKind::Direct]);
        let entity = with(&[MatchKind::ViaEntity, MatchKind::Account]);
        let both = direct.merge(entity).allow_kinds;
        for kind in [MatchKind::Direct, MatchKind::ViaEntity, MatchKind::Account] {
            assert!(both.contains(kind), "{kind:?} lost");
        }
        let same = direct.merge(direct).allow_kinds;
        assert!(same.contains(MatchKind::Direct));
        assert!(!same.contains(MatchKind::ViaEntity) && !same.contains(MatchKind::Account));
        assert_eq!(with(&[]).merge(with(&[])).allow_kinds, KindSet::default());
    }

    /// The statements a traced decision reports, as (policy label, statement index, effect).
    fn hits(identity_policies: Value) -> (Value, Vec<(String, u64, String)>) {
        let scenario = json!({
            "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject",
            "resource": "arn:aws:s3:::b/k", "resourceAccount": "111111111111",
            "identityPolicies": identity_policies
        });
        let out = crate::api::decide_json(&scenario.to_string(), true);
        let trace = out["trace"].clone();
        let hits = trace["statements"]
            .as_array()
            .unwrap_or_else(|| panic!("no statements in {out}"))
            .iter()
            .map(|h| {
                (
                    h["policy"].as_str().unwrap_or_default().to_owned(),
                    h["statement"].as_u64().unwrap_or(u64::MAX),
                    h["effect"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        (trace, hits)
    }

    fn statement(effect: &str) -> Value {
        json!({"Effect": effect, "Action": "s3:GetObject", "Resource": "*"})
    }

    /// The fast path stops at the first applicable Deny; the trace must not: it lists every
    /// statement that applies, also those after a Deny in the same policy.
    #[test]
    fn a_trace_lists_the_statements_after_a_deny_in_the_same_policy() {
        let (trace, hits) = hits(json!([{"Version": "2012-10-17",
            "Statement": [statement("Deny"), statement("Allow")]}]));
        assert_eq!(trace["decision"], "ExplicitDeny");
        assert_eq!(
            hits,
            [
                ("identityPolicies[0]".to_owned(), 0, "Deny".to_owned()),
                ("identityPolicies[0]".to_owned(), 1, "Allow".to_owned())
            ],
            "{trace}"
        );
    }

    /// And the statements of the policies after the one that denies.
    #[test]
    fn a_trace_lists_the_statements_of_policies_after_a_deny() {
        let (trace, hits) = hits(json!([
            {"Version": "2012-10-17", "Statement": [statement("Deny")]},
            {"Version": "2012-10-17", "Statement": [statement("Allow")]}
        ]));
        assert_eq!(trace["decision"], "ExplicitDeny");
        assert_eq!(
            hits,
            [
                ("identityPolicies[0]".to_owned(), 0, "Deny".to_owned()),
                ("identityPolicies[1]".to_owned(), 0, "Allow".to_owned())
            ],
            "{trace}"
        );
    }
}
