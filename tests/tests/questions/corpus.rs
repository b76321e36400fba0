//! The question corpus (tests/questions/README.md) as read by every Rust runner: the library's
//! (tests/tests/questions.rs) and the CLI's (cli/tests/questions.rs, which includes this file).
// Each runner uses a different part of an entry.
#![allow(
    dead_code,
    reason = "shared by two test crates that use different fields"
)]

use iamsim_core::api::{assume_json, check_json, paths_json, who_can_json};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// tests/questions/ of the workspace.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/questions")
}

/// One question of the corpus.
pub struct Entry {
    pub file: String,
    pub name: String,
    pub ask: String,
    /// The model's path relative to tests/questions/ (`None`: the embedded example).
    pub model_path: Option<String>,
    /// The model's text.
    pub model: Option<String>,
    pub question: Value,
    pub expect: Value,
    pub known_bug: Option<String>,
}

/// Every entry of every topic file, in file order.
pub fn corpus() -> Vec<Entry> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let topic: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let topic = topic
            .as_object()
            .unwrap_or_else(|| panic!("{file}: not an object"));
        for k in topic.keys() {
            assert!(
                ["model", "questions", "about"].contains(&k.as_str()),
                "{file}: unknown field `{k}`"
            );
        }
        let model_path = topic["model"].as_str().map(str::to_owned);
        let model = match &topic["model"] {
            Value::Null => None,
            Value::String(m) => Some(
                std::fs::read_to_string(corpus_dir().join(m))
                    .unwrap_or_else(|e| panic!("{file}: model {m}: {e}")),
            ),
            other => panic!("{file}: `model` must be a path or null, found {other}"),
        };
        let questions = topic["questions"].as_array().unwrap();
        assert!(!questions.is_empty(), "{file}: no questions");
        for q in questions {
            let q = q.as_object().unwrap();
            for k in q.keys() {
                assert!(
                    ["name", "ask", "question", "expect", "knownBug", "why"].contains(&k.as_str()),
                    "{file}: unknown field `{k}` in {q:?}"
                );
            }
            let name = q["name"].as_str().unwrap().to_owned();
            assert!(
                !out.iter().any(|e: &Entry| e.file == file && e.name == name),
                "{file}: duplicate name `{name}`"
            );
            let expect = q.get("expect").cloned().unwrap_or(Value::Null);
            assert!(
                expect.is_object(),
                "{file}/{name}: `expect` must be an object"
            );
            out.push(Entry {
                file: file.clone(),
                name,
                ask: q["ask"].as_str().unwrap().to_owned(),
                model_path: model_path.clone(),
                model: model.clone(),
                question: q["question"].clone(),
                expect,
                known_bug: q.get("knownBug").map(|b| b.as_str().unwrap().to_owned()),
            });
        }
    }
    out
}

/// The JSON API's output for an entry: `{"result": …}` or `{"error": …}`.
pub fn ask(e: &Entry) -> Value {
    let question = e.question.to_string();
    let model = e.model.as_deref();
    match e.ask.as_str() {
        "check" => check_json(model, &question),
        "whoCan" => who_can_json(model, &question),
        "paths" => paths_json(model, &question),
        "assume" => assume_json(model, &question),
        other => panic!("{}/{}: unknown ask `{other}`", e.file, e.name),
    }
}

/// What `expect` is matched against: the result, or `{"error": …}`.
pub fn answer_of(output: &Value) -> Value {
    match (output.get("result"), output.get("error")) {
        (Some(r), None) => r.clone(),
        (None, Some(e)) => json!({ "error": e }),
        _ => panic!("neither result nor error: {output}"),
    }
}
