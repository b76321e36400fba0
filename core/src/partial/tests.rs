//! Conditional decisions of small request shapes, each checked against the concrete engine for
//! a handful of values of the unknown keys (the property test covers random policies).

use super::*;
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::eval::{decide, CallerPolicies, ResourcePolicies};
use crate::policy::{parse_policy, PolicyKind};
use crate::request::{Action, Principal, Request, Resource};
use std::sync::Arc;

fn policy(kind: PolicyKind, label: &str, text: &str) -> Arc<CompiledPolicy> {
    let parsed = parse_policy(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    Arc::new(compile_policy(
        &parsed.policy.unwrap(),
        PolicySource {
            kind,
            label: label.into(),
            path: String::new(),
        },
    ))
}

fn identity(statements: &str) -> CallerPolicies {
    CallerPolicies {
        identity: vec![policy(
            PolicyKind::Identity,
            "identityPolicies[0]",
            &format!(r#"{{"Version":"2012-10-17","Statement":{statements}}}"#),
        )],
        ..CallerPolicies::default()
    }
}

fn request(context: &[(&str, &str)]) -> Request {
    let mut ctx = crate::context::Context::new();
    for (k, v) in context {
        ctx.set(k, *v);
    }
    Request {
        principal: Principal::parse("arn:aws:iam::111111111111:user/alice", None).unwrap(),
        action: Action::parse("s3:GetObject").unwrap(),
        resource: Resource::new("arn:aws:s3:::bucket/key"),
        resource_account: Some("111111111111".into()),
        context: ctx,
    }
}

/// The partial decision, checked against the engine for each listed assignment.
fn check(
    caller: &CallerPolicies,
    unknown: &[&str],
    assignments: &[&[(&str, &str)]],
) -> (PartialDecision, ConditionView) {
    let req = request(&[]);
    let resource = ResourcePolicies::default();
    let d = decide_partial(&req, &UnknownKeys::from_names(unknown), caller, &resource).unwrap();
    for a in assignments {
        let full = request(a);
        assert_eq!(
            d.decide(&full.context),
            decide(&full, caller, &resource),
            "assignment {a:?}, formula {}",
            ConditionView::new(&d, Vec::new()).text
        );
    }
    let view = ConditionView::new(&d, unknown.iter().map(|s| s.to_string()).collect());
    (d, view)
}

const IP_IN: &[(&str, &str)] = &[("aws:SourceIp", "10.1.2.3")];
const IP_OUT: &[(&str, &str)] = &[("aws:SourceIp", "192.0.2.1")];
const MFA: &[(&str, &str)] = &[("aws:MultiFactorAuthPresent", "true")];
const BOTH: &[(&str, &str)] = &[
    ("aws:SourceIp", "10.1.2.3"),
    ("aws:MultiFactorAuthPresent", "true"),
];
const NONE: &[(&str, &str)] = &[];

#[test]
fn source_ip_and_mfa() {
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{
            "IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]"#,
    );
    let (_, view) = check(&caller, &["*"], &[NONE, IP_IN, IP_OUT, MFA, BOTH]);
    assert_eq!(view.outcome, Outcome::Conditional);
    assert_eq!(
        view.sentence(),
        "Allowed if aws:SourceIp in 10.0.0.0/8 and aws:MultiFactorAuthPresent = true"
    );
    let lit = &view.any_of[0].all_of[0];
    assert_eq!(
        (lit.key.as_str(), lit.operator),
        ("aws:SourceIp", "IpAddress")
    );
    assert_eq!(lit.sources[0].policy, "identityPolicies[0]");
}

#[test]
fn a_deny_gives_negated_tests_that_simplify_away() {
    // Deny outside 10.0.0.0/8; allow from 10.1.0.0/16: the Deny's test is implied by the Allow's.
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.1.0.0/16"}}},
            {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]"#,
    );
    let (d, view) = check(&caller, &["aws:SourceIp"], &[NONE, IP_IN, IP_OUT]);
    assert_eq!(view.text, "aws:SourceIp in 10.1.0.0/16");
    assert!(!d.explicit_deny.is_false());
    // Without the Allow's narrower range, the Deny's test stays, negated.
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
            {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]"#,
    );
    let (_, view) = check(&caller, &["aws:SourceIp"], &[NONE, IP_IN, IP_OUT]);
    assert_eq!(view.text, "not (aws:SourceIp not in 10.0.0.0/8 if present)");
    assert!(view.any_of[0].all_of[0].negated);
}

#[test]
fn contradictions_and_unions() {
    // Two different values of one key in one statement: never.
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
            "StringEquals":{"aws:PrincipalTag/team":"red"},"ForAnyValue:StringLike":{"aws:TagKeys":"x*"}}},
           {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"red"}}},
           {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]"#,
    );
    let red: &[(&str, &str)] = &[("aws:PrincipalTag/team", "red")];
    let blue: &[(&str, &str)] = &[("aws:PrincipalTag/team", "blue")];
    let (_, view) = check(&caller, &["*"], &[NONE, red, blue]);
    assert_eq!(
        view.text,
        "aws:PrincipalTag/team = red and some value of aws:TagKeys like x*"
    );
    // Two Allows from two ranges: one test of their union.
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/9"}}},
            {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.128.0.0/9"}}}]"#,
    );
    let (_, view) = check(&caller, &["*"], &[NONE, IP_IN, IP_OUT]);
    assert_eq!(view.text, "aws:SourceIp in 10.0.0.0/8");
    assert_eq!(view.any_of[0].all_of[0].sources.len(), 2);
}

#[test]
fn constant_answers() {
    let caller = identity(r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]"#);
    let (_, view) = check(&caller, &["*"], &[NONE, IP_IN]);
    assert_eq!(view.outcome, Outcome::Allowed);
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]"#,
    );
    let (_, view) = check(&caller, &["*"], &[NONE]);
    assert_eq!((view.outcome, view.explicit), (Outcome::Denied, Some(true)));
    // A key the request fixes is not unknown under `*`.
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"bob"}}}]"#,
    );
    let mut req = request(&[("aws:username", "alice")]);
    req.fill_principal_keys();
    let d = decide_partial(
        &req,
        &UnknownKeys::from_names(&["*"]),
        &caller,
        &ResourcePolicies::default(),
    )
    .unwrap();
    assert!(d.allowed.is_false() && d.explicit_deny.is_false());
}

#[test]
fn null_if_exists_and_variables() {
    let caller = identity(
        r#"[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team}*",
             "Condition":{"Null":{"aws:SourceIp":"false"},"StringEqualsIfExists":{"aws:PrincipalTag/team":"${aws:PrincipalTag/owner}"}}}]"#,
    );
    let cases: &[&[(&str, &str)]] = &[
        NONE,
        IP_IN,
        &[("aws:SourceIp", "x"), ("aws:PrincipalTag/team", "k")],
        &[("aws:SourceIp", "x"), ("aws:PrincipalTag/team", "")],
        &[
            ("aws:SourceIp", "x"),
            ("aws:PrincipalTag/team", ""),
            ("aws:PrincipalTag/owner", ""),
        ],
    ];
    let (d, view) = check(&caller, &["*"], cases);
    assert_eq!(view.outcome, Outcome::Conditional);
    assert!(view
        .any_of
        .iter()
        .flat_map(|t| &t.all_of)
        .any(|l| l.kind == "resource"));
    assert!(d.tests.len() >= 3);
}
