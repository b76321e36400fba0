//! `iamsim batch`: JSON Lines in, result JSON Lines out, one result per line, in order.
//!
//! A line is either a self-contained scenario (it carries policies: docs/scenario.md) or a request
//! by an identity of the account model (`--model`, else the embedded example organization), which
//! is loaded once for the whole stream. A malformed line yields an error result for that line and
//! the stream goes on.
//!
//! Lines are decided in chunks on the worker pool (`--jobs`) and printed in input order; a chunk
//! holds at most [`CHUNK_LINES`] lines and about [`CHUNK_BYTES`] bytes, so memory stays bounded
//! however long the stream. A chunk is also cut when no more input is waiting, so a slow
//! producer on a pipe gets each answer as soon as its line is decided.

use crate::exit::Exit;
use crate::support::error::CliError;
use crate::support::limits;
use crate::support::model::{load, Loaded};
use crate::support::progress::Progress;
use iamsim_core::api::{decide_batch_line_result, LineResult, ModelSource, PrincipalCache};
use iamsim_core::compile::cache::PolicyCache;
use iamsim_core::limits::Limits;
use rayon::prelude::*;
use serde_json::json;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Most lines decided together: enough to keep every worker busy between two reads.
const CHUNK_LINES: usize = 4096;
/// About the most bytes of input held at once (a chunk ends at the first line past it).
const CHUNK_BYTES: usize = 1 << 20;

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

Exit codes: 0 every line was decided; 2 unreadable input or model, or some line could not be decided (every line still gets its result line: an error's `line` is its line in the input).")]
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
/// the embedded one on first use (by whichever worker needs it first).
struct Models {
    path: Option<String>,
    loaded: OnceLock<Option<Loaded>>,
}

impl Models {
    fn get(&self) -> Option<&Loaded> {
        self.loaded
            .get_or_init(|| load(self.path.as_deref()).ok())
            .as_ref()
    }
}

pub fn run(args: &Args) -> Exit {
    let models = Models {
        path: args.model.clone(),
        loaded: OnceLock::new(),
    };
    if let Some(path) = &args.model {
        match load(Some(path)) {
            Ok(loaded) => {
                let _ = models.loaded.set(Some(loaded));
            }
            Err(e) => return e.report(),
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
    let lines = Lines {
        explain: args.explain,
        models: &models,
        limits: limits::get(),
        parallel: crate::jobs::count() > 1,
        cache: Arc::new(PolicyCache::new(args.explain)),
        principals: PrincipalCache::new(),
        errors: ErrorLines::default(),
    };
    // Every line is answered; a line that is an error still fails the run (exit 2), so that a
    // pipeline cannot take a batch with unreadable lines for a clean one.
    let mut error_lines = 0usize;
    let mut first_error: Option<(String, usize)> = None;
    for input in &inputs {
        lines.errors.reset();
        let source: Box<dyn Read> = if input == "-" {
            Box::new(std::io::stdin())
        } else {
            match std::fs::File::open(input) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    progress.finish();
                    eprintln!("error: cannot read `{input}`: {e}");
                    return Exit::BadInput;
                }
            }
        };
        let reader = BufReader::with_capacity(CHUNK_BYTES, source);
        if let Err(e) = lines.decide_all(reader, &progress, &mut out) {
            progress.finish();
            return e.report();
        }
        let count = lines.errors.count.load(Ordering::Relaxed);
        if count > 0 {
            error_lines += count;
            if first_error.is_none() {
                let name = if input == "-" {
                    "<stdin>"
                } else {
                    input.as_str()
                };
                first_error = Some((name.to_owned(), lines.errors.first.load(Ordering::Relaxed)));
            }
        }
    }
    progress.finish();
    if let Some((input, line)) = &first_error {
        if let Err(e) = out.flush() {
            crate::support::output::exit_if_broken_pipe(&e);
        }
        eprintln!(
            "error[batch-line-errors]: {error_lines} input line(s) could not be decided (the first at {input}:{line}); each one's result line says why"
        );
        return Exit::BadInput;
    }
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

fn io_error(e: std::io::Error) -> CliError {
    crate::support::output::exit_if_broken_pipe(&e);
    CliError::Usage(format!("cannot read or write: {e}"))
}

/// Input lines read but not yet decided: their bytes end to end, and each line's number and
/// range in them (line breaks included).
#[derive(Default)]
struct Chunk {
    text: Vec<u8>,
    lines: Vec<(usize, Range<usize>)>,
}

impl Chunk {
    /// Reads lines until the chunk is full, the input ends, or no more input is waiting.
    /// Returns the number of bytes read.
    fn fill(
        &mut self,
        reader: &mut BufReader<Box<dyn Read>>,
        line_no: &mut usize,
    ) -> Result<usize, CliError> {
        self.text.clear();
        self.lines.clear();
        while self.lines.len() < CHUNK_LINES && self.text.len() < CHUNK_BYTES {
            let start = self.text.len();
            if reader.read_until(b'\n', &mut self.text).map_err(io_error)? == 0 {
                break;
            }
            *line_no += 1;
            self.lines.push((*line_no, start..self.text.len()));
            if reader.buffer().is_empty() {
                break;
            }
        }
        Ok(self.text.len())
    }
}

struct Lines<'a> {
    explain: bool,
    models: &'a Models,
    limits: Limits,
    /// Whether chunks go to the worker pool (`--jobs` above 1).
    parallel: bool,
    /// The policies compiled so far, shared by every line of the run (traces need each
    /// line's own spans, so with `--explain` a policy is shared only at the same offset).
    cache: Arc<PolicyCache>,
    /// The identities request lines named, resolved once for the run (one model per run).
    principals: PrincipalCache,
    /// The lines of the current input whose result is an error.
    errors: ErrorLines,
}

impl Lines<'_> {
    fn decide_all(
        &self,
        mut reader: BufReader<Box<dyn Read>>,
        progress: &Progress,
        out: &mut impl Write,
    ) -> Result<(), CliError> {
        let mut chunk = Chunk::default();
        let mut line_no = 0usize;
        loop {
            let read = chunk.fill(&mut reader, &mut line_no)?;
            if read == 0 {
                return Ok(());
            }
            let decide = |(no, range): &(usize, Range<usize>)| {
                self.decide_line(*no, chunk.text.get(range.clone()).unwrap_or_default())
            };
            let results: Vec<Option<String>> = if self.parallel {
                chunk.lines.par_iter().map(decide).collect()
            } else {
                chunk.lines.iter().map(decide).collect()
            };
            for result in results.iter().flatten() {
                out.write_all(result.as_bytes()).map_err(io_error)?;
            }
            // A chunk ends when the input pauses too: whoever waits on the answers gets them.
            out.flush().map_err(io_error)?;
            progress.advance(read as u64);
        }
    }

    /// The result of line `line_no` as a JSON line (newline included); `None` for a blank line.
    fn decide_line(&self, line_no: usize, bytes: &[u8]) -> Option<String> {
        let result = match std::str::from_utf8(bytes) {
            Ok(text) => {
                let line = text.trim_end_matches(['\n', '\r']);
                if line.trim().is_empty() {
                    return None;
                }
                let result = self.cache.scope(|| {
                    decide_batch_line_result(line, self.explain, &self.limits, || {
                        self.models.get().map(|l| ModelSource { model: &l.model, text: &l.text, principals: Some(&self.principals) }).ok_or_else(|| {
                            json!({"error": {"code": "model-unavailable", "message": "the account model could not be loaded", "path": ""}})
                        })
                    })
                });
                match result {
                    // A request line's answer: no diagnostics to move, written straight from
                    // the answer (the bytes `to_string` of its value would give).
                    LineResult::Answer { .. } => {
                        let mut text = String::with_capacity(512);
                        result.write_json(&mut text);
                        text.push('\n');
                        return Some(text);
                    }
                    LineResult::Json(v) => v,
                }
            }
            Err(e) => {
                json!({"id": null, "error": {"code": "invalid-utf8", "message": format!("line {line_no} is not valid UTF-8"), "path": "", "line": 1, "column": e.valid_up_to() + 1, "hint": "save the input as UTF-8"}})
            }
        };
        let mut result = result;
        let is_error = relocate(&mut result, line_no);
        if is_error {
            self.errors.record(line_no);
        }
        let mut text = result.to_string();
        text.push('\n');
        Some(text)
    }
}

