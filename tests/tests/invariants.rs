//! Property tests of the evaluation flow's invariants over generated scenarios. The generator
//! covers every kind of caller (IAM user, role session, root, federated user, service-linked role,
//! service principal, anonymous), identity policies, resource policies naming users, sessions,
//! roles, accounts, services and `*`, permissions boundaries, session policies, SCP levels and RCP
//! levels, with conditions throughout. The invariants:
//! - an added Deny (anywhere, in any policy type) never grants, and an explicit deny stays one;
//! - removing an Allow (anywhere) never grants;
//! - the order of statements, of policies and of the policies within a level never matters;
//! - every entry point agrees: the fast and the traced evaluation, and the JSON API (the path the
//!   CLI and the wasm package take) on the same scenario written with its keys in another order.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::eval::Decision;
use iamsim_tests::decide_value;
use proptest::prelude::*;
use serde_json::{json, Value};

/// The kinds of caller the flow treats differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CallerKind {
    User,
    Session,
    Root,
    FederatedUser,
    ServiceLinkedRole,
    Service,
    Anonymous,
}

const CALLER_KINDS: [CallerKind; 7] = [
    CallerKind::User,
    CallerKind::Session,
    CallerKind::Root,
    CallerKind::FederatedUser,
    CallerKind::ServiceLinkedRole,
    CallerKind::Service,
    CallerKind::Anonymous,
];

/// A caller: its kind and the scenario's `principal` value.
fn principal() -> impl Strategy<Value = (CallerKind, Value)> {
    use CallerKind as K;
    prop::sample::select(vec![
        (K::User, json!("arn:aws:iam::111111111111:user/alice")),
        (
            K::Session,
            json!("arn:aws:sts::111111111111:assumed-role/Dev/s1"),
        ),
        (
            K::Session,
            json!("arn:aws:sts::222222222222:assumed-role/Ops/s2"),
        ),
        (K::Root, json!("arn:aws:iam::222222222222:root")),
        (
            K::FederatedUser,
            json!("arn:aws:sts::111111111111:federated-user/bob"),
        ),
        (
            K::ServiceLinkedRole,
            json!("arn:aws:iam::111111111111:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2"),
        ),
        (K::Service, json!("ec2.amazonaws.com")),
        (K::Anonymous, Value::Null),
    ])
}

/// (action, resource, the resource's account)
fn request() -> impl Strategy<Value = (&'static str, &'static str, &'static str)> {
    prop::sample::select(vec![
        (
            "s3:GetObject",
            "arn:aws:s3:::data/report.csv",
            "111111111111",
        ),
        (
            "s3:PutObject",
            "arn:aws:s3:::data/report.csv",
            "222222222222",
        ),
        (
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:111111111111:key/k1",
            "111111111111",
        ),
        (
            "sts:AssumeRole",
            "arn:aws:iam::222222222222:role/Target",
            "222222222222",
        ),
        (
            "ec2:StartInstances",
            "arn:aws:ec2:eu-west-1:111111111111:instance/i-1",
            "111111111111",
        ),
    ])
}

fn actions() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({"Action": "*"}),
        json!({"Action": "s3:*"}),
        json!({"Action": ["s3:Get*", "kms:Decrypt"]}),
        json!({"Action": "sts:AssumeRole"}),
        json!({"Action": "ec2:Start*"}),
        json!({"NotAction": "iam:*"}),
        json!({"NotAction": ["s3:*", "kms:*"]}),
    ])
}

/// Actions an RCP may name (no `NotAction`).
fn rcp_actions() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({"Action": "*"}),
        json!({"Action": "s3:*"}),
        json!({"Action": ["s3:GetObject", "kms:Decrypt"]}),
        json!({"Action": "sts:AssumeRole"}),
    ])
}

