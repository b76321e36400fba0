//! The reader: a recursive-descent JSON parser with a depth limit.

use super::value::{JsonKey, JsonKind, JsonValue, Span};
use std::borrow::Cow;

/// Limits that protect the reader from hostile input. Exceeding one is an error, never a truncation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum input size in bytes.
    pub max_bytes: usize,
    /// Maximum nesting of arrays and objects.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // An IAM policy is at most a few KB and nests six levels; a scenario wraps policies in three
        // more; an account model adds a few. 32 MiB and 64 levels leave ample room.
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// What went wrong while reading JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The text holds no JSON value (empty or only whitespace).
    Empty,
    /// The text ends inside a value.
    UnexpectedEnd,
    /// A character that cannot start or continue a value here.
    UnexpectedChar(char),
    /// A value was expected (after `:`, `[` or `,`).
    ExpectedValue,
    /// A `:` was expected after an object key.
    ExpectedColon,
    /// A `,` or the closing bracket (given) was expected.
    ExpectedCommaOrEnd(char),
    /// A quoted object key was expected.
    ExpectedKey,
    /// A backslash escape JSON does not define.
    InvalidEscape,
    /// A `\u` escape that is not four hex digits or a valid surrogate pair.
    InvalidUnicodeEscape,
    /// A raw control character inside a string (JSON requires it escaped).
    ControlCharacter,
    /// A number JSON does not allow (leading zeros, a bare `-`, `.5` …).
    InvalidNumber,
    /// More text after the value.
    TrailingCharacters,
    /// Nesting deeper than the limit (given).
    TooDeep(usize),
    /// The text is larger than the limit.
    TooLarge {
        /// The text's size in bytes.
        size: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// The text starts with a UTF-16 (or UTF-32) byte-order mark.
    Utf16Bom,
}

/// A JSON syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What went wrong.
    pub kind: JsonErrorKind,
    /// The byte offset where it was found.
    pub offset: usize,
}

impl JsonError {
    /// A one-line message in the project's style (lowercase, no final period).
    pub fn message(&self) -> String {
        match &self.kind {
            JsonErrorKind::Empty => "the input is empty".into(),
            JsonErrorKind::UnexpectedEnd => "the JSON text ends too early".into(),
            JsonErrorKind::UnexpectedChar(c) => {
                format!("unexpected character `{}`", c.escape_default())
            }
            JsonErrorKind::ExpectedValue => "expected a JSON value".into(),
            JsonErrorKind::ExpectedColon => "expected `:` after an object key".into(),
            JsonErrorKind::ExpectedCommaOrEnd(close) => format!("expected `,` or `{close}`"),
            JsonErrorKind::ExpectedKey => "expected a quoted object key".into(),
            JsonErrorKind::InvalidEscape => "invalid escape sequence in a string".into(),
            JsonErrorKind::InvalidUnicodeEscape => "invalid `\\u` escape in a string".into(),
            JsonErrorKind::ControlCharacter => "control character in a string (escape it)".into(),
            JsonErrorKind::InvalidNumber => "invalid number".into(),
            JsonErrorKind::TrailingCharacters => "unexpected text after the JSON value".into(),
            JsonErrorKind::TooDeep(max) => format!("JSON nests deeper than {max} levels"),
            JsonErrorKind::TooLarge { size, max } => {
                format!("input of {size} bytes exceeds the limit of {max} bytes")
            }
            JsonErrorKind::InvalidUtf8 => {
                "the input is not valid UTF-8 (the first bad byte is here)".into()
            }
            JsonErrorKind::Utf16Bom => {
                "the input starts with a UTF-16 byte-order mark: it is UTF-16, not UTF-8".into()
            }
        }
    }

