//! Hostile input: every case gives a located error or a correct answer, within a stated bound of
//! time (checked here) and memory (the inputs are built so that a quadratic blow-up would exceed the
//! time bound first). Limits are errors, never silent truncations.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::api::{decide_json, validate_json};
use iamsim_core::json::{self, JsonErrorKind, Limits};
use serde_json::Value;
mod common;
use common::within;
use std::time::Duration;

fn scenario(identity: &str, context: &str, resource: &str) -> String {
    format!(
        r#"{{"id":"h","principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"{resource}","context":{context},"identityPolicies":[{identity}]}}"#
    )
}

fn decision(result: &Value) -> &str {
    result["decision"]
        .as_str()
        .unwrap_or_else(|| panic!("expected a decision, got {result}"))
}

fn error_code(result: &Value) -> &str {
    result["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error, got {result}"))
}

#[test]
fn invalid_utf8_is_located() {
    let e = json::parse_bytes(b"{\"Statement\": \"\xc3\x28\"}", Limits::default()).unwrap_err();
    assert_eq!(e.kind, JsonErrorKind::InvalidUtf8);
    assert_eq!(e.offset, 15);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!(
        "\u{feff}{}",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#
    );
    assert_eq!(validate_json(&text, "identity")["valid"], true);
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let text = "[".repeat(1_000_000) + &"]".repeat(1_000_000);
    let r = within(Duration::from_secs(2), "1,000,000 nested arrays", || {
        decide_json(&text, false)
    });
    assert_eq!(error_code(&r), "json-too-deep");
    assert_eq!(r["error"]["line"], 1);
}

#[test]
fn a_100_mb_input_is_refused_with_its_size() {
    let text = format!("{{\"x\":\"{}\"}}", "a".repeat(100 * 1024 * 1024));
    let r = within(Duration::from_secs(2), "a 100 MB input", || {
        decide_json(&text, false)
    });
    assert_eq!(error_code(&r), "input-too-large");
    assert!(
        r["error"]["message"].as_str().unwrap().contains("33554432"),
        "{r}"
    );
}

