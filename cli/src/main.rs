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
    /// Validate policy documents and print every finding with its location.
    Validate(command::validate::Args),
}

fn main() -> Exit {
    let cli = Cli::parse();
    match cli.command {
        Command::Batch(args) => command::batch::run(&args),
        Command::Validate(args) => command::validate::run(&args),
    }
}
