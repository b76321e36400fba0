//! Federated entry points: web-identity (OIDC) and SAML callers that a role's trust policy
//! admits, with the claims it requires. They have no AWS identity of their own, so who-can lists
//! them as sources of a chain ("GitHub Actions of repo X on main → GitHubDeploy → …").

use super::search::{Hop, Requirement};
use crate::assume::{assume_role, AssumeMethod, AssumeOutcome, AssumeParams, Caller, RoleDef};
use crate::compile::NamedPrincipal;
use crate::context::Context;
use crate::eval::{CallerPolicies, Decision};
use crate::policy::Effect;
use crate::request::Principal;

/// A federated caller that can assume a role, and the claims it must present.
pub(crate) struct FederatedEntry {
    /// The provider ARN (or a well-known provider such as `accounts.google.com`).
    pub provider: String,
    pub kind: &'static str,
    pub hop: Hop,
}

/// The claim keys of a provider: `host:claim` for OIDC, `saml:*` for SAML.
fn claim_prefix(provider: &str, saml: bool) -> String {
    if saml {
        return "saml:".to_owned();
    }
    let url = provider
        .rsplit_once(":oidc-provider/")
        .map_or(provider, |(_, u)| u);
    format!("{}:", url.to_ascii_lowercase())
}

/// Every provider the role's trust policy names, with the claim values its conditions accept,
/// tried with the full STS flow; those allowed come back.
pub(crate) fn federated_entries(role: &RoleDef) -> Vec<FederatedEntry> {
    let Some(trust) = &role.trust else {
        return Vec::new();
    };
    let mut providers: Vec<&str> = Vec::new();
    for st in trust.statements.iter() {
        let Some(principals) = st.principals.as_ref().filter(|p| !p.is_negated()) else {
            continue;
        };
        if st.effect != Effect::Allow {
            continue;
        }
        for named in principals.named() {
            if let NamedPrincipal::Federated(p) = named {
                if !providers.contains(&p) {
                    providers.push(p);
                }
            }
        }
    }
    let mut out = Vec::new();
    for provider in providers {
        let saml = provider.contains(":saml-provider/");
        let prefix = claim_prefix(provider, saml);
        // The claims the trust's conditions ask for, one value each (the first that works).
        let mut claims: Vec<(String, String)> = Vec::new();
        for st in trust
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
        {
            for c in st.conditions.iter() {
                if !c.key.starts_with(&prefix) || claims.iter().any(|(k, _)| **k == *c.key) {
                    continue;
                }
                if let Some(v) = c.sample_values().into_iter().next() {
                    claims.push((c.key_display.to_string(), v));
                }
            }
        }
        let method = if saml {
            AssumeMethod::Saml {
                provider: provider.to_owned(),
                attributes: claims.clone(),
            }
        } else {
            AssumeMethod::WebIdentity {
                provider: provider.to_owned(),
                claims: claims.clone(),
            }
        };
        let requires = claims
            .into_iter()
            .map(|(key, value)| Requirement { key, value })
            .collect();
        let Some((hop, _)) = sign_in(role, &method, provider, Context::new(), requires) else {
            continue;
        };
        out.push(FederatedEntry {
            provider: provider.to_owned(),
            kind: if saml { "saml" } else { "web-identity" },
            hop,
        });
    }
    out
}

/// A federated caller (no AWS identity: the trust policy alone decides) signing in to `role` by
/// `method` with `context`: the hop from `provider` and the STS outcome (its session), when
/// allowed. `requires`: what the hop states the caller must present.
pub(crate) fn sign_in(
    role: &RoleDef,
    method: &AssumeMethod,
    provider: &str,
    context: Context,
    requires: Vec<Requirement>,
) -> Option<(Hop, AssumeOutcome)> {
    let caller = Caller {
        principal: Principal::anonymous(),
        policies: CallerPolicies::default(),
        context,
        session: None,
    };
    let params = AssumeParams {
        session_name: "iamsim".into(),
        ..AssumeParams::default()
    };
    let outcome = assume_role(&caller, role, method, &params);
    if outcome.decision != Decision::Allowed {
        return None;
    }
    let reason = outcome
        .checks
        .first()
        .map_or_else(String::new, |c| c.trace.reason.clone());
    let hop = Hop {
        from: provider.to_owned(),
        role: role.arn.clone(),
        kind: super::search::ASSUME,
        decision: Decision::Allowed,
        reason,
        flips: Vec::new(),
        requires,
        via: None,
        gains: None,
        actions: Vec::new(),
    };
    Some((hop, outcome))
}
