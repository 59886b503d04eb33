//! The reader's text as blocks, wrapped lazily and scrolled by (block, row) — never by
//! wrapping the whole document (SPEC §8).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::document::{Document, QuoteKind};
use crate::wrap;

/// A unit of the reader's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Title,
    /// A section's heading (index of the section).
    Heading(usize),
    /// A paragraph (index into `Document::paragraphs`).
    Paragraph(usize),
}

/// The blocks of a document in reading order, and where each section and paragraph lands.
///
/// Blocks follow from the sections (an optional heading, then its paragraphs), so only a
/// few numbers per section are kept, not a block per paragraph: a 100 MB hearing has half
/// a million paragraphs and a few thousand sections (SPEC §8, memory).
#[derive(Debug, Clone)]
pub struct BlockIndex {
    /// Whether block 0 is the title.
    title: bool,
    sections: Vec<SectionBlocks>,
    len: usize,
}

/// Where one section's blocks start and what they are.
#[derive(Debug, Clone, Copy)]
struct SectionBlocks {
    first_block: usize,
    heading: bool,
    first_paragraph: usize,
    paragraphs: usize,
}

impl BlockIndex {
    pub fn new(doc: &Document) -> BlockIndex {
        let title = doc.title.is_some();
        let mut len = usize::from(title);
        let sections = doc
            .sections
            .iter()
            .map(|section| {
                let blocks = SectionBlocks {
                    first_block: len,
                    heading: section.heading.is_some(),
                    first_paragraph: section.first_paragraph,
                    paragraphs: section.paragraph_count(),
                };
                len += usize::from(blocks.heading) + blocks.paragraphs;
                blocks
            })
            .collect();
        BlockIndex { title, sections, len }
    }

    /// How many blocks there are.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Block `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<Block> {
        if index >= self.len {
            return None;
        }
        if self.title && index == 0 {
            return Some(Block::Title);
        }
        // The last section starting at or before the block (empty ones share a start).
        let s = self
            .sections
            .partition_point(|b| b.first_block <= index)
            .checked_sub(1)?;
        let section = &self.sections[s];
        let within = index - section.first_block;
        match (section.heading, within) {
            (true, 0) => Some(Block::Heading(s)),
            (true, n) => Some(Block::Paragraph(section.first_paragraph + n - 1)),
            (false, n) => Some(Block::Paragraph(section.first_paragraph + n)),
        }
    }

    /// All blocks, in reading order.
    pub fn iter(&self) -> impl Iterator<Item = Block> + '_ {
        (0..self.len).filter_map(|i| self.get(i))
    }

    /// Block of paragraph `paragraph`.
    pub fn of_paragraph(&self, paragraph: usize) -> usize {
        let Some(s) = self
            .sections
            .partition_point(|b| b.first_paragraph <= paragraph)
            .checked_sub(1)
        else {
            return 0;
        };
        let section = &self.sections[s];
        section.first_block + usize::from(section.heading) + (paragraph - section.first_paragraph)
    }

    /// First block of section `section` (its heading, or its first paragraph for the lead).
    pub fn of_section(&self, section: usize) -> Option<usize> {
        self.sections.get(section).map(|b| b.first_block)
    }

    /// The section a block belongs to (the title counts as the first).
    pub fn section_of(&self, doc: &Document, block: usize) -> usize {
        match self.get(block) {
            Some(Block::Heading(s)) => s,
            Some(Block::Paragraph(p)) => doc.paragraphs[p].section(),
            _ => 0,
        }
    }
}

/// The blocks the reader shows, ascending: all of them (kept as a count), or those `f`
/// leaves (as `u32`: there can be half a million).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visible {
    All(usize),
    Only(Vec<u32>),
}

