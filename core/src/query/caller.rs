//! The one rule for the context of a caller's request: what the question gives, then what the
//! identity carries (organization keys, principal tags), then MFA.

use crate::access::{Identity, IdentityKind};
use crate::context::Context;
use serde::Serialize;

const MFA_PRESENT: &str = "aws:MultiFactorAuthPresent";
const MFA_AGE: &str = "aws:MultiFactorAuthAge";
/// The MFA age assumed for `--mfa`: a sign-in five minutes ago.
pub(crate) const ASSUMED_MFA_AGE: &str = "300";

/// Something the answer tells about how the question was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Note {
    /// `--mfa` for a user without an MFA device: the user cannot sign in with MFA.
    MfaWithoutDevice,
    /// `--mfa` for a role: a role session carries no MFA of its own.
    MfaForRole,
    /// MFA keys given in the context for a user without an MFA device (kept as given).
    MfaKeysWithoutDevice,
}

impl Note {
    /// In words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Note::MfaWithoutDevice => "--mfa ignored: the user has no MFA device",
            Note::MfaForRole => "--mfa ignored: a role session carries no MFA of its own",
            Note::MfaKeysWithoutDevice => {
                "the context gives MFA keys, but the user has no MFA device in the model"
            }
        }
    }
}

/// Whether the caller signs in with MFA: `--mfa` counts only for users with a device.
pub(crate) fn signs_in_with_mfa(identity: &Identity, mfa: bool) -> bool {
    mfa && can_carry_mfa(identity, true)
}

/// Whether a request by `identity` can carry MFA at all: only a user with an MFA device making
/// its own request (`first`); a role session carries none of its own, a chained session none.
pub(crate) fn can_carry_mfa(identity: &Identity, first: bool) -> bool {
    first && matches!(identity.kind, IdentityKind::User { mfa_enrolled: true })
}

/// The condition under which `req`, a request `identity` makes itself (`first`: as the first
/// caller of a chain), is allowed with the `unknown` keys open (`names`: as the question named
/// them). Under `*` the MFA keys stay absent for a caller that cannot carry MFA: a condition it
/// can never meet is no answer. The one rule of check's `unknown`, its `allowedIf`, and who-can's
/// conditions.
pub(crate) fn condition_of(
    identity: &Identity,
    first: bool,
    req: &crate::request::Request,
    resource: &crate::eval::ResourcePolicies,
    unknown: &crate::partial::UnknownKeys,
    names: Vec<String>,
) -> Result<crate::partial::ConditionView, crate::partial::TooLarge> {
    let without_mfa;
    let keys = if can_carry_mfa(identity, first) {
        unknown
    } else {
        without_mfa = unknown.clone().without_mfa();
        &without_mfa
    };
    let partial = crate::partial::decide_partial(req, keys, &identity.policies, resource)?;
    Ok(crate::partial::ConditionView::new(&partial, names))
}

/// The context of a request by `identity`. `first`: the identity makes the request itself (the
/// first call of a chain); otherwise it is a session obtained by role chaining, which carries no
/// MFA (AWS: credentials returned by AssumeRole carry no MFA information onward).
///
/// Keys the question gives always win: they are facts the user states about the request
/// (`aws:MultiFactorAuthPresent=true` given for a first caller is kept, exactly as `--mfa`).
pub(crate) fn caller_context(
    identity: &Identity,
    given: &Context,
    mfa: bool,
    first: bool,
) -> Context {
    let mut context = Context::with_capacity(given.len() + identity.carried().len() + 8);
    context.insert_absent_from(given);
    context.insert_absent_from(identity.carried());
    if !first {
        context.remove(MFA_PRESENT);
        context.remove(MFA_AGE);
    } else if signs_in_with_mfa(identity, mfa) && !given.contains(MFA_PRESENT) {
        context.set(MFA_PRESENT, "true");
        if !context.contains(MFA_AGE) {
            context.set(MFA_AGE, ASSUMED_MFA_AGE);
        }
    }
    context
}

/// The MFA keys `--mfa` adds for `identity` (for the answer's assumed context).
pub(crate) fn mfa_facts(identity: &Identity, given: &Context, mfa: bool) -> Vec<(String, String)> {
    if !signs_in_with_mfa(identity, mfa) || given.contains(MFA_PRESENT) {
        return Vec::new();
    }
    let mut out = vec![(MFA_PRESENT.to_owned(), "true".to_owned())];
    if !given.contains(MFA_AGE) {
        out.push((MFA_AGE.to_owned(), ASSUMED_MFA_AGE.to_owned()));
    }
    out
}

/// What the answer should say about MFA for this caller.
pub(crate) fn caller_notes(identity: &Identity, given: &Context, mfa: bool) -> Vec<Note> {
    let mut notes = Vec::new();
    match identity.kind {
        IdentityKind::User {
            mfa_enrolled: false,
        } => {
            if mfa {
                notes.push(Note::MfaWithoutDevice);
            }
            if given.contains(MFA_PRESENT) || given.contains(MFA_AGE) {
                notes.push(Note::MfaKeysWithoutDevice);
            }
        }
        IdentityKind::Role { .. } if mfa => notes.push(Note::MfaForRole),
        _ => {}
    }
    notes
}
