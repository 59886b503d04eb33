//! The whole reader driven by actions and drawn on a TestBackend: what the screen shows,
//! in which style, at every size, and that hostile text never reaches it raw.

mod common;

use interview_reader::cli::ThemeName;
use interview_reader::document::{Document, InputFormat};
use interview_reader::sanitize::is_forbidden;
use interview_reader::tui::action::Action;
use interview_reader::tui::app::{App, View};
use interview_reader::tui::draw;
use interview_reader::tui::keymap::{Mode, lookup};
use interview_reader::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn app(doc: Document, w: u16, h: u16) -> App {
    App::new(doc, Theme::pick(ThemeName::Dark, false), (w, h))
}

fn screen(app: &App) -> Buffer {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    draw(&mut terminal, app).unwrap();
    terminal.backend().buffer().clone()
}

fn text_of(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Press keys by their keymap names.
fn press(app: &mut App, keys: &[&str]) {
    for k in keys {
        let action = lookup(k, app.mode).unwrap_or_else(|| panic!("no key {k}"));
        app.update(action);
    }
}

/// The cell where `needle` starts on screen.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let text = text_of(buf);
    for (y, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].chars().count() as u16;
            return Some((x, y as u16));
        }
    }
    None
}

#[test]
fn the_reader_at_120x40() {
    let a = app(common::bundled(), 120, 40);
    insta::assert_snapshot!(text_of(&screen(&a)));
}

#[test]
fn the_reader_at_40x12_collapses_the_side_panes() {
    let a = app(common::bundled(), 40, 12);
    let text = text_of(&screen(&a));
    assert!(!text.contains("Outline"));
    insta::assert_snapshot!(text);
}

#[test]
fn quotes_are_styled_apart_from_narrative() {
    let a = app(common::bundled(), 120, 40);
    let buf = screen(&a);
    let (x, y) = find(&buf, "There is always hope while").expect("quote on screen");
    let quote = buf[(x + 2, y)].style();
    let (nx, ny) = find(&buf, "In the fourth episode").expect("narrative on screen");
    let narrative = buf[(nx + 2, ny)].style();
    assert_ne!(quote, narrative);
    assert_eq!(quote.fg, a.theme.quote.fg);
}

#[test]
fn a_question_printed_in_bold_is_shown_in_bold_and_its_answer_is_not() {
    let doc = common::parse(
        "# A talk\n\n**Why water?**\n\nIt arrives.\n\n**Why rain?**\n\nIt falls.\n\n\
         **Why now?**\n\nIt is time.\n",
        InputFormat::Markdown,
    );
    // Narrow, so that the outline (which lists the questions too) folds away.
    let buf = screen(&app(doc, 40, 20));
    let (x, y) = find(&buf, "Why rain?").expect("question on screen");
    assert!(buf[(x + 1, y)].style().add_modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buf, "It falls.").expect("answer on screen");
    assert!(!buf[(x + 1, y)].style().add_modifier.contains(Modifier::BOLD));
}

#[test]
fn a_text_with_no_topics_says_so_in_the_topics_pane() {
    let doc = common::parse("Q: Can you hear me?\n\nA: Yes, I can.\n", InputFormat::Auto);
    assert!(doc.topics.is_empty());
    let buf = screen(&app(doc, 120, 30));
    assert!(text_of(&buf).contains("no topics in this text"));
}

#[test]
fn next_section_moves_the_heading_to_the_top() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["]"]);
    let buf = screen(&a);
    assert_eq!(
        find(&buf, "The intervention of the United States").map(|p| p.1),
        Some(0)
    );
    assert!(text_of(&buf).contains("§ 2/3"));
    press(&mut a, &["["]);
    assert_eq!(a.current_section(), 0);
}

#[test]
fn a_topic_key_narrows_the_quote_list() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["v", "5"]);
    assert_eq!(a.view, View::QuoteList);
    let text = text_of(&screen(&a));
    assert!(text.contains("2 quotes"), "{text}");
    assert!(text.contains("In a coffin of pockets"));
    assert!(!text.contains("hacking attacks"));
    insta::assert_snapshot!(text);
    press(&mut a, &["0"]);
    assert_eq!(a.passing.len(), 16);
}

#[test]
fn enter_in_the_quote_list_opens_the_quote_in_the_reader_marked() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["v", "G", "enter"]);
    assert_eq!(a.view, View::Reader);
    let buf = screen(&a);
    let (x, y) = find(&buf, "In the end, once again").expect("last quote shown");
    assert!(
        buf[(x + 1, y)]
            .style()
            .add_modifier
            .contains(Modifier::UNDERLINED),
        "marked quote"
    );
}

