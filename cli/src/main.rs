//! The `iamsim` command line: files in, human or JSON out, stable exit codes.
//!
//! Exit codes: 0 allowed / valid / all tests pass; 1 denied / invalid / a test failed;
//! 2 bad input or usage.

mod command;
mod exit;
mod render;

use clap::{Parser, Subcommand};
use exit::Exit;

#[derive(Parser)]
#[command(
    name = "iamsim",
    version,
    about = "AWS IAM policy simulation: who can do what, and why"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decide scenario JSON Lines from stdin (or files), one result line per input line.
    Batch(command::batch::Args),
    /// Decide one request made by a user or role of the account model.
    Check(command::model_query::CheckArgs),
    /// Simulate one sts:AssumeRole in the account model.
    Assume(command::model_query::AssumeArgs),
    /// Every chain of role assumption from a principal (optionally ending in an allowed request).
    Paths(command::model_query::PathsArgs),
    /// Every principal that can perform an action on a resource, with its chain of roles.
    WhoCan(command::model_query::WhoCanArgs),
    /// Build an account model from AWS CLI / Organizations / Terraform outputs (docs/import.md).
    Import(command::import::Args),
    /// Validate policy documents and print every finding with its location.
    Validate(command::validate::Args),
}

fn main() -> Exit {
    let cli = Cli::parse();
    match cli.command {
        Command::Batch(args) => command::batch::run(&args),
        Command::Check(args) => command::model_query::check(&args),
        Command::Assume(args) => command::model_query::assume(&args),
        Command::Paths(args) => command::model_query::paths(&args),
        Command::WhoCan(args) => command::model_query::who_can(&args),
        Command::Import(args) => command::import::run(&args),
        Command::Validate(args) => command::validate::run(&args),
    }
}
