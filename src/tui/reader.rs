//! The reader pane: wrapped paragraphs with quotes, labels and matches styled. Only the rows
//! on screen are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span as TextSpan};

use crate::document::{QuoteKind, Span};
use crate::tui::app::App;
use crate::tui::scroll::{Block, ScrollPos, has_attribution, quotes_in_paragraph};
use crate::wrap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width < 1 || area.height < 1 {
        return;
    }
    let vp = app.viewport();
    let x = area.x + u16::from(area.width > 2);
    let width = area.width.saturating_sub(2).max(1).min(area.width);
    let mut pos = app.top;
    let mut y = area.y;
    while y < area.bottom() && pos.index < app.visible.len() {
        let Some(block) = app.visible.get(pos.index) else {
            break;
        };
        let rows = Rows {
            at: (x, y),
            width,
            count: usize::from(area.bottom() - y),
        };
        y += draw_block_rows(app, block, pos.row, vp.width, &rows, buf);
        pos = ScrollPos {
            index: pos.index + 1,
            row: 0,
        };
    }
}

/// Where rows are drawn: from `at` down, `width` columns each, `count` of them at most.
struct Rows {
    at: (u16, u16),
    width: u16,
    count: usize,
}

/// Draw a block's rows from row `first` (fewer than `rows.count` if the block ends); how
/// many were drawn. Text is wrapped at `wrap_width`.
fn draw_block_rows(
    app: &App,
    block: usize,
    first: usize,
    wrap_width: usize,
    rows: &Rows,
    buf: &mut Buffer,
) -> u16 {
    let lines = app.cache.lines(&app.doc, &app.blocks, block, wrap_width);
    let Some(kind) = app.blocks.get(block) else {
        return 0;
    };
    let text = crate::tui::scroll::block_text(&app.doc, kind);
    let context = match kind {
        Block::Paragraph(p) => Some(ParagraphStyle::new(app, p)),
        _ => None,
    };
    let attribution = context.as_ref().and_then(|c| c.attribution(app));
    let total = lines.len() + usize::from(attribution.is_some()) + 1;
    let (x, top) = rows.at;
    let mut y = top;
    for row in first..total.min(first + rows.count) {
        if let Some(range) = lines.get(row) {
            match (&context, kind) {
                (Some(c), _) => c.draw_line(app, text, range.clone(), wrap_width, (x, y, rows.width), buf),
                (None, Block::Title) => {
                    buf.set_line(
                        x,
                        y,
                        &plain_line(&text[range.clone()], wrap_width, app.theme.title),
                        rows.width,
                    );
                }
                (None, _) => {
                    buf.set_line(
                        x,
                        y,
                        &plain_line(&text[range.clone()], wrap_width, app.theme.heading),
                        rows.width,
                    );
                }
            }
        } else if row == lines.len()
            && let Some(line) = &attribution
        {
            buf.set_line(x, y, line, rows.width);
        }
        y += 1;
    }
    y - top
}

fn plain_line(text: &str, width: usize, style: Style) -> Line<'static> {
    let s: String = wrap::line_cells(text, width)
        .map(|c| c.symbol.into_owned())
        .collect();
    Line::from(TextSpan::styled(s, style))
}

/// What styles one paragraph's text: its quotes, label and the search matches in it.
struct ParagraphStyle {
    paragraph: usize,
    start: usize,
    quotes: Vec<usize>,
    label: Option<(Span, usize)>,
    /// Bold in the source: a magazine Q&A's question is shown as it was printed.
    bold: bool,
}

impl ParagraphStyle {
    fn new(app: &App, paragraph: usize) -> Self {
        let p = &app.doc.paragraphs[paragraph];
        ParagraphStyle {
            paragraph,
            start: p.span.start(),
            quotes: quotes_in_paragraph(&app.doc, paragraph, app.max_reach),
            label: p.label.as_ref().map(|l| (l.span, l.speaker())),
            bold: p.bold,
        }
    }

