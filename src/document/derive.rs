//! Topics derived from the document itself (SPEC §5), for interviews the lexicon does not
//! fit: the terms most salient in this text (TF-IDF over its own paragraphs) that several
//! quotes share, each grown into a topic with the terms that keep it company.
//!
//! Deterministic by construction: every ranking breaks ties on the term itself, and no hash
//! map's order reaches the result.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::document::hash::{WordMap, WordSet};

use crate::document::model::{Document, Paragraph, Quote, QuoteKind, Topic};
use crate::document::words::{ascii_alphanumeric_run, char_at};

/// Fewest and most topics derived (keys 1–9).
const MIN_TOPICS: usize = 4;
const MAX_TOPICS: usize = 9;
/// Shortest word worth a topic: three letters keeps `war`, `tax`, `oil`, `gas`; the
/// three-letter function words are stop words.
const MIN_WORD_CHARS: usize = 3;
/// Terms naming a topic besides its seed.
const COMPANIONS: usize = 2;

/// Words that carry no topic: English and Russian function words and the commonest verbs,
/// plus the vocabulary of interviews themselves.
const STOP_WORDS: &[&str] = &[
    // English
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "always",
    "among",
    "and",
    "another",
    "any",
    "anyone",
    "anything",
    "anyway",
    "are",
    "around",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "came",
    "cannot",
    "could",
    "did",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "either",
    "else",
    "enough",
    "even",
    "ever",
    "every",
    "everyone",
    "everything",
    "fact",
    "few",
    "first",
    "from",
    "further",
    "gets",
    "getting",
    "give",
    "given",
    "goes",
    "going",
    "gone",
    "good",
    "got",
    "great",
    "had",
    "has",
    "have",
    "having",
    "hear",
    "heard",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i'm",
    "into",
    "it's",
    "its",
    "itself",
    "just",
    "keep",
    "kind",
    "know",
    "known",
    "last",
    "later",
    "least",
    "less",
    "let",
    "like",
    "likely",
    "little",
    "look",
    "made",
    "make",
    "makes",
    "making",
    "many",
    "may",
    "maybe",
    "mean",
    "means",
    "might",
    "more",
    "most",
    "much",
    "must",
    "myself",
    "need",
    "never",
    "next",
    "nobody",
    "none",
    "nor",
    "not",
    "nothing",
    "now",
    "of",
    "often",
    "okay",
    "once",
    "one",
    "only",
    "onto",
    "other",
    "others",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "part",
    "people",
    "perhaps",
    "please",
    "point",
    "pretty",
    "put",
    "quite",
    "rather",
    "really",
    "right",
    "said",
    "same",
    "saying",
    "says",
    "see",
    "seem",
    "seems",
    "seen",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "some",
    "somebody",
    "someone",
    "something",
    "sometimes",
    "somewhat",
    "still",
    "such",
    "sure",
    "take",
    "taken",
    "takes",
    "talk",
    "talking",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "therefore",
    "these",
    "they",
    "they're",
    "thing",
    "things",
    "think",
    "thinking",
    "this",
    "those",
    "though",
    "thought",
    "through",
    "thus",
    "time",
    "times",
    "today",
    "together",
    "told",
    "too",
    "took",
    "toward",
    "towards",
    "under",
    "until",
    "upon",
    "used",
    "using",
    "very",
    "want",
    "wanted",
    "wants",
    "was",
    "way",
    "ways",
    "we're",
    "well",
    "went",
    "were",
    "what",
    "what's",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whole",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "yeah",
    "year",
    "years",
    "yes",
    "yet",
    "you",
    "you're",
    "your",
    "yours",
    "yourself",
    "question",
    "questions",
    "answer",
    "mr",
    "mrs",
    "ms",
    "don't",
    "didn't",
    "doesn't",
    "can't",
    "isn't",
    "wasn't",
    "aren't",
    "we've",
    "i've",
    "they've",
    "i'll",
    "we'll",
    "you've",
    "let's",
    "come",
    "comes",
    "coming",
    "says",
    "asked",
    "actually",
    "already",
    "certainly",
    "course",
    "different",
    "important",
    "interview",
    "lot",
    "lots",
    "new",
    "old",
    "able",
    "back",
    "long",
    "real",
    "absolutely",
    "another",
    "away",
    "best",
    "better",
    "big",
    "day",
    "days",
    "far",
    "high",
    "probably",
    "sort",
    "start",
    "started",
    "trying",
    "work",
    "working",
    // Three-letter words of no topic.
    "ago",
    "ain",
    "bit",
    "boy",
    "but",
    "can",
    "don",
    "due",
    "end",
    "etc",
    "few",
    "get",
    "got",
    "guy",
    "her",
    "hey",
    "i'd",
    "lot",
    "man",
    "men",
    "mrs",
    "off",
    "per",
    "see",
    "set",
    "six",
    "ten",
    "try",
    "use",
    "via",
    "was",
    "why",
    "won",
    "yes",
    "yet",
    "say",
    "saw",
    "she",
    "its",
    "for",
    "are",
    "not",
    "you",
    "all",
    "any",
    "had",
    "has",
    "him",
    "his",
    "how",
    "may",
    "new",
    "now",
    "old",
    "one",
    "our",
    "out",
    "own",
    "put",
    "the",
    "too",
    "two",
    "way",
    "who",
    "did",
    "day",
    "far",
    "big",
    "let",
    "and",
    "ask",
    "sir",
    "yeah",
    "okay",
    "also",
    "able",
    "кто",
    "как",
    "так",
    "там",
    "тут",
    "вот",
    "для",
    "или",
    "она",
    "они",
    "оно",
    "его",
    "ему",
    "нам",
    "вас",
    "вам",
    "нас",
    "нет",
    "все",
    "всё",
    "что",
    "чем",
    "где",
    "уже",
    "еще",
    "ещё",
    "раз",
    "два",
    "три",
    "мне",
    "меня",
    "том",
    "тем",
    "эти",
    "это",
    "этот",
    "при",
    "про",
    "без",
    "под",
    "над",
    "был",
    "она",
    "лет",
    "ней",
    "них",
    "ним",
    "сам",
    "ваш",
    "наш",
    "мой",
    // Roles and titles: they name speakers, not subjects.
    "president",
    "presidents",
    "secretary",
    "minister",
    "senator",
    "senators",
    "chairman",
    "chair",
    "governor",
    "mayor",
    "doctor",
    "professor",
    "director",
    "spokesman",
    "spokesperson",
    "host",
    "interviewer",
    "reporter",
    "press",
    "member",
    "members",
    "committee",
    "witness",
    "gentleman",
    "lady",
    "ladies",
    "gentlemen",
    "mister",
    "sir",
    "madam",
    "colleague",
    "colleagues",
    "everybody",
    // Numbers and quantities.
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "percent",
    "half",
    "dozen",
    "second",
    "third",
    // Verbs common in any speech.
    "remain",
    "remains",
    "remained",
    "believe",
    "believes",
    "feel",
    "feels",
    "felt",
    "seemed",
    "include",
    "includes",
    "including",
    "become",
    "becomes",
    "became",
    "leave",
    "left",
    "live",
    "bring",
    "brought",
    "begin",
    "began",
    "happen",
    "happened",
    "happens",
    "provide",
    "hold",
    "stand",
    "turn",
    "turned",
    "follow",
    "lead",
    "understand",
    "speak",
    "spoke",
    "call",
    "called",
    "show",
    "shows",
    "read",
    "help",
    "helps",
    "move",
    "moved",
    "find",
    "found",
    "tried",
    "try",
    "write",
    "wrote",
    "written",
    "writes",
    "ask",
    "asks",
    "announce",
    "mentioned",
    "talked",
    "continue",
    "continues",
    "happy",
    "sorry",
    "glad",
    "clear",
    "true",
    "whole",
    "general",
    "morning",
    "afternoon",
    "evening",
    "week",
    "weeks",
    "month",
    "months",
    "yesterday",
    "tomorrow",
    // Russian
    "а",
    "без",
    "более",
    "больше",
    "будет",
    "будто",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "вам",
    "вас",
    "весь",
    "во",
    "вот",
    "впрочем",
    "все",
    "всего",
    "всех",
    "всегда",
    "всё",
    "всю",
    "вы",
    "где",
    "говорит",
    "говорил",
    "говорю",
    "да",
    "даже",
    "два",
    "для",
    "до",
    "другой",
    "его",
    "ее",
    "её",
    "ей",
    "ему",
    "если",
    "есть",
    "еще",
    "ещё",
    "же",
    "за",
    "здесь",
    "и",
    "из",
    "или",
    "им",
    "иногда",
    "их",
    "к",
    "как",
    "какая",
    "какой",
    "когда",
    "конечно",
    "который",
    "которые",
    "которых",
    "кто",
    "куда",
    "ли",
    "лучше",
    "между",
    "меня",
    "мне",
    "много",
    "может",
    "можно",
    "мой",
    "моя",
    "мы",
    "на",
    "над",
    "надо",
    "наконец",
    "нас",
    "наш",
    "наша",
    "наши",
    "не",
    "него",
    "нее",
    "неё",
    "ней",
    "нельзя",
    "нет",
    "ни",
    "нибудь",
    "никогда",
    "ним",
    "них",
    "ничего",
    "но",
    "ну",
    "о",
    "об",
    "один",
    "он",
    "она",
    "они",
    "оно",
    "опять",
    "от",
    "очень",
    "по",
    "под",
    "после",
    "потом",
    "потому",
    "почти",
    "при",
    "про",
    "раз",
    "разве",
    "с",
    "сам",
    "свое",
    "свою",
    "себе",
    "себя",
    "сегодня",
    "сейчас",
    "сказал",
    "сказать",
    "со",
    "совсем",
    "так",
    "также",
    "такой",
    "там",
    "тебя",
    "тем",
    "теперь",
    "то",
    "тогда",
    "того",
    "тоже",
    "только",
    "том",
    "тот",
    "три",
    "тут",
    "ты",
    "у",
    "уж",
    "уже",
    "хорошо",
    "хоть",
    "чего",
    "чем",
    "через",
    "что",
    "чтоб",
    "чтобы",
    "чуть",
    "эти",
    "этого",
    "этой",
    "этом",
    "этот",
    "эту",
    "это",
    "этим",
    "я",
    "вопрос",
    "ответ",
    "просто",
    "очень",
    "именно",
    "которая",
    "которое",
    "своей",
    "своих",
    "нужно",
    "знаете",
    "думаю",
    "считаю",
    "года",
    "году",
    "лет",
    "время",
    "самом",
    "деле",
    "спасибо",
    "сделать",
    "хотел",
    "хочу",
    "хотим",
    "могу",
    "может",
    "могут",
    "должны",
    "нами",
    "вами",
    "ними",
    "каждый",
    "любой",
    "такие",
    "таких",
    "этих",
    "всем",
    "всеми",
    "перед",
    "пока",
    "пусть",
    "ведь",
    "вообще",
    "значит",
    "кстати",
];

