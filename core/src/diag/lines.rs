//! Byte offsets to line:column, computed on demand.

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `continuations[k]`: how many UTF-8 continuation bytes precede byte `k * BLOCK`. A column
    /// counts characters; counting them from the line start on every call made locating each of
    /// 50,000 findings on one long line quadratic.
    continuations: Vec<u32>,
}

/// Bytes per checkpoint of [`LineIndex::continuations`]: a lookup scans at most this many.
const BLOCK: usize = 256;

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut continuations = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0u32;
        for block in text.as_bytes().chunks(BLOCK) {
            continuations.push(count);
            let n = block.iter().filter(|&&b| is_continuation(b)).count();
            count = count.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
        LineIndex {
            text,
            starts,
            continuations,
        }
    }

    /// How many characters start before byte `offset` (at most the text's length).
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let block = offset / BLOCK;
        let before = self.continuations.get(block).copied().unwrap_or(0) as usize;
        let within = self
            .text
            .as_bytes()
            .get(block * BLOCK..offset)
            .map_or(0, |b| b.iter().filter(|&&b| is_continuation(b)).count());
        offset - before - within
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
        let column = self.chars_before(offset) - self.chars_before(line_start);
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
        let text = "é€😀a\n".repeat(200) + &"ü".repeat(700);
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
