//! The document model and everything that builds it. Nothing here knows about terminals.

pub mod article;
pub mod attribution;
pub mod blocks;
pub mod decode;
pub mod derive;
pub mod filter;
pub mod hash;
pub mod markdown;
pub mod model;
pub mod quotes;
pub mod speakers;
pub mod topics;
pub mod transcript;

use std::path::Path;

pub use decode::{LoadError, Origin};
pub use model::*;
pub use topics::Lexicon;

use article::Skeleton;
use attribution::Target;
use speakers::Registry;
use topics::TopicMatcher;
use transcript::Turn;

/// The input forms of SPEC §2, as chosen by `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Auto,
    Text,
    Markdown,
    Transcript,
    Json,
}

/// A loaded document and what the user should be told about it.
#[derive(Debug)]
pub struct Loaded {
    pub doc: Document,
    /// One-line notices for stderr (e.g. invalid UTF-8 was replaced).
    pub warnings: Vec<String>,
}

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("cannot read '{}' as JSON: {}", crate::sanitize::for_terminal(.0), .1)]
    Json(String, String),
}

/// Read, decode and parse a document.
pub fn load(origin: &Origin, format: InputFormat, lexicon: &Lexicon) -> Result<Loaded, Error> {
    let (text, warnings) = read_text(origin)?;
    let format = resolve_format(format, origin, &text);
    let doc = from_text(origin, text, format, lexicon)?;
    Ok(Loaded { doc, warnings })
}

/// Read and decode a document's text, with the notices the user should see.
pub fn read_text(origin: &Origin) -> Result<(String, Vec<String>), Error> {
    let decoded = decode::decode_within_limit(decode::read_bytes(origin)?, &origin.display_name())?;
    let mut warnings = Vec::new();
    if decoded.lossy {
        warnings.push(format!(
            "warning: '{}' is not valid UTF-8; invalid bytes are shown as \u{FFFD}",
            crate::sanitize::for_terminal(&origin.display_name())
        ));
    }
    Ok((decoded.text, warnings))
}

/// The format to parse with: the one asked for, or the one the name and text suggest.
pub fn resolve_format(format: InputFormat, origin: &Origin, text: &str) -> InputFormat {
    match format {
        InputFormat::Auto => guess_format(origin, text),
        f => f,
    }
}

/// Build the model from decoded text (a JSON export is read back as it was written).
pub fn from_text(
    origin: &Origin,
    text: String,
    format: InputFormat,
    lexicon: &Lexicon,
) -> Result<Document, Error> {
    match format {
        InputFormat::Json => {
            serde_json::from_str(&text).map_err(|e| Error::Json(origin.display_name(), e.to_string()))
        }
        f => Ok(parse(text, f, lexicon)),
    }
}

/// The start of a long text, cut at a paragraph break near `bytes`: enough to show a first
/// screen while the whole document is indexed.
pub fn preview_prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut cut = bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind("\n\n") {
        Some(i) if i > 0 => &text[..i],
        _ => &text[..cut],
    }
}

