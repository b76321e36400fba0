//! Reading tool output with located errors: fields, tags, and policy documents that arrive as
//! objects, JSON strings or URL-encoded JSON strings.

use super::{duplicates, ImportError};
use crate::diag::Diagnostic;
use crate::json::{self, push_index, push_segment, JsonKind, JsonValue, Limits};
use serde_json::{Map, Value};

/// Tool output can be far larger than a policy: a big account's authorization details run to
/// tens of megabytes.
pub(super) const LIMITS: Limits = Limits {
    max_bytes: 1024 * 1024 * 1024,
    max_depth: 64,
};

const DUPLICATE_HINT: &str =
    "AWS rejects a document with a repeated member name, and which copy counts is ambiguous: keep one";

pub(super) fn key(path: &str, segment: &str) -> String {
    let mut p = path.to_owned();
    push_segment(&mut p, segment);
    p
}

pub(super) fn idx(path: &str, i: usize) -> String {
    let mut p = path.to_owned();
    push_index(&mut p, i);
    p
}

/// Parses one file; a syntax error or a repeated member name is reported against the file (and
/// the file is not read further).
pub(super) fn parse<'t>(
    file: &str,
    text: &'t str,
    errors: &mut Vec<ImportError>,
) -> Option<JsonValue<'t>> {
    match json::parse(text, LIMITS) {
        Ok(v) => {
            let (found, count) = duplicates::find(&v);
            for (i, d) in found.iter().enumerate() {
                let more = match count - found.len() {
                    rest if rest > 0 && i + 1 == found.len() => {
                        format!(" ({rest} more repeated members in this file are not listed)")
                    }
                    _ => String::new(),
                };
                errors.push(ImportError {
                    file: file.to_owned(),
                    diagnostic: Diagnostic::error(
                        "duplicate-key",
                        format!("`{}` appears more than once in this object{more}", d.name),
                        d.path.clone(),
                        d.span,
                    )
                    .with_hint(DUPLICATE_HINT),
                });
            }
            (count == 0).then_some(v)
        }
        Err(e) => {
            errors.push(ImportError {
                file: file.to_owned(),
                diagnostic: Diagnostic::from_json_error(&e, ""),
            });
            None
        }
    }
}

/// Reads the fields of one file, collecting its errors.
pub(super) struct Ctx<'f> {
    pub file: &'f str,
    pub errors: Vec<ImportError>,
}

impl<'f> Ctx<'f> {
    pub fn new(file: &'f str) -> Self {
        Ctx {
            file,
            errors: Vec::new(),
        }
    }

    pub fn error(&mut self, code: &'static str, message: String, path: String, at: &JsonValue) {
        self.errors.push(ImportError {
            file: self.file.to_owned(),
            diagnostic: Diagnostic::error(code, message, path, at.span),
        });
    }

    /// A required string field.
    pub fn string(&mut self, v: &JsonValue, name: &str, path: &str) -> Option<String> {
        match v.get(name) {
            Some(_) => self.opt_string(v, name, path),
            None => {
                self.error(
                    "import-missing-field",
                    format!("`{name}` is missing"),
                    path.to_owned(),
                    v,
                );
                None
            }
        }
    }

    /// An optional string field (null counts as absent).
    pub fn opt_string(&mut self, v: &JsonValue, name: &str, path: &str) -> Option<String> {
        let field = v.get(name)?;
        match &field.kind {
            JsonKind::String(s) => Some(s.to_string()),
            JsonKind::Null => None,
            _ => {
                self.error(
                    "import-wrong-type",
                    format!("`{name}` must be a string, found {}", field.kind_name()),
                    key(path, name),
                    field,
                );
                None
            }
        }
    }

