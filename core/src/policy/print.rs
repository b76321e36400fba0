//! Printing a policy back to JSON. Lists are always printed as arrays and `Statement` as an array,
//! so `parse(print(p))` equals `p` up to spans (checked by a property test).

use super::ast::*;
use serde_json::{json, Map, Value};

/// Prints a policy as JSON (lists as arrays; `parse(print(p))` equals `p` up to spans).
pub fn policy_to_json(policy: &Policy) -> Value {
    let mut doc = Map::new();
    match policy.version {
        PolicyVersion::V2012_10_17 => {
            doc.insert("Version".into(), json!("2012-10-17"));
        }
        PolicyVersion::V2008_10_17 => {
            doc.insert("Version".into(), json!("2008-10-17"));
        }
        PolicyVersion::Absent => {}
    }
    if let Some(id) = &policy.id {
        doc.insert("Id".into(), json!(id.value));
    }
    doc.insert(
        "Statement".into(),
        Value::Array(policy.statements.iter().map(statement_to_json).collect()),
    );
    Value::Object(doc)
}

fn strings(items: &[Spanned<String>]) -> Value {
    Value::Array(items.iter().map(|s| json!(s.value)).collect())
}

fn element(polarity: Polarity, name: &'static str, not_name: &'static str) -> &'static str {
    match polarity {
        Polarity::Listed => name,
        Polarity::AllExcept => not_name,
    }
}

fn statement_to_json(st: &Statement) -> Value {
    let mut out = Map::new();
    if let Some(sid) = &st.sid {
        out.insert("Sid".into(), json!(sid.value));
    }
    let effect = match st.effect.value {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    out.insert("Effect".into(), json!(effect));
    if let Some(p) = &st.principal {
        let value = match &p.value {
            PrincipalValue::Everyone => json!("*"),
            PrincipalValue::Map(entries) => {
                let mut map = Map::new();
                for entry in entries {
                    let slot = map
                        .entry(entry.kind.as_str())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(list) = slot {
                        list.push(json!(entry.value.value));
                    }
                }
                Value::Object(map)
            }
        };
        out.insert(
            element(p.polarity, "Principal", "NotPrincipal").into(),
            value,
        );
    }
    if let Some(a) = &st.action {
        out.insert(
            element(a.polarity, "Action", "NotAction").into(),
            strings(&a.items),
        );
    }
    if let Some(r) = &st.resource {
        out.insert(
            element(r.polarity, "Resource", "NotResource").into(),
            strings(&r.items),
        );
    }
    if !st.conditions.is_empty() {
        let mut ops = Map::new();
        for c in &st.conditions {
            let block = ops
                .entry(c.operator.value.name())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(keys) = block {
                keys.insert(c.key.value.clone(), strings(&c.values));
            }
        }
        out.insert("Condition".into(), Value::Object(ops));
    }
    Value::Object(out)
}
