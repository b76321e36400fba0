//! The compiled policies that apply to one request, split by side: the caller's (identity,
//! boundary, session, SCPs of its account) and the resource's (resource policy, RCPs of its
//! account). Each side can be built once and reused for many requests.

use crate::compile::CompiledPolicy;
use std::sync::Arc;

/// The caller's side of the evaluation: every policy that limits what the caller may do.
#[derive(Debug, Clone, Default)]
pub struct CallerPolicies {
    /// Identity-based policies: user inline + managed + groups', or the role's.
    pub identity: Vec<Arc<CompiledPolicy>>,
    /// The permissions boundary, if any.
    pub boundary: Option<Arc<CompiledPolicy>>,
    /// The session policy passed when the session was created, if any.
    pub session: Option<Arc<CompiledPolicy>>,
    /// SCP levels from the org root down to the caller's account; empty = no organization.
    /// No FullAWSAccess is implied: a level lists what is attached.
    pub scps: Vec<Vec<Arc<CompiledPolicy>>>,
}

/// The resource's side of the evaluation.
#[derive(Debug, Clone, Default)]
pub struct ResourcePolicies {
    /// The resource-based policy (a role's trust policy for `sts:AssumeRole*`).
    pub resource: Option<Arc<CompiledPolicy>>,
    /// RCP levels for the resource's account; AWS's RCPFullAWSAccess is implied at every level.
    pub rcps: Vec<Vec<Arc<CompiledPolicy>>>,
}
