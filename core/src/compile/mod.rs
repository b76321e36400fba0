//! Compilation: a validated [`Policy`] becomes a [`CompiledPolicy`] that evaluation reads without
//! parsing or allocating. Compile once, evaluate many times.

mod action;
pub mod cache;
mod condition;
mod principal;
mod resource;

pub use action::ActionMatcher;
pub use condition::{CompiledCondition, CompiledValues};
pub use principal::{MatchKind, NamedPrincipal, PrincipalMatcher};
pub use resource::ResourceMatcher;

use crate::json::Span;
use crate::policy::{Effect, Policy, PolicyKind};
use serde::Serialize;

/// Names a policy in traces: its kind and a label such as `identityPolicies[0]` or a model path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicySource {
    /// The policy's kind.
    pub kind: PolicyKind,
    /// How the input names the policy (`identityPolicies[0]`, `scps[1][0]`, a managed policy ARN …).
    pub label: String,
    /// JSON pointer of the document in its input.
    pub path: String,
}

/// One compiled statement.
#[derive(Debug, Clone)]
pub struct CompiledStatement {
    /// Allow or Deny.
    pub effect: Effect,
    /// Its index in the policy's `Statement` (0-based; a lone object is 0).
    pub index: usize,
    /// Its `Sid`, when it has one.
    pub sid: Option<Box<str>>,
    /// Where it is in the input text.
    pub span: Span,
    /// JSON pointer of the statement in its input.
    pub path: String,
    /// Its `Action`/`NotAction` element, compiled.
    pub actions: ActionMatcher,
    /// `None` when the statement has no resource element (trust policies).
    pub resources: Option<ResourceMatcher>,
    /// `None` when the statement has no principal element (identity-side policies).
    pub principals: Option<PrincipalMatcher>,
    /// Its conditions, each compiled (all must hold).
    pub conditions: Box<[CompiledCondition]>,
}

/// A compiled policy.
#[derive(Debug, Clone)]
pub struct CompiledPolicy {
    /// Where the policy comes from.
    pub source: PolicySource,
    /// Its statements, in order.
    pub statements: Box<[CompiledStatement]>,
}

/// Compiles a policy. The policy should have passed validation; elements that could not be read
/// compile to matchers that match nothing (never to something broader).
pub fn compile_policy(policy: &Policy, source: PolicySource) -> CompiledPolicy {
    let variables = policy.version.supports_variables();
    let statements = policy
        .statements
        .iter()
        .map(|st| CompiledStatement {
            effect: st.effect.value,
            index: st.index,
            sid: st.sid.as_ref().map(|s| s.value.clone().into_boxed_str()),
            span: st.span,
            path: st.path.clone(),
            actions: st
                .action
                .as_ref()
                .map_or_else(ActionMatcher::nothing, ActionMatcher::compile),
            resources: st
                .resource
                .as_ref()
                .map(|r| ResourceMatcher::compile(r, variables)),
            principals: st.principal.as_ref().map(PrincipalMatcher::compile),
            conditions: st
                .conditions
                .iter()
                .map(|c| CompiledCondition::compile(c, variables))
                .collect(),
        })
        .collect();
    CompiledPolicy { source, statements }
}
