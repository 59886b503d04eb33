//! Caption files (WebVTT `.vtt`, SubRip `.srt`): what video platforms and meeting tools
//! export as "the transcript". Each cue is a number or name, a timing line and a few lines
//! of words; read as plain text, the numbers and times of every cue ended up inside the
//! previous speaker's turn, and quotes with them.
//!
//! The cue headers (and WebVTT's header, notes and style blocks) are blanked line for line,
//! so every paragraph keeps its source line; a WebVTT voice (`<v Jane Doe>`) opening a line
//! becomes the label `Jane Doe: `, and markup and character references are undone. What is
//! left is a transcript like any other.
//!
//! A cue is a few seconds of running speech, not a paragraph: sentences and quotations run
//! on from one cue into the next. Cues are therefore joined into paragraphs, a new one
//! opening where a speaker does (a label, or `>>`), and a label that only repeats the
//! speaker of the cue before (meeting tools write it on every cue) is dropped.

use crate::document::blocks::RawBlock;
use crate::document::model::Span;
use crate::document::transcript::label_at;

/// Whether `text` is a caption file, judged from its first block: a `WEBVTT` header, or a
/// SubRip cue (a number, then a timing line). Only the start is read: a caption file says
/// what it is on its first lines, and a 100 MB hearing is not read twice to be sure.
pub fn looks_like_captions(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(rest) = text.strip_prefix("WEBVTT") {
        return rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']);
    }
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    let second = lines.next().unwrap_or("");
    !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) && is_timing_line(second)
}

