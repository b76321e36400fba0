//! Small helpers to read the model's JSON tree with located errors.

use crate::diag::{did_you_mean, Diagnostic};
use crate::json::{push_index, push_segment, JsonKind, JsonValue};

pub fn key(path: &str, segment: &str) -> String {
    let mut p = path.to_owned();
    push_segment(&mut p, segment);
    p
}

pub(crate) fn idx(path: &str, i: usize) -> String {
    let mut p = path.to_owned();
    push_index(&mut p, i);
    p
}

/// Collects diagnostics while reading.
#[derive(Default)]
pub struct Reader {
    pub diags: Vec<Diagnostic>,
}

impl Reader {
    pub fn error(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        path: String,
        value: &JsonValue,
    ) {
        self.diags
            .push(Diagnostic::error(code, message, path, value.span));
    }

    pub fn error_hint(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        path: String,
        value: &JsonValue,
        hint: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::error(code, message, path, value.span).with_hint(hint));
    }

    /// The members of an object, checking names against `allowed` (fields starting with `x-` and
    /// `$schema` are always allowed) and reporting duplicates.
    pub fn object<'v, 'a>(
        &mut self,
        value: &'v JsonValue<'a>,
        path: &str,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'v [(crate::json::JsonKey<'a>, JsonValue<'a>)]> {
        let Some(members) = value.as_object() else {
            self.error(
                "wrong-type",
                format!("{what} must be an object, found {}", value.kind_name()),
                path.to_owned(),
                value,
            );
            return None;
        };
        for (i, (k, v)) in members.iter().enumerate() {
            if members.iter().take(i).any(|(o, _)| o.text == k.text) {
                self.error(
                    "duplicate-key",
                    format!("`{}` appears more than once in {what}", k.text),
                    key(path, &k.text),
                    v,
                );
            } else if !allowed.contains(&k.text.as_ref())
                && !k.text.starts_with("x-")
                && k.text != "$schema"
            {
                let hint = match did_you_mean(&k.text, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the fields of {what} are {}", allowed.join(", ")),
                };
                self.error_hint(
                    "unknown-field",
                    format!("`{}` is not a field of {what}", k.text),
                    key(path, &k.text),
                    v,
                    hint,
                );
            }
        }
        Some(members)
    }

    pub fn string(&mut self, value: &JsonValue, path: &str, what: &str) -> Option<String> {
        match &value.kind {
            JsonKind::String(s) => Some(s.to_string()),
            _ => {
                self.error(
                    "wrong-type",
                    format!("{what} must be a string, found {}", value.kind_name()),
                    path.to_owned(),
                    value,
                );
                None
            }
        }
    }

    pub fn opt_string(&mut self, parent: &JsonValue, field: &str, path: &str) -> Option<String> {
        let v = parent.get(field)?;
        if matches!(v.kind, JsonKind::Null) {
            return None;
        }
        self.string(v, &key(path, field), &format!("`{field}`"))
    }

    pub fn strings(
        &mut self,
        parent: &JsonValue,
        field: &str,
        path: &str,
    ) -> Vec<(String, String)> {
        let Some(v) = parent.get(field) else {
            return Vec::new();
        };
        let fpath = key(path, field);
        let Some(items) = v.as_array() else {
            self.error(
                "wrong-type",
                format!(
                    "`{field}` must be an array of strings, found {}",
                    v.kind_name()
                ),
                fpath,
                v,
            );
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let p = idx(&fpath, i);
                self.string(item, &p, &format!("each entry of `{field}`"))
                    .map(|s| (s, p))
            })
            .collect()
    }

    pub fn array<'v, 'a>(
        &mut self,
        parent: &'v JsonValue<'a>,
        field: &str,
        path: &str,
    ) -> &'v [JsonValue<'a>] {
        let Some(v) = parent.get(field) else {
            return &[];
        };
        match v.as_array() {
            Some(items) => items,
            None => {
                self.error(
                    "wrong-type",
                    format!("`{field}` must be an array, found {}", v.kind_name()),
                    key(path, field),
                    v,
                );
                &[]
            }
        }
    }

    /// `{"key": "value"}` tags.
    pub fn tags(&mut self, parent: &JsonValue, path: &str) -> Vec<(String, String)> {
        self.tags_field(parent, "tags", path)
    }

    /// `{"key": "value"}` pairs in `field`.
    pub fn tags_field(
        &mut self,
        parent: &JsonValue,
        field: &str,
        path: &str,
    ) -> Vec<(String, String)> {
        let Some(v) = parent.get(field) else {
            return Vec::new();
        };
        let tpath = key(path, field);
        let Some(members) = v.as_object() else {
            self.error(
                "wrong-type",
                format!(
                    "`{field}` must be an object of strings, found {}",
                    v.kind_name()
                ),
                tpath,
                v,
            );
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|(k, val)| {
                self.string(val, &key(&tpath, &k.text), "a tag value")
                    .map(|s| (k.text.to_string(), s))
            })
            .collect()
    }
}
