//! `iamsim check`: decide one request by an identity of the model, and explain it.

use crate::exit::Exit;
use crate::support::context::{context_of, identity_context, parse_pairs, Assumed};
use crate::support::error::CliError;
use crate::support::model::{load, Loaded};
use crate::support::style::Style;
use crate::support::Format;
use iamsim_core::diag::{LineCol, LineIndex};
use iamsim_core::eval::{decide_explained, Decision, StatementHit, Trace};
use iamsim_core::request::Request;
use serde_json::{json, Value};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  iamsim check alice sts:AssumeRole arn:aws:iam::222222222222:role/Deploy --mfa
  iamsim check dave s3:GetObject arn:aws:s3:::acme-data-lake/report.csv --explain
  iamsim check 222222222222:role/Deploy ecs:UpdateService '*' --context aws:RequestedRegion=eu-west-1
  iamsim check bob s3:GetObject arn:aws:s3:::acme-data-lake/x --model org.json --format json

Exit codes: 0 allowed, 1 denied, 2 bad input (unknown name, malformed model or flag).")]
pub struct Args {
    /// The caller: a user or role name, ACCOUNT:user/NAME, ACCOUNT:role/NAME, or an ARN.
    principal: String,
    /// The action, e.g. s3:GetObject.
    action: String,
    /// The resource ARN (or `*`).
    resource: String,
    /// A request fact, key=value (repeat the flag; a key given twice is multi-valued).
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// The user signed in with MFA (only users with an MFA device).
    #[arg(long)]
    mfa: bool,
    /// The account model (JSON); the embedded example organization when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    /// Print every policy type's verdict and every statement that applied.
    #[arg(long)]
    explain: bool,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// One request to decide.
pub struct CheckInput<'a> {
    pub principal: &'a str,
    pub action: &'a str,
    pub resource: &'a str,
    pub context: Vec<(String, String)>,
    pub mfa: bool,
}

/// The decision with what was assumed to reach it.
pub struct CheckOutcome {
    pub principal: String,
    pub trace: Trace,
    pub assumed: Assumed,
}

/// Decides the request with the identity's policies and the target's resource policies.
pub fn decide(loaded: &Loaded, input: &CheckInput) -> Result<CheckOutcome, CliError> {
    let (_, identity) = loaded.identity(input.principal)?;
    let resource = resource_arn(loaded, input.action, input.resource)?;
    let target = loaded.model.target(input.action, &resource)?;
    let given = context_of(&input.context);
    let (mut context, mut assumed) = identity_context(identity, &given, input.mfa);
    if let Some(region) = iamsim_core::access::default_region(&mut context, &target.resource) {
        assumed.entries.push(("aws:RequestedRegion".into(), region));
    }
    let mut request = Request {
        principal: identity.principal.clone(),
        action: target.action.clone(),
        resource: target.resource.clone(),
        resource_account: target.resource_account.clone(),
        context,
    };
    request.fill_principal_keys();
    let trace = decide_explained(&request, &identity.policies, &target.resource_policies);
    Ok(CheckOutcome {
        principal: identity.arn.clone(),
        trace,
        assumed,
    })
}

/// For `sts:AssumeRole*` a role may be named like a principal (`222222222222:role/Deploy`).
fn resource_arn(loaded: &Loaded, action: &str, resource: &str) -> Result<String, CliError> {
    let assume = action.to_ascii_lowercase().starts_with("sts:assumerole");
    if assume && !resource.starts_with("arn:") && resource != "*" {
        return Ok(loaded.role(resource)?.arn.clone());
    }
    Ok(resource.to_owned())
}

pub fn run(args: &Args) -> Exit {
    match execute(args) {
        Ok(exit) => exit,
        Err(e) => e.report(),
    }
}

