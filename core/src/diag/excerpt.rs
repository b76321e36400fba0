//! A bounded excerpt of the source line around a finding. Minified policies and generated models
//! put megabytes on one line: quoting the whole line for each finding made the output (and the
//! memory holding it) grow with findings × line length.

use super::LineIndex;
use crate::json::Span;

/// At most this many characters of a line are shown (plus `…` where it is cut).
pub(crate) const EXCERPT_WIDTH: usize = 120;

/// Characters shown before the start of the span when the line is cut.
const LEAD: usize = 40;

/// The part of a line to show under a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The 1-based line number.
    pub line: u32,
    /// The text shown: at most `EXCERPT_WIDTH` characters of the line, with `…` at a cut end,
    /// tabs and other control characters shown as spaces (so the caret stays aligned).
    pub text: String,
    /// Where the caret starts in `text`, in characters.
    pub caret: usize,
    /// How many carets (at least one).
    pub carets: usize,
}

/// The excerpt of the line where `span` starts; the carets cover the span up to the end of the
/// shown text. The work is bounded by the width, not the line's length.
pub fn excerpt(lines: &LineIndex<'_>, span: Span) -> Excerpt {
    let text = lines.text();
    let (line_start, line_end) = lines.line_bounds(span.start);
    let start = (span.start as usize).clamp(line_start, line_end);
    let end = (span.end as usize).clamp(start, line_end);
    // Walk back at most LEAD characters, then forward at most EXCERPT_WIDTH.
    let before = text.get(line_start..start).unwrap_or_default();
    let lead_bytes: usize = before.chars().rev().take(LEAD).map(char::len_utf8).sum();
    let whole_fits = text
        .get(line_start..line_end)
        .is_some_and(|l| l.len() <= EXCERPT_WIDTH || l.chars().nth(EXCERPT_WIDTH).is_none());
    let from = if whole_fits {
        line_start
    } else {
        start - lead_bytes
    };
    let rest = text.get(from..line_end).unwrap_or_default();
    let shown: usize = rest.chars().take(EXCERPT_WIDTH).map(char::len_utf8).sum();
    let to = from + shown;
    let mut out = String::with_capacity(EXCERPT_WIDTH + 8);
    let cut_before = from > line_start;
    if cut_before {
        out.push('…');
    }
    let body = text.get(from..to).unwrap_or_default();
    out.extend(body.chars().map(|c| if c.is_control() { ' ' } else { c }));
    if to < line_end {
        out.push('…');
    }
    let caret = usize::from(cut_before) + text.get(from..start).map_or(0, |s| s.chars().count());
    let carets = text
        .get(start..end.min(to))
        .map_or(0, |s| s.chars().count())
        .max(1);
    Excerpt {
        line: lines.line_col(span.start).line,
        text: out,
        caret,
        carets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let text = "{\n\t\"Action\": \"s3:GetObjekt\"\n}";
        let lines = LineIndex::new(text);
        let e = excerpt(&lines, at(text, "\"s3:GetObjekt\""));
        assert_eq!(e.line, 2);
        assert_eq!(e.text, " \"Action\": \"s3:GetObjekt\"");
        assert_eq!((e.caret, e.carets), (11, 14));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let actions: Vec<String> = (0..50_000).map(|i| format!("\"s3:Get{i}\"")).collect();
        let text = format!("{{\"Action\":[{}]}}", actions.join(","));
        let lines = LineIndex::new(&text);
        let e = excerpt(&lines, at(&text, "\"s3:Get25000\""));
        assert!(e.text.chars().count() <= EXCERPT_WIDTH + 2, "{}", e.text);
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        let shown: String = e.text.chars().skip(e.caret).take(e.carets).collect();
        assert_eq!(shown, "\"s3:Get25000\"");
        // At the end of the line: cut before only.
        let e = excerpt(&lines, at(&text, "]}"));
        assert!(
            e.text.starts_with('…') && e.text.ends_with("]}"),
            "{}",
            e.text
        );
    }

    #[test]
    fn a_span_longer_than_the_excerpt_is_underlined_to_its_edge() {
        let text = format!("[\"{}\"]", "é".repeat(500));
        let lines = LineIndex::new(&text);
        let e = excerpt(&lines, Span::new(1, text.len() - 1));
        assert_eq!(e.caret, 1);
        assert_eq!(e.carets, EXCERPT_WIDTH - 1);
    }
}
