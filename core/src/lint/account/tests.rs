//! Account-wide findings on small models and on the embedded example organization.

use super::*;
use crate::model::EXAMPLE_ORG;

const ACCOUNT_WIDE: [&str; 5] = [
    "public-access",
    "external-account-access",
    "service-access-any-account",
    "dangling-principal",
    "unassumable-role",
];

fn account_wide(text: &str) -> Vec<Diagnostic> {
    lint_model(text, &LintConfig::default())
        .into_iter()
        .filter(|d| ACCOUNT_WIDE.contains(&d.code))
        .collect()
}

/// The example organization: the only outsider is the MSP (444444444444, not in the
/// organization), trusted by the client account's role behind an ExternalId. The bucket and key
/// of the data account trust only the identity account, and the DataPerimeter RCP stands.
#[test]
fn example_org_findings_are_the_true_ones() {
    let found = account_wide(EXAMPLE_ORG);
    let got: Vec<(&str, &str)> = found.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        got,
        [(
            "external-account-access",
            "/accounts/777777777777/roles/0/trustPolicy/Statement/0"
        )]
    );
    let msg = &found[0].message;
    assert!(
        msg.contains("`444444444444`") && msg.contains("ExternalId `cust-7Q2`"),
        "{msg}"
    );
    // The span is the statement in the model text.
    let span = found[0].span.unwrap();
    let text = EXAMPLE_ORG
        .get(span.start as usize..span.end as usize)
        .unwrap();
    assert!(text.starts_with('{') && text.contains("cust-7Q2"), "{text}");
}

fn one_account(account: &str) -> String {
    format!(r#"{{"accounts": {{"111111111111": {account}}}}}"#)
}

#[test]
fn public_bucket_is_reported_as_anonymous_once_per_statement() {
    let text = one_account(
        r#"{"resources": [{"type": "s3", "name": "www", "policy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Web", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::www/*"}]}}]}"#,
    );
    let found = account_wide(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "public-access");
    assert!(found[0].message.contains("anonymous") && found[0].message.contains("`s3:GetObject`"));
    assert_eq!(
        found[0].path,
        "/accounts/111111111111/resources/0/policy/Statement/0"
    );
}

#[test]
fn deny_on_foreign_principals_removes_public_access() {
    let text = one_account(
        r#"{"resources": [{"type": "s3", "name": "www", "policy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Web", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::www/*"},
            {"Sid": "OwnOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::www/*",
             "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalAccount": "111111111111"}, "Null": {"aws:PrincipalAccount": "false"}}}]}}]}"#,
    );
    let found = account_wide(&text);
    // Anonymous callers have no account: the Deny does not apply to them, the Allow still does.
    let got: Vec<_> = found.iter().map(|d| d.code).collect();
    assert_eq!(got, ["public-access"], "{found:?}");
    assert!(found[0].message.contains("anonymous"));
}

/// Without an organization, another account of the same model is external.
#[test]
fn without_organization_other_accounts_are_external() {
    let text = r#"{"accounts": {
        "111111111111": {"roles": [{"name": "Shared", "trustPolicy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Peer", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:role/Ops"}, "Action": "sts:AssumeRole"}]}}]},
        "222222222222": {"roles": [{"name": "Ops", "trustPolicy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Own", "Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}]}}]}}}"#;
    let found = account_wide(text);
    let got: Vec<_> = found.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert!(
        got.contains(&(
            "external-account-access",
            "/accounts/111111111111/roles/0/trustPolicy/Statement/0"
        )),
        "{found:?}"
    );
    assert!(found[0].message.contains("without an ExternalId"));
}

#[test]
fn a_model_that_does_not_load_gives_its_errors_only() {
    let found = lint_model(r#"{"accounts": {"1": {}}}"#, &LintConfig::default());
    assert!(
        !found.is_empty() && found.iter().all(Diagnostic::is_error),
        "{found:?}"
    );
    assert_eq!(found[0].code, "invalid-account-id");
}

#[test]
fn config_disables_account_wide_codes() {
    let text = one_account(
        r#"{"roles": [{"name": "Open", "trustPolicy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Any", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}]}"#,
    );
    assert!(account_wide(&text)
        .iter()
        .any(|d| d.code == "public-access"));
    let parsed = crate::lint::parse_lint_config(r#"{"disable": ["public-access"]}"#);
    let found = lint_model(&text, &parsed.config);
    assert!(found.iter().all(|d| d.code != "public-access"));
    // The per-policy lint of the same document still runs.
    assert!(found.iter().any(|d| d.code == "any-principal-unrestricted"));
}

#[test]
fn json_api_locates_findings_in_the_model() {
    let v = crate::api::lint_model_json(EXAMPLE_ORG);
    assert_eq!(v["valid"], true);
    let found: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "external-account-access")
        .collect();
    assert_eq!(found.len(), 1);
    assert!(found[0]["line"].as_u64().unwrap() > 1);
    // The MSP reaches a role of the organization: a security warning (so `--fail-on
    // security-warning` catches it), whose hint does not ask for the ExternalId it already passes.
    assert_eq!(found[0]["severity"], "securityWarning");
    let hint = found[0]["hint"].as_str().unwrap();
    assert!(
        hint.contains("cust-7Q2") && !hint.contains("require `sts:ExternalId`"),
        "{hint}"
    );
    let broken = crate::api::lint_model_json("{");
    assert_eq!(broken["valid"], false);
}

/// Users and sessions are checked too; an account outside the organization is external, not
/// dangling; an existing role with a path matches only by its full ARN.
#[test]
fn dangling_principals_in_the_organization_only() {
    let text = r#"{"organization": {"id": "o-aaaa1111bb", "root": {"id": "r-ab12", "accounts": ["111111111111"]}},
      "accounts": {"111111111111": {"users": [{"name": "alice"}],
        "roles": [{"name": "Ops", "path": "/team/", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Sid": "T", "Effect": "Allow", "Principal": {"AWS": [
          "arn:aws:iam::111111111111:user/alice",
          "arn:aws:iam::111111111111:user/bob",
          "arn:aws:sts::111111111111:assumed-role/Ops/s1",
          "arn:aws:sts::111111111111:assumed-role/Gone/s1",
          "arn:aws:iam::111111111111:role/team/Ops",
          "arn:aws:iam::111111111111:role/Ops",
          "arn:aws:iam::222222222222:role/Partner"]}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"sts:ExternalId": "p-1"}}}]}}]}}}"#;
    let found: Vec<String> = lint_model(text, &LintConfig::default())
        .into_iter()
        .filter(|d| d.code == "dangling-principal")
        .map(|d| d.message)
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("user/bob"));
    assert!(found[1].contains("assumed-role/Gone"));
    assert!(found[2].contains("`arn:aws:iam::111111111111:role/Ops`"));
}

