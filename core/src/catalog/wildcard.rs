//! IAM action wildcards and ASCII case-insensitive ordering.

use std::cmp::Ordering;

/// Matches `text` against an IAM action-style pattern: `*` matches any run of characters
/// (including none), `?` exactly one character, everything else itself ignoring ASCII case, and
/// the pattern must cover the whole text.
///
/// Greedy with a single backtrack point (the last `*`), so it runs in O(|pattern| · |text|) at
/// worst and allocates nothing.
pub(crate) fn wildcard_match(pattern: &str, text: &str) -> bool {
    // Policies and action names are ASCII: there a character is a byte, and the byte loop
    // skips decoding (lint compares every pair of entries of a policy). It gives up at the
    // first non-ASCII byte it meets, and the character loop decides.
    match wildcard_match_ascii(pattern.as_bytes(), text.as_bytes()) {
        Some(answer) => answer,
        None => wildcard_match_chars(pattern, text),
    }
}

/// [`wildcard_match`] byte by byte, taking the same steps as the character loop as long as
/// every byte it looks at (or lets a `*` absorb) is ASCII, where a byte is a character; `None`
/// at the first that is not.
fn wildcard_match_ascii(pattern: &[u8], text: &[u8]) -> Option<bool> {
    let (mut p, mut t) = (0usize, 0usize);
    // After a `*`: the pattern position just past it, and the text position it starts from.
    let mut star: Option<(usize, usize)> = None;
    loop {
        match pattern.get(p) {
            Some(b'*') => {
                p += 1;
                star = Some((p, t));
                continue;
            }
            Some(&pc) => {
                if !pc.is_ascii() {
                    return None;
                }
                if let Some(&tc) = text.get(t) {
                    if !tc.is_ascii() {
                        return None;
                    }
                    if pc == b'?' || pc.eq_ignore_ascii_case(&tc) {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
            }
            None => {
                if t >= text.len() {
                    return Some(true);
                }
            }
        }
        // Mismatch: let the last `*` absorb one more character and retry from there.
        match star.as_mut() {
            Some((after_star, from)) => {
                match text.get(*from) {
                    None => return Some(false),
                    Some(c) if !c.is_ascii() => return None,
                    Some(_) => {}
                }
                *from += 1;
                p = *after_star;
                t = *from;
            }
            None => return Some(false),
        }
    }
}

/// [`wildcard_match`] character by character (any text).
fn wildcard_match_chars(pattern: &str, text: &str) -> bool {
    let mut p = pattern.chars();
    let mut t = text.chars();
    // After a `*`: the pattern just past it, and the text position it currently starts from.
    let mut star: Option<(std::str::Chars<'_>, std::str::Chars<'_>)> = None;
    loop {
        let mut p_next = p.clone();
        match p_next.next() {
            Some('*') => {
                p = p_next;
                star = Some((p.clone(), t.clone()));
                continue;
            }
            Some(pc) => {
                let mut t_next = t.clone();
                if let Some(tc) = t_next.next() {
                    if pc == '?' || pc.eq_ignore_ascii_case(&tc) {
                        p = p_next;
                        t = t_next;
                        continue;
                    }
                }
            }
            None => {
                if t.clone().next().is_none() {
                    return true;
                }
            }
        }
        // Mismatch: let the last `*` absorb one more character and retry from there.
        match star.as_mut() {
            Some((after_star, from)) => {
                if from.next().is_none() {
                    return false;
                }
                p = after_star.clone();
                t = from.clone();
            }
            None => return false,
        }
    }
}

/// Whether the text contains an IAM wildcard character.
pub(crate) fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Orders strings by their ASCII-lowercased bytes: the order the generator sorts names in, so
/// lookups can binary-search without lowercasing (and allocating) the query.
pub(crate) fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    // A plain loop over the bytes: every catalog lookup's binary search runs this.
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        match x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_question_mark_follow_iam_rules() {
        assert!(wildcard_match("Get*", "GetObject"));
        assert!(wildcard_match("get*", "GetObject"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("*Object", "GetObject"));
        assert!(wildcard_match("G?tObject", "GetObject"));
        assert!(wildcard_match("*e*t*", "GetObject"));
        assert!(!wildcard_match("G?tObject", "GtObject"));
        assert!(
            !wildcard_match("Get", "GetObject"),
            "whole string, not a prefix"
        );
        assert!(!wildcard_match("*Objects", "GetObject"));
        assert!(wildcard_match("a*b*c", "aXbYbZc"));
        assert!(!wildcard_match("a*b*c", "aXbYbZ"));
    }

    #[test]
    fn the_ascii_loop_agrees_with_the_character_loop() {
        // Every pattern and text of up to four characters over a small alphabet.
        let alphabet = ["a", "B", "b", "*", "?", ":", "é"];
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = last
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(next.iter().cloned());
            last = next;
        }
        for p in &words {
            for t in &words {
                let chars = wildcard_match_chars(p, t);
                if let Some(ascii) = wildcard_match_ascii(p.as_bytes(), t.as_bytes()) {
                    assert_eq!(ascii, chars, "{p:?} against {t:?}");
                }
                if p.is_ascii() && t.is_ascii() {
                    assert!(wildcard_match_ascii(p.as_bytes(), t.as_bytes()).is_some());
                }
                assert_eq!(wildcard_match(p, t), chars, "{p:?} against {t:?}");
            }
        }
    }

    #[test]
    fn question_mark_is_one_character_not_one_byte() {
        assert!(wildcard_match("?", "é"));
        assert!(!wildcard_match("??", "é"));
    }

    #[test]
    fn case_insensitive_order_ignores_case() {
        assert_eq!(
            cmp_ignore_ascii_case("GetObject", "getobject"),
            Ordering::Equal
        );
        assert_eq!(cmp_ignore_ascii_case("a", "B"), Ordering::Less);
        assert_eq!(cmp_ignore_ascii_case("Get", "GetObject"), Ordering::Less);
    }
}
