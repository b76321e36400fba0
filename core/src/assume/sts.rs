//! Deciding an `AssumeRole*` call and building the session.

use super::session::{Session, SessionTag};
use crate::compile::CompiledPolicy;
use crate::context::Context;
use crate::eval::{decide_explained, CallerPolicies, Decision, ResourcePolicies, Trace};
use crate::request::{Action, Principal, PrincipalKind, Request, Resource};
use std::sync::Arc;

/// What iamsim needs to know about a role to simulate assuming it.
#[derive(Debug, Clone)]
pub struct RoleDef {
    /// `arn:aws:iam::ACCOUNT:role/[path/]NAME`.
    pub arn: String,
    /// The role's account ID.
    pub account: String,
    /// The role's name (without its path).
    pub name: String,
    /// The trust policy (a role without one cannot be assumed).
    pub trust: Option<Arc<CompiledPolicy>>,
    /// Its identity-based policies (inline and managed).
    pub identity: Vec<Arc<CompiledPolicy>>,
    /// Its permissions boundary, if any.
    pub boundary: Option<Arc<CompiledPolicy>>,
    /// Its tags (the session's principal tags unless overridden).
    pub tags: Vec<(String, String)>,
    /// Seconds, 3,600 to 43,200 (AWS's default is 3,600); `None` when unknown (roles imported from
    /// `get-account-authorization-details`, which does not carry it).
    pub max_session_duration: Option<u32>,
    /// SCP levels of the role's account: they bind the resulting session.
    pub account_scps: Vec<Vec<Arc<CompiledPolicy>>>,
    /// RCP levels of the role's account: they apply to the assume call (STS supports RCPs).
    pub account_rcps: Vec<Vec<Arc<CompiledPolicy>>>,
    /// Keys every request of the role's sessions carries (e.g. `aws:PrincipalOrgID`).
    pub principal_context: Context,
}

/// Which STS call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssumeMethod {
    /// `sts:AssumeRole`, by an IAM principal.
    AssumeRole,
    /// OIDC: `provider` is the provider ARN (or a well-known name such as `accounts.google.com`);
    /// `claims` are condition keys such as `token.actions.githubusercontent.com:sub`.
    WebIdentity {
        /// The OIDC provider's ARN or well-known name.
        provider: String,
        /// The token's claims as condition keys and values.
        claims: Vec<(String, String)>,
    },
    /// SAML: `provider` is the SAML provider ARN; `attributes` are keys such as `saml:aud`.
    Saml {
        /// The SAML provider's ARN.
        provider: String,
        /// The assertion's attributes as condition keys and values.
        attributes: Vec<(String, String)>,
    },
}

impl AssumeMethod {
    fn action(&self) -> &'static str {
        match self {
            AssumeMethod::AssumeRole => "sts:AssumeRole",
            AssumeMethod::WebIdentity { .. } => "sts:AssumeRoleWithWebIdentity",
            AssumeMethod::Saml { .. } => "sts:AssumeRoleWithSAML",
        }
    }
}

/// The caller of the STS API.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Ignored for web-identity and SAML calls (the provider is the caller).
    pub principal: Principal,
    /// Its identity-based, boundary and session policies and SCPs.
    pub policies: CallerPolicies,
    /// Request facts and the caller's keys (source IP, time, region, principal tags, org id …).
    pub context: Context,
    /// For role chaining: the calling session (its transitive tags and source identity carry on).
    pub session: Option<Session>,
}

/// The parameters of the call.
#[derive(Debug, Clone, Default)]
pub struct AssumeParams {
    /// `RoleSessionName`.
    pub session_name: String,
    /// `DurationSeconds`; AWS's default is 3,600.
    pub duration_seconds: Option<u32>,
    /// `ExternalId` (`sts:ExternalId`).
    pub external_id: Option<String>,
    /// MFA passed with the call (`SerialNumber` + `TokenCode`): sets `aws:MultiFactorAuthPresent`
    /// (and `aws:MultiFactorAuthAge` 0 unless the context has one).
    pub mfa: bool,
    /// `SourceIdentity` (checked by `sts:SetSourceIdentity`).
    pub source_identity: Option<String>,
    /// `Tags` (session tags; checked by `sts:TagSession`).
    pub session_tags: Vec<(String, String)>,
    /// `TransitiveTagKeys`.
    pub transitive_tag_keys: Vec<String>,
    /// `Policy` / `PolicyArns`: the session policy, compiled.
    pub session_policy: Option<Arc<CompiledPolicy>>,
}