/// Lines whose result is an error: how many, and the first one's number.
#[derive(Default)]
struct ErrorLines {
    count: AtomicUsize,
    first: AtomicUsize,
}

impl ErrorLines {
    fn record(&self, line_no: usize) {
        self.count.fetch_add(1, Ordering::Relaxed);
        // The smallest line number wins, whichever worker gets there first.
        self.first.fetch_min(line_no, Ordering::Relaxed);
    }

    fn reset(&self) {
        self.count.store(0, Ordering::Relaxed);
        self.first.store(usize::MAX, Ordering::Relaxed);
    }
}

/// Moves the line numbers of a result's diagnostics from the line's own text (always line 1) to
/// the input (`line_no`), so every error and warning points at its place in the file. Returns
/// whether the result is an error.
fn relocate(result: &mut serde_json::Value, line_no: usize) -> bool {
    fn shift(d: &mut serde_json::Value, by: u64) {
        for key in ["line", "endLine"] {
            if let Some(n) = d.get(key).and_then(serde_json::Value::as_u64) {
                d[key] = json!(n + by);
            }
        }
    }
    let by = u64::try_from(line_no.saturating_sub(1)).unwrap_or(0);
    let is_error = result
        .get("error")
        .is_some_and(serde_json::Value::is_object);
    if let Some(error) = result.get_mut("error") {
        shift(error, by);
        if let Some(all) = error.get_mut("diagnostics").and_then(|d| d.as_array_mut()) {
            all.iter_mut().for_each(|d| shift(d, by));
        }
    }
    if let Some(all) = result.get_mut("warnings").and_then(|d| d.as_array_mut()) {
        all.iter_mut().for_each(|d| shift(d, by));
    }
    is_error
}
