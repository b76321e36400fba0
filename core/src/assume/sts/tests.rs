use super::*;
use crate::compile::{compile_policy, PolicySource};
use crate::eval::decide;
use crate::policy::{parse_policy, PolicyKind};

fn compiled(kind: PolicyKind, text: &str) -> Arc<CompiledPolicy> {
    let parsed = parse_policy(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    Arc::new(compile_policy(
        &parsed.policy.unwrap(),
        PolicySource {
            kind,
            label: "test".into(),
            path: String::new(),
        },
    ))
}

fn role(name: &str, account: &str, trust: &str, identity: &[&str]) -> RoleDef {
    RoleDef {
        arn: format!("arn:aws:iam::{account}:role/{name}"),
        account: account.into(),
        name: name.into(),
        trust: Some(compiled(PolicyKind::Trust, trust)),
        identity: identity
            .iter()
            .map(|t| compiled(PolicyKind::Identity, t))
            .collect(),
        boundary: None,
        tags: vec![("team".into(), "platform".into())],
        max_session_duration: Some(3_600),
        account_scps: Vec::new(),
        account_rcps: Vec::new(),
        principal_context: Default::default(),
    }
}

fn user(arn: &str, identity: &[&str]) -> Caller {
    Caller {
        principal: Principal::parse(arn, None).unwrap(),
        policies: CallerPolicies {
            identity: identity
                .iter()
                .map(|t| compiled(PolicyKind::Identity, t))
                .collect(),
            ..CallerPolicies::default()
        },
        context: Context::new(),
        session: None,
    }
}

const ALLOW_ASSUME_ANY: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}"#;
const MFA_TRUST: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#;
const DEPLOY: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecs:UpdateService","Resource":"*"}}"#;

fn params(name: &str) -> AssumeParams {
    AssumeParams {
        session_name: name.into(),
        ..AssumeParams::default()
    }
}

#[test]
fn cross_account_with_mfa_yields_a_session_that_is_decided_with_the_full_flow() {
    let deploy = role("Deploy", "222222222222", MFA_TRUST, &[DEPLOY]);
    let alice = user("arn:aws:iam::111111111111:user/alice", &[ALLOW_ASSUME_ANY]);
    let without = assume_role(&alice, &deploy, &AssumeMethod::AssumeRole, &params("alice"));
    assert_eq!(without.decision, Decision::ImplicitDeny);
    assert!(without.session.is_none());
    assert_eq!(
        without.checks[0].trace.missing_context_values,
        ["aws:MultiFactorAuthPresent"]
    );

    let with = assume_role(
        &alice,
        &deploy,
        &AssumeMethod::AssumeRole,
        &AssumeParams {
            mfa: true,
            ..params("alice")
        },
    );
    assert_eq!(
        with.decision,
        Decision::Allowed,
        "{:?}",
        with.checks[0].trace
    );
    let session = with.session.unwrap();
    assert_eq!(
        session.principal.arn,
        "arn:aws:sts::222222222222:assumed-role/Deploy/alice"
    );
    assert_eq!(
        session.principal.role_arn.as_deref(),
        Some("arn:aws:iam::222222222222:role/Deploy")
    );
    assert_eq!(
        session.context().single("aws:PrincipalTag/team"),
        Some("platform")
    );

    let update = session.request(
        Action::parse("ecs:UpdateService").unwrap(),
        Resource::new("arn:aws:ecs:eu-west-1:222222222222:service/prod/web"),
        None,
        &Context::new(),
    );
    assert_eq!(
        decide(&update, &session.policies, &ResourcePolicies::default()),
        Decision::Allowed
    );
    let other = session.request(
        Action::parse("iam:CreateUser").unwrap(),
        Resource::new("*"),
        None,
        &Context::new(),
    );
    assert_eq!(
        decide(&other, &session.policies, &ResourcePolicies::default()),
        Decision::ImplicitDeny
    );
}

#[test]
fn cross_account_needs_the_callers_identity_allow() {
    let deploy = role("Deploy", "222222222222", MFA_TRUST, &[]);
    let nobody = user("arn:aws:iam::111111111111:user/bob", &[]);
    let out = assume_role(
        &nobody,
        &deploy,
        &AssumeMethod::AssumeRole,
        &AssumeParams {
            mfa: true,
            ..params("bob")
        },
    );
    assert_eq!(out.decision, Decision::ImplicitDeny);
}