/// Why STS would reject the call before or besides authorization.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum AssumeError {
    /// The root user cannot call `AssumeRole`.
    RootCannotAssumeRoles,
    /// The role has no trust policy.
    NoTrustPolicy,
    /// `RoleSessionName` is malformed.
    InvalidSessionName {
        /// The name as given.
        name: String,
    },
    /// `ExternalId` is malformed.
    InvalidExternalId,
    /// `DurationSeconds` is outside 900 and the role's maximum.
    DurationOutOfRange {
        /// The duration asked for.
        requested: u32,
        /// The least STS accepts (900).
        min: u32,
        /// The role's `MaxSessionDuration`.
        max: u32,
    },
    /// A duration above one hour asked of a role whose maximum is unknown: it cannot be decided.
    MaxSessionDurationUnknown {
        /// The duration asked for.
        requested: u32,
    },
    /// Role chaining caps the session at one hour.
    ChainedDurationOverOneHour {
        /// The duration asked for.
        requested: u32,
    },
    /// More than 50 session tags passed.
    TooManySessionTags {
        /// How many.
        count: usize,
    },
    /// A session tag's key or value is too long or malformed.
    InvalidSessionTag {
        /// The tag's key.
        key: String,
    },
    /// A session tag may not replace a transitive tag inherited through the chain.
    TagCollidesWithTransitive {
        /// The tag's key.
        key: String,
    },
    /// The source identity is set once per chain and cannot change.
    SourceIdentityChange {
        /// The source identity of the chain.
        inherited: String,
        /// The one asked for.
        requested: String,
    },
    /// A `TransitiveTagKeys` entry names no passed session tag.
    TransitiveKeyNotPassed {
        /// The key.
        key: String,
    },
}

impl AssumeError {
    /// The refusal in one sentence, as STS would state it.
    pub fn message(&self) -> String {
        match self {
            AssumeError::RootCannotAssumeRoles => "the root user cannot assume roles".into(),
            AssumeError::NoTrustPolicy => "the role has no trust policy".into(),
            AssumeError::InvalidSessionName { name } => format!("`{name}` is not a valid role session name (2–64 characters of letters, digits and +=,.@-)"),
            AssumeError::InvalidExternalId => "the external id must have 2–1,224 characters of letters, digits and +=,.@:/-".into(),
            AssumeError::DurationOutOfRange { requested, min, max } => format!("DurationSeconds {requested} is outside {min}–{max} (the role's MaxSessionDuration)"),
            AssumeError::MaxSessionDurationUnknown { requested } => format!("DurationSeconds {requested} is above one hour, and the role's MaxSessionDuration is unknown (AWS allows 3600 at least)"),
            AssumeError::ChainedDurationOverOneHour { requested } => format!("DurationSeconds {requested} exceeds the one-hour limit of role chaining"),
            AssumeError::TooManySessionTags { count } => format!("{count} session tags exceed the limit of 50"),
            AssumeError::InvalidSessionTag { key } => format!("session tag `{key}` is invalid (keys up to 128 characters, values up to 256)"),
            AssumeError::TagCollidesWithTransitive { key } => format!("session tag `{key}` collides with a transitive tag inherited through the role chain"),
            AssumeError::SourceIdentityChange { inherited, requested } => format!("the source identity `{inherited}` is set for the chain and cannot become `{requested}`"),
            AssumeError::TransitiveKeyNotPassed { key } => format!("transitive tag key `{key}` is not one of the session tags passed"),
        }
    }
}

/// One authorization STS performs for the call, with its explanation.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedAction {
    /// The action authorized.
    pub action: String,
    /// Its full explanation.
    pub trace: Trace,
}

/// The result of a simulated assumption.
#[derive(Debug, Clone)]
pub struct AssumeOutcome {
    /// `Allowed` only when every check passed and no error applies.
    pub decision: Decision,
    /// `sts:AssumeRole*`, then `sts:TagSession` / `sts:SetSourceIdentity` when they apply.
    pub checks: Vec<CheckedAction>,
    /// Why STS refuses the call, besides authorization.
    pub error: Option<AssumeError>,
    /// The session, when the call is allowed.
    pub session: Option<Session>,
}

const MIN_DURATION: u32 = 900;
const CHAINED_MAX: u32 = 3_600;

fn valid_session_name(name: &str) -> bool {
    (2..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

fn valid_external_id(id: &str) -> bool {
    (2..=1224).contains(&id.chars().count())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c))
}

