//! Boundary values of every numeric or time limit the engine applies, each exercised at the limit
//! and one step past it, so an off-by-one (`<` for `<=`, 51 for 50) fails a test:
//! the Date and Numeric condition operators at equality and one unit either side, AWS's policy
//! size limits per policy kind, the reader's byte, depth and statement limits, and a role's
//! `maxSessionDuration` in the account model. The STS limits (session tags, durations, role
//! chaining) are pinned by the unit tests of `core/src/assume/sts/tests.rs`.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::eval::Decision;
use iamsim_core::limits::Limits;
use iamsim_core::model::{load_model, load_model_with};
use iamsim_core::policy::{parse_policy, parse_policy_with, validate_policy, PolicyKind};
use iamsim_tests::decide_value;
use serde_json::json;

/// Whether `Allow s3:GetObject if {operator: {key: policy_value}}` grants when the request carries
/// `key = request_value`.
fn condition_holds(operator: &str, key: &str, policy_value: &str, request_value: &str) -> bool {
    let scenario = json!({
        "id": "boundary", "principal": "arn:aws:iam::111111111111:user/alice",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::data/report.csv",
        "resourceAccount": "111111111111", "context": {key: request_value},
        "identityPolicies": [{"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {operator: {key: policy_value}}}]}],
        "resourcePolicy": null, "permissionBoundary": null, "sessionPolicy": null,
        "scps": [], "rcps": []
    });
    match decide_value(&scenario) {
        Ok(Decision::Allowed) => true,
        Ok(Decision::ImplicitDeny) => false,
        other => panic!("{operator}: unexpected {other:?}"),
    }
}

/// (operator, holds when the request is before, equal to, after the policy value)
const DATE_OPERATORS: [(&str, [bool; 3]); 6] = [
    ("DateEquals", [false, true, false]),
    ("DateNotEquals", [true, false, true]),
    ("DateLessThan", [true, false, false]),
    ("DateLessThanEquals", [true, true, false]),
    ("DateGreaterThan", [false, false, true]),
    ("DateGreaterThanEquals", [false, true, true]),
];

#[test]
fn every_date_operator_at_equality_and_one_second_either_side() {
    let limit = "2026-06-30T12:00:00Z";
    let requests = [
        "2026-06-30T11:59:59Z",
        "2026-06-30T12:00:00Z",
        "2026-06-30T12:00:01Z",
    ];
    for (op, expected) in DATE_OPERATORS {
        for (request, want) in requests.iter().zip(expected) {
            assert_eq!(
                condition_holds(op, "aws:CurrentTime", limit, request),
                want,
                "{op} {limit} with aws:CurrentTime {request}"
            );
        }
    }
}

#[test]
fn date_equality_holds_across_notations_of_the_same_instant() {
    // The same instant written with an offset, with milliseconds, and as epoch seconds
    // (aws:EpochTime's form) is equal: the comparison is of instants, not of text.
    let limit = "2026-06-30T12:00:00Z";
    for same in [
        "2026-06-30T14:00:00+02:00",
        "2026-06-30T12:00:00.000Z",
        "1782820800",
    ] {
        for (op, [_, at_equality, _]) in DATE_OPERATORS {
            assert_eq!(
                condition_holds(op, "aws:CurrentTime", limit, same),
                at_equality,
                "{op} {limit} with {same}"
            );
        }
    }
    // One millisecond is a difference.
    assert!(!condition_holds(
        "DateLessThanEquals",
        "aws:CurrentTime",
        limit,
        "2026-06-30T12:00:00.001Z"
    ));
    assert!(condition_holds(
        "DateLessThan",
        "aws:CurrentTime",
        limit,
        "2026-06-30T11:59:59.999Z"
    ));
}

#[test]
fn every_numeric_operator_at_equality_and_one_unit_either_side() {
    // (operator, holds when the request is below, equal to, above the policy value)
    let operators = [
        ("NumericEquals", [false, true, false]),
        ("NumericNotEquals", [true, false, true]),
        ("NumericLessThan", [true, false, false]),
        ("NumericLessThanEquals", [true, true, false]),
        ("NumericGreaterThan", [false, false, true]),
        ("NumericGreaterThanEquals", [false, true, true]),
    ];
    // The MFA age limit as policies write it: one hour.
    for (op, expected) in operators {
        for (request, want) in ["3599", "3600", "3601"].iter().zip(expected) {
            assert_eq!(
                condition_holds(op, "aws:MultiFactorAuthAge", "3600", request),
                want,
                "{op} 3600 with {request}"
            );
        }
        // Decimal notation of the same number is equal.
        assert_eq!(
            condition_holds(op, "aws:MultiFactorAuthAge", "3600", "3600.0"),
            expected[1],
            "{op} 3600 with 3600.0"
        );
    }
}

/// A `kind` policy of exactly `size` characters without whitespace.
fn policy_of_size(kind: PolicyKind, size: usize) -> String {
    let principal = if kind.has_principal() {
        r#","Principal":{"AWS":"111111111111"}"#
    } else {
        ""
    };
    let head = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow"{principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::"#
    );
    let tail = r#""}}"#;
    let pad = size
        .checked_sub(head.len() + tail.len())
        .expect("the size leaves room for the skeleton");
    let text = format!("{head}{}{tail}", "b".repeat(pad));
    assert_eq!(text.chars().filter(|c| !c.is_whitespace()).count(), size);
    text
}

fn too_large(kind: PolicyKind, text: &str) -> bool {
    let parsed = parse_policy(text);
    let policy = parsed.policy.as_ref().expect("the policy parses");
    validate_policy(policy, kind, Some(text), "")
        .iter()
        .any(|d| d.code == "policy-too-large")
}

#[test]
fn every_policy_kind_accepts_its_size_limit_and_warns_one_character_past_it() {
    let kinds = [
        (PolicyKind::Identity, 6_144),
        (PolicyKind::Boundary, 6_144),
        (PolicyKind::Trust, 2_048),
        (PolicyKind::Session, 2_048),
        (PolicyKind::Scp, 5_120),
        (PolicyKind::Rcp, 5_120),
        (PolicyKind::Resource, 20_480),
    ];
    for (kind, limit) in kinds {
        assert_eq!(kind.size_limit(), limit, "{kind:?}");
        assert!(
            !too_large(kind, &policy_of_size(kind, limit)),
            "{kind:?} at {limit}"
        );
        assert!(
            too_large(kind, &policy_of_size(kind, limit + 1)),
            "{kind:?} at {limit} + 1"
        );
    }
    // Whitespace does not count: the limit-sized policy, pretty-printed, is still within it.
    let spaced = policy_of_size(PolicyKind::Trust, 2_048).replace(',', " ,\n  ");
    assert!(spaced.len() > 2_048);
    assert!(!too_large(PolicyKind::Trust, &spaced));
}

fn codes(text: &str, limits: &Limits) -> Vec<&'static str> {
    parse_policy_with(text, limits)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn the_reader_accepts_exactly_its_byte_depth_and_statement_limits() {
    let two = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
    let bytes = |n: usize| Limits {
        input_bytes: n,
        ..Limits::default()
    };
    assert!(codes(two, &bytes(two.len())).is_empty());
    assert_eq!(codes(two, &bytes(two.len() - 1)), ["input-too-large"]);

    let statements = |n: usize| Limits {
        statements: n,
        ..Limits::default()
    };
    assert!(codes(two, &statements(2)).is_empty());
    assert_eq!(codes(two, &statements(1)), ["too-many-statements"]);

    // The policy nests three deep: object, Statement array, statement object.
    let depth = |n: usize| Limits {
        json_depth: n,
        ..Limits::default()
    };
    assert!(codes(two, &depth(3)).is_empty());
    assert_eq!(codes(two, &depth(2)), ["json-too-deep"]);
}

fn model_with_max_session(seconds: u64) -> String {
    format!(
        r#"{{"accounts": {{"111111111111": {{"roles": [{{"name": "R", "maxSessionDuration": {seconds},
        "trustPolicy": {{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Principal": {{"AWS": "111111111111"}}, "Action": "sts:AssumeRole"}}}}}}]}}}}}}"#
    )
}

#[test]
fn a_roles_max_session_duration_is_3600_to_43200_seconds() {
    for ok in [3_600, 43_200] {
        let model =
            load_model(&model_with_max_session(ok)).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
        let role = model.world.roles.first().expect("one role");
        assert_eq!(role.max_session_duration.map(u64::from), Some(ok));
    }
    for bad in [3_599, 43_201] {
        let Err(errors) = load_model(&model_with_max_session(bad)) else {
            panic!("maxSessionDuration {bad} was accepted");
        };
        let codes: Vec<(&str, &str)> = errors.iter().map(|d| (d.code, d.path.as_str())).collect();
        assert_eq!(
            codes,
            [(
                "invalid-max-session-duration",
                "/accounts/111111111111/roles/0/maxSessionDuration"
            )],
            "{bad}"
        );
    }
}

#[test]
fn a_model_policy_at_the_statement_limit_loads() {
    let text = r#"{"accounts": {"111111111111": {"roles": [{"name": "R",
        "trustPolicy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}]}}]}}}"#;
    let limits = |n: usize| Limits {
        statements: n,
        ..Limits::default()
    };
    assert!(load_model_with(text, &limits(2)).is_ok_and(|m| m.world.roles.len() == 1));
    let Err(errors) = load_model_with(text, &limits(1)) else {
        panic!("a policy over the statement limit was accepted");
    };
    assert_eq!(errors.first().map(|d| d.code), Some("too-many-statements"));
}
