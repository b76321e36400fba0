//! Who is inside: the organization's accounts, or, when the model has no organization, only the
//! account that owns the role or resource. Everything else is external.

use crate::arn::{is_account_id, Arn};
use crate::lint::LintConfig;
use crate::model::Model;
use std::collections::BTreeSet;

pub(super) struct Scope {
    /// Whether the model has an organization.
    org: bool,
    /// The accounts of the organization (management account included).
    members: BTreeSet<String>,
    /// Every account the model describes, with its name.
    described: Vec<(String, Option<String>)>,
}

impl Scope {
    pub fn of(model: &Model) -> Scope {
        Scope {
            org: model.org_id.is_some() || model.accounts.iter().any(|a| a.in_organization),
            members: model
                .accounts
                .iter()
                .filter(|a| a.in_organization)
                .map(|a| a.id.clone())
                .collect(),
            described: model
                .accounts
                .iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect(),
        }
    }

    /// Whether `account` is inside for a role or resource of `owner`: the owner itself, and the
    /// organization's accounts when the owner belongs to it (for an account outside the
    /// organization, a partner or a client, every other account is external).
    pub fn is_inside(&self, account: &str, owner: &str) -> bool {
        account == owner || (self.members.contains(owner) && self.members.contains(account))
    }

    /// Whether the model defines every user and role of `account` (so a missing one is dangling):
    /// accounts it describes, inside the organization when there is one.
    pub fn is_complete(&self, account: &str) -> bool {
        self.described.iter().any(|(id, _)| id == account)
            && (!self.org || self.members.contains(account))
    }

    /// How to name an external account: its id, its name when the model describes it.
    pub fn describe(&self, account: &str) -> String {
        // An organization account is "outside" only for an owner outside the organization.
        let outside = if self.org && !self.members.contains(account) {
            "outside the organization"
        } else {
            "another account"
        };
        match self.described.iter().find(|(id, _)| id == account) {
            Some((_, Some(name))) => format!("account `{account}` ({name}, {outside})"),
            _ => format!("account `{account}` ({outside})"),
        }
    }

    /// The per-policy lint config for a document of `owner`: the model knows the own accounts, so
    /// the third-party rules work without listing them (a configured list wins).
    pub fn config_for(&self, config: &LintConfig, owner: Option<&str>) -> LintConfig {
        let mut c = config.clone();
        if c.accounts.is_empty() {
            match owner {
                Some(o) if self.members.contains(o) => c.accounts.clone_from(&self.members),
                Some(o) => {
                    c.accounts.insert(o.to_owned());
                }
                // Organization policies: the organization's accounts.
                None => c.accounts.clone_from(&self.members),
            }
        }
        c
    }
}

/// The account of a principal entry (`123456789012`, or an ARN with an account).
pub(super) fn account_of(text: &str) -> Option<&str> {
    if is_account_id(text) {
        return Some(text);
    }
    Arn::parse(text)
        .map(|a| a.account)
        .filter(|a| is_account_id(a))
}
