//! AWS managed policies referenced by ARN: the shipped documents and the catalog-derived ones.

use crate::catalog::{AccessLevel, Catalog};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// How a managed policy's document was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManagedPolicy {
    /// The document is shipped verbatim (core/data/managed-policies/).
    Shipped(&'static str),
    /// The document is derived from the action catalog's access levels (an approximation).
    Derived(&'static str),
}

const SHIPPED: [(&str, &str); 6] = [
    (
        "AdministratorAccess",
        include_str!("../../data/managed-policies/AdministratorAccess.json"),
    ),
    (
        "PowerUserAccess",
        include_str!("../../data/managed-policies/PowerUserAccess.json"),
    ),
    (
        "IAMFullAccess",
        include_str!("../../data/managed-policies/IAMFullAccess.json"),
    ),
    (
        "IAMReadOnlyAccess",
        include_str!("../../data/managed-policies/IAMReadOnlyAccess.json"),
    ),
    (
        "AmazonS3FullAccess",
        include_str!("../../data/managed-policies/AmazonS3FullAccess.json"),
    ),
    (
        "AmazonS3ReadOnlyAccess",
        include_str!("../../data/managed-policies/AmazonS3ReadOnlyAccess.json"),
    ),
];

const DERIVED: [(&str, &[AccessLevel]); 3] = [
    ("ReadOnlyAccess", &[AccessLevel::List, AccessLevel::Read]),
    ("ViewOnlyAccess", &[AccessLevel::List]),
    ("SecurityAudit", &[AccessLevel::List, AccessLevel::Read]),
];

/// The names of every managed policy iamsim knows, shipped or derived.
pub fn shipped_managed_policies() -> impl Iterator<Item = &'static str> {
    SHIPPED
        .iter()
        .map(|(n, _)| *n)
        .chain(DERIVED.iter().map(|(n, _)| *n))
}

/// The document of `arn:aws:iam::aws:policy/NAME`, as JSON text.
pub fn managed_policy(arn: &str) -> Option<ManagedPolicy> {
    let name = arn
        .strip_prefix("arn:aws:iam::aws:policy/")?
        .rsplit('/')
        .next()?;
    if let Some((_, text)) = SHIPPED.iter().find(|(n, _)| *n == name) {
        return Some(ManagedPolicy::Shipped(text));
    }
    DERIVED.iter().find(|(n, _)| *n == name)?;
    static CACHE: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| DERIVED.iter().map(|(n, l)| (*n, derive(l))).collect());
    cache
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| ManagedPolicy::Derived(text.as_str()))
}

/// A policy allowing every catalog action at the given access levels, written as one statement
/// per service (`{"arn": …, "document": …}`, like the shipped files).
fn derive(levels: &[AccessLevel]) -> String {
    let catalog = Catalog::global();
    let mut actions: Vec<String> = catalog
        .actions()
        .filter(|a| levels.contains(&a.access_level()))
        .map(|a| a.full_name())
        .collect();
    actions.sort();
    let doc: Value = json!({"Version": "2012-10-17", "Statement": [{"Sid": "DerivedFromCatalog", "Effect": "Allow", "Action": actions, "Resource": "*"}]});
    json!({"document": doc}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_documents_are_valid_policies() {
        for name in shipped_managed_policies() {
            let arn = format!("arn:aws:iam::aws:policy/{name}");
            let (ManagedPolicy::Shipped(text) | ManagedPolicy::Derived(text)) =
                managed_policy(&arn).unwrap();
            let value: Value = serde_json::from_str(text).unwrap();
            let doc = value["document"].to_string();
            let parsed = crate::policy::parse_policy(&doc);
            assert!(!parsed.has_errors(), "{name}: {:?}", parsed.diagnostics);
            assert!(!parsed.policy.unwrap().statements.is_empty(), "{name}");
        }
        assert!(managed_policy("arn:aws:iam::aws:policy/NotAPolicy").is_none());
        assert!(matches!(
            managed_policy("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
            Some(ManagedPolicy::Derived(_))
        ));
    }
}