/// A term's key: lower case; English plurals folded onto the singular; Russian words cut to
/// a five-letter stem so case endings (`выборы`, `выборах`) meet.
fn term_key(word: &str) -> Option<String> {
    key_of_lower(&word.to_lowercase()).map(Cow::into_owned)
}

/// [`term_key`] of a word already in lower case, borrowed from it where it can be.
fn key_of_lower(lower: &str) -> Option<Cow<'_, str>> {
    let chars = if lower.is_ascii() {
        lower.len()
    } else {
        lower.chars().count()
    };
    if chars < MIN_WORD_CHARS || is_stop_word(lower) || !lower.chars().any(char::is_alphabetic) {
        return None;
    }
    if !lower.is_ascii() && lower.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return Some(Cow::Owned(lower.chars().take(5).collect()));
    }
    let singular = match lower.strip_suffix('s') {
        Some(stem) if chars > 4 && !stem.ends_with('s') && !lower.ends_with("ous") => stem,
        _ => lower,
    };
    Some(Cow::Borrowed(singular))
}

fn is_stop_word(lower: &str) -> bool {
    use std::sync::LazyLock;
    static STOP: LazyLock<WordSet<&'static str>> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    STOP.contains(lower)
}

/// The words of `text`: letters with inner apostrophes or hyphens.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
}

