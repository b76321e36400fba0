//! Access paths across accounts: who can assume which role (and through which chain of roles),
//! and who can, in the end, perform an action on a resource.
//!
//! The [`World`] holds the identities that can start a chain (IAM users and roles) and the roles
//! that can be assumed; it indexes trust policies by the principals they name, so that only the
//! callers a trust policy could match are ever evaluated. Every hop is decided by
//! `assume_role` with the full evaluation flow.

mod conditional;
mod federated;
mod outside;
pub(crate) mod probe;
mod search;
mod world;

pub use conditional::Unknown;
pub(crate) use federated::sign_in;
pub(crate) use search::{
    default_region, paths_from_sign_in, paths_with, request_for, who_can_observed, who_can_with,
};
pub use search::{
    paths, who_can, AccessPath, Assumptions, BlockedHop, Flip, Hop, PathReport, Requirement,
    SignIn, Target, WhoCanEntry, ASSUME,
};
pub use world::{Identity, IdentityKind, World};

#[cfg(test)]
mod tests;
