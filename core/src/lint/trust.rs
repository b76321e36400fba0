//! Who may get in: trust policies (and, for principal-wide rules, resource policies).
//!
//! A trust policy is the resource policy of `sts:AssumeRole*`; its mistakes let the wrong people
//! (or any GitHub repository, or a service acting for another account) become the role.

use super::rules::*;
use super::support::*;
use crate::arn::{is_account_id, Arn};
use crate::diag::Diagnostic;
use crate::policy::{Polarity, PolicyKind, PrincipalType, PrincipalValue, Spanned, Statement};

/// Condition keys that pin down who the caller is, or from where it calls.
const NARROWING_KEYS: [&str; 14] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalServiceName",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:VpceAccount",
    "aws:userid",
];

/// Keys that name the resource a service acts for (confused-deputy protection).
const SOURCE_KEYS: [&str; 4] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Services that assume roles or write to resources on behalf of a customer resource and pass
/// aws:SourceAccount / aws:SourceArn when they do (AWS "cross-service confused deputy
/// prevention" pages). The first label of the service principal: `logs.us-east-1.amazonaws.com`
/// is `logs`.
const CONFUSED_DEPUTY_SERVICES: [&str; 17] = [
    "backup",
    "cloudtrail",
    "config",
    "datasync",
    "delivery",
    "dms",
    "ecs-tasks",
    "events",
    "firehose",
    "logs",
    "s3",
    "sagemaker",
    "scheduler",
    "sns",
    "ssm",
    "states",
    "transfer",
];

const GITHUB_ISSUER: &str = "token.actions.githubusercontent.com";

pub(super) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    if cx.kind == PolicyKind::Resource {
        for st in cx.policy.statements.iter().filter(|s| !allows(s)) {
            not_principal(st, out);
        }
    }
    for st in cx.policy.statements.iter().filter(|s| allows(s)) {
        match cx.kind {
            PolicyKind::Trust => {
                everyone(st, out);
                service_principals(st, out);
                accounts(cx, st, out);
                federated(st, out);
            }
            PolicyKind::Resource => {
                everyone(st, out);
                service_principals(st, out);
            }
            PolicyKind::Identity => assume_any_role(st, out),
            _ => {}
        }
    }
}

/// Whether a non-negated condition tests one of `keys` (a negated one excludes, it never narrows).
fn narrows(st: &Statement, keys: &[&str]) -> bool {
    st.conditions.iter().any(|c| {
        let op = c.operator.value.base;
        !op.is_negated()
            && op != crate::policy::BaseOperator::Null
            && keys.iter().any(|k| c.key.value.eq_ignore_ascii_case(k))
    })
}

fn everyone(st: &Statement, out: &mut Vec<Diagnostic>) {
    if principal_is_everyone(st) && !narrows(st, &NARROWING_KEYS) {
        let span = st.principal.as_ref().map_or(st.span, |p| p.span);
        out.push(
            ANY_PRINCIPAL_UNRESTRICTED
                .at(
                    "`*` is trusted and no condition narrows it: any AWS account, and possibly anonymous callers, can use this",
                    principal_path(st),
                    span,
                )
                .with_hint("add a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn, or name the principals"),
        );
    }
}

fn service_principals(st: &Statement, out: &mut Vec<Diagnostic>) {
    if narrows(st, &SOURCE_KEYS) {
        return;
    }
    for v in principal_entries(st, PrincipalType::Service) {
        let first = v.value.split('.').next().unwrap_or("");
        if CONFUSED_DEPUTY_SERVICES.contains(&first) {
            out.push(
                SERVICE_PRINCIPAL_CONFUSED_DEPUTY
                    .at(
                        format!(
                            "`{}` is trusted without aws:SourceAccount or aws:SourceArn: the service could be made to act here for another account's resource",
                            v.value
                        ),
                        join(&principal_path(st), "Service"),
                        v.span,
                    )
                    .with_hint("add `\"StringEquals\": {\"aws:SourceAccount\": \"<your account id>\"}` or an `ArnLike` on aws:SourceArn"),
            );
        }
    }
}

/// The account an AWS principal entry belongs to, and whether it stands for the whole account.
fn account_of(text: &str) -> Option<(&str, bool)> {
    if is_account_id(text) {
        return Some((text, true));
    }
    let arn = Arn::parse(text)?;
    is_account_id(arn.account)
        .then_some((arn.account, arn.service == "iam" && arn.resource == "root"))
}

fn is_user(text: &str) -> bool {
    Arn::parse(text).is_some_and(|a| a.service == "iam" && a.resource.starts_with("user/"))
}

