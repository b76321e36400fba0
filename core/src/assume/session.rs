//! The session a successful assumption yields, and how requests made by it are built.

use crate::context::Context;
use crate::eval::CallerPolicies;
use crate::request::{Action, Principal, Request, Resource};

/// A session tag (one value per key; keys compare case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessionTag {
    /// The tag key as passed (or inherited).
    pub key: String,
    /// The tag value.
    pub value: String,
    /// Transitive tags pass to the next session in a role chain.
    pub transitive: bool,
}

/// A role session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The session as a caller (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    pub principal: Principal,
    /// The role's identity policies, its boundary, the session policy, and the SCPs of the role's account.
    pub policies: CallerPolicies,
    /// Effective principal tags: role tags, overridden by inherited transitive tags and session tags.
    pub tags: Vec<SessionTag>,
    /// The source identity, set once per chain.
    pub source_identity: Option<String>,
    /// How long the session lasts, after STS's limits.
    pub duration_seconds: u32,
    /// Whether this session came from role chaining (assumed with role-session credentials).
    pub chained: bool,
    /// Keys the session carries into every request (aws:FederatedProvider and web-identity/SAML
    /// claims for federated sessions).
    pub carried_context: Context,
}

impl Session {
    /// The context keys this session contributes to its requests: `aws:PrincipalTag/*`,
    /// `aws:SourceIdentity`, and what federation carried. The caller adds request facts.
    pub fn context(&self) -> Context {
        let mut c = self.carried_context.clone();
        for tag in &self.tags {
            c.set(&format!("aws:PrincipalTag/{}", tag.key), tag.value.clone());
        }
        if let Some(si) = &self.source_identity {
            c.set("aws:SourceIdentity", si.clone());
        }
        c
    }

    /// A request made by this session. `extra` holds request facts (source IP, time, region …)
    /// and wins over what the session carries.
    pub fn request(
        &self,
        action: Action,
        resource: Resource,
        resource_account: Option<String>,
        extra: &Context,
    ) -> Request {
        let mut context = self.context();
        for entry in extra.entries() {
            context.insert(&entry.key, entry.values.clone());
        }
        let mut req = Request {
            principal: self.principal.clone(),
            action,
            resource,
            resource_account,
            context,
        };
        req.fill_principal_keys();
        req
    }
}
