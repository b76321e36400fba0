//! Condition values compiled by operator family: patterns for strings and ARNs, exact decimals,
//! timestamps, booleans, IP networks and bytes. An unreadable value compiles to `None`, which no
//! context value matches.

use crate::pattern::{Pattern, Syntax};
use crate::policy::{BaseOperator, Condition, ConditionOperator, OperatorFamily};
use crate::value::{self, Decimal, Timestamp};
use ipnet::IpNet;

/// An ARN pattern for the Arn operators: each of the six fields globbed separately.
#[derive(Debug, Clone)]
pub struct ArnPattern {
    pub fields: Box<[Pattern; 5]>,
}

/// A condition's values, read once into the type its operator compares.
#[derive(Debug, Clone)]
pub enum CompiledValues {
    /// Equality operators (case-sensitive or not): patterns without wildcards, maybe with variables.
    /// For the IgnoreCase operators the literal text is lowercased at compile time.
    Strings(Box<[Pattern]>),
    /// StringLike / StringNotLike.
    Like(Box<[Pattern]>),
    /// Numeric operators (`None`: a value that is not a number; it matches nothing).
    Numbers(Box<[Option<Decimal>]>),
    /// Date operators (`None`: not a date).
    Dates(Box<[Option<Timestamp>]>),
    /// `Bool` (`None`: neither true nor false).
    Bools(Box<[Option<bool>]>),
    /// `BinaryEquals`: base64-decoded (`None`: not base64).
    Binaries(Box<[Option<Vec<u8>>]>),
    /// IP operators: networks (a bare address is a /32 or /128; `None`: not an address).
    Ips(Box<[Option<IpNet>]>),
    /// `None` for a value that is not an ARN (it matches nothing).
    Arns(Box<[Option<ArnPattern>]>),
}

/// One condition (operator, key, values) ready to evaluate without parsing.
#[derive(Debug, Clone)]
pub struct CompiledCondition {
    /// The operator with its qualifier and `IfExists`.
    pub operator: ConditionOperator,
    /// The key, lowercased (keys are case-insensitive).
    pub key: Box<str>,
    /// The key as written, for traces.
    pub key_display: Box<str>,
    /// The values, typed.
    pub values: CompiledValues,
    /// The values as written, for explanations (a denial names what a condition expected).
    pub values_text: Box<[Box<str>]>,
}

