//! Forward search (`paths`: from one identity, every role reachable by chains of assumption) and
//! reverse search (`who_can`: every identity that can, directly or through a chain, perform an
//! action on a resource). Both report the context they assumed and which hops would flip if the
//! context changed.

use super::conditional::{own_condition, Unknown};
use super::world::{Identity, IdentityKind, World};
use crate::assume::{assume_role, AssumeMethod, AssumeOutcome, AssumeParams, Caller, Session};
use crate::context::Context;
use crate::escalation::{Graph, Node};
use crate::eval::{decide_explained, Decision, ResourcePolicies};
use crate::partial::{ConditionView, Outcome, TooLarge};
use crate::query::facts::{apply_facts, Fact};
use crate::request::{Action, PrincipalKind, Request, Resource};
use serde::Serialize;
use std::collections::VecDeque;

/// What the search assumes about every request.
#[derive(Debug, Clone)]
pub struct Assumptions {
    /// Whether human users sign in with MFA (it counts only for users with MFA enrolled; role
    /// sessions never carry it onward, as AWS documents for role chaining).
    pub mfa: bool,
    /// Request facts given to every request (source IP, time, region, org id …).
    pub context: Context,
    /// The longest chain of role hops explored.
    pub max_depth: usize,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            mfa: false,
            context: Context::new(),
            max_depth: 5,
        }
    }
}

/// The final request of a chain.
#[derive(Debug, Clone)]
pub struct Target {
    /// The action of the final request.
    pub action: Action,
    /// The resource of the final request.
    pub resource: Resource,
    /// The account that owns the resource, when known.
    pub resource_account: Option<String>,
    /// The resource's own policies (bucket, key, queue, trust …) from the model.
    pub resource_policies: ResourcePolicies,
    /// The region the request is sent to, and why (`None`: whatever the context says).
    pub region: Option<Fact>,
    /// Keys AWS adds for the resource (`aws:ResourceTag/*`, `aws:ResourceAccount`,
    /// `aws:ResourceOrgID`, `aws:ResourceOrgPaths`), set where the question does not give them.
    pub resource_facts: Vec<Fact>,
    /// `resource_facts` read as context keys, once ([`Target::new`]): every request the
    /// searches build for the target takes them.
    facts: Context,
}

impl Target {
    /// The final request of a chain; its resource facts are read here, once (so they are not
    /// changed afterwards).
    pub fn new(
        action: Action,
        resource: Resource,
        resource_account: Option<String>,
        resource_policies: ResourcePolicies,
        region: Option<Fact>,
        resource_facts: Vec<Fact>,
    ) -> Target {
        let mut facts = Context::with_capacity(resource_facts.len());
        apply_facts(&mut facts, &resource_facts);
        Target {
            action,
            resource,
            resource_account,
            resource_policies,
            region,
            resource_facts,
            facts,
        }
    }
}

/// A change of context that would flip a hop's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flip {
    /// The context key that flips the hop.
    pub key: String,
    /// The value that flips the hop; `None` = the key absent.
    pub value: Option<String>,
    /// The hop's decision under that change.
    pub decision: Decision,
}

/// One hop of a chain: an assumption of a role, or an escalation technique.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    /// The caller: a user ARN or the role ARN of the calling session.
    pub from: String,
    /// Where the hop lands: the role assumed, or the principal a technique makes the caller act
    /// as (itself, changed, for self-escalation; another user; a session of a role).
    pub role: String,
    /// `assume`, or the id of the escalation technique (docs/escalation.md).
    pub kind: &'static str,
    /// The hop's decision.
    pub decision: Decision,
    /// Why, in one sentence.
    pub reason: String,
    /// Context changes that would flip this hop (e.g. it needs MFA).
    pub flips: Vec<Flip>,
    /// What the caller must pass for the hop to be allowed: the `sts:ExternalId` its trust policy
    /// expects. An ExternalId is no secret from the party that was given it, so a hop that it
    /// opens is an allowed hop, with the condition stated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
    /// For a technique: the ARN it acts on (the policy, group, user or the passed role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// For a technique: what the caller gains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gains: Option<crate::escalation::Gain>,
    /// For a technique: each action it needs, with the statements that allowed it and the
    /// conditions those statements test.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<crate::escalation::ActionGrant>,
}

/// The kind of an assumption hop.
pub const ASSUME: &str = "assume";

impl Hop {
    /// The hop of an escalation edge taken from the principal `from`.
    pub fn escalation(from: &str, to: &str, edge: &crate::escalation::Edge) -> Hop {
        Hop {
            from: from.to_owned(),
            role: to.to_owned(),
            kind: edge.technique.id,
            decision: Decision::Allowed,
            reason: format!(
                "{}: every action it needs is allowed",
                edge.technique.summary
            ),
            flips: Vec::new(),
            requires: Vec::new(),
            via: Some(edge.via.clone()),
            gains: Some(edge.technique.gains),
            actions: edge.actions.clone(),
        }
    }
}

/// A value the caller passes with a call (today: `sts:ExternalId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// The context key (`sts:ExternalId`).
    pub key: String,
    /// The value the caller must pass.
    pub value: String,
}

const EXTERNAL_ID: &str = "sts:ExternalId";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetOutcome {
    pub decision: Decision,
    pub reason: String,
}

/// A chain of allowed hops from the start identity.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessPath {
    /// The starting identity's ARN.
    pub start: String,
    /// The hops, in order.
    pub hops: Vec<Hop>,
    /// With a target: how the last principal's request on it is decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetOutcome>,
}

/// A denied hop that a change of context would allow.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockedHop {
    /// The roles assumed before this hop.
    pub after: Vec<String>,
    /// The denied hop.
    pub hop: Hop,
    /// For a first hop (the start's own call): exactly when it would be allowed, every key the
    /// request does not fix left unknown (docs/conditional.md); set by the query layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<crate::partial::ConditionView>,
}

