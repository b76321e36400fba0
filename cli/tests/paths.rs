//! End-to-end tests of `iamsim paths` through the real binary.
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
fn alice_with_mfa_reaches_prod_deploy_and_the_hop_needs_mfa() {
    let out = iamsim()
        .args(["paths", "alice", "--mfa", "--format", "json"])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    assert_eq!(v["mfa"], true);
    let paths = v["paths"].as_array().unwrap();
    let deploy = paths
        .iter()
        .find(|p| p["hops"][0]["role"] == "arn:aws:iam::222222222222:role/Deploy")
        .expect("a path to prod Deploy");
    assert_eq!(
        deploy["hops"][0]["flips"][0]["key"],
        "aws:MultiFactorAuthPresent"
    );
}

#[test]
fn the_msp_holds_the_external_id_and_the_path_states_it() {
    iamsim()
        .args(["paths", "Auditor"])
        .env("NO_COLOR", "1")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 path(s)"))
        .stdout(predicate::str::contains("with sts:ExternalId=cust-7Q2"));
}

#[test]
fn alice_without_mfa_is_blocked_on_mfa() {
    iamsim()
        .args(["paths", "alice"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "needs aws:MultiFactorAuthPresent=true",
        ));
}

#[test]
fn with_to_only_allowed_chains_shortest_first() {
    let out = iamsim()
        .args([
            "paths",
            "GitHubDeploy",
            "--to",
            "ecs:UpdateService",
            "arn:aws:ecs:eu-west-1:222222222222:service/prod/web",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    assert_eq!(
        fact(&v, "aws:RequestedRegion").unwrap()["value"],
        "eu-west-1"
    );
    let paths = v["paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    let lengths: Vec<usize> = paths
        .iter()
        .map(|p| p["hops"].as_array().unwrap().len())
        .collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]));
    for p in paths {
        assert_eq!(p["target"]["decision"], "Allowed");
    }
}

#[test]
fn outside_the_eu_there_is_no_chain() {
    iamsim()
        .args([
            "paths",
            "GitHubDeploy",
            "--to",
            "ecs:UpdateService",
            "*",
            "--context",
            "aws:RequestedRegion=us-east-1",
        ])
        .assert()
        .code(1);
}

#[test]
fn max_depth_zero_finds_no_hop() {
    iamsim()
        .args(["paths", "alice", "--mfa", "--max-depth", "0"])
        .assert()
        .code(1);
}

#[test]
fn unknown_start_and_broken_context_exit_2() {
    iamsim()
        .args(["paths", "alise"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"));
    iamsim()
        .args(["paths", "alice", "--context", "=x"])
        .assert()
        .code(2);
}

#[test]
fn a_search_deeper_than_the_path_limit_is_refused_unless_raised() {
    iamsim()
        .args(["paths", "alice", "--max-depth", "11"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[limit-exceeded]"))
        .stderr(predicate::str::contains("up to 10"));
    iamsim()
        .args([
            "paths",
            "alice",
            "--mfa",
            "--max-depth",
            "11",
            "--max-path-depth",
            "12",
        ])
        .assert()
        .success();
}
