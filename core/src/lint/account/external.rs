//! External access: roles and resources that principals outside the organization can reach.
//!
//! Every role's trust policy and every resource policy is asked, with the real evaluation flow
//! (the resource or trust policy, the resource account's RCPs), whether a principal of each
//! account it names outside the organization — and of an unnamed outside account, which catches
//! `"*"` — may perform the actions it grants. The outside principal is assumed to be allowed by
//! its own account (an identity policy allowing everything): only our side is judged.

use super::documents::{Document, Owner};
use super::principals::{named_accounts, statement_accounts, statements};
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::context::Context;
use crate::diag::Diagnostic;
use crate::eval::{decide_explained, CallerPolicies, Decision, PolicyType};
use crate::json::JsonValue;
use crate::lint::rules::{EXTERNAL_ACCESS, EXTERNAL_ACCESS_CONDITIONAL};
use crate::model::Model;
use crate::policy::Effect;
use crate::policy::{parse_policy, PolicyKind};
use crate::request::{Principal, Request};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The outside principal's own side: it may do anything.
fn allow_everything() -> Option<Arc<CompiledPolicy>> {
    let parsed = parse_policy(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
    );
    let source = PolicySource {
        kind: PolicyKind::Identity,
        label: "the outside principal's own policies (assumed to allow)".into(),
        path: String::new(),
    };
    parsed.policy.map(|p| Arc::new(compile_policy(&p, source)))
}

/// The accounts of "us": the organization's accounts, or the model's when it has none.
fn internal_accounts(model: &Model) -> BTreeSet<&str> {
    let in_org = model.org_id.is_some();
    model
        .accounts
        .iter()
        .filter(|a| !in_org || a.in_organization)
        .map(|a| a.id.as_str())
        .collect()
}

/// A 12-digit account that is nowhere in the model: stands for "any other account".
fn unnamed_account(model: &Model) -> String {
    (1u64..)
        .map(|n| format!("{:012}", 100_000_000_000 - n))
        .find(|id| !model.accounts.iter().any(|a| a.id == *id))
        .unwrap_or_else(|| "000000000000".into())
}

/// Adds `external-access` and `external-access-conditional` findings for `docs`.
pub fn check(model: &Model, docs: &[Document], out: &mut Vec<Diagnostic>) {
    let Some(everything) = allow_everything() else {
        return;
    };
    let caller = CallerPolicies {
        identity: vec![everything],
        ..CallerPolicies::default()
    };
    let internal = internal_accounts(model);
    let anyone = unnamed_account(model);
    for doc in docs {
        let (target_arn, is_trust) = match &doc.owner {
            Owner::Trust { role_arn } => (role_arn.clone(), true),
            Owner::Resource { .. } => match model
                .resources
                .iter()
                .find(|r| r.policy.as_ref().is_some_and(|p| p.source.path == doc.path))
            {
                Some(r) => (r.arn.clone(), false),
                None => continue,
            },
            Owner::Other => continue,
        };
        let named = named_accounts(doc.value);
        let mut outside: Vec<(String, bool)> = named
            .accounts
            .iter()
            // A partner account's trust in itself is not external access to us.
            .filter(|a| {
                !internal.contains(a.as_str()) && doc.account.as_deref() != Some(a.as_str())
            })
            .map(|a| (a.clone(), true))
            .collect();
        if named.wildcard {
            outside.push((anyone.clone(), false));
        }
        for (account, is_named) in outside {
            let who = if is_named {
                format!("account {account}, outside the organization,")
            } else {
                "any AWS account".to_owned()
            };
            let probes = requests_of(doc.value, &target_arn, is_trust);
            let mut reported = false;
            for (action, resource) in &probes {
                let Ok(target) = model.target(action, resource) else {
                    continue;
                };
                let session = format!("arn:aws:sts::{account}:assumed-role/iamsim-outside/probe");
                let role = format!("arn:aws:iam::{account}:role/iamsim-outside");
                let Ok(principal) = Principal::parse(&session, Some(&role)) else {
                    continue;
                };
                let mut request = Request {
                    principal,
                    action: target.action.clone(),
                    resource: target.resource.clone(),
                    resource_account: target.resource_account.clone(),
                    context: Context::new(),
                };
                request.fill_principal_keys();
                let trace = decide_explained(&request, &caller, &target.resource_policies);
                if trace.decision != Decision::Allowed {
                    continue;
                }
                let Some(hit) = trace.statements.iter().find(|h| {
                    h.effect == Effect::Allow
                        && h.policy_type == PolicyType::Resource
                        && h.path.starts_with(&doc.path)
                }) else {
                    continue;
                };
                let what = if is_trust {
                    format!("role `{target_arn}` can be assumed by {who} with no condition to meet")
                } else {
                    format!("{who} may `{action}` on `{resource}` with no condition to meet")
                };
                let span = crate::json::Span::new(hit.start as usize, hit.end as usize);
                out.push(
                    EXTERNAL_ACCESS
                        .at(what, hit.path.clone(), span)
                        .with_hint(EXTERNAL_ACCESS.help),
                );
                reported = true;
                break;
            }
            if !reported && is_named {
                conditional(doc, &account, is_trust, &target_arn, out);
            }
        }
    }
}

