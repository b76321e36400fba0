//! A conditional decision as data (the `condition` of a check answer) and as a sentence
//! ("aws:SourceIp in 10.0.0.0/8 and aws:MultiFactorAuthPresent = true").

use super::decide::PartialDecision;
use super::formula::{Formula, Lit};
use super::test::{TestKind, TestSource, Tests};
use crate::compile::CompiledCondition;
use crate::context::Context;
use crate::eval::evaluate_condition;
use crate::policy::{BaseOperator, SetQualifier};
use serde::Serialize;

/// Allowed whatever the unknown keys hold, denied whatever they hold, or allowed under a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// Allowed whatever the unknown keys hold.
    Allowed,
    /// Denied whatever the unknown keys hold.
    Denied,
    /// Allowed for some values of the unknown keys, denied for others: `anyOf` says which.
    Conditional,
}

/// The answer to "under which conditions is this allowed?".
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionView {
    /// Allowed, denied, or allowed under the formula.
    pub outcome: Outcome,
    /// For `Denied`: whether an explicit Deny applies whatever the unknown keys hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit: Option<bool>,
    /// The unknown keys as the question named them (`*`: every key the request does not fix).
    pub unknown: Vec<String>,
    /// Allowed exactly when one of these terms holds (`[]` for Denied, one empty term for Allowed).
    pub any_of: Vec<TermView>,
    /// The formula as a sentence.
    pub text: String,
}

/// A term: every literal must hold.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermView {
    /// The literals, all of which must hold.
    pub all_of: Vec<LiteralView>,
}

/// One test of a policy, or its negation.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiteralView {
    /// The literal as words (`aws:SourceIp in 10.0.0.0/8`).
    pub text: String,
    /// The test must not hold (tests of Deny statements).
    pub negated: bool,
    /// `condition`, or `resource` for a statement's Resource element whose policy variables
    /// read an unknown key.
    pub kind: &'static str,
    /// The condition key as written (a resource test: the first unknown key it reads).
    pub key: String,
    /// The base operator (`StringEquals`, `IpAddress` …; `Resource` for a resource test).
    pub operator: &'static str,
    /// `ForAllValues` or `ForAnyValue`, when the condition has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<&'static str>,
    /// The operator's `IfExists` form (holds when the key is absent).
    pub if_exists: bool,
    /// The policy's values as written.
    pub values: Vec<String>,
    /// Keys the test's policy variables read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<String>,
    /// The statements the test comes from.
    pub sources: Vec<TestSource>,
}

impl ConditionView {
    /// The view of a partial decision, with the unknown keys as the question named them.
    pub fn new(d: &PartialDecision, unknown: Vec<String>) -> ConditionView {
        let (outcome, explicit) = match d.allowed.as_constant() {
            Some(true) => (Outcome::Allowed, None),
            Some(false) => (Outcome::Denied, Some(d.explicit_deny.is_true())),
            None => (Outcome::Conditional, None),
        };
        let any_of = d
            .allowed
            .terms
            .iter()
            .map(|t| TermView {
                all_of: t.iter().map(|l| literal(&d.tests, *l)).collect(),
            })
            .collect();
        ConditionView {
            outcome,
            explicit,
            unknown,
            any_of,
            text: formula_text(&d.allowed, &d.tests),
        }
    }

    /// "Allowed if …", "Allowed whatever …", "Denied whatever …".
    pub fn sentence(&self) -> String {
        match self.outcome {
            Outcome::Allowed => "Allowed whatever the unknown keys hold".to_owned(),
            Outcome::Denied if self.explicit == Some(true) => {
                "Denied whatever the unknown keys hold (explicitly)".to_owned()
            }
            Outcome::Denied => "Denied whatever the unknown keys hold".to_owned(),
            Outcome::Conditional => format!("Allowed if {}", self.text),
        }
    }
}