fn resources() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!({"Resource": "*"}),
        json!({"Resource": "arn:aws:s3:::data/*"}),
        json!({"Resource": ["arn:aws:kms:*:111111111111:key/*", "arn:aws:iam::*:role/Target"]}),
        json!({"NotResource": "arn:aws:s3:::secret/*"}),
        json!({"Resource": "arn:aws:ec2:eu-west-1:111111111111:instance/${aws:PrincipalTag/instance}"}),
    ])
}

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop::sample::select(vec![
        None,
        None,
        Some(json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})),
        Some(json!({"StringEquals": {"aws:PrincipalTag/team": "red"}})),
        Some(json!({"StringNotEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}})),
        Some(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
        Some(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}})),
        Some(json!({"Null": {"aws:SourceIp": "true"}})),
        Some(json!({"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-org1"}})),
        Some(json!({"Bool": {"aws:PrincipalIsAWSService": "false"}})),
        Some(json!({"DateLessThanEquals": {"aws:CurrentTime": "2026-06-30T12:00:00Z"}})),
    ])
}

/// Principals a resource policy names: users, sessions, roles (a service-linked one too),
/// accounts, the root, a federated user, a service, and everyone.
fn named_principals() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        json!("*"),
        json!({"AWS": "*"}),
        json!({"AWS": "111111111111"}),
        json!({"AWS": "arn:aws:iam::222222222222:root"}),
        json!({"AWS": "arn:aws:iam::111111111111:role/Dev"}),
        json!({"AWS": "arn:aws:iam::111111111111:user/alice"}),
        json!({"AWS": "arn:aws:sts::222222222222:assumed-role/Ops/s2"}),
        json!({"AWS": "arn:aws:sts::111111111111:federated-user/bob"}),
        json!({"AWS": "arn:aws:iam::111111111111:role/aws-service-role/ec2.amazonaws.com/AWSServiceRoleForEC2"}),
        json!({"Service": "ec2.amazonaws.com"}),
        json!({"AWS": ["arn:aws:iam::111111111111:user/alice", "222222222222"]}),
    ])
}

/// A statement. `with_principal` for resource policies; `rcp` for RCPs (Deny, `Principal: "*"`,
/// no `NotAction`).
fn statement(with_principal: bool, rcp: bool) -> impl Strategy<Value = Value> {
    let actions = if rcp {
        rcp_actions().boxed()
    } else {
        actions().boxed()
    };
    (
        prop::bool::weighted(0.75),
        actions,
        resources(),
        condition(),
        named_principals(),
    )
        .prop_map(move |(allow, a, r, c, p)| {
            let mut st = serde_json::Map::new();
            let effect = if allow && !rcp { "Allow" } else { "Deny" };
            st.insert("Effect".into(), json!(effect));
            for part in [a, r] {
                if let Value::Object(m) = part {
                    st.extend(m);
                }
            }
            if let Some(c) = c {
                st.insert("Condition".into(), c);
            }
            if rcp {
                st.insert("Principal".into(), json!("*"));
            } else if with_principal {
                st.insert("Principal".into(), p);
            }
            Value::Object(st)
        })
}

fn policy(with_principal: bool, rcp: bool) -> impl Strategy<Value = Value> {
    prop::collection::vec(statement(with_principal, rcp), 1..4)
        .prop_map(|sts| json!({"Version": "2012-10-17", "Statement": sts}))
}

/// An SCP level: FullAWSAccess where AWS attaches it, plus generated policies with conditions.
fn scp_level() -> impl Strategy<Value = Value> {
    let full = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    (
        prop::bool::weighted(0.7),
        prop::collection::vec(policy(false, false), 0..3),
    )
        .prop_map(move |(with_full, mut list)| {
            if with_full || list.is_empty() {
                list.insert(0, full.clone());
            }
            Value::Array(list)
        })
}

fn rcp_level() -> impl Strategy<Value = Value> {
    prop::collection::vec(policy(false, true), 0..3).prop_map(Value::Array)
}

