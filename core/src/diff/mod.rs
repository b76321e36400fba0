//! What-if between two account models: the requests whose outcome changes, grouped by principal,
//! newly granted first.
//!
//! A request's outcome is *reachability*, as `who-can` computes it: can this identity perform the
//! action on the resource, directly or by assuming a chain of roles? So a trust policy opened to a
//! new account shows up as every action that account's identities newly reach through the role.
//! Each request is decided by the full evaluation flow in each model; nothing is re-implemented.

mod probes;

pub use probes::{collect as collect_probes, Probe};

use crate::access::{who_can, Assumptions, Unknown, WhoCanEntry};
use crate::context::Context;
use crate::escalation::Graph;
use crate::model::Model;
use crate::query::EdgeMode;
use serde::Serialize;
use std::collections::BTreeMap;

/// One question of a diff: an action on a resource, asked for every identity (or one), with the
/// request facts it carries.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    /// The action and resource asked.
    pub probe: Probe,
    /// Only this principal (a name `find_identity` accepts); `None`: every identity.
    pub principal: Option<String>,
    /// Users with an MFA device sign in with MFA.
    pub mfa: bool,
    /// Context keys the request carries, on top of what iamsim assumes.
    pub context: Context,
}

impl DiffRequest {
    /// Asked of every identity, with no extra facts.
    pub fn everyone(probe: Probe) -> DiffRequest {
        DiffRequest {
            probe,
            principal: None,
            mfa: false,
            context: Context::new(),
        }
    }
}

/// How an identity reaches the target in one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reach {
    /// The principal each hop reaches, in order (empty: directly): the role assumed, or for an
    /// escalation technique the principal it makes of the caller (itself, changed).
    pub chain: Vec<String>,
    /// How each hop of `chain` is taken: `assume`, or the id of an escalation technique
    /// (docs/escalation.md); left out when every hop is a role assumption.
    #[serde(skip_serializing_if = "only_assume")]
    pub via: Vec<String>,
    /// Why the final request is allowed.
    pub reason: String,
}

fn only_assume(via: &[String]) -> bool {
    via.iter().all(|v| v == crate::access::ASSUME)
}

/// Which way an outcome changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// Denied before, allowed after.
    Granted,
    /// Allowed before, denied after.
    Revoked,
}

/// One request whose outcome changed.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Newly granted or revoked.
    pub kind: ChangeKind,
    /// The action of the request.
    pub action: String,
    /// The resource of the request.
    pub resource: String,
    /// How it was reached before (`None`: it was not).
    pub before: Option<Reach>,
    /// How it is reached after (`None`: it is not).
    pub after: Option<Reach>,
}

/// The changes of one principal, newly granted first.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalChanges {
    /// The principal's ARN.
    pub principal: String,
    /// How many of its requests are newly allowed.
    pub granted: usize,
    /// How many of its requests are no longer allowed.
    pub revoked: usize,
    /// Its changed requests, newly granted first.
    pub changes: Vec<Change>,
}

/// A request that could not be asked (e.g. a malformed action), and why.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedRequest {
    /// The action of the request.
    pub action: String,
    /// The resource of the request.
    pub resource: String,
    /// Why it could not be asked.
    pub reason: String,
}

/// The result of [`diff_models`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffReport {
    /// Requests (action × resource) asked.
    pub requests: usize,
    /// Changed outcomes (principal × request).
    pub changed: usize,
    /// Changed outcomes that are newly allowed.
    pub granted: usize,
    /// Changed outcomes that are no longer allowed.
    pub revoked: usize,
    /// Principals with a change: those with new grants first, then by ARN.
    pub principals: Vec<PrincipalChanges>,
    /// Requests that could not be asked, and why.
    pub skipped: Vec<SkippedRequest>,
}

