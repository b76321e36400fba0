//! End-to-end tests of `iamsim batch` through the real binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::*;
use serde_json::Value;

#[test]
fn the_example_scenarios_decide_as_expected() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scenarios.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let expected: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let out = iamsim().args(["batch", path]).assert().success();
    let got = json_lines(&out.get_output().stdout);
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
    // Every line is answered, but a run with lines that are errors fails (exit 2), naming the first.
    let out = iamsim().arg("batch").write_stdin(input).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("2 input line(s) could not be decided (the first at <stdin>:2)"),
        "{stderr}"
    );
    let got = json_lines(&out.get_output().stdout);
    assert_eq!(got.len(), 4, "one result per non-empty line");
    assert_eq!(got[0]["decision"], "Allowed");
    assert_eq!(got[1]["error"]["code"], "json-syntax");
    assert_eq!(got[2]["id"], "typo");
    assert_eq!(got[2]["error"]["code"], "invalid-effect");
    assert_eq!(
        got[2]["error"]["path"],
        "/identityPolicies/0/Statement/Effect"
    );
    // The line of the input (line 3 is blank), not of the line's own text.
    assert_eq!(got[1]["error"]["line"], 2);
    assert_eq!(got[2]["error"]["line"], 4);
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
    let got = json_lines(&out.get_output().stdout);
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

#[test]
fn request_lines_are_decided_against_the_model_and_mix_with_scenarios() {
    let scenario = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/scenarios.jsonl"
    ))
    .unwrap();
    let first_scenario = scenario.lines().next().unwrap();
    let input = format!(
        "{}\n{}\n{}\n{}\n",
        r#"{"id": "r1", "principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv"}"#,
        first_scenario,
        r#"{"id": "r2", "principal": "davee", "action": "s3:GetObject", "resource": "*"}"#,
        r#"{"id": "r3", "principal": "dave", "action": "s3:DeleteObject", "resource": "arn:aws:s3:::acme-data-lake/report.csv"}"#,
    );
    // r2 names nobody in the model: an error line, so the run exits 2.
    let out = iamsim().arg("batch").write_stdin(input).assert().code(2);
    let results = json_lines(&out.get_output().stdout);
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["id"], "r1");
    assert_eq!(results[0]["decision"], "Allowed");
    assert_eq!(
        results[0]["principal"],
        "arn:aws:iam::111111111111:user/data/dave"
    );
    assert!(results[1].get("decision").is_some(), "{}", results[1]);
    assert_eq!(results[2]["id"], "r2");
    assert_eq!(results[2]["error"]["code"], "unknown-principal");
    assert!(results[2]["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("dave"));
    assert_eq!(results[3]["decision"], "ImplicitDeny");
}

#[test]
fn request_lines_use_the_named_model() {
    let dir = temp_dir("batch");
    let model = dir.join("model.json");
    std::fs::write(
        &model,
        r#"{"accounts": {"123456789012": {"users": [{"name": "solo", "inlinePolicies": {"all": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}}}]}}}"#,
    )
    .unwrap();
    let input = r#"{"id": 1, "principal": "solo", "action": "sqs:SendMessage", "resource": "arn:aws:sqs:us-east-1:123456789012:q"}
{"id": 2, "principal": "dave", "action": "s3:GetObject", "resource": "*"}
"#;
    let out = iamsim()
        .args(["batch", "--explain", "--model", model.to_str().unwrap()])
        .write_stdin(input)
        .assert()
        .code(2);
    let results = json_lines(&out.get_output().stdout);
    assert_eq!(results[0]["decision"], "Allowed");
    assert_eq!(
        results[0]["principal"],
        "arn:aws:iam::123456789012:user/solo"
    );
    let types = results[0]["explain"]["policyTypes"].as_array().unwrap();
    assert!(types
        .iter()
        .any(|t| t["policyType"] == "identity" && t["verdict"] == "allow"));
    assert!(results[0]["reason"].as_str().unwrap().contains("allow"));
    // The statements are located in the model file, exactly as `check --explain` locates them.
    let statement = &results[0]["explain"]["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["policyType"] == "identity")
        .unwrap()
        .clone();
    assert_eq!(statement["inModel"], true, "{statement}");
    assert_eq!(statement["line"], 1, "{statement}");
    assert!(
        statement["text"].as_str().unwrap().contains("sqs:*"),
        "{statement}"
    );
    // `dave` lives in the example organization, not in this model.
    assert_eq!(results[1]["error"]["code"], "unknown-principal");
}

#[test]
fn a_broken_model_stops_the_run_with_its_location() {
    let dir = temp_dir("batch");
    let model = dir.join("broken.json");
    std::fs::write(&model, "{\"accounts\": {\"1\": [}}").unwrap();
    iamsim()
        .args(["batch", "--model", model.to_str().unwrap()])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("broken.json:1:"));
}

#[test]
fn piped_runs_draw_no_progress_bar() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scenarios.jsonl");
    iamsim()
        .args(["batch", path])
        .assert()
        .success()
        .stderr(predicates::str::is_empty());
}

#[test]
fn a_terminal_gets_a_progress_bar_on_stderr() {
    // `script` (util-linux) runs the command on a pseudo-terminal; stdout goes to /dev/null, so
    // what it captures is stderr.
    let bin = assert_cmd::cargo::cargo_bin("iamsim");
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scenarios.jsonl");
    let command = format!("{} batch {input} > /dev/null", bin.display());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("the `script` command of util-linux is needed for this test");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("deciding ["), "no progress bar: {text:?}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `head -1` closes the pipe after one line; iamsim must stop quietly, not panic.
    let bin = assert_cmd::cargo::cargo_bin("iamsim");
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/scenarios.jsonl");
    let script = format!(
        "for i in $(seq 400); do cat {input}; done | {} batch | head -1 >/dev/null; echo \"${{PIPESTATUS[1]}}\"",
        bin.display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0", "{stderr}");
}
