//! Repeated member names. The reader keeps every member, the importer's field lookups take the
//! first and `to_serde` keeps the last, and AWS rejects such a document: a repeated `Effect` or
//! `Statement` would otherwise be imported as whichever copy the conversion happened to keep. So
//! the importer refuses them, like `validate` (`duplicate-key`).

use crate::json::{push_index, push_segment, JsonKind, JsonValue, Span};
use std::collections::HashSet;

/// One repeated member: the JSON pointer of its second (or later) occurrence.
#[derive(Debug)]
pub(super) struct Duplicate {
    pub path: String,
    pub name: String,
    pub span: Span,
}

/// How many repeats are reported one by one; a hostile file could hold millions.
pub(super) const REPORTED: usize = 10;

/// The repeated member names anywhere in `root` (the first [`REPORTED`]), and how many there are.
pub(super) fn find(root: &JsonValue) -> (Vec<Duplicate>, usize) {
    let mut found = Vec::new();
    let mut count = 0;
    let mut trail = Vec::new();
    walk(root, &mut trail, &mut found, &mut count);
    (found, count)
}

/// A step of the path from the root, rendered only when a duplicate is found.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer(trail: &[Step], last: &str) -> String {
    let mut p = String::new();
    for step in trail {
        match step {
            Step::Key(k) => push_segment(&mut p, k),
            Step::Index(i) => push_index(&mut p, *i),
        }
    }
    push_segment(&mut p, last);
    p
}

/// Objects up to this size are checked by comparing members pairwise (no allocation).
const SMALL: usize = 16;

fn walk<'v>(
    v: &'v JsonValue,
    trail: &mut Vec<Step<'v>>,
    found: &mut Vec<Duplicate>,
    count: &mut usize,
) {
    // Recursion is bounded by the reader's depth limit.
    match &v.kind {
        JsonKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                trail.push(Step::Index(i));
                walk(item, trail, found, count);
                trail.pop();
            }
        }
        JsonKind::Object(members) => {
            let mut seen: HashSet<&str> = HashSet::new();
            for (i, (k, _)) in members.iter().enumerate() {
                let repeated = if members.len() <= SMALL {
                    members.iter().take(i).any(|(o, _)| o.text == k.text)
                } else {
                    !seen.insert(k.text.as_ref())
                };
                if repeated {
                    *count += 1;
                    if found.len() < REPORTED {
                        found.push(Duplicate {
                            path: pointer(trail, &k.text),
                            name: k.text.to_string(),
                            span: k.span,
                        });
                    }
                }
            }
            for (k, member) in members {
                trail.push(Step::Key(k.text.as_ref()));
                walk(member, trail, found, count);
                trail.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Limits};

    #[test]
    fn finds_repeats_at_any_depth_with_their_pointer() {
        let text = r#"{"a":[{"Effect":"Deny","Effect":"Allow"}],"b":1,"b":2}"#;
        let v = parse(text, Limits::default()).unwrap();
        let (found, count) = find(&v);
        assert_eq!(count, 2);
        let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/b", "/a/0/Effect"]);
        assert_eq!(
            text.get(found[1].span.start as usize..found[1].span.end as usize),
            Some("\"Effect\"")
        );
    }

    #[test]
    fn large_objects_and_many_repeats_are_bounded() {
        let members: Vec<String> = (0..1000).map(|i| format!("\"k{}\":1", i % 500)).collect();
        let text = format!("{{{}}}", members.join(","));
        let v = parse(&text, Limits::default()).unwrap();
        let (found, count) = find(&v);
        assert_eq!(count, 500);
        assert_eq!(found.len(), REPORTED);
        assert_eq!(found[0].path, "/k0");
        let clean = parse(r#"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#, Limits::default()).unwrap();
        assert_eq!(find(&clean).1, 0);
    }
}
