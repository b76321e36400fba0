//! The published JSON Schemas agree with what the engine accepts: every corpus scenario is valid
//! against `docs/schema/scenario.schema.json`, and the schema rejects what the engine rejects.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_tests::{corpus_files, read};
use serde_json::{json, Value};
use std::path::Path;

fn schema(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/schema")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&value).unwrap()
}

#[test]
fn every_corpus_scenario_is_valid_against_the_schema() {
    let validator = schema("scenario.schema.json");
    let files = corpus_files();
    let mut failures = Vec::new();
    for file in &files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}: {}", file.display(), errors.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_and_the_engine_agree_on_invalid_scenarios() {
    let validator = schema("scenario.schema.json");
    let base = json!({"id": "x", "principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"});
    assert!(validator.is_valid(&base));
    let read_base = read(&base.to_string()).unwrap();
    assert_eq!(read_base.id.as_deref(), Some("x"));
    assert_eq!(read_base.request.action.raw, "s3:GetObject");
    assert_eq!(
        read_base.request.principal.arn,
        "arn:aws:iam::111111111111:user/a"
    );
    // Each invalid case with the error the engine must give: its code and JSON path.
    let mut cases = Vec::new();
    let mut unknown = base.clone();
    unknown["polices"] = json!([]);
    cases.push((unknown, "unknown-field at /polices"));
    let mut bad_effect = base.clone();
    bad_effect["identityPolicies"] =
        json!([{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}]);
    cases.push((
        bad_effect,
        "invalid-effect at /identityPolicies/0/Statement/0/Effect",
    ));
    let mut bad_expect = base.clone();
    bad_expect["expect"] = json!("Allow");
    cases.push((bad_expect, "invalid-expect at /expect"));
    let mut no_action = base.clone();
    no_action.as_object_mut().unwrap().remove("action");
    cases.push((no_action, "missing-field at : the scenario has no `action`"));
    for (case, error) in cases {
        assert!(!validator.is_valid(&case), "schema accepts {case}");
        match read(&case.to_string()) {
            Ok(_) => panic!("engine accepts {case}"),
            Err(e) => assert!(e.contains(error), "{case}: {e}"),
        }
    }
    let mut extension = base.clone();
    extension["x-note"] = json!({"anything": true});
    assert!(validator.is_valid(&extension));
    assert_eq!(
        read(&extension.to_string()).unwrap().request.action.raw,
        "s3:GetObject"
    );
}

#[test]
fn the_example_organization_is_valid_against_the_model_schema() {
    let validator = schema("model.schema.json");
    let value: Value = serde_json::from_str(iamsim_core::model::EXAMPLE_ORG).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // And the schema rejects what the loader rejects.
    let mut bad = value.clone();
    bad["accounts"]["111111111111"]["users"][0]["grups"] = json!(["x"]);
    assert!(!validator.is_valid(&bad));
    assert_eq!(
        model_errors(&bad),
        [(
            "unknown-field",
            "/accounts/111111111111/users/0/grups".to_owned()
        )]
    );
    let mut bad_id = value.clone();
    bad_id["accounts"]["12345"] = json!({});
    assert!(!validator.is_valid(&bad_id));
    assert_eq!(
        model_errors(&bad_id),
        [("invalid-account-id", "/accounts/12345".to_owned())]
    );
}

/// The (code, path) of every error the model loader reports for `model`.
fn model_errors(model: &Value) -> Vec<(&'static str, String)> {
    match iamsim_core::model::load_model(&model.to_string()) {
        Ok(_) => panic!("the loader accepts {model}"),
        Err(errors) => errors.into_iter().map(|d| (d.code, d.path)).collect(),
    }
}
