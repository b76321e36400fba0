//! Condition operators: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.

/// The base operators of the IAM condition language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(
    missing_docs,
    reason = "each variant is the AWS operator of the same name (docs/evaluation.md)"
)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// Operator families: they decide how values are parsed and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperatorFamily {
    /// `String*` operators: text, case-sensitive or not, with wildcards for `Like`.
    String,
    /// `Numeric*`: decimal numbers.
    Numeric,
    /// `Date*`: ISO 8601 dates or epoch seconds.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`: base64.
    Binary,
    /// `IpAddress` / `NotIpAddress`: addresses and CIDR ranges.
    Ip,
    /// `Arn*`: ARNs compared field by field.
    Arn,
    /// `Null`: whether a key is absent.
    Null,
}

use BaseOperator as B;

const ALL: [(BaseOperator, &str); 27] = [
    (B::StringEquals, "StringEquals"),
    (B::StringNotEquals, "StringNotEquals"),
    (B::StringEqualsIgnoreCase, "StringEqualsIgnoreCase"),
    (B::StringNotEqualsIgnoreCase, "StringNotEqualsIgnoreCase"),
    (B::StringLike, "StringLike"),
    (B::StringNotLike, "StringNotLike"),
    (B::NumericEquals, "NumericEquals"),
    (B::NumericNotEquals, "NumericNotEquals"),
    (B::NumericLessThan, "NumericLessThan"),
    (B::NumericLessThanEquals, "NumericLessThanEquals"),
    (B::NumericGreaterThan, "NumericGreaterThan"),
    (B::NumericGreaterThanEquals, "NumericGreaterThanEquals"),
    (B::DateEquals, "DateEquals"),
    (B::DateNotEquals, "DateNotEquals"),
    (B::DateLessThan, "DateLessThan"),
    (B::DateLessThanEquals, "DateLessThanEquals"),
    (B::DateGreaterThan, "DateGreaterThan"),
    (B::DateGreaterThanEquals, "DateGreaterThanEquals"),
    (B::Bool, "Bool"),
    (B::BinaryEquals, "BinaryEquals"),
    (B::IpAddress, "IpAddress"),
    (B::NotIpAddress, "NotIpAddress"),
    (B::ArnEquals, "ArnEquals"),
    (B::ArnLike, "ArnLike"),
    (B::ArnNotEquals, "ArnNotEquals"),
    (B::ArnNotLike, "ArnNotLike"),
    (B::Null, "Null"),
];

impl BaseOperator {
    /// The operator's name as written in policies.
    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(op, _)| *op == self)
            .map_or("?", |(_, name)| name)
    }

    /// Reads a base operator's exact name (no qualifier, no `IfExists`).
    pub fn from_name(name: &str) -> Option<BaseOperator> {
        ALL.iter().find(|(_, n)| *n == name).map(|(op, _)| *op)
    }

    /// Every operator name, for "did you mean" hints.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        ALL.iter().map(|(_, name)| *name)
    }

    /// The family that decides how its values are read.
    pub fn family(self) -> OperatorFamily {
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => OperatorFamily::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => OperatorFamily::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => OperatorFamily::Date,
            B::Bool => OperatorFamily::Bool,
            B::BinaryEquals => OperatorFamily::Binary,
            B::IpAddress | B::NotIpAddress => OperatorFamily::Ip,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => OperatorFamily::Arn,
            B::Null => OperatorFamily::Null,
        }
    }

    /// Negated operators are true when the key is missing and combine their values with NOR.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }

    /// The positive operator whose result a negated one inverts (itself when not negated).
    pub fn positive(self) -> BaseOperator {
        match self {
            B::StringNotEquals => B::StringEquals,
            B::StringNotEqualsIgnoreCase => B::StringEqualsIgnoreCase,
            B::StringNotLike => B::StringLike,
            B::NumericNotEquals => B::NumericEquals,
            B::DateNotEquals => B::DateEquals,
            B::NotIpAddress => B::IpAddress,
            B::ArnNotEquals => B::ArnEquals,
            B::ArnNotLike => B::ArnLike,
            other => other,
        }
    }

    /// Whether `${...}` variables are substituted in this operator's values.
    /// AWS documents variables for string and ARN operators; for `Bool` its pages disagree, and
    /// iamsim treats `Bool` values as literals (see the reference, open question 8).
    pub fn supports_variables(self) -> bool {
        matches!(self.family(), OperatorFamily::String | OperatorFamily::Arn)
    }
}

