//! End-to-end `iamsim validate --model` with `privilege-escalation-path`: a principal that can
//! become admin-equivalent by escalation is reported with its chain, at the statement to narrow;
//! its twins (the right removed, PassRole scoped to another service, role assumption alone) are
//! not.

mod common;

// Inside a cfg(test) module so that helpers, like tests, may unwrap (clippy.toml).
#[cfg(test)]
mod e2e {
    use crate::common::outcome;
    use serde_json::Value;

    fn iamsim(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
        outcome(
            crate::common::iamsim()
                .args(args)
                .env("NO_COLOR", "1")
                .write_stdin(stdin),
        )
    }

    fn example() -> Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/lint/privilege-escalation-path.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn findings(model: &Value) -> Vec<Value> {
        let (code, out, err) = iamsim(
            &["validate", "--model", "-", "--format", "json"],
            &model.to_string(),
        );
        assert_eq!(code, Some(0), "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "privilege-escalation-path")
            .cloned()
            .collect()
    }

    #[test]
    fn escalating_principals_are_reported_at_the_statement_to_narrow() {
        let found = findings(&example()["fail"]);
        let mut paths: Vec<&str> = found.iter().map(|d| d["path"].as_str().unwrap()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "/accounts/111111111111/policies/0/document/Statement/0",
                "/accounts/111111111111/users/1/inlinePolicies/build/Statement/0",
            ]
        );
        let builder = found
            .iter()
            .find(|d| d["path"].as_str().unwrap().contains("/users/1/"))
            .unwrap();
        assert_eq!(builder["severity"], "securityWarning");
        let message = builder["message"].as_str().unwrap();
        assert!(
            message.contains("user/builder")
                && message.contains("passrole-lambda-invoke")
                && message.contains("role/LambdaAdmin"),
            "{message}"
        );
        let hint = builder["hint"].as_str().unwrap();
        assert!(
            hint.contains("PassToLambda") && hint.contains("iam:PassRole"),
            "{hint}"
        );
    }

    #[test]
    fn the_twins_are_not_reported_and_fail_on_gates() {
        assert_eq!(findings(&example()["pass"]), Vec::<Value>::new());
        let (code, out, _) = iamsim(
            &["validate", "--model", "-", "--fail-on", "security-warning"],
            &example()["fail"].to_string(),
        );
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("privilege-escalation-path"), "{out}");
    }

    #[test]
    fn assuming_an_admin_role_is_no_escalation() {
        // ops may assume Admin (its trust names the account): granted by a trust policy, not
        // escalated, even though ops could also create an access key for the admin user.
        let model = serde_json::json!({"accounts": {"111111111111": {
            "users": [
                {"name": "ops", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/Admin"},
                    {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111111111111:user/root-like"}]}}},
                {"name": "root-like", "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
                {"name": "keys", "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "Keys", "Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111111111111:user/root-like"}]}}}],
            "roles": [{"name": "Admin", "trustPolicy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]},
                "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"]}]}}});
        let found = findings(&model);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0]["path"],
            "/accounts/111111111111/users/2/inlinePolicies/p/Statement/0"
        );
        assert!(found[0]["message"]
            .as_str()
            .unwrap()
            .contains("iam-create-access-key"));
    }
}
