//! Intrinsic functions: `Ref`, `Fn::Sub`, `Fn::Join`, `Fn::GetAtt`, `Fn::If`, `Fn::Select`,
//! `Fn::Split`, `Fn::FindInMap`, `Fn::ImportValue`, `Fn::Base64`, and the pseudo parameters.

use super::template::{Resource, Template};
use super::CfnOptions;
use crate::diag::Diagnostic;
use crate::import::read::{idx, key};
use crate::json::{JsonKind, JsonValue};
use base64::Engine as _;
use serde_json::{Map, Value};

/// Deeper than this is a circular reference (a name that refers to itself) or a template no one
/// writes.
pub(super) const MAX_DEPTH: usize = 48;

/// Why a value could not be computed.
#[derive(Debug)]
pub(super) enum Failure {
    /// Known only once the stack exists, or left to an input that was not given.
    Unresolved { path: String, reason: String },
    /// A template CloudFormation would reject.
    Invalid(Diagnostic),
}

pub(super) type Eval<T> = Result<T, Failure>;

pub(super) fn unresolved<T>(path: &str, reason: impl Into<String>) -> Eval<T> {
    Err(Failure::Unresolved {
        path: path.to_owned(),
        reason: reason.into(),
    })
}

pub(super) fn invalid<T>(path: &str, at: &JsonValue, message: impl Into<String>) -> Eval<T> {
    Err(Failure::Invalid(Diagnostic::error(
        "cfn-invalid-template",
        message.into(),
        path.to_owned(),
        at.span,
    )))
}

/// The template with what its pseudo parameters and inputs resolve to.
pub(super) struct Stack<'t, 'v, 'a> {
    pub template: &'t Template<'v, 'a>,
    pub account: &'t str,
    pub options: &'t CfnOptions,
    pub partition: &'static str,
}

