//! Drawing a frame: each pane renders from the app's state and changes nothing.

use ratatui::Frame;

use crate::tui::app::{App, View};
use crate::tui::keymap::Mode;
use crate::tui::{outline, overlay, quote_list, reader, status, topics_pane};

pub fn render(frame: &mut Frame, app: &App) {
    let panes = app.panes();
    let buf = frame.buffer_mut();
    if let Some(area) = panes.outline {
        outline::render(app, area, buf);
    }
    if let Some(area) = panes.topics {
        topics_pane::render(app, area, buf);
    }
    match app.view {
        View::Reader => reader::render(app, panes.main, buf),
        View::QuoteList => quote_list::render(app, panes.main, buf),
    }
    status::render(app, panes.status, buf);
    let whole = frame.area();
    let buf = frame.buffer_mut();
    match app.mode {
        Mode::Help => overlay::render_help(app, whole, buf),
        Mode::SpeakerPicker => overlay::render_picker(app, whole, buf),
        _ => {}
    }
}
