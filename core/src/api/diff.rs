//! `diff_json`: what-if between two account models, as JSON (the CLI's `iamsim diff` and the wasm
//! `diff` export).

use super::error_value;
use super::model::question;
use crate::diff::{diff_models, probes_of, DiffRequest};
use crate::json;
use crate::limits::Limits;
use crate::model::{load_model_with, Model};
use serde_json::{json, Value};

/// `before` / `after`: model JSON texts. `query_json`: `{"requests"?: [{"principal"?, "action",
/// "resource", "context"?, "mfa"?}], "mfa"?, "context"?, "maxDepth"?}`; without `requests`, every
/// action × resource the models name (docs/diff.md). Returns `{"result": DiffReport}` or
/// `{"error": {…, "model": "before"|"after"}}`.
pub fn diff_json(before: &str, after: &str, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let limits = Limits::default();
        let ((requests, given, max_depth), _) = question(query_json, |r, v| r.diff(v))?;
        let (old, old_tree) = load_side(before, "before", &limits)?;
        let (new, new_tree) = load_side(after, "after", &limits)?;
        let requests = requests.unwrap_or_else(|| {
            probes_of(&[&old_tree, &new_tree])
                .into_iter()
                .map(|probe| DiffRequest {
                    mfa: given.mfa,
                    context: given.context.clone(),
                    ..DiffRequest::everyone(probe)
                })
                .collect()
        });
        let report = diff_models(&old, &new, &requests, max_depth, &mut |_, _| {});
        Ok(json!({ "result": report }))
    };
    run().unwrap_or_else(|e| e)
}

/// Loads one side, keeping its JSON tree for the request enumeration.
fn load_side<'t>(
    text: &'t str,
    side: &str,
    limits: &Limits,
) -> Result<(Model, json::JsonValue<'t>), Value> {
    let located = |diags: &[crate::diag::Diagnostic]| {
        let mut e = error_value(diags, text);
        if let Some(map) = e.as_object_mut() {
            map.insert("model".into(), json!(side));
        }
        json!({ "error": e })
    };
    let model = load_model_with(text, limits).map_err(|d| located(&d))?;
    let tree = json::parse(text, limits.json())
        .map_err(|e| located(&[crate::diag::Diagnostic::from_json_error(&e, "")]))?;
    Ok((model, tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = r#"{"accounts": {"111111111111": {"users": [{"name": "u",
        "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}]}}}]}}}"#;
    const AFTER: &str = r#"{"accounts": {"111111111111": {"users": [{"name": "u",
        "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": ["sqs:ListQueues", "sqs:SendMessage"], "Resource": "*"}]}}}]}}}"#;

    #[test]
    fn enumerated_changes_come_back_as_json() {
        let out = diff_json(BEFORE, AFTER, "{}");
        let r = &out["result"];
        assert_eq!(r["granted"], 1, "{out}");
        assert_eq!(
            r["principals"][0]["principal"],
            "arn:aws:iam::111111111111:user/u"
        );
        assert_eq!(r["principals"][0]["changes"][0]["kind"], "granted");
        assert_eq!(
            r["principals"][0]["changes"][0]["action"],
            "sqs:SendMessage"
        );
    }

    #[test]
    fn explicit_requests_are_asked_as_given() {
        let q = r#"{"requests": [{"principal": "u", "action": "sqs:SendMessage", "resource": "arn:aws:sqs:eu-west-1:111111111111:q"}]}"#;
        let out = diff_json(BEFORE, AFTER, q);
        assert_eq!(out["result"]["requests"], 1);
        assert_eq!(out["result"]["granted"], 1);
        let out = diff_json(BEFORE, BEFORE, q);
        assert_eq!(out["result"]["changed"], 0);
    }

    #[test]
    fn errors_name_the_side_and_the_place() {
        let out = diff_json(BEFORE, "{\"accounts\": [}", "{}");
        assert_eq!(out["error"]["model"], "after");
        assert_eq!(out["error"]["line"], 1);
        let out = diff_json(
            BEFORE,
            AFTER,
            r#"{"requests": [{"action": "s3:GetObject"}]}"#,
        );
        assert_eq!(out["error"]["code"], "missing-field");
        assert_eq!(out["error"]["path"], "/requests/0");
        let out = diff_json(BEFORE, AFTER, "[]");
        assert_eq!(out["error"]["code"], "wrong-type");
    }
}