/// `ForAllValues:` / `ForAnyValue:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// No qualifier: the key's single value is compared.
    None,
    /// `ForAllValues:`: every value of the key must match (true when the key is absent).
    ForAllValues,
    /// `ForAnyValue:`: at least one value of the key must match.
    ForAnyValue,
}

/// A full condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionOperator {
    /// `ForAllValues:` / `ForAnyValue:` or none.
    pub qualifier: SetQualifier,
    /// The base operator.
    pub base: BaseOperator,
    /// The `IfExists` suffix: the condition holds when the key is absent.
    pub if_exists: bool,
}

/// Why an operator name could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorError {
    /// The base name is no AWS operator.
    UnknownOperator,
    /// The part before `:` is neither `ForAllValues` nor `ForAnyValue`.
    UnknownQualifier,
    /// `NullIfExists` is not an operator.
    NullWithIfExists,
}

impl ConditionOperator {
    /// Reads `[ForAllValues:|ForAnyValue:]Base[IfExists]`.
    pub fn parse(name: &str) -> Result<ConditionOperator, OperatorError> {
        // A byte scan: `split_once` costs several times more on these short names.
        let split = name
            .bytes()
            .position(|b| b == b':')
            .and_then(|at| Some((name.get(..at)?, name.get(at + 1..)?)));
        let (qualifier, rest) = match split {
            Some(("ForAllValues", rest)) => (SetQualifier::ForAllValues, rest),
            Some(("ForAnyValue", rest)) => (SetQualifier::ForAnyValue, rest),
            Some(_) => return Err(OperatorError::UnknownQualifier),
            None => (SetQualifier::None, name),
        };
        let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let base = BaseOperator::from_name(base_name).ok_or(OperatorError::UnknownOperator)?;
        if base == BaseOperator::Null && if_exists {
            return Err(OperatorError::NullWithIfExists);
        }
        Ok(ConditionOperator {
            qualifier,
            base,
            if_exists,
        })
    }

    /// The operator's full name, as written in policies.
    pub fn name(&self) -> String {
        let prefix = match self.qualifier {
            SetQualifier::None => "",
            SetQualifier::ForAllValues => "ForAllValues:",
            SetQualifier::ForAnyValue => "ForAnyValue:",
        };
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{prefix}{}{suffix}", self.base.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_shape() {
        let op = ConditionOperator::parse("ForAllValues:StringNotEqualsIfExists").unwrap();
        assert_eq!(op.qualifier, SetQualifier::ForAllValues);
        assert_eq!(op.base, BaseOperator::StringNotEquals);
        assert!(op.if_exists);
        assert_eq!(op.name(), "ForAllValues:StringNotEqualsIfExists");
        for name in BaseOperator::all_names() {
            let op = ConditionOperator::parse(name).unwrap();
            assert_eq!(op.name(), name);
        }
        assert_eq!(
            ConditionOperator::parse("NullIfExists"),
            Err(OperatorError::NullWithIfExists)
        );
        assert_eq!(
            ConditionOperator::parse("StringEqualz"),
            Err(OperatorError::UnknownOperator)
        );
        assert_eq!(
            ConditionOperator::parse("ForSomeValues:StringEquals"),
            Err(OperatorError::UnknownQualifier)
        );
        assert_eq!(
            ConditionOperator::parse("stringequals"),
            Err(OperatorError::UnknownOperator)
        );
    }

    #[test]
    fn negation_pairs() {
        for name in BaseOperator::all_names() {
            let op = BaseOperator::from_name(name).unwrap();
            assert_eq!(op.is_negated(), op.positive() != op, "{name}");
        }
    }
}