    /// A hint for the common mistakes.
    pub fn hint(&self) -> Option<&'static str> {
        match self.kind {
            JsonErrorKind::ExpectedCommaOrEnd(_) => Some("is a `,` missing between two members?"),
            JsonErrorKind::ExpectedKey | JsonErrorKind::ExpectedValue => {
                Some("JSON allows no trailing commas, comments or single quotes")
            }
            JsonErrorKind::TooDeep(_) | JsonErrorKind::TooLarge { .. } => {
                Some("IAM documents are small and shallow; this input is probably not a policy")
            }
            JsonErrorKind::InvalidUtf8 | JsonErrorKind::Utf16Bom => Some("save the file as UTF-8"),
            _ => None,
        }
    }
}

/// Reads bytes: checks UTF-8 (reporting the offset of the first bad byte), skips a UTF-8 BOM.
pub fn parse_bytes(bytes: &[u8], limits: Limits) -> Result<JsonValue<'_>, JsonError> {
    parse(decode(bytes)?, limits)
}

/// The bytes as UTF-8 text. A UTF-16 or UTF-32 byte-order mark (PowerShell's `>` writes UTF-16)
/// is an error of its own at offset 0; otherwise the error is at the first bad byte. A UTF-8
/// byte-order mark is valid text (and [`parse`] skips it).
pub fn decode(bytes: &[u8]) -> Result<&str, JsonError> {
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0, 0, 0xFE, 0xFF])
    {
        return Err(JsonError {
            kind: JsonErrorKind::Utf16Bom,
            offset: 0,
        });
    }
    std::str::from_utf8(bytes).map_err(|e| JsonError {
        kind: JsonErrorKind::InvalidUtf8,
        offset: e.valid_up_to(),
    })
}

/// Reads one JSON value from `text`. A leading byte-order mark is skipped (spans still count it).
pub fn parse(text: &str, limits: Limits) -> Result<JsonValue<'_>, JsonError> {
    if text.len() > limits.max_bytes {
        return Err(JsonError {
            kind: JsonErrorKind::TooLarge {
                size: text.len(),
                max: limits.max_bytes,
            },
            offset: 0,
        });
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        pos: start,
        max_depth: limits.max_depth,
        // Enough for the documents IAM deals in without growing (growing a large block costs
        // the allocator more than the rest of reading a container).
        items: Vec::with_capacity(32),
        members: Vec::with_capacity(32),
    };
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Err(p.err(JsonErrorKind::Empty));
    }
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.err(JsonErrorKind::TrailingCharacters));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    max_depth: usize,
    /// Scratch stacks: the items (members) of the arrays (objects) being read, innermost last.
    /// A finished container moves its own off the top into a vector of exactly its size, so
    /// reading allocates once per container instead of growing each one step by step.
    items: Vec<JsonValue<'a>>,
    members: Vec<(JsonKey<'a>, JsonValue<'a>)>,
}

impl<'a> Parser<'a> {
    fn err(&self, kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            offset: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn unexpected(&self) -> JsonError {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) => self.err(JsonErrorKind::UnexpectedChar(c)),
            None => self.err(JsonErrorKind::UnexpectedEnd),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonValue<'a>, JsonError> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonKind::String(self.string()?),
            Some(b't') => self.literal("true", JsonKind::Bool(true))?,
            Some(b'f') => self.literal("false", JsonKind::Bool(false))?,
            Some(b'n') => self.literal("null", JsonKind::Null)?,
            Some(b'-' | b'0'..=b'9') => JsonKind::Number(self.number()?),
            Some(b']' | b'}' | b',') => return Err(self.err(JsonErrorKind::ExpectedValue)),
            Some(_) => return Err(self.unexpected()),
        };
        Ok(JsonValue {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    fn literal(&mut self, word: &str, kind: JsonKind<'a>) -> Result<JsonKind<'a>, JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.unexpected())
        }
    }