/// The result of [`paths`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathReport {
    /// The starting identity's ARN.
    pub start: String,
    /// Whether the start was taken to sign in with MFA.
    pub assumed_mfa: bool,
    /// Chains of allowed hops, shortest first.
    pub paths: Vec<AccessPath>,
    /// Denied hops that a change of context would allow.
    pub blocked: Vec<BlockedHop>,
}

/// One answer of [`who_can`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCanEntry {
    /// The identity's ARN (a user, a role, or a federated provider).
    pub principal: String,
    /// The principal's account (for a federated source, its identity provider's account;
    /// empty for a well-known provider such as `accounts.google.com`).
    pub account: String,
    /// `user`, `role`, `web-identity` or `saml`.
    pub kind: &'static str,
    /// The roles to assume, in order (empty: directly).
    pub chain: Vec<Hop>,
    /// Why the final request is allowed.
    pub reason: String,
    /// What the final request must pass: for `sts:AssumeRole*` on a role whose trust policy
    /// expects an ExternalId, that ExternalId (its holder can pass it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
    /// With context keys left unknown: the condition on them under which the last request of
    /// the chain is allowed (absent: whatever they hold). The hops are decided with the unknown
    /// keys absent (docs/conditional.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionView>,
}

const SESSION_NAME: &str = "iamsim";

/// The context of a request made by `identity` (as the first caller of a chain when `first`):
/// the one rule of [`crate::query::caller_context`].
fn caller_context(identity: &Identity, assumptions: &Assumptions, first: bool) -> Context {
    crate::query::caller_context(identity, &assumptions.context, assumptions.mfa, first)
}

fn try_assume(
    world: &World,
    identity: &Identity,
    session: Option<&Session>,
    role: usize,
    context: Context,
) -> Option<AssumeOutcome> {
    let role_def = world.roles.get(role)?;
    let principal = session.map_or_else(|| identity.principal.clone(), |s| s.principal.clone());
    let caller = Caller {
        principal,
        policies: session.map_or_else(|| identity.policies.clone(), |s| s.policies.clone()),
        context,
        session: session.cloned(),
    };
    let params = AssumeParams {
        session_name: SESSION_NAME.into(),
        ..AssumeParams::default()
    };
    Some(assume_role(
        &caller,
        role_def,
        &AssumeMethod::AssumeRole,
        &params,
    ))
}

fn reason_of(outcome: &AssumeOutcome) -> String {
    if let Some(e) = &outcome.error {
        return e.message();
    }
    outcome
        .checks
        .iter()
        .find(|c| c.trace.decision != Decision::Allowed)
        .or(outcome.checks.first())
        .map_or_else(String::new, |c| c.trace.reason.clone())
}

