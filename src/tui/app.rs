//! The reader's state and the one place it changes: [`App::update`].

use crate::document::filter::{QuoteFilter, TopicMode};
use crate::document::{Document, TopicSet};
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::layout::{self, Panes};
use crate::tui::scroll::{Block, BlockIndex, ScrollPos, Viewport, Visible, WrapCache};
use crate::tui::search::Search;
use crate::tui::theme::Theme;

/// Which pane the keyboard moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Topics,
    Main,
}

/// What the right side shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Reader,
    QuoteList,
}

/// Rows each entry of the quote list takes: a header, two lines of text, a blank.
pub const LIST_ITEM_HEIGHT: usize = 4;
/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

/// Everything the reader knows.
pub struct App {
    pub doc: Document,
    pub theme: Theme,
    pub blocks: BlockIndex,
    /// Blocks shown (all, or only those with a passing quote under `f`), ascending.
    pub visible: Visible,
    pub cache: WrapCache,
    /// Most paragraphs one quote spans (bounds the search for a paragraph's quotes).
    pub max_reach: usize,
    /// The reader's scroll position.
    pub top: ScrollPos,
    /// Terminal size.
    pub size: (u16, u16),
    pub focus: Focus,
    pub view: View,
    pub mode: Mode,
    pub filter: QuoteFilter,
    /// `f`: show only paragraphs holding a passing quote.
    pub only_quoted: bool,
    /// Quotes passing the filter, in reading order (`u32`: half a million on a hearing).
    pub passing: Vec<u32>,
    /// Passing quotes per section, for the outline.
    pub section_counts: Vec<usize>,
    /// Quotes per topic under the speaker and kind filter, for the topics pane.
    pub topic_counts: Vec<usize>,
    pub outline_selected: usize,
    pub topics_selected: usize,
    pub list_selected: usize,
    /// First quote-list entry on screen.
    pub list_top: usize,
    /// Entry chosen in the speaker picker (0 is "everyone").
    pub picker_selected: usize,
    pub help_scroll: usize,
    pub search: Search,
    /// Where the reader stood right after jumping to the current match: `n`/`N` go on from
    /// that match while the reader has not moved, and from the top of the screen once it has
    /// (`G`, then `n`, finds the next match near the end, as `less` does).
    match_view: Option<ScrollPos>,
    /// The quote jumped to last, marked in the reader.
    pub marked: Option<usize>,
    /// A one-line notice for the status line.
    pub notice: Option<String>,
    /// Set while the whole document is indexed in the background (a preview is shown).
    pub indexing: Option<std::time::Instant>,
    pub running: bool,
}

/// Most paragraphs one quote spans.
fn max_reach(doc: &Document) -> usize {
    doc.quotes
        .iter()
        .map(|q| q.last_paragraph() - q.paragraph())
        .max()
        .unwrap_or(0)
}

impl App {
    pub fn new(doc: Document, theme: Theme, size: (u16, u16)) -> App {
        let blocks = BlockIndex::new(&doc);
        let max_reach = max_reach(&doc);
        let mut app = App {
            visible: Visible::All(blocks.len()),
            blocks,
            doc,
            theme,
            cache: WrapCache::default(),
            max_reach,
            top: ScrollPos::default(),
            size,
            focus: Focus::Main,
            view: View::Reader,
            mode: Mode::Normal,
            filter: QuoteFilter::default(),
            only_quoted: false,
            passing: Vec::new(),
            section_counts: Vec::new(),
            topic_counts: Vec::new(),
            outline_selected: 0,
            topics_selected: 0,
            list_selected: 0,
            list_top: 0,
            picker_selected: 0,
            help_scroll: 0,
            search: Search::default(),
            match_view: None,
            marked: None,
            notice: None,
            indexing: None,
            running: true,
        };
        app.refilter();
        app
    }

