//! The JSON entry points shared by the CLI's `--format json` output and the wasm bindings.
//!
//! Every function takes JSON text and returns a JSON value; none panics on any input.

use crate::diag::{Diagnostic, LineIndex};
use crate::eval::{decide, decide_explained};
use crate::json;
use crate::policy::PolicyKind;
use crate::scenario::{read_scenario_with, scenario_id};
use serde_json::{json, Value};

mod diff;
mod model;
mod request_line;

pub use diff::{diff_json, diff_json_loading};
pub use model::{
    assume_json, assume_json_in, check_json, check_json_in, paths_json, paths_json_in,
    who_can_json, who_can_json_in, LoadedModel,
};
pub use request_line::decide_model_line;
pub use request_line::{
    decide_batch_line, decide_batch_line_result, LineResult, ModelSource, PrincipalCache,
};

/// The error object of a result: the first error located, plus all of them.
pub(crate) fn error_value(diags: &[Diagnostic], text: &str) -> Value {
    let lines = LineIndex::new(text);
    let located: Vec<_> = diags.iter().map(|d| d.locate(&lines)).collect();
    let mut first = located
        .first()
        .and_then(|d| serde_json::to_value(d).ok())
        .unwrap_or_else(|| json!({"code": "internal", "message": "no diagnostic"}));
    if located.len() > 1 {
        if let Value::Object(map) = &mut first {
            map.insert(
                "diagnostics".into(),
                serde_json::to_value(&located).unwrap_or(Value::Null),
            );
        }
    }
    first
}

/// Decides one self-contained scenario (docs/scenario.md). Returns
/// `{"id", "decision", "trace"?, "warnings"?}` or `{"id", "error": {code, message, path, line,
/// column, hint}}`. `warnings` (unknown action, malformed context values: [`crate::warnings`]) is
/// there only when there are some: `[{severity, code, message, hint, path, line, column, …}]`.
pub fn decide_json(scenario_json: &str, explain: bool) -> Value {
    decide_json_with(scenario_json, explain, &crate::limits::Limits::default())
}

/// [`decide_json`] within the given limits.
pub fn decide_json_with(
    scenario_json: &str,
    explain: bool,
    limits: &crate::limits::Limits,
) -> Value {
    let value = match json::parse(scenario_json, limits.json()) {
        Ok(v) => v,
        Err(e) => {
            return json!({"id": null, "error": error_value(&[Diagnostic::from_json_error(&e, "")], scenario_json)})
        }
    };
    decide_scenario_value(&value, scenario_json, explain, limits)
}

/// Decides a scenario already read into a JSON tree (`text` is what its spans point into).
fn decide_scenario_value(
    value: &json::JsonValue,
    scenario_json: &str,
    explain: bool,
    limits: &crate::limits::Limits,
) -> Value {
    let id = scenario_id(value);
    match read_scenario_with(value, scenario_json, limits) {
        Err(diags) => json!({"id": id, "error": error_value(&diags, scenario_json)}),
        Ok(s) => {
            let mut result = if explain {
                let trace = decide_explained(&s.request, &s.caller, &s.resource);
                json!({"id": id, "decision": trace.decision, "trace": trace})
            } else {
                json!({"id": id, "decision": decide(&s.request, &s.caller, &s.resource)})
            };
            let warnings = crate::warnings::scenario_warnings(value, &s);
            if let (false, Value::Object(map)) = (warnings.is_empty(), &mut result) {
                map.insert("warnings".into(), located(&warnings, scenario_json));
            }
            result
        }
    }
}

/// Diagnostics with their line and column in `text`, as a JSON array.
fn located(diags: &[Diagnostic], text: &str) -> Value {
    let lines = LineIndex::new(text);
    let located: Vec<_> = diags.iter().map(|d| d.locate(&lines)).collect();
    serde_json::to_value(located).unwrap_or(Value::Null)
}

/// Validates one policy document of the given kind (`identity`, `resource`, `trust`, `boundary`,
/// `session`, `scp`, `rcp`). Returns `{"valid", "diagnostics": [{severity, code, message, hint,
/// path, line, column, endLine, endColumn}]}`.
pub fn validate_json(policy_json: &str, kind: &str) -> Value {
    let Some(kind) = PolicyKind::parse(kind) else {
        let kinds: Vec<_> = PolicyKind::ALL.iter().map(|k| k.as_str()).collect();
        return json!({"valid": false, "diagnostics": [{"severity": "error", "code": "unknown-policy-kind", "message": format!("`{kind}` is not a policy kind"), "hint": format!("the kinds are {}", kinds.join(", ")), "path": ""}]});
    };
    // Grammar, per-kind validation and the lint rules (the same checks as `iamsim validate`).
    let diags = crate::lint::check_source(policy_json, kind, &crate::lint::LintConfig::default());
    let lines = LineIndex::new(policy_json);
    let located: Vec<_> = diags.iter().map(|d| d.locate(&lines)).collect();
    json!({"valid": !diags.iter().any(Diagnostic::is_error), "diagnostics": located})
}

/// Lints a whole account model (docs/model.md): its loading errors, or every policy's lint
/// findings plus the account-wide ones (docs/lint.md, `validate --model`). Returns `{"valid",
/// "diagnostics"}` like [`validate_json`], located in the model text.
pub fn lint_model_json(model_json: &str) -> Value {
    let diags = crate::lint::lint_model(model_json, &crate::lint::LintConfig::default());
    let lines = LineIndex::new(model_json);
    let located: Vec<_> = diags.iter().map(|d| d.locate(&lines)).collect();
    json!({"valid": !diags.iter().any(Diagnostic::is_error), "diagnostics": located})
}

/// Installs every AWS managed policy from the text of the data file `aws-managed-policies.txt`
/// ([`crate::model::install_managed_policies`]; the wasm package loads it as a separate asset).
/// Returns `{"result": {count, package, version, newest, alreadyEmbedded}}` or `{"error"}`.
pub fn install_managed_policies_json(text: &str) -> Value {
    match crate::model::install_managed_policies(text) {
        Ok(set) => json!({"result": {
            "count": set.count,
            "package": set.package,
            "version": set.version,
            "newest": set.newest,
            "alreadyEmbedded": set.already_embedded,
        }}),
        Err(d) => json!({"error": error_value(&[d], text)}),
    }
}

/// Which AWS managed policies models get: `{"full": bool, "count", "package"?, "version"?,
/// "newest"?}` (`full` false: only the shipped and derived ones until a set is installed).
pub fn managed_policies_json() -> Value {
    let count = crate::model::embedded_managed_policies().len();
    match crate::model::embedded_managed_policies_source() {
        Some((package, version, newest)) => {
            json!({"full": true, "count": count, "package": package, "version": version, "newest": newest})
        }
        None => json!({"full": false, "count": crate::model::shipped_managed_policies().count()}),
    }
}

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
