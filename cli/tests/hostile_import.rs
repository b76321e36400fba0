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

/// A minimal valid folder: one bucket policy.
fn one_bucket(dir: &Path) {
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
    write(
        dir,
        "resources/111122223333/s3/b.json",
        serde_json::json!({ "Policy": policy }).to_string(),
    );
}

/// `iamsim import` that must finish within a few seconds (a hang fails the test, not the run).
#[cfg(unix)]
fn import_bounded(dir: &Path) -> (Option<i32>, String, String) {
    outcome(
        iamsim()
            .arg("import")
            .arg(dir)
            .timeout(std::time::Duration::from_secs(20)),
    )
}

#[cfg(unix)]
#[test]
fn links_back_to_the_root_are_read_once_not_exponentially() {
    let dir = temp_dir("loop");
    one_bucket(&dir);
    // Each link leads back to the root: followed naively, depth d reads 2^d copies.
    for name in ["a", "b", "resources/111122223333/up"] {
        std::os::unix::fs::symlink(&dir, dir.join(name)).unwrap();
    }
    let (code, stdout, stderr) = import_bounded(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("arn:aws:s3:::b"));
    assert_eq!(
        stderr
            .matches("a folder already read: not followed again")
            .count(),
        3,
        "{stderr}"
    );
    assert!(!stderr.contains("already imported"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_not_waited_on() {
    let dir = temp_dir("fifo");
    one_bucket(&dir);
    std::fs::create_dir_all(dir.join("iam")).unwrap();
    let fifo = dir.join("iam/111122223333.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // A link to the FIFO is not opened either.
    std::os::unix::fs::symlink(&fifo, dir.join("iam/link.json")).unwrap();
    let (code, _, stderr) = import_bounded(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("skipped iam/111122223333.json: not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped iam/link.json: not a regular file"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_dangling_links_are_listed_not_followed() {
    let outside = temp_dir("outside");
    one_bucket(&outside);
    let dir = temp_dir("links");
    one_bucket(&dir);
    let secret = outside.join("resources/111122223333/s3/b.json");
    std::fs::create_dir_all(dir.join("resources/111122223333/s3")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("resources/111122223333/s3/c.json")).unwrap();
    std::os::unix::fs::symlink(outside.join("resources"), dir.join("iam")).unwrap();
    std::os::unix::fs::symlink(dir.join("gone.json"), dir.join("org.json")).unwrap();
    let (code, stdout, stderr) = import_bounded(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("skipped resources/111122223333/s3/c.json: a symbolic link to")
            && stderr.contains("outside the folder: not followed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped iam: a symbolic link to"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped org.json: a dangling symbolic link"),
        "{stderr}"
    );
    // Only the one bucket inside the folder.
    assert!(!stdout.contains("arn:aws:s3:::c"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_inside_the_folder_is_read_once() {
    let dir = temp_dir("inside");
    one_bucket(&dir);
    let real = dir.join("resources/111122223333/s3/b.json");
    std::os::unix::fs::symlink(&real, dir.join("resources/111122223333/s3/a.json")).unwrap();
    let (code, _, stderr) = import_bounded(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("skipped resources/111122223333/s3/a.json: a symbolic link to")
            && stderr.contains("a file already read"),
        "{stderr}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name_before_it_is_read() {
    let dir = temp_dir("size");
    one_bucket(&dir);
    // Valid JSON padded past the limit: refused by its size, not by the parser.
    write(
        &dir,
        "iam/111122223333.json",
        format!("{{\"UserDetailList\":[]}}{}", " ".repeat(5_000)),
    );
    let (code, stdout, stderr) = outcome(
        iamsim()
            .args(["import", "--max-input-bytes", "4000"])
            .arg(&dir),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("iam/111122223333.json: error[input-too-large]: `iam/111122223333.json` is 5021 bytes, over the limit of 4000 bytes"),
        "{stderr}"
    );
    assert!(stderr.contains("--max-input-bytes"), "{stderr}");
}

#[test]
fn an_imported_model_over_the_limit_names_the_limit() {
    let dir = temp_dir("model-size");
    one_bucket(&dir);
    let (code, _, stderr) = outcome(
        iamsim()
            .args(["import", "--max-input-bytes", "400"])
            .arg(&dir),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("imported model: error[input-too-large]: the model is"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: raise the limit with --max-input-bytes"),
        "{stderr}"
    );
}

/// An invalid policy in an imported file is reported at that file, its line and column and its
/// JSON path — not at the model the importer generated (#13 item 7).
#[test]
fn an_invalid_trust_policy_is_located_in_its_source_file() {
    let dir = temp_dir("loader");
    let details = r#"{
  "RoleDetailList": [
    {
      "RoleName": "Ops",
      "Arn": "arn:aws:iam::111122223333:role/Ops",
      "AssumeRolePolicyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEqualz": {"aws:PrincipalTag/team": "ops"}}}]
      }
    }
  ]
}
"#;
    write(&dir, "iam/111122223333.json", details);
    let (code, stdout, stderr) = import(&dir);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("iam/111122223333.json:9:41: error[unknown-condition-operator]"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "(at /RoleDetailList/0/AssumeRolePolicyDocument/Statement/0/Condition/StringEqualz)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("imported model"), "{stderr}");
}
