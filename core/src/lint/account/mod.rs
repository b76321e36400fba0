//! Account-wide lint (`iamsim validate --model`): every policy of an account model through the
//! per-policy lint, plus findings only the whole model can show — external and public access
//! (decided by evaluating outside callers), dangling principals and roles nobody can assume.
//!
//! [`lint_model`] is the one entry point; findings carry the JSON path and span of the element in
//! the model text.

mod candidates;
mod dangling;
mod documents;
mod external;
use crate::access::probe;
mod report;
mod scope;
mod unassumable;

#[cfg(test)]
mod tests;

use super::{lint_policy, sort_by_position, LintConfig};
use crate::diag::Diagnostic;
use crate::json;
use crate::model::load_model_with;

/// Every finding for the model in `text`: its loading errors (then nothing else), or its warnings,
/// every policy's lint findings and the account-wide findings, with `config` applied, ordered by
/// position in the text.
pub fn lint_model(text: &str, config: &LintConfig) -> Vec<Diagnostic> {
    lint_model_with(text, config, &crate::limits::Limits::default())
}

/// [`lint_model`] within the given limits (input size, nesting, statements per policy).
pub fn lint_model_with(
    text: &str,
    config: &LintConfig,
    limits: &crate::limits::Limits,
) -> Vec<Diagnostic> {
    let model = match load_model_with(text, limits) {
        Ok(m) => m,
        Err(errors) => {
            let mut out = config.apply(errors);
            sort_by_position(&mut out);
            return out;
        }
    };
    // The loader parsed the same text; parsing again gives the policy documents with spans.
    let root = match json::parse(text, limits.json()) {
        Ok(v) => v,
        Err(e) => return vec![Diagnostic::from_json_error(&e, "")],
    };
    let scope = scope::Scope::of(&model);
    let docs = documents::documents(&root);
    let mut out = model.warnings.clone();
    // One config per owning account (each holds the organization's account list: building it
    // per document was documents × accounts), then every document on every core, in order.
    let mut configs: std::collections::HashMap<Option<&str>, LintConfig> =
        std::collections::HashMap::new();
    for doc in &docs {
        let owner = doc.account.as_deref();
        configs
            .entry(owner)
            .or_insert_with(|| scope.config_for(config, owner));
    }
    let linted = crate::parallel::map(&docs, |doc| match configs.get(&doc.account.as_deref()) {
        Some(doc_config) => lint_policy(&doc.policy, doc.kind, doc_config),
        None => Vec::new(),
    });
    out.extend(linted.into_iter().flatten());
    let by_path = documents::by_path(&docs);
    external::check(&model, &scope, &by_path, &mut out);
    dangling::check(&model, &scope, &docs, &mut out);
    unassumable::check(&model, &scope, &by_path, &mut out);
    super::escalation::model_paths(&model, &root, &mut out);
    let mut out = config.apply(out);
    sort_by_position(&mut out);
    out
}
