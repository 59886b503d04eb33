//! The quote list (`v`): speaker, section and text of each passing quote. Fixed-height
//! entries, so only those on screen are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, Focus, LIST_ITEM_HEIGHT};
use crate::tui::outline::truncate;
use crate::tui::reader::quote_style;
use crate::wrap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let header = format!(
        " {} quotes · Enter opens one in the reader · v goes back",
        app.passing.len()
    );
    buf.set_line(
        area.x,
        area.y,
        &Line::styled(truncate(&header, usize::from(area.width)), app.theme.heading),
        area.width,
    );
    let width = usize::from(area.width.saturating_sub(3)).max(1);
    let mut y = area.y + 1;
    for (i, q) in app
        .passing
        .iter()
        .map(|&q| q as usize)
        .enumerate()
        .skip(app.list_top)
    {
        if y >= area.bottom() {
            break;
        }
        let selected = i == app.list_selected;
        for line in entry(app, q, selected, width).into_iter().take(LIST_ITEM_HEIGHT) {
            if y >= area.bottom() {
                break;
            }
            buf.set_line(area.x, y, &line, area.width);
            y += 1;
        }
    }
    if app.passing.is_empty() && area.height > 2 {
        let msg = Line::styled(
            "  No quote passes the filter (0 clears topics, Esc clears all).",
            app.theme.dim,
        );
        buf.set_line(area.x, area.y + 2, &msg, area.width);
    }
}

fn entry(app: &App, q: usize, selected: bool, width: usize) -> Vec<Line<'static>> {
    let doc = &app.doc;
    let quote = &doc.quotes[q];
    let gutter = if selected { "▌ " } else { "  " };
    let gutter_style = if selected && app.focus == Focus::Main {
        app.theme.current
    } else {
        app.theme.dim
    };
    let mut head = format!(
        "{} · {} · {}",
        doc.speaker_name(quote).unwrap_or("unattributed"),
        doc.section_label(doc.quote_section(quote)),
        crate::document::Document::quote_id(q)
    );
    let ids = doc.topic_ids(quote);
    if !ids.is_empty() {
        head.push_str(&format!(" · {}", ids.join(", ")));
    }
    let head_style = if selected {
        app.theme.selected
    } else {
        app.theme.attribution
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(gutter, gutter_style),
        Span::styled(truncate(&head, width), head_style),
    ])];
    let text = head_of(doc.quote_text(quote), width * LIST_ITEM_HEIGHT * 4);
    let wrapped = wrap::wrap(text, width);
    let shown = LIST_ITEM_HEIGHT - 2;
    for (n, range) in wrapped.iter().take(shown).enumerate() {
        let mut s: String = wrap::line_cells(&text[range.clone()], width)
            .map(|c| c.symbol.into_owned())
            .collect();
        if n + 1 == shown && wrapped.len() > shown {
            s = truncate(&format!("{s} …"), width);
            if !s.ends_with('…') {
                s.push('…');
            }
        }
        lines.push(Line::from(vec![
            Span::styled(gutter, gutter_style),
            Span::styled(s, quote_style(app, q)),
        ]));
    }
    while lines.len() < LIST_ITEM_HEIGHT {
        lines.push(Line::default());
    }
    lines
}

/// The start of `text`, at most about `bytes` long: a preview never wraps a whole long turn.
fn head_of(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
