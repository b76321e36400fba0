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
    assert!(read(&base.to_string()).is_ok());
    let mut cases = Vec::new();
    let mut unknown = base.clone();
    unknown["polices"] = json!([]);
    cases.push(unknown);
    let mut bad_effect = base.clone();
    bad_effect["identityPolicies"] =
        json!([{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}]);
    cases.push(bad_effect);
    let mut bad_expect = base.clone();
    bad_expect["expect"] = json!("Allow");
    cases.push(bad_expect);
    let mut no_action = base.clone();
    no_action.as_object_mut().unwrap().remove("action");
    cases.push(no_action);
    for case in cases {
        assert!(!validator.is_valid(&case), "schema accepts {case}");
        assert!(read(&case.to_string()).is_err(), "engine accepts {case}");
    }
    let mut extension = base.clone();
    extension["x-note"] = json!({"anything": true});
    assert!(validator.is_valid(&extension));
    assert!(read(&extension.to_string()).is_ok());
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
    assert!(iamsim_core::model::load_model(&bad.to_string()).is_err());
    let mut bad_id = value.clone();
    bad_id["accounts"]["12345"] = json!({});
    assert!(!validator.is_valid(&bad_id));
    assert!(iamsim_core::model::load_model(&bad_id.to_string()).is_err());
}
