//! Condition traps: set qualifiers that do not fit the key, wildcards on account and network ids,
//! MFA checks that long-term access keys slip through, and unrestricted changes to the tags used
//! for authorization.

use super::rules::*;
use super::support::*;
use crate::catalog::AccessLevel;
use crate::diag::Diagnostic;
use crate::policy::{
    BaseOperator, Condition, Effect, OperatorFamily, PolicyKind, SetQualifier, Statement,
};

/// Keys whose values are identifiers that must be matched exactly.
const SENSITIVE_KEYS: [&str; 10] = [
    "aws:PrincipalAccount",
    "aws:SourceAccount",
    "aws:PrincipalOrgID",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
];

const MFA_PRESENT: &str = "aws:MultiFactorAuthPresent";
const MFA_AGE: &str = "aws:MultiFactorAuthAge";

fn is_key(c: &Condition, key: &str) -> bool {
    c.key.value.eq_ignore_ascii_case(key)
}

fn has_value(c: &Condition, value: &str) -> bool {
    c.values.iter().any(|v| v.value.eq_ignore_ascii_case(value))
}

pub(super) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let presence_guard = cx.policy.statements.iter().any(guards_mfa_presence);
    for st in &cx.policy.statements {
        for c in &st.conditions {
            set_qualifiers(cx, st, c, out);
            sensitive_wildcard(st, c, out);
            mfa(cx, st, c, presence_guard, out);
        }
        tagging(cx, st, out);
    }
}

fn set_qualifiers(cx: &Cx<'_>, st: &Statement, c: &Condition, out: &mut Vec<Diagnostic>) {
    let Some(found) = cx.catalog.condition_key(&c.key.value) else {
        return;
    };
    let op = c.operator.value;
    let key = &c.key.value;
    let path = condition_path(st, c);
    match (op.qualifier, found.is_multi_valued()) {
        (SetQualifier::ForAllValues, false) => out.push(
            FOR_ALL_VALUES_SINGLE_VALUED
                .at(
                    format!("`{key}` is single-valued; `ForAllValues:` is also true when the request does not carry it"),
                    path,
                    c.operator.span,
                )
                .with_hint(format!("write `{}` without the qualifier", op.base.name())),
        ),
        (SetQualifier::ForAnyValue, false) => out.push(
            FOR_ANY_VALUE_SINGLE_VALUED
                .at(format!("`{key}` is single-valued; `ForAnyValue:` adds nothing"), path, c.operator.span)
                .with_hint(format!("write `{}` without the qualifier", op.base.name())),
        ),
        (SetQualifier::None, true) if op.base != BaseOperator::Null => out.push(
            MISSING_SET_OPERATOR
                .at(
                    format!("`{key}` can carry several values, but `{}` has no set qualifier", op.name()),
                    path,
                    c.operator.span,
                )
                .with_hint(format!(
                    "write `ForAnyValue:{0}` (some value matches) or `ForAllValues:{0}` (every value matches)",
                    op.base.name()
                )),
        ),
        _ => {}
    }
}

fn sensitive_wildcard(st: &Statement, c: &Condition, out: &mut Vec<Diagnostic>) {
    let like = matches!(
        c.operator.value.base,
        BaseOperator::StringLike | BaseOperator::StringNotLike
    );
    if !like || !SENSITIVE_KEYS.iter().any(|k| is_key(c, k)) {
        return;
    }
    for (i, v) in c.values.iter().enumerate() {
        if has_wildcard(&v.value) {
            let path = condition_path(st, c);
            let path = if c.values.len() > 1 {
                format!("{path}/{i}")
            } else {
                path
            };
            out.push(
                SENSITIVE_KEY_WILDCARD
                    .at(
                        format!("`{}` is matched with the wildcard pattern `{}`, which can admit ids you do not own", c.key.value, v.value),
                        path,
                        v.span,
                    )
                    .with_hint("list the exact ids with `StringEquals`"),
            );
        }
    }
}

/// A Deny that fires when MFA information is missing: `Null aws:MultiFactorAuthAge true`,
/// `Null aws:MultiFactorAuthPresent true`, or `BoolIfExists aws:MultiFactorAuthPresent false`.
fn guards_mfa_presence(st: &Statement) -> bool {
    st.effect.value == Effect::Deny
        && st.conditions.iter().any(|c| {
            let op = c.operator.value;
            (op.base == BaseOperator::Null
                && (is_key(c, MFA_AGE) || is_key(c, MFA_PRESENT))
                && has_value(c, "true"))
                || (op.base == BaseOperator::Bool
                    && op.if_exists
                    && is_key(c, MFA_PRESENT)
                    && has_value(c, "false"))
        })
}