#[test]
fn search_highlights_matches_and_counts_them() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["/"]);
    for c in "stalin".chars() {
        a.update(Action::SearchChar(c));
    }
    press(&mut a, &["enter"]);
    assert_eq!(a.mode, Mode::Normal);
    let buf = screen(&a);
    let (x, y) = find(&buf, "Stalin").expect("match on screen");
    assert_eq!(buf[(x, y)].style().bg, a.theme.search_match.bg);
    assert!(text_of(&buf).contains("match 1/3"), "{}", text_of(&buf));
    press(&mut a, &["n"]);
    assert_eq!(a.search.current, Some(1));
    press(&mut a, &["esc"]);
    assert!(!a.search.is_active());
}

#[test]
fn after_moving_away_n_finds_the_next_match_from_the_screen() {
    let text: String = (1..=300)
        .map(|i| format!("Paragraph {i} hides a needle.\n\n"))
        .collect();
    let mut a = app(common::parse(&text, InputFormat::Auto), 80, 20);
    press(&mut a, &["/"]);
    for c in "needle".chars() {
        a.update(Action::SearchChar(c));
    }
    press(&mut a, &["enter", "n"]);
    assert!(
        text_of(&screen(&a)).contains("match 2/300"),
        "{}",
        text_of(&screen(&a))
    );
    // At the end, `n` goes on from the screen, not from the match left at the top.
    press(&mut a, &["G", "n"]);
    let shown = text_of(&screen(&a));
    let current = a.search.current.map(|c| a.search.number_of(c));
    assert!(current.is_some_and(|n| n > 280), "{current:?}\n{shown}");
    let at = current.unwrap_or(0);
    assert!(shown.contains(&format!("Paragraph {at} hides")), "{shown}");
    assert!(shown.contains(&format!("match {at}/300")), "{shown}");
    // Without moving, `n` goes on from that match.
    press(&mut a, &["n"]);
    assert_eq!(
        a.search.current.map(|c| a.search.number_of(c)),
        current.map(|n| n + 1)
    );
}

#[test]
fn curly_and_straight_quotes_match_each_other_in_search() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["/"]);
    for c in "\"strips\"".chars() {
        a.update(Action::SearchChar(c));
    }
    assert_eq!(a.search.matches.len(), 1);
}

#[test]
fn next_quote_walks_the_passing_quotes() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["2", "}"]);
    let first = a.marked.expect("a quote is marked");
    assert!(a.doc.topic_ids(&a.doc.quotes[first]).contains(&"elections"));
    press(&mut a, &["}"]);
    let second = a.marked.unwrap();
    assert!(second > first);
    press(&mut a, &["{"]);
    assert_eq!(a.marked, Some(first));
}

#[test]
fn only_quoted_shows_just_paragraphs_with_passing_quotes() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["4", "f"]);
    let text = text_of(&screen(&a));
    assert!(text.contains("Stalinism"));
    assert!(!text.contains("Aired the final episode"), "{text}");
}

#[test]
fn bottom_shows_the_last_line_on_the_last_row_of_text() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["G"]);
    let text = text_of(&screen(&a));
    assert!(text.contains("citizens make the final decision"), "{text}");
    assert!(text.contains("100%"));
}

#[test]
fn help_lists_every_key_from_the_keymap() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["?"]);
    let text = text_of(&screen(&a));
    for (keys, _) in interview_reader::tui::keymap::help_rows(Mode::Normal) {
        assert!(text.contains(&keys), "help shows {keys}");
    }
    press(&mut a, &["esc"]);
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn the_speaker_picker_filters_by_speaker() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["p", "j", "enter"]);
    assert_eq!(a.filter.speakers, Some(vec![0]));
    assert!(text_of(&screen(&a)).contains("speaker: Putin"));
    press(&mut a, &["esc"]);
    assert_eq!(a.filter.speakers, None);
}

#[test]
fn mono_theme_keeps_quotes_and_matches_visible() {
    let mut a = App::new(common::bundled(), Theme::pick(ThemeName::Auto, true), (120, 40));
    press(&mut a, &["/"]);
    a.update(Action::SearchChar('h'));
    let buf = screen(&a);
    let (x, y) = find(&buf, "There is always hope while").unwrap();
    assert!(buf[(x + 2, y)].style().add_modifier.contains(Modifier::BOLD));
    assert!(
        buf.content
            .iter()
            .all(|c| c.style().fg.is_none() || c.style().fg == Some(ratatui::style::Color::Reset))
    );
}