/// A generated scenario and the kind of its caller.
fn scenario() -> impl Strategy<Value = (CallerKind, Value)> {
    (
        principal(),
        request(),
        prop::collection::vec(policy(false, false), 0..3),
        prop::option::of(policy(true, false)),
        (
            prop::option::of(policy(false, false)),
            prop::option::weighted(0.4, policy(false, false)),
        ),
        (
            prop::collection::vec(scp_level(), 0..3),
            prop::collection::vec(rcp_level(), 0..3),
        ),
        (
            prop::bool::ANY,
            prop::bool::ANY,
            prop::bool::ANY,
            prop::bool::ANY,
        ),
    )
        .prop_map(
            |(
                (kind, principal),
                (action, resource, owner),
                identity,
                rbp,
                (boundary, session),
                (scps, rcps),
                (mfa, red, tags, org),
            )| {
                let mut context = serde_json::Map::new();
                if mfa {
                    context.insert("aws:MultiFactorAuthPresent".into(), json!("true"));
                    context.insert("aws:SourceIp".into(), json!("10.1.2.3"));
                    context.insert("aws:CurrentTime".into(), json!("2026-06-30T12:00:00Z"));
                }
                if red {
                    context.insert("aws:PrincipalTag/team".into(), json!("red"));
                    context.insert("aws:PrincipalTag/instance".into(), json!("i-1"));
                }
                if tags {
                    context.insert("aws:TagKeys".into(), json!(["team", "env"]));
                }
                if org {
                    context.insert("aws:PrincipalOrgID".into(), json!("o-org1"));
                }
                context.insert("aws:RequestedRegion".into(), json!("eu-west-1"));
                let s = json!({
                    "id": "generated", "principal": principal, "action": action,
                    "resource": resource, "resourceAccount": owner,
                    "context": Value::Object(context), "identityPolicies": identity,
                    "resourcePolicy": rbp, "permissionBoundary": boundary,
                    "sessionPolicy": session, "scps": scps, "rcps": rcps
                });
                (kind, s)
            },
        )
}

/// Which policy type a document is; an added Deny must be valid for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocKind {
    Identity,
    Resource,
    Boundary,
    Session,
    Scp,
    Rcp,
}

/// Every policy document in the scenario, with its kind, as mutable references.
fn documents(s: &mut Value) -> Vec<(DocKind, &mut Value)> {
    let mut docs = Vec::new();
    let Value::Object(map) = s else { return docs };
    for (key, value) in map.iter_mut() {
        let kind = match key.as_str() {
            "identityPolicies" => DocKind::Identity,
            "resourcePolicy" => DocKind::Resource,
            "permissionBoundary" => DocKind::Boundary,
            "sessionPolicy" => DocKind::Session,
            "scps" => DocKind::Scp,
            "rcps" => DocKind::Rcp,
            _ => continue,
        };
        match (kind, value) {
            (DocKind::Identity, Value::Array(list)) => {
                docs.extend(list.iter_mut().map(|d| (kind, d)));
            }
            (DocKind::Scp | DocKind::Rcp, Value::Array(levels)) => {
                for level in levels.iter_mut() {
                    if let Value::Array(list) = level {
                        docs.extend(list.iter_mut().map(|d| (kind, d)));
                    }
                }
            }
            (_, v @ Value::Object(_)) => docs.push((kind, v)),
            _ => {}
        }
    }
    docs
}

fn statements(doc: &mut Value) -> &mut Vec<Value> {
    match doc.get_mut("Statement") {
        Some(Value::Array(list)) => list,
        other => panic!("generated documents have a Statement array, not {other:?}"),
    }
}

fn decision(s: &Value) -> Decision {
    match decide_value(s) {
        Ok(d) => d,
        Err(e) => panic!("generated scenario is invalid: {e}\n{s}"),
    }
}