impl<'t, 'v, 'a> Stack<'t, 'v, 'a> {
    pub fn new(template: &'t Template<'v, 'a>, account: &'t str, options: &'t CfnOptions) -> Self {
        let region = options.region.as_deref().unwrap_or_default();
        let partition = if region.starts_with("cn-") {
            "aws-cn"
        } else if region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        };
        Stack {
            template,
            account,
            options,
            partition,
        }
    }

    /// `v` with its intrinsic functions evaluated; `None` is `AWS::NoValue` (no value at all).
    pub fn resolve(&self, v: &JsonValue, path: &str) -> Eval<Option<Value>> {
        self.eval(v, path, 0)
    }

    pub(super) fn eval(&self, v: &JsonValue, path: &str, depth: usize) -> Eval<Option<Value>> {
        if depth > MAX_DEPTH {
            return invalid(
                path,
                v,
                "circular reference (or nesting too deep to evaluate)",
            );
        }
        match &v.kind {
            JsonKind::Object(members) => {
                if let [(name, arg)] = members.as_slice() {
                    if name.text == "Ref" || name.text.starts_with("Fn::") {
                        return self.function(&name.text, arg, &key(path, &name.text), depth + 1);
                    }
                }
                let mut out = Map::new();
                for (k, item) in members {
                    if let Some(x) = self.eval(item, &key(path, &k.text), depth + 1)? {
                        out.insert(k.text.to_string(), x);
                    }
                }
                Ok(Some(Value::Object(out)))
            }
            JsonKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(x) = self.eval(item, &idx(path, i), depth + 1)? {
                        out.push(x);
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            _ => Ok(Some(v.to_serde())),
        }
    }

    /// A value that must be present (not `AWS::NoValue`).
    fn value(&self, v: &JsonValue, path: &str, depth: usize) -> Eval<Value> {
        match self.eval(v, path, depth)? {
            Some(x) => Ok(x),
            None => invalid(path, v, "`AWS::NoValue` cannot be used here"),
        }
    }

    /// A value that must be a string (numbers and booleans are read as CloudFormation reads
    /// them: as their text).
    pub(super) fn string(&self, v: &JsonValue, path: &str, depth: usize) -> Eval<String> {
        match self.value(v, path, depth)? {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => invalid(
                path,
                v,
                format!("expected a string here, found {}", kind_of(&other)),
            ),
        }
    }

    /// A value that must be a list of strings.
    fn strings(&self, v: &JsonValue, path: &str, depth: usize) -> Eval<Vec<String>> {
        match self.value(v, path, depth)? {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    Value::Number(n) => Ok(n.to_string()),
                    other => invalid(
                        path,
                        v,
                        format!(
                            "expected a list of strings, found {} in it",
                            kind_of(&other)
                        ),
                    ),
                })
                .collect(),
            other => invalid(
                path,
                v,
                format!("expected a list of strings, found {}", kind_of(&other)),
            ),
        }
    }

    fn function(
        &self,
        name: &str,
        arg: &JsonValue,
        path: &str,
        depth: usize,
    ) -> Eval<Option<Value>> {
        let s = |x: String| Ok(Some(Value::String(x)));
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(target, arg, path, depth),
                None => invalid(path, arg, "`Ref` takes the name of a parameter or resource"),
            },
            "Fn::Sub" => s(self.sub(arg, path, depth)?),
            "Fn::Join" => {
                let [delim, list] = args::<2>(arg, path, "Fn::Join", "[delimiter, [values]]")?;
                let d = self.literal(delim, &idx(path, 0))?;
                s(self.strings(list, &idx(path, 1), depth)?.join(&d))
            }
            "Fn::Select" => {
                let [index, list] = args::<2>(arg, path, "Fn::Select", "[index, [values]]")?;
                let i = self.string(index, &idx(path, 0), depth)?;
                let lp = idx(path, 1);
                let items = match self.value(list, &lp, depth)? {
                    Value::Array(items) => items,
                    other => {
                        return invalid(
                            &lp,
                            list,
                            format!("`Fn::Select` needs a list, found {}", kind_of(&other)),
                        )
                    }
                };
                match i.parse::<usize>().ok().and_then(|n| items.get(n)) {
                    Some(x) => Ok(Some(x.clone())),
                    None => invalid(
                        path,
                        arg,
                        format!("index `{i}` is not within the {} values", items.len()),
                    ),
                }
            }
            "Fn::Split" => {
                let [delim, source] = args::<2>(arg, path, "Fn::Split", "[delimiter, string]")?;
                let d = self.literal(delim, &idx(path, 0))?;
                let text = self.string(source, &idx(path, 1), depth)?;
                if d.is_empty() {
                    return invalid(path, delim, "`Fn::Split` needs a non-empty delimiter");
                }
                Ok(Some(Value::Array(
                    text.split(d.as_str())
                        .map(|p| Value::String(p.to_owned()))
                        .collect(),
                )))
            }
            "Fn::If" => {
                let [cond, then, other] = args::<3>(
                    arg,
                    path,
                    "Fn::If",
                    "[condition, value if true, value if false]",
                )?;
                let cp = idx(path, 0);
                let Some(c) = cond.as_str() else {
                    return invalid(&cp, cond, "`Fn::If` takes a condition name first");
                };
                if self.condition(c, cond, &cp, depth)? {
                    self.eval(then, &idx(path, 1), depth)
                } else {
                    self.eval(other, &idx(path, 2), depth)
                }
            }
            "Fn::GetAtt" => {
                let (target, attr) = match &arg.kind {
                    JsonKind::String(t) => match t.split_once('.') {
                        Some((l, a)) => (l.to_owned(), a.to_owned()),
                        None => {
                            return invalid(path, arg, "`Fn::GetAtt` takes `LogicalId.Attribute`")
                        }
                    },
                    JsonKind::Array(_) => {
                        let [l, a] = args::<2>(arg, path, "Fn::GetAtt", "[logical id, attribute]")?;
                        (
                            self.literal(l, &idx(path, 0))?,
                            self.string(a, &idx(path, 1), depth)?,
                        )
                    }
                    _ => return invalid(path, arg, "`Fn::GetAtt` takes `[logical id, attribute]`"),
                };
                s(self.attribute(&target, &attr, arg, path, depth)?)
            }
            "Fn::FindInMap" => {
                let [map, top, second] = args::<3>(
                    arg,
                    path,
                    "Fn::FindInMap",
                    "[map, top-level key, second-level key]",
                )?;
                let m = self.string(map, &idx(path, 0), depth)?;
                let t = self.string(top, &idx(path, 1), depth)?;
                let k = self.string(second, &idx(path, 2), depth)?;
                let found = self
                    .template
                    .mappings
                    .and_then(|all| all.get(&m))
                    .and_then(|x| x.get(&t))
                    .and_then(|x| x.get(&k));
                match found {
                    Some(v) => Ok(Some(v.to_serde())),
                    None => invalid(
                        path,
                        arg,
                        format!("`Mappings` has no `{m}` / `{t}` / `{k}`"),
                    ),
                }
            }
            "Fn::ImportValue" => {
                let export = self.string(arg, path, depth)?;
                match self.options.import_values.get(&export) {
                    Some(v) => s(v.clone()),
                    None => unresolved(
                        path,
                        format!("the export `{export}` of another stack is not given (--import-value {export}=…)"),
                    ),
                }
            }
            "Fn::Base64" => {
                let text = self.string(arg, path, depth)?;
                s(base64::engine::general_purpose::STANDARD.encode(text))
            }
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" => invalid(
                path,
                arg,
                format!("`{name}` belongs in `Conditions` (or the condition of `Fn::If`)"),
            ),
            _ => unresolved(path, format!("`{name}` is not evaluated by the importer")),
        }
    }

    /// A literal string argument (a delimiter, a logical id).
    fn literal(&self, v: &JsonValue, path: &str) -> Eval<String> {
        match v.as_str() {
            Some(x) => Ok(x.to_owned()),
            None => invalid(
                path,
                v,
                format!("expected a string, found {}", v.kind_name()),
            ),
        }
    }

    /// Whether the stack creates `r` (its `Condition` holds).
    pub(super) fn creates(&self, r: &Resource, depth: usize) -> Eval<bool> {
        match &r.condition {
            None => Ok(true),
            Some(c) => {
                let cp = key(&r.path, "Condition");
                let at = self.template.conditions.get(c).copied().ok_or_else(|| {
                    Failure::Unresolved {
                        path: cp.clone(),
                        reason: format!("no condition `{c}`"),
                    }
                })?;
                self.condition(c, at, &cp, depth)
            }
        }
    }
}

/// The elements of an array argument of exactly `N` values.
pub(super) fn args<'v, 'a, const N: usize>(
    arg: &'v JsonValue<'a>,
    path: &str,
    function: &str,
    shape: &str,
) -> Eval<[&'v JsonValue<'a>; N]> {
    let items: Vec<&JsonValue> = arg.as_array().unwrap_or(&[]).iter().collect();
    match <[&JsonValue; N]>::try_from(items) {
        Ok(a) => Ok(a),
        Err(_) => invalid(path, arg, format!("`{function}` takes {shape}")),
    }
}

pub(super) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
