use super::*;
use crate::model::load_model;
use crate::query::EdgeMode;
use serde_json::{json, Value};

const PROD: &str = "222222222222";
const DEV: &str = "111111111111";
const SERVICE: &str = "arn:aws:ecs:eu-west-1:222222222222:service/prod/web";

fn doc(statements: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Prod has a Deploy role trusted by `trusted`; dev has a user `dev-alice` allowed to assume any
/// role and `extra` inline statements.
fn world(trusted: &str, extra: Value) -> Value {
    json!({"accounts": {
        PROD: {"name": "prod", "roles": [{"name": "Deploy",
            "trustPolicy": doc(json!([{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{trusted}:root")}, "Action": "sts:AssumeRole"}])),
            "inlinePolicies": {"deploy": doc(json!([{"Effect": "Allow", "Action": "ecs:UpdateService", "Resource": SERVICE}]))}}]},
        DEV: {"name": "dev", "users": [{"name": "dev-alice",
            "inlinePolicies": {"assume": doc(json!([{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}])), "extra": doc(extra)}}]}
    }})
}

fn report(before: &Value, after: &Value) -> DiffReport {
    let b = load_model(&before.to_string()).unwrap();
    let a = load_model(&after.to_string()).unwrap();
    let bt = before.to_string();
    let at = after.to_string();
    let bv = crate::json::parse(&bt, crate::json::Limits::default()).unwrap();
    let av = crate::json::parse(&at, crate::json::Limits::default()).unwrap();
    let requests: Vec<DiffRequest> = probes_of(&[&bv, &av])
        .into_iter()
        .map(DiffRequest::everyone)
        .collect();
    diff_models(&b, &a, &requests, 5, EdgeMode::All, &mut |_, _| {})
}

fn nothing() -> Value {
    json!([{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}])
}

#[test]
fn identical_models_change_nothing() {
    let m = world("999999999999", nothing());
    let r = report(&m, &m);
    assert_eq!(r.changed, 0);
    assert!(r.principals.is_empty());
    assert!(r.requests >= 3, "{r:?}");
}

#[test]
fn an_added_grant_is_newly_granted_for_that_user() {
    let before = world("999999999999", nothing());
    let after = world(
        "999999999999",
        json!([{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"},
               {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]),
    );
    let r = report(&before, &after);
    assert_eq!((r.granted, r.revoked), (1, 0), "{r:?}");
    let p = &r.principals[0];
    assert_eq!(p.principal, "arn:aws:iam::111111111111:user/dev-alice");
    assert_eq!(p.changes[0].action, "s3:GetObject");
    assert_eq!(p.changes[0].kind, ChangeKind::Granted);
    assert_eq!(
        p.changes[0].after.as_ref().unwrap().chain,
        Vec::<String>::new()
    );
}

#[test]
fn an_added_deny_revokes() {
    let before = world(
        "999999999999",
        json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]),
    );
    let after = world(
        "999999999999",
        json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"},
               {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]),
    );
    let r = report(&before, &after);
    assert_eq!((r.granted, r.revoked), (0, 1), "{r:?}");
    let change = &r.principals[0].changes[0];
    assert_eq!(change.kind, ChangeKind::Revoked);
    assert!(change.before.is_some() && change.after.is_none());
}

#[test]
fn a_trust_opened_to_dev_grants_prod_deploys_through_the_role() {
    let before = world("999999999999", nothing());
    let after = world(DEV, nothing());
    let r = report(&before, &after);
    let alice = r
        .principals
        .iter()
        .find(|p| p.principal.ends_with("user/dev-alice"))
        .unwrap();
    let deploy = alice
        .changes
        .iter()
        .find(|c| c.action == "ecs:UpdateService")
        .unwrap();
    assert_eq!(deploy.kind, ChangeKind::Granted);
    assert_eq!(
        deploy.after.as_ref().unwrap().chain,
        ["arn:aws:iam::222222222222:role/Deploy"]
    );
    assert!(alice
        .changes
        .iter()
        .any(|c| c.action == "sts:AssumeRole" && c.resource.ends_with("role/Deploy")));
    // The account the trust named before is outside the model: it loses its way in.
    let outsider = r
        .principals
        .iter()
        .find(|p| p.principal == "arn:aws:iam::999999999999:root")
        .unwrap();
    assert!(outsider
        .changes
        .iter()
        .all(|c| c.kind == ChangeKind::Revoked));
    assert!(r.revoked >= 1);
    assert!(r
        .principals
        .iter()
        .filter(|p| p.principal != "arn:aws:iam::999999999999:root")
        .all(|p| p.changes.iter().all(|c| c.kind == ChangeKind::Granted)));
}

#[test]
fn principals_with_new_grants_come_first_and_grants_before_revocations() {
    let mut before = world("999999999999", nothing());
    // `bob` exists only before: his access is revoked.
    before["accounts"][DEV]["users"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "bob", "inlinePolicies": {"p": doc(nothing())}}));
    let mut after = world("999999999999", nothing());
    // `zed` exists only after: his access is granted.
    after["accounts"][DEV]["users"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "zed", "inlinePolicies": {"p": doc(nothing())}}));
    // dev-alice gains one permission and loses another.
    after["accounts"][DEV]["users"][0]["inlinePolicies"]["extra"] =
        doc(json!([{"Effect": "Allow", "Action": "sns:ListTopics", "Resource": "*"}]));
    let r = report(&before, &after);
    let order: Vec<&str> = r
        .principals
        .iter()
        .map(|p| p.principal.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(order, ["dev-alice", "zed", "bob"], "{r:?}");
    let alice = &r.principals[0];
    assert_eq!(alice.changes[0].kind, ChangeKind::Granted);
    assert_eq!(alice.changes[0].action, "sns:ListTopics");
    assert_eq!(alice.changes[1].kind, ChangeKind::Revoked);
    assert_eq!(alice.changes[1].action, "sqs:ListQueues");
    assert_eq!((r.principals[2].granted, r.principals[2].revoked), (0, 1));
}

#[test]
fn a_request_for_one_principal_only_reports_that_principal() {
    let before = world("999999999999", nothing());
    let after = world(DEV, nothing());
    let b = load_model(&before.to_string()).unwrap();
    let a = load_model(&after.to_string()).unwrap();
    let request = DiffRequest {
        principal: Some("dev-alice".into()),
        ..DiffRequest::everyone(Probe {
            action: "ecs:UpdateService".into(),
            resource: SERVICE.into(),
        })
    };
    let r = diff_models(
        &b,
        &a,
        std::slice::from_ref(&request),
        5,
        EdgeMode::All,
        &mut |_, _| {},
    );
    assert_eq!(r.granted, 1);
    let none = DiffRequest {
        principal: Some("nobody-here".into()),
        ..request
    };
    let r = diff_models(&b, &a, &[none], 5, EdgeMode::All, &mut |_, _| {});
    assert_eq!(r.changed, 0);
}

#[test]
fn a_malformed_action_is_skipped_with_its_reason() {
    let m = load_model(&world("999999999999", nothing()).to_string()).unwrap();
    let bad = DiffRequest::everyone(Probe {
        action: "not-an-action".into(),
        resource: "*".into(),
    });
    let r = diff_models(&m, &m, &[bad], 5, EdgeMode::All, &mut |_, _| {});
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].reason.contains("service:Action"));
}

