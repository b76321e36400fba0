//! The IAM policy language: the typed document, its parser (with locations), per-kind validation
//! and printing back to JSON.

mod ast;
mod kind;
mod operator;
mod parse;
mod print;
mod validate;

pub use ast::{
    ActionClause, Condition, Effect, Polarity, Policy, PolicyVersion, PrincipalClause,
    PrincipalEntry, PrincipalType, PrincipalValue, ResourceClause, Spanned, Statement,
};
pub use kind::PolicyKind;
pub use operator::{BaseOperator, ConditionOperator, OperatorFamily, SetQualifier};
pub use parse::{parse_policy, parse_policy_with, ParsedPolicy};
pub(crate) use parse::{parse_policy_value, parse_policy_value_with};
pub use print::policy_to_json;
pub use validate::validate_policy;