    fn enter(&self, depth: usize) -> Result<usize, JsonError> {
        if depth >= self.max_depth {
            Err(self.err(JsonErrorKind::TooDeep(self.max_depth)))
        } else {
            Ok(depth + 1)
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonKind<'a>, JsonError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // '['
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonKind::Array(Vec::new()));
        }
        let mark = self.items.len();
        loop {
            self.skip_ws();
            let item = self.value(depth)?;
            self.items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    // INVARIANT: `mark` ≤ len: nested containers removed only what they pushed.
                    return Ok(JsonKind::Array(self.items.split_off(mark)));
                }
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(JsonErrorKind::ExpectedCommaOrEnd(']'))),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonKind<'a>, JsonError> {
        let depth = self.enter(depth)?;
        self.pos += 1; // '{'
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonKind::Object(Vec::new()));
        }
        let mark = self.members.len();
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(match self.peek() {
                    None => self.err(JsonErrorKind::UnexpectedEnd),
                    Some(_) => self.err(JsonErrorKind::ExpectedKey),
                });
            }
            let key_start = self.pos;
            let text = self.string()?;
            let key = JsonKey {
                text,
                span: Span::new(key_start, self.pos),
            };
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err(JsonErrorKind::ExpectedColon));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            self.members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    // INVARIANT: `mark` ≤ len: nested containers removed only what they pushed.
                    return Ok(JsonKind::Object(self.members.split_off(mark)));
                }
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(JsonErrorKind::ExpectedCommaOrEnd('}'))),
            }
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1; // opening quote
        let start = self.pos;
        // Fast path: a run of plain characters up to the closing quote is borrowed as is.
        self.pos += plain_len(self.bytes.get(start..).unwrap_or_default());
        if self.peek() == Some(b'"') {
            let text = self.text.get(start..self.pos).unwrap_or_default();
            self.pos += 1;
            return Ok(Cow::Borrowed(text));
        }
        let mut out = String::from(self.text.get(start..self.pos).unwrap_or_default());
        loop {
            match self.peek() {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) if self.peek().is_some_and(|b| b < 0x20) => {
                    return Err(self.err(JsonErrorKind::ControlCharacter))
                }
                Some(_) => {
                    // Copy the run of plain characters in one go.
                    let run_start = self.pos;
                    self.pos += plain_len(self.bytes.get(run_start..).unwrap_or_default());
                    if let Some(run) = self.text.get(run_start..self.pos) {
                        out.push_str(run);
                    }
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let c = match self.peek() {
            None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                return self.unicode_escape();
            }
            Some(_) => return Err(self.err(JsonErrorKind::InvalidEscape)),
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err(JsonErrorKind::InvalidUnicodeEscape))?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.err(JsonErrorKind::InvalidUnicodeEscape));
        }
        let value = u32::from_str_radix(digits, 16)
            .map_err(|_| self.err(JsonErrorKind::InvalidUnicodeEscape))?;
        self.pos += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            // A high surrogate must be followed by `\u` and a low surrogate.
            if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                return Err(self.err(JsonErrorKind::InvalidUnicodeEscape));
            }
            self.pos += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.err(JsonErrorKind::InvalidUnicodeEscape));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.err(JsonErrorKind::InvalidUnicodeEscape))
    }

    fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err(JsonErrorKind::InvalidNumber)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err(JsonErrorKind::InvalidNumber));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err(JsonErrorKind::InvalidNumber));
            }
            self.digits();
        }
        Ok(self.text.get(start..self.pos).unwrap_or_default())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