/// Decides a hop and works out which context changes would flip it.
fn evaluate_hop(
    world: &World,
    identity: &Identity,
    session: Option<&Session>,
    role: usize,
    assumptions: &Assumptions,
    first: bool,
) -> Option<(Hop, AssumeOutcome)> {
    let role_def = world.roles.get(role)?;
    let context = caller_context(identity, assumptions, first);
    let outcome = try_assume(world, identity, session, role, context.clone())?;
    let mut flips = Vec::new();
    // Only a user with an MFA device can add MFA to the first call of a chain.
    let can_mfa = first && matches!(identity.kind, IdentityKind::User { mfa_enrolled: true });
    if outcome.decision == Decision::Allowed {
        // Would it still be allowed without MFA?
        if context.contains("aws:MultiFactorAuthPresent") {
            let mut without = context.clone();
            without.remove("aws:MultiFactorAuthPresent");
            without.remove("aws:MultiFactorAuthAge");
            if let Some(o) = try_assume(world, identity, session, role, without) {
                if o.decision != Decision::Allowed {
                    flips.push(Flip {
                        key: "aws:MultiFactorAuthPresent".into(),
                        value: None,
                        decision: o.decision,
                    });
                }
            }
        }
    } else if outcome.error.is_none() {
        let missing: Vec<String> = outcome
            .checks
            .iter()
            .flat_map(|c| c.trace.missing_context_values.iter().cloned())
            .collect();
        for key in missing {
            let lower = key.to_lowercase();
            if lower.starts_with("aws:multifactorauth") {
                if can_mfa
                    && !flips
                        .iter()
                        .any(|f: &Flip| f.key == "aws:MultiFactorAuthPresent")
                {
                    let mut with = context.clone();
                    with.set("aws:MultiFactorAuthPresent", "true");
                    with.set("aws:MultiFactorAuthAge", "300");
                    if let Some(o) = try_assume(world, identity, session, role, with) {
                        if o.decision == Decision::Allowed {
                            flips.push(Flip {
                                key: "aws:MultiFactorAuthPresent".into(),
                                value: Some("true".into()),
                                decision: o.decision,
                            });
                        }
                    }
                }
                continue;
            }
            // Try the values the trust policy itself expects for this key (e.g. its ExternalId).
            let candidates: Vec<String> = role_def
                .trust
                .iter()
                .flat_map(|t| t.statements.iter())
                .flat_map(|st| st.conditions.iter())
                .filter(|c| *c.key == *lower)
                .flat_map(|c| {
                    c.literal_values()
                        .into_iter()
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect();
            for value in candidates {
                let mut with = context.clone();
                with.set(&key, value.clone());
                if let Some(o) = try_assume(world, identity, session, role, with) {
                    if o.decision == Decision::Allowed {
                        flips.push(Flip {
                            key: key.clone(),
                            value: Some(value),
                            decision: o.decision,
                        });
                        break;
                    }
                }
            }
        }
    }
    // The caller holds the ExternalId it is given: the hop is allowed when it passes it.
    let mut outcome = outcome;
    let mut requires = Vec::new();
    if let Some(i) = flips
        .iter()
        .position(|f| f.key.eq_ignore_ascii_case(EXTERNAL_ID) && f.decision == Decision::Allowed)
    {
        let flip = flips.remove(i);
        let value = flip.value.unwrap_or_default();
        let mut with = context.clone();
        with.set(EXTERNAL_ID, value.clone());
        if let Some(o) = try_assume(world, identity, session, role, with) {
            outcome = o;
            requires.push(Requirement {
                key: EXTERNAL_ID.into(),
                value,
            });
        }
    }
    let hop = Hop {
        from: identity.arn.clone(),
        role: role_def.arn.clone(),
        kind: ASSUME,
        decision: outcome.decision,
        reason: reason_of(&outcome),
        flips,
        requires,
        via: None,
        gains: None,
        actions: Vec::new(),
    };
    Some((hop, outcome))
}

/// The ExternalIds a trust policy's conditions expect (literal values of `sts:ExternalId`).
fn external_ids(trust: &crate::compile::CompiledPolicy) -> Vec<String> {
    super::probe::external_ids_of(trust)
}

/// `sts:AssumeRole*` as the target, denied without an ExternalId: decided again passing each
/// ExternalId the role's trust policy expects; the first that allows, with the value.
fn with_external_id(
    identity: &Identity,
    target: &Target,
    assumptions: &Assumptions,
) -> Option<(TargetOutcome, Requirement)> {
    let trust = target.resource_policies.resource.as_ref()?;
    for value in external_ids(trust) {
        let mut with = assumptions.clone();
        with.context.set(EXTERNAL_ID, value.clone());
        let outcome = decide_target(identity, None, target, &with, true);
        if outcome.decision == Decision::Allowed {
            return Some((
                outcome,
                Requirement {
                    key: EXTERNAL_ID.into(),
                    value,
                },
            ));
        }
    }
    None
}

/// Decides the target request for an identity (or the session it holds).
fn decide_target(
    identity: &Identity,
    session: Option<&Session>,
    target: &Target,
    assumptions: &Assumptions,
    first: bool,
) -> TargetOutcome {
    let context = target_context(identity, target, assumptions, first);
    let (req, policies) = match session {
        Some(s) => (
            s.request(
                target.action.clone(),
                target.resource.clone(),
                target.resource_account.clone(),
                &context,
            ),
            &s.policies,
        ),
        None => (
            identity_request(identity, target, context),
            &identity.policies,
        ),
    };
    let trace = decide_explained(&req, policies, &target.resource_policies);
    TargetOutcome {
        decision: trace.decision,
        reason: trace.reason,
    }
}

/// The request `identity` itself makes on the target with `context` (the caller's, with the
/// target's facts), and the principal keys.
fn identity_request(identity: &Identity, target: &Target, context: Context) -> Request {
    let mut req = Request {
        principal: identity.principal.clone(),
        action: target.action.clone(),
        resource: target.resource.clone(),
        resource_account: target.resource_account.clone(),
        context,
    };
    req.context.insert_unset_from(identity.principal_keys());
    req
}

/// The request `identity` itself makes on the target (as the first caller of a chain when
/// `first`): the caller's context, the target's facts, the principal keys.
pub(super) fn own_request(
    identity: &Identity,
    target: &Target,
    assumptions: &Assumptions,
    first: bool,
) -> Request {
    identity_request(
        identity,
        target,
        target_context(identity, target, assumptions, first),
    )
}

/// The context of a request on the target by `identity` (or a session it holds): the caller's,
/// then the target's facts where the caller's lacks them (as `apply_facts` on
/// `target.resource_facts`, read once).
fn target_context(
    identity: &Identity,
    target: &Target,
    assumptions: &Assumptions,
    first: bool,
) -> Context {
    let mut context = caller_context(identity, assumptions, first);
    context.insert_absent_from(&target.facts);
    context
}

/// Sets the target's region as `aws:RequestedRegion` in `context` unless it is given; returns the
/// fact set (`None`: the question gave the region, or the target knows none).
pub(crate) fn default_region<'t>(context: &mut Context, target: &'t Target) -> Option<&'t Fact> {
    let fact = target.region.as_ref()?;
    apply_facts(context, std::slice::from_ref(fact)).pop()
}

/// The request an identity makes for the target, as the first caller of a chain: the given
/// context, then what the identity carries (org id, principal tags), MFA when assumed and the
/// user has a device, and the principal keys.
pub(crate) fn request_for(
    identity: &Identity,
    target: &Target,
    assumptions: &Assumptions,
) -> Request {
    own_request(identity, target, assumptions, true)
}

struct State {
    node: Node,
    session: Option<Session>,
    hops: Vec<Hop>,
    /// The principal makes its requests with its own sign-in (MFA applies to a user).
    first: bool,
    /// It performs the target already: no escalation from it is needed for the target.
    reached: bool,
}

/// Every role reachable from `start` (an index into `world.identities`) by chains of assumption,
/// shortest chains first; with a target, only the chains whose last session may perform it.
pub fn paths(
    world: &World,
    start: usize,
    assumptions: &Assumptions,
    target: Option<&Target>,
) -> PathReport {
    search_paths(world, start, assumptions, target, None)
}

/// [`paths`] with escalation edges mixed with assumption hops: every principal reachable from
/// `start` by either (the roles assumed, the principals a technique makes it act as).
pub(crate) fn paths_with(
    graph: &Graph,
    start: usize,
    assumptions: &Assumptions,
    target: Option<&Target>,
) -> PathReport {
    search_paths(&graph.model.world, start, assumptions, target, Some(graph))
}

