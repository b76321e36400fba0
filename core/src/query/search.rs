//! `who-can` and `paths`: questions answered by the access-path search, with what was assumed.

use super::assume::federated_method;
use super::caller::Note;
use super::check::{condition_too_large, given_facts, neither_given_nor_unknown};
use super::check::{target, target_facts};
use super::facts::Fact;
use super::naming;
use super::question::EdgeMode;
use super::question::{PathsQuestion, WhoCanQuestion};
use super::AssumeCaller;
use crate::access::SignIn;
use crate::access::{paths, paths_from_sign_in, paths_with, who_can_observed, who_can_with};
use crate::access::{AccessPath, Assumptions, BlockedHop, WhoCanEntry};
use crate::access::{IdentityKind, Unknown, World};
use crate::diag::Diagnostic;
use crate::escalation::Graph;
use crate::model::Model;
use serde::Serialize;

/// The answer to a [`WhoCanQuestion`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCanAnswer {
    /// The action as asked.
    pub action: String,
    /// The resource as asked.
    pub resource: String,
    /// Every identity that can, shortest chain first, then by ARN.
    pub principals: Vec<WhoCanEntry>,
    /// Whether users with an MFA device were taken to sign in with MFA.
    pub mfa: bool,
    /// The longest chain of hops searched.
    pub max_depth: usize,
    /// The hops followed: `all` (assumption and escalation) or `assume`.
    pub edges: EdgeMode,
    /// Every context key the question gave or iamsim assumed, with where it came from.
    pub context: Vec<Fact>,
}

/// The answer to a [`PathsQuestion`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathsAnswer {
    /// The starting identity's ARN.
    pub start: String,
    /// The action and resource the chains must end able to use, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<PathsTarget>,
    /// Chains of allowed hops, shortest first.
    pub paths: Vec<AccessPath>,
    /// Denied hops that a change of context would allow.
    pub blocked: Vec<BlockedHop>,
    /// Whether users with an MFA device were taken to sign in with MFA.
    pub mfa: bool,
    /// The longest chain of hops searched.
    pub max_depth: usize,
    /// The hops followed: `all` (assumption and escalation) or `assume`.
    pub edges: EdgeMode,
    /// Every context key the question gave or iamsim assumed, with where it came from.
    pub context: Vec<Fact>,
    /// What iamsim assumed or noticed that changes how to read the answer.
    pub notes: Vec<Note>,
}

/// The action and resource a `paths` question asks the chains to end at.
#[derive(Debug, Clone, Serialize)]
pub struct PathsTarget {
    /// The action (`service:Action`).
    pub action: String,
    /// The resource ARN.
    pub resource: String,
}

