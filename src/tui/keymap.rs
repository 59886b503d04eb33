//! Keys to actions: a pure table, so it can be tested and printed (the help overlay is made
//! from it and cannot drift).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::Action;

/// What the keyboard is talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a search after `/`.
    Search,
    Help,
    SpeakerPicker,
}

/// One row of the keymap.
pub struct Binding {
    pub keys: &'static [&'static str],
    pub action: Action,
    /// What the help overlay says; bindings with the same text are shown as one row.
    pub help: &'static str,
}

const fn bind(keys: &'static [&'static str], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

/// SPEC §6 default keys (the end-to-end tests depend on them).
pub const NORMAL: &[Binding] = &[
    bind(&["q", "ctrl-c"], Action::Quit, "quit"),
    bind(
        &["esc"],
        Action::Escape,
        "close overlay / clear search / clear filters",
    ),
    bind(&["?"], Action::ToggleHelp, "this help"),
    bind(
        &["j", "down"],
        Action::LineDown,
        "line down (in a list: next entry)",
    ),
    bind(
        &["k", "up"],
        Action::LineUp,
        "line up (in a list: previous entry)",
    ),
    bind(&["space", "pgdn", "ctrl-f"], Action::PageDown, "page down"),
    bind(&["b", "pgup", "ctrl-b"], Action::PageUp, "page up"),
    bind(&["ctrl-d"], Action::HalfPageDown, "half page down"),
    bind(&["ctrl-u"], Action::HalfPageUp, "half page up"),
    bind(&["g", "home"], Action::Top, "top"),
    bind(&["G", "end"], Action::Bottom, "bottom"),
    bind(&["]"], Action::NextSection, "next section"),
    bind(&["["], Action::PrevSection, "previous section"),
    bind(&["}"], Action::NextQuote, "next quote that passes the filter"),
    bind(&["{"], Action::PrevQuote, "previous quote that passes the filter"),
    bind(&["tab"], Action::FocusNext, "focus: outline → topics → reader"),
    bind(&["shift-tab"], Action::FocusPrev, "focus back"),
    bind(
        &["enter"],
        Action::Activate,
        "go there (outline, quote list) / toggle topic",
    ),
    bind(&["1"], Action::ToggleTopic(0), "toggle topic N in the filter"),
    bind(&["2"], Action::ToggleTopic(1), "toggle topic N in the filter"),
    bind(&["3"], Action::ToggleTopic(2), "toggle topic N in the filter"),
    bind(&["4"], Action::ToggleTopic(3), "toggle topic N in the filter"),
    bind(&["5"], Action::ToggleTopic(4), "toggle topic N in the filter"),
    bind(&["6"], Action::ToggleTopic(5), "toggle topic N in the filter"),
    bind(&["7"], Action::ToggleTopic(6), "toggle topic N in the filter"),
    bind(&["8"], Action::ToggleTopic(7), "toggle topic N in the filter"),
    bind(&["9"], Action::ToggleTopic(8), "toggle topic N in the filter"),
    bind(&["0"], Action::ClearTopics, "clear the topic filter"),
    bind(&["a"], Action::ToggleTopicMode, "topics: any (OR) ↔ all (AND)"),
    bind(
        &["f"],
        Action::ToggleOnlyQuoted,
        "show only paragraphs with a passing quote ↔ all",
    ),
    bind(&["p"], Action::PickSpeaker, "filter by speaker"),
    bind(&["v"], Action::ToggleView, "reader ↔ quote list"),
    bind(
        &["P"],
        Action::TogglePhrases,
        "show short phrases as quotes too ↔ statements only",
    ),
    bind(
        &["/"],
        Action::StartSearch,
        "search (incremental, case-insensitive)",
    ),
    bind(&["n"], Action::NextMatch, "next match"),
    bind(&["N"], Action::PrevMatch, "previous match"),
];

/// Keys while typing a search.
pub const SEARCH: &[Binding] = &[
    bind(
        &["enter"],
        Action::SubmitSearch,
        "keep the search and go back to reading",
    ),
    bind(&["esc"], Action::Escape, "clear the search"),
    bind(&["backspace"], Action::SearchBackspace, "delete a character"),
    bind(&["ctrl-c"], Action::Quit, "quit"),
];