#[test]
fn external_id_is_case_sensitive_and_required() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"444444444444"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"cust-7Q2"}}}}"#;
    let audit = role("SecurityAudit-MSP", "222222222222", trust, &[]);
    let msp = user(
        "arn:aws:sts::444444444444:assumed-role/Auditor/job",
        &[ALLOW_ASSUME_ANY],
    );
    let with = |id: Option<&str>| {
        assume_role(
            &msp,
            &audit,
            &AssumeMethod::AssumeRole,
            &AssumeParams {
                external_id: id.map(str::to_owned),
                ..params("job")
            },
        )
        .decision
    };
    assert_eq!(with(Some("cust-7Q2")), Decision::Allowed);
    assert_eq!(with(Some("CUST-7Q2")), Decision::ImplicitDeny);
    assert_eq!(with(None), Decision::ImplicitDeny);
    let bad = assume_role(
        &msp,
        &audit,
        &AssumeMethod::AssumeRole,
        &AssumeParams {
            external_id: Some("x".into()),
            ..params("job")
        },
    );
    assert_eq!(bad.error, Some(AssumeError::InvalidExternalId));
}

#[test]
fn durations_and_role_chaining() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}}"#;
    let mut target = role("Target", "222222222222", trust, &[]);
    target.max_session_duration = Some(7_200);
    let alice = user("arn:aws:iam::111111111111:user/alice", &[ALLOW_ASSUME_ANY]);
    let at = |caller: &Caller, secs: u32| {
        assume_role(
            caller,
            &target,
            &AssumeMethod::AssumeRole,
            &AssumeParams {
                duration_seconds: Some(secs),
                ..params("sess")
            },
        )
    };
    assert_eq!(at(&alice, 7_200).decision, Decision::Allowed);
    assert_eq!(
        at(&alice, 7_201).error,
        Some(AssumeError::DurationOutOfRange {
            requested: 7_201,
            min: 900,
            max: 7_200
        })
    );
    assert_eq!(
        at(&alice, 899)
            .error
            .map(|e| matches!(e, AssumeError::DurationOutOfRange { .. })),
        Some(true)
    );
    let session = user(
        "arn:aws:sts::111111111111:assumed-role/Dev/s",
        &[ALLOW_ASSUME_ANY],
    );
    let out = at(&session, 3_600);
    assert_eq!(
        out.decision,
        Decision::Allowed,
        "{:?} {:?}",
        out.error,
        out.checks.first().map(|c| &c.trace.reason)
    );
    assert!(at(&session, 3_600).session.unwrap().chained);
    assert_eq!(
        at(&session, 3_601).error,
        Some(AssumeError::ChainedDurationOverOneHour { requested: 3_601 })
    );
}

#[test]
fn github_oidc_checks_the_sub_claim_and_carries_the_provider() {
    let provider = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"Federated":"{provider}"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringEquals":{{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}},"StringLike":{{"token.actions.githubusercontent.com:sub":"repo:acme/app:ref:refs/heads/main"}}}}}}}}"#
    );
    let gh = role("GhDeploy", "222222222222", &trust, &[DEPLOY]);
    let nobody = user("arn:aws:iam::222222222222:user/unused", &[]);
    let call = |sub: &str| {
        let method = AssumeMethod::WebIdentity {
            provider: provider.into(),
            claims: vec![
                (
                    "token.actions.githubusercontent.com:aud".into(),
                    "sts.amazonaws.com".into(),
                ),
                ("token.actions.githubusercontent.com:sub".into(), sub.into()),
            ],
        };
        assume_role(&nobody, &gh, &method, &params("gha-run-1"))
    };
    let main = call("repo:acme/app:ref:refs/heads/main");
    assert_eq!(main.decision, Decision::Allowed);
    assert_eq!(main.checks[0].action, "sts:AssumeRoleWithWebIdentity");
    assert_eq!(
        main.session
            .unwrap()
            .context()
            .single("aws:FederatedProvider"),
        Some(provider)
    );
    assert_eq!(
        call("repo:acme/app:pull_request").decision,
        Decision::ImplicitDeny
    );
    // A trust listing sts:AssumeRole never matches a web-identity call.
    let wrong = role(
        "Wrong",
        "222222222222",
        &trust.replace("AssumeRoleWithWebIdentity", "AssumeRole"),
        &[],
    );
    let method = AssumeMethod::WebIdentity {
        provider: provider.into(),
        claims: vec![(
            "token.actions.githubusercontent.com:sub".into(),
            "repo:acme/app:ref:refs/heads/main".into(),
        )],
    };
    assert_eq!(
        assume_role(&nobody, &wrong, &method, &params("x")).decision,
        Decision::ImplicitDeny
    );
}