/// [`words`], read a byte at a time where the text is ASCII (every word of a long document
/// is read twice here).
fn each_word<'t>(text: &'t str, mut found: impl FnMut(&'t str)) {
    let b = text.as_bytes();
    // General Punctuation (quotation marks, dashes) holds no letter or digit: asked first,
    // it spares the Unicode tables the marks around every quote.
    let joins = |c: char| match c {
        '\u{2000}'..='\u{206F}' => c == '’',
        _ => c.is_alphanumeric() || c == '\'' || c == '-',
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii() && !(c.is_ascii_alphanumeric() || c == b'\'' || c == b'-') {
            i += 1;
            continue;
        }
        if !c.is_ascii() {
            let (ch, len) = char_at(text, i);
            if !joins(ch) {
                i += len;
                continue;
            }
        }
        let start = i;
        while i < b.len() {
            i = ascii_alphanumeric_run(b, i);
            match b.get(i) {
                Some(b'\'' | b'-') => i += 1,
                Some(c) if !c.is_ascii() => {
                    let (ch, len) = char_at(text, i);
                    if !joins(ch) {
                        break;
                    }
                    i += len;
                }
                _ => break,
            }
        }
        // Inside a piece, what is not a letter or digit is one of the joiners.
        let piece = &text[start..i];
        let bare = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        let w = if bare(piece.as_bytes().first()) && bare(piece.as_bytes().last()) {
            piece
        } else {
            piece.trim_matches(['\'', '’', '-'])
        };
        if !w.is_empty() && !w.bytes().all(|c| c.is_ascii_digit()) {
            found(w);
        }
    }
}

/// What is known of one term across the document.
struct TermStats {
    /// Occurrences in all paragraphs.
    count: usize,
    /// Paragraphs holding it.
    paragraphs: usize,
    /// The last paragraph that counted it: a paragraph counts once.
    last_paragraph: usize,
    /// Counted quotes (statements and turns) holding it.
    quote_count: usize,
    /// Those quotes, in order, while there are few enough for a topic (see [`quote_cap`]):
    /// a term in most quotes of a hearing would otherwise keep a list as long as the quotes.
    quotes: Vec<u32>,
    /// Surface forms (lower case) and how often each was written.
    forms: Vec<(String, usize)>,
}

impl TermStats {
    fn new() -> TermStats {
        TermStats {
            count: 0,
            paragraphs: 0,
            last_paragraph: usize::MAX,
            quote_count: 0,
            quotes: Vec::new(),
            forms: Vec::new(),
        }
    }
}

/// The terms of a document, each word as written looked up once: a hearing repeats a few
/// thousand words millions of times, and lower-casing, stemming and testing each again was
/// most of the time topics took to derive.
struct Vocabulary<'t> {
    /// Each word as written: its term and form, or nothing when it is no term.
    written: WordMap<&'t str, Option<(u32, u32)>>,
    /// Terms by key.
    keys: WordMap<String, u32>,
    terms: Vec<TermStats>,
    /// Words of speakers' names, which are no terms.
    names: BTreeSet<String>,
}

