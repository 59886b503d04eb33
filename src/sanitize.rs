//! What may reach a terminal (SPEC §9).
//!
//! Document text, file names and anything read from disk are untrusted. Every piece of it
//! that is shown — in the reader, in plain output, in error messages — goes through
//! [`pieces`], which removes escape sequences whole and turns other controls into visible
//! placeholders. JSON output does not: serde escapes it and it must stay exact.

/// One run of input as it may be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Printable text (may contain spaces; never a control character).
    Text(&'a str),
    /// A visible stand-in for a control character, shown instead of it.
    Marker(&'static str),
    /// A tab, expanded by whoever lays the text out.
    Tab,
    /// A line feed.
    Newline,
    /// An escape sequence or invisible format character, removed whole.
    Removed,
}

/// Split `s` into pieces, each with the byte range of `s` it stands for.
pub fn pieces(s: &str) -> Pieces<'_> {
    Pieces { s, pos: 0 }
}

/// Iterator behind [`pieces`].
pub struct Pieces<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = (std::ops::Range<usize>, Piece<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let rest = &self.s[start..];
        let c = rest.chars().next()?;
        if is_plain(c) {
            let len = plain_len(rest);
            self.pos += len;
            return Some((start..self.pos, Piece::Text(&rest[..len])));
        }
        let (len, piece) = special(rest, c);
        self.pos += len.clamp(c.len_utf8(), rest.len());
        Some((start..self.pos, piece))
    }
}

/// How many bytes from the start of `rest` may be shown as they are. Every row on screen is
/// sanitised each frame: printable ASCII is taken a byte at a time, only the rest decoded.
fn plain_len(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        if byte.is_ascii() {
            if !matches!(byte, b' '..=b'~') {
                return i;
            }
            i += 1;
            continue;
        }
        match rest[i..].chars().next() {
            Some(c) if is_plain(c) => i += c.len_utf8(),
            _ => return i,
        }
    }
    b.len()
}

/// A character that may be shown as it is.
fn is_plain(c: char) -> bool {
    !(c.is_control() || is_bidi_control(c) || is_invisible_format(c) || is_line_separator(c))
}

/// Bidirectional embedding, override and isolate controls, and the directional marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Zero-width and other invisible format characters (dropped: they can hide or join text).
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E00FF}'
        // Unassigned default-ignorables: invisible, and each its own grapheme.
        | '\u{2065}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E01F0}'..='\u{E0FFF}')
}

fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether a character must never leave the program raw because a document contained it.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c) || is_invisible_format(c)
}

/// Length and meaning of the special character `c` at the start of `rest`.
fn special(rest: &str, c: char) -> (usize, Piece<'static>) {
    match c {
        '\n' => (1, Piece::Newline),
        '\t' => (1, Piece::Tab),
        '\u{1B}' => escape_sequence(rest),
        '\u{9B}' => (c1_sequence_len(rest, SequenceKind::Csi), Piece::Removed),
        '\u{9D}' => (c1_sequence_len(rest, SequenceKind::String), Piece::Removed),
        '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => {
            (c1_sequence_len(rest, SequenceKind::String), Piece::Removed)
        }
        '\u{200E}' | '\u{200F}' | '\u{061C}' => (c.len_utf8(), Piece::Removed),
        c if is_bidi_control(c) => (c.len_utf8(), Piece::Marker("⇄")),
        c if is_invisible_format(c) => (c.len_utf8(), Piece::Removed),
        c if is_line_separator(c) => (c.len_utf8(), Piece::Text(" ")),
        c => (c.len_utf8(), Piece::Marker(control_picture(c))),
    }
}

/// The visible stand-in for a C0, DEL or C1 control.
fn control_picture(c: char) -> &'static str {
    const PICTURES: [&str; 32] = [
        "␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏", "␐", "␑", "␒", "␓",
        "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
    ];
    match c as u32 {
        n @ 0..=0x1F => PICTURES[n as usize],
        0x7F => "␡",
        _ => "\u{FFFD}",
    }
}

#[derive(Clone, Copy)]
enum SequenceKind {
    /// Parameters then one final byte.
    Csi,
    /// Runs until a string terminator (OSC, DCS, SOS, PM, APC).
    String,
}