/// The requests named by either model's JSON text (see [`probes`](self) for the rule).
pub fn probes_of(texts: &[&crate::json::JsonValue]) -> Vec<Probe> {
    let mut set = std::collections::BTreeSet::new();
    for value in texts {
        collect_probes(value, &mut set);
    }
    set.into_iter().collect()
}

/// Asks every request of both models and reports the outcomes that differ, following the hops
/// `edges` names (role assumption, and escalation techniques with [`EdgeMode::All`]).
/// `progress` is told `(done, total)` after each request.
pub fn diff_models(
    before: &Model,
    after: &Model,
    requests: &[DiffRequest],
    max_depth: usize,
    edges: EdgeMode,
    progress: &mut dyn FnMut(usize, usize),
) -> DiffReport {
    let mut by_principal: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    let mut skipped = Vec::new();
    // Requests are asked a batch at a time on every core and the answers folded in request
    // order, so the report does not depend on the number of threads.
    let mut outcomes = Vec::with_capacity(REQUESTS_AT_ONCE);
    let graphs = Graphs::new(before, after, requests, edges);
    for (first, batch) in requests.chunks(REQUESTS_AT_ONCE).enumerate() {
        progress(first * REQUESTS_AT_ONCE, requests.len());
        crate::parallel::map_in_order(batch, &mut outcomes, |request| {
            let (b, a) = graphs.of(request);
            (
                reach(before, request, max_depth, b),
                reach(after, request, max_depth, a),
            )
        });
        for (request, outcome) in batch.iter().zip(outcomes.drain(..)) {
            fold(request, outcome, &mut by_principal, &mut skipped);
        }
    }
    progress(requests.len(), requests.len());
    report(requests.len(), by_principal, skipped)
}

/// How many requests are asked together: enough to keep every core busy, few enough that a
/// progress bar moves.
const REQUESTS_AT_ONCE: usize = 64;

/// Who reaches a request in each model (or why it cannot be asked).
type Outcome = (
    Result<BTreeMap<String, Reach>, String>,
    Result<BTreeMap<String, Reach>, String>,
);

/// Adds the changes of one request to `by_principal` (or the request to `skipped`).
fn fold(
    request: &DiffRequest,
    outcome: Outcome,
    by_principal: &mut BTreeMap<String, Vec<Change>>,
    skipped: &mut Vec<SkippedRequest>,
) {
    {
        let probe = &request.probe;
        let (old, new) = match outcome {
            (Ok(old), Ok(new)) => (old, new),
            (Err(reason), _) | (_, Err(reason)) => {
                skipped.push(SkippedRequest {
                    action: probe.action.clone(),
                    resource: probe.resource.clone(),
                    reason,
                });
                return;
            }
        };
        for (principal, reach_after) in &new {
            if !old.contains_key(principal) {
                by_principal
                    .entry(principal.clone())
                    .or_default()
                    .push(Change {
                        kind: ChangeKind::Granted,
                        action: probe.action.clone(),
                        resource: probe.resource.clone(),
                        before: None,
                        after: Some(reach_after.clone()),
                    });
            }
        }
        for (principal, reach_before) in &old {
            if !new.contains_key(principal) {
                by_principal
                    .entry(principal.clone())
                    .or_default()
                    .push(Change {
                        kind: ChangeKind::Revoked,
                        action: probe.action.clone(),
                        resource: probe.resource.clone(),
                        before: Some(reach_before.clone()),
                        after: None,
                    });
            }
        }
    }
}

/// The report of the folded changes, principals with new grants first.
fn report(
    requests: usize,
    by_principal: BTreeMap<String, Vec<Change>>,
    skipped: Vec<SkippedRequest>,
) -> DiffReport {
    let mut principals: Vec<PrincipalChanges> = by_principal
        .into_iter()
        .map(|(principal, mut changes)| {
            changes.sort_by(|a, b| {
                (a.kind, &a.action, &a.resource).cmp(&(b.kind, &b.action, &b.resource))
            });
            let granted = changes
                .iter()
                .filter(|c| c.kind == ChangeKind::Granted)
                .count();
            PrincipalChanges {
                revoked: changes.len() - granted,
                granted,
                principal,
                changes,
            }
        })
        .collect();
    principals.sort_by(|a, b| {
        (b.granted > 0)
            .cmp(&(a.granted > 0))
            .then_with(|| a.principal.cmp(&b.principal))
    });
    let granted = principals.iter().map(|p| p.granted).sum();
    let revoked = principals.iter().map(|p| p.revoked).sum();
    DiffReport {
        requests,
        changed: granted + revoked,
        granted,
        revoked,
        principals,
        skipped,
    }
}