    /// Swap in the whole document for the preview shown while it was indexed, keeping the
    /// text at the top of the screen, the filters and the search.
    pub fn replace_document(&mut self, doc: Document) {
        let offset = self.top_offset();
        let speakers: Option<Vec<String>> = self.filter.speakers.as_ref().map(|ids| {
            ids.iter()
                .filter_map(|&s| self.doc.speakers.get(s).map(|s| s.name.clone()))
                .collect()
        });
        self.blocks = BlockIndex::new(&doc);
        self.max_reach = max_reach(&doc);
        self.cache = WrapCache::default();
        self.filter.speakers = speakers.map(|names| {
            (0..doc.speakers.len())
                .filter(|&s| names.contains(&doc.speakers[s].name))
                .collect()
        });
        let mut topics = TopicSet::default();
        for t in self.filter.topics.iter().filter(|&t| t < doc.topics.len()) {
            topics.insert(t);
        }
        self.filter.topics = topics;
        self.doc = doc;
        self.marked = None;
        self.indexing = None;
        self.top = ScrollPos::default();
        self.refilter();
        if self.search.is_active() {
            let current = self.search.current;
            self.search = Search::run(&self.search.query.clone(), &self.doc.text);
            self.search.current = current.filter(|&c| c < self.search.matches.len());
        }
        let paragraph = self.doc.paragraphs.partition_point(|p| p.span.end() <= offset);
        if paragraph < self.doc.paragraphs.len() {
            let block = self.blocks.of_paragraph(paragraph);
            let vp = self.viewport();
            let index = vp.index_of_block(block);
            let row = if self.visible.get(index) == Some(block) {
                vp.row_of_offset(block, offset)
            } else {
                0
            };
            self.top = vp.clamp(ScrollPos { index, row });
        }
    }

    pub fn panes(&self) -> Panes {
        layout::panes(self.size.0, self.size.1, self.doc.topics.len().min(9))
    }

    /// Text columns of the reader (one column of margin each side).
    pub fn text_width(&self) -> usize {
        usize::from(self.panes().main.width.saturating_sub(2)).max(1)
    }