impl CompiledCondition {
    /// The literal values of a string or ARN condition (values without wildcards or variables):
    /// the values a request would have to carry for a positive operator to hold.
    pub fn literal_values(&self) -> Vec<&str> {
        match &self.values {
            CompiledValues::Strings(patterns) | CompiledValues::Like(patterns) => {
                patterns.iter().filter_map(Pattern::as_literal).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Values of a string condition that satisfy it (literals, and wildcard patterns written as
    /// a value that matches them): what a caller would pass to meet it.
    pub fn sample_values(&self) -> Vec<String> {
        match &self.values {
            CompiledValues::Strings(patterns) | CompiledValues::Like(patterns) => {
                patterns.iter().filter_map(Pattern::sample).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The keys the policy variables in the values read (lowercased): the condition depends on
    /// them as well as on its own key.
    pub fn variable_keys(&self) -> Vec<&str> {
        match &self.values {
            CompiledValues::Strings(patterns) | CompiledValues::Like(patterns) => {
                patterns.iter().flat_map(Pattern::variable_keys).collect()
            }
            CompiledValues::Arns(patterns) => patterns
                .iter()
                .flatten()
                .flat_map(|p| p.fields.iter().flat_map(Pattern::variable_keys))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Compiles a condition; `policy_variables` is whether the policy version allows `${…}`.
    pub fn compile(c: &Condition, policy_variables: bool) -> Self {
        let op = c.operator.value;
        let variables = policy_variables && op.base.supports_variables();
        let texts = || c.values.iter().map(|v| v.value.as_str());
        let values = match op.base.family() {
            OperatorFamily::String => match op.base.positive() {
                BaseOperator::StringLike => CompiledValues::Like(
                    texts()
                        .map(|t| {
                            Pattern::compile(
                                t,
                                Syntax {
                                    wildcards: true,
                                    variables,
                                },
                            )
                        })
                        .collect(),
                ),
                BaseOperator::StringEqualsIgnoreCase => CompiledValues::Strings(
                    texts()
                        .map(|t| {
                            Pattern::compile(
                                &lower_literal(t),
                                Syntax {
                                    wildcards: false,
                                    variables,
                                },
                            )
                        })
                        .collect(),
                ),
                _ => CompiledValues::Strings(
                    texts()
                        .map(|t| {
                            Pattern::compile(
                                t,
                                Syntax {
                                    wildcards: false,
                                    variables,
                                },
                            )
                        })
                        .collect(),
                ),
            },
            OperatorFamily::Numeric => {
                CompiledValues::Numbers(texts().map(Decimal::parse).collect())
            }
            OperatorFamily::Date => {
                CompiledValues::Dates(texts().map(value::parse_timestamp).collect())
            }
            OperatorFamily::Bool | OperatorFamily::Null => {
                CompiledValues::Bools(texts().map(value::parse_bool).collect())
            }
            OperatorFamily::Binary => {
                CompiledValues::Binaries(texts().map(value::parse_binary).collect())
            }
            OperatorFamily::Ip => {
                CompiledValues::Ips(texts().map(value::parse_ip_network).collect())
            }
            OperatorFamily::Arn => CompiledValues::Arns(
                texts()
                    .map(|t| {
                        let syntax = Syntax {
                            wildcards: true,
                            variables,
                        };
                        split_arn_pattern(t).map(|fields| ArnPattern {
                            fields: Box::new(fields.map(|f| Pattern::compile(f, syntax))),
                        })
                    })
                    .collect(),
            ),
        };
        CompiledCondition {
            operator: op,
            key: c.key.value.to_lowercase().into_boxed_str(),
            key_display: c.key.value.clone().into_boxed_str(),
            values,
            values_text: c.values.iter().map(|v| v.value.as_str().into()).collect(),
        }
    }
}

/// Lowercases the text outside `${...}` variable references (whose key names must stay intact
/// for the default text; keys are lowercased by the pattern compiler anyway).
fn lower_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let (before, after) = rest.split_at(start);
        out.push_str(&before.to_lowercase());
        match after.find('}') {
            Some(end) => {
                out.push_str(after.get(..=end).unwrap_or_default());
                rest = after.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(&after.to_lowercase());
                rest = "";
            }
        }
    }
    out.push_str(&rest.to_lowercase());
    out
}

/// Splits an ARN pattern into its five fields after `arn:`; `*` alone covers every field.
/// Variables may contain `:` only in theory; field splitting ignores colons inside `${...}`.
fn split_arn_pattern(text: &str) -> Option<[&str; 5]> {
    if text == "*" {
        return Some(["*", "*", "*", "*", "*"]);
    }
    let mut fields: [&str; 6] = [""; 6];
    let mut count = 0;
    let mut start = 0;
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'$') if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            Some(b'}') if depth > 0 => depth -= 1,
            Some(b':') if depth == 0 && count < 5 => {
                *fields.get_mut(count)? = text.get(start..i)?;
                count += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if count < 5 {
        return None;
    }
    *fields.get_mut(5)? = text.get(start..)?;
    let [arn, partition, service, region, account, resource] = fields;
    (arn == "arn").then_some([partition, service, region, account, resource])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_pattern_split() {
        assert_eq!(
            split_arn_pattern("arn:aws:s3:::b/*"),
            Some(["aws", "s3", "", "", "b/*"])
        );
        assert_eq!(
            split_arn_pattern("arn:aws:iam::${aws:PrincipalAccount}:role/x"),
            Some(["aws", "iam", "", "${aws:PrincipalAccount}", "role/x"])
        );
        assert_eq!(split_arn_pattern("arn:aws:s3"), None);
        assert_eq!(
            lower_literal("ABC-${aws:PrincipalTag/Team}-X"),
            "abc-${aws:PrincipalTag/Team}-x"
        );
    }
}
