//! The document model and everything that builds it. Nothing here knows about terminals.

pub mod article;
pub mod attribution;
pub mod blocks;
pub mod captions;
pub mod decode;
pub mod derive;
pub mod filter;
pub mod hash;
pub mod html;
pub mod markdown;
pub mod model;
pub mod phases;
pub mod prefetch;
pub mod quotes;
pub mod speakers;
pub mod topics;
pub mod transcript;
pub mod words;

use std::mem::MaybeUninit;
use std::path::Path;

pub use decode::{LoadError, Origin};
pub use model::*;
pub use topics::Lexicon;

use article::Skeleton;
use speakers::Registry;
use topics::TopicMatcher;

/// The input forms of SPEC §2, as chosen by `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Auto,
    Text,
    Markdown,
    Transcript,
    Json,
    /// A web page, read as the Markdown its tags make.
    Html,
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
    let phases = phases::Phases::start();
    let bytes = decode::read_bytes(origin)?;
    phases.mark("read");
    let decoded = decode::decode_within_limit(bytes, &origin.display_name())?;
    phases.mark("decoded");
    let mut warnings = Vec::new();
    if decoded.lossy {
        warnings.push(format!(
            "warning: '{}' is not valid {}; invalid bytes are shown as \u{FFFD}",
            crate::sanitize::for_terminal(&origin.display_name()),
            decoded.encoding.name()
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

/// SPEC §2: JSON and Markdown by extension (or `#` headings), transcripts by their labels;
/// web pages by extension or their opening `<!DOCTYPE html>` / `<html>`.
pub fn guess_format(origin: &Origin, text: &str) -> InputFormat {
    match origin.extension().as_deref() {
        Some("json") => return InputFormat::Json,
        Some("md" | "markdown") => return InputFormat::Markdown,
        Some("html" | "htm" | "xhtml") => return InputFormat::Html,
        _ => {}
    }
    if html::looks_like_html(text) {
        return InputFormat::Html;
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
    let phases = phases::Phases::start();
    // Captions (`.vtt`, `.srt`) are a transcript once their cue numbers and times are gone.
    let cues =
        matches!(format, InputFormat::Auto | InputFormat::Transcript) && captions::looks_like_captions(&text);
    let text = if cues {
        captions::without_cue_headers(text)
    } else {
        text
    };
    let mut known: Vec<(String, Vec<String>)> = lexicon
        .speakers
        .iter()
        .map(|s| (s.name.clone(), s.aliases.clone()))
        .collect();
    let mut sk = match format {
        InputFormat::Markdown | InputFormat::Html => {
            let text = if format == InputFormat::Html {
                html::into_markdown(text)
            } else {
                text
            };
            let (sk, fm) = markdown::parse_markdown(text);
            known.extend(fm.speakers);
            sk
        }
        _ if cues => article::parse_cues(text),
        _ => article::parse_article(text),
    };
    phases.mark("skeleton");
    let mut registry = Registry::with_known(&known);
    transcript::split_turn_lines(&mut sk);
    // Labels are found once, for the test and for the turns (both cores on a long text).
    let mut labels = transcript::find_labels(&sk);
    let mut is_transcript = transcript::looks_like_transcript(&sk, &labels);
    if !is_transcript {
        // A congressional hearing's labels end with a full stop (`Mr. BRENNAN. …`).
        let hearing = transcript::find_hearing_labels(&sk);
        if transcript::looks_like_transcript(&sk, &hearing) {
            labels = hearing;
            is_transcript = true;
        } else if let Some(record) = transcript::find_record_labels(&sk) {
            // A deposition or trial testimony: `Q. …` and `A. …`.
            labels = record;
            is_transcript = true;
        }
    }
    // A magazine Q&A: questions in bold, answers after them (labelled or not).
    is_transcript |= transcript::bold_questions(&sk, &mut labels);
    is_transcript |= format == InputFormat::Transcript;
    phases.mark("transcript?");
    if is_transcript {
        if sk.format == Format::Text {
            sk.format = Format::Transcript;
        }
        transcript::apply_labels(&mut sk, &mut registry, &labels);
        phases.mark("labels");
    }
    // Freed before the model is built: peak memory is measured there.
    drop(labels);
    if is_transcript {
        transcript::outline_by_questions(&mut sk, &registry);
        phases.mark("outline");
    }
    let doc = build(sk, registry, lexicon, &phases);
    phases.mark("built");
    doc
}

fn build(sk: Skeleton, mut registry: Registry, lexicon: &Lexicon, phases: &phases::Phases) -> Document {
    let found = quotes::scan(&sk.text, &sk.paragraphs);
    phases.mark("quotes found");
    let speakers_of = attribution::attribute(&sk.text, &sk.paragraphs, &found, &mut registry);
    phases.mark("attributed");
    // Statements first, then the scanner's list is freed before the turns are made: on a
    // hearing each list is tens of MB, and peak memory is what SPEC §8 measures.
    let (mut quotes, turn_count) = statements(&found, &speakers_of, &sk.paragraphs);
    drop(found);
    drop(speakers_of);
    merge_turns(&mut quotes, &sk, turn_count);
    phases.mark("quotes made");
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
    // A long document is first tried against the lexicon on the sample topics would be
    // derived from: most hearings are off the bundled lexicon, and matching all of one
    // against it only to set the answer aside cost as much as matching the derived topics.
    let sample = derive::Sample::of(&doc);
    // The counts of the last topic pass, which leaves every quote's topics as they stay.
    let mut tally = None;
    let fits_poorly = lexicon.is_default
        && if sample.is_all() {
            tally = Some(assign_topics(&mut doc));
            derive::lexicon_fits_poorly(&doc, sample)
        } else {
            assign_topics_in_sample(&mut doc, sample);
            derive::lexicon_fits_poorly(&doc, sample)
        };
    phases.mark("topics");
    let derived = if fits_poorly {
        derive::derive_topics(&doc)
    } else {
        Vec::new()
    };
    let derived_none = derived.is_empty();
    if !derived.is_empty() {
        doc.topics = derived;
        tally = Some(assign_topics(&mut doc));
    } else if !sample.is_all() || !lexicon.is_default {
        tally = Some(assign_topics(&mut doc));
    }
    // The bundled lexicon is the bundled interview's: where it matched nothing and no topics
    // could be derived from the text, its six topics at zero would only be noise.
    if fits_poorly && derived_none && doc.quotes.iter().all(|q| q.topics.is_empty()) {
        doc.topics.clear();
    }
    phases.mark("derived");
    drop_unquoted_speakers_and_count(&mut doc, tally);
    doc
}

/// The statements as quotes, in the scanner's order, and how many turns there are (a short
/// list has room for them already; a long one grows in place when they are merged in). A
/// long list is made in two halves at once, each written straight into its part (one core
/// alone took 10 ms on a 100 MB hearing, most of it the first touch of the memory), while
/// the labelled paragraphs are counted.
fn statements(
    found: &[quotes::FoundQuote],
    speakers_of: &attribution::Speakers,
    paragraphs: &[Paragraph],
) -> (Vec<Quote>, usize) {
    let statement = |i: usize, q: &quotes::FoundQuote| {
        let at = QuotePlace {
            inner: q.inner,
            outer: q.outer,
            paragraph: q.paragraph(),
            last_paragraph: q.last_paragraph(),
        };
        Quote::new(at, speakers_of.of(i), q.kind)
    };
    let count_turns = || paragraphs.iter().filter(|p| p.label.is_some()).count();
    if found.len() < 4096 {
        let turns = count_turns();
        let mut quotes = Vec::with_capacity(found.len() + turns);
        quotes.extend(found.iter().enumerate().map(|(i, q)| statement(i, q)));
        return (quotes, turns);
    }
    // Room for the statements; the turns' is added when they are merged in (a large block
    // grows in place).
    let mut quotes: Vec<Quote> = Vec::with_capacity(found.len());
    let half = found.len() / 2;
    let fill = |room: &mut [std::mem::MaybeUninit<Quote>], from: usize| {
        for (slot, (i, q)) in room.iter_mut().zip(found.iter().enumerate().skip(from)) {
            slot.write(statement(i, q));
        }
    };
    let turns = {
        let room = &mut quotes.spare_capacity_mut()[..found.len()];
        let (first, second) = room.split_at_mut(half);
        std::thread::scope(|scope| {
            let worker = scope.spawn(|| fill(second, half));
            fill(first, 0);
            let turns = count_turns();
            worker.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            turns
        })
    };
    // SAFETY: each of the first `found.len()` slots was written above, the first `half` by
    // this thread and the rest by the other, which has finished (a panic in either would
    // have left before this line).
    unsafe { quotes.set_len(found.len()) };
    (quotes, turns)
}

/// Where a quote stands in reading order. A turn and a quote can cover the same bytes
/// (`Q: “…”`): the turn comes first. No two quotes have the same key.
fn reading_order(q: &Quote) -> (usize, std::cmp::Reverse<usize>, bool) {
    (
        q.outer.start(),
        std::cmp::Reverse(q.outer.end()),
        q.kind != QuoteKind::Turn,
    )
}

/// Merge the turns into `quotes` (the statements, in reading order as the scanner found
/// them), in place and from the end: the turns come in reading order too, so no sort is
/// needed, and nothing is held twice (a hearing has half a million of each). A long
/// transcript is merged in two halves at once, cut at a labelled paragraph near the middle:
/// every quote that starts before it comes before every quote that starts after it.
fn merge_turns(quotes: &mut Vec<Quote>, sk: &Skeleton, turn_count: usize) {
    let sorted = merge_turns_in_order(quotes, sk, turn_count, HALVES_FROM_TURNS);
    // A sort only if the scanner's order were not reading order after all: the order is
    // what sorting gave.
    if !sorted {
        quotes.sort_unstable_by_key(reading_order);
    }
}

/// [`merge_turns`] without the sort that guards the scanner's order, in two halves from
/// `halves_from` turns on; whether the quotes came out in reading order (each half checks its
/// own, on its own core, as soon as it is merged).
fn merge_turns_in_order(
    quotes: &mut Vec<Quote>,
    sk: &Skeleton,
    turn_count: usize,
    halves_from: usize,
) -> bool {
    let statements = quotes.len();
    let total = statements + turn_count;
    // Room for the turns, not filled in first: every slot is written by the merge (a fill
    // was a single-core pass over a hearing's 20 MB of room).
    quotes.reserve_exact(turn_count);
    // SAFETY: the capacity is at least `total` (just reserved); the first `statements` slots
    // are initialised, and `MaybeUninit` asks nothing of the rest.
    let slots =
        unsafe { std::slice::from_raw_parts_mut(quotes.as_mut_ptr().cast::<MaybeUninit<Quote>>(), total) };
    let all = 0..sk.paragraphs.len();
    let middle = (turn_count >= halves_from)
        .then(|| (all.len() / 2..all.end).find(|&i| sk.paragraphs[i].label.is_some()))
        .flatten();
    // The gaps left, whether each part came out in order, and where the halves meet.
    let (unfilled, sorted, meet) = match middle {
        None => {
            let (gap, sorted) = merge_from_the_end(slots, statements, transcript::turns_from_the_end(sk));
            (vec![gap], sorted, None)
        }
        Some(middle) => {
            let turns_before = sk.paragraphs[..middle]
                .iter()
                .filter(|p| p.label.is_some())
                .count();
            // SAFETY: the first `statements` slots are initialised.
            let statements_before =
                slots[..statements].partition_point(|q| unsafe { q.assume_init_ref() }.paragraph() < middle);
            // The later statements move up behind the room for the earlier turns.
            slots.copy_within(statements_before..statements, statements_before + turns_before);
            let (first, second) = slots.split_at_mut(statements_before + turns_before);
            let offset = first.len();
            let ((early, early_sorted), (late, late_sorted)) = std::thread::scope(|scope| {
                let late = scope.spawn(|| {
                    let turns = transcript::turns_from_the_end_between(sk, middle..all.end);
                    merge_from_the_end(second, statements - statements_before, turns)
                });
                let turns = transcript::turns_from_the_end_between(sk, 0..middle);
                let early = merge_from_the_end(first, statements_before, turns);
                (
                    early,
                    late.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                )
            });
            let meet = offset - early.len();
            (
                vec![early, late.start + offset..late.end + offset],
                early_sorted && late_sorted,
                Some(meet),
            )
        }
    };
    // Slots no turn came for (none, as every label opens a turn), later ones first.
    let mut len = total;
    for gap in unfilled.into_iter().rev() {
        slots.copy_within(gap.end..len, gap.start);
        len -= gap.len();
    }
    // Where the halves meet, once the gaps are closed (`meet` counts the first's gap out): in
    // order whenever both halves are, as they are cut at a paragraph; asked all the same, for
    // it is one comparison.
    let meets_in_order = meet.is_none_or(|meet| {
        // SAFETY: the first `len` slots are initialised (every slot but the gaps' was
        // written, and the gaps are closed).
        let at = |i: usize| unsafe { slots[i].assume_init_ref() };
        meet == 0 || meet >= len || reading_order(at(meet - 1)) <= reading_order(at(meet))
    });
    // SAFETY: every slot but the gaps' was written (a statement moved or a turn), and the
    // gaps were closed above: the first `len` slots are initialised.
    unsafe { quotes.set_len(len) };
    sorted && meets_in_order
}

/// Turns from which the merge is done in two halves.
const HALVES_FROM_TURNS: usize = 4096;

/// Merge `turns` (read last first) into `slots`, whose first `statements` are statements in
/// reading order and the rest room for the turns; returns the slots no turn came for, and
/// whether the slots outside them are in reading order.
fn merge_from_the_end(
    slots: &mut [MaybeUninit<Quote>],
    statements: usize,
    turns: impl Iterator<Item = transcript::Turn>,
) -> (std::ops::Range<usize>, bool) {
    // Statements not yet moved are `slots[..unmoved]`; the slots from `free` on are filled.
    let mut unmoved = statements;
    let mut free = slots.len();
    // SAFETY: slots below `unmoved` hold statements, the first `statements` slots being
    // initialised and only ever moved up from there.
    let statement = |slots: &[MaybeUninit<Quote>], i: usize| *unsafe { slots[i].assume_init_ref() };
    for turn in turns.take(slots.len() - statements) {
        let at = QuotePlace {
            inner: turn.body,
            outer: turn.body,
            paragraph: turn.first_paragraph,
            last_paragraph: turn.last_paragraph,
        };
        let turn = Quote::new(at, Some(turn.speaker), QuoteKind::Turn);
        while unmoved > 0 && reading_order(&statement(slots, unmoved - 1)) > reading_order(&turn) {
            unmoved -= 1;
            free -= 1;
            slots[free] = slots[unmoved];
        }
        free -= 1;
        slots[free].write(turn);
    }
    // SAFETY: the slots before `unmoved` and from `free` on are initialised.
    let filled = |i: usize| unsafe { slots[i].assume_init_ref() };
    let in_order = (1..unmoved)
        .chain(free + 1..slots.len())
        .all(|i| reading_order(filled(i - 1)) <= reading_order(filled(i)))
        && (unmoved == 0
            || free >= slots.len()
            || reading_order(filled(unmoved - 1)) <= reading_order(filled(free)));
    (unmoved..free, in_order)
}

/// Quotes shorter than this many words take their paragraph as context for topics.
const SHORT_QUOTE_WORDS: usize = 15;

/// SPEC §5: each quote gets every topic whose keywords it matches. A short quote also
/// counts its paragraph; a quote that opens its paragraph counts the narrative paragraph
/// before it, which sets it up.
/// Give every quote its topics; the speakers and topics counted over them (see [`Tally`]).
fn assign_topics(doc: &mut Document) -> Tally {
    let matcher = TopicMatcher::new(&doc.topics);
    let (speakers, topics) = (doc.speakers.len(), doc.topics.len());
    let Document {
        text,
        paragraphs,
        quotes,
        ..
    } = doc;
    let cx = TopicPass {
        matcher: &matcher,
        text,
        paragraphs,
    };
    if paragraphs.len() < 8192 {
        cx.run(quotes, 0, TopicSet::default(), paragraphs.len());
        return Tally::of(quotes, speakers, topics);
    }
    let runs = runs_by_bytes(text, paragraphs, TOPIC_RUNS);
    cx.run_all(quotes, &runs, Some((speakers, topics)))
        .unwrap_or_else(|| Tally::of(quotes, speakers, topics))
}

/// Runs a long document's topic pass is cut into, each about as many bytes: taken in turn
/// by both cores, they keep both busy to the end even when one core is slowed by
/// another program (fixed halves left one alone for the last 20 ms of a hearing).
const TOPIC_RUNS: usize = 64;

/// `paragraphs` cut into up to `count` runs of about as many bytes of `text`, in order.
fn runs_by_bytes(text: &str, paragraphs: &[Paragraph], count: usize) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::with_capacity(count);
    let mut from = 0;
    for k in 1..=count {
        let to = match k {
            k if k == count => paragraphs.len(),
            k => paragraphs.partition_point(|p| p.span.start() < text.len() / count * k),
        };
        if to > from {
            runs.push(from..to);
            from = to;
        }
    }
    runs
}

/// [`assign_topics`] for the quotes of the sampled paragraphs only (the others keep none).
fn assign_topics_in_sample(doc: &mut Document, sample: derive::Sample) {
    let matcher = TopicMatcher::new(&doc.topics);
    let Document {
        text,
        paragraphs,
        quotes,
        ..
    } = doc;
    let cx = TopicPass {
        matcher: &matcher,
        text,
        paragraphs,
    };
    let runs = sample.runs(paragraphs);
    if paragraphs.len() < 8192 || runs.len() < 2 {
        for (run, quotes) in quotes_of_runs(quotes, &runs) {
            cx.run_one(quotes, run);
        }
        return;
    }
    // Both cores (the sample of a long document is tens of MB). Its counts are of the
    // sample alone: another pass follows.
    cx.run_all(quotes, &runs, None);
}

/// Each run of paragraphs with the quotes that start in it (sorted, as the runs are).
fn quotes_of_runs<'q>(
    mut quotes: &'q mut [Quote],
    runs: &[std::ops::Range<usize>],
) -> Vec<(std::ops::Range<usize>, &'q mut [Quote])> {
    let mut each = Vec::with_capacity(runs.len());
    for run in runs {
        let from = quotes.partition_point(|q| q.paragraph() < run.start);
        let to = quotes.partition_point(|q| q.paragraph() < run.end);
        let (_, rest) = std::mem::take(&mut quotes).split_at_mut(from);
        let (own, rest) = rest.split_at_mut(to - from);
        quotes = rest;
        each.push((run.clone(), own));
    }
    each
}

/// What assigning topics reads.
struct TopicPass<'a> {
    matcher: &'a TopicMatcher,
    text: &'a str,
    paragraphs: &'a [Paragraph],
}

impl TopicPass<'_> {
    /// Every keyword hit starting in paragraph `index`, sorted by offset (so each quote finds
    /// its own by binary search: a one-line paragraph of 20 MB can hold thousands).
    fn hits_of(&self, index: usize, hits: &mut Vec<(usize, usize)>) {
        hits.clear();
        self.matcher
            .each_hit_in(self.text, self.paragraphs[index].span, |at, topic| {
                hits.push((at, topic))
            });
        hits.sort_unstable();
    }

    /// [`TopicPass::hits_of`] for paragraphs `index` and, if there is one, the next.
    fn hits_of_two(&self, index: usize, hits: &mut Vec<(usize, usize)>, next: &mut Vec<(usize, usize)>) {
        let Some(after) = self.paragraphs.get(index + 1) else {
            self.hits_of(index, hits);
            return;
        };
        hits.clear();
        next.clear();
        let spans = [self.paragraphs[index].span, after.span];
        self.matcher
            .each_hit_in_two(self.text, spans, |which, at, topic| {
                if which == 0 {
                    hits.push((at, topic))
                } else {
                    next.push((at, topic))
                }
            });
        hits.sort_unstable();
        next.sort_unstable();
    }

    fn topics_of_paragraph(&self, index: usize) -> TopicSet {
        let mut hits = Vec::new();
        self.hits_of(index, &mut hits);
        topics_between(&hits, 0, usize::MAX)
    }

    /// Topics for the quotes that start in paragraphs `run` (sorted).
    fn run_one(&self, quotes: &mut [Quote], run: std::ops::Range<usize>) {
        let previous = match run.start.checked_sub(1) {
            Some(before) => self.topics_of_paragraph(before),
            None => TopicSet::default(),
        };
        self.run(quotes, run.start, previous, run.end);
    }

    /// [`TopicPass::run_one`] for every run, on both cores: each takes the next run left
    /// until none is. Each run's result is the one a single pass would give. With `count`
    /// (speakers, topics), each run's quotes are tallied as soon as they have their topics,
    /// while they are in the cache (a pass over all of them afterwards read a hearing's 20 MB
    /// of quotes again).
    fn run_all(
        &self,
        quotes: &mut [Quote],
        runs: &[std::ops::Range<usize>],
        count: Option<(usize, usize)>,
    ) -> Option<Tally> {
        let todo = std::sync::Mutex::new(quotes_of_runs(quotes, runs).into_iter());
        let work = || {
            let mut tally = count.map(|(speakers, topics)| Tally::of(&[], speakers, topics));
            loop {
                let next = todo
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .next();
                let Some((run, quotes)) = next else {
                    break;
                };
                self.run_one(quotes, run);
                if let (Some(tally), Some((speakers, topics))) = (&mut tally, count) {
                    tally.add(Tally::of(quotes, speakers, topics));
                }
            }
            tally
        };
        std::thread::scope(|scope| {
            let other = scope.spawn(work);
            let mine = work();
            let theirs = other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            mine.zip(theirs).map(|(mut mine, theirs)| {
                mine.add(theirs);
                mine
            })
        })
    }

    /// Topics for `quotes` (sorted; the first starts at or after paragraph `from`), reading
    /// paragraphs from `from` until `until` and then as long as one of them runs on.
    ///
    /// Paragraph by paragraph, in step with the quotes: a paragraph's keyword hits serve
    /// every quote inside it and are then forgotten, rather than a whole document's hits
    /// being kept (SPEC §8: memory).
    fn run(&self, quotes: &mut [Quote], from: usize, mut previous: TopicSet, until: usize) {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        // The next paragraph's hits, found with this one's.
        let mut ahead: Vec<(usize, usize)> = Vec::new();
        let mut ahead_of = None;
        // Quotes running on past the paragraph being read (turns of several paragraphs):
        // their keywords are gathered as the later paragraphs are read, not searched again.
        let mut running: Vec<usize> = Vec::new();
        let mut next = 0;
        for index in from..self.paragraphs.len() {
            if index >= until && running.is_empty() && next >= quotes.len() {
                break;
            }
            if ahead_of == Some(index) {
                std::mem::swap(&mut hits, &mut ahead);
                ahead_of = None;
            } else {
                self.hits_of_two(index, &mut hits, &mut ahead);
                ahead_of = Some(index + 1);
            }
            let here = topics_between(&hits, 0, usize::MAX);
            running.retain(|&i| {
                let q = &mut quotes[i];
                q.topics.0 |= topics_between(&hits, q.inner.start(), q.inner.end()).0;
                q.last_paragraph() > index
            });
            while let Some(q) = quotes.get_mut(next).filter(|q| q.paragraph() <= index) {
                let own = topics_between(&hits, q.inner.start(), q.inner.end());
                let context = Context {
                    text: self.text,
                    paragraphs: self.paragraphs,
                    here,
                    previous,
                };
                q.topics = with_context(own, &context, q);
                if q.last_paragraph() > index {
                    running.push(next);
                }
                next += 1;
            }
            previous = here;
        }
    }
}

