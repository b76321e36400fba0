//! External access: roles that principals outside can assume, and resources they can use,
//! decided by evaluating synthetic outside callers (see `probe.rs`) against the model.

use super::documents::Document;
use super::probe::{self, Probe, Who};
use super::scope::{account_of, Scope};
use crate::assume::{assume_role, AssumeMethod, AssumeOutcome, AssumeParams, Caller, RoleDef};
use crate::catalog::Catalog;
use crate::diag::Diagnostic;
use crate::eval::{decide_explained, Decision, PolicyType, StatementHit};
use crate::json::Span;
use crate::lint::rules::{EXTERNAL_ACCOUNT_ACCESS, PUBLIC_ACCESS, SERVICE_ACCESS_ANY_ACCOUNT};
use crate::lint::support::{aws_principals, principal_entries};
use crate::model::{Model, ModelResource};
use crate::policy::{Effect, Polarity, PrincipalType, Statement};
use crate::request::Request;

/// One statement that lets one kind of outsider in.
struct Grant {
    path: String,
    span: Span,
    sid: Option<String>,
    who: Who,
    /// For roles: the ExternalId the caller had to pass; for resources: unused.
    external_id: Option<String>,
    actions: Vec<String>,
}

/// The findings for every role and resource of the model.
pub(super) fn check(model: &Model, scope: &Scope, docs: &[Document], out: &mut Vec<Diagnostic>) {
    for role in &model.world.roles {
        let Some(trust) = &role.trust else { continue };
        let Some(doc) = docs.iter().find(|d| d.path == trust.source.path) else {
            continue;
        };
        let grants = role_grants(role, scope, doc);
        report(&grants, scope, &format!("assume role `{}`", role.arn), out);
    }
    for res in &model.resources {
        let Some(policy) = &res.policy else { continue };
        let Some(doc) = docs.iter().find(|d| d.path == policy.source.path) else {
            continue;
        };
        let grants = resource_grants(model, res, scope, doc);
        report(&grants, scope, &format!("use `{}`", res.arn), out);
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
    let mut probes: Vec<Probe> = probe::any_account().into_iter().collect();
    probes.extend(named_outsiders(doc, &role.account, scope));
    // An ExternalId is not a secret: whoever is told it can pass it, so try the ones the trust
    // policy expects.
    let external_ids: Vec<String> = role
        .trust
        .iter()
        .flat_map(|t| t.statements.iter())
        .flat_map(|st| st.conditions.iter())
        .filter(|c| &*c.key == "sts:externalid")
        .flat_map(|c| {
            c.literal_values()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
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
                grants.push(Grant {
                    path: hit.path.clone(),
                    span: Span {
                        start: hit.start,
                        end: hit.end,
                    },
                    sid: hit.sid.clone(),
                    who: probe.who.clone(),
                    external_id: id.map(str::to_owned),
                    actions: vec!["sts:AssumeRole".into()],
                });
            }
            break;
        }
    }
    grants
}

