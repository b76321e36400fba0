//! Exactness of conditional answers (issue #18): for random policies of every type with
//! conditions over a few keys, and random values of the unknown keys — absent, one value,
//! several values, an empty set, values of the wrong type — the simplified formula of
//! `iamsim_core::partial` gives exactly the concrete engine's decision (Allowed, ExplicitDeny,
//! ImplicitDeny).
//!
//! The generator covers callers of every kind (same-account and cross-account users, role
//! sessions, root, federated users, service principals, anonymous), identity policies,
//! permissions boundaries, session policies, resource policies naming the caller in each way,
//! SCP and RCP levels; conditions with every operator family, `IfExists`, `Null`,
//! `ForAnyValue:`/`ForAllValues:`, policy variables reading unknown keys (in values and in the
//! `Resource` element); and both ways of leaving keys unknown (named keys, which the request may
//! still hold and must not be read, and `*`).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::compile::{compile_policy, CompiledPolicy, PolicySource};
use iamsim_core::context::{Context, ContextValue, ContextValues};
use iamsim_core::eval::{decide, CallerPolicies, ResourcePolicies};
use iamsim_core::partial::{decide_partial, ConditionView, UnknownKeys};
use iamsim_core::policy::{parse_policy, PolicyKind};
use iamsim_core::request::{Action, Principal, Request, Resource};
use proptest::prelude::*;
use std::sync::Arc;

/// The keys conditions test, with values of their own type (and of the others: a value of the
/// wrong type must fail a test exactly as the engine fails it).
const KEYS: [&str; 5] = [
    "aws:SourceIp",
    "aws:PrincipalTag/team",
    "aws:MultiFactorAuthPresent",
    "aws:TagKeys",
    "s3:max-keys",
];

const VALUES: [&str; 14] = [
    "10.1.2.3",
    "10.200.0.1",
    "192.168.1.1",
    "2001:db8::1",
    "red",
    "blue",
    "Red",
    "",
    "true",
    "false",
    "TRUE",
    "5",
    "10",
    "x*",
];

/// Operators with values suited to them (`${aws:PrincipalTag/team}` reads an unknown key).
fn condition() -> impl Strategy<Value = String> {
    let ops: Vec<(&str, Vec<&str>)> = vec![
        (
            "StringEquals",
            vec!["red", "blue", "", "true", "${aws:PrincipalTag/team}"],
        ),
        ("StringNotEquals", vec!["red", "blue", "Red"]),
        ("StringEqualsIgnoreCase", vec!["red", "BLUE"]),
        ("StringNotEqualsIgnoreCase", vec!["RED"]),
        (
            "StringLike",
            vec!["r*", "b?ue", "x*", "${aws:PrincipalTag/team}*"],
        ),
        ("StringNotLike", vec!["r*", "*e"]),
        (
            "IpAddress",
            vec![
                "10.0.0.0/8",
                "10.1.0.0/16",
                "192.168.0.0/16",
                "2001:db8::/32",
            ],
        ),
        (
            "NotIpAddress",
            vec!["10.0.0.0/8", "10.128.0.0/9", "192.168.1.1"],
        ),
        ("Bool", vec!["true", "false"]),
        ("NumericLessThan", vec!["6", "10"]),
        ("NumericGreaterThanEquals", vec!["5"]),
        ("NumericNotEquals", vec!["10"]),
        ("Null", vec!["true", "false"]),
    ];
    (
        prop::sample::select(ops),
        prop::sample::select(KEYS.to_vec()),
        0usize..3,
        any::<bool>(),
        prop::collection::vec(any::<prop::sample::Index>(), 1..3),
    )
        .prop_map(|((op, pool), key, qualifier, if_exists, picks)| {
            let values: Vec<String> = picks
                .iter()
                .map(|i| format!("{:?}", i.get(&pool)))
                .collect();
            let (prefix, suffix) = if op == "Null" {
                ("", "")
            } else {
                (
                    ["", "ForAnyValue:", "ForAllValues:"][qualifier],
                    if if_exists { "IfExists" } else { "" },
                )
            };
            format!(
                r#""{prefix}{op}{suffix}":{{"{key}":[{}]}}"#,
                values.join(",")
            )
        })
}

