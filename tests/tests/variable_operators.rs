//! Where policy variables may stand in a condition value: AWS substitutes `${…}` in the values of
//! String and ARN operators only (../shared/reference/iam-evaluation.md 3.5; for `Bool` the docs
//! conflict and iamsim reads the value literally, open question 8). In a Numeric, Date, Bool, IP or
//! Binary value a variable is therefore literal text that is not a number, date, boolean, address
//! or base64, and the policy is invalid. Pins `BaseOperator::supports_variables` (a surviving
//! mutant of the first cargo-mutants run, docs/testing.md).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::policy::{parse_policy, validate_policy, PolicyKind};
use serde_json::json;

/// The error codes of an identity policy whose one condition is `{operator: {key: value}}`.
fn codes(operator: &str, key: &str, value: &str) -> Vec<&'static str> {
    let text =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {operator: {key: value}}}]})
        .to_string();
    let parsed = parse_policy(&text);
    let policy = parsed.policy.as_ref().expect("the policy parses");
    let mut all: Vec<&'static str> = parsed.diagnostics.iter().map(|d| d.code).collect();
    all.extend(
        validate_policy(policy, PolicyKind::Identity, Some(&text), "")
            .iter()
            .map(|d| d.code),
    );
    all
}

#[test]
fn string_and_arn_operators_take_variables() {
    for (operator, key) in [
        ("StringEquals", "aws:PrincipalTag/team"),
        ("StringLike", "s3:prefix"),
        ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team"),
        ("ArnEquals", "aws:SourceArn"),
        ("ArnLike", "aws:PrincipalArn"),
    ] {
        assert_eq!(
            codes(operator, key, "${aws:username}"),
            Vec::<&str>::new(),
            "{operator}"
        );
    }
}

#[test]
fn other_operator_families_read_a_variable_as_an_invalid_literal() {
    for (operator, key) in [
        ("NumericLessThan", "aws:MultiFactorAuthAge"),
        ("DateLessThanEquals", "aws:CurrentTime"),
        ("Bool", "aws:SecureTransport"),
        ("IpAddress", "aws:SourceIp"),
        ("BinaryEquals", "aws:PrincipalTag/blob"),
        ("Null", "aws:SourceIp"),
    ] {
        assert_eq!(
            codes(operator, key, "${aws:PrincipalTag/limit}"),
            ["invalid-condition-value"],
            "{operator}"
        );
    }
}
