//! `iamsim batch`: JSON Lines in, result JSON Lines out, one result per line, in order.
//!
//! A line is either a self-contained scenario (it carries policies: docs/scenario.md) or a request
//! by an identity of the account model (`--model`, else the embedded example organization), which
//! is loaded once for the whole stream. A malformed line yields an error result for that line and
//! the stream goes on.

use crate::exit::Exit;
use crate::support::error::CliError;
use crate::support::limits;
use crate::support::model::{load, Loaded};
use crate::support::progress::Progress;
use iamsim_core::api::decide_batch_line;
use serde_json::json;
use std::io::{BufRead, BufWriter, Write};

#[derive(clap::Args)]
#[command(after_help = "Each input line is one of:
  a scenario (it has policies; docs/scenario.md):
    {\"id\": \"s1\", \"principal\": \"arn:aws:iam::111111111111:user/alice\", \"action\": \"s3:GetObject\",
     \"resource\": \"arn:aws:s3:::b/k\", \"identityPolicies\": [ ... ]}
  a request by an identity of the model (no policies):
    {\"id\": \"r1\", \"principal\": \"alice\", \"action\": \"s3:GetObject\", \"resource\": \"arn:aws:s3:::b/k\",
     \"context\": {\"aws:SourceIp\": \"203.0.113.9\"}, \"mfa\": true}

Examples:
  iamsim batch < scenarios.jsonl > results.jsonl
  iamsim batch --explain examples/scenarios.jsonl
  iamsim batch --model org.json requests.jsonl

Exit codes: 0 every line was read (a line's error is in its result), 2 unreadable input or model.")]
pub struct Args {
    /// Add the explanation trace to every result.
    #[arg(long)]
    explain: bool,
    /// The account model that request lines are decided against; the embedded example
    /// organization when omitted (loaded only if a request line comes).
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    /// Input files (JSON Lines); `-` or none reads stdin.
    files: Vec<String>,
}

/// The model of request lines: loaded up front when named (a broken model stops the run),
/// the embedded one on first use.
struct Models {
    path: Option<String>,
    loaded: Option<Loaded>,
}

impl Models {
    fn get(&mut self) -> Result<&Loaded, CliError> {
        if self.loaded.is_none() {
            self.loaded = Some(load(self.path.as_deref())?);
        }
        self.loaded
            .as_ref()
            .ok_or_else(|| CliError::Usage("the model could not be loaded".into()))
    }
}

pub fn run(args: &Args) -> Exit {
    let mut models = Models {
        path: args.model.clone(),
        loaded: None,
    };
    if args.model.is_some() {
        if let Err(e) = models.get() {
            return e.report();
        }
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let inputs: Vec<String> = if args.files.is_empty() {
        vec!["-".into()]
    } else {
        args.files.clone()
    };
    let progress = progress_for(&inputs);
    for input in &inputs {
        let reader: Box<dyn BufRead> = if input == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(input) {
                Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    progress.finish();
                    eprintln!("error: cannot read `{input}`: {e}");
                    return Exit::BadInput;
                }
            }
        };
        let lines = Lines {
            explain: args.explain,
            models: &mut models,
            progress: &progress,
        };
        if let Err(e) = lines.decide_all(reader, &mut out) {
            progress.finish();
            return e.report();
        }
    }
    progress.finish();
    match out.flush() {
        Ok(()) => Exit::Success,
        Err(e) => {
            crate::support::output::exit_if_broken_pipe(&e);
            Exit::BadInput
        }
    }
}

/// A bar over the total size of the input files; a spinner for stdin.
fn progress_for(inputs: &[String]) -> Progress {
    if inputs.iter().any(|i| i == "-") {
        return Progress::unbounded("deciding");
    }
    let total = inputs
        .iter()
        .filter_map(|i| std::fs::metadata(i).ok())
        .map(|m| m.len())
        .sum();
    Progress::new(total, "deciding", true)
}

struct Lines<'a> {
    explain: bool,
    models: &'a mut Models,
    progress: &'a Progress,
}

impl Lines<'_> {
    fn decide_all(self, mut reader: impl BufRead, out: &mut impl Write) -> Result<(), CliError> {
        let io = |e: std::io::Error| {
            crate::support::output::exit_if_broken_pipe(&e);
            CliError::Usage(format!("cannot read or write: {e}"))
        };
        let mut buf = Vec::new();
        let mut line_no = 0usize;
        let mut unreported = 0u64;
        let limits = limits::get();
        loop {
            buf.clear();
            let read = reader.read_until(b'\n', &mut buf).map_err(io)?;
            if read == 0 {
                self.progress.advance(unreported);
                return Ok(());
            }
            unreported += read as u64;
            if unreported >= 1 << 16 {
                self.progress.advance(unreported);
                unreported = 0;
            }
            line_no += 1;
            let line = match std::str::from_utf8(&buf) {
                Ok(text) => text.trim_end_matches(['\n', '\r']),
                Err(e) => {
                    let error = serde_json::json!({"id": null, "error": {"code": "invalid-utf8", "message": format!("line {line_no} is not valid UTF-8"), "path": "", "line": 1, "column": e.valid_up_to() + 1}});
                    writeln!(out, "{error}").map_err(io)?;
                    continue;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let models = &mut *self.models;
            let result = decide_batch_line(line, self.explain, &limits, || {
                models.get().map(|l| &l.model).map_err(|_| {
                    json!({"error": {"code": "model-unavailable", "message": "the account model could not be loaded", "path": ""}})
                })
            });
            writeln!(out, "{result}").map_err(io)?;
        }
    }
}