/// A change that opens an escalation path (self-escalation by `iam:PutUserPolicy` on oneself)
/// grants everything the principal can then give itself: the diff reports it with the technique,
/// as who-can does; following role assumption only, it would report nothing.
#[test]
fn an_opened_escalation_path_is_newly_granted_with_its_technique() {
    let before = world("999999999999", nothing());
    let after = world(
        "999999999999",
        json!([{"Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": "arn:aws:iam::111111111111:user/dev-alice"}]),
    );
    let b = load_model(&before.to_string()).unwrap();
    let a = load_model(&after.to_string()).unwrap();
    let read_logs = [DiffRequest::everyone(Probe {
        action: "s3:GetObject".into(),
        resource: "arn:aws:s3:::logs/x".into(),
    })];
    let r = diff_models(&b, &a, &read_logs, 5, EdgeMode::All, &mut |_, _| {});
    assert_eq!((r.granted, r.revoked), (1, 0), "{r:?}");
    let p = &r.principals[0];
    assert_eq!(p.principal, "arn:aws:iam::111111111111:user/dev-alice");
    let how = p.changes[0].after.as_ref().unwrap();
    assert_eq!(how.chain, vec!["arn:aws:iam::111111111111:user/dev-alice"]);
    assert_eq!(how.via, vec!["iam-put-user-policy-self"]);
    let text = serde_json::to_value(how).unwrap();
    assert_eq!(text["via"], json!(["iam-put-user-policy-self"]));
    let assume_only = diff_models(&b, &a, &read_logs, 5, EdgeMode::Assume, &mut |_, _| {});
    assert_eq!(assume_only.changed, 0, "{assume_only:?}");
}

/// A chain of role assumptions states no `via` (every hop is one).
#[test]
fn a_chain_of_assumptions_has_no_via() {
    let before = world("999999999999", nothing());
    let after = world(DEV, nothing());
    let r = report(&before, &after);
    let how = r.principals[0].changes[0].after.as_ref().unwrap();
    assert_eq!(how.via, vec!["assume"]);
    let text = serde_json::to_value(how).unwrap();
    assert!(text.get("via").is_none(), "{text}");
}
