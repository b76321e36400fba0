//! Wrong JSON types never change a decision silently (issue #14).
//!
//! Every value of every corpus scenario (`tests/scenarios/**`, `examples/scenarios.jsonl`) is
//! replaced by a value of each other JSON type: `null`, a boolean, a number, a string, an array
//! (the value wrapped: `[v]`, so a policy document wrapped in an array) and an object. The string
//! replacing an object or array is its JSON text (a policy document "as a JSON string", the way
//! AWS SDKs return it); the other replacements keep the value where the type can hold it (`"300"`
//! → `300`, `"true"` → `true`, `["x"]` → `"x"`).
//!
//! Each mutated scenario must either be refused with a located error (a code, a path at or under
//! the mutated value, a line and column), or be accepted only where docs/scenario.md and
//! docs/schema/scenario.schema.json give that type a meaning, and then decide exactly as the
//! scenario that means the same thing:
//!
//! * `null` for an optional field (`context`, the policy fields, `resourceAccount`) = the field
//!   left out; `null` for `principal` = an anonymous caller;
//! * a number or boolean as a context value or condition value = its text as a string;
//! * `[v]` where a policy takes a string or a list (`Action`, `Resource`, principals, condition
//!   values) or a statement or a list of them (`Statement`) = `v`;
//! * for a context value, a string is a single-valued key and an array a multi-valued one: the
//!   test checks the context holds exactly that;
//! * anything under an `x-` field is ignored.
//!
//! And whatever the engine accepts is valid against the published schema.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use iamsim_core::context::{ContextValue, ContextValues};
use iamsim_core::diag::LineIndex;
use iamsim_core::eval::{decide, Decision};
use iamsim_core::json::{self, Limits};
use iamsim_core::request::PrincipalKind;
use iamsim_core::scenario::{read_scenario, Scenario};
use iamsim_tests::corpus_files;
use serde_json::Value;
use std::path::Path;

