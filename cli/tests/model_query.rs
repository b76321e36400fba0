//! End-to-end tests of the account-model commands through the real binary, on the embedded example
//! organization and on broken model files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

fn iamsim() -> Command {
    Command::cargo_bin("iamsim").unwrap()
}

const PROD_SERVICE: &str = "arn:aws:ecs:eu-west-1:222222222222:service/prod/web";

#[test]
fn who_can_deploy_to_prod() {
    iamsim()
        .args(["who-can", "ecs:UpdateService", PROD_SERVICE, "--mfa"])
        .assert()
        .success()
        .stdout(contains(
            "arn:aws:iam::111111111111:user/ops/alice (user) through",
        ))
        .stdout(contains(
            "-> arn:aws:iam::222222222222:role/Deploy [Allowed] needs aws:MultiFactorAuthPresent",
        ))
        .stdout(contains(
            "assumed context: users signed in with MFA, aws:RequestedRegion=eu-west-1",
        ));
    let out = iamsim()
        .args([
            "who-can",
            "ecs:UpdateService",
            PROD_SERVICE,
            "--mfa",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["principal"] == "arn:aws:iam::666666666666:role/GitHubDeploy"));
    // Outside the EU the SCP denies everyone: exit 1.
    iamsim()
        .args([
            "who-can",
            "ecs:UpdateService",
            "arn:aws:ecs:us-east-1:222222222222:service/prod/web",
            "--mfa",
        ])
        .assert()
        .code(1)
        .stdout(contains("0 identities"));
}

#[test]
fn paths_report_mfa_flips() {
    iamsim()
        .args(["paths", "alice"])
        .assert()
        .code(1)
        .stdout(contains("blocked (a change of context would allow)"))
        .stdout(contains(
            "role/Deploy: needs aws:MultiFactorAuthPresent=true",
        ));
    iamsim()
        .args([
            "paths",
            "alice",
            "--mfa",
            "--to",
            "ecs:UpdateService",
            PROD_SERVICE,
        ])
        .assert()
        .success()
        .stdout(contains("2 path(s)"))
        .stdout(contains(
            "needs aws:MultiFactorAuthPresent (ImplicitDeny without it)",
        ));
}

#[test]
fn assume_needs_the_external_id() {
    iamsim()
        .args([
            "assume",
            "444444444444:role/Auditor",
            "SecurityAudit-MSP",
            "--external-id",
            "cust-7Q2",
        ])
        .assert()
        .success()
        .stdout(contains("assumed-role/SecurityAudit-MSP/iamsim"));
    iamsim()
        .args(["assume", "444444444444:role/Auditor", "SecurityAudit-MSP"])
        .assert()
        .code(1)
        .stdout(contains("missing context keys: sts:ExternalId"));
    iamsim()
        .args([
            "assume",
            "alice",
            "222222222222:role/Deploy",
            "--mfa",
            "--duration",
            "99999",
        ])
        .assert()
        .code(1)
        .stdout(contains("is outside 900"));
}

#[test]
fn check_explains() {
    iamsim()
        .args([
            "check",
            "dave",
            "s3:GetObject",
            "arn:aws:s3:::acme-data-lake/q1.csv",
            "--context",
            "aws:SecureTransport=true",
            "--explain",
        ])
        .assert()
        .success()
        .stdout(contains("Allowed"))
        .stdout(contains("AnalystsRead"));
    iamsim()
        .args([
            "check",
            "dave",
            "s3:GetObject",
            "arn:aws:s3:::acme-data-lake/q1.csv",
            "--context",
            "aws:SecureTransport=false",
        ])
        .assert()
        .code(1)
        .stdout(contains("ExplicitDeny"));
}

#[test]
fn unknown_names_and_bad_input() {
    iamsim()
        .args(["paths", "alcie"])
        .assert()
        .code(2)
        .stderr(contains(
            "did you mean `arn:aws:iam::111111111111:user/ops/alice`",
        ));
    iamsim()
        .args(["who-can", "s3:GetObject", "*", "--context", "novalue"])
        .assert()
        .code(2)
        .stderr(contains("is not of the form key=value"));
    let dir = std::env::temp_dir().join(format!("iamsim-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("model.json");
    std::fs::write(&model, "{\n  \"accounts\": {\n    \"111111111111\": {\"users\": [{\"name\": \"a\", \"groups\": [\"Missing\"]}]}\n  }\n}\n").unwrap();
    iamsim()
        .args([
            "who-can",
            "s3:GetObject",
            "*",
            "--model",
            model.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(contains(":3:"))
        .stderr(contains("unknown-group"))
        .stderr(contains("/accounts/111111111111/users/0/groups/0"));
    iamsim()
        .args([
            "who-can",
            "s3:GetObject",
            "*",
            "--model",
            "/nonexistent.json",
        ])
        .assert()
        .code(2);
}
