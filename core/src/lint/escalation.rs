//! Privilege escalation in identity policies: IAM actions that let a principal give itself (or a
//! role it controls) more access, unless a permissions boundary is required.
//!
//! Wildcards count: `iam:*`, `iam:Put*` and `iam:*Policy*` grant the same actions as their
//! expansion. `"Action": "*"` is left to `allow-all-actions`.

use super::rules::*;
use super::support::*;
use crate::catalog::wildcard_match;
use crate::diag::Diagnostic;
use crate::policy::{Polarity, PolicyKind, Statement};

/// Actions that change who may do what, and so let their holder escalate.
const ESCALATION_ACTIONS: [&str; 17] = [
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
];

/// Actions that start code running under a role passed with `iam:PassRole`.
const PASSROLE_PARTNERS: [&str; 10] = [
    "lambda:CreateFunction",
    "ec2:RunInstances",
    "cloudformation:CreateStack",
    "glue:CreateDevEndpoint",
    "glue:CreateJob",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateTrainingJob",
    "codebuild:CreateProject",
    "ecs:RunTask",
    "datapipeline:CreatePipeline",
];

const BOUNDARY_KEY: &str = "iam:PermissionsBoundary";
const PASSED_TO_SERVICE: &str = "iam:PassedToService";

pub(super) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind != PolicyKind::Identity {
        return;
    }
    let allowing: Vec<&Statement> = cx.policy.statements.iter().filter(|s| allows(s)).collect();
    for st in &allowing {
        escalation(st, out);
        passrole(st, out);
    }
    combo(&allowing, out);
}

/// Whether the statement's resources reach beyond named principals: `*`, a wildcard, or
/// `NotResource`. Resources scoped to the caller (`${aws:username}`) are its own.
fn reaches_others(st: &Statement) -> bool {
    match &st.resource {
        None => false,
        Some(r) if r.polarity == Polarity::AllExcept => true,
        Some(r) => r
            .items
            .iter()
            .any(|i| !i.value.contains("${aws:username}") && has_wildcard(&i.value)),
    }
}

fn escalation(st: &Statement, out: &mut Vec<Diagnostic>) {
    if tests_key(st, &[BOUNDARY_KEY]) || !reaches_others(st) {
        return;
    }
    let Some(items) = listed_actions(st) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if item.value == "*" {
            continue;
        }
        let hits: Vec<String> = ESCALATION_ACTIONS
            .iter()
            .filter(|a| wildcard_match(&item.value, a))
            .map(|a| (*a).to_owned())
            .collect();
        if hits.is_empty() {
            continue;
        }
        out.push(
            PRIVILEGE_ESCALATION
                .at(
                    format!(
                        "`{}` allows {} on any principal, which lets the holder grant itself more access",
                        item.value,
                        name_some(&hits)
                    ),
                    action_path(st, i),
                    item.span,
                )
                .with_hint("scope `Resource` to specific principals, or require `iam:PermissionsBoundary` in a condition"),
        );
    }
}

/// `iam:PassRole` on every role (`*` or `role/*`) without `iam:PassedToService`.
fn passes_any_role(st: &Statement) -> bool {
    if tests_key(st, &[PASSED_TO_SERVICE]) {
        return false;
    }
    match &st.resource {
        None => false,
        Some(r) if r.polarity == Polarity::AllExcept => true,
        Some(r) => r.items.iter().any(|i| {
            i.value == "*"
                || crate::arn::Arn::parse(&i.value)
                    .is_some_and(|a| a.service == "iam" && matches!(a.resource, "*" | "role/*"))
        }),
    }
}

fn passrole(st: &Statement, out: &mut Vec<Diagnostic>) {
    let Some((i, item)) = grants(st, "iam:PassRole") else {
        return;
    };
    if passes_any_role(st) {
        out.push(
            PASSROLE_ON_ANY_RESOURCE
                .at(
                    format!("`{}` allows passing any role to any service", item.value),
                    action_path(st, i),
                    item.span,
                )
                .with_hint("list the role ARNs in `Resource` and add `\"StringEquals\": {\"iam:PassedToService\": \"…\"}`"),
        );
    }
}

