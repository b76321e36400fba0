//! The model being assembled from many files, and the final checks across them.

use super::{ImportError, ImportResult, Skipped};
use crate::diag::Diagnostic;
use crate::json::Span;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One account's entities, keyed by name so that several files merge deterministically.
#[derive(Default)]
pub(super) struct Account {
    pub name: Option<String>,
    pub scps: Vec<String>,
    pub rcps: Vec<String>,
    pub users: BTreeMap<String, Value>,
    pub groups: BTreeMap<String, Value>,
    pub roles: BTreeMap<String, Value>,
    /// Customer managed policies by name, with their IAM path.
    pub policies: BTreeMap<String, Value>,
    /// Resources by ARN.
    pub resources: BTreeMap<String, Value>,
}

/// The entity collections a managed-policy reference can sit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Collection {
    Users,
    Groups,
    Roles,
}

/// How an entity refers to a customer managed policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    Attached,
    Boundary,
}

/// A reference to a customer managed policy, checked once every file is read.
pub(super) struct PolicyRef {
    pub account: String,
    pub collection: Collection,
    pub entity: String,
    pub arn: String,
    pub kind: RefKind,
    pub file: String,
    pub path: String,
    pub span: Span,
}

#[derive(Default)]
pub(super) struct Builder {
    pub accounts: BTreeMap<String, Account>,
    pub organization: Option<Value>,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<ImportError>,
    pub refs: Vec<PolicyRef>,
}

impl Builder {
    /// Inserts `value` unless the key is taken; returns whether it was inserted.
    pub fn insert_new(map: &mut BTreeMap<String, Value>, key: String, value: Value) -> bool {
        match map.entry(key) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(value);
                true
            }
            std::collections::btree_map::Entry::Occupied(_) => false,
        }
    }

    pub fn account(&mut self, id: &str) -> &mut Account {
        self.accounts.entry(id.to_owned()).or_default()
    }

    pub fn skip(&mut self, what: String, location: String, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            what,
            location,
            reason: reason.into(),
        });
    }

    pub fn error(&mut self, file: &str, diagnostic: Diagnostic) {
        self.errors.push(ImportError {
            file: file.to_owned(),
            diagnostic,
        });
    }

    /// Resolves customer managed policy references, then writes the model.
    pub fn finish(mut self) -> ImportResult {
        self.check_refs();
        let mut accounts = Map::new();
        for (id, a) in std::mem::take(&mut self.accounts) {
            let mut obj = Map::new();
            if let Some(name) = a.name {
                obj.insert("name".into(), Value::String(name));
            }
            if !a.scps.is_empty() {
                obj.insert("scps".into(), json!(a.scps));
            }
            if !a.rcps.is_empty() {
                obj.insert("rcps".into(), json!(a.rcps));
            }
            for (field, items) in [
                ("users", a.users),
                ("groups", a.groups),
                ("roles", a.roles),
                ("policies", a.policies),
                ("resources", a.resources),
            ] {
                if !items.is_empty() {
                    obj.insert(field.into(), Value::Array(items.into_values().collect()));
                }
            }
            accounts.insert(id, Value::Object(obj));
        }
        let mut model = Map::new();
        if let Some(org) = self.organization.take() {
            model.insert("organization".into(), org);
        }
        model.insert("accounts".into(), Value::Object(accounts));
        ImportResult {
            model: Value::Object(model),
            skipped: self.skipped,
            errors: self.errors,
        }
    }

    /// A reference to a customer managed policy that no imported file defines cannot be loaded.
    /// An attached one is dropped (which can only deny more); a missing boundary is an error,
    /// since dropping it would allow more than AWS does.
    fn check_refs(&mut self) {
        let known: BTreeSet<String> = self
            .accounts
            .iter()
            .flat_map(|(id, a)| {
                a.policies.iter().map(move |(name, p)| {
                    let path = p.get("path").and_then(Value::as_str).unwrap_or("/");
                    format!("arn:aws:iam::{id}:policy{path}{name}")
                })
            })
            .collect();
        for r in std::mem::take(&mut self.refs) {
            if known.contains(&r.arn) {
                continue;
            }
            match r.kind {
                RefKind::Boundary => self.error(
                    &r.file,
                    Diagnostic::error(
                        "import-missing-boundary",
                        format!(
                            "the permissions boundary `{}` of `{}` is in none of the imported files",
                            r.arn, r.entity
                        ),
                        r.path,
                        r.span,
                    )
                    .with_hint("import the account's customer managed policies too (get-account-authorization-details without --filter)"),
                ),
                RefKind::Attached => {
                    if let Some(a) = self.accounts.get_mut(&r.account) {
                        let coll = match r.collection {
                            Collection::Users => &mut a.users,
                            Collection::Groups => &mut a.groups,
                            Collection::Roles => &mut a.roles,
                        };
                        if let Some(entity) = coll.get_mut(&r.entity).and_then(Value::as_object_mut)
                        {
                            let now_empty = match entity
                                .get_mut("managedPolicies")
                                .and_then(Value::as_array_mut)
                            {
                                Some(list) => {
                                    list.retain(|v| v.as_str() != Some(r.arn.as_str()));
                                    list.is_empty()
                                }
                                None => false,
                            };
                            if now_empty {
                                entity.remove("managedPolicies");
                            }
                        }
                    }
                    self.skip(
                        format!("attachment of {} to {}", r.arn, r.entity),
                        format!("{}#{}", r.file, r.path),
                        "the customer managed policy is in none of the imported files",
                    );
                }
            }
        }
    }
}
