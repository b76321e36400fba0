//! End-to-end tests of `iamsim check` through the real binary.
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

const DEPLOY: &str = "arn:aws:iam::222222222222:role/Deploy";
const LAKE_OBJECT: &str = "arn:aws:s3:::acme-data-lake/reports/q3.csv";

#[test]
fn alice_with_mfa_may_assume_deploy_and_exit_0() {
    iamsim()
        .args(["check", "alice", "sts:AssumeRole", DEPLOY, "--mfa"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("Allowed"))
        .stdout(predicate::str::contains("aws:MultiFactorAuthPresent=true"));
}

#[test]
fn alice_without_mfa_is_denied_and_exit_1() {
    let out = iamsim()
        .args([
            "check",
            "alice",
            "sts:AssumeRole",
            DEPLOY,
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    let v = json(&out.get_output().stdout);
    assert_eq!(v["decision"], "ImplicitDeny");
    assert_eq!(v["allowed"], false);
    assert_eq!(v["principal"], "arn:aws:iam::111111111111:user/ops/alice");
}

#[test]
fn a_short_role_name_is_accepted_as_the_resource_of_assume_role() {
    iamsim()
        .args([
            "check",
            "alice",
            "sts:AssumeRole",
            "222222222222:role/Deploy",
            "--mfa",
        ])
        .assert()
        .code(0);
}

#[test]
fn explain_locates_every_statement_in_the_model() {
    let out = iamsim()
        .args([
            "check",
            "dave",
            "s3:GetObject",
            LAKE_OBJECT,
            "--explain",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    let statements = v["explain"]["statements"].as_array().unwrap();
    let bucket = statements
        .iter()
        .find(|s| s["sid"] == "AnalystsRead")
        .expect("the bucket policy statement applied");
    assert_eq!(bucket["policyType"], "resource");
    assert_eq!(bucket["inModel"], true);
    let line = bucket["line"].as_u64().unwrap() as usize;
    let model = include_str!("../../core/data/example-org.json");
    assert!(model
        .lines()
        .nth(line - 1)
        .unwrap()
        .trim_start()
        .starts_with('{'));
    assert!(bucket["text"]
        .as_str()
        .unwrap()
        .contains("\"AnalystsRead\""));
    // The implied FullAWSAccess is not in the model file: no invented line.
    let implied = statements
        .iter()
        .find(|s| s["policy"] == "FullAWSAccess")
        .unwrap();
    assert_eq!(implied["inModel"], false);
    assert!(implied["line"].is_null());
    let types = v["explain"]["policyTypes"].as_array().unwrap();
    assert!(types
        .iter()
        .any(|t| t["policyType"] == "resource" && t["verdict"] == "allow"));
}

#[test]
fn explain_in_human_form_quotes_the_statement_lines() {
    iamsim()
        .args(["check", "dave", "s3:GetObject", LAKE_OBJECT, "--explain"])
        .env("NO_COLOR", "1")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("policy types:"))
        .stdout(predicate::str::contains("[AnalystsRead] at <example-org>:"))
        .stdout(predicate::str::contains("| ").and(predicate::str::contains("\x1b[").not()));
}

#[test]
fn the_region_defaults_to_the_resource_arn_and_is_reported() {
    let out = iamsim()
        .args([
            "check",
            "222222222222:role/Deploy",
            "ecs:UpdateService",
            "arn:aws:ecs:eu-west-1:222222222222:service/prod/web",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    let region = fact(&v, "aws:RequestedRegion").unwrap();
    assert_eq!(region["value"], "eu-west-1");
    assert_eq!(region["source"], "resource-arn");
}

#[test]
fn a_given_context_wins_over_the_default_region() {
    // The organization denies regions outside the EU.
    iamsim()
        .args([
            "check",
            "222222222222:role/Deploy",
            "ecs:UpdateService",
            "arn:aws:ecs:eu-west-1:222222222222:service/prod/web",
            "--context",
            "aws:RequestedRegion=us-east-1",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("ExplicitDeny"));
}

#[test]
fn an_unknown_principal_suggests_the_close_name_and_exits_2() {
    iamsim()
        .args(["check", "alcie", "s3:GetObject", "*"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no user or role `alcie`"))
        .stderr(predicate::str::contains(
            "did you mean `arn:aws:iam::111111111111:user/ops/alice`",
        ));
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    iamsim()
        .args(["check", "Deploy", "s3:GetObject", "*"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "arn:aws:iam::223333333333:role/Deploy",
        ));
}

#[test]
fn a_broken_context_flag_exits_2() {
    iamsim()
        .args([
            "check",
            "alice",
            "s3:GetObject",
            "*",
            "--context",
            "aws:SourceIp",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not of the form key=value"));
}

#[test]
fn a_malformed_model_is_located_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("iamsim-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        "{\n  \"accounts\": {\n    \"111111111111\": {\n      \"users\": [{\"name\": \"x\", \"inlinePolicies\": {\"p\": {\"Statement\": {\"Effect\": \"Alow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}}}]\n    }\n  }\n}\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    iamsim()
        .args(["check", "x", "s3:GetObject", "*", "--model", file])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{file}:4:")))
        .stderr(predicate::str::contains("error[invalid-effect]"))
        .stderr(predicate::str::contains(
            "/accounts/111111111111/users/0/inlinePolicies/p/Statement/Effect",
        ))
        .stderr(predicate::str::contains("hint:"));
}

#[test]
fn a_missing_model_file_exits_2() {
    iamsim()
        .args([
            "check",
            "x",
            "s3:GetObject",
            "*",
            "--model",
            "/nonexistent/model.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/model.json"))
        .stderr(predicate::str::contains("cannot read"));
}
