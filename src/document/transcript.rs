//! Transcripts (SPEC §4): paragraphs opening with a speaker label start turns.

use crate::document::article::Skeleton;
use crate::document::hash::WordMap;
use crate::document::model::{Label, Paragraph, Section, Span};
use crate::document::prefetch::prefetch;
use crate::document::speakers::Registry;
use std::ops::Range;

/// Most words a speaker label may have (`President of Russia Vladimir Putin`).
const LABEL_MAX_WORDS: usize = 6;
/// Longest label, in characters.
const LABEL_MAX_CHARS: usize = 60;
/// Lower-case words allowed inside a name label.
const PARTICLES: &[&str] = &[
    "of", "the", "de", "van", "von", "la", "da", "du", "bin", "al", "and", "del", "der",
];

/// A speaker label at the start of a paragraph: its length in bytes (including the colon
/// and the space after it) and the speaker's name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLabel<'a> {
    pub len: usize,
    pub name: &'a str,
}

/// Recognise a label: `Q:`, `Q   text`, `THE PRESIDENT:`, `DR. FAUCI:`, `Vladimir Putin:`,
/// `В.Путин:`, `Т.Карлсон (как переведено):`, `**Michael:**`, `**Michael**:`.
/// Clock times (`17:30`) and sentences that merely contain a colon are not labels.
pub fn label_at(paragraph: &str) -> Option<FoundLabel<'_>> {
    // `[00:01:02] HOST: …` and `00:01:02 HOST: …`: the clock is part of the label.
    if let Some(clock) = leading_timestamp(paragraph) {
        let found = label_without_clock(&paragraph[clock..])?;
        return Some(FoundLabel {
            len: clock + found.len,
            name: found.name,
        });
    }
    label_without_clock(paragraph)
}

/// Bytes of a clock time opening a paragraph (`[00:01:02]`, `(01:02)`, `00:01:02`) and the
/// spaces after it, when a label may follow.
fn leading_timestamp(paragraph: &str) -> Option<usize> {
    let (open, close) = match paragraph.as_bytes().first()? {
        b'[' => (1, Some(']')),
        b'(' => (1, Some(')')),
        b'0'..=b'9' => (0, None),
        _ => return None,
    };
    let digits_end = paragraph[open..]
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .map_or(paragraph.len(), |i| i + open);
    let clock = &paragraph[open..digits_end];
    if !clock.contains(':') || !clock.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut end = digits_end;
    if let Some(close) = close {
        end = end + paragraph[end..].strip_prefix(close).map(|_| close.len_utf8())?;
    }
    let rest = &paragraph[end..];
    let text = rest.trim_start_matches([' ', '\t']);
    (text.len() < rest.len()).then(|| end + rest.len() - text.len())
}

fn label_without_clock(paragraph: &str) -> Option<FoundLabel<'_>> {
    if let Some(found) = bold_label(paragraph) {
        return Some(found);
    }
    if let Some(found) = press_q(paragraph) {
        return Some(found);
    }
    if let Some(found) = bracketed_label(paragraph) {
        return Some(found);
    }
    // The first line (the text is normalised: no `\r`), found by the vectorised search.
    let line = &paragraph[..memchr::memchr(b'\n', paragraph.as_bytes()).unwrap_or(paragraph.len())];
    if let Some(found) = name_and_clock_line(paragraph, line) {
        return Some(found);
    }
    if !may_be_label_line(line) {
        return None;
    }
    // `Jane Doe (00:01:05):` — a note may hold colons of its own; the label ends after it.
    let first_colon = memchr::memchr(b':', line.as_bytes())?;
    let colon = match memchr::memchr(b'(', &line.as_bytes()[..first_colon]) {
        Some(open) => line[open..].find("):").map_or(first_colon, |i| open + i + 1),
        None => first_colon,
    };
    let head = &line[..colon];
    let after = &line[colon + 1..];
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let name = strip_note(head.trim())?;
    if !is_label_name(name) {
        return None;
    }
    // The words may start on the label's line or, as in Rev transcripts, on the next.
    let rest = &paragraph[colon + 1..];
    let skip = rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len();
    Some(FoundLabel {
        len: colon + 1 + skip,
        name,
    })
}

/// What every label line passes, tested before looking for its colon: the words before
/// the first `:` or `(` are at most [`LABEL_MAX_WORDS`], each capitalised or a particle.
/// Most paragraphs fail on their second word, so a long first line is not searched.
fn may_be_label_line(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    let mut previous = "";
    for n in 0.. {
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        let start = i;
        while let Some(&c) = b.get(i) {
            if !c.is_ascii() {
                // Other scripts and spaces: the same test, a character at a time.
                return may_be_label_line_chars(line);
            }
            if is_space(c) || c == b':' || c == b'(' {
                break;
            }
            i += 1;
        }
        let core = &line[start..i];
        if !core.is_empty() {
            let named =
                b[start].is_ascii_uppercase() || PARTICLES.contains(&core) || numbers_a_role(previous, core);
            if n >= LABEL_MAX_WORDS || !named {
                return false;
            }
            previous = core;
        }
        match b.get(i) {
            Some(b':' | b'(') => return true,
            Some(_) => {}
            None => return false,
        }
    }
    false
}

/// ASCII white space as `char::is_whitespace` has it (which counts the vertical tab).
fn is_space(c: u8) -> bool {
    c.is_ascii_whitespace() || c == 0x0B
}

fn may_be_label_line_chars(line: &str) -> bool {
    let mut previous = "";
    for (n, word) in line.split_whitespace().enumerate() {
        let end = word.find([':', '(']);
        let core = &word[..end.unwrap_or(word.len())];
        if !core.is_empty() {
            let named = core.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&core)
                || numbers_a_role(previous, core);
            if n >= LABEL_MAX_WORDS || !named {
                return false;
            }
            previous = core;
        }
        if end.is_some() {
            return true;
        }
    }
    false
}

/// `Q` followed by spaces, as in press-briefing transcripts (`Q    Mr. President, …`).
fn press_q(paragraph: &str) -> Option<FoundLabel<'_>> {
    let rest = paragraph.strip_prefix('Q')?;
    let text = rest.trim_start_matches([' ', '\t']);
    let spaces = rest.len() - text.len();
    (spaces >= 1 && !text.is_empty() && !text.starts_with(':')).then(|| FoundLabel {
        len: 1 + spaces,
        name: &paragraph[..1],
    })
}

/// `[SPEAKER_00]: …`, as diarizing speech recognisers (WhisperX) write their labels.
fn bracketed_label(paragraph: &str) -> Option<FoundLabel<'_>> {
    let inner = paragraph.strip_prefix('[')?;
    let close = inner.find("]:")?;
    let name = inner[..close].trim();
    if !is_label_name(name) {
        return None;
    }
    let after = &inner[close + 2..];
    let words = after.trim_start_matches([' ', '\t', '\n']);
    (!words.is_empty()).then(|| FoundLabel {
        len: paragraph.len() - words.len(),
        name,
    })
}

