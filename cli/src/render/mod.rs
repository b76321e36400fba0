//! Output renderers for `iamsim validate`: one file per format, all fed the same reports.
//!
//! - [`human`]: compiler-style, the offending line quoted with a caret (colour optional);
//! - [`json`]: the documented, stable JSON schema (docs/lint.md);
//! - [`sarif`]: SARIF 2.1.0 for GitHub code scanning.

pub mod human;
pub mod json;
pub mod sarif;

use iamsim_core::diag::{Diagnostic, Severity};

/// The findings for one input file.
pub struct FileReport {
    /// The file as the user named it (`-` is shown as `<stdin>`).
    pub file: String,
    /// Its text: spans point into it.
    pub text: String,
    /// What the file is: a policy kind (`identity`, `trust` …) or `model` (`validate --model`).
    pub kind: &'static str,
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
