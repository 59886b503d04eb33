//! Topic lexicons (SPEC §5) and matching quotes against them in one automaton pass.

use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::document::model::{Span, Topic, TopicSet};
use crate::document::words::{Openings, each_word_opening, folded_head, is_folded_as};

/// The lexicon compiled into the binary for the bundled interview.
pub const BUNDLED_LEXICON: &str = include_str!("../../assets/topics.toml");

/// A topics file: topics, and optionally other names for speakers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    #[serde(default, rename = "topic")]
    pub topics: Vec<TopicDef>,
    #[serde(default, rename = "speaker")]
    pub speakers: Vec<SpeakerDef>,
    /// The bundled lexicon, used because no `--topics` file was named: where it fits an
    /// interview poorly, topics derived from the interview replace it. A file the user
    /// named is kept whatever it matches.
    #[serde(skip)]
    pub is_default: bool,
}

/// One `[[topic]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicDef {
    pub id: String,
    pub name: String,
    pub keywords: Vec<String>,
}

/// One `[[speaker]]` table: a canonical name and the other names the text may use.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerDef {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Why a topics file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read topics file '{}': {}", crate::sanitize::for_terminal(.0), .1)]
    Read(String, std::io::Error),
    #[error("topics file '{}' is not valid: {}", crate::sanitize::for_terminal(.0), crate::sanitize::for_terminal(.1))]
    Invalid(String, String),
}

impl Lexicon {
    pub fn parse(source: &str, name: &str) -> Result<Lexicon, LexiconError> {
        let lexicon: Lexicon = toml::from_str(source)
            .map_err(|e| LexiconError::Invalid(name.into(), e.message().to_string()))?;
        lexicon.validate(name)?;
        Ok(lexicon)
    }

    pub fn bundled() -> Lexicon {
        let lexicon = Lexicon::parse(BUNDLED_LEXICON, "assets/topics.toml").unwrap_or_default();
        Lexicon {
            is_default: true,
            ..lexicon
        }
    }

    pub fn from_file(path: &Path) -> Result<Lexicon, LexiconError> {
        let name = path.to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).map_err(|e| LexiconError::Read(name.clone(), e))?;
        Lexicon::parse(&source, &name)
    }

    fn validate(&self, name: &str) -> Result<(), LexiconError> {
        let invalid = |why: String| Err(LexiconError::Invalid(name.into(), why));
        if self.topics.len() > TopicSet::CAPACITY {
            return invalid(format!("more than {} topics", TopicSet::CAPACITY));
        }
        for (i, t) in self.topics.iter().enumerate() {
            if t.id.trim().is_empty() {
                return invalid(format!("topic {} has an empty id", i + 1));
            }
            if self.topics[..i].iter().any(|o| o.id == t.id) {
                return invalid(format!("topic id '{}' is used twice", t.id));
            }
        }
        Ok(())
    }

    /// The lexicon's topics as model topics (counts filled in later).
    pub fn model_topics(&self) -> Vec<Topic> {
        self.topics
            .iter()
            .map(|t| Topic {
                id: t.id.clone(),
                name: t.name.clone(),
                keywords: t.keywords.clone(),
                derived: false,
                quotes: 0,
            })
            .collect()
    }
}

/// Matches text against every keyword of every topic at once, on the text as written (no
/// lower-cased copy of a 100 MB document): ASCII case is ignored by the automaton, and other
/// scripts are matched in their lower, Capitalised and UPPER forms.
pub struct TopicMatcher {
    /// Where every keyword opens with an ASCII letter or digit (any English lexicon, and
    /// topics derived from English text): the keywords by their first bytes, tried only
    /// where a word starts. No automaton is built then.
    starts: Option<WordStarts>,
    /// The patterns as a DFA stepped by hand, one paragraph or two at once (see
    /// [`TopicMatcher::each_hit_in_two`]), for keywords in other scripts. Building it is most
    /// of loading a short document, so it is the only automaton built.
    dfa: Option<aho_corasick::dfa::DFA>,
    /// The patterns as written, for [`TopicMatcher::automaton`].
    words: Vec<String>,
    /// Aho-Corasick's own search, built only if the DFA could not be (too many patterns).
    automaton: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Bytes in the longest keyword form.
    longest: usize,
    /// For each pattern: its topic, and whether it matches as a prefix (`hack*`).
    patterns: Vec<(usize, bool)>,
}

