//! What to ask a resource policy: the actions and concrete resources its Allow statements could
//! grant, so that each outside caller is decided on requests that can match.

use crate::catalog::Catalog;
use crate::policy::{Polarity, Statement};

/// The actions a statement could grant on a resource of service `prefix`, wildcards expanded.
pub(super) fn candidate_actions(st: &Statement, prefix: &str) -> Vec<String> {
    let catalog = Catalog::global();
    let Some(clause) = &st.action else {
        return Vec::new();
    };
    let patterns: Vec<String> = match clause.polarity {
        Polarity::Listed => clause.items.iter().map(|a| a.value.clone()).collect(),
        Polarity::AllExcept => vec![format!("{prefix}:*")],
    };
    let mut out: Vec<String> = Vec::new();
    for p in patterns {
        let p = if p == "*" { format!("{prefix}:*") } else { p };
        let Some((svc, _)) = p.split_once(':') else {
            continue;
        };
        if !svc.eq_ignore_ascii_case(prefix) {
            continue;
        }
        if p.contains(['*', '?']) {
            out.extend(
                catalog
                    .expand_action_pattern(&p)
                    .iter()
                    .map(|a| a.full_name()),
            );
        } else {
            out.push(p);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Concrete resources a statement could name: the resource itself and, for each Resource entry
/// under it, the entry with its wildcards filled in (S3 objects are under their bucket).
pub(super) fn candidate_resources(st: &Statement, arn: &str) -> Vec<String> {
    let mut out = vec![arn.to_owned()];
    if arn.starts_with("arn:aws:s3:::") && !arn.contains('/') {
        out.push(format!("{arn}/iamsim-external"));
    }
    let listed = st
        .resource
        .as_ref()
        .filter(|r| r.polarity == Polarity::Listed)
        .map_or(&[][..], |r| r.items.as_slice());
    for entry in listed {
        let v = &entry.value;
        if v.contains("${") || !v.starts_with(arn) {
            continue;
        }
        let filled = v.replace(['*', '?'], "x");
        if !out.contains(&filled) {
            out.push(filled);
        }
    }
    out
}
