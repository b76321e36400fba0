//! JSON entry points over an account model: assume a role, find paths, who-can.
//!
//! Each takes the model's JSON text (`None`: the embedded example organization) and a query object,
//! and returns `{"result": …}` or `{"error": {code, message, path, line, column, hint}}`.

use super::error_value;
use crate::access::{paths, who_can, Assumptions};
use crate::assume::{assume_role, AssumeMethod, AssumeParams, Caller};
use crate::context::{Context, ContextValue, ContextValues};
use crate::eval::Decision;
use crate::model::{load_model, Model, EXAMPLE_ORG};
use serde_json::{json, Value};

pub(crate) fn fail(code: &'static str, message: String, hint: Option<String>) -> Value {
    let mut e = json!({"code": code, "message": message, "path": ""});
    if let (Some(h), Value::Object(map)) = (hint, &mut e) {
        map.insert("hint".into(), json!(h));
    }
    json!({ "error": e })
}

fn model(text: Option<&str>) -> Result<Model, Value> {
    let text = text.unwrap_or(EXAMPLE_ORG);
    load_model(text).map_err(|diags| json!({ "error": error_value(&diags, text) }))
}

pub(super) fn query(text: &str) -> Result<serde_json::Map<String, Value>, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(fail(
            "wrong-type",
            "the query must be a JSON object".into(),
            None,
        )),
        Err(e) => Err(fail(
            "json-syntax",
            format!("the query is not JSON: {e}"),
            None,
        )),
    }
}

pub(super) fn context_of(q: &serde_json::Map<String, Value>) -> Result<Context, Value> {
    let mut context = Context::new();
    let Some(c) = q.get("context") else {
        return Ok(context);
    };
    let Value::Object(map) = c else {
        return Err(fail(
            "wrong-type",
            "`context` must be an object".into(),
            None,
        ));
    };
    for (k, v) in map {
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match v {
            Value::Array(items) => {
                let values: Option<Vec<ContextValue>> = items
                    .iter()
                    .map(|i| scalar(i).map(ContextValue::new))
                    .collect();
                let values = values.ok_or_else(|| {
                    fail(
                        "wrong-type",
                        format!("context key `{k}` must hold strings"),
                        None,
                    )
                })?;
                context.insert(k, ContextValues::Multi(values));
            }
            other => {
                let s = scalar(other).ok_or_else(|| {
                    fail(
                        "wrong-type",
                        format!("context key `{k}` must hold a string"),
                        None,
                    )
                })?;
                context.set(k, s);
            }
        }
    }
    Ok(context)
}

pub(super) fn text_field<'q>(
    q: &'q serde_json::Map<String, Value>,
    field: &str,
) -> Result<&'q str, Value> {
    q.get(field).and_then(Value::as_str).ok_or_else(|| {
        fail(
            "missing-field",
            format!("the query needs `{field}` (a string)"),
            None,
        )
    })
}

pub(super) fn assumptions(q: &serde_json::Map<String, Value>) -> Result<Assumptions, Value> {
    let limit = crate::limits::Limits::default().path_depth;
    let max_depth = match q.get("maxDepth") {
        None => 5,
        Some(v) => match v.as_u64().and_then(|d| usize::try_from(d).ok()) {
            Some(d) if d <= limit => d,
            _ => {
                return Err(fail(
                    "limit-exceeded",
                    format!("`maxDepth` must be a whole number of hops up to {limit}"),
                    Some("longer chains than ten hops do not occur in practice".into()),
                ))
            }
        },
    };
    Ok(Assumptions {
        mfa: q.get("mfa").and_then(Value::as_bool).unwrap_or(false),
        context: context_of(q)?,
        max_depth,
    })
}

/// The region default of [`crate::access::default_region`], for a resource given as text.
fn default_region(a: &mut Assumptions, resource: &str) -> Option<String> {
    crate::access::default_region(&mut a.context, &crate::request::Resource::new(resource))
}

fn assumed(a: &Assumptions) -> Value {
    let mut keys: Vec<(String, Value)> = a
        .context
        .entries()
        .map(|e| {
            let values: Vec<&str> = e.values.as_slice().iter().map(|v| v.raw.as_str()).collect();
            (
                e.key.clone(),
                match &e.values {
                    ContextValues::Single(v) => json!(v.raw),
                    ContextValues::Multi(_) => json!(values),
                },
            )
        })
        .collect();
    keys.sort_by(|x, y| x.0.cmp(&y.0));
    json!({"mfa": a.mfa, "maxDepth": a.max_depth, "context": serde_json::Map::from_iter(keys)})
}

