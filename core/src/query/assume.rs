//! `assume`: one role assumption with every STS rule, by an identity of the model or by a web
//! identity (OIDC) or SAML caller.

use super::caller::{caller_context, caller_notes, mfa_facts, Note};
use super::check::given_facts;
use super::facts::{Fact, FactSource, FactValue};
use super::naming;
use super::question::Given;
use crate::assume::{assume_role, AssumeError, AssumeMethod, AssumeParams, Caller, SessionTag};
use crate::diag::{Diagnostic, Severity};
use crate::eval::{CallerPolicies, Decision, NearMiss};
use crate::model::Model;
use crate::request::Principal;
use serde::Serialize;

/// Who calls STS.
#[derive(Debug, Clone)]
pub enum AssumeCaller {
    /// `sts:AssumeRole` by an identity of the model, named as in every question.
    Identity(String),
    /// `sts:AssumeRoleWithWebIdentity`: the provider (URL or ARN) and the token's claims (a claim
    /// without `:` is prefixed with the provider's URL).
    WebIdentity {
        /// The OIDC provider's URL or ARN.
        provider: String,
        /// The token's claims as `(key, value)`; a key without `:` gets the provider's URL prefixed.
        claims: Vec<(String, String)>,
    },
    /// `sts:AssumeRoleWithSAML`: the provider (name or ARN) and the assertion's attributes
    /// (`SAML:aud`, `SAML:sub`, `SAML:namequalifier` …).
    Saml {
        /// The SAML provider's name or ARN.
        provider: String,
        /// The assertion's attributes as `(key, value)`, e.g. `SAML:sub`.
        attributes: Vec<(String, String)>,
    },
}

/// "Can this caller assume that role, and what session does it get?"
#[derive(Debug, Clone)]
pub struct AssumeQuestion {
    /// Who calls STS.
    pub caller: AssumeCaller,
    /// The role, named as a principal (name, `account:role/name` or ARN).
    pub role: String,
    /// MFA and the context keys the question gives.
    pub given: Given,
    /// The `ExternalId` parameter of the call (`sts:ExternalId`).
    pub external_id: Option<String>,
    /// The `DurationSeconds` parameter; `None` asks for the default (3,600 s).
    pub duration_seconds: Option<u32>,
    /// The `RoleSessionName` parameter (the session ARN's last part).
    pub session_name: String,
    /// Session tags passed with the call (`aws:RequestTag/*`, checked by `sts:TagSession`).
    pub session_tags: Vec<(String, String)>,
    /// Which of the passed tags are transitive (kept through role chaining).
    pub transitive_tag_keys: Vec<String>,
    /// The `SourceIdentity` parameter (checked by `sts:SetSourceIdentity`).
    pub source_identity: Option<String>,
}

impl AssumeQuestion {
    /// A plain assumption by `caller`: session `iamsim`, no ExternalId, duration, tags or source
    /// identity (set the fields for more).
    pub fn new(caller: AssumeCaller, role: String, given: Given) -> Self {
        AssumeQuestion {
            caller,
            role,
            given,
            external_id: None,
            duration_seconds: None,
            session_name: "iamsim".to_owned(),
            session_tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
        }
    }
}

/// The answer to an [`AssumeQuestion`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssumeAnswer {
    /// The caller's ARN (a provider ARN for web identity and SAML).
    pub caller: String,
    /// The role's ARN.
    pub role: String,
    /// The decision of the whole call (every check in `checks` must allow it, and STS must not refuse it).
    pub decision: Decision,
    /// Whether STS would issue the session.
    pub allowed: bool,
    /// `sts:AssumeRole*`, then `sts:TagSession` / `sts:SetSourceIdentity` when they apply.
    pub checks: Vec<StsCheck>,
    /// Why STS refuses the call besides authorization (e.g. the root user).
    pub error: Option<StsRefusal>,
    /// The session STS would issue, when allowed.
    pub session: Option<SessionSummary>,
    /// Every context key the question gave or iamsim assumed, with where it came from.
    pub context: Vec<Fact>,
    /// What iamsim assumed or noticed that changes how to read the answer.
    pub notes: Vec<Note>,
}

