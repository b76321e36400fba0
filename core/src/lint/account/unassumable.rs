//! Roles nobody can assume: the trust policy names only principals of the model (no outside
//! account, service, identity provider or `*`), and none of them may assume the role — not even
//! with MFA or the ExternalId the trust expects. Usually a leftover or a broken trust policy.

use super::documents::Document;
use super::scope::{account_of, Scope};
use crate::access::{Identity, IdentityKind};
use crate::assume::{assume_role, AssumeMethod, AssumeParams, Caller, RoleDef};
use crate::compile::NamedPrincipal;
use crate::diag::Diagnostic;
use crate::eval::Decision;
use crate::lint::rules::UNASSUMABLE_ROLE;
use crate::model::Model;

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

pub(super) fn check(model: &Model, scope: &Scope, docs: &[Document], out: &mut Vec<Diagnostic>) {
    let world = &model.world;
    for (r, role) in world.roles.iter().enumerate() {
        let Some(trust) = &role.trust else { continue };
        if names_outside(role, scope) {
            continue;
        }
        let Some(doc) = docs.iter().find(|d| d.path == trust.source.path) else {
            continue;
        };
        let external_ids = super::probe::expected_external_ids(role);
        let reachable = world
            .candidate_callers(r)
            .into_iter()
            .filter_map(|i| world.identities.get(i))
            .any(|identity| can_assume(identity, role, &external_ids));
        if !reachable {
            out.push(
                UNASSUMABLE_ROLE
                    .at(
                        format!("no user or role of the model can assume `{}`, even with MFA, and its trust policy names nobody else", role.arn),
                        doc.path.clone(),
                        doc.policy.span,
                    )
                    .with_hint(UNASSUMABLE_ROLE.help),
            );
        }
    }
}
