use super::*;
use crate::assume::RoleDef;
use crate::compile::{compile_policy, CompiledPolicy, PolicySource};
use crate::eval::{CallerPolicies, Decision, ResourcePolicies};
use crate::policy::{parse_policy, PolicyKind};
use crate::request::{Action, Principal, Resource};
use std::sync::Arc;

fn compiled(kind: PolicyKind, text: &str) -> Arc<CompiledPolicy> {
    let parsed = parse_policy(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    Arc::new(compile_policy(
        &parsed.policy.unwrap(),
        PolicySource {
            kind,
            label: "t".into(),
            path: String::new(),
        },
    ))
}

fn trust(principal: &str, extra: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"sts:AssumeRole"{extra}}}}}"#
    )
}

const ASSUME_ANY: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}"#;

fn role(account: &str, name: &str, trust_text: &str, identity: &[&str]) -> RoleDef {
    RoleDef {
        arn: format!("arn:aws:iam::{account}:role/{name}"),
        account: account.into(),
        name: name.into(),
        trust: Some(compiled(PolicyKind::Trust, trust_text)),
        identity: identity
            .iter()
            .map(|t| compiled(PolicyKind::Identity, t))
            .collect(),
        boundary: None,
        tags: Vec::new(),
        max_session_duration: Some(3600),
        account_scps: Vec::new(),
        account_rcps: Vec::new(),
        principal_context: Default::default(),
    }
}

fn user(account: &str, name: &str, mfa_enrolled: bool) -> Identity {
    let arn = format!("arn:aws:iam::{account}:user/{name}");
    Identity::new(
        arn.clone(),
        account.into(),
        IdentityKind::User { mfa_enrolled },
        Principal::parse(&arn, None).unwrap(),
        CallerPolicies {
            identity: vec![compiled(PolicyKind::Identity, ASSUME_ANY)],
            ..CallerPolicies::default()
        },
        Vec::new(),
        Default::default(),
    )
}

/// alice (MFA) and bob (no MFA) in 111; Deploy in 222 needs MFA; a chain A → B → C → D across
/// accounts with a cycle between B and C; D can read the bucket; an MSP role needs an ExternalId.
fn world() -> World {
    let read = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"},{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;
    let mfa = r#","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#;
    let roles = vec![
        role(
            "222222222222",
            "Deploy",
            &trust("arn:aws:iam::111111111111:root", mfa),
            &[
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecs:UpdateService","Resource":"*"}}"#,
            ],
        ),
        role(
            "222222222222",
            "A",
            &trust("111111111111", ""),
            &[ASSUME_ANY],
        ),
        role(
            "333333333333",
            "B",
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:role/A","arn:aws:iam::444444444444:role/C"]},"Action":"sts:AssumeRole"}}"#,
            &[ASSUME_ANY],
        ),
        role(
            "444444444444",
            "C",
            &trust("arn:aws:iam::333333333333:role/B", ""),
            &[ASSUME_ANY],
        ),
        role(
            "555555555555",
            "D",
            &trust("arn:aws:iam::444444444444:role/C", ""),
            &[read],
        ),
        role(
            "222222222222",
            "Audit",
            &trust(
                "444444444444",
                r#","Condition":{"StringEquals":{"sts:ExternalId":"cust-7Q2"}}"#,
            ),
            &[],
        ),
    ];
    World::new(
        vec![
            user("111111111111", "alice", true),
            user("111111111111", "bob", false),
        ],
        roles,
    )
}

fn roles_of(path: &AccessPath) -> Vec<&str> {
    path.hops
        .iter()
        .map(|h| h.role.rsplit('/').next().unwrap())
        .collect()
}

