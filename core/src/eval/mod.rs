//! The authorization decision: AWS's evaluation flow over all policy types, with an optional
//! explanation trace. Deciding without a trace allocates nothing.

mod condition;
mod flow;
mod near_miss;
mod policies;
mod statement;
mod trace;

pub(crate) use condition::evaluate_condition;
pub use condition::ConditionResult;
pub(crate) use flow::rcp_applies_to_service;
pub(crate) use flow::{always_allowed, conclude, scope, Evals, Scope};
pub use flow::{decide, decide_explained};
pub use near_miss::{FailedCondition, NearMiss};
pub use policies::{CallerPolicies, ResourcePolicies};
pub(crate) use statement::{principal_kind, KindSet, PolicyEval};
pub use trace::{Decision, PolicyType, PolicyTypeVerdict, StatementHit, Trace, Verdict};
