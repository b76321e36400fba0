//! Synthetic callers from outside: a principal of an account nobody names, anonymous callers, a
//! named foreign account, a service acting for a foreign account. Each is decided by the real
//! evaluation (`assume_role` / `decide_explained`), so conditions, RCPs and Deny statements count
//! exactly as AWS counts them.

use crate::assume::RoleDef;
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::context::Context;
use crate::eval::CallerPolicies;
use crate::json::{self, Limits};
use crate::policy::{parse_policy_value, PolicyKind};
use crate::request::Principal;
use std::sync::Arc;

/// An account that no model and no policy names: "any AWS account".
pub(crate) const UNKNOWN_ACCOUNT: &str = "000000000000";

/// Who a probe stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Who {
    /// Any principal of any AWS account.
    AnyAccount,
    /// Unsigned requests.
    Anonymous,
    /// A named account outside.
    Account(String),
    /// A service principal acting for a resource of an unknown account.
    Service(String),
}

impl Who {
    /// Any AWS account, or anonymous callers.
    pub(crate) fn is_public(&self) -> bool {
        matches!(self, Who::AnyAccount | Who::Anonymous)
    }
}

/// The ExternalIds a role's trust policy expects: whoever is told one can pass it (it is not a
/// secret), so callers are tried with each.
pub(crate) fn expected_external_ids(role: &RoleDef) -> Vec<String> {
    role.trust
        .as_deref()
        .map(external_ids_of)
        .unwrap_or_default()
}

