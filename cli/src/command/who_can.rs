//! `iamsim who-can`: every identity that can perform an action on a resource, with its chain.

use crate::exit::Exit;
use crate::support::chain::{context_lines, hop_line, mfa_line};
use crate::support::error::CliError;
use crate::support::model::load;
use crate::support::progress::Progress;
use crate::support::search::SearchArgs;
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::query::{self, EdgeMode, WhoCanAnswer, WhoCanQuestion};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim who-can s3:GetObject arn:aws:s3:::acme-data-lake/report.csv
  iamsim who-can ecs:UpdateService '*' --mfa
  iamsim who-can iam:CreateUser '*' --edges assume   # role assumption only, no escalation
  iamsim who-can s3:GetObject arn:aws:s3:::acme-data-lake/report.csv --unknown aws:SourceIp
  iamsim who-can kms:Decrypt arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab --format json

Exit codes: 0 someone can (with --unknown: for some values of the unknown keys), 1 nobody can,
2 bad input.")]
pub struct Args {
    /// The action, e.g. s3:GetObject.
    action: String,
    /// The resource ARN (or `*`).
    resource: String,
    #[command(flatten)]
    search: SearchArgs,
    /// The hops followed: `all` (role assumption and escalation techniques) or `assume`.
    #[arg(long, value_name = "all|assume", default_value = "all")]
    edges: String,
    /// Leave a context key unknown: identities allowed only for some of its values are listed
    /// too, each with the condition (repeatable; `*` for every key the request does not fix).
    #[arg(long = "unknown", value_name = "KEY")]
    unknown: Vec<String>,
    /// The account model (JSON); the embedded example organization when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let (given, max_depth) = args.search.given()?;
    let loaded = load(args.model.as_deref())?;
    let question = WhoCanQuestion {
        action: args.action.clone(),
        resource: args.resource.clone(),
        given,
        max_depth,
        edges: EdgeMode::parse(&args.edges)?,
        unknown: args.unknown.clone(),
    };
    let progress = Progress::new(
        loaded.model.world.identities.len() as u64,
        "deciding for every identity",
        false,
    );
    let answer = query::who_can(&loaded.model, &question, &mut |done, _| {
        progress.set(done as u64)
    })?;
    progress.finish();
    match args.format {
        Format::Json => crate::outln!("{}", serde_json::to_string(&answer).unwrap_or_default()),
        Format::Human => crate::out!("{}", to_human(&answer, Style::detect())),
    }
    Ok(if answer.principals.is_empty() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn to_human(a: &WhoCanAnswer, style: Style) -> String {
    let n = a.principals.len();
    let conditional = a
        .principals
        .iter()
        .filter(|e| e.condition.is_some())
        .count();
    let mut out = format!(
        "{n} identit{} can {} on {}{}\n",
        if n == 1 { "y" } else { "ies" },
        a.action,
        a.resource,
        if conditional > 0 {
            format!(" ({conditional} only under a condition)")
        } else {
            String::new()
        }
    );
    for e in &a.principals {
        let how = if e.chain.is_empty() {
            "directly"
        } else {
            "through"
        };
        out.push_str(&format!(
            "  {} ({}) {how}\n",
            style.bold(&e.principal),
            e.kind
        ));
        for hop in &e.chain {
            out.push_str(&format!("     {}\n", hop_line(hop, style)));
        }
        let with: Vec<String> = e
            .requires
            .iter()
            .map(|r| format!("{}={}", r.key, r.value))
            .collect();
        let with = if with.is_empty() {
            String::new()
        } else {
            format!(" (with {})", with.join(", "))
        };
        out.push_str(&style.dim(&format!("     => {}{with}", e.reason)));
        out.push('\n');
        if let Some(c) = e
            .condition
            .as_ref()
            .filter(|_| !e.reason.starts_with("allowed only if"))
        {
            out.push_str(&format!("     only if {}\n", c.text));
        }
    }
    out.push_str(&style.dim(&mfa_line(a.mfa)));
    out.push('\n');
    out.push_str(&context_lines(&a.context, &[], style));
    out
}