fn mfa(
    cx: &Cx<'_>,
    st: &Statement,
    c: &Condition,
    presence_guard: bool,
    out: &mut Vec<Diagnostic>,
) {
    let op = c.operator.value;
    let path = condition_path(st, c);
    let effect = st.effect.value;
    if is_key(c, MFA_PRESENT) && op.base == BaseOperator::Bool {
        if effect == Effect::Deny && !op.if_exists && has_value(c, "false") {
            out.push(
                MFA_DENY_BOOL_FALSE
                    .at(
                        "this Deny does not apply to long-term access keys: their requests carry no aws:MultiFactorAuthPresent, so `Bool … false` is not true",
                        path.clone(),
                        c.operator.span,
                    )
                    .with_hint("use `\"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}`"),
            );
        }
        if effect == Effect::Allow && op.if_exists && has_value(c, "true") {
            out.push(
                MFA_IF_EXISTS_ALLOWS_MISSING
                    .at(
                        "`BoolIfExists` is true when the key is missing, so requests signed with long-term access keys (no MFA) are allowed too",
                        path.clone(),
                        c.operator.span,
                    )
                    .with_hint("use `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` to require MFA"),
            );
        }
    }
    if !is_key(c, MFA_AGE) || op.base.family() != OperatorFamily::Numeric {
        return;
    }
    let slips = match effect {
        Effect::Allow => op.if_exists,
        Effect::Deny => !op.if_exists && !presence_guard,
    };
    if slips {
        let why = match effect {
            Effect::Allow => "with `IfExists`, requests without MFA (no aws:MultiFactorAuthAge) are allowed",
            Effect::Deny => "requests without MFA carry no aws:MultiFactorAuthAge, so this Deny does not apply to them and nothing else denies them",
        };
        out.push(
            MFA_AGE_WITHOUT_PRESENCE
                .at(why, path.clone(), c.operator.span)
                .with_hint("add a Deny statement with `\"Null\": {\"aws:MultiFactorAuthAge\": \"true\"}`, or drop `IfExists` in an Allow"),
        );
    }
    let upper_bound = matches!(
        op.base,
        BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals
    );
    if effect == Effect::Allow && upper_bound {
        let max = cx.config.max_session_duration;
        for v in &c.values {
            if v.value
                .trim()
                .parse::<f64>()
                .is_ok_and(|secs| secs > max as f64)
            {
                out.push(
                    MFA_AGE_EXCEEDS_MAX_SESSION
                        .at(
                            format!("the MFA age limit `{}` seconds is longer than the maximum session duration ({max} seconds), so it never bites on role sessions", v.value),
                            path.clone(),
                            v.span,
                        )
                        .with_hint("lower the limit, or set `maxSessionDuration` in the lint config"),
                );
            }
        }
    }
}

fn tagging(cx: &Cx<'_>, st: &Statement, out: &mut Vec<Diagnostic>) {
    let protected = &cx.config.protected_tag_keys;
    if protected.is_empty()
        || !allows(st)
        || !matches!(cx.kind, PolicyKind::Identity | PolicyKind::Resource)
    {
        return;
    }
    let restricted = st.conditions.iter().any(|c| {
        is_key(c, "aws:TagKeys")
            || protected.iter().any(|k| {
                c.key
                    .value
                    .eq_ignore_ascii_case(&format!("aws:RequestTag/{k}"))
            })
    });
    if restricted {
        return;
    }
    let Some(items) = listed_actions(st) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if item.value == "*" {
            continue;
        }
        let tagging: Vec<String> = cx
            .expand(&item.value)
            .iter()
            .filter(|a| a.access_level() == AccessLevel::Tagging)
            .map(|a| a.full_name())
            .collect();
        if !tagging.is_empty() {
            out.push(
                TAG_CHANGE_UNRESTRICTED
                    .at(
                        format!(
                            "`{}` can change the protected tags ({}) through {}",
                            item.value,
                            protected.join(", "),
                            name_some(&tagging)
                        ),
                        action_path(st, i),
                        item.span,
                    )
                    .with_hint(format!(
                        "add `\"ForAllValues:StringNotEquals\": {{\"aws:TagKeys\": [{}]}}`",
                        protected
                            .iter()
                            .map(|k| format!("\"{k}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
    }
}
