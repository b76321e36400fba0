//! The policy documents of an account model, each with its kind, its JSON path in the model and
//! what it belongs to — so that every finding points into the model file.

use crate::json::{push_index, push_segment, JsonKind, JsonValue};
use crate::policy::PolicyKind;

/// What a document is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A role's trust policy: the role's ARN.
    Trust { role_arn: String },
    /// A resource's policy: the resource's ARN as the model gives it (or builds it).
    Resource { arn: Option<String> },
    /// Anything else (identity, managed, organization policies).
    Other,
}

/// One policy document inside the model.
pub struct Document<'v, 'a> {
    pub value: &'v JsonValue<'a>,
    pub kind: PolicyKind,
    /// JSON pointer of the document in the model.
    pub path: String,
    /// The account it lives in (`None`: organization policies).
    pub account: Option<String>,
    pub owner: Owner,
}

fn child(path: &str, key: &str) -> String {
    let mut p = path.to_owned();
    push_segment(&mut p, key);
    p
}

fn item(path: &str, i: usize) -> String {
    let mut p = path.to_owned();
    push_index(&mut p, i);
    p
}

fn members<'v, 'a>(
    v: Option<&'v JsonValue<'a>>,
) -> &'v [(crate::json::JsonKey<'a>, JsonValue<'a>)] {
    v.and_then(JsonValue::as_object).unwrap_or_default()
}

fn items<'v, 'a>(v: Option<&'v JsonValue<'a>>) -> &'v [JsonValue<'a>] {
    v.and_then(JsonValue::as_array).unwrap_or_default()
}

/// Every policy document of the model tree `model`.
pub fn documents<'v, 'a>(model: &'v JsonValue<'a>) -> Vec<Document<'v, 'a>> {
    let mut out = Vec::new();
    let org_policies = model.get("organization").and_then(|o| o.get("policies"));
    for (name, policy) in members(org_policies) {
        let kind = match policy.get("type").and_then(JsonValue::as_str) {
            Some("rcp") => PolicyKind::Rcp,
            _ => PolicyKind::Scp,
        };
        if let Some(doc) = policy.get("document") {
            out.push(Document {
                value: doc,
                kind,
                path: child(
                    &child(&child("/organization", "policies"), &name.text),
                    "document",
                ),
                account: None,
                owner: Owner::Other,
            });
        }
    }
    for (id, account) in members(model.get("accounts")) {
        let base = child("/accounts", &id.text);
        let mut add = |value: &'v JsonValue<'a>, kind, path: String, owner| {
            out.push(Document {
                value,
                kind,
                path,
                account: Some(id.text.to_string()),
                owner,
            });
        };
        for section in ["users", "groups", "roles"] {
            let spath = child(&base, section);
            for (i, principal) in items(account.get(section)).iter().enumerate() {
                let ppath = item(&spath, i);
                let inline = child(&ppath, "inlinePolicies");
                for (name, doc) in members(principal.get("inlinePolicies")) {
                    add(
                        doc,
                        PolicyKind::Identity,
                        child(&inline, &name.text),
                        Owner::Other,
                    );
                }
                if section == "roles" {
                    if let Some(trust) = principal.get("trustPolicy") {
                        let name = principal
                            .get("name")
                            .and_then(JsonValue::as_str)
                            .unwrap_or("");
                        let role_path = principal
                            .get("path")
                            .and_then(JsonValue::as_str)
                            .unwrap_or("/");
                        let role_arn = format!("arn:aws:iam::{}:role{role_path}{name}", id.text);
                        add(
                            trust,
                            PolicyKind::Trust,
                            child(&ppath, "trustPolicy"),
                            Owner::Trust { role_arn },
                        );
                    }
                }
            }
        }
        let mpath = child(&base, "policies");
        for (i, policy) in items(account.get("policies")).iter().enumerate() {
            if let Some(doc) = policy.get("document") {
                add(
                    doc,
                    PolicyKind::Identity,
                    child(&item(&mpath, i), "document"),
                    Owner::Other,
                );
            }
        }
        let rpath = child(&base, "resources");
        for (i, resource) in items(account.get("resources")).iter().enumerate() {
            if let Some(doc) = resource
                .get("policy")
                .filter(|d| !matches!(d.kind, JsonKind::Null))
            {
                let arn = resource
                    .get("arn")
                    .and_then(JsonValue::as_str)
                    .map(str::to_owned);
                add(
                    doc,
                    PolicyKind::Resource,
                    child(&item(&rpath, i), "policy"),
                    Owner::Resource { arn },
                );
            }
        }
    }
    out
}
