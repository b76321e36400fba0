//! The account-model commands: `check`, `assume`, `paths`, `who-can`. Each loads the model
//! (`--model FILE`, or the embedded example organization), asks core's JSON API, and prints the
//! answer for people or as JSON (`--format json`: the API's result object, documented in
//! docs/cli.md).
#![allow(
    clippy::indexing_slicing,
    reason = "indexing a serde_json::Value by key or index yields Null when absent; it never panics"
)]

use crate::exit::Exit;
use iamsim_core::api;
use serde_json::{json, Value};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Options shared by every model command.
#[derive(clap::Args)]
pub struct ModelArgs {
    /// The account model (docs/model.md); default: the embedded example organization.
    #[arg(long, value_name = "FILE")]
    model: Option<String>,
    /// Assume human users sign in with MFA (users with an MFA device).
    #[arg(long)]
    mfa: bool,
    /// A request fact as key=value (repeatable), e.g. aws:SourceIp=203.0.113.9.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

impl ModelArgs {
    fn load(&self) -> Result<Option<String>, Exit> {
        match &self.model {
            None => Ok(None),
            Some(path) => std::fs::read_to_string(path).map(Some).map_err(|e| {
                eprintln!("error: cannot read `{path}`: {e}");
                Exit::BadInput
            }),
        }
    }

