//! The outline pane: sections with their passing-quote counts; the current one follows the
//! reader. Only the rows on screen are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::tui::app::{App, Focus};
use crate::wrap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Outline;
    let border = if focused {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    let frame = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(" Outline ");
    let inner = frame.inner(area);
    frame.render(area, buf);
    let first = first_row(app, inner.height);
    let current = app.current_section();
    for (row, section) in (first..app.doc.sections.len())
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        let line = entry(app, section, current, usize::from(inner.width));
        let line = if focused && section == app.outline_selected {
            line.style(app.theme.selected)
        } else {
            line
        };
        buf.set_line(inner.x, y, &line, inner.width);
    }
}

/// The first section shown, so that the selected (or current) one stays in view, centred
/// where the list is long.
fn first_row(app: &App, height: u16) -> usize {
    let anchor = if app.focus == Focus::Outline {
        app.outline_selected
    } else {
        app.current_section()
    };
    let height = usize::from(height).max(1);
    let last_first = app.doc.sections.len().saturating_sub(height);
    anchor.saturating_sub(height / 2).min(last_first)
}

/// The section drawn at screen row `row` of the outline pane `area`.
pub fn section_at_row(app: &App, area: Rect, row: u16) -> Option<usize> {
    let inner_top = area.y + 1;
    if row < inner_top || row >= area.bottom().saturating_sub(1) {
        return None;
    }
    let section = first_row(app, area.height.saturating_sub(2)) + usize::from(row - inner_top);
    (section < app.doc.sections.len()).then_some(section)
}

fn entry(app: &App, section: usize, current: usize, width: usize) -> Line<'static> {
    let marker = if section == current { "▸ " } else { "  " };
    let indent = " ".repeat(usize::from(app.doc.sections[section].level.saturating_sub(1)) * 2);
    let count = format!(" {}", app.section_counts.get(section).copied().unwrap_or(0));
    let label = app.doc.section_label(section);
    let room = width.saturating_sub(marker.chars().count() + indent.len() + count.len());
    let label = truncate(label, room);
    let pad = room.saturating_sub(wrap::display_width(&label));
    let style = if section == current {
        app.theme.current
    } else {
        app.theme.text
    };
    Line::from(vec![
        Span::styled(format!("{marker}{indent}{label}{}", " ".repeat(pad)), style),
        Span::styled(count, app.theme.dim),
    ])
}

/// Sanitised `text` cut to `width` columns, with `…` when cut. Every row of the outline,
/// topics and status is cut each frame: plain ASCII with no run of spaces (a label, nearly
/// always) is cut by bytes, the rest cell by cell.
pub fn truncate(text: &str, width: usize) -> String {
    let plain = text.bytes().all(|b| matches!(b, b' '..=b'~')) && !text.contains("  ");
    if plain {
        return match width {
            _ if text.len() <= width => text.to_string(),
            0 => String::new(),
            w => format!("{}…", &text[..w - 1]),
        };
    }
    truncate_cells(text, width)
}

/// [`truncate`], a cell at a time. Cells are read only until they are known to overflow.
fn truncate_cells(text: &str, width: usize) -> String {
    let mut cells = Vec::new();
    let mut total = 0;
    for cell in wrap::line_cells(text, width.max(1)) {
        total += cell.width;
        cells.push(cell);
        if total > width {
            break;
        }
    }
    let mut out = String::new();
    let mut used = 0;
    for cell in cells {
        let reserve = usize::from(total > width);
        if used + cell.width + reserve > width {
            if total > width && width > 0 {
                out.push('…');
            }
            break;
        }
        used += cell.width;
        out.push_str(&cell.symbol);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `truncate` as it was: every cell of the text read first.
    fn truncate_reading_all(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut used = 0;
        let cells: Vec<_> = wrap::line_cells(text, width.max(1)).collect();
        let total: usize = cells.iter().map(|c| c.width).sum();
        for cell in cells {
            let reserve = usize::from(total > width);
            if used + cell.width + reserve > width {
                if total > width && width > 0 {
                    out.push('…');
                }
                break;
            }
            used += cell.width;
            out.push_str(&cell.symbol);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn labels_are_cut_as_reading_every_cell_would_cut_them(
            text in "([ -~]|  |\\t|\\n|\\u{1b}\\[1m|é|中|\\u{301}|\\u{202e}){0,24}",
            width in 0usize..30,
        ) {
            proptest::prop_assert_eq!(truncate(&text, width), truncate_reading_all(&text, width));
        }

        #[test]
        fn ascii_labels_are_cut_as_reading_every_cell_would_cut_them(text in "[ -~]{0,12}", width in 0usize..14) {
            proptest::prop_assert_eq!(truncate(&text, width), truncate_reading_all(&text, width));
        }
    }
}