/// The topics of the hits (sorted by offset) that start in `start..end`.
fn topics_between(hits: &[(usize, usize)], start: usize, end: usize) -> TopicSet {
    let from = hits.partition_point(|&(at, _)| at < start);
    let mut set = TopicSet::default();
    for &(_, topic) in hits[from..].iter().take_while(|&&(at, _)| at < end) {
        set.insert(topic);
    }
    set
}

/// What a quote's paragraph and the one before it are about.
struct Context<'a> {
    text: &'a str,
    paragraphs: &'a [Paragraph],
    here: TopicSet,
    previous: TopicSet,
}

/// A short quote also counts its paragraph; a quote that opens its paragraph counts the
/// narrative paragraph before it, which sets it up.
fn with_context(own: TopicSet, cx: &Context, q: &Quote) -> TopicSet {
    let mut set = own;
    let para = &cx.paragraphs[q.paragraph()];
    // Words are counted only when the paragraph has topics the quote lacks (often it has
    // none): counting them was a fortieth of an export.
    let adds = cx.here.0 & !set.0 != 0;
    if adds && q.kind != QuoteKind::Turn && !has_words(&cx.text[q.inner.range()], SHORT_QUOTE_WORDS) {
        set.0 |= cx.here.0;
    }
    let opens_paragraph = q.outer.start() == para.span.start() && para.label.is_none();
    if opens_paragraph && let Some(prev) = q.paragraph().checked_sub(1).map(|i| &cx.paragraphs[i]) {
        let narrative = !cx.text[prev.span.range()]
            .trim_start()
            .starts_with(['“', '"', '«', '„']);
        if narrative && prev.section() == para.section() {
            set.0 |= cx.previous.0;
        }
    }
    set
}