/// The case forms of a keyword worth matching: as given (lower case), Capitalised, UPPER.
fn case_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    if !word.is_ascii() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            forms.push(first.to_uppercase().chain(chars).collect());
        }
        forms.push(word.to_uppercase());
        forms.dedup();
    }
    forms
}

impl TopicMatcher {
    pub fn new(topics: &[Topic]) -> TopicMatcher {
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (index, topic) in topics.iter().enumerate().take(TopicSet::CAPACITY) {
            for keyword in &topic.keywords {
                let keyword = keyword.trim().to_lowercase();
                let (stem, prefix) = match keyword.strip_suffix('*') {
                    Some(stem) => (stem.to_string(), true),
                    None => (keyword, false),
                };
                if stem.is_empty() {
                    continue;
                }
                for form in case_forms(&stem) {
                    words.push(form);
                    patterns.push((index, prefix));
                }
            }
        }
        let starts = WordStarts::of(&words);
        let dfa = if starts.is_some() {
            None
        } else {
            aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(&words)
                .ok()
        };
        let longest = words.iter().map(String::len).max().unwrap_or(0);
        TopicMatcher {
            starts,
            dfa,
            words,
            automaton: std::sync::OnceLock::new(),
            longest,
            patterns,
        }
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .build(&self.words)
                    .ok()
            })
            .as_ref()
    }

    /// Topics whose keywords occur in `text` as whole words (or word prefixes for `*`).
    pub fn topics_in(&self, text: &str) -> TopicSet {
        let mut found = TopicSet::default();
        self.each_hit(text, |_, topic| found.insert(topic));
        found
    }

    /// Every keyword occurrence that starts inside `span` of `text`, in order of its end, as
    /// `(offset, topic)`. Word boundaries are judged on the whole text, so the answer is the
    /// same as for a pass over all of it.
    pub fn each_hit_in(&self, text: &str, span: Span, mut found: impl FnMut(usize, usize)) {
        if let Some(starts) = &self.starts {
            self.each_hit_at_word_starts(starts, text, span, found);
        } else if self.dfa.is_some() {
            // The second span is empty: no hit starts in it.
            let empty = Span::new(span.end(), span.end());
            self.each_hit_in_two(text, [span, empty], |_, at, topic| found(at, topic));
        } else {
            self.each_hit_by_search(text, span, found);
        }
    }

    /// [`TopicMatcher::each_hit_in`] by Aho-Corasick's own overlapping search.
    fn each_hit_by_search(&self, text: &str, span: Span, mut found: impl FnMut(usize, usize)) {
        let Some(automaton) = self.automaton() else {
            return;
        };
        // Room for a keyword that starts inside the span and ends after it.
        let mut end = span.end().saturating_add(self.longest).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let input = aho_corasick::Input::new(text).range(span.start()..end);
        for m in automaton.find_overlapping_iter(input) {
            if m.start() >= span.end() {
                continue;
            }
            let (topic, prefix) = self.patterns[m.pattern().as_usize()];
            if starts_word(text, m.start()) && (prefix || ends_word(text, m.end())) {
                found(m.start(), topic);
            }
        }
    }

    /// [`TopicMatcher::each_hit_in`] by trying the keywords wherever a word starts in `span`.
    fn each_hit_at_word_starts(
        &self,
        starts: &WordStarts,
        text: &str,
        span: Span,
        mut found: impl FnMut(usize, usize),
    ) {
        let bytes = text.as_bytes();
        each_word_opening(bytes, span.start(), span.end(), &starts.openings, |at, four| {
            if starts.may_start_a_keyword(four) {
                self.hits_at(starts, text, at, four, &mut found);
            }
        });
    }

    /// The keywords that start at `at`, a word start whose first four bytes are `four`.
    #[inline(never)]
    fn hits_at(
        &self,
        starts: &WordStarts,
        text: &str,
        at: usize,
        four: u32,
        found: &mut impl FnMut(usize, usize),
    ) {
        let bytes = text.as_bytes();
        // After a character beyond ASCII: a word starts only if that one is no letter.
        if at > 0 && !bytes[at - 1].is_ascii() && !starts_word(text, at) {
            return;
        }
        // The word's first eight bytes, folded: most keywords are compared by this alone.
        let head = folded_head(bytes, at);
        for n in 1..=4 {
            if !starts.keyed_by[n] {
                continue;
            }
            let key = WordStarts::key(four, n);
            if !starts.has(key) {
                continue;
            }
            for &(_, pattern) in starts.keyed_by_key(key) {
                let Head { bytes: first, mask } = starts.heads[pattern];
                if head & mask != first {
                    continue;
                }
                let word = &starts.folded[pattern];
                let end = at + word.len();
                let (topic, prefix) = self.patterns[pattern];
                let rest_is_folded_as = || match (bytes.get(at + 8..end), word.get(8..)) {
                    (Some(text), Some(rest)) => is_folded_as(text, rest),
                    _ => false,
                };
                if end <= bytes.len()
                    && (word.len() <= 8 || rest_is_folded_as())
                    && (prefix || ends_word(text, end))
                {
                    found(at, topic);
                }
            }
        }
    }

    /// [`TopicMatcher::each_hit_in`] for two spans at once, `found` told which (0 or 1).
    /// Stepping an automaton is one dependent load per byte: two independent walks in one
    /// loop let the processor overlap them.
    pub fn each_hit_in_two(&self, text: &str, spans: [Span; 2], mut found: impl FnMut(usize, usize, usize)) {
        use aho_corasick::Anchored;
        use aho_corasick::automaton::Automaton;
        if let Some(starts) = &self.starts {
            for (which, span) in spans.into_iter().enumerate() {
                self.each_hit_at_word_starts(starts, text, span, |at, topic| found(which, at, topic));
            }
            return;
        }
        let Some(dfa) = &self.dfa else {
            for (which, span) in spans.into_iter().enumerate() {
                self.each_hit_by_search(text, span, |at, topic| found(which, at, topic));
            }
            return;
        };
        let Ok(start) = dfa.start_state(Anchored::No) else {
            return;
        };
        let bytes = text.as_bytes();
        let [a, b] = spans.map(|span| {
            let mut end = span.end().saturating_add(self.longest).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            span.start().min(end)..end
        });
        let mut report = |which: usize, sid, end: usize| {
            if !dfa.is_match(sid) {
                return;
            }
            for i in 0..dfa.match_len(sid) {
                let pid = dfa.match_pattern(sid, i);
                let at = end - dfa.pattern_len(pid);
                if at >= spans[which].end() {
                    continue;
                }
                let (topic, prefix) = self.patterns[pid.as_usize()];
                if starts_word(text, at) && (prefix || ends_word(text, end)) {
                    found(which, at, topic);
                }
            }
        };
        let (ha, hb) = (&bytes[a.clone()], &bytes[b.clone()]);
        let both = ha.len().min(hb.len());
        let (mut sa, mut sb) = (start, start);
        for i in 0..both {
            sa = dfa.next_state(Anchored::No, sa, ha[i]);
            sb = dfa.next_state(Anchored::No, sb, hb[i]);
            if dfa.is_special(sa) {
                report(0, sa, a.start + i + 1);
            }
            if dfa.is_special(sb) {
                report(1, sb, b.start + i + 1);
            }
        }
        for (i, &byte) in ha.iter().enumerate().skip(both) {
            sa = dfa.next_state(Anchored::No, sa, byte);
            if dfa.is_special(sa) {
                report(0, sa, a.start + i + 1);
            }
        }
        for (i, &byte) in hb.iter().enumerate().skip(both) {
            sb = dfa.next_state(Anchored::No, sb, byte);
            if dfa.is_special(sb) {
                report(1, sb, b.start + i + 1);
            }
        }
    }

    /// The topics with a keyword starting inside `span` of `text`.
    pub fn topics_in_span(&self, text: &str, span: Span) -> TopicSet {
        let mut set = TopicSet::default();
        self.each_hit_in(text, span, |_, topic| set.insert(topic));
        set
    }

    fn each_hit(&self, text: &str, found: impl FnMut(usize, usize)) {
        self.each_hit_in(text, Span::new(0, text.len()), found);
    }
}

