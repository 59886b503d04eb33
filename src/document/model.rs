//! The document model: what an interview *is*, independent of any terminal.
//!
//! Text is kept once, in [`Document::text`]; paragraphs and quotes refer to it by byte
//! ranges ([`Span`]) so a 100 MB transcript is not copied per paragraph (SPEC §8).

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

/// A byte range into [`Document::text`]. Offsets are `u32` (documents are under 4 GiB,
/// see `decode::MAX_INPUT_BYTES`): a 100 MB hearing holds a million spans, and their size
/// is most of the index's (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Span {
    /// First byte.
    start: u32,
    /// One past the last byte.
    end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: offset(start),
            end: offset(end),
        }
    }
    /// First byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }
    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.end as usize
    }
    pub fn set_start(&mut self, start: usize) {
        self.start = offset(start);
    }
    pub fn set_end(&mut self, end: usize) {
        self.end = offset(end);
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
    pub fn len(&self) -> usize {
        self.end().saturating_sub(self.start())
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether the two ranges share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A byte offset as stored: documents larger than `u32` are refused when read, so this
/// saturates only for text that was never loaded from a file (and then stays in bounds).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// How the document arrived; decides which parser built it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Transcript,
    Json,
}

/// A whole interview: structure, quotes, who spoke, what about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The headline, when the document has one.
    pub title: Option<String>,
    /// Which parser read the source.
    pub format: Format,
    /// The display text every [`Span`] points into (line breaks kept, so lines can be counted).
    pub text: String,
    /// Sections in reading order; the first may be the lead (no heading).
    pub sections: Vec<Section>,
    /// Every paragraph of every section, in reading order.
    pub paragraphs: Vec<Paragraph>,
    /// Quotations and transcript turns, in reading order.
    pub quotes: Vec<Quote>,
    /// Everyone a quote is attributed to.
    pub speakers: Vec<Speaker>,
    /// The topic lexicon in key order (key 1 is index 0).
    pub topics: Vec<Topic>,
}

/// A run of paragraphs under one heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The heading as written, `None` for the lead before the first heading.
    pub heading: Option<String>,
    /// The outline's name for a section the text gives no heading: in a transcript without
    /// headings, the question that opens it (see `transcript::outline_by_questions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Heading depth: 1 for plain-text headings, the `#` count in Markdown.
    pub level: u8,
    /// 1-based source line of the heading (or of the first paragraph for the lead).
    pub line: usize,
    /// Index of the first paragraph in [`Document::paragraphs`].
    pub first_paragraph: usize,
    /// One past the last paragraph.
    pub end_paragraph: usize,
}

impl Section {
    pub fn paragraph_count(&self) -> usize {
        self.end_paragraph - self.first_paragraph
    }
}

/// One paragraph: a block of text separated from the next by a blank line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Where the paragraph's text lies in [`Document::text`].
    pub span: Span,
    /// 1-based source line of its first line.
    line: u32,
    /// Index of the section holding it.
    section: u32,
    /// The speaker label that opens it, when it starts a transcript turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// Whether the paragraph was a Markdown `>` blockquote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blockquote: bool,
    /// Whether the whole paragraph was bold (`**…**`, `<strong>`): how magazine Q&As print
    /// the interviewer's questions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
}

/// A transcript speaker label such as `Q:` or `THE PRESIDENT:`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    /// The label text including its colon, as written.
    pub span: Span,
    /// Index into [`Document::speakers`] plus one: a paragraph without a label then costs
    /// no tag of its own, and a hearing's half million paragraphs take 32 bytes each, not 36
    /// (peak memory is what SPEC §8 measures; written as the index).
    #[serde(with = "label_speaker")]
    speaker: NonZeroU32,
}