/// An ESC-introduced sequence, 7-bit form.
fn escape_sequence(rest: &str) -> (usize, Piece<'static>) {
    let mut chars = rest.chars();
    chars.next();
    match chars.next() {
        Some('[') => (1 + csi_len(&rest[2..]) + 1, Piece::Removed),
        Some(']' | 'P' | 'X' | '^' | '_') => (2 + string_len(&rest[2..]), Piece::Removed),
        // A two-character escape such as ESC c (reset) or ESC 7 (save cursor).
        Some(n) if (' '..='~').contains(&n) => (2, Piece::Removed),
        _ => (1, Piece::Marker("␛")),
    }
}

/// The 8-bit C1 introducer `rest` starts with, followed by its body.
fn c1_sequence_len(rest: &str, kind: SequenceKind) -> usize {
    let intro = 2; // every C1 character is two bytes in UTF-8
    intro
        + match kind {
            SequenceKind::Csi => csi_len(&rest[intro..]),
            SequenceKind::String => string_len(&rest[intro..]),
        }
}

/// Bytes of a CSI body up to and including its final byte (0x40–0x7E), or to the end.
fn csi_len(body: &str) -> usize {
    for (i, c) in body.char_indices() {
        match c {
            '\u{20}'..='\u{3F}' => continue,
            '\u{40}'..='\u{7E}' => return i + 1,
            // Anything else aborts the sequence: it is dropped up to here.
            _ => return i,
        }
    }
    body.len()
}

/// Bytes of a control-string body up to and including its terminator (BEL, ESC \ or ST).
fn string_len(body: &str) -> usize {
    let mut iter = body.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\u{07}' | '\u{9C}' => return i + c.len_utf8(),
            '\u{1B}' => {
                if let Some((_, '\\')) = iter.peek() {
                    return i + 2;
                }
                return i + 1;
            }
            _ => {}
        }
    }
    body.len()
}

/// Width of a tab stop in plain output.
pub const TAB_STOP: usize = 8;

/// Text safe to print as it is: sequences removed, controls made visible, tabs expanded.
/// Line feeds are kept.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    for (_, piece) in pieces(s) {
        match piece {
            Piece::Text(t) => {
                out.push_str(t);
                column += unicode_width::UnicodeWidthStr::width(t);
            }
            Piece::Marker(m) => {
                out.push_str(m);
                column += 1;
            }
            Piece::Tab => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            Piece::Newline => {
                out.push('\n');
                column = 0;
            }
            Piece::Removed => {}
        }
    }
    out
}

/// A one-line rendering for names and messages: like [`clean`], with line feeds shown as `␊`.
pub fn for_terminal(s: &str) -> String {
    clean(s).replace('\n', "␊")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn plain_runs_end_where_the_first_character_not_shown_as_it_is_stands(
            s in "([ -~]|\t|\n|\u{1b}|\u{7f}|\u{85}|\u{9b}|é|“|\u{200b}|\u{202e}|\u{2028}|\u{e01f0}|中){0,30}",
        ) {
            proptest::prop_assert_eq!(plain_len(&s), s.find(|c: char| !is_plain(c)).unwrap_or(s.len()));
        }
    }

    #[test]
    fn csi_and_osc_sequences_are_removed_whole() {
        assert_eq!(clean("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean("x\x1b]0;evil title\x07y"), "xy");
        assert_eq!(clean("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\y"), "xlinky");
    }

    #[test]
    fn eight_bit_sequences_are_removed_whole() {
        assert_eq!(clean("a\u{9b}2Jb"), "ab");
        assert_eq!(clean("a\u{9d}0;title\u{9c}b"), "ab");
    }

    #[test]
    fn lone_controls_become_visible_placeholders() {
        assert_eq!(clean("a\rb\x07c\x7fd\u{85}e"), "a␍b␇c␡d\u{FFFD}e");
        assert_eq!(clean("end\x1b"), "end␛");
    }

    #[test]
    fn bidi_overrides_are_marked_and_zero_width_dropped() {
        assert_eq!(clean("a\u{202E}b\u{200B}c\u{200D}d"), "a⇄bcd");
    }

    #[test]
    fn tabs_expand_to_the_next_stop() {
        assert_eq!(clean("ab\tc\n\td"), "ab      c\n        d");
    }

    #[test]
    fn names_are_kept_on_one_line() {
        assert_eq!(for_terminal("a\nb\x1b[2J"), "a␊b");
    }
}
