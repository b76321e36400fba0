//! End-to-end tests of `iamsim who-can` through the real binary.
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

const LAKE_OBJECT: &str = "arn:aws:s3:::acme-data-lake/reports/q3.csv";

#[test]
fn only_dave_reads_the_data_lake() {
    let out = iamsim()
        .args([
            "who-can",
            "s3:GetObject",
            LAKE_OBJECT,
            "--mfa",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    let principals: Vec<&str> = v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["principal"].as_str().unwrap())
        .collect();
    assert!(principals.contains(&"arn:aws:iam::111111111111:user/data/dave"));
    assert!(!principals.iter().any(|p| p.contains("user/dev/carol")));
}

#[test]
fn deployers_reach_ecs_through_chains() {
    let out = iamsim()
        .args([
            "who-can",
            "ecs:UpdateService",
            "arn:aws:ecs:eu-west-1:222222222222:service/prod/web",
            "--mfa",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    let alice = v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["principal"] == "arn:aws:iam::111111111111:user/ops/alice")
        .expect("alice through a role");
    assert!(!alice["chain"].as_array().unwrap().is_empty());
}

#[test]
fn nobody_is_exit_1() {
    // An account outside the model with no resource policy: cross-account access cannot work.
    iamsim()
        .args([
            "who-can",
            "ecs:DeleteCluster",
            "arn:aws:ecs:eu-west-1:888888888888:cluster/x",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("0 identities"));
}

#[test]
fn a_malformed_action_and_a_broken_model_exit_2() {
    iamsim()
        .args(["who-can", "s3GetObject", "*"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("service:Action"));
    let path = std::env::temp_dir().join(format!("iamsim-whocan-{}.json", std::process::id()));
    std::fs::write(&path, "{\"accounts\": ").unwrap();
    iamsim()
        .args([
            "who-can",
            "s3:GetObject",
            "*",
            "--model",
            path.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[json-syntax]"));
}