/// Whether `text` has at least `n` words (at least one for `n` = 0), without counting all of
/// a long turn's words.
fn has_words(text: &str, n: usize) -> bool {
    words::has_words(text, n)
}

/// Keep only speakers some quote is attributed to (evidence may name people who are never
/// quoted), renumbering the quotes' and labels' references, and count each speaker's and
/// topic's quotes as [`Document::recount`] does. One walk through the quotes does both, on
/// both cores for a long document, and the renumbering walks them again only if a speaker
/// goes: on a hearing each walk was tens of MB on one core.
fn drop_unquoted_speakers_and_count(doc: &mut Document, tally: Option<Tally>) {
    let tally = tally.unwrap_or_else(|| Tally::of_quotes(&doc.quotes, doc.speakers.len(), doc.topics.len()));
    for (topic, count) in doc.topics.iter_mut().zip(&tally.topic_quotes) {
        topic.quotes = *count;
    }
    for (speaker, count) in doc.speakers.iter_mut().zip(&tally.speaker_quotes) {
        speaker.quotes = *count;
    }
    if tally.used.iter().all(|&u| u) {
        return;
    }
    let mut remap = vec![None; doc.speakers.len()];
    let mut kept = Vec::new();
    for (i, s) in std::mem::take(&mut doc.speakers).into_iter().enumerate() {
        if tally.used[i] {
            remap[i] = Some(kept.len());
            kept.push(s);
        }
    }
    doc.speakers = kept;
    let renumber_quotes = |quotes: &mut [Quote]| {
        for q in quotes {
            q.set_speaker(q.speaker().and_then(|s| remap.get(s).copied().flatten()));
        }
    };
    let renumber_labels = |paragraphs: &mut [Paragraph]| {
        for p in paragraphs {
            if let Some(label) = &mut p.label {
                label.set_speaker(remap.get(label.speaker()).copied().flatten().unwrap_or(0));
            }
        }
    };
    if doc.quotes.len() < 8192 {
        renumber_quotes(&mut doc.quotes);
        renumber_labels(&mut doc.paragraphs);
        return;
    }
    // Half a million quotes and as many paragraphs on a hearing, which names people it
    // never quotes: the second half of each on another core.
    let (half_quotes, half_paragraphs) = (doc.quotes.len() / 2, doc.paragraphs.len() / 2);
    let (quotes, later_quotes) = doc.quotes.split_at_mut(half_quotes);
    let (paragraphs, later_paragraphs) = doc.paragraphs.split_at_mut(half_paragraphs);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            renumber_quotes(later_quotes);
            renumber_labels(later_paragraphs);
        });
        renumber_quotes(quotes);
        renumber_labels(paragraphs);
        worker.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
}