/// `Speaker 1  0:03` on a line of its own, the words on the lines after it, as Otter and
/// other meeting recorders export a transcript: a name, spaces and a clock, no colon.
fn name_and_clock_line<'p>(paragraph: &'p str, line: &'p str) -> Option<FoundLabel<'p>> {
    if !line.ends_with(|c: char| c.is_ascii_digit()) || line.len() == paragraph.len() {
        return None;
    }
    let clock_start = line.rfind([' ', '\t'])? + 1;
    let clock = &line[clock_start..];
    let parts: Vec<&str> = clock.split(':').collect();
    let is_clock = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
    let name = line[..clock_start].trim();
    if !is_clock || !is_label_name(name) {
        return None;
    }
    let words = paragraph[line.len()..].trim_start_matches([' ', '\t', '\n']);
    (!words.is_empty()).then(|| FoundLabel {
        len: paragraph.len() - words.len(),
        name,
    })
}

/// `**Name:**` or `**Name**:` (Markdown bold labels).
fn bold_label(paragraph: &str) -> Option<FoundLabel<'_>> {
    let rest = paragraph.strip_prefix("**")?;
    let close = rest.find("**")?;
    let inner = &rest[..close];
    let after = &rest[close + 2..];
    let (name, len) = if let Some(name) = inner.strip_suffix(':') {
        (name, 2 + close + 2)
    } else if after.starts_with(':') {
        (inner, 2 + close + 3)
    } else {
        return None;
    };
    let name = strip_note(name.trim())?;
    if !is_label_name(name) {
        return None;
    }
    let tail = &paragraph[len..];
    let skip = tail.len() - tail.trim_start_matches([' ', '\t']).len();
    Some(FoundLabel {
        len: len + skip,
        name,
    })
}

/// Titles that open a speaker label in the hearings the U.S. Congress prints (`Mr. Collins.`,
/// `Chairman Nadler.`, `Senator McCAIN.`): a title, the name, a full stop, the words.
const HEARING_TITLES: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Dr.",
    "Senator",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Representative",
    "Secretary",
    "Ambassador",
    "Judge",
    "Governor",
];

/// Roles a hearing names with `The` (`The CHAIRMAN.`, `The Witness.`).
const HEARING_ROLES: &[&str] = &[
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "vice president",
    "witness",
    "clerk",
    "speaker",
    "presiding officer",
    "reporter",
    "court",
    "interpreter",
    "acting chairman",
    "acting chair",
];

/// A label as printed in congressional hearings, where the name ends with a full stop
/// rather than a colon: `Mr. BRENNAN. Thank you.`, `Chairman Nadler. The committee will
/// come to order.`, `The CHAIRMAN. …`, `Mrs. MALONEY of New York. …` (the state only tells
/// namesakes apart in print; the speaker is `Mrs. MALONEY`). Asked only of documents that
/// colon labels do not make a transcript (see [`find_hearing_labels`]): in one that they
/// do, `Dr. Fauci. He called me.` is an answer, not a turn.
pub fn hearing_label(paragraph: &str) -> Option<FoundLabel<'_>> {
    let indent = paragraph.len() - paragraph.trim_start_matches([' ', '\t']).len();
    let line = &paragraph[indent..];
    let line = &line[..memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len())];
    let title = match HEARING_TITLES.iter().find(|t| line.starts_with(*t)) {
        Some(t) => *t,
        None if line.starts_with("The ") => "The",
        None => return None,
    };
    let after_title = line[title.len()..].strip_prefix(' ')?;
    // The name runs to the first full stop that ends a word and is followed by a space.
    let stop = after_title.find(". ")?;
    let name = &after_title[..stop];
    let words = line[title.len() + 1 + stop + 2..].trim_start();
    if words.is_empty() || name.len() > LABEL_MAX_CHARS {
        return None;
    }
    let person = name.split(" of ").next().unwrap_or(name);
    let named = if title == "The" {
        person.starts_with(|c: char| c.is_uppercase())
            && HEARING_ROLES.iter().any(|r| r.eq_ignore_ascii_case(person))
    } else {
        let mut count = 0;
        person.split(' ').all(|w| {
            count += 1;
            w.starts_with(|c: char| c.is_uppercase()) || PARTICLES.contains(&w)
        }) && count < LABEL_MAX_WORDS
            && !person.contains(['!', '?', ',', ';', ':', '"', '“', '”'])
    };
    if !named {
        return None;
    }
    let label_end = indent + title.len() + 1 + person.len();
    let len = paragraph.len()
        - paragraph[indent + title.len() + 1 + stop + 1..]
            .trim_start_matches([' ', '\t'])
            .len();
    Some(FoundLabel {
        len,
        name: &paragraph[indent..label_end],
    })
}

/// `Q.` or `A.` and the words after it, as court reporters print depositions and testimony
/// (`Q. Where were you that night?` / `A. At home.`).
fn record_q_or_a(paragraph: &str) -> Option<FoundLabel<'_>> {
    let indent = paragraph.len() - paragraph.trim_start_matches([' ', '\t']).len();
    let line = &paragraph[indent..];
    if !line.starts_with("Q.") && !line.starts_with("A.") {
        return None;
    }
    let rest = &line[2..];
    let words = rest.trim_start_matches([' ', '\t']);
    (words.len() < rest.len() && !words.is_empty()).then(|| FoundLabel {
        len: paragraph.len() - words.len(),
        name: &line[..1],
    })
}

/// A label of a court record: `Q.` and `A.`, and the colon labels of whoever else speaks
/// (`MR. LEE: Objection. Form.`). Asked only of documents that neither colon labels nor a
/// hearing's make a transcript, where `A. Lincoln` opening a paragraph is an initial.
pub fn record_label(paragraph: &str) -> Option<FoundLabel<'_>> {
    record_q_or_a(paragraph).or_else(|| label_at(paragraph))
}

/// Fewest of each of `Q.` and `A.` for a document to be a court record.
const RECORD_QUESTIONS: usize = 2;

/// [`record_label`] opening each paragraph, if the document reads as a court record: at
/// least [`RECORD_QUESTIONS`] questions and as many answers, and a transcript by the usual
/// test once they are labels.
pub fn find_record_labels(sk: &Skeleton) -> Option<Vec<Option<LabelAt>>> {
    let (mut questions, mut answers) = (0, 0);
    for p in &sk.paragraphs {
        match record_q_or_a(sk.slice(p.span)).map(|found| found.name) {
            Some("Q") => questions += 1,
            Some(_) => answers += 1,
            None => {}
        }
    }
    if questions < RECORD_QUESTIONS || answers < RECORD_QUESTIONS {
        return None;
    }
    let labels = find_labels_by(sk, record_label);
    looks_like_transcript(sk, &labels).then_some(labels)
}

/// Drop a parenthesised note after a name (`Т.Карлсон (как переведено)`).
fn strip_note(head: &str) -> Option<&str> {
    match head.find('(') {
        Some(open) if head.ends_with(')') => Some(head[..open].trim_end()),
        Some(_) => None,
        None => Some(head),
    }
}

