//! End-to-end tests of `iamsim test` through the real binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::*;
use predicates::prelude::*;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/access-tests.json");

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("iamsim-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `iamsim test FILE`, which must exit 1 (a test failed); its stdout.
fn failing_run(file: &std::path::Path) -> String {
    let out = iamsim()
        .args(["test", file.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .assert()
        .code(1);
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

/// A test file `t.json` in a fresh folder beside a copy of the question-corpus model `model`
/// (as `model.json`), holding `tests` (the file's JSON text).
fn tests_beside_model(name: &str, model: &str, tests: &str) -> std::path::PathBuf {
    let dir = temp(name);
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/questions/models")
            .join(model),
    )
    .unwrap();
    std::fs::write(dir.join("model.json"), text).unwrap();
    let file = dir.join("t.json");
    std::fs::write(&file, tests).unwrap();
    file
}

#[test]
fn the_shipped_example_passes_and_writes_junit() {
    let junit = temp("ok").join("junit.xml");
    let out = iamsim()
        .args(["test", EXAMPLE, "--junit", junit.to_str().unwrap()])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let last = stdout.lines().last().unwrap();
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 8);
    assert_eq!(last, format!("{passed} passed, 0 failed"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.starts_with("<?xml"));
    assert!(xml.contains(&format!("tests=\"{passed}\" failures=\"0\" errors=\"0\"")));
}

#[test]
fn a_failing_expectation_exits_1_with_the_summary_and_junit_failure() {
    let dir = temp("fail");
    let file = dir.join("t.json");
    std::fs::write(
        &file,
        r#"{"tests": [
          {"name": "bob deploys", "assume": {"principal": "bob", "role": "222222222222:role/Deploy"}, "expect": "allowed"},
          {"name": "dave reads", "principal": "dave", "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/x", "expect": "allowed"},
          {"name": "only the data account", "noneOutside": {"accounts": ["555555555555"], "action": "s3:GetObject", "resource": "arn:aws:s3:::acme-data-lake/x"}},
          {"name": "deploy needs no MFA", "onlyWithMfa": {"principal": "GitHubDeploy", "role": "222222222222:role/Deploy"}},
          {"name": "typo", "principal": "dav", "action": "s3:GetObject", "resource": "*", "expect": "denied"}
        ]}"#,
    )
    .unwrap();
    let junit = dir.join("junit.xml");
    let out = iamsim()
        .args([
            "test",
            file.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(stdout.lines().last().unwrap(), "1 passed, 4 failed");
    assert!(stdout.contains("FAIL bob deploys"));
    assert!(stdout.contains("expected allowed, got ImplicitDeny"));
    assert!(stdout.contains("user/data/dave directly"), "{stdout}");
    assert!(stdout.contains("allowed without MFA too"));
    assert!(stdout.contains("did you mean"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("tests=\"5\" failures=\"3\" errors=\"1\""),
        "{xml}"
    );
    assert!(xml.contains("<failure message=\"expected allowed"));
}

#[test]
fn the_model_path_is_relative_to_the_test_file() {
    let dir = temp("model");
    std::fs::write(
        dir.join("org.json"),
        r#"{"accounts": {"123456789012": {"users": [{"name": "solo", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}}]}}}"#,
    )
    .unwrap();
    let file = dir.join("t.json");
    std::fs::write(
        &file,
        r#"{"model": "org.json", "tests": [
          {"name": "solo reads", "principal": "solo", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"},
          {"name": "solo cannot write", "principal": "solo", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k", "expect": "implicitDeny"}
        ]}"#,
    )
    .unwrap();
    iamsim()
        .args(["test", file.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("2 passed, 0 failed\n"));
}

#[test]
fn a_malformed_test_file_exits_2() {
    let dir = temp("bad");
    let file = dir.join("t.json");
    std::fs::write(
        &file,
        r#"{"tests": [{"name": "x", "principal": "alice", "expect": "allowed"}]}"#,
    )
    .unwrap();
    iamsim()
        .args(["test", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[missing-field]"))
        .stderr(predicate::str::contains("t.json:1:12"))
        .stderr(predicate::str::contains("(at /tests/0)"));
    std::fs::write(
        &file,
        r#"{"tests": [{"name": "x", "onlyWithMfa": {"principal": "alice"}}]}"#,
    )
    .unwrap();
    iamsim()
        .args(["test", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`role`"))
        .stderr(predicate::str::contains("(at /tests/0/onlyWithMfa)"));
    // Every wrong type is a located error with its JSON path and a hint (issue #14).
    for (body, code, path) in [
        (
            r#"{"tests": [{"name": "x", "principal": 5, "action": "s3:GetObject", "resource": "*", "expect": "allowed"}]}"#,
            "wrong-type",
            "/tests/0/principal",
        ),
        (
            r#"{"tests": [{"name": "x", "principal": "alice", "action": "s3:GetObject", "resource": "*", "expect": "alowed"}]}"#,
            "invalid-expect",
            "/tests/0/expect",
        ),
        (
            r#"{"tests": [{"name": "x", "principal": "alice", "action": "s3:GetObject", "resource": "*", "expect": "allowed", "mfa": "true"}]}"#,
            "wrong-type",
            "/tests/0/mfa",
        ),
        (
            r#"{"context": {"aws:SourceIp": 5}, "tests": []}"#,
            "wrong-type",
            "/context/aws:SourceIp",
        ),
        (
            r#"{"tests": [{"name": "x", "assume": {"principal": "alice", "role": "Deploy", "durationSeconds": "1h"}, "expect": "allowed"}]}"#,
            "wrong-type",
            "/tests/0/assume/durationSeconds",
        ),
        (
            r#"{"tests": [{"name": "x", "noneOutside": {"accounts": "111111111111", "action": "s3:GetObject", "resource": "*"}}]}"#,
            "wrong-type",
            "/tests/0/noneOutside/accounts",
        ),
        (r#"{"tests": {"name": "x"}}"#, "wrong-type", "/tests"),
        (
            r#"{"tests": [], "modle": "m.json"}"#,
            "unknown-field",
            "/modle",
        ),
    ] {
        std::fs::write(&file, body).unwrap();
        iamsim()
            .args(["test", file.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("error[{code}]")))
            .stderr(predicate::str::contains(format!("(at {path})")));
    }
}

/// `noneOutside` must fail when an account the model does not hold can get in: here a vendor
/// account named in a trust policy (with the ExternalId it was given), which reads the logs
/// through the role. Before who-can listed outsiders, this test passed falsely.
#[test]
fn none_outside_fails_for_an_account_a_trust_policy_names_outside_the_model() {
    let file = tests_beside_model(
        "outside",
        "outside.json",
        r#"{"model": "model.json", "tests": [
          {"name": "nobody outside reads prod logs", "noneOutside": {"accounts": ["111111111111"], "action": "logs:GetLogEvents", "resource": "arn:aws:logs:eu-west-1:111111111111:log-group:prod"}},
          {"name": "nobody outside assumes OrgOnly", "noneOutside": {"accounts": ["111111111111"], "action": "sts:AssumeRole", "resource": "arn:aws:iam::111111111111:role/OrgOnly"}}
        ]}"#,
    );
    let stdout = failing_run(&file);
    assert_eq!(
        stdout.lines().last().unwrap(),
        "1 passed, 1 failed",
        "{stdout}"
    );
    assert!(
        stdout.contains("FAIL nobody outside reads prod logs"),
        "{stdout}"
    );
    assert!(
        stdout.contains("arn:aws:iam::999988887777:root"),
        "{stdout}"
    );
}

/// A test file or a diff model that is not UTF-8 is a located error naming the file, not an I/O
/// message (issue #14).
#[test]
fn inputs_that_are_not_utf8_are_located() {
    let dir = temp("utf8");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, b"{\"tests\": [\xff]}").unwrap();
    iamsim()
        .args(["test", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.json:1:12: error[invalid-utf8]",
        ));
    let utf16 = dir.join("utf16.json");
    std::fs::write(&utf16, b"\xff\xfe{\x00}\x00").unwrap();
    iamsim()
        .args([
            "diff",
            "--before",
            utf16.to_str().unwrap(),
            "--after",
            utf16.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("utf16.json:1:1: error[utf16-bom]"));
}

/// Access tests can expect a condition: "allowed only from the office network with MFA", or
/// "denied whatever the context holds". Each must also fail when the policy says otherwise.
#[test]
fn conditional_expectations_pass_and_fail_on_the_formula() {
    let file = tests_beside_model(
        "conditional",
        "conditional.json",
        r#"{"model": "model.json", "tests": [
          {"name": "reports only from the office with MFA", "principal": "erin", "action": "s3:GetObject", "resource": "arn:aws:s3:::corp-reports/q1.csv",
           "expect": "conditional", "condition": "aws:SourceIp in 10.0.0.0/8 and aws:MultiFactorAuthPresent = true"},
          {"name": "vendor only with its ExternalId", "principal": "vera", "action": "sts:AssumeRole", "resource": "180000000000:role/Vendor",
           "unknown": ["sts:ExternalId"], "expect": "conditional", "condition": "sts:ExternalId = ext-42"},
          {"name": "wrong formula fails", "principal": "erin", "action": "s3:GetObject", "resource": "arn:aws:s3:::corp-reports/q1.csv",
           "expect": "conditional", "condition": "aws:SourceIp in 10.0.0.0/8"},
          {"name": "allowed whatever the context fails", "principal": "erin", "action": "s3:GetObject", "resource": "arn:aws:s3:::corp-reports/q1.csv",
           "unknown": ["*"], "expect": "allowed"}
        ]}"#,
    );
    let stdout = failing_run(&file);
    assert_eq!(
        stdout.lines().last().unwrap(),
        "2 passed, 2 failed",
        "{stdout}"
    );
    assert!(stdout.contains("FAIL wrong formula fails"), "{stdout}");
    assert!(
        stdout.contains("expected allowed only if aws:SourceIp in 10.0.0.0/8, got allowed only if aws:SourceIp in 10.0.0.0/8 and aws:MultiFactorAuthPresent = true"),
        "{stdout}"
    );
    assert!(
        stdout.contains("FAIL allowed whatever the context fails"),
        "{stdout}"
    );
    assert!(
        stdout.contains("expected allowed whatever they hold"),
        "{stdout}"
    );

    // `condition` belongs to a conditional expectation.
    std::fs::write(
        &file,
        r#"{"model": "model.json", "tests": [
          {"name": "x", "principal": "erin", "action": "s3:GetObject", "resource": "*", "expect": "allowed", "condition": "aws:SourceIp in 10.0.0.0/8"}
        ]}"#,
    )
    .unwrap();
    iamsim()
        .args(["test", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[invalid-test]"))
        .stderr(predicate::str::contains("(at /tests/0/condition)"));
}
