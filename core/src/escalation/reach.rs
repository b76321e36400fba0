//! Who can become admin-equivalent by privilege escalation (`validate --model`,
//! `privilege-escalation-path`): the principals with a chain of role assumptions and escalation
//! edges, at least one of them an edge, to a principal that holds `*` on `*` or grants it to
//! itself — and that do not reach one by role assumption alone (that access is granted on
//! purpose by trust policies, not escalated).
//!
//! The search goes backwards from the admin-equivalent principals, as `who-can` does: one state
//! per principal and "has the chain an escalation edge yet", each set once, shortest first. Only
//! principals with an escalation edge are decided as techniques, and a model where none has one
//! is answered after one pass over its identities (validate stays linear in large models).

use super::edges::{unrestricted, AllowedBy, Edge, Graph};
use super::node::Node;
use crate::access::IdentityKind;
use crate::compile::NamedPrincipal;
use crate::context::FnvMap;
use crate::policy::Effect;
use crate::request::Action;
use std::collections::HashMap;

/// One hop of an escalation chain, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHop {
    /// The principal that acts (a user ARN, or a role ARN for its session).
    pub from: String,
    /// Where the hop lands.
    pub to: String,
    /// `assume`, or the technique's id.
    pub kind: &'static str,
    /// For a technique: the ARN it acts on.
    pub via: Option<String>,
}

/// A principal that can become admin-equivalent by escalation.
#[derive(Debug, Clone)]
pub struct AdminPath {
    /// The principal (index into `World::identities`).
    pub principal: usize,
    /// The chain, first hop first.
    pub hops: Vec<ChainHop>,
    /// The first escalation edge of the chain: cutting it cuts this chain.
    pub edge: Edge,
    /// Who performs that edge.
    pub actor: String,
    /// The statement to narrow: the first statement that allowed the edge's first action.
    pub fix: Option<AllowedBy>,
}

/// How a state reaches an admin-equivalent principal.
#[derive(Clone)]
enum Via {
    /// It is one.
    Admin,
    /// It assumes the role of the next state.
    Assume,
    /// It takes an escalation edge (`(state, index)` into the edges of its node).
    Technique(usize),
}

#[derive(Clone)]
struct Found {
    dist: usize,
    via: Via,
    /// The next state, `(key, has_edge)`.
    next: (usize, bool),
}

/// The search's nodes: the world's identities (keys `0..n`, as themselves), then the changed
/// principals and users reached with fresh credentials that escalation edges land on.
struct Nodes {
    keys: Vec<(Node, bool)>,
    index: FnvMap<(Node, bool), usize>,
}

impl Nodes {
    /// The key of the node an edge from a principal signing in as `first` lands on.
    fn key(&mut self, graph: &Graph, edge: &Edge, from: Node, first: bool) -> usize {
        let next_first = first && edge.same_principal(from);
        let world = &graph.model.world;
        // A role's session is the same whoever got it; a user reached with new credentials has
        // no MFA, which matters only for a user with a device.
        let plain = edge.to.upgrade.is_none()
            && match world.identities.get(edge.to.identity).map(|i| &i.kind) {
                Some(IdentityKind::User { mfa_enrolled }) => {
                    next_first || !mfa_enrolled || !graph.mfa
                }
                _ => true,
            };
        if plain {
            return edge.to.identity;
        }
        let k = (edge.to, next_first);
        if let Some(i) = self.index.get(&k) {
            return *i;
        }
        let i = self.keys.len();
        self.keys.push(k);
        self.index.insert(k, i);
        i
    }
}

/// Whether `identity`'s policies have an Allow statement naming `sts:AssumeRole`: without one,
/// only a trust policy naming it by ARN lets it in (in its own account).
fn may_assume(identity: &crate::access::Identity, action: &Action) -> bool {
    identity.policies.identity.iter().any(|p| {
        p.statements
            .iter()
            .any(|st| st.effect == Effect::Allow && st.actions.matches(action))
    })
}

