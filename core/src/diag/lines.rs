//! Byte offsets to line:column, computed on demand.

use std::cell::OnceCell;

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// The start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `(byte offset, characters before it)` every [`BLOCK`] bytes or so, built on the first
    /// column asked for far into a long line. A column counts characters: counting them from the
    /// line start on every call made locating each of 50,000 findings on one long line quadratic.
    checkpoints: OnceCell<Vec<(usize, usize)>>,
}

/// Bytes per checkpoint; columns closer than this to their line start are counted directly.
const BLOCK: usize = 4096;

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text` (columns are counted when asked for).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            checkpoints: OnceCell::new(),
        }
    }

    fn checkpoints(&self) -> &[(usize, usize)] {
        self.checkpoints.get_or_init(|| {
            let mut out = vec![(0, 0)];
            let (mut at, mut chars) = (0, 0);
            while at < self.text.len() {
                let mut next = (at + BLOCK).min(self.text.len());
                while !self.text.is_char_boundary(next) {
                    next += 1;
                }
                chars += self.text.get(at..next).map_or(0, |s| s.chars().count());
                out.push((next, chars));
                at = next;
            }
            out
        })
    }

    /// How many characters lie between two byte offsets (`from` ≤ `to`, both char boundaries).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        let direct = |a: usize, b: usize| self.text.get(a..b).map_or(b - a, |s| s.chars().count());
        if to - from <= BLOCK {
            return direct(from, to);
        }
        let before = |offset: usize| {
            let cps = self.checkpoints();
            let i = cps
                .partition_point(|&(at, _)| at <= offset)
                .saturating_sub(1);
            let (at, chars) = cps.get(i).copied().unwrap_or((0, 0));
            chars + direct(at, offset)
        };
        before(to) - before(from)
    }

    /// The byte range of the line holding byte `offset`, without its line break.
    pub fn line_bounds(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        (start, end)
    }

    /// The text the index was built over.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = (offset as usize).min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let line_start = self.starts.get(line).copied().unwrap_or(0);
        let column = self.chars_between(line_start, offset);
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The text of a 1-based line without its line break.
    pub fn line_text(&self, line: u32) -> Option<&'a str> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .map(|l| l.trim_end_matches(['\n', '\r']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let idx = LineIndex::new("ab\ncé\nx");
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(6), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_col(7), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(99), LineCol { line: 3, column: 2 });
        assert_eq!(idx.line_text(2), Some("cé"));
        assert_eq!(idx.line_text(4), None);
        assert_eq!(idx.line_bounds(4), (3, 6));
        assert_eq!(LineIndex::new("ab\r\ncd").line_bounds(1), (0, 2));
    }

    #[test]
    fn columns_agree_with_counting_characters_across_blocks() {
        let text = "é€😀a\n".repeat(200) + &"ü".repeat(7_000) + "x" + &"€".repeat(5_000);
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(7) {
            let start = text.get(..offset).unwrap().rfind('\n').map_or(0, |i| i + 1);
            let expected = text.get(start..offset).unwrap().chars().count() + 1;
            assert_eq!(
                idx.line_col(offset as u32).column as usize,
                expected,
                "{offset}"
            );
        }
    }
}
