//! Dangling principals: trust and resource policies that name a user or role of an account the
//! model defines completely, where that user or role does not exist. (AWS turns a deleted
//! principal into its unique id; re-creating the name does not restore the access.) Accounts
//! outside the organization are external, never dangling.

use super::documents::Document;
use super::scope::Scope;
use crate::arn::Arn;
use crate::diag::Diagnostic;
use crate::lint::rules::DANGLING_PRINCIPAL;
use crate::lint::support::{aws_principals, join, principal_path};
use crate::model::Model;
use crate::policy::PolicyKind;
use std::collections::HashSet;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Entity {
    User,
    Role,
    /// An assumed-role session: it names its role by name, whatever the role's path.
    Session,
}

/// What a principal ARN names: its account, the kind of entity and, for sessions, the role name.
fn named_entity(text: &str) -> Option<(&str, Entity, &str)> {
    let arn = Arn::parse(text)?;
    match arn.service {
        "iam" => {
            let kind = if arn.resource.starts_with("user/") {
                Entity::User
            } else if arn.resource.starts_with("role/") {
                Entity::Role
            } else {
                return None;
            };
            Some((arn.account, kind, arn.resource))
        }
        "sts" => {
            let role = arn
                .resource
                .strip_prefix("assumed-role/")?
                .split('/')
                .next()?;
            Some((arn.account, Entity::Session, role))
        }
        _ => None,
    }
}

/// The users and roles of the model, looked up by ARN and (for sessions) by account and role
/// name: one scan of the model, not one per principal entry.
struct Defined<'m> {
    model: &'m Model,
    roles: HashSet<(&'m str, &'m str)>,
}

impl<'m> Defined<'m> {
    fn of(model: &'m Model) -> Self {
        let roles = model
            .world
            .roles
            .iter()
            .map(|r| (r.account.as_str(), r.name.as_str()))
            .collect();
        Defined { model, roles }
    }

    fn exists(&self, text: &str, account: &str, kind: Entity, name: &str) -> bool {
        match kind {
            Entity::Session => self.roles.contains(&(account, name)),
            Entity::User | Entity::Role => self.model.world.identity_index(text).is_some(),
        }
    }
}

pub(super) fn check(model: &Model, scope: &Scope, docs: &[Document], out: &mut Vec<Diagnostic>) {
    let defined = Defined::of(model);
    let docs = docs
        .iter()
        .filter(|d| matches!(d.kind, PolicyKind::Trust | PolicyKind::Resource));
    for doc in docs {
        for st in &doc.policy.statements {
            for entry in aws_principals(st) {
                let text = entry.value.as_str();
                if text.contains(['*', '?']) {
                    continue;
                }
                let Some((account, kind, name)) = named_entity(text) else {
                    continue;
                };
                if !scope.is_complete(account) || defined.exists(text, account, kind, name) {
                    continue;
                }
                let what = match kind {
                    Entity::User => "user",
                    Entity::Role | Entity::Session => "role",
                };
                out.push(
                    DANGLING_PRINCIPAL
                        .at(
                            format!("`{text}` names a {what} that account `{account}` of the model does not define"),
                            join(&principal_path(st), "AWS"),
                            entry.span,
                        )
                        .with_hint(DANGLING_PRINCIPAL.help),
                );
            }
        }
    }
}
