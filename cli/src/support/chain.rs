//! Human rendering of access-path hops and their flips, shared by `paths` and `who-can`.

use super::style::Style;
use iamsim_core::access::{Flip, Hop};
use iamsim_core::context::Context;
use iamsim_core::eval::Decision;

/// What a flip means, in words: "needs sts:ExternalId=cust-7Q2", "needs aws:MultiFactorAuthPresent".
pub fn flip_text(flip: &Flip) -> String {
    match &flip.value {
        Some(v) => format!("needs {}={v}", flip.key),
        None => format!("needs {} ({} without it)", flip.key, flip.decision.as_str()),
    }
}

/// One hop on one line, with its flips.
pub fn hop_line(hop: &Hop, style: Style) -> String {
    let allowed = hop.decision == Decision::Allowed;
    let mut line = format!(
        "-> {} [{}]",
        style.bold(&hop.role),
        style.decision(allowed, hop.decision.as_str())
    );
    if !hop.flips.is_empty() {
        let flips: Vec<String> = hop.flips.iter().map(flip_text).collect();
        line.push_str(&format!(" {}", flips.join("; ")));
    }
    line
}

/// The given context as sorted `key=value` pairs (for the "assumed context" line and JSON).
pub fn context_pairs(context: &Context) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = context
        .entries()
        .map(|e| {
            let values: Vec<&str> = e.values.as_slice().iter().map(|v| v.raw.as_str()).collect();
            (e.key.clone(), values.join(","))
        })
        .collect();
    pairs.sort();
    pairs
}

/// The "assumed context" line: MFA, and every fact given.
pub fn assumed_line(mfa: bool, context: &Context) -> String {
    let mut parts = vec![format!(
        "users {} MFA",
        if mfa { "signed in with" } else { "without" }
    )];
    parts.extend(
        context_pairs(context)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}")),
    );
    format!("assumed context: {}", parts.join(", "))
}
