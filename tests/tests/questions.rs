//! The question corpus (tests/questions/, README there): every question asked through the JSON
//! API, its answer matched against the expected subset, validated against
//! docs/schema/answers.schema.json, and written whole to `target/questions-answers.json` for the
//! wasm runner (wasm/tests/questions.test.mjs) to compare with.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

#[path = "questions/corpus.rs"]
mod corpus;

use corpus::{answer_of, ask, corpus};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// At least this many questions: the corpus only grows.
const MIN_QUESTIONS: usize = 150;

/// Matches `expect` against `actual` (README: "expect"): objects by their listed members,
/// arrays as "contains these items", `{"exactly": […]}` item by item, `{"include", "exclude",
/// "length"}` on arrays, `null` for "absent or null", anything else by equality.
fn matches(expect: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expect, actual) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Object(ops), Value::Array(items)) if is_array_matcher(ops) => {
            array_ops(ops, items, at)
        }
        (Value::Object(want), Value::Object(have)) => {
            for (k, w) in want {
                let path = format!("{at}/{k}");
                match have.get(k) {
                    Some(h) => matches(w, h, &path)?,
                    None if w.is_null() => {}
                    None => return Err(format!("{path}: missing (expected {w})")),
                }
            }
            Ok(())
        }
        (Value::Array(want), Value::Array(have)) => contains_all(want, have, at),
        (w, h) if w == h => Ok(()),
        (w, h) => Err(format!("{at}: expected {w}, found {h}")),
    }
}

fn is_array_matcher(ops: &Map<String, Value>) -> bool {
    !ops.is_empty()
        && ops
            .keys()
            .all(|k| ["exactly", "include", "exclude", "length"].contains(&k.as_str()))
}

fn contains_all(want: &[Value], have: &[Value], at: &str) -> Result<(), String> {
    for w in want {
        if !have.iter().any(|h| matches(w, h, at).is_ok()) {
            return Err(format!(
                "{at}: no item matches {w} (found {})",
                Value::Array(have.to_vec())
            ));
        }
    }
    Ok(())
}

fn array_ops(ops: &Map<String, Value>, items: &[Value], at: &str) -> Result<(), String> {
    if let Some(exactly) = ops.get("exactly") {
        let exactly = exactly
            .as_array()
            .ok_or(format!("{at}: `exactly` takes an array"))?;
        if exactly.len() != items.len() {
            return Err(format!(
                "{at}: expected exactly {} items, found {}: {}",
                exactly.len(),
                items.len(),
                Value::Array(items.to_vec())
            ));
        }
        for (i, (w, h)) in exactly.iter().zip(items).enumerate() {
            matches(w, h, &format!("{at}/{i}"))?;
        }
    }
    if let Some(include) = ops.get("include") {
        let include = include
            .as_array()
            .ok_or(format!("{at}: `include` takes an array"))?;
        contains_all(include, items, at)?;
    }
    if let Some(exclude) = ops.get("exclude") {
        let exclude = exclude
            .as_array()
            .ok_or(format!("{at}: `exclude` takes an array"))?;
        for w in exclude {
            if let Some(h) = items.iter().find(|h| matches(w, h, at).is_ok()) {
                return Err(format!("{at}: {h} matches the excluded {w}"));
            }
        }
    }
    if let Some(length) = ops.get("length") {
        if length.as_u64() != Some(items.len() as u64) {
            return Err(format!(
                "{at}: expected {length} items, found {}",
                items.len()
            ));
        }
    }
    Ok(())
}

/// The schema of one command's output: answers.schema.json with its root replaced by
/// `$defs/{ask}Output` (and the whole schema, which must accept it too).
fn answers_schema(ask: &str) -> [jsonschema::Validator; 2] {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schema/answers.schema.json");
    let whole: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut one = whole.clone();
    let root = one.as_object_mut().unwrap();
    root.remove("anyOf");
    root.insert("$ref".into(), json!(format!("#/$defs/{ask}Output")));
    [
        jsonschema::validator_for(&one).unwrap(),
        jsonschema::validator_for(&whole).unwrap(),
    ]
}

