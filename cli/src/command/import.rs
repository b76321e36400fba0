//! `iamsim import DIR`: builds an account model from the files AWS tools print (the folder layout
//! of docs/import.md), writes it, and reports what could not be used.

use crate::exit::Exit;
use iamsim_core::diag::{Diagnostic, LineIndex};
use iamsim_core::import::terraform::PlanSide;
use iamsim_core::import::{import_folder_side, CfnOptions};
use std::path::{Path, PathBuf};

mod walk;

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  scripts/collect-aws.sh collected/     # with AWS credentials\n  iamsim import collected/ -o model.json\n  iamsim import pr/ --terraform-side prior -o before.json && iamsim import pr/ -o after.json\n  iamsim diff --before before.json --after after.json   # what the plan changes\n  iamsim who-can s3:GetObject arn:aws:s3:::bucket/key --model model.json"
)]
pub struct Args {
    /// The folder: iam/, org/, resources/, terraform/, cloudformation/ (docs/import.md).
    dir: PathBuf,
    /// Where to write the model (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// A CloudFormation template parameter (repeatable); wins over the template's `Default`.
    #[arg(long = "parameter", value_name = "KEY=VALUE", value_parser = key_value)]
    parameters: Vec<(String, String)>,
    /// The account of templates directly under cloudformation/ (`AWS::AccountId`).
    #[arg(long, value_name = "ID")]
    account_id: Option<String>,
    /// The region of templates not under cloudformation/<account-id>/<region>/ (`AWS::Region`).
    #[arg(long)]
    region: Option<String>,
    /// An export of another stack, for `Fn::ImportValue` (repeatable).
    #[arg(long = "import-value", value_name = "NAME=VALUE", value_parser = key_value)]
    import_values: Vec<(String, String)>,
    /// The physical id of a deployed resource, for a `Ref` CloudFormation would generate (a KMS
    /// key id) (repeatable).
    #[arg(long = "physical-id", value_name = "LOGICAL_ID=ID", value_parser = key_value)]
    physical_ids: Vec<(String, String)>,
    /// Which state of a Terraform plan to import: what it leaves in place (`planned`) or what
    /// exists before apply (`prior`). Import both and `iamsim diff` them to review a plan.
    #[arg(long, value_enum, default_value = "planned")]
    terraform_side: Side,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Side {
    Planned,
    Prior,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("`{s}` is not KEY=VALUE")),
    }
}

fn cfn_options(args: &Args) -> CfnOptions {
    CfnOptions {
        account: args.account_id.clone(),
        region: args.region.clone(),
        parameters: args.parameters.iter().cloned().collect(),
        import_values: args.import_values.iter().cloned().collect(),
        physical_ids: args.physical_ids.iter().cloned().collect(),
    }
}

/// Prints one located error of a file of the folder (its text locates the span).
/// Prints a finding located in the input file `file` of the folder `dir`.
fn print_error(dir: &Path, file: &str, text: &str, d: &Diagnostic) {
    let mut out = String::new();
    let place = format!("{}/{file}", dir.display());
    iamsim_core::render::line::write(&mut out, Some(&place), text, d);
    eprint!("{out}");
}

pub fn run(args: &Args) -> Exit {
    let limits = crate::support::limits::get();
    let folder = match walk::read_folder(&args.dir, limits.input_bytes) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", args.dir.display());
            return Exit::BadInput;
        }
    };
    let files = &folder.files;
    let pairs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let side = match args.terraform_side {
        Side::Planned => PlanSide::Planned,
        Side::Prior => PlanSide::Prior,
    };
    let result = import_folder_side(&pairs, &cfn_options(args), side);
    for (path, reason) in &folder.skipped {
        eprintln!("skipped {path}: {reason}");
    }
    for s in &result.skipped {
        eprintln!("skipped {} ({}): {}", s.what, s.location, s.reason);
    }
    if !result.errors.is_empty() || !folder.refused.is_empty() {
        for (file, text, d) in &folder.refused {
            print_error(&args.dir, file, text, d);
        }
        for e in &result.errors {
            let text = files
                .iter()
                .find(|(p, _)| *p == e.file)
                .map_or("", |(_, t)| t.as_str());
            print_error(&args.dir, &e.file, text, &e.diagnostic);
        }
        return Exit::BadInput;
    }
    let text = match serde_json::to_string_pretty(&result.model) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    // The model must load: report the loader's findings rather than writing a model that does not.
    // The other commands read it within the same limits (`--max-input-bytes` …).
    if text.len() > limits.input_bytes {
        let d = Diagnostic {
            span: None,
            ..Diagnostic::error(
                "input-too-large",
                format!(
                    "the model is {} bytes, over the limit of {} bytes",
                    text.len(),
                    limits.input_bytes
                ),
                "",
                Default::default(),
            )
        }
        .with_hint("raise the limit with --max-input-bytes BYTES (here and in the commands that read the model)");
        let mut out = String::new();
        iamsim_core::render::line::write(&mut out, Some("imported model"), "", &d);
        eprint!("{out}");
        return Exit::BadInput;
    }
    if let Err(diags) = iamsim_core::model::load_model_with(&text, &limits) {
        let lines = LineIndex::new(&text);
        for d in diags {
            // At the input file the problem was read from, when the importer knows it.
            if let Some(e) = result.locate_in_sources(&d, &pairs) {
                let source = files
                    .iter()
                    .find(|(p, _)| p.trim_start_matches("./") == e.file)
                    .map_or("", |(_, t)| t.as_str());
                print_error(&args.dir, &e.file, source, &e.diagnostic);
                continue;
            }
            // Not traceable to an input file: at the generated model, named as such, by JSON
            // path only (the user never sees the generated text, so its line:column would not help).
            let mut at = d.locate(&lines);
            (at.line, at.column) = (None, None);
            let mut out = String::new();
            iamsim_core::render::line::write_located(&mut out, Some("imported model"), &at);
            eprint!("{out}");
        }
        return Exit::BadInput;
    }
    match &args.output {
        Some(path) => match std::fs::write(path, text + "\n") {
            Ok(()) => {
                eprintln!(
                    "wrote {} ({} files read, {} skipped)",
                    path.display(),
                    files.len(),
                    result.skipped.len()
                );
                Exit::Success
            }
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                Exit::BadInput
            }
        },
        None => {
            crate::outln!("{text}");
            Exit::Success
        }
    }
}