    /// One wrapped line, drawn cell by cell at `(x, y)` in at most `width` columns: the cells
    /// the wrapper measured are the cells drawn (and nothing is segmented twice).
    fn draw_line(
        &self,
        app: &App,
        text: &str,
        range: std::ops::Range<usize>,
        wrap_width: usize,
        (mut x, y, width): (u16, u16, u16),
        buf: &mut Buffer,
    ) {
        let base = self.start + range.start;
        let right = x.saturating_add(width).min(buf.area.right());
        for cell in wrap::line_cells(&text[range], wrap_width) {
            let Ok(cell_width) = u16::try_from(cell.width) else {
                break;
            };
            let next = x.saturating_add(cell_width);
            if next > right {
                break;
            }
            let mut style = self.style_at(app, base + cell.bytes.start);
            if self.bold {
                style = style.add_modifier(Modifier::BOLD);
            }
            if let Some(c) = buf.cell_mut((x, y)) {
                c.set_symbol(&cell.symbol).set_style(style);
            }
            // A wide glyph hides the cell after it.
            for hidden in x + 1..next {
                if let Some(c) = buf.cell_mut((hidden, y)) {
                    c.reset();
                }
            }
            x = next;
        }
    }

    fn style_at(&self, app: &App, offset: usize) -> Style {
        let theme = &app.theme;
        let inside = |s: Span| s.start() <= offset && offset < s.end();
        if is_match(app, offset) {
            return theme.search_match;
        }
        if let Some((span, speaker)) = self.label
            && inside(span)
        {
            return speaker_style(app, speaker);
        }
        let innermost = self
            .quotes
            .iter()
            .filter(|&&q| inside(app.doc.quotes[q].outer))
            .min_by_key(|&&q| app.doc.quotes[q].outer.len());
        let Some(&q) = innermost else {
            return theme.text;
        };
        if app.marked == Some(q) {
            return theme.marked;
        }
        quote_style(app, q)
    }

    /// `— Putin · elections` under a paragraph that ends a statement.
    fn attribution(&self, app: &App) -> Option<Line<'static>> {
        if !has_attribution(&app.doc, self.paragraph, &self.quotes) {
            return None;
        }
        let doc = &app.doc;
        let mut names: Vec<&str> = Vec::new();
        let mut topics = crate::document::TopicSet::default();
        for &q in &self.quotes {
            let quote = &doc.quotes[q];
            if quote.kind == QuoteKind::Statement && quote.last_paragraph() == self.paragraph {
                let name = doc.speaker_name(quote).unwrap_or("unattributed");
                if !names.contains(&name) {
                    names.push(name);
                }
                topics.0 |= quote.topics.0;
            }
        }
        let mut text = format!("— {}", names.join("; "));
        let ids: Vec<&str> = topics
            .iter()
            .filter_map(|t| doc.topics.get(t).map(|t| t.id.as_str()))
            .collect();
        if !ids.is_empty() {
            text.push_str(&format!(" · {}", ids.join(", ")));
        }
        let shown = crate::sanitize::for_terminal(&text);
        Some(Line::from(TextSpan::styled(
            format!("  {shown}"),
            app.theme.attribution,
        )))
    }
}

fn is_match(app: &App, offset: usize) -> bool {
    let m = &app.search.matches;
    let i = m.partition_point(|s| s.end() <= offset);
    m.get(i).is_some_and(|s| s.start() <= offset)
}

/// A quote's style: coloured by its first chosen topic when a topic filter is on, dimmed when
/// it does not pass, plain quote style otherwise.
pub fn quote_style(app: &App, q: usize) -> Style {
    let theme = &app.theme;
    let quote = &app.doc.quotes[q];
    let passes = app.filter.passes(&app.doc, quote);
    let base = match quote.kind {
        QuoteKind::Phrase if !passes => theme.phrase,
        QuoteKind::Turn if !app.filter.is_narrowed() => theme.text,
        _ => theme.quote,
    };
    if !app.filter.is_narrowed() {
        return base;
    }
    if !passes {
        return if quote.kind == QuoteKind::Turn {
            theme.text
        } else {
            theme.quote_filtered_out
        };
    }
    match (quote.topics.0 & app.filter.topics.0).trailing_zeros() {
        64 => theme.quote,
        t => theme.topic_quote(t as usize),
    }
}

/// A speaker label, coloured per speaker so turns are told apart at a glance.
pub fn speaker_style(app: &App, speaker: usize) -> Style {
    const COLORS: [Color; 6] = [
        Color::Yellow,
        Color::Cyan,
        Color::Green,
        Color::Magenta,
        Color::Blue,
        Color::Red,
    ];
    let label = app.theme.label;
    if app.theme.topic_colors.first().copied().flatten().is_none() {
        return label;
    }
    label.fg(COLORS[speaker % COLORS.len()])
}
