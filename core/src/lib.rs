//! iamsim-core: the AWS IAM policy language, the evaluation flow, role assumption and access paths.
//!
//! Data flows one way: JSON text → typed policy with source locations → compiled matcher →
//! decision with an explanation trace. This crate does no I/O and never panics on input.
//!
//! To embed iamsim, start with the items at the crate root: [`Organization`] (load a model once,
//! ask check / who-can / paths / assume questions), [`decide_scenario`] and [`explain_scenario`]
//! (self-contained scenarios), and [`Error`] (every problem located). The modules below are the
//! layers they connect, public for the CLI and the wasm bindings.

// Every public item is documented (CI runs clippy with `-D warnings`).
#![warn(missing_docs)]

pub mod access;
pub mod api;
pub mod arn;
pub mod assume;
pub mod catalog;
pub mod compile;
pub mod context;
pub mod diag;
pub mod diff;
pub mod escalation;
pub mod eval;
mod facade;
pub mod import;
pub mod json;
pub mod limits;
pub mod lint;
pub mod model;
pub mod parallel;
pub mod partial;
pub mod pattern;
pub mod policy;
pub mod query;
pub mod render;
pub mod request;
pub mod scenario;
pub mod value;
pub mod warnings;

pub use eval::Decision;
pub use facade::{decide_scenario, explain_scenario, Error, Organization};