    /// An optional array field; absent or null is empty.
    pub fn array<'v, 'a>(
        &mut self,
        v: &'v JsonValue<'a>,
        name: &str,
        path: &str,
    ) -> &'v [JsonValue<'a>] {
        let Some(field) = v.get(name) else {
            return &[];
        };
        match &field.kind {
            JsonKind::Array(items) => items,
            JsonKind::Null => &[],
            _ => {
                self.error(
                    "import-wrong-type",
                    format!("`{name}` must be an array, found {}", field.kind_name()),
                    key(path, name),
                    field,
                );
                &[]
            }
        }
    }

    /// Requires `v` to be an object.
    pub fn is_object(&mut self, v: &JsonValue, path: &str, what: &str) -> bool {
        if v.as_object().is_some() {
            return true;
        }
        self.error(
            "import-wrong-type",
            format!("{what} must be an object, found {}", v.kind_name()),
            path.to_owned(),
            v,
        );
        false
    }

    /// AWS tag lists (`[{"Key": …, "Value": …}]`) as the model's `{key: value}` object.
    pub fn tags(&mut self, v: &JsonValue, name: &str, path: &str) -> Map<String, Value> {
        let tpath = key(path, name);
        let mut out = Map::new();
        for (i, t) in self.array(v, name, path).iter().enumerate() {
            let p = idx(&tpath, i);
            let k = self.string(t, "Key", &p);
            let val = self.string(t, "Value", &p);
            if let (Some(k), Some(val)) = (k, val) {
                out.insert(k, Value::String(val));
            }
        }
        out
    }

    /// Reports the repeated member names of a policy document read from the string `at` (at
    /// `path`); true when there are none.
    pub fn no_duplicates(&mut self, doc: &JsonValue, path: &str, at: Option<&JsonValue>) -> bool {
        let (found, count) = duplicates::find(doc);
        for d in &found {
            let mut diagnostic = Diagnostic::error(
                "duplicate-key",
                format!(
                    "`{}` appears more than once at {} of the policy document in this string{}",
                    d.name,
                    d.path,
                    if count > found.len() {
                        format!(" ({} more not listed)", count - found.len())
                    } else {
                        String::new()
                    }
                ),
                path.to_owned(),
                at.map(|v| v.span).unwrap_or_default(),
            )
            .with_hint(DUPLICATE_HINT);
            // A value computed by the template has no place in the file: the pointer locates it.
            diagnostic.span = at.map(|v| v.span);
            self.errors.push(ImportError {
                file: self.file.to_owned(),
                diagnostic,
            });
        }
        count == 0
    }

    /// A policy document given as an object, a JSON string or a URL-encoded JSON string.
    pub fn policy(&mut self, v: &JsonValue, path: &str) -> Option<Value> {
        match &v.kind {
            JsonKind::Object(_) => Some(v.to_serde()),
            JsonKind::String(s) => {
                let decoded;
                let text = if s.trim_start().starts_with('{') {
                    s.as_ref()
                } else {
                    match percent_decode(s) {
                        Ok(d) => {
                            decoded = d;
                            decoded.as_str()
                        }
                        Err(msg) => {
                            self.error("import-bad-encoding", msg, path.to_owned(), v);
                            return None;
                        }
                    }
                };
                match json::parse(text, LIMITS) {
                    Ok(doc) if doc.as_object().is_some() => self
                        .no_duplicates(&doc, path, Some(v))
                        .then(|| doc.to_serde()),
                    Ok(doc) => {
                        self.error(
                            "import-wrong-type",
                            format!(
                                "the policy document must be a JSON object, found {}",
                                doc.kind_name()
                            ),
                            path.to_owned(),
                            v,
                        );
                        None
                    }
                    Err(e) => {
                        self.error(
                            "import-bad-policy-json",
                            format!(
                                "the policy document in this string is not valid JSON: {} (at byte {} of the decoded document)",
                                e.message(),
                                e.offset
                            ),
                            path.to_owned(),
                            v,
                        );
                        None
                    }
                }
            }
            _ => {
                self.error(
                    "import-wrong-type",
                    format!(
                        "a policy document must be an object or a string, found {}",
                        v.kind_name()
                    ),
                    path.to_owned(),
                    v,
                );
                None
            }
        }
    }
}

/// Decodes RFC 3986 percent-encoding (IAM's encoding of policy documents). `+` stays `+`: IAM
/// encodes a space as `%20`.
pub(super) fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex);
            let lo = bytes.get(i + 2).copied().and_then(hex);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(format!(
                    "bad percent-encoding at byte {i} of the policy document"
                ));
            };
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| "the URL-decoded policy document is not valid UTF-8".to_owned())
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}
