//! Reading the `Principal` elements of a policy document in the model tree.

use crate::json::{JsonKind, JsonValue, Span};
use std::collections::BTreeSet;

/// The statements of a document (`Statement` as an object or an array).
pub fn statements<'v, 'a>(doc: &'v JsonValue<'a>) -> Vec<&'v JsonValue<'a>> {
    match doc.get("Statement").map(|s| &s.kind) {
        Some(JsonKind::Array(items)) => items.iter().collect(),
        Some(JsonKind::Object(_)) => doc.get("Statement").into_iter().collect(),
        _ => Vec::new(),
    }
}

/// One `AWS` principal value with where it is.
pub struct AwsPrincipal<'v> {
    pub text: &'v str,
    pub span: Span,
    /// The index of its statement (in `Statement` array order).
    pub statement: usize,
}

/// Every `Principal.AWS` string of the document's statements (`"Principal": "*"` too).
pub fn aws_principals<'v>(doc: &'v JsonValue) -> Vec<AwsPrincipal<'v>> {
    let mut out = Vec::new();
    for (i, st) in statements(doc).into_iter().enumerate() {
        let Some(p) = st.get("Principal") else {
            continue;
        };
        let values: Vec<&JsonValue> = match &p.kind {
            JsonKind::String(_) => vec![p],
            JsonKind::Object(_) => match p.get("AWS") {
                Some(v) => match v.as_array() {
                    Some(items) => items.iter().collect(),
                    None => vec![v],
                },
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        for v in values {
            if let Some(text) = v.as_str() {
                out.push(AwsPrincipal {
                    text,
                    span: v.span,
                    statement: i,
                });
            }
        }
    }
    out
}

/// The account of an `AWS` principal value: a 12-digit id or an IAM/STS ARN's account.
pub fn account_of(text: &str) -> Option<&str> {
    let account = match text.strip_prefix("arn:") {
        Some(_) => text.split(':').nth(4)?,
        None => text,
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// The accounts a statement's `Principal.AWS` names.
pub fn statement_accounts(st: &JsonValue) -> BTreeSet<String> {
    let values: Vec<&str> = match st.get("Principal") {
        Some(p) => match &p.kind {
            JsonKind::String(t) => vec![t.as_ref()],
            JsonKind::Object(_) => match p.get("AWS") {
                Some(v) => match v.as_array() {
                    Some(items) => items.iter().filter_map(JsonValue::as_str).collect(),
                    None => v.as_str().into_iter().collect(),
                },
                None => Vec::new(),
            },
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    values
        .into_iter()
        .filter_map(account_of)
        .map(str::to_owned)
        .collect()
}

/// The accounts that the `Allow` statements of a document name, and whether any names everyone.
pub struct Named {
    pub accounts: BTreeSet<String>,
    pub wildcard: bool,
}

pub fn named_accounts(doc: &JsonValue) -> Named {
    let mut named = Named {
        accounts: BTreeSet::new(),
        wildcard: false,
    };
    let allows: Vec<usize> = statements(doc)
        .iter()
        .enumerate()
        .filter(|(_, st)| st.get("Effect").and_then(JsonValue::as_str) == Some("Allow"))
        .map(|(i, _)| i)
        .collect();
    for p in aws_principals(doc) {
        if !allows.contains(&p.statement) {
            continue;
        }
        if p.text == "*" {
            named.wildcard = true;
        } else if let Some(a) = account_of(p.text) {
            named.accounts.insert(a.to_owned());
        }
    }
    named
}
