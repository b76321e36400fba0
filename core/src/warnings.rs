//! Warnings on a request: what makes an answer suspect without making the question invalid.
//!
//! An action the catalog does not know (`sts:AssumeRolee`) matches only wildcard patterns, so a
//! test expecting a deny passes without testing anything; a context value of a well-known global
//! key that AWS could never send (`aws:SourceIp` = `999.1.2.3`, `aws:MultiFactorAuthAge` = `five
//! minutes`) makes every condition on that key compare against nonsense. Both are decided as given
//! and reported here. Computed once per scenario read, never on the decision path.

use crate::catalog::{global_condition_key, Catalog, ConditionKeyType};
use crate::diag::Diagnostic;
use crate::json::{child_pointer, index_pointer, JsonKind, JsonValue};
use crate::scenario::Scenario;

/// Why a request's action is suspect: `(code, message, hint)`, or `None` for an action the
/// embedded catalog knows.
pub fn unknown_action(action: &str) -> Option<(&'static str, String, String)> {
    let catalog = Catalog::global();
    let (prefix, name) = action.split_once(':')?;
    let Some(service) = catalog.service(prefix) else {
        let hint = match catalog.suggest_service(prefix).first() {
            Some(s) => format!("did you mean the service `{}`?", s.prefix()),
            None => "check the service prefix (the part before `:`)".into(),
        };
        return Some((
            "unknown-service",
            format!("`{prefix}` is not an AWS service prefix the catalog knows: `{action}` is decided as matching only wildcard patterns"),
            hint,
        ));
    };
    if service.action(name).is_some() {
        return None;
    }
    let suggestions: Vec<String> = catalog
        .suggest_action(action)
        .iter()
        .map(|a| format!("`{}`", a.full_name()))
        .collect();
    let hint = if suggestions.is_empty() {
        let source = catalog.source();
        format!(
            "the embedded catalog ({} {}) does not know it; if AWS added it recently, ignore this warning",
            source.package, source.version
        )
    } else {
        format!("did you mean {}?", suggestions.join(" or "))
    };
    Some((
        "unknown-action",
        format!(
            "`{action}` is not an action of {}: it is decided as matching only wildcard patterns",
            service.name()
        ),
        hint,
    ))
}

/// The global keys whose value is an account id (the catalog types them as plain strings).
const ACCOUNT_KEYS: [&str; 4] = [
    "aws:PrincipalAccount",
    "aws:ResourceAccount",
    "aws:SourceAccount",
    "aws:VpceAccount",
];

/// What a value of a global key must look like, and an example; `None` when any text will do.
fn expected_form(key: &str, key_type: ConditionKeyType) -> Option<(&'static str, &'static str)> {
    if ACCOUNT_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        return Some(("a 12-digit account id", "\"111122223333\""));
    }
    match key_type.element() {
        ConditionKeyType::Bool => Some(("true or false", "\"true\"")),
        ConditionKeyType::Numeric => Some(("a number", "\"300\"")),
        ConditionKeyType::Date => Some((
            "a date (ISO 8601) or epoch seconds",
            "\"2024-05-01T12:00:00Z\"",
        )),
        ConditionKeyType::IpAddress => Some(("an IP address or CIDR", "\"203.0.113.9\"")),
        ConditionKeyType::Arn => Some(("an ARN", "\"arn:aws:iam::111122223333:role/R\"")),
        _ => None,
    }
}

/// Whether `text` has the form `expected_form` describes.
fn has_form(key: &str, key_type: ConditionKeyType, text: &str) -> bool {
    if ACCOUNT_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        return crate::arn::is_account_id(text);
    }
    match key_type.element() {
        ConditionKeyType::Bool => crate::value::parse_bool(text).is_some(),
        ConditionKeyType::Numeric => crate::value::Decimal::parse(text).is_some(),
        ConditionKeyType::Date => crate::value::parse_timestamp(text).is_some(),
        ConditionKeyType::IpAddress => crate::value::parse_ip_network(text).is_some(),
        ConditionKeyType::Arn => crate::arn::Arn::parse(text).is_some(),
        _ => true,
    }
}

/// The text of a scalar context value as the scenario reader reads it.
fn scalar_text<'v>(v: &'v JsonValue) -> Option<std::borrow::Cow<'v, str>> {
    match &v.kind {
        JsonKind::String(s) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        JsonKind::Number(n) => Some(std::borrow::Cow::Borrowed(n)),
        JsonKind::Bool(b) => Some(std::borrow::Cow::Owned(b.to_string())),
        _ => None,
    }
}

/// A warning for one value of a global key that is not of the key's form; the path is built only
/// then (most values are fine, and this runs once per scenario read).
fn value_warning(
    key: &str,
    key_type: ConditionKeyType,
    item: &JsonValue,
    path: impl FnOnce() -> String,
) -> Option<Diagnostic> {
    let text = scalar_text(item)?;
    if has_form(key, key_type, &text) {
        return None;
    }
    let (form, example) = expected_form(key, key_type)?;
    Some(
        Diagnostic::warning(
            "malformed-context-value",
            format!("`{key}` is `{text}`, which is not {form}: conditions on it compare against a value AWS never sends"),
            path(),
            item.span,
        )
        .with_hint(format!("give {form}, e.g. {example}")),
    )
}