/// Every corpus scenario with where it came from.
fn corpus() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = corpus_files()
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            (
                f.display().to_string(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/scenarios.jsonl");
    let text = std::fs::read_to_string(&examples).unwrap();
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            let name = format!("examples/scenarios.jsonl:{}", i + 1);
            out.push((name, serde_json::from_str(line).unwrap()));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

const TYPES: [Type; 6] = [
    Type::Null,
    Type::Bool,
    Type::Number,
    Type::String,
    Type::Array,
    Type::Object,
];

fn type_of(v: &Value) -> Type {
    match v {
        Value::Null => Type::Null,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::Array(_) => Type::Array,
        Value::Object(_) => Type::Object,
    }
}

/// A value of type `to` standing for `v`: the same value where the type can hold it.
fn replacement(v: &Value, to: Type) -> Value {
    match to {
        Type::Null => Value::Null,
        Type::Bool => match v.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("false") => Value::Bool(false),
            _ => Value::Bool(true),
        },
        Type::Number => v
            .as_str()
            .and_then(|s| serde_json::from_str::<serde_json::Number>(s).ok())
            .map_or(Value::from(7), Value::Number),
        Type::String => Value::String(match v {
            Value::String(s) => s.clone(),
            Value::Array(items) if items.len() == 1 && items[0].is_string() => {
                items[0].as_str().unwrap().to_owned()
            }
            Value::Null => "null".to_owned(),
            other => other.to_string(),
        }),
        Type::Array => Value::Array(vec![v.clone()]),
        Type::Object => Value::Object(serde_json::Map::new()),
    }
}

/// Every value below the root, as pointer segments.
fn nodes(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                out.push(path.clone());
                nodes(item, path, out);
                path.pop();
            }
        }
        Value::Object(members) => {
            for (k, item) in members {
                path.push(k.clone());
                out.push(path.clone());
                nodes(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// The path inside a policy document, if `path` is inside one.
fn inside_policy(path: &[String]) -> Option<&[String]> {
    let first = path.first()?.as_str();
    let depth = match first {
        "resourcePolicy" | "permissionBoundary" | "sessionPolicy" => 1,
        "identityPolicies" => 2,
        "scps" | "rcps" => 3,
        _ => return None,
    };
    path.get(depth..).filter(|_| path.len() >= depth)
}

/// The path inside a statement (`Statement` or `Statement/N` stripped), if inside one.
fn inside_statement(rel: &[String]) -> Option<&[String]> {
    let rest = rel.strip_prefix(&["Statement".to_owned()])?;
    match rest.first() {
        Some(i) if is_index(i) => rest.get(1..),
        _ => Some(rest),
    }
}

/// What an accepted mutation must mean.
enum Meaning {
    /// It decides as this scenario does.
    SameAs(Value),
    /// The context key (as written) holds exactly these values.
    Context(String, ContextValues),
    /// The caller is anonymous.
    Anonymous,
    /// It is a string where the format takes any string (a pattern or a condition value written
    /// as JSON text): accepted as that text, which is a different value.
    OtherString,
}

fn with(root: &Value, path: &[String], v: Value) -> Value {
    let mut out = root.clone();
    *out.pointer_mut(&pointer(path)).unwrap() = v;
    out
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The documented meaning of `new` (of type `to`) at `path`, replacing `old`; `None` when the
/// format gives that type no meaning there (the mutation must be refused).
fn meaning(root: &Value, path: &[String], old: &Value, new: &Value, to: Type) -> Option<Meaning> {
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    if segs[0].starts_with("x-") {
        return Some(Meaning::SameAs(root.clone()));
    }
    let string_for = |v: &Value| with(root, path, Value::String(text_of(v).unwrap()));
    match segs.as_slice() {
        ["context" | "identityPolicies" | "resourcePolicy" | "permissionBoundary"
        | "sessionPolicy" | "scps" | "rcps" | "resourceAccount"]
            if to == Type::Null =>
        {
            let mut removed = root.clone();
            removed.as_object_mut().unwrap().remove(segs[0]);
            return Some(Meaning::SameAs(removed));
        }
        // An anonymous caller has no federating user: refused (at `/federatedFrom`).
        ["principal"] if to == Type::Null && root.get("federatedFrom").is_some() => return None,
        ["principal"] if to == Type::Null => return Some(Meaning::Anonymous),
        ["context", key] => {
            let values = match new {
                Value::Array(items) => ContextValues::Multi(
                    items
                        .iter()
                        .map(|v| text_of(v).map(ContextValue::new))
                        .collect::<Option<Vec<_>>>()?,
                ),
                scalar => ContextValues::Single(ContextValue::new(text_of(scalar)?)),
            };
            return Some(Meaning::Context((*key).to_owned(), values));
        }
        ["context", key, _] => {
            text_of(new)?;
            let mut values = Vec::new();
            for item in with(root, path, new.clone())["context"][*key]
                .as_array()
                .unwrap()
            {
                values.push(ContextValue::new(text_of(item)?));
            }
            return Some(Meaning::Context(
                (*key).to_owned(),
                ContextValues::Multi(values),
            ));
        }
        _ => {}
    }
    let rel = inside_policy(path)?;
    if rel == ["Statement"] && to == Type::Array {
        return Some(Meaning::SameAs(root.clone()));
    }
    let stmt: Vec<&str> = inside_statement(rel)?.iter().map(String::as_str).collect();
    let wrapped = to == Type::Array;
    let unwrapped = old.as_array().is_some_and(|a| a.len() == 1 && a[0] == *new);
    match stmt.as_slice() {
        ["Action" | "NotAction" | "Resource" | "NotResource"]
        | ["Principal" | "NotPrincipal", "AWS" | "Service" | "Federated" | "CanonicalUser"] => {
            if wrapped || unwrapped {
                Some(Meaning::SameAs(root.clone()))
            } else if to == Type::String && old.is_array() {
                Some(Meaning::OtherString)
            } else {
                None
            }
        }
        ["Condition", _, _] => match to {
            Type::Bool | Type::Number => Some(Meaning::SameAs(string_for(new))),
            Type::Array if old.is_string() || old.is_number() || old.is_boolean() => {
                Some(Meaning::SameAs(root.clone()))
            }
            Type::String if unwrapped => Some(Meaning::SameAs(root.clone())),
            Type::String if old.is_array() => Some(Meaning::OtherString),
            Type::String => Some(Meaning::SameAs(string_for(new))),
            _ => None,
        },
        ["Condition", _, _, _] => match to {
            Type::Bool | Type::Number | Type::String => Some(Meaning::SameAs(string_for(new))),
            _ => None,
        },
        _ => None,
    }
}

fn read(v: &Value) -> (String, Result<Scenario, Vec<iamsim_core::diag::Diagnostic>>) {
    let text = serde_json::to_string_pretty(v).unwrap();
    let parsed = json::parse(&text, Limits::default()).unwrap();
    let result = read_scenario(&parsed, &text);
    (text, result)
}

fn decision(v: &Value) -> Result<Decision, String> {
    match read(v).1 {
        Ok(s) => Ok(decide(&s.request, &s.caller, &s.resource)),
        Err(diags) => Err(format!("{} at {}", diags[0].code, diags[0].path)),
    }
}

/// The published scenario schema.
fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schema/scenario.schema.json");
    let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&value).unwrap()
}

/// Checks one mutation of `root` (which decides `root_decision`); the failure, if any.
fn check(
    schema: &jsonschema::Validator,
    root: &Value,
    root_decision: Decision,
    path: &[String],
    to: Type,
) -> Option<String> {
    let old = root.pointer(&pointer(path)).unwrap();
    let new = replacement(old, to);
    let mutated = with(root, path, new.clone());
    let at = pointer(path);
    let (text, result) = read(&mutated);
    // What the engine accepts, the documented format allows.
    if result.is_ok() && !schema.is_valid(&mutated) {
        return Some(format!(
            "{at} as {to:?}: accepted, but the schema rejects it"
        ));
    }
    let meaning = meaning(root, path, old, &new, to);
    // What the scenario the mutation means decides (most often the original scenario itself).
    let want = match &meaning {
        Some(Meaning::SameAs(reference)) if reference == root => Ok(root_decision),
        Some(Meaning::SameAs(reference)) => decision(reference),
        _ => Err(String::new()),
    };
    // A value the format accepts may still be refused when the scenario it means is refused too
    // (a number where an IP address belongs): that is a located error like any other.
    let refusal_expected = match &meaning {
        None => true,
        Some(Meaning::SameAs(_)) => want.is_err(),
        // JSON text where any string is accepted may still be refused by its element's grammar.
        Some(Meaning::OtherString) => true,
        Some(_) => false,
    };
    match (result, meaning) {
        (Err(diags), _) if refusal_expected => {
            let lines = LineIndex::new(&text);
            // Where the error may be: at or under the value, or at the field it contradicts.
            let also = if at == "/principal" {
                "/federatedFrom"
            } else {
                ""
            };
            let located = diags.iter().find(|d| {
                (d.path == at || d.path.starts_with(&format!("{at}/")) || d.path == also)
                    && d.span.is_some()
            });
            match located {
                None => Some(format!(
                    "{at} as {to:?}: refused, but no error is located at the value: {:?}",
                    diags
                        .iter()
                        .map(|d| format!("{} at {}", d.code, d.path))
                        .collect::<Vec<_>>()
                )),
                Some(d) => {
                    let l = d.locate(&lines);
                    (d.code.is_empty() || l.line.is_none() || l.column.is_none())
                        .then(|| format!("{at} as {to:?}: error without code or line/column"))
                }
            }
        }
        (Err(diags), _) => Some(format!(
            "{at} as {to:?}: it means a valid scenario, but it was refused: {} at {}",
            diags[0].code, diags[0].path
        )),
        (Ok(s), None) => Some(format!(
            "{at} as {to:?}: accepted silently (decided {:?})",
            decide(&s.request, &s.caller, &s.resource)
        )),
        (Ok(s), Some(Meaning::SameAs(_))) => {
            let got = decide(&s.request, &s.caller, &s.resource);
            match want {
                Ok(want) if want == got => None,
                want => Some(format!(
                    "{at} as {to:?}: decided {got:?}, but the scenario it means decides {want:?}"
                )),
            }
        }
        (Ok(s), Some(Meaning::Context(key, values))) => {
            let got = s.request.context.get(&key.to_ascii_lowercase());
            (got != Some(&values))
                .then(|| format!("{at} as {to:?}: the context holds {got:?}, expected {values:?}"))
        }
        (Ok(s), Some(Meaning::Anonymous)) => (s.request.principal.kind != PrincipalKind::Anonymous)
            .then(|| format!("{at} as {to:?}: the caller is not anonymous")),
        (Ok(_), Some(Meaning::OtherString)) => None,
    }
}

#[test]
fn every_value_of_every_corpus_scenario_in_every_other_type() {
    let corpus = corpus();
    let schema = schema();
    assert!(
        corpus.len() > 150,
        "the corpus is too small: {}",
        corpus.len()
    );
    let mut failures = Vec::new();
    let mut mutations = 0usize;
    for (name, root) in &corpus {
        let root_decision = decision(root)
            .unwrap_or_else(|e| panic!("{name}: the scenario itself is invalid: {e}"));
        let mut paths = Vec::new();
        nodes(root, &mut Vec::new(), &mut paths);
        for path in &paths {
            let old = root.pointer(&pointer(path)).unwrap();
            for to in TYPES {
                if to == type_of(old) {
                    continue;
                }
                mutations += 1;
                if let Some(f) = check(&schema, root, root_decision, path, to) {
                    failures.push(format!("{name}: {f}"));
                }
            }
        }
    }
    assert!(mutations > 10_000, "only {mutations} mutations");
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} of {mutations} mutations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
