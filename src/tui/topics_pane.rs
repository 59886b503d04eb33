//! The topics pane: number key, name and count of each topic; chosen ones marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::document::filter::TopicMode;
use crate::output::topic_key;
use crate::tui::app::{App, Focus};
use crate::tui::outline::truncate;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Topics;
    let border = if focused {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    let mode = match app.filter.mode {
        TopicMode::Any => "any",
        TopicMode::All => "all",
    };
    let frame = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(format!(" Topics ({mode}) "));
    let inner = frame.inner(area);
    frame.render(area, buf);
    if app.doc.topics.is_empty() {
        let note = truncate("no topics in this text", usize::from(inner.width));
        buf.set_line(inner.x, inner.y, &Line::styled(note, app.theme.dim), inner.width);
        return;
    }
    let height = usize::from(inner.height);
    let first = app.topics_selected.saturating_sub(height.saturating_sub(1));
    for (row, t) in (first..app.doc.topics.len()).take(height).enumerate() {
        let line = entry(app, t, usize::from(inner.width));
        let line = if focused && t == app.topics_selected {
            line.style(app.theme.selected)
        } else {
            line
        };
        buf.set_line(inner.x, inner.y + row as u16, &line, inner.width);
    }
}

fn entry(app: &App, t: usize, width: usize) -> Line<'static> {
    let topic = &app.doc.topics[t];
    let active = app.filter.topics.contains(t);
    let key = topic_key(t).unwrap_or_else(|| " ".into());
    let mark = if active { "●" } else { "○" };
    let count = format!(" {}", app.topic_counts.get(t).copied().unwrap_or(0));
    let room = width.saturating_sub(4 + count.len());
    let name = truncate(&topic.name, room);
    let pad = room.saturating_sub(crate::wrap::display_width(&name));
    let style = if active {
        app.theme.topic_quote(t)
    } else {
        app.theme.text
    };
    Line::from(vec![
        Span::styled(format!("{key} {mark} "), style),
        Span::styled(format!("{name}{}", " ".repeat(pad)), style),
        Span::styled(count, app.theme.dim),
    ])
}
