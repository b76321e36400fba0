//! Batch lines that ask about an identity of a loaded account model, as opposed to self-contained
//! scenarios that carry their own policies.
//!
//! A request line names the caller by the names people type (`alice`, `222222222222:role/Deploy`,
//! an ARN) and is decided against the model loaded once for the whole stream, exactly as
//! `iamsim check` decides it: the identity's policies, the target's resource policy (or trust
//! policy), its SCPs, RCPs and boundary, and the context the identity carries.

use crate::model::Model;
use crate::query::{self, CheckQuestion, QuestionReader};
use serde_json::{json, Value};

/// A line with any policy field is a scenario; any other line is a request against the model.
use crate::scenario::POLICY_FIELDS as SCENARIO_FIELDS;

/// The fields of a request line (`unknown`: keys left open, as `check --unknown`).
const REQUEST_FIELDS: [&str; 8] = [
    "id",
    "principal",
    "action",
    "resource",
    "context",
    "mfa",
    "explain",
    "unknown",
];

/// Decides one line of `iamsim batch`: a self-contained scenario (a JSON object with any policy
/// field) or a request by an identity of the model, which `model` provides on first need (so a
/// stream of scenarios never loads one). The line is read once; request lines, being small, are
/// read a second time as plain JSON.
pub fn decide_batch_line<'m>(
    line: &str,
    explain: bool,
    limits: &crate::limits::Limits,
    model: impl FnOnce() -> Result<ModelSource<'m>, Value>,
) -> Value {
    decide_batch_line_result(line, explain, limits, model).into_value()
}

/// The result of one batch line: a request line's answer, kept typed so that it can be written
/// as JSON without a `serde_json::Value` in between (most of a request line's cost), or any other
/// result (a scenario's decision, an error) as JSON.
#[derive(Debug)]
pub enum LineResult {
    /// A request line decided against the model: `{"id", …the check answer's fields}`.
    Answer {
        /// The line's `id`, echoed.
        id: Value,
        /// The check answer (docs/questions.md).
        answer: Box<query::CheckAnswer>,
    },
    /// Any other result.
    Json(Value),
}

impl LineResult {
    /// The result as a JSON value: the line's `id` first, then the answer's fields.
    pub fn into_value(self) -> Value {
        match self {
            LineResult::Answer { id, answer } => {
                let mut out = serde_json::Map::new();
                out.insert("id".into(), id);
                if let Ok(Value::Object(map)) = serde_json::to_value(&answer) {
                    out.extend(map);
                }
                Value::Object(out)
            }
            LineResult::Json(v) => v,
        }
    }

    /// Appends the result as one line of compact JSON (no newline): the same text as
    /// `into_value().to_string()`, written straight from the answer (the map keeps fields in
    /// the order they are written, so the bytes are the same).
    pub fn write_json(&self, out: &mut String) {
        match self {
            LineResult::Answer { id, answer } => {
                out.push_str("{\"id\":");
                out.push_str(&id.to_string());
                match serde_json::to_string(answer) {
                    // `{…}`: its members follow the id.
                    Ok(body) if body.len() > 2 => {
                        out.push(',');
                        out.push_str(body.get(1..).unwrap_or_default());
                    }
                    _ => out.push('}'),
                }
            }
            LineResult::Json(v) => out.push_str(&v.to_string()),
        }
    }
}

/// [`decide_batch_line`], with a request line's answer kept typed ([`LineResult`]).
pub fn decide_batch_line_result<'m>(
    line: &str,
    explain: bool,
    limits: &crate::limits::Limits,
    model: impl FnOnce() -> Result<ModelSource<'m>, Value>,
) -> LineResult {
    let value = match crate::json::parse(line, limits.json()) {
        Ok(v) => v,
        Err(e) => {
            let diag = crate::diag::Diagnostic::from_json_error(&e, "");
            return LineResult::Json(
                json!({"id": null, "error": super::error_value(&[diag], line)}),
            );
        }
    };
    let is_scenario = value.as_object().is_none_or(|members| {
        members
            .iter()
            .any(|(k, _)| SCENARIO_FIELDS.contains(&k.text.as_ref()))
    });
    if is_scenario {
        return LineResult::Json(super::decide_scenario_value(&value, line, explain, limits));
    }
    match model() {
        Ok(m) => decide_model_value(m.model, m.text, m.principals, &value, line, explain),
        Err(error) => LineResult::Json(with_id(
            value.get("id").map_or(Value::Null, to_plain),
            error,
        )),
    }
}

