//! `iamsim check`: decide one request by an identity of the model, and explain it.

use crate::exit::Exit;
use crate::support::context::{context_of, parse_pairs};
use crate::support::error::CliError;
use crate::support::model::{load, Loaded};
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::eval::Decision;
use iamsim_core::partial::{ConditionView, Outcome};
use iamsim_core::query::{self, CheckAnswer, CheckQuestion, Given};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim check alice sts:AssumeRole arn:aws:iam::222222222222:role/Deploy --mfa
  iamsim check dave s3:GetObject arn:aws:s3:::acme-data-lake/report.csv --explain
  iamsim check 222222222222:role/Deploy ecs:UpdateService '*' --context aws:RequestedRegion=eu-west-1
  iamsim check bob s3:GetObject arn:aws:s3:::acme-data-lake/x --model org.json --format json
  iamsim check dave s3:GetObject arn:aws:s3:::acme-data-lake/q1.csv --unknown '*'
  iamsim check alice sts:AssumeRole arn:aws:iam::222222222222:role/Deploy --unknown aws:MultiFactorAuthPresent

Exit codes: 0 allowed (with --unknown: allowed for some values of the unknown keys), 1 denied,
2 bad input (unknown name, malformed model or flag).")]
pub struct Args {
    /// The caller: a user or role name, ACCOUNT:user/NAME, ACCOUNT:role/NAME, or an ARN.
    principal: String,
    /// The action, e.g. s3:GetObject.
    action: String,
    /// The resource ARN (or `*`; for sts:AssumeRole a role named like a principal).
    resource: String,
    /// A request fact, key=value (repeat the flag; a key given twice is multi-valued).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// The user signed in with MFA (only users with an MFA device).
    #[arg(long)]
    mfa: bool,
    /// The account model (JSON); the embedded example organization when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    /// Print every policy type's verdict and every statement that applied.
    #[arg(long)]
    explain: bool,
    /// Leave a context key unknown and answer under which of its values the request is allowed
    /// (repeat the flag; '*' = every key the request does not fix).
    #[arg(long = "unknown", value_name = "KEY")]
    unknown: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Answers a check question against the loaded model (shared with `iamsim test`).
pub fn decide(loaded: &Loaded, question: &CheckQuestion) -> Result<CheckAnswer, CliError> {
    Ok(query::check(&loaded.model, &loaded.text, question)?)
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let context = context_of(&parse_pairs(&args.context, "--context")?);
    let loaded = load(args.model.as_deref())?;
    let question = CheckQuestion {
        principal: args.principal.clone(),
        action: args.action.clone(),
        resource: args.resource.clone(),
        given: Given {
            mfa: args.mfa,
            context,
        },
        explain: args.explain,
        unknown: args.unknown.clone(),
    };
    let answer = decide(&loaded, &question)?;
    match args.format {
        Format::Json => crate::outln!("{}", serde_json::to_string(&answer).unwrap_or_default()),
        Format::Human => crate::out!("{}", to_human(&loaded, &answer, Style::detect())),
    }
    let allowed = match &answer.condition {
        Some(c) => c.outcome != Outcome::Denied,
        None => answer.decision == Decision::Allowed,
    };
    Ok(if allowed {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// The first lines of a conditional answer: its outcome, the formula one term a line with where
/// each test comes from, then the request without the unknown keys.
fn condition_lines(a: &CheckAnswer, c: &ConditionView, style: Style) -> String {
    let label = match c.outcome {
        Outcome::Allowed => "Allowed",
        Outcome::Denied if c.explicit == Some(true) => "ExplicitDeny",
        Outcome::Denied => "ImplicitDeny",
        Outcome::Conditional => "Conditional",
    };
    let mut out = format!(
        "{} {} {} on {}\n",
        style.decision(c.outcome != Outcome::Denied, label),
        style.bold(&a.principal),
        a.action,
        a.resource
    );
    match c.outcome {
        Outcome::Conditional => {
            for (i, term) in c.any_of.iter().enumerate() {
                let text = term
                    .all_of
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" and ");
                let lead = if i == 0 { "Allowed if" } else { "        or" };
                out.push_str(&format!("  {lead} {text}\n"));
            }
            let mut sources: Vec<String> = Vec::new();
            for l in c.any_of.iter().flat_map(|t| &t.all_of) {
                for s in &l.sources {
                    let place = format!(
                        "{} statement {}{}",
                        s.policy,
                        s.statement,
                        s.sid
                            .as_deref()
                            .map(|x| format!(" [{x}]"))
                            .unwrap_or_default()
                    );
                    if !sources.contains(&place) {
                        sources.push(place);
                    }
                }
            }
            if !sources.is_empty() {
                out.push_str(&style.dim(&format!("  tests from: {}", sources.join(", "))));
                out.push('\n');
            }
        }
        _ => out.push_str(&format!("  {}\n", c.sentence())),
    }
    out.push_str(&format!(
        "  without the unknown keys ({}): {} — {}\n",
        c.unknown.join(", "),
        a.decision.as_str(),
        a.reason.as_deref().unwrap_or_default()
    ));
    out
}

fn to_human(loaded: &Loaded, a: &CheckAnswer, style: Style) -> String {
    let mut out = match &a.condition {
        Some(c) => condition_lines(a, c, style),
        None => format!(
            "{} {} {} on {}\n  {}\n",
            style.decision(a.allowed, a.decision.as_str()),
            style.bold(&a.principal),
            a.action,
            a.resource,
            a.reason.as_deref().unwrap_or_default()
        ),
    };
    if let Some(c) = &a.allowed_if {
        let terms: Vec<String> = c
            .any_of
            .iter()
            .map(|t| {
                let all: Vec<&str> = t.all_of.iter().map(|l| l.text.as_str()).collect();
                if c.any_of.len() > 1 && all.len() > 1 {
                    format!("({})", all.join(" and "))
                } else {
                    all.join(" and ")
                }
            })
            .collect();
        out.push_str(&format!("  would be allowed if {}\n", terms.join(" or ")));
    }
    for miss in &a.near_misses {
        out.push_str(&format!("  {}\n", miss.sentence()));
    }
    out.push_str(&crate::support::chain::context_lines(
        &a.context, &a.notes, style,
    ));
    let Some(explain) = &a.explain else {
        return out;
    };
    out.push_str("\npolicy types:\n");
    for v in &explain.policy_types {
        let verdict = serde_json::to_value(v.verdict).unwrap_or_default();
        let kind = serde_json::to_value(v.policy_type).unwrap_or_default();
        out.push_str(&format!(
            "  {:<10} {}{}\n",
            kind.as_str().unwrap_or_default(),
            verdict.as_str().unwrap_or_default(),
            v.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        ));
    }
    if explain.statements.is_empty() {
        out.push_str("\nno statement applied\n");
    } else {
        out.push_str("\nstatements that applied:\n");
    }
    for s in &explain.statements {
        let hit = &s.hit;
        let effect = format!("{:?}", hit.effect);
        let place = match (s.line, s.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", loaded.file),
            _ => "built in".to_owned(),
        };
        out.push_str(&format!(
            "  {} {} {}{} at {place} ({})\n",
            style.decision(effect == "Allow", &effect),
            hit.policy,
            hit.path,
            hit.sid
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default(),
            hit.policy_type.describe(),
        ));
        if let (Some(first), Some(text)) = (s.line, &s.text) {
            for (n, line) in (first..).zip(text.lines()) {
                out.push_str(&style.dim(&format!("  {n:>5} | {line}")));
                out.push('\n');
            }
        }
    }
    if !explain.missing_context_values.is_empty() {
        out.push_str(&format!(
            "\nmissing context keys: {}\n",
            explain.missing_context_values.join(", ")
        ));
    }
    out
}
