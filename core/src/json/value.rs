//! The span-carrying JSON tree.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A half-open byte range `[start, end)` in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        // INVARIANT: inputs are capped well below 4 GiB by `Limits::max_bytes`.
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }
}

/// An object key with its span (the span covers the quoted key). The text borrows from the input
/// unless it had escapes.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonKey<'a> {
    pub text: Cow<'a, str>,
    pub span: Span,
}

/// A JSON value of any kind, with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonValue<'a> {
    pub kind: JsonKind<'a>,
    pub span: Span,
}

/// The kinds of JSON values. Numbers keep their source text: IAM reads them as strings.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    /// Borrowed from the input unless the string had escapes.
    String(Cow<'a, str>),
    Array(Vec<JsonValue<'a>>),
    /// Members in source order; duplicates are kept so that the typed layer can report them.
    Object(Vec<(JsonKey<'a>, JsonValue<'a>)>),
}

impl<'a> JsonValue<'a> {
    /// A short name of the kind, for messages ("expected a string, found an array").
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(JsonKey<'a>, JsonValue<'a>)]> {
        match &self.kind {
            JsonKind::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[JsonValue<'a>]> {
        match &self.kind {
            JsonKind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The first member named `name`, if this is an object.
    pub fn get(&self, name: &str) -> Option<&JsonValue<'a>> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.text == name)
            .map(|(_, v)| v)
    }

    /// Converts to a serde_json value (spans dropped; duplicate keys: the last wins, as in serde_json).
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.kind {
            JsonKind::Null => serde_json::Value::Null,
            JsonKind::Bool(b) => serde_json::Value::Bool(*b),
            JsonKind::Number(n) => serde_json::from_str(n)
                .unwrap_or_else(|_| serde_json::Value::String((*n).to_owned())),
            JsonKind::String(s) => serde_json::Value::String(s.to_string()),
            JsonKind::Array(items) => {
                serde_json::Value::Array(items.iter().map(JsonValue::to_serde).collect())
            }
            JsonKind::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.text.to_string(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// Appends one JSON-pointer segment (RFC 6901 escaping) to `path`.
pub fn push_segment(path: &mut String, segment: &str) {
    path.push('/');
    for c in segment.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            _ => path.push(c),
        }
    }
}

/// Appends an array index segment to a JSON pointer.
pub fn push_index(path: &mut String, index: usize) {
    let _ = write!(path, "/{index}");
}
