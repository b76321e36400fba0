//! Condition evaluation with AWS's semantics for missing keys, `IfExists`, `Null`, set
//! qualifiers, negated operators (NOR over values) and policy variables.
//!
//! | form | key absent | key present |
//! |---|---|---|
//! | positive | false | OR over policy values |
//! | negated | true | NOR over policy values |
//! | `…IfExists` | true | as without |
//! | `Null: true/false` | true/false | false/true |
//! | `ForAnyValue:` | false | some context value satisfies the base operator |
//! | `ForAllValues:` | true | every context value satisfies the base operator |
//!
//! A multi-valued key used without a set qualifier is not documented by AWS; iamsim treats it as
//! "no match" (the reference, open question 2), pinned by a test.

use crate::compile::{CompiledCondition, CompiledValues};
use crate::context::{Context, ContextValue, ContextValues};
use crate::pattern::VarSource;
use crate::policy::{BaseOperator, SetQualifier};

/// The outcome of one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionResult {
    /// Whether the condition holds.
    pub satisfied: bool,
    /// The key was not in the context (AWS's MissingContextValues).
    pub key_missing: bool,
}

/// Evaluates one condition against the request's context, with AWS's missing-key rules.
pub(crate) fn evaluate_condition(c: &CompiledCondition, ctx: &Context) -> ConditionResult {
    let op = c.operator;
    let present = ctx.get(&c.key).filter(|v| v.is_present());
    if op.base == BaseOperator::Null {
        return ConditionResult {
            satisfied: null_holds(&c.values, present.is_none()),
            key_missing: present.is_none(),
        };
    }
    let Some(values) = present else {
        let satisfied = op.if_exists
            || match op.qualifier {
                SetQualifier::ForAllValues => true,
                SetQualifier::ForAnyValue => false,
                SetQualifier::None => op.base.is_negated(),
            };
        return ConditionResult {
            satisfied,
            key_missing: true,
        };
    };
    let satisfied = match op.qualifier {
        SetQualifier::None => match values {
            ContextValues::Single(v) => one_value(c, v, ctx),
            ContextValues::Multi(_) => false,
        },
        SetQualifier::ForAnyValue => values.as_slice().iter().any(|v| one_value(c, v, ctx)),
        SetQualifier::ForAllValues => values.as_slice().iter().all(|v| one_value(c, v, ctx)),
    };
    ConditionResult {
        satisfied,
        key_missing: false,
    }
}

/// `Null` values: `true` holds when the key is absent, `false` when present; several values OR.
fn null_holds(values: &CompiledValues, absent: bool) -> bool {
    match values {
        CompiledValues::Bools(bs) => bs.contains(&Some(absent)),
        _ => false,
    }
}

/// The base operator applied to one context value: positive operators OR over the policy values,
/// negated ones NOR.
fn one_value(c: &CompiledCondition, v: &ContextValue, vars: &Context) -> bool {
    let base = c.operator.base;
    let any = any_policy_value_matches(base.positive(), &c.values, v, vars);
    if base.is_negated() {
        !any
    } else {
        any
    }
}