fn execute(args: &Args) -> Result<Exit, CliError> {
    let context = parse_pairs(&args.context, "--context")?;
    let loaded = load(args.model.as_deref())?;
    let input = CheckInput {
        principal: &args.principal,
        action: &args.action,
        resource: &args.resource,
        context,
        mfa: args.mfa,
    };
    let outcome = decide(&loaded, &input)?;
    match args.format {
        Format::Json => crate::outln!("{}", to_json(&loaded, args, &outcome)),
        Format::Human => crate::out!("{}", to_human(&loaded, args, &outcome, Style::detect())),
    }
    Ok(if outcome.trace.decision == Decision::Allowed {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// Where a statement is in the model file. Policies iamsim adds itself (the implied
/// FullAWSAccess, shipped AWS managed policies) have JSON paths outside the model and no source.
fn source_of<'t>(
    loaded: &'t Loaded,
    lines: &LineIndex,
    hit: &StatementHit,
) -> Option<(LineCol, LineCol, &'t str)> {
    if hit.path.starts_with("/Statement") {
        return None;
    }
    let text = loaded.text.get(hit.start as usize..hit.end as usize)?;
    text.starts_with('{')
        .then(|| (lines.line_col(hit.start), lines.line_col(hit.end), text))
}

/// Statement hits with their place in the model text: line, column and source.
fn located_statements(loaded: &Loaded, trace: &Trace) -> Vec<Value> {
    let lines = LineIndex::new(&loaded.text);
    trace
        .statements
        .iter()
        .map(|hit| {
            let source = source_of(loaded, &lines, hit);
            let mut v = serde_json::to_value(hit).unwrap_or(Value::Null);
            if let Some(obj) = v.as_object_mut() {
                obj.insert("inModel".into(), json!(source.is_some()));
                obj.insert("line".into(), json!(source.map(|s| s.0.line)));
                obj.insert("column".into(), json!(source.map(|s| s.0.column)));
                obj.insert("endLine".into(), json!(source.map(|s| s.1.line)));
                obj.insert("text".into(), json!(source.map(|s| s.2)));
            }
            v
        })
        .collect()
}

fn assumed_json(assumed: &Assumed) -> Value {
    let map: serde_json::Map<String, Value> = assumed
        .entries
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    Value::Object(map)
}

fn to_json(loaded: &Loaded, args: &Args, o: &CheckOutcome) -> Value {
    let mut out = json!({
        "principal": o.principal,
        "action": args.action,
        "resource": args.resource,
        "decision": o.trace.decision,
        "allowed": o.trace.decision == Decision::Allowed,
        "reason": o.trace.reason,
        "assumedContext": assumed_json(&o.assumed),
        "notes": o.assumed.notes,
    });
    if args.explain {
        if let Some(obj) = out.as_object_mut() {
            obj.insert(
                "explain".into(),
                json!({
                    "sameAccount": o.trace.same_account,
                    "policyTypes": o.trace.policy_types,
                    "statements": located_statements(loaded, &o.trace),
                    "missingContextValues": o.trace.missing_context_values,
                }),
            );
        }
    }
    out
}

fn to_human(loaded: &Loaded, args: &Args, o: &CheckOutcome, style: Style) -> String {
    let allowed = o.trace.decision == Decision::Allowed;
    let mut out = format!(
        "{} {} {} on {}\n  {}\n",
        style.decision(allowed, o.trace.decision.as_str()),
        style.bold(&o.principal),
        args.action,
        args.resource,
        o.trace.reason
    );
    if !o.assumed.entries.is_empty() {
        let pairs: Vec<String> = o
            .assumed
            .entries
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        out.push_str(&style.dim(&format!("  assumed context: {}", pairs.join(", "))));
        out.push('\n');
    }
    for note in &o.assumed.notes {
        out.push_str(&style.dim(&format!("  note: {note}")));
        out.push('\n');
    }
    if !args.explain {
        return out;
    }
    out.push_str("\npolicy types:\n");
    for v in &o.trace.policy_types {
        let verdict = serde_json::to_value(v.verdict).unwrap_or(Value::Null);
        let kind = serde_json::to_value(v.policy_type).unwrap_or(Value::Null);
        out.push_str(&format!(
            "  {:<10} {}{}\n",
            kind.as_str().unwrap_or_default(),
            verdict.as_str().unwrap_or_default(),
            v.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        ));
    }
    if o.trace.statements.is_empty() {
        out.push_str("\nno statement applied\n");
    } else {
        out.push_str("\nstatements that applied:\n");
    }
    let lines = LineIndex::new(&loaded.text);
    for hit in &o.trace.statements {
        let effect = format!("{:?}", hit.effect);
        let source = source_of(loaded, &lines, hit);
        let place = match source {
            Some((start, _, _)) => format!("{}:{}:{}", loaded.file, start.line, start.column),
            None => "built in".to_owned(),
        };
        out.push_str(&format!(
            "  {} {} {}{} at {place} ({})\n",
            style.decision(effect == "Allow", &effect),
            hit.policy,
            hit.path,
            hit.sid
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default(),
            hit.policy_type.describe(),
        ));
        if let Some((start, end, _)) = source {
            for n in start.line..=end.line {
                if let Some(text) = lines.line_text(n) {
                    out.push_str(&style.dim(&format!("  {n:>5} | {text}")));
                    out.push('\n');
                }
            }
        }
    }
    if !o.trace.missing_context_values.is_empty() {
        out.push_str(&format!(
            "\nmissing context keys: {}\n",
            o.trace.missing_context_values.join(", ")
        ));
    }
    out
}