/// Warnings about the context object of a scenario (`/context`): values of well-known global keys
/// that are not of their key's form, and an array given for a single-valued global key.
pub(crate) fn context_warnings(context: &JsonValue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(members) = context.as_object() else {
        return out;
    };
    for (key, value) in members {
        // Only global keys have a known form: skip the others without looking them up.
        let aws = key
            .text
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("aws:"));
        let Some(global) = aws.then(|| global_condition_key(&key.text)).flatten() else {
            continue;
        };
        let key_type = global.key_type;
        let path = || child_pointer("/context", &key.text);
        let JsonKind::Array(items) = &value.kind else {
            out.extend(value_warning(&key.text, key_type, value, path));
            continue;
        };
        if !key_type.is_multi_valued() {
            out.push(
                Diagnostic::warning(
                    "array-for-single-valued-key",
                    format!("`{}` is single-valued, but is given as an array: conditions without ForAnyValue/ForAllValues never match it", key.text),
                    path(),
                    value.span,
                )
                .with_hint("give the value as a string, not an array"),
            );
        }
        for (i, item) in items.iter().enumerate() {
            out.extend(value_warning(&key.text, key_type, item, || {
                index_pointer(&path(), i)
            }));
        }
    }
    out
}

/// Every warning on a scenario read from `value`: its action and its context.
pub(crate) fn scenario_warnings(value: &JsonValue, scenario: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some((code, message, hint)) = unknown_action(&scenario.request.action.raw) {
        if let Some(v) = value.get("action") {
            out.push(Diagnostic::warning(code, message, "/action", v.span).with_hint(hint));
        }
    }
    if let Some(context) = value.get("context") {
        out.extend(context_warnings(context));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<(&'static str, String)> {
        let value = crate::json::parse(text, crate::json::Limits::default()).unwrap();
        let scenario = crate::scenario::read_scenario(&value, text).unwrap();
        scenario_warnings(&value, &scenario)
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect()
    }

    fn with(action: &str, context: &str) -> String {
        format!(r#"{{"principal":null,"action":"{action}","resource":"*","context":{context}}}"#)
    }

    #[test]
    fn known_actions_and_well_formed_values_give_none() {
        let context = r#"{"aws:SourceIp":"203.0.113.0/24","aws:MultiFactorAuthAge":300,"aws:CurrentTime":"2024-05-01T12:00:00Z","aws:EpochTime":"1714564800","aws:SecureTransport":true,"aws:MultiFactorAuthPresent":"FALSE","aws:SourceAccount":"111122223333","aws:PrincipalArn":"arn:aws:iam::111122223333:role/R","aws:CalledVia":["athena.amazonaws.com"],"aws:PrincipalTag/team":"x","s3:prefix":"anything"}"#;
        assert_eq!(warnings(&with("sts:AssumeRole", context)), []);
        assert_eq!(warnings(&with("S3:getobject", "{}")), []);
    }

    #[test]
    fn unknown_actions_and_services_are_named() {
        assert_eq!(
            warnings(&with("sts:AssumeRolee", "{}")),
            [("unknown-action", "/action".to_owned())]
        );
        assert_eq!(
            warnings(&with("s4:GetObject", "{}")),
            [("unknown-service", "/action".to_owned())]
        );
        let (_, _, hint) = unknown_action("sts:AssumeRolee").unwrap();
        assert!(hint.contains("`sts:AssumeRole`"), "{hint}");
    }

    #[test]
    fn malformed_values_of_global_keys_are_located() {
        let context = r#"{"aws:SourceIp":"999.1.2.3","aws:MultiFactorAuthAge":"five minutes","aws:EpochTime":"soon","aws:CurrentTime":"yesterday","aws:ResourceAccount":"22222","aws:PrincipalAccount":"1111222233334","aws:SecureTransport":"yes","aws:MultiFactorAuthPresent":1,"aws:SourceArn":"my-bucket","aws:VpcSourceIp":["10.0.0.1","x"],"aws:SourceVpc":["vpc-1"]}"#;
        let got = warnings(&with("s3:GetObject", context));
        let paths: Vec<&str> = got.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/context/aws:SourceIp",
                "/context/aws:MultiFactorAuthAge",
                "/context/aws:EpochTime",
                "/context/aws:CurrentTime",
                "/context/aws:ResourceAccount",
                "/context/aws:PrincipalAccount",
                "/context/aws:SecureTransport",
                "/context/aws:MultiFactorAuthPresent",
                "/context/aws:SourceArn",
                "/context/aws:VpcSourceIp",
                "/context/aws:VpcSourceIp/1",
                "/context/aws:SourceVpc",
            ]
        );
        assert!(got
            .iter()
            .filter(|(_, p)| p != "/context/aws:VpcSourceIp" && p != "/context/aws:SourceVpc")
            .all(|(c, _)| *c == "malformed-context-value"));
        assert_eq!(got[9].0, "array-for-single-valued-key");
    }
}
