//! The JSON entry points shared by the CLI's `--format json` output and the wasm bindings.
//!
//! Every function takes JSON text and returns a JSON value; none panics on any input.
//! (Bodies are filled in by the evaluation work; the signatures are the contract.)

use serde_json::{json, Value};

/// Decides one self-contained scenario (docs/scenario.md). Returns
/// `{"id", "decision", "trace"?}` or `{"id", "error": {code, message, path, line, column, hint}}`.
pub fn decide_json(scenario_json: &str, explain: bool) -> Value {
    let _ = (scenario_json, explain);
    json!({"id": null, "error": {"code": "not-ready", "message": "the engine is not built yet"}})
}

/// Validates one policy document of the given kind (`identity`, `resource`, `trust`, `boundary`,
/// `session`, `scp`, `rcp`). Returns `{"diagnostics": [{severity, code, message, hint, path, line, column, endLine, endColumn}]}`.
pub fn validate_json(policy_json: &str, kind: &str) -> Value {
    let _ = (policy_json, kind);
    json!({"diagnostics": []})
}

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