/// A statement: effect, action, resource (maybe with a variable), principal (for resource
/// policies), 0 to 3 conditions.
fn statement(principal: bool) -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.75),
        prop::sample::select(vec!["s3:GetObject", "s3:*", "*", "ec2:*"]),
        prop::sample::select(vec![
            "*",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/${aws:PrincipalTag/team}",
            "arn:aws:s3:::other/*",
        ]),
        prop::sample::select(vec![
            r#""*""#,
            r#""*""#,
            r#"{"AWS":"*"}"#,
            r#"{"AWS":"111111111111"}"#,
            r#"{"AWS":"arn:aws:iam::111111111111:user/alice"}"#,
            r#"{"AWS":"arn:aws:iam::222222222222:user/carol"}"#,
            r#"{"AWS":"arn:aws:iam::111111111111:role/Dev"}"#,
            r#"{"AWS":"arn:aws:sts::111111111111:assumed-role/Dev/s1"}"#,
            r#"{"Service":"ec2.amazonaws.com"}"#,
        ]),
        prop::collection::vec(condition(), 1..4),
        prop::bool::weighted(0.3),
    )
        .prop_map(move |(allow, action, resource, who, mut conditions, bare)| {
            let effect = if allow { "Allow" } else { "Deny" };
            // A Deny without conditions mostly ends the question: keep them rare.
            if bare && allow {
                conditions.clear();
            }
            let principal = if principal {
                format!(r#","Principal":{who}"#)
            } else {
                String::new()
            };
            // One condition per operator in a block: later duplicates would be a JSON error.
            let mut seen = Vec::new();
            let conditions: Vec<String> = conditions
                .into_iter()
                .filter(|c| {
                    let op = c.split("\":{").next().unwrap_or_default().to_owned();
                    let fresh = !seen.contains(&op);
                    seen.push(op);
                    fresh
                })
                .collect();
            format!(
                r#"{{"Effect":"{effect}","Action":"{action}","Resource":"{resource}"{principal},"Condition":{{{}}}}}"#,
                conditions.join(",")
            )
        })
}

fn policy_text(principal: bool, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(statement(principal), 1..=max).prop_map(|sts| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            sts.join(",")
        )
    })
}

/// An SCP level: its policies, often with FullAWSAccess among them (else most requests would be
/// denied whatever the unknown keys hold).
fn scp_level() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(policy_text(false, 2), 1..3),
        prop::bool::weighted(0.7),
    )
        .prop_map(|(mut level, full)| {
            if full {
                level.push(
                    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#
                        .to_owned(),
                );
            }
            level
        })
}

fn compile(kind: PolicyKind, label: &str, text: &str) -> Arc<CompiledPolicy> {
    let parsed = parse_policy(text);
    let policy = parsed
        .policy
        .unwrap_or_else(|| panic!("{text}: {:?}", parsed.diagnostics));
    Arc::new(compile_policy(
        &policy,
        PolicySource {
            kind,
            label: label.into(),
            path: String::new(),
        },
    ))
}

