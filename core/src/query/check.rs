//! `check`: the decision of one request by an identity of the model, with what was assumed.

use super::caller::condition_of;
use super::caller::{caller_notes, mfa_facts, Note};
use super::facts::{Fact, FactSource, FactValue};
use super::naming;
use super::question::CheckQuestion;
use crate::access::{default_region, request_for, Assumptions, Target};
use crate::context::Context;
use crate::diag::{Diagnostic, LineIndex};
use crate::eval::{Decision, NearMiss, PolicyTypeVerdict, StatementHit, Trace};
use crate::model::Model;
use crate::partial::{ConditionView, UnknownKeys};
use serde::Serialize;

/// The answer to a [`CheckQuestion`]: the same JSON in the CLI, the JSON API, wasm and batch.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckAnswer {
    /// The caller's ARN (a role's ARN for a session of the role).
    pub principal: String,
    /// The action as asked.
    pub action: String,
    /// The resource as decided (a role named like a principal becomes its ARN).
    pub resource: String,
    /// The engine's decision.
    pub decision: Decision,
    /// `decision == Allowed`.
    pub allowed: bool,
    /// The reason in one sentence (left out by batch request lines without `--explain`, which
    /// decide on the fast path without a trace).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// With unknown keys (`unknown` in the question): whether the request is allowed whatever
    /// they hold, never, or under a formula over them (docs/conditional.md). `decision`,
    /// `reason` and `nearMisses` then describe the request without the unknown keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionView>,
    /// When denied (a question without unknown keys, answered with a reason): the condition on
    /// the keys the request does not fix under which it would be allowed — what would have
    /// allowed it (docs/conditional.md). Absent when no value of those keys would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_if: Option<ConditionView>,
    /// When denied: the Allow statements that applied but for their conditions, each with the
    /// conditions that failed (expected vs the request's values). Only with a reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<NearMiss>,
    /// Every context key the question gave or iamsim assumed, with where it came from.
    pub context: Vec<Fact>,
    /// What iamsim assumed or noticed that changes how to read the answer.
    pub notes: Vec<Note>,
    /// Every policy type's verdict and the statements that applied (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}

/// Every policy type's verdict and the statements that applied, located in the model text.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Whether the caller and the resource are in the same account (`None` when the resource names no account).
    pub same_account: Option<bool>,
    /// Each policy type's verdict, in evaluation order.
    pub policy_types: Vec<PolicyTypeVerdict>,
    /// The statements that applied, located in the model text.
    pub statements: Vec<LocatedStatement>,
    /// Context keys a condition read that the request did not carry.
    pub missing_context_values: Vec<String>,
}

/// A statement that applied, with its place in the model file (none for policies iamsim adds:
/// the implied FullAWSAccess and RCPFullAWSAccess, shipped AWS managed policies).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocatedStatement {
    /// Which statement of which policy, and what it did.
    #[serde(flatten)]
    pub hit: StatementHit,
    /// Whether the statement is written in the model (false for policies iamsim adds).
    pub in_model: bool,
    /// 1-based line of the statement in the model text.
    pub line: Option<u32>,
    /// 1-based column of the statement in the model text.
    pub column: Option<u32>,
    /// 1-based line where the statement ends.
    pub end_line: Option<u32>,
    /// The statement's source text.
    pub text: Option<String>,
}

