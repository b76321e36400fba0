//! `iamsim test`: an expectation on an action AWS does not have fails with that reason, instead of
//! passing vacuously (issue #14: `sts:AssumeRolee` matched nothing, so "expect denied" passed).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::*;

#[test]
fn an_unknown_action_fails_the_test_with_a_suggestion() {
    let dir = temp_dir("unknown-action");
    let file = dir.join("t.json");
    std::fs::write(
        &file,
        r#"{"tests": [
          {"name": "typo", "principal": "alice", "action": "sts:AssumeRolee", "resource": "*", "expect": "denied"},
          {"name": "no such service", "principal": "alice", "action": "s4:GetObject", "resource": "*", "expect": "denied"},
          {"name": "outsiders typo", "noneOutside": {"accounts": ["111111111111"], "action": "s3:GetObjekt", "resource": "arn:aws:s3:::b/k"}},
          {"name": "real deny", "principal": "alice", "action": "iam:CreateUser", "resource": "*", "expect": "denied"}
        ]}"#,
    )
    .unwrap();
    let out = iamsim()
        .args(["test", file.to_str().unwrap()])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.ends_with("1 passed, 3 failed\n"), "{stdout}");
    for (name, hint) in [
        ("typo", "did you mean `sts:AssumeRole`?"),
        ("no such service", "did you mean the service `s3`?"),
        ("outsiders typo", "did you mean `s3:GetObject`?"),
    ] {
        let at = stdout
            .find(&format!("FAIL {name}\n"))
            .unwrap_or_else(|| panic!("{name}: {stdout}"));
        let reason = stdout.get(at..).unwrap().lines().nth(1).unwrap();
        assert!(
            reason.contains("the test cannot check an action AWS does not have"),
            "{reason}"
        );
        assert!(reason.contains(hint), "{name}: {reason}");
    }
}
