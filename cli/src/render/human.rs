//! Compiler-style output: severity and code, `file:line:column`, the line quoted with a caret
//! under the span, the JSON path and the hint.

use super::FileReport;
use iamsim_core::diag::{LineIndex, LocatedDiagnostic, Severity};
use std::fmt::Write as _;

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Always,
    Never,
}

impl Colour {
    fn paint(self, style: &str, text: &str) -> String {
        match self {
            Colour::Always => format!("\x1b[{style}m{text}\x1b[0m"),
            Colour::Never => text.to_owned(),
        }
    }
}

fn severity_style(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::SecurityWarning => "1;35",
        Severity::Warning => "1;33",
        Severity::Suggestion => "1;36",
    }
}

const GUTTER: &str = "1;34";

/// Renders every report.
pub fn render(reports: &[FileReport], colour: Colour) -> String {
    let mut out = String::new();
    for report in reports {
        let lines = LineIndex::new(&report.text);
        for d in &report.diagnostics {
            finding(&mut out, report, &d.locate(&lines), &lines, colour);
        }
        out.push_str(&summary(report, colour));
        out.push('\n');
    }
    out
}

fn finding(
    out: &mut String,
    report: &FileReport,
    d: &LocatedDiagnostic,
    lines: &LineIndex<'_>,
    colour: Colour,
) {
    let head = colour.paint(
        severity_style(d.severity),
        &format!("{}[{}]", d.severity.as_str(), d.code),
    );
    let _ = writeln!(out, "{head}: {}", d.message);
    let (line, column) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let bar = colour.paint(GUTTER, "|");
    let _ = writeln!(
        out,
        "{pad}{} {}:{line}:{column}",
        colour.paint(GUTTER, "-->"),
        report.file
    );
    if let Some(src) = lines.line_text(line) {
        // Columns count characters, so a tab shown as one space keeps the caret aligned.
        let src = src.replace('\t', " ");
        let width = src.chars().count() as u32;
        let start = column.saturating_sub(1).min(width);
        let end = match (d.end_line, d.end_column) {
            (Some(l), Some(c)) if l == line => c.saturating_sub(1).min(width),
            _ => width,
        };
        let carets = "^".repeat(end.saturating_sub(start).max(1) as usize);
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {src}", colour.paint(GUTTER, &number));
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            " ".repeat(start as usize),
            colour.paint(severity_style(d.severity), &carets)
        );
    }
    let path = if d.path.is_empty() { "/" } else { &d.path };
    let _ = writeln!(out, "{pad} {} at {path}", colour.paint(GUTTER, "="));
    if let Some(h) = &d.hint {
        let _ = writeln!(out, "{pad} {} hint: {h}", colour.paint(GUTTER, "="));
    }
    out.push('\n');
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(report: &FileReport, colour: Colour) -> String {
    let parts: Vec<String> = report
        .counts()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| {
            let text = match s {
                Severity::Error => plural(*n, "error", "errors"),
                Severity::SecurityWarning => plural(*n, "security warning", "security warnings"),
                Severity::Warning => plural(*n, "warning", "warnings"),
                Severity::Suggestion => plural(*n, "suggestion", "suggestions"),
            };
            colour.paint(severity_style(*s), &text)
        })
        .collect();
    if parts.is_empty() {
        format!("{}: ok", report.file)
    } else {
        format!("{}: {}", report.file, parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iamsim_core::lint::{check_source, LintConfig};
    use iamsim_core::policy::PolicyKind;

    fn report(text: &str) -> FileReport {
        FileReport {
            file: "p.json".into(),
            text: text.into(),
            kind: crate::render::InputKind::Policy(PolicyKind::Identity),
            diagnostics: check_source(text, PolicyKind::Identity, &LintConfig::default()),
        }
    }

    #[test]
    fn quotes_the_line_with_a_caret_under_the_span() {
        let text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\n \"Effect\":\"Allow\",\"Action\":\"s3:GetObjekt\",\"Resource\":\"*\"}]}";
        let out = render(&[report(text)], Colour::Never);
        let expected = "warning[unknown-action]: `s3:GetObjekt` is not an action of Amazon S3 (action catalog of 2026-09-26)\n \
                        --> p.json:2:28\n  |\n2 |  \"Effect\":\"Allow\",\"Action\":\"s3:GetObjekt\",\"Resource\":\"*\"}]}\n  \
                        |                            ^^^^^^^^^^^^^^\n  = at /Statement/0/Action/0\n  \
                        = hint: did you mean `s3:GetObject`?\n\np.json: 1 warning\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn colour_only_when_asked() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        assert!(!render(&[report(text)], Colour::Never).contains('\x1b'));
        let coloured = render(&[report(text)], Colour::Always);
        assert!(
            coloured.contains("\x1b[1;36msuggestion[missing-sid]\x1b[0m"),
            "{coloured}"
        );
        let clean = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
        assert_eq!(render(&[report(clean)], Colour::Never), "p.json: ok\n");
    }
}