fn lookup(m: &Model, name: &str) -> Result<usize, Value> {
    m.find_identity(name).map_err(|e| {
        fail(
            "unknown-principal",
            e.message,
            e.suggestions
                .first()
                .map(|s| format!("did you mean `{s}`?")),
        )
    })
}

/// `{"principal", "to"?: {"action", "resource"}, "mfa"?, "context"?, "maxDepth"?}` → the path report.
pub fn paths_json(model_json: Option<&str>, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let m = model(model_json)?;
        let q = query(query_json)?;
        let start = lookup(&m, text_field(&q, "principal")?)?;
        let mut a = assumptions(&q)?;
        let target = match q.get("to") {
            Some(Value::Object(to)) => {
                let action = to.get("action").and_then(Value::as_str).unwrap_or_default();
                let resource = to
                    .get("resource")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                default_region(&mut a, resource);
                Some(
                    m.target(action, resource)
                        .map_err(|e| fail("invalid-target", e.message, None))?,
                )
            }
            _ => None,
        };
        let report = paths(&m.world, start, &a, target.as_ref());
        Ok(json!({ "result": report, "assumed": assumed(&a) }))
    };
    run().unwrap_or_else(|e| e)
}

/// `{"action", "resource", "mfa"?, "context"?, "maxDepth"?}` → every identity that can, with its chain.
pub fn who_can_json(model_json: Option<&str>, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let m = model(model_json)?;
        let q = query(query_json)?;
        let resource = text_field(&q, "resource")?;
        let target = m
            .target(text_field(&q, "action")?, resource)
            .map_err(|e| fail("invalid-target", e.message, None))?;
        let mut a = assumptions(&q)?;
        default_region(&mut a, resource);
        let entries = who_can(&m.world, &target, &a);
        Ok(json!({ "result": entries, "assumed": assumed(&a) }))
    };
    run().unwrap_or_else(|e| e)
}

/// `{"principal", "action", "resource", "mfa"?, "context"?}` → the decision of one request made by
/// an identity of the model (a user, or a session of a role), with its trace.
pub fn check_json(model_json: Option<&str>, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let m = model(model_json)?;
        let q = query(query_json)?;
        let outcome = check_in(&m, &q, true)?;
        Ok(json!({
            "result": outcome.trace.unwrap_or(Value::Null),
            "principal": outcome.principal,
            "assumed": outcome.assumed,
        }))
    };
    run().unwrap_or_else(|e| e)
}

/// The decision of one request by an identity of a loaded model.
pub(crate) struct CheckOutcome {
    pub decision: Decision,
    /// The identity's ARN.
    pub principal: String,
    /// The full trace, when asked for.
    pub trace: Option<Value>,
    /// What was assumed on the caller's behalf (MFA, region, context).
    pub assumed: Value,
}

/// Decides the request `q` (`principal`, `action`, `resource`, `mfa`?, `context`?) against a
/// loaded model; shared by [`check_json`] and request lines of `iamsim batch`.
pub(crate) fn check_in(
    m: &Model,
    q: &serde_json::Map<String, Value>,
    explain: bool,
) -> Result<CheckOutcome, Value> {
    let who = lookup(m, text_field(q, "principal")?)?;
    let resource = text_field(q, "resource")?;
    let target = m.target(text_field(q, "action")?, resource).map_err(|e| {
        let hint = e
            .suggestions
            .first()
            .map(|s| format!("did you mean `{s}`?"));
        fail("invalid-target", e.message, hint)
    })?;
    let mut a = assumptions(q)?;
    default_region(&mut a, resource);
    let identity = m
        .world
        .identities
        .get(who)
        .ok_or_else(|| fail("unknown-principal", "no such principal".into(), None))?;
    let (decision, trace) = if explain {
        let trace = crate::access::decide_for(identity, &target, &a);
        (
            trace.decision,
            Some(serde_json::to_value(&trace).unwrap_or(Value::Null)),
        )
    } else {
        (crate::access::decision_for(identity, &target, &a), None)
    };
    Ok(CheckOutcome {
        decision,
        principal: identity.arn.clone(),
        trace,
        assumed: assumed(&a),
    })
}

