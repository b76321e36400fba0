//! Hygiene: duplicate and missing Sids, statements another statement already covers, and
//! principal lists that name nobody.

use super::rules::*;
use super::support::*;
use crate::diag::Diagnostic;
use crate::policy::{
    Condition, Polarity, PolicyKind, PrincipalClause, PrincipalValue, Spanned, Statement,
};

pub(super) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let statements = &cx.policy.statements;
    // IAM kinds already reject duplicate Sids in the grammar checks (as an error).
    let iam_kind = matches!(
        cx.kind,
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Trust
    );
    for (i, st) in statements.iter().enumerate() {
        match &st.sid {
            Some(sid) if !iam_kind => {
                let earlier = statements
                    .iter()
                    .take(i)
                    .any(|o| o.sid.as_ref().is_some_and(|s| s.value == sid.value));
                if earlier {
                    out.push(
                        DUPLICATE_SID
                            .at(format!("the Sid `{}` is used by more than one statement", sid.value), join(&st.path, "Sid"), sid.span)
                            .with_hint("give every statement a unique Sid; tools that edit policies by Sid will pick one of them"),
                    );
                }
            }
            Some(_) => {}
            None => out.push(
                MISSING_SID
                    .at(
                        format!("statement {} has no Sid", st.index),
                        st.path.clone(),
                        st.span,
                    )
                    .with_hint("add a Sid that says what the statement is for"),
            ),
        }
        if let Some(p) = st
            .principal
            .as_ref()
            .filter(|p| matches!(&p.value, PrincipalValue::Map(e) if e.is_empty()))
        {
            out.push(
                EMPTY_ARRAY
                    .at(
                        "the principal lists nobody, so the statement never applies",
                        principal_path(st),
                        p.span,
                    )
                    .with_hint("name at least one principal"),
            );
        }
        if let Some(cover) = statements
            .iter()
            .enumerate()
            .find(|(j, other)| *j != i && covers(other, st) && !(covers(st, other) && *j > i))
            .map(|(_, other)| other)
        {
            out.push(
                REDUNDANT_STATEMENT
                    .at(
                        format!(
                            "statement {} is wholly covered by statement {}",
                            label(st),
                            label(cover)
                        ),
                        st.path.clone(),
                        st.span,
                    )
                    .with_hint("delete it, or narrow the broader statement"),
            );
        }
    }
}

fn label(st: &Statement) -> String {
    match &st.sid {
        Some(sid) => format!("`{}`", sid.value),
        None => format!("{}", st.index),
    }
}

/// Whether every request `b` applies to, `a` applies to as well, with the same effect. Sound but
/// incomplete: when unsure, it answers no.
fn covers(a: &Statement, b: &Statement) -> bool {
    // Cheapest tests first; comparing conditions allocates, so it comes last.
    a.effect.value == b.effect.value
        && (a.conditions.is_empty() || a.conditions.len() == b.conditions.len())
        && clause_covers(
            a.action.as_ref().map(|c| (c.polarity, c.items.as_slice())),
            b.action.as_ref().map(|c| (c.polarity, c.items.as_slice())),
            false,
        )
        && clause_covers(
            a.resource
                .as_ref()
                .map(|c| (c.polarity, c.items.as_slice())),
            b.resource
                .as_ref()
                .map(|c| (c.polarity, c.items.as_slice())),
            true,
        )
        && principal_covers(a.principal.as_ref(), b.principal.as_ref())
        && (a.conditions.is_empty() || same_conditions(&a.conditions, &b.conditions))
}

fn same_conditions(a: &[Condition], b: &[Condition]) -> bool {
    let key = |c: &Condition| {
        let mut values: Vec<&str> = c.values.iter().map(|v| v.value.as_str()).collect();
        values.sort_unstable();
        (
            c.operator.value.name(),
            c.key.value.to_ascii_lowercase(),
            values.join("\u{0}"),
        )
    };
    let mut ka: Vec<_> = a.iter().map(key).collect();
    let mut kb: Vec<_> = b.iter().map(key).collect();
    ka.sort();
    kb.sort();
    ka == kb
}