fn accounts(cx: &Cx<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    let entries = aws_principals(st);
    let path = join(&principal_path(st), "AWS");
    let mut human: Option<&Spanned<String>> = None;
    for v in &entries {
        let Some((account, whole)) = account_of(&v.value) else {
            continue;
        };
        if whole || is_user(&v.value) {
            human = human.or(Some(v));
        }
        if whole && st.conditions.is_empty() {
            out.push(
                TRUST_WHOLE_ACCOUNT
                    .at(
                        format!("every principal of account `{account}` whose own policies allow it can assume this role"),
                        path.clone(),
                        v.span,
                    )
                    .with_hint("trust specific role ARNs, or add a condition on aws:PrincipalArn"),
            );
        }
        let third_party = !cx.config.accounts.is_empty() && !cx.config.accounts.contains(account);
        if third_party && !narrows(st, &["sts:ExternalId", "aws:PrincipalOrgID"]) {
            out.push(
                THIRD_PARTY_WITHOUT_EXTERNAL_ID
                    .at(
                        format!("account `{account}` is not one of your accounts and is trusted without `sts:ExternalId`"),
                        path.clone(),
                        v.span,
                    )
                    .with_hint("add `\"StringEquals\": {\"sts:ExternalId\": \"…\"}` with the id the third party gave you"),
            );
        }
    }
    let assumes_role = grants(st, "sts:AssumeRole").is_some();
    // An external id marks a third party's automation, not people.
    let mfa_tested = tests_key(
        st,
        &[
            "aws:MultiFactorAuthPresent",
            "aws:MultiFactorAuthAge",
            "sts:ExternalId",
        ],
    );
    if let (Some(v), true, false) = (human, assumes_role, mfa_tested) {
        out.push(
            TRUST_WITHOUT_MFA
                .at(
                    format!("people can assume this role through `{}` without MFA", v.value),
                    path,
                    v.span,
                )
                .with_hint("add `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` if humans assume the role"),
        );
    }
}

/// The issuer an OIDC `Federated` principal names (`oidc-provider/HOST` or a bare provider name),
/// or `saml` for SAML providers.
fn issuer(text: &str) -> Option<String> {
    if let Some(arn) = Arn::parse(text) {
        if let Some(host) = arn.resource.strip_prefix("oidc-provider/") {
            return Some(host.to_ascii_lowercase());
        }
        return arn
            .resource
            .starts_with("saml-provider/")
            .then(|| "saml".to_owned());
    }
    text.contains('.').then(|| text.to_ascii_lowercase())
}

fn federated(st: &Statement, out: &mut Vec<Diagnostic>) {
    let path = join(&principal_path(st), "Federated");
    for v in principal_entries(st, PrincipalType::Federated) {
        let Some(iss) = issuer(&v.value) else {
            continue;
        };
        let has_aud = st.conditions.iter().any(|c| {
            let key = c.key.value.to_ascii_lowercase();
            key.strip_prefix(iss.as_str())
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|claim| claim == "aud" || claim == "oaud")
        });
        if !has_aud {
            out.push(
                OIDC_MISSING_AUD
                    .at(
                        format!("`{}` is trusted without an `{iss}:aud` condition", v.value),
                        path.clone(),
                        v.span,
                    )
                    .with_hint("pin the audience the tokens are issued for, e.g. `sts.amazonaws.com` for GitHub Actions"),
            );
        }
        if iss == GITHUB_ISSUER {
            github_sub(st, v, &path, out);
        }
    }
}

fn github_sub(st: &Statement, v: &Spanned<String>, path: &str, out: &mut Vec<Diagnostic>) {
    let sub_key = format!("{GITHUB_ISSUER}:sub");
    let subs: Vec<_> = st
        .conditions
        .iter()
        .filter(|c| {
            c.key.value.eq_ignore_ascii_case(&sub_key) && !c.operator.value.base.is_negated()
        })
        .collect();
    if subs.is_empty() {
        out.push(
            GITHUB_OIDC_MISSING_SUB
                .at(
                    "the GitHub Actions OIDC provider is trusted without a `sub` condition: any repository on GitHub can assume this role",
                    path,
                    v.span,
                )
                .with_hint("add `\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:OWNER/REPO:*\"}`"),
        );
        return;
    }
    for c in subs {
        let like = matches!(
            c.operator.value.base,
            crate::policy::BaseOperator::StringLike
        );
        for value in c.values.iter().filter(|_| like) {
            let rest = value.value.strip_prefix("repo:").unwrap_or(&value.value);
            let owner = rest.split(['/', ':']).next().unwrap_or(rest);
            if has_wildcard(owner) {
                out.push(
                    GITHUB_OIDC_WILDCARD_SUB
                        .at(
                            format!("`{}` admits any GitHub owner, so any repository can assume this role", value.value),
                            condition_path(st, c),
                            value.span,
                        )
                        .with_hint("pin the owner and repository: `repo:OWNER/REPO:*` or narrower"),
                );
            }
        }
    }
}