fn named_in_trust(role: &crate::assume::RoleDef, identity: &crate::access::Identity) -> bool {
    role.trust
        .iter()
        .flat_map(|t| t.statements.iter())
        .filter(|st| st.effect == Effect::Allow)
        .filter_map(|st| st.principals.as_ref())
        .flat_map(|p| p.named())
        .any(|n| match n {
            NamedPrincipal::Arn(a) => a == identity.arn,
            NamedPrincipal::Role { .. } => true,
            _ => false,
        })
}

/// Every principal of the graph's model that becomes admin-equivalent by a chain of at most
/// `max_depth` hops with at least one escalation edge, and cannot by role assumption alone.
pub(crate) fn admin_paths(graph: &Graph, max_depth: usize) -> Vec<AdminPath> {
    let world = &graph.model.world;
    let n = world.identities.len();
    let escalating: Vec<usize> = (0..n)
        .filter(|i| !graph.edges(Node::of(*i), true).is_empty())
        .collect();
    if escalating.is_empty() {
        return Vec::new();
    }
    let mut nodes = Nodes {
        keys: (0..n).map(|i| (Node::of(i), true)).collect(),
        index: FnvMap::default(),
    };
    // Explicit edges: every escalation edge, and the assumptions of the changed principals
    // (a world identity's assumptions are found backwards, from the role).
    let mut rev_edges: Vec<Vec<(usize, Via)>> = Vec::new();
    let mut todo: Vec<usize> = escalating.clone();
    let mut expanded: std::collections::HashSet<usize> = std::collections::HashSet::new();
    while let Some(k) = todo.pop() {
        if !expanded.insert(k) {
            continue;
        }
        let Some(&(node, first)) = nodes.keys.get(k) else {
            continue;
        };
        let edges = graph.edges(node, first);
        for (e, edge) in edges.iter().enumerate() {
            let to = nodes.key(graph, edge, node, first);
            if rev_edges.len() <= to.max(k) {
                rev_edges.resize_with(to.max(k) + 1, Vec::new);
            }
            if let Some(list) = rev_edges.get_mut(to) {
                list.push((k, Via::Technique(e)));
            }
            if to >= n && !expanded.contains(&to) {
                todo.push(to);
            }
        }
        if k >= n {
            let Some(me) = graph.identity(node) else {
                continue;
            };
            let context = crate::query::caller_context(&me, &graph.given, graph.mfa, first);
            for r in world.candidate_roles(&me) {
                let (Some(role), Some(ri)) = (world.roles.get(r), world.role_identity(r)) else {
                    continue;
                };
                if graph.can_assume(&me, &context, role, None) {
                    if rev_edges.len() <= ri {
                        rev_edges.resize_with(ri + 1, Vec::new);
                    }
                    if let Some(list) = rev_edges.get_mut(ri) {
                        list.push((k, Via::Assume));
                    }
                }
            }
        }
    }
    let total = nodes.keys.len();
    rev_edges.resize_with(total, Vec::new);
    let mut found: Vec<[Option<Found>; 2]> = vec![[None, None]; total];
    let set = |found: &mut Vec<[Option<Found>; 2]>, k: usize, f: bool, value: Found| -> bool {
        match found.get_mut(k).and_then(|s| s.get_mut(usize::from(f))) {
            Some(slot @ None) => {
                *slot = Some(value);
                true
            }
            _ => false,
        }
    };
    let mut frontier: Vec<(usize, bool)> = Vec::new();
    for (k, &(node, _)) in nodes.keys.iter().enumerate() {
        let admin = node.upgrade.admin
            || graph
                .identity(node)
                .is_some_and(|i| unrestricted(&i.policies));
        if admin {
            set(
                &mut found,
                k,
                false,
                Found {
                    dist: 0,
                    via: Via::Admin,
                    next: (k, false),
                },
            );
            frontier.push((k, false));
        }
    }
    let assume = Action::parse("sts:AssumeRole");
    let assumers: Vec<bool> = world
        .identities
        .iter()
        .map(|i| assume.as_ref().is_some_and(|a| may_assume(i, a)))
        .collect();
    let mut decided: HashMap<(usize, usize), bool> = HashMap::new();
    for dist in 1..=max_depth {
        let mut next = Vec::new();
        for &(k, f) in &frontier {
            for (pred, via) in rev_edges.get(k).map_or(&[][..], Vec::as_slice) {
                let flag = f || matches!(via, Via::Technique(_));
                let value = Found {
                    dist,
                    via: via.clone(),
                    next: (k, f),
                };
                if set(&mut found, *pred, flag, value) {
                    next.push((*pred, flag));
                }
            }
            // Backwards through role assumption: the world's identities that may assume it.
            let Some(IdentityKind::Role { role: r }) = (k < n)
                .then(|| world.identities.get(k).map(|i| &i.kind))
                .flatten()
            else {
                continue;
            };
            let Some(role) = world.roles.get(*r) else {
                continue;
            };
            for c in world.candidate_callers(*r) {
                if found
                    .get(c)
                    .and_then(|s| s.get(usize::from(f)))
                    .is_none_or(Option::is_some)
                {
                    continue;
                }
                let Some(caller) = world.identities.get(c) else {
                    continue;
                };
                if caller.principal.kind == crate::request::PrincipalKind::Root
                    || !(assumers.get(c).copied().unwrap_or(false) || named_in_trust(role, caller))
                {
                    continue;
                }
                let allowed = *decided.entry((c, *r)).or_insert_with(|| {
                    let first = matches!(caller.kind, IdentityKind::User { .. });
                    let context =
                        crate::query::caller_context(caller, &graph.given, graph.mfa, first);
                    graph.can_assume(caller, &context, role, None)
                });
                if allowed {
                    let value = Found {
                        dist,
                        via: Via::Assume,
                        next: (k, f),
                    };
                    if set(&mut found, c, f, value) {
                        next.push((c, f));
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    let mut out = Vec::new();
    for i in 0..n {
        let Some([pure, Some(with_edge)]) = found.get(i) else {
            continue;
        };
        if pure.is_some() {
            continue;
        }
        if let Some(path) = chain(graph, &nodes, &found, i, with_edge) {
            out.push(path);
        }
    }
    out
}

/// The chain from principal `i` by its found state.
fn chain(
    graph: &Graph,
    nodes: &Nodes,
    found: &[[Option<Found>; 2]],
    i: usize,
    start: &Found,
) -> Option<AdminPath> {
    let arn = |k: usize| -> String {
        nodes
            .keys
            .get(k)
            .and_then(|(node, _)| graph.model.world.identities.get(node.identity))
            .map_or_else(String::new, |id| id.arn.clone())
    };
    let mut hops = Vec::new();
    let mut first_edge: Option<(Edge, String)> = None;
    let mut at = i;
    let mut state = start.clone();
    // Each step lowers the distance: the walk ends.
    for _ in 0..=start.dist {
        let (next, flag) = state.next;
        match state.via {
            Via::Admin => break,
            Via::Assume => hops.push(ChainHop {
                from: arn(at),
                to: arn(next),
                kind: crate::access::ASSUME,
                via: None,
            }),
            Via::Technique(e) => {
                let &(node, first) = nodes.keys.get(at)?;
                let edge = graph.edges(node, first).get(e)?.clone();
                hops.push(ChainHop {
                    from: arn(at),
                    to: arn(next),
                    kind: edge.technique.id,
                    via: Some(edge.via.clone()),
                });
                if first_edge.is_none() {
                    first_edge = Some((edge, arn(at)));
                }
            }
        }
        at = next;
        state = found.get(next)?.get(usize::from(flag))?.clone()?;
    }
    let (edge, actor) = first_edge?;
    let fix = edge
        .actions
        .first()
        .and_then(|a| a.allowed_by.first())
        .cloned();
    Some(AdminPath {
        principal: i,
        hops,
        edge,
        actor,
        fix,
    })
}
