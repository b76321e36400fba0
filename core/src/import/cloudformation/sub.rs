//! `Fn::Sub`, in both forms: `"text ${Name} ${Logical.Attr} ${!Literal}"` and
//! `["text ${Var}", {"Var": value}]`.

use super::eval::{args, invalid, Eval, Stack};
use crate::import::read::{idx, key};
use crate::json::{JsonKind, JsonValue};
use serde_json::Value;

impl Stack<'_, '_, '_> {
    /// `Fn::Sub`, in both forms.
    pub(super) fn sub(&self, arg: &JsonValue, path: &str, depth: usize) -> Eval<String> {
        let (text, vars, tpath) = match &arg.kind {
            JsonKind::String(t) => (t.as_ref(), None, path.to_owned()),
            JsonKind::Array(_) => {
                let [t, v] = args::<2>(arg, path, "Fn::Sub", "[string, {variables}]")?;
                let Some(t) = t.as_str() else {
                    return invalid(&idx(path, 0), t, "`Fn::Sub` needs a literal string");
                };
                (t, Some((v, idx(path, 1))), idx(path, 0))
            }
            _ => {
                return invalid(
                    path,
                    arg,
                    "`Fn::Sub` takes a string or [string, {variables}]",
                )
            }
        };
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let (before, after) = rest.split_at(start);
            out.push_str(before);
            let after = after.get(2..).unwrap_or_default();
            let Some(end) = after.find('}') else {
                return invalid(&tpath, arg, "`${` without a closing `}` in `Fn::Sub`");
            };
            let (name, tail) = after.split_at(end);
            rest = tail.get(1..).unwrap_or_default();
            if let Some(literal) = name.strip_prefix('!') {
                // `${!Literal}` writes `${Literal}`.
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let name = name.trim();
            if let Some((v, vp)) = &vars {
                if let Some(x) = v.get(name) {
                    out.push_str(&self.string(x, &key(vp, name), depth + 1)?);
                    continue;
                }
            }
            let value = match name.split_once('.') {
                Some((l, a)) if !name.starts_with("AWS::") => {
                    self.attribute(l, a, arg, &tpath, depth + 1)?
                }
                _ => match self.reference(name, arg, &tpath, depth + 1)? {
                    Some(Value::String(x)) => x,
                    _ => {
                        return invalid(
                            &tpath,
                            arg,
                            format!("`${{{name}}}` in `Fn::Sub` must be a string"),
                        )
                    }
                },
            };
            out.push_str(&value);
        }
        out.push_str(rest);
        Ok(out)
    }
}
