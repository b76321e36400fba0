//! Lint: findings beyond the grammar, in four severities (error, security warning, warning,
//! suggestion), each with a stable code, a JSON path, a span and a hint.
//!
//! `lint_policy` is pure: a parsed [`Policy`], its [`PolicyKind`] and a [`LintConfig`] in, the
//! findings out. The rules live one family per file; `rules::RULES` lists them all (docs/lint.md).

mod account;
mod catalog_checks;
mod conditions;
mod config;
mod escalation;
mod hygiene;
mod least_privilege;
mod rules;
mod support;
mod trust;

#[cfg(test)]
mod tests;

pub use account::{lint_model, lint_model_with};
pub use config::{parse_lint_config, LintConfig, ParsedLintConfig};
pub(crate) use rules::rule_for;
pub use rules::Rule;
#[cfg(test)]
use rules::RULES;

use crate::catalog::Catalog;
use crate::diag::Diagnostic;
use crate::policy::{validate_policy, Policy, PolicyKind};

/// Every lint finding for `policy` read as a document of `kind`, with `config` applied, ordered
/// by position in the source.
pub(crate) fn lint_policy(
    policy: &Policy,
    kind: PolicyKind,
    config: &LintConfig,
) -> Vec<Diagnostic> {
    let catalog = Catalog::global();
    let cx = support::Cx::new(policy, kind, config, catalog);
    let mut out = Vec::new();
    // An empty catalog (it failed to load) would make every action unknown.
    if catalog.services().len() > 0 {
        catalog_checks::check(&cx, &mut out);
    }
    least_privilege::check(&cx, &mut out);
    trust::check(&cx, &mut out);
    escalation::check(&cx, &mut out);
    conditions::check(&cx, &mut out);
    hygiene::check(&cx, &mut out);
    let mut out = config.apply(out);
    sort_by_position(&mut out);
    out
}

/// The whole `validate` pipeline on one document: grammar, per-kind validation, then lint (only
/// when the document could be read), with `config` applied to all of it.
pub fn check_source(text: &str, kind: PolicyKind, config: &LintConfig) -> Vec<Diagnostic> {
    check_source_with(text, kind, config, &crate::limits::Limits::default())
}

/// [`check_source`] within the given limits (input size, nesting, statements).
pub fn check_source_with(
    text: &str,
    kind: PolicyKind,
    config: &LintConfig,
    limits: &crate::limits::Limits,
) -> Vec<Diagnostic> {
    let parsed = crate::policy::parse_policy_with(text, limits);
    let grammar_errors = parsed.has_errors();
    let mut diags = parsed.diagnostics;
    if let Some(policy) = &parsed.policy {
        // With grammar errors the policy is partial (unreadable statements are left out): keep the
        // element checks, but nothing that judges the policy as a whole.
        diags.extend(
            validate_policy(policy, kind, Some(text), "")
                .into_iter()
                .filter(|d| !(grammar_errors && d.code == "empty-policy")),
        );
        if !grammar_errors {
            diags.extend(lint_policy(policy, kind, config));
        }
    }
    let mut diags = config.apply(diags);
    sort_by_position(&mut diags);
    diags
}

/// Orders findings by where they start (stable, so one element's findings keep rule order).
fn sort_by_position(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.map_or(0, |s| s.start));
}
