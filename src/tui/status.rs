//! The status line: section n/N, position, filters, search, `? help`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::document::filter::TopicMode;
use crate::tui::app::{App, View};
use crate::tui::keymap::Mode;
use crate::tui::outline::truncate;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = usize::from(area.width);
    let right = format!(" {} │ ? help ", position(app));
    let left = match app.mode {
        Mode::Search => format!(" /{}▏ {}", app.search.query, match_count(app)),
        _ => left_side(app),
    };
    let right = truncate(&right, width);
    let room = width.saturating_sub(crate::wrap::display_width(&right));
    let left = truncate(&left, room);
    let pad = room.saturating_sub(crate::wrap::display_width(&left));
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(right),
    ])
    .style(app.theme.status);
    buf.set_line(area.x, area.y, &line, area.width);
}

fn position(app: &App) -> String {
    match app.view {
        View::Reader => format!("{}%", app.viewport().percent(app.top)),
        View::QuoteList if app.passing.is_empty() => "0/0".into(),
        View::QuoteList => format!("{}/{}", app.list_selected + 1, app.passing.len()),
    }
}

fn match_count(app: &App) -> String {
    let search = &app.search;
    let (n, more) = search.count();
    let plus = if more { "+" } else { "" };
    match search.current {
        _ if search.query.is_empty() => String::new(),
        _ if n == 0 => "no matches".into(),
        Some(c) => format!("match {}/{n}{plus}", search.number_of(c)),
        None => format!("{n}{plus} matches"),
    }
}

fn left_side(app: &App) -> String {
    let doc = &app.doc;
    let section = app.current_section();
    let mut parts = vec![format!(
        "§ {}/{} {}",
        section + 1,
        doc.sections.len().max(1),
        doc.section_label(section)
    )];
    if let Some(notice) = &app.notice {
        parts.insert(0, notice.clone());
    }
    if let Some(started) = app.indexing {
        parts.insert(
            0,
            format!("indexing the whole document… {}s", started.elapsed().as_secs()),
        );
    }
    if !app.filter.topics.is_empty() {
        let ids: Vec<&str> = app
            .filter
            .topics
            .iter()
            .filter_map(|t| doc.topics.get(t).map(|t| t.id.as_str()))
            .collect();
        let joiner = match app.filter.mode {
            TopicMode::Any => " | ",
            TopicMode::All => " & ",
        };
        parts.push(format!("topics: {}", ids.join(joiner)));
    }
    if let Some(speakers) = &app.filter.speakers {
        let names: Vec<&str> = speakers
            .iter()
            .filter_map(|&s| doc.speakers.get(s).map(|s| s.name.as_str()))
            .collect();
        parts.push(format!("speaker: {}", names.join(", ")));
    }
    if app.only_quoted {
        parts.push("only quoted".into());
    }
    if app.filter.phrases {
        parts.push("+phrases".into());
    }
    if app.filter.is_narrowed() {
        parts.push(format!("{} quotes", app.passing.len()));
    }
    if app.search.is_active() {
        parts.push(format!("/{} {}", app.search.query, match_count(app)));
    }
    format!(" {}", parts.join(" · "))
}
