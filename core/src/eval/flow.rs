//! AWS's evaluation flow (the reference, section 4.2):
//!
//! 0. `sts:GetCallerIdentity` by an authenticated caller is always allowed.
//! 1. An applicable Deny in any policy (SCP, RCP, resource, identity, boundary, session) wins.
//! 2. RCPs: AWS's RCPFullAWSAccess is implied at every level, so only their Denies matter.
//! 3. SCPs: every level from the root to the caller's account must allow.
//! 4. Callers without an AWS identity (service principals, anonymous, web-identity/SAML callers)
//!    are allowed exactly when the resource policy allows them.
//! 5. Same account: a resource policy naming the caller directly grants by itself; naming the
//!    role of a session (or the IAM user behind a federated session) grants within the boundary
//!    and session policy; otherwise identity ∧ boundary ∧ session — and IAM trust policies and KMS
//!    key policies must allow too.
//! 6. Cross account: identity side (identity ∧ boundary ∧ session) and resource side (any resource
//!    policy Allow naming the caller) must both allow.

use super::policies::{CallerPolicies, ResourcePolicies};
use super::statement::{evaluate_all, evaluate_policy, NoTrace, PolicyEval, Tracer};
use super::trace::{Decision, PolicyType, PolicyTypeVerdict, Recorder, Trace, Verdict};
use crate::compile::MatchKind;
use crate::request::{PrincipalKind, Request};

/// Services whose resources RCPs restrict (AWS Organizations, "List of AWS services that support
/// RCPs"). RCPs attached for other services have no effect.
const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-idp",
    "logs",
    "dynamodb",
];

/// Whether RCPs apply to requests for this service prefix (lowercase).
pub(crate) fn rcp_applies_to_service(service: &str) -> bool {
    RCP_SERVICES.contains(&service)
}

/// Why the flow ended where it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    GetCallerIdentity,
    ExplicitDeny(PolicyType),
    ScpLevelWithoutAllow(usize),
    RootCannotAssumeRole,
    ResourcePolicyGrant,
    NoResourcePolicyGrant,
    SameAccountDirect,
    SameAccountViaEntity,
    SameAccountIdentity,
    BoundaryBlocksAssume,
    TrustRequired,
    NoIdentityAllow,
    BoundaryDenies,
    SessionDenies,
    NoSessionPolicy,
    CrossAccountAllowed,
    CrossAccountNoResourceAllow,
    CrossAccountNoIdentityAllow,
}

/// What each policy type said; `None` = not applicable.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Evals {
    pub scp: Option<PolicyEval>,
    pub scp_failing_level: Option<usize>,
    pub rcp: Option<PolicyEval>,
    pub resource: Option<PolicyEval>,
    pub identity: Option<PolicyEval>,
    pub boundary: Option<PolicyEval>,
    pub session: Option<PolicyEval>,
}

/// Which policy types take part in a request's decision. Shared with partial evaluation
/// (`crate::partial`), which must weigh exactly the policies the concrete flow weighs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope {
    /// The caller has identity policies (and maybe a boundary and a session policy).
    pub identity_side: bool,
    /// A boundary applies (drives the `NotPrincipal` Deny quirk of resource policies).
    pub has_boundary: bool,
    pub scp_applies: bool,
    pub rcp_applies: bool,
}

pub(crate) fn scope(req: &Request, caller: &CallerPolicies, resource: &ResourcePolicies) -> Scope {
    let p = &req.principal;
    let identity_side = p.kind.has_identity_side();
    Scope {
        identity_side,
        has_boundary: identity_side && p.kind != PrincipalKind::Root && caller.boundary.is_some(),
        scp_applies: identity_side && !p.service_linked && !caller.scps.is_empty(),
        rcp_applies: !p.service_linked
            && !resource.rcps.is_empty()
            && rcp_applies_to_service(req.action.service()),
    }
}

/// Step 0: `sts:GetCallerIdentity` by an authenticated caller, allowed whatever the policies say.
pub(crate) fn always_allowed(req: &Request) -> bool {
    req.principal.kind != PrincipalKind::Anonymous
        && req.action.service() == "sts"
        && req.action.name() == "getcalleridentity"
}

struct Outcome {
    decision: Decision,
    reason: Reason,
    evals: Evals,
}

/// Decides a request (no trace, no allocation).
pub fn decide(req: &Request, caller: &CallerPolicies, resource: &ResourcePolicies) -> Decision {
    flow(req, caller, resource, &mut NoTrace).decision
}