/// A label's speaker, written and read as the index it stands for.
mod label_speaker {
    use std::num::NonZeroU32;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(slot: &NonZeroU32, s: S) -> Result<S::Ok, S::Error> {
        (slot.get() - 1).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NonZeroU32, D::Error> {
        Ok(NonZeroU32::new(u32::deserialize(d)?.saturating_add(1)).unwrap_or(NonZeroU32::MAX))
    }
}

/// Indices are kept as `u32`, like a quote's (SPEC §8: a hearing has half a million
/// paragraphs), and handed out as `usize`.
impl Paragraph {
    pub fn new(span: Span, line: usize, section: usize) -> Paragraph {
        Paragraph {
            span,
            line: stored(line),
            section: stored(section),
            label: None,
            blockquote: false,
            bold: false,
        }
    }
    /// 1-based source line of its first line.
    pub fn line(&self) -> usize {
        self.line as usize
    }
    /// Index of the section holding it.
    pub fn section(&self) -> usize {
        self.section as usize
    }
    pub fn set_section(&mut self, section: usize) {
        self.section = stored(section);
    }
}

impl Label {
    pub fn new(span: Span, speaker: usize) -> Label {
        Label {
            span,
            speaker: label_slot(speaker),
        }
    }
    /// Index into [`Document::speakers`].
    pub fn speaker(&self) -> usize {
        self.speaker.get() as usize - 1
    }
    pub fn set_speaker(&mut self, speaker: usize) {
        self.speaker = label_slot(speaker);
    }
}

/// What kind of quotable unit a quote is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A quoted sentence or more (four words or more).
    Statement,
    /// A short quoted term, scare quote or title.
    Phrase,
    /// A whole transcript turn.
    Turn,
}

/// Where a quote stands, for [`Quote::new`].
#[derive(Debug, Clone, Copy)]
pub struct QuotePlace {
    pub inner: Span,
    pub outer: Span,
    pub paragraph: usize,
    pub last_paragraph: usize,
}

/// An index as a quote stores it: a document under 4 GiB has fewer than `u32::MAX`
/// paragraphs, sections, lines and speakers.
/// A label's speaker index plus one (the last index saturates, as [`stored`] does).
fn label_slot(index: usize) -> NonZeroU32 {
    NonZeroU32::new(stored(index).saturating_add(1)).unwrap_or(NonZeroU32::MAX)
}

fn stored(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Lines of quotes asked for in reading order: each answer counts on from the one before
/// when both lie in the same paragraph, so thousands of quotes on one 20 MB line stay linear.
pub struct QuoteLines<'a> {
    doc: &'a Document,
    /// The last offset asked about and its line.
    anchor: Option<(usize, usize)>,
}

impl<'a> QuoteLines<'a> {
    pub fn new(doc: &'a Document) -> Self {
        QuoteLines { doc, anchor: None }
    }

    /// The 1-based source line where `quote`'s words start.
    pub fn line_of(&mut self, quote: &Quote) -> usize {
        let Some(p) = self.doc.paragraphs.get(quote.paragraph()) else {
            return 1;
        };
        let at = quote.inner.start().max(p.span.start());
        let (from, from_line) = match self.anchor {
            Some((offset, line)) if offset >= p.span.start() && offset <= at => (offset, line),
            _ => (p.span.start(), p.line()),
        };
        let between = self.doc.text.get(from..at).unwrap_or("");
        let line = from_line + memchr::memchr_iter(b'\n', between.as_bytes()).count();
        self.anchor = Some((at, line));
        line
    }
}

/// A speaker index as a quote stores it: one more than the index, so `None` is zero.
fn speaker_slot(index: usize) -> Option<NonZeroU32> {
    NonZeroU32::new(stored(index).saturating_add(1))
}

