//! Failures of the model commands: all are bad input (exit 2), printed to stderr.

use crate::exit::Exit;
use iamsim_core::diag::Diagnostic;
use iamsim_core::model::LookupError;

#[derive(Debug)]
pub enum CliError {
    /// The model file does not load: every diagnostic, located in `text`.
    Model {
        file: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// A principal, role or action that the model does not know.
    Lookup(LookupError),
    /// A malformed flag or file.
    Usage(String),
    /// A question core refused (unknown name, invalid request), with its code and hint.
    Query(Diagnostic),
}

impl From<Diagnostic> for CliError {
    fn from(d: Diagnostic) -> Self {
        CliError::Query(d)
    }
}

impl From<LookupError> for CliError {
    fn from(e: LookupError) -> Self {
        CliError::Lookup(e)
    }
}

impl CliError {
    /// Prints the error to stderr and returns exit code 2.
    pub fn report(&self) -> Exit {
        eprint!("{}", self.render());
        Exit::BadInput
    }

    pub fn render(&self) -> String {
        match self {
            CliError::Model {
                file,
                text,
                diagnostics,
            } => iamsim_core::render::line::errors(Some(file), text, diagnostics),
            CliError::Lookup(e) => {
                let mut out = format!("error: {}\n", e.message);
                match e.suggestions.as_slice() {
                    [] => {}
                    [one] => out.push_str(&format!("  did you mean `{one}`?\n")),
                    many => {
                        out.push_str("  did you mean one of:\n");
                        for s in many {
                            out.push_str(&format!("    {s}\n"));
                        }
                    }
                }
                out
            }
            CliError::Usage(message) => format!("error: {message}\n"),
            CliError::Query(d) => {
                let mut out = String::new();
                iamsim_core::render::line::write(&mut out, None, "", d);
                out
            }
        }
    }
}
