//! Property tests of the evaluation flow's invariants over generated scenarios:
//! an added Deny never grants; removing an Allow never grants; the order of statements and of
//! policies never matters; deciding is deterministic and the traced path agrees with the fast one.
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

const ACCOUNTS: [&str; 2] = ["111111111111", "222222222222"];

fn principal() -> impl Strategy<Value = (String, &'static str)> {
    prop_oneof![
        Just((
            "arn:aws:iam::111111111111:user/alice".to_owned(),
            "111111111111"
        )),
        Just((
            "arn:aws:sts::111111111111:assumed-role/Dev/s1".to_owned(),
            "111111111111"
        )),
        Just((
            "arn:aws:sts::222222222222:assumed-role/Ops/s2".to_owned(),
            "222222222222"
        )),
        Just(("arn:aws:iam::222222222222:root".to_owned(), "222222222222")),
    ]
}

fn request() -> impl Strategy<Value = (&'static str, &'static str, &'static str)> {
    prop_oneof![
        Just((
            "s3:GetObject",
            "arn:aws:s3:::data/report.csv",
            "111111111111"
        )),
        Just((
            "s3:PutObject",
            "arn:aws:s3:::data/report.csv",
            "222222222222"
        )),
        Just((
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:111111111111:key/k1",
            "111111111111"
        )),
        Just((
            "sts:AssumeRole",
            "arn:aws:iam::222222222222:role/Target",
            "222222222222"
        )),
        Just((
            "ec2:StartInstances",
            "arn:aws:ec2:eu-west-1:111111111111:instance/i-1",
            "111111111111"
        )),
    ]
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
    ])
}

fn statement(with_principal: bool) -> impl Strategy<Value = Value> {
    let principals = prop::sample::select(vec![
        json!("*"),
        json!({"AWS": "111111111111"}),
        json!({"AWS": "arn:aws:iam::222222222222:root"}),
        json!({"AWS": "arn:aws:iam::111111111111:role/Dev"}),
        json!({"AWS": "arn:aws:iam::111111111111:user/alice"}),
        json!({"AWS": "arn:aws:sts::222222222222:assumed-role/Ops/s2"}),
    ]);
    (
        prop::bool::weighted(0.75),
        actions(),
        resources(),
        condition(),
        principals,
    )
        .prop_map(move |(allow, a, r, c, p)| {
            let mut st = serde_json::Map::new();
            st.insert("Effect".into(), json!(if allow { "Allow" } else { "Deny" }));
            for part in [a, r] {
                if let Value::Object(m) = part {
                    st.extend(m);
                }
            }
            if let Some(c) = c {
                st.insert("Condition".into(), c);
            }
            if with_principal {
                st.insert("Principal".into(), p);
            }
            Value::Object(st)
        })
}

fn policy(with_principal: bool) -> impl Strategy<Value = Value> {
    prop::collection::vec(statement(with_principal), 1..4)
        .prop_map(|sts| json!({"Version": "2012-10-17", "Statement": sts}))
}

fn scenario() -> impl Strategy<Value = Value> {
    (
        principal(),
        request(),
        prop::collection::vec(policy(false), 0..3),
        prop::option::of(policy(true)),
        prop::option::of(policy(false)),
        prop::collection::vec(prop::collection::vec(policy(false), 1..3), 0..3),
        (prop::bool::ANY, prop::bool::ANY, prop::bool::ANY),
    )
        .prop_map(|((p, _), (action, resource, owner), identity, rbp, boundary, scps, (mfa, red, tags))| {
            let mut context = serde_json::Map::new();
            if mfa {
                context.insert("aws:MultiFactorAuthPresent".into(), json!("true"));
                context.insert("aws:SourceIp".into(), json!("10.1.2.3"));
            }
            if red {
                context.insert("aws:PrincipalTag/team".into(), json!("red"));
                context.insert("aws:PrincipalTag/instance".into(), json!("i-1"));
            }
            if tags {
                context.insert("aws:TagKeys".into(), json!(["team", "env"]));
            }
            context.insert("aws:RequestedRegion".into(), json!("eu-west-1"));
            let resource_account = if ACCOUNTS.contains(&owner) { owner } else { ACCOUNTS[0] };
            json!({
                "id": "generated", "principal": p, "action": action, "resource": resource,
                "resourceAccount": resource_account, "context": Value::Object(context),
                "identityPolicies": identity, "resourcePolicy": rbp, "permissionBoundary": boundary,
                "sessionPolicy": null, "scps": scps, "rcps": []
            })
        })
}

