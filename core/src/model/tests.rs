use super::*;
use crate::access::{paths, who_can, Assumptions};
use crate::context::Context;

fn example() -> Model {
    match load_model(EXAMPLE_ORG) {
        Ok(m) => m,
        Err(e) => panic!("{e:#?}"),
    }
}

fn eu() -> Context {
    let mut c = Context::new();
    c.set("aws:RequestedRegion", "eu-west-1");
    c.set("aws:SecureTransport", "true");
    c
}

#[test]
fn the_example_loads_with_only_expected_warnings() {
    let m = example();
    let codes: Vec<&str> = m.warnings.iter().map(|d| d.code).collect();
    assert!(
        codes.iter().all(|c| *c == "managed-policy-derived"),
        "{:#?}",
        m.warnings
    );
    assert_eq!(m.org_id.as_deref(), Some("o-abc123"));
    assert!(m.world.identities.len() > 20);
    let prod = m.accounts.iter().find(|a| a.id == "222222222222").unwrap();
    assert_eq!(prod.org_path, ["Root", "Workloads", "Prod"]);
    let mgmt = m.accounts.iter().find(|a| a.id == "999999999999").unwrap();
    assert!(mgmt.management && mgmt.in_organization);
    let msp = m.accounts.iter().find(|a| a.id == "444444444444").unwrap();
    assert!(!msp.in_organization);
}

#[test]
fn who_can_deploy_to_prod() {
    let m = example();
    let target = m
        .target(
            "ecs:UpdateService",
            "arn:aws:ecs:eu-west-1:222222222222:service/prod/web",
        )
        .unwrap();
    let found = who_can(
        &m.world,
        &target,
        &Assumptions {
            mfa: true,
            context: eu(),
            max_depth: 4,
        },
    );
    let names: Vec<&str> = found.iter().map(|e| e.principal.as_str()).collect();
    assert!(
        names.contains(&"arn:aws:iam::222222222222:role/Deploy"),
        "{names:?}"
    );
    assert!(
        names.contains(&"arn:aws:iam::222222222222:role/TeamAdmin"),
        "{names:?}"
    );
    assert!(
        names.contains(&"arn:aws:iam::666666666666:role/GitHubDeploy"),
        "{names:?}"
    );
    assert!(
        names.contains(&"arn:aws:iam::111111111111:user/ops/alice"),
        "{names:?}"
    );
    // bob is in DevOps but has no MFA device; carol and dave are not in DevOps.
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with("/bob") || n.ends_with("/carol") || n.ends_with("/dave")),
        "{names:?}"
    );
    // Outside the allowed regions the SCP denies it.
    let mut us = eu();
    us.set("aws:RequestedRegion", "us-east-1");
    let none = who_can(
        &m.world,
        &target,
        &Assumptions {
            mfa: true,
            context: us,
            max_depth: 4,
        },
    );
    assert!(
        none.is_empty(),
        "{:?}",
        none.iter().map(|e| &e.principal).collect::<Vec<_>>()
    );
}

#[test]
fn paths_from_alice_and_the_msp() {
    let m = example();
    let alice = m.find_identity("alice").unwrap();
    let with_mfa = paths(
        &m.world,
        alice,
        &Assumptions {
            mfa: true,
            context: eu(),
            max_depth: 3,
        },
        None,
    );
    let reached: Vec<&str> = with_mfa
        .paths
        .iter()
        .map(|p| p.hops.last().unwrap().role.as_str())
        .collect();
    for role in [
        "arn:aws:iam::222222222222:role/Deploy",
        "arn:aws:iam::224444444444:role/TeamAdmin",
        "arn:aws:iam::333333333333:role/SecurityAdmin",
    ] {
        assert!(reached.contains(&role), "{role} not in {reached:?}");
    }
    let without = paths(
        &m.world,
        alice,
        &Assumptions {
            mfa: false,
            context: eu(),
            max_depth: 3,
        },
        None,
    );
    assert!(without.paths.is_empty());
    assert!(without
        .blocked
        .iter()
        .any(|b| b.hop.role.ends_with("222222222222:role/Deploy")
            && b.hop
                .flips
                .iter()
                .any(|f| f.key == "aws:MultiFactorAuthPresent")));

    let auditor = m.find_identity("444444444444:role/Auditor").unwrap();
    let report = paths(
        &m.world,
        auditor,
        &Assumptions {
            mfa: false,
            context: eu(),
            max_depth: 2,
        },
        None,
    );
    let hop = report
        .paths
        .iter()
        .flat_map(|p| p.hops.iter())
        .find(|h| h.role.ends_with("/SecurityAudit-MSP"))
        .unwrap();
    assert_eq!(hop.requires[0].key, "sts:ExternalId");
    assert_eq!(hop.requires[0].value, "cust-7Q2");
}