impl<'t> Vocabulary<'t> {
    fn new(names: BTreeSet<String>) -> Vocabulary<'t> {
        Vocabulary {
            written: WordMap::default(),
            keys: WordMap::default(),
            terms: Vec::new(),
            names,
        }
    }

    /// The term and form of `word`, learnt on its first sight.
    fn term_of(&mut self, word: &'t str) -> Option<(u32, u32)> {
        if let Some(&known) = self.written.get(word) {
            return known;
        }
        let lower = word.to_lowercase();
        let found = match key_of_lower(&lower).filter(|k| !self.names.contains(k.as_ref())) {
            Some(key) => self.add_form(key.as_ref(), &lower),
            None => None,
        };
        self.written.insert(word, found);
        found
    }

    fn add_form(&mut self, key: &str, lower: &str) -> Option<(u32, u32)> {
        let term = match self.keys.get(key) {
            Some(&t) => t,
            None => {
                let t = u32::try_from(self.terms.len()).ok()?;
                self.keys.insert(key.to_string(), t);
                self.terms.push(TermStats::new());
                t
            }
        };
        let forms = &mut self.terms[term as usize].forms;
        let form = match forms.iter().position(|(f, _)| f == lower) {
            Some(f) => f,
            None => {
                forms.push((lower.to_string(), 0));
                forms.len() - 1
            }
        };
        Some((term, u32::try_from(form).ok()?))
    }

    /// Count the words of paragraph `index`.
    fn count_paragraph(&mut self, text: &'t str, index: usize) {
        each_word(text, |w| {
            if let Some((term, form)) = self.term_of(w) {
                let stats = &mut self.terms[term as usize];
                stats.count += 1;
                stats.forms[form as usize].1 += 1;
                if stats.last_paragraph != index {
                    stats.last_paragraph = index;
                    stats.paragraphs += 1;
                }
            }
        });
    }

    /// The terms by key, with the quotes each is in (the words as written are let go).
    fn into_terms(mut self, quotes: QuoteTally) -> Terms {
        for ((stats, count), list) in self.terms.iter_mut().zip(quotes.count).zip(quotes.lists) {
            stats.quote_count = count;
            stats.quotes = list;
        }
        Terms {
            keys: self.keys,
            stats: self.terms,
        }
    }

    /// Add `other`'s counts (of other paragraphs) to these; returns where each of `other`'s
    /// terms is now.
    fn absorb(&mut self, other: Vocabulary) -> Vec<u32> {
        let mut theirs: Vec<Option<TermStats>> = other.terms.into_iter().map(Some).collect();
        let mut remap = vec![0u32; theirs.len()];
        // In their order of first sight, so the merged numbering does not depend on a hash.
        let mut keys: Vec<(String, u32)> = other.keys.into_iter().collect();
        keys.sort_unstable_by_key(|&(_, t)| t);
        for (key, t) in keys {
            let Some(stats) = theirs.get_mut(t as usize).and_then(Option::take) else {
                continue;
            };
            let Ok(next) = u32::try_from(self.terms.len()) else {
                break;
            };
            let mine = *self.keys.entry(key).or_insert(next);
            if mine == next {
                self.terms.push(TermStats::new());
            }
            remap[t as usize] = mine;
            let into = &mut self.terms[mine as usize];
            into.count += stats.count;
            into.paragraphs += stats.paragraphs;
            for (form, n) in stats.forms {
                match into.forms.iter_mut().find(|(f, _)| *f == form) {
                    Some((_, m)) => *m += n,
                    None => into.forms.push((form, n)),
                }
            }
        }
        remap
    }
}

/// Every term by key, with what is known of it.
struct Terms {
    keys: WordMap<String, u32>,
    stats: Vec<TermStats>,
}

impl Terms {
    fn iter(&self) -> impl Iterator<Item = (&String, &TermStats)> {
        self.keys
            .iter()
            .filter_map(|(key, &t)| Some((key, self.stats.get(t as usize)?)))
    }

    fn get(&self, key: &str) -> Option<&TermStats> {
        self.keys.get(key).and_then(|&t| self.stats.get(t as usize))
    }
}

/// Which counted quotes hold each term, as one thread found them.
struct QuoteTally {
    count: Vec<usize>,
    last: Vec<u32>,
    /// The quotes, while no more than the cap (see [`quote_cap`]).
    lists: Vec<Vec<u32>>,
}

impl QuoteTally {
    fn new(terms: usize) -> QuoteTally {
        QuoteTally {
            count: vec![0; terms],
            last: vec![u32::MAX; terms],
            lists: vec![Vec::new(); terms],
        }
    }

    /// Quote `index` holds `term`; a quote counts once per term.
    fn note(&mut self, term: usize, index: u32, cap: usize) {
        if self.last[term] != index {
            self.last[term] = index;
            self.count[term] += 1;
            if self.count[term] <= cap {
                self.lists[term].push(index);
            }
        }
    }

    /// `later`'s quotes (all after these) added to these.
    fn append(&mut self, later: QuoteTally) {
        for ((count, list), (more, rest)) in self
            .count
            .iter_mut()
            .zip(&mut self.lists)
            .zip(later.count.into_iter().zip(later.lists))
        {
            *count += more;
            list.extend(rest);
        }
    }
}

/// How a thread finds a word's term: its own words as written, their terms' places among
/// all terms, and all terms by key for words it has not seen.
struct TermFinder<'v, 't> {
    written: &'v WordMap<&'t str, Option<(u32, u32)>>,
    remap: Option<&'v [u32]>,
    keys: &'v WordMap<String, u32>,
}

impl TermFinder<'_, '_> {
    fn term(&self, w: &str) -> Option<usize> {
        let t = match self.written.get(w) {
            Some(known) => known.map(|(t, _)| t)?,
            // Seen in no paragraph of this thread's (cut at a quote's edge, or the other
            // half's): its key may still be a term.
            None => {
                return key_of_lower(&w.to_lowercase())
                    .and_then(|k| self.keys.get(k.as_ref()))
                    .map(|&t| t as usize);
            }
        };
        Some(match self.remap {
            Some(remap) => *remap.get(t as usize)? as usize,
            None => t as usize,
        })
    }
}

