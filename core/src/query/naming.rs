//! The one rule for naming principals, roles and resources in questions: an ARN, a session ARN,
//! `ACCOUNT:user/NAME`, `ACCOUNT:role/NAME`, or a name unique in the model, with "did you mean".

use crate::access::{Identity, IdentityKind};
use crate::assume::RoleDef;
use crate::diag::Diagnostic;
use crate::model::{LookupError, Model};

/// A lookup error as a diagnostic on the question's `field`.
pub(crate) fn lookup_error(code: &'static str, e: LookupError, field: &str) -> Diagnostic {
    let mut d = Diagnostic {
        severity: crate::diag::Severity::Error,
        code,
        message: e.message,
        hint: None,
        path: format!("/{field}"),
        span: None,
    };
    d.hint = match e.suggestions.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [first, rest @ ..] => Some(format!(
            "did you mean `{first}`? (or {})",
            rest.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    d
}

/// The identity (user, or a session of a role) that `name` names.
pub fn identity<'m>(model: &'m Model, name: &str, field: &str) -> Result<&'m Identity, Diagnostic> {
    let i = model
        .find_identity(name)
        .map_err(|e| lookup_error("unknown-principal", e, field))?;
    model.world.identities.get(i).ok_or_else(|| {
        lookup_error(
            "unknown-principal",
            LookupError {
                message: format!("identity `{name}` is missing from the model"),
                suggestions: Vec::new(),
            },
            field,
        )
    })
}

/// The index of the identity `name` names.
pub fn identity_index(model: &Model, name: &str, field: &str) -> Result<usize, Diagnostic> {
    model
        .find_identity(name)
        .map_err(|e| lookup_error("unknown-principal", e, field))
}

/// The role that `name` names (a user is an error).
pub fn role<'m>(model: &'m Model, name: &str, field: &str) -> Result<&'m RoleDef, Diagnostic> {
    let identity = identity(model, name, field)?;
    let role = match identity.kind {
        IdentityKind::Role { role } => model.world.roles.get(role),
        IdentityKind::User { .. } => None,
    };
    role.ok_or_else(|| {
        lookup_error(
            "not-a-role",
            LookupError {
                message: format!("`{name}` is a user, not a role"),
                suggestions: Vec::new(),
            },
            field,
        )
    })
}

/// The resource ARN a question means: for `sts:AssumeRole*` a role may be named like a principal
/// (`222222222222:role/Deploy`, `Deploy`); anything else is taken as written.
pub fn resource(model: &Model, action: &str, resource: &str) -> Result<String, Diagnostic> {
    let assume = action.to_ascii_lowercase().starts_with("sts:assumerole");
    if assume && !resource.starts_with("arn:") && resource != "*" {
        return Ok(role(model, resource, "resource")?.arn.clone());
    }
    Ok(resource.to_owned())
}

/// A web-identity claim key as a condition key: a key without `:` is prefixed with the provider
/// (`sub` → `token.actions.githubusercontent.com:sub`).
pub(crate) fn claim_key(provider_url: &str, claim: &str) -> String {
    if claim.contains(':') {
        claim.to_owned()
    } else {
        format!("{provider_url}:{claim}")
    }
}

/// A question that names no caller (every front end names one: this is a guard, not a path).
pub(crate) fn no_caller() -> Diagnostic {
    Diagnostic {
        severity: crate::diag::Severity::Error,
        code: "missing-field",
        message: "the question names no caller".into(),
        hint: Some("give exactly one caller: `principal`, `webIdentity` or `saml`".into()),
        path: String::new(),
        span: None,
    }
}
