//! The identities and roles of a whole organization, indexed by what trust policies name.

use crate::assume::RoleDef;
use crate::compile::NamedPrincipal;
use crate::context::{Context, FnvMap};
use crate::eval::CallerPolicies;
use crate::request::Principal;

/// What kind of identity starts a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityKind {
    /// An IAM user.
    User {
        /// Whether the user has an MFA device (only then can `--mfa` sign it in with MFA).
        mfa_enrolled: bool,
    },
    /// A session of the role at this index of [`World::roles`].
    Role {
        /// Index into [`World::roles`].
        role: usize,
    },
}

/// A principal that can make requests: an IAM user, or a session of a role.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The user ARN, or the role ARN for a role.
    pub arn: String,
    /// The identity's account ID.
    pub account: String,
    /// A user or a session of a role.
    pub kind: IdentityKind,
    /// The principal as it appears in requests (a role's is a session `…:assumed-role/R/iamsim`).
    pub principal: Principal,
    /// Its identity-based policies and permissions boundary.
    pub policies: CallerPolicies,
    /// Its tags (`aws:PrincipalTag/*`).
    pub tags: Vec<(String, String)>,
    /// Keys every request of this identity carries (e.g. `aws:PrincipalOrgID`).
    pub context: Context,
    /// `context`, then the tags as `aws:PrincipalTag/*` where `context` lacks them: what the
    /// identity's requests carry below the question's keys (read once, [`Identity::new`]).
    carried: Context,
    /// The keys AWS derives from `principal` (`aws:PrincipalArn`, …), read once.
    principal_keys: Context,
}

impl Identity {
    /// An identity; what its requests carry is read here, once (so its tags, context and
    /// principal are not changed afterwards).
    pub fn new(
        arn: String,
        account: String,
        kind: IdentityKind,
        principal: Principal,
        policies: CallerPolicies,
        tags: Vec<(String, String)>,
        context: Context,
    ) -> Identity {
        let mut carried = context.clone();
        for (k, v) in &tags {
            let key = format!("aws:PrincipalTag/{k}");
            if !carried.contains(&key) {
                carried.set(&key, v.clone());
            }
        }
        let principal_keys = crate::request::principal_keys(&principal);
        Identity {
            arn,
            account,
            kind,
            principal,
            policies,
            tags,
            context,
            carried,
            principal_keys,
        }
    }

    /// `context` and the principal tags, as [`crate::query::caller_context`] adds them.
    pub(crate) fn carried(&self) -> &Context {
        &self.carried
    }

    /// The principal keys of the identity's own requests (not of sessions it assumes).
    pub(crate) fn principal_keys(&self) -> &Context {
        &self.principal_keys
    }
}

/// Identities and roles, with the trust index.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// Every user and every role (as a session of itself).
    pub identities: Vec<Identity>,
    /// Every role, with its trust policy.
    pub roles: Vec<RoleDef>,
    /// Roles whose trust policy names an account.
    by_account: FnvMap<String, Vec<usize>>,
    /// Roles whose trust policy names an ARN (user, session, federated user).
    by_arn: FnvMap<String, Vec<usize>>,
    /// Roles whose trust policy names a role (by account and name).
    by_role: FnvMap<(String, String), Vec<usize>>,
    /// Roles whose trust policy names everyone.
    everyone: Vec<usize>,
    /// Identity of each role (index into `identities`), when the role is also an identity.
    role_identity: Vec<Option<usize>>,
    identities_by_account: FnvMap<String, Vec<usize>>,
    identity_by_arn: FnvMap<String, usize>,
    role_by_name: FnvMap<(String, String), usize>,
}

