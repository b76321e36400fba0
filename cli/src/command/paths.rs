//! `iamsim paths`: every chain of role assumption from one principal, and the near misses.

use crate::exit::Exit;
use crate::support::chain::{assumed_line, context_pairs, flip_text, hop_line};
use crate::support::error::CliError;
use crate::support::model::load;
use crate::support::search::SearchArgs;
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::access::{paths, Assumptions, PathReport};
use serde_json::json;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim paths alice --mfa
  iamsim paths bob                       # blocked hops say what they need (MFA)
  iamsim paths Auditor                   # needs sts:ExternalId=cust-7Q2
  iamsim paths GitHubDeploy --to ecs:UpdateService '*'
  iamsim paths alice --mfa --max-depth 2 --format json

Exit codes: 0 any path (with --to: any allowed chain), 1 none, 2 bad input.")]
pub struct Args {
    /// The starting identity: a user or role name, ACCOUNT:user/NAME, ACCOUNT:role/NAME, or an ARN.
    principal: String,
    /// Only chains whose last session may perform ACTION on RESOURCE.
    #[arg(long, num_args = 2, value_names = ["ACTION", "RESOURCE"])]
    to: Option<Vec<String>>,
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
    let (start, _) = loaded.identity(&args.principal)?;
    let target = match args.to.as_deref() {
        Some([action, resource]) => Some(loaded.model.target(action, resource)?),
        Some(_) => return Err(CliError::Usage("--to takes ACTION RESOURCE".into())),
        None => None,
    };
    if let Some(t) = &target {
        iamsim_core::access::default_region(&mut assumptions.context, &t.resource);
    }
    let mut report = paths(&loaded.model.world, start, &assumptions, target.as_ref());
    // Shortest chains first (the search is breadth-first; the sort keeps that promise explicit).
    report.paths.sort_by_key(|p| p.hops.len());
    match args.format {
        Format::Json => {
            let context: serde_json::Map<String, serde_json::Value> =
                context_pairs(&assumptions.context)
                    .into_iter()
                    .map(|(k, v)| (k, json!(v)))
                    .collect();
            let to = args
                .to
                .as_ref()
                .map(|t| json!({"action": t.first(), "resource": t.get(1)}));
            crate::outln!(
                "{}",
                json!({
                    "start": report.start,
                    "to": to,
                    "assumedMfa": report.assumed_mfa,
                    "assumedContext": context,
                    "paths": report.paths,
                    "blocked": report.blocked,
                })
            );
        }
        Format::Human => crate::out!("{}", to_human(&report, args, &assumptions, Style::detect())),
    }
    Ok(if report.paths.is_empty() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn to_human(report: &PathReport, args: &Args, a: &Assumptions, style: Style) -> String {
    let mut out = String::new();
    let goal = match &args.to {
        Some(t) => format!(" to {}", t.join(" on ")),
        None => String::new(),
    };
    out.push_str(&format!(
        "{} path(s) from {}{goal}\n",
        report.paths.len(),
        style.bold(&report.start)
    ));
    for (n, path) in report.paths.iter().enumerate() {
        if path.hops.is_empty() {
            out.push_str(&format!("  {}. directly\n", n + 1));
        } else {
            out.push_str(&format!("  {}.\n", n + 1));
        }
        for hop in &path.hops {
            out.push_str(&format!("     {}\n", hop_line(hop, style)));
            out.push_str(&style.dim(&format!("        {}", hop.reason)));
            out.push('\n');
        }
        if let Some(t) = &path.target {
            out.push_str(&format!(
                "     => {} {}\n",
                style.decision(true, t.decision.as_str()),
                t.reason
            ));
        }
    }
    if !report.blocked.is_empty() {
        out.push_str("blocked (a change of context would allow):\n");
        for b in &report.blocked {
            let after = if b.after.is_empty() {
                String::new()
            } else {
                format!(" after {}", b.after.join(" -> "))
            };
            let needs: Vec<String> = b.hop.flips.iter().map(flip_text).collect();
            out.push_str(&format!(
                "  {}{after}: {} ({})\n",
                style.bold(&b.hop.role),
                needs.join("; "),
                b.hop.reason
            ));
        }
    }
    out.push_str(&style.dim(&assumed_line(a.mfa, &a.context)));
    out.push('\n');
    out
}