#[test]
fn session_tags_need_tag_session_and_override_role_tags() {
    let trust_no_tags = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}}"#;
    let trust_tags = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
    let alice = user(
        "arn:aws:iam::111111111111:user/alice",
        &[
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}}"#,
        ],
    );
    let tagged = AssumeParams {
        session_tags: vec![("Team".into(), "red".into())],
        transitive_tag_keys: vec!["team".into()],
        ..params("alice")
    };
    let denied = assume_role(
        &alice,
        &role("A", "222222222222", trust_no_tags, &[]),
        &AssumeMethod::AssumeRole,
        &tagged,
    );
    assert_eq!(denied.decision, Decision::ImplicitDeny);
    assert_eq!(
        denied
            .checks
            .iter()
            .map(|c| (c.action.as_str(), c.trace.decision))
            .collect::<Vec<_>>(),
        [
            ("sts:AssumeRole", Decision::Allowed),
            ("sts:TagSession", Decision::ImplicitDeny)
        ]
    );
    let ok = assume_role(
        &alice,
        &role("A", "222222222222", trust_tags, &[]),
        &AssumeMethod::AssumeRole,
        &tagged,
    );
    assert_eq!(ok.decision, Decision::Allowed);
    let session = ok.session.unwrap();
    // The session tag `Team` overrides the role tag `team` (keys compare case-insensitively).
    assert_eq!(
        session.context().single("aws:PrincipalTag/team"),
        Some("red")
    );
    assert_eq!(session.tags.len(), 1);
    assert!(session.tags[0].transitive);

    // Chaining: the transitive tag carries on, and passing it again is rejected.
    let next_caller = Caller {
        principal: session.principal.clone(),
        policies: CallerPolicies {
            identity: vec![compiled(
                PolicyKind::Identity,
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}}"#,
            )],
            ..CallerPolicies::default()
        },
        context: Context::new(),
        session: Some(session),
    };
    let trust_b = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
    let b = role("B", "333333333333", trust_b, &[]);
    let chained = assume_role(&next_caller, &b, &AssumeMethod::AssumeRole, &params("next"));
    assert_eq!(
        chained.decision,
        Decision::Allowed,
        "{:?}",
        chained
            .checks
            .iter()
            .map(|c| &c.trace.reason)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        chained
            .session
            .unwrap()
            .context()
            .single("aws:PrincipalTag/team"),
        Some("red")
    );
    let collide = assume_role(
        &next_caller,
        &b,
        &AssumeMethod::AssumeRole,
        &AssumeParams {
            session_tags: vec![("TEAM".into(), "blue".into())],
            ..params("next")
        },
    );
    assert_eq!(
        collide.error,
        Some(AssumeError::TagCollidesWithTransitive { key: "TEAM".into() })
    );
}

#[test]
fn source_identity_needs_set_source_identity_and_never_changes() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":["sts:AssumeRole","sts:SetSourceIdentity"]}}"#;
    let alice = user(
        "arn:aws:iam::111111111111:user/alice",
        &[
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:*","Resource":"*"}}"#,
        ],
    );
    let p = AssumeParams {
        source_identity: Some("alice@example.com".into()),
        ..params("alice")
    };
    let ok = assume_role(
        &alice,
        &role("A", "222222222222", trust, &[]),
        &AssumeMethod::AssumeRole,
        &p,
    );
    assert_eq!(ok.decision, Decision::Allowed);
    let s = ok.session.unwrap();
    assert_eq!(
        s.context().single("aws:SourceIdentity"),
        Some("alice@example.com")
    );
    let no_permission = assume_role(
        &alice,
        &role(
            "A",
            "222222222222",
            &trust.replace(",\"sts:SetSourceIdentity\"", ""),
            &[],
        ),
        &AssumeMethod::AssumeRole,
        &p,
    );
    assert_eq!(no_permission.decision, Decision::ImplicitDeny);
    let chained = Caller {
        principal: s.principal.clone(),
        policies: alice.policies.clone(),
        context: Context::new(),
        session: Some(s),
    };
    let change = assume_role(
        &chained,
        &role("B", "222222222222", trust, &[]),
        &AssumeMethod::AssumeRole,
        &AssumeParams {
            source_identity: Some("mallory".into()),
            ..params("next")
        },
    );
    assert!(matches!(
        change.error,
        Some(AssumeError::SourceIdentityChange { .. })
    ));
}

