//! The requests a diff asks about when the user gives none: every action and resource that the
//! two models name, as the statements name them.
//!
//! Rule (docs/diff.md): from every statement of every policy document in either model (identity,
//! resource, trust, boundary, SCP, RCP; `Allow` and `Deny` alike, since removing a `Deny` changes
//! decisions too), each concrete action (no `*` or `?`) is paired with each resource the same
//! statement names, as written (`*` included: many actions take no resource; a pattern such as
//! `arn:aws:s3:::bucket/*` stands for an object whose name is the pattern's own text, which the
//! pattern matches). `sts:AssumeRole` is paired with every role of either model. Wildcard actions
//! (`s3:Get*`) and `NotAction` are not expanded: give explicit requests for those.

use crate::json::{JsonKind, JsonValue};
use std::collections::BTreeSet;

/// One action on one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Probe {
    /// The action (`service:Action`).
    pub action: String,
    /// The resource ARN.
    pub resource: String,
}

/// Collects the probes named by a model's JSON tree (any object with a `Statement` member is a
/// policy document) and the ARNs of its roles.
pub fn collect(model: &JsonValue, into: &mut BTreeSet<Probe>) {
    walk(model, into);
    for role in role_arns(model) {
        into.insert(Probe {
            action: "sts:AssumeRole".into(),
            resource: role,
        });
    }
}

fn walk(value: &JsonValue, into: &mut BTreeSet<Probe>) {
    match &value.kind {
        JsonKind::Object(members) => {
            if let Some(statements) = value.get("Statement") {
                for st in one_or_many(statements) {
                    statement(st, into);
                }
            }
            for (_, v) in members {
                walk(v, into);
            }
        }
        JsonKind::Array(items) => items.iter().for_each(|v| walk(v, into)),
        _ => {}
    }
}

fn one_or_many<'v, 'a>(value: &'v JsonValue<'a>) -> &'v [JsonValue<'a>] {
    match &value.kind {
        JsonKind::Array(items) => items,
        _ => std::slice::from_ref(value),
    }
}

fn strings<'v>(value: Option<&'v JsonValue>) -> Vec<&'v str> {
    value
        .map(one_or_many)
        .unwrap_or_default()
        .iter()
        .filter_map(JsonValue::as_str)
        .collect()
}

fn statement(st: &JsonValue, into: &mut BTreeSet<Probe>) {
    let actions: Vec<&str> = strings(st.get("Action"))
        .into_iter()
        .filter(|a| !a.contains(['*', '?']) && a.contains(':'))
        .collect();
    if actions.is_empty() {
        return;
    }
    let mut resources = strings(st.get("Resource"));
    if resources.is_empty() {
        // Trust policies and other resource-based policies name no resource: the policy's own
        // resource is probed through the role list (trust) or the model's resources.
        return;
    }
    resources.dedup();
    for action in &actions {
        for resource in &resources {
            into.insert(Probe {
                action: (*action).to_owned(),
                resource: (*resource).to_owned(),
            });
        }
    }
}

/// `arn:aws:iam::ACCOUNT:role{path}{name}` of every role in `accounts`.
fn role_arns(model: &JsonValue) -> Vec<String> {
    let Some(JsonKind::Object(accounts)) = model.get("accounts").map(|a| &a.kind) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (account, body) in accounts {
        for role in body.get("roles").map(one_or_many).unwrap_or_default() {
            let Some(name) = role.get("name").and_then(JsonValue::as_str) else {
                continue;
            };
            let path = role.get("path").and_then(JsonValue::as_str).unwrap_or("/");
            out.push(format!("arn:aws:iam::{}:role{path}{name}", account.text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probes(text: &str) -> Vec<(String, String)> {
        let value = crate::json::parse(text, crate::json::Limits::default()).unwrap();
        let mut set = BTreeSet::new();
        collect(&value, &mut set);
        set.into_iter().map(|p| (p.action, p.resource)).collect()
    }

    #[test]
    fn concrete_actions_pair_with_the_resources_of_their_statement() {
        let found = probes(
            r#"{"accounts": {"111111111111": {"roles": [{"name": "Deploy", "path": "/ci/",
                "inlinePolicies": {"p": {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]},
                  {"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "*"},
                  {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}}}]}}}"#,
        );
        let expected = [
            ("ec2:DescribeInstances", "*"),
            ("s3:GetObject", "arn:aws:s3:::b"),
            ("s3:GetObject", "arn:aws:s3:::b/*"),
            ("sts:AssumeRole", "arn:aws:iam::111111111111:role/ci/Deploy"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
            .collect();
        assert_eq!(found, expected);
    }
}
