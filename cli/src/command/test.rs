//! `iamsim test`: access expectations in JSON files, run like a test suite for CI.

use super::assume::{simulate, AssumeInput, Via};
use super::check::{decide, CheckInput};
use crate::exit::Exit;
use crate::support::context::context_of;
use crate::support::error::CliError;
use crate::support::junit::{self, CaseOutcome, CaseResult, SuiteResult};
use crate::support::model::{load, Loaded};
use crate::support::style::Style;
use crate::support::testfile::{self, AssumeSpec, Expectation, TestCase};
use iamsim_core::access::{who_can, Assumptions};
use iamsim_core::assume::AssumeParams;
use iamsim_core::eval::Decision;
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
        let text = std::fs::read_to_string(file)
            .map_err(|e| CliError::Usage(format!("cannot read `{file}`: {e}")))?;
        let parsed = testfile::parse(&text)
            .map_err(|e| CliError::Usage(format!("{file}: not a valid test file: {e}")))?;
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
fn run_one(loaded: &Loaded, test: &TestCase) -> Result<Option<String>, CliError> {
    let action = match &test.expectation {
        Expectation::Request { action, .. } => Some(action),
        Expectation::NoneOutside(n) => Some(&n.action),
        Expectation::Assume { .. } | Expectation::OnlyWithMfa(_) => None,
    };
    if let Some(why) = action.and_then(|a| unknown_action(a)) {
        return Ok(Some(why));
    }
    match &test.expectation {
        Expectation::Request {
            principal,
            action,
            resource,
            mfa,
            expect,
        } => {
            let outcome = decide(
                loaded,
                &CheckInput {
                    principal,
                    action,
                    resource,
                    context: test.context.clone(),
                    mfa: *mfa,
                },
            )?;
            let d = outcome.trace.decision;
            Ok((!expect.matches(d)).then(|| {
                format!(
                    "expected {}, got {}: {}",
                    expect.as_str(),
                    d.as_str(),
                    outcome.trace.reason
                )
            }))
        }
        Expectation::Assume { spec, expect } => {
            let (d, reason) = assume(loaded, spec, spec.mfa, &test.context)?;
            Ok((!expect.matches(d))
                .then(|| format!("expected {}, got {}: {reason}", expect.as_str(), d.as_str())))
        }
        Expectation::OnlyWithMfa(o) => {
            let spec = AssumeSpec {
                principal: Some(o.principal.clone()),
                role: o.role.clone(),
                external_id: None,
                mfa: true,
                session_name: None,
                duration_seconds: None,
                session_tags: Default::default(),
                transitive_tag_keys: Vec::new(),
                source_identity: None,
                web_identity: None,
                claims: Default::default(),
            };
            let (with, reason_with) = assume(loaded, &spec, true, &test.context)?;
            let (without, _) = assume(loaded, &spec, false, &test.context)?;
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
        Expectation::NoneOutside(n) => {
            let target = loaded.model.target(&n.action, &n.resource)?;
            let assumptions = Assumptions {
                context: context_of(&test.context),
                ..Assumptions::default()
            };
            // Outsiders with MFA can do no less than without: search with MFA on.
            let with_mfa = Assumptions {
                mfa: true,
                ..assumptions
            };
            let world = &loaded.model.world;
            let outsiders: Vec<String> = who_can(world, &target, &with_mfa)
                .into_iter()
                .filter(|e| {
                    let account = world
                        .identity_index(&e.principal)
                        .and_then(|i| world.identities.get(i))
                        .map(|i| i.account.as_str());
                    !account.is_some_and(|a| n.accounts.iter().any(|x| x == a))
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
                    n.accounts.join(", "),
                    outsiders.join("\n")
                )
            }))
        }
    }
}

fn assume(
    loaded: &Loaded,
    spec: &AssumeSpec,
    mfa: bool,
    context: &[(String, String)],
) -> Result<(Decision, String), CliError> {
    let via = match (&spec.principal, &spec.web_identity) {
        (_, Some(provider)) => Via::WebIdentity {
            provider,
            claims: spec
                .claims
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        },
        (Some(principal), None) => Via::Identity(principal),
        (None, None) => {
            return Err(CliError::Usage(
                "`assume` needs `principal` or `webIdentity`".into(),
            ))
        }
    };
    let input = AssumeInput {
        via,
        role: &spec.role,
        mfa,
        context: context.to_vec(),
        params: AssumeParams {
            session_name: spec.session_name.clone().unwrap_or_else(|| "iamsim".into()),
            duration_seconds: spec.duration_seconds,
            external_id: spec.external_id.clone(),
            mfa: false,
            source_identity: spec.source_identity.clone(),
            session_tags: spec
                .session_tags
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            transitive_tag_keys: spec.transitive_tag_keys.clone(),
            session_policy: None,
        },
    };
    let result = simulate(loaded, &input)?;
    let o = &result.outcome;
    let reason = match &o.error {
        Some(e) => e.message(),
        None => o
            .checks
            .iter()
            .find(|c| c.trace.decision != Decision::Allowed)
            .or(o.checks.first())
            .map_or_else(String::new, |c| c.trace.reason.clone()),
    };
    Ok((o.decision, reason))
}