/// Whether `name` reads as a speaker's name or title: a few capitalised words (initials with
/// dots allowed), starting with a letter, no sentence inside.
fn is_label_name(name: &str) -> bool {
    if name.is_ascii() {
        return is_ascii_label_name(name);
    }
    is_label_name_chars(name)
}

/// [`is_label_name`] for an ASCII name (nearly every label), on bytes: asked of every
/// labelled paragraph, the general form was a third of finding a hearing's labels.
fn is_ascii_label_name(name: &str) -> bool {
    let b = name.as_bytes();
    if b.is_empty() || b.len() > LABEL_MAX_CHARS || !b[0].is_ascii_alphabetic() {
        return false;
    }
    // Words between spaces, in one walk over the bytes that also turns away a name with
    // sentence punctuation in it (splitting on a closure over characters was most of the
    // cost of finding a hearing's labels).
    let mut words = 0;
    let mut previous = "";
    let mut i = 0;
    loop {
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        if i >= b.len() {
            return true;
        }
        let start = i;
        while let Some(&c) = b.get(i).filter(|&&c| !is_space(c)) {
            if matches!(c, b'!' | b'?' | b',' | b';' | b'"') {
                return false;
            }
            i += 1;
        }
        let w = name.get(start..i).unwrap_or_default();
        words += 1;
        let named = b[start].is_ascii_uppercase() || PARTICLES.contains(&w) || numbers_a_role(previous, w);
        if !named || words > LABEL_MAX_WORDS {
            return false;
        }
        previous = w;
    }
}

fn is_label_name_chars(name: &str) -> bool {
    if name.is_empty() || name.chars().count() > LABEL_MAX_CHARS {
        return false;
    }
    if !name.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if name.contains(['!', '?', ',', ';', '"', '“', '”', '«', '»']) {
        return false;
    }
    let mut words = 0;
    let mut previous = "";
    name.split_whitespace().all(|w| {
        words += 1;
        let named = w.chars().next().is_some_and(char::is_uppercase)
            || PARTICLES.contains(&w)
            || numbers_a_role(previous, w);
        previous = w;
        named
    }) && words <= LABEL_MAX_WORDS
}

/// Roles that automatic transcripts number (`Speaker 1:`, `Participant 2:`): the number is
/// part of the name. Other numbered words stay out (`Chapter 1:` is no speaker).
const NUMBERED_ROLES: &[&str] = &[
    "speaker",
    "participant",
    "person",
    "voice",
    "interviewer",
    "interviewee",
    "respondent",
    "guest",
    "host",
    "caller",
    "panelist",
    "unknown",
];

/// Whether `word` is a number after a role that transcripts number (`Speaker 1`).
fn numbers_a_role(previous: &str, word: &str) -> bool {
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_digit())
        && NUMBERED_ROLES.iter().any(|r| r.eq_ignore_ascii_case(previous))
}

/// Fewest labelled paragraphs, as a share of all, for a document to be a transcript.
const TRANSCRIPT_SHARE: f64 = 0.35;

/// Whether enough paragraphs open with a label for this to be a transcript.
pub fn looks_like_transcript(sk: &Skeleton, labels: &[Option<LabelAt>]) -> bool {
    let mut labelled = 0usize;
    let mut first = None;
    // Two names are all the second rule needs; more are not kept.
    let mut names: Vec<&str> = Vec::with_capacity(2);
    // The labels alone are walked (a paragraph is three times their size): a paragraph is
    // looked up only for the names, until two are known (on a hearing, each read of one is
    // a trip to memory for one of a quarter million labels).
    // Enough labels for the first rule settle it: the count only grows (on a hearing, the
    // last third of the labels is not walked).
    let enough = (TRANSCRIPT_SHARE * sk.paragraphs.len() as f64).max(2.0);
    for (i, label) in labels.iter().enumerate() {
        let Some(label) = label else {
            continue;
        };
        labelled += 1;
        if labelled as f64 >= enough {
            return true;
        }
        first.get_or_insert(i);
        if names.len() < 2
            && let Some(p) = sk.paragraphs.get(i)
        {
            let name = label.name(sk.slice(p.span));
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if labelled >= 2 && labelled as f64 >= TRANSCRIPT_SHARE * sk.paragraphs.len() as f64 {
        return true;
    }
    // Long answers make few paragraphs open with a label; a transcript still starts with
    // one, within its first paragraphs, and has several speakers.
    let opens_with_a_label = first.is_some_and(|i| i <= 2);
    labelled >= 3 && opens_with_a_label && names.len() >= 2
}

/// A label found at the start of a paragraph, by offsets into the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelAt {
    /// Bytes of the label with the space after it.
    len: u32,
    name: (u32, u32),
}

impl LabelAt {
    fn of(paragraph: &str, found: &FoundLabel) -> Option<LabelAt> {
        // Every form's name is a part of the paragraph; where, is told by the pointers.
        let start = (found.name.as_ptr() as usize)
            .checked_sub(paragraph.as_ptr() as usize)
            .filter(|&start| start + found.name.len() <= paragraph.len())
            .or_else(|| paragraph.find(found.name))?;
        let offset = |n: usize| u32::try_from(n).ok();
        Some(LabelAt {
            len: offset(found.len)?,
            name: (offset(start)?, offset(start + found.name.len())?),
        })
    }

    /// A label the text does not write: the speaker [`GIVEN_NAMES`]`[given]`.
    fn given(given: u32) -> LabelAt {
        LabelAt {
            len: 0,
            name: (GIVEN, given),
        }
    }

    fn len(&self) -> usize {
        self.len as usize
    }

    /// The speaker's name as written, in `paragraph` (the one the label was found in).
    fn name<'p>(&self, paragraph: &'p str) -> &'p str {
        if self.name.0 == GIVEN {
            return GIVEN_NAMES.get(self.name.1 as usize).copied().unwrap_or("");
        }
        paragraph
            .get(self.name.0 as usize..self.name.1 as usize)
            .unwrap_or("")
    }
}

/// Where a [`LabelAt`]'s name would start: it is one of [`GIVEN_NAMES`] instead.
const GIVEN: u32 = u32::MAX;
/// Speakers of turns no label names: the questioner (SPEC §4's `Q`) and whoever answers.
const GIVEN_NAMES: [&str; 2] = ["Q", "A"];
const QUESTIONER: u32 = 0;
const ANSWERER: u32 = 1;

/// Bold questions, as few as make a Q&A.
const BOLD_QUESTIONS: usize = 3;