fn search_paths(
    world: &World,
    start: usize,
    assumptions: &Assumptions,
    target: Option<&Target>,
    graph: Option<&Graph>,
) -> PathReport {
    let start_arn = world
        .identities
        .get(start)
        .map_or_else(String::new, |i| i.arn.clone());
    let mut report = PathReport {
        start: start_arn.clone(),
        assumed_mfa: assumptions.mfa,
        paths: Vec::new(),
        blocked: Vec::new(),
    };
    let Some(start_identity) = world.identities.get(start) else {
        return report;
    };
    let mut visited = vec![false; world.roles.len()];
    if let IdentityKind::Role { role } = start_identity.kind {
        if let Some(v) = visited.get_mut(role) {
            *v = true;
        }
    }
    // Principals reached by escalation (other users, changed principals).
    let mut seen: std::collections::HashSet<Node> =
        std::collections::HashSet::from([Node::of(start)]);
    let mut start_reached = false;
    if let Some(t) = target {
        let outcome = decide_target(start_identity, None, t, assumptions, true);
        if outcome.decision == Decision::Allowed {
            start_reached = true;
            report.paths.push(AccessPath {
                start: start_arn.clone(),
                hops: Vec::new(),
                target: Some(outcome),
            });
        }
    }
    let queue = VecDeque::from([State {
        node: Node::of(start),
        session: None,
        hops: Vec::new(),
        first: true,
        reached: start_reached,
    }]);
    explore(
        world,
        graph,
        assumptions,
        target,
        &start_arn,
        &mut visited,
        &mut seen,
        queue,
        &mut report,
    );
    report
}

/// Paths that start with a federated sign-in (web identity or SAML): `first_hops` are the roles
/// the federated caller assumed (each with its session); the search goes on from each as from
/// any role session. `start` names the caller (its provider).
pub(crate) fn paths_from_sign_in(
    world: &World,
    graph: Option<&Graph>,
    start: &str,
    first_hops: Vec<SignIn>,
    assumptions: &Assumptions,
    target: Option<&Target>,
) -> PathReport {
    let mut report = PathReport {
        start: start.to_owned(),
        assumed_mfa: false,
        paths: Vec::new(),
        blocked: Vec::new(),
    };
    let mut visited = vec![false; world.roles.len()];
    let mut seen = std::collections::HashSet::new();
    let mut queue = VecDeque::new();
    if assumptions.max_depth == 0 {
        return report;
    }
    for sign_in in first_hops {
        let Some(v) = visited.get_mut(sign_in.role) else {
            continue;
        };
        *v = true;
        let Some(next_identity) = world.role_identity(sign_in.role) else {
            continue;
        };
        seen.insert(Node::of(next_identity));
        let hops = vec![sign_in.hop];
        let mut reached = false;
        match target {
            Some(t) => {
                if let Some(next) = world.identities.get(next_identity) {
                    let outcome =
                        decide_target(next, sign_in.session.as_ref(), t, assumptions, false);
                    if outcome.decision == Decision::Allowed {
                        reached = true;
                        report.paths.push(AccessPath {
                            start: start.to_owned(),
                            hops: hops.clone(),
                            target: Some(outcome),
                        });
                    }
                }
            }
            None => report.paths.push(AccessPath {
                start: start.to_owned(),
                hops: hops.clone(),
                target: None,
            }),
        }
        queue.push_back(State {
            node: Node::of(next_identity),
            session: sign_in.session,
            hops,
            first: false,
            reached,
        });
    }
    explore(
        world,
        graph,
        assumptions,
        target,
        start,
        &mut visited,
        &mut seen,
        queue,
        &mut report,
    );
    report
}

/// A role a federated caller signed in to: the first hop of its paths.
pub struct SignIn {
    /// The role (index into [`World::roles`]).
    pub role: usize,
    /// The sign-in as a hop (`sts:AssumeRoleWithWebIdentity` / `sts:AssumeRoleWithSAML`).
    pub hop: Hop,
    /// The session STS issues, when allowed.
    pub session: Option<Session>,
}

