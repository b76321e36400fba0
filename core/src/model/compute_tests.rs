//! The model's `compute`: read into the inventory, and every wrong field an error at its place.

use super::load_model;
use crate::escalation::ComputeKind;

fn model(compute: &str) -> String {
    format!(
        r#"{{"accounts": {{"111111111111": {{
  "roles": [{{"name": "FnRole", "path": "/service/", "trustPolicy": {{"Version": "2012-10-17", "Statement": [
    {{"Effect": "Allow", "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}}}],
  "compute": {compute}}}}}}}"#
    )
}

fn errors(compute: &str) -> Vec<(&'static str, String)> {
    match load_model(&model(compute)) {
        Ok(_) => panic!("accepted: {compute}"),
        Err(e) => e.into_iter().map(|d| (d.code, d.path)).collect(),
    }
}

#[test]
fn compute_is_read_with_its_arn_region_role_and_tags() {
    let m = load_model(&model(
        r#"[{"type": "lambda-function", "name": "ingest", "region": "eu-west-1", "role": "fnrole", "tags": {"team": "data"}},
            {"type": "cloudformation-stack", "arn": "arn:aws:cloudformation:us-east-2:111111111111:stack/infra/abc", "role": "arn:aws:iam::111111111111:role/Elsewhere"},
            {"type": "ec2-instance", "id": "i-1", "region": "eu-west-1", "role": "FnRole", "instanceProfile": "web"}]"#,
    ))
    .unwrap();
    let c = &m.iam.compute;
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].kind, ComputeKind::LambdaFunction);
    assert_eq!(
        c[0].arn,
        "arn:aws:lambda:eu-west-1:111111111111:function:ingest"
    );
    // A name resolves to the role's ARN, its path included (IAM names ignore case).
    assert_eq!(c[0].role, "arn:aws:iam::111111111111:role/service/FnRole");
    assert_eq!(c[0].tags, [("team".to_owned(), "data".to_owned())]);
    assert_eq!(c[1].region, "us-east-2");
    assert_eq!(c[1].role, "arn:aws:iam::111111111111:role/Elsewhere");
    assert_eq!(c[2].arn, "arn:aws:ec2:eu-west-1:111111111111:instance/i-1");
    assert_eq!(c[2].instance_profile.as_deref(), Some("web"));
    assert_eq!(m.iam.compute_in("111111111111").count(), 3);
    assert_eq!(m.iam.compute_in("222222222222").count(), 0);
}

#[test]
fn every_wrong_field_is_a_located_error() {
    let at = |i: usize, f: &str| format!("/accounts/111111111111/compute/{i}{f}");
    assert_eq!(
        errors(r#"{}"#),
        [("wrong-type", "/accounts/111111111111/compute".to_owned())]
    );
    assert_eq!(errors(r#"[3]"#), [("wrong-type", at(0, ""))]);
    assert_eq!(
        errors(r#"[{"type": "lambda", "name": "f", "region": "eu-west-1", "role": "FnRole"}]"#),
        [("unknown-compute-type", at(0, "/type"))]
    );
    assert_eq!(
        errors(r#"[{"type": 7, "name": "f", "region": "eu-west-1", "role": "FnRole"}]"#),
        [("wrong-type", at(0, "/type"))]
    );
    assert_eq!(
        errors(r#"[{"name": "f", "region": "eu-west-1", "role": "FnRole"}]"#),
        [("missing-field", at(0, ""))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "lambda-function", "name": "f", "region": "eu-west-1", "role": "FnRole", "rol": "x"}]"#
        ),
        [("unknown-field", at(0, "/rol"))]
    );
    assert_eq!(
        errors(r#"[{"type": "lambda-function", "name": "f", "region": "eu-west-1"}]"#),
        [("missing-field", at(0, ""))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "lambda-function", "name": "f", "region": "eu-west-1", "role": "Nobody"}]"#
        ),
        [("unknown-role", at(0, "/role"))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "lambda-function", "name": "f", "region": "eu-west-1", "role": "arn:aws:iam::222222222222:role/FnRole"}]"#
        ),
        [("invalid-compute-role", at(0, "/role"))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "lambda-function", "name": "f", "region": "eu-west-1", "role": ["FnRole"]}]"#
        ),
        [("wrong-type", at(0, "/role"))]
    );
    assert_eq!(
        errors(r#"[{"type": "lambda-function", "name": "f", "role": "FnRole"}]"#),
        [("missing-field", at(0, ""))]
    );
    assert_eq!(
        errors(r#"[{"type": "lambda-function", "region": "eu-west-1", "role": "FnRole"}]"#),
        [("missing-field", at(0, ""))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "cloudformation-stack", "name": "infra", "region": "eu-west-1", "role": "FnRole"}]"#
        ),
        [("missing-field", at(0, ""))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "lambda-function", "arn": "arn:aws:lambda:eu-west-1:222222222222:function:f", "role": "FnRole"}]"#
        ),
        [("invalid-compute-arn", at(0, "/arn"))]
    );
    assert_eq!(
        errors(r#"[{"type": "lambda-function", "arn": "arn:aws:s3:::bucket", "role": "FnRole"}]"#),
        [("invalid-compute-arn", at(0, "/arn"))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "lambda-function", "arn": "arn:aws:lambda:eu-west-1:111111111111:function:f", "region": "us-east-1", "role": "FnRole"}]"#
        ),
        [("conflicting-region", at(0, "/region"))]
    );
    assert_eq!(
        errors(
            r#"[{"type": "ec2-instance", "id": "i-1", "region": "eu-west-1", "role": "FnRole", "instanceProfile": 1, "tags": []}]"#
        ),
        [
            ("wrong-type", at(0, "/instanceProfile")),
            ("wrong-type", at(0, "/tags"))
        ]
    );
}
