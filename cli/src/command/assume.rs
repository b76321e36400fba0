//! `iamsim assume`: simulate one role assumption with every STS rule, and show the session.

use crate::exit::Exit;
use crate::support::context::{context_of, identity_context, parse_pairs, Assumed};
use crate::support::error::CliError;
use crate::support::model::{load, Loaded};
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::assume::{assume_role, AssumeMethod, AssumeOutcome, AssumeParams, Caller};
use iamsim_core::eval::{CallerPolicies, Decision};
use iamsim_core::request::Principal;
use serde_json::{json, Value};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim assume alice 222222222222:role/Deploy --mfa
  iamsim assume Auditor SecurityAudit-MSP --external-id cust-7Q2
  iamsim assume alice SecurityAdmin --mfa --session-tags project=x,cost=ops --transitive-tag-keys project
  iamsim assume --web-identity token.actions.githubusercontent.com \\
      --claim sub=repo:acme/app:ref:refs/heads/main --claim aud=sts.amazonaws.com GitHubDeploy

With --web-identity give only ROLE: the identity provider is the caller. A claim key without a
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
    /// AssumeRoleWithWebIdentity through this OIDC provider (URL or provider ARN).
    #[arg(long, value_name = "PROVIDER")]
    web_identity: Option<String>,
    /// A token claim, key=value (with --web-identity; repeat the flag).
    #[arg(long = "claim", value_name = "KEY=VALUE", requires = "web_identity")]
    claims: Vec<String>,
    /// A request fact, key=value (repeat the flag).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// The account model (JSON); the embedded example organization when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Who calls STS.
pub enum Via<'a> {
    /// AssumeRole by an identity of the model.
    Identity(&'a str),
    /// AssumeRoleWithWebIdentity: provider (URL or ARN) and claims.
    WebIdentity {
        provider: &'a str,
        claims: Vec<(String, String)>,
    },
}

pub struct AssumeInput<'a> {
    pub via: Via<'a>,
    pub role: &'a str,
    pub mfa: bool,
    pub context: Vec<(String, String)>,
    pub params: AssumeParams,
}

pub struct AssumeResult {
    pub caller: String,
    pub role: String,
    pub outcome: AssumeOutcome,
    pub assumed: Assumed,
}

/// Simulates the call against the model.
pub fn simulate(loaded: &Loaded, input: &AssumeInput) -> Result<AssumeResult, CliError> {
    let role = loaded.role(input.role)?;
    let given = context_of(&input.context);
    let (caller, method, caller_name, assumed) = match &input.via {
        Via::Identity(name) => {
            let (_, identity) = loaded.identity(name)?;
            let (context, assumed) = identity_context(identity, &given, input.mfa);
            let caller = Caller {
                principal: identity.principal.clone(),
                policies: identity.policies.clone(),
                context,
                session: None,
            };
            (
                caller,
                AssumeMethod::AssumeRole,
                identity.arn.clone(),
                assumed,
            )
        }
        Via::WebIdentity { provider, claims } => {
            // Providers live in the role's account; a bare URL names that account's provider.
            let provider_arn = if provider.starts_with("arn:") {
                (*provider).to_owned()
            } else {
                format!("arn:aws:iam::{}:oidc-provider/{provider}", role.account)
            };
            let url = provider_arn
                .rsplit_once(":oidc-provider/")
                .map_or(*provider, |(_, u)| u)
                .to_owned();
            let claims = claims
                .iter()
                .map(|(k, v)| {
                    let key = if k.contains(':') {
                        k.clone()
                    } else {
                        format!("{url}:{k}")
                    };
                    (key, v.clone())
                })
                .collect();
            let caller = Caller {
                principal: Principal::anonymous(),
                policies: CallerPolicies::default(),
                context: given,
                session: None,
            };
            let method = AssumeMethod::WebIdentity {
                provider: provider_arn.clone(),
                claims,
            };
            (caller, method, provider_arn, Assumed::default())
        }
    };
    let outcome = assume_role(&caller, role, &method, &input.params);
    Ok(AssumeResult {
        caller: caller_name,
        role: role.arn.clone(),
        outcome,
        assumed,
    })
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let context = parse_pairs(&args.context, "--context")?;
    let session_tags = parse_pairs(&args.session_tags, "--session-tags")?;
    let claims = parse_pairs(&args.claims, "--claim")?;
    let (via, role) = match (&args.web_identity, args.names.as_slice()) {
        (Some(provider), [role]) => (Via::WebIdentity { provider, claims }, role),
        (None, [principal, role]) => (Via::Identity(principal), role),
        (Some(_), _) => {
            return Err(CliError::Usage(
                "with --web-identity give only ROLE (the provider is the caller)".into(),
            ))
        }
        (None, _) => return Err(CliError::Usage("give PRINCIPAL and ROLE".into())),
    };
    let loaded = load(args.model.as_deref())?;
    let input = AssumeInput {
        via,
        role,
        mfa: args.mfa,
        context,
        params: AssumeParams {
            session_name: args.session_name.clone(),
            duration_seconds: args.duration,
            external_id: args.external_id.clone(),
            mfa: false,
            source_identity: args.source_identity.clone(),
            session_tags,
            transitive_tag_keys: args.transitive_tag_keys.clone(),
            session_policy: None,
        },
    };
    let result = simulate(&loaded, &input)?;
    match args.format {
        Format::Json => crate::outln!("{}", to_json(&result)),
        Format::Human => crate::out!("{}", to_human(&result, Style::detect())),
    }
    Ok(if result.outcome.decision == Decision::Allowed {
        Exit::Success
    } else {
        Exit::Failure
    })
}

