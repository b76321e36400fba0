//! `iamsim validate FILE...`: every finding with file:line:column, JSON path, code and hint.

use crate::exit::Exit;
use iamsim_core::diag::{Diagnostic, LineIndex, Severity};
use iamsim_core::policy::{parse_policy, validate_policy, PolicyKind};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  iamsim validate policy.json\n  iamsim validate --kind trust trust.json --format json"
)]
pub struct Args {
    /// The kind of policy: identity, resource, trust, boundary, session, scp, rcp.
    #[arg(long, default_value = "identity")]
    kind: String,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Policy files; `-` reads stdin.
    #[arg(required = true)]
    files: Vec<String>,
}

pub fn run(args: &Args) -> Exit {
    let Some(kind) = PolicyKind::parse(&args.kind) else {
        eprintln!("error: `{}` is not a policy kind (identity, resource, trust, boundary, session, scp, rcp)", args.kind);
        return Exit::BadInput;
    };
    let mut any_error = false;
    let mut json_out = Vec::new();
    for file in &args.files {
        let text = if file == "-" {
            let mut s = String::new();
            if std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).is_err() {
                eprintln!("error: cannot read stdin");
                return Exit::BadInput;
            }
            s
        } else {
            match std::fs::read_to_string(file) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: cannot read `{file}`: {e}");
                    return Exit::BadInput;
                }
            }
        };
        let parsed = parse_policy(&text);
        let mut diags: Vec<Diagnostic> = parsed.diagnostics.clone();
        if let Some(p) = &parsed.policy {
            diags.extend(validate_policy(p, kind, Some(&text), ""));
        }
        any_error |= diags.iter().any(Diagnostic::is_error);
        let lines = LineIndex::new(&text);
        match args.format {
            Format::Human => {
                for d in &diags {
                    let l = d.locate(&lines);
                    let (line, col) = (l.line.unwrap_or(1), l.column.unwrap_or(1));
                    println!(
                        "{file}:{line}:{col}: {}[{}]: {} (at {})",
                        l.severity.as_str(),
                        l.code,
                        l.message,
                        if l.path.is_empty() { "/" } else { &l.path }
                    );
                    if let Some(src) = lines.line_text(line) {
                        println!("    {src}");
                        println!("    {}^", " ".repeat(col.saturating_sub(1) as usize));
                    }
                    if let Some(h) = &l.hint {
                        println!("    hint: {h}");
                    }
                }
                if diags.is_empty() {
                    println!("{file}: ok");
                }
            }
            Format::Json => {
                let located: Vec<_> = diags.iter().map(|d| d.locate(&lines)).collect();
                json_out.push(serde_json::json!({"file": file, "valid": !diags.iter().any(|d| d.severity == Severity::Error), "diagnostics": located}));
            }
        }
    }
    if let Format::Json = args.format {
        println!("{}", serde_json::Value::Array(json_out));
    }
    if any_error {
        Exit::Failure
    } else {
        Exit::Success
    }
}
