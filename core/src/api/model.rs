//! JSON entry points over an account model: assume a role, find paths, who-can.
//!
//! Each takes the model's JSON text (`None`: the embedded example organization) and a query object,
//! and returns `{"result": …}` or `{"error": {code, message, path, line, column, hint}}`.

use super::error_value;
use crate::diag::Diagnostic;
use crate::json::JsonValue;
use crate::limits::Limits;
use crate::model::{load_model, Model, EXAMPLE_ORG};
use crate::query::{self, QuestionReader};
use serde_json::{json, Value};

fn model(text: Option<&str>) -> Result<Model, Value> {
    let text = text.unwrap_or(EXAMPLE_ORG);
    load_model(text).map_err(|diags| json!({ "error": error_value(&diags, text) }))
}

/// A model loaded once from its text, for asking it many questions (the wasm bindings keep the
/// last few, so a page asking again about the same text does not load it again).
pub struct LoadedModel {
    text: String,
    model: Model,
    probes: std::sync::OnceLock<std::collections::BTreeSet<crate::diff::Probe>>,
}

impl LoadedModel {
    /// Loads `text`, or returns `{"error": …}` located in it, as the JSON entry points do.
    pub fn load(text: String) -> Result<LoadedModel, Value> {
        let model = model(Some(&text))?;
        Ok(LoadedModel {
            text,
            model,
            probes: std::sync::OnceLock::new(),
        })
    }

    /// The text it was loaded from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The loaded model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The requests its text names (docs/diff.md), computed once.
    pub(super) fn probes(&self) -> &std::collections::BTreeSet<crate::diff::Probe> {
        self.probes.get_or_init(|| {
            let mut set = std::collections::BTreeSet::new();
            // The text loaded, so it parses within the same limits.
            if let Ok(tree) = crate::json::parse(&self.text, Limits::default().json()) {
                crate::diff::collect_probes(&tree, &mut set);
            }
            set
        })
    }
}

/// Reads a question from `text` with `read`, located in `text`.
pub(super) fn question<T>(
    text: &str,
    read: impl FnOnce(&mut QuestionReader, &JsonValue) -> Option<T>,
) -> Result<(T, JsonValue<'_>), Value> {
    let value = crate::json::parse(text, Limits::default().json())
        .map_err(|e| json!({"error": error_value(&[Diagnostic::from_json_error(&e, "")], text)}))?;
    let mut reader = QuestionReader::new(&Limits::default());
    let q = read(&mut reader, &value);
    match reader.finish(q) {
        Ok(q) => Ok((q, value)),
        Err(diags) => Err(json!({"error": error_value(&diags, text)})),
    }
}

/// An answer's error, located at the question's field it names (e.g. `/principal`).
fn answer_error(d: Diagnostic, question: &JsonValue, text: &str) -> Value {
    let d = locate_field(d, question);
    json!({"error": error_value(&[d], text)})
}

/// Gives a diagnostic without a span the span of the question member at its path.
pub(super) fn locate_field(mut d: Diagnostic, question: &JsonValue) -> Diagnostic {
    if d.span.is_none() {
        d.span = Some(question.pointer_or_parent(&d.path).span);
    }
    d
}

/// `{"principal", "to"?: {"action", "resource"}, "mfa"?, "context"?, "maxDepth"?}` → the paths
/// answer (docs/questions.md).
pub fn paths_json(model_json: Option<&str>, query_json: &str) -> Value {
    match model(model_json) {
        Ok(m) => paths_json_in(&m, query_json),
        Err(e) => e,
    }
}

/// [`paths_json`] over a loaded model.
pub fn paths_json_in(m: &Model, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let (q, v) = question(query_json, |r, v| r.paths(v))?;
        let answer = query::paths_from(m, &q).map_err(|d| answer_error(d, &v, query_json))?;
        Ok(json!({ "result": answer }))
    };
    run().unwrap_or_else(|e| e)
}

/// `{"action", "resource", "mfa"?, "context"?, "maxDepth"?}` → every identity that can, with its
/// chain (docs/questions.md).
pub fn who_can_json(model_json: Option<&str>, query_json: &str) -> Value {
    match model(model_json) {
        Ok(m) => who_can_json_in(&m, query_json),
        Err(e) => e,
    }
}

/// [`who_can_json`] over a loaded model.
pub fn who_can_json_in(m: &Model, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let (q, v) = question(query_json, |r, v| r.who_can(v))?;
        let answer =
            query::who_can(m, &q, &mut |_, _| {}).map_err(|d| answer_error(d, &v, query_json))?;
        Ok(json!({ "result": answer }))
    };
    run().unwrap_or_else(|e| e)
}