/// The JSON form of a quote's speaker: the index into `speakers`, or `null`.
mod speaker_index {
    use std::num::NonZeroU32;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(slot: &Option<NonZeroU32>, s: S) -> Result<S::Ok, S::Error> {
        slot.map(|n| n.get() - 1).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NonZeroU32>, D::Error> {
        Ok(Option::<u32>::deserialize(d)?.and_then(|i| NonZeroU32::new(i.saturating_add(1))))
    }
}

/// Indices are kept as `u32` (a 100 MB hearing has half a million quotes; SPEC §8) and
/// handed out as `usize`.
impl Quote {
    pub fn new(place: QuotePlace, speaker: Option<usize>, kind: QuoteKind) -> Quote {
        Quote {
            inner: place.inner,
            outer: place.outer,
            paragraph: stored(place.paragraph),
            last_paragraph: stored(place.last_paragraph),
            speaker: speaker.and_then(speaker_slot),
            kind,
            topics: TopicSet::default(),
        }
    }
    /// Paragraph the quote starts in.
    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }
    /// Paragraph the quote ends in (differs for multi-paragraph quotes and turns).
    pub fn last_paragraph(&self) -> usize {
        self.last_paragraph as usize
    }
    /// Index into [`Document::speakers`]; `None` when the text does not say who spoke.
    pub fn speaker(&self) -> Option<usize> {
        self.speaker.map(|s| s.get() as usize - 1)
    }
    pub fn set_speaker(&mut self, speaker: Option<usize>) {
        self.speaker = speaker.and_then(speaker_slot);
    }
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Statement => "statement",
            QuoteKind::Phrase => "phrase",
            QuoteKind::Turn => "turn",
        }
    }
}

/// A set of topic indices, small enough to copy and test in one instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TopicSet(pub u64);

impl TopicSet {
    /// Most topics a lexicon may hold.
    pub const CAPACITY: usize = 64;
    pub fn insert(&mut self, topic: usize) {
        if topic < Self::CAPACITY {
            self.0 |= 1 << topic;
        }
    }
    pub fn contains(self, topic: usize) -> bool {
        topic < Self::CAPACITY && self.0 & (1 << topic) != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The topics in the set, lowest first: one step per topic held, not per topic there
    /// could be (every quote of a hearing is asked, twice).
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            let topic = bits.trailing_zeros() as usize;
            bits &= bits.wrapping_sub(1);
            (topic < Self::CAPACITY).then_some(topic)
        })
    }
}

/// A quotation (or transcript turn) with its attribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the outer quote marks.
    pub inner: Span,
    /// The quote including its marks (what the reader highlights).
    pub outer: Span,
    /// Paragraph the quote starts in.
    paragraph: u32,
    /// Paragraph the quote ends in (differs for multi-paragraph quotes and turns).
    last_paragraph: u32,
    /// Index into [`Document::speakers`] plus one; `None` when the text does not say who
    /// spoke (stored so, an unattributed quote costs no extra bytes; written as the index).
    #[serde(with = "speaker_index")]
    speaker: Option<NonZeroU32>,
    pub kind: QuoteKind,
    pub topics: TopicSet,
}

/// Someone quoted in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The name as the text gives it (`Putin`, `THE PRESIDENT`, `Q`).
    pub name: String,
    /// Other forms that name the same person (`Vladimir Putin`, `the President`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How many statements and turns are attributed to them.
    pub quotes: usize,
}

/// A topic quotes can be filtered by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Stable id used by `--topic` and in JSON.
    pub id: String,
    /// Name shown in the reader.
    pub name: String,
    /// Case-insensitive keywords; a trailing `*` matches any word starting so.
    pub keywords: Vec<String>,
    /// Whether the topic was derived from the document rather than read from a lexicon.
    #[serde(default)]
    pub derived: bool,
    /// How many statements and turns carry it.
    pub quotes: usize,
}

impl Document {
    /// The text a span points at (empty if a hand-edited JSON file gives a bad range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The stable id scripts use for a quote (`q1`, `q2`, …).
    pub fn quote_id(index: usize) -> String {
        format!("q{}", index + 1)
    }

    pub fn quote_text(&self, quote: &Quote) -> &str {
        self.slice(quote.inner)
    }

    /// The section holding a quote (its first paragraph's).
    pub fn quote_section(&self, quote: &Quote) -> usize {
        self.paragraphs
            .get(quote.paragraph())
            .map_or(0, Paragraph::section)
    }

