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

/// Text from which paragraphs are split on two threads.
const HALVES_FROM: usize = 4 << 20;

/// Paragraphs of `text`, separated by blank or whitespace-only lines. One pass, memchr-fast;
/// a long text in two halves at once, cut after an empty line near its middle (no
/// paragraph runs across one): this was most of a plain-text hearing's single-core start.
pub fn split_paragraphs(text: &str) -> Vec<RawBlock> {
    split_paragraphs_from(text, HALVES_FROM)
}

fn split_paragraphs_from(text: &str, halves_from: usize) -> Vec<RawBlock> {
    let middle = text.len() / 2;
    let cut = (text.len() >= halves_from)
        .then(|| memchr::memmem::find(&text.as_bytes()[middle..], b"\n\n"))
        .flatten()
        .map(|i| middle + i + 2);
    let Some(cut) = cut else {
        return split_lines(text).0;
    };
    let (first, second) = text.split_at(cut);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| split_lines(second).0);
        let (mut blocks, lines_before) = split_lines(first);
        let rest = later.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        blocks.reserve_exact(rest.len());
        blocks.extend(rest.into_iter().map(|b| RawBlock {
            span: Span::new(b.span.start() + cut, b.span.end() + cut),
            line: b.line + lines_before,
            lines: b.lines,
        }));
        blocks
    })
}

/// The paragraphs of `text`, and how many line breaks it holds.
fn split_lines(text: &str) -> (Vec<RawBlock>, usize) {
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
    // Every line but the last ended in a line break.
    (blocks, line_no - 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn halves_split_as_one_pass_does(text in "(a|b c|\n|\n\n| \n|é|\t){0,60}", from in 0usize..8) {
            proptest::prop_assert_eq!(split_paragraphs_from(&text, from), split_lines(&text).0);
        }
    }

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
