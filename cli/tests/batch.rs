//! End-to-end tests of `iamsim batch` through the real binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

use assert_cmd::Command;
use serde_json::Value;

fn iamsim() -> Command {
    Command::cargo_bin("iamsim").unwrap()
}

fn results(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_example_scenarios_decide_as_expected() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scenarios.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let expected: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let out = iamsim().args(["batch", path]).assert().success();
    let got = results(&out.get_output().stdout);
    assert_eq!(got.len(), expected.len());
    for (e, g) in expected.iter().zip(&got) {
        assert_eq!(g["id"], e["id"]);
        assert_eq!(g["decision"], e["expect"], "{}", e["id"]);
    }
}

#[test]
fn a_broken_line_yields_an_error_result_and_the_stream_goes_on() {
    let good = r#"{"id":"ok","principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]}"#;
    let bad_json = r#"{"id":"broken","principal":"#;
    let bad_policy = r#"{"id":"typo","principal":null,"action":"s3:GetObject","resource":"*","identityPolicies":[{"Statement":{"Effect":"Alow","Action":"s3:*","Resource":"*"}}]}"#;
    let input = format!("{good}\n{bad_json}\n\n{bad_policy}\n{good}\n");
    let out = iamsim().arg("batch").write_stdin(input).assert().success();
    let got = results(&out.get_output().stdout);
    assert_eq!(got.len(), 4, "one result per non-empty line");
    assert_eq!(got[0]["decision"], "Allowed");
    assert_eq!(got[1]["error"]["code"], "json-syntax");
    assert_eq!(got[2]["id"], "typo");
    assert_eq!(got[2]["error"]["code"], "invalid-effect");
    assert_eq!(
        got[2]["error"]["path"],
        "/identityPolicies/0/Statement/Effect"
    );
    assert_eq!(got[2]["error"]["line"], 1);
    assert!(got[2]["error"]["hint"].as_str().unwrap().contains("Allow"));
    assert_eq!(got[3]["decision"], "Allowed");
}

#[test]
fn explain_adds_the_trace() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scenarios.jsonl");
    let out = iamsim()
        .args(["batch", "--explain", path])
        .assert()
        .success();
    let got = results(&out.get_output().stdout);
    let deny = got
        .iter()
        .find(|r| r["id"] == "scp-region-deny-us-east-1")
        .unwrap();
    let trace = &deny["trace"];
    assert_eq!(trace["decision"], "ExplicitDeny");
    assert!(trace["reason"]
        .as_str()
        .unwrap()
        .contains("service control policy"));
    let hit = trace["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["effect"] == "Deny")
        .unwrap();
    assert_eq!(hit["policy"], "scps[1][1]");
    let no_mfa = got
        .iter()
        .find(|r| r["id"] == "devops-assume-prod-deploy-no-mfa")
        .unwrap();
    assert_eq!(
        no_mfa["trace"]["missingContextValues"][0],
        "aws:MultiFactorAuthPresent"
    );
}

#[test]
fn a_missing_file_is_bad_input() {
    iamsim()
        .args(["batch", "/nonexistent/file.jsonl"])
        .assert()
        .code(2);
}
