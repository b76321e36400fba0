//! `otherVersions` of customer managed policies: read into the inventory, errors located.

use super::load_model;

fn model(versions: &str) -> String {
    format!(
        r#"{{"accounts": {{"111111111111": {{"policies": [{{"name": "P", "document":
  {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}},
  "otherVersions": {versions}}}]}}}}}}"#
    )
}

fn errors(versions: &str) -> Vec<(&'static str, String)> {
    match load_model(&model(versions)) {
        Ok(_) => panic!("accepted: {versions}"),
        Err(e) => e.into_iter().map(|d| (d.code, d.path)).collect(),
    }
}

#[test]
fn other_versions_are_compiled_and_checked_in_place() {
    let m = load_model(&model(
        r#"[{"versionId": "v1", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]"#,
    ))
    .unwrap();
    let arn = "arn:aws:iam::111111111111:policy/P";
    assert_eq!(m.iam.versions_of(arn), [0]);
    let v = &m.iam.versions[0];
    assert_eq!((v.policy.as_str(), v.version.as_str()), (arn, "v1"));
    assert_eq!(
        v.compiled.source.path,
        "/accounts/111111111111/policies/0/otherVersions/0/document"
    );
    let at = |f: &str| format!("/accounts/111111111111/policies/0/otherVersions{f}");
    assert_eq!(errors("{}"), [("wrong-type", at(""))]);
    assert_eq!(
        errors(r#"[{"document": {}}]"#),
        [("missing-field", at("/0"))]
    );
    assert_eq!(
        errors(r#"[{"versionId": "v1"}]"#),
        [("missing-field", at("/0"))]
    );
    assert_eq!(
        errors(
            r#"[{"versionId": "v1", "document": {"Version": "2012-10-17", "Statement": []}, "isDefault": true}]"#
        ),
        [("unknown-field", at("/0/isDefault"))]
    );
    assert_eq!(
        errors(r#"[{"versionId": 1, "document": {}}]"#),
        [("wrong-type", at("/0/versionId"))]
    );
    let dup = r#"[{"versionId": "v1", "document": {"Version": "2012-10-17", "Statement": []}}, {"versionId": "v1", "document": {"Version": "2012-10-17", "Statement": []}}]"#;
    assert_eq!(errors(dup), [("duplicate-name", at("/1/versionId"))]);
    // A version's own errors are reported at its place in the model.
    let bad = errors(
        r#"[{"versionId": "v1", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}}]"#,
    );
    assert!(
        bad.iter().all(|(_, p)| p.starts_with(&at("/0/document"))),
        "{bad:?}"
    );
    assert!(!bad.is_empty());
}
