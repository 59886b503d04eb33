//! Colours and emphasis. Colours are the terminal's own palette (named ANSI colours), so they
//! follow the user's scheme; `mono` (and `NO_COLOR`) keeps bold, underline and reverse so
//! quotes and matches still stand out.

use ratatui::style::{Color, Modifier, Style};

use crate::cli::ThemeName;

/// Styles for every kind of thing the reader draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub title: Style,
    pub heading: Style,
    /// A statement or turn.
    pub quote: Style,
    /// A short phrase in quotes.
    pub phrase: Style,
    /// A quote that does not pass the active filter.
    pub quote_filtered_out: Style,
    /// The quote jumped to last.
    pub marked: Style,
    pub search_match: Style,
    pub attribution: Style,
    pub label: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub current: Style,
    pub status: Style,
    pub dim: Style,
    /// Colours given to topics 1–9 when they filter; `None` in mono.
    pub topic_colors: Vec<Option<Color>>,
}

impl Theme {
    /// The theme `--theme` asks for; `NO_COLOR` (set and non-empty) forces mono.
    pub fn pick(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match name {
            ThemeName::Mono => Theme::mono(),
            ThemeName::Light => Theme::colored(Color::Blue, Color::Magenta),
            ThemeName::Dark | ThemeName::Auto => Theme::colored(Color::Cyan, Color::Yellow),
        }
    }

    fn colored(quote: Color, accent: Color) -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            text: Style::default(),
            title: Style::default().add_modifier(bold | Modifier::UNDERLINED),
            heading: Style::default().fg(accent).add_modifier(bold),
            quote: Style::default().fg(quote),
            phrase: Style::default().add_modifier(Modifier::ITALIC),
            quote_filtered_out: Style::default().add_modifier(Modifier::DIM),
            marked: Style::default()
                .fg(quote)
                .add_modifier(bold | Modifier::UNDERLINED),
            search_match: Style::default().fg(Color::Black).bg(Color::Yellow),
            attribution: Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            label: Style::default().fg(accent).add_modifier(bold),
            border: Style::default().fg(Color::DarkGray),
            border_focused: Style::default().fg(accent),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            current: Style::default().fg(accent).add_modifier(bold),
            status: Style::default().add_modifier(Modifier::REVERSED),
            dim: Style::default().fg(Color::DarkGray),
            topic_colors: [
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
                Color::LightRed,
                Color::LightGreen,
                Color::LightBlue,
            ]
            .into_iter()
            .map(Some)
            .collect(),
        }
    }

    fn mono() -> Theme {
        let m = |m: Modifier| Style::default().add_modifier(m);
        Theme {
            text: Style::default(),
            title: m(Modifier::BOLD | Modifier::UNDERLINED),
            heading: m(Modifier::BOLD),
            quote: m(Modifier::BOLD),
            phrase: m(Modifier::ITALIC),
            quote_filtered_out: Style::default(),
            marked: m(Modifier::BOLD | Modifier::UNDERLINED),
            search_match: m(Modifier::REVERSED),
            attribution: m(Modifier::ITALIC),
            label: m(Modifier::BOLD | Modifier::UNDERLINED),
            border: Style::default(),
            border_focused: m(Modifier::BOLD),
            selected: m(Modifier::REVERSED),
            current: m(Modifier::BOLD),
            status: m(Modifier::REVERSED),
            dim: Style::default(),
            topic_colors: vec![None; 9],
        }
    }

    /// The style of a quote that passes a topic filter, coloured by its first chosen topic.
    pub fn topic_quote(&self, topic: usize) -> Style {
        match self.topic_colors.get(topic).copied().flatten() {
            Some(color) => self.quote.fg(color),
            None => self.quote.add_modifier(Modifier::UNDERLINED),
        }
    }
}
