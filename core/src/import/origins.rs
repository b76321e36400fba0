//! Where each part of an imported model came from, so that a problem the model loader finds (an
//! invalid trust policy, say) is reported at its source file, JSON path, line and column — the file
//! the user can fix — rather than at the generated model.
//!
//! Importers record origins by entity (account, collection, key) while they read; the builder
//! turns them into model paths once the model's arrays are laid out ([`SourceMapping`]).

use super::{ImportError, ImportResult};
use crate::diag::Diagnostic;
use crate::json::{self, JsonKind, JsonValue, Limits, Span};

/// A part of the model and the place in an input file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMapping {
    /// JSON pointer in the model (`/accounts/111122223333/roles/2/trustPolicy`).
    pub model_path: String,
    /// The input file, relative to the imported folder.
    pub file: String,
    /// JSON pointer in that file (`/RoleDetailList/5/AssumeRolePolicyDocument`).
    pub source_path: String,
}

/// An origin recorded while reading, before the model's array indices are known.
pub(super) struct PendingOrigin {
    pub account: String,
    /// The model collection (`roles`, `users`, `groups`, `policies`, `resources`).
    pub collection: &'static str,
    /// The entity's key in its collection (a name; an ARN for resources).
    pub key: String,
    /// JSON pointer below the entity (`/trustPolicy`, `/inlinePolicies/Deploy`); empty for the
    /// entity itself.
    pub suffix: String,
    pub file: String,
    pub source_path: String,
}

/// The origins resolved to model paths: `indices` gives each (account, collection, key) its index
/// in the model's array.
pub(super) fn resolve(
    pending: Vec<PendingOrigin>,
    index_of: impl Fn(&str, &str, &str) -> Option<usize>,
) -> Vec<SourceMapping> {
    // The first file that defined an entity is the one the model keeps (later ones are skipped).
    let mut seen = std::collections::HashSet::new();
    pending
        .into_iter()
        .filter(|p| {
            seen.insert((
                p.account.clone(),
                p.collection,
                p.key.clone(),
                p.suffix.clone(),
            ))
        })
        .filter_map(|p| {
            let i = index_of(&p.account, p.collection, &p.key)?;
            Some(SourceMapping {
                model_path: format!("/accounts/{}/{}/{i}{}", p.account, p.collection, p.suffix),
                file: p.file,
                source_path: p.source_path,
            })
        })
        .collect()
}

impl ImportResult {
    /// The input file and JSON path a model path was read from: the longest recorded part of the
    /// model that contains it, with the rest of the path appended.
    pub fn source_of(&self, model_path: &str) -> Option<(&str, String)> {
        self.sources
            .iter()
            .filter(|m| {
                model_path == m.model_path
                    || model_path
                        .strip_prefix(m.model_path.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|m| m.model_path.len())
            .map(|m| {
                let rest = model_path
                    .strip_prefix(m.model_path.as_str())
                    .unwrap_or_default();
                (m.file.as_str(), format!("{}{rest}", m.source_path))
            })
    }

    /// A diagnostic of the model loader (its path and span in the generated model) moved to the
    /// input file it comes from: that file's JSON path, and the span of the deepest element of the
    /// path the file has (a policy given as an encoded string is located at the string). `None`
    /// when the model path was not read from a file (then report it against the model).
    pub fn locate_in_sources(&self, d: &Diagnostic, files: &[(&str, &str)]) -> Option<ImportError> {
        let (file, source_path) = self.source_of(&d.path)?;
        let text = files
            .iter()
            .find(|(f, _)| f.trim_start_matches("./") == file)
            .map(|(_, t)| *t)?;
        let root = json::parse(text, Limits::default()).ok()?;
        let span = deepest(&root, &source_path);
        Some(ImportError {
            file: file.to_owned(),
            diagnostic: Diagnostic {
                path: source_path,
                span: Some(span),
                ..d.clone()
            },
        })
    }
}

/// The span of the deepest element of `pointer` that `root` has.
fn deepest(root: &JsonValue, pointer: &str) -> Span {
    let mut at = root;
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let next = match &at.kind {
            JsonKind::Object(_) => at.get(&segment),
            JsonKind::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(v) => at = v,
            None => break,
        }
    }
    at.span
}