/// `{"principal", "action", "resource", "mfa"?, "context"?, "explain"?}` → the decision of one
/// request made by an identity of the model (a user, or a session of a role).
pub fn check_json(model_json: Option<&str>, query_json: &str) -> Value {
    match model(model_json) {
        Ok(m) => check_json_in(&m, model_json.unwrap_or(EXAMPLE_ORG), query_json),
        Err(e) => e,
    }
}

/// [`check_json`] over a model loaded from `text`.
pub fn check_json_in(m: &Model, text: &str, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let (q, v) = question(query_json, |r, v| r.check(v, &query::CHECK_FIELDS))?;
        let answer = query::check(m, text, &q).map_err(|d| answer_error(d, &v, query_json))?;
        Ok(json!({ "result": answer }))
    };
    run().unwrap_or_else(|e| e)
}

/// `{"principal" | "webIdentity": {"provider", "claims"} | "saml": {"provider", "attributes"},
/// "role", "externalId"?, "mfa"?, "durationSeconds"?, "sessionName"?, "sessionTags"?,
/// "transitiveTagKeys"?, "sourceIdentity"?, "context"?}` → the decision, each STS check, an STS
/// refusal if any, and the session (docs/questions.md).
pub fn assume_json(model_json: Option<&str>, query_json: &str) -> Value {
    match model(model_json) {
        Ok(m) => assume_json_in(&m, query_json),
        Err(e) => e,
    }
}

/// [`assume_json`] over a loaded model.
pub fn assume_json_in(m: &Model, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let (q, v) = question(query_json, |r, v| r.assume(v))?;
        let answer = query::assume(m, &q).map_err(|d| answer_error(d, &v, query_json))?;
        Ok(json!({ "result": answer }))
    };
    run().unwrap_or_else(|e| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_queries() {
        let r = who_can_json(
            None,
            r#"{"action":"ecs:UpdateService","resource":"arn:aws:ecs:eu-west-1:222222222222:service/prod/web","mfa":true,"context":{"aws:RequestedRegion":"eu-west-1"}}"#,
        );
        let names: Vec<&str> = r["result"]["principals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["principal"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"arn:aws:iam::111111111111:user/ops/alice"),
            "{r}"
        );
        let p = paths_json(None, r#"{"principal":"alice","mfa":false}"#);
        assert!(
            p["result"]["blocked"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["hop"]["flips"][0]["key"] == "aws:MultiFactorAuthPresent"),
            "{p}"
        );
        let a = assume_json(
            None,
            r#"{"principal":"444444444444:role/Auditor","role":"SecurityAudit-MSP","externalId":"cust-7Q2"}"#,
        );
        assert_eq!(a["result"]["decision"], "Allowed", "{a}");
        assert_eq!(
            a["result"]["session"]["arn"],
            "arn:aws:sts::777777777777:assumed-role/SecurityAudit-MSP/iamsim"
        );
        let wrong = assume_json(
            None,
            r#"{"principal":"444444444444:role/Auditor","role":"SecurityAudit-MSP"}"#,
        );
        assert_eq!(wrong["result"]["decision"], "ImplicitDeny");
        let unknown = paths_json(None, r#"{"principal":"alcie"}"#);
        assert_eq!(unknown["error"]["code"], "unknown-principal");
        assert!(unknown["error"]["hint"].as_str().unwrap().contains("alice"));
        let bad_model = who_can_json(Some("{"), r#"{"action":"s3:GetObject","resource":"*"}"#);
        assert_eq!(bad_model["error"]["code"], "json-syntax");
        assert_eq!(paths_json(None, "[]")["error"]["code"], "wrong-type");
    }

    #[test]
    fn answer_errors_point_at_the_question_field_at_fault() {
        // A duration STS rejects: the error names `durationSeconds`, at its value in the text.
        let q = "{\"principal\": \"alice\",\n \"role\": \"222222222222:role/Deploy\",\n \"durationSeconds\": 899}";
        let r = assume_json(None, q);
        assert_eq!(r["error"]["code"], "duration-out-of-range", "{r}");
        assert_eq!(r["error"]["path"], "/durationSeconds", "{r}");
        assert_eq!(
            (r["error"]["line"].as_u64(), r["error"]["column"].as_u64()),
            (Some(3), Some(21)),
            "{r}"
        );
        // An array element: `/unknown/1` is the second entry of `unknown`.
        let q = "{\"principal\": \"alice\", \"action\": \"s3:GetObject\", \"resource\": \"*\",\n \"context\": {\"aws:SourceIp\": \"10.0.0.1\"},\n \"unknown\": [\"aws:MultiFactorAuthPresent\", \"aws:SourceIp\"]}";
        let r = check_json(None, q);
        assert_eq!(r["error"]["code"], "unknown-and-given", "{r}");
        assert_eq!(r["error"]["path"], "/unknown/1", "{r}");
        assert_eq!(
            (r["error"]["line"].as_u64(), r["error"]["column"].as_u64()),
            (Some(3), Some(44)),
            "{r}"
        );
    }
}