/// Note each counted quote that starts in the paragraphs `runs` (sorted, as [`Sample::runs`]
/// gives them) in the terms its words carry. `turn_end` is where the last turn before quote
/// `seen` ends: a statement inside a turn repeats the turn's words, and each passage counts
/// once. Only the quotes of the runs are read, found by binary search: asking each of a
/// hearing's million quotes whether the sample holds it took longer than counting.
#[allow(clippy::too_many_arguments)]
fn tally_quotes(
    doc: &Document,
    runs: &[std::ops::Range<usize>],
    mut seen: usize,
    mut turn_end: usize,
    finder: &TermFinder,
    terms: usize,
    cap: usize,
) -> QuoteTally {
    let quotes = &doc.quotes;
    let mut tally = QuoteTally::new(terms);
    for run in runs {
        let from = quotes.partition_point(|q| q.paragraph() < run.start).max(seen);
        let to = quotes.partition_point(|q| q.paragraph() < run.end).max(from);
        turn_end = turn_end.max(last_turn_end(&quotes[seen..from]));
        for (index, q) in (from..to).zip(&quotes[from..to]) {
            if !matches!(q.kind, QuoteKind::Statement | QuoteKind::Turn) || q.outer.end() <= turn_end {
                continue;
            }
            if q.kind == QuoteKind::Turn {
                turn_end = q.outer.end();
            }
            let Ok(index) = u32::try_from(index) else {
                return tally;
            };
            each_word(doc.slice(q.inner), |w| {
                if let Some(term) = finder.term(w) {
                    tally.note(term, index, cap);
                }
            });
        }
        seen = to;
    }
    tally
}

/// Where the last turn among `quotes` ends (0 for none). Turns do not overlap, each ending
/// before the next begins, so the last one ends last: no turn before it need be read.
fn last_turn_end(quotes: &[Quote]) -> usize {
    quotes
        .iter()
        .rev()
        .find(|q| q.kind == QuoteKind::Turn)
        .map_or(0, |q| q.outer.end())
}

