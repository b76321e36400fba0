//! `validate --model` on large models (issue #14): the account-wide checks are linear in the
//! roles, with the same findings. The full-size budget (50,000 roles under 10 s, release build)
//! is an ignored test: `cargo test --release -p iamsim-tests --test hostile_lint -- --ignored`.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::lint::{lint_model, LintConfig};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ACCOUNT: &str = "111111111111";

fn allow(action: &str, resource: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})
}

/// `roles` roles trusting the account; with `assume_any`, each may assume any role (a complete
/// trust graph), else none has `sts:AssumeRole` (nobody can assume any of them). User `u` may
/// assume role `r1` only.
fn model(roles: usize, assume_any: bool) -> String {
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]});
    let roles: Vec<Value> = (0..roles)
        .map(|i| {
            let mut role = json!({"name": format!("r{i}"), "trustPolicy": trust});
            if assume_any {
                role["inlinePolicies"] = json!({"a": allow("sts:AssumeRole", "*")});
            }
            role
        })
        .collect();
    let user = json!({"name": "u", "inlinePolicies": {"a": allow("sts:AssumeRole", &format!("arn:aws:iam::{ACCOUNT}:role/r1"))}});
    json!({"accounts": {ACCOUNT: {"users": [user], "roles": roles}}}).to_string()
}

/// The roles reported as unassumable, and the time the lint took.
fn unassumable(text: &str) -> (Vec<String>, Duration) {
    let start = Instant::now();
    let found = lint_model(text, &LintConfig::default());
    let took = start.elapsed();
    assert!(!found.iter().any(|d| d.is_error()), "{:?}", found.first());
    let roles = found
        .iter()
        .filter(|d| d.code == "unassumable-role")
        .map(|d| d.path.clone())
        .collect();
    (roles, took)
}

#[test]
fn roles_nobody_can_assume_are_all_found_in_linear_time() {
    // Trying every identity of the account for every role took 25 s for 4,000 roles (release).
    let n = if cfg!(debug_assertions) { 1_500 } else { 8_000 };
    let (found, took) = unassumable(&model(n, false));
    // Every role but r1, which the user may assume.
    assert_eq!(found.len(), n - 1);
    assert!(
        !found.iter().any(|p| p.contains("/roles/1/")),
        "{:?}",
        &found[..3]
    );
    assert!(took < Duration::from_secs(20), "{n} roles took {took:?}");
}

#[test]
fn a_complete_trust_graph_has_no_unassumable_role() {
    let n = if cfg!(debug_assertions) { 1_500 } else { 8_000 };
    let (found, took) = unassumable(&model(n, true));
    assert_eq!(found, Vec::<String>::new());
    assert!(took < Duration::from_secs(20), "{n} roles took {took:?}");
}

#[test]
#[ignore = "full-size timing: run in release with --ignored"]
fn fifty_thousand_roles_within_ten_seconds() {
    for assume_any in [false, true] {
        let (found, took) = unassumable(&model(50_000, assume_any));
        eprintln!("50,000 roles (assume_any: {assume_any}): {took:?}");
        assert_eq!(found.len(), if assume_any { 0 } else { 49_999 });
        assert!(took < Duration::from_secs(10), "{took:?}");
    }
}