fn any_policy_value_matches(
    base: BaseOperator,
    values: &CompiledValues,
    v: &ContextValue,
    vars: &Context,
) -> bool {
    use BaseOperator as B;
    match values {
        CompiledValues::Strings(patterns) => {
            let fold = base == B::StringEqualsIgnoreCase;
            patterns
                .iter()
                .any(|p| match p.resolve_literal(vars as &dyn VarSource) {
                    Some(expected) if fold => eq_fold(&expected, &v.raw),
                    Some(expected) => *expected == *v.raw,
                    None => false,
                })
        }
        CompiledValues::Like(patterns) => patterns.iter().any(|p| p.matches(&v.raw, vars)),
        CompiledValues::Numbers(numbers) => v.number.is_some_and(|n| {
            numbers.iter().flatten().any(|expected| match base {
                B::NumericEquals => n == *expected,
                B::NumericLessThan => n < *expected,
                B::NumericLessThanEquals => n <= *expected,
                B::NumericGreaterThan => n > *expected,
                B::NumericGreaterThanEquals => n >= *expected,
                _ => false,
            })
        }),
        CompiledValues::Dates(dates) => v.date.is_some_and(|d| {
            dates.iter().flatten().any(|expected| match base {
                B::DateEquals => d == *expected,
                B::DateLessThan => d < *expected,
                B::DateLessThanEquals => d <= *expected,
                B::DateGreaterThan => d > *expected,
                B::DateGreaterThanEquals => d >= *expected,
                _ => false,
            })
        }),
        CompiledValues::Bools(bools) => v.boolean.is_some_and(|b| bools.contains(&Some(b))),
        CompiledValues::Binaries(binaries) => {
            let Some(bytes) = crate::value::parse_binary(&v.raw) else {
                return false;
            };
            binaries.iter().flatten().any(|expected| *expected == bytes)
        }
        CompiledValues::Ips(nets) => {
            v.ip.is_some_and(|ip| nets.iter().flatten().any(|net| net.contains(&ip)))
        }
        CompiledValues::Arns(patterns) => {
            let Some(arn) = crate::arn::Arn::parse(&v.raw) else {
                return false;
            };
            let fields = arn.fields();
            patterns.iter().flatten().any(|p| {
                p.fields
                    .iter()
                    .zip(fields)
                    .all(|(pattern, field)| pattern.matches(field, vars))
            })
        }
    }
}