/// Breadth-first from the states in `queue`: every hop not yet taken, by assumption and (with a
/// graph) by escalation edges; allowed chains go to `report.paths`, denied hops that a change of
/// context would allow to `report.blocked`.
#[allow(clippy::too_many_arguments)]
fn explore(
    world: &World,
    graph: Option<&Graph>,
    assumptions: &Assumptions,
    target: Option<&Target>,
    start_arn: &str,
    visited: &mut [bool],
    seen: &mut std::collections::HashSet<Node>,
    mut queue: VecDeque<State>,
    report: &mut PathReport,
) {
    while let Some(state) = queue.pop_front() {
        if state.hops.len() >= assumptions.max_depth {
            continue;
        }
        let upgraded;
        let identity = if state.node.upgrade.is_none() {
            world.identities.get(state.node.identity)
        } else {
            upgraded = graph.and_then(|g| g.identity(state.node));
            upgraded.as_ref()
        };
        let Some(identity) = identity else {
            continue;
        };
        let first = state.first;
        // The hops to the roles not yet visited are independent: evaluated on every core
        // (crate::parallel), then taken in candidate order as before (the `visited` test is
        // repeated there, so the answer does not depend on the number of threads).
        let candidates: Vec<usize> = world
            .candidate_roles(identity)
            .into_iter()
            .filter(|&role| !visited.get(role).copied().unwrap_or(true))
            .collect();
        let evaluated = crate::parallel::map(&candidates, |&role| {
            evaluate_hop(
                world,
                identity,
                state.session.as_ref(),
                role,
                assumptions,
                first,
            )
        });
        for (role, evaluated) in candidates.into_iter().zip(evaluated) {
            if visited.get(role).copied().unwrap_or(true) {
                continue;
            }
            let Some((hop, outcome)) = evaluated else {
                continue;
            };
            let after: Vec<String> = state.hops.iter().map(|h| h.role.clone()).collect();
            if hop.decision != Decision::Allowed {
                if !hop.flips.is_empty() {
                    report.blocked.push(BlockedHop {
                        after,
                        hop,
                        condition: None,
                    });
                }
                continue;
            }
            if let Some(v) = visited.get_mut(role) {
                *v = true;
            }
            let Some(next_identity) = world.role_identity(role) else {
                continue;
            };
            seen.insert(Node::of(next_identity));
            let mut hops = state.hops.clone();
            hops.push(hop);
            let session = outcome.session;
            let mut reached = false;
            match target {
                Some(t) => {
                    if let Some(next) = world.identities.get(next_identity) {
                        let outcome = decide_target(next, session.as_ref(), t, assumptions, false);
                        if outcome.decision == Decision::Allowed {
                            reached = true;
                            report.paths.push(AccessPath {
                                start: start_arn.to_owned(),
                                hops: hops.clone(),
                                target: Some(outcome),
                            });
                        }
                    }
                }
                None => report.paths.push(AccessPath {
                    start: start_arn.to_owned(),
                    hops: hops.clone(),
                    target: None,
                }),
            }
            queue.push_back(State {
                node: Node::of(next_identity),
                session,
                hops,
                first: false,
                reached,
            });
        }
        let Some(graph) = graph.filter(|_| !state.reached) else {
            continue;
        };
        for edge in graph.edges(state.node, first).iter() {
            if seen.contains(&edge.to) {
                continue;
            }
            // A role reached by assumption already is not reached again.
            if edge.to.upgrade.is_none() {
                if let Some(IdentityKind::Role { role }) =
                    world.identities.get(edge.to.identity).map(|i| &i.kind)
                {
                    if visited.get(*role).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(v) = visited.get_mut(*role) {
                        *v = true;
                    }
                }
            }
            seen.insert(edge.to);
            let Some(next) = graph.identity(edge.to) else {
                continue;
            };
            let next_first = first && edge.same_principal(state.node);
            let mut hops = state.hops.clone();
            hops.push(Hop::escalation(&identity.arn, &next.arn, edge));
            match target {
                Some(t) => {
                    // A principal that performs the target ends its chain: going on from it
                    // (an admin-equivalent reaches every principal of its account) adds nothing.
                    let outcome = decide_target(&next, None, t, assumptions, next_first);
                    if outcome.decision == Decision::Allowed {
                        report.paths.push(AccessPath {
                            start: start_arn.to_owned(),
                            hops,
                            target: Some(outcome),
                        });
                        continue;
                    }
                }
                None => report.paths.push(AccessPath {
                    start: start_arn.to_owned(),
                    hops: hops.clone(),
                    target: None,
                }),
            }
            queue.push_back(State {
                node: edge.to,
                session: None,
                hops,
                first: next_first,
                reached: false,
            });
        }
    }
}

/// Every identity that can perform the target request, directly or through a chain of roles
/// (shortest chain per identity).
pub fn who_can(world: &World, target: &Target, assumptions: &Assumptions) -> Vec<WhoCanEntry> {
    // No key unknown: no formula is built, so none can grow too large.
    who_can_observed(
        world,
        target,
        assumptions,
        &Unknown::default(),
        &mut |_, _| {},
    )
    .unwrap_or_default()
}