/// Keys in the speaker picker.
pub const PICKER: &[Binding] = &[
    bind(&["j", "down"], Action::LineDown, "next speaker"),
    bind(&["k", "up"], Action::LineUp, "previous speaker"),
    bind(&["enter"], Action::Activate, "choose"),
    bind(&["esc", "p"], Action::Escape, "cancel"),
    bind(&["q", "ctrl-c"], Action::Quit, "quit"),
];

/// Keys in the help overlay.
pub const HELP: &[Binding] = &[
    bind(&["esc", "?", "q"], Action::Escape, "close help"),
    bind(&["ctrl-c"], Action::Quit, "quit"),
    bind(&["j", "down"], Action::LineDown, "scroll"),
    bind(&["k", "up"], Action::LineUp, "scroll"),
];

/// The name a key is written with in the table (`"ctrl-f"`, `"G"`, `"space"`).
pub fn key_name(key: &KeyEvent) -> Option<String> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let name = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) if ctrl => format!("ctrl-{}", c.to_ascii_lowercase()),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "shift-tab".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::PageUp => "pgup".into(),
        KeyCode::PageDown => "pgdn".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::Backspace => "backspace".into(),
        _ => return None,
    };
    Some(name)
}

/// The table for a mode.
pub fn bindings(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Normal => NORMAL,
        Mode::Search => SEARCH,
        Mode::Help => HELP,
        Mode::SpeakerPicker => PICKER,
    }
}

/// The action a key means in `mode`, if any. While searching, printable keys are text.
pub fn resolve(key: &KeyEvent, mode: Mode) -> Option<Action> {
    let name = key_name(key)?;
    let bound = lookup(&name, mode);
    if bound.is_none()
        && mode == Mode::Search
        && let KeyCode::Char(c) = key.code
        && !key.modifiers.contains(KeyModifiers::CONTROL)
    {
        return Some(Action::SearchChar(c));
    }
    bound
}

/// Look up a key by its written name (`"ctrl-c"`): what tests and the help use.
pub fn lookup(name: &str, mode: Mode) -> Option<Action> {
    bindings(mode)
        .iter()
        .find(|b| b.keys.contains(&name))
        .map(|b| b.action)
}

/// Help rows for a mode: keys joined, bindings with the same text merged (`1 2 … 9`).
pub fn help_rows(mode: Mode) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    for b in bindings(mode) {
        let keys = b.keys.join(" ");
        match rows.last_mut() {
            Some((k, help)) if *help == b.help => {
                k.push(' ');
                k.push_str(&keys);
            }
            _ => rows.push((keys, b.help)),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_keys_resolve_to_their_actions() {
        let n = |k| lookup(k, Mode::Normal);
        assert_eq!(n("q"), Some(Action::Quit));
        assert_eq!(n("ctrl-c"), Some(Action::Quit));
        assert_eq!(n("G"), Some(Action::Bottom));
        assert_eq!(n("]"), Some(Action::NextSection));
        assert_eq!(n("}"), Some(Action::NextQuote));
        assert_eq!(n("3"), Some(Action::ToggleTopic(2)));
        assert_eq!(n("0"), Some(Action::ClearTopics));
        assert_eq!(n("space"), Some(Action::PageDown));
        assert_eq!(n("ctrl-u"), Some(Action::HalfPageUp));
        assert_eq!(n("shift-tab"), Some(Action::FocusPrev));
    }

    #[test]
    fn typing_a_search_takes_letters_as_text() {
        let key = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(resolve(&key, Mode::Search), Some(Action::SearchChar('q')));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&ctrl_c, Mode::Search), Some(Action::Quit));
    }

    #[test]
    fn help_merges_the_digit_keys_into_one_row() {
        let rows = help_rows(Mode::Normal);
        assert!(rows.iter().any(|(k, _)| k == "1 2 3 4 5 6 7 8 9"), "{rows:?}");
        assert!(rows.iter().any(|(k, h)| k == "q ctrl-c" && *h == "quit"));
    }
}