impl Visible {
    pub fn len(&self) -> usize {
        match self {
            Visible::All(n) => *n,
            Visible::Only(blocks) => blocks.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The block shown at `index`.
    pub fn get(&self, index: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (index < *n).then_some(index),
            Visible::Only(blocks) => blocks.get(index).map(|&b| b as usize),
        }
    }

    /// How many shown blocks come before block `block`.
    pub fn count_before(&self, block: usize) -> usize {
        match self {
            Visible::All(n) => block.min(*n),
            Visible::Only(blocks) => blocks.partition_point(|&b| (b as usize) < block),
        }
    }
}

/// The text a block shows.
pub fn block_text(doc: &Document, block: Block) -> &str {
    match block {
        Block::Title => doc.title.as_deref().unwrap_or(""),
        Block::Heading(s) => doc.section_heading(s).unwrap_or(""),
        Block::Paragraph(p) => doc.slice(doc.paragraphs[p].span),
    }
}

/// Wrapped lines per block at one width, computed when first drawn or scrolled past.
#[derive(Debug, Default)]
pub struct WrapCache {
    width: Cell<usize>,
    lines: RefCell<HashMap<usize, Rc<Vec<Range<usize>>>>>,
}

impl WrapCache {
    /// The wrapped lines of block `index` at `width` (byte ranges of its text).
    pub fn lines(
        &self,
        doc: &Document,
        blocks: &BlockIndex,
        index: usize,
        width: usize,
    ) -> Rc<Vec<Range<usize>>> {
        if self.width.get() != width {
            self.lines.borrow_mut().clear();
            self.width.set(width);
        }
        if let Some(lines) = self.lines.borrow().get(&index) {
            return Rc::clone(lines);
        }
        let Some(block) = blocks.get(index) else {
            return Rc::new(Vec::new());
        };
        let text = block_text(doc, block);
        let lines = Rc::new(wrap::wrap(text, width));
        self.lines.borrow_mut().insert(index, Rc::clone(&lines));
        lines
    }
}

/// Whether a paragraph ends a statement, so the reader shows who said it under it.
pub fn has_attribution(doc: &Document, paragraph: usize, quotes_near: &[usize]) -> bool {
    quotes_near.iter().any(|&q| {
        let q = &doc.quotes[q];
        q.kind == QuoteKind::Statement && q.last_paragraph() == paragraph
    })
}

/// Quotes that overlap paragraph `p`, found by binary search (quotes are in reading order;
/// `max_reach` is the most paragraphs any quote spans).
pub fn quotes_in_paragraph(doc: &Document, p: usize, max_reach: usize) -> Vec<usize> {
    let span = doc.paragraphs[p].span;
    let upper = doc
        .quotes
        .partition_point(|q| q.outer.start() < span.end().max(span.start() + 1));
    let mut out = Vec::new();
    for i in (0..upper).rev() {
        let q = &doc.quotes[i];
        if q.paragraph() + max_reach < p {
            break;
        }
        if q.paragraph() <= p && p <= q.last_paragraph() {
            out.push(i);
        }
    }
    out.reverse();
    out
}

/// A position in the reader: which visible block is at the top, and how many of its rows
/// are scrolled past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct ScrollPos {
    /// Index into the visible blocks.
    pub index: usize,
    /// Rows of that block above the top of the screen.
    pub row: usize,
}

/// What scrolling needs to know: the blocks shown and how tall each is at this width.
pub struct Viewport<'a> {
    pub doc: &'a Document,
    pub blocks: &'a BlockIndex,
    pub visible: &'a Visible,
    pub cache: &'a WrapCache,
    pub width: usize,
    pub height: usize,
    pub max_reach: usize,
}