#[test]
fn data_lake_is_read_by_analysts_only_over_tls() {
    let m = example();
    let target = m
        .target("s3:GetObject", "arn:aws:s3:::acme-data-lake/2025/q1.csv")
        .unwrap();
    assert_eq!(target.resource_account.as_deref(), Some("555555555555"));
    assert!(target.resource_policies.resource.is_some());
    assert_eq!(
        target.resource_policies.rcps.len(),
        3,
        "root, Shared OU, account"
    );
    let found = who_can(
        &m.world,
        &target,
        &Assumptions {
            mfa: false,
            context: eu(),
            max_depth: 3,
        },
    );
    let names: Vec<&str> = found.iter().map(|e| e.principal.as_str()).collect();
    assert_eq!(names, ["arn:aws:iam::111111111111:user/data/dave"]);
    let mut plain = eu();
    plain.set("aws:SecureTransport", "false");
    assert!(who_can(
        &m.world,
        &target,
        &Assumptions {
            mfa: false,
            context: plain,
            max_depth: 3
        }
    )
    .is_empty());
}

#[test]
fn lookups_suggest_close_names() {
    let m = example();
    let e = m.find_identity("alcie").unwrap_err();
    assert_eq!(e.suggestions, ["arn:aws:iam::111111111111:user/ops/alice"]);
    let e = m.find_identity("Deploy").unwrap_err();
    assert!(e.message.contains("names 3 principals"), "{}", e.message);
    // Both spellings find the prod Deploy role itself, not merely some identity.
    let arn_of = |text: &str| {
        let i = m.find_identity(text).unwrap();
        m.world.identities[i].arn.clone()
    };
    assert_eq!(
        arn_of("222222222222:role/Deploy"),
        "arn:aws:iam::222222222222:role/Deploy"
    );
    assert_eq!(
        arn_of("arn:aws:sts::222222222222:assumed-role/Deploy/s"),
        "arn:aws:iam::222222222222:role/Deploy"
    );
    let bad_target = m.target("s3", "*").err().unwrap();
    assert!(bad_target.message.contains("s3"), "{}", bad_target.message);
}

fn errors(text: &str) -> Vec<(&'static str, String)> {
    match load_model(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().map(|d| (d.code, d.path)).collect(),
    }
}

#[test]
fn dangling_references_are_located() {
    let model = r#"{"organization": {"id": "o-x", "managementAccount": "999999999999", "policies": {},
        "root": {"scps": ["FullAWSAcess"], "accounts": ["111111111111"], "ous": [{"id": "ou-1", "accounts": ["111111111111"]}]}},
      "accounts": {"111111111111": {
        "users": [{"name": "a", "groups": ["Admins"], "managedPolicies": ["Missing", "arn:aws:iam::aws:policy/NoSuchPolicy"]}],
        "roles": [{"name": "r", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}, "maxSessionDuration": 99}],
        "groups": [{"name": "Admin"}]},
        "12345": {}}}"#;
    let got = errors(model);
    let codes: Vec<&str> = got.iter().map(|(c, _)| *c).collect();
    for expected in [
        "unknown-org-policy",
        "account-placed-twice",
        "unknown-group",
        "unknown-managed-policy",
        "invalid-max-session-duration",
        "invalid-account-id",
    ] {
        assert!(codes.contains(&expected), "{expected} missing from {got:?}");
    }
    let group = got.iter().find(|(c, _)| *c == "unknown-group").unwrap();
    assert_eq!(group.1, "/accounts/111111111111/users/0/groups/0");
    // A policy error inside the model points into the model file.
    let bad = r#"{"accounts": {"111111111111": {"roles": [{"name": "r", "trustPolicy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEqualz": {"a": "b"}}}}}]}}}"#;
    let got = errors(bad);
    assert_eq!(
        got,
        [(
            "unknown-condition-operator",
            "/accounts/111111111111/roles/0/trustPolicy/Statement/Condition/StringEqualz"
                .to_owned()
        )]
    );
}

#[test]
fn a_model_policy_over_the_statement_limit_is_located() {
    let text = r#"{"accounts": {"111111111111": {"roles": [{"name": "R",
        "trustPolicy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}]}}]}}}"#;
    let one = crate::limits::Limits {
        statements: 1,
        ..Default::default()
    };
    let errors = crate::model::load_model_with(text, &one).err().unwrap();
    assert_eq!(errors[0].code, "too-many-statements");
    assert_eq!(
        errors[0].path,
        "/accounts/111111111111/roles/0/trustPolicy/Statement"
    );
    // Under the default limit both statements are loaded into the role's trust policy.
    let model = crate::model::load_model(text).unwrap();
    let trust = model.world.roles[0].trust.as_ref().unwrap();
    assert_eq!(trust.statements.len(), 2);
}

#[test]
fn names_differing_only_in_case_are_one_name_in_iam() {
    let text = r#"{"accounts": {"111111111111": {
        "users": [{"name": "Alice"}, {"name": "alice"}],
        "groups": [{"name": "Ops"}, {"name": "OPS"}],
        "roles": [{"name": "Deployer", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}},
                  {"name": "deployer", "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}}]}}}"#;
    let errors = crate::model::load_model(text).err().unwrap();
    let paths: Vec<&str> = errors
        .iter()
        .filter(|d| d.code == "duplicate-name")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "/accounts/111111111111/groups/1",
            "/accounts/111111111111/users/1",
            "/accounts/111111111111/roles/1"
        ]
    );
    assert!(errors
        .iter()
        .all(|d| d.code != "duplicate-name" || d.message.contains("regardless of case")));
}
