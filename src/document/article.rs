//! The plain-text article form (SPEC §3): title, headings, paragraphs.

use crate::document::blocks::{RawBlock, split_paragraphs};
use crate::document::model::{Format, Paragraph, Section, Span};
use crate::document::quotes::cjk_words;

/// Structure found in a document before quotes are scanned.
#[derive(Debug, Clone)]
pub struct Skeleton {
    pub text: String,
    pub format: Format,
    pub title: Option<String>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
}

impl Skeleton {
    pub fn new(text: String, format: Format) -> Self {
        Skeleton {
            text,
            format,
            title: None,
            sections: Vec::new(),
            paragraphs: Vec::new(),
        }
    }

    /// Start a section under `heading` (`None` for the lead).
    pub fn open_section(&mut self, heading: Option<String>, level: u8, line: usize) {
        let at = self.paragraphs.len();
        self.sections.push(Section {
            heading,
            label: None,
            level,
            line,
            first_paragraph: at,
            end_paragraph: at,
        });
    }

    /// Add a paragraph to the current section, opening the lead section if there is none.
    pub fn push_paragraph(&mut self, span: Span, line: usize) -> &mut Paragraph {
        if self.sections.is_empty() {
            self.open_section(None, 1, line);
        }
        let section = self.sections.len() - 1;
        self.paragraphs.push(Paragraph::new(span, line, section));
        self.sections[section].end_paragraph = self.paragraphs.len();
        let last = self.paragraphs.len() - 1;
        &mut self.paragraphs[last]
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start()..span.end()]
    }
}

/// Most words a heading may have.
const HEADING_MAX_WORDS: usize = 12;

/// Characters that end a sentence (or a clause that leads on), so a line ending in one is prose.
const SENTENCE_END: &[char] = &[
    '.', '!', '?', '…', ':', ';', ',', '。', '！', '？', '：', '；', '，', '、',
];
/// Closing quote marks and brackets set aside before looking at a line's last character.
const CLOSERS: &[char] = &['”', '»', '’', '"', '\'', '“', ')', ']', '」', '』', '）'];

/// Whether a one-line paragraph reads as a heading: short, no sentence punctuation at its end
/// (once closing quote marks are set aside), not a sign-off line or a list item.
pub fn looks_like_heading(line: &str) -> bool {
    // Asked of every one-line paragraph, long ones too: the ending, which turns prose away,
    // is looked at before the words are counted, and they are counted only up to the limit.
    let line = line.trim();
    let core = line.trim_end_matches(CLOSERS);
    if core.is_empty() || core.ends_with(SENTENCE_END) || line.starts_with(['-', '—', '–', '*', '•', '>'])
    {
        return false;
    }
    line.chars().any(char::is_alphabetic)
        && words(line).nth(HEADING_MAX_WORDS).is_none()
        && !is_signed_pull_quote(line)
}

/// The words of a line, counted as [`cjk_words`] counts Chinese and Japanese (a line of
/// them has no spaces, and was one word: every paragraph of a Chinese article was short
/// enough to be a heading).
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split_whitespace().flat_map(cjk_words)
}

/// A quotation signed by its speaker after a dash, `“We will get through this” — Dr. Fauci`:
/// prose with an attribution, though shaped like a heading.
fn is_signed_pull_quote(line: &str) -> bool {
    if !line.starts_with(['“', '"', '«', '„', '‘']) {
        return false;
    }
    let Some(close) = line.rfind(['”', '"', '»', '“', '’']).filter(|&i| i > 0) else {
        return false;
    };
    let after = &line[close..];
    let rest = after[after.chars().next().map_or(0, char::len_utf8)..].trim_start();
    crate::document::attribution::sign_off_name(rest).is_some()
}

/// Longest first line taken for a title, in words and bytes: a headline, not a paragraph
/// that happens to have no line breaks (a 30 MB single-line file is body text).
const TITLE_MAX_WORDS: usize = 30;
const TITLE_MAX_BYTES: usize = 300;