/// Where the full answers go for the wasm runner.
fn answers_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/questions-answers.json")
}

#[test]
fn the_corpus_answers_as_expected() {
    let entries = corpus();
    let validators: Vec<(&str, [jsonschema::Validator; 2])> =
        ["check", "whoCan", "paths", "assume"]
            .into_iter()
            .map(|ask| (ask, answers_schema(ask)))
            .collect();
    let mut failures = Vec::new();
    let mut known = Vec::new();
    let mut written = Map::new();
    for e in &entries {
        let id = format!("{}/{}", e.file, e.name);
        let output = ask(e);
        // The schema describes the API's output: `{"result": ANSWER}` (by command) or `{"error"}`.
        let (_, schema) = validators.iter().find(|(a, _)| *a == e.ask).unwrap();
        let invalid: Vec<String> = schema
            .iter()
            .flat_map(|s| {
                s.iter_errors(&output)
                    .map(|err| format!("{err} at {}", err.instance_path()))
                    .collect::<Vec<_>>()
            })
            .collect();
        if !invalid.is_empty() {
            failures.push(format!(
                "{id}: not valid against answers.schema.json: {}",
                invalid.join("; ")
            ));
        }
        let outcome = matches(&e.expect, &answer_of(&output), "");
        match (&e.known_bug, outcome) {
            (None, Ok(())) => {}
            (None, Err(why)) => failures.push(format!("{id}: {why}\n  answer: {output}")),
            (Some(bug), Err(why)) => known.push(format!("{id}: known bug ({bug}): {why}")),
            (Some(bug), Ok(())) => failures.push(format!(
                "{id}: marked knownBug ({bug}) but answers as expected: remove the mark"
            )),
        }
        written.insert(id, json!({ "ask": e.ask, "output": output }));
    }
    for k in &known {
        eprintln!("{k}");
    }
    std::fs::create_dir_all(answers_file().parent().unwrap()).unwrap();
    std::fs::write(
        answers_file(),
        serde_json::to_string_pretty(&Value::Object(written)).unwrap(),
    )
    .unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        entries.len() >= MIN_QUESTIONS,
        "the corpus has {} questions, fewer than {MIN_QUESTIONS}",
        entries.len()
    );
}

#[test]
fn the_matcher_rejects_what_it_should() {
    let answer = json!({"decision": "Allowed", "context": [{"key": "a", "value": "1", "source": "given"}], "n": null});
    assert!(matches(&json!({"decision": "Allowed"}), &answer, "").is_ok());
    assert!(matches(&json!({"decision": "ImplicitDeny"}), &answer, "").is_err());
    assert!(matches(&json!({"missing": 1}), &answer, "").is_err());
    assert!(matches(&json!({"missing": null, "n": null}), &answer, "").is_ok());
    assert!(matches(&json!({"context": [{"key": "a"}]}), &answer, "").is_ok());
    assert!(matches(&json!({"context": [{"key": "b"}]}), &answer, "").is_err());
    assert!(matches(
        &json!({"context": {"exactly": [{"key": "a"}]}}),
        &answer,
        ""
    )
    .is_ok());
    assert!(matches(&json!({"context": {"exactly": []}}), &answer, "").is_err());
    assert!(matches(
        &json!({"context": {"exclude": [{"source": "given"}]}}),
        &answer,
        ""
    )
    .is_err());
    assert!(matches(
        &json!({"context": {"exclude": [{"source": "mfa"}]}}),
        &answer,
        ""
    )
    .is_ok());
    assert!(matches(&json!({"context": {"length": 1}}), &answer, "").is_ok());
    assert!(matches(&json!({"context": {"length": 2}}), &answer, "").is_err());
    assert!(matches(&json!({"error": {"code": "x"}}), &answer, "").is_err());
}