/// The formula as a sentence: terms joined by "or", literals by "and".
pub(crate) fn formula_text(f: &Formula, tests: &Tests) -> String {
    match f.as_constant() {
        Some(true) => return "true".to_owned(),
        Some(false) => return "false".to_owned(),
        None => {}
    }
    let several = f.terms.len() > 1;
    f.terms
        .iter()
        .map(|t| {
            let text = t
                .iter()
                .map(|l| literal_text(tests, *l))
                .collect::<Vec<_>>()
                .join(" and ");
            if several && t.len() > 1 {
                format!("({text})")
            } else {
                text
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn literal(tests: &Tests, l: Lit) -> LiteralView {
    let text = literal_text(tests, l);
    let Some(test) = tests.get(l.test) else {
        return LiteralView {
            text,
            negated: l.negated,
            kind: "condition",
            key: String::new(),
            operator: "",
            qualifier: None,
            if_exists: false,
            values: Vec::new(),
            variables: Vec::new(),
            sources: Vec::new(),
        };
    };
    match &test.kind {
        TestKind::Condition(c) => LiteralView {
            text,
            negated: l.negated,
            kind: "condition",
            key: c.key_display.to_string(),
            operator: c.operator.base.name(),
            qualifier: match c.operator.qualifier {
                SetQualifier::None => None,
                SetQualifier::ForAllValues => Some("ForAllValues"),
                SetQualifier::ForAnyValue => Some("ForAnyValue"),
            },
            if_exists: c.operator.if_exists,
            values: c.values_text.iter().map(|v| v.to_string()).collect(),
            variables: c.variable_keys().iter().map(|k| k.to_string()).collect(),
            sources: test.sources.clone(),
        },
        TestKind::Resource { keys, .. } => LiteralView {
            text,
            negated: l.negated,
            kind: "resource",
            key: keys.first().cloned().unwrap_or_default(),
            operator: "Resource",
            qualifier: None,
            if_exists: false,
            values: Vec::new(),
            variables: keys.clone(),
            sources: test.sources.clone(),
        },
    }
}

fn literal_text(tests: &Tests, l: Lit) -> String {
    let positive = match tests.get(l.test) {
        Some(t) => match &t.kind {
            TestKind::Condition(c) => condition_text(c),
            TestKind::Resource { keys, .. } => {
                let where_ = t
                    .sources
                    .first()
                    .map(|s| format!(" of statement {} in {}", s.statement, s.policy))
                    .unwrap_or_default();
                let vars = keys
                    .iter()
                    .map(|k| format!("${{{k}}}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("the Resource element{where_} covers the resource (with {vars})")
            }
        },
        None => "?".to_owned(),
    };
    if l.negated {
        format!("not ({positive})")
    } else {
        positive
    }
}

/// "aws:SourceIp in 10.0.0.0/8", "aws:PrincipalTag/team = red if present", "aws:TagKeys: every
/// value in [a, b]".
fn condition_text(c: &CompiledCondition) -> String {
    use BaseOperator as B;
    let key = &c.key_display;
    let values: Vec<&str> = c.values_text.iter().map(|v| &**v).collect();
    if c.operator.base == B::Null {
        return match values.as_slice() {
            ["true"] => format!("{key} absent"),
            ["false"] => format!("{key} present"),
            _ => format!("{key} Null {}", values.join(", ")),
        };
    }
    let base = c.operator.base;
    let (one, many) = match base {
        B::StringEquals | B::ArnEquals | B::Bool | B::NumericEquals | B::DateEquals => ("=", "in"),
        B::StringNotEquals | B::ArnNotEquals | B::NumericNotEquals | B::DateNotEquals => {
            ("≠", "not in")
        }
        B::StringEqualsIgnoreCase => ("= (any case)", "in (any case)"),
        B::StringNotEqualsIgnoreCase => ("≠ (any case)", "not in (any case)"),
        B::StringLike | B::ArnLike => ("like", "like one of"),
        B::StringNotLike | B::ArnNotLike => ("not like", "like none of"),
        B::NumericLessThan => ("<", "< one of"),
        B::NumericLessThanEquals => ("<=", "<= one of"),
        B::NumericGreaterThan => (">", "> one of"),
        B::NumericGreaterThanEquals => (">=", ">= one of"),
        B::DateLessThan => ("before", "before one of"),
        B::DateLessThanEquals => ("at or before", "at or before one of"),
        B::DateGreaterThan => ("after", "after one of"),
        B::DateGreaterThanEquals => ("at or after", "at or after one of"),
        B::BinaryEquals => ("= (base64)", "in (base64)"),
        B::IpAddress => ("in", "in"),
        B::NotIpAddress => ("not in", "not in"),
        B::Null => ("Null", "Null"),
    };
    let test = match values.as_slice() {
        [v] => format!("{one} {v}"),
        many_values => format!("{many} [{}]", many_values.join(", ")),
    };
    let subject = match c.operator.qualifier {
        SetQualifier::None => format!("{key} {test}"),
        SetQualifier::ForAnyValue => format!("some value of {key} {test}"),
        SetQualifier::ForAllValues => format!("every value of {key} {test}"),
    };
    // Whether the test holds without the key, as the engine says.
    if evaluate_condition(c, &Context::new()).satisfied {
        format!("{subject} if present")
    } else {
        subject
    }
}