/// Every policy document in the scenario, as mutable references.
fn documents(s: &mut Value) -> Vec<&mut Value> {
    let mut docs = Vec::new();
    let Value::Object(map) = s else { return docs };
    for (key, value) in map.iter_mut() {
        match (key.as_str(), value) {
            ("identityPolicies", Value::Array(list)) => docs.extend(list.iter_mut()),
            ("resourcePolicy" | "permissionBoundary", v @ Value::Object(_)) => docs.push(v),
            ("scps", Value::Array(levels)) => {
                for level in levels.iter_mut() {
                    if let Value::Array(list) = level {
                        docs.extend(list.iter_mut());
                    }
                }
            }
            _ => {}
        }
    }
    docs
}

fn statements(doc: &mut Value) -> Option<&mut Vec<Value>> {
    match doc.get_mut("Statement") {
        Some(Value::Array(list)) => Some(list),
        _ => None,
    }
}

fn decision(s: &Value) -> Decision {
    match decide_value(s) {
        Ok(d) => d,
        Err(e) => panic!("generated scenario is invalid: {e}\n{s}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn an_added_deny_never_grants(s in scenario(), pick in any::<prop::sample::Index>(), deny in statement(false), at in any::<prop::sample::Index>()) {
        let before = decision(&s);
        let mut after_s = s.clone();
        let mut docs = documents(&mut after_s);
        prop_assume!(!docs.is_empty());
        let i = pick.index(docs.len());
        let has_principal = docs[i]
            .get("Statement")
            .and_then(Value::as_array)
            .is_some_and(|sts| sts.iter().any(|st| st.get("Principal").is_some()));
        let mut deny = deny;
        deny["Effect"] = json!("Deny");
        if has_principal {
            deny["Principal"] = json!("*");
        }
        if let Some(list) = statements(docs[i]) {
            let pos = at.index(list.len() + 1);
            list.insert(pos, deny);
        }
        let after = decision(&after_s);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed, "a Deny granted access: {before:?} -> {after:?}");
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn removing_an_allow_never_grants(s in scenario(), pick in any::<prop::sample::Index>(), which in any::<prop::sample::Index>()) {
        let before = decision(&s);
        let mut after_s = s.clone();
        let mut docs = documents(&mut after_s);
        prop_assume!(!docs.is_empty());
        let i = pick.index(docs.len());
        if let Some(list) = statements(docs[i]) {
            let allows: Vec<usize> = list.iter().enumerate().filter(|(_, st)| st["Effect"] == "Allow").map(|(k, _)| k).collect();
            prop_assume!(!allows.is_empty());
            list.remove(allows[which.index(allows.len())]);
        }
        let after = decision(&after_s);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed, "removing an Allow granted access: {before:?} -> {after:?}");
    }

    #[test]
    fn order_never_matters(s in scenario(), seed in any::<u64>()) {
        let before = decision(&s);
        let mut shuffled = s.clone();
        let mut rng = seed;
        let mut next = move || { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; rng };
        for doc in documents(&mut shuffled) {
            if let Some(list) = statements(doc) {
                list.reverse();
                let len = list.len();
                if len > 1 {
                    list.swap((next() as usize) % len, (next() as usize) % len);
                }
            }
        }
        if let Some(Value::Array(list)) = shuffled.get_mut("identityPolicies") {
            list.reverse();
        }
        if let Some(Value::Array(levels)) = shuffled.get_mut("scps") {
            for level in levels.iter_mut() {
                if let Value::Array(list) = level {
                    list.reverse();
                }
            }
        }
        prop_assert_eq!(decision(&shuffled), before);
    }

    #[test]
    fn deciding_is_deterministic(s in scenario()) {
        let first = decision(&s);
        prop_assert_eq!(decision(&s), first);
    }
}

/// The generator must produce every outcome, or the properties above could hold vacuously.
#[test]
fn the_generator_covers_all_outcomes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..2_000 {
        let s = strategy.new_tree(&mut runner).expect("tree").current();
        seen.insert(decision(&s));
    }
    assert_eq!(seen.len(), 3, "saw only {seen:?}");
}