/// Magazine Q&As (*The New York Times*, *The Paris Review*) print the interviewer's
/// questions in bold, with no label, and the answers after them, labelled by name or not at
/// all. Where at least [`BOLD_QUESTIONS`] paragraphs wholly in bold (or runs of them) end as
/// a sentence does and are followed by one that is not bold, most of them with a question
/// mark, and most of the paragraphs in bold are in them, each
/// is a turn of `Q`, and the paragraph after it opens an answer: by the speaker its own
/// label names, else by `A`. A paragraph in bold that does not end as a sentence is a
/// heading set in bold (`**The early years**`), and stays a paragraph. Returns whether
/// `labels` were so given: the document is then a transcript.
pub fn bold_questions(sk: &Skeleton, labels: &mut [Option<LabelAt>]) -> bool {
    let paragraphs = &sk.paragraphs;
    let bold = paragraphs.iter().filter(|p| p.bold).count();
    if bold < BOLD_QUESTIONS {
        return false;
    }
    // Runs of bold paragraphs in one section: a question may take two (`**In 2015 you
    // wrote about floods.**` then `**Why return to them?**`). A run is a question when its
    // last paragraph ends as a sentence and a paragraph not in bold follows in the section.
    let mut questions: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        if !paragraphs[i].bold {
            i += 1;
            continue;
        }
        let section = paragraphs[i].section();
        let mut end = i + 1;
        while paragraphs
            .get(end)
            .is_some_and(|p| p.bold && p.section() == section)
        {
            end += 1;
        }
        let last = &paragraphs[end - 1];
        let answered = paragraphs.get(end).is_some_and(|next| next.section() == section);
        let unlabelled = labels.get(i..end).is_some_and(|l| l.iter().all(Option::is_none));
        if answered && unlabelled && ends_as_a_sentence(sk.slice(last.span)) {
            questions.push(i..end);
        }
        i = end;
    }
    // Most of them ask: bold lead sentences (`**Drink more water.**` and a paragraph on
    // it) are no interview.
    let asking = questions
        .iter()
        .filter(|q| ends_asking(sk.slice(paragraphs[q.end - 1].span)))
        .count();
    let in_questions: usize = questions.iter().map(|q| q.len()).sum();
    if asking < BOLD_QUESTIONS || 2 * asking < questions.len() || 2 * in_questions < bold {
        return false;
    }
    for q in questions {
        if let Some(label) = labels.get_mut(q.start) {
            *label = Some(LabelAt::given(QUESTIONER));
        }
        if let Some(label @ None) = labels.get_mut(q.end) {
            *label = Some(LabelAt::given(ANSWERER));
        }
    }
    true
}

/// Whether a paragraph ends with a question mark, closing quote marks set aside.
fn ends_asking(paragraph: &str) -> bool {
    paragraph
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', '»', ')'])
        .ends_with(['?', '？'])
}

/// Whether a paragraph ends with sentence punctuation, closing quote marks set aside.
fn ends_as_a_sentence(paragraph: &str) -> bool {
    paragraph
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', '»', ')'])
        .ends_with(['?', '.', '!', '…', ':'])
}

/// Paragraphs read before deciding whether turns follow each other line by line.
const TURN_LINES_SAMPLE: usize = 2048;

/// Cut paragraphs that hold several turns, one per line (`ALICE: …` and `BOB: …` with no
/// blank line between, as many transcripts are written), into one paragraph per turn: SPEC
/// §4's turns start at the start of a paragraph. Done only where the document's first
/// paragraphs show it, at least two of their lines after a paragraph's first opening with a
/// label; a document written with blank lines between turns pays only that look.
pub fn split_turn_lines(sk: &mut Skeleton) {
    let sample = &sk.paragraphs[..sk.paragraphs.len().min(TURN_LINES_SAMPLE)];
    let inner: usize = sample
        .iter()
        .map(|p| inner_label_lines(sk.slice(p.span)).len())
        .sum();
    if inner < 2 {
        return;
    }
    let mut paragraphs = Vec::with_capacity(sk.paragraphs.len() + inner);
    // Where each paragraph, and the end, now begin: sections refer to them by index.
    let mut moved = Vec::with_capacity(sk.paragraphs.len() + 1);
    for p in &sk.paragraphs {
        moved.push(paragraphs.len());
        let text = sk.slice(p.span);
        let cuts = inner_label_lines(text);
        if cuts.is_empty() {
            paragraphs.push(p.clone());
            continue;
        }
        let mut start = 0;
        let mut line = p.line();
        for cut in cuts.into_iter().chain(std::iter::once(text.len() + 1)) {
            // The line break before a cut ends the piece before it.
            let end = cut - 1;
            let piece = Span::new(p.span.start() + start, p.span.start() + end);
            let mut paragraph = Paragraph::new(piece, line, p.section());
            paragraph.blockquote = p.blockquote;
            paragraphs.push(paragraph);
            line += text[start..cut.min(text.len())]
                .bytes()
                .filter(|&b| b == b'\n')
                .count();
            start = cut;
        }
    }
    moved.push(paragraphs.len());
    for section in &mut sk.sections {
        section.first_paragraph = moved
            .get(section.first_paragraph)
            .copied()
            .unwrap_or(paragraphs.len());
        section.end_paragraph = moved
            .get(section.end_paragraph)
            .copied()
            .unwrap_or(paragraphs.len());
    }
    sk.paragraphs = paragraphs;
}

/// Where the lines of a paragraph after its first that open with a label start.
fn inner_label_lines(paragraph: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    for newline in memchr::memchr_iter(b'\n', paragraph.as_bytes()) {
        let start = newline + 1;
        let line = &paragraph[start..];
        if !line.trim().is_empty() && label_at(line).is_some() {
            cuts.push(start);
        }
    }
    cuts
}

/// The label opening each paragraph, if any; a long document's halves on two threads.
pub fn find_labels(sk: &Skeleton) -> Vec<Option<LabelAt>> {
    find_labels_by(sk, label_at)
}

/// The congressional hearing label ([`hearing_label`]) opening each paragraph, if any.
pub fn find_hearing_labels(sk: &Skeleton) -> Vec<Option<LabelAt>> {
    find_labels_by(sk, hearing_label)
}

fn find_labels_by(sk: &Skeleton, label: fn(&str) -> Option<FoundLabel<'_>>) -> Vec<Option<LabelAt>> {
    let of = |p: &crate::document::model::Paragraph| {
        let paragraph = sk.slice(p.span);
        label(paragraph).and_then(|found| LabelAt::of(paragraph, &found))
    };
    if sk.paragraphs.len() < 4096 {
        return sk.paragraphs.iter().map(of).collect();
    }
    find_labels_in_runs(sk, label, LABEL_RUN)
}

