//! Every policy document of a model, parsed with its location in the model text: the per-policy
//! lint runs on each, and the account-wide checks read their principals and actions.

use crate::json::{push_index, push_segment, JsonKey, JsonValue};
use crate::policy::{parse_policy_value, Policy, PolicyKind};

/// One policy document of the model.
pub(super) struct Document {
    /// JSON pointer of the document in the model (also its compiled policy's `source.path`).
    pub path: String,
    pub kind: PolicyKind,
    /// The account that holds it; `None` for organization policies.
    pub account: Option<String>,
    pub policy: Policy,
}

/// The documents by JSON pointer: the checks find a role's or resource's document by its
/// compiled policy's `source.path` (a scan of every document per role was quadratic).
pub(super) type ByPath<'d> = std::collections::HashMap<&'d str, &'d Document>;

pub(super) fn by_path(docs: &[Document]) -> ByPath<'_> {
    docs.iter().map(|d| (d.path.as_str(), d)).collect()
}

fn join(path: &str, segment: &str) -> String {
    let mut p = path.to_owned();
    push_segment(&mut p, segment);
    p
}

fn index(path: &str, i: usize) -> String {
    let mut p = path.to_owned();
    push_index(&mut p, i);
    p
}

fn members<'v, 'a>(v: Option<&'v JsonValue<'a>>) -> &'v [(JsonKey<'a>, JsonValue<'a>)] {
    v.and_then(JsonValue::as_object).unwrap_or(&[])
}

fn items<'v, 'a>(v: Option<&'v JsonValue<'a>>) -> &'v [JsonValue<'a>] {
    v.and_then(JsonValue::as_array).unwrap_or(&[])
}

struct Collector(Vec<Document>);

impl Collector {
    fn add(
        &mut self,
        value: Option<&JsonValue>,
        path: String,
        kind: PolicyKind,
        account: Option<&str>,
    ) {
        let Some(value) = value.filter(|v| !matches!(v.kind, crate::json::JsonKind::Null)) else {
            return;
        };
        let parsed = parse_policy_value(value, &path);
        // The loader already reported unreadable documents; lint only readable ones.
        if parsed.has_errors() {
            return;
        }
        if let Some(policy) = parsed.policy {
            self.0.push(Document {
                path,
                kind,
                account: account.map(str::to_owned),
                policy,
            });
        }
    }

    fn inline(&mut self, entity: &JsonValue, path: &str, account: &str) {
        let ipath = join(path, "inlinePolicies");
        for (name, doc) in members(entity.get("inlinePolicies")) {
            self.add(
                Some(doc),
                join(&ipath, &name.text),
                PolicyKind::Identity,
                Some(account),
            );
        }
    }
}

/// How an account's entities use its customer managed policies: attached (`managedPolicies`)
/// or as a permissions boundary (`permissionBoundary`), by name or ARN.
struct Uses {
    attached: std::collections::HashSet<String>,
    boundary: std::collections::HashSet<String>,
}

impl Uses {
    fn of(account: &JsonValue, id: &str) -> Uses {
        let prefix = format!("arn:aws:iam::{id}:policy/");
        // A reference by ARN names the policy by its last segment (IAM paths do not change it).
        let name = |r: &str| -> Option<String> {
            match r.strip_prefix(&prefix) {
                Some(rest) => rest.rsplit('/').next().map(str::to_owned),
                None if r.starts_with("arn:") => None,
                None => Some(r.to_owned()),
            }
        };
        let mut uses = Uses {
            attached: std::collections::HashSet::new(),
            boundary: std::collections::HashSet::new(),
        };
        for field in ["users", "groups", "roles"] {
            for e in items(account.get(field)) {
                for r in items(e.get("managedPolicies")) {
                    uses.attached.extend(r.as_str().and_then(name));
                }
                if let Some(b) = e.get("permissionBoundary").and_then(JsonValue::as_str) {
                    uses.boundary.extend(name(b));
                }
            }
        }
        uses
    }

    /// A policy used only as a permissions boundary is linted as one: it grants nothing by
    /// itself, so escalation and PassRole findings (#13 item 9) do not apply to it.
    fn kind_of(&self, name: &str) -> PolicyKind {
        if self.boundary.contains(name) && !self.attached.contains(name) {
            PolicyKind::Boundary
        } else {
            PolicyKind::Identity
        }
    }
}

/// The documents of a model, in document order.
pub(super) fn documents(root: &JsonValue) -> Vec<Document> {
    let mut c = Collector(Vec::new());
    let org_policies = root.get("organization").and_then(|o| o.get("policies"));
    for (name, value) in members(org_policies) {
        let kind = match value.get("type").and_then(JsonValue::as_str) {
            Some("scp") => PolicyKind::Scp,
            Some("rcp") => PolicyKind::Rcp,
            _ => continue,
        };
        let path = join(&join("/organization/policies", &name.text), "document");
        c.add(value.get("document"), path, kind, None);
    }
    for (id, account) in members(root.get("accounts")) {
        let apath = join("/accounts", &id.text);
        let id = id.text.as_ref();
        let uses = Uses::of(account, id);
        for (i, p) in items(account.get("policies")).iter().enumerate() {
            let path = join(&index(&join(&apath, "policies"), i), "document");
            let name = p
                .get("name")
                .and_then(JsonValue::as_str)
                .unwrap_or_default();
            c.add(p.get("document"), path, uses.kind_of(name), Some(id));
        }
        for field in ["users", "groups"] {
            for (i, e) in items(account.get(field)).iter().enumerate() {
                c.inline(e, &index(&join(&apath, field), i), id);
            }
        }
        for (i, role) in items(account.get("roles")).iter().enumerate() {
            let rpath = index(&join(&apath, "roles"), i);
            c.add(
                role.get("trustPolicy"),
                join(&rpath, "trustPolicy"),
                PolicyKind::Trust,
                Some(id),
            );
            c.inline(role, &rpath, id);
        }
        for (i, res) in items(account.get("resources")).iter().enumerate() {
            let path = join(&index(&join(&apath, "resources"), i), "policy");
            c.add(res.get("policy"), path, PolicyKind::Resource, Some(id));
        }
    }
    c.0
}