/// Whether a document's first one-line paragraph reads as its title: short, not ending like a
/// sentence (a question mark is allowed: "Is there hope?"), not a speaker's first turn.
pub fn looks_like_title(line: &str) -> bool {
    let line = line.trim();
    if line.len() > TITLE_MAX_BYTES || words(line).count() > TITLE_MAX_WORDS {
        return false;
    }
    let core = line.trim_end_matches(CLOSERS);
    line.chars().any(char::is_alphabetic)
        && !core.ends_with(['.', ',', ';', ':', '…'])
        && crate::document::transcript::label_at(line).is_none()
}

/// Read a plain-text article: a first one-line paragraph shaped like a title is the title,
/// later one-line paragraphs shaped like headings open sections.
pub fn parse_article(text: String) -> Skeleton {
    let blocks = split_paragraphs(&text);
    let headings = heading_blocks(&text, &blocks);
    let mut sk = Skeleton::new(text, Format::Text);
    let mut from = 0;
    if let Some(first) = blocks.first()
        && first.lines == 1
        && looks_like_title(sk.slice(first.span))
    {
        sk.title = Some(sk.slice(first.span).trim().to_string());
        from = 1;
    }
    for (block, &heading) in blocks.iter().zip(&headings).skip(from) {
        if heading {
            let heading = sk.slice(block.span).trim().to_string();
            sk.open_section(Some(heading), 1, block.line);
        } else {
            sk.push_paragraph(block.span, block.line);
        }
    }
    sk
}

/// Blocks from which [`heading_blocks`] asks on both cores.
const HEADINGS_IN_HALVES_FROM: usize = 8192;

/// Which blocks read as headings: one line, shaped like one. Asked of every block, and each
/// asks of the text at the block's end, far from the last: on a 100 MB plain-text hearing
/// this was most of reading its paragraphs, on one core (0.03 of 0.04 s), so a long text's
/// blocks are asked in two halves at once.
fn heading_blocks(text: &str, blocks: &[RawBlock]) -> Vec<bool> {
    heading_blocks_from(text, blocks, HEADINGS_IN_HALVES_FROM)
}

/// [`heading_blocks`], in two halves from `halves_from` blocks on.
fn heading_blocks_from(text: &str, blocks: &[RawBlock], halves_from: usize) -> Vec<bool> {
    let of = |blocks: &[RawBlock]| -> Vec<bool> {
        blocks
            .iter()
            .map(|b| b.lines == 1 && looks_like_heading(&text[b.span.range()]))
            .collect()
    };
    if blocks.len() < halves_from {
        return of(blocks);
    }
    let (first, second) = blocks.split_at(blocks.len() / 2);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| of(second));
        let mut headings = of(first);
        headings.extend(later.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        headings
    })
}

