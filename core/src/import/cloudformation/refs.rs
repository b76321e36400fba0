//! `Ref`: pseudo parameters and template parameters (`Ref` to a resource is in `names.rs`).

use super::eval::{invalid, unresolved, Eval, Stack};
use super::template::{ParamShape, Parameter};
use crate::import::read::key;
use crate::json::{JsonKind, JsonValue};
use serde_json::Value;

impl<'t> Stack<'t, '_, '_> {
    /// `Ref`: a pseudo parameter, a parameter or a resource's physical id.
    pub(super) fn reference(
        &self,
        target: &str,
        at: &JsonValue,
        path: &str,
        depth: usize,
    ) -> Eval<Option<Value>> {
        let s = |x: String| Ok(Some(Value::String(x)));
        match target {
            "AWS::NoValue" => return Ok(None),
            "AWS::AccountId" => return s(self.account.to_owned()),
            "AWS::Partition" => return s(self.partition.to_owned()),
            "AWS::Region" => return s(self.region_for(path)?.to_owned()),
            "AWS::URLSuffix" => {
                let cn = self.region_for(path)?.starts_with("cn-");
                return s(if cn {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                }
                .to_owned());
            }
            "AWS::StackName" | "AWS::StackId" | "AWS::NotificationARNs" => {
                return unresolved(
                    path,
                    format!("`{target}` is known only for a deployed stack"),
                )
            }
            _ => {}
        }
        if let Some(p) = self.template.parameters.get(target) {
            return self.parameter(target, p, path).map(Some);
        }
        if let Some(r) = self.template.resource(target) {
            return s(self.physical_id(r, path, depth)?);
        }
        invalid(
            path,
            at,
            format!("`{target}` is neither a parameter nor a resource of the template"),
        )
    }

    pub(super) fn region_for(&self, path: &str) -> Eval<&'t str> {
        match self.options.region.as_deref() {
            Some(r) => Ok(r),
            None => unresolved(
                path,
                "the region is not known (put the template under cloudformation/<account-id>/<region>/ or pass --region)",
            ),
        }
    }

    fn parameter(&self, name: &str, p: &Parameter, path: &str) -> Eval<Value> {
        let (shape, default) = (p.shape, p.default);
        if shape == ParamShape::Ssm {
            return unresolved(
                path,
                format!("parameter `{name}` is read from SSM Parameter Store at deployment"),
            );
        }
        let given = self.options.parameters.get(name).cloned();
        let text = match given {
            Some(v) => {
                self.allowed(name, p, &v)?;
                v
            }
            None => match default.map(|d| &d.kind) {
                Some(JsonKind::String(d)) => d.to_string(),
                Some(JsonKind::Number(n)) => (*n).to_owned(),
                Some(JsonKind::Bool(b)) => b.to_string(),
                _ => {
                    return unresolved(
                        path,
                        format!("parameter `{name}` has no value and no usable `Default` (--parameter {name}=…)"),
                    )
                }
            },
        };
        Ok(match shape {
            ParamShape::List => Value::Array(
                text.split(',')
                    .map(|p| Value::String(p.trim().to_owned()))
                    .collect(),
            ),
            ParamShape::String | ParamShape::Ssm => Value::String(text),
        })
    }

    /// CloudFormation refuses a given value outside the parameter's `AllowedValues`.
    fn allowed(&self, name: &str, p: &Parameter, value: &str) -> Eval<()> {
        let Some((at, allowed)) = p.allowed.and_then(|a| Some((a, a.as_array()?))) else {
            return Ok(());
        };
        let text = |v: &JsonValue| match &v.kind {
            JsonKind::String(s) => Some(s.to_string()),
            JsonKind::Number(n) => Some((*n).to_owned()),
            _ => None,
        };
        let values: Vec<String> = allowed.iter().filter_map(text).collect();
        if values.iter().any(|v| v == value) {
            return Ok(());
        }
        invalid(
            &key(&p.path, "AllowedValues"),
            at,
            format!(
                "`{value}` (given for parameter `{name}`) is not one of its AllowedValues: {}",
                values.join(", ")
            ),
        )
    }
}
