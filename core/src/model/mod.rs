//! The account model: one JSON document describing a whole AWS world — the organization (root,
//! nested OUs, accounts, SCPs and RCPs at each level), and per account the IAM users, groups,
//! roles, customer managed policies, identity providers and resources with resource-based
//! policies (docs/model.md, docs/schema/model.schema.json).
//!
//! Loading validates every policy with its location in the model file, reports every dangling
//! reference, and compiles everything once into a [`World`](crate::access::World) for access-path search plus the
//! resources for targets.

mod build;
mod compute;
mod lookup;
mod managed;
pub(crate) mod read;

pub use build::{load_model, load_model_with, AccountSummary, Model, ModelResource};
pub use lookup::LookupError;
pub(crate) use managed::shipped_managed_policies;
pub use managed::{
    embedded_managed_policies, embedded_managed_policies_source, install_managed_policies,
    managed_policy, EmbeddedPolicy, InstalledPolicies, ManagedPolicy,
};

/// The embedded example organization of the seed use cases: the default model of every command.
pub const EXAMPLE_ORG: &str = include_str!("../../data/example-org.json");

#[cfg(test)]
mod compute_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod versions_tests;
