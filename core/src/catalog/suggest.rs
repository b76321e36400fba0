//! "Did you mean" suggestions by edit distance.

/// Levenshtein distance ignoring ASCII case, or `None` once it must exceed `limit` (so a long
/// list of far-off candidates costs little).
pub(crate) fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // One row of the classic table, reused in place.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut row_min = left;
        for (slot, &cb) in row.iter_mut().skip(1).zip(b) {
            let up = *slot;
            let cost = usize::from(!ca.eq_ignore_ascii_case(&cb));
            let here = (diagonal + cost).min(up + 1).min(left + 1);
            diagonal = up;
            *slot = here;
            left = here;
            row_min = row_min.min(here);
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        if row_min > limit {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= limit)
}

/// How many edits still count as a typo of a name this long.
pub(crate) fn typo_budget(name: &str) -> usize {
    (name.len() / 4).clamp(1, 3)
}

/// The best candidates (distance, then name order), at most `max`.
pub(crate) fn best<T>(mut scored: Vec<(usize, T)>, max: usize) -> Vec<T> {
    scored.sort_by_key(|&(distance, _)| distance);
    scored.into_iter().take(max).map(|(_, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_ignoring_case() {
        assert_eq!(edit_distance("GetObjekt", "GetObject", 3), Some(1));
        assert_eq!(edit_distance("getobject", "GetObject", 3), Some(0));
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("", "abc", 3), Some(3));
    }

    #[test]
    fn distance_gives_up_past_the_limit() {
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
        assert_eq!(edit_distance("a", "abcdef", 2), None);
    }
}
