//! `iamsim diff`: what-if between two account models — the requests whose outcome changes,
//! grouped by principal, newly granted first (docs/diff.md).

use crate::exit::Exit;
use crate::support::error::CliError;
use crate::support::model::Loaded;
use crate::support::progress::Progress;
use crate::support::search::SearchArgs;
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::diff::{diff_models, probes_of, ChangeKind, DiffReport, DiffRequest, Reach};
use iamsim_core::json;
use iamsim_core::query::{read_diff_requests, EdgeMode, Given};
use serde_json::json;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim diff --before examples/diff/before.json --after examples/diff/after.json
  terraform show -json plan.out > plan.json && iamsim import ... -o after.json
  iamsim diff --before main.json --after after.json --mfa --format json
  iamsim diff --before a.json --after b.json --requests questions.jsonl

Without --requests, every action x resource that a statement of either model names is asked of
every identity (sts:AssumeRole of every role too); see docs/diff.md.

Exit codes: 0 no outcome changes, 1 some change (like diff(1)), 2 bad input.")]
pub struct Args {
    /// The model as it is (JSON; `-` reads stdin).
    #[arg(long, value_name = "FILE")]
    before: String,
    /// The model as it would be.
    #[arg(long, value_name = "FILE")]
    after: String,
    /// The requests to ask: JSON Lines or a JSON array of {"principal"?, "action", "resource",
    /// "context"?, "mfa"?}.
    #[arg(long, value_name = "FILE")]
    requests: Option<String>,
    #[command(flatten)]
    search: SearchArgs,
    /// The hops followed: `all` (role assumption and escalation techniques) or `assume`.
    #[arg(long, value_name = "all|assume", default_value = "all")]
    edges: String,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

/// Reads an input within the size limit; bad UTF-8 or a UTF-16 file is a located error.
fn read(path: &str, what: &str) -> Result<String, CliError> {
    let max = crate::support::limits::get().input_bytes;
    crate::support::input::read(path, max).map_err(|e| match e.into_error(path) {
        CliError::Usage(m) => CliError::Usage(format!("{what}: {m}")),
        located => located,
    })
}

fn load_side(path: &str) -> Result<Loaded, CliError> {
    let text = read(path, "model")?;
    let file = if path == "-" { "<stdin>" } else { path };
    crate::support::model::load_text(file.to_owned(), text)
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    if args.before == "-" && args.after == "-" {
        return Err(CliError::Usage(
            "only one of --before and --after can read stdin".into(),
        ));
    }
    let (given, max_depth) = args.search.given()?;
    let edges = EdgeMode::parse(&args.edges)?;
    let before = load_side(&args.before)?;
    let after = load_side(&args.after)?;
    let requests = match &args.requests {
        Some(path) => read_requests(path, &given)?,
        None => {
            let limits = crate::support::limits::get().json();
            let trees = [
                json::parse(&before.text, limits),
                json::parse(&after.text, limits),
            ];
            let [Ok(b), Ok(a)] = &trees else {
                return Err(CliError::Usage("a model stopped parsing".into()));
            };
            probes_of(&[b, a])
                .into_iter()
                .map(|probe| DiffRequest {
                    mfa: given.mfa,
                    context: given.context.clone(),
                    ..DiffRequest::everyone(probe)
                })
                .collect()
        }
    };
    let progress = Progress::new(requests.len() as u64, "asking both models", false);
    let report = diff_models(
        &before.model,
        &after.model,
        &requests,
        max_depth,
        edges,
        &mut |done, _| progress.set(done as u64),
    );
    progress.finish();
    match args.format {
        Format::Json => crate::outln!(
            "{}",
            json!({"before": before.file, "after": after.file, "result": report})
        ),
        Format::Human => crate::out!("{}", to_human(&report, &before, &after, Style::detect())),
    }
    Ok(if report.changed == 0 {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// JSON Lines (one request per line) or one JSON array, every error located in the file.
fn read_requests(path: &str, given: &Given) -> Result<Vec<DiffRequest>, CliError> {
    let text = read(path, "requests")?;
    read_diff_requests(&text, given, &crate::support::limits::get()).map_err(|diagnostics| {
        CliError::Model {
            file: path.to_owned(),
            text,
            diagnostics,
        }
    })
}

fn how(reach: Option<&Reach>) -> String {
    match reach {
        Some(r) if r.chain.is_empty() => "directly".into(),
        Some(r) => {
            let hops: Vec<String> = r
                .chain
                .iter()
                .enumerate()
                .map(|(i, to)| match r.via.get(i).map(String::as_str) {
                    Some(technique) if technique != "assume" => format!("{to} ({technique})"),
                    _ => to.clone(),
                })
                .collect();
            format!("via {}", hops.join(" -> "))
        }
        None => "no".into(),
    }
}

fn to_human(report: &DiffReport, before: &Loaded, after: &Loaded, style: Style) -> String {
    let mut out = format!(
        "{} -> {}: {} change{} ({} newly granted, {} revoked) over {} requests\n",
        before.file,
        after.file,
        report.changed,
        if report.changed == 1 { "" } else { "s" },
        report.granted,
        report.revoked,
        report.requests
    );
    for p in &report.principals {
        out.push_str(&format!(
            "\n{} (+{} -{})\n",
            style.bold(&p.principal),
            p.granted,
            p.revoked
        ));
        for c in &p.changes {
            let (mark, detail) = match c.kind {
                ChangeKind::Granted => (style.bad("+"), how(c.after.as_ref())),
                ChangeKind::Revoked => (style.good("-"), format!("was {}", how(c.before.as_ref()))),
            };
            out.push_str(&format!(
                "  {mark} {} on {}  {}\n",
                c.action,
                c.resource,
                style.dim(&detail)
            ));
        }
    }
    for s in &report.skipped {
        out.push_str(&style.dim(&format!(
            "skipped {} on {}: {}\n",
            s.action, s.resource, s.reason
        )));
    }
    out
}
