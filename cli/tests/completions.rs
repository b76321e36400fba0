//! End-to-end tests of `iamsim completions` through the real binary.
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
fn every_shell_gets_a_script_naming_the_subcommands() {
    for (shell, marker) in [
        ("bash", "_iamsim()"),
        ("zsh", "#compdef iamsim"),
        ("fish", "complete -c iamsim"),
    ] {
        let out = iamsim().args(["completions", shell]).assert().code(0);
        let script = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("who-can"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    iamsim()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tcsh"));
}

#[test]
fn every_model_command_has_examples_in_its_help() {
    for command in ["check", "assume", "paths", "who-can", "test", "completions"] {
        iamsim()
            .args([command, "--help"])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Examples:"));
    }
}

#[test]
fn json_output_is_a_single_document() {
    let out = iamsim()
        .args([
            "who-can",
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "--mfa",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v = json(&out.get_output().stdout);
    let region = fact(&v, "aws:RequestedRegion").unwrap();
    assert_eq!(region["value"], "eu-west-1");
    // The key is in the model with its region.
    assert_eq!(region["source"], "resource-region");
}
