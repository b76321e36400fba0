//! From the span-carrying JSON tree to a typed [`Policy`], collecting every error.

use super::ast::*;
use super::operator::{ConditionOperator, OperatorError};
use crate::diag::{did_you_mean, Diagnostic};
use crate::json::{self, JsonKind, JsonValue, Span};

/// The outcome of reading one policy: the policy as far as it could be read, and every finding.
/// A policy with error diagnostics must not be evaluated.
#[derive(Debug, Clone)]
pub struct ParsedPolicy {
    /// The policy, when it could be read at all.
    pub policy: Option<Policy>,
    /// Every finding, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedPolicy {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads a policy from JSON text (spans are offsets into `text`), within the default limits.
pub fn parse_policy(text: &str) -> ParsedPolicy {
    parse_policy_with(text, &crate::limits::Limits::default())
}

/// [`parse_policy`] within the given limits.
pub fn parse_policy_with(text: &str, limits: &crate::limits::Limits) -> ParsedPolicy {
    match json::parse(text, limits.json()) {
        Ok(value) => parse_policy_value_with(&value, "", limits),
        Err(e) => ParsedPolicy {
            policy: None,
            diagnostics: vec![Diagnostic::from_json_error(&e, "")],
        },
    }
}

/// Reads a policy from an already parsed JSON value found at JSON pointer `path`.
pub(crate) fn parse_policy_value(value: &JsonValue, path: &str) -> ParsedPolicy {
    parse_policy_value_with(value, path, &crate::limits::Limits::default())
}

/// [`parse_policy_value`] within the given limits (the statement count).
pub(crate) fn parse_policy_value_with(
    value: &JsonValue,
    path: &str,
    limits: &crate::limits::Limits,
) -> ParsedPolicy {
    let mut reader = Reader {
        diags: Vec::new(),
        max_statements: limits.statements,
    };
    let policy = reader.policy(value, path);
    ParsedPolicy {
        policy,
        diagnostics: reader.diags,
    }
}

const POLICY_MEMBERS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_MEMBERS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn child(path: &str, segment: &str) -> String {
    crate::json::child_pointer(path, segment)
}

fn index(path: &str, i: usize) -> String {
    crate::json::index_pointer(path, i)
}

struct Reader {
    diags: Vec<Diagnostic>,
    max_statements: usize,
}

impl Reader {
    fn error(
        &mut self,
        code: &'static str,
        message: String,
        path: String,
        span: Span,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, message, path, span));
        // INVARIANT: the vector is non-empty: it was just pushed to.
        self.diags.last_mut().unwrap_or_else(|| unreachable!())
    }

    fn wrong_type(&mut self, what: &str, expected: &str, value: &JsonValue, path: String) {
        self.error(
            "wrong-type",
            format!("{what} must be {expected}, found {}", value.kind_name()),
            path,
            value.span,
        );
    }

    /// Checks an object's member names: unknown names (with a suggestion) and duplicates. Returns the first value of each allowed name
    /// (slot `i` for `allowed[i]`), as `JsonValue::get` would find it. One pass: looking each
    /// element up by name, and searching all earlier members for a duplicate, cost more than the
    /// rest of reading a statement.
    fn check_members<'v, 'a, const N: usize>(
        &mut self,
        members: &'v [(json::JsonKey<'a>, JsonValue<'a>)],
        allowed: &[&str; N],
        path: &str,
        what: &str,
    ) -> [Option<&'v JsonValue<'a>>; N] {
        let mut slots = [None; N];
        for (i, (key, value)) in members.iter().enumerate() {
            let known = allowed.iter().position(|name| *name == key.text);
            let duplicate = match known.and_then(|at| slots.get_mut(at)) {
                // A known name is a duplicate exactly when its slot is taken; the first value
                // stays, as with `get`.
                Some(Some(_)) => true,
                Some(slot) => {
                    *slot = Some(value);
                    false
                }
                None => members.iter().take(i).any(|(k, _)| k.text == key.text),
            };
            if duplicate {
                self.error(
                    "duplicate-key",
                    format!("`{}` appears more than once in {what}", key.text),
                    child(path, &key.text),
                    key.span,
                )
                .hint = Some("IAM rejects a document with duplicate member names".into());
                continue;
            }
            if known.is_none() {
                let d = self.error(
                    "unknown-element",
                    format!("`{}` is not an element of {what}", key.text),
                    child(path, &key.text),
                    key.span,
                );
                d.hint = Some(match did_you_mean(&key.text, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? (element names are case-sensitive)"),
                    None => format!("the elements of {what} are {}", allowed.join(", ")),
                });
            }
        }
        slots
    }

    fn policy(&mut self, value: &JsonValue, path: &str) -> Option<Policy> {
        let Some(members) = value.as_object() else {
            self.wrong_type("a policy document", "a JSON object", value, path.to_owned());
            return None;
        };
        let [version_value, id_value, statement_value] =
            self.check_members(members, &POLICY_MEMBERS, path, "a policy");
        let mut version = PolicyVersion::Absent;
        let mut version_span = None;
        if let Some(v) = version_value {
            version_span = Some(v.span);
            match v.as_str() {
                Some("2012-10-17") => version = PolicyVersion::V2012_10_17,
                Some("2008-10-17") => version = PolicyVersion::V2008_10_17,
                Some(other) => {
                    self.error(
                        "invalid-version",
                        format!("`{other}` is not a policy language version"),
                        child(path, "Version"),
                        v.span,
                    )
                    .hint = Some("use \"2012-10-17\"".into());
                }
                None => self.wrong_type("`Version`", "a string", v, child(path, "Version")),
            }
        }
        let id = id_value.and_then(|v| match v.as_str() {
            Some(s) => Some(Spanned::new(s.to_owned(), v.span)),
            None => {
                self.wrong_type("`Id`", "a string", v, child(path, "Id"));
                None
            }
        });
        let mut statements = Vec::new();
        match statement_value {
            None => {
                self.error(
                    "missing-statement",
                    "the policy has no `Statement`".into(),
                    path.to_owned(),
                    value.span,
                );
            }
            Some(s) => match &s.kind {
                JsonKind::Object(_) => {
                    if let Some(st) = self.statement(s, 0, &child(path, "Statement")) {
                        statements.push(st);
                    }
                }
                JsonKind::Array(items) if items.len() > self.max_statements => {
                    let message = format!(
                        "the policy has {} statements; the limit is {}",
                        items.len(),
                        self.max_statements
                    );
                    self.diags.push(
                        Diagnostic::error(
                            "too-many-statements",
                            message,
                            child(path, "Statement"),
                            s.span,
                        )
                        .with_hint("no policy AWS accepts has more than about 730 statements; raise the limit (--max-statements) for generated inputs"),
                    );
                }
                JsonKind::Array(items) => {
                    let spath = child(path, "Statement");
                    for (i, item) in items.iter().enumerate() {
                        if let Some(st) = self.statement(item, i, &index(&spath, i)) {
                            statements.push(st);
                        }
                    }
                }
                _ => self.wrong_type(
                    "`Statement`",
                    "an object or an array of objects",
                    s,
                    child(path, "Statement"),
                ),
            },
        }
        Some(Policy {
            version,
            version_span,
            id,
            statements,
            span: value.span,
        })
    }

    fn statement(&mut self, value: &JsonValue, idx: usize, path: &str) -> Option<Statement> {
        let Some(members) = value.as_object() else {
            self.wrong_type("a statement", "a JSON object", value, path.to_owned());
            return None;
        };
        let [sid, effect, principal, not_principal, action, not_action, resource, not_resource, condition] =
            self.check_members(members, &STATEMENT_MEMBERS, path, "a statement");
        let sid = sid.and_then(|v| match v.as_str() {
            Some(s) => Some(Spanned::new(s.to_owned(), v.span)),
            None => {
                self.wrong_type("`Sid`", "a string", v, child(path, "Sid"));
                None
            }
        });
        let effect = match effect {
            None => {
                self.error(
                    "missing-effect",
                    "the statement has no `Effect`".into(),
                    path.to_owned(),
                    value.span,
                )
                .hint = Some("add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"".into());
                None
            }
            Some(v) => match v.as_str() {
                Some("Allow") => Some(Spanned::new(Effect::Allow, v.span)),
                Some("Deny") => Some(Spanned::new(Effect::Deny, v.span)),
                Some(other) => {
                    let d = self.error(
                        "invalid-effect",
                        format!("`{other}` is not an effect"),
                        child(path, "Effect"),
                        v.span,
                    );
                    d.hint = Some(match did_you_mean(other, ["Allow", "Deny"]) {
                        Some(s) => format!("did you mean `{s}`? (the effect is case-sensitive)"),
                        None => "the effect is \"Allow\" or \"Deny\"".into(),
                    });
                    None
                }
                None => {
                    self.wrong_type("`Effect`", "a string", v, child(path, "Effect"));
                    None
                }
            },
        };
        let action = self
            .either_clause((action, "Action"), (not_action, "NotAction"), path)
            .map(|(polarity, items, span)| ActionClause {
                polarity,
                items,
                span,
            });
        let resource = self
            .either_clause((resource, "Resource"), (not_resource, "NotResource"), path)
            .map(|(polarity, items, span)| ResourceClause {
                polarity,
                items,
                span,
            });
        let principal = self.principal_clause(principal, not_principal, path);
        let conditions = match condition {
            Some(c) => self.conditions(c, &child(path, "Condition")),
            None => Vec::new(),
        };
        Some(Statement {
            index: idx,
            path: path.to_owned(),
            sid,
            effect: effect?,
            principal,
            action,
            resource,
            conditions,
            span: value.span,
        })
    }

    /// Reads `Name` or `NotName` (at most one of them) as a list of strings.
    fn either_clause(
        &mut self,
        (listed, name): (Option<&JsonValue>, &str),
        (except, not_name): (Option<&JsonValue>, &str),
        path: &str,
    ) -> Option<(Polarity, Vec<Spanned<String>>, Span)> {
        if let (Some(_), Some(e)) = (listed, except) {
            self.error(
                "conflicting-elements",
                format!("a statement cannot have both `{name}` and `{not_name}`"),
                child(path, not_name),
                e.span,
            );
        }
        let (polarity, value, element) = match (listed, except) {
            (Some(v), _) => (Polarity::Listed, v, name),
            (None, Some(v)) => (Polarity::AllExcept, v, not_name),
            (None, None) => return None,
        };
        let items = self.string_list(value, &|| child(path, element), &|| format!("`{element}`"));
        Some((polarity, items, value.span))
    }

    fn string_list(
        &mut self,
        value: &JsonValue,
        path: &dyn Fn() -> String,
        what: &dyn Fn() -> String,
    ) -> Vec<Spanned<String>> {
        match &value.kind {
            JsonKind::String(s) => vec![Spanned::new(s.to_string(), value.span)],
            JsonKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(s) => out.push(Spanned::new(s.to_owned(), item.span)),
                        None => self.wrong_type(
                            &format!("each entry of {}", what()),
                            "a string",
                            item,
                            index(&path(), i),
                        ),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(&what(), "a string or an array of strings", value, path());
                Vec::new()
            }
        }
    }

    fn principal_clause(
        &mut self,
        listed: Option<&JsonValue>,
        except: Option<&JsonValue>,
        path: &str,
    ) -> Option<PrincipalClause> {
        if let (Some(_), Some(e)) = (listed, except) {
            self.error(
                "conflicting-elements",
                "a statement cannot have both `Principal` and `NotPrincipal`".into(),
                child(path, "NotPrincipal"),
                e.span,
            );
        }
        let (polarity, value, element) = match (listed, except) {
            (Some(v), _) => (Polarity::Listed, v, "Principal"),
            (None, Some(v)) => (Polarity::AllExcept, v, "NotPrincipal"),
            (None, None) => return None,
        };
        let epath = child(path, element);
        let principal_value = match &value.kind {
            JsonKind::String(s) if s == "*" => PrincipalValue::Everyone,
            JsonKind::String(s) => {
                self.error(
                    "invalid-principal",
                    format!("`{element}` must be \"*\" or an object, found the string `{s}`"),
                    epath,
                    value.span,
                )
                .hint = Some(format!("write {{\"AWS\": \"{s}\"}}"));
                return None;
            }
            JsonKind::Object(members) if members.is_empty() => {
                // It would name no one: a Deny with it would silently deny nobody.
                self.error(
                    "invalid-principal",
                    format!("`{element}` is an empty object: it names no principal"),
                    epath,
                    value.span,
                )
                .hint = Some("use \"*\" for everyone, or name them: {\"AWS\": \"arn:aws:iam::111122223333:root\"}".into());
                return None;
            }
            JsonKind::Object(members) => {
                let mut entries = Vec::new();
                for (i, (key, v)) in members.iter().enumerate() {
                    let kpath = child(&epath, &key.text);
                    if members.iter().take(i).any(|(k, _)| k.text == key.text) {
                        self.error(
                            "duplicate-key",
                            format!("`{}` appears more than once in `{element}`", key.text),
                            kpath,
                            key.span,
                        );
                        continue;
                    }
                    let kind = match key.text.as_ref() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        other => {
                            let names = ["AWS", "Service", "Federated", "CanonicalUser"];
                            let d = self.error(
                                "unknown-principal-type",
                                format!("`{other}` is not a principal type"),
                                kpath,
                                key.span,
                            );
                            d.hint = Some(match did_you_mean(other, names) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => {
                                    "principal types are AWS, Service, Federated and CanonicalUser"
                                        .into()
                                }
                            });
                            continue;
                        }
                    };
                    for item in self.string_list(v, &|| kpath.clone(), &|| {
                        format!("`{element}.{}`", key.text)
                    }) {
                        entries.push(PrincipalEntry { kind, value: item });
                    }
                }
                PrincipalValue::Map(entries)
            }
            _ => {
                self.wrong_type(&format!("`{element}`"), "\"*\" or an object", value, epath);
                return None;
            }
        };
        Some(PrincipalClause {
            polarity,
            value: principal_value,
            span: value.span,
        })
    }

    fn conditions(&mut self, value: &JsonValue, path: &str) -> Vec<Condition> {
        let Some(ops) = value.as_object() else {
            self.wrong_type("`Condition`", "an object", value, path.to_owned());
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, (op_key, block)) in ops.iter().enumerate() {
            let op_path = || child(path, &op_key.text);
            if ops.iter().take(i).any(|(k, _)| k.text == op_key.text) {
                self.error(
                    "duplicate-key",
                    format!(
                        "condition operator `{}` appears more than once",
                        op_key.text
                    ),
                    op_path(),
                    op_key.span,
                )
                .hint = Some("merge the two blocks into one".into());
                continue;
            }
            let operator = match ConditionOperator::parse(&op_key.text) {
                Ok(op) => op,
                Err(e) => {
                    self.operator_error(&op_key.text, e, op_path(), op_key.span);
                    continue;
                }
            };
            let Some(keys) = block.as_object() else {
                self.wrong_type(
                    &format!("the `{}` block", op_key.text),
                    "an object of condition keys",
                    block,
                    op_path(),
                );
                continue;
            };
            for (j, (key, values)) in keys.iter().enumerate() {
                let key_path = || child(&op_path(), &key.text);
                if keys.iter().take(j).any(|(k, _)| k.text == key.text) {
                    self.error(
                        "duplicate-key",
                        format!(
                            "condition key `{}` appears more than once under `{}`",
                            key.text, op_key.text
                        ),
                        key_path(),
                        key.span,
                    )
                    .hint = Some("list all values in one array".into());
                    continue;
                }
                if keys
                    .iter()
                    .take(j)
                    .any(|(k, _)| k.text.eq_ignore_ascii_case(&key.text))
                {
                    // Different JSON keys naming the same condition key: AWS evaluates both (AND).
                    self.diags.push(
                        Diagnostic::warning(
                            "duplicate-condition-key",
                            format!("condition key `{}` appears twice under `{}` in different letter case", key.text, op_key.text),
                            key_path(),
                            key.span,
                        )
                        .with_hint("condition key names are case-insensitive: both conditions must hold; merge them"),
                    );
                }
                let values = self.condition_values(values, &key_path);
                out.push(Condition {
                    operator: Spanned::new(operator, op_key.span),
                    key: Spanned::new(key.text.to_string(), key.span),
                    values,
                });
            }
        }
        out
    }

    fn operator_error(&mut self, name: &str, e: OperatorError, path: String, span: Span) {
        match e {
            OperatorError::NullWithIfExists => {
                self.error(
                    "null-with-if-exists",
                    "`Null` has no `IfExists` form".into(),
                    path,
                    span,
                )
                .hint = Some("`Null` already tests whether the key exists; use `Null`".into());
            }
            OperatorError::UnknownQualifier => {
                self.error(
                    "unknown-set-qualifier",
                    format!("`{name}` has an unknown set qualifier"),
                    path,
                    span,
                )
                .hint = Some("the qualifiers are `ForAllValues:` and `ForAnyValue:`".into());
            }
            OperatorError::UnknownOperator => {
                let base = name.rsplit(':').next().unwrap_or(name);
                let trimmed = base.strip_suffix("IfExists").unwrap_or(base);
                let d = self.error(
                    "unknown-condition-operator",
                    format!("`{name}` is not a condition operator"),
                    path,
                    span,
                );
                d.hint = did_you_mean(trimmed, super::BaseOperator::all_names())
                    .map(|s| format!("did you mean `{s}`?"));
            }
        }
    }

    fn condition_values(
        &mut self,
        value: &JsonValue,
        path: &dyn Fn() -> String,
    ) -> Vec<Spanned<String>> {
        let scalar = |v: &JsonValue| -> Option<String> {
            match &v.kind {
                JsonKind::String(s) => Some(s.to_string()),
                JsonKind::Number(n) => Some((*n).to_owned()),
                JsonKind::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        };
        match &value.kind {
            JsonKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match scalar(item) {
                        Some(s) => out.push(Spanned::new(s, item.span)),
                        None if item.as_array().is_some() => {
                            self.error(
                                "wrong-type",
                                "nested arrays are not allowed in a condition value".into(),
                                index(&path(), i),
                                item.span,
                            )
                            .hint = Some("list all values in one flat array".into());
                            // The policy is invalid either way; keeping the inner values spares
                            // a misleading "has no values" on top of this error.
                            let inner = item.as_array().unwrap_or_default();
                            out.extend(
                                inner
                                    .iter()
                                    .filter_map(|v| scalar(v).map(|s| Spanned::new(s, v.span))),
                            );
                        }
                        None => self.wrong_type(
                            "a condition value",
                            "a string, number or boolean",
                            item,
                            index(&path(), i),
                        ),
                    }
                }
                out
            }
            _ => match scalar(value) {
                Some(s) => vec![Spanned::new(s, value.span)],
                None => {
                    self.wrong_type(
                        "a condition value",
                        "a string, number, boolean or an array of them",
                        value,
                        path(),
                    );
                    Vec::new()
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        parse_policy(text)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn duplicate_members_keep_the_first_value_and_are_reported_in_order() {
        let text = r#"{"Statement":{"Effect":"Deny","Foo":1,"Action":"s3:*","Effect":"Allow",
            "Foo":2,"Resource":"*","Action":"ec2:*"},"Id":"a","Id":"b"}"#;
        let parsed = parse_policy(text);
        let got: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("duplicate-key", "/Id"),
                ("unknown-element", "/Statement/Foo"),
                ("duplicate-key", "/Statement/Effect"),
                ("duplicate-key", "/Statement/Foo"),
                ("duplicate-key", "/Statement/Action"),
            ]
        );
        let policy = parsed.policy.unwrap();
        assert_eq!(policy.id.unwrap().value, "a");
        let st = &policy.statements[0];
        assert_eq!(st.effect.value, Effect::Deny);
        assert_eq!(st.action.as_ref().unwrap().items[0].value, "s3:*");
    }

    #[test]
    fn reads_every_shape() {
        let p = parse_policy(
            r#"{"Version":"2012-10-17","Id":"x","Statement":{"Sid":"A","Effect":"Deny",
            "NotPrincipal":{"AWS":["123456789012","arn:aws:iam::1:root"],"Service":"s.amazonaws.com"},
            "NotAction":"s3:*","Resource":["*"],
            "Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*", 5, true]}}}}"#,
        );
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let policy = p.policy.unwrap();
        assert_eq!(policy.version, PolicyVersion::V2012_10_17);
        let st = &policy.statements[0];
        assert_eq!(st.effect.value, Effect::Deny);
        assert_eq!(st.action.as_ref().unwrap().polarity, Polarity::AllExcept);
        let PrincipalValue::Map(entries) = &st.principal.as_ref().unwrap().value else {
            panic!()
        };
        assert_eq!(entries.len(), 3);
        let values: Vec<_> = st.conditions[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["a*", "5", "true"]);
    }

    #[test]
    fn collects_all_errors_with_paths() {
        let p = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[
              {"Effect":"allow","Action":"s3:GetObject","Resource":"*"},
              {"Effect":"Allow","Action":"s3:GetObject","NotAction":"x","Resource":"*","Condition":{"StringEqualz":{"a":"b"}}},
              {"Effect":"Allow","Acton":"s3:GetObject","Resource":"*"}]}"#,
        );
        let got: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("invalid-effect", "/Statement/0/Effect"),
                ("conflicting-elements", "/Statement/1/NotAction"),
                (
                    "unknown-condition-operator",
                    "/Statement/1/Condition/StringEqualz"
                ),
                ("unknown-element", "/Statement/2/Acton"),
            ]
        );
        assert_eq!(
            p.diagnostics[0].hint.as_deref(),
            Some("did you mean `Allow`? (the effect is case-sensitive)")
        );
        assert_eq!(
            p.diagnostics[2].hint.as_deref(),
            Some("did you mean `StringEquals`?")
        );
    }

    #[test]
    fn duplicates_and_types() {
        assert_eq!(
            codes(r#"{"Statement":[],"Statement":[]}"#),
            ["duplicate-key"]
        );
        assert_eq!(
            codes(r#"{"Statement":{"Effect":"Allow","Action":1,"Resource":"*"}}"#),
            ["wrong-type"]
        );
        assert_eq!(
            codes(r#"{"Statement":{"Effect":"Allow","Principal":"arn:aws:iam::1:root"}}"#),
            ["invalid-principal"]
        );
        assert_eq!(
            codes(r#"{"Version":"2012-10-18","Statement":[]}"#),
            ["invalid-version"]
        );
        assert_eq!(codes(r#"[]"#), ["wrong-type"]);
        assert_eq!(
            codes(r#"{"Statement":{"Effect":"Allow","Condition":{"NullIfExists":{"a":"true"}}}}"#),
            ["null-with-if-exists"]
        );
        assert_eq!(
            codes(
                r#"{"Statement":{"Effect":"Allow","Condition":{"Bool":{"a":"true","A":"false"}}}}"#
            ),
            ["duplicate-condition-key"]
        );
        assert_eq!(
            codes(
                r#"{"Statement":{"Effect":"Allow","Condition":{"Bool":{"a":"true","a":"false"}}}}"#
            ),
            ["duplicate-key"]
        );
        assert_eq!(codes(r#"{"Statement":"#), ["json-syntax"]);
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use crate::limits::Limits;

    #[test]
    fn more_statements_than_the_limit_is_a_located_error() {
        let text = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}"#;
        let two = Limits {
            statements: 2,
            ..Limits::default()
        };
        let parsed = parse_policy_with(text, &two);
        let error = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == "too-many-statements")
            .unwrap();
        assert_eq!(error.path, "/Statement");
        assert!(error.message.contains("3 statements; the limit is 2"));
        assert!(parsed.has_errors());
        let three = Limits {
            statements: 3,
            ..Limits::default()
        };
        let parsed = parse_policy_with(text, &three);
        assert!(!parsed.has_errors());
        assert_eq!(parsed.policy.unwrap().statements.len(), 3);
    }

    #[test]
    fn the_input_size_limit_is_configurable() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;
        let small = Limits {
            input_bytes: 20,
            ..Limits::default()
        };
        let parsed = parse_policy_with(text, &small);
        assert_eq!(parsed.diagnostics[0].code, "input-too-large");
    }
}