/// PassRole in one statement plus a compute-creating action in any allowing statement.
fn combo(allowing: &[&Statement], out: &mut Vec<Diagnostic>) {
    let Some((st, i, item)) = allowing.iter().find_map(|st| {
        let (i, item) = grants(st, "iam:PassRole")?;
        passes_any_role(st).then_some((*st, i, item))
    }) else {
        return;
    };
    let partners: Vec<String> = PASSROLE_PARTNERS
        .iter()
        .filter(|p| allowing.iter().any(|s| grants(s, p).is_some()))
        .map(|p| (*p).to_owned())
        .collect();
    if partners.is_empty() {
        return;
    }
    out.push(
        PASSROLE_ESCALATION_COMBO
            .at(
                format!(
                    "`{}` on any role together with {} lets the holder run code as any passable role",
                    item.value,
                    name_some(&partners)
                ),
                action_path(st, i),
                item.span,
            )
            .with_hint("limit `iam:PassRole` to the roles that service needs, with `iam:PassedToService`"),
    );
}

/// `privilege-escalation-path` (`validate --model`): every principal of the model that can become
/// admin-equivalent through escalation techniques, mixed with role assumption, and not by role
/// assumption alone — decided by the escalation search of `paths` and `who-can`
/// ([`crate::escalation::admin_paths`]). The finding is located at the statement to narrow: the
/// one that allowed the first action of the chain's first technique (for an AWS managed policy,
/// which is not in the model text, at the principal that performs it).
pub(super) fn model_paths(
    model: &crate::model::Model,
    root: &crate::json::JsonValue,
    out: &mut Vec<Diagnostic>,
) {
    let graph = crate::escalation::Graph::new(model, &crate::context::Context::new(), true);
    let max_depth = crate::access::Assumptions::default().max_depth;
    for found in crate::escalation::admin_paths(&graph, max_depth) {
        let Some(principal) = model.world.identities.get(found.principal) else {
            continue;
        };
        let in_model = found
            .fix
            .as_ref()
            .filter(|f| f.path.starts_with("/accounts/") && f.span.start < f.span.end);
        let located = match in_model {
            Some(f) => Some((f.path.clone(), f.span)),
            None => locate_principal(root, &found.actor),
        };
        let Some((path, span)) = located else {
            continue;
        };
        let chain: Vec<String> = found
            .hops
            .iter()
            .map(|h| match &h.via {
                Some(via) if *via != h.to => format!("-[{} on {}]-> {}", h.kind, via, h.to),
                _ => format!("-[{}]-> {}", h.kind, h.to),
            })
            .collect();
        let action = found.edge.actions.first();
        let statement = match &found.fix {
            Some(f) => match &f.sid {
                Some(sid) => format!("statement `{sid}` of `{}`", f.policy),
                None => format!("the statement at {} of `{}`", f.path, f.policy),
            },
            None => "the statement".to_owned(),
        };
        let hint = format!(
            "narrow {statement}, which allows `{}` on `{}` to `{}` (the first escalation technique of the chain, `{}`): scope its resources or add a condition",
            action.map_or("", |a| a.action.as_str()),
            action.map_or("", |a| a.resource.as_str()),
            found.actor,
            found.edge.technique.id,
        );
        out.push(
            PRIVILEGE_ESCALATION_PATH
                .at(
                    format!(
                        "`{}` can become admin-equivalent by privilege escalation: {} {} (admin-equivalent)",
                        principal.arn,
                        principal.arn,
                        chain.join(" ")
                    ),
                    path,
                    span,
                )
                .with_hint(hint),
        );
    }
}

/// The definition of the user or role `arn` in the model text: `/accounts/ID/users/N` or
/// `/accounts/ID/roles/N`.
fn locate_principal(
    root: &crate::json::JsonValue,
    arn: &str,
) -> Option<(String, crate::json::Span)> {
    let parsed = crate::arn::Arn::parse(arn)?;
    let (list, rest) = parsed
        .resource
        .strip_prefix("user/")
        .map(|r| ("users", r))
        .or_else(|| parsed.resource.strip_prefix("role/").map(|r| ("roles", r)))?;
    let name = rest.rsplit('/').next()?;
    let entries = root
        .get("accounts")?
        .get(parsed.account)?
        .get(list)?
        .as_array()?;
    let (i, entry) = entries
        .iter()
        .enumerate()
        .find(|(_, e)| e.get("name").and_then(|n| n.as_str()) == Some(name))?;
    let mut path = String::new();
    for segment in ["accounts", parsed.account, list] {
        crate::json::push_segment(&mut path, segment);
    }
    crate::json::push_index(&mut path, i);
    Some((path, entry.span))
}
