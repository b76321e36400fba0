//! The explanation of a decision, as data.

use super::near_miss::{FailedCondition, NearMiss};
use super::statement::Tracer;
use crate::compile::{CompiledCondition, CompiledPolicy, CompiledStatement, MatchKind};
use crate::context::Context;
use crate::policy::{Effect, PolicyKind};
use serde::Serialize;

/// AWS's three outcomes, with these exact names in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    /// The request is allowed.
    Allowed,
    /// A Deny statement applies.
    ExplicitDeny,
    /// Nothing allows the request (and nothing denies it explicitly).
    ImplicitDeny,
}

impl Decision {
    /// The name as AWS and every answer writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }

    /// Reads `Allowed`, `ExplicitDeny` or `ImplicitDeny`.
    pub fn parse(text: &str) -> Option<Decision> {
        match text {
            "Allowed" => Some(Decision::Allowed),
            "ExplicitDeny" => Some(Decision::ExplicitDeny),
            "ImplicitDeny" => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }
}

/// The policy types of the evaluation flow, in the order traces list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    /// Service control policies.
    Scp,
    /// Resource control policies.
    Rcp,
    /// The resource-based policy (a role's trust policy for `sts:AssumeRole*`).
    Resource,
    /// Identity-based policies.
    Identity,
    /// The permissions boundary.
    Boundary,
    /// The session policy.
    Session,
}

impl PolicyType {
    /// The policy type a policy of this kind takes part in the flow as.
    pub fn of(kind: PolicyKind) -> PolicyType {
        match kind {
            PolicyKind::Scp => PolicyType::Scp,
            PolicyKind::Rcp => PolicyType::Rcp,
            PolicyKind::Resource | PolicyKind::Trust => PolicyType::Resource,
            PolicyKind::Identity => PolicyType::Identity,
            PolicyKind::Boundary => PolicyType::Boundary,
            PolicyKind::Session => PolicyType::Session,
        }
    }

    /// In words, for reasons ("an identity-based policy").
    pub fn describe(self) -> &'static str {
        match self {
            PolicyType::Scp => "a service control policy",
            PolicyType::Rcp => "a resource control policy",
            PolicyType::Resource => "the resource-based policy",
            PolicyType::Identity => "an identity-based policy",
            PolicyType::Boundary => "the permissions boundary",
            PolicyType::Session => "the session policy",
        }
    }
}

/// What one policy type said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// A statement allows the request (and none denies it).
    Allow,
    /// A statement denies the request.
    Deny,
    /// The policies of the type apply to the request, and none of their statements does.
    NoMatch,
    /// The type does not take part (no boundary, no SCPs for this caller …).
    NotApplicable,
}

/// One policy type's verdict in a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTypeVerdict {
    /// The policy type.
    pub policy_type: PolicyType,
    /// What it said.
    pub verdict: Verdict,
    /// Why, when the verdict needs a word (which SCP level has no Allow …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A statement that applied to the request (matched action, resource, principal and conditions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementHit {
    /// The type of the policy.
    pub policy_type: PolicyType,
    /// The policy's label (`identityPolicies[0]`, `scps[1][0]`, a managed policy ARN …).
    pub policy: String,
    /// JSON pointer of the statement in its input.
    pub path: String,
    /// The statement's index in its policy.
    pub statement: usize,
    /// The statement's `Sid`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Allow or Deny.
    pub effect: Effect,
    /// How a resource policy's principal element matched the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_match: Option<MatchKind>,
    /// Byte offsets of the statement in its input text.
    pub start: u32,
    /// Byte offset past the statement's end.
    pub end: u32,
}

/// The full explanation of one decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    /// The decision.
    pub decision: Decision,
    /// The reason in one sentence.
    pub reason: String,
    /// Whether caller and resource are in the same account (`null` for callers without an account).
    pub same_account: Option<bool>,
    /// Each policy type's verdict, in evaluation order.
    pub policy_types: Vec<PolicyTypeVerdict>,
    /// Every statement that applied, Allow and Deny.
    pub statements: Vec<StatementHit>,
    /// Condition keys a condition looked for and did not find (AWS's MissingContextValues).
    pub missing_context_values: Vec<String>,
    /// When the request is denied: the Allow statements that applied but for their conditions,
    /// with what each failed condition expected and what the request had.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMiss>,
}

/// The recording tracer.
#[derive(Default)]
pub struct Recorder {
    pub hits: Vec<StatementHit>,
    pub missing: Vec<String>,
    pub near_misses: Vec<NearMiss>,
}

impl Tracer for Recorder {
    const ENABLED: bool = true;

    fn hit(
        &mut self,
        policy: &CompiledPolicy,
        st: &CompiledStatement,
        principal: Option<MatchKind>,
    ) {
        self.hits.push(StatementHit {
            policy_type: PolicyType::of(policy.source.kind),
            policy: policy.source.label.clone(),
            path: st.path.clone(),
            statement: st.index,
            sid: st.sid.as_deref().map(str::to_owned),
            effect: st.effect,
            principal_match: principal,
            start: st.span.start,
            end: st.span.end,
        });
    }

    fn missing_key(&mut self, key: &str) {
        if !self.missing.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            self.missing.push(key.to_owned());
        }
    }

    fn condition_failed(
        &mut self,
        policy: &CompiledPolicy,
        st: &CompiledStatement,
        condition: &CompiledCondition,
        ctx: &Context,
    ) {
        // A Deny that did not apply explains nothing about a denial.
        if st.effect != Effect::Allow {
            return;
        }
        let failed = FailedCondition::new(condition, ctx);
        match self.near_misses.last_mut() {
            Some(last) if last.path == st.path && last.policy == policy.source.label => {
                last.failed.push(failed);
            }
            _ => {
                let mut miss = NearMiss::new(policy, st);
                miss.failed.push(failed);
                self.near_misses.push(miss);
            }
        }
    }
}