/// The ExternalIds a trust policy's conditions expect (literal values of `sts:ExternalId`).
pub(crate) fn external_ids_of(trust: &CompiledPolicy) -> Vec<String> {
    trust
        .statements
        .iter()
        .flat_map(|st| st.conditions.iter())
        .filter(|c| &*c.key == "sts:externalid")
        .flat_map(|c| {
            c.literal_values()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

pub(crate) struct Probe {
    pub who: Who,
    pub principal: Principal,
    pub policies: CallerPolicies,
    pub context: Context,
}

/// The caller's own account grants it everything: an outsider's administrator decides that.
fn allow_all() -> Option<Arc<CompiledPolicy>> {
    let text =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let value = json::parse(text, Limits::default()).ok()?;
    let policy = parse_policy_value(&value, "").policy?;
    Some(Arc::new(compile_policy(
        &policy,
        PolicySource {
            kind: PolicyKind::Identity,
            label: "the external caller's own policies (allow everything)".into(),
            path: String::new(),
        },
    )))
}

/// Keys an outsider can always provide: its own MFA, TLS.
fn signed_context() -> Context {
    let mut c = Context::new();
    c.set("aws:MultiFactorAuthPresent", "true");
    c.set("aws:MultiFactorAuthAge", "0");
    c.set("aws:SecureTransport", "true");
    c.set("aws:PrincipalIsAWSService", "false");
    c
}

fn aws_principal(who: Who, principal: Principal) -> Probe {
    Probe {
        who,
        principal,
        policies: CallerPolicies {
            identity: allow_all().into_iter().collect(),
            ..CallerPolicies::default()
        },
        context: signed_context(),
    }
}

/// A session of a role in `account` (a session matches the account and the role as principals).
fn session_in(account: &str) -> Option<Principal> {
    Principal::parse(
        &format!("arn:aws:sts::{account}:assumed-role/iamsim-external/iamsim"),
        Some(&format!("arn:aws:iam::{account}:role/iamsim-external")),
    )
    .ok()
}

pub(crate) fn any_account() -> Option<Probe> {
    session_in(UNKNOWN_ACCOUNT).map(|p| aws_principal(Who::AnyAccount, p))
}

/// Callers of an account nobody names shaped by the principal ARNs an Allow statement's
/// conditions accept (`aws:PrincipalArn` `StringLike` `arn:aws:iam::*:user/*`): a role session
/// alone would miss a statement open to every IAM user of every account. Each pattern is made
/// concrete (`*` in the account → an account nobody names, elsewhere → `iamsim-external`; `?` →
/// `x`); patterns naming one account are left to the named-account probes.
pub(crate) fn any_account_shaped_by(principal_arn_patterns: &[&str]) -> Vec<Probe> {
    let mut probes: Vec<Probe> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for pattern in principal_arn_patterns {
        let Some(arn) = concrete_outside_arn(pattern) else {
            continue;
        };
        if seen.contains(&arn) {
            continue;
        }
        if let Some(principal) = principal_of(&arn) {
            probes.push(aws_principal(Who::AnyAccount, principal));
            seen.push(arn);
        }
    }
    probes
}

/// A principal ARN of an account nobody names matching `pattern`, when the pattern leaves the
/// account open (a wildcard in the account field).
fn concrete_outside_arn(pattern: &str) -> Option<String> {
    let fields: Vec<&str> = pattern.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = fields.as_slice() else {
        return None;
    };
    let open_account = account.contains(['*', '?']);
    if !open_account || !matches!(*service, "iam" | "sts" | "*") || *arn != "arn" {
        return None;
    }
    let fill = |text: &str, star: &str| text.replace('*', star).replace('?', "x");
    let service = if *service == "*" { "iam" } else { service };
    let partition = if partition.contains(['*', '?']) {
        "aws"
    } else {
        partition
    };
    Some(format!(
        "arn:{partition}:{service}:{}:{UNKNOWN_ACCOUNT}:{}",
        fill(region, ""),
        fill(resource, "iamsim-external")
    ))
}

/// The caller an ARN stands for: a user, a role's session (the role ARN is its principal ARN), a
/// session ARN, or the account's root.
fn principal_of(arn: &str) -> Option<Principal> {
    let parsed = crate::arn::Arn::parse(arn)?;
    match parsed.service {
        "iam" if parsed.resource.starts_with("user/") || parsed.resource == "root" => {
            Principal::parse(arn, None).ok()
        }
        "iam" if parsed.resource.starts_with("role/") => {
            let name = parsed.resource.rsplit('/').next().unwrap_or_default();
            Principal::parse(
                &format!("arn:aws:sts::{UNKNOWN_ACCOUNT}:assumed-role/{name}/iamsim"),
                Some(arn),
            )
            .ok()
        }
        "sts" if parsed.resource.starts_with("assumed-role/") => {
            let role = parsed.resource.split('/').nth(1)?;
            Principal::parse(
                arn,
                Some(&format!("arn:aws:iam::{UNKNOWN_ACCOUNT}:role/{role}")),
            )
            .ok()
        }
        _ => None,
    }
}

pub(crate) fn anonymous() -> Probe {
    let mut context = Context::new();
    context.set("aws:SecureTransport", "true");
    Probe {
        who: Who::Anonymous,
        principal: Principal::anonymous(),
        policies: CallerPolicies::default(),
        context,
    }
}

/// A caller of `account` as the entry names it: that user or role when the entry is one, else a
/// role session of the account.
pub(crate) fn in_account(account: &str, entry: &str) -> Option<Probe> {
    let principal = match crate::arn::Arn::parse(entry) {
        Some(a) if a.service == "iam" && a.resource.starts_with("user/") => {
            Principal::parse(entry, None).ok()
        }
        Some(a) if a.service == "iam" && a.resource.starts_with("role/") => {
            let name = a.resource.rsplit('/').next().unwrap_or_default();
            Principal::parse(
                &format!("arn:aws:sts::{account}:assumed-role/{name}/iamsim"),
                Some(entry),
            )
            .ok()
        }
        _ => session_in(account),
    }?;
    Some(aws_principal(Who::Account(account.to_owned()), principal))
}

/// `service` acting for a resource of an account nobody names.
pub(crate) fn service(service: &str) -> Option<Probe> {
    let principal = Principal::parse(service, None).ok()?;
    let prefix = service.split('.').next().unwrap_or(service);
    let mut context = Context::new();
    context.set("aws:SourceAccount", UNKNOWN_ACCOUNT);
    context.set(
        "aws:SourceArn",
        format!("arn:aws:{prefix}:us-east-1:{UNKNOWN_ACCOUNT}:iamsim-external"),
    );
    context.set("aws:PrincipalIsAWSService", "true");
    context.set("aws:SecureTransport", "true");
    Some(Probe {
        who: Who::Service(service.to_owned()),
        principal,
        policies: CallerPolicies::default(),
        context,
    })
}
