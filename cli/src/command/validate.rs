//! `iamsim validate FILE...`: grammar checks and lint findings of four severities, each with a
//! stable code, `file:line:column`, JSON path and hint; rendered as human text, JSON, SARIF,
//! GitHub Actions annotations or JUnit XML (the renderers live in `iamsim_core::render`).
//!
//! Exit codes: 0 no finding at or above `--fail-on` (default `error`); 1 such findings exist;
//! 2 bad usage, an unreadable file or an invalid `--config`.

use crate::exit::Exit;
use crate::support::input::{self, ReadError};
use iamsim_core::diag::Severity;
use iamsim_core::lint::{check_source_with, lint_model_with, parse_lint_config, LintConfig};
use iamsim_core::policy::PolicyKind;
use iamsim_core::render::{self, human::Colour, FileReport, InputKind};
use std::io::IsTerminal;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request's files.
    Github,
    /// JUnit XML: one suite per file, one failing case per finding at or above `--fail-on`.
    Junit,
}

/// The least serious severity that fails the run.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::SecurityWarning => Severity::SecurityWarning,
            FailOn::Warning => Severity::Warning,
            FailOn::Suggestion => Severity::Suggestion,
        }
    }
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  iamsim validate policy.json\n  iamsim validate --kind trust trust.json --format sarif > iamsim.sarif\n  iamsim validate --config iamsim-lint.json --fail-on security-warning policies/*.json\n  iamsim validate --model org.json --format sarif"
)]
pub struct Args {
    /// The kind of policy: identity, resource, trust, boundary, session, scp, rcp.
    #[arg(long, default_value = "identity")]
    kind: String,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// A lint config file (docs/lint.md): disabled codes, severities, own accounts.
    #[arg(long, value_name = "FILE")]
    config: Option<String>,
    /// Exit 1 when a finding of this severity or a more serious one exists.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Lint a whole account model (docs/model.md): every policy in it, plus external access,
    /// dangling principals and roles nobody can assume. `-` reads stdin.
    #[arg(long, value_name = "FILE", conflicts_with = "files")]
    model: Option<String>,
    /// Policy files; `-` reads stdin.
    #[arg(required_unless_present = "model")]
    files: Vec<String>,
}

/// Policy files read and checked together (in parallel) before their reports are written.
const FILES_PER_CHUNK: usize = 256;

/// Reads a file (`-` is stdin) within `--max-input-bytes`.
fn read_input(file: &str) -> Result<String, ReadError> {
    input::read(file, crate::support::limits::get().input_bytes)
}

/// The report of a file that could not be read as text (not UTF-8, too large), or the I/O
/// message of one that could not be read at all.
fn refused(file: &str, kind: InputKind, e: ReadError) -> Result<FileReport, String> {
    match e {
        ReadError::Io(message) => Err(message),
        ReadError::Refused { text, diagnostic } => Ok(FileReport {
            file: display_name(file),
            text,
            kind,
            diagnostics: vec![*diagnostic],
        }),
    }
}

/// Reads the config, printing its findings (with locations) to stderr; `None` when unusable.
fn load_config(file: &str) -> Option<LintConfig> {
    let text = match read_input(file) {
        Ok(t) => t,
        Err(e) => {
            e.into_error(file).report();
            return None;
        }
    };
    let parsed = parse_lint_config(&text);
    let lines = iamsim_core::diag::LineIndex::new(&text);
    let mut out = String::new();
    for d in &parsed.diagnostics {
        render::line::write_indexed(&mut out, Some(file), &lines, d);
    }
    eprint!("{out}");
    (!parsed.has_errors()).then_some(parsed.config)
}

fn colour() -> Colour {
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if std::io::stdout().is_terminal() && !no_colour {
        Colour::Always
    } else {
        Colour::Never
    }
}

/// The findings of `--model FILE`.
fn model_report(file: &str, config: &LintConfig) -> Result<FileReport, String> {
    let text = match read_input(file) {
        Ok(t) => t,
        Err(e) => return refused(file, InputKind::Model, e),
    };
    let diagnostics = lint_model_with(&text, config, &crate::support::limits::get());
    Ok(FileReport {
        file: display_name(file),
        text,
        kind: InputKind::Model,
        diagnostics,
    })
}

fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_owned()
    } else {
        file.to_owned()
    }
}

pub fn run(args: &Args) -> Exit {
    let Some(kind) = PolicyKind::parse(&args.kind) else {
        eprintln!("error: `{}` is not a policy kind (identity, resource, trust, boundary, session, scp, rcp)", args.kind);
        return Exit::BadInput;
    };
    let config = match &args.config {
        Some(file) => match load_config(file) {
            Some(c) => c,
            None => return Exit::BadInput,
        },
        None => LintConfig::default(),
    };
    let threshold = args.fail_on.severity();
    let colour = colour();
    let mut failing = false;
    // Human and GitHub output is written file by file as each is checked; JSON, SARIF and JUnit
    // are one document (written finding by finding at the end).
    let mut kept = Vec::new();
    let mut emit = |report: FileReport| {
        failing |= report.diagnostics.iter().any(|d| d.severity <= threshold);
        match args.format {
            Format::Human => crate::support::output::stream(|out| {
                render::human::write(out, std::slice::from_ref(&report), colour)
            }),
            Format::Github => crate::support::output::stream(|out| {
                render::github::write(out, std::slice::from_ref(&report))
            }),
            Format::Json | Format::Sarif | Format::Junit => kept.push(report),
        }
    };
    if let Some(file) = &args.model {
        match model_report(file, &config) {
            Ok(r) => emit(r),
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::BadInput;
            }
        }
    }
    // Files are read in order on this thread, a chunk at a time; their checks run on the pool
    // (`--jobs`) and are reported in order, so the output is the same with any number of jobs
    // and memory holds one chunk.
    let limits = crate::support::limits::get();
    for chunk in args.files.chunks(FILES_PER_CHUNK) {
        let mut read = Vec::with_capacity(chunk.len());
        for file in chunk {
            read.push(match read_input(file) {
                Ok(text) => Ok((file, text)),
                Err(e) => Err(refused(file, InputKind::Policy(kind), e)),
            });
        }
        let checked = iamsim_core::parallel::map(&read, |r| match r {
            Ok((_, text)) => Some(check_source_with(text, kind, &config, &limits)),
            Err(_) => None,
        });
        for (r, diagnostics) in read.into_iter().zip(checked) {
            match (r, diagnostics) {
                (Ok((file, text)), Some(diagnostics)) => emit(FileReport {
                    file: display_name(file),
                    text,
                    kind: InputKind::Policy(kind),
                    diagnostics,
                }),
                (Err(Ok(report)), _) => emit(report),
                (Err(Err(message)), _) => {
                    eprintln!("error: {message}");
                    return Exit::BadInput;
                }
                (Ok(_), None) => {}
            }
        }
    }
    match args.format {
        Format::Human | Format::Github => {}
        Format::Json => crate::support::output::stream(|out| render::json::write(out, &kept)),
        Format::Sarif => crate::support::output::stream(|out| render::sarif::write(out, &kept)),
        Format::Junit => crate::support::output::stream(|out| {
            out.write_all(
                render::junit::render(&render::junit::from_reports(&kept, threshold)).as_bytes(),
            )
        }),
    }
    if failing {
        Exit::Failure
    } else {
        Exit::Success
    }
}
