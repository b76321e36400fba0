//! Output renderers for `iamsim validate`: one file per format, all fed the same reports.
//!
//! - [`human`]: compiler-style, the offending line quoted with a caret (colour optional);
//! - [`json`]: the documented, stable JSON schema (docs/lint.md);
//! - [`sarif`]: SARIF 2.1.0 for GitHub code scanning.

pub mod human;
pub mod json;
pub mod sarif;

use iamsim_core::diag::{Diagnostic, Severity};
use iamsim_core::policy::PolicyKind;

/// What an input file holds: one policy of a kind, or a whole account model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Policy(PolicyKind),
    Model,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Policy(k) => k.as_str(),
            InputKind::Model => "model",
        }
    }
}

/// The findings for one input file.
pub struct FileReport {
    /// The file as the user named it (`-` is shown as `<stdin>`).
    pub file: String,
    /// Its text: spans point into it.
    pub text: String,
    pub kind: InputKind,
    /// Findings ordered by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// How many findings of each severity, most serious first.
    pub fn counts(&self) -> [(Severity, usize); 4] {
        count(self.diagnostics.iter())
    }

    /// Whether the file has no error (it can be used as a policy).
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Counts of each severity over any set of findings, most serious first.
pub fn count<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> [(Severity, usize); 4] {
    let mut counts = [
        (Severity::Error, 0),
        (Severity::SecurityWarning, 0),
        (Severity::Warning, 0),
        (Severity::Suggestion, 0),
    ];
    for d in diags {
        if let Some((_, n)) = counts.iter_mut().find(|(s, _)| *s == d.severity) {
            *n += 1;
        }
    }
    counts
}