#[test]
fn root_cannot_assume_and_names_are_checked() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}}"#;
    let r = role("A", "222222222222", trust, &[]);
    let root = user("arn:aws:iam::111111111111:root", &[]);
    assert_eq!(
        assume_role(&root, &r, &AssumeMethod::AssumeRole, &params("root")).error,
        Some(AssumeError::RootCannotAssumeRoles)
    );
    let alice = user("arn:aws:iam::111111111111:user/alice", &[ALLOW_ASSUME_ANY]);
    assert!(matches!(
        assume_role(&alice, &r, &AssumeMethod::AssumeRole, &params("bad name")).error,
        Some(AssumeError::InvalidSessionName { .. })
    ));
    let mut no_trust = r.clone();
    no_trust.trust = None;
    assert_eq!(
        assume_role(&alice, &no_trust, &AssumeMethod::AssumeRole, &params("ok")).error,
        Some(AssumeError::NoTrustPolicy)
    );
}

#[test]
fn same_account_trust_naming_the_user_needs_no_identity_allow() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"sts:AssumeRole"}}"#;
    let r = role("A", "111111111111", trust, &[]);
    let alice = user("arn:aws:iam::111111111111:user/alice", &[]);
    assert_eq!(
        assume_role(&alice, &r, &AssumeMethod::AssumeRole, &params("alice")).decision,
        Decision::Allowed
    );
    let bob = user("arn:aws:iam::111111111111:user/bob", &[ALLOW_ASSUME_ANY]);
    assert_eq!(
        assume_role(&bob, &r, &AssumeMethod::AssumeRole, &params("bob")).decision,
        Decision::ImplicitDeny
    );
}

// Boundary values of every STS limit: each limit is exercised at its value (accepted) and one past
// it (rejected), so an off-by-one in either direction fails a test.

const TRUST_ACCOUNT_1: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
const ALLOW_ASSUME_AND_TAG: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}}"#;

fn alice_assumes(target: &RoleDef, p: &AssumeParams) -> AssumeOutcome {
    let alice = user(
        "arn:aws:iam::111111111111:user/alice",
        &[ALLOW_ASSUME_AND_TAG],
    );
    assume_role(&alice, target, &AssumeMethod::AssumeRole, p)
}

fn accepted(out: &AssumeOutcome) -> bool {
    out.error.is_none() && out.decision == Decision::Allowed
}

#[test]
fn fifty_session_tags_are_accepted_and_fifty_one_rejected() {
    let target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    let tags = |n: usize| AssumeParams {
        session_tags: (0..n).map(|i| (format!("k{i}"), "v".to_owned())).collect(),
        ..params("alice")
    };
    let fifty = alice_assumes(&target, &tags(50));
    assert!(accepted(&fifty), "{:?}", fifty.error);
    // The session carries the 50 session tags (besides the role's own tag `team`).
    let carried = fifty
        .session
        .map(|s| s.tags.iter().filter(|t| t.key.starts_with('k')).count());
    assert_eq!(carried, Some(50));
    assert_eq!(
        alice_assumes(&target, &tags(51)).error,
        Some(AssumeError::TooManySessionTags { count: 51 })
    );
}

#[test]
fn session_tag_keys_of_128_and_values_of_256_characters_are_the_limit() {
    let target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    let tag = |k: usize, v: usize| AssumeParams {
        session_tags: vec![("k".repeat(k), "v".repeat(v))],
        ..params("alice")
    };
    assert!(accepted(&alice_assumes(&target, &tag(128, 256))));
    assert!(accepted(&alice_assumes(&target, &tag(1, 0))));
    for (k, v) in [(129, 1), (1, 257), (0, 1)] {
        assert_eq!(
            alice_assumes(&target, &tag(k, v)).error,
            Some(AssumeError::InvalidSessionTag { key: "k".repeat(k) }),
            "key {k} characters, value {v}"
        );
    }
}

#[test]
fn session_names_of_2_to_64_characters_are_accepted() {
    let target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    for n in [2, 64] {
        assert!(
            accepted(&alice_assumes(&target, &params(&"s".repeat(n)))),
            "{n}"
        );
    }
    for n in [1, 65] {
        assert!(
            matches!(
                alice_assumes(&target, &params(&"s".repeat(n))).error,
                Some(AssumeError::InvalidSessionName { .. })
            ),
            "{n}"
        );
    }
}