/// The requests to ask of a document: `sts:AssumeRole` on the role for a trust policy; for a
/// resource policy, each action its `Allow` statements grant (as written) on each resource they
/// name (or the resource itself).
fn requests_of(doc: &JsonValue, target_arn: &str, is_trust: bool) -> Vec<(String, String)> {
    if is_trust {
        return vec![("sts:AssumeRole".into(), target_arn.to_owned())];
    }
    let mut out = Vec::new();
    for st in statements(doc) {
        if st.get("Effect").and_then(JsonValue::as_str) != Some("Allow") {
            continue;
        }
        let list = |name: &str| -> Vec<String> {
            match st.get(name) {
                Some(v) => match v.as_array() {
                    Some(items) => items
                        .iter()
                        .filter_map(JsonValue::as_str)
                        .map(str::to_owned)
                        .collect(),
                    None => v.as_str().map(str::to_owned).into_iter().collect(),
                },
                None => Vec::new(),
            }
        };
        let mut resources = list("Resource");
        if resources.is_empty() || resources.iter().any(|r| r == "*") {
            resources = vec![target_arn.to_owned()];
        }
        for action in list("Action") {
            for resource in &resources {
                out.push((action.clone(), resource.clone()));
            }
        }
    }
    out
}

/// An outside account named by an `Allow` statement whose conditions kept our probe out: listed
/// with the condition keys that guard it.
fn conditional(
    doc: &Document,
    account: &str,
    is_trust: bool,
    target_arn: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (i, st) in statements(doc.value).into_iter().enumerate() {
        if st.get("Effect").and_then(JsonValue::as_str) != Some("Allow") {
            continue;
        }
        let names = statement_accounts(st);
        if !names.contains(account) {
            continue;
        }
        let keys: Vec<String> = st
            .get("Condition")
            .and_then(JsonValue::as_object)
            .unwrap_or_default()
            .iter()
            .flat_map(|(_, block)| block.as_object().unwrap_or_default().iter())
            .map(|(k, _)| format!("`{}`", k.text))
            .collect();
        let guard = if keys.is_empty() {
            "other policies".to_owned()
        } else {
            keys.join(", ")
        };
        let what = if is_trust {
            format!("role `{target_arn}` trusts account {account}, outside the organization, guarded by {guard}")
        } else {
            format!("`{target_arn}` grants account {account}, outside the organization, access guarded by {guard}")
        };
        let path = match doc.value.get("Statement").map(|s| s.as_array().is_some()) {
            Some(true) => format!("{}/Statement/{i}", doc.path),
            _ => format!("{}/Statement", doc.path),
        };
        out.push(
            EXTERNAL_ACCESS_CONDITIONAL
                .at(what, path, st.span)
                .with_hint(EXTERNAL_ACCESS_CONDITIONAL.help),
        );
    }
}
