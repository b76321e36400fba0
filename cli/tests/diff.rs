//! End-to-end tests of `iamsim diff` through the real binary.
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

const BEFORE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/diff/before.json");
const AFTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/diff/after.json");
const PROD_WEB: &str = "arn:aws:ecs:eu-west-1:222222222222:service/prod/web";

#[test]
fn opening_prod_deploy_to_dev_is_reported_per_principal_and_exits_1() {
    let out = iamsim()
        .args([
            "diff", "--before", BEFORE, "--after", AFTER, "--format", "json",
        ])
        .assert()
        .code(1);
    let v = json(&out.get_output().stdout);
    let r = &v["result"];
    assert_eq!(r["revoked"], 0);
    assert_eq!(r["granted"], 8);
    let principals: Vec<&str> = r["principals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["principal"].as_str().unwrap())
        .collect();
    assert_eq!(
        principals,
        [
            "arn:aws:iam::111111111111:role/Developer",
            "arn:aws:iam::111111111111:user/developers/dana"
        ]
    );
    let dana = &r["principals"][1]["changes"];
    let deploy = dana
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "ecs:UpdateService" && c["resource"] == PROD_WEB)
        .unwrap();
    assert_eq!(deploy["kind"], "granted");
    assert_eq!(deploy["before"], serde_json::Value::Null);
    assert_eq!(
        deploy["after"]["chain"][0],
        "arn:aws:iam::222222222222:role/Deploy"
    );
}

#[test]
fn human_output_marks_new_grants_and_their_chain() {
    iamsim()
        .args(["diff", "--before", BEFORE, "--after", AFTER])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "8 changes (8 newly granted, 0 revoked)",
        ))
        .stdout(predicate::str::contains(format!(
            "+ ecs:UpdateService on {PROD_WEB}  via arn:aws:iam::222222222222:role/Deploy"
        )));
}

#[test]
fn the_reverse_diff_revokes_and_no_change_exits_0() {
    let out = iamsim()
        .args([
            "diff", "--before", AFTER, "--after", BEFORE, "--format", "json",
        ])
        .assert()
        .code(1);
    let v = json(&out.get_output().stdout);
    assert_eq!(
        (
            v["result"]["granted"].as_u64(),
            v["result"]["revoked"].as_u64()
        ),
        (Some(0), Some(8))
    );
    iamsim()
        .args(["diff", "--before", BEFORE, "--after", BEFORE])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 changes"));
}

#[test]
fn explicit_requests_from_json_lines_and_stdin() {
    let dir = temp_dir("diff");
    let requests = dir.join("requests.jsonl");
    std::fs::write(
        &requests,
        format!(
            "{{\"principal\": \"dana\", \"action\": \"ecs:UpdateService\", \"resource\": \"{PROD_WEB}\"}}\n\n{{\"principal\": \"GitHubActions\", \"action\": \"ecs:UpdateService\", \"resource\": \"{PROD_WEB}\"}}\n"
        ),
    )
    .unwrap();
    let out = iamsim()
        .args([
            "diff", "--before", "-", "--after", AFTER, "--format", "json",
        ])
        .arg("--requests")
        .arg(&requests)
        .write_stdin(std::fs::read_to_string(BEFORE).unwrap())
        .assert()
        .code(1);
    let v = json(&out.get_output().stdout);
    assert_eq!(v["before"], "<stdin>");
    assert_eq!(v["result"]["requests"], 2);
    assert_eq!(v["result"]["granted"], 1, "only dana changes: {v}");
}

#[test]
fn bad_input_exits_2_with_its_location() {
    let dir = temp_dir("diff-bad");
    let broken = dir.join("broken.json");
    std::fs::write(
        &broken,
        "{\"accounts\": {\"111111111111\": {\"userz\": []}}}",
    )
    .unwrap();
    iamsim()
        .args(["diff", "--before", BEFORE, "--after"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json:1:"))
        .stderr(predicate::str::contains("users"));
    let requests = dir.join("requests.jsonl");
    std::fs::write(&requests, "{\"action\": \"s3:GetObject\"}\n").unwrap();
    iamsim()
        .args(["diff", "--before", BEFORE, "--after", AFTER, "--requests"])
        .arg(&requests)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("resource"));
    iamsim()
        .args(["diff", "--before", "-", "--after", "-"])
        .assert()
        .code(2);
    iamsim()
        .args(["diff", "--before", "/nonexistent.json", "--after", AFTER])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "model: cannot read `/nonexistent.json`",
        ));
}