/// [`who_can`], reporting progress through the identities as `(done, total)` every 256
/// identities and at the end (for a progress bar; the reverse search after it is quick).
/// With `unknown` keys, also every identity allowed only under a condition on them
/// (docs/conditional.md); `TooLarge` when a condition cannot be stated exactly.
pub(crate) fn who_can_observed(
    world: &World,
    target: &Target,
    assumptions: &Assumptions,
    unknown: &Unknown,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<WhoCanEntry>, TooLarge> {
    search_who_can(world, target, assumptions, unknown, progress, None)
}

/// [`who_can_observed`] with escalation edges mixed with assumption hops.
pub(crate) fn who_can_with(
    graph: &Graph,
    target: &Target,
    assumptions: &Assumptions,
    unknown: &Unknown,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<WhoCanEntry>, TooLarge> {
    search_who_can(
        &graph.model.world,
        target,
        assumptions,
        unknown,
        progress,
        Some(graph),
    )
}

fn search_who_can(
    world: &World,
    target: &Target,
    assumptions: &Assumptions,
    unknown: &Unknown,
    progress: &mut dyn FnMut(usize, usize),
    graph: Option<&Graph>,
) -> Result<Vec<WhoCanEntry>, TooLarge> {
    let n = world.identities.len();
    // chain[i]: the hops from identity i to a session that can perform the target.
    let mut chain: Vec<Option<Vec<Hop>>> = vec![None; n];
    let mut reason: Vec<String> = vec![String::new(); n];
    let mut requires: Vec<Vec<Requirement>> = vec![Vec::new(); n];
    // condition[i]: with unknown keys, when the last request of i's chain is allowed (`None`:
    // whatever they hold). pending: identities allowed only under a condition.
    let mut condition: Vec<Option<ConditionView>> = vec![None; n];
    let mut pending: Vec<(usize, ConditionView)> = Vec::new();
    let mut queue = VecDeque::new();
    // Each identity's own decision is independent of the others': they are taken on every core
    // (crate::parallel), a block at a time so that progress is still reported, and folded in
    // in identity order, so the answer does not depend on the number of threads.
    let mut decided = Vec::new();
    for (b, block) in world.identities.chunks(FIRST_DECISIONS_BLOCK).enumerate() {
        crate::parallel::map_in_order(block, &mut decided, |identity| {
            let (outcome, req) = first_decision(identity, target, assumptions);
            let condition = own_condition(identity, target, assumptions, unknown, true);
            (outcome, req, condition)
        });
        let base = b * FIRST_DECISIONS_BLOCK;
        for (offset, (identity, (outcome, req, own))) in
            block.iter().zip(decided.drain(..)).enumerate()
        {
            let i = base + offset;
            if i % 256 == 0 {
                progress(i, n);
            }
            if let Some(req) = req {
                if let Some(slot) = requires.get_mut(i) {
                    *slot = vec![req];
                }
            }
            let own = own?;
            if outcome.decision == Decision::Allowed {
                if let Some(slot) = condition.get_mut(i) {
                    *slot = own;
                }
            } else if let Some(view) = own.filter(|v| v.outcome == Outcome::Conditional) {
                pending.push((i, view));
            }
            fold_first(identity, i, outcome, &mut chain, &mut reason, &mut queue);
        }
    }
    progress(n, n);
    let mut chains = Chains {
        chain,
        reason,
        requires,
        condition,
        unknown,
        too_large: false,
    };
    reverse_assume(world, assumptions, &mut queue, &mut chains);
    if let Some(graph) = graph {
        escalate(graph, target, assumptions, &mut queue, &mut chains);
    }
    // Then the identities allowed only under a condition, and those that reach them: an
    // unconditional chain, found above, is always preferred to a conditional one.
    if !pending.is_empty() {
        for (i, view) in pending {
            if chains.chain.get(i).is_none_or(Option::is_some) {
                continue;
            }
            if let (Some(c), Some(r), Some(k)) = (
                chains.chain.get_mut(i),
                chains.reason.get_mut(i),
                chains.condition.get_mut(i),
            ) {
                *c = Some(Vec::new());
                *r = format!("allowed only if {}", view.text);
                *k = Some(view);
            }
            if let Some(Identity {
                kind: IdentityKind::Role { role },
                ..
            }) = world.identities.get(i)
            {
                queue.push_back(*role);
            }
        }
        reverse_assume(world, assumptions, &mut queue, &mut chains);
        if let Some(graph) = graph {
            escalate(graph, target, assumptions, &mut queue, &mut chains);
        }
    }
    if chains.too_large {
        return Err(TooLarge);
    }
    let Chains {
        chain,
        reason,
        requires,
        condition,
        ..
    } = chains;
    // Federated entry points: web-identity and SAML callers that a reaching role admits.
    let mut federated = Vec::new();
    for (role, i, tail) in reaching_roles(world, &chain, assumptions.max_depth) {
        let tail_reason = reason.get(i).cloned().unwrap_or_default();
        let tail_requires = requires.get(i).cloned().unwrap_or_default();
        let tail_condition = condition.get(i).cloned().flatten();
        for entry in super::federated::federated_entries(role) {
            let mut hops = vec![entry.hop];
            hops.extend(tail.iter().cloned());
            let account = crate::arn::Arn::parse(&entry.provider)
                .map(|a| a.account.to_owned())
                .unwrap_or_default();
            federated.push(WhoCanEntry {
                account,
                principal: entry.provider,
                kind: entry.kind,
                chain: hops,
                reason: tail_reason.clone(),
                requires: tail_requires.clone(),
                condition: tail_condition.clone(),
            });
        }
    }
    let outside = outside_entries(
        world,
        target,
        assumptions,
        &chain,
        &reason,
        &requires,
        &condition,
    );
    let mut out: Vec<WhoCanEntry> = world
        .identities
        .iter()
        .zip(chain)
        .zip(reason)
        .zip(requires)
        .zip(condition)
        .filter_map(|((((identity, chain), reason), requires), condition)| {
            chain.map(|hops| WhoCanEntry {
                principal: identity.arn.clone(),
                account: identity.account.clone(),
                kind: match identity.kind {
                    IdentityKind::User { .. } => "user",
                    IdentityKind::Role { .. } => "role",
                },
                chain: hops,
                reason,
                requires,
                condition,
            })
        })
        .collect();
    out.extend(federated);
    out.extend(outside);
    out.sort_by(|a, b| {
        a.chain
            .len()
            .cmp(&b.chain.len())
            .then_with(|| a.principal.cmp(&b.principal))
    });
    Ok(out)
}

/// How many identities' first decisions are taken in parallel between progress reports.
const FIRST_DECISIONS_BLOCK: usize = 4096;

/// An identity's own decision of the target (as the first caller of a chain), with the
/// ExternalId it must pass when the target is a role's trust and that makes it allowed.
fn first_decision(
    identity: &Identity,
    target: &Target,
    assumptions: &Assumptions,
) -> (TargetOutcome, Option<Requirement>) {
    let outcome = decide_target(identity, None, target, assumptions, true);
    if outcome.decision != Decision::Allowed && target.action.is_trust_action() {
        if let Some((o, req)) = with_external_id(identity, target, assumptions) {
            return (o, Some(req));
        }
    }
    (outcome, None)
}

/// Records identity `i`'s own decision: allowed, it reaches the target with no hop (and a role
/// that does is where the reverse search starts).
fn fold_first(
    identity: &Identity,
    i: usize,
    outcome: TargetOutcome,
    chain: &mut [Option<Vec<Hop>>],
    reason: &mut [String],
    queue: &mut VecDeque<usize>,
) {
    if outcome.decision != Decision::Allowed {
        return;
    }
    if let (Some(c), Some(r)) = (chain.get_mut(i), reason.get_mut(i)) {
        *c = Some(Vec::new());
        *r = outcome.reason;
    }
    if let IdentityKind::Role { role } = identity.kind {
        queue.push_back(role);
    }
}

/// The chain found for each identity, with the final request's reason and requirements.
struct Chains<'u> {
    chain: Vec<Option<Vec<Hop>>>,
    reason: Vec<String>,
    requires: Vec<Vec<Requirement>>,
    /// With unknown keys: the condition of the last request of each chain.
    condition: Vec<Option<ConditionView>>,
    unknown: &'u Unknown,
    /// A condition met on the way could not be stated exactly.
    too_large: bool,
}

/// Reverse search: who can assume a role whose sessions can reach the target? `queue` holds the
/// roles whose sessions reach it.
fn reverse_assume(
    world: &World,
    assumptions: &Assumptions,
    queue: &mut VecDeque<usize>,
    chains: &mut Chains,
) {
    while let Some(role) = queue.pop_front() {
        let Some(role_identity) = world.role_identity(role) else {
            continue;
        };
        let Some(tail) = chains.chain.get(role_identity).cloned().flatten() else {
            continue;
        };
        if tail.len() >= assumptions.max_depth {
            continue;
        }
        for caller in world.candidate_callers(role) {
            if chains.chain.get(caller).is_none_or(Option::is_some) {
                continue;
            }
            let Some(identity) = world.identities.get(caller) else {
                continue;
            };
            if identity.principal.kind == PrincipalKind::Root {
                continue;
            }
            let first = matches!(identity.kind, IdentityKind::User { .. });
            let Some((hop, _)) = evaluate_hop(world, identity, None, role, assumptions, first)
            else {
                continue;
            };
            if hop.decision != Decision::Allowed {
                continue;
            }
            let mut hops = vec![hop];
            hops.extend(tail.iter().cloned());
            let tail_reason = chains
                .reason
                .get(role_identity)
                .cloned()
                .unwrap_or_default();
            let tail_requires = chains
                .requires
                .get(role_identity)
                .cloned()
                .unwrap_or_default();
            let tail_condition = chains.condition.get(role_identity).cloned().flatten();
            if let (Some(c), Some(r), Some(q), Some(k)) = (
                chains.chain.get_mut(caller),
                chains.reason.get_mut(caller),
                chains.requires.get_mut(caller),
                chains.condition.get_mut(caller),
            ) {
                *r = tail_reason;
                *c = Some(hops);
                *q = tail_requires;
                *k = tail_condition;
            }
            if let IdentityKind::Role { role: caller_role } = identity.kind {
                queue.push_back(caller_role);
            }
        }
    }
}

/// Escalation edges in the reverse search: a principal with an edge to a principal that reaches
/// the target reaches it too. Edges of every principal are found once (the graph keeps them);
/// a principal an edge lands on is decided directly, or by one assumption of a role that reaches
/// the target; found chains flow back through role assumption, until nothing changes.
fn escalate(
    graph: &Graph,
    target: &Target,
    assumptions: &Assumptions,
    queue: &mut VecDeque<usize>,
    chains: &mut Chains,
) {
    let world = &graph.model.world;
    let escalating: Vec<usize> = (0..world.identities.len())
        .filter(|i| !graph.edges(Node::of(*i), true).is_empty())
        .collect();
    // Direct decisions of the principals edges land on (changed ones, users with new keys).
    let mut direct = DirectDecisions::new();
    loop {
        let mut changed = false;
        for &i in &escalating {
            if chains.chain.get(i).is_none_or(Option::is_some) {
                continue;
            }
            let Some(from) = world.identities.get(i) else {
                continue;
            };
            let from_node = Node::of(i);
            let mut best: Option<Found> = None;
            for edge in graph.edges(from_node, true).iter() {
                let next_first = edge.same_principal(from_node);
                let Some(next) = graph.identity(edge.to) else {
                    continue;
                };
                // A user reached with new credentials has no MFA: its own chain (found as a
                // first caller) holds for it unless that chain counted on MFA.
                let mfa_free = match next.kind {
                    IdentityKind::Role { .. } => true,
                    IdentityKind::User { .. } => {
                        !crate::query::signs_in_with_mfa(&next, assumptions.mfa)
                            && !assumptions.context.contains("aws:MultiFactorAuthPresent")
                            && !assumptions.context.contains("aws:MultiFactorAuthAge")
                    }
                };
                let found = match (edge.to.upgrade.is_none() && mfa_free, &next.kind) {
                    // A session of a role, or a user without MFA: its chain, when it has one.
                    (true, _) => {
                        chains
                            .chain
                            .get(edge.to.identity)
                            .cloned()
                            .flatten()
                            .map(|tail| {
                                let reason = chains.reason.get(edge.to.identity).cloned();
                                let condition =
                                    chains.condition.get(edge.to.identity).cloned().flatten();
                                (tail, reason.unwrap_or_default(), condition)
                            })
                    }
                    (false, _) => match reach_from(
                        world,
                        &next,
                        edge.to,
                        next_first,
                        target,
                        assumptions,
                        chains,
                        &mut direct,
                    ) {
                        Ok(found) => found,
                        Err(TooLarge) => {
                            chains.too_large = true;
                            None
                        }
                    },
                };
                let Some((tail, reason, condition)) = found else {
                    continue;
                };
                if tail.len() + 1 > assumptions.max_depth
                    || best
                        .as_ref()
                        .is_some_and(|(b, _, _)| b.len() <= tail.len() + 1)
                {
                    continue;
                }
                let mut hops = vec![Hop::escalation(&from.arn, &next.arn, edge)];
                hops.extend(tail);
                best = Some((hops, reason, condition));
            }
            // The shortest chain through any of its edges.
            let Some((hops, reason, condition)) = best else {
                continue;
            };
            if let (Some(c), Some(r), Some(k)) = (
                chains.chain.get_mut(i),
                chains.reason.get_mut(i),
                chains.condition.get_mut(i),
            ) {
                *c = Some(hops);
                *r = reason;
                *k = condition;
            }
            if let IdentityKind::Role { role } = from.kind {
                queue.push_back(role);
            }
            changed = true;
        }
        if !changed {
            break;
        }
        reverse_assume(world, assumptions, queue, chains);
    }
}

/// Whether the principal `next` (at `node`) performs the target: directly, or after assuming a
/// role whose sessions reach it.
#[allow(
    clippy::too_many_arguments,
    reason = "the reverse search's state, passed whole"
)]
fn reach_from(
    world: &World,
    next: &Identity,
    node: Node,
    first: bool,
    target: &Target,
    assumptions: &Assumptions,
    chains: &Chains,
    direct: &mut DirectDecisions,
) -> Result<Option<Found>, TooLarge> {
    let outcome = match direct.get(&(node, first)) {
        Some(known) => known.clone(),
        None => {
            let allowed = Some(decide_target(next, None, target, assumptions, first))
                .filter(|o| o.decision == Decision::Allowed);
            let decided = match allowed {
                Some(o) => Some((
                    o,
                    own_condition(next, target, assumptions, chains.unknown, first)?,
                )),
                None => None,
            };
            direct.insert((node, first), decided.clone());
            decided
        }
    };
    if let Some((o, condition)) = outcome {
        return Ok(Some((Vec::new(), o.reason, condition)));
    }
    for role in world.candidate_roles(next) {
        let Some(ri) = world.role_identity(role) else {
            continue;
        };
        let Some(tail) = chains.chain.get(ri).cloned().flatten() else {
            continue;
        };
        let Some((hop, _)) = evaluate_hop(world, next, None, role, assumptions, first) else {
            continue;
        };
        if hop.decision != Decision::Allowed {
            continue;
        }
        let mut hops = vec![hop];
        hops.extend(tail);
        return Ok(Some((
            hops,
            chains.reason.get(ri).cloned().unwrap_or_default(),
            chains.condition.get(ri).cloned().flatten(),
        )));
    }
    Ok(None)
}

