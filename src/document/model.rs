//! The document model: what an interview *is*, independent of any terminal.
//!
//! Text is kept once, in [`Document::text`]; paragraphs and quotes refer to it by byte
//! ranges ([`Span`]) so a 100 MB transcript is not copied per paragraph (SPEC §8).

use serde::{Deserialize, Serialize};

/// A byte range into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether the two ranges share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
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
    pub line: usize,
    /// Index of the section holding it.
    pub section: usize,
    /// The speaker label that opens it, when it starts a transcript turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// Whether the paragraph was a Markdown `>` blockquote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blockquote: bool,
}

/// A transcript speaker label such as `Q:` or `THE PRESIDENT:`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    /// The label text including its colon, as written.
    pub span: Span,
    /// Index into [`Document::speakers`].
    pub speaker: usize,
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
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..Self::CAPACITY).filter(move |&t| self.contains(t))
    }
}

/// A quotation (or transcript turn) with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the outer quote marks.
    pub inner: Span,
    /// The quote including its marks (what the reader highlights).
    pub outer: Span,
    /// Paragraph the quote starts in.
    pub paragraph: usize,
    /// Paragraph the quote ends in (differs for multi-paragraph quotes and turns).
    pub last_paragraph: usize,
    /// Index into [`Document::speakers`]; `None` when the text does not say who spoke.
    pub speaker: Option<usize>,
    pub kind: QuoteKind,
    pub topics: TopicSet,
    /// 1-based source line where the quote starts.
    pub line: usize,
    /// Index of the section holding it.
    pub section: usize,
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
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The stable id scripts use for a quote (`q1`, `q2`, …).
    pub fn quote_id(index: usize) -> String {
        format!("q{}", index + 1)
    }

    pub fn quote_text(&self, quote: &Quote) -> &str {
        self.slice(quote.inner)
    }

    pub fn speaker_name(&self, quote: &Quote) -> Option<&str> {
        quote
            .speaker
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
            .filter(|q| q.section == section && Self::is_primary(q))
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
            if let Some(s) = q.speaker.and_then(|s| self.speakers.get_mut(s)) {
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
