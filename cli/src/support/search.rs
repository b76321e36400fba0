//! The flags of the commands that search a model for chains of roles (`paths`, `who-can`,
//! `diff`): MFA, request facts and the search depth.

use super::context::{context_of, parse_pairs};
use super::error::CliError;
use iamsim_core::query::{Given, DEFAULT_MAX_DEPTH};

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Users sign in with MFA (only users with an MFA device).
    #[arg(long)]
    mfa: bool,
    /// The longest chain of role hops explored.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DEPTH)]
    max_depth: usize,
    /// A request fact given to every request, key=value (repeat the flag).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
}

impl SearchArgs {
    /// What every request of the search is given, and the depth (checked against
    /// `--max-path-depth`).
    pub fn given(&self) -> Result<(Given, usize), CliError> {
        Ok((
            Given {
                mfa: self.mfa,
                context: context_of(&parse_pairs(&self.context, "--context")?),
            },
            super::limits::path_depth(self.max_depth)?,
        ))
    }
}
