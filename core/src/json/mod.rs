//! A small JSON reader that keeps byte spans on every value and key.
//!
//! serde_json drops source positions, and IAM diagnostics need line:column for each element a
//! user wrote, so policies are first read into this tree. The reader enforces limits (nesting depth,
//! input size) and reports every error with its byte offset; it never panics and never recurses
//! deeper than the configured depth.

mod parser;
mod value;

pub use parser::{decode, parse, parse_bytes, JsonError, JsonErrorKind, Limits};
pub(crate) use value::push_decimal;
pub(crate) use value::{child_pointer, index_pointer, push_index, push_segment};
pub use value::{JsonKey, JsonKind, JsonValue, Span};