/// Decides a request and explains the decision.
pub fn decide_explained(
    req: &Request,
    caller: &CallerPolicies,
    resource: &ResourcePolicies,
) -> Trace {
    let mut recorder = Recorder::default();
    let outcome = flow(req, caller, resource, &mut recorder);
    let p = &req.principal;
    Trace {
        decision: outcome.decision,
        reason: reason_text(outcome.reason, req, resource),
        same_account: p.account.as_ref().map(|_| req.same_account()),
        policy_types: verdicts(&outcome.evals, req, caller, resource),
        statements: recorder.hits,
        missing_context_values: recorder.missing,
        near_misses: if outcome.decision == Decision::Allowed {
            Vec::new()
        } else {
            recorder.near_misses
        },
    }
}

fn flow<T: Tracer>(
    req: &Request,
    caller: &CallerPolicies,
    resource: &ResourcePolicies,
    tracer: &mut T,
) -> Outcome {
    let p = &req.principal;
    let mut evals = Evals::default();
    let done = |decision, reason, evals| Outcome {
        decision,
        reason,
        evals,
    };

    if always_allowed(req) {
        return done(Decision::Allowed, Reason::GetCallerIdentity, evals);
    }

    let sc = scope(req, caller, resource);
    let Scope {
        identity_side,
        has_boundary,
        scp_applies,
        rcp_applies,
    } = sc;

    // 1. The explicit-deny sweep, in the order traces report it.
    let mut first_deny: Option<PolicyType> = None;
    let note_deny = |eval: &PolicyEval, ty: PolicyType, first: &mut Option<PolicyType>| {
        if eval.deny && first.is_none() {
            *first = Some(ty);
        }
    };
    macro_rules! early_exit {
        () => {
            if !T::ENABLED {
                if let Some(ty) = first_deny {
                    return done(Decision::ExplicitDeny, Reason::ExplicitDeny(ty), evals);
                }
            }
        };
    }
    if scp_applies {
        let mut all = PolicyEval::default();
        for (level, policies) in caller.scps.iter().enumerate() {
            let eval = evaluate_all(policies.iter().map(|a| &**a), req, has_boundary, tracer);
            if !eval.allow && evals.scp_failing_level.is_none() {
                evals.scp_failing_level = Some(level);
            }
            all = all.merge(eval);
            if !T::ENABLED && all.deny {
                break;
            }
        }
        note_deny(&all, PolicyType::Scp, &mut first_deny);
        evals.scp = Some(all);
        early_exit!();
    }
    if rcp_applies {
        let mut all = PolicyEval::default();
        for policies in &resource.rcps {
            all = all.merge(evaluate_all(
                policies.iter().map(|a| &**a),
                req,
                has_boundary,
                tracer,
            ));
        }
        note_deny(&all, PolicyType::Rcp, &mut first_deny);
        evals.rcp = Some(all);
        early_exit!();
    }
    if let Some(rbp) = &resource.resource {
        let eval = evaluate_policy(rbp, req, has_boundary, tracer);
        note_deny(&eval, PolicyType::Resource, &mut first_deny);
        evals.resource = Some(eval);
        early_exit!();
    }
    if identity_side {
        let eval = evaluate_all(
            caller.identity.iter().map(|a| &**a),
            req,
            has_boundary,
            tracer,
        );
        note_deny(&eval, PolicyType::Identity, &mut first_deny);
        evals.identity = Some(eval);
        early_exit!();
        if p.kind != PrincipalKind::Root {
            if let Some(b) = &caller.boundary {
                let eval = evaluate_policy(b, req, has_boundary, tracer);
                note_deny(&eval, PolicyType::Boundary, &mut first_deny);
                evals.boundary = Some(eval);
                early_exit!();
            }
            if let Some(s) = &caller.session {
                let eval = evaluate_policy(s, req, has_boundary, tracer);
                note_deny(&eval, PolicyType::Session, &mut first_deny);
                evals.session = Some(eval);
            }
        }
    }
    if let Some(ty) = first_deny {
        return done(Decision::ExplicitDeny, Reason::ExplicitDeny(ty), evals);
    }
    let (decision, reason) = conclude(req, sc, &evals);
    done(decision, reason, evals)
}

