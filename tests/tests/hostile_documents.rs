//! Documents that JSON allows but IAM does not (issue #14): each is a located error with a message
//! that names the real problem.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::diag::LineIndex;
use iamsim_core::lint::{check_source, LintConfig};
use iamsim_core::model::load_model;
use iamsim_core::policy::PolicyKind;

#[test]
fn an_inline_policy_name_given_twice_is_a_located_error() {
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let deny =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;
    let text = format!(
        "{{\"accounts\": {{\"111111111111\": {{\"roles\": [{{\"name\": \"r\",\n  \"inlinePolicies\": {{\"p\": {deny},\n    \"p\": {doc}}}}}]}}}}}}"
    );
    let Err(errors) = load_model(&text) else {
        panic!("the model must not load");
    };
    let d = errors
        .iter()
        .find(|d| d.code == "duplicate-key")
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert_eq!(d.path, "/accounts/111111111111/roles/0/inlinePolicies/p");
    assert!(d.message.contains("inline policy `p`"), "{}", d.message);
    let at = d.locate(&LineIndex::new(&text));
    assert_eq!(at.line, Some(3));
}

#[test]
fn a_nested_array_in_a_condition_says_so() {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":[["alice","bob"]]}}}]}"#;
    let found = check_source(text, PolicyKind::Identity, &LintConfig::default());
    let errors: Vec<_> = found.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].message,
        "nested arrays are not allowed in a condition value"
    );
    assert_eq!(
        errors[0].path,
        "/Statement/0/Condition/StringEquals/aws:username/0"
    );
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("list all values in one flat array")
    );
}
