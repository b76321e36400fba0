//! Writes the synthetic organization (docs/scale.md) and its what-if twin as model files, for
//! timing the CLI on them: `cargo run --release -p iamsim-benches --example synthetic_org --
//! ACCOUNTS ROLES DIR` writes `DIR/before.json` and `DIR/after.json` (role 0 of the last account
//! opened to the first account's root).
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [accounts, roles, dir] = args.as_slice() else {
        eprintln!("usage: synthetic_org ACCOUNTS ROLES DIR");
        return ExitCode::from(2);
    };
    let (Ok(accounts), Ok(roles)) = (accounts.parse::<usize>(), roles.parse::<usize>()) else {
        eprintln!("ACCOUNTS and ROLES are counts");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(dir);
    let users = 20;
    let files = [
        (
            "before.json",
            iamsim_benches::synthetic::model(accounts, roles, users),
        ),
        (
            "after.json",
            iamsim_benches::synthetic::model_with_opened_trust(accounts, roles, users),
        ),
    ];
    for (name, model) in files {
        if let Err(e) = std::fs::write(dir.join(name), model.to_string()) {
            eprintln!("{}: {e}", dir.join(name).display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
