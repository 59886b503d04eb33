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
#[derive(Debug, Clone)]
pub struct BlockIndex {
    pub blocks: Vec<Block>,
    /// Block of each paragraph.
    pub of_paragraph: Vec<usize>,
    /// First block of each section (its heading, or its first paragraph for the lead).
    pub of_section: Vec<usize>,
}

impl BlockIndex {
    pub fn new(doc: &Document) -> BlockIndex {
        let mut blocks = Vec::with_capacity(doc.paragraphs.len() + doc.sections.len() + 1);
        let mut of_paragraph = vec![0; doc.paragraphs.len()];
        let mut of_section = Vec::with_capacity(doc.sections.len());
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
        BlockIndex {
            blocks,
            of_paragraph,
            of_section,
        }
    }

    /// The section a block belongs to (the title counts as the first).
    pub fn section_of(&self, doc: &Document, block: usize) -> usize {
        match self.blocks.get(block) {
            Some(Block::Heading(s)) => *s,
            Some(Block::Paragraph(p)) => doc.paragraphs[*p].section(),
            _ => 0,
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
        let text = block_text(doc, blocks.blocks[index]);
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
    pub visible: &'a [usize],
    pub cache: &'a WrapCache,
    pub width: usize,
    pub height: usize,
    pub max_reach: usize,
}

impl Viewport<'_> {
    /// Rows block `visible[index]` takes: its lines, an attribution line, a blank line.
    pub fn block_height(&self, index: usize) -> usize {
        let Some(&block) = self.visible.get(index) else {
            return 0;
        };
        let lines = self.cache.lines(self.doc, self.blocks, block, self.width).len();
        let attribution = match self.blocks.blocks[block] {
            Block::Paragraph(p) => usize::from(has_attribution(
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
            .partition_point(|&b| b < block)
            .min(self.visible.len().saturating_sub(1))
    }

    /// The row within paragraph block `block` that shows byte `offset` of the document.
    pub fn row_of_offset(&self, block: usize, offset: usize) -> usize {
        let Block::Paragraph(p) = self.blocks.blocks[block] else {
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
