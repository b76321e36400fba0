//! `iamsim import` end to end: the fixture folder imports into a model that the other commands load.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

use assert_cmd::Command;
use predicates::str::contains;

#[test]
fn the_fixture_folder_imports_and_loads() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/import");
    let out = std::env::temp_dir().join(format!("iamsim-import-{}.json", std::process::id()));
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["import", fixtures, "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(contains("skipped aws_kms_key.main"))
        .stderr(contains("wrote"));
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(model["accounts"].as_object().unwrap().len() >= 2);
    // The written model is usable by the model commands.
    Command::cargo_bin("iamsim")
        .unwrap()
        .args([
            "who-can",
            "sts:AssumeRole",
            "*",
            "--model",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(1);
}

#[test]
fn a_malformed_file_is_a_located_error() {
    let dir = std::env::temp_dir().join(format!("iamsim-import-bad-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("iam")).unwrap();
    std::fs::write(
        dir.join("iam/broken.json"),
        "{\n  \"UserDetailList\": [\n    {\"UserName\": \"a\",, }\n  ]\n}\n",
    )
    .unwrap();
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["import", dir.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("iam/broken.json:3:"));
    std::fs::write(dir.join("iam/broken.json"), "{\"UserDetailList\": []}").unwrap();
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["import", dir.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("import-no-account"));
}
