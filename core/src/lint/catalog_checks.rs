//! Checks against the AWS action catalog: unknown services, actions and condition keys, wildcard
//! patterns that match nothing, operator/key type mismatches, keys no action of the statement
//! supports, resource ARNs no action can act on, and wildcard-only actions given specific
//! resources.

use super::rules::*;
use super::support::*;
use crate::catalog::{
    Action, ConditionKey, ConditionKeyType, KeyOrigin, ResourceType, GLOBAL_CONDITION_KEYS,
};
use crate::context::FnvMap;
use crate::diag::{did_you_mean, Diagnostic};
use crate::policy::{Condition, OperatorFamily, Statement};
use std::cell::RefCell;
use std::rc::Rc;

/// Catalog entries seen, by address (identity).
type FnvSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<crate::context::Fnv>>;

pub(super) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    for st in &cx.policy.statements {
        // Each Action entry is expanded once; every check below reads these.
        let per_item = expand_items(cx, st);
        actions(cx, st, &per_item, out);
        let expanded = expand_listed(st, &per_item);
        for c in &st.conditions {
            condition(cx, st, c, expanded.as_deref(), out);
        }
        if let Some(actions) = &expanded {
            resources(st, actions, out);
        }
        wildcard_only(st, &per_item, out);
    }
    // Every finding here is only as current as the catalog: say which one.
    let date = catalog_date(cx);
    for d in out.iter_mut().skip(start) {
        d.message = format!("{} (action catalog of {date})", d.message);
    }
}

