//! Splitting text into paragraphs: runs of lines separated by blank lines.

use crate::document::model::Span;

/// A paragraph as found in the text, before any structure is given to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawBlock {
    /// The paragraph's text, first line start to last line end (no trailing newline).
    pub span: Span,
    /// 1-based line of its first line.
    pub line: usize,
    /// How many source lines it spans.
    pub lines: usize,
}

/// Paragraphs of `text`, separated by blank or whitespace-only lines. One pass, memchr-fast.
pub fn split_paragraphs(text: &str) -> Vec<RawBlock> {
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    let mut current: Option<RawBlock> = None;
    let mut line_start = 0;
    let mut line_no = 1;
    let mut ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    while line_start <= bytes.len() {
        let Some(line_end) = ends.next() else { break };
        let line = &text[line_start..line_end];
        if line.trim().is_empty() {
            blocks.extend(current.take());
        } else {
            match current.as_mut() {
                Some(b) => {
                    b.span.set_end(line_end);
                    b.lines += 1;
                }
                None => {
                    current = Some(RawBlock {
                        span: Span::new(line_start, line_end),
                        line: line_no,
                        lines: 1,
                    })
                }
            }
        }
        line_start = line_end + 1;
        line_no += 1;
    }
    blocks.extend(current);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_whitespace_lines_separate_paragraphs() {
        let text = "one\ntwo\n\n  \nthree\n";
        let blocks = split_paragraphs(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[0].span.start()..blocks[0].span.end()], "one\ntwo");
        assert_eq!((blocks[0].line, blocks[0].lines), (1, 2));
        assert_eq!(&text[blocks[1].span.start()..blocks[1].span.end()], "three");
        assert_eq!(blocks[1].line, 5);
    }
}