/// [`find_labels_by`] on both cores, the paragraphs taken `run` at a time by either, each
/// run written straight into its slots: fixed halves left one core alone when the other
/// was slowed (a neighbour, or a half with longer paragraphs).
fn find_labels_in_runs(
    sk: &Skeleton,
    label: fn(&str) -> Option<FoundLabel<'_>>,
    run: usize,
) -> Vec<Option<LabelAt>> {
    let of = |p: &crate::document::model::Paragraph| {
        let paragraph = sk.slice(p.span);
        label(paragraph).and_then(|found| LabelAt::of(paragraph, &found))
    };
    let n = sk.paragraphs.len();
    let mut labels: Vec<Option<LabelAt>> = Vec::with_capacity(n);
    let runs = labels.spare_capacity_mut()[..n]
        .chunks_mut(run.max(1))
        .zip(sk.paragraphs.chunks(run.max(1)));
    let runs = std::sync::Mutex::new(runs);
    let work = || {
        loop {
            let next = runs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            let Some((slots, paragraphs)) = next else {
                break;
            };
            for (slot, p) in slots.iter_mut().zip(paragraphs) {
                slot.write(of(p));
            }
        }
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        work();
        other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
    // SAFETY: the runs cover the first `n` slots (chunks of the same size over slots and
    // paragraphs, `n` of each), and every run was taken and written in full by one thread
    // or the other, both finished here (a panic in either would have left before this line).
    unsafe { labels.set_len(n) };
    labels
}

/// Paragraphs a thread takes at a time to find labels in.
const LABEL_RUN: usize = 16 * 1024;

/// A turn: a labelled paragraph and the unlabelled ones after it, up to the next label or
/// the end of the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    pub first_paragraph: usize,
    pub last_paragraph: usize,
    pub speaker: usize,
    /// The turn's words, after the label.
    pub body: Span,
}

/// Mark every labelled paragraph, its speaker interned in `registry`. The turns follow from
/// the labels ([`turns`]), so they are not kept: a hearing has hundreds of thousands.
pub fn apply_labels(sk: &mut Skeleton, registry: &mut Registry, labels: &[Option<LabelAt>]) {
    apply_labels_in_halves_from(sk, registry, labels, LABEL_HALVES_FROM);
}

fn apply_labels_in_halves_from(
    sk: &mut Skeleton,
    registry: &mut Registry,
    labels: &[Option<LabelAt>],
    halves_from: usize,
) {
    // A hearing repeats a handful of labels hundreds of thousands of times: each is read
    // into a speaker once, and its further uses are counted and told the registry at the
    // end (its counts only matter when the speakers are finished). A long transcript's
    // labels are read in two halves at once; the registry then meets the names in the
    // order one pass would, the first half's before the second's.
    let Skeleton { text, paragraphs, .. } = sk;
    let n = paragraphs.len().min(labels.len());
    let (paragraphs, labels) = (&mut paragraphs[..n], &labels[..n]);
    let cut = if n >= halves_from { n / 2 } else { n };
    let (early, late) = paragraphs.split_at_mut(cut);
    let (early_labels, late_labels) = labels.split_at(cut);
    let (early_names, late_names) = if late.is_empty() {
        (name_labels(text, early, early_labels), Vec::new())
    } else {
        std::thread::scope(|scope| {
            let later = scope.spawn(|| name_labels(text, late, late_labels));
            let early_names = name_labels(text, early, early_labels);
            (
                early_names,
                later.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        })
    };
    let mut speaker_of: WordMap<&str, (usize, String, usize)> = WordMap::default();
    // Each half's names become speakers, the first half's first; then each half's labels
    // are renumbered on a core of its own (half a million labels on a hearing).
    let [early_ids, late_ids] = [early_names, late_names].map(|names| -> Vec<usize> {
        names
            .iter()
            .map(|&(name, uses)| match speaker_of.get_mut(name) {
                Some((id, _, further)) => {
                    *further += uses;
                    *id
                }
                None => {
                    let form = canonical_label(name);
                    let id = registry.intern_label(&form);
                    speaker_of.insert(name, (id, form, uses - 1));
                    id
                }
            })
            .collect()
    });
    let renumber = |paragraphs: &mut [Paragraph], ids: &[usize]| {
        for label in paragraphs.iter_mut().filter_map(|p| p.label.as_mut()) {
            label.set_speaker(ids[label.speaker()]);
        }
    };
    if late.is_empty() {
        renumber(early, &early_ids);
    } else {
        std::thread::scope(|scope| {
            let later = scope.spawn(|| renumber(late, &late_ids));
            renumber(early, &early_ids);
            later.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        });
    }
    for (id, form, uses) in speaker_of.into_values() {
        registry.count_label_uses(id, &form, uses);
    }
}

/// Paragraphs from which labels are read in two halves.
const LABEL_HALVES_FROM: usize = 8192;

/// Set the labels `labels` found on `paragraphs`, each naming its speaker provisionally by
/// the index of its name in the list returned: the names as written, in order of first use,
/// with how many labels use each.
fn name_labels<'t>(
    text: &'t str,
    paragraphs: &mut [Paragraph],
    labels: &[Option<LabelAt>],
) -> Vec<(&'t str, usize)> {
    let mut index_of: WordMap<&str, usize> = WordMap::default();
    let mut names: Vec<(&str, usize)> = Vec::new();
    for (label, p) in labels.iter().zip(paragraphs) {
        let Some(found) = label else {
            continue;
        };
        let span = p.span;
        let paragraph = &text[span.range()];
        let name = found.name(paragraph);
        let index = *index_of.entry(name).or_insert_with(|| {
            names.push((name, 0));
            names.len() - 1
        });
        names[index].1 += 1;
        let label_text_end = paragraph[..found.len().min(paragraph.len())].trim_end().len() + span.start();
        p.label = Some(Label::new(Span::new(span.start(), label_text_end), index));
    }
    names
}

/// The turns of a transcript whose labels are applied: each labelled paragraph and the
/// unlabelled ones after it, up to the next label or the end of the section.
pub fn turns(sk: &Skeleton) -> impl Iterator<Item = Turn> + '_ {
    let paragraphs = &sk.paragraphs;
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < paragraphs.len() {
            let first = index;
            index += 1;
            let p = &paragraphs[first];
            let Some(label) = &p.label else {
                continue;
            };
            let body_start = body_start(&sk.text, label.span, p.span.end());
            let mut last = first;
            while paragraphs
                .get(index)
                .is_some_and(|next| next.label.is_none() && next.section() == p.section())
            {
                last = index;
                index += 1;
            }
            return Some(Turn {
                first_paragraph: first,
                last_paragraph: last,
                speaker: label.speaker(),
                body: Span::new(body_start, paragraphs[last].span.end()),
            });
        }
        None
    })
}

/// [`turns`], last first: what merging them into a list from its end needs.
pub fn turns_from_the_end(sk: &Skeleton) -> impl Iterator<Item = Turn> + '_ {
    turns_from_the_end_between(sk, 0..sk.paragraphs.len())
}

/// How many paragraphs ahead of the one read the text where a label may stand is asked
/// for: each turn's body starts after its label, in text no pass has touched for a while.
const LABELS_AHEAD: usize = 16;

