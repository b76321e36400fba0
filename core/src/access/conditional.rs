//! Conditional who-can (docs/conditional.md): with context keys left unknown, who-can also lists
//! the identities whose own request on the target is allowed only under a condition on those
//! keys, and gives each listed identity the condition of the last request of its chain.

use super::search::{own_request, Assumptions, Target};
use super::world::Identity;
use crate::partial::{ConditionView, Outcome, TooLarge, UnknownKeys};

/// The context keys a question leaves unknown, as it names them and as the engine reads them.
#[derive(Debug, Clone, Default)]
pub struct Unknown {
    names: Vec<String>,
    keys: UnknownKeys,
}

impl Unknown {
    /// From the names a question gives (`*`: every key the request does not fix).
    pub fn from_names(names: Vec<String>) -> Unknown {
        let keys = UnknownKeys::from_names(&names);
        Unknown { names, keys }
    }

    /// Whether no key is unknown (a concrete question).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The condition under which `identity`'s own request on the target is allowed, the unknown keys
/// left open (named keys are dropped from what the question gives and iamsim assumes, as `check`
/// does): `None` when it is allowed whatever they hold, or when no key is unknown; otherwise a
/// view whose outcome is `Conditional` (or `Denied`).
pub(super) fn own_condition(
    identity: &Identity,
    target: &Target,
    assumptions: &Assumptions,
    unknown: &Unknown,
    first: bool,
) -> Result<Option<ConditionView>, TooLarge> {
    if unknown.is_empty() {
        return Ok(None);
    }
    let mut req = own_request(identity, target, assumptions, first);
    for key in &unknown.keys.keys {
        req.context.remove(key);
    }
    let view = crate::query::condition_of(
        identity,
        first,
        &req,
        &target.resource_policies,
        &unknown.keys,
        unknown.names.clone(),
    )?;
    Ok((view.outcome != Outcome::Allowed).then_some(view))
}
