//! End-to-end `iamsim validate`: every format, `--config`, `--fail-on` and the exit codes.

mod common;

// Inside a cfg(test) module so that helpers, like tests, may unwrap (clippy.toml).
#[cfg(test)]
mod e2e {

    use serde_json::Value;
    use std::path::{Path, PathBuf};

    const TYPO: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Read",
    "Effect": "Allow",
    "Action": "s3:GetObjekt",
    "Resource": "*"
  }]
}
"#;

    /// Only a suggestion (no Sid).
    const NO_SID: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;

    /// Only a security warning (passrole-on-any-resource).
    const RISKY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Pass","Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#;

    struct Dir(PathBuf);

    impl Dir {
        fn new(name: &str) -> Dir {
            let dir =
                std::env::temp_dir().join(format!("iamsim-validate-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Dir(dir)
        }
        fn file(&self, name: &str, text: &str) -> String {
            let p = self.0.join(name);
            std::fs::write(&p, text).unwrap();
            p.display().to_string()
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    pub fn iamsim(args: &[&str]) -> (Option<i32>, String, String) {
        crate::common::outcome(crate::common::iamsim().args(args).env_remove("NO_COLOR"))
    }

    #[test]
    fn human_output_quotes_the_line_and_fails_on_errors() {
        let d = Dir::new("human");
        let f = d.file("typo.json", TYPO);
        // A catalog finding is a warning (it names the catalog's date): exit 0 by default.
        assert_eq!(iamsim(&["validate", &f]).0, Some(0));
        let (code, out, _) = iamsim(&["validate", "--fail-on", "warning", &f]);
        assert_eq!(code, Some(1));
        assert!(
            out.starts_with(
                "warning[unknown-action]: `s3:GetObjekt` is not an action of Amazon S3 (action catalog of 2026-09-26)\n"
            ),
            "{out}"
        );
        assert!(out.contains(&format!("--> {f}:6:15\n")), "{out}");
        assert!(
            out.contains(
                "6 |     \"Action\": \"s3:GetObjekt\",\n  |               ^^^^^^^^^^^^^^\n"
            ),
            "{out}"
        );
        assert!(out.contains("= at /Statement/0/Action/0\n"), "{out}");
        assert!(
            out.contains("= hint: did you mean `s3:GetObject`?"),
            "{out}"
        );
        assert!(out.ends_with(&format!("{f}: 1 warning\n")), "{out}");
        let broken = d.file("broken.json", &TYPO.replace("\"Allow\"", "\"Permit\""));
        let (code, out, _) = iamsim(&["validate", &broken]);
        assert_eq!(code, Some(1), "an error fails by default");
        assert!(out.starts_with("error[invalid-effect]"), "{out}");
        assert!(
            !out.contains('\x1b'),
            "no colour when stdout is not a terminal"
        );
    }

    #[test]
    fn json_output_follows_the_documented_schema() {
        let d = Dir::new("json");
        let a = d.file("typo.json", TYPO);
        let b = d.file("nosid.json", NO_SID);
        let (code, out, _) = iamsim(&["validate", "--format", "json", &a, &b]);
        assert_eq!(code, Some(0));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["schemaVersion"], 1);
        assert_eq!(v["tool"]["name"], "iamsim");
        assert_eq!(v["files"][0]["file"], a.as_str());
        assert_eq!(v["files"][0]["kind"], "identity");
        assert_eq!(
            v["files"][0]["valid"], true,
            "a warning leaves the file valid"
        );
        let diag = &v["files"][0]["diagnostics"][0];
        assert_eq!(diag["code"], "unknown-action");
        assert_eq!(diag["severity"], "warning");
        assert_eq!(diag["path"], "/Statement/0/Action/0");
        assert_eq!(
            (diag["line"].as_u64(), diag["column"].as_u64()),
            (Some(6), Some(15))
        );
        assert_eq!(
            (diag["endLine"].as_u64(), diag["endColumn"].as_u64()),
            (Some(6), Some(29))
        );
        assert_eq!(v["files"][1]["valid"], true);
        assert_eq!(v["files"][1]["diagnostics"][0]["code"], "missing-sid");
        assert_eq!(
            v["summary"],
            serde_json::json!({"error": 0, "securityWarning": 0, "warning": 1, "suggestion": 1})
        );
    }

    #[test]
    fn sarif_output_has_rules_and_located_results() {
        let d = Dir::new("sarif");
        let f = d.file("risky.json", RISKY);
        let (code, out, _) = iamsim(&["validate", "--format", "sarif", &f]);
        assert_eq!(code, Some(0), "a security warning does not fail by default");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["id"],
            "passrole-on-any-resource"
        );
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["properties"]["security-severity"],
            "7.5"
        );
        let r = &run["results"][0];
        assert_eq!(r["ruleId"], "passrole-on-any-resource");
        assert_eq!(r["level"], "warning");
        assert_eq!(r["properties"]["jsonPath"], "/Statement/0/Action/0");
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("risky.json"));
        assert_eq!(loc["region"]["startLine"], 1);
        assert!(loc["region"]["endColumn"].as_u64() > loc["region"]["startColumn"].as_u64());
    }

    #[test]
    fn github_annotations_one_per_finding() {
        let d = Dir::new("github");
        let a = d.file("typo.json", TYPO);
        let r = d.file("risky.json", RISKY);
        let (code, out, _) = iamsim(&[
            "validate",
            "--format",
            "github",
            "--fail-on",
            "security-warning",
            &a,
            &r,
        ]);
        assert_eq!(code, Some(1), "the security warning fails the run");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.iter().all(|l| l.starts_with("::")), "{out}");
        let typo = lines
            .iter()
            .find(|l| l.contains("title=iamsim unknown-action::"))
            .unwrap();
        assert!(
            typo.starts_with(&format!(
                "::warning file={},line=6,col=15,",
                a.replace(':', "%3A").replace(',', "%2C")
            )),
            "{typo}"
        );
        assert!(
            typo.contains("(at /Statement/0/Action/0)%0Ahint: did you mean `s3:GetObject`?"),
            "{typo}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("::warning ")
                && l.contains("title=iamsim passrole-on-any-resource::")),
            "{out}"
        );
    }

    #[test]
    fn junit_lists_findings_at_the_threshold_as_failures() {
        let d = Dir::new("junit");
        let a = d.file("typo.json", TYPO);
        let b = d.file("nosid.json", NO_SID);
        let (code, out, _) = iamsim(&[
            "validate",
            "--format",
            "junit",
            "--fail-on",
            "warning",
            &a,
            &b,
        ]);
        assert_eq!(code, Some(1));
        assert!(out.starts_with("<?xml"), "{out}");
        assert!(
            out.contains("tests=\"2\" failures=\"1\" errors=\"0\""),
            "{out}"
        );
        assert!(
            out.contains("name=\"warning[unknown-action] at 6:15\""),
            "{out}"
        );
        assert!(
            out.contains(&format!("{a}:6:15: warning[unknown-action]")),
            "{out}"
        );
        // The suggestion is below --fail-on warning: the file passes.
        assert!(out.contains("name=\"identity is valid\""), "{out}");
    }

    #[test]
    fn fail_on_sets_the_threshold() {
        let d = Dir::new("failon");
        let risky = d.file("risky.json", RISKY);
        let no_sid = d.file("nosid.json", NO_SID);
        assert_eq!(iamsim(&["validate", &risky]).0, Some(0));
        assert_eq!(
            iamsim(&["validate", "--fail-on", "security-warning", &risky]).0,
            Some(1)
        );
        assert_eq!(
            iamsim(&["validate", "--fail-on", "warning", &no_sid]).0,
            Some(0)
        );
        assert_eq!(
            iamsim(&["validate", "--fail-on", "suggestion", &no_sid]).0,
            Some(1)
        );
    }

    #[test]
    fn config_disables_relevels_and_reports_its_own_errors() {
        let d = Dir::new("config");
        let typo = d.file("typo.json", TYPO);
        let cfg = d.file(
            "lint.json",
            r#"{"severity": {"unknown-action": "error"}, "disable": ["missing-sid"]}"#,
        );
        let (code, out, _) = iamsim(&["validate", "--config", &cfg, "--format", "json", &typo]);
        assert_eq!(code, Some(1));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "error");
        let bad = d.file("bad.json", "{\n  \"disabel\": []\n}");
        let (code, out, err) = iamsim(&["validate", "--config", &bad, &typo]);
        assert_eq!(code, Some(2));
        assert!(out.is_empty());
        assert!(
            err.contains(&format!("{bad}:2:3: error[config-unknown-field]")),
            "{err}"
        );
        assert!(err.contains("did you mean `disable`?"), "{err}");
    }

    #[test]
    fn bad_input_and_usage_exit_2() {
        let missing = Path::new("/nonexistent/iamsim/policy.json")
            .display()
            .to_string();
        let (code, _, err) = iamsim(&["validate", &missing]);
        assert_eq!(code, Some(2));
        assert!(err.contains("cannot read"), "{err}");
        assert_eq!(iamsim(&["validate", "--kind", "nope", &missing]).0, Some(2));
        assert_eq!(
            iamsim(&["validate", "--format", "xml", &missing]).0,
            Some(2)
        );
        assert_eq!(iamsim(&["validate"]).0, Some(2));
    }

    #[test]
    fn stdin_and_trust_kind() {
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Gh","Effect":"Allow",
      "Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action":"sts:AssumeRoleWithWebIdentity",
      "Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}"#;
        let out = crate::common::iamsim()
            .args([
                "validate",
                "--kind",
                "trust",
                "--fail-on",
                "security-warning",
                "-",
            ])
            .write_stdin(trust)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("security-warning[github-oidc-missing-sub]"),
            "{text}"
        );
        assert!(text.contains("--> <stdin>:2:32"), "{text}");
    }
}

#[test]
fn statement_and_size_limits_are_flags() {
    let policy = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/deploy-role.json"
    );
    let (code, out, _) = e2e::iamsim(&[
        "validate",
        "--max-statements",
        "1",
        "--format",
        "json",
        policy,
    ]);
    assert_eq!(code, Some(1));
    assert!(out.contains("too-many-statements"), "{out}");
    let (code, out, _) = e2e::iamsim(&[
        "validate",
        "--max-input-bytes",
        "10",
        "--format",
        "json",
        policy,
    ]);
    assert_eq!(code, Some(1));
    assert!(out.contains("input-too-large"), "{out}");
}
