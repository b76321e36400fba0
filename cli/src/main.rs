//! The `iamsim` command line: files in, human or JSON out, stable exit codes.
//!
//! Exit codes: 0 allowed / valid / all tests pass; 1 denied / invalid / a test failed;
//! 2 bad input or usage.

mod command;
mod exit;
mod jobs;
mod support;

use clap::{Parser, Subcommand};
use exit::Exit;

/// mimalloc: reading a scenario allocates many small strings and vectors; with the system
/// allocator, allocation was half the time of `iamsim batch` (measured with the `profile_json`
/// example of benches/).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "iamsim",
    version,
    about = "AWS IAM policy simulation: who can do what, and why"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    limits: support::limits::LimitArgs,
    #[command(flatten)]
    jobs: jobs::JobArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Decide scenario JSON Lines from stdin (or files), one result line per input line.
    Batch(command::batch::Args),
    /// Build an account model from AWS CLI / Organizations / Terraform outputs (docs/import.md).
    Import(command::import::Args),
    /// Validate policy documents and print every finding with its location.
    Validate(command::validate::Args),
    /// Decide one request by an identity of the model, and explain why.
    Check(command::check::Args),
    /// Simulate one role assumption (AssumeRole or AssumeRoleWithWebIdentity).
    Assume(command::assume::Args),
    /// Every chain of role assumption from a principal (optionally to an action).
    Paths(command::paths::Args),
    /// Every identity that can perform an action on a resource, with its chain.
    WhoCan(command::who_can::Args),
    /// What-if: the requests whose outcome changes between two models, by principal.
    Diff(command::diff::Args),
    /// Run access tests (expectations in JSON files) for CI.
    Test(command::test::Args),
    /// Print a shell completion script.
    Completions(command::completions::Args),
}

/// The clap command, for completions.
pub fn cli_command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

fn main() -> Exit {
    let cli = Cli::parse();
    support::limits::set(&cli.limits);
    jobs::set(&cli.jobs);
    if matches!(
        cli.command,
        Command::Batch(_)
            | Command::Diff(_)
            | Command::WhoCan(_)
            | Command::Paths(_)
            | Command::Validate(_)
            | Command::Import(_)
    ) {
        jobs::start_pool();
    }
    match cli.command {
        Command::Batch(args) => command::batch::run(&args),
        Command::Import(args) => command::import::run(&args),
        Command::Validate(args) => command::validate::run(&args),
        Command::Check(args) => command::check::run(&args),
        Command::Assume(args) => command::assume::run(&args),
        Command::Paths(args) => command::paths::run(&args),
        Command::WhoCan(args) => command::who_can::run(&args),
        Command::Diff(args) => command::diff::run(&args),
        Command::Test(args) => command::test::run(&args),
        Command::Completions(args) => command::completions::run(&args),
    }
}
