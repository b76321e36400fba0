//! Privilege escalation beyond role assumption (issue #15): a catalog of techniques as data,
//! and the edges a principal of a model has by them, every required action decided by the full
//! evaluation flow. `paths` and `who-can` mix these edges with assumption hops
//! (docs/escalation.md).

mod catalog;
mod edges;
mod inventory;
mod node;
mod reach;
mod types;

pub use catalog::technique;
pub(crate) use catalog::TECHNIQUES;

pub use edges::{ActionGrant, AllowedBy, ConditionNeed, Edge, Graph};
pub use inventory::{Compute, Group, Inventory, PolicyVersion};
pub use node::{Node, Upgrade};
pub(crate) use reach::admin_paths;
pub use reach::{AdminPath, ChainHop};
pub use types::{Applies, ComputeKind, Family, Gain, Precondition, Step, Technique};

#[cfg(test)]
mod reach_tests;
#[cfg(test)]
mod tests;