fn assume_any_role(st: &Statement, out: &mut Vec<Diagnostic>) {
    if !on_all_resources(st) {
        return;
    }
    let Some((i, item)) = grants(st, "sts:AssumeRole") else {
        return;
    };
    out.push(
        ASSUME_ROLE_ON_ANY_RESOURCE
            .at(
                format!(
                    "`{}` allows assuming any role that trusts this account",
                    item.value
                ),
                action_path(st, i),
                item.span,
            )
            .with_hint("list the role ARNs the principal may assume in `Resource`"),
    );
}

/// A Deny + NotPrincipal spares a caller only when its own ARN is listed, and AWS "might validate
/// the account first, then the role, then the assumed-role user" (the NotPrincipal page): an entry
/// without its account (and, for a session, its role) may leave that caller denied after all, and
/// a role listed without any of its sessions spares none of them (the reference, section 2.5).
fn not_principal(st: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(clause) = st
        .principal
        .as_ref()
        .filter(|p| p.polarity == Polarity::AllExcept)
    else {
        return;
    };
    let PrincipalValue::Map(entries) = &clause.value else {
        return;
    };
    let listed: Vec<&str> = entries
        .iter()
        .filter(|e| e.kind == PrincipalType::Aws)
        .map(|e| e.value.value.as_str())
        .collect();
    let account_listed = |account: &str| {
        listed
            .iter()
            .any(|v| *v == account || *v == format!("arn:aws:iam::{account}:root"))
    };
    let entry_path = join(&principal_path(st), "AWS");
    for entry in entries.iter().filter(|e| e.kind == PrincipalType::Aws) {
        let value = entry.value.value.as_str();
        let Some(arn) = Arn::parse(value) else {
            continue;
        };
        let mut missing: Vec<String> = Vec::new();
        let role_of_session = arn
            .resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split('/').next())
            .filter(|_| arn.service == "sts");
        let is_entity = arn.service == "iam"
            && (arn.resource.starts_with("user/") || arn.resource.starts_with("role/"));
        if (is_entity || role_of_session.is_some()) && !account_listed(arn.account) {
            missing.push(format!("the account `arn:aws:iam::{}:root`", arn.account));
        }
        if let Some(role) = role_of_session {
            let role_listed = listed.iter().any(|v| {
                Arn::parse(v).is_some_and(|a| {
                    a.service == "iam"
                        && a.account == arn.account
                        && a.resource.starts_with("role/")
                        && a.resource.rsplit('/').next() == Some(role)
                })
            });
            if !role_listed {
                missing.push(format!(
                    "the role `arn:aws:iam::{}:role/{role}`",
                    arn.account
                ));
            }
        }
        if !missing.is_empty() {
            out.push(
                NOT_PRINCIPAL_INCOMPLETE
                    .at(
                        format!(
                            "NotPrincipal lists `{value}` but not {}: AWS may check those first and deny it anyway",
                            missing.join(" nor ")
                        ),
                        entry_path.clone(),
                        entry.value.span,
                    )
                    .with_hint(NOT_PRINCIPAL_INCOMPLETE.help),
            );
        }
        if arn.service == "iam" && arn.resource.starts_with("role/") {
            let name = arn.resource.rsplit('/').next().unwrap_or_default();
            let session_prefix = format!("arn:aws:sts::{}:assumed-role/{name}/", arn.account);
            if !listed.iter().any(|v| v.starts_with(&session_prefix)) {
                out.push(
                    NOT_PRINCIPAL_INCOMPLETE
                        .at(
                            format!(
                                "NotPrincipal lists the role `{value}` but none of its sessions: a role's sessions are spared only when their own session ARN is listed, so everyone using the role is denied"
                            ),
                            entry_path.clone(),
                            entry.value.span,
                        )
                        .with_hint("to exempt the role, use a Deny with `ArnNotEquals` on `aws:PrincipalArn` (a session's aws:PrincipalArn is its role's ARN) instead of NotPrincipal"),
                );
            }
        }
    }
}
