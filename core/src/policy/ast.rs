//! The typed policy document. Every element the user wrote keeps its span.

use super::operator::ConditionOperator;
use crate::json::Span;

/// A value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where its text is.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The policy language version. Without `2012-10-17`, `${...}` is literal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyVersion {
    /// `"2012-10-17"`: policy variables are substituted.
    V2012_10_17,
    /// `"2008-10-17"`: `${…}` is literal text.
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
    /// The `Version` element, read.
    pub version: PolicyVersion,
    /// Where the `Version` value is, when present.
    pub version_span: Option<Span>,
    /// The `Id` element, when present.
    pub id: Option<Spanned<String>>,
    /// The statements, in order (a lone statement object is one).
    pub statements: Vec<Statement>,
    /// The whole document's span.
    pub span: Span,
}

/// A statement's `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`.
    Deny,
}

/// Whether an element lists what it applies to (`Action`) or everything except (`NotAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// `Action`, `Resource`, `Principal`: what is listed.
    Listed,
    /// `NotAction`, `NotResource`, `NotPrincipal`: everything except what is listed.
    AllExcept,
}

/// `Action` / `NotAction`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionClause {
    /// `Action` or `NotAction`.
    pub polarity: Polarity,
    /// The action patterns, as written.
    pub items: Vec<Spanned<String>>,
    /// The element's span.
    pub span: Span,
}

/// `Resource` / `NotResource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceClause {
    /// `Resource` or `NotResource`.
    pub polarity: Polarity,
    /// The resource patterns, as written.
    pub items: Vec<Spanned<String>>,
    /// The element's span.
    pub span: Span,
}

/// The keys of a `Principal` map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    /// `"AWS"`: accounts, users, roles, sessions.
    Aws,
    /// `"Service"`: service principals.
    Service,
    /// `"Federated"`: OIDC and SAML providers.
    Federated,
    /// `"CanonicalUser"`: S3 canonical user IDs.
    CanonicalUser,
}

impl PrincipalType {
    /// The key as written in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One value of a `Principal` map, with its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalEntry {
    /// The map key it stands under.
    pub kind: PrincipalType,
    /// The value as written.
    pub value: Spanned<String>,
}

/// What a `Principal` element holds.
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
    /// `Principal` or `NotPrincipal`.
    pub polarity: Polarity,
    /// What it names.
    pub value: PrincipalValue,
    /// The element's span.
    pub span: Span,
}

/// One `operator → key → values` entry of a `Condition` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The operator, read.
    pub operator: Spanned<ConditionOperator>,
    /// The condition key, as written.
    pub key: Spanned<String>,
    /// Values as strings: JSON numbers and booleans are read as their text, as IAM does.
    pub values: Vec<Spanned<String>>,
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Position in the policy's `Statement` list.
    pub index: usize,
    /// JSON pointer of the statement, for diagnostics.
    pub path: String,
    /// The `Sid`, when present.
    pub sid: Option<Spanned<String>>,
    /// Allow or Deny.
    pub effect: Spanned<Effect>,
    /// `Principal` / `NotPrincipal` (resource-based policies only).
    pub principal: Option<PrincipalClause>,
    /// `Action` / `NotAction`.
    pub action: Option<ActionClause>,
    /// `Resource` / `NotResource` (absent in trust policies).
    pub resource: Option<ResourceClause>,
    /// The `Condition` block, one entry per operator and key.
    pub conditions: Vec<Condition>,
    /// The statement's span.
    pub span: Span,
}
