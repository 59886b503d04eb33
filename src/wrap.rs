//! The one wrapper: sanitised, width-aware line breaking for the reader and plain output.
//!
//! Lines are byte ranges into the original (untrusted) text, so highlights of quotes and
//! search matches map straight onto them. Display goes through [`crate::sanitize`], and every
//! measurement and every drawn cell comes from [`cells`], so the two can never disagree.
//! ratatui's `Paragraph::wrap` is not used: it panics on wide text in narrow areas.

use std::borrow::Cow;
use std::ops::Range;

use textwrap::core::Fragment;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::sanitize::{Piece, pieces};

/// One displayed cell (or a wide glyph covering two).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell<'a> {
    /// Bytes of the text given to [`cells`] that this cell shows.
    pub bytes: Range<usize>,
    /// What to draw.
    pub symbol: Cow<'a, str>,
    /// Columns it covers (1 or 2).
    pub width: usize,
    /// Whether it stands for white space (collapsed and trimmed by the wrapper).
    pub space: bool,
}

/// Stand-in for a glyph wider than the whole line (a CJK character in a 1-column pane).
const TOO_WIDE: &str = "…";
/// Base shown under a combining mark that has nothing to combine with.
const DOTTED_CIRCLE: &str = "◌";

/// The cells that display `text`, never wider than `max_width` each.
pub fn cells(text: &str, max_width: usize) -> impl Iterator<Item = Cell<'_>> {
    pieces(text).flat_map(move |(bytes, piece)| piece_cells(bytes, piece, max_width))
}

fn piece_cells<'a>(bytes: Range<usize>, piece: Piece<'a>, max_width: usize) -> Vec<Cell<'a>> {
    let offset = bytes.start;
    let space = |bytes| Cell {
        bytes,
        symbol: Cow::Borrowed(" "),
        width: 1,
        space: true,
    };
    match piece {
        Piece::Text(t) => text_cells(offset, t, max_width),
        Piece::Marker(m) => vec![Cell {
            bytes,
            symbol: Cow::Borrowed(m),
            width: 1,
            space: false,
        }],
        Piece::Tab | Piece::Newline => vec![space(bytes)],
        Piece::Removed => Vec::new(),
    }
}

/// The cells of text `t` (at `offset`). Printable ASCII is a grapheme and a column per byte,
/// so runs of it are celled byte by byte (segmenting them was most of a frame's time); the
/// rest is segmented. The last byte of a run goes with what follows it, where a combining
/// mark may join it; a run is taken up again only where a grapheme ends.
fn text_cells(offset: usize, t: &str, max_width: usize) -> Vec<Cell<'_>> {
    let printable = |b: &u8| matches!(b, b' '..=b'~');
    let b = t.as_bytes();
    let mut cells = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().take_while(|c| printable(c)).count();
        let fast_end = if i + run == b.len() {
            b.len()
        } else {
            (i + run).saturating_sub(1).max(i)
        };
        for (k, &byte) in b.iter().enumerate().take(fast_end).skip(i) {
            let bytes = offset + k..offset + k + 1;
            cells.push(if byte == b' ' {
                Cell {
                    bytes,
                    symbol: Cow::Borrowed(" "),
                    width: 1,
                    space: true,
                }
            } else {
                Cell {
                    bytes,
                    symbol: Cow::Borrowed(&t[k..k + 1]),
                    width: 1,
                    space: false,
                }
            });
        }
        i = fast_end;
        // Graphemes from here until one ends before printable ASCII (or the text ends).
        let rest = &t[i..];
        for (k, g) in rest.grapheme_indices(true) {
            let start = i + k;
            let end = start + g.len();
            cells.push(grapheme_cell(offset + start..offset + end, g, max_width));
            if b.get(end).is_none_or(printable) {
                i = end;
                break;
            }
        }
    }
    cells
}

fn grapheme_cell(bytes: Range<usize>, g: &str, max_width: usize) -> Cell<'_> {
    if g.chars().all(char::is_whitespace) {
        return Cell {
            bytes,
            symbol: Cow::Borrowed(" "),
            width: 1,
            space: true,
        };
    }
    let width = g.width().min(2);
    let (symbol, width) = match width {
        0 => (Cow::Owned(format!("{DOTTED_CIRCLE}{g}")), 1),
        w if w > max_width.max(1) => (Cow::Borrowed(TOO_WIDE), 1),
        w => (Cow::Borrowed(g), w),
    };
    Cell {
        bytes,
        symbol,
        width,
        space: false,
    }
}

