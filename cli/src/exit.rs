//! Stable exit codes.

use std::process::{ExitCode, Termination};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Allowed, valid, all tests passed.
    Success,
    /// Denied, invalid, a test failed.
    Failure,
    /// Bad input or usage.
    BadInput,
}

impl Termination for Exit {
    fn report(self) -> ExitCode {
        ExitCode::from(match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::BadInput => 2,
        })
    }
}
