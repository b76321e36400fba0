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
