//! `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.
//!
//! One run; `tool.driver.rules` describes every code that appears (lint rules from the core
//! registry, grammar codes generically); each result carries `ruleId`, `ruleIndex`, `level`, a
//! message (with the hint), a physical location (file URI, 1-based line/column region, columns in
//! Unicode code points) and the JSON path as a logical location and in `properties.jsonPath`.
//!
//! Written result by result (one per line): the rules are gathered in a first pass over the
//! codes, so no document tree of every finding is ever held.

use super::{shown_path, FileReport};
use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::lint::rule_for;
use serde_json::{json, Value};
use std::io::Write;

/// The SARIF 2.1.0 JSON Schema's address, written as `$schema`.
pub(crate) const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// GitHub ranks security alerts by `security-severity` (0–10): high for security warnings.
fn rule_properties(s: Severity) -> Value {
    match s {
        Severity::SecurityWarning => {
            json!({"tags": ["security"], "security-severity": "7.5", "precision": "high"})
        }
        Severity::Error => json!({"tags": ["correctness"], "precision": "very-high"}),
        Severity::Warning | Severity::Suggestion => {
            json!({"tags": ["maintainability"], "precision": "high"})
        }
    }
}

fn rule(code: &str, seen: Severity) -> Value {
    match rule_for(code) {
        Some(r) => json!({
            "id": r.code,
            "name": r.code,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.summary},
            "help": {
                "text": r.help,
                "markdown": format!("**{}** ({})\n\n{}\n\nSee docs/lint.md#{}.", r.code, r.severity.as_str(), r.help, r.code),
            },
            "defaultConfiguration": {"level": level(r.severity)},
            "properties": rule_properties(r.severity),
        }),
        None => json!({
            "id": code,
            "name": code,
            "shortDescription": {"text": format!("the policy breaks an IAM grammar or policy-kind rule ({code})")},
            "help": {"text": "see the message and hint; grammar codes are listed in docs/lint.md"},
            "defaultConfiguration": {"level": level(seen)},
            "properties": rule_properties(seen),
        }),
    }
}

/// A relative URI reference for a file path: `\` becomes `/`; characters a URI cannot hold are
/// percent-encoded.
pub(crate) fn file_uri(file: &str) -> String {
    if file == "<stdin>" {
        return "stdin".to_owned();
    }
    let mut out = String::with_capacity(file.len());
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The codes that appear, in order of first appearance, with the severity first seen.
fn codes(reports: &[FileReport]) -> Vec<(&'static str, Severity)> {
    let mut codes: Vec<(&'static str, Severity)> = Vec::new();
    for d in reports.iter().flat_map(|r| r.diagnostics.iter()) {
        if !codes.iter().any(|(c, _)| *c == d.code) {
            codes.push((d.code, d.severity));
        }
    }
    codes
}

fn result(
    report: &FileReport,
    uri: &str,
    lines: &LineIndex<'_>,
    d: &Diagnostic,
    index: usize,
) -> Value {
    let l = d.locate(lines);
    let start_line = l.line.unwrap_or(1);
    let start_column = l.column.unwrap_or(1);
    let mut region = serde_json::Map::new();
    region.insert("startLine".into(), json!(start_line));
    region.insert("startColumn".into(), json!(start_column));
    if let (Some(end_line), Some(end_column)) = (l.end_line, l.end_column) {
        region.insert("endLine".into(), json!(end_line.max(start_line)));
        // An empty span still marks one character.
        let end_column = if end_line == start_line {
            end_column.max(start_column + 1)
        } else {
            end_column
        };
        region.insert("endColumn".into(), json!(end_column));
    }
    let path = shown_path(&d.path);
    let text = match &d.hint {
        Some(h) => format!("{}. Hint: {h}", d.message),
        None => d.message.clone(),
    };
    json!({
        "ruleId": d.code,
        "ruleIndex": index,
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": region},
            "logicalLocations": [{"fullyQualifiedName": path, "kind": "element"}],
        }],
        "properties": {"jsonPath": path, "severity": d.severity.as_str(), "policyKind": report.kind.as_str()},
    })
}

/// Writes the SARIF log for `reports` to `out`.
pub fn write(out: &mut dyn Write, reports: &[FileReport]) -> std::io::Result<()> {
    let codes = codes(reports);
    let rules: Vec<Value> = codes.iter().map(|(c, s)| rule(c, *s)).collect();
    let driver = json!({
        "name": "iamsim",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    write!(
        out,
        "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{\"driver\": {driver}}},\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [",
        json!(SARIF_SCHEMA)
    )?;
    let mut first = true;
    for report in reports {
        let lines = LineIndex::new(&report.text);
        let uri = file_uri(&report.file);
        for d in &report.diagnostics {
            let index = codes.iter().position(|(c, _)| *c == d.code).unwrap_or(0);
            out.write_all(if first { b"\n      " } else { b",\n      " })?;
            first = false;
            serde_json::to_writer(&mut *out, &result(report, &uri, &lines, d, index))?;
        }
    }
    out.write_all(if first {
        b"]\n  }]\n}\n"
    } else {
        b"\n    ]\n  }]\n}\n"
    })?;
    out.flush()
}

/// The log as a JSON value (tests and embedders that want the tree).
pub fn render(reports: &[FileReport]) -> Value {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail; the text written is JSON by construction.
    let _ = write(&mut bytes, reports);
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_log_is_sarif() {
        use crate::lint::{check_source, LintConfig};
        use crate::policy::PolicyKind;
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObjekt","Resource":"*"}]}"#;
        let report = FileReport {
            file: "p.json".into(),
            text: text.into(),
            kind: crate::render::InputKind::Policy(PolicyKind::Identity),
            diagnostics: check_source(text, PolicyKind::Identity, &LintConfig::default()),
        };
        let v = render(&[report.clone(), report.clone()]);
        assert_eq!(v["version"], "2.1.0");
        let results = v["runs"][0]["results"].as_array().map_or(0, Vec::len);
        assert_eq!(results, 2 * report.diagnostics.len());
        let rules = &v["runs"][0]["tool"]["driver"]["rules"];
        let first = &v["runs"][0]["results"][0];
        assert_eq!(
            rules[first["ruleIndex"].as_u64().unwrap_or(99) as usize]["id"],
            first["ruleId"]
        );
        assert_eq!(
            first["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        let empty = render(&[]);
        assert_eq!(empty["runs"][0]["results"], json!([]));
    }

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(file_uri("policies/a b.json"), "policies/a%20b.json");
        assert_eq!(file_uri("dir\\p.json"), "dir/p.json");
        assert_eq!(file_uri("<stdin>"), "stdin");
        assert_eq!(file_uri("é.json"), "%C3%A9.json");
    }
}
