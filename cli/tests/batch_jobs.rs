//! `iamsim batch` decides the same on one thread and on the worker pool: byte-identical output,
//! in input order, over the whole scenario corpus, the examples, request lines and broken lines,
//! across several chunks. `diff` too.
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

/// Every `.json` file under `dir`, sorted.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// One stream of every kind of line: each corpus scenario on one line, the example scenarios,
/// request lines against the embedded organization, and lines that fail (JSON syntax, invalid
/// UTF-8, a policy error, a blank line).
fn mixed_stream() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    json_files(&root.join("tests/scenarios"), &mut files);
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for file in &files {
        let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(file).unwrap())
        else {
            continue;
        };
        if value.is_object() {
            lines.push(value.to_string().into_bytes());
        }
    }
    assert!(lines.len() > 400, "the corpus is read: {}", lines.len());
    let examples = std::fs::read_to_string(root.join("examples/scenarios.jsonl")).unwrap();
    lines.extend(examples.lines().map(|l| l.as_bytes().to_vec()));
    for (i, who) in ["alice", "dave", "nobody"].iter().enumerate() {
        lines.push(format!(r#"{{"id":"r{i}","principal":"{who}","action":"s3:GetObject","resource":"arn:aws:s3:::acme-data-lake/report.csv","context":{{"aws:SourceIp":"203.0.113.9"}}}}"#).into_bytes());
    }
    lines.push(br#"{"id":"broken","principal":"#.to_vec());
    lines.push(b"{\"id\":\"\xff\"}".to_vec());
    lines.push(br#"{"id":"typo","principal":null,"action":"s3:GetObject","resource":"*","identityPolicies":[{"Statement":{"Effect":"Alow","Action":"s3:*","Resource":"*"}}]}"#.to_vec());
    lines.push(Vec::new());
    // Enough copies for several chunks (at most 4,096 lines and about 1 MB each).
    let mut stream = Vec::new();
    for _ in 0..16 {
        for line in &lines {
            stream.extend_from_slice(line);
            stream.push(b'\n');
        }
    }
    stream
}

fn batch(jobs: &str, explain: bool, input: &Path) -> Vec<u8> {
    let mut cmd = iamsim();
    cmd.args(["--jobs", jobs, "batch"]);
    if explain {
        cmd.arg("--explain");
    }
    // The stream holds broken lines: every line is answered, and the run exits 2.
    cmd.arg(input).assert().code(2).get_output().stdout.clone()
}

#[test]
fn one_job_and_two_jobs_print_the_same_bytes_in_input_order() {
    let dir = temp_dir("batch-jobs");
    let input = dir.join("mixed.jsonl");
    let stream = mixed_stream();
    std::fs::write(&input, &stream).unwrap();
    let lines = stream.split(|&b| b == b'\n').filter(|l| !l.is_empty());
    let expected_ids: Vec<Value> = lines
        .map(|l| {
            serde_json::from_slice::<Value>(l)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(Value::Null)
        })
        .collect();
    assert!(expected_ids.len() > 4096, "more lines than one chunk holds");
    assert!(stream.len() > 2 << 20, "more bytes than two chunks hold");
    for explain in [false, true] {
        let one = batch("1", explain, &input);
        let two = batch("2", explain, &input);
        assert!(
            one == two,
            "--jobs 1 and --jobs 2 differ (explain: {explain})"
        );
        let results = json_lines(&one);
        let ids: Vec<Value> = results.iter().map(|r| r["id"].clone()).collect();
        assert_eq!(ids, expected_ids, "one result per line, in input order");
        let count = |key: &str, want: &str| {
            results
                .iter()
                .filter(|r| r[key].as_str() == Some(want))
                .count()
        };
        assert!(count("decision", "Allowed") > 0);
        assert!(count("decision", "ExplicitDeny") > 0);
        assert!(count("decision", "ImplicitDeny") > 0);
        assert!(results.iter().any(|r| r["error"]["code"] == "invalid-utf8"));
        assert!(results.iter().any(|r| r["error"]["code"] == "json-syntax"));
        assert_eq!(results.iter().any(|r| r.get("trace").is_some()), explain);
    }
}

#[test]
fn jobs_must_be_a_positive_number() {
    iamsim()
        .args(["--jobs", "0", "batch"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn a_producer_that_waits_for_each_answer_gets_it_on_the_pool() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("iamsim");
    let mut child = Command::new(bin)
        .args(["--jobs", "2", "batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    // Answers are read on a thread so that a batch that waits for more input fails the test
    // after a timeout instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines() {
            if tx.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    for i in 0..3 {
        let line = format!(
            r#"{{"id":"s{i}","principal":null,"action":"s3:GetObject","resource":"*","identityPolicies":[]}}"#
        );
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let answer = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("an answer before the next line is written");
        assert_eq!(
            answer,
            format!(r#"{{"id":"s{i}","decision":"ImplicitDeny"}}"#)
        );
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn diff_prints_the_same_report_on_one_thread_and_on_two() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/diff");
    let run = |jobs: &str, format: &str| {
        iamsim()
            .args(["--jobs", jobs, "diff", "--format", format])
            .arg("--before")
            .arg(format!("{examples}/before.json"))
            .arg("--after")
            .arg(format!("{examples}/after.json"))
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    for format in ["json", "human"] {
        let one = run("1", format);
        assert!(one == run("2", format), "--jobs 1 and 2 differ ({format})");
        assert!(one.len() > 100, "a report with changes");
    }
}
