//! Output on inputs with many findings or very long lines (issue #14): each finding quotes a
//! bounded excerpt of its line, a file shows a bounded number of findings (JSON lists all), and a
//! model is never echoed whole.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod common;
use common::{iamsim, json, outcome, temp_dir};

/// A minified (one-line) policy with `n` unknown STS actions: one finding each.
fn many_findings(n: usize) -> String {
    let actions: Vec<String> = (0..n).map(|i| format!("sts:Frob{i}")).collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow",
        "Action": actions, "Resource": "*"}]})
    .to_string()
}

fn file(name: &str, text: &str) -> String {
    let path = temp_dir("out").join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_one_line_policy_with_thousands_of_findings_prints_a_bounded_report() {
    let text = many_findings(10_000);
    assert!(!text.contains('\n') && text.len() > 120_000);
    let path = file("p.json", &text);
    let (code, stdout, _) = outcome(iamsim().args(["validate", &path]));
    // Unknown actions are catalog warnings (AWS stores such policies): not a failing exit.
    assert_eq!(code, Some(0));
    // 100 findings of a few short lines each, instead of 10,000 copies of the 130 KB line.
    assert!(stdout.len() < 80_000, "{} bytes", stdout.len());
    // Quoted source lines (`1 | …`) are excerpts.
    for line in stdout.lines().filter(|l| l.starts_with("1 |")) {
        assert!(line.chars().count() <= 4 + 122, "{line}");
    }
    assert_eq!(stdout.matches("warning[unknown-action]").count(), 99);
    assert!(
        stdout.contains("… and 9,901 more findings in ")
            && stdout.contains("--format json lists all"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("10001 warnings"), "{stdout}");
    // The caret is under the action named, in the middle of the long line.
    let at = stdout.find("`sts:Frob50`").unwrap();
    let block: Vec<&str> = stdout.get(at..).unwrap().lines().take(5).collect();
    let caret = block[4].chars().position(|c| c == '^').unwrap();
    let quoted = block[3];
    assert!(quoted.contains("…"), "{quoted}");
    assert_eq!(
        quoted.chars().skip(caret).take(12).collect::<String>(),
        "\"sts:Frob50\""
    );
    // JSON lists every finding.
    let (_, stdout, _) = outcome(iamsim().args(["validate", "--format", "json", &path]));
    let report = json(stdout.as_bytes());
    assert_eq!(
        report["files"][0]["diagnostics"].as_array().unwrap().len(),
        10_001
    );
}

#[test]
fn a_long_model_line_is_quoted_as_an_excerpt() {
    // One line of 1 MB with a syntax error at its end.
    let text = format!(
        "{{\"accounts\":{{}},\"x-pad\":\"{}\",}}",
        "a".repeat(1_000_000)
    );
    let path = file("model.json", &text);
    let (code, _, stderr) =
        outcome(iamsim().args(["who-can", "s3:GetObject", "*", "--model", &path]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[json-syntax]"), "{stderr}");
    assert!(stderr.len() < 1_000, "{} bytes of stderr", stderr.len());
}

#[test]
fn a_model_over_the_size_limit_is_not_echoed() {
    let text = format!(
        "{{\"accounts\":{{}},\"x-pad\":\"{}\"}}",
        "a".repeat(200_000)
    );
    let path = file("big.json", &text);
    for args in [
        vec!["who-can", "s3:GetObject", "*", "--model", &path],
        vec!["validate", "--model", &path],
    ] {
        let (code, stdout, stderr) =
            outcome(iamsim().args(&args).args(["--max-input-bytes", "100000"]));
        assert!(code.is_some_and(|c| c != 0));
        let all = stdout + &stderr;
        assert!(all.contains("error[input-too-large]"), "{all}");
        assert!(all.contains("over the limit of 100000 bytes"), "{all}");
        assert!(all.len() < 1_000, "{} bytes", all.len());
    }
}
