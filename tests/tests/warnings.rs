//! Decisions carry warnings (issue #14): an unknown action or a malformed value of a well-known
//! context key is decided as given, and the result says why the answer is suspect.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::api::{decide_batch_line, decide_json};
use iamsim_core::limits::Limits;
use serde_json::Value;

fn scenario(action: &str, context: &str) -> String {
    format!(
        r#"{{"id":"w","principal":"arn:aws:iam::111111111111:user/a","action":"{action}","resource":"*","context":{context},"identityPolicies":[{{"Statement":{{"Effect":"Allow","Action":"sts:*","Resource":"*"}}}}]}}"#
    )
}

#[test]
fn an_unknown_action_is_decided_with_a_located_warning() {
    let text = scenario("sts:GetCallerIdentty", "{}");
    let r = decide_json(&text, false);
    assert_eq!(r["decision"], "Allowed", "{r}");
    let w = &r["warnings"][0];
    assert_eq!(w["code"], "unknown-action");
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["path"], "/action");
    let column = w["column"].as_u64().unwrap() as usize;
    assert!(
        text.get(column - 1..)
            .unwrap()
            .starts_with("\"sts:GetCallerIdentty\""),
        "{w}"
    );
    assert!(
        w["hint"]
            .as_str()
            .unwrap()
            .contains("sts:GetCallerIdentity"),
        "{w}"
    );
}

#[test]
fn malformed_context_values_are_warned_about_where_they_are() {
    let context = r#"{"aws:SourceIp":"999.1.2.3","aws:MultiFactorAuthAge":"five minutes","aws:SourceAccount":"22222"}"#;
    let r = decide_json(&scenario("sts:GetCallerIdentity", context), true);
    assert_eq!(r["decision"], "Allowed", "{r}");
    assert!(r["trace"].is_object(), "the trace stays: {r}");
    let paths: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/context/aws:SourceIp",
            "/context/aws:MultiFactorAuthAge",
            "/context/aws:SourceAccount"
        ]
    );
}

#[test]
fn a_clean_scenario_has_no_warnings_field() {
    let r = decide_json(
        &scenario("sts:GetCallerIdentity", r#"{"aws:SourceIp":"203.0.113.9"}"#),
        false,
    );
    assert_eq!(
        r,
        serde_json::json!({"id": "w", "decision": "Allowed"}),
        "results of clean scenarios are unchanged"
    );
}

#[test]
fn batch_scenario_lines_pass_warnings_through() {
    let line = scenario("s4:GetObject", "{}");
    let r = decide_batch_line(&line, false, &Limits::default(), || {
        Err(Value::Null) // a scenario line never needs the model
    });
    assert_eq!(r["warnings"][0]["code"], "unknown-service", "{r}");
}