    pub fn viewport(&self) -> Viewport<'_> {
        Viewport {
            doc: &self.doc,
            blocks: &self.blocks,
            visible: &self.visible,
            cache: &self.cache,
            width: self.text_width(),
            height: usize::from(self.panes().main.height),
            max_reach: self.max_reach,
        }
    }

    /// The section at the top of the reader.
    pub fn current_section(&self) -> usize {
        self.visible
            .get(self.top.index)
            .map_or(0, |b| self.blocks.section_of(&self.doc, b))
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        self.notice = None;
        match self.mode {
            Mode::Help => self.update_help(action),
            Mode::SpeakerPicker => self.update_picker(action),
            Mode::Search => self.update_search(action),
            Mode::Normal => self.update_normal(action),
        }
    }

    fn update_normal(&mut self, action: Action) {
        match action {
            Action::Quit => self.running = false,
            Action::ToggleHelp => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::Escape => self.escape(),
            Action::LineDown => self.move_focused(1),
            Action::LineUp => self.move_focused(-1),
            Action::PageDown => self.move_focused(self.page() as isize),
            Action::PageUp => self.move_focused(-(self.page() as isize)),
            Action::HalfPageDown => self.move_focused((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.move_focused(-((self.page() / 2).max(1) as isize)),
            Action::Top => self.move_focused(isize::MIN / 2),
            Action::Bottom => self.move_focused(isize::MAX / 2),
            Action::NextSection => self.step_section(true),
            Action::PrevSection => self.step_section(false),
            Action::NextQuote => self.step_quote(true),
            Action::PrevQuote => self.step_quote(false),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::Activate => self.activate(),
            Action::ToggleTopic(t) => self.toggle_topic(t),
            Action::ClearTopics => {
                self.filter.topics = TopicSet::default();
                self.refilter();
            }
            Action::ToggleTopicMode => {
                self.filter.mode = match self.filter.mode {
                    TopicMode::Any => TopicMode::All,
                    TopicMode::All => TopicMode::Any,
                };
                self.refilter();
            }
            Action::ToggleOnlyQuoted => {
                self.only_quoted = !self.only_quoted;
                self.refilter();
            }
            Action::PickSpeaker => {
                self.mode = Mode::SpeakerPicker;
                self.picker_selected = self
                    .filter
                    .speakers
                    .as_ref()
                    .and_then(|s| s.first())
                    .map_or(0, |s| s + 1);
            }
            Action::ToggleView => {
                self.view = match self.view {
                    View::Reader => {
                        self.select_quote_being_read();
                        View::QuoteList
                    }
                    View::QuoteList => View::Reader,
                };
                self.focus = Focus::Main;
            }
            Action::TogglePhrases => {
                self.filter.phrases = !self.filter.phrases;
                self.refilter();
            }
            Action::StartSearch => {
                self.mode = Mode::Search;
                self.search = Search::default();
            }
            Action::NextMatch => self.step_match(true),
            Action::PrevMatch => self.step_match(false),
            Action::Resize(w, h) => self.resize(w, h),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            Action::Click { column, row } => self.click(column, row),
            Action::SearchChar(_) | Action::SearchBackspace | Action::SubmitSearch => {}
        }
    }

    fn update_help(&mut self, action: Action) {
        match action {
            Action::Quit => self.running = false,
            Action::Escape | Action::ToggleHelp => self.mode = Mode::Normal,
            Action::LineDown => self.help_scroll += 1,
            Action::LineUp => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Resize(w, h) => self.resize(w, h),
            _ => {}
        }
    }

    fn update_picker(&mut self, action: Action) {
        let entries = self.doc.speakers.len() + 1;
        match action {
            Action::Quit => self.running = false,
            Action::Escape | Action::PickSpeaker => self.mode = Mode::Normal,
            Action::LineDown => self.picker_selected = (self.picker_selected + 1).min(entries - 1),
            Action::LineUp => self.picker_selected = self.picker_selected.saturating_sub(1),
            Action::Activate => {
                self.filter.speakers = self.picker_selected.checked_sub(1).map(|s| vec![s]);
                self.mode = Mode::Normal;
                self.refilter();
            }
            Action::Resize(w, h) => self.resize(w, h),
            _ => {}
        }
    }

    fn update_search(&mut self, action: Action) {
        match action {
            Action::Quit => self.running = false,
            Action::SearchChar(c) => {
                let query = format!("{}{c}", self.search.query);
                self.set_search(&query);
            }
            Action::SearchBackspace => {
                let mut query = self.search.query.clone();
                query.pop();
                self.set_search(&query);
            }
            Action::SubmitSearch => self.mode = Mode::Normal,
            Action::Escape => {
                self.search = Search::default();
                self.mode = Mode::Normal;
            }
            Action::Resize(w, h) => self.resize(w, h),
            _ => {}
        }
    }

    /// Incremental search: re-run and show the first match from where the reader is.
    fn set_search(&mut self, query: &str) {
        let origin = self.top_offset();
        self.search = Search::run(query, &self.doc.text);
        if let Some(i) = self.search.next_from(&self.doc.text, origin) {
            self.goto_match(i);
        }
    }

    /// Esc: an overlay closes first (handled by its mode), then a search, then the filters.
    fn escape(&mut self) {
        if self.search.is_active() {
            self.search = Search::default();
        } else if self.filter.is_narrowed() || self.only_quoted {
            self.filter.topics = TopicSet::default();
            self.filter.speakers = None;
            self.only_quoted = false;
            self.refilter();
        } else if self.view == View::QuoteList {
            self.view = View::Reader;
        }
    }

    fn page(&self) -> usize {
        match self.focus {
            Focus::Main => usize::from(self.panes().main.height).saturating_sub(2).max(1),
            _ => 10,
        }
    }

    /// Move whatever has focus by `delta` rows (or entries).
    fn move_focused(&mut self, delta: isize) {
        match (self.focus, self.view) {
            (Focus::Outline, _) => {
                self.outline_selected = step(self.outline_selected, delta, self.doc.sections.len());
            }
            (Focus::Topics, _) => {
                self.topics_selected = step(self.topics_selected, delta, self.doc.topics.len());
            }
            (Focus::Main, View::QuoteList) => {
                let items = if delta.unsigned_abs() > 1 && delta.unsigned_abs() < usize::MAX / 4 {
                    delta / LIST_ITEM_HEIGHT as isize
                } else {
                    delta
                };
                self.list_selected = step(
                    self.list_selected,
                    items.signum() * items.abs().max(1),
                    self.passing.len(),
                );
                self.keep_list_selection_visible();
            }
            (Focus::Main, View::Reader) => self.scroll_reader(delta),
        }
    }

    fn scroll_reader(&mut self, delta: isize) {
        let vp = self.viewport();
        let top = if delta >= isize::MAX / 4 {
            vp.bottom()
        } else if delta <= isize::MIN / 4 {
            ScrollPos::default()
        } else if delta >= 0 {
            vp.down(self.top, delta.unsigned_abs())
        } else {
            vp.up(self.top, delta.unsigned_abs())
        };
        self.top = top;
        self.outline_selected = self.current_section();
    }

    fn keep_list_selection_visible(&mut self) {
        let rows = usize::from(self.panes().main.height.saturating_sub(1));
        let fits = (rows / LIST_ITEM_HEIGHT).max(1);
        if self.list_selected < self.list_top {
            self.list_top = self.list_selected;
        } else if self.list_selected >= self.list_top + fits {
            self.list_top = self.list_selected + 1 - fits;
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        if self.panes().outline.is_none() {
            self.focus = Focus::Main;
            return;
        }
        self.focus = match (self.focus, forward) {
            (Focus::Outline, true) | (Focus::Main, false) => Focus::Topics,
            (Focus::Topics, true) | (Focus::Outline, false) => Focus::Main,
            (Focus::Main, true) | (Focus::Topics, false) => Focus::Outline,
        };
        if self.focus == Focus::Outline {
            self.outline_selected = self.current_section();
        }
    }

    fn activate(&mut self) {
        match (self.focus, self.view) {
            (Focus::Outline, _) => {
                self.view = View::Reader;
                self.goto_section(self.outline_selected);
            }
            (Focus::Topics, _) => self.toggle_topic(self.topics_selected),
            (Focus::Main, View::QuoteList) => {
                if let Some(q) = self.passing.get(self.list_selected).map(|&q| q as usize) {
                    self.view = View::Reader;
                    self.goto_quote(q);
                }
            }
            (Focus::Main, View::Reader) => {}
        }
    }

    fn toggle_topic(&mut self, topic: usize) {
        if topic >= self.doc.topics.len() {
            self.notice = Some(format!("no topic {}", topic + 1));
            return;
        }
        let mut topics = self.filter.topics;
        if topics.contains(topic) {
            topics.0 &= !(1 << topic);
        } else {
            topics.insert(topic);
        }
        self.filter.topics = topics;
        self.refilter();
    }

    /// Recompute everything that depends on the filter.
    pub fn refilter(&mut self) {
        let doc = &self.doc;
        self.passing = (0..doc.quotes.len())
            .filter(|&i| self.filter.passes(doc, &doc.quotes[i]))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        self.section_counts = vec![0; doc.sections.len()];
        for &q in &self.passing {
            self.section_counts[doc.quote_section(&doc.quotes[q as usize])] += 1;
        }
        let unfiltered = QuoteFilter {
            topics: TopicSet::default(),
            ..self.filter.clone()
        };
        self.topic_counts = vec![0; doc.topics.len()];
        for q in doc.quotes.iter().filter(|q| unfiltered.passes(doc, q)) {
            for t in q.topics.iter() {
                if let Some(c) = self.topic_counts.get_mut(t) {
                    *c += 1;
                }
            }
        }
        self.list_selected = self.list_selected.min(self.passing.len().saturating_sub(1));
        self.list_top = self.list_top.min(self.list_selected);
        let top_block = self.visible.get(self.top.index).unwrap_or(0);
        self.visible = if self.only_quoted {
            Visible::Only(self.quoted_blocks())
        } else {
            Visible::All(self.blocks.len())
        };
        let index = self.viewport().index_of_block(top_block);
        self.top = self.viewport().clamp(ScrollPos { index, row: 0 });
    }

    /// Headings, and paragraphs holding a passing quote.
    fn quoted_blocks(&self) -> Vec<u32> {
        let mut keep = vec![false; self.blocks.len()];
        for &q in &self.passing {
            let q = &self.doc.quotes[q as usize];
            for p in q.paragraph()..=q.last_paragraph() {
                if let Some(k) = keep.get_mut(self.blocks.of_paragraph(p)) {
                    *k = true;
                }
            }
        }
        for (i, b) in self.blocks.iter().enumerate() {
            if matches!(b, Block::Title | Block::Heading(_)) {
                keep[i] = true;
            }
        }
        (0..keep.len())
            .filter(|&i| keep[i])
            .filter_map(|i| u32::try_from(i).ok())
            .collect()
    }

    fn goto_section(&mut self, section: usize) {
        let Some(block) = self.blocks.of_section(section) else {
            return;
        };
        let vp = self.viewport();
        let index = vp.index_of_block(block);
        self.top = vp.clamp(ScrollPos { index, row: 0 });
        self.outline_selected = section;
    }

    fn step_section(&mut self, forward: bool) {
        let current = self.current_section();
        let at_section_start =
            self.visible.get(self.top.index) == self.blocks.of_section(current) && self.top.row == 0;
        let target = if forward {
            current + 1
        } else if at_section_start || self.top == ScrollPos::default() {
            current.saturating_sub(1)
        } else {
            current
        };
        if target >= self.doc.sections.len() {
            self.notice = Some("last section".into());
            return;
        }
        self.goto_section(target);
    }

    /// The byte offset of the text at the top of the reader.
    fn top_offset(&self) -> usize {
        let block = self.visible.get(self.top.index).unwrap_or(0);
        match self.blocks.get(block) {
            Some(Block::Paragraph(p)) => {
                let vp = self.viewport();
                let lines = vp.cache.lines(&self.doc, &self.blocks, block, vp.width);
                let local = lines.get(self.top.row).map_or(0, |l| l.start);
                self.doc.paragraphs[p].span.start() + local
            }
            Some(Block::Heading(s)) => {
                let first = self.doc.sections[s].first_paragraph;
                self.doc
                    .paragraphs
                    .get(first)
                    .map_or(0, |p| p.span.start().saturating_sub(1))
            }
            _ => 0,
        }
    }

    /// In the quote list, the quote the reader is at: the marked one if it is on screen,
    /// else the first passing quote from the top of the screen on (or the last one).
    fn select_quote_being_read(&mut self) {
        let selected = match self.marked.and_then(|m| self.list_index_of(m)) {
            Some(i) if self.marked.is_some_and(|m| self.is_on_screen(m)) => i,
            _ => {
                let top = self.top_offset();
                let from_top = self.first_passing_from(top);
                from_top.min(self.passing.len().saturating_sub(1))
            }
        };
        self.list_selected = selected;
        self.keep_list_selection_visible();
    }

    /// Where in the passing quotes (in reading order) the first one starting at or after
    /// byte `offset` stands; found by halving, not by reading half a million of them.
    fn first_passing_from(&self, offset: usize) -> usize {
        self.passing
            .partition_point(|&q| self.doc.quotes[q as usize].outer.start() < offset)
    }

    /// Where quote `quote` stands among the passing ones, if it passes.
    fn list_index_of(&self, quote: usize) -> Option<usize> {
        let start = self.doc.quotes.get(quote)?.outer.start();
        let from = self.first_passing_from(start);
        self.passing[from..]
            .iter()
            .take_while(|&&q| self.doc.quotes[q as usize].outer.start() == start)
            .position(|&q| q as usize == quote)
            .map(|i| from + i)
    }

    fn step_quote(&mut self, forward: bool) {
        let reference = match self.marked {
            Some(m) if self.is_on_screen(m) => self.doc.quotes[m].outer.start(),
            _ if forward => self.top_offset(),
            _ => self.top_offset().saturating_sub(1),
        };
        let target = if forward {
            // Past the marked quote; from the top of the screen on when none is marked.
            let from = match self.marked {
                Some(_) => self.first_passing_from(reference.saturating_add(1)),
                None => self.first_passing_from(reference),
            };
            self.passing.get(from)
        } else {
            self.first_passing_from(reference)
                .checked_sub(1)
                .and_then(|i| self.passing.get(i))
        };
        match target {
            Some(&q) => self.goto_quote(q as usize),
            None => {
                self.notice = Some(
                    if forward {
                        "no more quotes"
                    } else {
                        "no earlier quotes"
                    }
                    .into(),
                )
            }
        }
    }

    fn is_on_screen(&self, quote: usize) -> bool {
        let vp = self.viewport();
        let q = &self.doc.quotes[quote];
        let block = self.blocks.of_paragraph(q.paragraph());
        let index = vp.index_of_block(block);
        let row = vp.row_of_offset(block, q.inner.start());
        let pos = ScrollPos { index, row };
        let last_row = vp.down(self.top, vp.height.saturating_sub(1));
        pos >= self.top && (pos < last_row || last_row == vp.bottom())
    }

    /// Scroll the quote into view and mark it.
    pub fn goto_quote(&mut self, quote: usize) {
        let q = &self.doc.quotes[quote];
        self.reveal_offset(q.paragraph(), q.inner.start());
        self.marked = Some(quote);
        if let Some(i) = self.list_index_of(quote) {
            self.list_selected = i;
            self.keep_list_selection_visible();
        }
    }

    fn reveal_offset(&mut self, paragraph: usize, offset: usize) {
        let block = self.blocks.of_paragraph(paragraph);
        let vp = self.viewport();
        let index = vp.index_of_block(block);
        let row = if self.visible.get(index) == Some(block) {
            vp.row_of_offset(block, offset)
        } else {
            0
        };
        self.top = vp.reveal(index, row);
        self.outline_selected = self.current_section();
    }

    fn step_match(&mut self, forward: bool) {
        if !self.search.is_active() {
            self.notice = Some("no search: press / to search".into());
            return;
        }
        let from = match self.search.current {
            Some(c) if self.match_view == Some(self.top) => {
                self.search.matches[c].start() + usize::from(forward)
            }
            _ => self.top_offset(),
        };
        let next = if forward {
            self.search.next_from(&self.doc.text, from)
        } else {
            self.search.prev_from(&self.doc.text, from)
        };
        match next {
            Some(i) => self.goto_match(i),
            None => self.notice = Some(format!("no match for {}", self.search.query)),
        }
    }

    fn goto_match(&mut self, i: usize) {
        self.search.current = Some(i);
        let offset = self.search.matches[i].start();
        let p = self.doc.paragraphs.partition_point(|p| p.span.end() < offset);
        if p < self.doc.paragraphs.len() {
            self.view = View::Reader;
            self.reveal_offset(p, offset);
        }
        self.match_view = Some(self.top);
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        if self.panes().outline.is_none() {
            self.focus = Focus::Main;
        }
        let vp = self.viewport();
        let index = self.top.index;
        let row = self.top.row.min(vp.block_height(index).saturating_sub(1));
        self.top = vp.clamp(ScrollPos { index, row });
        self.keep_list_selection_visible();
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let panes = self.panes();
        let delta = if down {
            WHEEL_ROWS as isize
        } else {
            -(WHEEL_ROWS as isize)
        };
        let saved = self.focus;
        self.focus = if panes.outline.is_some_and(|r| layout::contains(r, column, row)) {
            Focus::Outline
        } else if panes.topics.is_some_and(|r| layout::contains(r, column, row)) {
            Focus::Topics
        } else if layout::contains(panes.main, column, row) {
            Focus::Main
        } else {
            return;
        };
        let delta = if self.focus == Focus::Main && self.view == View::QuoteList {
            delta.signum()
        } else {
            delta
        };
        self.move_focused(delta);
        self.focus = saved;
    }

    fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        if let Some(r) = panes.outline.filter(|r| layout::contains(*r, column, row)) {
            if let Some(section) = crate::tui::outline::section_at_row(self, r, row) {
                self.focus = Focus::Outline;
                self.outline_selected = section;
                self.view = View::Reader;
                self.goto_section(section);
            }
        } else if let Some(r) = panes.topics.filter(|r| layout::contains(*r, column, row)) {
            let index = usize::from(row.saturating_sub(r.y + 1));
            if row > r.y && index < self.doc.topics.len() {
                self.focus = Focus::Topics;
                self.topics_selected = index;
                self.toggle_topic(index);
            }
        } else if layout::contains(panes.main, column, row) {
            self.focus = Focus::Main;
            if self.view == View::QuoteList {
                let item = self.list_top + usize::from(row - panes.main.y) / LIST_ITEM_HEIGHT;
                if item < self.passing.len() {
                    self.list_selected = item;
                }
            }
        }
    }
}

/// `index` moved by `delta`, kept within `0..len`.
fn step(index: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let moved = index as i128 + delta as i128;
    moved.clamp(0, len as i128 - 1) as usize
}
