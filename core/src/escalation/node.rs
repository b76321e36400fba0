//! A state of the escalation search: an identity of the world, perhaps with permissions it gave
//! itself.

/// What a principal changed about its own permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Upgrade {
    /// It granted itself `*` on `*` (an admin-equivalent principal).
    pub admin: bool,
    /// It joined this group (an index into [`super::Inventory::groups`]).
    pub group: Option<usize>,
    /// It removed its permissions boundary.
    pub no_boundary: bool,
    /// It made this non-default version of an attached policy the default (an index into
    /// [`super::Inventory::versions`]).
    pub version: Option<usize>,
}

impl Upgrade {
    /// Whether nothing was changed.
    pub fn is_none(&self) -> bool {
        *self == Upgrade::default()
    }
}

/// An identity (index into `World::identities`) with what it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Node {
    /// The identity (index into `World::identities`).
    pub identity: usize,
    /// What it changed about itself on the way.
    pub upgrade: Upgrade,
}

impl Node {
    /// The identity as it is, unchanged.
    pub fn of(identity: usize) -> Node {
        Node {
            identity,
            upgrade: Upgrade::default(),
        }
    }
}
