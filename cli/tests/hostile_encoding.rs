//! Inputs that are not UTF-8 (issue #14): a located error with a code and a hint, for a policy
//! file, stdin and a model; a UTF-8 byte-order mark is accepted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::{iamsim, json, outcome, temp_dir};

const BAD: &[u8] = b"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:\xffGet\", \"Resource\": \"*\"}\n}\n";
const UTF16: &[u8] = b"\xff\xfe{\0}\0";

fn file(name: &str, bytes: &[u8]) -> String {
    let path = temp_dir("enc").join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_policy_file_with_a_bad_byte_is_located_at_it() {
    let path = file("bad.json", BAD);
    let (code, stdout, _) = outcome(iamsim().args(["validate", "--format", "json", &path]));
    assert_eq!(code, Some(1));
    let d = &json(stdout.as_bytes())["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "invalid-utf8");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(50))
    );
    assert_eq!(d["hint"], "save the file as UTF-8");
    let (_, human, _) = outcome(iamsim().args(["validate", &path]));
    assert!(human.contains("bad.json:3:50"), "{human}");
}

#[test]
fn stdin_and_utf16_are_located_too() {
    let (code, stdout, _) = outcome(iamsim().args(["validate", "-"]).write_stdin(BAD));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("error[invalid-utf8]"), "{stdout}");
    assert!(stdout.contains("<stdin>:3:50"), "{stdout}");
    let path = file("u16.json", UTF16);
    let (code, stdout, _) = outcome(iamsim().args(["validate", &path]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("error[utf16-bom]"), "{stdout}");
    assert!(stdout.contains("u16.json:1:1"), "{stdout}");
}

#[test]
fn a_model_that_is_not_utf8_is_a_located_error() {
    let path = file("model.json", BAD);
    let (code, _, stderr) =
        outcome(iamsim().args(["who-can", "s3:GetObject", "*", "--model", &path]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[invalid-utf8]"), "{stderr}");
    assert!(stderr.contains("model.json:3:50"), "{stderr}");
    assert!(stderr.contains("hint: save the file as UTF-8"), "{stderr}");
    let path = file("model16.json", UTF16);
    let (code, stdout, _) = outcome(iamsim().args(["validate", "--model", &path]));
    assert_eq!(code, Some(1));
    assert!(stdout.contains("error[utf16-bom]"), "{stdout}");
}

#[test]
fn a_utf8_byte_order_mark_is_skipped() {
    let policy = "\u{feff}{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}}";
    let path = file("bom.json", policy.as_bytes());
    let (code, stdout, _) = outcome(iamsim().args(["validate", &path]));
    assert_eq!(code, Some(0), "{stdout}");
}
