//! `iamsim import` on hostile folders (issue #14): located errors naming the file, never a model
//! that silently differs from the input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::{iamsim, outcome, temp_dir};
use std::path::Path;

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn import(dir: &Path) -> (Option<i32>, String, String) {
    outcome(iamsim().arg("import").arg(dir))
}

#[test]
fn a_repeated_key_is_a_located_error_naming_the_file() {
    let dir = temp_dir("dup");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
    write(
        &dir,
        "resources/111122223333/s3/b.json",
        format!("{{\n  \"Policy\": {}\n}}\n", serde_json::json!(policy)),
    );
    let (code, stdout, stderr) = import(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("resources/111122223333/s3/b.json:2:13: error[duplicate-key]"),
        "{stderr}"
    );
    assert!(stderr.contains("/Statement/0/Effect"), "{stderr}");
}

#[test]
fn a_file_that_is_not_utf8_is_located_by_name_line_and_column() {
    let dir = temp_dir("utf8");
    write(
        &dir,
        "iam/111122223333.json",
        b"{\n  \"RoleDetailList\": [\"\xc3\x28\"]\n}\n",
    );
    write(&dir, "resources/111122223333/s3/b.json", b"\xff\xfe{\0}\0");
    let (code, _, stderr) = import(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("iam/111122223333.json:2:23: error[invalid-utf8]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("resources/111122223333/s3/b.json:1:1: error[utf16-bom]"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: save the file as UTF-8"), "{stderr}");
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let dir = temp_dir("bom");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(serde_json::json!({ "Policy": policy }).to_string().bytes());
    write(&dir, "resources/111122223333/s3/b.json", bytes);
    let (code, stdout, stderr) = import(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("arn:aws:s3:::b"), "{stdout}");
}
