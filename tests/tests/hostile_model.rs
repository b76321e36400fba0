//! Hostile account models: cycles and dense graphs of trust, deep organization trees, an account
//! placed twice. Each gives a located error or a correct answer within a stated time bound (debug
//! build on a loaded machine: the bounds are generous; a blow-up would exceed them by far).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::access::{paths, who_can, Assumptions};
use iamsim_core::model::load_model;
use serde_json::{json, Value};
mod common;
use common::within;
use std::time::Duration;

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// `n` roles in one account; role i trusts the roles `trusted(i)` and may assume any role.
fn roles(n: usize, trusted: impl Fn(usize) -> Vec<usize>) -> Value {
    let list: Vec<Value> = (0..n)
        .map(|i| {
            let principals: Vec<String> = trusted(i)
                .into_iter()
                .map(|j| format!("arn:aws:iam::111111111111:role/r{j}"))
                .collect();
            json!({"name": format!("r{i}"),
                "trustPolicy": doc(json!([{"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"}])),
                "inlinePolicies": {"p": doc(json!([
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
                    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::bucket-{i}/*")}]))}})
        })
        .collect();
    json!({"accounts": {"111111111111": {"roles": list}}})
}

#[test]
fn a_ring_of_trust_terminates_and_finds_every_role_within_the_depth() {
    let n = 300;
    let model = load_model(&roles(n, |i| vec![(i + n - 1) % n]).to_string()).unwrap();
    let assumptions = Assumptions {
        max_depth: 10,
        ..Assumptions::default()
    };
    let report = within(Duration::from_secs(10), "paths around a ring", || {
        paths(&model.world, 0, &assumptions, None)
    });
    // r0 -> r1 -> … : exactly `max_depth` roles are reachable, the shortest chain each.
    assert_eq!(report.paths.len(), 10);
    assert_eq!(report.paths[9].hops.len(), 10);
    // Reverse: who reaches bucket-150 (only r150's own policy grants it): r140 … r150.
    let target = model
        .target("s3:GetObject", "arn:aws:s3:::bucket-150/k")
        .unwrap();
    let who = within(Duration::from_secs(10), "who-can around a ring", || {
        who_can(&model.world, &target, &assumptions)
    });
    assert_eq!(
        who.len(),
        11,
        "{:?}",
        who.iter().map(|w| &w.principal).collect::<Vec<_>>()
    );
}

#[test]
fn every_role_trusting_every_role_stays_bounded() {
    let n = 120;
    let model = load_model(&roles(n, |_| (0..n).collect()).to_string()).unwrap();
    let assumptions = Assumptions::default();
    let report = within(Duration::from_secs(20), "paths in a complete graph", || {
        paths(&model.world, 0, &assumptions, None)
    });
    // Every other role in one hop; none is reported twice.
    assert_eq!(report.paths.len(), n - 1);
    assert!(report.paths.iter().all(|p| p.hops.len() == 1));
    let target = model
        .target("s3:GetObject", "arn:aws:s3:::bucket-7/k")
        .unwrap();
    let who = within(
        Duration::from_secs(20),
        "who-can in a complete graph",
        || who_can(&model.world, &target, &assumptions),
    );
    assert_eq!(who.len(), n);
}

#[test]
fn an_organization_nested_past_the_json_depth_is_an_error_not_a_crash() {
    let mut ou = json!({"name": "leaf", "id": "ou-ab12-00000000", "accounts": [], "ous": []});
    for i in 1..200 {
        ou = json!({"name": format!("ou{i}"), "id": format!("ou-ab12-{i:08}"), "accounts": [], "ous": [ou]});
    }
    let model = json!({"organization": {"id": "o-abc123", "managementAccount": "999999999999",
        "policies": {}, "root": {"id": "r-ab12", "accounts": ["999999999999"], "ous": [ou]}},
        "accounts": {"999999999999": {}}});
    let errors = within(Duration::from_secs(5), "a 200-deep OU tree", || {
        load_model(&model.to_string()).err().unwrap()
    });
    assert_eq!(errors[0].code, "json-too-deep");
}

#[test]
fn an_account_placed_twice_in_the_tree_is_located() {
    let model = json!({"organization": {"id": "o-abc123", "managementAccount": "999999999999",
        "policies": {"FullAWSAccess": {"type": "scp", "builtin": true}},
        "root": {"id": "r-ab12", "scps": ["FullAWSAccess"], "accounts": ["999999999999", "111111111111"],
            "ous": [{"name": "a", "id": "ou-ab12-00000001", "scps": ["FullAWSAccess"], "accounts": ["111111111111"], "ous": []}]}},
        "accounts": {"999999999999": {}, "111111111111": {"scps": ["FullAWSAccess"]}}});
    let errors = load_model(&model.to_string()).err().unwrap();
    let placed: Vec<&str> = errors
        .iter()
        .filter(|d| d.code == "account-placed-twice")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(placed.len(), 1, "{errors:?}");
    assert!(
        placed[0].starts_with("/organization/root/ous/0/accounts"),
        "{placed:?}"
    );
}
