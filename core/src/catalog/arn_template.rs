//! Can an ARN (or an ARN pattern from a policy) name a resource of a given SAR resource type?
//!
//! A resource type's ARN template looks like `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
//! The question is whether some concrete ARN is both described by the template and matched by
//! the policy pattern, i.e. whether the two languages intersect. Both sides are tiny automata
//! (literals plus "any run" / "one character" items), so the answer is a reachability search
//! over pairs of positions.
//!
//! What a placeholder may stand for is a heuristic, because AWS publishes templates, not grammars:
//! - in the partition, service, region and account fields it never spans a `:`;
//! - when the whole resource part (after the fifth `:`) is one placeholder (`${BucketName}`,
//!   `${TopicName}`, `${QueueName}`) it spans neither `/` nor `:`. That keeps
//!   `arn:aws:s3:::bucket/key` an object and not a bucket;
//! - any other placeholder, and a `*` written in a template, spans any run of characters.
//!
//! On the pattern side, `*` and `?` are IAM wildcards. As in the Resource element, a `*` before
//! the fifth `:` stays inside its field. A policy variable `${...}` in the pattern is treated as `*`
//! because its value is unknown here.

/// The characters a run may span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    Any,
    NoColon,
    NoSlashOrColon,
}

impl Span {
    fn allows(self, c: char) -> bool {
        match self {
            Span::Any => true,
            Span::NoColon => c != ':',
            Span::NoSlashOrColon => c != ':' && c != '/',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// Exactly this character.
    Lit(char),
    /// Exactly one character of any kind (pattern `?`).
    One,
    /// Any run, possibly empty, of characters the span allows.
    Run(Span),
}

/// Number of `:` that separate the fixed ARN fields from the resource part.
const FIXED_COLONS: usize = 5;

/// Splits `text` into items. `${...}` and `*` become runs; with `wildcards`, `?` is one character.
/// `resource_run` is the span of a `${...}` run in the resource part.
fn items(text: &str, wildcards: bool, resource_run: Span) -> Vec<Item> {
    let mut out = Vec::with_capacity(text.len());
    let mut colons = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let run = if colons < FIXED_COLONS {
            Span::NoColon
        } else {
            resource_run
        };
        match c {
            '$' if chars.peek() == Some(&'{') => {
                // Skip to the closing brace; an unclosed `${` swallows the rest, which can only
                // make the answer more permissive.
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                }
                out.push(Item::Run(run));
            }
            // A template's own `*` (e.g. `endpoint:*`) and a pattern's `*` are plain runs.
            '*' => out.push(Item::Run(if colons < FIXED_COLONS {
                Span::NoColon
            } else {
                Span::Any
            })),
            '?' if wildcards => out.push(Item::One),
            _ => {
                if c == ':' {
                    colons += 1;
                }
                out.push(Item::Lit(c));
            }
        }
    }
    out
}

/// How a template's resource-part placeholders may span characters (see the module docs).
fn resource_run_of_template(template: &str) -> Span {
    let resource = template
        .splitn(FIXED_COLONS + 1, ':')
        .nth(FIXED_COLONS)
        .unwrap_or("");
    let single_placeholder = resource.starts_with("${")
        && resource.find('}').map(|end| end + 1) == Some(resource.len())
        && resource.matches("${").count() == 1;
    if single_placeholder {
        Span::NoSlashOrColon
    } else {
        Span::Any
    }
}

/// Whether some ARN matches both the SAR `template` and the policy ARN `pattern` (which may be a
/// concrete ARN). A lone `*` matches every template.
pub(crate) fn arn_template_can_match(template: &str, pattern: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    // Most pairs differ in a literal service field (`s3` against `ec2`): no ARN matches both,
    // and saying so here skips building and searching the automata (the same answer).
    if let (Some(ts), Some(ps)) = (service_field(template), service_field(pattern)) {
        let literal = |f: &str| !f.contains(['$', '*', '?']);
        if literal(ts) && literal(ps) && ts != ps {
            return false;
        }
    }
    let t = items(template, false, resource_run_of_template(template));
    let p = items(pattern, true, Span::Any);
    intersects(&t, &p)
}

/// The third field (`arn:partition:SERVICE:…`), when the text has a fourth and no `${` up to
/// it (a variable's own `:` would shift the fields).
fn service_field(text: &str) -> Option<&str> {
    let mut fields = text.splitn(4, ':');
    let head = [fields.next()?, fields.next()?, fields.next()?];
    fields.next()?;
    if head.iter().any(|f| f.contains('$')) {
        return None;
    }
    let [_, _, service] = head;
    Some(service)
}

