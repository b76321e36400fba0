//! Role assumption: `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity` and `sts:AssumeRoleWithSAML`
//! decided with the full evaluation flow (the trust policy is the role's resource-based policy),
//! plus the rules STS adds: `sts:TagSession` and `sts:SetSourceIdentity` when tags or a source
//! identity are passed, `DurationSeconds` against the role's `MaxSessionDuration` and the one-hour
//! cap on role chaining, and what the resulting session is: its ARN, policies, tags and expiry.

mod session;
mod sts;

pub use session::{Session, SessionTag};
pub(crate) use sts::assume_role;
pub use sts::{
    AssumeError, AssumeMethod, AssumeOutcome, AssumeParams, Caller, CheckedAction, RoleDef,
};