/// `{"principal", "role", "externalId"?, "mfa"?, "durationSeconds"?, "sessionName"?, "context"?}` →
/// the decision, each STS check with its trace, an STS error if any, and the session.
pub fn assume_json(model_json: Option<&str>, query_json: &str) -> Value {
    let run = || -> Result<Value, Value> {
        let m = model(model_json)?;
        let q = query(query_json)?;
        let caller_index = lookup(&m, text_field(&q, "principal")?)?;
        let role_name = text_field(&q, "role")?;
        let role_identity = lookup(&m, role_name)?;
        let role_arn = m
            .world
            .identities
            .get(role_identity)
            .map(|i| i.arn.clone())
            .unwrap_or_default();
        let role = m
            .world
            .role_index(&role_arn)
            .and_then(|r| m.world.roles.get(r))
            .ok_or_else(|| fail("not-a-role", format!("`{role_name}` is not a role"), None))?;
        let identity = m
            .world
            .identities
            .get(caller_index)
            .ok_or_else(|| fail("unknown-principal", "no such principal".into(), None))?;
        let mut context = context_of(&q)?;
        for entry in identity.context.entries() {
            context.insert(&entry.key, entry.values.clone());
        }
        for (k, v) in &identity.tags {
            context.set(&format!("aws:PrincipalTag/{k}"), v.clone());
        }
        let params = AssumeParams {
            session_name: q
                .get("sessionName")
                .and_then(Value::as_str)
                .unwrap_or("iamsim")
                .to_owned(),
            duration_seconds: q
                .get("durationSeconds")
                .and_then(Value::as_u64)
                .and_then(|d| u32::try_from(d).ok()),
            external_id: q
                .get("externalId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            mfa: q.get("mfa").and_then(Value::as_bool).unwrap_or(false),
            ..AssumeParams::default()
        };
        let caller = Caller {
            principal: identity.principal.clone(),
            policies: identity.policies.clone(),
            context,
            session: None,
        };
        let out = assume_role(&caller, role, &AssumeMethod::AssumeRole, &params);
        let session = out.session.as_ref().map(|s| {
            json!({"arn": s.principal.arn, "roleArn": s.principal.role_arn, "durationSeconds": s.duration_seconds, "chained": s.chained, "tags": s.tags, "sourceIdentity": s.source_identity})
        });
        Ok(json!({ "result": {
            "decision": out.decision,
            "allowed": out.decision == Decision::Allowed,
            "checks": out.checks,
            "stsError": out.error.as_ref().map(|e| json!({"code": e, "message": e.message()})),
            "session": session,
        }}))
    };
    run().unwrap_or_else(|e| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_queries() {
        let r = who_can_json(
            None,
            r#"{"action":"ecs:UpdateService","resource":"arn:aws:ecs:eu-west-1:222222222222:service/prod/web","mfa":true,"context":{"aws:RequestedRegion":"eu-west-1"}}"#,
        );
        let names: Vec<&str> = r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["principal"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"arn:aws:iam::111111111111:user/ops/alice"),
            "{r}"
        );
        let p = paths_json(None, r#"{"principal":"alice","mfa":false}"#);
        assert!(
            p["result"]["blocked"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["hop"]["flips"][0]["key"] == "aws:MultiFactorAuthPresent"),
            "{p}"
        );
        let a = assume_json(
            None,
            r#"{"principal":"444444444444:role/Auditor","role":"SecurityAudit-MSP","externalId":"cust-7Q2"}"#,
        );
        assert_eq!(a["result"]["decision"], "Allowed", "{a}");
        assert_eq!(
            a["result"]["session"]["arn"],
            "arn:aws:sts::777777777777:assumed-role/SecurityAudit-MSP/iamsim"
        );
        let wrong = assume_json(
            None,
            r#"{"principal":"444444444444:role/Auditor","role":"SecurityAudit-MSP"}"#,
        );
        assert_eq!(wrong["result"]["decision"], "ImplicitDeny");
        let unknown = paths_json(None, r#"{"principal":"alcie"}"#);
        assert_eq!(unknown["error"]["code"], "unknown-principal");
        assert!(unknown["error"]["hint"].as_str().unwrap().contains("alice"));
        let bad_model = who_can_json(Some("{"), r#"{"action":"s3:GetObject","resource":"*"}"#);
        assert_eq!(bad_model["error"]["code"], "json-syntax");
        assert_eq!(paths_json(None, "[]")["error"]["code"], "wrong-type");
    }
}
