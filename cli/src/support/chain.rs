//! Human rendering of access-path hops and their flips, shared by `paths` and `who-can`.

use super::style::Style;
use iamsim_core::access::{Flip, Hop};
use iamsim_core::eval::Decision;
use iamsim_core::query::{Fact, FactSource, Note};

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
    // An escalation technique: which, and what it acts on.
    if hop.kind != iamsim_core::access::ASSUME {
        line.push_str(&format!(" by {}", hop.kind));
        if let Some(via) = hop.via.as_deref().filter(|v| *v != hop.role) {
            line.push_str(&format!(" on {via}"));
        }
    }
    if !hop.requires.is_empty() {
        let pairs: Vec<String> = hop
            .requires
            .iter()
            .map(|r| format!("{}={}", r.key, r.value))
            .collect();
        line.push_str(&format!(" with {}", pairs.join(", ")));
    }
    if !hop.flips.is_empty() {
        let flips: Vec<String> = hop.flips.iter().map(flip_text).collect();
        line.push_str(&format!(" {}", flips.join("; ")));
    }
    line
}

/// The "context:" line of an answer (given keys, then what iamsim assumed and why) and its notes.
pub fn context_lines(context: &[Fact], notes: &[Note], style: Style) -> String {
    let mut out = String::new();
    let given: Vec<String> = context
        .iter()
        .filter(|f| f.source == FactSource::Given)
        .map(Fact::pair)
        .collect();
    if !given.is_empty() {
        out.push_str(&style.dim(&format!("  given context: {}", given.join(", "))));
        out.push('\n');
    }
    let assumed: Vec<String> = context
        .iter()
        .filter(|f| f.source != FactSource::Given)
        .map(|f| format!("{} ({})", f.pair(), f.source.describe()))
        .collect();
    if !assumed.is_empty() {
        out.push_str(&style.dim(&format!("  assumed context: {}", assumed.join(", "))));
        out.push('\n');
    }
    for note in notes {
        out.push_str(&style.dim(&format!("  note: {}", note.describe())));
        out.push('\n');
    }
    out
}

/// The "users … MFA" line of a search answer.
pub fn mfa_line(mfa: bool) -> String {
    format!(
        "  users {} MFA",
        if mfa { "signed in with" } else { "without" }
    )
}