/// Keywords by their first (up to) four bytes, ASCII case folded, for trying them where a
/// word starts: a bit per hash of such a prefix turns nearly every word away with one load
/// from a table that stays in the first-level cache.
struct WordStarts {
    /// The openings of the keywords: a table lookup with no hashing turns most words away.
    openings: Openings,
    /// A bit per hash of a keyed prefix.
    bits: Box<[u64; 1 << (WORD_START_BITS - 6)]>,
    /// Whether some keyword is keyed by its first `n` bytes (1 to 4).
    keyed_by: [bool; 5],
    /// Whether some keyword is keyed by fewer than four bytes (it has fewer).
    keyed_by_fewer: bool,
    /// `(key, pattern)` sorted by key.
    keyed: Vec<(u64, usize)>,
    /// Each pattern with its ASCII letters in lower case, to compare text with.
    folded: Vec<Vec<u8>>,
    /// Each pattern's first eight bytes, folded, to compare a word's first eight with.
    heads: Vec<Head>,
    /// Each key's run in `keyed`, as `(key, start, end)`, by hash (open addressing; a key of
    /// 0 is an empty slot: every key holds its length).
    runs: Vec<(u64, u32, u32)>,
}

/// A keyword's first (up to) eight bytes with its ASCII letters in lower case, as a
/// little-endian number, and the mask of those bytes.
#[derive(Clone, Copy)]
struct Head {
    bytes: u64,
    mask: u64,
}