impl Viewport<'_> {
    /// Rows block `visible[index]` takes: its lines, an attribution line, a blank line.
    pub fn block_height(&self, index: usize) -> usize {
        let Some(block) = self.visible.get(index) else {
            return 0;
        };
        let lines = self.cache.lines(self.doc, self.blocks, block, self.width).len();
        let attribution = match self.blocks.get(block) {
            Some(Block::Paragraph(p)) => usize::from(has_attribution(
                self.doc,
                p,
                &quotes_in_paragraph(self.doc, p, self.max_reach),
            )),
            _ => 0,
        };
        lines + attribution + 1
    }

    /// `pos` moved down by `rows`, stopping at the last page.
    pub fn down(&self, mut pos: ScrollPos, mut rows: usize) -> ScrollPos {
        while rows > 0 && pos.index < self.visible.len() {
            let left = self.block_height(pos.index) - pos.row;
            if rows < left {
                pos.row += rows;
                break;
            }
            rows -= left;
            pos = ScrollPos {
                index: pos.index + 1,
                row: 0,
            };
        }
        self.clamp(pos)
    }

    /// `pos` moved up by `rows`, stopping at the top.
    pub fn up(&self, mut pos: ScrollPos, mut rows: usize) -> ScrollPos {
        while rows > 0 {
            if pos.row >= rows {
                pos.row -= rows;
                break;
            }
            rows -= pos.row;
            if pos.index == 0 {
                pos.row = 0;
                break;
            }
            pos.index -= 1;
            pos.row = self.block_height(pos.index);
        }
        pos
    }

    /// The last position that still fills the screen: the bottom of the document.
    pub fn bottom(&self) -> ScrollPos {
        let end = ScrollPos {
            index: self.visible.len(),
            row: 0,
        };
        let pos = self.up(end, self.height.max(1));
        if pos.index >= self.visible.len() {
            ScrollPos::default()
        } else {
            pos
        }
    }

    /// Keep `pos` within the document, so the last page is never scrolled past.
    pub fn clamp(&self, pos: ScrollPos) -> ScrollPos {
        pos.min(self.bottom())
    }

    /// The position showing row `row` of visible block `index` near the top, with one row of
    /// context above it.
    pub fn reveal(&self, index: usize, row: usize) -> ScrollPos {
        let pos = ScrollPos { index, row };
        self.clamp(self.up(pos, 1.min(self.height / 4)))
    }

    /// The visible index of block `block`, or of the first visible block after it.
    pub fn index_of_block(&self, block: usize) -> usize {
        self.visible
            .count_before(block)
            .min(self.visible.len().saturating_sub(1))
    }

    /// The row within paragraph block `block` that shows byte `offset` of the document.
    pub fn row_of_offset(&self, block: usize, offset: usize) -> usize {
        let Some(Block::Paragraph(p)) = self.blocks.get(block) else {
            return 0;
        };
        let local = offset.saturating_sub(self.doc.paragraphs[p].span.start());
        let lines = self.cache.lines(self.doc, self.blocks, block, self.width);
        lines.iter().rposition(|l| l.start <= local).unwrap_or(0)
    }

    /// Rough position in percent: blocks above the top, over all blocks.
    pub fn percent(&self, pos: ScrollPos) -> usize {
        if self.visible.is_empty() || pos >= self.bottom() {
            return 100;
        }
        (pos.index * 100) / self.visible.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{InputFormat, Lexicon, parse};

    /// The blocks listed one by one, as the index once kept them.
    fn listed(doc: &Document) -> (Vec<Block>, Vec<usize>, Vec<usize>) {
        let mut blocks = Vec::new();
        let mut of_paragraph = vec![0; doc.paragraphs.len()];
        let mut of_section = Vec::new();
        if doc.title.is_some() {
            blocks.push(Block::Title);
        }
        for (s, section) in doc.sections.iter().enumerate() {
            of_section.push(blocks.len());
            if section.heading.is_some() {
                blocks.push(Block::Heading(s));
            }
            for (p, slot) in of_paragraph
                .iter_mut()
                .enumerate()
                .take(section.end_paragraph)
                .skip(section.first_paragraph)
            {
                *slot = blocks.len();
                blocks.push(Block::Paragraph(p));
            }
        }
        (blocks, of_paragraph, of_section)
    }

    #[test]
    fn blocks_follow_from_the_sections_as_a_list_of_them_would() {
        let texts = [
            (crate::document::decode::BUNDLED_TEXT, InputFormat::Auto),
            (
                "# Title\n\n## Empty\n\n## Also empty\n\n## Full\n\nOne.\n\nTwo.\n\n## Last empty\n",
                InputFormat::Markdown,
            ),
            (
                "Lead paragraph without a title line, long enough to be text.\n\n## One\n\nA.\n",
                InputFormat::Markdown,
            ),
            (
                "Q: Why?\n\nA: Because.\n\nQ: And then?\n\nA: Then more.\n",
                InputFormat::Auto,
            ),
            ("", InputFormat::Auto),
        ];
        for (text, format) in texts {
            let doc = parse(text.to_string(), format, &Lexicon::bundled());
            let index = BlockIndex::new(&doc);
            let (blocks, of_paragraph, of_section) = listed(&doc);
            assert_eq!(index.len(), blocks.len(), "{text:?}");
            assert_eq!(index.iter().collect::<Vec<_>>(), blocks, "{text:?}");
            assert_eq!(index.get(blocks.len()), None);
            for (p, &b) in of_paragraph.iter().enumerate() {
                assert_eq!(index.of_paragraph(p), b, "{text:?} paragraph {p}");
            }
            for (s, &b) in of_section.iter().enumerate() {
                assert_eq!(index.of_section(s), Some(b), "{text:?} section {s}");
            }
        }
    }

    #[test]
    fn all_blocks_and_a_chosen_few_answer_alike() {
        let all = Visible::All(5);
        let only = Visible::Only(vec![0, 1, 2, 3, 4]);
        for i in 0..7 {
            assert_eq!(all.get(i), only.get(i));
            assert_eq!(all.count_before(i), only.count_before(i));
        }
        assert_eq!(Visible::Only(vec![1, 4]).count_before(3), 1);
    }
}
