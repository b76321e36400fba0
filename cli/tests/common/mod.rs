//! What the end-to-end tests share: the real binary, and reading its JSON output.
#![allow(
    dead_code,
    clippy::unwrap_used,
    reason = "each test file uses some of these; test code: a panic is a failed test"
)]

use assert_cmd::Command;
use serde_json::Value;

/// The `iamsim` binary built by this package.
pub fn iamsim() -> Command {
    Command::cargo_bin("iamsim").unwrap()
}

/// Stdout as one JSON document.
pub fn json(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).unwrap()
}

/// Stdout as JSON Lines.
pub fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A fresh directory for one test's files.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir =
        std::env::temp_dir().join(format!("iamsim-cli-{}-{name}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a prepared command: its exit code, stdout and stderr.
pub fn outcome(command: &mut Command) -> (Option<i32>, String, String) {
    let out = command.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The context fact `key` of an answer (`{"key", "value", "source"}`), if stated.
#[allow(dead_code, reason = "not every test binary uses every helper")]
pub fn fact<'v>(answer: &'v serde_json::Value, key: &str) -> Option<&'v serde_json::Value> {
    answer["context"]
        .as_array()?
        .iter()
        .find(|f| f["key"] == key)
}