/// Read caption cues (their headers blanked, see `captions`), joined into paragraphs. No
/// block is a heading or the title: a cue's words often end without a full stop.
pub fn parse_cues(text: String) -> Skeleton {
    let cues = split_paragraphs(&text);
    let paragraphs = crate::document::captions::paragraphs_of_cues(&text, &cues);
    drop(cues);
    let mut sk = Skeleton::new(text, Format::Text);
    for paragraph in &paragraphs {
        sk.push_paragraph(paragraph.span, paragraph.line);
    }
    sk
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The heading test as first written, every condition in the order it reads.
    fn looks_like_heading_as_written(line: &str) -> bool {
        let line = line.trim();
        if line.is_empty() || !line.chars().any(char::is_alphabetic) {
            return false;
        }
        if line.starts_with(['-', '—', '–', '*', '•', '>']) {
            return false;
        }
        if words(line).count() > HEADING_MAX_WORDS || is_signed_pull_quote(line) {
            return false;
        }
        let core = line.trim_end_matches(CLOSERS);
        !core.ends_with(SENTENCE_END) && !core.is_empty()
    }

    #[test]
    fn headings_asked_in_two_halves_are_those_asked_in_one() {
        let mut text = String::from("A Hearing\n\n");
        for i in 0..40 {
            text.push_str(&format!(
                "Part {i}\n\nSome words, then more.\n\nA line\nwrapped.\n\n"
            ));
        }
        let blocks = split_paragraphs(&text);
        let one = heading_blocks_from(&text, &blocks, usize::MAX);
        assert_eq!(heading_blocks_from(&text, &blocks, 0), one);
        let half = blocks.len() / 2;
        assert!(one[..half].contains(&true) && one[half..].contains(&true));
        assert!(one.contains(&false));
    }

    #[test]
    fn chinese_and_japanese_prose_is_no_heading() {
        let sk = parse_article(
            "市长访谈\n\n「我们将重建供水网络」，市长周一表示。\n\n第二部分\n\n预算增长了百分之四。\n"
                .to_string(),
        );
        assert_eq!(sk.title.as_deref(), Some("市长访谈"));
        // A sentence ends in an ideographic full stop; a short line without one is a heading;
        // a long one, counted two characters a word, is prose though it does not end a sentence.
        assert_eq!(
            sk.sections
                .iter()
                .filter_map(|s| s.heading.as_deref())
                .collect::<Vec<_>>(),
            ["第二部分"]
        );
        assert!(!looks_like_heading(
            "这是一个很长的句子没有任何标点符号但是它有超过十二个词所以它是正文"
        ));
        assert!(looks_like_heading("第二部分"));
    }

    proptest::proptest! {
        #[test]
        fn the_heading_test_answers_as_written(line in "([ a-zA-Z.,:?—•>”“’)\"-]|Dr|Fauci|\u{a0}){0,40}") {
            proptest::prop_assert_eq!(looks_like_heading(&line), looks_like_heading_as_written(&line), "{:?}", line);
        }
    }

    #[test]
    fn headings_are_short_unpunctuated_lines() {
        assert!(looks_like_heading("The intervention of the United States"));
        assert!(looks_like_heading("“In a coffin has no pockets”"));
        assert!(!looks_like_heading("He said so."));
        assert!(!looks_like_heading("“We were here,” he said."));
        assert!(!looks_like_heading("- Jane Doe, Director of X"));
        assert!(!looks_like_heading("Q:"));
        assert!(!looks_like_heading("“We will get through this” — Dr. Fauci"));
        assert!(!looks_like_heading("\"Not this year\" - Jane Doe, Director of X"));
        assert!(looks_like_heading("“Hope” — a history of the talks"));
        assert!(!looks_like_heading(
            "one two three four five six seven eight nine ten eleven twelve thirteen"
        ));
    }

    #[test]
    fn a_title_is_a_headline_not_a_long_line_or_a_turn() {
        assert!(looks_like_title(
            "“There is always hope”: Putin on the possibility of improving relations between Russia and the United States"
        ));
        assert!(looks_like_title("Is there hope?"));
        assert!(!looks_like_title(&"word ".repeat(40)));
        assert!(!looks_like_title("He said it was over."));
        assert!(!looks_like_title("SENATOR HOLLOWAY: Thank you"));
    }

    #[test]
    fn first_one_line_paragraph_is_the_title_and_text_before_a_heading_is_the_lead() {
        let sk = parse_article("Title here\n\nLead para.\n\nA Heading\n\nBody.\n".into());
        assert_eq!(sk.title.as_deref(), Some("Title here"));
        assert_eq!(sk.sections.len(), 2);
        assert_eq!(sk.sections[0].heading, None);
        assert_eq!(sk.sections[1].heading.as_deref(), Some("A Heading"));
        assert_eq!(sk.sections[1].line, 5);
        assert_eq!(sk.paragraphs.len(), 2);
    }
}
