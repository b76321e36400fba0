//! `iamsim test`: access expectations in JSON files, run like a test suite for CI.

use super::assume::simulate;
use super::check::decide;
use crate::exit::Exit;
use crate::support::error::CliError;
use crate::support::model::{load, Loaded};
use crate::support::style::Style;
use iamsim_core::eval::Decision;
use iamsim_core::query::{
    self, judge_check, read_access_tests, AccessTest, AssumeQuestion, Expectation, Given,
    WhoCanQuestion, DEFAULT_MAX_DEPTH,
};
use iamsim_core::render::junit::{self, CaseOutcome, CaseResult, SuiteResult};
use std::path::Path;
use std::time::Instant;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim test examples/access-tests.json
  iamsim test tests/access/*.json --junit target/iamsim-junit.xml

The file format is documented in docs/cli.md. The last line of the output is always
`N passed, M failed`.

Exit codes: 0 all tests passed, 1 a test failed (or could not run), 2 a file is unreadable or malformed.")]
pub struct Args {
    /// Test files (JSON).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Also write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let style = Style::detect();
    let mut suites = Vec::new();
    for file in &args.files {
        // Within the size limit; bad UTF-8 or a UTF-16 file is a located error.
        let text = crate::support::input::read(file, crate::support::limits::get().input_bytes)
            .map_err(|e| e.into_error(file))?;
        let parsed =
            read_access_tests(&text, &crate::support::limits::get()).map_err(|diagnostics| {
                CliError::Model {
                    file: file.clone(),
                    text: text.clone(),
                    diagnostics,
                }
            })?;
        // A model path is relative to the test file, so suites run from any directory.
        let model_path = parsed.model.as_ref().map(|m| {
            Path::new(file)
                .parent()
                .unwrap_or(Path::new(""))
                .join(m)
                .to_string_lossy()
                .into_owned()
        });
        let loaded = load(model_path.as_deref())?;
        crate::outln!("{} ({})", style.bold(file), loaded.file);
        let mut cases = Vec::new();
        for test in &parsed.tests {
            let started = Instant::now();
            let outcome = match run_one(&loaded, test) {
                Ok(None) => CaseOutcome::Passed,
                Ok(Some(why)) => CaseOutcome::Failed(why),
                Err(e) => CaseOutcome::Error(e.render().trim_end().to_owned()),
            };
            match &outcome {
                CaseOutcome::Passed => crate::outln!("  {} {}", style.good("ok  "), test.name),
                CaseOutcome::Failed(why) | CaseOutcome::Error(why) => {
                    crate::outln!("  {} {}", style.bad("FAIL"), test.name);
                    for line in why.lines() {
                        crate::outln!("       {line}");
                    }
                }
            }
            cases.push(CaseResult {
                name: test.name.clone(),
                outcome,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
        suites.push(SuiteResult {
            name: file.clone(),
            cases,
        });
    }
    let total: usize = suites.iter().map(|s| s.cases.len()).sum();
    let passed = suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| matches!(c.outcome, CaseOutcome::Passed))
        .count();
    let failed = total - passed;
    if let Some(path) = &args.junit {
        std::fs::write(path, junit::render(&suites))
            .map_err(|e| CliError::Usage(format!("cannot write `{path}`: {e}")))?;
    }
    crate::outln!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// Why a test naming `action` cannot test anything: an action AWS does not have is allowed by
/// nothing but wildcards, so an expected deny would pass vacuously.
fn unknown_action(action: &str) -> Option<String> {
    let (_, message, hint) = iamsim_core::warnings::unknown_action(action)?;
    Some(format!(
        "{message}; the test cannot check an action AWS does not have ({hint})"
    ))
}

/// Runs one test: `None` when it holds, the reason when it does not.
fn run_one(loaded: &Loaded, test: &AccessTest) -> Result<Option<String>, CliError> {
    let action = match &test.expectation {
        Expectation::Check { question, .. } => Some(&question.action),
        Expectation::NoneOutside { action, .. } => Some(action),
        Expectation::Assume { .. } | Expectation::OnlyWithMfa { .. } => None,
    };
    if let Some(why) = action.and_then(|a| unknown_action(a)) {
        return Ok(Some(why));
    }
    match &test.expectation {
        Expectation::Check {
            question,
            expect,
            condition,
        } => {
            let answer = decide(loaded, question)?;
            Ok(judge_check(*expect, condition.as_deref(), &answer))
        }
        Expectation::Assume { question, expect } => {
            let (d, reason) = assume(loaded, question)?;
            Ok((!expect.matches(d))
                .then(|| format!("expected {}, got {}: {reason}", expect.as_str(), d.as_str())))
        }
        Expectation::OnlyWithMfa { question } => {
            let mut without_mfa = question.clone();
            without_mfa.given.mfa = false;
            let (with, reason_with) = assume(loaded, question)?;
            let (without, _) = assume(loaded, &without_mfa)?;
            Ok(match (with, without) {
                (Decision::Allowed, Decision::Allowed) => {
                    Some("allowed without MFA too (expected denied without MFA)".into())
                }
                (Decision::Allowed, _) => None,
                (d, _) => Some(format!(
                    "denied even with MFA ({}): {reason_with}",
                    d.as_str()
                )),
            })
        }
        Expectation::NoneOutside {
            accounts,
            action,
            resource,
            context,
        } => {
            // Outsiders with MFA can do no less than without: search with MFA on.
            let question = WhoCanQuestion {
                action: action.clone(),
                resource: resource.clone(),
                given: Given {
                    mfa: true,
                    context: context.clone(),
                },
                max_depth: DEFAULT_MAX_DEPTH,
                // Outsiders that escalate their way in count too.
                edges: query::EdgeMode::All,
                unknown: Vec::new(),
            };
            let answer = query::who_can(&loaded.model, &question, &mut |_, _| {})?;
            let outsiders: Vec<String> = answer
                .principals
                .into_iter()
                .filter(|e| {
                    // A federated source counts in its identity provider's account.
                    !accounts.contains(&e.account)
                })
                .map(|e| {
                    let chain: Vec<&str> = e.chain.iter().map(|h| h.role.as_str()).collect();
                    if chain.is_empty() {
                        format!("{} directly", e.principal)
                    } else {
                        format!("{} through {}", e.principal, chain.join(" -> "))
                    }
                })
                .collect();
            Ok((!outsiders.is_empty()).then(|| {
                format!(
                    "{} identit{} outside {} can:\n{}",
                    outsiders.len(),
                    if outsiders.len() == 1 { "y" } else { "ies" },
                    accounts.join(", "),
                    outsiders.join("\n")
                )
            }))
        }
    }
}

/// The decision of an assumption and the reason of its first refusal.
fn assume(loaded: &Loaded, question: &AssumeQuestion) -> Result<(Decision, String), CliError> {
    let answer = simulate(loaded, question)?;
    let reason = match &answer.error {
        Some(e) => e.message.clone(),
        None => answer
            .checks
            .iter()
            .find(|c| c.decision != Decision::Allowed)
            .or(answer.checks.first())
            .map_or_else(String::new, |c| {
                let mut reason = c.reason.clone();
                for miss in &c.near_misses {
                    reason.push_str(&format!("\n{}", miss.sentence()));
                }
                reason
            }),
    };
    Ok((answer.decision, reason))
}