/// Answers who-can; `progress` is told `(done, total)` over the identities.
pub fn who_can(
    model: &Model,
    q: &WhoCanQuestion,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<WhoCanAnswer, Diagnostic> {
    let target = target(model, &q.action, &q.resource)?;
    neither_given_nor_unknown(&q.unknown, &q.given.context)?;
    let unknown = Unknown::from_names(q.unknown.clone());
    let mut assumptions = Assumptions {
        mfa: q.given.mfa,
        context: q.given.context.clone(),
        max_depth: q.max_depth,
    };
    let mut context = given_facts(&q.given.context);
    context.extend(target_facts(&mut assumptions.context, &target));
    // A key left unknown is not assumed either (as `check --unknown` does): the region of the
    // target, for one, when `aws:RequestedRegion` is unknown.
    let named = crate::partial::UnknownKeys::from_names(&q.unknown).keys;
    for key in &named {
        assumptions.context.remove(key);
    }
    context.retain(|f| !named.contains(&f.key.to_lowercase()));
    // Escalation requests go to IAM and the services that run compute: they carry the
    // question's own keys, not the target's region.
    let principals = match q.edges {
        EdgeMode::All => {
            let graph = Graph::new(model, &q.given.context, q.given.mfa);
            who_can_with(&graph, &target, &assumptions, &unknown, progress)
        }
        EdgeMode::Assume => {
            who_can_observed(&model.world, &target, &assumptions, &unknown, progress)
        }
    }
    .map_err(|_| condition_too_large())?;
    Ok(WhoCanAnswer {
        action: q.action.clone(),
        resource: target.resource.raw.clone(),
        principals,
        mfa: q.given.mfa,
        max_depth: q.max_depth,
        edges: q.edges,
        context,
    })
}

/// Answers paths.
pub fn paths_from(model: &Model, q: &PathsQuestion) -> Result<PathsAnswer, Diagnostic> {
    let start = match &q.from {
        AssumeCaller::Identity(name) => Some(naming::identity_index(model, name, "principal")?),
        _ => None,
    };
    let mut assumptions = Assumptions {
        mfa: q.given.mfa,
        context: q.given.context.clone(),
        max_depth: q.max_depth,
    };
    let mut context = given_facts(&q.given.context);
    let target = match &q.to {
        Some((action, resource)) => {
            let t = target(model, action, resource).map_err(|mut d| {
                d.path = format!("/to{}", d.path);
                d
            })?;
            context.extend(target_facts(&mut assumptions.context, &t));
            Some(t)
        }
        None => None,
    };
    let graph = match q.edges {
        EdgeMode::All => Some(Graph::new(model, &q.given.context, q.given.mfa)),
        EdgeMode::Assume => None,
    };
    let mut report = match (start, graph.as_ref()) {
        (Some(start), Some(graph)) => paths_with(graph, start, &assumptions, target.as_ref()),
        (Some(start), None) => paths(&model.world, start, &assumptions, target.as_ref()),
        (None, graph) => paths_from_sign_in(
            &model.world,
            graph,
            &sign_in_label(&q.from),
            sign_ins(model, &q.from, &q.given.context),
            &assumptions,
            target.as_ref(),
        ),
    };
    // Shortest chains first (the search is breadth-first; the sort keeps that promise explicit).
    report.paths.sort_by_key(|p| p.hops.len());
    if let AssumeCaller::Identity(name) = &q.from {
        first_hop_conditions(model, name, &q.given, &mut report.blocked);
    }
    let notes = start.map_or_else(Vec::new, |start| start_notes(&model.world, start, &q.given));
    Ok(PathsAnswer {
        start: report.start,
        to: q.to.as_ref().map(|(action, _)| PathsTarget {
            action: action.clone(),
            resource: target
                .as_ref()
                .map(|t| t.resource.raw.clone())
                .unwrap_or_default(),
        }),
        paths: report.paths,
        blocked: report.blocked,
        mfa: q.given.mfa,
        max_depth: q.max_depth,
        edges: q.edges,
        context,
        notes,
    })
}

/// Gives each blocked first hop (the start's own `sts:AssumeRole`) the exact condition under
/// which it would be allowed: the check of that call with every key the request does not fix
/// left unknown — the general answer of which the hop's flips (MFA, an ExternalId) are cases.
fn first_hop_conditions(
    model: &Model,
    principal: &str,
    given: &super::Given,
    blocked: &mut [crate::access::BlockedHop],
) {
    for b in blocked.iter_mut().filter(|b| b.after.is_empty()) {
        let question = super::CheckQuestion {
            principal: principal.to_owned(),
            action: "sts:AssumeRole".to_owned(),
            resource: b.hop.role.clone(),
            given: given.clone(),
            explain: false,
            unknown: vec!["*".to_owned()],
        };
        // A formula too large to state is left out: the flips still say what would help.
        b.condition = super::check_decision(model, &question)
            .ok()
            .and_then(|answer| answer.condition);
    }
}

/// How a federated start is named in the answer: the provider as the question gave it.
fn sign_in_label(from: &AssumeCaller) -> String {
    match from {
        AssumeCaller::Identity(name) => name.clone(),
        AssumeCaller::WebIdentity { provider, .. } | AssumeCaller::Saml { provider, .. } => {
            provider.clone()
        }
    }
}

/// Every role of the model a web-identity or SAML caller signs in to with the claims (or
/// attributes) the question gives, decided by the full STS flow as `assume` decides it: the first
/// hops of its paths.
fn sign_ins(model: &Model, from: &AssumeCaller, given: &crate::context::Context) -> Vec<SignIn> {
    let mut out = Vec::new();
    for (index, role) in model.world.roles.iter().enumerate() {
        let Some((method, provider_arn)) = federated_method(from, &role.account) else {
            continue;
        };
        let Some((hop, outcome)) =
            crate::access::sign_in(role, &method, &provider_arn, given.clone(), Vec::new())
        else {
            continue;
        };
        out.push(SignIn {
            role: index,
            hop,
            session: outcome.session,
        });
    }
    out
}

fn start_notes(world: &World, start: usize, given: &super::Given) -> Vec<Note> {
    match world.identities.get(start) {
        Some(identity) if !matches!(identity.kind, IdentityKind::Role { .. }) || given.mfa => {
            super::caller_notes(identity, &given.context, given.mfa)
        }
        _ => Vec::new(),
    }
}
