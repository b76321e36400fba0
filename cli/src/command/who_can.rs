//! `iamsim who-can`: every identity that can perform an action on a resource, with its chain.

use crate::exit::Exit;
use crate::support::chain::{assumed_line, context_pairs, hop_line};
use crate::support::error::CliError;
use crate::support::model::load;
use crate::support::progress::Progress;
use crate::support::search::SearchArgs;
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::access::{who_can_observed, Assumptions, WhoCanEntry};
use serde_json::json;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim who-can s3:GetObject arn:aws:s3:::acme-data-lake/report.csv
  iamsim who-can ecs:UpdateService '*' --mfa
  iamsim who-can kms:Decrypt arn:aws:kms:eu-west-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab --format json

Exit codes: 0 someone can, 1 nobody can, 2 bad input.")]
pub struct Args {
    /// The action, e.g. s3:GetObject.
    action: String,
    /// The resource ARN (or `*`).
    resource: String,
    #[command(flatten)]
    search: SearchArgs,
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
    let mut assumptions = args.search.assumptions()?;
    let loaded = load(args.model.as_deref())?;
    let target = loaded.model.target(&args.action, &args.resource)?;
    iamsim_core::access::default_region(&mut assumptions.context, &target.resource);
    let progress = Progress::new(
        loaded.model.world.identities.len() as u64,
        "deciding for every identity",
        false,
    );
    let entries = who_can_observed(
        &loaded.model.world,
        &target,
        &assumptions,
        &mut |done, _| progress.set(done as u64),
    );
    progress.finish();
    match args.format {
        Format::Json => {
            let context: serde_json::Map<String, serde_json::Value> =
                context_pairs(&assumptions.context)
                    .into_iter()
                    .map(|(k, v)| (k, json!(v)))
                    .collect();
            crate::outln!(
                "{}",
                json!({
                    "action": args.action,
                    "resource": args.resource,
                    "assumedMfa": assumptions.mfa,
                    "assumedContext": context,
                    "principals": entries,
                })
            );
        }
        Format::Human => crate::out!(
            "{}",
            to_human(&entries, args, &assumptions, Style::detect())
        ),
    }
    Ok(if entries.is_empty() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn to_human(entries: &[WhoCanEntry], args: &Args, a: &Assumptions, style: Style) -> String {
    let mut out = format!(
        "{} identit{} can {} on {}\n",
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" },
        args.action,
        args.resource
    );
    for e in entries {
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
        out.push_str(&style.dim(&format!("     => {}", e.reason)));
        out.push('\n');
    }
    out.push_str(&style.dim(&assumed_line(a.mfa, &a.context)));
    out.push('\n');
    out
}