/// Case-insensitive equality with Unicode lowercasing, without allocating.
fn eq_fold(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;

    /// Evaluates the single condition of a one-statement policy against a context.
    fn eval(op: &str, key: &str, values: &str, ctx: &Context) -> ConditionResult {
        eval_v("2012-10-17", op, key, values, ctx)
    }

    fn eval_v(version: &str, op: &str, key: &str, values: &str, ctx: &Context) -> ConditionResult {
        let text = format!(
            r#"{{"Version":"{version}","Statement":{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"{op}":{{"{key}":{values}}}}}}}}}"#
        );
        let parsed = parse_policy(&text);
        assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
        let cond = &parsed.policy.unwrap().statements[0].conditions[0];
        evaluate_condition(
            &CompiledCondition::compile(cond, version == "2012-10-17"),
            ctx,
        )
    }

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        let mut c = Context::new();
        for (k, v) in pairs {
            c.set(k, *v);
        }
        c
    }

    fn sat(op: &str, key: &str, values: &str, c: &Context) -> bool {
        eval(op, key, values, c).satisfied
    }

    #[test]
    fn missing_key_table() {
        let empty = Context::new();
        for op in [
            "StringEquals",
            "StringLike",
            "NumericLessThan",
            "DateGreaterThan",
            "Bool",
            "IpAddress",
            "ArnLike",
            "BinaryEquals",
        ] {
            let r = eval(op, "k", r#""1""#, &empty);
            assert_eq!(
                r,
                ConditionResult {
                    satisfied: false,
                    key_missing: true
                },
                "{op}"
            );
            assert!(
                sat(&format!("{op}IfExists"), "k", r#""1""#, &empty),
                "{op}IfExists"
            );
        }
        for op in [
            "StringNotEquals",
            "StringNotEqualsIgnoreCase",
            "StringNotLike",
            "NumericNotEquals",
            "DateNotEquals",
            "NotIpAddress",
            "ArnNotEquals",
            "ArnNotLike",
        ] {
            assert!(sat(op, "k", r#""1""#, &empty), "{op}");
            assert!(
                sat(&format!("{op}IfExists"), "k", r#""1""#, &empty),
                "{op}IfExists"
            );
        }
        assert!(sat("Null", "k", r#""true""#, &empty));
        assert!(!sat("Null", "k", r#""false""#, &empty));
        assert!(!sat("ForAnyValue:StringEquals", "k", r#""a""#, &empty));
        assert!(sat("ForAllValues:StringEquals", "k", r#""a""#, &empty));
        // The reference's open question 1: ForAllValues with a negated operator is vacuously true.
        assert!(sat("ForAllValues:StringNotLike", "k", r#""a""#, &empty));
        assert!(sat(
            "ForAnyValue:StringEqualsIfExists",
            "k",
            r#""a""#,
            &empty
        ));
    }

    #[test]
    fn strings_and_case() {
        let c = ctx(&[("aws:PrincipalTag/Team", "Red")]);
        assert!(sat("StringEquals", "AWS:PRINCIPALTAG/team", r#""Red""#, &c));
        assert!(!sat(
            "StringEquals",
            "aws:PrincipalTag/Team",
            r#""red""#,
            &c
        ));
        assert!(sat(
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/Team",
            r#""rED""#,
            &c
        ));
        assert!(!sat(
            "StringNotEqualsIgnoreCase",
            "aws:PrincipalTag/Team",
            r#"["blue","RED"]"#,
            &c
        ));
        assert!(sat(
            "StringNotEquals",
            "aws:PrincipalTag/Team",
            r#"["blue","green"]"#,
            &c
        ));
        assert!(!sat(
            "StringNotEquals",
            "aws:PrincipalTag/Team",
            r#"["blue","Red"]"#,
            &c
        ));
        assert!(sat("StringLike", "aws:PrincipalTag/Team", r#"["R*"]"#, &c));
        assert!(!sat("StringLike", "aws:PrincipalTag/Team", r#"["r*"]"#, &c));
        assert!(sat(
            "StringEquals",
            "aws:PrincipalTag/Team",
            r#""R*d""#,
            &ctx(&[("aws:PrincipalTag/Team", "R*d")])
        ));
    }

    #[test]
    fn variables_in_values() {
        let c = ctx(&[("aws:username", "alice"), ("s3:prefix", "home/alice/")]);
        assert!(sat(
            "StringLike",
            "s3:prefix",
            r#""home/${aws:username}/""#,
            &c
        ));
        assert!(!sat(
            "StringLike",
            "s3:prefix",
            r#""home/${aws:userid}/""#,
            &c
        ));
        // An unresolvable variable matches nothing: negated operators are then true.
        assert!(sat(
            "StringNotLike",
            "s3:prefix",
            r#""home/${aws:userid}/""#,
            &c
        ));
        assert!(sat(
            "StringLike",
            "s3:prefix",
            r#""home/${aws:userid, 'alice'}/""#,
            &c
        ));
        // Under 2008-10-17 the variable is literal text.
        assert!(
            !eval_v(
                "2008-10-17",
                "StringLike",
                "s3:prefix",
                r#""home/${aws:username}/""#,
                &c
            )
            .satisfied
        );
    }

    #[test]
    fn numbers_dates_bools_ips_binary_arns() {
        let c = ctx(&[
            ("n", "10"),
            ("aws:CurrentTime", "2025-06-15T12:00:00Z"),
            ("aws:EpochTime", "1750000000"),
            ("aws:SecureTransport", "TRUE"),
            ("aws:SourceIp", "203.0.113.9"),
            ("v6", "2001:db8::1"),
            ("bin", "aGk="),
            ("aws:SourceArn", "arn:aws:s3:::bucket/x:y"),
        ]);
        assert!(sat("NumericLessThan", "n", "11", &c));
        assert!(!sat("NumericLessThan", "n", r#""10.0""#, &c));
        assert!(sat("NumericLessThanEquals", "n", r#""10.0""#, &c));
        assert!(sat("NumericNotEquals", "n", r#"["9","11"]"#, &c));
        assert!(!sat("NumericEquals", "n", r#""12abc""#, &c));
        assert!(sat(
            "DateGreaterThan",
            "aws:CurrentTime",
            r#""2025-01-01""#,
            &c
        ));
        assert!(!sat(
            "DateLessThan",
            "aws:CurrentTime",
            r#""2025-06-15T13:00:00+01:00""#,
            &c
        ));
        assert!(sat(
            "DateGreaterThan",
            "aws:EpochTime",
            r#""2025-01-01T00:00:00Z""#,
            &c
        ));
        assert!(sat(
            "DateLessThan",
            "aws:CurrentTime",
            r#""1800000000""#,
            &c
        ));
        assert!(sat("Bool", "aws:SecureTransport", "true", &c));
        assert!(!sat("Bool", "aws:SecureTransport", r#""false""#, &c));
        assert!(sat(
            "IpAddress",
            "aws:SourceIp",
            r#"["203.0.113.0/24"]"#,
            &c
        ));
        assert!(sat("IpAddress", "aws:SourceIp", r#""203.0.113.9""#, &c));
        assert!(!sat("IpAddress", "aws:SourceIp", r#""::/0""#, &c));
        assert!(sat("NotIpAddress", "aws:SourceIp", r#""10.0.0.0/8""#, &c));
        assert!(sat("IpAddress", "v6", r#""2001:db8::/32""#, &c));
        assert!(sat("BinaryEquals", "bin", r#""aGk""#, &c));
        assert!(sat(
            "ArnLike",
            "aws:SourceArn",
            r#""arn:aws:s3:::bucket/*""#,
            &c
        ));
        assert!(sat(
            "ArnEquals",
            "aws:SourceArn",
            r#""arn:aws:s3:::bucket/x:y""#,
            &c
        ));
        assert!(!sat(
            "ArnLike",
            "aws:SourceArn",
            r#""arn:aws:*:bucket/*""#,
            &c
        ));
        assert!(sat(
            "ArnNotLike",
            "aws:SourceArn",
            r#""arn:aws:sqs:*:*:*""#,
            &c
        ));
    }

    #[test]
    fn arn_like_keeps_wildcards_inside_fields() {
        let c = ctx(&[(
            "aws:SourceArn",
            "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/x",
        )]);
        assert!(!sat(
            "ArnLike",
            "aws:SourceArn",
            r#""arn:aws:svc:*:111122223333:finance/*""#,
            &c
        ));
        assert!(sat(
            "StringLike",
            "aws:SourceArn",
            r#""arn:aws:svc:*:111122223333:finance/*""#,
            &c
        ));
    }

    #[test]
    fn set_qualifiers() {
        let mut c = Context::new();
        c.set_multi("aws:TagKeys", ["team", "env"]);
        assert!(sat(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            r#"["team","env","owner"]"#,
            &c
        ));
        assert!(!sat(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            r#"["team"]"#,
            &c
        ));
        assert!(sat(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            r#"["team"]"#,
            &c
        ));
        assert!(!sat(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            r#"["owner"]"#,
            &c
        ));
        assert!(sat(
            "ForAnyValue:StringNotEquals",
            "aws:TagKeys",
            r#"["team"]"#,
            &c
        ));
        assert!(!sat(
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            r#"["team"]"#,
            &c
        ));
        // Empty sets count as absent.
        c.set_multi("aws:TagKeys", Vec::<String>::new());
        assert!(sat(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            r#"["x"]"#,
            &c
        ));
        assert!(!sat(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            r#"["x"]"#,
            &c
        ));
        // Reference open question 2: an unqualified operator on a multi-valued key does not match.
        c.set_multi("aws:TagKeys", ["team"]);
        assert!(!sat("StringEquals", "aws:TagKeys", r#""team""#, &c));
        // A set qualifier on a single-valued key treats it as a one-element set.
        assert!(sat(
            "ForAllValues:StringEquals",
            "single",
            r#""a""#,
            &ctx(&[("single", "a")])
        ));
    }

    #[test]
    fn null_operator() {
        let c = ctx(&[("k", "")]);
        // An empty string is a present value (reference open question 10).
        assert!(sat("Null", "k", r#""false""#, &c));
        assert!(!sat("Null", "k", r#""true""#, &c));
        assert!(sat("Null", "absent", r#"["true"]"#, &c));
    }
}
