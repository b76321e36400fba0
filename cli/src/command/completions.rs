//! `iamsim completions`: shell completion scripts generated from the command definition.

use crate::exit::Exit;
use clap_complete::Shell;
use std::io::Write;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim completions bash > /etc/bash_completion.d/iamsim
  iamsim completions zsh > \"${fpath[1]}/_iamsim\"
  iamsim completions fish > ~/.config/fish/completions/iamsim.fish")]
pub struct Args {
    /// The shell.
    #[arg(value_parser = ["bash", "zsh", "fish"])]
    shell: String,
}

pub fn run(args: &Args) -> Exit {
    let shell = match args.shell.as_str() {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        other => {
            eprintln!("error: unsupported shell `{other}`");
            return Exit::BadInput;
        }
    };
    let mut command = crate::cli_command();
    // Generate into memory: clap_complete panics on a failed write (e.g. a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "iamsim", &mut script);
    match std::io::stdout().write_all(&script) {
        Ok(()) => Exit::Success,
        Err(_) => Exit::BadInput,
    }
}