    fn context(&self) -> Result<Value, Exit> {
        let mut map = serde_json::Map::new();
        for kv in &self.context {
            let Some((k, v)) = kv.split_once('=') else {
                eprintln!("error: `--context {kv}` is not KEY=VALUE");
                return Err(Exit::BadInput);
            };
            map.insert(k.to_owned(), json!(v));
        }
        Ok(Value::Object(map))
    }
}

/// Prints an API error (located in the model file when it comes from it) and returns exit 2.
fn report_error(error: &Value, model_path: Option<&str>) -> Exit {
    let file = model_path.unwrap_or("<example>");
    let code = error["code"].as_str().unwrap_or("error");
    let message = error["message"].as_str().unwrap_or("");
    match (error.get("line"), error.get("column")) {
        (Some(l), Some(c)) => eprintln!(
            "{file}:{l}:{c}: error[{code}]: {message} (at {})",
            error["path"].as_str().unwrap_or("/")
        ),
        _ => eprintln!("error[{code}]: {message}"),
    }
    if let Some(h) = error["hint"].as_str() {
        eprintln!("    hint: {h}");
    }
    Exit::BadInput
}

fn run(
    args: &ModelArgs,
    query: Value,
    call: fn(Option<&str>, &str) -> Value,
    human: impl Fn(&Value) -> Exit,
    ok: impl Fn(&Value) -> bool,
) -> Exit {
    let model = match args.load() {
        Ok(m) => m,
        Err(e) => return e,
    };
    let out = call(model.as_deref(), &query.to_string());
    if let Some(error) = out.get("error") {
        return report_error(error, args.model.as_deref());
    }
    match args.format {
        Format::Json => {
            println!("{out}");
            if ok(&out) {
                Exit::Success
            } else {
                Exit::Failure
            }
        }
        Format::Human => human(&out),
    }
}

fn print_assumed(out: &Value) {
    if let Some(a) = out.get("assumed") {
        let ctx: Vec<String> = a["context"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        format!(
                            "{k}={}",
                            v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        println!(
            "assumed: mfa={} max-depth={} {}",
            a["mfa"],
            a["maxDepth"],
            ctx.join(" ")
        );
    }
}

fn print_hop(hop: &Value, indent: &str) {
    println!(
        "{indent}→ {} [{}] {}",
        hop["role"].as_str().unwrap_or(""),
        hop["decision"].as_str().unwrap_or(""),
        hop["reason"].as_str().unwrap_or("")
    );
    for f in hop["flips"].as_array().into_iter().flatten() {
        let change = match f["value"].as_str() {
            Some(v) => format!("with {}={v}", f["key"].as_str().unwrap_or("")),
            None => format!("without {}", f["key"].as_str().unwrap_or("")),
        };
        println!(
            "{indent}    {change}: {}",
            f["decision"].as_str().unwrap_or("")
        );
    }
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  iamsim check alice sts:AssumeRole arn:aws:iam::222222222222:role/Deploy --mfa\n  iamsim check 222222222222:role/Deploy ecs:UpdateService arn:aws:ecs:eu-west-1:222222222222:service/prod/web --explain"
)]
pub struct CheckArgs {
    /// A user or role of the model: ARN, ACCOUNT:role/NAME, or a unique name.
    principal: String,
    action: String,
    resource: String,
    /// Print each policy type's verdict and every statement that applied.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn check(args: &CheckArgs) -> Exit {
    let query = match args.model.context() {
        Ok(c) => {
            json!({"principal": args.principal, "action": args.action, "resource": args.resource, "mfa": args.model.mfa, "context": c})
        }
        Err(e) => return e,
    };
    let explain = args.explain;
    run(
        &args.model,
        query,
        api::check_json,
        |out| {
            let t = &out["result"];
            println!(
                "{}: {} {} on {}",
                t["decision"].as_str().unwrap_or(""),
                out["principal"].as_str().unwrap_or(""),
                args.action,
                args.resource
            );
            println!("  {}", t["reason"].as_str().unwrap_or(""));
            print_assumed(out);
            if explain {
                for v in t["policyTypes"].as_array().into_iter().flatten() {
                    let detail = v["detail"]
                        .as_str()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    println!(
                        "  {:<9} {}{detail}",
                        v["policyType"].as_str().unwrap_or(""),
                        v["verdict"].as_str().unwrap_or("")
                    );
                }
                for s in t["statements"].as_array().into_iter().flatten() {
                    let sid = s["sid"]
                        .as_str()
                        .map(|x| format!(" {x}"))
                        .unwrap_or_default();
                    println!(
                        "  {} statement {}{sid} of {} ({})",
                        s["effect"].as_str().unwrap_or(""),
                        s["statement"],
                        s["policy"].as_str().unwrap_or(""),
                        s["path"].as_str().unwrap_or("")
                    );
                }
                let missing: Vec<&str> = t["missingContextValues"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                if !missing.is_empty() {
                    println!("  missing context keys: {}", missing.join(", "));
                }
            }
            if t["decision"] == "Allowed" {
                Exit::Success
            } else {
                Exit::Failure
            }
        },
        |out| out["result"]["decision"] == "Allowed",
    )
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  iamsim assume 444444444444:role/Auditor SecurityAudit-MSP --external-id cust-7Q2\n  iamsim assume alice 222222222222:role/Deploy --mfa --duration 3600"
)]
pub struct AssumeArgs {
    principal: String,
    role: String,
    #[arg(long)]
    external_id: Option<String>,
    /// DurationSeconds (900 to the role's MaxSessionDuration; 3600 at most when chaining).
    #[arg(long)]
    duration: Option<u32>,
    #[arg(long, default_value = "iamsim")]
    session_name: String,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn assume(args: &AssumeArgs) -> Exit {
    let query = match args.model.context() {
        Ok(c) => {
            json!({"principal": args.principal, "role": args.role, "externalId": args.external_id, "mfa": args.model.mfa, "durationSeconds": args.duration, "sessionName": args.session_name, "context": c})
        }
        Err(e) => return e,
    };
    run(
        &args.model,
        query,
        api::assume_json,
        |out| {
            let r = &out["result"];
            println!(
                "{}: {} assumes {}",
                r["decision"].as_str().unwrap_or(""),
                args.principal,
                args.role
            );
            for c in r["checks"].as_array().into_iter().flatten() {
                println!(
                    "  {:<22} {} — {}",
                    c["action"].as_str().unwrap_or(""),
                    c["trace"]["decision"].as_str().unwrap_or(""),
                    c["trace"]["reason"].as_str().unwrap_or("")
                );
            }
            if let Some(m) = r["stsError"]["message"].as_str() {
                println!("  STS rejects the call: {m}");
            }
            if let Some(s) = r["session"].as_object() {
                println!(
                    "  session {} for {} s",
                    s["arn"].as_str().unwrap_or(""),
                    s["durationSeconds"]
                );
            }
            if r["allowed"] == true {
                Exit::Success
            } else {
                Exit::Failure
            }
        },
        |out| out["result"]["allowed"] == true,
    )
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  iamsim paths alice --mfa\n  iamsim paths alice --mfa --to ecs:UpdateService arn:aws:ecs:eu-west-1:222222222222:service/prod/web"
)]
pub struct PathsArgs {
    principal: String,
    /// Keep only the chains whose last session may perform ACTION on RESOURCE.
    #[arg(long, num_args = 2, value_names = ["ACTION", "RESOURCE"])]
    to: Option<Vec<String>>,
    #[arg(long, default_value_t = 5)]
    max_depth: usize,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn paths(args: &PathsArgs) -> Exit {
    let context = match args.model.context() {
        Ok(c) => c,
        Err(e) => return e,
    };
    let mut query = json!({"principal": args.principal, "mfa": args.model.mfa, "context": context, "maxDepth": args.max_depth});
    if let Some(to) = &args.to {
        query["to"] = json!({"action": to.first(), "resource": to.get(1)});
    }
    run(
        &args.model,
        query,
        api::paths_json,
        |out| {
            let r = &out["result"];
            print_assumed(out);
            let list = r["paths"].as_array().cloned().unwrap_or_default();
            println!(
                "{} chain(s) from {}:",
                list.len(),
                r["start"].as_str().unwrap_or("")
            );
            for p in &list {
                let hops = p["hops"].as_array().cloned().unwrap_or_default();
                if hops.is_empty() {
                    println!("  (directly)");
                }
                for (i, h) in hops.iter().enumerate() {
                    print_hop(h, &"  ".repeat(i + 1));
                }
                if let Some(t) = p["target"].as_object() {
                    println!(
                        "{}⇒ {}: {}",
                        "  ".repeat(hops.len() + 1),
                        t["decision"].as_str().unwrap_or(""),
                        t["reason"].as_str().unwrap_or("")
                    );
                }
            }
            let blocked = r["blocked"].as_array().cloned().unwrap_or_default();
            if !blocked.is_empty() {
                println!("near misses (a context change would allow them):");
                for b in &blocked {
                    print_hop(&b["hop"], "  ");
                }
            }
            if list.is_empty() {
                Exit::Failure
            } else {
                Exit::Success
            }
        },
        |out| {
            out["result"]["paths"]
                .as_array()
                .is_some_and(|p| !p.is_empty())
        },
    )
}

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  iamsim who-can ecs:UpdateService arn:aws:ecs:eu-west-1:222222222222:service/prod/web --mfa\n  iamsim who-can s3:GetObject arn:aws:s3:::acme-data-lake/2025/q1.csv --context aws:SecureTransport=true"
)]
pub struct WhoCanArgs {
    action: String,
    resource: String,
    #[arg(long, default_value_t = 5)]
    max_depth: usize,
    #[command(flatten)]
    model: ModelArgs,
}

pub fn who_can(args: &WhoCanArgs) -> Exit {
    let query = match args.model.context() {
        Ok(c) => {
            json!({"action": args.action, "resource": args.resource, "mfa": args.model.mfa, "context": c, "maxDepth": args.max_depth})
        }
        Err(e) => return e,
    };
    run(
        &args.model,
        query,
        api::who_can_json,
        |out| {
            print_assumed(out);
            let list = out["result"].as_array().cloned().unwrap_or_default();
            println!(
                "{} principal(s) can {} on {}:",
                list.len(),
                args.action,
                args.resource
            );
            for e in &list {
                let chain = e["chain"].as_array().cloned().unwrap_or_default();
                let via: Vec<&str> = chain.iter().filter_map(|h| h["role"].as_str()).collect();
                if via.is_empty() {
                    println!(
                        "  {} ({}) directly",
                        e["principal"].as_str().unwrap_or(""),
                        e["kind"].as_str().unwrap_or("")
                    );
                } else {
                    println!(
                        "  {} ({}) via {}",
                        e["principal"].as_str().unwrap_or(""),
                        e["kind"].as_str().unwrap_or(""),
                        via.join(" → ")
                    );
                }
            }
            if list.is_empty() {
                Exit::Failure
            } else {
                Exit::Success
            }
        },
        |out| out["result"].as_array().is_some_and(|l| !l.is_empty()),
    )
}
