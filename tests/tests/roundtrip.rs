//! Property tests of the policy language: parse → print → parse is the identity on the typed
//! policy (spans aside), and no input string makes parsing or validation panic.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::policy::{parse_policy, policy_to_json, validate_policy, PolicyKind};
use proptest::prelude::*;
use serde_json::{json, Value};

fn string_or_list(items: Vec<String>) -> Value {
    if items.len() == 1 {
        json!(items[0])
    } else {
        json!(items)
    }
}

fn statement() -> impl Strategy<Value = Value> {
    let actions = prop::collection::vec(
        prop::sample::select(vec![
            "s3:GetObject",
            "s3:*",
            "ec2:Describe*",
            "*",
            "iam:Pass?ole",
        ])
        .prop_map(str::to_owned),
        1..3,
    );
    let resources = prop::collection::vec(
        prop::sample::select(vec![
            "*",
            "arn:aws:s3:::b/*",
            "arn:aws:iam::111111111111:role/${aws:username}",
            "arn:aws:ec2:*:*:instance/i-1",
        ])
        .prop_map(str::to_owned),
        1..3,
    );
    let ops = prop::sample::select(vec![
        "StringEquals",
        "ForAnyValue:StringLike",
        "NumericLessThanIfExists",
        "Bool",
        "IpAddress",
        "ArnLike",
        "Null",
        "DateGreaterThan",
    ]);
    let values = prop::collection::vec(
        prop::sample::select(vec![
            "a",
            "10",
            "true",
            "10.0.0.0/8",
            "arn:aws:iam::1:root",
            "2020-01-01T00:00:00Z",
            "${aws:username}",
        ])
        .prop_map(str::to_owned),
        1..3,
    );
    let condition = prop::option::of((ops, "[a-z]{1,3}:[A-Za-z]{1,6}", values));
    (
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        actions,
        resources,
        condition,
        prop::option::of("[A-Za-z0-9]{1,5}"),
    )
        .prop_map(
            |(allow, not_action, not_resource, actions, resources, condition, sid)| {
                let mut st = serde_json::Map::new();
                if let Some(sid) = sid {
                    st.insert("Sid".into(), json!(sid));
                }
                st.insert("Effect".into(), json!(if allow { "Allow" } else { "Deny" }));
                st.insert(
                    (if not_action { "NotAction" } else { "Action" }).into(),
                    string_or_list(actions),
                );
                st.insert(
                    (if not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    })
                    .into(),
                    string_or_list(resources),
                );
                if let Some((op, key, values)) = condition {
                    st.insert(
                        "Condition".into(),
                        json!({ op: { key: string_or_list(values) } }),
                    );
                }
                Value::Object(st)
            },
        )
}

fn policy() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(statement(), 1..5),
        prop::sample::select(vec![Some("2012-10-17"), Some("2008-10-17"), None]),
        prop::bool::ANY,
    )
        .prop_map(|(sts, version, single)| {
            let mut doc = serde_json::Map::new();
            if let Some(v) = version {
                doc.insert("Version".into(), json!(v));
            }
            doc.insert(
                "Statement".into(),
                if single && sts.len() == 1 {
                    sts[0].clone()
                } else {
                    json!(sts)
                },
            );
            Value::Object(doc)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn parse_print_parse_is_identity(doc in policy()) {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let first = parse_policy(&text);
        prop_assert!(!first.has_errors(), "{:?}", first.diagnostics);
        let printed = policy_to_json(first.policy.as_ref().unwrap()).to_string();
        let second = parse_policy(&printed);
        prop_assert!(!second.has_errors(), "{:?}", second.diagnostics);
        // The typed policies agree element by element (spans differ, so compare their printed form
        // and the statement structure).
        let (a, b) = (first.policy.unwrap(), second.policy.unwrap());
        prop_assert_eq!(a.version, b.version);
        prop_assert_eq!(a.statements.len(), b.statements.len());
        for (x, y) in a.statements.iter().zip(&b.statements) {
            prop_assert_eq!(x.effect.value, y.effect.value);
            prop_assert_eq!(x.sid.as_ref().map(|s| &s.value), y.sid.as_ref().map(|s| &s.value));
            let items = |c: &Option<iamsim_core::policy::ActionClause>| c.as_ref().map(|c| (c.polarity, c.items.iter().map(|i| i.value.clone()).collect::<Vec<_>>()));
            prop_assert_eq!(items(&x.action), items(&y.action));
            let res = |c: &Option<iamsim_core::policy::ResourceClause>| c.as_ref().map(|c| (c.polarity, c.items.iter().map(|i| i.value.clone()).collect::<Vec<_>>()));
            prop_assert_eq!(res(&x.resource), res(&y.resource));
            let conds = |s: &iamsim_core::policy::Statement| s.conditions.iter().map(|c| (c.operator.value, c.key.value.clone(), c.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>())).collect::<Vec<_>>();
            prop_assert_eq!(conds(x), conds(y));
        }
        prop_assert_eq!(printed, policy_to_json(&b).to_string());
    }

    #[test]
    fn no_string_makes_parsing_panic(text in "\\PC{0,200}") {
        let parsed = parse_policy(&text);
        if let Some(p) = parsed.policy.as_ref() {
            for kind in PolicyKind::ALL {
                let _ = validate_policy(p, kind, Some(&text), "");
            }
        }
    }

    #[test]
    fn mutated_policies_never_panic(doc in policy(), cut in any::<prop::sample::Index>(), junk in "[\\[\\]{}\":,a-z0-9\\\\ ]{0,8}") {
        let text = doc.to_string();
        let at = cut.index(text.len() + 1);
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let (head, tail) = text.split_at(at);
        let mutated = format!("{head}{junk}{tail}");
        let parsed = parse_policy(&mutated);
        if let Some(p) = parsed.policy.as_ref() {
            let _ = validate_policy(p, PolicyKind::Resource, Some(&mutated), "");
        }
    }
}