/// [`turns_from_the_end`] of the turns that begin in `paragraphs`, whose end is a labelled
/// paragraph or the end of the text (where a turn begun before it must end).
pub fn turns_from_the_end_between(
    sk: &Skeleton,
    paragraphs: Range<usize>,
) -> impl Iterator<Item = Turn> + '_ {
    let start = paragraphs.start;
    let paragraphs_end = paragraphs.end.min(sk.paragraphs.len());
    let paragraphs = &sk.paragraphs;
    // Paragraphs from `index` on are read; `next_label` is where the turn read last began.
    let mut index = paragraphs_end;
    let mut next_label = paragraphs_end;
    std::iter::from_fn(move || {
        while index > start {
            index -= 1;
            let first = index;
            if let Some(ahead) = first.checked_sub(LABELS_AHEAD).and_then(|i| paragraphs.get(i)) {
                prefetch(sk.text.as_bytes(), ahead.span.start());
            }
            let p = &paragraphs[first];
            let Some(label) = &p.label else {
                continue;
            };
            // The paragraphs up to the next label are unlabelled: the turn runs on over
            // those of its own section, as `turns` reads it forward.
            let mut last = first;
            while last + 1 < next_label && paragraphs[last + 1].section() == p.section() {
                last += 1;
            }
            next_label = first;
            return Some(Turn {
                first_paragraph: first,
                last_paragraph: last,
                speaker: label.speaker(),
                body: Span::new(
                    body_start(&sk.text, label.span, p.span.end()),
                    paragraphs[last].span.end(),
                ),
            });
        }
        None
    })
}

/// Where a turn's words start: after its label and the spaces that follow it, and after a
/// line break too for a `Name:` label (Rev transcripts put the words on the next line), as
/// [`label_at`] measured it — without reading the label again for each of a hearing's turns.
fn body_start(text: &str, label: Span, paragraph_end: usize) -> usize {
    let label_text = &text[label.range()];
    // `Name:` and `Speaker 1  0:03` may have their words on the next line.
    let breaks_line = (label_text.ends_with(':') && !label_text.contains("**"))
        || label_text.ends_with(|c: char| c.is_ascii_digit());
    let after = &text[label.end().min(paragraph_end)..paragraph_end];
    let words = if breaks_line {
        after.trim_start_matches([' ', '\t', '\n'])
    } else {
        after.trim_start_matches([' ', '\t'])
    };
    paragraph_end - words.len()
}

/// Speaker labels that mark the interviewer's side of a transcript.
const ASKERS: &[&str] = &[
    "q",
    "question",
    "interviewer",
    "host",
    "moderator",
    "reporter",
    "вопрос",
    "корреспондент",
    "ведущий",
    "ведущая",
    "журналист",
];
/// Turns per section when a transcript has neither headings nor questions to go by.
const TURNS_PER_SECTION: usize = 10;
/// Longest outline label made from a question, in characters.
const QUESTION_LABEL_CHARS: usize = 70;

/// SPEC §4: a transcript without headings gets an outline all the same — a section per
/// question (a turn by `Q`, `Interviewer`, `Вопрос`… or one that ends in `?`), named by
/// the question's opening words; failing that, a section per ten turns. The text shows no
/// made-up headings: the names live in [`Section::label`](crate::document::model::Section).
pub fn outline_by_questions(sk: &mut Skeleton, registry: &Registry) {
    if sk.sections.iter().any(|s| s.heading.is_some()) {
        return;
    }
    let turns: Vec<Turn> = turns(sk).collect();
    if turns.len() < 2 {
        return;
    }
    let turns = &turns[..];
    let askers = askers(sk, registry, turns);
    let questions: Vec<&Turn> = turns
        .iter()
        .filter(|t| {
            let (speaker, asks) = turn_kind(sk, registry, t);
            askers.contains(&speaker) && (asks || is_asker_label(&speaker))
        })
        .collect();
    let starts: Vec<(usize, String)> = if questions.len() >= 2 {
        questions
            .iter()
            .map(|t| (t.first_paragraph, question_label(sk.slice(t.body))))
            .collect()
    } else {
        turns
            .chunks(TURNS_PER_SECTION)
            .enumerate()
            .map(|(i, chunk)| {
                let first = i * TURNS_PER_SECTION + 1;
                (
                    chunk[0].first_paragraph,
                    format!("Turns {first}–{}", first + chunk.len() - 1),
                )
            })
            .collect()
    };
    resection(sk, &starts);
}