/// A word for textwrap: a run of non-space cells and the space after it.
#[derive(Debug)]
struct Word {
    bytes: Range<usize>,
    width: usize,
    space_after: bool,
}

impl Fragment for Word {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        if self.space_after { 1.0 } else { 0.0 }
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Break `text` into lines of at most `width` columns. Each line is a byte range of `text`
/// with no leading or trailing space; runs of space inside a line display as one column.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let words = words(text, width);
    if words.is_empty() {
        return vec![Range { start: 0, end: 0 }];
    }
    textwrap::wrap_algorithms::wrap_first_fit(&words, &[width as f64])
        .into_iter()
        .filter_map(|line| Some(line.first()?.bytes.start..line.last()?.bytes.end))
        .collect()
}

/// Words of `text`, those wider than `width` broken into pieces that fit.
fn words(text: &str, width: usize) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    for cell in cells(text, width) {
        if cell.space {
            if let Some(mut w) = current.take() {
                w.space_after = true;
                words.push(w);
            }
            continue;
        }
        match current.as_mut() {
            Some(w) if w.width + cell.width <= width => {
                w.bytes.end = cell.bytes.end;
                w.width += cell.width;
            }
            _ => {
                if let Some(w) = current.take() {
                    words.push(w);
                }
                current = Some(Word {
                    bytes: cell.bytes.clone(),
                    width: cell.width,
                    space_after: false,
                });
            }
        }
    }
    words.extend(current);
    words
}

/// Display width of `text` as [`cells`] shows it on one line (spaces collapsed as the
/// wrapper does within a line).
pub fn display_width(text: &str) -> usize {
    line_cells(text, usize::MAX).map(|c| c.width).sum()
}

/// The cells of one wrapped line: runs of space collapsed to one.
pub fn line_cells(text: &str, max_width: usize) -> impl Iterator<Item = Cell<'_>> {
    let mut last_space = false;
    cells(text, max_width).filter(move |c| {
        let keep = !(c.space && last_space);
        last_space = c.space;
        keep
    })
}

/// Wrap and render `text` as plain lines (for output that is not a screen).
pub fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    wrap(text, width)
        .into_iter()
        .map(|r| line_cells(&text[r], width).map(|c| c.symbol).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells of text `t` (at `offset`), a grapheme at a time.
    fn graphemes_cells(offset: usize, t: &str, max_width: usize) -> Vec<Cell<'_>> {
        t.grapheme_indices(true)
            .map(|(i, g)| grapheme_cell(offset + i..offset + i + g.len(), g, max_width))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn text_is_celled_as_segmenting_all_of_it_would(
            t in "([ -~]{0,6}|\u{301}|\u{200d}|\u{fe0f}|\u{20e3}|\u{600}|\u{94d}|\u{1100}|\u{1161}|é|“|中|👍|🇺|\u{a0}){0,20}",
            offset in 0usize..100,
            max_width in 0usize..4,
        ) {
            proptest::prop_assert_eq!(text_cells(offset, &t, max_width), graphemes_cells(offset, &t, max_width));
        }
    }

    #[test]
    fn words_fill_lines_up_to_the_width() {
        assert_eq!(wrap_plain("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
    }

    #[test]
    fn soft_newlines_and_runs_of_space_become_one_space() {
        assert_eq!(wrap_plain("one\ntwo   three", 40), vec!["one two three"]);
    }

    #[test]
    fn long_words_are_broken_to_fit() {
        assert_eq!(wrap_plain("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn wide_glyphs_never_exceed_a_narrow_width() {
        for line in wrap_plain("漢字かな", 1) {
            assert!(display_width(&line) <= 1, "{line:?}");
        }
        assert_eq!(wrap_plain("漢字かな", 4), vec!["漢字", "かな"]);
    }

    #[test]
    fn escape_sequences_never_reach_the_wrapped_lines() {
        let lines = wrap_plain("a\x1b[2Jb \x1b]0;t\x07c", 10);
        assert_eq!(lines, vec!["ab c"]);
    }

    #[test]
    fn a_leading_combining_mark_gets_a_visible_base() {
        assert_eq!(wrap_plain("\u{301}a", 5), vec!["◌\u{301}a"]);
    }
}
