//! `--format json`: one document for the whole run, schema version 1 (docs/lint.md).
//!
//! ```json
//! {"schemaVersion": 1, "tool": {"name": "iamsim", "version": "…"},
//!  "files": [{"file", "kind", "valid", "diagnostics": [{severity, code, message, hint?, path,
//!             line?, column?, endLine?, endColumn?}]}],
//!  "summary": {"error", "securityWarning", "warning", "suggestion"}}
//! ```
//!
//! Written finding by finding: a generated policy can hold tens of thousands of findings, and a
//! document tree of them all would cost far more memory than the text written.

use super::{count, FileReport};
use crate::diag::{LineIndex, Severity};
use serde_json::json;
use std::io::Write;

/// The stable schema version; bumped only on incompatible changes.
pub(crate) const SCHEMA_VERSION: u32 = 1;

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "securityWarning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

/// Writes the document for `reports` to `out` (compact, one line, then a newline).
pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    let tool = json!({"name": "iamsim", "version": env!("CARGO_PKG_VERSION")});
    write!(
        out,
        "{{\"schemaVersion\":{SCHEMA_VERSION},\"tool\":{tool},\"files\":["
    )?;
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            "{{\"file\":{},\"kind\":{},\"valid\":{},\"diagnostics\":[",
            json!(r.file),
            json!(r.kind.as_str()),
            r.is_valid()
        )?;
        let lines = LineIndex::new(&r.text);
        for (j, d) in r.diagnostics.iter().enumerate() {
            if j > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, &d.locate(&lines))?;
        }
        out.write_all(b"]}")?;
    }
    out.write_all(b"],\"summary\":{")?;
    for (i, (s, n)) in count(reports.iter().flat_map(|r| r.diagnostics.iter()))
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, "\"{}\":{n}", severity_key(*s))?;
    }
    out.write_all(b"}}\n")?;
    out.flush()
}

/// The document as a JSON value (tests and embedders that want the tree).
pub fn render(reports: &[FileReport]) -> serde_json::Value {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail; the text written is JSON by construction.
    let _ = write(&mut bytes, reports);
    serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check_source, LintConfig};
    use crate::policy::PolicyKind;
    use crate::render::InputKind;

    #[test]
    fn the_streamed_document_has_the_schema_shape() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let report = FileReport {
            file: "p.json".into(),
            text: text.into(),
            kind: InputKind::Policy(PolicyKind::Identity),
            diagnostics: check_source(text, PolicyKind::Identity, &LintConfig::default()),
        };
        let n = report.diagnostics.len();
        let v = render(&[report.clone(), report]);
        assert_eq!(v["schemaVersion"], 1);
        assert_eq!(v["tool"]["name"], "iamsim");
        assert_eq!(v["files"][1]["file"], "p.json");
        assert_eq!(v["files"][0]["kind"], "identity");
        assert_eq!(v["files"][0]["valid"], false);
        assert_eq!(v["files"][0]["diagnostics"][0]["code"], "invalid-effect");
        assert_eq!(v["files"][0]["diagnostics"][0]["line"], 1);
        assert_eq!(
            v["files"][0]["diagnostics"].as_array().map(Vec::len),
            Some(n)
        );
        assert_eq!(v["summary"]["error"], 2);
    }
}