/// A document crafted to attack the terminal.
const HOSTILE: &str = "Title \x1b]0;pwned\x07here\n\n\
    “Clear \x1b[2J the \x1b[31mscreen\x1b[0m now, \u{202E}reversed\u{202C} text,” said Eve.\n\n\
    Bell\x07 and \u{9b}31m eight-bit \u{85} and \r carriage and del\x7f and zero\u{200B}width \
    and 漢字かな and 👩\u{200D}👩\u{200D}👧 and \u{301}combining and\ttab.\n";

fn assert_clean(buf: &Buffer) {
    for cell in buf.content.iter() {
        assert!(
            !cell.symbol().chars().any(is_forbidden),
            "forbidden char in {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn hostile_text_never_reaches_the_screen_raw() {
    let doc = common::parse(HOSTILE, InputFormat::Auto);
    let mut a = app(doc, 80, 24);
    assert_clean(&screen(&a));
    press(&mut a, &["v"]);
    assert_clean(&screen(&a));
    let text = text_of(&screen(&App::new(
        common::parse(HOSTILE, InputFormat::Auto),
        Theme::pick(ThemeName::Dark, false),
        (80, 24),
    )));
    assert!(!text.contains("pwned\x07"));
    assert!(text.contains("Clear the screen now"), "{text}");
}

#[test]
fn hostile_text_in_the_crossterm_byte_stream_has_no_foreign_controls() {
    use ratatui::backend::CrosstermBackend;
    let doc = common::parse(HOSTILE, InputFormat::Auto);
    let a = app(doc, 80, 24);
    let mut bytes: Vec<u8> = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut bytes);
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
            },
        )
        .unwrap();
        draw(&mut terminal, &a).unwrap();
    }
    let out = String::from_utf8_lossy(&bytes);
    // Strip the backend's own CSI sequences; nothing else below 0x20 may remain.
    let stripped = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]")
        .unwrap()
        .replace_all(&out, "");
    assert!(!stripped.chars().any(is_forbidden), "{stripped:?}");
    assert!(!out.contains("pwned"), "the OSC title payload is removed whole");
}

#[test]
fn every_small_size_renders_without_panic() {
    let doc = common::parse(HOSTILE, InputFormat::Auto);
    let mut a = app(doc, 1, 1);
    for w in 0..=12 {
        for h in 0..=6 {
            a.update(Action::Resize(w, h));
            let buf = screen(&a);
            assert_clean(&buf);
            for key in ["j", "G", "]", "}", "v", "v", "?", "esc"] {
                press(&mut a, &[key]);
                screen(&a);
            }
        }
    }
}

#[test]
fn a_line_of_ten_megabytes_scrolls_to_its_end_and_back() {
    let unit = "The committee heard it again: “we have a budget for the schools” and so on. ";
    let mut text = unit.repeat((10 << 20) / unit.len());
    text.push_str("THE LAST WORDS");
    let mut app = app(common::parse(&text, InputFormat::Auto), 120, 40);
    let top = text_of(&screen(&app));
    assert!(top.contains("The committee heard it again"), "{top}");
    press(&mut app, &["G"]);
    let bottom = text_of(&screen(&app));
    assert!(bottom.contains("THE LAST WORDS"), "{bottom}");
    press(&mut app, &["g"]);
    assert_eq!(text_of(&screen(&app)), top);
}

#[test]
fn the_whole_document_replaces_its_preview_without_moving_the_text() {
    let text: String = (0..4000)
        .map(|i| {
            format!(
                "SPEAKER {}: Paragraph number {i} says “quote {i} is here and long enough”.\n\n",
                i % 3
            )
        })
        .collect();
    let preview = interview_reader::document::preview_prefix(&text, 64 << 10);
    assert!(preview.len() < text.len() && text.starts_with(preview));
    let mut a = app(common::parse(preview, InputFormat::Auto), 120, 40);
    press(&mut a, &["ctrl-f", "ctrl-f", "j"]);
    let before = text_of(&screen(&a));
    a.replace_document(common::parse(&text, InputFormat::Auto));
    let after = text_of(&screen(&a));
    let reader_rows = |s: &str| {
        s.lines()
            .take(30)
            .map(|l| l.chars().skip(31).collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        reader_rows(&before)[..5],
        reader_rows(&after)[..5],
        "{before}\n---\n{after}"
    );
    press(&mut a, &["G"]);
    assert!(text_of(&screen(&a)).contains("Paragraph number 3999"));
}

#[test]
fn the_quote_list_opens_at_the_quote_being_read() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["]", "]"]);
    let section = a.current_section();
    assert!(section > 0);
    press(&mut a, &["v"]);
    let selected = a.passing[a.list_selected] as usize;
    assert_eq!(a.doc.quote_section(&a.doc.quotes[selected]), section);
    let earlier = a.passing[..a.list_selected].iter();
    assert!(
        earlier
            .clone()
            .all(|&q| a.doc.quote_section(&a.doc.quotes[q as usize]) < section),
        "the first quote of the section read"
    );
    let text = text_of(&screen(&a));
    let first = a.doc.quote_text(&a.doc.quotes[selected]);
    let opening: String = first.chars().take(30).collect();
    assert!(text.contains(&opening), "the selected quote is on screen: {text}");
}

