//! `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.
//!
//! One run; `tool.driver.rules` describes every code that appears (lint rules from the core
//! registry, grammar codes generically); each result carries `ruleId`, `ruleIndex`, `level`, a
//! message (with the hint), a physical location (file URI, 1-based line/column region, columns in
//! Unicode code points) and the JSON path as a logical location and in `properties.jsonPath`.

use super::FileReport;
use iamsim_core::diag::{LineIndex, Severity};
use iamsim_core::lint::rule_for;
use serde_json::{json, Value};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

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
pub fn file_uri(file: &str) -> String {
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

pub fn render(reports: &[FileReport]) -> Value {
    let mut codes: Vec<(&str, Severity)> = Vec::new();
    let mut results = Vec::new();
    for report in reports {
        let lines = LineIndex::new(&report.text);
        let uri = file_uri(&report.file);
        for d in &report.diagnostics {
            let index = match codes.iter().position(|(c, _)| *c == d.code) {
                Some(i) => i,
                None => {
                    codes.push((d.code, d.severity));
                    codes.len() - 1
                }
            };
            let l = d.locate(&lines);
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
            let path = if d.path.is_empty() {
                "/".to_owned()
            } else {
                d.path.clone()
            };
            let text = match &d.hint {
                Some(h) => format!("{}. Hint: {h}", d.message),
                None => d.message.clone(),
            };
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": uri}, "region": region},
                    "logicalLocations": [{"fullyQualifiedName": path, "kind": "element"}],
                }],
                "properties": {"jsonPath": path, "severity": d.severity.as_str(), "policyKind": report.kind.as_str()},
            }));
        }
    }
    let rules: Vec<Value> = codes.iter().map(|(c, s)| rule(c, *s)).collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "iamsim",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(file_uri("policies/a b.json"), "policies/a%20b.json");
        assert_eq!(file_uri("dir\\p.json"), "dir/p.json");
        assert_eq!(file_uri("<stdin>"), "stdin");
        assert_eq!(file_uri("é.json"), "%C3%A9.json");
    }
}
