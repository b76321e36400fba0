//! The scenario corpus (`tests/scenarios/**/*.json`): every file is a self-contained scenario with
//! an expected decision. Each is decided through the library, with and without a trace; the two
//! paths must agree with each other and with `expect`.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::eval::{decide, decide_explained};
use iamsim_tests::{corpus_files, read};

#[test]
fn every_scenario_decides_as_expected() {
    let files = corpus_files();
    assert!(
        files.len() >= 554,
        "the corpus should hold at least 554 scenarios (its size today), found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let name = file.display();
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{name}: unreadable: {e}"));
                continue;
            }
        };
        let s = match read(&text) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: invalid scenario: {e}"));
                continue;
            }
        };
        let Some(expect) = s.expect else {
            failures.push(format!("{name}: no `expect`"));
            continue;
        };
        let fast = decide(&s.request, &s.caller, &s.resource);
        let trace = decide_explained(&s.request, &s.caller, &s.resource);
        if fast != trace.decision {
            failures.push(format!(
                "{name}: decide gave {fast:?}, decide_explained gave {:?}",
                trace.decision
            ));
        }
        if fast != expect {
            failures.push(format!(
                "{name}: expected {expect:?}, got {fast:?} ({}) — {}",
                trace.reason,
                s.why.as_deref().unwrap_or("")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