#[test]
fn a_hundred_thousand_statements_decide_correctly_in_bounded_time() {
    let mut statements: Vec<String> = (0..100_000)
        .map(|i| format!(r#"{{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket-{i}/*"}}"#))
        .collect();
    statements.push(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::target/*"}"#.into(),
    );
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let text = scenario(&policy, "{}", "arn:aws:s3:::target/k");
    assert!(text.len() < 32 * 1024 * 1024);
    // Within the default limits (10,000 statements per policy), a located error, quickly.
    let r = within(Duration::from_secs(5), "100,000 statements", || {
        decide_json(&text, false)
    });
    assert_eq!(r["error"]["code"], "too-many-statements", "{r}");
    assert_eq!(r["error"]["path"], "/identityPolicies/0/Statement");
    // With the limit raised, the right answer within a bound.
    let raised = iamsim_core::limits::Limits {
        statements: 200_000,
        ..Default::default()
    };
    let r = within(Duration::from_secs(20), "100,000 statements", || {
        iamsim_core::api::decide_json_with(&text, false, &raised)
    });
    assert_eq!(decision(&r), "Allowed");
}

#[test]
fn a_10000_character_wildcard_pattern_matches_in_linear_time() {
    let pattern = "*a".repeat(5_000) + "*b";
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"StringLike":{{"s3:prefix":"{pattern}"}}}}}}}}"#
    );
    let long = "a".repeat(20_000);
    let text = scenario(&policy, &format!(r#"{{"s3:prefix":"{long}"}}"#), "*");
    let r = within(Duration::from_secs(5), "a 10,000-character pattern", || {
        decide_json(&text, false)
    });
    assert_eq!(
        decision(&r),
        "ImplicitDeny",
        "no `b`: the pattern cannot match"
    );
    let text = scenario(&policy, &format!(r#"{{"s3:prefix":"{long}b"}}"#), "*");
    let r = within(Duration::from_secs(5), "a 10,000-character pattern", || {
        decide_json(&text, false)
    });
    assert_eq!(decision(&r), "Allowed");
}

#[test]
fn a_huge_cidr_list_is_evaluated() {
    let cidrs: Vec<String> = (0..50_000)
        .map(|i| format!("\"10.{}.{}.0/24\"", (i / 256) % 256, i % 256))
        .collect();
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{{"IpAddress":{{"aws:SourceIp":[{}]}}}}}}}}"#,
        cidrs.join(",")
    );
    let hit = scenario(&policy, r#"{"aws:SourceIp":"10.195.79.7"}"#, "*");
    let miss = scenario(&policy, r#"{"aws:SourceIp":"11.0.0.1"}"#, "*");
    within(Duration::from_secs(10), "50,000 CIDRs", || {
        assert_eq!(decision(&decide_json(&hit, false)), "Allowed");
        assert_eq!(decision(&decide_json(&miss, false)), "ImplicitDeny");
    });
}

#[test]
fn dates_at_the_limits() {
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"0001-01-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"9999-12-31T23:59:59Z"}}}}"#;
    assert_eq!(
        decision(&decide_json(
            &scenario(policy, r#"{"aws:CurrentTime":"2025-06-15T12:00:00Z"}"#, "*"),
            false
        )),
        "Allowed"
    );
    // An unreadable context date never matches (and never panics).
    assert_eq!(
        decision(&decide_json(
            &scenario(policy, r#"{"aws:CurrentTime":"99999999999999999999"}"#, "*"),
            false
        )),
        "ImplicitDeny"
    );
    let bad = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2025-02-30"}}}}"#;
    let r = decide_json(&scenario(bad, "{}", "*"), false);
    assert_eq!(error_code(&r), "invalid-condition-value");
    assert!(r["error"]["path"]
        .as_str()
        .unwrap()
        .ends_with("/Condition/DateLessThan/aws:CurrentTime"));
}

#[test]
fn numbers_that_overflow_are_errors_not_wraparounds() {
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"1e400"}}}}"#;
    assert_eq!(
        error_code(&decide_json(&scenario(policy, "{}", "*"), false)),
        "invalid-condition-value"
    );
    let huge = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"100000000000000000000000000000000000000000"}}}}"#;
    assert_eq!(
        error_code(&decide_json(&scenario(huge, "{}", "*"), false)),
        "invalid-condition-value"
    );
    let ok = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":"1000"}}}}"#;
    let r = decide_json(
        &scenario(
            ok,
            r#"{"s3:max-keys":"999999999999999999999999999999999999999999"}"#,
            "*",
        ),
        false,
    );
    assert_eq!(
        decision(&r),
        "ImplicitDeny",
        "an unreadable context number never matches"
    );
}

#[test]
fn duplicate_keys_are_located_errors() {
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}}"#;
    let r = decide_json(&scenario(policy, "{}", "*"), false);
    assert_eq!(error_code(&r), "duplicate-key");
    assert_eq!(r["error"]["path"], "/identityPolicies/0/Statement/Effect");
}

#[test]
fn nul_bytes_are_data_not_terminators() {
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/a\u0000b"}}"#;
    assert_eq!(
        decision(&decide_json(
            &scenario(policy, "{}", "arn:aws:s3:::b/a\\u0000b"),
            false
        )),
        "Allowed"
    );
    assert_eq!(
        decision(&decide_json(
            &scenario(policy, "{}", "arn:aws:s3:::b/a"),
            false
        )),
        "ImplicitDeny"
    );
    // A raw NUL inside a JSON string is a control character: a located error.
    let raw = scenario(policy, "{}", "arn:aws:s3:::b/a\u{0}b");
    assert_eq!(error_code(&decide_json(&raw, false)), "json-syntax");
}

#[test]
fn keys_differing_only_in_case() {
    // Context keys are case-insensitive: two spellings of one key are a located error.
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
    let r = decide_json(
        &scenario(
            policy,
            r#"{"aws:SourceIp":"1.1.1.1","AWS:SOURCEIP":"2.2.2.2"}"#,
            "*",
        ),
        false,
    );
    assert_eq!(error_code(&r), "duplicate-key");
    assert_eq!(r["error"]["path"], "/context/AWS:SOURCEIP");
    // Element names are case-sensitive: `effect` is not `Effect`.
    let lower = r#"{"Version":"2012-10-17","Statement":{"effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
    let r = decide_json(&scenario(lower, "{}", "*"), false);
    assert_eq!(error_code(&r), "unknown-element");
    assert!(r["error"]["hint"].as_str().unwrap().contains("Effect"));
}

#[test]
fn random_bytes_never_panic() {
    // A cheap deterministic generator over mutated valid scenarios (cargo-fuzz goes further).
    let base = scenario(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalTag/t":"${aws:username}*"}}}}"#,
        r#"{"aws:PrincipalTag/t":"x"}"#,
        "*",
    );
    let bytes = base.as_bytes();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    within(Duration::from_secs(30), "20,000 mutations", || {
        for _ in 0..20_000 {
            let mut m = bytes.to_vec();
            for _ in 0..3 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state as usize) % m.len();
                m[at] = (state >> 32) as u8;
            }
            if let Ok(text) = std::str::from_utf8(&m) {
                let r = decide_json(text, true);
                assert!(r.get("decision").is_some() || r.get("error").is_some());
            }
        }
    });
}

/// A scenario whose identity policy allows everything (unless `field` is `identityPolicies`), with
/// `field` set to `value` (JSON text).
fn allow_all_with(field: &str, value: &str) -> String {
    let identity = if field == "identityPolicies" {
        ""
    } else {
        r#""identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}],"#
    };
    format!(
        r#"{{"id":"h","principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k",{identity}"{field}":{value}}}"#
    )
}

const DENY_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#;

#[test]
fn a_deny_all_document_of_the_wrong_shape_is_an_error_not_allowed() {
    // Issue #14: each of these used to be ignored, so the deny-all boundary gave Allowed.
    let as_string = serde_json::to_string(DENY_ALL).unwrap();
    let wrapped = format!("[{DENY_ALL}]");
    for field in ["permissionBoundary", "sessionPolicy", "resourcePolicy"] {
        for (shape, value, hint) in [
            ("wrapped in an array", wrapped.as_str(), "not an array"),
            ("as a JSON string", as_string.as_str(), "fromjson"),
            ("a number", "5", "JSON object"),
            ("a boolean", "false", "JSON object"),
        ] {
            let text = allow_all_with(field, value);
            let r = decide_json(&text, false);
            assert_eq!(error_code(&r), "wrong-type", "{field} {shape}: {r}");
            assert_eq!(r["error"]["path"], format!("/{field}"), "{field} {shape}");
            let column = r["error"]["column"].as_u64().unwrap() as usize;
            assert_eq!(
                text.get(column - 1..).unwrap().get(..value.len()),
                Some(value),
                "{field} {shape}: the column points at the value"
            );
            let got_hint = r["error"]["hint"].as_str().unwrap();
            assert!(got_hint.contains(hint), "{field} {shape}: {got_hint}");
        }
    }
}

#[test]
fn entries_and_levels_that_are_not_documents_are_errors() {
    for (field, value, path) in [
        ("identityPolicies", "[5]", "/identityPolicies/0"),
        ("identityPolicies", r#"["{}"]"#, "/identityPolicies/0"),
        ("identityPolicies", "[null]", "/identityPolicies/0"),
        (
            "identityPolicies",
            &format!("[[{DENY_ALL}]]"),
            "/identityPolicies/0",
        ),
        ("scps", &format!("[[{DENY_ALL}, 5]]"), "/scps/0/1"),
        ("scps", &format!("[{DENY_ALL}]"), "/scps/0"),
        ("rcps", "[5]", "/rcps/0"),
        ("rcps", "5", "/rcps"),
        ("scps", r#""[]""#, "/scps"),
    ] {
        let r = decide_json(&allow_all_with(field, value), false);
        assert_eq!(error_code(&r), "wrong-type", "{field}: {value}: {r}");
        assert_eq!(r["error"]["path"], path, "{field}: {value}");
        assert!(
            r["error"]["line"].is_u64() && r["error"]["hint"].is_string(),
            "{r}"
        );
    }
}

#[test]
fn null_is_refused_where_the_format_does_not_allow_it() {
    for field in ["id", "why", "federatedFrom", "action", "resource", "expect"] {
        let mut scenario =
            serde_json::json!({"principal": null, "action": "s3:GetObject", "resource": "*"});
        scenario[field] = Value::Null;
        let r = decide_json(&scenario.to_string(), false);
        assert_eq!(error_code(&r), "wrong-type", "{field}: {r}");
        assert_eq!(r["error"]["path"], format!("/{field}"), "{field}");
    }
}

#[test]
fn malformed_account_and_federating_user_are_errors() {
    let r = decide_json(&allow_all_with("resourceAccount", r#""22222""#), false);
    assert_eq!(error_code(&r), "invalid-account", "{r}");
    let r = decide_json(&allow_all_with("federatedFrom", r#""alice""#), false);
    assert_eq!(error_code(&r), "invalid-federated-from", "{r}");
}

#[test]
fn an_empty_principal_object_is_an_error_not_a_deny_of_no_one() {
    // `"Principal": {}` names no one: a Deny with it used to deny nobody (fail open).
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{},"Action":"*","Resource":"*"}]}"#;
    let r = decide_json(&allow_all_with("resourcePolicy", policy), false);
    assert_eq!(error_code(&r), "invalid-principal", "{r}");
    assert_eq!(r["error"]["path"], "/resourcePolicy/Statement/0/Principal");
    assert!(
        r["error"]["hint"].as_str().unwrap().contains("\"*\""),
        "{r}"
    );
}
