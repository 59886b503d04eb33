//! Everything the reader can be asked to do. Keys and mouse events become these; one
//! `App::update` applies them.

/// A request to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Close an overlay, else clear a search, else clear the filters.
    Escape,
    LineDown,
    LineUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    NextSection,
    PrevSection,
    NextQuote,
    PrevQuote,
    FocusNext,
    FocusPrev,
    /// Enter: go to the selection, or toggle the selected topic.
    Activate,
    /// Toggle topic N (0-based) in the filter.
    ToggleTopic(usize),
    ClearTopics,
    ToggleTopicMode,
    ToggleOnlyQuoted,
    PickSpeaker,
    ToggleView,
    TogglePhrases,
    StartSearch,
    SearchChar(char),
    SearchBackspace,
    SubmitSearch,
    NextMatch,
    PrevMatch,
    Resize(u16, u16),
    /// Mouse wheel over the cell (column, row); `down` for away from the user.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Click {
        column: u16,
        row: u16,
    },
}