impl Head {
    fn of(folded: &[u8]) -> Head {
        let n = folded.len().min(8);
        let bytes = folded[..n].iter().rev().fold(0, |k, &c| k << 8 | u64::from(c));
        let mask = if n == 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
        Head { bytes, mask }
    }
}

/// Bits in [`WordStarts::bits`]: 64 K, 8 KB.
const WORD_START_BITS: u32 = 16;

impl WordStarts {
    /// The table for `words`, if every one opens with an ASCII letter or digit.
    fn of(words: &[String]) -> Option<WordStarts> {
        if words.is_empty()
            || !words
                .iter()
                .all(|w| w.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric))
        {
            return None;
        }
        let mut table = WordStarts {
            openings: Openings::none(),
            bits: Box::new([0; 1 << (WORD_START_BITS - 6)]),
            keyed_by: [false; 5],
            keyed_by_fewer: false,
            keyed: Vec::new(),
            folded: words.iter().map(|w| w.as_bytes().to_ascii_lowercase()).collect(),
            heads: Vec::new(),
            runs: Vec::new(),
        };
        table.heads = table.folded.iter().map(|w| Head::of(w)).collect();
        for (pattern, word) in words.iter().enumerate() {
            let b = word.as_bytes();
            let n = b.len().min(4);
            let mut four = [0xff; 4];
            four[..n].copy_from_slice(&b[..n]);
            let key = Self::key(u32::from_le_bytes(four), n);
            table.bits[Self::slot(key) / 64] |= 1 << (Self::slot(key) % 64);
            table.keyed.push((key, pattern));
            table.keyed_by[n] = true;
            table.keyed_by_fewer |= n < 4;
            table.openings.insert(b);
        }
        table.keyed.sort_unstable();
        table.runs = vec![(0, 0, 0); (2 * table.keyed.len()).next_power_of_two()];
        let mut start = 0;
        while start < table.keyed.len() {
            let key = table.keyed[start].0;
            let end = start
                + table.keyed[start..]
                    .iter()
                    .take_while(|&&(k, _)| k == key)
                    .count();
            let mask = table.runs.len() - 1;
            let mut at = Self::slot(key) & mask;
            while table.runs[at].0 != 0 {
                at = (at + 1) & mask;
            }
            table.runs[at] = (key, start as u32, end as u32);
            start = end;
        }
        Some(table)
    }

    /// The key of the first `n` of `four` bytes (little-endian): ASCII letters folded to
    /// lower case (other bytes may fold onto each other too: the keywords are compared after).
    #[inline(always)]
    fn key(four: u32, n: usize) -> u64 {
        let kept = if n >= 4 { u32::MAX } else { (1u32 << (8 * n)) - 1 };
        u64::from((four | 0x2020_2020) & kept) | ((n as u64) << 32)
    }

    #[inline(always)]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - WORD_START_BITS)) as usize
    }

    #[inline(always)]
    fn has(&self, key: u64) -> bool {
        let slot = Self::slot(key);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// Whether some keyword may start with the bytes `four`, a word that may open as one:
    /// one table bit for each prefix length a keyword is keyed by (one load for most lexicons).
    #[inline(always)]
    fn may_start_a_keyword(&self, four: u32) -> bool {
        (self.keyed_by[4] && self.has(Self::key(four, 4)))
            || (self.keyed_by_fewer && self.may_open_a_short_one(four))
    }

    #[inline(always)]
    fn may_open_a_short_one(&self, four: u32) -> bool {
        (1..4).any(|n| self.keyed_by[n] && self.has(Self::key(four, n)))
    }

    /// The keywords keyed by `key`.
    fn keyed_by_key(&self, key: u64) -> &[(u64, usize)] {
        let mask = self.runs.len() - 1;
        let mut at = Self::slot(key) & mask;
        loop {
            match self.runs[at] {
                (0, _, _) => return &[],
                (k, start, end) if k == key => return &self.keyed[start as usize..end as usize],
                _ => at = (at + 1) & mask,
            }
        }
    }
}

fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// A keyword ends at a word boundary, or is followed only by a plural `s`/`es`.
fn ends_word(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let boundary = |s: &str| s.chars().next().is_none_or(|c| !c.is_alphanumeric());
    boundary(rest)
        || rest.strip_prefix("es").is_some_and(boundary)
        || rest.strip_prefix('s').is_some_and(boundary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> (TopicMatcher, Vec<Topic>) {
        let lex = Lexicon::parse(
            r#"
            [[topic]]
            id = "elections"
            name = "Elections"
            keywords = ["election", "hack*", "meddl*"]
            [[topic]]
            id = "money"
            name = "Money"
            keywords = ["money"]
            "#,
            "t.toml",
        )
        .unwrap();
        let topics = lex.model_topics();
        (TopicMatcher::new(&topics), topics)
    }

    #[test]
    fn keywords_match_whole_words_case_insensitively() {
        let (m, _) = matcher();
        assert!(m.topics_in("The ELECTION was close").contains(0));
        assert!(m.topics_in("two elections").contains(0));
        assert!(!m.topics_in("electionary nonsense").contains(0));
    }

    proptest::proptest! {
        #[test]
        fn the_automaton_stepped_by_hand_hits_as_aho_corasicks_search_does(
            text in "((election|ELECTIONS|hack|hackers|shack|money|moneys|выборы|Выборы|campaign|é| |,|\\.|\n|[a-z]{1,4})){0,40}",
            cut in 0usize..400,
            cut2 in 0usize..400,
        ) {
            let lex = Lexicon::parse(
                "[[topic]]\nid = \"e\"\nname = \"E\"\nkeywords = [\"election\", \"hack*\", \"выбор*\"]\n\
                 [[topic]]\nid = \"m\"\nname = \"M\"\nkeywords = [\"money\", \"election campaign\"]\n",
                "t.toml",
            )
            .unwrap();
            let m = TopicMatcher::new(&lex.model_topics());
            let boundary = |at: usize| (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let (x, y) = (boundary(cut), boundary(cut2));
            let spans = [Span::new(0, x.min(y)), Span::new(x.min(y), x.max(y).max(text.len()))];
            let mut searched = [Vec::new(), Vec::new()];
            let mut alone = [Vec::new(), Vec::new()];
            for (which, span) in spans.into_iter().enumerate() {
                m.each_hit_by_search(&text, span, |at, topic| searched[which].push((at, topic)));
                m.each_hit_in(&text, span, |at, topic| alone[which].push((at, topic)));
            }
            let mut together = [Vec::new(), Vec::new()];
            m.each_hit_in_two(&text, spans, |which, at, topic| together[which].push((at, topic)));
            for list in searched.iter_mut().chain(&mut alone).chain(&mut together) {
                list.sort_unstable();
            }
            proptest::prop_assert_eq!(&together, &searched);
            proptest::prop_assert_eq!(&alone, &searched);
        }
    }

    proptest::proptest! {
        #[test]
        fn keywords_tried_where_words_start_hit_as_aho_corasicks_search_does(
            text in "((election|ELECTIONS|Spy|spies| a |No,|hack|hackers|shack|ngos|re-elect|Re-Elected|2018|money|moneys|выборы|campaign|CAMPAIGN|Intelligence|INTELLIGENCEs|intelligent|é|“|’| |,|\\.|-|\n|[a-zA-Z]{1,4})){0,40}",
            cut in 0usize..400,
            cut2 in 0usize..400,
        ) {
            let lex = Lexicon::parse(
                "[[topic]]\nid = \"e\"\nname = \"E\"\nkeywords = [\"election\", \"hack*\", \"spy\", \"re-elect*\", \"2018\"]\n\
                 [[topic]]\nid = \"m\"\nname = \"M\"\nkeywords = [\"money\", \"election campaign\", \"ngo*\", \"a\", \"no\", \"intelligence\"]\n",
                "t.toml",
            )
            .unwrap();
            let m = TopicMatcher::new(&lex.model_topics());
            proptest::prop_assert!(m.starts.is_some() && m.dfa.is_none());
            let boundary = |at: usize| (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let (x, y) = (boundary(cut), boundary(cut2));
            let spans = [Span::new(0, x.min(y)), Span::new(x.min(y), x.max(y).max(text.len()))];
            let mut searched = [Vec::new(), Vec::new()];
            let mut alone = [Vec::new(), Vec::new()];
            for (which, span) in spans.into_iter().enumerate() {
                m.each_hit_by_search(&text, span, |at, topic| searched[which].push((at, topic)));
                m.each_hit_in(&text, span, |at, topic| alone[which].push((at, topic)));
            }
            let mut together = [Vec::new(), Vec::new()];
            m.each_hit_in_two(&text, spans, |which, at, topic| together[which].push((at, topic)));
            for list in searched.iter_mut().chain(&mut alone).chain(&mut together) {
                list.sort_unstable();
            }
            proptest::prop_assert_eq!(&together, &searched);
            proptest::prop_assert_eq!(&alone, &searched);
        }
    }

    #[test]
    fn star_keywords_match_prefixes() {
        let (m, _) = matcher();
        assert!(m.topics_in("unidentified hackers").contains(0));
        assert!(!m.topics_in("a shack").contains(0));
    }

    #[test]
    fn a_text_can_carry_several_topics() {
        let (m, _) = matcher();
        let set = m.topics_in("hacking for money");
        assert!(set.contains(0) && set.contains(1));
    }

    #[test]
    fn a_malformed_file_is_a_clear_error() {
        let err = Lexicon::parse("[[topic]]\nid = 3", "bad.toml").unwrap_err();
        assert!(
            err.to_string().starts_with("topics file 'bad.toml' is not valid"),
            "{err}"
        );
    }

    #[test]
    fn the_bundled_lexicon_has_the_six_topics_in_key_order() {
        let ids: Vec<String> = Lexicon::bundled().topics.into_iter().map(|t| t.id).collect();
        assert_eq!(
            ids,
            [
                "relations",
                "elections",
                "security",
                "history",
                "wealth",
                "future"
            ]
        );
    }
}