#[test]
fn external_ids_of_2_to_1224_characters_are_accepted() {
    let target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    let with = |n: usize| AssumeParams {
        external_id: Some("e".repeat(n)),
        ..params("alice")
    };
    for n in [2, 1_224] {
        assert!(accepted(&alice_assumes(&target, &with(n))), "{n}");
    }
    for n in [1, 1_225] {
        assert_eq!(
            alice_assumes(&target, &with(n)).error,
            Some(AssumeError::InvalidExternalId),
            "{n}"
        );
    }
}

#[test]
fn duration_is_at_least_900_seconds() {
    let target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    let secs = |s: u32| AssumeParams {
        duration_seconds: Some(s),
        ..params("alice")
    };
    assert!(accepted(&alice_assumes(&target, &secs(900))));
    assert_eq!(
        alice_assumes(&target, &secs(899)).error,
        Some(AssumeError::DurationOutOfRange {
            requested: 899,
            min: 900,
            max: 3_600
        })
    );
}

#[test]
fn duration_is_at_most_the_roles_maximum_of_43200_seconds() {
    let mut target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    target.max_session_duration = Some(43_200);
    let secs = |s: u32| AssumeParams {
        duration_seconds: Some(s),
        ..params("alice")
    };
    assert!(accepted(&alice_assumes(&target, &secs(43_200))));
    assert_eq!(
        alice_assumes(&target, &secs(43_201)).error,
        Some(AssumeError::DurationOutOfRange {
            requested: 43_201,
            min: 900,
            max: 43_200
        })
    );
}

#[test]
fn a_role_maximum_outside_aws_range_is_clamped_to_3600_43200() {
    // AWS accepts MaxSessionDuration 3,600–43,200 only; a larger value (never loaded from a model,
    // but constructible through the library) must not raise the ceiling above 12 hours.
    let mut target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    target.max_session_duration = Some(86_400);
    let secs = |s: u32| AssumeParams {
        duration_seconds: Some(s),
        ..params("alice")
    };
    assert!(accepted(&alice_assumes(&target, &secs(43_200))));
    assert_eq!(
        alice_assumes(&target, &secs(43_201)).error,
        Some(AssumeError::DurationOutOfRange {
            requested: 43_201,
            min: 900,
            max: 43_200
        })
    );
    // A maximum below AWS's floor still allows the one-hour default.
    target.max_session_duration = Some(0);
    assert!(accepted(&alice_assumes(&target, &secs(3_600))));
    assert!(matches!(
        alice_assumes(&target, &secs(3_601)).error,
        Some(AssumeError::DurationOutOfRange { max: 3_600, .. })
    ));
    // Without DurationSeconds the session lasts AWS's default of one hour, within any maximum.
    assert!(accepted(&alice_assumes(&target, &params("alice"))));
}

#[test]
fn role_chaining_caps_the_session_at_3600_seconds_even_when_the_role_allows_more() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}}"#;
    let mut target = role("Target", "222222222222", trust, &[]);
    target.max_session_duration = Some(43_200);
    let session = user(
        "arn:aws:sts::111111111111:assumed-role/Dev/s",
        &[ALLOW_ASSUME_ANY],
    );
    let secs = |s: u32| {
        assume_role(
            &session,
            &target,
            &AssumeMethod::AssumeRole,
            &AssumeParams {
                duration_seconds: Some(s),
                ..params("next")
            },
        )
    };
    let at_cap = secs(3_600);
    assert!(accepted(&at_cap), "{:?}", at_cap.error);
    assert!(at_cap.session.is_some_and(|s| s.chained));
    assert_eq!(
        secs(3_601).error,
        Some(AssumeError::ChainedDurationOverOneHour { requested: 3_601 })
    );
    // A user (not chaining) may use the role's full maximum.
    let alice = user("arn:aws:iam::111111111111:user/alice", &[ALLOW_ASSUME_ANY]);
    let long = assume_role(
        &alice,
        &target,
        &AssumeMethod::AssumeRole,
        &AssumeParams {
            duration_seconds: Some(3_601),
            ..params("alice")
        },
    );
    assert!(accepted(&long), "{:?}", long.error);
    assert!(long.session.is_some_and(|s| !s.chained));
}

