//! What every rule family shares: the lint context, JSON paths of elements, and small questions
//! about a statement (does it allow, does it name `*`, which condition keys does it test).

use super::config::LintConfig;
use crate::catalog::{wildcard_match, Action, Catalog};
use crate::context::FnvMap;
use crate::json::push_segment;
use crate::policy::{
    Condition, Effect, Polarity, Policy, PolicyKind, PrincipalValue, Spanned, Statement,
};
use std::cell::RefCell;
use std::rc::Rc;

/// The input of one lint run.
pub(super) struct Cx<'a> {
    pub policy: &'a Policy,
    pub kind: PolicyKind,
    pub config: &'a LintConfig,
    pub catalog: &'static Catalog,
}

/// At most this many actions (16 bytes each) are remembered per thread; then the memo starts over.
const EXPANDED_ACTIONS_KEPT: usize = 1 << 20;

/// Expansions by pattern, and how many actions they hold in all.
type Memo = (FnvMap<String, Rc<[Action<'static>]>>, usize);

thread_local! {
    /// Action patterns already expanded (by the embedded catalog, which never changes): several
    /// rule families expand the same entries, AWS's large policies list thousands of them, and
    /// successive versions of a policy repeat nearly all of them.
    static EXPANDED: RefCell<Memo> = RefCell::new((FnvMap::default(), 0));
}

/// At most this many hints are remembered per thread; then the memo starts over.
const HINTS_KEPT: usize = 1 << 16;

thread_local! {
    /// "Did you mean" hints of unknown actions and services, by the entry's text: each costs
    /// an edit-distance scan of the catalog, and AWS's policies repeat the same retired names
    /// in every version.
    static HINTS: RefCell<FnvMap<String, Option<String>>> = RefCell::new(FnvMap::default());
}

impl<'a> Cx<'a> {
    /// The hint `make` gives for the Action entry `text`, remembered per thread (only for the
    /// global catalog, on which the hint depends). `make` must depend on `text` alone.
    pub fn hint_for(&self, text: &str, make: impl FnOnce() -> Option<String>) -> Option<String> {
        if !std::ptr::eq(self.catalog, Catalog::global()) {
            return make();
        }
        if let Some(found) = HINTS.with(|memo| memo.borrow().get(text).cloned()) {
            return found;
        }
        let hint = make();
        HINTS.with(|memo| {
            let mut map = memo.borrow_mut();
            if map.len() >= HINTS_KEPT {
                map.clear();
            }
            map.insert(text.to_owned(), hint.clone());
        });
        hint
    }

    pub fn new(
        policy: &'a Policy,
        kind: PolicyKind,
        config: &'a LintConfig,
        catalog: &'static Catalog,
    ) -> Self {
        Cx {
            policy,
            kind,
            config,
            catalog,
        }
    }

    /// The catalog actions an Action entry matches (`Catalog::expand_action_pattern`),
    /// remembered per thread (only for the global catalog, the one every lint run uses).
    pub fn expand(&self, pattern: &str) -> Rc<[Action<'static>]> {
        if !std::ptr::eq(self.catalog, Catalog::global()) {
            return self.catalog.expand_action_pattern(pattern).into();
        }
        EXPANDED.with(|memo| {
            if let Some(found) = memo.borrow().0.get(pattern) {
                return Rc::clone(found);
            }
            let found: Rc<[Action<'static>]> = self.catalog.expand_action_pattern(pattern).into();
            let (map, held) = &mut *memo.borrow_mut();
            // `+ 1` also bounds the number of patterns that expand to nothing.
            *held += found.len() + 1;
            if *held > EXPANDED_ACTIONS_KEPT {
                map.clear();
                *held = found.len() + 1;
            }
            map.insert(pattern.to_owned(), Rc::clone(&found));
            found
        })
    }
}

pub(super) fn join(path: &str, segment: &str) -> String {
    let mut p = path.to_owned();
    push_segment(&mut p, segment);
    p
}

pub(super) fn element(
    polarity: Polarity,
    listed: &'static str,
    except: &'static str,
) -> &'static str {
    match polarity {
        Polarity::Listed => listed,
        Polarity::AllExcept => except,
    }
}

/// JSON pointer of the `i`-th entry of the statement's Action/NotAction element.
pub(super) fn action_path(st: &Statement, i: usize) -> String {
    let polarity = st.action.as_ref().map_or(Polarity::Listed, |a| a.polarity);
    let elem = join(&st.path, element(polarity, "Action", "NotAction"));
    format!("{elem}/{i}")
}

/// JSON pointer of the `i`-th entry of the statement's Resource/NotResource element.
pub(super) fn resource_path(st: &Statement, i: usize) -> String {
    let polarity = st
        .resource
        .as_ref()
        .map_or(Polarity::Listed, |r| r.polarity);
    let elem = join(&st.path, element(polarity, "Resource", "NotResource"));
    format!("{elem}/{i}")
}

/// JSON pointer of a condition key, as the grammar checks write it.
pub(super) fn condition_path(st: &Statement, c: &Condition) -> String {
    join(
        &join(&join(&st.path, "Condition"), &c.operator.value.name()),
        &c.key.value,
    )
}

pub(super) fn principal_path(st: &Statement) -> String {
    let polarity = st
        .principal
        .as_ref()
        .map_or(Polarity::Listed, |p| p.polarity);
    join(&st.path, element(polarity, "Principal", "NotPrincipal"))
}

pub(super) fn allows(st: &Statement) -> bool {
    st.effect.value == Effect::Allow
}

/// The Action entries, when the statement lists actions (not `NotAction`).
pub(super) fn listed_actions(st: &Statement) -> Option<&[Spanned<String>]> {
    st.action
        .as_ref()
        .filter(|a| a.polarity == Polarity::Listed)
        .map(|a| a.items.as_slice())
}

/// The Resource entries, when the statement lists resources (not `NotResource`).
pub(super) fn listed_resources(st: &Statement) -> Option<&[Spanned<String>]> {
    st.resource
        .as_ref()
        .filter(|r| r.polarity == Polarity::Listed)
        .map(|r| r.items.as_slice())
}

/// Whether the statement lists `"Resource": "*"` (alone or among others).
pub(super) fn on_all_resources(st: &Statement) -> bool {
    listed_resources(st).is_some_and(|items| items.iter().any(|r| r.value == "*"))
}

/// Whether some Action entry (not `*` itself) grants the named action, wildcards expanded.
pub(super) fn grants<'s>(st: &'s Statement, action: &str) -> Option<(usize, &'s Spanned<String>)> {
    listed_actions(st)?
        .iter()
        .enumerate()
        .find(|(_, a)| a.value != "*" && wildcard_match(&a.value, action))
}

/// Whether any condition of the statement tests one of `keys` (ASCII case ignored).
pub(super) fn tests_key(st: &Statement, keys: &[&str]) -> bool {
    st.conditions
        .iter()
        .any(|c| keys.iter().any(|k| c.key.value.eq_ignore_ascii_case(k)))
}

/// Whether `text` has an IAM wildcard outside `${...}` policy variables.
pub(super) fn has_wildcard(text: &str) -> bool {
    let mut rest = text;
    loop {
        match rest.find("${") {
            Some(start) => {
                if rest.get(..start).is_some_and(|s| s.contains(['*', '?'])) {
                    return true;
                }
                match rest.get(start..).and_then(|r| r.find('}')) {
                    Some(end) => rest = rest.get(start + end + 1..).unwrap_or(""),
                    None => return false,
                }
            }
            None => return rest.contains(['*', '?']),
        }
    }
}

/// The AWS principal entries (`"AWS": ...`) of the statement's Principal.
pub(super) fn aws_principals(st: &Statement) -> Vec<&Spanned<String>> {
    principal_entries(st, crate::policy::PrincipalType::Aws)
}

pub(super) fn principal_entries(
    st: &Statement,
    kind: crate::policy::PrincipalType,
) -> Vec<&Spanned<String>> {
    match st
        .principal
        .as_ref()
        .filter(|p| p.polarity == Polarity::Listed)
    {
        Some(p) => match &p.value {
            PrincipalValue::Map(entries) => entries
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| &e.value)
                .collect(),
            PrincipalValue::Everyone => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// Whether the Principal is everyone: `"*"` or `{"AWS": "*"}`.
pub(super) fn principal_is_everyone(st: &Statement) -> bool {
    match st
        .principal
        .as_ref()
        .filter(|p| p.polarity == Polarity::Listed)
    {
        Some(p) => match &p.value {
            PrincipalValue::Everyone => true,
            PrincipalValue::Map(entries) => entries
                .iter()
                .any(|e| e.kind == crate::policy::PrincipalType::Aws && e.value.value == "*"),
        },
        None => false,
    }
}

/// Names at most three actions and how many more there are: "`a`, `b`, `c` and 4 more".
pub(super) fn name_some(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_outside_variables() {
        assert!(has_wildcard("a*"));
        assert!(has_wildcard("${aws:username}?"));
        assert!(!has_wildcard("${aws:username}"));
        assert!(!has_wildcard("plain"));
        assert!(has_wildcard("x?${a}"));
    }

    #[test]
    fn naming_lists() {
        let n: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        assert_eq!(name_some(&n), "`a`, `b`, `c` and 1 more");
        assert_eq!(name_some(&n[..1]), "`a`");
    }
}