/// The actions a statement could grant on a resource of service `prefix`, wildcards expanded.
fn candidate_actions(st: &Statement, prefix: &str) -> Vec<String> {
    let catalog = Catalog::global();
    let Some(clause) = &st.action else {
        return Vec::new();
    };
    let patterns: Vec<String> = match clause.polarity {
        Polarity::Listed => clause.items.iter().map(|a| a.value.clone()).collect(),
        Polarity::AllExcept => vec![format!("{prefix}:*")],
    };
    let mut out: Vec<String> = Vec::new();
    for p in patterns {
        let p = if p == "*" { format!("{prefix}:*") } else { p };
        let Some((svc, _)) = p.split_once(':') else {
            continue;
        };
        if !svc.eq_ignore_ascii_case(prefix) {
            continue;
        }
        if p.contains(['*', '?']) {
            out.extend(
                catalog
                    .expand_action_pattern(&p)
                    .iter()
                    .map(|a| a.full_name()),
            );
        } else {
            out.push(p);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Concrete resources a statement could name: the resource itself and, for each Resource entry
/// under it, the entry with its wildcards filled in (S3 objects are under their bucket).
fn candidate_resources(st: &Statement, arn: &str) -> Vec<String> {
    let mut out = vec![arn.to_owned()];
    if arn.starts_with("arn:aws:s3:::") && !arn.contains('/') {
        out.push(format!("{arn}/iamsim-external"));
    }
    let listed = st
        .resource
        .as_ref()
        .filter(|r| r.polarity == Polarity::Listed)
        .map_or(&[][..], |r| r.items.as_slice());
    for entry in listed {
        let v = &entry.value;
        if v.contains("${") || !v.starts_with(arn) {
            continue;
        }
        let filled = v.replace(['*', '?'], "x");
        if !out.contains(&filled) {
            out.push(filled);
        }
    }
    out
}

fn resource_grants(
    model: &Model,
    res: &ModelResource,
    scope: &Scope,
    doc: &Document,
) -> Vec<Grant> {
    let prefix = res.arn.split(':').nth(2).unwrap_or_default().to_owned();
    let mut probes = vec![probe::anonymous()];
    probes.extend(probe::any_account());
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

fn statement_name(g: &Grant) -> String {
    match &g.sid {
        Some(sid) => format!("statement `{sid}`"),
        None => "this statement".into(),
    }
}

fn what(g: &Grant, verb: &str) -> String {
    if g.actions.iter().all(|a| a == "sts:AssumeRole") {
        return verb.to_owned();
    }
    let names: Vec<String> = g.actions.clone();
    format!(
        "call {} on {}",
        crate::lint::support::name_some(&names),
        verb.trim_start_matches("use ")
    )
}

fn with_id(g: &Grant) -> String {
    match &g.external_id {
        Some(id) => format!(" when it passes the ExternalId `{id}` (not a secret)"),
        None => String::new(),
    }
}

/// One finding per statement and kind of outsider; public access hides the narrower ones.
fn report(grants: &[Grant], scope: &Scope, verb: &str, out: &mut Vec<Diagnostic>) {
    for g in grants {
        let public_here = grants
            .iter()
            .any(|o| o.path == g.path && matches!(o.who, Who::AnyAccount | Who::Anonymous));
        let d = match &g.who {
            Who::Anonymous => PUBLIC_ACCESS.at(
                format!(
                    "anyone, even unsigned (anonymous) requests, can {} through {}",
                    what(g, verb),
                    statement_name(g)
                ),
                g.path.clone(),
                g.span,
            ),
            Who::AnyAccount => {
                if grants
                    .iter()
                    .any(|o| o.path == g.path && o.who == Who::Anonymous)
                {
                    continue;
                }
                PUBLIC_ACCESS.at(
                    format!(
                        "any AWS account can {}{} through {}",
                        what(g, verb),
                        with_id(g),
                        statement_name(g)
                    ),
                    g.path.clone(),
                    g.span,
                )
            }
            Who::Account(a) => {
                if public_here {
                    continue;
                }
                let id_note = match (
                    &g.external_id,
                    g.actions.iter().all(|x| x == "sts:AssumeRole"),
                ) {
                    (Some(_), _) => with_id(g),
                    (None, true) => " without an ExternalId".into(),
                    (None, false) => String::new(),
                };
                EXTERNAL_ACCOUNT_ACCESS.at(
                    format!(
                        "{} can {}{id_note} through {}",
                        scope.describe(a),
                        what(g, verb),
                        statement_name(g)
                    ),
                    g.path.clone(),
                    g.span,
                )
            }
            Who::Service(s) => {
                if public_here {
                    continue;
                }
                SERVICE_ACCESS_ANY_ACCOUNT.at(
                    format!(
                        "`{s}` acting for a resource of any account can {} through {}",
                        what(g, verb),
                        statement_name(g)
                    ),
                    g.path.clone(),
                    g.span,
                )
            }
        };
        let rule = crate::lint::rule_for(d.code);
        out.push(match rule {
            Some(r) => d.with_hint(r.help),
            None => d,
        });
    }
}
