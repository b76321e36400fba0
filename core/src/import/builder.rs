//! The model being assembled from many files, and the final checks across them.

use super::origins::{resolve, PendingOrigin, SourceMapping};
use super::{ImportError, ImportResult, Skipped};
use crate::diag::Diagnostic;
use crate::json::Span;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One account's entities, keyed by name so that several files merge deterministically.
#[derive(Default)]
pub(super) struct Account {
    pub name: Option<String>,
    pub scps: Vec<String>,
    pub rcps: Vec<String>,
    pub users: Named,
    pub groups: Named,
    pub roles: Named,
    /// Customer managed policies by name, with their IAM path.
    pub policies: Named,
    /// Resources by ARN.
    pub resources: BTreeMap<String, Value>,
    /// Compute that runs as a role, by ARN (`compute.rs`).
    pub compute: BTreeMap<String, Value>,
    /// OIDC providers by URL (without `https://`), SAML providers by name.
    pub oidc_providers: Named,
    pub saml_providers: Named,
}

/// IAM entities by name, where names are unique regardless of case (as in IAM). The folded names
/// are kept aside so that checking a new name costs one lookup, not a scan of every name (which
/// made importing an account quadratic in its roles).
#[derive(Default)]
pub(super) struct Named {
    items: BTreeMap<String, Value>,
    folded: HashSet<String>,
}

impl Named {
    /// Inserts `value` unless the name is taken regardless of case; returns whether it was.
    pub fn insert_new(&mut self, key: String, value: Value) -> bool {
        if !self.folded.insert(key.to_ascii_lowercase()) {
            return false;
        }
        self.items.insert(key, value);
        true
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.items.get_mut(key)
    }
}

impl std::ops::Deref for Named {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

/// The entity collections a managed-policy reference can sit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Collection {
    Users,
    Groups,
    Roles,
}

/// How an entity refers to another: a customer managed policy (attached or as its boundary), or
/// a group (a user's membership).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    Attached,
    Boundary,
    Group,
}

/// What a reference to nothing imported means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Missing {
    /// The input claims to be complete (an account snapshot): the input lacks a file.
    Error,
    /// The input is a partial view (a Terraform plan): drop the reference and report it. Used
    /// only for attachments and memberships, never for boundaries.
    Skip,
}

/// A reference to a customer managed policy or a group, checked once every file is read.
pub(super) struct PolicyRef {
    pub account: String,
    pub collection: Collection,
    pub entity: String,
    pub arn: String,
    pub kind: RefKind,
    pub missing: Missing,
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
    /// Users with an MFA device, applied once every file is read.
    pub mfa: Vec<MfaUser>,
    /// Where entities and their policies were read (for locating loader errors in the inputs).
    pub origins: Vec<PendingOrigin>,
    /// Origins whose model path is known while reading (organization policies, by name).
    pub fixed_origins: Vec<SourceMapping>,
}

/// A user an MFA device is assigned to (`list-virtual-mfa-devices`), and where that was read.
pub(super) struct MfaUser {
    pub account: String,
    pub user: String,
    pub location: String,
}

impl Builder {
    /// Inserts an IAM entity (user, group, role, managed policy) unless its name is taken —
    /// regardless of case, as in IAM; returns whether it was inserted.
    pub fn insert_new(map: &mut Named, key: String, value: Value) -> bool {
        map.insert_new(key, value)
    }

