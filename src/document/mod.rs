//! The document model and everything that builds it. Nothing here knows about terminals.

pub mod article;
pub mod attribution;
pub mod blocks;
pub mod decode;
pub mod filter;
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
    let name = origin.display_name();
    let decoded = decode::decode(decode::read_bytes(origin)?);
    let mut warnings = Vec::new();
    if decoded.lossy {
        warnings.push(format!(
            "warning: '{}' is not valid UTF-8; invalid bytes are shown as \u{FFFD}",
            crate::sanitize::for_terminal(&name)
        ));
    }
    let format = match format {
        InputFormat::Auto => guess_format(origin, &decoded.text),
        f => f,
    };
    let doc = match format {
        InputFormat::Json => {
            serde_json::from_str(&decoded.text).map_err(|e| Error::Json(name, e.to_string()))?
        }
        f => parse(decoded.text, f, lexicon),
    };
    Ok(Loaded { doc, warnings })
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
            let (sk, fm) = markdown::parse_markdown(&text);
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
        transcript::apply_labels(&mut sk, &mut registry)
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
    let mut quotes: Vec<Quote> = Vec::with_capacity(found.len() + turns.len());
    for turn in turns {
        quotes.push(make_quote(
            &sk,
            turn.body,
            turn.body,
            turn.first_paragraph,
            turn.last_paragraph,
            Some(turn.speaker),
            QuoteKind::Turn,
        ));
    }
    for (q, speaker) in found.iter().zip(speakers_of) {
        let kind = quotes::classify(sk.slice(q.inner));
        quotes.push(make_quote(
            &sk,
            q.inner,
            q.outer,
            q.paragraph,
            q.last_paragraph,
            speaker,
            kind,
        ));
    }
    quotes.sort_by_key(|q| (q.outer.start, std::cmp::Reverse(q.outer.end)));
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
    drop_unquoted_speakers(&mut doc);
    doc.recount();
    doc
}

fn make_quote(
    sk: &Skeleton,
    inner: Span,
    outer: Span,
    paragraph: usize,
    last_paragraph: usize,
    speaker: Option<usize>,
    kind: QuoteKind,
) -> Quote {
    let p = &sk.paragraphs[paragraph];
    Quote {
        inner,
        outer,
        paragraph,
        last_paragraph,
        speaker,
        kind,
        topics: TopicSet::default(),
        line: blocks::line_at(&sk.text, p.span.start, p.line, inner.start),
        section: p.section,
    }
}

/// Quotes shorter than this many words take their paragraph as context for topics.
const SHORT_QUOTE_WORDS: usize = 15;

/// SPEC §5: each quote gets every topic whose keywords it matches. A short quote also
/// counts its paragraph; a quote that opens its paragraph counts the narrative paragraph
/// before it, which sets it up.
pub fn assign_topics(doc: &mut Document) {
    let matcher = TopicMatcher::new(&doc.topics);
    let topics: Vec<TopicSet> = doc.quotes.iter().map(|q| topics_of(doc, &matcher, q)).collect();
    for (q, t) in doc.quotes.iter_mut().zip(topics) {
        q.topics = t;
    }
}

fn topics_of(doc: &Document, matcher: &TopicMatcher, q: &Quote) -> TopicSet {
    let mut set = matcher.topics_in(doc.slice(q.inner));
    let para = &doc.paragraphs[q.paragraph];
    if q.kind != QuoteKind::Turn && doc.slice(q.inner).split_whitespace().count() < SHORT_QUOTE_WORDS {
        set.0 |= matcher.topics_in(doc.slice(para.span)).0;
    }
    let opens_paragraph = q.outer.start == para.span.start && para.label.is_none();
    if opens_paragraph && let Some(prev) = q.paragraph.checked_sub(1).map(|i| &doc.paragraphs[i]) {
        let narrative = !doc
            .slice(prev.span)
            .trim_start()
            .starts_with(['“', '"', '«', '„']);
        if narrative && prev.section == para.section {
            set.0 |= matcher.topics_in(doc.slice(prev.span)).0;
        }
    }
    set
}

/// Keep only speakers some quote is attributed to (evidence may name people who are never
/// quoted), renumbering the quotes' and labels' references.
fn drop_unquoted_speakers(doc: &mut Document) {
    let mut used = vec![false; doc.speakers.len()];
    for s in doc.quotes.iter().filter_map(|q| q.speaker) {
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
        q.speaker = q.speaker.and_then(|s| remap[s]);
    }
    for p in &mut doc.paragraphs {
        if let Some(label) = &mut p.label {
            label.speaker = remap[label.speaker].unwrap_or(0);
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