fn clause_covers(
    a: Option<(Polarity, &[Spanned<String>])>,
    b: Option<(Polarity, &[Spanned<String>])>,
    case_sensitive: bool,
) -> bool {
    match (a, b) {
        (None, None) => true,
        // Whether the covered entry has a wildcard is asked once, not once per candidate.
        (Some((Polarity::Listed, a)), Some((Polarity::Listed, b))) => b.iter().all(|bi| {
            let wild = has_iam_wildcard(&bi.value);
            a.iter()
                .any(|ai| covers_entry(&ai.value, &bi.value, wild, case_sensitive))
        }),
        // `NotX` lists: a excludes no more than b does.
        (Some((Polarity::AllExcept, a)), Some((Polarity::AllExcept, b))) => a.iter().all(|ai| {
            let wild = has_iam_wildcard(&ai.value);
            b.iter()
                .any(|bi| covers_entry(&bi.value, &ai.value, wild, case_sensitive))
        }),
        _ => false,
    }
}

/// Whether the text has `*` or `?` (a byte scan: this runs for every pair of entries).
fn has_iam_wildcard(text: &str) -> bool {
    text.bytes().any(|b| b == b'*' || b == b'?')
}

/// Whether every string pattern `b` matches, pattern `a` matches too.
#[cfg(test)]
fn pattern_covers(a: &str, b: &str, case_sensitive: bool) -> bool {
    covers_entry(a, b, has_iam_wildcard(b), case_sensitive)
}

/// [`pattern_covers`] with `b_wild`, whether `b` has a wildcard, known.
fn covers_entry(a: &str, b: &str, b_wild: bool, case_sensitive: bool) -> bool {
    if a == "*" {
        return true;
    }
    if !b_wild {
        return glob(a, b, case_sensitive);
    }
    // Two patterns: decided only for `prefix*` against a pattern with the same prefix.
    match a.strip_suffix('*') {
        Some(prefix) if !prefix.contains(['*', '?']) => {
            let head = b.get(..prefix.len());
            head.is_some_and(|h| {
                if case_sensitive {
                    h == prefix
                } else {
                    h.eq_ignore_ascii_case(prefix)
                }
            })
        }
        _ => {
            if case_sensitive {
                a == b
            } else {
                a.eq_ignore_ascii_case(b)
            }
        }
    }
}

/// IAM wildcard match (`*` any run, `?` one character), optionally ignoring ASCII case.
fn glob(pattern: &str, text: &str, case_sensitive: bool) -> bool {
    if !case_sensitive {
        return crate::catalog::wildcard_match(pattern, text);
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi + 1, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || Some(&c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

fn principal_covers(a: Option<&PrincipalClause>, b: Option<&PrincipalClause>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) if a.polarity == Polarity::Listed && b.polarity == Polarity::Listed => {
            match (&a.value, &b.value) {
                (PrincipalValue::Everyone, _) => true,
                (PrincipalValue::Map(_), PrincipalValue::Everyone) => false,
                (PrincipalValue::Map(ea), PrincipalValue::Map(eb)) => eb.iter().all(|e| {
                    ea.iter()
                        .any(|o| o.kind == e.kind && o.value.value == e.value.value)
                }),
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_sensitive_glob() {
        assert!(glob("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", true));
        assert!(!glob("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", true));
        assert!(glob("a?c", "abc", true));
        assert!(!glob("a?c", "ac", true));
        assert!(glob("*", "", true));
    }

    #[test]
    fn pattern_coverage() {
        assert!(pattern_covers("s3:*", "s3:Get*", false));
        assert!(pattern_covers("s3:Get*", "S3:GETOBJECT", false));
        assert!(!pattern_covers("s3:Get?bject", "s3:Get*", false));
        assert!(!pattern_covers("s3:GetObject", "s3:Get*", false));
        assert!(pattern_covers(
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b/p/*",
            true
        ));
    }
}
