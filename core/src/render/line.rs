//! One finding in the form compilers and CI problem matchers read:
//!
//! ```text
//! org.json:4:105: error[invalid-effect]: `Alow` is not an effect (at /accounts/…/Effect)
//!   | …"Effect":"Alow","Action":…
//!   = hint: the effect is `Allow` or `Deny`
//! ```
//!
//! The place is left out when the finding has no position (a model the importer wrote, a
//! question with no source text), the file when there is none. The excerpt is bounded
//! (`EXCERPT_WIDTH`): a generated model can be megabytes on one line.

use super::shown_path;
use crate::diag::{excerpt, Diagnostic, LineIndex, LocatedDiagnostic};
use std::fmt::Write as _;

/// Appends `d`, found in `text` (named `file`), with its excerpt and hint.
pub fn write(out: &mut String, file: Option<&str>, text: &str, d: &Diagnostic) {
    let lines = LineIndex::new(text);
    write_indexed(out, file, &lines, d);
}

/// As [`fn@write`], with the line index of the text already built (many findings in one text).
pub fn write_indexed(out: &mut String, file: Option<&str>, lines: &LineIndex<'_>, d: &Diagnostic) {
    let located = d.locate(lines);
    head(out, file, &located);
    if let Some(e) = d
        .span
        .map(|span| excerpt(lines, span))
        .filter(|e| !e.text.trim().is_empty())
    {
        let _ = writeln!(out, "  | {}", e.text);
    }
    hint(out, &located);
}

/// Appends an already located finding (no source text at hand, so no excerpt).
pub fn write_located(out: &mut String, file: Option<&str>, d: &LocatedDiagnostic) {
    head(out, file, d);
    hint(out, d);
}

/// Renders every finding of `text` at or above error severity, in order.
pub fn errors(file: Option<&str>, text: &str, diagnostics: &[Diagnostic]) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        write_indexed(&mut out, file, &lines, d);
    }
    out
}

/// `FILE:LINE:COLUMN: SEVERITY[CODE]: MESSAGE (at PATH)`.
fn head(out: &mut String, file: Option<&str>, d: &LocatedDiagnostic) {
    match (file, d.line, d.column) {
        (Some(f), Some(l), Some(c)) => {
            let _ = write!(out, "{f}:{l}:{c}: ");
        }
        (Some(f), _, _) => {
            let _ = write!(out, "{f}: ");
        }
        (None, Some(l), Some(c)) => {
            let _ = write!(out, "{l}:{c}: ");
        }
        (None, _, _) => {}
    }
    let _ = write!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    // A finding about the whole text (an unreadable file, a question) has no element to name.
    if !d.path.is_empty() || d.line.is_some() {
        let _ = write!(out, " (at {})", shown_path(&d.path));
    }
    out.push('\n');
}

fn hint(out: &mut String, d: &LocatedDiagnostic) {
    if let Some(h) = &d.hint {
        let _ = writeln!(out, "  = hint: {h}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Span;

    #[test]
    fn place_code_message_path_excerpt_hint() {
        let text = "{\n  \"Effect\": \"Alow\"\n}";
        let d = Diagnostic::error(
            "invalid-effect",
            "`Alow` is not an effect",
            "/Effect",
            Span::new(14, 20),
        )
        .with_hint("the effect is `Allow` or `Deny`");
        let mut out = String::new();
        write(&mut out, Some("p.json"), text, &d);
        assert_eq!(
            out,
            "p.json:2:13: error[invalid-effect]: `Alow` is not an effect (at /Effect)\n  |   \"Effect\": \"Alow\"\n  = hint: the effect is `Allow` or `Deny`\n"
        );
    }

    #[test]
    fn no_position_no_place_and_errors_only() {
        let d = Diagnostic {
            span: None,
            ..Diagnostic::error(
                "unknown-principal",
                "no principal `Bob`",
                "",
                Span::new(0, 0),
            )
        };
        let warn = Diagnostic::warning("w", "a warning", "/x", Span::new(0, 1));
        assert_eq!(
            errors(None, "", &[d.clone(), warn]),
            "error[unknown-principal]: no principal `Bob`\n"
        );
        assert_eq!(
            errors(Some("m.json"), "", &[d]),
            "m.json: error[unknown-principal]: no principal `Bob`\n"
        );
    }
}
