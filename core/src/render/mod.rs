//! Every way a diagnostic or a test result is written for people and tools, in one place: the
//! CLI, the import command and the crate-root facade all render through here, so one finding reads
//! the same wherever it is reported.
//!
//! - [`mod@line`]: one finding as `FILE:LINE:COLUMN: error[CODE]: MESSAGE (at /json/path)`, a bounded
//!   excerpt of the line and the hint — errors that stop a command (a model that does not load,
//!   an input that cannot be read, an import that fails);
//! - [`human`]: compiler-style report of `iamsim validate`, the line quoted with a caret (colour
//!   optional);
//! - [`json`]: the documented, stable JSON schema (docs/lint.md), streamed finding by finding;
//! - [`sarif`]: SARIF 2.1.0 for GitHub code scanning, streamed result by result;
//! - [`github`]: GitHub Actions workflow commands (`::error file=…,line=…::…`), annotations on
//!   the pull request without an upload step;
//! - [`junit`]: JUnit XML for CI systems, for access-test results and validation alike.
//!
//! Renderers write to a caller's [`std::io::Write`]: the library does no I/O of its own.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod line;
pub mod sarif;

use crate::diag::{Diagnostic, Severity};
use crate::policy::PolicyKind;

/// What an input file holds: one policy of a kind, or a whole account model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One policy of this kind.
    Policy(PolicyKind),
    /// A whole account model.
    Model,
}

impl InputKind {
    /// The kind's name in reports (`identity`, `scp`, `model` …).
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Policy(k) => k.as_str(),
            InputKind::Model => "model",
        }
    }
}

/// The findings for one input file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file as the user named it (`-` is shown as `<stdin>`).
    pub file: String,
    /// Its text: spans point into it.
    pub text: String,
    /// What the file holds.
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

/// The JSON path as shown to people: the root is `/`, not the empty pointer.
pub(crate) fn shown_path(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}
