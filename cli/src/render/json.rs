//! `--format json`: one document for the whole run, schema version 1 (docs/lint.md).
//!
//! ```json
//! {"schemaVersion": 1, "tool": {"name": "iamsim", "version": "…"},
//!  "files": [{"file", "kind", "valid", "diagnostics": [{severity, code, message, hint?, path,
//!             line?, column?, endLine?, endColumn?}]}],
//!  "summary": {"error", "securityWarning", "warning", "suggestion"}}
//! ```

use super::{count, FileReport};
use iamsim_core::diag::{LineIndex, Severity};
use serde_json::{json, Map, Value};

/// The stable schema version; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "securityWarning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

pub fn render(reports: &[FileReport]) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let lines = LineIndex::new(&r.text);
            let diagnostics: Vec<Value> = r
                .diagnostics
                .iter()
                .map(|d| serde_json::to_value(d.locate(&lines)).unwrap_or(Value::Null))
                .collect();
            json!({"file": r.file, "kind": r.kind.as_str(), "valid": r.is_valid(), "diagnostics": diagnostics})
        })
        .collect();
    let mut summary = Map::new();
    for (s, n) in count(reports.iter().flat_map(|r| r.diagnostics.iter())) {
        summary.insert(severity_key(s).to_owned(), json!(n));
    }
    json!({
        "schemaVersion": SCHEMA_VERSION,
        "tool": {"name": "iamsim", "version": env!("CARGO_PKG_VERSION")},
        "files": files,
        "summary": summary,
    })
}