/// A loaded model and the text it was loaded from: `--explain` locates each statement that
/// applied in that text (line, column, source), as `check` does.
#[derive(Clone, Copy)]
pub struct ModelSource<'m> {
    /// The loaded model.
    pub model: &'m Model,
    /// The text it was loaded from (spans of its statements point into it).
    pub text: &'m str,
    /// Where the stream remembers the identities its lines named (`None`: resolve every line).
    pub principals: Option<&'m PrincipalCache>,
}

/// The identities a stream's request lines named, resolved once per stream against its one
/// model: a name such as `alice` is otherwise found by a scan of every identity of the model,
/// on every line (a millisecond per line in a model of 50,000 roles).
///
/// Each worker thread keeps its own entries (no lock on the hot path), under the cache's
/// number, which no other cache ever gets: entries of a stream are never read by another, even
/// one with a model at the same address. At most `PRINCIPALS_KEPT` (65,536) names per thread.
#[derive(Debug)]
pub struct PrincipalCache {
    id: u64,
}

/// Names remembered per thread; then the memo starts over.
pub(crate) const PRINCIPALS_KEPT: usize = 1 << 16;

thread_local! {
    /// (cache number, name as written) → the ARN of the identity it names.
    static PRINCIPALS: std::cell::RefCell<crate::context::FnvMap<(u64, String), String>> =
        std::cell::RefCell::new(crate::context::FnvMap::default());
}

impl PrincipalCache {
    /// A cache for one stream against one model.
    pub fn new() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        PrincipalCache {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The ARN of the identity `name` names, when `model` resolves it and its ARN names the same
    /// identity (then asking with the ARN gives the same answer: the answer states the identity's
    /// ARN, never the name as written). `None` leaves the line to the usual lookup, with its
    /// errors and suggestions.
    fn arn_of(&self, model: &Model, name: &str) -> Option<String> {
        let key = (self.id, name.to_owned());
        if let Some(arn) = PRINCIPALS.with(|m| m.borrow().get(&key).cloned()) {
            return Some(arn);
        }
        let i = model.find_identity(name).ok()?;
        let arn = model.world.identities.get(i)?.arn.clone();
        if model.find_identity(&arn).ok() != Some(i) {
            return None;
        }
        PRINCIPALS.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= PRINCIPALS_KEPT {
                m.clear();
            }
            m.insert(key, arn.clone());
        });
        Some(arn)
    }
}

impl Default for PrincipalCache {
    fn default() -> Self {
        Self::new()
    }
}

/// A JSON scalar of the span reader as a plain value (for echoing an `id`).
fn to_plain(v: &crate::json::JsonValue) -> Value {
    use crate::json::JsonKind;
    match &v.kind {
        JsonKind::String(s) => json!(s),
        JsonKind::Number(n) => serde_json::from_str(n).unwrap_or(Value::Null),
        JsonKind::Bool(b) => json!(b),
        _ => Value::Null,
    }
}

/// Decides one request line against `model`: the check answer (docs/questions.md) with the
/// line's `id` first — without `explain`, only its decision fields — or `{"id", "error": {code,
/// message, path, line, column, hint?}}`. Never panics.
pub fn decide_model_line(model: &Model, line: &str, explain: bool) -> Value {
    match crate::json::parse(line, crate::limits::Limits::default().json()) {
        Ok(value) => decide_model_value(model, "", None, &value, line, explain).into_value(),
        Err(e) => {
            let diag = crate::diag::Diagnostic::from_json_error(&e, "");
            json!({"id": null, "error": super::error_value(&[diag], line)})
        }
    }
}

fn decide_model_value(
    model: &Model,
    model_text: &str,
    principals: Option<&PrincipalCache>,
    value: &crate::json::JsonValue,
    line: &str,
    explain: bool,
) -> LineResult {
    let id = value.get("id").map_or(Value::Null, to_plain);
    let mut reader = QuestionReader::new(&crate::limits::Limits::default());
    let q = reader.check(value, &REQUEST_FIELDS);
    let mut q = match reader.finish(q) {
        Ok(q) => q,
        Err(diags) => {
            return LineResult::Json(with_id(
                id,
                json!({"error": super::error_value(&diags, line)}),
            ))
        }
    };
    // A name the stream resolved before is asked by its ARN: a map lookup, not a scan.
    if let Some(arn) = principals.and_then(|c| c.arn_of(model, &q.principal)) {
        q.principal = arn;
    }
    let answer = if explain {
        query::check(model, model_text, &CheckQuestion { explain: true, ..q })
    } else {
        query::check_decision(model, &q)
    };
    match answer {
        Ok(a) => LineResult::Answer {
            id,
            answer: Box::new(a),
        },
        Err(d) => LineResult::Json(with_id(
            id,
            json!({"error": super::error_value(&[super::model::locate_field(d, value)], line)}),
        )),
    }
}

