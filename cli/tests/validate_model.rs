//! End-to-end `iamsim validate --model`: every format, `--fail-on`, and the model's locations.

mod common;

// Inside a cfg(test) module so that helpers, like tests, may unwrap (clippy.toml).
#[cfg(test)]
mod e2e {
    use crate::common::outcome;
    use serde_json::Value;

    fn example_org() -> String {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../core/data/example-org.json").to_owned()
    }

    /// A role any AWS account can assume (public-access, a security warning).
    const OPEN_ROLE: &str = r#"{"accounts": {"111111111111": {"roles": [{"name": "Open",
  "trustPolicy": {"Version": "2012-10-17", "Statement": [
    {"Sid": "Anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}]}}}
"#;

    fn iamsim(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
        outcome(
            crate::common::iamsim()
                .args(args)
                .env("NO_COLOR", "1")
                .write_stdin(stdin),
        )
    }

    #[test]
    fn example_org_json_has_the_msp_finding_at_its_model_location() {
        let org = example_org();
        let (code, out, err) = iamsim(&["validate", "--model", &org, "--format", "json"], "");
        assert_eq!(code, Some(0), "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let file = &v["files"][0];
        assert_eq!(file["kind"], "model");
        assert_eq!(file["valid"], true);
        let external: Vec<&Value> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "external-account-access")
            .collect();
        assert_eq!(external.len(), 1);
        assert_eq!(
            external[0]["path"],
            "/accounts/777777777777/roles/0/trustPolicy/Statement/0"
        );
        // The line of the statement in the model file.
        let text = std::fs::read_to_string(&org).unwrap();
        let line = external[0]["line"].as_u64().unwrap() as usize;
        let following: String = text.lines().skip(line - 1).take(12).collect();
        assert!(following.contains("cust-7Q2"), "{following}");
    }

    #[test]
    fn fail_on_and_human_output() {
        let (code, out, _) = iamsim(&["validate", "--model", "-"], OPEN_ROLE);
        assert_eq!(code, Some(0), "{out}");
        assert!(out.contains("security-warning[public-access]"), "{out}");
        assert!(out.contains("<stdin>:3:5"), "{out}");
        let (code, _, _) = iamsim(
            &["validate", "--model", "-", "--fail-on", "security-warning"],
            OPEN_ROLE,
        );
        assert_eq!(code, Some(1));
    }

    #[test]
    fn sarif_lists_the_account_wide_rule() {
        let (code, out, _) = iamsim(
            &["validate", "--model", "-", "--format", "sarif"],
            OPEN_ROLE,
        );
        assert_eq!(code, Some(0));
        let v: Value = serde_json::from_str(&out).unwrap();
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(rules.iter().any(|r| r["id"] == "public-access"));
        let result = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "public-access")
            .unwrap();
        assert_eq!(result["properties"]["policyKind"], "model");
    }

    #[test]
    fn a_broken_model_fails_with_its_errors() {
        let (code, out, _) = iamsim(&["validate", "--model", "-"], r#"{"accounts": {"1": {}}}"#);
        assert_eq!(code, Some(1));
        assert!(out.contains("invalid-account-id"), "{out}");
    }

    #[test]
    fn model_and_files_do_not_mix() {
        let org = example_org();
        let (code, _, err) = iamsim(&["validate", "--model", &org, "policy.json"], "");
        assert_eq!(code, Some(2), "{err}");
    }
}