/// One authorization STS makes for the call (`sts:AssumeRole*`, `sts:TagSession`, `sts:SetSourceIdentity`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StsCheck {
    /// The action authorized.
    pub action: String,
    /// Its decision.
    pub decision: Decision,
    /// The reason in one sentence.
    pub reason: String,
    /// Context keys a condition read that the request did not carry.
    pub missing_context_values: Vec<String>,
    /// When denied: the Allow statements that applied but for their conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMiss>,
}

/// Why STS refuses a call regardless of policies (e.g. the root user cannot assume roles).
#[derive(Debug, Clone, Serialize)]
pub struct StsRefusal {
    /// The refusal, as data.
    #[serde(flatten)]
    pub error: AssumeError,
    /// The refusal in one sentence.
    pub message: String,
}

/// The session STS would issue.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    /// The assumed-role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    pub arn: String,
    /// The role's ARN, as `aws:PrincipalArn` of the session carries it.
    pub role_arn: Option<String>,
    /// The session's duration after STS's limits.
    pub duration_seconds: u32,
    /// Whether the caller was itself a role session (role chaining: at most one hour).
    pub chained: bool,
    /// The session's tags (passed, transitive from the caller, or from claims/attributes).
    pub tags: Vec<SessionTag>,
    /// The source identity the session carries, if any.
    pub source_identity: Option<String>,
}

/// Parameters AWS rejects as a malformed request (a `ValidationError`, before any policy is
/// evaluated): the answer is an error, not a denial, so no test can pass on a typo.
/// Returns the code, the hint and the question's field at fault (the JSON path of the error).
fn invalid_request(e: &AssumeError) -> Option<(&'static str, &'static str, &'static str)> {
    match e {
        AssumeError::DurationOutOfRange { .. } => Some((
            "duration-out-of-range",
            "durationSeconds must be between 900 and the role's MaxSessionDuration",
            "/durationSeconds",
        )),
        AssumeError::MaxSessionDurationUnknown { .. } => Some((
            "max-session-duration-unknown",
            "the role's MaxSessionDuration is unknown (get-account-authorization-details does not carry it): add `maxSessionDuration` to the role in the model (`aws iam get-role` returns it), or ask for at most 3600 seconds",
            "/durationSeconds",
        )),
        AssumeError::ChainedDurationOverOneHour { .. } => Some((
            "duration-out-of-range",
            "a session assumed by role chaining lasts at most 3600 seconds",
            "/durationSeconds",
        )),
        AssumeError::InvalidSessionName { .. } => Some((
            "invalid-session-name",
            "2–64 characters of letters, digits and +=,.@-",
            "/sessionName",
        )),
        AssumeError::InvalidExternalId => Some((
            "invalid-external-id",
            "2–1,224 characters of letters, digits and +=,.@:/-",
            "/externalId",
        )),
        AssumeError::TooManySessionTags { .. } | AssumeError::InvalidSessionTag { .. } => Some((
            "invalid-session-tags",
            "at most 50 session tags; keys up to 128 characters, values up to 256",
            "/sessionTags",
        )),
        _ => None,
    }
}