/// The text without its cue headers, one output line for each line of `text`. Written over
/// the text's own buffer: no line grows (a voice tag is longer than the label it becomes),
/// so a long caption file is not held twice.
pub fn without_cue_headers(text: String) -> String {
    let mut buf = text.into_bytes();
    let len = buf.len();
    let (mut read, mut write) = (0, 0);
    let mut kind = Block::Between;
    let mut cue = CueReading::default();
    loop {
        let end = line_end(&buf, read);
        let line = std::str::from_utf8(&buf[read..end]).unwrap_or_default();
        if line.trim().is_empty() {
            // WebVTT ends a cue's words at an empty line; YouTube writes lines of a space
            // inside them, which end a cue only where the next block starts.
            if kind != Block::Words || line.is_empty() || next_line_opens_a_block(&buf, end) {
                kind = Block::Between;
            }
        } else if kind == Block::Between {
            let next = std::str::from_utf8(&buf[(end + 1).min(len)..line_end(&buf, (end + 1).min(len))])
                .unwrap_or_default();
            kind = Block::of(line, next);
        }
        let written = match kind {
            Block::Header(n) => {
                kind = if n > 1 { Block::Header(n - 1) } else { Block::Words };
                if kind == Block::Words {
                    cue.open();
                }
                0
            }
            Block::Blank => 0,
            Block::Words => {
                let words = cue.words(line);
                buf[write..write + words.len()].copy_from_slice(words.as_bytes());
                words.len()
            }
            Block::Kept | Block::Between => {
                if kind == Block::Kept {
                    cue = CueReading::default();
                }
                buf.copy_within(read..end, write);
                end - read
            }
        };
        write += written;
        if end >= len {
            break;
        }
        buf[write] = b'\n';
        write += 1;
        read = end + 1;
    }
    buf.truncate(write);
    crate::document::decode::string_from_utf8(buf)
        .unwrap_or_else(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Whether the line after the one ending at `end` is empty or opens a cue or another block:
/// then a line of spaces before it ends a cue's words.
fn next_line_opens_a_block(buf: &[u8], end: usize) -> bool {
    let start = (end + 1).min(buf.len());
    let next_end = line_end(buf, start);
    let after = (next_end + 1).min(buf.len());
    let text = |from: usize, to: usize| std::str::from_utf8(&buf[from..to]).unwrap_or_default();
    let next = text(start, next_end);
    next.trim().is_empty() || Block::of(next, text(after, line_end(buf, after))) != Block::Kept
}

/// What reading the cues so far tells about the next one's words.
#[derive(Default)]
struct CueReading {
    /// Who is speaking, as the last label said.
    speaker: Option<String>,
    /// Whether no line of words has been read in this cue yet.
    first_line: bool,
    /// The cue's last line of words so far, and the cue before's.
    last_line: String,
    last_line_before: String,
    /// Whether the captions carry times inside their lines (`<00:00:01.320>`): YouTube's
    /// automatic captions, which roll, each cue repeating the last line of the one before.
    rolling: bool,
}

impl CueReading {
    fn open(&mut self) {
        self.first_line = true;
        std::mem::swap(&mut self.last_line, &mut self.last_line_before);
        self.last_line.clear();
    }

    /// A line of a cue's words as the text keeps it: markup undone, and nothing of what only
    /// repeats the cue before — a label naming the same speaker (Zoom writes one on every
    /// cue), or in rolling captions the line the cue before ended with.
    fn words(&mut self, line: &str) -> String {
        self.rolling |= has_inline_time(line);
        let words = cue_words(line);
        if words.trim().is_empty() {
            return String::new();
        }
        let first = std::mem::take(&mut self.first_line);
        self.last_line.clear();
        self.last_line.push_str(words.trim());
        if first && self.rolling && self.last_line == self.last_line_before {
            return String::new();
        }
        if !first {
            return words;
        }
        let Some(label) = label_at(&words) else {
            return words;
        };
        if self.speaker.as_deref() == Some(label.name) {
            return words[label.len..].to_string();
        }
        self.speaker = Some(label.name.to_string());
        words
    }
}

/// Whether a line of cue words holds a time tag (`<00:00:01.320>`).
fn has_inline_time(line: &str) -> bool {
    line.match_indices('<').any(|(open, _)| {
        line[open + 1..]
            .split_once('>')
            .is_some_and(|(inside, _)| is_timestamp(inside))
    })
}

/// Paragraphs opening after this many bytes of joined cues, at the end of a sentence with no
/// quotation open: a long stretch of one speaker still reads in paragraphs.
const PARAGRAPH_BYTES: usize = 600;
/// Paragraphs opening after this many bytes whatever the cue ends with: automatic captions
/// have no punctuation at all.
const PARAGRAPH_MOST_BYTES: usize = 2400;

/// The paragraphs of caption text (cue headers blanked), from its blocks (the cues): a cue
/// continues the paragraph before it unless it opens with a speaker (a label, `>>`, a
/// dialogue dash), or the paragraph is long and has come to the end of a sentence.
pub fn paragraphs_of_cues(text: &str, cues: &[RawBlock]) -> Vec<RawBlock> {
    let mut paragraphs: Vec<RawBlock> = Vec::new();
    let mut quotes = OpenQuotes::default();
    for cue in cues {
        let words = &text[cue.span.range()];
        let joins = paragraphs.last().is_some_and(|p| {
            let so_far = &text[p.span.range()];
            !opens_with_speaker(words)
                && so_far.len() < PARAGRAPH_MOST_BYTES
                && (so_far.len() < PARAGRAPH_BYTES || quotes.any_open() || !ends_sentence(so_far))
        });
        match paragraphs.last_mut() {
            Some(p) if joins => {
                p.span = Span::new(p.span.start(), cue.span.end());
                p.lines = cue.line + cue.lines - p.line;
            }
            _ => {
                quotes = OpenQuotes::default();
                paragraphs.push(*cue);
            }
        }
        quotes.read(words);
    }
    paragraphs
}

/// Whether a cue opens with someone starting to speak.
fn opens_with_speaker(words: &str) -> bool {
    words.starts_with(">>") || words.starts_with("- ") || label_at(words).is_some()
}

/// Whether text ends a sentence: `.`, `!`, `?` or `…`, before any closing quotes or brackets.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['”', '»', '’', '"', '\'', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

/// Quotation marks opened and not yet closed in the cues of a paragraph.
#[derive(Default)]
struct OpenQuotes {
    curly: usize,
    straight: bool,
}

impl OpenQuotes {
    /// Only the bytes a quotation mark can open with are looked at (`"`, and the first bytes
    /// of `“”„` and `«»`): a cue is read once, byte by byte it was a tenth of a long file's
    /// parse.
    fn read(&mut self, words: &str) {
        let b = words.as_bytes();
        for at in memchr::memchr3_iter(b'"', 0xE2, 0xC2, b) {
            match &b[at..] {
                [b'"', ..] => self.straight = !self.straight,
                [0xE2, 0x80, 0x9C | 0x9E, ..] | [0xC2, 0xAB, ..] => self.curly += 1,
                [0xE2, 0x80, 0x9D, ..] | [0xC2, 0xBB, ..] => self.curly = self.curly.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn any_open(&self) -> bool {
        self.curly > 0 || self.straight
    }
}

/// Where the line starting at `from` ends (its `\n`, or the end of `buf`).
fn line_end(buf: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &buf[from..]).map_or(buf.len(), |i| from + i)
}

/// What the lines of a block are, as they are read.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Block {
    /// Between blocks: the next line that is not blank says what its block is.
    Between,
    /// A cue's header: this many lines (number and timing, or timing alone) to blank.
    Header(usize),
    /// A cue's words, after its header.
    Words,
    /// WebVTT's header, a note, a style or a region: blanked whole.
    Blank,
    /// Anything else: kept as written.
    Kept,
}

impl Block {
    /// The block opening with `first`, `second` the line after it.
    fn of(first: &str, second: &str) -> Block {
        match words_start(first, second) {
            Some(0) => Block::Blank,
            Some(n) => Block::Header(n),
            None => Block::Kept,
        }
    }
}

/// How many header lines open a block whose first lines are `first` and `second`: a cue's
/// words come after its timing line; 0 for WebVTT's header, notes, styles and regions, which
/// are blanked whole; `None` for a block that is words already (no timing line where a cue
/// has one).
fn words_start(first: &str, second: &str) -> Option<usize> {
    let first = first.trim_start_matches('\u{feff}');
    let keyword = first.split([' ', '\t']).next().unwrap_or("");
    if matches!(keyword.trim_end(), "WEBVTT" | "NOTE" | "STYLE" | "REGION") {
        return Some(0);
    }
    if is_timing_line(first) {
        return Some(1);
    }
    (!second.trim().is_empty() && is_timing_line(second)).then_some(2)
}

/// `00:01:02.500 --> 00:01:04.000` (WebVTT, settings may follow; hours optional) or
/// `00:01:02,500 --> 00:01:04,000` (SubRip).
fn is_timing_line(line: &str) -> bool {
    let Some((from, rest)) = line.trim().split_once("-->") else {
        return false;
    };
    let to = rest.split_whitespace().next().unwrap_or("");
    is_timestamp(from.trim()) && is_timestamp(to)
}

/// `[hh:]mm:ss.ttt` or `[hh:]mm:ss,ttt`.
fn is_timestamp(s: &str) -> bool {
    let Some((clock, fraction)) = s.split_once(['.', ',']) else {
        return false;
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    (2..=3).contains(&parts.len()) && parts.iter().all(|p| digits(p)) && digits(fraction)
}

/// A line of a cue's words without its markup: a voice opening the line becomes a label,
/// other tags (`<i>`, `<c.yellow>`, `</v>`, inline times) are dropped, and the character
/// references WebVTT requires (`&amp;`, `&lt;`, …) are read.
fn cue_words(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    if let Some(voice) = rest.strip_prefix("<v")
        && voice.starts_with([' ', '.', '\t'])
        && let Some((tag, after)) = voice.split_once('>')
    {
        // `<v.loud Jane Doe>`: classes are glued to `v`, the name follows a space.
        let name = tag.split_once([' ', '\t']).map_or("", |(_, n)| n.trim());
        if !name.is_empty() {
            out.push_str(name);
            out.push_str(": ");
        }
        rest = after;
    }
    while let Some(open) = rest.find('<') {
        out.push_str(&unescape(&rest[..open]));
        match rest[open..].find('>') {
            Some(close) if is_tag(&rest[open + 1..open + close]) => rest = &rest[open + close + 1..],
            _ => {
                out.push('<');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(&unescape(rest));
    out
}

/// Whether what stands between `<` and `>` is caption markup rather than words (`a < b`).
fn is_tag(inside: &str) -> bool {
    let name = inside.strip_prefix('/').unwrap_or(inside);
    let name = name.split(['.', ' ', '\t']).next().unwrap_or("");
    matches!(
        name,
        "v" | "c" | "i" | "b" | "u" | "ruby" | "rt" | "lang" | "font"
    ) || is_timestamp(inside)
}

/// Character references as captions write them (`&amp;`, `&quot;`, `&#39;`); any other `&`
/// is left as written.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let reference = rest
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| (&rest[1..end], end));
        match reference.and_then(|(name, end)| Some((character(name)?, end))) {
            Some((c, end)) => {
                out.extend(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference names (`None` inside for the marks that are only direction):
/// the ones captions use, and the punctuation web pages write as names.
pub(crate) fn character(name: &str) -> Option<Option<char>> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        "shy" => return Some(None),
        "lrm" | "rlm" => return Some(None),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some(Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VTT: &str = "WEBVTT - a talk\nKind: captions\n\nNOTE recorded live\nsecond line\n\n\
                       STYLE\n::cue { color: lime }\n\n1\n00:00:01.000 --> 00:00:04.000 align:start\n\
                       Speaker 1: Welcome. Q&amp;A later.\n\nintro-2\n00:04.500 --> 00:09.000\n\
                       <v.loud Roger Bingham>We are in <i>New York</i> &lt;live&gt; &#39;&#x41;&quot;\n\
                       and it is <00:00:07.000>late</v> &unknown; &amp\n";

    #[test]
    fn webvtt_headers_notes_and_cue_timings_are_blanked_line_for_line() {
        let clean = without_cue_headers(VTT.to_string());
        assert_eq!(clean.lines().count(), VTT.lines().count());
        assert_eq!(
            clean,
            "\n\n\n\n\n\n\n\n\n\n\nSpeaker 1: Welcome. Q&A later.\n\n\n\n\
             Roger Bingham: We are in New York <live> 'A\"\nand it is late &unknown; &amp\n"
        );
    }

    #[test]
    fn subrip_cues_lose_their_numbers_and_times() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\nSpeaker 1: Hello <i>there</i>.\n\n\
                   2\n00:00:04,500 --> 00:00:09,000\nSpeaker 2: The budget is a mess,\nand a < b.";
        assert!(looks_like_captions(srt));
        assert_eq!(
            without_cue_headers(srt.to_string()),
            "\n\nSpeaker 1: Hello there.\n\n\n\nSpeaker 2: The budget is a mess,\nand a < b."
        );
    }

    #[test]
    fn only_captions_look_like_captions() {
        assert!(looks_like_captions(VTT));
        assert!(looks_like_captions("\u{feff}WEBVTT\n\n"));
        assert!(!looks_like_captions("WEBVTTX\n"));
        assert!(!looks_like_captions("Q: 1\n\nA: 00:00:01,000 --> 00:00:02,000\n"));
        assert!(!looks_like_captions("2024\nwas a year.\n"));
        assert!(!looks_like_captions(""));
    }

    #[test]
    fn timings_are_told_from_prose_with_arrows() {
        assert!(is_timing_line("00:00:01.000 --> 00:00:04.000"));
        assert!(is_timing_line("01:02.5 --> 01:04.000 line:0"));
        assert!(is_timing_line("00:00:01,000 --> 00:00:04,000"));
        assert!(!is_timing_line("then --> now"));
        assert!(!is_timing_line("00:00:01 --> 00:00:04"));
    }

    /// Cue texts as `without_cue_headers` leaves them: three blanked lines between cues.
    fn cues(words: &[&str]) -> String {
        words.join("\n\n\n\n")
    }

    /// The paragraphs the cues of `text` are joined into, as text.
    fn joined(text: &str) -> Vec<&str> {
        let blocks = crate::document::blocks::split_paragraphs(text);
        paragraphs_of_cues(text, &blocks)
            .iter()
            .map(|p| &text[p.span.range()])
            .collect()
    }

    #[test]
    fn a_label_that_only_repeats_the_speaker_before_is_dropped() {
        let zoom = "1\n00:00:01.000 --> 00:00:03.000\nJane Doe: The budget\n\n\
                    2\n00:00:03.000 --> 00:00:05.000\nJane Doe: grew again.\n\n\
                    3\n00:00:05.000 --> 00:00:07.000\nJohn Roe: Did it?\n\n\
                    4\n00:00:07.000 --> 00:00:09.000\n<v Jane Doe>It did.\n";
        let clean = without_cue_headers(zoom.to_string());
        assert_eq!(clean.lines().count(), zoom.lines().count());
        assert_eq!(
            clean,
            "\n\nJane Doe: The budget\n\n\n\ngrew again.\n\n\n\nJohn Roe: Did it?\n\n\n\nJane Doe: It did.\n"
        );
    }

    /// YouTube's automatic captions as `yt-dlp` saves them: words timed inside the line, lines
    /// of one space, and every cue repeating the line the cue before ended with.
    const ROLLING: &str = "WEBVTT\nKind: captions\nLanguage: en\n\n\
        00:00:00.000 --> 00:00:02.310 align:start position:0%\n \n\
        so<00:00:00.320><c> today</c><00:00:00.640><c> we</c>\n\n\
        00:00:02.310 --> 00:00:02.320 align:start position:0%\nso today we\n \n\n\
        00:00:02.320 --> 00:00:05.000 align:start position:0%\nso today we\n\
        are<00:00:02.800><c> going</c><00:00:03.100><c> to</c>\n\n\
        00:00:05.000 --> 00:00:05.010 align:start position:0%\nare going to\n \n\n\
        00:00:05.010 --> 00:00:07.000 align:start position:0%\nare going to\n\
        talk<00:00:05.500><c> about</c><00:00:06.000><c> the</c>\n";

    #[test]
    fn rolling_captions_are_read_once_without_their_markup() {
        let clean = without_cue_headers(ROLLING.to_string());
        assert_eq!(clean.lines().count(), ROLLING.lines().count());
        let words: Vec<&str> = clean.split_whitespace().collect();
        assert_eq!(
            words,
            ["so", "today", "we", "are", "going", "to", "talk", "about", "the"]
        );
        assert_eq!(joined(&clean).len(), 1, "one paragraph: {clean:?}");
    }

    #[test]
    fn a_line_said_again_stays_where_captions_do_not_roll() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nNo.\n\n2\n00:00:02,000 --> 00:00:03,000\nNo.\n";
        let clean = without_cue_headers(srt.to_string());
        assert_eq!(clean.split_whitespace().collect::<Vec<_>>(), ["No.", "No."]);
    }

    #[test]
    fn cues_join_into_paragraphs_until_someone_else_speaks() {
        let text = cues(&[
            "MAYOR: The budget “grew by four",
            "percent,” said Ortega, and",
            "then it stopped.",
            ">> Did it?",
            "- Yes.",
            "Q: And now?",
        ]);
        assert_eq!(
            joined(&text),
            [
                "MAYOR: The budget “grew by four\n\n\n\npercent,” said Ortega, and\n\n\n\nthen it stopped.",
                ">> Did it?",
                "- Yes.",
                "Q: And now?"
            ]
        );
    }

    #[test]
    fn a_long_stretch_of_one_voice_breaks_at_a_sentence_end_outside_quotes() {
        let sentence = "The water budget grew by four percent and no more this year.";
        let long = [sentence; 12].join(" ") + " And so";
        // Past the length, a cue ending a sentence ends the paragraph, unless a quote is open.
        let text = cues(&[
            &long,
            "“We kept",
            "every promise.",
            "Truly.”",
            "Next.",
            "Then more.",
        ]);
        let paragraphs = joined(&text);
        assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
        assert!(paragraphs[0].ends_with("Truly.”"), "{paragraphs:?}");
        assert!(paragraphs[1].starts_with("Next."), "{paragraphs:?}");
        // Words with no punctuation at all (automatic captions) still break, later.
        let words = "and then the budget grew again";
        let unpunctuated: Vec<&str> = vec![words; 200];
        let text = cues(&unpunctuated);
        let paragraphs = joined(&text);
        assert!(paragraphs.len() > 1, "{}", paragraphs.len());
        assert!(
            paragraphs
                .iter()
                .all(|p| p.len() <= PARAGRAPH_MOST_BYTES + words.len() + 4)
        );
    }

    proptest::proptest! {
        /// However cues join, the paragraphs are whole cues in order, none lost, and a cue
        /// opening with a speaker opens a paragraph.
        #[test]
        fn paragraphs_are_whole_cues_in_order(
            words in proptest::collection::vec("(Q: |>> |- |)[a-z “”\".]{1,700}", 1..12)
        ) {
            let text = cues(&words.iter().map(String::as_str).collect::<Vec<_>>());
            let blocks = crate::document::blocks::split_paragraphs(&text);
            let paragraphs = paragraphs_of_cues(&text, &blocks);
            let mut next = blocks.iter().peekable();
            for p in &paragraphs {
                let first = next.next();
                proptest::prop_assert_eq!(first.map(|b| b.span.start()), Some(p.span.start()));
                proptest::prop_assert_eq!(first.map(|b| b.line), Some(p.line));
                let mut last = first;
                while next.peek().is_some_and(|b| b.span.end() <= p.span.end()) {
                    let cue = next.next();
                    if let Some(cue) = cue {
                        proptest::prop_assert!(!opens_with_speaker(&text[cue.span.range()]));
                    }
                    last = cue;
                }
                proptest::prop_assert_eq!(last.map(|b| b.span.end()), Some(p.span.end()));
                proptest::prop_assert_eq!(last.map(|b| b.line + b.lines), Some(p.line + p.lines));
            }
            proptest::prop_assert!(next.next().is_none());
        }
    }

    proptest::proptest! {
        /// Whatever the file holds, every line stays a line (paragraphs keep their source
        /// lines) and nothing panics.
        #[test]
        fn every_line_stays_a_line(
            text in "(WEBVTT|NOTE|1|00:00:01.000 --> 00:00:02.000|<v A>|<v.x B c>|</v>|<i>|<00:00:01.500><c> y</c>|A: |&amp;|&nbsp;|&#x1F600;|&#9;|&|<|>|é|x|[ \n]){0,40}"
        ) {
            let clean = without_cue_headers(text.clone());
            proptest::prop_assert_eq!(clean.split('\n').count(), text.split('\n').count());
        }
    }
}