/// Which speakers some quote is given to, and how many primary quotes each speaker and
/// topic has.
struct Tally {
    used: Vec<bool>,
    speaker_quotes: Vec<usize>,
    topic_quotes: Vec<usize>,
}

impl Tally {
    fn of_quotes(quotes: &[Quote], speakers: usize, topics: usize) -> Tally {
        let half = quotes.len() / 2;
        if half < 4096 {
            return Tally::of(quotes, speakers, topics);
        }
        let (first, second) = quotes.split_at(half);
        std::thread::scope(|scope| {
            let later = scope.spawn(|| Tally::of(second, speakers, topics));
            let mut tally = Tally::of(first, speakers, topics);
            tally.add(later.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            tally
        })
    }

    fn of(quotes: &[Quote], speakers: usize, topics: usize) -> Tally {
        let mut tally = Tally {
            used: vec![false; speakers],
            speaker_quotes: vec![0; speakers],
            topic_quotes: vec![0; topics],
        };
        for q in quotes {
            let speaker = q.speaker().filter(|&s| s < speakers);
            if let Some(s) = speaker {
                tally.used[s] = true;
            }
            if !Document::is_primary(q) {
                continue;
            }
            if let Some(s) = speaker {
                tally.speaker_quotes[s] += 1;
            }
            for t in q.topics.iter() {
                if let Some(count) = tally.topic_quotes.get_mut(t) {
                    *count += 1;
                }
            }
        }
        tally
    }

    fn add(&mut self, other: Tally) {
        for (u, o) in self.used.iter_mut().zip(other.used) {
            *u |= o;
        }
        for (c, o) in self.speaker_quotes.iter_mut().zip(other.speaker_quotes) {
            *c += o;
        }
        for (c, o) in self.topic_quotes.iter_mut().zip(other.topic_quotes) {
            *c += o;
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            text in "([a-z]{1,3}| |\t|\n|\r|\u{b}|\u{c}|\u{a0}|\u{2003}|é|“|\u{1c}){0,80}",
            n in 0usize..40,
        ) {
            proptest::prop_assert_eq!(has_words(&text, n), text.split_whitespace().nth(n.saturating_sub(1)).is_some());
        }
    }

    /// A transcript long enough for topics to be matched on two threads, with turns of
    /// several paragraphs (one across the middle) and quotes that open their paragraph.
    fn long_transcript() -> String {
        let mut text = String::from("Hearing\n\n");
        for i in 0..6000 {
            text.push_str(&format!("Q: Question {i} about hope and sympathy?\n\n"));
            text.push_str("A: We spoke of relations.\n\nThe second paragraph goes on about security.\n\n");
            text.push_str("“A short one on hope,” he said.\n\n");
            if i == 3000 {
                for j in 0..50 {
                    // Keywords found nowhere else, past the middle: only reading on finds them.
                    text.push_str(if j < 40 {
                        "A long answer running on and on.\n\n"
                    } else {
                        "A long answer running on about Stalin and his wealth.\n\n"
                    });
                }
            }
        }
        text
    }

    /// The statements and turns of a transcript made of `pieces`, as `build` has them just
    /// before merging.
    fn statements_of(pieces: &[usize]) -> (Skeleton, Vec<Quote>, usize) {
        let mut text = String::from("Hearing\n\n");
        for (i, piece) in pieces.iter().enumerate() {
            text.push_str(match piece {
                0 => "Q: “Why?” he asked.\n\n",
                1 => "MR. DOE: Because “it was,” said Doe.\n\n",
                2 => "“A quote of its own,” said Lee.\n\n",
                3 => "“Running on\n\nover two paragraphs,” said Lee.\n\n",
                4 => "MRS. ROE: “Fine.”\n\nAnd so on.\n\n",
                _ => "",
            });
            if *piece == 5 {
                text.push_str(&format!("# Part {i}\n\n"));
            }
        }
        let (mut sk, _) = markdown::parse_markdown(text);
        let labels = transcript::find_labels(&sk);
        transcript::apply_labels(&mut sk, &mut Registry::new(), &labels);
        let found = quotes::scan(&sk.text, &sk.paragraphs);
        let statements = found
            .iter()
            .map(|q| {
                let at = QuotePlace {
                    inner: q.inner,
                    outer: q.outer,
                    paragraph: q.paragraph(),
                    last_paragraph: q.last_paragraph(),
                };
                Quote::new(at, None, QuoteKind::Statement)
            })
            .collect();
        let turns = sk.paragraphs.iter().filter(|p| p.label.is_some()).count();
        (sk, statements, turns)
    }

    proptest::proptest! {
        /// Merged in two halves or in one pass, turns and statements come out the same and
        /// in reading order without the guarding sort.
        #[test]
        fn turns_merged_in_two_halves_are_merged_as_in_one_pass(
            pieces in proptest::collection::vec(0..6usize, 0..60),
        ) {
            let (sk, statements, turns) = statements_of(&pieces);
            let mut one_pass = statements.clone();
            let one_pass_sorted = merge_turns_in_order(&mut one_pass, &sk, turns, usize::MAX);
            let mut halves = statements.clone();
            let halves_sorted = merge_turns_in_order(&mut halves, &sk, turns, 1);
            proptest::prop_assert!(halves.is_sorted_by_key(reading_order));
            proptest::prop_assert!(one_pass_sorted && halves_sorted);
            proptest::prop_assert_eq!(halves.len(), one_pass.len());
            proptest::prop_assert_eq!(&halves, &one_pass);
            // Statements out of the scanner's order: the merge says so, and the guarding
            // sort gives what the ordered statements gave.
            let mut reversed = statements.clone();
            reversed.reverse();
            let mut rotated = statements.clone();
            rotated.rotate_left(statements.len().min(1));
            let mut swapped = statements.clone();
            if let Some(last) = swapped.len().checked_sub(1) {
                swapped.swap(last / 2, last);
            }
            for disordered in [reversed, rotated, swapped] {
                for halves_from in [1, usize::MAX] {
                    let mut merged = disordered.clone();
                    let said_sorted = merge_turns_in_order(&mut merged, &sk, turns, halves_from);
                    proptest::prop_assert_eq!(said_sorted, merged.is_sorted_by_key(reading_order));
                    let mut guarded = disordered.clone();
                    merge_turns(&mut guarded, &sk, turns);
                    proptest::prop_assert_eq!(&guarded, &one_pass);
                }
            }
        }
    }

    /// Turns merged into the statements from the end are in the order sorting gives: a
    /// turn before the quote it opens with, a quote that runs over several paragraphs, a
    /// quote in the narrative between turns, and turns that end at a heading.
    #[test]
    fn turns_merged_into_the_statements_are_in_reading_order() {
        let text = "# Hearing\n\nQ: “Why now?” he asked.\n\nMR. DOE: “Because,” said Doe. More.\n\n\
                    “A quote of its own,” said Lee.\n\n“Running on\n\nover two paragraphs,” said Lee.\n\n\
                    ## Part 2\n\nQ: Go on.\n\nMR. DOE: “Fine.”\n\nAnd so on.\n";
        let doc = parse(text.to_string(), InputFormat::Auto, &Lexicon::bundled());
        let turns = doc.quotes.iter().filter(|q| q.kind == QuoteKind::Turn).count();
        assert_eq!(turns, 4, "{:?}", doc.quotes);
        assert!(doc.quotes.len() >= turns + 4, "{:?}", doc.quotes);
        let mut sorted = doc.quotes.clone();
        sorted.sort_unstable_by_key(reading_order);
        assert_eq!(doc.quotes, sorted);
        assert!(
            doc.quotes.iter().all(|q| !q.outer.is_empty()),
            "no slot left unfilled"
        );
        assert_eq!(
            doc.quotes[0].kind,
            QuoteKind::Turn,
            "the turn before the quote it opens with"
        );
        assert_eq!(doc.quotes[0].outer.start(), doc.quotes[1].outer.start());
    }

    /// The counts the model is built with, speakers' and topics'.
    fn counts(doc: &Document) -> (Vec<usize>, Vec<usize>) {
        (
            doc.speakers.iter().map(|s| s.quotes).collect(),
            doc.topics.iter().map(|t| t.quotes).collect(),
        )
    }

    #[test]
    fn people_named_but_never_quoted_are_no_speakers_and_the_rest_are_counted() {
        let text = "“We will win this one in the end, whatever it takes,” said Jane Doe. John Smith \
                    said nothing of note.\n\n“And we will say so again and again,” said Jane Doe. \
                    Then Mary Major said something.\n";
        let mut doc = parse(text.to_string(), InputFormat::Auto, &Lexicon::bundled());
        let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Jane Doe"], "{:?}", doc.quotes);
        assert!(doc.quotes.iter().all(|q| q.speaker() == Some(0)));
        assert_eq!(doc.speakers[0].quotes, 2);
        let built = counts(&doc);
        doc.recount();
        assert_eq!(built, counts(&doc));
    }

    #[test]
    fn counts_made_on_two_threads_are_the_counts_of_one_pass() {
        let mut doc = parse(long_transcript(), InputFormat::Auto, &Lexicon::bundled());
        assert!(doc.quotes.len() > 2 * 4096);
        // Long enough for the topic pass in runs, which counts as it goes.
        assert!(doc.paragraphs.len() >= 8192, "{}", doc.paragraphs.len());
        let built = counts(&doc);
        assert!(built.0.iter().sum::<usize>() > 4096 && built.1.iter().sum::<usize>() > 0);
        doc.recount();
        assert_eq!(built, counts(&doc));
    }

    #[test]
    fn statements_made_in_two_halves_are_the_statements_one_by_one() {
        let mut sk = article::parse_article(long_transcript());
        let mut registry = Registry::with_known(&[]);
        let labels = transcript::find_labels(&sk);
        transcript::apply_labels(&mut sk, &mut registry, &labels);
        let found = quotes::scan(&sk.text, &sk.paragraphs);
        assert!(found.len() >= 4096);
        let speakers_of = attribution::attribute(&sk.text, &sk.paragraphs, &found, &mut registry);
        let (halves, turns) = statements(&found, &speakers_of, &sk.paragraphs);
        let one_by_one: Vec<Quote> = found
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let at = QuotePlace {
                    inner: q.inner,
                    outer: q.outer,
                    paragraph: q.paragraph(),
                    last_paragraph: q.last_paragraph(),
                };
                Quote::new(at, speakers_of.of(i), q.kind)
            })
            .collect();
        assert_eq!(halves, one_by_one);
        assert_eq!(turns, sk.paragraphs.iter().filter(|p| p.label.is_some()).count());
        assert!(turns > 0);
    }

    #[test]
    fn speakers_nobody_quotes_are_dropped_and_the_rest_renumbered_on_two_threads() {
        let doc = parse(long_transcript(), InputFormat::Auto, &Lexicon::bundled());
        assert!(doc.quotes.len() >= 8192 && doc.speakers.len() >= 2);
        // The same document with speakers nobody quotes before, between and after its own.
        let mut padded = doc.clone();
        let unquoted = |n: usize| Speaker {
            name: format!("Nobody {n}"),
            aliases: Vec::new(),
            quotes: 0,
        };
        let mut speakers = vec![unquoted(0), unquoted(1)];
        let mut moved = Vec::new();
        for (i, s) in doc.speakers.iter().enumerate() {
            moved.push(speakers.len());
            speakers.push(s.clone());
            if i == 0 {
                speakers.push(unquoted(2));
            }
        }
        speakers.push(unquoted(3));
        padded.speakers = speakers;
        for q in &mut padded.quotes {
            q.set_speaker(q.speaker().map(|s| moved[s]));
        }
        for p in &mut padded.paragraphs {
            if let Some(label) = &mut p.label {
                label.set_speaker(moved[label.speaker()]);
            }
        }
        drop_unquoted_speakers_and_count(&mut padded, None);
        assert_eq!(padded, doc);
    }

    #[test]
    fn topics_on_two_threads_are_the_topics_of_one_pass() {
        let mut doc = parse(long_transcript(), InputFormat::Auto, &Lexicon::bundled());
        assert!(doc.paragraphs.len() > 2 * 4096);
        let runs = runs_by_bytes(&doc.text, &doc.paragraphs, TOPIC_RUNS);
        assert_eq!(runs.len(), TOPIC_RUNS);
        let ends: Vec<usize> = runs.iter().map(|r| r.end).collect();
        let crossing = doc.quotes.iter().any(|q| {
            ends.iter()
                .any(|&end| q.paragraph() < end && q.last_paragraph() >= end)
        });
        assert!(crossing, "a turn runs on into the next run");
        let parallel: Vec<TopicSet> = doc.quotes.iter().map(|q| q.topics).collect();
        assert!(parallel.iter().filter(|t| !t.is_empty()).count() > 1000);
        let matcher = TopicMatcher::new(&doc.topics);
        let Document {
            text,
            paragraphs,
            quotes,
            ..
        } = &mut doc;
        let one_pass = TopicPass {
            matcher: &matcher,
            text,
            paragraphs,
        };
        one_pass.run(quotes, 0, TopicSet::default(), paragraphs.len());
        let sequential: Vec<TopicSet> = quotes.iter().map(|q| q.topics).collect();
        assert_eq!(parallel, sequential);
    }
}
