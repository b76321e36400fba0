//! Entry points from outside the model: accounts a trust or resource policy names that the model
//! does not hold, any AWS account (a `*` principal), and anonymous callers. Their principals are
//! unknown, so who-can lists each as a source ("any principal of 999988887777 its administrator
//! allows", "any AWS account") — otherwise "nobody outside the organization reads prod logs" would
//! pass while a vendor account named in a trust policy can. Each is decided with the full
//! evaluation over the synthetic callers of [`super::probe`] (an outsider's own policies allow
//! everything, and it can use MFA and pass the ExternalId a trust policy expects).

use super::probe::{self, Probe, Who};
use super::search::{Hop, Requirement, Target};
use crate::assume::{assume_role, AssumeMethod, AssumeParams, Caller, RoleDef};
use crate::compile::{CompiledPolicy, NamedPrincipal};
use crate::eval::{decide_explained, Decision};
use crate::policy::Effect;
use crate::query::facts::apply_facts;
use crate::request::Request;
use std::collections::HashSet;

/// A caller from outside the model that reaches a role or the target.
pub(crate) struct OutsideEntry {
    /// The principal as the policy names it (`arn:aws:iam::999988887777:root`), `*` for any AWS
    /// account, `anonymous` for unsigned requests.
    pub principal: String,
    /// Its account; `*` for any account and anonymous callers.
    pub account: String,
    /// `outside-account`, `any-account` or `anonymous`.
    pub kind: &'static str,
    /// The hop into the role (`None`: it performs the target request directly).
    pub hop: Option<Hop>,
    pub reason: String,
}

/// The outside callers an Allow statement of `policy` may admit: one per account it names that
/// the model does not hold, and any AWS account when it names `*` (shaped by its
/// `aws:PrincipalArn` patterns).
fn outside_probes(policy: &CompiledPolicy, known: &HashSet<&str>) -> Vec<(String, Probe)> {
    let mut probes: Vec<(String, Probe)> = Vec::new();
    let mut everyone = false;
    let mut patterns: Vec<&str> = Vec::new();
    for st in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let Some(principals) = st.principals.as_ref().filter(|p| !p.is_negated()) else {
            continue;
        };
        for c in st
            .conditions
            .iter()
            .filter(|c| &*c.key == "aws:principalarn")
        {
            patterns.extend(c.values_text.iter().map(|v| &**v));
        }
        for named in principals.named() {
            let (account, entry) = match named {
                NamedPrincipal::Everyone => {
                    everyone = true;
                    continue;
                }
                NamedPrincipal::Account(a) => (a, format!("arn:aws:iam::{a}:root")),
                NamedPrincipal::Arn(arn) => match crate::arn::Arn::parse(arn) {
                    Some(parsed) => (parsed.account, arn.to_owned()),
                    None => continue,
                },
                NamedPrincipal::Role { account, name } => {
                    (account, format!("arn:aws:iam::{account}:role/{name}"))
                }
                _ => continue,
            };
            if known.contains(account) || probes.iter().any(|(e, _)| *e == entry) {
                continue;
            }
            if let Some(p) = probe::in_account(account, &entry) {
                probes.push((entry, p));
            }
        }
    }
    if everyone {
        for p in probe::any_account()
            .into_iter()
            .chain(probe::any_account_shaped_by(&patterns))
        {
            probes.push(("*".to_owned(), p));
        }
    }
    probes
}

/// The probe's context with the keys the question gives (they win, as for every caller).
fn with_given(p: &Probe, given: &crate::context::Context) -> crate::context::Context {
    let mut context = p.context.clone();
    for e in given.entries() {
        context.insert(&e.key, e.values.clone());
    }
    context
}

fn describe(who: &Who) -> (&'static str, String) {
    match who {
        Who::Account(a) => ("outside-account", a.clone()),
        Who::Anonymous => ("anonymous", "*".to_owned()),
        _ => ("any-account", "*".to_owned()),
    }
}

/// Outside callers that can assume `role` (trying the ExternalIds its trust policy expects: the
/// party given one holds it), one entry per principal.
pub(crate) fn role_entries(
    role: &RoleDef,
    known: &HashSet<&str>,
    given: &crate::context::Context,
) -> Vec<OutsideEntry> {
    let Some(trust) = &role.trust else {
        return Vec::new();
    };
    let external_ids = probe::expected_external_ids(role);
    let mut out: Vec<OutsideEntry> = Vec::new();
    for (entry, p) in outside_probes(trust, known) {
        if out.iter().any(|o| o.principal == entry) {
            continue;
        }
        let caller = Caller {
            principal: p.principal.clone(),
            policies: p.policies.clone(),
            context: with_given(&p, given),
            session: None,
        };
        let tries = std::iter::once(None).chain(external_ids.iter().map(|id| Some(id.as_str())));
        for id in tries {
            let params = AssumeParams {
                session_name: "iamsim".into(),
                external_id: id.map(str::to_owned),
                mfa: true,
                ..AssumeParams::default()
            };
            let outcome = assume_role(&caller, role, &AssumeMethod::AssumeRole, &params);
            if outcome.decision != Decision::Allowed {
                continue;
            }
            let reason = outcome
                .checks
                .first()
                .map_or_else(String::new, |c| c.trace.reason.clone());
            let (kind, account) = describe(&p.who);
            out.push(OutsideEntry {
                principal: entry.clone(),
                account,
                kind,
                hop: Some(Hop {
                    from: entry.clone(),
                    role: role.arn.clone(),
                    kind: super::search::ASSUME,
                    decision: Decision::Allowed,
                    reason: reason.clone(),
                    flips: Vec::new(),
                    requires: id
                        .map(|v| Requirement {
                            key: "sts:ExternalId".into(),
                            value: v.to_owned(),
                        })
                        .into_iter()
                        .collect(),
                    via: None,
                    gains: None,
                    actions: Vec::new(),
                }),
                reason,
            });
            break;
        }
    }
    out
}

/// Outside callers the target's resource policy lets perform the request directly: named
/// accounts outside the model, any AWS account, anonymous callers.
pub(crate) fn target_entries(
    target: &Target,
    known: &HashSet<&str>,
    given: &crate::context::Context,
) -> Vec<OutsideEntry> {
    let Some(policy) = &target.resource_policies.resource else {
        return Vec::new();
    };
    // A role's trust policy is decided by `role_entries` (the assumption, with STS's rules).
    if target.action.is_trust_action() {
        return Vec::new();
    }
    let mut probes = outside_probes(policy, known);
    probes.push(("anonymous".to_owned(), probe::anonymous()));
    let mut out: Vec<OutsideEntry> = Vec::new();
    for (entry, p) in probes {
        let (kind, account) = describe(&p.who);
        if out.iter().any(|o| o.principal == entry && o.kind == kind) {
            continue;
        }
        let mut context = with_given(&p, given);
        apply_facts(&mut context, &target.resource_facts);
        let mut req = Request {
            principal: p.principal.clone(),
            action: target.action.clone(),
            resource: target.resource.clone(),
            resource_account: target.resource_account.clone(),
            context,
        };
        req.fill_principal_keys();
        let trace = decide_explained(&req, &p.policies, &target.resource_policies);
        if trace.decision == Decision::Allowed {
            out.push(OutsideEntry {
                principal: entry,
                account,
                kind,
                hop: None,
                reason: trace.reason,
            });
        }
    }
    out
}
