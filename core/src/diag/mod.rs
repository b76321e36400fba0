//! Diagnostics: what is wrong with an input, where, and how to fix it.
//!
//! A diagnostic carries a stable code, a severity, a message (lowercase, no final period, user
//! input in backticks), an optional hint, the JSON pointer of the element, and its byte span.
//! Line and column are computed only when rendering, from a [`LineIndex`].

mod excerpt;
mod lines;

pub use excerpt::{excerpt, Excerpt};
pub use lines::{LineCol, LineIndex};

use crate::json::{JsonError, Span};
use serde::Serialize;

/// How serious a finding is. Ordered from most to least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The input cannot be used (a command stops; CLI exit 2).
    Error,
    /// A grant wider than intended could result: public access, confused deputy, escalation.
    SecurityWarning,
    /// Probably not what was meant, but it decides as written.
    Warning,
    /// A hygiene or least-privilege improvement.
    Suggestion,
}

impl Severity {
    /// The name in reports and configs (`error`, `security-warning`, `warning`, `suggestion`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security-warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

/// One finding about an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable, kebab-case, e.g. `unknown-condition-operator`.
    pub code: &'static str,
    /// What is wrong, in one sentence (lowercase, no final period).
    pub message: String,
    /// How to fix it, when there is an obvious way.
    pub hint: Option<String>,
    /// JSON pointer of the element, e.g. `/Statement/1/Condition/StringEqualz`.
    pub path: String,
    /// Where it is in the input text (`None` when the problem has no place in the text).
    pub span: Option<Span>,
}

impl Diagnostic {
    /// An error at `span`, without a hint.
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        path: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            path: path.into(),
            span: Some(span),
        }
    }

    /// A warning at `span`, without a hint.
    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        path: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, path, span)
        }
    }

    /// The same finding with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same finding at another severity (a lint config can raise or lower it).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// A JSON syntax error as a diagnostic (the path is the document's root).
    pub fn from_json_error(e: &JsonError, path: impl Into<String>) -> Self {
        let code = match e.kind {
            crate::json::JsonErrorKind::TooDeep(_) => "json-too-deep",
            crate::json::JsonErrorKind::TooLarge { .. } => "input-too-large",
            crate::json::JsonErrorKind::InvalidUtf8 => "invalid-utf8",
            crate::json::JsonErrorKind::Utf16Bom => "utf16-bom",
            _ => "json-syntax",
        };
        let d = Diagnostic::error(code, e.message(), path, Span::new(e.offset, e.offset));
        match e.hint() {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Attaches line and column from the source text the span refers to.
    pub fn locate(&self, lines: &LineIndex) -> LocatedDiagnostic {
        let (start, end) = match self.span {
            Some(span) => (
                Some(lines.line_col(span.start)),
                Some(lines.line_col(span.end)),
            ),
            None => (None, None),
        };
        LocatedDiagnostic {
            severity: self.severity,
            code: self.code,
            message: self.message.clone(),
            hint: self.hint.clone(),
            path: self.path.clone(),
            line: start.map(|p| p.line),
            column: start.map(|p| p.column),
            end_line: end.map(|p| p.line),
            end_column: end.map(|p| p.column),
        }
    }
}

/// A diagnostic with line and column resolved: the shape of the JSON output (`--format json`, wasm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocatedDiagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable, kebab-case code.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when there is an obvious way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// JSON pointer of the element.
    pub path: String,
    /// 1-based line where it starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column (in characters) where it starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// 1-based line where it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// 1-based column where it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

/// Returns the candidate closest to `input` (edit distance, case-insensitive), if it is close enough
/// to be a plausible typo. Used for "did you mean …" hints.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&input_lower, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let limit = (input.chars().count() / 3).max(1);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Levenshtein distance over chars, two rows of memory.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    let mut current = vec![0; b_chars.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b_chars.iter().enumerate() {
            let substitution = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let deletion = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insertion = current.get(j).copied().unwrap_or(0) + 1;
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = substitution.min(deletion).min(insertion);
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("StringEqualz", ["StringEquals", "StringLike"]),
            Some("StringEquals")
        );
        assert_eq!(did_you_mean("effect", ["Effect", "Action"]), Some("Effect"));
        assert_eq!(did_you_mean("Banana", ["Effect", "Action"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