/// The runs of `runs` cut to the paragraphs in `range`.
fn runs_within(
    runs: &[std::ops::Range<usize>],
    range: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    runs.iter()
        .map(|r| r.start.max(range.start)..r.end.min(range.end))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Paragraphs from which the counting is shared between two threads.
const PARALLEL_FROM: usize = 4096;

/// Count every term of `doc`: in paragraphs, then in counted quotes; on one core or two.
fn count_terms(
    doc: &Document,
    sample: Sample,
    names: BTreeSet<String>,
    cap: usize,
    both_cores: bool,
) -> Terms {
    let paragraphs = &doc.paragraphs;
    let runs = sample.runs(paragraphs);
    let count_paragraphs = |runs: &[std::ops::Range<usize>], names: BTreeSet<String>| {
        let mut vocabulary = Vocabulary::new(names);
        for index in runs.iter().flat_map(Clone::clone) {
            vocabulary.count_paragraph(doc.slice(paragraphs[index].span), index);
        }
        vocabulary
    };
    if !both_cores {
        let vocabulary = count_paragraphs(&runs, names);
        let finder = TermFinder {
            written: &vocabulary.written,
            remap: None,
            keys: &vocabulary.keys,
        };
        let tally = tally_quotes(doc, &runs, 0, 0, &finder, vocabulary.terms.len(), cap);
        return vocabulary.into_terms(tally);
    }
    // Both cores: each half of the paragraphs, then each half of the quotes.
    let half = paragraphs.len() / 2;
    let (early_runs, late_runs) = (
        runs_within(&runs, 0..half),
        runs_within(&runs, half..paragraphs.len()),
    );
    let (mut first, mut second) = std::thread::scope(|scope| {
        let names_too = names.clone();
        let late_runs = &late_runs;
        let second = scope.spawn(move || count_paragraphs(late_runs, names_too));
        let first = count_paragraphs(&early_runs, names);
        (
            first,
            second.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    });
    let written = std::mem::take(&mut second.written);
    let remap = first.absorb(second);
    let split = doc.quotes.partition_point(|q| q.paragraph() < half);
    let turn_end = last_turn_end(&doc.quotes[..split]);
    let terms = first.terms.len();
    let mut tally = std::thread::scope(|scope| {
        let keys = &first.keys;
        let theirs = TermFinder {
            written: &written,
            remap: Some(&remap),
            keys,
        };
        let late_runs = &late_runs;
        let late = scope.spawn(move || tally_quotes(doc, late_runs, split, turn_end, &theirs, terms, cap));
        let mine = TermFinder {
            written: &first.written,
            remap: None,
            keys,
        };
        let mut tally = tally_quotes(doc, &early_runs, 0, 0, &mine, terms, cap);
        tally.append(late.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        tally
    });
    for list in &mut tally.lists {
        list.truncate(cap);
    }
    first.into_terms(tally)
}

/// Terms shared by at least this many quotes may seed or join a topic.
const MIN_SHARED: [usize; 2] = [3, 2];

/// Most quotes a term may share and still name a topic: not a term most quotes share; in a
/// short interview, up to half of them.
fn max_share(counted: usize, min_quotes: usize) -> usize {
    let short = if counted < 12 { counted / 2 } else { 0 };
    (counted * 2 / 5).max(short).max(min_quotes)
}

/// The longest quote list any choice can read: past it a term is out of every ranking.
fn quote_cap(counted: usize) -> usize {
    MIN_SHARED
        .iter()
        .map(|&m| max_share(counted, m))
        .max()
        .unwrap_or(0)
}

/// Topics derived from `doc`'s own text, or none when the text gives too little to go on.
pub fn derive_topics(doc: &Document) -> Vec<Topic> {
    let sample = Sample::of(doc);
    let paragraphs: usize = sample
        .runs(&doc.paragraphs)
        .iter()
        .map(ExactSizeIterator::len)
        .sum();
    let counted = sample.counted_quotes(&doc.paragraphs, &doc.quotes).count();
    // A sample of a long document is read on both cores too: two vocabularies of a 2 MB
    // sample cost no memory to speak of, and on one core it was a tenth of exporting a
    // hearing off the lexicon (0.19 -> 0.17 s for the phase, 100 MB, measured).
    let both_cores = paragraphs >= PARALLEL_FROM;
    let stats = count_terms(doc, sample, speaker_words(doc), quote_cap(counted), both_cores);
    // Prefer terms three quotes share; a short interview may only offer terms two share.
    let strict = choose(&stats, paragraphs, counted, MIN_SHARED[0]);
    if strict.len() >= MIN_TOPICS {
        return strict;
    }
    let loose = choose(&stats, paragraphs, counted, MIN_SHARED[1]);
    if loose.len() >= 2 { loose } else { Vec::new() }
}

/// Text read whole to derive topics; a longer document is read in stripes spread evenly
/// over it, as much in all. The most salient terms of a hearing are as salient in a
/// fiftieth of it, and reading every word of hundreds of MB took seconds and, with a large
/// vocabulary, half as much memory again as the file (SPEC §8).
const SAMPLE_BYTES: usize = 2 << 20;
/// One stripe of the sample.
const STRIPE: usize = 64 << 10;

/// The paragraphs topics are derived from.
#[derive(Clone, Copy)]
pub struct Sample {
    /// One stripe in this many is read.
    every: usize,
}

impl Sample {
    pub fn of(doc: &Document) -> Sample {
        Sample {
            every: doc.text.len().div_ceil(SAMPLE_BYTES).max(1),
        }
    }

    /// Whether the sample is the whole document.
    pub fn is_all(&self) -> bool {
        self.every == 1
    }

    /// The sampled paragraphs, as runs of consecutive ones: found stripe by stripe by their
    /// starts (binary searches), not by asking every paragraph of a long document.
    pub fn runs(&self, paragraphs: &[Paragraph]) -> Vec<std::ops::Range<usize>> {
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        let Some(last) = paragraphs.last() else {
            return runs;
        };
        let starting_before = |offset: usize| paragraphs.partition_point(|p| p.span.start() < offset);
        let mut stripe = 0usize;
        while stripe * STRIPE <= last.span.start() {
            let from = starting_before(stripe * STRIPE);
            let to = starting_before((stripe + 1) * STRIPE);
            match runs.last_mut() {
                Some(run) if run.end == from => run.end = to,
                _ if from < to => runs.push(from..to),
                _ => {}
            }
            stripe += self.every;
        }
        runs
    }

    /// The sampled quotes that count (statements and turns), found by the runs of their
    /// first paragraphs in `quotes` (in reading order).
    pub fn counted_quotes<'q>(
        &self,
        paragraphs: &[Paragraph],
        quotes: &'q [Quote],
    ) -> impl Iterator<Item = &'q Quote> {
        self.runs(paragraphs)
            .into_iter()
            .flat_map(move |run| {
                let from = quotes.partition_point(|q| q.paragraph() < run.start);
                let to = quotes.partition_point(|q| q.paragraph() < run.end);
                &quotes[from..to]
            })
            .filter(|q| matches!(q.kind, QuoteKind::Statement | QuoteKind::Turn))
    }

    fn holds_offset(&self, offset: usize) -> bool {
        self.every == 1 || (offset / STRIPE).is_multiple_of(self.every)
    }

    /// Whether paragraph `index` is read (a quote is, with its first paragraph).
    pub fn holds(&self, doc: &Document, index: usize) -> bool {
        self.every == 1
            || doc
                .paragraphs
                .get(index)
                .is_some_and(|p| self.holds_offset(p.span.start()))
    }
}

/// Words of speakers' names: a topic named "Putin" would only repeat the speaker filter.
fn speaker_words(doc: &Document) -> BTreeSet<String> {
    doc.speakers
        .iter()
        .flat_map(|s| std::iter::once(&s.name).chain(&s.aliases))
        .flat_map(|n| words(n).filter_map(term_key).collect::<Vec<_>>())
        .collect()
}

/// Rank terms by TF-IDF, keep those several quotes share but not most paragraphs, and grow
/// each of the best into a topic with its most frequent companions.
fn choose(stats: &Terms, paragraphs: usize, counted: usize, min_quotes: usize) -> Vec<Topic> {
    let max_share = max_share(counted, min_quotes);
    let n = paragraphs.max(1) as f64;
    let mut ranked: Vec<(f64, &String, &TermStats)> = stats
        .iter()
        .filter(|(_, s)| s.quote_count >= min_quotes && s.quote_count <= max_share)
        .filter(|(_, s)| s.paragraphs * 2 <= paragraphs.max(2))
        .map(|(k, s)| {
            let idf = (n / s.paragraphs.max(1) as f64).ln() + 1.0;
            (s.count as f64 * idf, k, s)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut topics: Vec<(Vec<u32>, Vec<String>)> = Vec::new();
    let mut absorbed = vec![false; ranked.len()];
    for i in 0..ranked.len() {
        if topics.len() == MAX_TOPICS {
            break;
        }
        if absorbed[i] {
            continue;
        }
        let seed = &ranked[i].2.quotes;
        // A term whose quotes mostly repeat an earlier topic's adds nothing new.
        if topics
            .iter()
            .any(|(quotes, _)| overlap(seed, quotes) * 3 > seed.len() * 2)
        {
            continue;
        }
        let mut terms = vec![i];
        for (j, other) in ranked.iter().enumerate().skip(i + 1) {
            if terms.len() > COMPANIONS {
                break;
            }
            // Sharing half of its quotes with the seed needs half as many quotes at least.
            let quotes = &other.2.quotes;
            if !absorbed[j] && seed.len() * 2 >= quotes.len() && overlap(seed, quotes) * 2 >= quotes.len() {
                absorbed[j] = true;
                terms.push(j);
            }
        }
        let mut quotes: Vec<u32> = terms.iter().flat_map(|&t| ranked[t].2.quotes.clone()).collect();
        quotes.sort_unstable();
        quotes.dedup();
        topics.push((quotes, terms.iter().map(|&t| ranked[t].1.clone()).collect()));
    }
    topics
        .into_iter()
        .map(|(_, keys)| {
            let shown: Vec<String> = keys.iter().map(|k| display_form(k, stats.get(k))).collect();
            Topic {
                id: shown[0].clone(),
                name: shown.join(" · "),
                keywords: keys.iter().map(|k| keyword_for(k)).collect(),
                derived: true,
                quotes: 0,
            }
        })
        .collect()
}

/// How many items two sorted lists share.
fn overlap(a: &[u32], b: &[u32]) -> usize {
    // A short list against a long one (a rare term against a seed, most of the time) is
    // looked up by galloping, not walked side by side: on a document with tens of thousands
    // of terms each seed meets every one of them.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() * 8 < long.len() {
        let mut from = 0;
        let mut n = 0;
        for &x in short {
            let mut step = 1;
            let mut hi = from;
            while hi < long.len() && long[hi] < x {
                from = hi + 1;
                hi += step;
                step *= 2;
            }
            let end = hi.min(long.len());
            from += long[from..end].partition_point(|&y| y < x);
            if long.get(from) == Some(&x) {
                n += 1;
                from += 1;
            }
        }
        return n;
    }
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The form of a term most often written (ties to the shorter, then alphabetical).
fn display_form(key: &str, stats: Option<&TermStats>) -> String {
    stats
        .and_then(|s| {
            s.forms
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(&a.0)))
                .map(|(form, _)| form.clone())
        })
        .unwrap_or_else(|| key.to_string())
}

/// The lexicon keyword that matches a term's forms: Russian stems match as prefixes.
fn keyword_for(key: &str) -> String {
    if key.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        format!("{key}*")
    } else {
        key.to_string()
    }
}