#[test]
fn paths_follow_chains_handle_cycles_and_report_mfa() {
    let w = world();
    let alice = w
        .identity_index("arn:aws:iam::111111111111:user/alice")
        .unwrap();
    let with_mfa = paths(
        &w,
        alice,
        &Assumptions {
            mfa: true,
            ..Assumptions::default()
        },
        None,
    );
    let chains: Vec<Vec<&str>> = with_mfa.paths.iter().map(roles_of).collect();
    assert_eq!(
        chains,
        [
            vec!["Deploy"],
            vec!["A"],
            vec!["A", "B"],
            vec!["A", "B", "C"],
            vec!["A", "B", "C", "D"],
            // Audit wants an ExternalId: C's holder can pass it (the hop states it).
            vec!["A", "B", "C", "Audit"]
        ]
    );
    let audit = with_mfa.paths.last().unwrap().hops.last().unwrap();
    assert_eq!(audit.requires[0].key, "sts:ExternalId");
    // The Deploy hop needs MFA: without it, the hop flips.
    let deploy = &with_mfa.paths[0].hops[0];
    assert_eq!(
        deploy.flips,
        [Flip {
            key: "aws:MultiFactorAuthPresent".into(),
            value: None,
            decision: Decision::ImplicitDeny
        }]
    );

    let without = paths(&w, alice, &Assumptions::default(), None);
    assert!(without
        .paths
        .iter()
        .all(|p| p.hops[0].role != "arn:aws:iam::222222222222:role/Deploy"));
    let blocked = without
        .blocked
        .iter()
        .find(|b| b.hop.role.ends_with("/Deploy"))
        .unwrap();
    assert_eq!(blocked.hop.flips[0].value.as_deref(), Some("true"));

    // bob has no MFA device: Deploy is not even a near miss for him.
    let bob = w
        .identity_index("arn:aws:iam::111111111111:user/bob")
        .unwrap();
    let report = paths(
        &w,
        bob,
        &Assumptions {
            mfa: true,
            ..Assumptions::default()
        },
        None,
    );
    assert!(report
        .paths
        .iter()
        .all(|p| !p.hops[0].role.ends_with("/Deploy")));
    assert!(report
        .blocked
        .iter()
        .all(|b| !b.hop.role.ends_with("/Deploy")));

    // Depth bound.
    let short = paths(
        &w,
        alice,
        &Assumptions {
            max_depth: 2,
            ..Assumptions::default()
        },
        None,
    );
    assert_eq!(short.paths.iter().map(|p| p.hops.len()).max(), Some(2));
}

fn read_target() -> Target {
    Target::new(
        Action::parse("s3:GetObject").unwrap(),
        Resource::new("arn:aws:s3:::data/report.csv"),
        Some("555555555555".into()),
        ResourcePolicies {
            resource: Some(compiled(
                PolicyKind::Resource,
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::555555555555:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}}"#,
            )),
            rcps: Vec::new(),
        },
        None,
        Vec::new(),
    )
}

#[test]
fn paths_with_a_target_keep_only_chains_that_end_allowed() {
    let w = world();
    let alice = w
        .identity_index("arn:aws:iam::111111111111:user/alice")
        .unwrap();
    let report = paths(&w, alice, &Assumptions::default(), Some(&read_target()));
    assert_eq!(report.paths.len(), 1);
    assert_eq!(roles_of(&report.paths[0]), ["A", "B", "C", "D"]);
    assert_eq!(
        report.paths[0].target.as_ref().unwrap().decision,
        Decision::Allowed
    );
}

#[test]
fn who_can_finds_every_identity_with_its_shortest_chain() {
    let w = world();
    let entries = who_can(&w, &read_target(), &Assumptions::default());
    let got: Vec<(&str, usize)> = entries
        .iter()
        .map(|e| (e.principal.as_str(), e.chain.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("arn:aws:iam::555555555555:role/D", 0),
            ("arn:aws:iam::444444444444:role/C", 1),
            ("arn:aws:iam::333333333333:role/B", 2),
            ("arn:aws:iam::222222222222:role/A", 3),
            ("arn:aws:iam::111111111111:user/alice", 4),
            ("arn:aws:iam::111111111111:user/bob", 4),
        ]
    );
    assert!(entries[4]
        .chain
        .iter()
        .all(|h| h.decision == Decision::Allowed));
}

#[test]
fn a_denied_hop_reports_the_external_id_the_trust_expects() {
    let mut w = world();
    let auditor = Identity::new(
        "arn:aws:iam::444444444444:role/Auditor".into(),
        "444444444444".into(),
        IdentityKind::User {
            mfa_enrolled: false,
        },
        Principal::parse(
            "arn:aws:sts::444444444444:assumed-role/Auditor/iamsim",
            Some("arn:aws:iam::444444444444:role/Auditor"),
        )
        .unwrap(),
        CallerPolicies {
            identity: vec![compiled(PolicyKind::Identity, ASSUME_ANY)],
            ..CallerPolicies::default()
        },
        Vec::new(),
        Default::default(),
    );
    w = World::new(
        w.identities
            .into_iter()
            .filter(|i| matches!(i.kind, IdentityKind::User { .. }))
            .chain([auditor])
            .collect(),
        w.roles,
    );
    let start = w
        .identity_index("arn:aws:iam::444444444444:role/Auditor")
        .unwrap();
    // The ExternalId is no secret from the party given it: the hop is allowed, with it stated.
    let report = paths(&w, start, &Assumptions::default(), None);
    assert!(report
        .blocked
        .iter()
        .all(|b| !b.hop.role.ends_with("/Audit")));
    let hop = report
        .paths
        .iter()
        .flat_map(|p| p.hops.iter())
        .find(|h| h.role.ends_with("/Audit"))
        .unwrap();
    assert_eq!(hop.decision, Decision::Allowed);
    assert_eq!(
        hop.requires,
        [Requirement {
            key: "sts:ExternalId".into(),
            value: "cust-7Q2".into(),
        }]
    );
    assert!(hop.flips.is_empty());
}