/// The day the embedded catalog's data was taken from AWS (`2026-09-26`).
pub(super) fn catalog_date(cx: &Cx<'_>) -> &'static str {
    let at = cx.catalog.source().updated_at;
    at.get(..10).unwrap_or(at)
}

/// The catalog actions of each Action / NotAction entry, by index (`*` expands to nothing here:
/// no check needs its 22,000 actions).
fn expand_items(cx: &Cx<'_>, st: &Statement) -> Vec<Rc<[Action<'static>]>> {
    let Some(clause) = &st.action else {
        return Vec::new();
    };
    clause
        .items
        .iter()
        .map(|item| match item.value.as_str() {
            "*" => Rc::from(Vec::new()),
            text => cx.expand(text),
        })
        .collect()
}

/// The catalog actions the statement's Action element names, when it lists actions, names no
/// `*`, and every entry resolves to at least one known action (otherwise nothing can be said).
/// In first-listed order, each once.
fn expand_listed(
    st: &Statement,
    per_item: &[Rc<[Action<'static>]>],
) -> Option<Vec<Action<'static>>> {
    let items = listed_actions(st)?;
    let mut all: Vec<Action<'static>> = Vec::new();
    let mut seen = FnvSet::default();
    for (item, found) in items.iter().zip(per_item) {
        if item.value == "*" || found.is_empty() {
            return None;
        }
        for a in found.iter() {
            // Actions are compared by identity (their catalog entry).
            if seen.insert(std::ptr::from_ref(a.data)) {
                all.push(*a);
            }
        }
    }
    Some(all)
}

fn actions(
    cx: &Cx<'_>,
    st: &Statement,
    per_item: &[Rc<[Action<'static>]>],
    out: &mut Vec<Diagnostic>,
) {
    let Some(clause) = &st.action else { return };
    for (i, item) in clause.items.iter().enumerate() {
        // An entry that expanded to some action names a known service, and a known action or a
        // pattern that matches one: nothing below could report it. AWS's large policies list
        // thousands of such entries, so they skip the text tests and catalog lookups.
        if per_item.get(i).is_some_and(|found| !found.is_empty()) {
            continue;
        }
        let text = item.value.as_str();
        // Shapes the grammar checks already report are left to them (a space: `action-whitespace`).
        let Some((prefix, name)) = text.split_once(':') else {
            continue;
        };
        if text == "*"
            || text.contains("${")
            || prefix.contains(['*', '?'])
            || name.is_empty()
            || text.contains(char::is_whitespace)
        {
            continue;
        }
        // Built only for a finding: AWS's large policies list thousands of clean entries.
        let path = || action_path(st, i);
        let Some(service) = cx.catalog.service(prefix) else {
            let d = UNKNOWN_SERVICE.at(
                format!("`{text}`: `{prefix}` is not an AWS service prefix"),
                path(),
                item.span,
            );
            let hint = cx.hint_for(text, || {
                let suggestions = cx.catalog.suggest_action(text);
                let services = cx.catalog.suggest_service(prefix);
                match (suggestions.first(), services.first()) {
                    (Some(a), _) => Some(format!("did you mean `{}`?", a.full_name())),
                    (None, Some(s)) => Some(format!("did you mean the service `{}`?", s.prefix())),
                    (None, None) => None,
                }
            });
            out.push(match hint {
                Some(h) => d.with_hint(h),
                None => d,
            });
            continue;
        };
        if name.contains(['*', '?']) {
            if per_item.get(i).is_none_or(|found| found.is_empty()) {
                out.push(
                    ACTION_PATTERN_MATCHES_NOTHING
                        .at(
                            format!("`{text}` matches no action of {}", service.name()),
                            path(),
                            item.span,
                        )
                        .with_hint(format!("the pattern's actions would never be allowed or denied; check the spelling against the `{}` actions", service.prefix())),
                );
            }
        } else if service.action(name).is_none() {
            let d = UNKNOWN_ACTION.at(
                format!("`{text}` is not an action of {}", service.name()),
                path(),
                item.span,
            );
            let hint = cx.hint_for(text, || {
                let suggestions: Vec<String> = cx
                    .catalog
                    .suggest_action(text)
                    .iter()
                    .map(|a| format!("`{}`", a.full_name()))
                    .collect();
                Some(if suggestions.is_empty() {
                    format!(
                        "the embedded catalog ({} {}) does not know it; if AWS added it recently, re-level `unknown-action` in the lint config",
                        cx.catalog.source().package,
                        cx.catalog.source().version
                    )
                } else {
                    format!("did you mean {}?", suggestions.join(" or "))
                })
            });
            out.push(match hint {
                Some(h) => d.with_hint(h),
                None => d,
            });
        }
    }
}

fn condition(
    cx: &Cx<'_>,
    st: &Statement,
    c: &Condition,
    expanded: Option<&[Action<'static>]>,
    out: &mut Vec<Diagnostic>,
) {
    let key = c.key.value.as_str();
    if key.is_empty() {
        return;
    }
    let path = || condition_path(st, c);
    let Some(found) = cx.catalog.condition_key(key) else {
        unknown_key(cx, key, path(), c, out);
        return;
    };
    let family = c.operator.value.base.family();
    if !compatible(family, found) {
        out.push(
            CONDITION_TYPE_MISMATCH
                .at(
                    format!(
                        "`{}` compares {}, but `{key}` is of type {}",
                        c.operator.value.base.name(),
                        family_noun(family),
                        found.key_type
                    ),
                    path(),
                    c.key.span,
                )
                .with_hint(format!("use {} operator", operator_for(found.key_type))),
        );
    }
    // Identity-provider keys (`saml:aud`) are declared under another service: their prefix is
    // not the owner, and which action they apply to is the provider's business.
    let KeyOrigin::Service(owner) = found.origin else {
        return;
    };
    let own_prefix = key
        .split_once(':')
        .is_some_and(|(p, _)| p.eq_ignore_ascii_case(owner));
    if let (true, Some(actions)) = (own_prefix, expanded) {
        if !actions.is_empty() && !actions.iter().any(|a| supports(*a, found.name)) {
            let what = match actions {
                [one] => format!("`{one}`"),
                _ => format!("any of the statement's {} actions", actions.len()),
            };
            out.push(
                CONDITION_KEY_NOT_APPLICABLE
                    .at(
                        format!("`{key}` does not apply to {what}, so the request never carries it"),
                        path(),
                        c.key.span,
                    )
                    .with_hint(
                        "a missing key makes the condition false (true for negated operators and IfExists)",
                    ),
            );
        }
    }
}

fn unknown_key(cx: &Cx<'_>, key: &str, path: String, c: &Condition, out: &mut Vec<Diagnostic>) {
    let Some((prefix, _)) = key.split_once(':') else {
        out.push(
            UNKNOWN_CONDITION_KEY
                .at(format!("`{key}` is not a condition key"), path, c.key.span)
                .with_hint("condition keys look like `aws:SourceIp` or `s3:prefix`"),
        );
        return;
    };
    let d = if prefix.eq_ignore_ascii_case("aws") {
        let names = GLOBAL_CONDITION_KEYS.iter().map(|g| g.name);
        let d = UNKNOWN_CONDITION_KEY.at(
            format!("`{key}` is not a global condition key"),
            path,
            c.key.span,
        );
        match did_you_mean(key, names) {
            Some(s) => d.with_hint(format!("did you mean `{s}`?")),
            None => d.with_hint("see AWS's list of global condition context keys"),
        }
    } else if let Some(service) = cx.catalog.service(prefix) {
        let names: Vec<&str> = service.condition_keys().map(|k| k.name).collect();
        let d = UNKNOWN_CONDITION_KEY.at(
            format!("`{key}` is not a condition key of {}", service.name()),
            path,
            c.key.span,
        );
        match did_you_mean(key, names.iter().copied()) {
            Some(s) => d.with_hint(format!("did you mean `{s}`?")),
            None => d,
        }
    } else if prefix.contains(['.', '/']) {
        // An identity provider's claim (`oidc.eks.….amazonaws.com/id/…:sub`): issuers are open-ended.
        return;
    } else {
        UNKNOWN_CONDITION_KEY.at(
            format!("`{key}`: `{prefix}` is not an AWS service prefix"),
            path,
            c.key.span,
        )
    };
    out.push(d);
}

/// Whether an operator family can compare values of the key's type. `Null` tests presence and
/// fits every key; ARN keys also take string operators (AWS documents both).
fn compatible(family: OperatorFamily, key: ConditionKey) -> bool {
    use ConditionKeyType as T;
    let t = key.key_type.element();
    match family {
        OperatorFamily::Null => true,
        OperatorFamily::String => matches!(t, T::String | T::Arn),
        OperatorFamily::Arn => t == T::Arn,
        // aws:EpochTime is documented as both a date and a number of seconds.
        OperatorFamily::Numeric => {
            t == T::Numeric || (t == T::Date && key.name.eq_ignore_ascii_case("aws:EpochTime"))
        }
        OperatorFamily::Date => t == T::Date,
        OperatorFamily::Bool => t == T::Bool,
        OperatorFamily::Ip => t == T::IpAddress,
        OperatorFamily::Binary => t == T::Binary,
    }
}

fn family_noun(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "strings",
        OperatorFamily::Numeric => "numbers",
        OperatorFamily::Date => "dates",
        OperatorFamily::Bool => "booleans",
        OperatorFamily::Binary => "binary values",
        OperatorFamily::Ip => "IP addresses",
        OperatorFamily::Arn => "ARNs",
        OperatorFamily::Null => "presence",
    }
}

fn operator_for(t: ConditionKeyType) -> &'static str {
    use ConditionKeyType as T;
    match t.element() {
        T::String => "a String (`StringEquals`, `StringLike` …)",
        T::Arn => "an ARN (`ArnLike` …) or String",
        T::Bool => "the `Bool`",
        T::Numeric => "a Numeric (`NumericLessThan` …)",
        T::Date => "a Date (`DateGreaterThan` …)",
        T::IpAddress => "an `IpAddress` / `NotIpAddress`",
        T::Binary => "the `BinaryEquals`",
        _ => "a matching",
    }
}

/// Whether the action supports the declared key `name`, at the action itself or through one of
/// its resource types (including alternative scenarios).
fn supports(a: Action<'static>, name: &str) -> bool {
    let eq = |k: ConditionKey| k.name.eq_ignore_ascii_case(name);
    let via_resource = |r: crate::catalog::ActionResource<'static>| {
        r.condition_keys().any(eq)
            || r.resource_type()
                .is_some_and(|t| t.condition_keys().any(eq))
    };
    a.condition_keys().any(eq)
        || a.resource_types().any(via_resource)
        || a.scenarios().any(|s| s.resource_types().any(via_resource))
}

fn resource_types(actions: &[Action<'static>]) -> Vec<ResourceType<'static>> {
    let mut types: Vec<ResourceType<'static>> = Vec::new();
    let mut seen = FnvSet::default();
    let mut add = |r: crate::catalog::ActionResource<'static>| {
        if let Some(t) = r.resource_type() {
            // Types are compared by identity (their catalog entry), in first-seen order.
            if seen.insert(std::ptr::from_ref(t.data)) {
                types.push(t);
            }
        }
    };
    for a in actions {
        a.resource_types().for_each(&mut add);
        a.scenarios()
            .for_each(|s| s.resource_types().for_each(&mut add));
    }
    types
}

/// At most this many ARNs are remembered per thread; then the memo starts over.
const ARNS_KEPT: usize = 1 << 14;

/// A resource type's ARN template, by address and length (the embedded text never moves).
type TemplateId = (usize, usize);

thread_local! {
    /// Whether a resource type (by its ARN template's address) can name an ARN, by ARN: the
    /// automaton search is costly, and AWS's policies repeat the same ARNs against the same
    /// types in every version.
    static FITS: RefCell<FnvMap<String, Vec<(TemplateId, bool)>>> = RefCell::new(FnvMap::default());
}

/// `t.can_match_arn(arn)`, remembered per thread (the answer depends on the two texts alone).
fn fits(t: &ResourceType<'static>, arn: &str) -> bool {
    let template = t.arn_template();
    let at: TemplateId = (template.as_ptr() as usize, template.len());
    let known = FITS.with(|memo| {
        memo.borrow()
            .get(arn)
            .and_then(|seen| seen.iter().find(|(k, _)| *k == at).map(|(_, fit)| *fit))
    });
    if let Some(fit) = known {
        return fit;
    }
    let fit = t.can_match_arn(arn);
    FITS.with(|memo| {
        let mut map = memo.borrow_mut();
        if map.len() >= ARNS_KEPT && !map.contains_key(arn) {
            map.clear();
        }
        map.entry(arn.to_owned()).or_default().push((at, fit));
    });
    fit
}

fn resources(st: &Statement, actions: &[Action<'static>], out: &mut Vec<Diagnostic>) {
    let Some(items) = listed_resources(st) else {
        return;
    };
    let typed: Vec<Action<'static>> = actions
        .iter()
        .copied()
        .filter(|a| !a.is_wildcard_only())
        .collect();
    if typed.is_empty() {
        return;
    }
    let types = resource_types(&typed);
    for (i, item) in items.iter().enumerate() {
        let text = item.value.as_str();
        if text == "*" || !text.starts_with("arn:") {
            continue;
        }
        if types.iter().any(|t| fits(t, text)) {
            continue;
        }
        let what = match typed.as_slice() {
            [one] => format!("`{one}`"),
            _ => format!("any of the statement's {} actions", typed.len()),
        };
        let shown: Vec<String> = types
            .iter()
            .take(3)
            .map(|t| format!("{} ({})", t.name(), t.arn_template()))
            .collect();
        out.push(
            RESOURCE_TYPE_MISMATCH
                .at(
                    format!("`{text}` is not a resource that {what} acts on"),
                    resource_path(st, i),
                    item.span,
                )
                .with_hint(format!("the actions take: {}", shown.join(", "))),
        );
    }
}

fn wildcard_only(st: &Statement, per_item: &[Rc<[Action<'static>]>], out: &mut Vec<Diagnostic>) {
    let Some(resources) = listed_resources(st) else {
        return;
    };
    if resources.is_empty() || resources.iter().any(|r| r.value == "*") {
        return;
    }
    let Some(items) = listed_actions(st) else {
        return;
    };
    for (i, (item, found)) in items.iter().zip(per_item).enumerate() {
        if item.value == "*" {
            continue;
        }
        if !found.is_empty() && found.iter().all(Action::is_wildcard_only) {
            out.push(
                WILDCARD_ONLY_ACTION_WITH_RESOURCE
                    .at(
                        format!(
                            "`{}` takes no resource type, so only `\"Resource\": \"*\"` can match it; this statement never applies to it",
                            item.value
                        ),
                        action_path(st, i),
                        item.span,
                    )
                    .with_hint("move the action to a statement with `\"Resource\": \"*\"`"),
            );
        }
    }
}