    /// Inserts `value` unless the exact key is taken (resources by ARN: some services' names are
    /// case-sensitive); returns whether it was inserted.
    pub fn insert_new_exact(map: &mut BTreeMap<String, Value>, key: String, value: Value) -> bool {
        match map.entry(key) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(value);
                true
            }
            std::collections::btree_map::Entry::Occupied(_) => false,
        }
    }

    /// Records that the part `suffix` (a JSON pointer below the entity, empty for the entity) of
    /// the entity `key` of `collection` in `account` was read at `location` (`file#pointer`).
    pub fn origin(
        &mut self,
        account: &str,
        collection: &'static str,
        key: &str,
        suffix: &str,
        location: &str,
    ) {
        let (file, source_path) = location.split_once('#').unwrap_or((location, ""));
        self.origins.push(PendingOrigin {
            account: account.to_owned(),
            collection,
            key: key.to_owned(),
            suffix: suffix.to_owned(),
            file: file.to_owned(),
            source_path: source_path.to_owned(),
        });
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
        self.apply_mfa();
        let sources = self.sources();
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
                ("users", a.users.items),
                ("groups", a.groups.items),
                ("roles", a.roles.items),
                ("policies", a.policies.items),
                ("oidcProviders", a.oidc_providers.items),
                ("samlProviders", a.saml_providers.items),
                ("resources", a.resources),
                ("compute", a.compute),
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
            sources,
        }
    }

    /// The recorded origins as model paths: each entity's index is its rank in its collection,
    /// which is the order `finish` writes the arrays in.
    fn sources(&mut self) -> Vec<SourceMapping> {
        let accounts = &self.accounts;
        let index_of = |account: &str, collection: &str, key: &str| {
            let a = accounts.get(account)?;
            match collection {
                "users" => a.users.keys().position(|k| k == key),
                "groups" => a.groups.keys().position(|k| k == key),
                "roles" => a.roles.keys().position(|k| k == key),
                "policies" => a.policies.keys().position(|k| k == key),
                "resources" => a.resources.keys().position(|k| k == key),
                "compute" => a.compute.keys().position(|k| k == key),
                _ => None,
            }
        };
        let mut out = std::mem::take(&mut self.fixed_origins);
        out.extend(resolve(std::mem::take(&mut self.origins), index_of));
        out
    }

    /// A reference to a policy or group that no imported file defines cannot be loaded. Leaving
    /// it out could allow more than AWS does (the policy or group may hold a Deny), so it is an
    /// error, unless the input is a partial view and the reference an attachment or membership.
    fn check_refs(&mut self) {
        let mut known: BTreeSet<String> = BTreeSet::new();
        for (id, a) in &self.accounts {
            for (name, p) in a.policies.iter() {
                let path = p.get("path").and_then(Value::as_str).unwrap_or("/");
                known.insert(format!("arn:aws:iam::{id}:policy{path}{name}"));
            }
            for name in a.groups.keys() {
                known.insert(format!("{id} group {name}"));
            }
        }
        for r in std::mem::take(&mut self.refs) {
            let lookup = match r.kind {
                RefKind::Group => format!("{} group {}", r.account, r.arn),
                RefKind::Attached | RefKind::Boundary => r.arn.clone(),
            };
            if known.contains(&lookup) {
                continue;
            }
            let what = match r.kind {
                RefKind::Attached => "the attached managed policy",
                RefKind::Boundary => "the permissions boundary",
                RefKind::Group => "the group",
            };
            if r.missing == Missing::Error || r.kind == RefKind::Boundary {
                self.error(
                    &r.file,
                    Diagnostic::error(
                        "import-missing-reference",
                        format!("{what} `{}` of `{}` is in none of the imported files", r.arn, r.entity),
                        r.path,
                        r.span,
                    )
                    .with_hint("import the whole account (get-account-authorization-details without --filter)"),
                );
                continue;
            }
            let field = match r.kind {
                RefKind::Group => "groups",
                _ => "managedPolicies",
            };
            self.drop_reference(&r, field);
            self.skip(
                format!(
                    "{} `{}` of {}",
                    what.trim_start_matches("the "),
                    r.arn,
                    r.entity
                ),
                format!("{}#{}", r.file, r.path),
                "it is not in the imported input",
            );
        }
    }

    /// Marks users with an MFA device; a device of a user no file defines is reported.
    fn apply_mfa(&mut self) {
        for m in std::mem::take(&mut self.mfa) {
            let user = self
                .accounts
                .get_mut(&m.account)
                .and_then(|a| a.users.get_mut(&m.user))
                .and_then(Value::as_object_mut);
            match user {
                Some(u) => {
                    u.insert("mfaEnrolled".into(), Value::Bool(true));
                }
                None => self.skip(
                    format!("MFA device of user {} in account {}", m.user, m.account),
                    m.location,
                    "the user is in none of the imported files",
                ),
            }
        }
    }

    fn drop_reference(&mut self, r: &PolicyRef, field: &str) {
        let Some(a) = self.accounts.get_mut(&r.account) else {
            return;
        };
        let coll = match r.collection {
            Collection::Users => &mut a.users,
            Collection::Groups => &mut a.groups,
            Collection::Roles => &mut a.roles,
        };
        let Some(entity) = coll.get_mut(&r.entity).and_then(Value::as_object_mut) else {
            return;
        };
        let now_empty = match entity.get_mut(field).and_then(Value::as_array_mut) {
            Some(list) => {
                list.retain(|v| v.as_str() != Some(r.arn.as_str()));
                list.is_empty()
            }
            None => false,
        };
        if now_empty {
            entity.remove(field);
        }
    }
}
