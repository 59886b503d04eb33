//! Overlays drawn over the panes: the help (made from the keymap) and the speaker picker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::tui::app::App;
use crate::tui::keymap::{Mode, help_rows};
use crate::tui::outline::truncate;

/// A box of `width`×`height` centred in `area`, shrunk to fit.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn boxed(app: &App, area: Rect, title: &str, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let frame = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border_focused)
        .title(title.to_string());
    let inner = frame.inner(area);
    frame.render(area, buf);
    inner
}

pub fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let rows = help_rows(Mode::Normal);
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let rect = centred(area, 76, rows.len() as u16 + 4);
    let inner = boxed(app, rect, " Keys (Esc closes) ", buf);
    let width = usize::from(inner.width);
    let first = app
        .help_scroll
        .min(rows.len().saturating_sub(usize::from(inner.height)));
    for (i, (keys, help)) in rows
        .iter()
        .skip(first)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let keys = truncate(keys, key_width);
        let line = Line::from(vec![
            Span::styled(format!(" {keys:<key_width$}  "), app.theme.current),
            Span::raw(truncate(help, width.saturating_sub(key_width + 3))),
        ]);
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
}

pub fn render_picker(app: &App, area: Rect, buf: &mut Buffer) {
    let doc = &app.doc;
    let entries: Vec<String> = std::iter::once("Everyone".to_string())
        .chain(doc.speakers.iter().map(|s| format!("{} ({})", s.name, s.quotes)))
        .collect();
    let rect = centred(area, 50, entries.len() as u16 + 2);
    let inner = boxed(app, rect, " Speaker (Enter chooses) ", buf);
    // A terminal too small for the box's inside: its border is all there is to draw (a
    // row drawn anyway fell outside the screen, a panic).
    if inner.is_empty() {
        return;
    }
    let height = usize::from(inner.height);
    let first = app.picker_selected.saturating_sub(height - 1);
    for (row, (i, e)) in entries.iter().enumerate().skip(first).take(height).enumerate() {
        let style = if i == app.picker_selected {
            app.theme.selected
        } else {
            app.theme.text
        };
        let line = Line::styled(
            format!(" {}", truncate(e, usize::from(inner.width).saturating_sub(1))),
            style,
        );
        buf.set_line(inner.x, inner.y + row as u16, &line, inner.width);
    }
}