#[test]
fn the_quote_list_opens_at_the_marked_quote() {
    let mut a = app(common::bundled(), 120, 40);
    press(&mut a, &["}", "}", "}"]);
    let marked = a.marked.expect("a quote is marked");
    press(&mut a, &["v"]);
    assert_eq!(a.passing[a.list_selected] as usize, marked);
    press(&mut a, &["v", "{"]);
    assert!(
        a.marked.is_some_and(|m| m < marked),
        "{{ goes back from the marked quote"
    );
}

/// Any action, as the reader can be asked for it (sizes and cells kept small enough to hit
/// the edges: 0×0 terminals, clicks off screen).
fn any_action() -> impl proptest::strategy::Strategy<Value = Action> {
    use proptest::prelude::*;
    let simple = prop_oneof![
        Just(Action::ToggleHelp),
        Just(Action::Escape),
        Just(Action::LineDown),
        Just(Action::LineUp),
        Just(Action::PageDown),
        Just(Action::PageUp),
        Just(Action::HalfPageDown),
        Just(Action::HalfPageUp),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::NextSection),
        Just(Action::PrevSection),
        Just(Action::NextQuote),
        Just(Action::PrevQuote),
        Just(Action::FocusNext),
        Just(Action::FocusPrev),
        Just(Action::Activate),
        Just(Action::ClearTopics),
        Just(Action::ToggleTopicMode),
        Just(Action::ToggleOnlyQuoted),
        Just(Action::PickSpeaker),
        Just(Action::ToggleView),
        Just(Action::TogglePhrases),
        Just(Action::StartSearch),
        Just(Action::SearchBackspace),
        Just(Action::SubmitSearch),
        Just(Action::NextMatch),
        Just(Action::PrevMatch),
    ];
    prop_oneof![
        8 => simple,
        1 => (0usize..12).prop_map(Action::ToggleTopic),
        2 => proptest::sample::select(vec!['a', 'e', 'P', 'u', ' ', '“', '漢', '.', 'Z']).prop_map(Action::SearchChar),
        1 => (0u16..150, 0u16..50).prop_map(|(w, h)| Action::Resize(w, h)),
        1 => (0u16..150, 0u16..50, proptest::bool::ANY).prop_map(|(column, row, down)| Action::Wheel { column, row, down }),
        1 => (0u16..150, 0u16..50).prop_map(|(column, row)| Action::Click { column, row }),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever is pressed, clicked or resized, in whatever order, on an article, a
    /// transcript, captions, a magazine Q&A page and hostile text, every frame draws and
    /// shows nothing raw.
    #[test]
    fn any_actions_at_any_size_draw_cleanly(
        which in 0usize..5,
        actions in proptest::collection::vec(any_action(), 1..40),
        whole_at in proptest::option::of(0usize..40),
    ) {
        let text = match which {
            0 => common::BUNDLED.to_string(),
            1 => std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/press-briefing.txt")).unwrap_or_default(),
            2 => std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/town-hall.vtt")).unwrap_or_default(),
            3 => std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/magazine-qa.html")).unwrap_or_default(),
            _ => HOSTILE.to_string(),
        };
        // Sometimes the reader starts on a preview of the start, and the whole document
        // replaces it after some of the actions, as a long file's index arrives.
        let start = match whole_at {
            Some(_) => interview_reader::document::preview_prefix(&text, text.len() / 3),
            None => &text,
        };
        let format = if which == 3 { InputFormat::Html } else { InputFormat::Auto };
        let mut a = app(common::parse(start, format), 80, 24);
        for (step, action) in actions.into_iter().enumerate() {
            if whole_at == Some(step) {
                a.replace_document(common::parse(&text, format));
                assert_clean(&screen(&a));
            }
            a.update(action);
            if !a.running {
                break;
            }
            assert_clean(&screen(&a));
        }
    }
}
