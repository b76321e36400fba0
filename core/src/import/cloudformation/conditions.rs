//! `Conditions`: `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` and `Condition` references,
//! evaluated on resolved values.

use super::eval::{args, invalid, Eval, Stack, MAX_DEPTH};
use crate::import::read::{idx, key};
use crate::json::JsonValue;
use serde_json::Value;

impl Stack<'_, '_, '_> {
    /// The named condition's value; `at` and `path` locate the name where it is used.
    pub(super) fn condition(
        &self,
        name: &str,
        at: &JsonValue,
        path: &str,
        depth: usize,
    ) -> Eval<bool> {
        if depth > MAX_DEPTH {
            return invalid(
                path,
                at,
                "circular condition (or nesting too deep to evaluate)",
            );
        }
        match self.template.conditions.get(name) {
            Some(expr) => self.condition_expr(expr, &key("/Conditions", name), depth + 1),
            None => invalid(
                path,
                at,
                format!("the template defines no condition `{name}`"),
            ),
        }
    }

    fn condition_expr(&self, v: &JsonValue, path: &str, depth: usize) -> Eval<bool> {
        let Some([(name, arg)]) = v.as_object() else {
            return invalid(
                path,
                v,
                "a condition is one of `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` or `Condition`",
            );
        };
        let ap = key(path, &name.text);
        match name.text.as_ref() {
            "Fn::Equals" => {
                let [a, b] = args::<2>(arg, &ap, "Fn::Equals", "[value, value]")?;
                let a = self.eval(a, &idx(&ap, 0), depth + 1)?;
                let b = self.eval(b, &idx(&ap, 1), depth + 1)?;
                Ok(a.map(canonical) == b.map(canonical))
            }
            "Fn::Not" => {
                let [c] = args::<1>(arg, &ap, "Fn::Not", "[condition]")?;
                Ok(!self.condition_expr(c, &idx(&ap, 0), depth + 1)?)
            }
            "Fn::And" | "Fn::Or" => {
                let items = arg.as_array().unwrap_or(&[]);
                if !(2..=10).contains(&items.len()) {
                    return invalid(
                        &ap,
                        arg,
                        format!("`{}` takes 2 to 10 conditions", name.text),
                    );
                }
                let all = name.text == "Fn::And";
                // Every operand is evaluated: an invalid one is an error whatever the others say.
                let mut result = all;
                for (i, c) in items.iter().enumerate() {
                    let x = self.condition_expr(c, &idx(&ap, i), depth + 1)?;
                    result = if all { result && x } else { result || x };
                }
                Ok(result)
            }
            "Condition" => match arg.as_str() {
                Some(other) => self.condition(other, arg, &ap, depth + 1),
                None => invalid(&ap, arg, "`Condition` takes a condition name"),
            },
            // A bare `Fn::If`, `Ref` … is not a condition.
            other => invalid(path, v, format!("`{other}` is not a condition function")),
        }
    }
}

/// CloudFormation compares values as text: `3600` equals `"3600"`, `true` equals `"true"`.
fn canonical(v: Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}
