//! `--context key=value` flags and the context every request of an identity carries.

use super::error::CliError;
use iamsim_core::access::{Identity, IdentityKind};
use iamsim_core::context::Context;

/// Parses `key=value` pairs (a key given twice becomes multi-valued).
pub fn parse_pairs(pairs: &[String], flag: &str) -> Result<Vec<(String, String)>, CliError> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
            _ => Err(CliError::Usage(format!(
                "{flag} `{pair}` is not of the form key=value"
            ))),
        })
        .collect()
}

/// Builds a context from pairs; repeated keys become multi-valued keys.
pub fn context_of(pairs: &[(String, String)]) -> Context {
    let mut context = Context::new();
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in pairs {
        if seen.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        seen.push(key);
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .collect();
        match values.as_slice() {
            [one] => context.set(key, *one),
            many => context.set_multi(key, many.iter().copied()),
        }
    }
    context
}

/// What the CLI added to the request context on the user's behalf ("assumed context").
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Assumed {
    pub entries: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// The context of a request by `identity`: the given facts, then what the identity carries
/// (org id, principal tags) and MFA when asked for and the user has a device. The same rules as
/// the access-path search, so `check` and `paths` agree.
pub fn identity_context(identity: &Identity, given: &Context, mfa: bool) -> (Context, Assumed) {
    let mut context = given.clone();
    let mut assumed = Assumed::default();
    for entry in identity.context.entries() {
        if !context.contains(&entry.key) {
            context.insert(&entry.key, entry.values.clone());
        }
    }
    for (k, v) in &identity.tags {
        let key = format!("aws:PrincipalTag/{k}");
        if !context.contains(&key) {
            context.set(&key, v.clone());
        }
    }
    if mfa {
        match identity.kind {
            IdentityKind::User { mfa_enrolled: true } => {
                context.set("aws:MultiFactorAuthPresent", "true");
                assumed
                    .entries
                    .push(("aws:MultiFactorAuthPresent".into(), "true".into()));
                if !context.contains("aws:MultiFactorAuthAge") {
                    context.set("aws:MultiFactorAuthAge", "300");
                    assumed
                        .entries
                        .push(("aws:MultiFactorAuthAge".into(), "300".into()));
                }
            }
            IdentityKind::User {
                mfa_enrolled: false,
            } => assumed
                .notes
                .push("--mfa ignored: the user has no MFA device".into()),
            IdentityKind::Role { .. } => assumed
                .notes
                .push("--mfa ignored: a role session carries no MFA of its own".into()),
        }
    }
    (context, assumed)
}