/// SPEC §2: JSON and Markdown by extension (or `#` headings), transcripts by their labels.
pub fn guess_format(origin: &Origin, text: &str) -> InputFormat {
    match origin.extension().as_deref() {
        Some("json") => return InputFormat::Json,
        Some("md" | "markdown") => return InputFormat::Markdown,
        _ => {}
    }
    let atx = text.lines().take(2000).any(|l| {
        let hashes = l.chars().take_while(|&c| c == '#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    if atx || text.starts_with("---\n") {
        InputFormat::Markdown
    } else {
        InputFormat::Auto
    }
}

/// Build the model from decoded text. `Auto` here means "plain text or transcript".
pub fn parse(text: String, format: InputFormat, lexicon: &Lexicon) -> Document {
    let mut known: Vec<(String, Vec<String>)> = lexicon
        .speakers
        .iter()
        .map(|s| (s.name.clone(), s.aliases.clone()))
        .collect();
    let mut sk = match format {
        InputFormat::Markdown => {
            let (sk, fm) = markdown::parse_markdown(text);
            known.extend(fm.speakers);
            sk
        }
        _ => article::parse_article(text),
    };
    let mut registry = Registry::with_known(&known);
    let is_transcript = format == InputFormat::Transcript || transcript::looks_like_transcript(&sk);
    let turns = if is_transcript {
        if sk.format == Format::Text {
            sk.format = Format::Transcript;
        }
        let turns = transcript::apply_labels(&mut sk, &mut registry);
        transcript::outline_by_questions(&mut sk, &turns);
        turns
    } else {
        Vec::new()
    };
    build(sk, &turns, registry, lexicon)
}

fn build(sk: Skeleton, turns: &[Turn], mut registry: Registry, lexicon: &Lexicon) -> Document {
    let found = quotes::scan(&sk.text, &sk.paragraphs);
    let targets: Vec<Target> = found
        .iter()
        .map(|q| Target {
            outer: q.outer,
            inner_ends_sentence: sk
                .slice(q.inner)
                .trim_end_matches(['”', '"', '’', '»'])
                .ends_with(['.', '!', '?', '…']),
            paragraph: q.paragraph,
            last_paragraph: q.last_paragraph,
        })
        .collect();
    let speakers_of = attribution::attribute(&sk.text, &sk.paragraphs, &targets, &mut registry);
    drop(targets);
    let mut quotes: Vec<Quote> = Vec::with_capacity(found.len() + turns.len());
    let mut lines = blocks::LineCounter::default();
    for turn in turns {
        let at = Placement {
            inner: turn.body,
            outer: turn.body,
            paragraph: turn.first_paragraph,
            last_paragraph: turn.last_paragraph,
        };
        quotes.push(make_quote(
            &sk,
            &mut lines,
            at,
            Some(turn.speaker),
            QuoteKind::Turn,
        ));
    }
    for (q, speaker) in found.iter().zip(speakers_of) {
        let kind = quotes::classify(sk.slice(q.inner));
        let at = Placement {
            inner: q.inner,
            outer: q.outer,
            paragraph: q.paragraph,
            last_paragraph: q.last_paragraph,
        };
        quotes.push(make_quote(&sk, &mut lines, at, speaker, kind));
    }
    quotes.sort_by_key(|q| (q.outer.start(), std::cmp::Reverse(q.outer.end())));
    let mut doc = Document {
        title: sk.title,
        format: sk.format,
        text: sk.text,
        sections: sk.sections,
        paragraphs: sk.paragraphs,
        quotes,
        speakers: registry.finish(),
        topics: lexicon.model_topics(),
    };
    assign_topics(&mut doc);
    if lexicon.is_default && derive::lexicon_fits_poorly(&doc) {
        let derived = derive::derive_topics(&doc);
        if !derived.is_empty() {
            doc.topics = derived;
            assign_topics(&mut doc);
        }
    }
    drop_unquoted_speakers(&mut doc);
    doc.recount();
    doc
}

/// Where a quote stands: its text with and without its marks, and its paragraphs.
struct Placement {
    inner: Span,
    outer: Span,
    paragraph: usize,
    last_paragraph: usize,
}

fn make_quote(
    sk: &Skeleton,
    lines: &mut blocks::LineCounter,
    at: Placement,
    speaker: Option<usize>,
    kind: QuoteKind,
) -> Quote {
    let p = &sk.paragraphs[at.paragraph];
    let place = QuotePlace {
        inner: at.inner,
        outer: at.outer,
        paragraph: at.paragraph,
        last_paragraph: at.last_paragraph,
        line: lines.line_at(&sk.text, p.span.start(), p.line(), at.inner.start()),
        section: p.section(),
    };
    Quote::new(place, speaker, kind)
}

/// Quotes shorter than this many words take their paragraph as context for topics.
const SHORT_QUOTE_WORDS: usize = 15;

/// SPEC §5: each quote gets every topic whose keywords it matches. A short quote also
/// counts its paragraph; a quote that opens its paragraph counts the narrative paragraph
/// before it, which sets it up.
pub fn assign_topics(doc: &mut Document) {
    let hits = TopicMatcher::new(&doc.topics).hits(&doc.text);
    let paragraph_topics: Vec<TopicSet> = doc.paragraphs.iter().map(|p| hits.topics_in(p.span)).collect();
    let topics: Vec<TopicSet> = doc
        .quotes
        .iter()
        .map(|q| topics_of(doc, &hits, &paragraph_topics, q))
        .collect();
    for (q, t) in doc.quotes.iter_mut().zip(topics) {
        q.topics = t;
    }
}

fn topics_of(doc: &Document, hits: &topics::Hits, paragraph_topics: &[TopicSet], q: &Quote) -> TopicSet {
    let mut set = hits.topics_in(q.inner);
    let para = &doc.paragraphs[q.paragraph()];
    if q.kind != QuoteKind::Turn && !has_words(doc.slice(q.inner), SHORT_QUOTE_WORDS) {
        set.0 |= paragraph_topics[q.paragraph()].0;
    }
    let opens_paragraph = q.outer.start() == para.span.start() && para.label.is_none();
    if opens_paragraph && let Some(prev) = q.paragraph().checked_sub(1).map(|i| &doc.paragraphs[i]) {
        let narrative = !doc
            .slice(prev.span)
            .trim_start()
            .starts_with(['“', '"', '«', '„']);
        if narrative && prev.section() == para.section() {
            set.0 |= paragraph_topics[q.paragraph() - 1].0;
        }
    }
    set
}

/// Whether `text` has at least `n` words (without counting all of a long turn's words).
fn has_words(text: &str, n: usize) -> bool {
    text.split_whitespace().nth(n.saturating_sub(1)).is_some()
}

/// Keep only speakers some quote is attributed to (evidence may name people who are never
/// quoted), renumbering the quotes' and labels' references.
fn drop_unquoted_speakers(doc: &mut Document) {
    let mut used = vec![false; doc.speakers.len()];
    for s in doc.quotes.iter().filter_map(|q| q.speaker()) {
        used[s] = true;
    }
    let mut remap = vec![None; doc.speakers.len()];
    let mut kept = Vec::new();
    for (i, s) in std::mem::take(&mut doc.speakers).into_iter().enumerate() {
        if used[i] {
            remap[i] = Some(kept.len());
            kept.push(s);
        }
    }
    doc.speakers = kept;
    for q in &mut doc.quotes {
        q.set_speaker(q.speaker().and_then(|s| remap[s]));
    }
    for p in &mut doc.paragraphs {
        if let Some(label) = &mut p.label {
            label.set_speaker(remap[label.speaker()].unwrap_or(0));
        }
    }
}

/// Load the lexicon named by `--topics`, or the bundled one.
pub fn lexicon_from(path: Option<&Path>) -> Result<Lexicon, topics::LexiconError> {
    match path {
        Some(p) => Lexicon::from_file(p),
        None => Ok(Lexicon::bundled()),
    }
}
