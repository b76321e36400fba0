//! Matching condition keys against key templates with a variable part.
//!
//! The SAR writes such keys two ways: `aws:RequestTag/${TagKey}` and `s3:ExistingObjectTag/<key>`.
//! A policy writes the concrete key (`aws:RequestTag/Owner`). Condition key names are
//! case-insensitive, so literal parts compare ignoring ASCII case.

/// Whether `key` fits `template`: literal parts equal ignoring ASCII case, each `${...}` or
/// `<...>` part standing for one or more characters.
pub(crate) fn key_template_matches(template: &str, key: &str) -> bool {
    let mut pieces = literal_pieces(template);
    let key = key.as_bytes();
    // The first piece is anchored at the start.
    let Some(first) = pieces.next() else {
        return key.is_empty();
    };
    if !starts_with_ci(key, first) {
        return false;
    }
    let mut pos = first.len();
    let mut rest = pieces.peekable();
    while let Some(piece) = rest.next() {
        // A placeholder precedes every later piece and needs at least one character.
        let from = pos + 1;
        if rest.peek().is_none() {
            // The last piece is anchored at the end.
            return key.len() >= from + piece.len() && ends_with_ci(key, piece);
        }
        // Leftmost occurrence is optimal for a middle piece (classic glob argument).
        match find_ci(key, piece, from) {
            Some(at) => pos = at + piece.len(),
            None => return false,
        }
    }
    // No placeholder at all: the whole key must be the single piece.
    pos == key.len()
}

/// The literal parts of a template, split at placeholders. A template ending in a placeholder
/// yields an empty last piece, so "at least one character, then the end" falls out naturally.
fn literal_pieces(template: &str) -> impl Iterator<Item = &[u8]> {
    let bytes = template.as_bytes();
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = bytes.get(at..)?;
        let open = rest
            .windows(2)
            .position(|w| w == b"${")
            .map(|i| (i, b'}'))
            .into_iter()
            .chain(rest.iter().position(|&c| c == b'<').map(|i| (i, b'>')))
            .min_by_key(|&(i, _)| i);
        match open {
            Some((start, close)) => {
                let piece = rest.get(..start)?;
                let after = rest.get(start..)?.iter().position(|&c| c == close);
                match after {
                    Some(end) => at += start + end + 1,
                    None => done = true,
                }
                Some(piece)
            }
            None => {
                done = true;
                Some(rest)
            }
        }
    })
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.get(..needle.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(needle))
}

fn ends_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .get(hay.len() - needle.len()..)
            .is_some_and(|h| h.eq_ignore_ascii_case(needle))
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    if needle.is_empty() {
        return Some(from);
    }
    rest.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollar_brace_and_angle_placeholders_match_a_non_empty_run() {
        assert!(key_template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/Owner"
        ));
        assert!(key_template_matches(
            "aws:RequestTag/${TagKey}",
            "AWS:requesttag/Owner"
        ));
        assert!(!key_template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/"
        ));
        assert!(!key_template_matches(
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/Owner"
        ));
        assert!(key_template_matches(
            "s3:ExistingObjectTag/<key>",
            "s3:existingobjecttag/team"
        ));
    }

    #[test]
    fn placeholders_in_the_middle_keep_the_suffix_anchored() {
        let t = "codebuild:environment.environmentVariables/${name}.value";
        assert!(key_template_matches(
            t,
            "codebuild:environment.environmentVariables/FOO.value"
        ));
        assert!(key_template_matches(
            t,
            "codebuild:environment.environmentVariables/a.value.value"
        ));
        assert!(!key_template_matches(
            t,
            "codebuild:environment.environmentVariables/.value"
        ));
        assert!(!key_template_matches(
            t,
            "codebuild:environment.environmentVariables/FOO.values"
        ));
    }

    #[test]
    fn templates_without_placeholders_need_the_whole_key() {
        assert!(key_template_matches("s3:prefix", "S3:Prefix"));
        assert!(!key_template_matches("s3:prefix", "s3:prefixes"));
    }
}