/// The given keys as facts (source `given`), then what was assumed.
pub(crate) fn given_facts(given: &Context) -> Vec<Fact> {
    let mut out: Vec<Fact> = given
        .entries()
        .map(|e| {
            let values: Vec<String> = e.values.as_slice().iter().map(|v| v.raw.clone()).collect();
            let value = match &e.values {
                crate::context::ContextValues::Single(v) => FactValue::One(v.raw.clone()),
                crate::context::ContextValues::Multi(_) => FactValue::Many(values),
            };
            Fact {
                key: e.key.clone(),
                value,
                source: FactSource::Given,
            }
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

/// The target of a question about `action` on `resource`.
pub(crate) fn target(model: &Model, action: &str, resource: &str) -> Result<Target, Diagnostic> {
    let resource = naming::resource(model, action, resource)?;
    model.target(action, &resource).map_err(|e| {
        let field = if e.message.contains("service:Action") {
            "action"
        } else {
            "resource"
        };
        naming::lookup_error("invalid-target", e, field)
    })
}

/// The facts a target adds that the context does not give: its region (set in `context`, so
/// that every request of the question carries it) and its resource keys.
pub(crate) fn target_facts(context: &mut Context, target: &Target) -> Vec<Fact> {
    let mut out: Vec<Fact> = default_region(context, target)
        .cloned()
        .into_iter()
        .collect();
    out.extend(
        target
            .resource_facts
            .iter()
            .filter(|f| !context.contains(&f.key))
            .cloned(),
    );
    out
}

/// Answers a check. `text` is the model's JSON text (for locating statements; empty: none).
pub fn check(model: &Model, text: &str, q: &CheckQuestion) -> Result<CheckAnswer, Diagnostic> {
    answer(model, q, Some(text))
}

/// The decision without its trace, on the fast path (batch request lines without `--explain`):
/// the answer has no `reason` and no `explain`.
pub fn check_decision(model: &Model, q: &CheckQuestion) -> Result<CheckAnswer, Diagnostic> {
    answer(model, q, None)
}

/// `text`: `None` for the fast path without a trace.
fn answer(model: &Model, q: &CheckQuestion, text: Option<&str>) -> Result<CheckAnswer, Diagnostic> {
    let identity = naming::identity(model, &q.principal, "principal")?;
    let target = target(model, &q.action, &q.resource)?;
    let mut assumptions = Assumptions {
        mfa: q.given.mfa,
        context: q.given.context.clone(),
        max_depth: 0,
    };
    let mut context = given_facts(&q.given.context);
    for (key, value) in mfa_facts(identity, &q.given.context, q.given.mfa) {
        context.push(Fact {
            key,
            value: FactValue::One(value),
            source: FactSource::Mfa,
        });
    }
    context.extend(target_facts(&mut assumptions.context, &target));
    let notes = caller_notes(identity, &q.given.context, q.given.mfa);
    if !q.unknown.is_empty() {
        return conditional(identity, &target, &assumptions, q, text, context, notes);
    }
    let req = request_for(identity, &target, &assumptions);
    let parts = Parts {
        identity,
        target: &target,
        context,
        notes,
    };
    let mut out = answer_to(&req, parts, q, text, None);
    if text.is_some() && !out.allowed {
        out.allowed_if = allowed_if(identity, &target, &req);
    }
    Ok(out)
}

/// What would have allowed a denied request: the condition on every key it does not fix (the
/// MFA keys only for a user with a device), when some values would allow it. A condition too
/// large to state is left out: the near misses still say which statements came close.
fn allowed_if(
    identity: &crate::access::Identity,
    target: &Target,
    req: &crate::request::Request,
) -> Option<ConditionView> {
    let every = UnknownKeys::from_names(&["*"]);
    let view = condition_of(
        identity,
        true,
        req,
        &target.resource_policies,
        &every,
        vec!["*".to_owned()],
    )
    .ok()?;
    (view.outcome == crate::partial::Outcome::Conditional).then_some(view)
}

/// What an answer states besides its decision.
struct Parts<'a> {
    identity: &'a crate::access::Identity,
    target: &'a Target,
    context: Vec<Fact>,
    notes: Vec<Note>,
}

/// The answer to `q` for the request `req`: decided with a trace when the model `text` is given
/// (reason, near misses, `explain`), on the fast path otherwise.
fn answer_to(
    req: &crate::request::Request,
    parts: Parts<'_>,
    q: &CheckQuestion,
    text: Option<&str>,
    condition: Option<ConditionView>,
) -> CheckAnswer {
    let (policies, resource) = (&parts.identity.policies, &parts.target.resource_policies);
    let (decision, reason, near_misses, explain) = match text {
        Some(text) => {
            let trace = crate::eval::decide_explained(req, policies, resource);
            let explain = q.explain.then(|| explanation(&trace, text));
            let near_misses = trace.near_misses.clone();
            (trace.decision, Some(trace.reason), near_misses, explain)
        }
        None => (
            crate::eval::decide(req, policies, resource),
            None,
            Vec::new(),
            None,
        ),
    };
    CheckAnswer {
        principal: parts.identity.arn.clone(),
        action: q.action.clone(),
        resource: parts.target.resource.raw.clone(),
        decision,
        allowed: decision == Decision::Allowed,
        reason,
        condition,
        allowed_if: None,
        near_misses,
        context: parts.context,
        notes: parts.notes,
        explain,
    }
}

/// A check with unknown keys: the request without them (named keys are dropped from what the
/// question gives and iamsim assumes), and the condition under which it is allowed.
fn conditional(
    identity: &crate::access::Identity,
    target: &Target,
    assumptions: &Assumptions,
    q: &CheckQuestion,
    text: Option<&str>,
    mut context: Vec<Fact>,
    notes: Vec<Note>,
) -> Result<CheckAnswer, Diagnostic> {
    let unknown = UnknownKeys::from_names(&q.unknown);
    neither_given_nor_unknown(&q.unknown, &q.given.context)?;
    let mut req = request_for(identity, target, assumptions);
    for key in &unknown.keys {
        req.context.remove(key);
    }
    context.retain(|f| !unknown.keys.contains(&f.key.to_lowercase()));
    let condition = condition_of(
        identity,
        true,
        &req,
        &target.resource_policies,
        &unknown,
        q.unknown.clone(),
    )
    .map_err(|_| condition_too_large())?;
    let parts = Parts {
        identity,
        target,
        context,
        notes,
    };
    Ok(answer_to(&req, parts, q, text, Some(condition)))
}

/// A key both given a value and left unknown is an error: the question would contradict itself.
pub(super) fn neither_given_nor_unknown(
    unknown: &[String],
    given: &crate::context::Context,
) -> Result<(), Diagnostic> {
    match unknown
        .iter()
        .enumerate()
        .find(|(_, k)| *k != "*" && given.contains(k))
    {
        Some((i, key)) => Err(Diagnostic {
            severity: crate::diag::Severity::Error,
            code: "unknown-and-given",
            message: format!("context key `{key}` is both given and unknown"),
            hint: Some("give the key a value in `context`, or leave it unknown, not both".into()),
            path: format!("/unknown/{i}"),
            span: None,
        }),
        None => Ok(()),
    }
}

/// A condition grew past what can be stated exactly: an error, never a guess.
pub(super) fn condition_too_large() -> Diagnostic {
    Diagnostic {
        severity: crate::diag::Severity::Error,
        code: "condition-too-large",
        message: format!(
            "the condition has more than {} alternatives and cannot be stated exactly",
            crate::partial::MAX_TERMS
        ),
        hint: Some("leave fewer keys unknown (name them instead of `*`)".into()),
        path: "/unknown".into(),
        span: None,
    }
}

fn explanation(trace: &Trace, text: &str) -> Explanation {
    let lines = LineIndex::new(text);
    let statements = trace
        .statements
        .iter()
        .map(|hit| {
            let source = locate(hit, text, &lines);
            LocatedStatement {
                hit: hit.clone(),
                in_model: source.is_some(),
                line: source.as_ref().map(|s| s.0),
                column: source.as_ref().map(|s| s.1),
                end_line: source.as_ref().map(|s| s.2),
                text: source.map(|s| s.3),
            }
        })
        .collect();
    Explanation {
        same_account: trace.same_account,
        policy_types: trace.policy_types.clone(),
        statements,
        missing_context_values: trace.missing_context_values.clone(),
    }
}

/// Where a statement is in the model text: policies iamsim adds itself have JSON paths outside
/// the model (`/Statement/…`) and no source there.
fn locate(hit: &StatementHit, text: &str, lines: &LineIndex) -> Option<(u32, u32, u32, String)> {
    if hit.path.starts_with("/Statement") {
        return None;
    }
    let source = text.get(hit.start as usize..hit.end as usize)?;
    if !source.starts_with('{') {
        return None;
    }
    let start = lines.line_col(hit.start);
    let end = lines.line_col(hit.end);
    Some((start.line, start.column, end.line, source.to_owned()))
}