/// Whether the lexicon fits `doc` poorly: under a third of its statements and turns (those
/// of the sample) carry any of its topics.
pub fn lexicon_fits_poorly(doc: &Document, sample: Sample) -> bool {
    let counted = sample.counted_quotes(&doc.paragraphs, &doc.quotes);
    let (all, with_topic) = counted.fold((0, 0), |(all, with), q| {
        (all + 1, with + usize::from(!q.topics.is_empty()))
    });
    all > 0 && with_topic * 3 < all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn each_word_of(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        each_word(text, |w| found.push(w));
        found
    }

    proptest::proptest! {
        #[test]
        fn words_are_read_byte_by_byte_as_char_by_char(
            text in "([a-zA-Z0-9]{0,9}['’\\-—“”.,: \\n]{0,3}(é|ß|Путин|12|x-ray|don’t|'quoted'|--)?){0,16}",
        ) {
            let reference: Vec<&str> = words(&text).collect();
            proptest::prop_assert_eq!(each_word_of(&text), reference);
        }
    }

    /// [`tally_quotes`] as it was first written: every quote asked whether the sample holds
    /// it, every turn seen.
    fn tally_quotes_one_by_one(
        doc: &Document,
        sample: Sample,
        finder: &TermFinder,
        terms: usize,
        cap: usize,
    ) -> (Vec<usize>, Vec<Vec<u32>>) {
        let mut tally = QuoteTally::new(terms);
        let mut turn_end = 0;
        for (index, q) in doc.quotes.iter().enumerate() {
            if !matches!(q.kind, QuoteKind::Statement | QuoteKind::Turn) || q.outer.end() <= turn_end {
                continue;
            }
            if q.kind == QuoteKind::Turn {
                turn_end = q.outer.end();
            }
            if !sample.holds(doc, q.paragraph()) {
                continue;
            }
            each_word(doc.slice(q.inner), |w| {
                if let Some(term) = finder.term(w) {
                    tally.note(term, index as u32, cap);
                }
            });
        }
        (tally.count, tally.lists)
    }

    #[test]
    fn quotes_of_a_sample_are_tallied_by_its_runs_as_one_by_one() {
        // Turns of several paragraphs, statements inside them and between them, over more
        // stripes than the sample reads: turns end in stripes left out.
        let mut text = String::from("Hearing\n\n");
        for i in 0..9000 {
            text.push_str(&format!(
                "ALICE: The budget {i} and “the oil rent, all of it,” said Bob.\n\nMore wages.\n\n"
            ));
            if i % 7 == 0 {
                text.push_str("“Tariffs and wages again,” said Carol.\n\n");
            }
        }
        let doc = crate::document::parse(
            text,
            crate::document::InputFormat::Auto,
            &crate::document::Lexicon::default(),
        );
        for every in [1, 2, 3, 5] {
            let sample = Sample { every };
            let runs = sample.runs(&doc.paragraphs);
            assert!(every == 1 || runs.len() > 2, "{} runs", runs.len());
            let mut vocabulary = Vocabulary::new(BTreeSet::new());
            for index in (0..doc.paragraphs.len()).filter(|&i| sample.holds(&doc, i)) {
                vocabulary.count_paragraph(doc.slice(doc.paragraphs[index].span), index);
            }
            let finder = TermFinder {
                written: &vocabulary.written,
                remap: None,
                keys: &vocabulary.keys,
            };
            let terms = vocabulary.terms.len();
            let by_runs = tally_quotes(&doc, &runs, 0, 0, &finder, terms, 50);
            let reference = tally_quotes_one_by_one(&doc, sample, &finder, terms, 50);
            assert!(reference.0.iter().sum::<usize>() > 100);
            assert_eq!((by_runs.count, by_runs.lists), reference, "one stripe in {every}");
            // The later half on its own, from where the earlier one leaves off.
            let half = doc.paragraphs.len() / 2;
            let split = doc.quotes.partition_point(|q| q.paragraph() < half);
            let late = runs_within(&runs, half..doc.paragraphs.len());
            let late_tally = tally_quotes(
                &doc,
                &late,
                split,
                last_turn_end(&doc.quotes[..split]),
                &finder,
                terms,
                usize::MAX,
            );
            let mut early_tally = tally_quotes(
                &doc,
                &runs_within(&runs, 0..half),
                0,
                0,
                &finder,
                terms,
                usize::MAX,
            );
            early_tally.append(late_tally);
            let whole = tally_quotes_one_by_one(&doc, sample, &finder, terms, usize::MAX);
            assert_eq!(early_tally.count, whole.0, "one stripe in {every}, in halves");
        }
    }

    #[test]
    fn terms_are_counted_on_two_cores_as_on_one() {
        // With and without a paragraph more, so that the middle falls inside a turn once.
        for extra in ["", "A first paragraph.\n\n"] {
            let mut text = format!("Hearing\n\n{extra}");
            let words = [
                "budget",
                "Budgets",
                "oil",
                "rent",
                "Tariffs",
                "x-ray",
                "don’t",
                "выборах",
                "wages",
            ];
            for i in 0..2500 {
                let w = |k: usize| words[(i * 7 + k) % words.len()];
                text.push_str(&format!(
                    "ALICE: The {} and {} {i}.\n\nMore {}. “We will fund the {} again this year, all of it.” said Bob.\n\n",
                    w(0),
                    w(3),
                    w(5),
                    w(1)
                ));
            }
            let doc = crate::document::parse(
                text,
                crate::document::InputFormat::Auto,
                &crate::document::Lexicon::default(),
            );
            assert!(doc.paragraphs.len() >= PARALLEL_FROM);
            assert!(doc.quotes.iter().any(|q| q.kind == QuoteKind::Statement));
            let seen = |both_cores: bool| {
                let stats = count_terms(&doc, Sample::of(&doc), speaker_words(&doc), 800, both_cores);
                type Row = (String, usize, usize, usize, Vec<u32>, Vec<(String, usize)>);
                let mut rows: Vec<Row> = stats
                    .iter()
                    .map(|(k, s)| {
                        let mut forms = s.forms.clone();
                        forms.sort();
                        (
                            k.clone(),
                            s.count,
                            s.paragraphs,
                            s.quote_count,
                            s.quotes.clone(),
                            forms,
                        )
                    })
                    .collect();
                rows.sort();
                rows
            };
            let one = seen(false);
            assert!(
                one.iter()
                    .any(|r| r.0 == "budget" && r.3 > 800 && r.4.len() == 800),
                "{:?}",
                one.first()
            );
            assert_eq!(seen(true), one);
        }
    }

    proptest::proptest! {
        #[test]
        fn overlap_counts_the_quotes_two_lists_share(
            a in proptest::collection::btree_set(0u32..400, 0..60),
            b in proptest::collection::btree_set(0u32..400, 0..300),
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            let shared = a.iter().filter(|x| b.contains(x)).count();
            proptest::prop_assert_eq!(overlap(&a, &b), shared);
            proptest::prop_assert_eq!(overlap(&b, &a), shared);
        }
    }

    #[test]
    fn a_term_is_its_lower_case_singular() {
        assert_eq!(term_key("Budgets").as_deref(), Some("budget"));
        assert_eq!(term_key("famous").as_deref(), Some("famous"));
        assert_eq!(term_key("выборах").as_deref(), Some("выбор"));
        assert_eq!(term_key("the"), None);
        assert_eq!(term_key("2024"), None);
    }

    #[test]
    fn sampled_runs_are_the_paragraphs_the_sample_holds() {
        // Some 6 MB (a stripe in three sampled) of paragraphs of many sizes, among them long
        // ones of 150 to 220 KB: some start in a sampled stripe and run into the next sampled
        // one, where the next paragraph starts, so the runs on either side are one.
        let mut text = String::new();
        for i in 0..3000 {
            let len = match i % 7 {
                0 => 2000,
                3 => 90,
                _ => 600,
            };
            text.push_str(&"word ".repeat(len / 5));
            text.push_str("\n\n");
            if i % 150 == 75 {
                text.push_str(&"long ".repeat(30_000 + i * 5));
                text.push_str("\n\n");
            }
        }
        let doc = crate::document::parse(
            text,
            crate::document::InputFormat::Auto,
            &crate::document::Lexicon::default(),
        );
        let sample = Sample::of(&doc);
        assert!(!sample.is_all());
        let mut expected: Vec<std::ops::Range<usize>> = Vec::new();
        for i in (0..doc.paragraphs.len()).filter(|&i| sample.holds(&doc, i)) {
            match expected.last_mut() {
                Some(run) if run.end == i => run.end = i + 1,
                _ => expected.push(i..i + 1),
            }
        }
        assert!(expected.len() > 10);
        // The held paragraphs of one stripe each, unjoined: fewer runs than that shows
        // some were joined across stripes.
        let stripes: std::collections::BTreeSet<usize> = (0..doc.paragraphs.len())
            .filter(|&i| sample.holds(&doc, i))
            .map(|i| doc.paragraphs[i].span.start() / STRIPE)
            .collect();
        assert!(
            expected.len() < stripes.len(),
            "{} runs, {} stripes",
            expected.len(),
            stripes.len()
        );
        assert_eq!(sample.runs(&doc.paragraphs), expected);
    }
}