/// The scenario as JSON text with every object's keys in reverse order.
fn reversed_keys(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), reversed_keys(v)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(list) => {
            let items: Vec<String> = list.iter().map(reversed_keys).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

fn decision_name(d: Decision) -> Value {
    serde_json::to_value(d).expect("a decision serializes")
}

proptest! {
    // 1,000 cases per property: about 1.5 s of CPU each in a debug build.
    #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]

    #[test]
    fn an_added_deny_never_grants(
        (_, s) in scenario(),
        pick in any::<prop::sample::Index>(),
        deny in statement(false, false),
        rcp_deny in statement(false, true),
        at in any::<prop::sample::Index>(),
    ) {
        let before = decision(&s);
        let mut after_s = s.clone();
        let mut docs = documents(&mut after_s);
        prop_assume!(!docs.is_empty());
        let at_doc = pick.index(docs.len());
        let (kind, doc) = &mut docs[at_doc];
        let mut deny = if *kind == DocKind::Rcp { rcp_deny } else { deny };
        deny["Effect"] = json!("Deny");
        if *kind == DocKind::Resource {
            deny["Principal"] = json!("*");
        }
        let list = statements(doc);
        let pos = at.index(list.len() + 1);
        list.insert(pos, deny);
        let after = decision(&after_s);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed, "a Deny granted access: {before:?} -> {after:?}");
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn removing_an_allow_never_grants((_, s) in scenario(), which in any::<prop::sample::Index>()) {
        let before = decision(&s);
        let mut after_s = s.clone();
        let mut allows: Vec<(usize, usize)> = Vec::new();
        let mut docs = documents(&mut after_s);
        for (d, (_, doc)) in docs.iter_mut().enumerate() {
            for (k, st) in statements(doc).iter().enumerate() {
                if st["Effect"] == "Allow" {
                    allows.push((d, k));
                }
            }
        }
        prop_assume!(!allows.is_empty());
        let (d, k) = allows[which.index(allows.len())];
        statements(docs[d].1).remove(k);
        let after = decision(&after_s);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed, "removing an Allow granted access: {before:?} -> {after:?}");
    }

    #[test]
    fn order_never_matters((_, s) in scenario(), seed in any::<u64>()) {
        let before = decision(&s);
        let mut shuffled = s.clone();
        let mut rng = seed | 1;
        let mut next = move || { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; rng };
        for (_, doc) in documents(&mut shuffled) {
            let list = statements(doc);
            list.reverse();
            let len = list.len();
            if len > 1 {
                list.swap((next() as usize) % len, (next() as usize) % len);
            }
        }
        if let Some(Value::Array(list)) = shuffled.get_mut("identityPolicies") {
            list.reverse();
        }
        for field in ["scps", "rcps"] {
            if let Some(Value::Array(levels)) = shuffled.get_mut(field) {
                for level in levels.iter_mut() {
                    if let Value::Array(list) = level {
                        list.reverse();
                    }
                }
            }
        }
        prop_assert_eq!(decision(&shuffled), before);
    }

    #[test]
    fn every_entry_point_agrees((_, s) in scenario()) {
        // `decision` already fails when the fast and the traced evaluation disagree.
        let library = decision(&s);
        let text = reversed_keys(&s);
        for explain in [false, true] {
            let out = iamsim_core::api::decide_json(&text, explain);
            prop_assert_eq!(&out["decision"], &decision_name(library), "explain {}: {}", explain, out);
            if explain {
                prop_assert_eq!(&out["trace"]["decision"], &decision_name(library));
            }
        }
    }
}

/// The generator must produce every outcome, and let every kind of caller be allowed and be
/// denied, or the properties above could hold vacuously for some of them.
#[test]
fn the_generator_covers_every_caller_kind_and_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..4_000 {
        let (kind, s) = strategy.new_tree(&mut runner).expect("tree").current();
        seen.insert((kind, decision(&s)));
    }
    let outcomes: std::collections::HashSet<Decision> = seen.iter().map(|(_, d)| *d).collect();
    assert_eq!(outcomes.len(), 3, "saw only {outcomes:?}");
    for kind in CALLER_KINDS {
        for d in [
            Decision::Allowed,
            Decision::ExplicitDeny,
            Decision::ImplicitDeny,
        ] {
            assert!(seen.contains(&(kind, d)), "{kind:?} never {d:?}: {seen:?}");
        }
    }
}
