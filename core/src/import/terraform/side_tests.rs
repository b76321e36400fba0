//! The two sides of a plan: what it leaves in place, and what exists before it is applied.

use super::*;
use serde_json::Value;

/// A plan that deletes role `old`, keeps `kept` and creates `new`.
const PLAN: &str = r#"{"format_version": "1.2",
  "prior_state": {"values": {"root_module": {"resources": [
    {"address": "aws_iam_role.old", "mode": "managed", "type": "aws_iam_role", "name": "old",
     "values": {"name": "old", "path": "/", "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}"}},
    {"address": "aws_iam_role.kept", "mode": "managed", "type": "aws_iam_role", "name": "kept",
     "values": {"name": "kept", "path": "/", "max_session_duration": 3600, "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}"}}]}}},
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_iam_role.kept", "mode": "managed", "type": "aws_iam_role", "name": "kept",
     "values": {"name": "kept", "path": "/", "max_session_duration": 7200, "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}"}},
    {"address": "aws_iam_role.new", "mode": "managed", "type": "aws_iam_role", "name": "new",
     "values": {"name": "new", "path": "/", "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}"}}]}},
  "resource_changes": [
    {"address": "aws_iam_role.old", "mode": "managed", "type": "aws_iam_role", "change": {"actions": ["delete"], "after_unknown": {}}},
    {"address": "aws_iam_role.kept", "mode": "managed", "type": "aws_iam_role", "change": {"actions": ["update"], "after_unknown": {}}},
    {"address": "aws_iam_role.new", "mode": "managed", "type": "aws_iam_role", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true, "unique_id": true}}}]}"#;

fn roles(side: PlanSide) -> Vec<(String, Value)> {
    let r = import_terraform_plan_side("plan.json", PLAN, Some("111122223333"), side);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The written model loads, and holds exactly the roles of this side of the plan.
    let loaded = match crate::model::load_model(&r.model.to_string()) {
        Ok(m) => m,
        Err(e) => panic!("the imported model does not load: {e:#?}"),
    };
    let mut loaded_roles: Vec<&str> = loaded
        .world
        .roles
        .iter()
        .map(|role| role.name.as_str())
        .collect();
    loaded_roles.sort_unstable();
    let expected: &[&str] = match side {
        PlanSide::Planned => &["kept", "new"],
        PlanSide::Prior => &["kept", "old"],
    };
    assert_eq!(loaded_roles, expected);
    let mut out: Vec<(String, Value)> = r.model["accounts"]["111122223333"]["roles"]
        .as_array()
        .map(|roles| {
            roles
                .iter()
                .map(|role| {
                    (
                        role["name"].as_str().unwrap_or_default().to_owned(),
                        role["maxSessionDuration"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn the_planned_side_drops_deleted_resources_and_takes_new_values() {
    let names: Vec<(String, Value)> = roles(PlanSide::Planned);
    assert_eq!(
        names,
        [
            ("kept".to_owned(), Value::from(7200)),
            ("new".to_owned(), Value::Null)
        ]
    );
}

#[test]
fn the_prior_side_is_the_state_before_apply() {
    assert_eq!(
        roles(PlanSide::Prior),
        [
            ("kept".to_owned(), Value::from(3600)),
            ("old".to_owned(), Value::Null)
        ]
    );
}