/// A role imported from get-account-authorization-details has no known MaxSessionDuration: up to
/// one hour is decided (every role allows it), more is refused as undecidable, never guessed.
#[test]
fn an_unknown_maximum_decides_one_hour_and_refuses_more() {
    let mut target = role("Target", "222222222222", TRUST_ACCOUNT_1, &[]);
    target.max_session_duration = None;
    let secs = |s: u32| AssumeParams {
        duration_seconds: Some(s),
        ..params("alice")
    };
    assert!(accepted(&alice_assumes(&target, &secs(3_600))));
    assert!(accepted(&alice_assumes(&target, &params("alice"))));
    assert_eq!(
        alice_assumes(&target, &secs(3_601)).error,
        Some(AssumeError::MaxSessionDurationUnknown { requested: 3_601 })
    );
}

/// The sentence a user reads for each rejection names the offending value and the limit.
#[test]
fn error_messages_name_the_value_and_the_limit() {
    assert_eq!(
        AssumeError::TooManySessionTags { count: 51 }.message(),
        "51 session tags exceed the limit of 50"
    );
    assert_eq!(
        AssumeError::DurationOutOfRange {
            requested: 899,
            min: 900,
            max: 3_600
        }
        .message(),
        "DurationSeconds 899 is outside 900–3600 (the role's MaxSessionDuration)"
    );
    assert_eq!(
        AssumeError::ChainedDurationOverOneHour { requested: 3_601 }.message(),
        "DurationSeconds 3601 exceeds the one-hour limit of role chaining"
    );
    assert_eq!(
        AssumeError::RootCannotAssumeRoles.message(),
        "the root user cannot assume roles"
    );
}

/// Amazon Cognito's provider is written like a service (`cognito-identity.amazonaws.com`), which
/// `Principal::parse` reads as a service principal: the web-identity call still comes from the
/// federation provider, which a trust policy names with `Federated`.
#[test]
fn a_web_identity_provider_named_like_a_service_is_still_a_federated_caller() {
    let provider = "cognito-identity.amazonaws.com";
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"eu-west-1:pool"}}}}"#;
    let app = role("App", "222222222222", trust, &[]);
    let nobody = user("arn:aws:iam::222222222222:user/unused", &[]);
    let method = AssumeMethod::WebIdentity {
        provider: provider.into(),
        claims: vec![(
            "cognito-identity.amazonaws.com:aud".into(),
            "eu-west-1:pool".into(),
        )],
    };
    let out = assume_role(&nobody, &app, &method, &params("app-user"));
    assert_eq!(out.decision, Decision::Allowed, "{:?}", out.checks);
    assert_eq!(
        out.session.and_then(|s| s
            .context()
            .single("aws:FederatedProvider")
            .map(str::to_owned)),
        Some(provider.to_owned())
    );
}

/// A provider `Principal::parse` cannot read (no dot, not an ARN) is still the web-identity
/// caller, compared by its name with the trust policy's `Federated` value.
#[test]
fn an_unreadable_provider_name_is_still_the_federated_caller() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"localidp"},"Action":"sts:AssumeRoleWithWebIdentity"}}"#;
    let app = role("App", "222222222222", trust, &[]);
    let nobody = user("arn:aws:iam::222222222222:user/unused", &[]);
    let method = |provider: &str| AssumeMethod::WebIdentity {
        provider: provider.into(),
        claims: Vec::new(),
    };
    let out = assume_role(&nobody, &app, &method("localidp"), &params("u1"));
    assert_eq!(out.decision, Decision::Allowed, "{:?}", out.checks);
    let other = assume_role(&nobody, &app, &method("otheridp"), &params("u1"));
    assert_eq!(other.decision, Decision::ImplicitDeny);
}

/// MFA passed with the call sets `aws:MultiFactorAuthAge` to 0 when the context has no age, and
/// keeps an age the context gives.
#[test]
fn mfa_sets_an_age_of_zero_only_when_the_context_has_none() {
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}}"#;
    let target = role("Target", "222222222222", trust, &[]);
    let mut alice = user("arn:aws:iam::111111111111:user/alice", &[ALLOW_ASSUME_ANY]);
    let with_mfa = AssumeParams {
        mfa: true,
        ..params("alice")
    };
    let fresh = assume_role(&alice, &target, &AssumeMethod::AssumeRole, &with_mfa);
    assert_eq!(fresh.decision, Decision::Allowed, "{:?}", fresh.checks);
    alice.context.set("aws:MultiFactorAuthAge", "7200");
    let old = assume_role(&alice, &target, &AssumeMethod::AssumeRole, &with_mfa);
    assert_eq!(old.decision, Decision::ImplicitDeny);
}
