//! `diff_json`: what-if between two account models, as JSON (the CLI's `iamsim diff` and the wasm
//! `diff` export).

use super::model::{question, LoadedModel};
use crate::diff::{diff_models, DiffRequest};
use serde_json::{json, Value};

/// `before` / `after`: model JSON texts. `query_json`: `{"requests"?: [{"principal"?, "action",
/// "resource", "context"?, "mfa"?}], "mfa"?, "context"?, "maxDepth"?}`; without `requests`, every
/// action × resource the models name (docs/diff.md). Returns `{"result": DiffReport}` or
/// `{"error": {…, "model": "before"|"after"}}`.
pub fn diff_json(before: &str, after: &str, query_json: &str) -> Value {
    diff_json_loading(query_json, |side| {
        let text = if side == "before" { before } else { after };
        LoadedModel::load(text.to_owned())
    })
}

/// [`diff_json`] with the models from `load` (called with `"before"`, then `"after"`, once each,
/// after the question is read): a caller asking many diffs of the same text loads it once. `load`
/// returns the loaded model or the entry points' `{"error": …}`, which gets the side's name.
pub fn diff_json_loading<M: std::borrow::Borrow<LoadedModel>>(
    query_json: &str,
    mut load: impl FnMut(&'static str) -> Result<M, Value>,
) -> Value {
    let mut side = |name: &'static str| {
        load(name).map_err(|mut e| {
            if let Some(map) = e.get_mut("error").and_then(Value::as_object_mut) {
                map.insert("model".into(), json!(name));
            }
            e
        })
    };
    let mut run = || -> Result<Value, Value> {
        let ((requests, given, max_depth, edges), _) = question(query_json, |r, v| r.diff(v))?;
        let old = side("before")?;
        let old: &LoadedModel = old.borrow();
        let new = side("after")?;
        let new: &LoadedModel = new.borrow();
        let requests = requests.unwrap_or_else(|| {
            // Both sides' requests in order, as one set.
            let mut probes = old.probes().clone();
            probes.extend(new.probes().iter().cloned());
            probes
                .into_iter()
                .map(|probe| DiffRequest {
                    mfa: given.mfa,
                    context: given.context.clone(),
                    ..DiffRequest::everyone(probe)
                })
                .collect()
        });
        let report = diff_models(
            old.model(),
            new.model(),
            &requests,
            max_depth,
            edges,
            &mut |_, _| {},
        );
        Ok(json!({ "result": report }))
    };
    run().unwrap_or_else(|e| e)
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
