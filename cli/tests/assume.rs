//! End-to-end tests of `iamsim assume` through the real binary.
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

#[test]
fn the_msp_needs_the_external_id() {
    iamsim()
        .args(["assume", "Auditor", "SecurityAudit-MSP"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "missing context keys: sts:ExternalId",
        ));
    let out = iamsim()
        .args([
            "assume",
            "Auditor",
            "SecurityAudit-MSP",
            "--external-id",
            "cust-7Q2",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    assert_eq!(v["decision"], "Allowed");
    assert_eq!(
        v["session"]["arn"],
        "arn:aws:sts::777777777777:assumed-role/SecurityAudit-MSP/iamsim"
    );
    assert_eq!(v["session"]["chained"], true);
    assert_eq!(v["checks"][0]["action"], "sts:AssumeRole");
}

#[test]
fn session_tags_and_source_identity_are_separate_checks() {
    let out = iamsim()
        .args([
            "assume",
            "alice",
            "222222222222:role/Deploy",
            "--mfa",
            "--session-tags",
            "project=x,cost=ops",
            "--transitive-tag-keys",
            "project",
            "--source-identity",
            "alice",
            "--session-name",
            "alice-deploy",
            "--format",
            "json",
        ])
        .assert()
        .code(1);
    let v = json(&out.get_output().stdout);
    let actions: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
    );
    // The trust policy allows sts:AssumeRole only.
    assert_eq!(v["checks"][0]["decision"], "Allowed");
    assert_eq!(v["checks"][1]["decision"], "ImplicitDeny");
}

#[test]
fn a_duration_over_the_maximum_is_an_sts_error() {
    let out = iamsim()
        .args([
            "assume",
            "alice",
            "222222222222:role/Deploy",
            "--mfa",
            "--duration",
            "7200",
            "--format",
            "json",
        ])
        .assert()
        .code(2);
    // A malformed request (AWS's ValidationError), not a denial: no test can pass on it.
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("error[duration-out-of-range]"), "{err}");
    assert!(err.contains("7200"), "{err}");
}

#[test]
fn github_main_gets_the_deploy_role_through_web_identity() {
    iamsim()
        .args([
            "assume",
            "--web-identity",
            "token.actions.githubusercontent.com",
            "--claim",
            "sub=repo:acme/app:ref:refs/heads/main",
            "--claim",
            "aud=sts.amazonaws.com",
            "GitHubDeploy",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "session arn:aws:sts::666666666666:assumed-role/GitHubDeploy/iamsim",
        ));
    iamsim()
        .args([
            "assume",
            "--web-identity",
            "token.actions.githubusercontent.com",
            "--claim",
            "sub=repo:acme/app:ref:refs/heads/feature",
            "--claim",
            "aud=sts.amazonaws.com",
            "GitHubDeploy",
        ])
        .assert()
        .code(1);
}

#[test]
fn a_user_is_not_a_role() {
    iamsim()
        .args(["assume", "alice", "bob"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`bob` is a user, not a role"));
}

#[test]
fn an_unknown_role_suggests_and_exits_2() {
    iamsim()
        .args(["assume", "alice", "SecurityAdmn"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"))
        .stderr(predicate::str::contains("role/SecurityAdmin"));
}

#[test]
fn broken_session_tags_exit_2() {
    iamsim()
        .args([
            "assume",
            "alice",
            "SecurityAdmin",
            "--session-tags",
            "project",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--session-tags `project`"));
}
