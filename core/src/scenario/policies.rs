//! The policy-carrying fields of a scenario: single documents, lists of documents and levels of
//! them. A value of the wrong shape is an error at its location: a policy that silently counted as
//! absent would make a deny-all boundary or SCP allow (fail open).

use super::{path_of, ScenarioReader};
use crate::compile::cache::{self, PolicyKey};
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::diag::Diagnostic;
use crate::json::{index_pointer, JsonKind, JsonValue};
use crate::policy::{parse_policy_value_with, validate_policy, PolicyKind};
use std::sync::Arc;

/// How traces name a policy of a list: `identityPolicies[2]`, `scps[1][0]`. Without `format!`,
/// whose machinery costs more than the rest of naming the policy.
pub(super) fn label(field: &str, indexes: &[usize]) -> String {
    let mut out = String::with_capacity(field.len() + 4 * indexes.len());
    out.push_str(field);
    for &i in indexes {
        out.push('[');
        crate::json::push_decimal(&mut out, i);
        out.push(']');
    }
    out
}

/// The hint for a value given where a policy document belongs, by what was given instead.
fn document_hint(value: &JsonValue) -> &'static str {
    match value.kind {
        JsonKind::Array(_) => "give the policy document itself, not an array holding it",
        JsonKind::String(_) => "this is a document as JSON text inside a string (as AWS SDKs and the AWS CLI return it): give the parsed object instead, e.g. with jq's `fromjson`",
        _ => "a policy document is a JSON object: {\"Version\": \"2012-10-17\", \"Statement\": [...]}",
    }
}

/// The hint for a value given where a list of documents belongs.
fn list_hint(value: &JsonValue) -> &'static str {
    match value.kind {
        JsonKind::Object(_) => "wrap the document in an array: [ {...} ]",
        JsonKind::String(_) => {
            "this is JSON text inside a string: give the parsed array of documents instead"
        }
        _ => "give an array of policy documents ([] for none)",
    }
}

/// Where a document sits, for messages (named only when there is an error to report).
#[derive(Clone, Copy)]
enum Place<'f> {
    Field(&'f str),
    ListEntry(&'f str),
    LevelEntry(&'f str),
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Field(field) => write!(f, "`{field}`"),
            Place::ListEntry(field) => write!(f, "each entry of `{field}`"),
            Place::LevelEntry(field) => write!(f, "each policy of a level of `{field}`"),
        }
    }
}

impl ScenarioReader<'_> {
    /// One policy document at `path`.
    fn policy(
        &mut self,
        value: &JsonValue,
        path: &str,
        what: Place,
        label: String,
        kind: PolicyKind,
    ) -> Option<Arc<CompiledPolicy>> {
        if !matches!(value.kind, JsonKind::Object(_)) {
            self.error(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "{what} must be a policy document (a JSON object), found {}",
                        value.kind_name()
                    ),
                    path,
                    value.span,
                )
                .with_hint(document_hint(value)),
            );
            return None;
        }
        // Compile once per stream: a document seen before (same text, kind, label, place and
        // limits) is taken from the cache; only clean documents are stored.
        let hit = PolicyKey::of(kind, &label, path, value, self.source, self.limits)
            .as_ref()
            .and_then(cache::lookup);
        if hit.is_some() {
            return hit;
        }
        let parsed = parse_policy_value_with(value, path, self.limits);
        let mut clean = parsed.diagnostics.is_empty();
        let mut errors: Vec<Diagnostic> = parsed
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        // No policy came out: its errors must still be kept, or it would count as absent.
        let Some(policy) = parsed.policy else {
            self.errors.extend(errors);
            return None;
        };
        let checks = validate_policy(&policy, kind, Some(self.source), path);
        clean &= checks.is_empty();
        errors.extend(checks.into_iter().filter(Diagnostic::is_error));
        if !errors.is_empty() {
            self.errors.extend(errors);
            return None;
        }
        let compiled = Arc::new(compile_policy(
            &policy,
            PolicySource {
                kind,
                label,
                path: path.to_owned(),
            },
        ));
        let label = &compiled.source.label;
        let key = PolicyKey::of(kind, label, path, value, self.source, self.limits);
        if let Some(key) = key.filter(|_| clean) {
            cache::store(&key, &compiled);
        }
        Some(compiled)
    }

    /// A field holding one document, or `null` for none.
    pub(super) fn optional_policy(
        &mut self,
        value: &JsonValue,
        field: &str,
        kind: PolicyKind,
    ) -> Option<Arc<CompiledPolicy>> {
        let v = value.get(field)?;
        if matches!(v.kind, JsonKind::Null) {
            return None;
        }
        let what = Place::Field(field);
        self.policy(v, &path_of(field), what, field.to_owned(), kind)
    }

    /// A field holding an array of documents, or `null` for none.
    pub(super) fn policy_list(
        &mut self,
        value: &JsonValue,
        field: &str,
        kind: PolicyKind,
    ) -> Vec<Arc<CompiledPolicy>> {
        let Some(v) = value.get(field) else {
            return Vec::new();
        };
        if matches!(v.kind, JsonKind::Null) {
            return Vec::new();
        }
        let Some(items) = v.as_array() else {
            self.error(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "`{field}` must be an array of policy documents, found {}",
                        v.kind_name()
                    ),
                    path_of(field),
                    v.span,
                )
                .with_hint(list_hint(v)),
            );
            return Vec::new();
        };
        let what = Place::ListEntry(field);
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = index_pointer(&path_of(field), i);
            if let Some(p) = self.policy(item, &path, what, label(field, &[i]), kind) {
                out.push(p);
            }
        }
        out
    }

    /// A field holding levels (arrays of documents), or `null` for none.
    pub(super) fn levels(
        &mut self,
        value: &JsonValue,
        field: &str,
        kind: PolicyKind,
    ) -> Vec<Vec<Arc<CompiledPolicy>>> {
        const LEVELS: &str = "levels go from the organization root down to the account: [[root policies], [OU policies], [account policies]]";
        let Some(v) = value.get(field) else {
            return Vec::new();
        };
        if matches!(v.kind, JsonKind::Null) {
            return Vec::new();
        }
        let Some(levels) = v.as_array() else {
            self.error(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                    "`{field}` must be an array of levels (arrays of policy documents), found {}",
                    v.kind_name()
                ),
                    path_of(field),
                    v.span,
                )
                .with_hint(LEVELS),
            );
            return Vec::new();
        };
        let what = Place::LevelEntry(field);
        let mut out = Vec::with_capacity(levels.len());
        for (i, level) in levels.iter().enumerate() {
            let lpath = index_pointer(&path_of(field), i);
            let Some(docs) = level.as_array() else {
                self.error(
                    Diagnostic::error(
                        "wrong-type",
                        format!(
                            "each level of `{field}` must be an array of policy documents, found {}",
                            level.kind_name()
                        ),
                        lpath,
                        level.span,
                    )
                    .with_hint(LEVELS),
                );
                continue;
            };
            let mut policies = Vec::with_capacity(docs.len());
            for (j, doc) in docs.iter().enumerate() {
                let dpath = index_pointer(&lpath, j);
                if let Some(p) = self.policy(doc, &dpath, what, label(field, &[i, j]), kind) {
                    policies.push(p);
                }
            }
            out.push(policies);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_list_positions() {
        assert_eq!(label("identityPolicies", &[0]), "identityPolicies[0]");
        assert_eq!(label("scps", &[1, 12]), "scps[1][12]");
        assert_eq!(label("resourcePolicy", &[]), "resourcePolicy");
    }
}
