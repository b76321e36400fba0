//! iamsim-core: the AWS IAM policy language, the evaluation flow, role assumption and access paths.
//!
//! Data flows one way: JSON text → typed policy with source locations → compiled matcher →
//! decision with an explanation trace. This crate does no I/O and never panics on input.

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
pub mod import;
pub mod json;
pub mod limits;
pub mod lint;
pub mod model;
pub mod pattern;
pub mod policy;
pub mod query;
pub mod request;
pub mod scenario;
pub mod value;
pub mod warnings;