/// The length of the leading run of `bytes` with no `"`, `\\` or control character: the part
/// of a string that needs no unescaping. Eight bytes at a time (SWAR): for each test, the lowest
/// flagged byte of `(x - 0x01…) & !x & 0x80…` is exactly the first match (a borrow only
/// propagates upwards from a true match), and non-ASCII bytes are never flagged.
fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    const SPACES: u64 = ONES * 0x20;
    let mut chunks = bytes.chunks_exact(8);
    let mut len = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(word);
        let quote = w ^ QUOTES;
        let backslash = w ^ BACKSLASHES;
        let stop = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(SPACES) & !w))
            & HIGHS;
        if stop != 0 {
            return len + (stop.trailing_zeros() / 8) as usize;
        }
        len += 8;
    }
    let rest = chunks.remainder();
    len + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<JsonValue<'_>, JsonError> {
        parse(text, Limits::default())
    }

    #[test]
    fn reads_values_with_spans() {
        let v = p(r#" {"a": [1, "x\u00e9", true, null], "b": {}} "#).unwrap();
        assert_eq!(v.span, Span::new(1, 43));
        let a = v.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[1].as_str(), Some("xé"));
        assert_eq!(a[0].kind, JsonKind::Number("1"));
        assert_eq!(a[0].span, Span::new(8, 9));
    }

    #[test]
    fn plain_len_finds_the_first_stop_byte() {
        let naive = |b: &[u8]| {
            b.iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(b.len())
        };
        let alphabet = [
            b'a', b'"', b'\\', 0x1f, 0x20, 0x00, 0x7f, 0x80, 0xc3, 0xa9, 0x21, 0x5b,
        ];
        // Every placement of each byte in texts of up to 20 bytes, over a plain background.
        for len in 0..20 {
            for at in 0..len {
                for &c in &alphabet {
                    let mut text = vec![b'x'; len];
                    text[at] = c;
                    assert_eq!(plain_len(&text), naive(&text), "{text:?}");
                    // A stop byte after a byte that borrows in the subtraction.
                    if at + 1 < len {
                        text[at + 1] = b'"';
                        assert_eq!(plain_len(&text), naive(&text), "{text:?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_len_agrees_with_a_byte_loop(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let naive = bytes
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(plain_len(&bytes), naive);
        }
    }

    #[test]
    fn keeps_duplicate_keys_for_the_typed_layer() {
        let v = p(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 2);
    }

    #[test]
    fn surrogate_pairs_and_bad_surrogates() {
        assert_eq!(p(r#""\ud83d\ude00""#).unwrap().as_str(), Some("😀"));
        assert_eq!(
            p(r#""\ud83d""#).unwrap_err().kind,
            JsonErrorKind::InvalidUnicodeEscape
        );
    }

    #[test]
    fn errors_have_offsets() {
        let e = p(r#"{"a": 1,}"#).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::ExpectedKey);
        assert_eq!(e.offset, 8);
        assert_eq!(p("").unwrap_err().kind, JsonErrorKind::Empty);
        assert_eq!(
            p("[1] x").unwrap_err().kind,
            JsonErrorKind::TrailingCharacters
        );
        assert_eq!(p("01").unwrap_err().kind, JsonErrorKind::TrailingCharacters);
        assert_eq!(
            p("\"a\u{1}\"").unwrap_err().kind,
            JsonErrorKind::ControlCharacter
        );
        assert_eq!(
            p("[1 2]").unwrap_err().kind,
            JsonErrorKind::ExpectedCommaOrEnd(']')
        );
    }

    #[test]
    fn depth_and_size_limits() {
        let deep = "[".repeat(100_000);
        assert_eq!(p(&deep).unwrap_err().kind, JsonErrorKind::TooDeep(64));
        let small = Limits {
            max_bytes: 4,
            max_depth: 8,
        };
        assert!(matches!(
            parse("[1,2,3]", small).unwrap_err().kind,
            JsonErrorKind::TooLarge { size: 7, max: 4 }
        ));
    }

    #[test]
    fn bom_and_invalid_utf8() {
        assert!(p("\u{feff}{}").is_ok());
        let e = parse_bytes(b"{\"a\":\"\xff\"}", Limits::default()).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::InvalidUtf8);
        assert_eq!(e.offset, 6);
        for bom in [&b"\xff\xfe{\0}\0"[..], b"\xfe\xff\0{\0}", b"\0\0\xfe\xff"] {
            let e = decode(bom).unwrap_err();
            assert_eq!((e.kind.clone(), e.offset), (JsonErrorKind::Utf16Bom, 0));
            assert_eq!(e.hint(), Some("save the file as UTF-8"));
        }
        assert_eq!(decode(b"\xef\xbb\xbf{}").unwrap(), "\u{feff}{}");
    }

    #[test]
    fn numbers_keep_their_text() {
        assert_eq!(p("-1.5e+3").unwrap().kind, JsonKind::Number("-1.5e+3"));
        assert!(p("1.").is_err());
        assert!(p("-").is_err());
    }
}
