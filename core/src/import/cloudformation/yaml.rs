//! YAML templates, turned into the JSON form of the same template: the short-form tags (`!Ref`,
//! `!Sub`, `!GetAtt`, `!If` …) become their one-key JSON objects (`{"Ref": …}`,
//! `{"Fn::Sub": …}`, `{"Condition": …}` for `!Condition`).

use crate::diag::Diagnostic;
use crate::json::Span;
use serde_json::{Map, Number, Value};
use serde_norway::Value as Yaml;

/// The template as JSON text, or a syntax error located in the YAML text.
pub(super) fn to_json(text: &str) -> Result<String, Diagnostic> {
    let yaml: Yaml = serde_norway::from_str(text).map_err(|e| {
        let at = e.location().map_or(0, |l| l.index());
        Diagnostic::error(
            "yaml-syntax",
            format!("the YAML template does not parse: {e}"),
            "",
            Span::new(at, at),
        )
    })?;
    let json = convert(yaml, "")?;
    serde_json::to_string_pretty(&json)
        .map_err(|e| Diagnostic::error("yaml-syntax", e.to_string(), "", Span::default()))
}

fn convert(v: Yaml, path: &str) -> Result<Value, Diagnostic> {
    Ok(match v {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            let text = n.to_string();
            // `.inf` and `.nan` have no JSON number: CloudFormation reads them as text anyway.
            serde_json::from_str::<Number>(&text).map_or(Value::String(text), Value::Number)
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, x)| convert(x, &format!("{path}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                let key = match k {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    _ => {
                        return Err(Diagnostic::error(
                            "yaml-syntax",
                            "a template's keys are strings",
                            path.to_owned(),
                            Span::default(),
                        ))
                    }
                };
                let child = format!("{path}/{key}");
                out.insert(key, convert(x, &child)?);
            }
            Value::Object(out)
        }
        Yaml::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let function = match name {
                "Ref" | "Condition" => name.to_owned(),
                _ => format!("Fn::{name}"),
            };
            let mut out = Map::new();
            out.insert(
                function.clone(),
                convert(t.value, &format!("{path}/{function}"))?,
            );
            Value::Object(out)
        }
    })
}
