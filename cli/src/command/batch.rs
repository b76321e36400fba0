//! `iamsim batch`: scenario JSON Lines in, result JSON Lines out, in order. A malformed line
//! yields an error result for that line and the stream goes on.

use crate::exit::Exit;
use std::io::{BufRead, BufWriter, Write};

#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  iamsim batch < scenarios.jsonl > results.jsonl\n  iamsim batch --explain tests/scenarios.jsonl"
)]
pub struct Args {
    /// Add the explanation trace to every result.
    #[arg(long)]
    explain: bool,
    /// Input files (JSON Lines); `-` or none reads stdin.
    files: Vec<String>,
}

pub fn run(args: &Args) -> Exit {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let inputs: Vec<String> = if args.files.is_empty() {
        vec!["-".into()]
    } else {
        args.files.clone()
    };
    for input in &inputs {
        let reader: Box<dyn BufRead> = if input == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(input) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => {
                    eprintln!("error: cannot read `{input}`: {e}");
                    return Exit::BadInput;
                }
            }
        };
        if let Err(e) = decide_lines(reader, &mut out, args.explain) {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    }
    match out.flush() {
        Ok(()) => Exit::Success,
        Err(_) => Exit::BadInput,
    }
}

fn decide_lines(
    mut reader: impl BufRead,
    out: &mut impl Write,
    explain: bool,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        line_no += 1;
        let line = match std::str::from_utf8(&buf) {
            Ok(text) => text.trim_end_matches(['\n', '\r']),
            Err(e) => {
                let error = serde_json::json!({"id": null, "error": {"code": "invalid-utf8", "message": format!("line {line_no} is not valid UTF-8"), "path": "", "line": 1, "column": e.valid_up_to() + 1}});
                writeln!(out, "{error}")?;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let result = iamsim_core::api::decide_json(line, explain);
        writeln!(out, "{result}")?;
    }
}
