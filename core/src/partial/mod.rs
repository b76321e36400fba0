//! Partial evaluation: "under which conditions would this be allowed?" (issue #18).
//!
//! Any context key may be left unknown. The decision is then `Allowed`, `Denied` or
//! `Conditional` on a formula over the unknown keys: an OR of ANDs of condition tests taken from
//! the policies, each test pointing at the statements it comes from (docs/conditional.md).
//!
//! Exactness is the requirement: for every value of the unknown keys — absent, one value, several
//! — the formula gives the concrete engine's decision. It holds by construction (each test is
//! evaluated by the engine's condition code; the flow's conclusion is the engine's own
//! `eval::conclude`) and is checked by the property test `tests/tests/partial_exact.rs`.

mod decide;
mod formula;
mod shape;
mod simplify;
mod test;
mod view;

pub use decide::{decide_partial, PartialDecision};
pub(crate) use formula::MAX_TERMS;
pub use formula::{Formula, Lit, Term, TooLarge};
pub use test::{Test, TestKind, TestSource, Tests};
pub use view::{ConditionView, LiteralView, Outcome, TermView};

use crate::context::Context;

/// The keys left unknown: named keys, and maybe every key the request does not fix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownKeys {
    /// Every key the request's context does not hold (`--unknown '*'`).
    pub all_unfixed: bool,
    /// Named keys, lowercased (unknown even when the context holds them).
    pub keys: Vec<String>,
    /// Keys, lowercased, that `*` leaves out although the request lacks them: the caller
    /// cannot carry them (the MFA keys of a caller that cannot sign in with MFA, [`Self::without_mfa`]).
    /// A named key stays unknown.
    pub absent: Vec<String>,
}

impl UnknownKeys {
    /// From the names a question gives: `*` means every key the request does not fix.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> UnknownKeys {
        let mut out = UnknownKeys::default();
        for n in names {
            let n = n.as_ref();
            if n == "*" {
                out.all_unfixed = true;
            } else {
                let lower = n.to_lowercase();
                if !out.keys.contains(&lower) {
                    out.keys.push(lower);
                }
            }
        }
        out
    }

    /// These keys, with the MFA keys held absent under `*`: for a caller that cannot sign in
    /// with MFA (a user without an MFA device, a role session), "allowed if
    /// aws:MultiFactorAuthPresent = true" would name a condition it can never meet.
    pub fn without_mfa(mut self) -> UnknownKeys {
        for key in ["aws:multifactorauthpresent", "aws:multifactorauthage"] {
            if !self.absent.iter().any(|k| k == key) {
                self.absent.push(key.to_owned());
            }
        }
        self
    }

    /// Whether no key is left unknown (the question is a concrete one).
    pub fn is_empty(&self) -> bool {
        !self.all_unfixed && self.keys.is_empty()
    }

    /// Whether the key (lowercased) is unknown for a request with this known context.
    pub fn is_unknown(&self, key_lower: &str, ctx: &Context) -> bool {
        self.keys.iter().any(|k| k == key_lower)
            || (self.all_unfixed
                && ctx.get(key_lower).is_none()
                && !self.absent.iter().any(|k| k == key_lower))
    }
}

#[cfg(test)]
mod tests;