/// Who asks: the speakers labelled `Q`, `Interviewer`, `Вопрос`…; failing those, the one
/// speaker whose turns most often end in a question mark (the answerer may ask back once).
fn askers(sk: &Skeleton, registry: &Registry, turns: &[Turn]) -> Vec<String> {
    let kinds: Vec<(String, bool)> = turns.iter().map(|t| turn_kind(sk, registry, t)).collect();
    let mut labelled: Vec<String> = kinds
        .iter()
        .filter(|(s, _)| is_asker_label(s))
        .map(|(s, _)| s.clone())
        .collect();
    labelled.dedup();
    if !labelled.is_empty() {
        return labelled;
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (speaker, asks) in &kinds {
        if *asks {
            *counts.entry(speaker.as_str()).or_default() += 1;
        }
    }
    let top = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    top.filter(|(_, n)| **n >= 2)
        .map(|(s, _)| vec![s.to_string()])
        .unwrap_or_default()
}

fn is_asker_label(speaker: &str) -> bool {
    ASKERS.contains(&speaker)
}

/// A turn's speaker (lower case, without colon, emphasis or note) and whether its first
/// paragraph ends in a question mark. The speaker is the one its label was read as, in
/// whichever form (`Q:`, a hearing's `Mr. BRENNAN.`, a record's `Q.`, a bold question).
fn turn_kind(sk: &Skeleton, registry: &Registry, turn: &Turn) -> (String, bool) {
    let label = registry
        .name_of(turn.speaker)
        .map(|name| {
            let name = canonical_label(name);
            name.trim_matches(['*', '_', ':', ' ', '.']).to_lowercase()
        })
        .unwrap_or_default();
    let first_paragraph_end = sk.paragraphs[turn.first_paragraph].span.end();
    let opening = &sk.text[turn.body.start()..first_paragraph_end.max(turn.body.start())];
    (label, opening.trim_end().ends_with('?'))
}

/// A question's opening words, on one line, cut at a word near [`QUESTION_LABEL_CHARS`].
fn question_label(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= QUESTION_LABEL_CHARS {
        return line;
    }
    let cut: String = line.chars().take(QUESTION_LABEL_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{at_word}…")
}

/// Replace the sections by ones starting at `starts` (paragraph, label), keeping a lead
/// section for paragraphs before the first.
fn resection(sk: &mut Skeleton, starts: &[(usize, String)]) {
    let mut sections = Vec::with_capacity(starts.len() + 1);
    let first = starts.first().map_or(0, |s| s.0);
    if first > 0 {
        sections.push(Section {
            heading: None,
            label: None,
            level: 1,
            line: sk.paragraphs[0].line(),
            first_paragraph: 0,
            end_paragraph: first,
        });
    }
    for (i, (start, label)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(sk.paragraphs.len(), |s| s.0);
        sections.push(Section {
            heading: None,
            label: Some(label.clone()),
            level: 1,
            line: sk.paragraphs[*start].line(),
            first_paragraph: *start,
            end_paragraph: end,
        });
    }
    for (index, section) in sections.iter().enumerate() {
        for p in &mut sk.paragraphs[section.first_paragraph..section.end_paragraph] {
            p.set_section(index);
        }
    }
    sk.sections = sections;
}

/// One name per person: titles of office set aside (`President of Russia Vladimir Putin` →
/// `Vladimir Putin`) and Markdown emphasis dropped.
pub fn canonical_label(name: &str) -> String {
    let name = name.trim_matches(['*', '_']).trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    // `President of Russia Vladimir Putin`: keep the last two words when a title precedes a name.
    if let Some(of) = words.iter().position(|w| *w == "of")
        && words.len() >= of + 3
        && !name.chars().all(|c| !c.is_lowercase())
    {
        return words[words.len() - 2..].join(" ");
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(p: &str) -> Option<String> {
        label_at(p).map(|l| l.name.to_string())
    }

    #[test]
    fn every_label_form_is_recognised() {
        assert_eq!(name("Q: Why?").as_deref(), Some("Q"));
        assert_eq!(name("Q    Mr. President, thank you.").as_deref(), Some("Q"));
        assert_eq!(
            name("THE PRESIDENT: Thank you.").as_deref(),
            Some("THE PRESIDENT")
        );
        assert_eq!(name("DR. FAUCI: Yes.").as_deref(), Some("DR. FAUCI"));
        assert_eq!(name("Vladimir Putin: Good.").as_deref(), Some("Vladimir Putin"));
        assert_eq!(name("В.Путин: Да.").as_deref(), Some("В.Путин"));
        assert_eq!(
            name("Т.Карлсон (как переведено): Спасибо.").as_deref(),
            Some("Т.Карлсон")
        );
        assert_eq!(name("**Michael:** Hi.").as_deref(), Some("Michael"));
        assert_eq!(name("**Michael**: Hi.").as_deref(), Some("Michael"));
        // Automatic transcripts number their speakers.
        assert_eq!(name("Speaker 1: Hello.").as_deref(), Some("Speaker 1"));
        assert_eq!(name("SPEAKER 12: Hi.").as_deref(), Some("SPEAKER 12"));
        assert_eq!(
            name("Participant 3 (00:01:05): Yes.").as_deref(),
            Some("Participant 3")
        );
        // Diarizing recognisers (WhisperX) bracket the label; meeting recorders (Otter) put a
        // name and a clock on a line of their own.
        assert_eq!(name("[SPEAKER_00]: Hello.").as_deref(), Some("SPEAKER_00"));
        assert_eq!(
            name("Speaker 1  0:03\nHello there.").as_deref(),
            Some("Speaker 1")
        );
        assert_eq!(name("Jane Doe  1:02:03\nHi.").as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn a_clock_ending_a_line_makes_no_label_of_a_sentence() {
        assert_eq!(name("The meeting began at 10:30\nand ended late."), None);
        assert_eq!(name("Speaker 1  0:03"), None);
        assert_eq!(name("Speaker 1  0:03\n  "), None);
        assert_eq!(name("Jane Doe  12:345\nHi."), None);
        assert_eq!(name("[SPEAKER_00]:"), None);
        assert_eq!(name("[a note]: text"), None);
    }

    #[test]
    fn labels_found_in_advance_name_what_label_at_names() {
        let text = "Q: Why?\n\nQ    Mr. President, thank you.\n\nTHE PRESIDENT: Thank you.\n\n\
                    [00:01:02] HOST: Welcome.\n\nJane Doe (00:01:05):\nHello.\n\n\
                    Т.Карлсон (как переведено): Спасибо.\n\n**Michael:** Hi.\n\n**Michael**: Hi.\n\n\
                    Just a sentence: not a label.";
        let sk = crate::document::article::parse_article(text.to_string());
        let labels = find_labels(&sk);
        assert_eq!(labels.len(), sk.paragraphs.len());
        for (p, label) in sk.paragraphs.iter().zip(&labels) {
            let paragraph = sk.slice(p.span);
            let direct = label_at(paragraph);
            assert_eq!(
                label.map(|l| l.name(paragraph)),
                direct.as_ref().map(|f| f.name),
                "{paragraph:?}"
            );
            assert_eq!(label.map(|l| l.len()), direct.map(|f| f.len), "{paragraph:?}");
        }
        assert_eq!(labels.iter().filter(|l| l.is_some()).count(), 8);
    }

    #[test]
    fn labels_found_in_runs_on_both_cores_are_the_labels_found_one_by_one() {
        let text = "Q: Why?\n\nQ    Mr. President, thank you.\n\nTHE PRESIDENT: Thank you.\n\n\
                    [00:01:02] HOST: Welcome.\n\nJust a sentence: not a label.\n\n"
            .repeat(9);
        let sk = crate::document::article::parse_article(text);
        let one_by_one: Vec<Option<LabelAt>> = sk
            .paragraphs
            .iter()
            .map(|p| {
                let paragraph = sk.slice(p.span);
                label_at(paragraph).and_then(|found| LabelAt::of(paragraph, &found))
            })
            .collect();
        assert_eq!(one_by_one.iter().filter(|l| l.is_some()).count(), 4 * 9);
        for run in [1, 4, 7, 1000] {
            assert_eq!(
                find_labels_in_runs(&sk, label_at, run),
                one_by_one,
                "runs of {run}"
            );
        }
    }

    #[test]
    fn turns_start_where_label_at_says_the_words_start() {
        let text = "Q: Why?\n\nQ    Mr. President, thank you.\n\nQ  \nOn a new line.\n\n\
                    THE PRESIDENT:\t Thank you.\n\n[00:01:02] HOST: Welcome.\n\n\
                    Jane Doe (00:01:05):\nHello.\n\nТ.Карлсон (как переведено): Спасибо.\n\n\
                    **Michael:** Hi.\n\n**Michael**:  \nHi.\n\n**Ann:**\n  Hi.\n\n\
                    [SPEAKER_00]:  Hello.\n\nSpeaker 1  0:03\n  Hello there.\n\nB: \n \n";
        let mut sk = crate::document::article::parse_article(text.to_string());
        let labels = find_labels(&sk);
        apply_labels(&mut sk, &mut Registry::new(), &labels);
        let mut checked = 0;
        for p in &sk.paragraphs {
            let Some(label) = &p.label else { continue };
            let found = label_at(sk.slice(p.span)).expect("a label");
            let expected = (p.span.start() + found.len).min(p.span.end());
            assert_eq!(
                body_start(&sk.text, label.span, p.span.end()),
                expected,
                "{:?}",
                sk.slice(p.span)
            );
            checked += 1;
        }
        assert_eq!(checked, 13);
    }

    fn hearing_name(p: &str) -> Option<String> {
        hearing_label(p).map(|l| l.name.to_string())
    }

    #[test]
    fn hearing_labels_end_with_a_full_stop() {
        assert_eq!(
            hearing_name("Mr. BRENNAN. Thank you.").as_deref(),
            Some("Mr. BRENNAN")
        );
        assert_eq!(
            hearing_name("    Chairman Nadler. The committee will come to order.").as_deref(),
            Some("Chairman Nadler")
        );
        assert_eq!(
            hearing_name("The CHAIRMAN. The gentleman yields.").as_deref(),
            Some("The CHAIRMAN")
        );
        assert_eq!(hearing_name("The Witness. I do.").as_deref(), Some("The Witness"));
        assert_eq!(
            hearing_name("Senator McCAIN. Yes.").as_deref(),
            Some("Senator McCAIN")
        );
        assert_eq!(
            hearing_name("Ms. JACKSON LEE. I yield.").as_deref(),
            Some("Ms. JACKSON LEE")
        );
        assert_eq!(
            hearing_name("Mr. VAN HOLLEN. Yes.").as_deref(),
            Some("Mr. VAN HOLLEN")
        );
        // The state tells namesakes apart in print; the speaker is the member.
        assert_eq!(
            hearing_name("Mrs. MALONEY of New York. Director, did you?").as_deref(),
            Some("Mrs. MALONEY")
        );
        let found = hearing_label("    Mr. BRENNAN.  Thank you.").expect("a label");
        assert_eq!(&"    Mr. BRENNAN.  Thank you."[found.len..], "Thank you.");
        // The colon forms do not read these, nor these the colon forms.
        assert_eq!(name("Mr. BRENNAN. Thank you."), None);
        assert_eq!(hearing_name("Mr. BRENNAN: Thank you."), None);
    }

    #[test]
    fn a_name_and_a_full_stop_in_prose_are_no_hearing_label() {
        assert_eq!(hearing_name("General Motors. That was the company."), None);
        assert_eq!(hearing_name("The FBI. That is who called."), None);
        assert_eq!(hearing_name("The committee. It met."), None);
        assert_eq!(hearing_name("Mr. Smith said so. Then he left."), None);
        assert_eq!(hearing_name("Mr. President, thank you. Yes."), None);
        assert_eq!(hearing_name("Dr. Fauci."), None);
        assert_eq!(hearing_name("Dr. Fauci. "), None);
    }

    #[test]
    fn clock_times_and_sentences_with_colons_are_not_labels() {
        assert_eq!(name("17:30 The meeting began."), None);
        assert_eq!(name("He said the following: nothing."), None);
        assert_eq!(name("Quite so: the answer."), None);
        // A number names a speaker only after a role transcripts number.
        assert_eq!(name("Chapter 1: The start."), None);
        assert_eq!(name("Step 2: Mix the dough."), None);
    }

    proptest::proptest! {
        /// The byte-wise test of an ASCII name answers as the general one does.
        #[test]
        fn ascii_label_names_are_judged_as_any_name_is(
            name in "((MR\\.|Jane|DOE|Q|of|van|the|Speaker|speaker|host|1|22|x|[A-Za-z0-9.!?,;\"'()-]{1,4})( |  |\t|\u{b}|\n)){0,9}[A-Za-z ]{0,3}",
        ) {
            proptest::prop_assert_eq!(is_ascii_label_name(&name), is_label_name_chars(&name), "{:?}", name);
        }

        /// Turns read from the end are the turns read forward, last first: across labels,
        /// unlabelled paragraphs, headings that close a turn, and a section with no label.
        #[test]
        fn turns_from_the_end_are_the_turns_reversed(
            pieces in proptest::collection::vec(0..5usize, 0..40),
        ) {
            let mut text = String::from("Hearing\n\n");
            for (i, piece) in pieces.iter().enumerate() {
                text.push_str(match piece {
                    0 => "Q: Why?\n\n",
                    1 => "MR. DOE: Because it was.\n\n",
                    2 => "It went on for a while.\n\n",
                    3 => "It went on\nover two lines.\n\n",
                    _ => "",
                });
                if *piece == 4 {
                    text.push_str(&format!("# Part {i}\n\n"));
                }
            }
            let (mut sk, _) = crate::document::markdown::parse_markdown(text);
            let labels = find_labels(&sk);
            apply_labels(&mut sk, &mut Registry::new(), &labels);
            let mut forward: Vec<Turn> = turns(&sk).collect();
            forward.reverse();
            let backward: Vec<Turn> = turns_from_the_end(&sk).collect();
            proptest::prop_assert_eq!(backward, forward);
        }

        /// Labels read in two halves name the same speakers, in the same order and with
        /// the same counts, as labels read in one pass: names used in both halves, in one
        /// only, and written in other forms (`Mr. Doe`, `MR. DOE`).
        #[test]
        fn labels_read_in_two_halves_name_speakers_as_one_pass_does(
            pieces in proptest::collection::vec(0..6usize, 0..40),
        ) {
            let mut text = String::from("Hearing\n\n");
            for piece in &pieces {
                text.push_str(match piece {
                    0 => "Q: Why?\n\n",
                    1 => "MR. DOE: Because it was.\n\n",
                    2 => "Mr. Doe: It was, he said.\n\n",
                    3 => "SENATOR ROE: Go on.\n\n",
                    4 => "It went on for a while.\n\n",
                    _ => "THE WITNESS: Yes.\n\n",
                });
            }
            let read = |halves_from: usize| {
                let (mut sk, _) = crate::document::markdown::parse_markdown(text.clone());
                let labels = find_labels(&sk);
                let mut registry = Registry::with_known(&[("Jane Doe".to_string(), Vec::new())]);
                apply_labels_in_halves_from(&mut sk, &mut registry, &labels, halves_from);
                let labels: Vec<Option<Label>> = sk.paragraphs.iter().map(|p| p.label.clone()).collect();
                (labels, registry.finish())
            };
            proptest::prop_assert_eq!(read(1), read(usize::MAX));
        }

        #[test]
        fn the_byte_test_for_label_lines_agrees_with_the_char_test(
            line in "([A-Za-z ():\t\x0b\x0c.0-9]|of|the|Speaker|guest|É|é|\u{a0}){0,40}"
        ) {
            proptest::prop_assert_eq!(may_be_label_line(&line), may_be_label_line_chars(&line));
        }
    }

    #[test]
    fn a_label_ends_at_its_own_colon_not_at_a_later_note() {
        assert_eq!(
            name("HOST: Welcome Back (Applause): thanks.").as_deref(),
            Some("HOST")
        );
        assert_eq!(name("Jane Doe (00:01:05): Hello.").as_deref(), Some("Jane Doe"));
        let long_line = format!("SENATOR HOLLOWAY: {}", "word ".repeat(10_000));
        assert_eq!(name(&long_line).as_deref(), Some("SENATOR HOLLOWAY"));
    }

    #[test]
    fn titles_of_office_are_set_aside() {
        assert_eq!(
            canonical_label("President of Russia Vladimir Putin"),
            "Vladimir Putin"
        );
        assert_eq!(canonical_label("THE PRESIDENT"), "THE PRESIDENT");
    }
}