/// Puts `id` first in an `{"error": …}` value.
fn with_id(id: Value, error: Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("id".into(), id);
    if let Value::Object(map) = error {
        out.extend(map);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load_model, EXAMPLE_ORG};

    fn decide(line: &str) -> Value {
        let model = load_model(EXAMPLE_ORG).unwrap();
        decide_model_line(&model, line, false)
    }

    #[test]
    fn scenario_lines_are_told_apart_by_their_policy_fields() {
        let model = load_model(EXAMPLE_ORG).unwrap();
        let limits = crate::limits::Limits::default();
        let line = |text: &str| {
            let mut asked = false;
            let out = decide_batch_line(text, false, &limits, || {
                asked = true;
                Ok(ModelSource {
                    model: &model,
                    text: EXAMPLE_ORG,
                    principals: None,
                })
            });
            (out, asked)
        };
        let (out, asked) = line(
            r#"{"id": "s", "principal": null, "action": "s3:GetObject", "resource": "*", "identityPolicies": []}"#,
        );
        assert_eq!(
            (out["decision"].as_str(), asked),
            (Some("ImplicitDeny"), false)
        );
        let (out, asked) = line(
            r#"{"id": "r", "principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv", "context": {"k": "\"scps\""}}"#,
        );
        assert_eq!((out["decision"].as_str(), asked), (Some("Allowed"), true));
        // Broken text is located by the reader, and asks for no model.
        let (out, asked) = line(r#"{"scps": ["#);
        assert_eq!(
            (out["error"]["code"].as_str(), asked),
            (Some("json-syntax"), false)
        );
        let (out, _) = line("[1, 2]");
        assert!(out.get("error").is_some(), "{out}");
        // A model that cannot be had is an error for that line.
        let out = decide_batch_line(r#"{"id": 3, "principal": "dave"}"#, false, &limits, || {
            Err(json!({"error": {"code": "no-model", "message": "m", "path": ""}}))
        });
        assert_eq!(out["id"], 3);
        assert_eq!(out["error"]["code"], "no-model");
    }

    #[test]
    fn remembered_principals_give_the_same_answers() {
        let model = load_model(EXAMPLE_ORG).unwrap();
        let limits = crate::limits::Limits::default();
        let cache = PrincipalCache::new();
        let names = [
            "dave",
            "alice",
            "111111111111:user/data/dave",
            "arn:aws:iam::111111111111:user/data/dave",
            "arn:aws:sts::222222222222:assumed-role/Deploy/s",
            "Deploy",
            "nobody",
            "davee",
        ];
        for explain in [false, true] {
            // Twice: the second round reads the remembered names.
            for _ in 0..2 {
                for name in names {
                    let line = format!(
                        r#"{{"id": 1, "principal": "{name}", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv", "mfa": true}}"#
                    );
                    let source = |principals| {
                        decide_batch_line(&line, explain, &limits, || {
                            Ok(ModelSource {
                                model: &model,
                                text: EXAMPLE_ORG,
                                principals,
                            })
                        })
                    };
                    assert_eq!(source(Some(&cache)), source(None), "{name}");
                }
            }
        }
        // Unknown names are not remembered; known ones are, by their ARN.
        assert_eq!(cache.arn_of(&model, "nobody"), None);
        assert_eq!(
            cache.arn_of(&model, "dave").as_deref(),
            Some("arn:aws:iam::111111111111:user/data/dave")
        );
    }

    #[test]
    fn a_request_line_is_decided_like_check() {
        let allowed = decide(
            r#"{"id": "d", "principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv"}"#,
        );
        assert_eq!(allowed["id"], "d");
        assert_eq!(allowed["decision"], "Allowed");
        assert_eq!(
            allowed["principal"],
            "arn:aws:iam::111111111111:user/data/dave"
        );
        let denied = decide(
            r#"{"id": 7, "principal": "dave", "action": "s3:DeleteObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv"}"#,
        );
        assert_eq!(denied["id"], 7);
        assert_ne!(denied["decision"], "Allowed");
        assert!(denied.get("explain").is_none());
        assert!(denied.get("reason").is_none(), "the fast path has no trace");
    }

    /// `unknown` reads as in a check question: the line's answer carries the condition (#18).
    #[test]
    fn a_request_line_with_unknown_keys_answers_the_condition() {
        let line = r#"{"id": "u", "principal": "alice", "action": "sts:AssumeRole", "resource": "222222222222:role/Deploy", "unknown": ["*"]}"#;
        let answer = decide(line);
        assert_eq!(answer["id"], "u");
        assert_eq!(answer["condition"]["outcome"], "Conditional");
        assert_eq!(
            answer["condition"]["text"],
            "aws:MultiFactorAuthPresent = true"
        );
        let bad = decide(
            r#"{"principal": "alice", "action": "s3:GetObject", "resource": "*", "unknown": "aws:SourceIp"}"#,
        );
        assert_eq!(bad["error"]["code"], "wrong-type");
        assert_eq!(bad["error"]["path"], "/unknown");
    }

    #[test]
    fn explain_adds_the_trace() {
        let model = load_model(EXAMPLE_ORG).unwrap();
        let out = decide_model_line(
            &model,
            r#"{"principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv"}"#,
            true,
        );
        assert_eq!(out["decision"], "Allowed");
        assert!(out["explain"]["statements"].as_array().unwrap().len() > 1);
    }

    #[test]
    fn mistakes_are_errors_for_that_line() {
        let unknown = decide(
            r#"{"id": "x", "principal": "davee", "action": "s3:GetObject", "resource": "*"}"#,
        );
        assert_eq!(unknown["id"], "x");
        assert_eq!(unknown["error"]["code"], "unknown-principal");
        assert!(unknown["error"]["hint"].as_str().unwrap().contains("dave"));
        let typo = decide(
            r#"{"principal": "dave", "action": "s3:GetObject", "resource": "*", "contxt": {}}"#,
        );
        assert_eq!(typo["error"]["code"], "unknown-field");
        assert_eq!(typo["error"]["path"], "/contxt");
        assert!(typo["error"]["hint"].as_str().unwrap().contains("context"));
        let missing = decide(r#"{"principal": "dave", "resource": "*"}"#);
        assert_eq!(missing["error"]["code"], "missing-field");
        let not_json = decide("{nope");
        assert_eq!(not_json["error"]["code"], "json-syntax");
        assert_eq!(decide("[1]")["error"]["code"], "wrong-type");
    }

    #[test]
    fn a_search_deeper_than_the_limit_is_an_error_not_a_truncation() {
        let deep = crate::api::paths_json(None, r#"{"principal": "alice", "maxDepth": 11}"#);
        assert_eq!(deep["error"]["code"], "limit-exceeded");
        let ok = crate::api::paths_json(None, r#"{"principal": "alice", "maxDepth": 10}"#);
        assert!(ok.get("result").is_some(), "{ok}");
    }

    /// A request line's answer written straight from the typed answer is byte for byte the
    /// JSON of its value, for answers with and without a reason, explanation or condition, and
    /// ids of every JSON type.
    #[test]
    fn answers_written_directly_are_the_bytes_of_their_value() {
        let model = load_model(EXAMPLE_ORG).unwrap();
        let limits = crate::limits::Limits::default();
        let lines = [
            r#"{"id": 1, "principal": "alice", "action": "sts:AssumeRole", "resource": "arn:aws:iam::222222222222:role/Deploy"}"#,
            r#"{"id": "two", "principal": "alice", "action": "sts:AssumeRole", "resource": "arn:aws:iam::222222222222:role/Deploy", "mfa": true, "explain": true}"#,
            r#"{"id": 3.5, "principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/x", "unknown": ["*"]}"#,
            r#"{"principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/x", "context": {"aws:SourceIp": "1.2.3.4"}}"#,
            r#"{"id": [1], "principal": "bob", "action": "ecs:UpdateService", "resource": "*"}"#,
        ];
        for explain in [false, true] {
            for line in lines {
                let source = || {
                    Ok(ModelSource {
                        model: &model,
                        text: EXAMPLE_ORG,
                        principals: None,
                    })
                };
                let result = decide_batch_line_result(line, explain, &limits, source);
                assert!(matches!(result, LineResult::Answer { .. }), "{line}");
                let mut written = String::new();
                result.write_json(&mut written);
                let value = decide_batch_line_result(line, explain, &limits, source).into_value();
                assert_eq!(written, value.to_string(), "{line}");
            }
        }
    }
}
