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

#[test]
fn a_cloudformation_template_imports_with_its_parameters() {
    let dir = std::env::temp_dir().join(format!("iamsim-import-cfn-{}", std::process::id()));
    let stack = dir.join("cloudformation/111122223333");
    std::fs::create_dir_all(&stack).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/import/cloudformation/111122223333/eu-west-1/platform.json"
        ),
        stack.join("platform.json"),
    )
    .unwrap();
    let out = dir.join("model.json");
    // Without the parameter that has no Default, the role that needs it is reported, not guessed.
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["import", dir.to_str().unwrap(), "--region", "eu-west-1"])
        .assert()
        .success()
        .stderr(contains("skipped AWS::IAM::Role DeployRole"))
        .stderr(contains("--parameter GitHubOrg="));
    Command::cargo_bin("iamsim")
        .unwrap()
        .args([
            "import",
            dir.to_str().unwrap(),
            "--region",
            "eu-west-1",
            "--parameter",
            "GitHubOrg=example-org",
            "--parameter",
            "Environment=dev",
            "--physical-id",
            "ArtifactKey=1234abcd-12ab-34cd-56ef-1234567890ab",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(contains("skipped AWS::IAM::Role WorkerRole"))
        .stderr(contains("wrote"));
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let roles = model["accounts"]["111122223333"]["roles"]
        .as_array()
        .unwrap();
    assert!(roles.iter().any(|r| r["name"] == "dev-deploy"));
    let resources = model["accounts"]["111122223333"]["resources"]
        .as_array()
        .unwrap();
    assert!(resources.iter().any(|r| r["arn"]
        == "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
    // The imported model answers questions: the deploy role writes artifacts.
    Command::cargo_bin("iamsim")
        .unwrap()
        .args([
            "who-can",
            "s3:PutObject",
            "arn:aws:s3:::111122223333-dev-artifacts/build.zip",
            "--model",
            out.to_str().unwrap(),
        ])
        .assert()
        .stdout(contains("arn:aws:iam::111122223333:role/ci/dev-deploy"));
    std::fs::write(stack.join("broken.json"), "{\n  \"Resources\": {\n    \"R\": {\"Type\": \"AWS::IAM::User\", \"Properties\": {\"UserName\": {\"Ref\": \"Nope\"}}}\n  }\n}\n").unwrap();
    Command::cargo_bin("iamsim")
        .unwrap()
        .args([
            "import",
            dir.to_str().unwrap(),
            "--parameter",
            "GitHubOrg=x",
        ])
        .assert()
        .code(2)
        .stderr(contains("cloudformation/111122223333/broken.json:3:"))
        .stderr(contains("cfn-invalid-template"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_terraform_plan_is_reviewed_by_diffing_its_two_sides() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/import/pr-review");
    let dir = std::env::temp_dir().join(format!("iamsim-pr-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let before = dir.join("before.json");
    let after = dir.join("after.json");
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["import", folder, "--terraform-side", "prior", "-o"])
        .arg(&before)
        .assert()
        .success();
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["import", folder, "-o"])
        .arg(&after)
        .assert()
        .success();
    // The plan changes the deployer role's trust from `ops` to the CI user: the CI user newly
    // reaches the prod service through it.
    Command::cargo_bin("iamsim")
        .unwrap()
        .args(["diff", "--before"])
        .arg(&before)
        .arg("--after")
        .arg(&after)
        .assert()
        .code(1)
        .stdout(contains("2 changes (2 newly granted, 0 revoked)"))
        .stdout(contains(
            "+ ecs:UpdateService on arn:aws:ecs:eu-west-1:111122223333:service/prod/web  via arn:aws:iam::111122223333:role/deployer",
        ));
}