/// Steps 2 to 6, once no Deny applies: whether the allows of each policy type add up to a grant.
/// Partial evaluation calls it for each combination of the policy types' verdicts.
pub(crate) fn conclude(req: &Request, scope: Scope, evals: &Evals) -> (Decision, Reason) {
    let p = &req.principal;
    let identity_side = scope.identity_side;
    let scp_applies = scope.scp_applies;

    // 2. RCPs: RCPFullAWSAccess is implied at every level; nothing more to check.
    // 3. SCPs: every level must allow.
    if let Some(level) = evals.scp_failing_level.filter(|_| scp_applies) {
        return (Decision::ImplicitDeny, Reason::ScpLevelWithoutAllow(level));
    }
    if p.kind == PrincipalKind::Root && req.action.is_assume_role() {
        return (Decision::ImplicitDeny, Reason::RootCannotAssumeRole);
    }

    let rbp = evals.resource.unwrap_or_default();
    // 4. Callers without an AWS identity: only the resource policy can grant.
    if !identity_side {
        return if rbp.allow {
            (Decision::Allowed, Reason::ResourcePolicyGrant)
        } else {
            (Decision::ImplicitDeny, Reason::NoResourcePolicyGrant)
        };
    }

    let identity_allows = p.kind == PrincipalKind::Root || evals.identity.is_some_and(|e| e.allow);
    let boundary_ok = evals.boundary.is_none_or(|e| e.allow);
    let session_ok = match p.kind {
        // A GetFederationToken session without a session policy can do nothing by itself.
        PrincipalKind::FederatedUser => evals.session.is_some_and(|e| e.allow),
        _ => evals.session.is_none_or(|e| e.allow),
    };
    let session_reason = if p.kind == PrincipalKind::FederatedUser && evals.session.is_none() {
        Reason::NoSessionPolicy
    } else {
        Reason::SessionDenies
    };

    if req.same_account() {
        // 5a. Direct grant: the caller's own ARN (or `*`). For a trust policy, a permissions
        // boundary must still allow sts:AssumeRole (documented for users; applied to all callers).
        if rbp.allow_kinds.contains(MatchKind::Direct) {
            return if req.action.is_trust_action() && !boundary_ok {
                (Decision::ImplicitDeny, Reason::BoundaryBlocksAssume)
            } else {
                (Decision::Allowed, Reason::SameAccountDirect)
            };
        }
        // 5b. The role of a session, or the IAM user of a federated session.
        if rbp.allow_kinds.contains(MatchKind::ViaEntity) && boundary_ok && session_ok {
            return (Decision::Allowed, Reason::SameAccountViaEntity);
        }
        // 5c. Identity policies, within boundary and session policy; trust and key policies
        // must trust the caller or its account even in the same account.
        let trust_required = requires_resource_trust(req);
        if identity_allows && boundary_ok && session_ok && (!trust_required || rbp.allow) {
            return (Decision::Allowed, Reason::SameAccountIdentity);
        }
        let reason = if trust_required && !rbp.allow {
            Reason::TrustRequired
        } else if !identity_allows {
            Reason::NoIdentityAllow
        } else if !boundary_ok {
            Reason::BoundaryDenies
        } else {
            session_reason
        };
        return (Decision::ImplicitDeny, reason);
    }

    // 6. Cross account: both sides.
    if identity_allows && boundary_ok && session_ok && rbp.allow {
        return (Decision::Allowed, Reason::CrossAccountAllowed);
    }
    let reason = if !rbp.allow {
        Reason::CrossAccountNoResourceAllow
    } else if !identity_allows {
        Reason::CrossAccountNoIdentityAllow
    } else if !boundary_ok {
        Reason::BoundaryDenies
    } else {
        session_reason
    };
    (Decision::ImplicitDeny, reason)
}

/// IAM role trust policies and KMS key policies must allow a caller even in its own account.
fn requires_resource_trust(req: &Request) -> bool {
    if req.action.is_trust_action() {
        return true;
    }
    req.action.service() == "kms"
        && req
            .resource
            .arn()
            .is_some_and(|a| a.service == "kms" && a.resource.starts_with("key/"))
}

fn resource_policy_name(req: &Request) -> &'static str {
    if req.action.is_trust_action() {
        return "trust policy";
    }
    match req.resource.arn().map(|a| a.service) {
        Some("s3") => "bucket policy",
        Some("kms") => "key policy",
        Some("sqs") => "queue policy",
        Some("sns") => "topic policy",
        Some("lambda") => "function policy",
        Some("secretsmanager") => "secret policy",
        Some("ecr") => "repository policy",
        _ => "resource-based policy",
    }
}

