//! Roles nobody can assume: the trust policy names only principals of the model (no outside
//! account, service, identity provider or `*`), and none of them may assume the role — not even
//! with MFA or the ExternalId the trust expects. Usually a leftover or a broken trust policy.

use super::documents::ByPath;
use super::scope::{account_of, Scope};
use crate::access::{Identity, IdentityKind};
use crate::assume::{assume_role, AssumeMethod, AssumeParams, Caller, RoleDef};
use crate::compile::NamedPrincipal;
use crate::diag::Diagnostic;
use crate::eval::Decision;
use crate::lint::rules::UNASSUMABLE_ROLE;
use crate::model::Model;
use crate::policy::Effect;
use crate::request::Action;
use std::collections::HashMap;

/// Whether the trust names someone the model cannot stand for (so reachability is unknown).
fn names_outside(role: &RoleDef, scope: &Scope) -> bool {
    let Some(trust) = &role.trust else {
        return false;
    };
    // The model stands for an account's principals only when it defines all of them.
    let modelled = |a: &str| scope.is_inside(a, &role.account) && scope.is_complete(a);
    trust
        .statements
        .iter()
        .filter(|s| s.effect == crate::policy::Effect::Allow)
        .filter_map(|s| s.principals.as_ref())
        .any(|p| {
            p.is_negated()
                || p.named().any(|n| match n {
                    NamedPrincipal::Everyone
                    | NamedPrincipal::Service(_)
                    | NamedPrincipal::Federated(_) => true,
                    NamedPrincipal::Account(a) => !modelled(a),
                    NamedPrincipal::Arn(a) => account_of(a).is_none_or(|acct| !modelled(acct)),
                    NamedPrincipal::Role { account, .. } => !modelled(account),
                })
        })
}

fn can_assume(identity: &Identity, role: &RoleDef, external_ids: &[String]) -> bool {
    let mut context = identity.context.clone();
    for (k, v) in &identity.tags {
        context.set(&format!("aws:PrincipalTag/{k}"), v.clone());
    }
    let caller = Caller {
        principal: identity.principal.clone(),
        policies: identity.policies.clone(),
        context,
        session: None,
    };
    // Users sign in with MFA when they have a device; role sessions never carry it onward.
    let mfa = matches!(identity.kind, IdentityKind::User { mfa_enrolled: true });
    let ids = std::iter::once(None).chain(external_ids.iter().map(|i| Some(i.clone())));
    ids.into_iter().any(|external_id| {
        let params = AssumeParams {
            session_name: "iamsim".into(),
            external_id,
            mfa,
            ..AssumeParams::default()
        };
        assume_role(&caller, role, &AssumeMethod::AssumeRole, &params).decision == Decision::Allowed
    })
}

/// Who could use a trust policy, without trying everyone its accounts hold.
///
/// A trust that names an account (its root) lets that account's identities in only when their
/// own policies allow `sts:AssumeRole` (the evaluation's same-account and cross-account rules
/// both require it); a trust that names a user or role lets that one in by itself. So the callers
/// to try are the named ones, and the identities of a named account whose policies have an Allow
/// statement covering `sts:AssumeRole` (resources and conditions aside: a superset). Trying every
/// identity of the account made the check quadratic in the roles of an account.
struct Callers<'w> {
    world: &'w crate::access::World,
    /// Identities whose policies may allow `sts:AssumeRole`, by account.
    assumers: HashMap<&'w str, Vec<usize>>,
    /// The identity of each role, by account and name.
    roles: HashMap<(&'w str, &'w str), usize>,
}

impl<'w> Callers<'w> {
    fn of(world: &'w crate::access::World) -> Self {
        let mut assumers: HashMap<&str, Vec<usize>> = HashMap::new();
        if let Some(action) = Action::parse("sts:AssumeRole") {
            for (i, identity) in world.identities.iter().enumerate() {
                let allows = identity.policies.identity.iter().any(|p| {
                    p.statements
                        .iter()
                        .any(|st| st.effect == Effect::Allow && st.actions.matches(&action))
                });
                if allows {
                    assumers
                        .entry(identity.account.as_str())
                        .or_default()
                        .push(i);
                }
            }
        }
        let roles = (0..world.roles.len())
            .filter_map(|r| {
                let role = world.roles.get(r)?;
                Some((
                    (role.account.as_str(), role.name.as_str()),
                    world.role_identity(r)?,
                ))
            })
            .collect();
        Callers {
            world,
            assumers,
            roles,
        }
    }

    /// The identities that may pass `role`'s trust: the named ones, then each named account's
    /// assumers. Not collected into one list: the caller stops at the first that succeeds, and
    /// copying every assumer of the account for each role was quadratic when all may assume.
    fn of_role<'s>(&'s self, role: &'s RoleDef) -> impl Iterator<Item = usize> + 's {
        let allowing = role
            .trust
            .iter()
            .flat_map(|t| t.statements.iter())
            .filter(|st| st.effect == Effect::Allow)
            .filter_map(|st| st.principals.as_ref())
            .filter(|p| !p.is_negated());
        let named = allowing
            .clone()
            .flat_map(|p| p.named())
            .filter_map(|n| match n {
                NamedPrincipal::Arn(arn) => self.world.identity_index(arn),
                NamedPrincipal::Role { account, name } => self.roles.get(&(account, name)).copied(),
                // Accounts below; `names_outside` leaves the others out.
                _ => None,
            });
        let by_account = allowing
            .flat_map(|p| p.named())
            .filter_map(|n| match n {
                NamedPrincipal::Account(a) => self.assumers.get(a),
                _ => None,
            })
            .flat_map(|list| list.iter().copied());
        named.chain(by_account)
    }
}

pub(super) fn check(model: &Model, scope: &Scope, docs: &ByPath, out: &mut Vec<Diagnostic>) {
    let world = &model.world;
    let callers = Callers::of(world);
    // Roles are independent: decided on every core (crate::parallel), reported in role order.
    let found = crate::parallel::map(&world.roles, |role| {
        unassumable(role, &callers, scope, docs)
    });
    out.extend(found.into_iter().flatten());
}

/// The finding for `role` when nobody the model holds can assume it.
fn unassumable(
    role: &RoleDef,
    callers: &Callers<'_>,
    scope: &Scope,
    docs: &ByPath,
) -> Option<Diagnostic> {
    let world = callers.world;
    let trust = role.trust.as_ref()?;
    if names_outside(role, scope) {
        return None;
    }
    let doc = *docs.get(trust.source.path.as_str())?;
    let external_ids = super::probe::expected_external_ids(role);
    let reachable = callers
        .of_role(role)
        .filter_map(|i| world.identities.get(i))
        .any(|identity| can_assume(identity, role, &external_ids));
    (!reachable).then(|| {
        UNASSUMABLE_ROLE
            .at(
                format!("no user or role of the model can assume `{}`, even with MFA, and its trust policy names nobody else", role.arn),
                doc.path.clone(),
                doc.policy.span,
            )
            .with_hint(UNASSUMABLE_ROLE.help)
    })
}
