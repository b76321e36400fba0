//! The span-carrying JSON tree.

use std::borrow::Cow;

/// A half-open byte range `[start, end)` in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset past the last byte.
    pub end: u32,
}

impl Span {
    /// A span of byte offsets (saturating at `u32::MAX`; inputs are limited far below).
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
    /// The key, unescaped.
    pub text: Cow<'a, str>,
    /// Where the quoted key is.
    pub span: Span,
}

/// A JSON value of any kind, with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonValue<'a> {
    /// The value.
    pub kind: JsonKind<'a>,
    /// Where its text is.
    pub span: Span,
}

/// The kinds of JSON values. Numbers keep their source text: IAM reads them as strings.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// Borrowed from the input unless the string had escapes.
    String(Cow<'a, str>),
    /// Elements in source order.
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

    /// The string, for a string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, for an object.
    pub fn as_object(&self) -> Option<&[(JsonKey<'a>, JsonValue<'a>)]> {
        match &self.kind {
            JsonKind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements, for an array.
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

    /// The deepest value along a JSON pointer (`/unknown/0`, `/context/a~1b`): the value itself
    /// when every segment resolves, else the last one that did (so a diagnostic about a member
    /// that is absent still points into the text near it).
    pub fn pointer_or_parent(&self, pointer: &str) -> &JsonValue<'a> {
        let mut at = self;
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            let next = match &at.kind {
                JsonKind::Object(_) => at.get(&segment),
                JsonKind::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(v) => at = v,
                None => break,
            }
        }
        at
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
pub(crate) fn push_segment(path: &mut String, segment: &str) {
    path.push('/');
    // Most segments need no escaping: push them whole rather than char by char.
    if !segment.bytes().any(|b| b == b'~' || b == b'/') {
        path.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            _ => path.push(c),
        }
    }
}

/// `path` with one more segment, allocated once: growing the copy step by step (reallocating)
/// cost more than the rest of building a statement's path.
pub(crate) fn child_pointer(path: &str, segment: &str) -> String {
    // Escaping (rare) may still grow it.
    let mut p = String::with_capacity(path.len() + 1 + segment.len());
    p.push_str(path);
    push_segment(&mut p, segment);
    p
}

/// `path` with one more array index segment, allocated once.
pub(crate) fn index_pointer(path: &str, index: usize) -> String {
    // A `/` and up to 20 digits.
    let mut p = String::with_capacity(path.len() + 21);
    p.push_str(path);
    push_index(&mut p, index);
    p
}

/// Appends an array index segment to a JSON pointer.
pub(crate) fn push_index(path: &mut String, index: usize) {
    path.push('/');
    push_decimal(path, index);
}

/// Appends `n` in decimal. By hand: `write!` costs more than the rest of building a statement's
/// path or a policy's label.
pub(crate) fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut n = n;
    loop {
        if let Some(d) = digits.get_mut(len) {
            // INVARIANT: `n % 10` is below 10.
            *d = b'0' + (n % 10) as u8;
        }
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.iter().take(len).rev() {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_escape_tilde_and_slash_only() {
        let mut p = String::new();
        push_segment(&mut p, "Statement");
        push_index(&mut p, 3);
        push_segment(&mut p, "aws:PrincipalTag/a~b");
        push_segment(&mut p, "é");
        push_segment(&mut p, "");
        assert_eq!(p, "/Statement/3/aws:PrincipalTag~1a~0b/é/");
    }

    #[test]
    fn pointers_built_in_one_go() {
        assert_eq!(
            child_pointer("/Statement/0", "Condition"),
            "/Statement/0/Condition"
        );
        assert_eq!(child_pointer("", "a/b~"), "/a~1b~0");
        assert_eq!(index_pointer("/scps/1", 12), "/scps/1/12");
        assert_eq!(index_pointer("", usize::MAX), format!("/{}", usize::MAX));
    }

    #[test]
    fn indexes_in_decimal() {
        for (index, text) in [(0, "/0"), (7, "/7"), (10, "/10"), (1234, "/1234")] {
            let mut p = String::new();
            push_index(&mut p, index);
            assert_eq!(p, text);
        }
        let mut p = String::new();
        push_index(&mut p, usize::MAX);
        assert_eq!(p, format!("/{}", usize::MAX));
    }
}