/// A chain to the target found from a principal: its hops, the reason of the last request, and
/// (with unknown keys) that request's condition.
type Found = (Vec<Hop>, String, Option<ConditionView>);

/// The direct decisions of the principals escalation edges land on, by node: allowed ones with
/// their condition (with unknown keys).
type DirectDecisions =
    std::collections::HashMap<(Node, bool), Option<(TargetOutcome, Option<ConditionView>)>>;

/// Callers from outside the model (accounts a policy names that the model does not hold, any
/// account, anonymous) that perform the target directly or assume a role whose sessions reach it.
fn outside_entries(
    world: &World,
    target: &Target,
    assumptions: &Assumptions,
    chain: &[Option<Vec<Hop>>],
    reason: &[String],
    requires: &[Vec<Requirement>],
    condition: &[Option<ConditionView>],
) -> Vec<WhoCanEntry> {
    let known: std::collections::HashSet<&str> = world
        .identities
        .iter()
        .map(|i| i.account.as_str())
        .chain(world.roles.iter().map(|r| r.account.as_str()))
        .collect();
    let mut out: Vec<WhoCanEntry> =
        super::outside::target_entries(target, &known, &assumptions.context)
            .into_iter()
            .map(|e| WhoCanEntry {
                principal: e.principal,
                account: e.account,
                kind: e.kind,
                chain: Vec::new(),
                reason: e.reason,
                requires: Vec::new(),
                condition: None,
            })
            .collect();
    // Assuming the target role itself: outsiders its trust policy admits, directly.
    if target.action.is_trust_action() {
        let role = world.roles.iter().find(|r| r.arn == target.resource.raw);
        for entry in role
            .map(|r| super::outside::role_entries(r, &known, &assumptions.context))
            .unwrap_or_default()
        {
            out.push(WhoCanEntry {
                principal: entry.principal,
                account: entry.account,
                kind: entry.kind,
                chain: Vec::new(),
                reason: entry.reason,
                requires: entry.hop.map(|h| h.requires).unwrap_or_default(),
                condition: None,
            });
        }
    }
    for (role, i, tail) in reaching_roles(world, chain, assumptions.max_depth) {
        for entry in super::outside::role_entries(role, &known, &assumptions.context) {
            // One entry per outside principal: the shortest chain (roles are visited in order,
            // so keep the first found unless a shorter one comes).
            let mut hops: Vec<Hop> = entry.hop.into_iter().collect();
            hops.extend(tail.iter().cloned());
            let existing = out
                .iter()
                .position(|o| o.principal == entry.principal && o.kind == entry.kind);
            if let Some(at) = existing {
                if out.get(at).is_some_and(|o| o.chain.len() <= hops.len()) {
                    continue;
                }
                out.remove(at);
            }
            out.push(WhoCanEntry {
                principal: entry.principal,
                account: entry.account,
                kind: entry.kind,
                chain: hops,
                reason: reason.get(i).cloned().unwrap_or_default(),
                requires: requires.get(i).cloned().unwrap_or_default(),
                condition: condition.get(i).cloned().flatten(),
            });
        }
    }
    out
}

/// The roles whose sessions reach the target with room for one more hop before `max_depth`:
/// each with its identity index and its chain to the target.
fn reaching_roles<'w>(
    world: &'w World,
    chain: &'w [Option<Vec<Hop>>],
    max_depth: usize,
) -> impl Iterator<Item = (&'w crate::assume::RoleDef, usize, &'w Vec<Hop>)> + 'w {
    world.roles.iter().enumerate().filter_map(move |(r, role)| {
        let i = world.role_identity(r)?;
        let tail = chain.get(i)?.as_ref()?;
        (tail.len() < max_depth).then_some((role, i, tail))
    })
}
