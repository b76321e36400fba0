//! The typed policy document. Every element the user wrote keeps its span.

use super::operator::ConditionOperator;
use crate::json::Span;

/// A value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The policy language version. Without `2012-10-17`, `${...}` is literal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyVersion {
    V2012_10_17,
    V2008_10_17,
    /// No `Version` element: AWS treats it as 2008-10-17.
    Absent,
}

impl PolicyVersion {
    /// Whether `${...}` policy variables are substituted.
    pub fn supports_variables(self) -> bool {
        self == PolicyVersion::V2012_10_17
    }
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub version: PolicyVersion,
    pub version_span: Option<Span>,
    pub id: Option<Spanned<String>>,
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// Whether an element lists what it applies to (`Action`) or everything except (`NotAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    Listed,
    AllExcept,
}

/// `Action` / `NotAction`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionClause {
    pub polarity: Polarity,
    pub items: Vec<Spanned<String>>,
    pub span: Span,
}

/// `Resource` / `NotResource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceClause {
    pub polarity: Polarity,
    pub items: Vec<Spanned<String>>,
    pub span: Span,
}

/// The keys of a `Principal` map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalType {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalEntry {
    pub kind: PrincipalType,
    pub value: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalValue {
    /// The string `"*"`: everyone, including anonymous callers.
    Everyone,
    /// A map of principal types to values, in source order.
    Map(Vec<PrincipalEntry>),
}

/// `Principal` / `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalClause {
    pub polarity: Polarity,
    pub value: PrincipalValue,
    pub span: Span,
}

/// One `operator → key → values` entry of a `Condition` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: Spanned<ConditionOperator>,
    pub key: Spanned<String>,
    /// Values as strings: JSON numbers and booleans are read as their text, as IAM does.
    pub values: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Position in the policy's `Statement` list.
    pub index: usize,
    /// JSON pointer of the statement, for diagnostics.
    pub path: String,
    pub sid: Option<Spanned<String>>,
    pub effect: Spanned<Effect>,
    pub principal: Option<PrincipalClause>,
    pub action: Option<ActionClause>,
    pub resource: Option<ResourceClause>,
    pub conditions: Vec<Condition>,
    pub span: Span,
}
