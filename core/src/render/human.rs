//! Compiler-style output: severity and code, `file:line:column`, the line quoted with a caret
//! under the span, the JSON path and the hint.

use super::FileReport;
use crate::diag::{excerpt, Diagnostic, LineIndex, Severity};
use std::fmt::Write as _;

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Style with ANSI escapes (a terminal).
    Always,
    /// Plain text.
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

/// Findings shown per file; the rest are counted in one line (`--format json` lists all). A
/// generated policy can hold tens of thousands.
pub(crate) const SHOWN_PER_FILE: usize = 100;

/// Renders every report into a string.
pub fn render(reports: &[FileReport], colour: Colour) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write(&mut out, reports, colour);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes every report to `out` finding by finding: memory stays bounded by one finding, each
/// quoting at most `EXCERPT_WIDTH` characters of its line.
pub fn write(
    out: &mut dyn std::io::Write,
    reports: &[FileReport],
    colour: Colour,
) -> std::io::Result<()> {
    for report in reports {
        let lines = LineIndex::new(&report.text);
        let mut text = String::new();
        for d in report.diagnostics.iter().take(SHOWN_PER_FILE) {
            text.clear();
            finding(&mut text, report, d, &lines, colour);
            out.write_all(text.as_bytes())?;
        }
        let hidden = report.diagnostics.len().saturating_sub(SHOWN_PER_FILE);
        if hidden > 0 {
            writeln!(
                out,
                "… and {} more {} in {}; --format json lists all\n",
                thousands(hidden),
                if hidden == 1 { "finding" } else { "findings" },
                report.file
            )?;
        }
        writeln!(out, "{}", summary(report, colour))?;
    }
    out.flush()
}

/// `n` with thousands separators (`3,912`).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn finding(
    out: &mut String,
    report: &FileReport,
    diagnostic: &Diagnostic,
    lines: &LineIndex<'_>,
    colour: Colour,
) {
    let d = diagnostic.locate(lines);
    let head = colour.paint(
        severity_style(d.severity),
        &format!("{}[{}]", d.severity.as_str(), d.code),
    );
    let _ = writeln!(out, "{head}: {}", d.message);
    let (line, column) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let bar = colour.paint(GUTTER, "|");
    let _ = match (d.line, d.column) {
        (Some(_), Some(_)) => writeln!(
            out,
            "{pad}{} {}:{line}:{column}",
            colour.paint(GUTTER, "-->"),
            report.file
        ),
        _ => writeln!(out, "{pad}{} {}", colour.paint(GUTTER, "-->"), report.file),
    };
    if let Some(span) = diagnostic.span.filter(|_| !report.text.is_empty()) {
        let e = excerpt(lines, span);
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {}", colour.paint(GUTTER, &number), e.text);
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            " ".repeat(e.caret),
            colour.paint(severity_style(d.severity), &"^".repeat(e.carets))
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
    use crate::lint::{check_source, LintConfig};
    use crate::policy::PolicyKind;

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
