//! The query layer's rules, each pinned by a question whose answer was wrong before it.

use super::*;
use crate::api::{check_json, decide_model_line};
use crate::model::load_model;
use serde_json::Value;

/// An organization whose workloads OU may only use eu-west-1, with an RCP exempting tagged
/// queues, a bucket whose region is in the model, and a role with tags.
const ORG: &str = r#"{
  "organization": {"id": "o-aaaa1111bb", "managementAccount": "999999999999",
    "policies": {
      "EuOnly": {"type": "scp", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}},
      "ResourcesInOrg": {"type": "scp", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "sqs:*", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:ResourceOrgID": "o-aaaa1111bb"}}}]}},
      "TaggedOnly": {"type": "rcp", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*",
         "Condition": {"StringNotEqualsIfExists": {"aws:ResourceTag/dp:exclude:identity": "true"}}}]}}
    },
    "root": {"id": "r-ab12", "scps": ["FullAWSAccess"], "accounts": ["999999999999"], "ous": [
      {"id": "ou-ab12-wrk00001", "name": "Workloads", "scps": ["FullAWSAccess", "EuOnly", "ResourcesInOrg"],
       "rcps": ["TaggedOnly"], "accounts": ["111111111111"]}]}},
  "accounts": {
    "999999999999": {},
    "111111111111": {
      "scps": ["FullAWSAccess"],
      "users": [{"name": "analyst", "mfaEnrolled": true, "inlinePolicies": {"all": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:SendMessage", "sts:AssumeRole"], "Resource": "*"}]}}}],
      "roles": [{"name": "Tagged", "tags": {"env": "prod"},
        "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}}],
      "resources": [
        {"type": "s3", "name": "lake", "region": "eu-west-1"},
        {"type": "sqs", "name": "q", "region": "eu-west-1", "tags": {"dp:exclude:identity": "true"},
         "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
           "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sqs:SendMessage", "Resource": "*"}]}}
      ]
    }
  }
}"#;

fn ask_check(query: &str) -> Value {
    let out = check_json(Some(ORG), query);
    assert!(out.get("error").is_none(), "{out}");
    out["result"].clone()
}

fn source(answer: &Value, key: &str) -> Value {
    answer["context"]
        .as_array()
        .and_then(|c| c.iter().find(|f| f["key"] == key))
        .map(|f| f["source"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn the_region_of_an_s3_request_is_the_buckets_and_a_region_scp_does_not_deny_it() {
    let a = ask_check(
        r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "arn:aws:s3:::lake/q3.csv"}"#,
    );
    assert_eq!(a["decision"], "Allowed", "{a}");
    assert_eq!(source(&a, "aws:RequestedRegion"), "resource-region");
    // A bucket the model does not know: no region to take, so us-east-1 — stated — and the SCP denies.
    let b = ask_check(
        r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "arn:aws:s3:::elsewhere/x"}"#,
    );
    assert_eq!(b["decision"], "ExplicitDeny", "{b}");
    assert_eq!(source(&b, "aws:RequestedRegion"), "fallback-region");
}

#[test]
fn a_default_region_in_the_model_stands_in_for_unknown_resources() {
    let org = ORG.replace(
        r#""managementAccount": "999999999999","#,
        r#""managementAccount": "999999999999", "defaultRegion": "eu-west-1","#,
    );
    let out = check_json(
        Some(&org),
        r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "arn:aws:s3:::elsewhere/x"}"#,
    );
    assert_eq!(out["result"]["decision"], "Allowed", "{out}");
    assert_eq!(
        source(&out["result"], "aws:RequestedRegion"),
        "organization-default-region"
    );
}

#[test]
fn global_services_report_us_east_1() {
    let a = ask_check(r#"{"principal": "analyst", "action": "iam:GetUser", "resource": "*"}"#);
    assert_eq!(source(&a, "aws:RequestedRegion"), "global-service");
}

#[test]
fn resource_tags_and_organization_keys_come_from_the_model() {
    // The RCP exempts queues tagged dp:exclude:identity=true, and the resource-perimeter SCP
    // needs aws:ResourceOrgID of the queue's account: both come from the model.
    let a = ask_check(
        r#"{"principal": "analyst", "action": "sqs:SendMessage", "resource": "arn:aws:sqs:eu-west-1:111111111111:q"}"#,
    );
    assert_eq!(a["decision"], "Allowed", "{a}");
    assert_eq!(
        source(&a, "aws:ResourceTag/dp:exclude:identity"),
        "resource-tags"
    );
    assert_eq!(source(&a, "aws:ResourceOrgID"), "resource-organization");
    assert_eq!(source(&a, "aws:ResourceOrgPaths"), "resource-organization");
    assert_eq!(source(&a, "aws:ResourceAccount"), "resource-account");
}

#[test]
fn for_assume_role_the_roles_tags_are_the_resource_tags_in_check_too() {
    // The same hop through check and assume: the role's tags are aws:ResourceTag/*.
    let c = ask_check(
        r#"{"principal": "analyst", "action": "sts:AssumeRole", "resource": "Tagged", "mfa": true}"#,
    );
    assert_eq!(c["decision"], "Allowed", "{c}");
    let model = load_model(ORG).unwrap();
    let q = AssumeQuestion {
        caller: AssumeCaller::Identity("analyst".into()),
        role: "Tagged".into(),
        given: Given {
            mfa: true,
            context: crate::context::Context::new(),
        },
        external_id: None,
        duration_seconds: None,
        session_name: "analyst".into(),
        session_tags: Vec::new(),
        transitive_tag_keys: Vec::new(),
        source_identity: None,
    };
    assert_eq!(assume(&model, &q).unwrap().decision.as_str(), c["decision"]);
}

#[test]
fn mfa_given_in_a_request_line_counts_as_in_check() {
    let model = load_model(ORG).unwrap();
    let line = r#"{"principal": "analyst", "action": "sts:AssumeRole", "resource": "Tagged", "context": {"aws:MultiFactorAuthPresent": "true"}}"#;
    let out = decide_model_line(&model, line, false);
    assert_eq!(out["decision"], "Allowed", "{out}");
    let check = ask_check(
        r#"{"principal": "analyst", "action": "sts:AssumeRole", "resource": "Tagged", "context": {"aws:MultiFactorAuthPresent": "true"}}"#,
    );
    assert_eq!(check["decision"], out["decision"]);
}

#[test]
fn wrong_typed_request_facts_are_located_errors() {
    let model = load_model(ORG).unwrap();
    for (line, path) in [
        (
            r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "*", "mfa": "true"}"#,
            "/mfa",
        ),
        (
            r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "*", "mfa": null}"#,
            "/mfa",
        ),
        (
            r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "*", "context": {"aws:SecureTransport": true}}"#,
            "/context/aws:SecureTransport",
        ),
        (
            r#"{"principal": "analyst", "action": "s3:GetObject", "resource": "*", "context": {"k": [1]}}"#,
            "/context/k/0",
        ),
        (
            r#"{"principal": 5, "action": "s3:GetObject", "resource": "*"}"#,
            "/principal",
        ),
    ] {
        let out = decide_model_line(&model, line, false);
        assert_eq!(out["error"]["code"], "wrong-type", "{line}: {out}");
        assert_eq!(out["error"]["path"], path, "{line}: {out}");
        assert_eq!(out["error"]["line"], 1, "{line}: {out}");
        assert!(
            out["error"]["column"].as_u64().unwrap() > 1,
            "{line}: {out}"
        );
    }
}

