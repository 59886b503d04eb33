//! Where each pane goes for a terminal size: a pure function, shared by drawing and by
//! mouse handling so a click lands where the pane was drawn.

use ratatui::layout::Rect;

/// Narrowest terminal that still shows the outline and topics beside the reader.
pub const SIDE_PANES_MIN_WIDTH: u16 = 70;
/// Lowest terminal that shows the side panes.
pub const SIDE_PANES_MIN_HEIGHT: u16 = 10;

/// The panes' rectangles; side panes are `None` when the terminal is too small for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub outline: Option<Rect>,
    pub topics: Option<Rect>,
    /// The reader or the quote list.
    pub main: Rect,
    pub status: Rect,
}

/// Lay out a `width`×`height` screen with `topic_count` topics in the topics pane.
pub fn panes(width: u16, height: u16, topic_count: usize) -> Panes {
    let status_height = height.min(1);
    let body_height = height - status_height;
    let status = Rect::new(0, body_height, width, status_height);
    if width < SIDE_PANES_MIN_WIDTH || height < SIDE_PANES_MIN_HEIGHT {
        return Panes {
            outline: None,
            topics: None,
            main: Rect::new(0, 0, width, body_height),
            status,
        };
    }
    let side = (width / 4).clamp(24, 40);
    let topics_height = (topic_count as u16 + 2).clamp(3, body_height / 2);
    let outline_height = body_height - topics_height;
    Panes {
        outline: Some(Rect::new(0, 0, side, outline_height)),
        topics: Some(Rect::new(0, outline_height, side, topics_height)),
        main: Rect::new(side, 0, width - side, body_height),
        status,
    }
}

/// Whether the cell (column, row) lies in `rect`.
pub fn contains(rect: Rect, column: u16, row: u16) -> bool {
    column >= rect.x && column < rect.right() && row >= rect.y && row < rect.bottom()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_terminals_collapse_the_side_panes() {
        let p = panes(40, 12, 6);
        assert!(p.outline.is_none() && p.topics.is_none());
        assert_eq!(p.main, Rect::new(0, 0, 40, 11));
    }

    #[test]
    fn wide_terminals_show_outline_topics_and_reader() {
        let p = panes(120, 40, 6);
        let (o, t) = (p.outline.unwrap(), p.topics.unwrap());
        assert_eq!(o.width + p.main.width, 120);
        assert_eq!(t.height, 8);
        assert_eq!(o.height + t.height + 1, 40);
    }

    #[test]
    fn nothing_underflows_at_zero_size() {
        let p = panes(0, 0, 6);
        assert_eq!(p.main.area(), 0);
    }
}
