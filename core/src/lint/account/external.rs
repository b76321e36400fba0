//! External access: roles that principals outside can assume, and resources they can use,
//! decided by evaluating synthetic outside callers (see `probe.rs`) against the model.

use super::candidates::{candidate_actions, candidate_resources};
use super::documents::{ByPath, Document};
use super::probe::{self, Probe, Who};
use super::report::{report, Grant, Subject};
use super::scope::{account_of, Scope};
use crate::assume::{assume_role, AssumeMethod, AssumeOutcome, AssumeParams, Caller, RoleDef};
use crate::diag::Diagnostic;
use crate::eval::{decide_explained, Decision, PolicyType, StatementHit};
use crate::json::Span;
use crate::lint::support::{aws_principals, principal_entries};
use crate::model::{Model, ModelResource};
use crate::policy::{Effect, PrincipalType};
use crate::request::Request;

/// The findings for every role and resource of the model.
pub(super) fn check(model: &Model, scope: &Scope, docs: &ByPath, out: &mut Vec<Diagnostic>) {
    for role in &model.world.roles {
        let Some(trust) = &role.trust else { continue };
        let Some(&doc) = docs.get(trust.source.path.as_str()) else {
            continue;
        };
        let grants = role_grants(role, scope, doc);
        report(&grants, scope, &Subject::Role(&role.arn), out);
    }
    for res in &model.resources {
        let Some(policy) = &res.policy else { continue };
        let Some(&doc) = docs.get(policy.source.path.as_str()) else {
            continue;
        };
        let grants = resource_grants(model, res, scope, doc);
        report(&grants, scope, &Subject::Resource(&res.arn), out);
    }
}

/// The outsiders a policy names: AWS principals of accounts outside, one probe per account.
fn named_outsiders(doc: &Document, owner: &str, scope: &Scope) -> Vec<Probe> {
    let mut probes: Vec<Probe> = Vec::new();
    for st in doc
        .policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
    {
        for entry in aws_principals(st) {
            let Some(account) = account_of(&entry.value) else {
                continue;
            };
            let known = probes
                .iter()
                .any(|p| p.who == Who::Account(account.to_owned()));
            if known || scope.is_inside(account, owner) {
                continue;
            }
            probes.extend(probe::in_account(account, &entry.value));
        }
    }
    probes
}

/// The principal ARN patterns the Allow statements' conditions accept (`aws:PrincipalArn`,
/// `aws:SourceArn` is not a principal and is left out).
fn principal_arn_patterns(doc: &Document) -> Vec<&str> {
    doc.policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
        .flat_map(|s| s.conditions.iter())
        .filter(|c| c.key.value.eq_ignore_ascii_case("aws:PrincipalArn"))
        .flat_map(|c| c.values.iter().map(|v| v.value.as_str()))
        .collect()
}

/// Callers of any account: a role session, and the principals the conditions' patterns shape.
fn any_account_probes(doc: &Document) -> Vec<Probe> {
    let mut probes: Vec<Probe> = probe::any_account().into_iter().collect();
    probes.extend(probe::any_account_shaped_by(&principal_arn_patterns(doc)));
    probes
}

fn allowing_hits(hits: &[StatementHit]) -> impl Iterator<Item = &StatementHit> {
    hits.iter()
        .filter(|h| h.policy_type == PolicyType::Resource && h.effect == Effect::Allow)
}

fn assume(probe: &Probe, role: &RoleDef, external_id: Option<&str>) -> AssumeOutcome {
    let caller = Caller {
        principal: probe.principal.clone(),
        policies: probe.policies.clone(),
        context: probe.context.clone(),
        session: None,
    };
    let params = AssumeParams {
        session_name: "iamsim-external".into(),
        external_id: external_id.map(str::to_owned),
        mfa: true,
        ..AssumeParams::default()
    };
    assume_role(&caller, role, &AssumeMethod::AssumeRole, &params)
}

fn role_grants(role: &RoleDef, scope: &Scope, doc: &Document) -> Vec<Grant> {
    let mut probes = any_account_probes(doc);
    probes.extend(named_outsiders(doc, &role.account, scope));
    let external_ids = probe::expected_external_ids(role);
    let mut grants = Vec::new();
    for probe in probes {
        let tries = std::iter::once(None).chain(external_ids.iter().map(|id| Some(id.as_str())));
        for id in tries {
            let outcome = assume(&probe, role, id);
            if outcome.decision != Decision::Allowed {
                continue;
            }
            let hits = outcome
                .checks
                .first()
                .map_or(&[][..], |c| &c.trace.statements);
            for hit in allowing_hits(hits) {
                // Several callers of any account may get in through one statement: one finding.
                if grants
                    .iter()
                    .any(|g: &Grant| g.path == hit.path && g.who == probe.who)
                {
                    continue;
                }
                grants.push(Grant {
                    path: hit.path.clone(),
                    span: Span {
                        start: hit.start,
                        end: hit.end,
                    },
                    sid: hit.sid.clone(),
                    who: probe.who.clone(),
                    external_id: id.map(str::to_owned),
                    actions: Vec::new(),
                });
            }
            break;
        }
    }
    grants
}

fn resource_grants(
    model: &Model,
    res: &ModelResource,
    scope: &Scope,
    doc: &Document,
) -> Vec<Grant> {
    let prefix = res.arn.split(':').nth(2).unwrap_or_default().to_owned();
    let mut probes = vec![probe::anonymous()];
    probes.extend(any_account_probes(doc));
    probes.extend(named_outsiders(doc, &res.account, scope));
    for st in doc
        .policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
    {
        for svc in principal_entries(st, PrincipalType::Service) {
            if !probes
                .iter()
                .any(|p| p.who == Who::Service(svc.value.clone()))
            {
                probes.extend(probe::service(&svc.value));
            }
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for st in doc
        .policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
    {
        for action in candidate_actions(st, &prefix) {
            for resource in candidate_resources(st, &res.arn) {
                let pair = (action.clone(), resource);
                if !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
        }
    }
    let mut grants: Vec<Grant> = Vec::new();
    for probe in &probes {
        for (action, resource) in &pairs {
            let Ok(target) = model.target(action, resource) else {
                continue;
            };
            let mut req = Request {
                principal: probe.principal.clone(),
                action: target.action.clone(),
                resource: target.resource.clone(),
                resource_account: target.resource_account.clone(),
                context: probe.context.clone(),
            };
            req.fill_principal_keys();
            let trace = decide_explained(&req, &probe.policies, &target.resource_policies);
            if trace.decision != Decision::Allowed {
                continue;
            }
            for hit in allowing_hits(&trace.statements) {
                match grants
                    .iter_mut()
                    .find(|g| g.path == hit.path && g.who == probe.who)
                {
                    Some(g) => {
                        if !g.actions.contains(action) {
                            g.actions.push(action.clone());
                        }
                    }
                    None => grants.push(Grant {
                        path: hit.path.clone(),
                        span: Span {
                            start: hit.start,
                            end: hit.end,
                        },
                        sid: hit.sid.clone(),
                        who: probe.who.clone(),
                        external_id: None,
                        actions: vec![action.clone()],
                    }),
                }
            }
        }
    }
    grants
}
