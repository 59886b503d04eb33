//! Arbitrary bytes through everything a file meets: decode → parse (every input format) →
//! sanitise → wrap → one frame of the reader. Any panic is a bug; any forbidden character
//! on screen is a bug (SECURITY.md).
#![no_main]

use interview_reader::cli::ThemeName;
use interview_reader::document::{self, InputFormat, Lexicon};
use interview_reader::sanitize::{for_terminal, is_forbidden};
use interview_reader::tui::app::App;
use interview_reader::tui::theme::Theme;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a format and a width, the rest is the file.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = [InputFormat::Auto, InputFormat::Text, InputFormat::Markdown, InputFormat::Transcript]
        [usize::from(selector % 4)];
    let width = usize::from(selector / 4 % 60) + 1;
    let text = document::decode::decode(bytes.to_vec()).text;
    let doc = document::parse(text, format, &Lexicon::bundled());
    for q in &doc.quotes {
        let shown = for_terminal(doc.quote_text(q));
        assert!(!shown.chars().any(is_forbidden));
        for line in interview_reader::wrap::wrap(&shown, width) {
            // Measured as drawn (`line_cells`: spaces collapsed, and a glyph wider than the
            // whole line, a CJK character at width 1, drawn as one `…`).
            let drawn: usize = interview_reader::wrap::line_cells(&shown[line], width).map(|c| c.width).sum();
            assert!(drawn <= width);
        }
    }
    let size = (width as u16 + 10, 12);
    let app = App::new(doc, Theme::pick(ThemeName::Dark, false), size);
    // A TestBackend cannot fail.
    let mut terminal = match Terminal::new(TestBackend::new(size.0, size.1)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    let _ = interview_reader::tui::draw(&mut terminal, &app);
    let buffer = terminal.backend().buffer();
    assert!(buffer.content.iter().all(|c| !c.symbol().chars().any(is_forbidden)));
});
