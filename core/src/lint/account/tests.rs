use super::*;
use crate::lint::ACCOUNT_RULES;
use serde_json::{json, Value};

fn findings(text: &str) -> Vec<Diagnostic> {
    lint_model(text, &LintConfig::default(), &Limits::default()).unwrap()
}

fn codes_of(model: &Value, code: &str) -> Vec<Diagnostic> {
    findings(&model.to_string())
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

#[test]
fn every_account_rule_has_a_failing_and_a_passing_model() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lint/model");
    for rule in ACCOUNT_RULES {
        let path = dir.join(format!("{}.json", rule.code));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file: Value = serde_json::from_str(&text).unwrap();
        let fail = codes_of(&file["fail"], rule.code);
        assert!(!fail.is_empty(), "{}: `fail` raised nothing", rule.code);
        assert!(
            fail.iter().all(|d| d.severity == rule.severity),
            "{}",
            rule.code
        );
        let pass = codes_of(&file["pass"], rule.code);
        assert!(pass.is_empty(), "{}: `pass` raised {pass:?}", rule.code);
    }
}

#[test]
fn the_example_org_has_one_partner_trust_and_nothing_external_or_dangling() {
    let all = findings(crate::model::EXAMPLE_ORG);
    let account_wide: Vec<(&str, &str)> = all
        .iter()
        .filter(|d| ACCOUNT_RULES.iter().any(|r| r.code == d.code))
        .map(|d| (d.code, d.path.as_str()))
        .collect();
    // The MSP (444444444444, outside the organization) is trusted by the client's audit role,
    // guarded by an external id: listed, not flagged.
    assert_eq!(
        account_wide,
        [(
            "external-access-conditional",
            "/accounts/777777777777/roles/0/trustPolicy/Statement/0"
        )]
    );
    // Per-policy rules run on every document of the model, located in the model.
    assert!(all.iter().any(|d| d.code == "service-wide-wildcard"
        && d.path
            .starts_with("/accounts/222222222222/policies/0/document/Statement/0")));
}

fn model(trust: Value, bucket: Value, rcp: Option<Value>) -> Value {
    let doc = |st: Value| json!({"Version": "2012-10-17", "Statement": st});
    let mut org = json!({"id": "o-exa1mple", "managementAccount": "999999999999",
        "policies": {"FullAWSAccess": {"type": "scp", "builtin": true}},
        "root": {"id": "r-ex12", "scps": ["FullAWSAccess"], "accounts": ["999999999999", "111111111111"], "ous": []}});
    if let Some(r) = rcp {
        org["policies"]["Perimeter"] = json!({"type": "rcp", "document": doc(r)});
        org["root"]["rcps"] = json!(["Perimeter"]);
    }
    json!({"organization": org, "accounts": {
        "999999999999": {},
        "111111111111": {"scps": ["FullAWSAccess"], "users": [{"name": "dana"}],
            "roles": [{"name": "Ops", "path": "/team/", "trustPolicy": doc(trust)}],
            "resources": [{"type": "s3", "name": "acme-data", "policy": doc(bucket)}]}}})
}

fn internal_trust() -> Value {
    json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/dana"}, "Action": "sts:AssumeRole"}])
}

fn internal_bucket() -> Value {
    json!([{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-data/*"}])
}

#[test]
fn a_role_trusting_everyone_is_external_access_by_any_account() {
    let trust = json!([{"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]);
    let hits = codes_of(&model(trust, internal_bucket(), None), "external-access");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0].message.contains("any AWS account"),
        "{}",
        hits[0].message
    );
    assert!(hits[0].message.contains("role/team/Ops"));
    assert_eq!(
        hits[0].path,
        "/accounts/111111111111/roles/0/trustPolicy/Statement/0"
    );
}

#[test]
fn a_resource_control_policy_perimeter_closes_external_access() {
    let public = json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-data/*"}]);
    assert_eq!(
        codes_of(
            &model(internal_trust(), public.clone(), None),
            "external-access"
        )
        .len(),
        1
    );
    // The organization's RCP denies principals outside it: the same bucket policy is closed.
    let perimeter = json!([{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-exa1mple"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]);
    let closed = model(internal_trust(), public, Some(perimeter));
    assert!(codes_of(&closed, "external-access").is_empty());
}

#[test]
fn deleted_principals_and_sessions_of_missing_roles_dangle() {
    let trust = json!([{"Effect": "Allow", "Principal": {"AWS": [
        "AROAEXAMPLEEXAMPLE123",
        "arn:aws:sts::111111111111:assumed-role/Gone/session",
        "arn:aws:sts::111111111111:assumed-role/ops/session",
        "arn:aws:iam::111111111111:user/dana",
        "arn:aws:iam::555555555555:role/SomeoneElses"]}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}]);
    let text = model(trust, internal_bucket(), None).to_string();
    let hits: Vec<Diagnostic> = findings(&text)
        .into_iter()
        .filter(|d| d.code == "dangling-principal")
        .collect();
    let texts: Vec<&str> = hits.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(hits.len(), 2, "{texts:?}");
    assert!(texts[0].contains("AROAEXAMPLEEXAMPLE123"));
    assert!(texts[1].contains("assumed-role/Gone"));
    // Located at the principal string in the model text.
    let span = hits[1].span.unwrap();
    assert_eq!(
        text.get(span.start as usize..span.end as usize).unwrap(),
        "\"arn:aws:sts::111111111111:assumed-role/Gone/session\""
    );
    assert_eq!(
        hits[1].path,
        "/accounts/111111111111/roles/0/trustPolicy/Statement/0/Principal"
    );
}

#[test]
fn a_model_that_does_not_load_is_an_error() {
    let errors = lint_model(
        "{\"accounts\": 1}",
        &LintConfig::default(),
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(errors[0].code, "wrong-type");
}
