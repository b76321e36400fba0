//! Least privilege: statements that allow far more than a principal usually needs.
//!
//! Only policies that grant (identity, resource and trust policies) are checked: boundaries,
//! session policies, SCPs and RCPs only limit, so `"Action": "*"` there is normal.

use super::rules::*;
use super::support::*;
use crate::catalog::AccessLevel;
use crate::diag::Diagnostic;
use crate::policy::{Polarity, PolicyKind, Statement};

const DEDICATED: [&str; 2] = ["sts:AssumeRole", "iam:PassRole"];

pub(super) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    if !matches!(
        cx.kind,
        PolicyKind::Identity | PolicyKind::Resource | PolicyKind::Trust
    ) {
        return;
    }
    for st in cx.policy.statements.iter().filter(|s| allows(s)) {
        negations(st, out);
        if let Some(items) = listed_actions(st) {
            for (i, item) in items.iter().enumerate() {
                if item.value == "*" {
                    let scope = if on_all_resources(st) {
                        " on every resource: full administrator access"
                    } else {
                        ""
                    };
                    out.push(
                        ALLOW_ALL_ACTIONS
                            .at(
                                format!("the statement allows every action{scope}"),
                                action_path(st, i),
                                item.span,
                            )
                            .with_hint("list the actions the principal needs"),
                    );
                }
            }
        }
        if cx.kind == PolicyKind::Identity {
            broad_identity_grants(cx, st, out);
        }
    }
}

fn negations(st: &Statement, out: &mut Vec<Diagnostic>) {
    if let Some(a) = st
        .action
        .as_ref()
        .filter(|a| a.polarity == Polarity::AllExcept)
    {
        out.push(
            ALLOW_NOT_ACTION
                .at(
                    "`Allow` with `NotAction` allows every action not listed, including actions AWS adds later",
                    join(&st.path, "NotAction"),
                    a.span,
                )
                .with_hint("list the allowed actions with `Action`; use `Deny` + `NotAction` for exceptions"),
        );
    }
    if let Some(r) = st
        .resource
        .as_ref()
        .filter(|r| r.polarity == Polarity::AllExcept)
    {
        out.push(
            ALLOW_NOT_RESOURCE
                .at(
                    "`Allow` with `NotResource` allows every resource not listed, including resources created later",
                    join(&st.path, "NotResource"),
                    r.span,
                )
                .with_hint("list the allowed resources with `Resource`"),
        );
    }
}

/// Service-wide wildcards and write / permissions-management access on `"Resource": "*"`.
fn broad_identity_grants(cx: &Cx<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    if !on_all_resources(st) {
        return;
    }
    let Some(items) = listed_actions(st) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let text = item.value.as_str();
        if text == "*" {
            continue;
        }
        // Built only for a finding.
        let path = || action_path(st, i);
        if let Some(prefix) = text.strip_suffix(":*") {
            out.push(
                SERVICE_WIDE_WILDCARD
                    .at(
                        format!("`{text}` allows every `{prefix}` action on every resource"),
                        path(),
                        item.span,
                    )
                    .with_hint("list the actions the principal needs, or scope `Resource`"),
            );
            continue;
        }
        // Conditions may scope the grant (tags, accounts); only unconditioned grants are flagged.
        if !st.conditions.is_empty() {
            continue;
        }
        let found = cx.expand(text);
        // Wildcard-only actions can only ever be granted on `*`; flagging them would be noise.
        // Role assumption and passing have their own rules (assume-role-on-any-resource,
        // passrole-on-any-resource); counting them here too would report one grant twice.
        let scoped = found.iter().filter(|a| {
            !a.is_wildcard_only()
                && !DEDICATED.iter().any(|d| {
                    // Compared in parts: this runs for every action a pattern expands to.
                    d.split_once(':').is_some_and(|(prefix, name)| {
                        a.service().prefix().eq_ignore_ascii_case(prefix)
                            && a.name().eq_ignore_ascii_case(name)
                    })
                })
        });
        let mut pm = Vec::new();
        let mut write = Vec::new();
        for a in scoped {
            match a.access_level() {
                AccessLevel::PermissionsManagement => pm.push(a.full_name()),
                AccessLevel::Write => write.push(a.full_name()),
                _ => {}
            }
        }
        if !pm.is_empty() {
            out.push(
                PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES
                    .at(
                        format!(
                            "`{text}` allows permissions management ({}) on every resource",
                            name_some(&pm)
                        ),
                        path(),
                        item.span,
                    )
                    .with_hint(
                        "scope `Resource` to the resources whose permissions the principal manages",
                    ),
            );
        } else if !write.is_empty() {
            out.push(
                WRITE_ON_ALL_RESOURCES
                    .at(
                        format!(
                            "`{text}` allows writes ({}) on every resource",
                            name_some(&write)
                        ),
                        path(),
                        item.span,
                    )
                    .with_hint(
                        "scope `Resource` with ARNs, or add conditions such as aws:ResourceTag",
                    ),
            );
        }
    }
}