/// Reachability over (template position, pattern position); accepts when both are consumed.
fn intersects(t: &[Item], p: &[Item]) -> bool {
    let width = p.len() + 1;
    let mut seen = vec![false; (t.len() + 1) * width];
    let mut todo = vec![(0usize, 0usize)];
    while let Some((i, j)) = todo.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if *slot {
            continue;
        }
        *slot = true;
        if i == t.len() && j == p.len() {
            return true;
        }
        let ti = t.get(i).copied();
        let pj = p.get(j).copied();
        // A run may end here and match nothing more.
        if let Some(Item::Run(_)) = ti {
            todo.push((i + 1, j));
        }
        if let Some(Item::Run(_)) = pj {
            todo.push((i, j + 1));
        }
        // Both sides consume one shared character.
        let (Some(ti), Some(pj)) = (ti, pj) else {
            continue;
        };
        let shared = match (ti, pj) {
            (Item::Lit(a), Item::Lit(b)) => a == b,
            (Item::Lit(a), Item::Run(span)) | (Item::Run(span), Item::Lit(a)) => span.allows(a),
            // Every span allows some ordinary letter, so two wildcards always agree.
            _ => true,
        };
        if !shared {
            continue;
        }
        let next_i = if matches!(ti, Item::Run(_)) { i } else { i + 1 };
        let next_j = if matches!(pj, Item::Run(_)) { j } else { j + 1 };
        if (next_i, next_j) != (i, j) {
            todo.push((next_i, next_j));
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    const LOG_GROUP: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";

    #[test]
    fn concrete_object_arn_is_an_object_not_a_bucket() {
        assert!(arn_template_can_match(OBJECT, "arn:aws:s3:::bucket/key"));
        assert!(!arn_template_can_match(BUCKET, "arn:aws:s3:::bucket/key"));
        assert!(arn_template_can_match(BUCKET, "arn:aws:s3:::bucket"));
        assert!(!arn_template_can_match(OBJECT, "arn:aws:s3:::bucket"));
        assert!(arn_template_can_match(
            OBJECT,
            "arn:aws:s3:::bucket/a/b/c.txt"
        ));
    }

    #[test]
    fn patterns_match_when_some_arn_fits_both() {
        assert!(arn_template_can_match(OBJECT, "arn:aws:s3:::bucket/*"));
        assert!(arn_template_can_match(BUCKET, "arn:aws:s3:::*"));
        assert!(arn_template_can_match(OBJECT, "arn:aws:s3:::*"));
        assert!(arn_template_can_match(BUCKET, "arn:aws:s3:::b?cket"));
        assert!(arn_template_can_match(BUCKET, "*"));
        assert!(arn_template_can_match(ROLE, "arn:aws:iam::*:role/*"));
        assert!(!arn_template_can_match(ROLE, "arn:aws:iam::*:user/*"));
        assert!(!arn_template_can_match(BUCKET, "arn:aws:sqs:*:*:queue"));
    }

    #[test]
    fn star_in_a_fixed_field_stays_in_that_field() {
        // `*` in the region field cannot swallow `s3:::bucket`'s colons to reach the resource.
        assert!(!arn_template_can_match(ROLE, "arn:aws:*:role/admin"));
        assert!(arn_template_can_match(ROLE, "arn:aws:iam::*:role/admin"));
    }

    #[test]
    fn placeholders_in_a_long_resource_part_span_slashes_and_colons() {
        assert!(arn_template_can_match(
            ROLE,
            "arn:aws:iam::123456789012:role/path/to/admin"
        ));
        assert!(arn_template_can_match(
            LOG_GROUP,
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"
        ));
        assert!(!arn_template_can_match(
            LOG_GROUP,
            "arn:aws:logs:us-east-1:123456789012:destination:d"
        ));
    }

    #[test]
    fn policy_variables_in_the_pattern_match_anything() {
        assert!(arn_template_can_match(
            OBJECT,
            "arn:aws:s3:::home/${aws:username}/*"
        ));
    }

    #[test]
    fn wildcards_written_in_templates_match_any_run() {
        let t = "arn:${Partition}:dms:${Region}:${Account}:endpoint:*";
        assert!(arn_template_can_match(
            t,
            "arn:aws:dms:us-east-1:123456789012:endpoint:ABC"
        ));
        assert!(!arn_template_can_match(
            t,
            "arn:aws:dms:us-east-1:123456789012:cert:ABC"
        ));
    }
}