fn reason_text(reason: Reason, req: &Request, resource: &ResourcePolicies) -> String {
    let action = &req.action.raw;
    let res = &req.resource.raw;
    let owner = req.owner_account().unwrap_or("the resource's account");
    let caller = &req.principal.arn;
    let rp = resource_policy_name(req);
    match reason {
        Reason::GetCallerIdentity => "sts:GetCallerIdentity is always allowed for an authenticated caller".into(),
        Reason::ExplicitDeny(ty) => format!("{} explicitly denies {action}", ty.describe()),
        Reason::ScpLevelWithoutAllow(level) => format!(
            "no service control policy at level {level} of the organization ({}) allows {action}",
            scp_level_name(level)
        ),
        Reason::RootCannotAssumeRole => "the root user cannot assume roles".into(),
        Reason::ResourcePolicyGrant => format!("the {rp} allows {caller} to call {action}"),
        Reason::NoResourcePolicyGrant => match resource.resource {
            Some(_) => format!("nothing in the {rp} allows {caller} to call {action} on {res}"),
            None => format!("{caller} has no AWS identity, and {res} has no {rp} that could allow {action}"),
        },
        Reason::SameAccountDirect => format!("the {rp} names {caller} directly, which grants {action} by itself in the same account"),
        Reason::SameAccountViaEntity => format!("the {rp} names the caller's role (or user), and the boundary and session policy allow {action}"),
        Reason::SameAccountIdentity => format!("an identity-based policy allows {action} on {res}"),
        Reason::BoundaryBlocksAssume => format!("the {rp} names the caller, but the permissions boundary does not allow {action}"),
        Reason::TrustRequired => format!("the {rp} of {res} does not allow the caller, and it must even in the same account"),
        Reason::NoIdentityAllow => format!("nothing in the caller's identity-based policies allows {action} on {res}"),
        Reason::BoundaryDenies => format!("the permissions boundary does not allow {action}"),
        Reason::SessionDenies => format!("the session policy does not allow {action}"),
        Reason::NoSessionPolicy => "a federated-user session without a session policy has no permissions of its own".into(),
        Reason::CrossAccountAllowed => format!("the caller's identity side allows {action} and the {rp} in {owner} allows the caller"),
        Reason::CrossAccountNoResourceAllow => match resource.resource {
            Some(_) => format!("cross-account access needs the {rp} in {owner} to allow the caller, and it does not"),
            None => format!("cross-account access needs a {rp} in {owner} that allows the caller, and {res} has none"),
        },
        Reason::CrossAccountNoIdentityAllow => format!(
            "the {rp} in {owner} allows, but nothing in the caller's identity-based policies allows {action}"
        ),
    }
}

fn scp_level_name(level: usize) -> &'static str {
    match level {
        0 => "the root",
        _ => "an OU or the account",
    }
}

fn verdict_of(eval: Option<PolicyEval>) -> Verdict {
    match eval {
        None => Verdict::NotApplicable,
        Some(e) if e.deny => Verdict::Deny,
        Some(e) if e.allow => Verdict::Allow,
        Some(_) => Verdict::NoMatch,
    }
}

fn verdicts(
    evals: &Evals,
    req: &Request,
    caller: &CallerPolicies,
    resource: &ResourcePolicies,
) -> Vec<PolicyTypeVerdict> {
    let p = &req.principal;
    let entry = |policy_type, verdict, detail: Option<String>| PolicyTypeVerdict {
        policy_type,
        verdict,
        detail,
    };
    let scp_detail = if evals.scp.is_some() {
        evals
            .scp_failing_level
            .map(|l| format!("level {l} has no Allow that matches"))
    } else if p.service_linked {
        Some("service-linked roles are not restricted by SCPs".into())
    } else if !p.kind.has_identity_side() {
        Some("SCPs restrict only principals of member accounts".into())
    } else if caller.scps.is_empty() {
        Some("no organization (or the management account)".into())
    } else {
        None
    };
    let mut scp_verdict = verdict_of(evals.scp);
    if evals.scp.is_some_and(|e| !e.deny) && evals.scp_failing_level.is_some() {
        scp_verdict = Verdict::NoMatch;
    }
    let rcp_detail = if evals.rcp.is_some() {
        Some("RCPFullAWSAccess is implied at every level".into())
    } else if resource.rcps.is_empty() {
        Some("no RCPs for the resource's account".into())
    } else if p.service_linked {
        Some("service-linked roles are not restricted by RCPs".into())
    } else {
        Some(format!("RCPs do not apply to {}", req.action.service()))
    };
    let rcp_verdict = match evals.rcp {
        Some(e) if !e.deny => Verdict::Allow,
        other => verdict_of(other),
    };
    let identity_detail = match p.kind {
        PrincipalKind::Root => Some("the root user's identity side allows everything".into()),
        k if !k.has_identity_side() => Some("the caller has no identity-based policies".into()),
        _ => None,
    };
    let identity_verdict = match (p.kind, evals.identity) {
        (PrincipalKind::Root, Some(e)) if !e.deny => Verdict::Allow,
        (_, e) => verdict_of(e),
    };
    vec![
        entry(PolicyType::Scp, scp_verdict, scp_detail),
        entry(PolicyType::Rcp, rcp_verdict, rcp_detail),
        entry(
            PolicyType::Resource,
            verdict_of(evals.resource),
            evals
                .resource
                .is_none()
                .then(|| "no resource-based policy".into()),
        ),
        entry(PolicyType::Identity, identity_verdict, identity_detail),
        entry(PolicyType::Boundary, verdict_of(evals.boundary), None),
        entry(PolicyType::Session, verdict_of(evals.session), None),
    ]
}