pub fn to_json(r: &AssumeResult) -> Value {
    let o = &r.outcome;
    let checks: Vec<Value> = o
        .checks
        .iter()
        .map(|c| json!({"action": c.action, "decision": c.trace.decision, "reason": c.trace.reason, "missingContextValues": c.trace.missing_context_values}))
        .collect();
    let session = o.session.as_ref().map(|s| {
        json!({
            "arn": s.principal.arn,
            "durationSeconds": s.duration_seconds,
            "chained": s.chained,
            "tags": s.tags,
            "sourceIdentity": s.source_identity,
        })
    });
    let assumed: serde_json::Map<String, Value> = r
        .assumed
        .entries
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "caller": r.caller,
        "role": r.role,
        "decision": o.decision,
        "allowed": o.decision == Decision::Allowed,
        "checks": checks,
        "error": o.error.as_ref().map(error_json),
        "session": session,
        "assumedContext": assumed,
        "notes": r.assumed.notes,
    })
}

/// The error's code and fields (kebab-case `code`), plus its message.
fn error_json(e: &iamsim_core::assume::AssumeError) -> Value {
    let mut v = serde_json::to_value(e).unwrap_or_else(|_| json!({}));
    if let Some(obj) = v.as_object_mut() {
        obj.insert("message".into(), json!(e.message()));
    }
    v
}

fn to_human(r: &AssumeResult, style: Style) -> String {
    let o = &r.outcome;
    let allowed = o.decision == Decision::Allowed;
    let mut out = format!(
        "{} {} assumes {}\n",
        style.decision(allowed, o.decision.as_str()),
        style.bold(&r.caller),
        style.bold(&r.role)
    );
    if let Some(e) = &o.error {
        out.push_str(&format!("  {} {}\n", style.bad("error:"), e.message()));
    }
    for c in &o.checks {
        let ok = c.trace.decision == Decision::Allowed;
        out.push_str(&format!(
            "  {} {}: {}\n",
            style.decision(ok, c.trace.decision.as_str()),
            c.action,
            c.trace.reason
        ));
        if !c.trace.missing_context_values.is_empty() {
            out.push_str(&format!(
                "    missing context keys: {}\n",
                c.trace.missing_context_values.join(", ")
            ));
        }
    }
    if !r.assumed.entries.is_empty() {
        let pairs: Vec<String> = r
            .assumed
            .entries
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out.push_str(&style.dim(&format!("  assumed context: {}", pairs.join(", "))));
        out.push('\n');
    }
    for note in &r.assumed.notes {
        out.push_str(&style.dim(&format!("  note: {note}")));
        out.push('\n');
    }
    if let Some(s) = &o.session {
        out.push_str(&format!("session {}\n", style.bold(&s.principal.arn)));
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
