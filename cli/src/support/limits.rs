//! The input limits of this run (`--max-input-bytes`, `--max-statements`, `--max-path-depth`),
//! set once from the command line before any command runs.

use super::error::CliError;
use iamsim_core::limits::Limits;
use std::sync::OnceLock;

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// The global flags that bound every input (docs/cli.md).
#[derive(clap::Args, Debug, Clone)]
pub struct LimitArgs {
    /// Largest JSON input (a policy file, a batch line, a model), in bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = Limits::default().input_bytes)]
    max_input_bytes: usize,
    /// Most statements in one policy document.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().statements)]
    max_statements: usize,
    /// Longest chain of role assumptions any search may be asked to explore.
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().path_depth)]
    max_path_depth: usize,
}

/// Records the limits for this run (the first call wins).
pub fn set(args: &LimitArgs) {
    let _ = LIMITS.set(Limits {
        input_bytes: args.max_input_bytes,
        statements: args.max_statements,
        path_depth: args.max_path_depth,
        ..Limits::default()
    });
}

/// The limits of this run.
pub fn get() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// A search depth asked for by `--max-depth`, checked against `--max-path-depth`.
pub fn path_depth(asked: usize) -> Result<usize, CliError> {
    let limit = get().path_depth;
    if asked > limit {
        return Err(CliError::Query(iamsim_core::query::max_depth_error(limit)));
    }
    Ok(asked)
}
