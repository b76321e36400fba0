//! Account-wide lint (`iamsim validate --model`): every policy document of an account model with
//! the per-policy rules, located in the model file, plus what only the whole model shows —
//! external access (roles and resources reachable from outside the organization) and dangling
//! principals (trust and resource policies naming principals that do not exist).

mod dangling;
mod documents;
mod external;
mod principals;

use super::{lint_policy, LintConfig};
use crate::diag::Diagnostic;
use crate::limits::Limits;
use crate::model::load_model_with;
use crate::policy::{parse_policy_value_with, validate_policy};

/// Lints a whole model. `Err`: the model does not load (its errors, located in `text`);
/// `Ok`: every finding (none is an error: errors stop loading), ordered by position, with the
/// config's levels applied.
pub fn lint_model(
    text: &str,
    config: &LintConfig,
    limits: &Limits,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let model = load_model_with(text, limits)?;
    let tree = crate::json::parse(text, limits.json())
        .map_err(|e| vec![Diagnostic::from_json_error(&e, "")])?;
    let docs = documents::documents(&tree);
    let mut out: Vec<Diagnostic> = model.warnings.clone();
    for doc in &docs {
        let parsed = parse_policy_value_with(doc.value, &doc.path, limits);
        let Some(policy) = parsed.policy else {
            continue;
        };
        out.extend(
            validate_policy(&policy, doc.kind, Some(text), &doc.path)
                .into_iter()
                .filter(|d| !d.is_error()),
        );
        out.extend(lint_policy(&policy, doc.kind, config));
    }
    external::check(&model, &docs, &mut out);
    dangling::check(&model, &docs, &mut out);
    // The loader's warnings and validation can repeat one finding; keep it once.
    out.sort_by(|a, b| {
        (a.span.map_or(0, |s| s.start), a.code, &a.message).cmp(&(
            b.span.map_or(0, |s| s.start),
            b.code,
            &b.message,
        ))
    });
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    Ok(config.apply(out))
}

#[cfg(test)]
mod tests;
