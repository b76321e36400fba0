//! `who-can`, `paths`, `validate` (files and `--model`) and `import` print the same bytes and exit
//! with the same code on one thread (`--jobs 1`) and on the worker pool (`--jobs 2`): every
//! who-can and paths question of the question corpus (tests/questions), every lint fixture, every
//! corpus model, and the import fixture folder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Stdout and exit code of `iamsim --jobs JOBS ARGS...`.
fn run(jobs: &str, args: &[String]) -> (Vec<u8>, Option<i32>) {
    let out = iamsim().args(["--jobs", jobs]).args(args).output().unwrap();
    (out.stdout, out.status.code())
}

/// Runs `args` with one job and with two and requires the same output; returns it.
fn same_on_one_and_two(args: &[String]) -> (Vec<u8>, Option<i32>) {
    let one = run("1", args);
    let two = run("2", args);
    assert!(
        one == two,
        "--jobs 1 and --jobs 2 differ for `iamsim {}`:\n{}\n----\n{}",
        args.join(" "),
        String::from_utf8_lossy(&one.0),
        String::from_utf8_lossy(&two.0)
    );
    one
}

/// The search flags of a question object (mfa, context, maxDepth, edges) as CLI arguments.
fn search_flags(q: &Value, out: &mut Vec<String>) {
    if q["mfa"].as_bool() == Some(true) {
        out.push("--mfa".into());
    }
    if let Some(context) = q["context"].as_object() {
        for (k, v) in context {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            out.push("--context".into());
            out.push(format!("{k}={v}"));
        }
    }
    if let Some(depth) = q["maxDepth"].as_u64() {
        out.push("--max-depth".into());
        out.push(depth.to_string());
    }
    if let Some(edges) = q["edges"].as_str() {
        out.push("--edges".into());
        out.push(edges.into());
    }
}

/// Every who-can and paths question of the corpus as CLI arguments (JSON output).
fn corpus_questions() -> Vec<Vec<String>> {
    let dir = root().join("tests/questions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let topic: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let model = topic["model"]
            .as_str()
            .map(|m| dir.join(m).to_str().unwrap().to_owned());
        for entry in topic["questions"].as_array().unwrap() {
            let q = &entry["question"];
            let mut args: Vec<String> = match entry["ask"].as_str() {
                Some("whoCan") => vec![
                    "who-can".into(),
                    q["action"].as_str().unwrap_or_default().into(),
                    q["resource"].as_str().unwrap_or_default().into(),
                ],
                Some("paths") => {
                    let mut a = vec![
                        "paths".into(),
                        q["principal"].as_str().unwrap_or_default().into(),
                    ];
                    let to = &q["to"];
                    if to.is_object() {
                        a.push("--to".into());
                        a.push(to["action"].as_str().unwrap_or_default().into());
                        a.push(to["resource"].as_str().unwrap_or_default().into());
                    }
                    a
                }
                _ => continue,
            };
            search_flags(q, &mut args);
            if let Some(m) = &model {
                args.push("--model".into());
                args.push(m.clone());
            }
            args.push("--format".into());
            args.push("json".into());
            out.push(args);
        }
    }
    out
}

#[test]
fn who_can_and_paths_answer_the_same_on_one_thread_and_on_two() {
    let questions = corpus_questions();
    let who_can = questions.iter().filter(|q| q[0] == "who-can").count();
    assert!(
        who_can > 15 && questions.len() - who_can > 20,
        "the corpus is read: {who_can} who-can, {} paths",
        questions.len() - who_can
    );
    let mut answered = 0;
    for args in &questions {
        let (stdout, code) = same_on_one_and_two(args);
        if code != Some(2) {
            answered += 1;
            assert!(
                serde_json::from_slice::<Value>(&stdout).is_ok(),
                "an answer: {args:?}"
            );
        }
    }
    assert!(answered > 30, "most questions are answered: {answered}");
    // Human output too, on a search with several identities and chains.
    for args in [
        vec![
            "who-can",
            "sts:AssumeRole",
            "222222222222:role/Deploy",
            "--mfa",
        ],
        vec!["paths", "alice", "--mfa"],
    ] {
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        let (stdout, _) = same_on_one_and_two(&args);
        assert!(stdout.len() > 100, "a report: {args:?}");
    }
}

#[test]
fn validate_reports_the_same_files_in_the_same_order() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/lint"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    files.sort();
    assert!(files.len() > 30, "the lint fixtures are read");
    // More files than a chunk (256), so that chunks follow each other.
    let many: Vec<String> = files.iter().cycle().take(300).cloned().collect();
    for format in ["json", "human", "sarif"] {
        let mut args: Vec<String> = vec!["validate".into(), "--format".into(), format.into()];
        args.extend(many.iter().cloned());
        let (stdout, _) = same_on_one_and_two(&args);
        assert!(stdout.len() > 1000, "findings ({format})");
    }
    // An unreadable file mid-list stops the run at the same place.
    let mut args: Vec<String> = vec!["validate".into()];
    args.extend(files.iter().take(5).cloned());
    args.push(root().join("no-such-file.json").to_str().unwrap().into());
    args.extend(files.iter().skip(5).cloned());
    let (_, code) = same_on_one_and_two(&args);
    assert_eq!(code, Some(2));
}

#[test]
fn validate_model_reports_the_same_on_one_thread_and_on_two() {
    let mut models: Vec<PathBuf> = std::fs::read_dir(root().join("tests/questions/models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    models.push(root().join("core/data/example-org.json"));
    models.sort();
    for model in &models {
        let args: Vec<String> = vec![
            "validate".into(),
            "--format".into(),
            "json".into(),
            "--model".into(),
            model.to_str().unwrap().into(),
        ];
        let (stdout, _) = same_on_one_and_two(&args);
        assert!(!stdout.is_empty(), "a report for {}", model.display());
    }
}

#[test]
fn import_writes_the_same_model_on_one_thread_and_on_two() {
    let fixtures = root().join("tests/import");
    let args: Vec<String> = vec!["import".into(), fixtures.to_str().unwrap().into()];
    let (stdout, code) = same_on_one_and_two(&args);
    assert_eq!(code, Some(0));
    assert!(
        serde_json::from_slice::<Value>(&stdout).is_ok(),
        "a model on stdout"
    );
}