/// Answers an assume question.
pub fn assume(model: &Model, q: &AssumeQuestion) -> Result<AssumeAnswer, Diagnostic> {
    let role = naming::role(model, &q.role, "role")?;
    let mut context = given_facts(&q.given.context);
    let mut notes = Vec::new();
    let (caller, method, caller_name) = match &q.caller {
        AssumeCaller::Identity(name) => {
            let identity = naming::identity(model, name, "principal")?;
            for (key, value) in mfa_facts(identity, &q.given.context, q.given.mfa) {
                context.push(Fact {
                    key,
                    value: FactValue::One(value),
                    source: FactSource::Mfa,
                });
            }
            notes = caller_notes(identity, &q.given.context, q.given.mfa);
            let caller = Caller {
                principal: identity.principal.clone(),
                policies: identity.policies.clone(),
                context: caller_context(identity, &q.given.context, q.given.mfa, true),
                session: None,
            };
            (caller, AssumeMethod::AssumeRole, identity.arn.clone())
        }
        federated => match federated_method(federated, &role.account) {
            Some((method, provider_arn)) => (federated_caller(q), method, provider_arn),
            // Only an identity has no federated method, and it is the arm above.
            None => return Err(naming::no_caller()),
        },
    };
    let params = AssumeParams {
        session_name: q.session_name.clone(),
        duration_seconds: q.duration_seconds,
        external_id: q.external_id.clone(),
        mfa: false,
        source_identity: q.source_identity.clone(),
        session_tags: q.session_tags.clone(),
        transitive_tag_keys: q.transitive_tag_keys.clone(),
        session_policy: None,
    };
    let outcome = assume_role(&caller, role, &method, &params);
    if let Some((code, hint, path)) = outcome.error.as_ref().and_then(invalid_request) {
        let message = outcome
            .error
            .as_ref()
            .map(AssumeError::message)
            .unwrap_or_default();
        return Err(Diagnostic {
            severity: Severity::Error,
            code,
            message,
            hint: Some(hint.to_owned()),
            path: path.to_owned(),
            span: None,
        });
    }
    let checks = outcome
        .checks
        .iter()
        .map(|c| StsCheck {
            action: c.action.clone(),
            decision: c.trace.decision,
            reason: c.trace.reason.clone(),
            missing_context_values: c.trace.missing_context_values.clone(),
            near_misses: c.trace.near_misses.clone(),
        })
        .collect();
    let session = outcome.session.as_ref().map(|s| SessionSummary {
        arn: s.principal.arn.clone(),
        role_arn: s.principal.role_arn.clone(),
        duration_seconds: s.duration_seconds,
        chained: s.chained,
        tags: s.tags.clone(),
        source_identity: s.source_identity.clone(),
    });
    Ok(AssumeAnswer {
        caller: caller_name,
        role: role.arn.clone(),
        decision: outcome.decision,
        allowed: outcome.decision == Decision::Allowed,
        checks,
        error: outcome.error.map(|e| StsRefusal {
            message: e.message(),
            error: e,
        }),
        session,
        context,
        notes,
    })
}

/// The STS call of a web-identity or SAML caller signing in to a role of `role_account`, and the
/// provider's ARN (`None` for an identity of the model). Providers live in the role's account,
/// so a bare URL or name names that account's provider; a claim without `:` is prefixed with the
/// provider's URL (`sub` → `token.actions.githubusercontent.com:sub`).
pub(crate) fn federated_method(
    caller: &AssumeCaller,
    role_account: &str,
) -> Option<(AssumeMethod, String)> {
    match caller {
        AssumeCaller::Identity(_) => None,
        AssumeCaller::WebIdentity { provider, claims } => {
            let provider_arn = if provider.starts_with("arn:") {
                provider.clone()
            } else {
                format!("arn:aws:iam::{role_account}:oidc-provider/{provider}")
            };
            let url = provider_arn
                .rsplit_once(":oidc-provider/")
                .map_or(provider.as_str(), |(_, u)| u)
                .to_owned();
            let claims = claims
                .iter()
                .map(|(k, v)| (naming::claim_key(&url, k), v.clone()))
                .collect();
            let method = AssumeMethod::WebIdentity {
                provider: provider_arn.clone(),
                claims,
            };
            Some((method, provider_arn))
        }
        AssumeCaller::Saml {
            provider,
            attributes,
        } => {
            let provider_arn = if provider.starts_with("arn:") {
                provider.clone()
            } else {
                format!("arn:aws:iam::{role_account}:saml-provider/{provider}")
            };
            let method = AssumeMethod::Saml {
                provider: provider_arn.clone(),
                attributes: attributes.clone(),
            };
            Some((method, provider_arn))
        }
    }
}

/// A web-identity or SAML caller has no AWS identity: the trust policy alone decides.
fn federated_caller(q: &AssumeQuestion) -> Caller {
    Caller {
        principal: Principal::anonymous(),
        policies: CallerPolicies::default(),
        context: q.given.context.clone(),
        session: None,
    }
}
