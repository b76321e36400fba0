//! `iamsim paths`: every chain of role assumption from one principal, and the near misses.

use crate::exit::Exit;
use crate::support::chain::{context_lines, flip_text, hop_line, mfa_line};
use crate::support::error::CliError;
use crate::support::model::load;
use crate::support::search::SearchArgs;
use crate::support::sign_in::SignInArgs;
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::query::{self, EdgeMode, PathsAnswer, PathsQuestion};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim paths alice --mfa
  iamsim paths alice                     # blocked hops say what they need (MFA)
  iamsim paths bob --mfa                 # bob has no MFA device: the answer says so
  iamsim paths Auditor                   # needs sts:ExternalId=cust-7Q2
  iamsim paths GitHubDeploy --to ecs:UpdateService '*'
  iamsim paths alice --mfa --max-depth 2 --format json
  iamsim paths alice --edges assume      # role assumption only, no escalation techniques
  iamsim paths --web-identity token.actions.githubusercontent.com \\
      --claim sub=repo:acme/app:ref:refs/heads/main --claim aud=sts.amazonaws.com
                                         # from a GitHub Actions workflow: the roles it signs in to, and on

Exit codes: 0 any path (with --to: any allowed chain), 1 none, 2 bad input.")]
pub struct Args {
    /// The starting identity: a user or role name, ACCOUNT:user/NAME, ACCOUNT:role/NAME, or an ARN
    /// (none with --web-identity or --saml: the federated caller starts the paths).
    principal: Option<String>,
    #[command(flatten)]
    sign_in: SignInArgs,
    /// Only chains whose last session may perform ACTION on RESOURCE.
    #[arg(long, num_args = 2, value_names = ["ACTION", "RESOURCE"])]
    to: Option<Vec<String>>,
    #[command(flatten)]
    search: SearchArgs,
    /// The hops followed: `all` (role assumption and escalation techniques) or `assume`.
    #[arg(long, value_name = "all|assume", default_value = "all")]
    edges: String,
    /// The account model (JSON); the embedded example organization when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let (given, max_depth) = args.search.given()?;
    let loaded = load(args.model.as_deref())?;
    let to = match args.to.as_deref() {
        Some([action, resource]) => Some((action.clone(), resource.clone())),
        Some(_) => return Err(CliError::Usage("--to takes ACTION RESOURCE".into())),
        None => None,
    };
    let from = args.sign_in.caller(
        args.principal.as_deref(),
        "give PRINCIPAL, or --web-identity PROVIDER / --saml PROVIDER",
    )?;
    let question = PathsQuestion {
        from,
        to,
        given,
        max_depth,
        edges: EdgeMode::parse(&args.edges)?,
    };
    let answer = query::paths_from(&loaded.model, &question)?;
    match args.format {
        Format::Json => crate::outln!("{}", serde_json::to_string(&answer).unwrap_or_default()),
        Format::Human => crate::out!("{}", to_human(&answer, Style::detect())),
    }
    Ok(if answer.paths.is_empty() {
        Exit::Failure
    } else {
        Exit::Success
    })
}

fn to_human(a: &PathsAnswer, style: Style) -> String {
    let mut out = String::new();
    let goal = match &a.to {
        Some(t) => format!(" to {} on {}", t.action, t.resource),
        None => String::new(),
    };
    out.push_str(&format!(
        "{} path(s) from {}{goal}\n",
        a.paths.len(),
        style.bold(&a.start)
    ));
    for (n, path) in a.paths.iter().enumerate() {
        if path.hops.is_empty() {
            out.push_str(&format!("  {}. directly\n", n + 1));
        } else {
            out.push_str(&format!("  {}.\n", n + 1));
        }
        for hop in &path.hops {
            out.push_str(&format!("     {}\n", hop_line(hop, style)));
            out.push_str(&style.dim(&format!("        {}", hop.reason)));
            out.push('\n');
        }
        if let Some(t) = &path.target {
            out.push_str(&format!(
                "     => {} {}\n",
                style.decision(true, t.decision.as_str()),
                t.reason
            ));
        }
    }
    if !a.blocked.is_empty() {
        out.push_str("blocked (a change of context would allow):\n");
        for b in &a.blocked {
            let after = if b.after.is_empty() {
                String::new()
            } else {
                format!(" after {}", b.after.join(" -> "))
            };
            let needs: Vec<String> = b.hop.flips.iter().map(flip_text).collect();
            out.push_str(&format!(
                "  {}{after}: {} ({})\n",
                style.bold(&b.hop.role),
                needs.join("; "),
                b.hop.reason
            ));
            if let Some(c) = &b.condition {
                out.push_str(&format!("    allowed if {}\n", c.text));
            }
        }
    }
    out.push_str(&style.dim(&mfa_line(a.mfa)));
    out.push('\n');
    out.push_str(&context_lines(&a.context, &a.notes, style));
    out
}
