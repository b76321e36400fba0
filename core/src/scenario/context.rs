//! The `context` field of a scenario: condition keys with a string, number or boolean value (read
//! as its text), or an array of them for a multi-valued key. Anything else is an error at its
//! location, never a dropped key.

use super::ScenarioReader;
use crate::context::{Context, ContextValue, ContextValues};
use crate::diag::Diagnostic;
use crate::json::{child_pointer, index_pointer, JsonKind, JsonValue};

const VALUE_HINT: &str =
    "a context value is a string (numbers and booleans are read as their text), or an array of them for a multi-valued key";

/// A scalar context value as its text; `None` for null, arrays and objects.
fn scalar(v: &JsonValue) -> Option<String> {
    match &v.kind {
        JsonKind::String(s) => Some(s.to_string()),
        JsonKind::Number(n) => Some((*n).to_owned()),
        JsonKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl ScenarioReader<'_> {
    /// The context, or `None` when it has errors (they are recorded).
    pub(super) fn context(&mut self, value: &JsonValue) -> Option<Context> {
        let v = value.get("context");
        // `fill_principal_keys` adds up to four keys later: room for them avoids regrowing.
        let keys = v.and_then(JsonValue::as_object).map_or(0, <[_]>::len);
        let mut context = Context::with_capacity(keys + 4);
        let Some(v) = v else {
            return Some(context);
        };
        if matches!(v.kind, JsonKind::Null) {
            return Some(context);
        }
        let Some(members) = v.as_object() else {
            self.error(
                Diagnostic::error(
                    "wrong-type",
                    format!("`context` must be an object, found {}", v.kind_name()),
                    "/context",
                    v.span,
                )
                .with_hint("e.g. {\"aws:SourceIp\": \"203.0.113.9\", \"aws:MultiFactorAuthPresent\": \"true\"}"),
            );
            return None;
        };
        let mut ok = true;
        for (i, (key, val)) in members.iter().enumerate() {
            let kpath = child_pointer("/context", &key.text);
            if members
                .iter()
                .take(i)
                .any(|(k, _)| k.text.eq_ignore_ascii_case(&key.text))
            {
                self.error(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("context key `{}` appears more than once", key.text),
                        kpath,
                        key.span,
                    )
                    .with_hint("context keys are case-insensitive"),
                );
                ok = false;
                continue;
            }
            if let JsonKind::Array(items) = &val.kind {
                let mut values = Vec::with_capacity(items.len());
                for (j, item) in items.iter().enumerate() {
                    match scalar(item) {
                        Some(s) => values.push(ContextValue::new(s)),
                        None => {
                            self.error(
                                Diagnostic::error(
                                    "wrong-type",
                                    format!(
                                        "a value of a multi-valued context key must be a string, found {}",
                                        item.kind_name()
                                    ),
                                    index_pointer(&kpath, j),
                                    item.span,
                                )
                                .with_hint(VALUE_HINT),
                            );
                            ok = false;
                        }
                    }
                }
                context.insert(&key.text, ContextValues::Multi(values));
                continue;
            }
            match scalar(val) {
                Some(s) => context.insert(&key.text, ContextValues::Single(ContextValue::new(s))),
                None => {
                    self.error(
                        Diagnostic::error(
                            "wrong-type",
                            format!(
                                "a context value must be a string or an array of strings, found {}",
                                val.kind_name()
                            ),
                            kpath,
                            val.span,
                        )
                        .with_hint(VALUE_HINT),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(context)
    }
}
