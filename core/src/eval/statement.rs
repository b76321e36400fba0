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

pub fn evaluate_policy<T: Tracer>(
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

pub fn evaluate_all<'a, T: Tracer>(
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