#[test]
fn a_duration_outside_the_roles_limits_is_an_invalid_request() {
    let out = crate::api::assume_json(
        Some(ORG),
        r#"{"principal": "analyst", "role": "Tagged", "mfa": true, "durationSeconds": 7200}"#,
    );
    assert_eq!(out["error"]["code"], "duration-out-of-range", "{out}");
    let out = crate::api::assume_json(
        Some(ORG),
        r#"{"principal": "analyst", "role": "Tagged", "mfa": true, "durationSeconds": 899}"#,
    );
    assert_eq!(out["error"]["code"], "duration-out-of-range", "{out}");
}

#[test]
fn unknown_names_point_at_the_field_of_the_question() {
    let out = check_json(
        Some(ORG),
        r#"{"principal": "analist", "action": "s3:GetObject", "resource": "*"}"#,
    );
    assert_eq!(out["error"]["code"], "unknown-principal");
    assert_eq!(out["error"]["path"], "/principal");
    assert_eq!(out["error"]["column"], 15);
    assert!(out["error"]["hint"].as_str().unwrap().contains("analyst"));
}

#[test]
fn who_can_lists_the_third_party_holding_the_external_id() {
    let out = crate::api::who_can_json(
        None,
        r#"{"action": "sts:AssumeRole", "resource": "arn:aws:iam::777777777777:role/SecurityAudit-MSP"}"#,
    );
    let auditor = out["result"]["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["principal"] == "arn:aws:iam::444444444444:role/Auditor")
        .unwrap_or_else(|| panic!("the MSP's Auditor is missing: {out}"))
        .clone();
    assert_eq!(auditor["account"], "444444444444");
    // Directly allowed to call AssumeRole; the target's own check states the ExternalId through
    // paths, and a chain through the role states it on the hop.
    let out = crate::api::who_can_json(
        None,
        r#"{"action": "iam:GetAccountAuthorizationDetails", "resource": "*", "context": {"aws:RequestedRegion": "us-east-1"}}"#,
    );
    let via_msp = out["result"]["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["principal"] == "arn:aws:iam::444444444444:role/Auditor")
        .unwrap_or_else(|| panic!("no chain from the MSP: {out}"))
        .clone();
    assert_eq!(via_msp["chain"][0]["requires"][0]["key"], "sts:ExternalId");
    assert_eq!(via_msp["chain"][0]["requires"][0]["value"], "cust-7Q2");
}

#[test]
fn who_can_lists_federated_entry_points_with_their_claims() {
    let out = crate::api::who_can_json(
        None,
        r#"{"action": "ecs:UpdateService", "resource": "arn:aws:ecs:eu-west-1:222222222222:service/prod/web"}"#,
    );
    let github = out["result"]["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "web-identity")
        .unwrap_or_else(|| panic!("no web-identity source: {out}"))
        .clone();
    assert_eq!(
        github["principal"],
        "arn:aws:iam::666666666666:oidc-provider/token.actions.githubusercontent.com"
    );
    let claims = github["chain"][0]["requires"].to_string();
    assert!(
        claims.contains("repo:acme/app:ref:refs/heads/main"),
        "{claims}"
    );
    assert_eq!(
        github["chain"][1]["role"],
        "arn:aws:iam::222222222222:role/Deploy"
    );
}