#[derive(Debug, Clone)]
struct Case {
    caller: &'static str,
    identity: Vec<String>,
    boundary: Option<String>,
    session: Option<String>,
    resource: Option<String>,
    scps: Vec<Vec<String>>,
    rcps: Vec<Vec<String>>,
    /// `*`, or the named unknown keys.
    unknown: Vec<&'static str>,
    /// Keys the request fixes (some of them also named unknown).
    fixed: Vec<(&'static str, Value)>,
    assignments: Vec<Vec<(&'static str, Value)>>,
}

/// A key's value: absent, one value, or a set (maybe empty).
#[derive(Debug, Clone)]
enum Value {
    Absent,
    One(&'static str),
    Many(Vec<&'static str>),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(Value::Absent),
        4 => prop::sample::select(VALUES.to_vec()).prop_map(Value::One),
        2 => prop::collection::vec(prop::sample::select(VALUES.to_vec()), 0..3).prop_map(Value::Many),
    ]
}

fn assignment() -> impl Strategy<Value = Vec<(&'static str, Value)>> {
    prop::collection::vec(value(), KEYS.len()).prop_map(|vs| KEYS.iter().copied().zip(vs).collect())
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::sample::select(vec![
            "arn:aws:iam::111111111111:user/alice",
            "arn:aws:iam::222222222222:user/carol",
            "arn:aws:sts::111111111111:assumed-role/Dev/s1",
            "arn:aws:iam::111111111111:root",
            "arn:aws:sts::111111111111:federated-user/bob",
            "ec2.amazonaws.com",
            "anonymous",
        ]),
        prop::collection::vec(policy_text(false, 3), 1..3),
        prop::option::weighted(0.3, policy_text(false, 2)),
        prop::option::weighted(0.3, policy_text(false, 2)),
        prop::option::weighted(0.8, policy_text(true, 3)),
        prop::collection::vec(scp_level(), 0..3),
        prop::collection::vec(prop::collection::vec(policy_text(false, 2), 1..2), 0..2),
        prop::sample::subsequence(KEYS.to_vec(), 0..=KEYS.len()),
        any::<bool>(),
        (
            prop::collection::vec(assignment(), 1..2),
            prop::collection::vec(prop::bool::weighted(0.25), KEYS.len()),
        ),
        prop::collection::vec(assignment(), 6..7),
    )
        .prop_map(
            |(
                caller,
                identity,
                boundary,
                session,
                resource,
                scps,
                rcps,
                named,
                star,
                (fixed, keep),
                assignments,
            )| {
                // Under `*` some keys are fixed by the request; named keys may be fixed too
                // (their values must never be read).
                let fixed: Vec<(&'static str, Value)> = fixed
                    .into_iter()
                    .flatten()
                    .zip(keep)
                    .filter(|((k, v), keep)| {
                        *keep && !matches!(v, Value::Absent) && (!star || !named.contains(k))
                    })
                    .map(|(kv, _)| kv)
                    .collect();
                Case {
                    caller,
                    identity,
                    boundary,
                    session,
                    resource,
                    scps,
                    // RCPs allow by default: their statements are Denies with `Principal: "*"`.
                    rcps: rcps
                        .into_iter()
                        .map(|l| {
                            l.into_iter()
                                .map(|t| t.replace("\"Allow\"", "\"Deny\""))
                                .collect()
                        })
                        .collect(),
                    unknown: if star { vec!["*"] } else { named },
                    fixed,
                    assignments,
                }
            },
        )
}

/// Conditions the simplifier compares (sets of IPs, strings and booleans on one key, `Null`), for
/// the focused property below: its rules fire far more often than in random policies.
fn focused_condition() -> impl Strategy<Value = String> {
    let ops: Vec<(&str, &str, Vec<&str>)> = vec![
        (
            "IpAddress",
            "aws:SourceIp",
            vec![
                "10.0.0.0/8",
                "10.0.0.0/9",
                "10.128.0.0/9",
                "10.1.0.0/16",
                "192.168.0.0/16",
            ],
        ),
        (
            "NotIpAddress",
            "aws:SourceIp",
            vec!["10.0.0.0/8", "10.1.0.0/16"],
        ),
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            vec!["red", "blue", "Red"],
        ),
        (
            "StringNotEquals",
            "aws:PrincipalTag/team",
            vec!["red", "blue"],
        ),
        ("Bool", "aws:MultiFactorAuthPresent", vec!["true", "false"]),
        ("Null", "aws:SourceIp", vec!["true", "false"]),
        ("Null", "aws:PrincipalTag/team", vec!["true", "false"]),
    ];
    (
        prop::sample::select(ops),
        any::<bool>(),
        prop::collection::vec(any::<prop::sample::Index>(), 1..3),
    )
        .prop_map(|((op, key, pool), if_exists, picks)| {
            let values: Vec<String> = picks
                .iter()
                .map(|i| format!("{:?}", i.get(&pool)))
                .collect();
            let suffix = if if_exists && op != "Null" {
                "IfExists"
            } else {
                ""
            };
            format!(r#""{op}{suffix}":{{"{key}":[{}]}}"#, values.join(","))
        })
}

fn focused_policy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::bool::weighted(0.7),
            prop::collection::vec(focused_condition(), 1..3),
        ),
        1..4,
    )
    .prop_map(|sts| {
        let sts: Vec<String> = sts
            .into_iter()
            .map(|(allow, conditions)| {
                let effect = if allow { "Allow" } else { "Deny" };
                let mut seen = Vec::new();
                let conditions: Vec<String> = conditions
                    .into_iter()
                    .filter(|c| {
                        let op = c.split("\":{").next().unwrap_or_default().to_owned();
                        let fresh = !seen.contains(&op);
                        seen.push(op);
                        fresh
                    })
                    .collect();
                format!(
                    r#"{{"Effect":"{effect}","Action":"s3:*","Resource":"*","Condition":{{{}}}}}"#,
                    conditions.join(",")
                )
            })
            .collect();
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            sts.join(",")
        )
    })
}

fn focused_case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(focused_policy(), 1..3),
        prop::collection::vec(assignment(), 8..9),
    )
        .prop_map(|(identity, assignments)| Case {
            caller: "arn:aws:iam::111111111111:user/alice",
            identity,
            boundary: None,
            session: None,
            resource: None,
            scps: Vec::new(),
            rcps: Vec::new(),
            unknown: vec!["*"],
            fixed: Vec::new(),
            assignments,
        })
}

fn set(ctx: &mut Context, key: &str, v: &Value) {
    match v {
        Value::Absent => ctx.remove(key),
        Value::One(s) => ctx.set(key, *s),
        Value::Many(vs) => ctx.insert(
            key,
            ContextValues::Multi(vs.iter().map(|s| ContextValue::new(*s)).collect()),
        ),
    }
}