impl World {
    /// Builds the world. Every role also becomes an identity (a session of it) unless
    /// `identities` already has one for it.
    pub fn new(mut identities: Vec<Identity>, roles: Vec<RoleDef>) -> World {
        let mut world = World::default();
        for (r, role) in roles.iter().enumerate() {
            let Some(trust) = &role.trust else { continue };
            for st in trust.statements.iter() {
                if st.effect != crate::policy::Effect::Allow {
                    continue;
                }
                let Some(principals) = &st.principals else {
                    continue;
                };
                if principals.is_negated() {
                    continue;
                }
                for named in principals.named() {
                    let list = match named {
                        NamedPrincipal::Everyone => &mut world.everyone,
                        NamedPrincipal::Account(a) => {
                            world.by_account.entry(a.to_owned()).or_default()
                        }
                        NamedPrincipal::Arn(arn) => world.by_arn.entry(arn.to_owned()).or_default(),
                        NamedPrincipal::Role { account, name } => world
                            .by_role
                            .entry((account.to_owned(), name.to_owned()))
                            .or_default(),
                        // Federated callers and services are found by scanning roles
                        // (`query::search::sign_ins`, who-can's federated sources).
                        NamedPrincipal::Federated(_) | NamedPrincipal::Service(_) => continue,
                    };
                    if list.last() != Some(&r) {
                        list.push(r);
                    }
                }
            }
        }
        world.role_identity = vec![None; roles.len()];
        for (i, identity) in identities.iter().enumerate() {
            if let IdentityKind::Role { role } = identity.kind {
                if let Some(slot) = world.role_identity.get_mut(role) {
                    *slot = Some(i);
                }
            }
        }
        for (r, role) in roles.iter().enumerate() {
            if world.role_identity.get(r).copied().flatten().is_some() {
                continue;
            }
            let session = format!(
                "arn:aws:sts::{}:assumed-role/{}/iamsim",
                role.account, role.name
            );
            let Ok(principal) = Principal::parse(&session, Some(&role.arn)) else {
                continue;
            };
            if let Some(slot) = world.role_identity.get_mut(r) {
                *slot = Some(identities.len());
            }
            identities.push(Identity::new(
                role.arn.clone(),
                role.account.clone(),
                IdentityKind::Role { role: r },
                principal,
                CallerPolicies {
                    identity: role.identity.clone(),
                    boundary: role.boundary.clone(),
                    session: None,
                    scps: role.account_scps.clone(),
                },
                role.tags.clone(),
                role.principal_context.clone(),
            ));
        }
        for (i, identity) in identities.iter().enumerate() {
            world
                .identities_by_account
                .entry(identity.account.clone())
                .or_default()
                .push(i);
            world
                .identity_by_arn
                .entry(identity.arn.clone())
                .or_insert(i);
        }
        for (r, role) in roles.iter().enumerate() {
            world
                .role_by_name
                .entry((role.account.clone(), role.name.clone()))
                .or_insert(r);
        }
        world.identities = identities;
        world.roles = roles;
        world
    }

    /// The identity that is a session of role `r`.
    pub(crate) fn role_identity(&self, r: usize) -> Option<usize> {
        self.role_identity.get(r).copied().flatten()
    }

    /// Roles whose trust policy could match `identity` as a caller (a superset: conditions and
    /// the caller's own policies are checked by the full decision).
    pub(crate) fn candidate_roles(&self, identity: &Identity) -> Vec<usize> {
        let mut out: Vec<usize> = self.everyone.clone();
        if let Some(list) = self.by_account.get(&identity.account) {
            out.extend(list);
        }
        if let Some(list) = self.by_arn.get(&identity.arn) {
            out.extend(list);
        }
        if let IdentityKind::Role { role } = identity.kind {
            if let Some(r) = self.roles.get(role) {
                if let Some(list) = self.by_role.get(&(r.account.clone(), r.name.clone())) {
                    out.extend(list);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Identities a trust policy of role `r` could match (the reverse of [`World::candidate_roles`]).
    pub(crate) fn candidate_callers(&self, r: usize) -> Vec<usize> {
        let Some(role) = self.roles.get(r) else {
            return Vec::new();
        };
        let Some(trust) = &role.trust else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for st in trust.statements.iter() {
            let Some(principals) = &st.principals else {
                continue;
            };
            if st.effect != crate::policy::Effect::Allow || principals.is_negated() {
                continue;
            }
            for named in principals.named() {
                match named {
                    NamedPrincipal::Everyone => return (0..self.identities.len()).collect(),
                    NamedPrincipal::Account(a) => {
                        if let Some(list) = self.identities_by_account.get(a) {
                            out.extend(list);
                        }
                    }
                    NamedPrincipal::Arn(arn) => out.extend(self.identity_by_arn.get(arn)),
                    NamedPrincipal::Role { account, name } => {
                        let role = self
                            .role_by_name
                            .get(&(account.to_owned(), name.to_owned()));
                        out.extend(role.and_then(|r| self.role_identity(*r)));
                    }
                    NamedPrincipal::Service(_) | NamedPrincipal::Federated(_) => {}
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The index into [`World::roles`] of the role with this ARN.
    pub(crate) fn role_index(&self, arn: &str) -> Option<usize> {
        match self
            .identity_by_arn
            .get(arn)
            .and_then(|i| self.identities.get(*i))
        {
            Some(Identity {
                kind: IdentityKind::Role { role },
                ..
            }) => Some(*role),
            _ => self.roles.iter().position(|r| r.arn == arn),
        }
    }

    /// The index into [`World::identities`] of the identity with this ARN.
    pub fn identity_index(&self, arn: &str) -> Option<usize> {
        self.identity_by_arn.get(arn).copied()
    }
}