/// The model knows its accounts: the per-policy third-party rule needs no `accounts` config.
#[test]
fn per_policy_lint_knows_the_organization_accounts() {
    let text = r#"{"organization": {"id": "o-aaaa1111bb", "root": {"id": "r-ab12", "accounts": ["111111111111"]}},
      "accounts": {"111111111111": {"roles": [{"name": "Vendor", "trustPolicy": {"Version": "2012-10-17", "Statement": [
        {"Sid": "V", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:role/Scanner"}, "Action": "sts:AssumeRole"}]}}]}}}"#;
    let codes: Vec<&str> = lint_model(text, &LintConfig::default())
        .iter()
        .map(|d| d.code)
        .collect();
    assert!(
        codes.contains(&"third-party-without-external-id"),
        "{codes:?}"
    );
    assert!(codes.contains(&"external-account-access"), "{codes:?}");
    assert!(!codes.contains(&"dangling-principal"), "{codes:?}");
}

/// A trust policy open to `"AWS": "*"` whose condition lets in every IAM user (or every role
/// named `R…`) of any account is public: the outside callers tried are shaped by the
/// `aws:PrincipalArn` patterns, not only a role session that the condition would refuse.
#[test]
fn principal_arn_patterns_open_to_any_account_are_public() {
    for (pattern, public) in [
        ("arn:aws:iam::*:user/*", true),
        ("arn:aws:iam::*:role/R*", true),
        // A session's aws:PrincipalArn is its role's ARN (AWS's global condition keys page), so a
        // session-ARN pattern lets nobody in.
        ("arn:aws:sts::*:assumed-role/*/ci-*", false),
        // The root user cannot assume roles (AWS's AssumeRole reference).
        ("arn:aws:iam::*:root", false),
        // Only the owning account's users: nobody outside.
        ("arn:aws:iam::111111111111:user/*", false),
    ] {
        let text = one_account(&format!(
            r#"{{"roles": [{{"name": "Open", "trustPolicy": {{"Version": "2012-10-17", "Statement": [
                {{"Sid": "Any", "Effect": "Allow", "Principal": {{"AWS": "*"}}, "Action": "sts:AssumeRole",
                 "Condition": {{"StringLike": {{"aws:PrincipalArn": "{pattern}"}}}}}}]}}}}]}}"#
        ));
        let found = account_wide(&text);
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        if public {
            assert_eq!(codes, ["public-access"], "{pattern}: {found:?}");
            assert!(found[0].message.contains("any AWS account"), "{found:?}");
        } else {
            assert!(codes.is_empty(), "{pattern}: {found:?}");
        }
    }
}

/// The same for a resource policy: a bucket open to every IAM user of any account.
#[test]
fn bucket_open_to_every_user_of_any_account_is_public() {
    let text = one_account(
        r#"{"resources": [{"type": "s3", "name": "www", "policy": {"Version": "2012-10-17", "Statement": [
            {"Sid": "Users", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::www/*",
             "Condition": {"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:user/*", "arn:aws:iam::*:root"]}}}]}}]}"#,
    );
    let found = account_wide(&text);
    let codes: Vec<_> = found.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["public-access"], "{found:?}");
    assert!(
        found[0].message.contains("any AWS account") && found[0].message.contains("`s3:GetObject`")
    );
}

/// #13 item 9: a customer managed policy used only as a permissions boundary grants nothing by
/// itself, so `passrole-escalation-combo` is not raised on it; the same document attached as an
/// identity policy still gets it.
#[test]
fn passrole_combo_is_not_raised_on_a_policy_used_only_as_a_boundary() {
    let doc = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction"], "Resource": "*"}]}"#;
    let model = |user: &str| {
        format!(
            r#"{{"accounts": {{"111111111111": {{"policies": [{{"name": "Ceiling", "document": {doc}}}],
              "users": [{user}]}}}}}}"#
        )
    };
    let combo = |text: &str| {
        lint_model(text, &LintConfig::default())
            .iter()
            .filter(|d| d.code == "passrole-escalation-combo")
            .count()
    };
    let boundary = model(
        r#"{"name": "dev", "permissionBoundary": "arn:aws:iam::111111111111:policy/Ceiling"}"#,
    );
    assert_eq!(combo(&boundary), 0);
    let attached = model(r#"{"name": "dev", "managedPolicies": ["Ceiling"]}"#);
    assert_eq!(combo(&attached), 1);
    let both = model(
        r#"{"name": "dev", "managedPolicies": ["Ceiling"], "permissionBoundary": "Ceiling"}"#,
    );
    assert_eq!(combo(&both), 1);
}