fn request(case: &Case) -> Request {
    let principal = if case.caller == "anonymous" {
        Principal::anonymous()
    } else {
        Principal::parse(case.caller, None).unwrap()
    };
    let mut context = Context::new();
    for (k, v) in &case.fixed {
        set(&mut context, k, v);
    }
    let mut req = Request {
        principal,
        action: Action::parse("s3:GetObject").unwrap(),
        resource: Resource::new("arn:aws:s3:::bucket/red"),
        resource_account: Some("111111111111".into()),
        context,
    };
    req.fill_principal_keys();
    req
}

fn policies(case: &Case) -> (CallerPolicies, ResourcePolicies) {
    let caller = CallerPolicies {
        identity: case
            .identity
            .iter()
            .enumerate()
            .map(|(i, t)| compile(PolicyKind::Identity, &format!("identity[{i}]"), t))
            .collect(),
        boundary: case
            .boundary
            .as_ref()
            .map(|t| compile(PolicyKind::Boundary, "boundary", t)),
        session: case
            .session
            .as_ref()
            .map(|t| compile(PolicyKind::Session, "session", t)),
        scps: case
            .scps
            .iter()
            .map(|l| {
                l.iter()
                    .map(|t| compile(PolicyKind::Scp, "scp", t))
                    .collect()
            })
            .collect(),
    };
    let resource = ResourcePolicies {
        resource: case
            .resource
            .as_ref()
            .map(|t| compile(PolicyKind::Resource, "resource", t)),
        rcps: case
            .rcps
            .iter()
            .map(|l| {
                l.iter()
                    .map(|t| compile(PolicyKind::Rcp, "rcp", t))
                    .collect()
            })
            .collect(),
    };
    (caller, resource)
}

/// Every assignment of the case gets the engine's decision from the formula.
fn assert_exact(case: &Case) -> Result<(), TestCaseError> {
    let req = request(case);
    let (caller, resource) = policies(case);
    let unknown = UnknownKeys::from_names(&case.unknown);
    let d = decide_partial(&req, &unknown, &caller, &resource).expect("formula within bounds");
    for a in &case.assignments {
        // The concrete request: known keys, the named unknown keys replaced, the others set
        // only where unknown.
        let mut full = req.clone();
        for (k, v) in a {
            if unknown.is_unknown(&k.to_lowercase(), &req.context) {
                set(&mut full.context, k, v);
            }
        }
        let concrete = decide(&full, &caller, &resource);
        let partial = d.decide(&full.context);
        prop_assert_eq!(
            partial,
            concrete,
            "assignment {:?}\nallowed if {}\nformula terms {:?}",
            a,
            ConditionView::new(&d, Vec::new()).text,
            d.allowed.terms
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

    #[test]
    fn simplified_formula_gives_the_engines_decision(case in focused_case()) {
        assert_exact(&case)?;
    }

    #[test]
    fn formula_gives_the_engines_decision(case in case()) {
        assert_exact(&case)?;
    }
}

/// The generator exercises what the property is about: conditional answers (with negated tests,
/// several terms, resource tests), every decision of the engine among the assignments, and
/// answers that change with the values of the unknown keys.
#[test]
fn generator_covers_conditional_answers() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let (mut conditional, mut negated, mut several_terms, mut resource_tests, mut varying) =
        (0, 0, 0, 0, 0);
    let mut decisions = std::collections::HashSet::new();
    for _ in 0..500 {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        let req = request(&case);
        let (caller, resource) = policies(&case);
        let unknown = UnknownKeys::from_names(&case.unknown);
        let d = decide_partial(&req, &unknown, &caller, &resource).unwrap();
        let view = ConditionView::new(&d, Vec::new());
        if d.allowed.as_constant().is_none() {
            conditional += 1;
        }
        let lits: Vec<_> = view.any_of.iter().flat_map(|t| &t.all_of).collect();
        negated += usize::from(lits.iter().any(|l| l.negated));
        resource_tests += usize::from(lits.iter().any(|l| l.kind == "resource"));
        several_terms += usize::from(view.any_of.len() > 1);
        let mut seen = std::collections::HashSet::new();
        for a in &case.assignments {
            let mut full = req.clone();
            for (k, v) in a {
                if unknown.is_unknown(&k.to_lowercase(), &req.context) {
                    set(&mut full.context, k, v);
                }
            }
            let decision = decide(&full, &caller, &resource);
            seen.insert(decision);
            decisions.insert(decision);
        }
        varying += usize::from(seen.len() > 1);
    }
    eprintln!("conditional {conditional}, negated {negated}, several terms {several_terms}, resource tests {resource_tests}, varying {varying}");
    assert!(
        conditional >= 100,
        "{conditional} conditional answers in 500"
    );
    assert!(negated >= 20 && several_terms >= 20 && resource_tests >= 5);
    assert!(varying >= 50, "{varying} cases whose decision varies");
    assert_eq!(decisions.len(), 3, "{decisions:?}");
}