/// Simulates the call. Never panics; every rejection is an [`AssumeError`] or a denied check.
pub(crate) fn assume_role(
    caller: &Caller,
    role: &RoleDef,
    method: &AssumeMethod,
    params: &AssumeParams,
) -> AssumeOutcome {
    let denied = |error: AssumeError, checks: Vec<CheckedAction>| AssumeOutcome {
        decision: Decision::ImplicitDeny,
        checks,
        error: Some(error),
        session: None,
    };
    let principal = match method {
        AssumeMethod::AssumeRole => caller.principal.clone(),
        AssumeMethod::WebIdentity { provider, .. } | AssumeMethod::Saml { provider, .. } => {
            match Principal::parse(provider, None) {
                // A provider named like a service (`cognito-identity.amazonaws.com`) is still the
                // federation caller.
                Ok(p) if p.kind == PrincipalKind::Service => Principal {
                    kind: if matches!(method, AssumeMethod::Saml { .. }) {
                        PrincipalKind::Saml
                    } else {
                        PrincipalKind::WebIdentity
                    },
                    ..p
                },
                Ok(p) => p,
                Err(_) => Principal {
                    kind: if matches!(method, AssumeMethod::Saml { .. }) {
                        PrincipalKind::Saml
                    } else {
                        PrincipalKind::WebIdentity
                    },
                    arn: provider.clone(),
                    ..Principal::anonymous()
                },
            }
        }
    };
    if principal.kind == PrincipalKind::Root {
        return denied(AssumeError::RootCannotAssumeRoles, Vec::new());
    }
    if !valid_session_name(&params.session_name) {
        return denied(
            AssumeError::InvalidSessionName {
                name: params.session_name.clone(),
            },
            Vec::new(),
        );
    }
    if params
        .external_id
        .as_deref()
        .is_some_and(|id| !valid_external_id(id))
    {
        return denied(AssumeError::InvalidExternalId, Vec::new());
    }
    let chained =
        principal.kind == PrincipalKind::AssumedRole && matches!(method, AssumeMethod::AssumeRole);
    let requested = params.duration_seconds.unwrap_or(3_600);
    // Every role allows at least one hour, so an unknown maximum decides nothing up to 3,600 s.
    let max = match role.max_session_duration {
        Some(max) => max.clamp(3_600, 43_200),
        None if requested > 3_600 => {
            return denied(
                AssumeError::MaxSessionDurationUnknown { requested },
                Vec::new(),
            )
        }
        None => 3_600,
    };
    if !(MIN_DURATION..=max).contains(&requested) {
        return denied(
            AssumeError::DurationOutOfRange {
                requested,
                min: MIN_DURATION,
                max,
            },
            Vec::new(),
        );
    }
    if chained && requested > CHAINED_MAX {
        return denied(
            AssumeError::ChainedDurationOverOneHour { requested },
            Vec::new(),
        );
    }
    if params.session_tags.len() > 50 {
        return denied(
            AssumeError::TooManySessionTags {
                count: params.session_tags.len(),
            },
            Vec::new(),
        );
    }
    if let Some((key, _)) = params
        .session_tags
        .iter()
        .find(|(k, v)| k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256)
    {
        return denied(
            AssumeError::InvalidSessionTag { key: key.clone() },
            Vec::new(),
        );
    }
    if let Some(key) = params.transitive_tag_keys.iter().find(|k| {
        !params
            .session_tags
            .iter()
            .any(|(t, _)| t.eq_ignore_ascii_case(k))
    }) {
        return denied(
            AssumeError::TransitiveKeyNotPassed { key: key.clone() },
            Vec::new(),
        );
    }
    let inherited_tags: Vec<SessionTag> = caller
        .session
        .iter()
        .flat_map(|s| s.tags.iter().filter(|t| t.transitive).cloned())
        .collect();
    if let Some((key, _)) = params
        .session_tags
        .iter()
        .find(|(k, _)| inherited_tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)))
    {
        return denied(
            AssumeError::TagCollidesWithTransitive { key: key.clone() },
            Vec::new(),
        );
    }
    let inherited_source = caller
        .session
        .as_ref()
        .and_then(|s| s.source_identity.clone());
    if let (Some(inherited), Some(requested)) = (&inherited_source, &params.source_identity) {
        if inherited != requested {
            return denied(
                AssumeError::SourceIdentityChange {
                    inherited: inherited.clone(),
                    requested: requested.clone(),
                },
                Vec::new(),
            );
        }
    }
    let Some(trust) = role.trust.clone() else {
        return denied(AssumeError::NoTrustPolicy, Vec::new());
    };

    // The context of the call, as STS builds it.
    let mut context = caller.context.clone();
    context.set("sts:RoleSessionName", params.session_name.clone());
    if let Some(id) = &params.external_id {
        context.set("sts:ExternalId", id.clone());
    }
    if params.mfa {
        context.set("aws:MultiFactorAuthPresent", "true");
        if !context.contains("aws:MultiFactorAuthAge") {
            context.set("aws:MultiFactorAuthAge", "0");
        }
    }
    let source_identity = params.source_identity.clone().or(inherited_source);
    if let Some(si) = &params.source_identity {
        context.set("sts:SourceIdentity", si.clone());
    }
    for (key, value) in &role.tags {
        context.set(&format!("aws:ResourceTag/{key}"), value.clone());
    }
    // Passing tags (or inheriting transitive ones) makes a TagSession request.
    let all_tags: Vec<(String, String)> = params
        .session_tags
        .iter()
        .cloned()
        .chain(
            inherited_tags
                .iter()
                .map(|t| (t.key.clone(), t.value.clone())),
        )
        .collect();
    for (key, value) in &all_tags {
        context.set(&format!("aws:RequestTag/{key}"), value.clone());
    }
    if !all_tags.is_empty() {
        context.set_multi("aws:TagKeys", all_tags.iter().map(|(k, _)| k.clone()));
    }
    if !params.transitive_tag_keys.is_empty() {
        context.set_multi(
            "sts:TransitiveTagKeys",
            params.transitive_tag_keys.iter().cloned(),
        );
    }
    match method {
        AssumeMethod::AssumeRole => {}
        AssumeMethod::WebIdentity { provider, claims } => {
            context.set("aws:FederatedProvider", provider.clone());
            for (k, v) in claims {
                context.set(k, v.clone());
            }
        }
        AssumeMethod::Saml { attributes, .. } => {
            for (k, v) in attributes {
                context.set(k, v.clone());
            }
        }
    }

    let resource_policies = ResourcePolicies {
        resource: Some(trust),
        rcps: role.account_rcps.clone(),
    };
    let resource = Resource::new(&role.arn);
    let mut actions = vec![method.action()];
    if !all_tags.is_empty() {
        actions.push("sts:TagSession");
    }
    if params.source_identity.is_some() {
        actions.push("sts:SetSourceIdentity");
    }
    let mut checks = Vec::with_capacity(actions.len());
    let mut decision = Decision::Allowed;
    for name in actions {
        let Some(action) = Action::parse(name) else {
            continue;
        };
        let mut req = Request {
            principal: principal.clone(),
            action,
            resource: resource.clone(),
            resource_account: Some(role.account.clone()),
            context: context.clone(),
        };
        req.fill_principal_keys();
        let trace = decide_explained(&req, &caller.policies, &resource_policies);
        if decision == Decision::Allowed {
            decision = trace.decision;
        }
        checks.push(CheckedAction {
            action: name.to_owned(),
            trace,
        });
    }
    if decision != Decision::Allowed {
        return AssumeOutcome {
            decision,
            checks,
            error: None,
            session: None,
        };
    }

    // The session.
    let session_arn = format!(
        "arn:aws:sts::{}:assumed-role/{}/{}",
        role.account, role.name, params.session_name
    );
    let session_principal = match Principal::parse(&session_arn, Some(&role.arn)) {
        Ok(p) => p,
        Err(_) => {
            return AssumeOutcome {
                decision: Decision::ImplicitDeny,
                checks,
                error: Some(AssumeError::InvalidSessionName {
                    name: params.session_name.clone(),
                }),
                session: None,
            }
        }
    };
    let mut tags: Vec<SessionTag> = role
        .tags
        .iter()
        .map(|(k, v)| SessionTag {
            key: k.clone(),
            value: v.clone(),
            transitive: false,
        })
        .collect();
    let overriding = inherited_tags
        .into_iter()
        .chain(params.session_tags.iter().map(|(k, v)| {
            SessionTag {
                key: k.clone(),
                value: v.clone(),
                transitive: params
                    .transitive_tag_keys
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(k)),
            }
        }));
    for tag in overriding {
        tags.retain(|t| !t.key.eq_ignore_ascii_case(&tag.key));
        tags.push(tag);
    }
    let mut carried = role.principal_context.clone();
    if let AssumeMethod::WebIdentity { provider, claims } = method {
        carried.set("aws:FederatedProvider", provider.clone());
        for (k, v) in claims {
            carried.set(k, v.clone());
        }
    }
    if let AssumeMethod::Saml { attributes, .. } = method {
        for (k, v) in attributes {
            carried.set(k, v.clone());
        }
    }
    let session = Session {
        principal: session_principal,
        policies: CallerPolicies {
            identity: role.identity.clone(),
            boundary: role.boundary.clone(),
            session: params.session_policy.clone(),
            scps: role.account_scps.clone(),
        },
        tags,
        source_identity,
        duration_seconds: requested,
        chained,
        carried_context: carried,
    };
    AssumeOutcome {
        decision: Decision::Allowed,
        checks,
        error: None,
        session: Some(session),
    }
}

#[cfg(test)]
mod tests;