    /// The 1-based source line where a quote's words start: counted from its paragraph's
    /// first line when asked, not stored (half a million quotes on a hearing; SPEC §8). For
    /// many quotes in reading order, [`QuoteLines`] counts on from the last answer instead.
    pub fn quote_line(&self, quote: &Quote) -> usize {
        QuoteLines::new(self).line_of(quote)
    }

    pub fn speaker_name(&self, quote: &Quote) -> Option<&str> {
        quote
            .speaker()
            .and_then(|s| self.speakers.get(s))
            .map(|s| s.name.as_str())
    }

    /// The heading of a section as written, `None` for the lead.
    pub fn section_heading(&self, section: usize) -> Option<&str> {
        self.sections.get(section)?.heading.as_deref()
    }

    /// What the outline calls a section: its heading, or "Introduction" for the lead.
    pub fn section_label(&self, section: usize) -> &str {
        self.section_name(section).unwrap_or("Introduction")
    }

    /// A section's heading, or the outline's name for it (a transcript's question); `None`
    /// for a lead without either.
    pub fn section_name(&self, section: usize) -> Option<&str> {
        let label = self.sections.get(section).and_then(|s| s.label.as_deref());
        self.section_heading(section).or(label)
    }

    /// Topic ids of a quote, in key order.
    pub fn topic_ids(&self, quote: &Quote) -> Vec<&str> {
        quote
            .topics
            .iter()
            .filter_map(|t| self.topics.get(t).map(|t| t.id.as_str()))
            .collect()
    }

    /// Statements and turns: what quote views show unless asked for phrases.
    pub fn is_primary(quote: &Quote) -> bool {
        quote.kind != QuoteKind::Phrase
    }

    /// Quotes in section `section` that views show by default.
    pub fn section_quote_count(&self, section: usize) -> usize {
        self.quotes
            .iter()
            .filter(|q| self.quote_section(q) == section && Self::is_primary(q))
            .count()
    }

    /// Recount speakers' and topics' quotes after attribution or filtering changed.
    pub fn recount(&mut self) {
        for s in &mut self.speakers {
            s.quotes = 0;
        }
        for t in &mut self.topics {
            t.quotes = 0;
        }
        for q in self.quotes.iter().filter(|q| Self::is_primary(q)) {
            if let Some(s) = q.speaker().and_then(|s| self.speakers.get_mut(s)) {
                s.quotes += 1;
            }
            for t in q.topics.iter() {
                if let Some(topic) = self.topics.get_mut(t) {
                    topic.quotes += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100 MB hearing holds half a million paragraphs and as many quotes, beside its text:
    /// their size is what keeps peak memory within SPEC §8's 1.5 times the file.
    #[test]
    fn paragraphs_and_quotes_stay_small() {
        assert!(
            std::mem::size_of::<Paragraph>() <= 32,
            "{}",
            std::mem::size_of::<Paragraph>()
        );
        assert!(
            std::mem::size_of::<Quote>() <= 40,
            "{}",
            std::mem::size_of::<Quote>()
        );
    }

    #[test]
    fn a_label_keeps_its_speaker_through_json() {
        let label = Label::new(Span::new(0, 3), 7);
        let json = serde_json::to_string(&label).unwrap_or_default();
        assert!(json.contains("\"speaker\":7"), "{json}");
        let back: Label = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(back.speaker(), 7);
        assert_eq!(Label::new(Span::new(0, 3), 0).speaker(), 0);
    }

    proptest::proptest! {
        #[test]
        fn a_topic_set_lists_each_topic_it_holds_once_in_order(bits: u64) {
            let set = TopicSet(bits);
            let listed: Vec<usize> = set.iter().collect();
            let held: Vec<usize> = (0..TopicSet::CAPACITY).filter(|&t| set.contains(t)).collect();
            proptest::prop_assert_eq!(listed, held);
        }
    }

    #[test]
    fn an_empty_topic_set_lists_nothing_and_the_last_topic_is_listed() {
        assert_eq!(TopicSet::default().iter().count(), 0);
        let mut set = TopicSet::default();
        set.insert(63);
        set.insert(0);
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 63]);
    }
}