/// The escalation graphs of both models for each (context, MFA) the requests carry (a request
/// list usually has one): a graph remembers the edges it found, so the requests share them.
/// Escalation requests go to IAM and the services that run compute: they carry the request's own
/// keys, not the target's region (as who-can).
struct Graphs<'m> {
    keys: Vec<(&'m Context, bool)>,
    before: Vec<Graph<'m>>,
    after: Vec<Graph<'m>>,
}

impl<'m> Graphs<'m> {
    fn new(
        before: &'m Model,
        after: &'m Model,
        requests: &'m [DiffRequest],
        edges: EdgeMode,
    ) -> Graphs<'m> {
        let mut graphs = Graphs {
            keys: Vec::new(),
            before: Vec::new(),
            after: Vec::new(),
        };
        if edges == EdgeMode::Assume {
            return graphs;
        }
        for r in requests {
            if graphs.index(r).is_none() {
                graphs.keys.push((&r.context, r.mfa));
                graphs.before.push(Graph::new(before, &r.context, r.mfa));
                graphs.after.push(Graph::new(after, &r.context, r.mfa));
            }
        }
        graphs
    }

    fn index(&self, r: &DiffRequest) -> Option<usize> {
        self.keys
            .iter()
            .position(|(context, mfa)| *mfa == r.mfa && **context == r.context)
    }

    /// The graphs of the request's (context, MFA); none when only role assumption is followed.
    fn of(&self, r: &DiffRequest) -> (Option<&Graph<'m>>, Option<&Graph<'m>>) {
        match self.index(r) {
            Some(i) => (self.before.get(i), self.after.get(i)),
            None => (None, None),
        }
    }
}

/// Who reaches the request in `model`: principal ARN → how.
fn reach(
    model: &Model,
    request: &DiffRequest,
    max_depth: usize,
    graph: Option<&Graph<'_>>,
) -> Result<BTreeMap<String, Reach>, String> {
    let target = model
        .target(&request.probe.action, &request.probe.resource)
        .map_err(|e| e.message)?;
    let mut context = request.context.clone();
    crate::access::default_region(&mut context, &target);
    let assumptions = Assumptions {
        mfa: request.mfa,
        context,
        max_depth,
    };
    let found = match graph {
        // No key unknown: no formula is built, so none can grow too large.
        Some(graph) => crate::access::who_can_with(
            graph,
            &target,
            &assumptions,
            &Unknown::default(),
            &mut |_, _| {},
        )
        .unwrap_or_default(),
        None => who_can(&model.world, &target, &assumptions),
    };
    // A named principal that this model lacks reaches nothing here.
    let only = match &request.principal {
        Some(name) => match model.find_identity(name) {
            Ok(i) => Some(
                model
                    .world
                    .identities
                    .get(i)
                    .map(|id| id.arn.clone())
                    .unwrap_or_default(),
            ),
            Err(_) => return Ok(BTreeMap::new()),
        },
        None => None,
    };
    Ok(found
        .into_iter()
        .filter(|e| only.as_ref().is_none_or(|p| *p == e.principal))
        .map(|e: WhoCanEntry| {
            (
                e.principal,
                Reach {
                    via: e.chain.iter().map(|h| h.kind.to_owned()).collect(),
                    chain: e.chain.into_iter().map(|h| h.role).collect(),
                    reason: e.reason,
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests;
