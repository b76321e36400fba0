//! `iamsim assume`: simulate one role assumption with every STS rule, and show the session.

use crate::exit::Exit;
use crate::support::chain::context_lines;
use crate::support::context::{context_of, parse_pairs};
use crate::support::error::CliError;
use crate::support::model::{load, Loaded};
use crate::support::sign_in::SignInArgs;
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::eval::Decision;
use iamsim_core::query::{self, AssumeAnswer, AssumeQuestion, Given};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim assume alice 222222222222:role/Deploy --mfa
  iamsim assume Auditor SecurityAudit-MSP --external-id cust-7Q2
  iamsim assume alice SecurityAdmin --mfa --session-tags project=x,cost=ops --transitive-tag-keys project
  iamsim assume --web-identity token.actions.githubusercontent.com \\
      --claim sub=repo:acme/app:ref:refs/heads/main --claim aud=sts.amazonaws.com GitHubDeploy

With --web-identity or --saml give only ROLE: the identity provider is the caller. A claim key without a
`:` is prefixed with the provider (sub → token.actions.githubusercontent.com:sub).

Exit codes: 0 allowed, 1 denied, 2 bad input.")]
pub struct Args {
    /// PRINCIPAL ROLE (or only ROLE with --web-identity). Names as in `iamsim check`.
    #[arg(value_name = "PRINCIPAL ROLE", num_args = 1..=2, required = true)]
    names: Vec<String>,
    /// The sts:ExternalId passed with the call.
    #[arg(long, value_name = "X")]
    external_id: Option<String>,
    /// The user signed in with MFA (only users with an MFA device).
    #[arg(long)]
    mfa: bool,
    /// DurationSeconds (default 3600).
    #[arg(long, value_name = "SECS")]
    duration: Option<u32>,
    /// RoleSessionName (default `iamsim`).
    #[arg(long, value_name = "N", default_value = "iamsim")]
    session_name: String,
    /// Session tags, k=v,k=v.
    #[arg(long, value_name = "K=V,...", value_delimiter = ',')]
    session_tags: Vec<String>,
    /// Transitive tag keys, k,k.
    #[arg(long, value_name = "K,...", value_delimiter = ',')]
    transitive_tag_keys: Vec<String>,
    /// SourceIdentity.
    #[arg(long, value_name = "S")]
    source_identity: Option<String>,
    #[command(flatten)]
    sign_in: SignInArgs,
    /// A request fact, key=value (repeat the flag).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// The account model (JSON); the embedded example organization when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Answers an assume question against the loaded model (shared with `iamsim test`).
pub fn simulate(loaded: &Loaded, question: &AssumeQuestion) -> Result<AssumeAnswer, CliError> {
    Ok(query::assume(&loaded.model, question)?)
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let context = context_of(&parse_pairs(&args.context, "--context")?);
    let session_tags = parse_pairs(&args.session_tags, "--session-tags")?;
    let (principal, role) = match (args.sign_in.given(), args.names.as_slice()) {
        (true, [role]) => (None, role),
        (false, [principal, role]) => (Some(principal.as_str()), role),
        (true, _) => {
            return Err(CliError::Usage(
                "with --web-identity or --saml give only ROLE (the provider is the caller)".into(),
            ))
        }
        (false, _) => return Err(CliError::Usage("give PRINCIPAL and ROLE".into())),
    };
    let caller = args.sign_in.caller(principal, "give only ROLE")?;
    let loaded = load(args.model.as_deref())?;
    let question = AssumeQuestion {
        caller,
        role: role.clone(),
        given: Given {
            mfa: args.mfa,
            context,
        },
        external_id: args.external_id.clone(),
        duration_seconds: args.duration,
        session_name: args.session_name.clone(),
        session_tags,
        transitive_tag_keys: args.transitive_tag_keys.clone(),
        source_identity: args.source_identity.clone(),
    };
    let answer = simulate(&loaded, &question)?;
    match args.format {
        Format::Json => crate::outln!("{}", serde_json::to_string(&answer).unwrap_or_default()),
        Format::Human => crate::out!("{}", to_human(&answer, Style::detect())),
    }
    Ok(if answer.allowed {
        Exit::Success
    } else {
        Exit::Failure
    })
}

fn to_human(a: &AssumeAnswer, style: Style) -> String {
    let mut out = format!(
        "{} {} assumes {}\n",
        style.decision(a.allowed, a.decision.as_str()),
        style.bold(&a.caller),
        style.bold(&a.role)
    );
    if let Some(e) = &a.error {
        out.push_str(&format!("  {} {}\n", style.bad("error:"), e.message));
    }
    for c in &a.checks {
        let ok = c.decision == Decision::Allowed;
        out.push_str(&format!(
            "  {} {}: {}\n",
            style.decision(ok, c.decision.as_str()),
            c.action,
            c.reason
        ));
        if !c.missing_context_values.is_empty() {
            out.push_str(&format!(
                "    missing context keys: {}\n",
                c.missing_context_values.join(", ")
            ));
        }
        for miss in &c.near_misses {
            out.push_str(&format!("    {}\n", miss.sentence()));
        }
    }
    out.push_str(&context_lines(&a.context, &a.notes, style));
    if let Some(s) = &a.session {
        out.push_str(&format!("session {}\n", style.bold(&s.arn)));
        out.push_str(&format!(
            "  duration: {}s{}\n",
            s.duration_seconds,
            if s.chained { " (role chaining)" } else { "" }
        ));
        for t in &s.tags {
            out.push_str(&format!(
                "  tag: {}={}{}\n",
                t.key,
                t.value,
                if t.transitive { " (transitive)" } else { "" }
            ));
        }
        if let Some(si) = &s.source_identity {
            out.push_str(&format!("  source identity: {si}\n"));
        }
    }
    out
}
