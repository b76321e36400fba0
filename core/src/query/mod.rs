//! One question, one answer: the layer that turns a question about an organization into requests.
//!
//! Every front end (the CLI, the JSON API and so the wasm package) asks its questions through
//! this module, so that the same question gets the same answer wherever it is asked:
//! - [`caller`]: the context of a caller's request (given keys, what the identity carries, MFA);
//! - [`facts`]: the region of a request and the resource-side keys AWS adds, with where each
//!   came from, for every answer to state.

mod access_test;
pub mod assume;
pub mod caller;
mod check;
pub mod facts;
pub mod naming;
pub(crate) mod question;
mod search;

pub use access_test::{
    judge_check, read_access_tests, AccessTest, AccessTestFile, Expect, Expectation,
};
pub use assume::{assume, AssumeAnswer, AssumeCaller, AssumeQuestion};
pub use caller::Note;
pub(crate) use caller::{caller_context, caller_notes, condition_of, signs_in_with_mfa};
pub use check::{check, check_decision, CheckAnswer, Explanation, LocatedStatement};

pub use facts::{Fact, FactSource, FactValue};
pub(crate) use question::QuestionReader;
pub(crate) use question::CHECK_FIELDS;
pub use question::{
    max_depth_error, read_diff_requests, CheckQuestion, EdgeMode, Given, PathsQuestion,
    WhoCanQuestion, DEFAULT_MAX_DEPTH,
};
pub use search::{paths_from, who_can, PathsAnswer, PathsTarget, WhoCanAnswer};

#[cfg(test)]
mod tests;
