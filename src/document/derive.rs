//! Topics derived from the document itself (SPEC §5), for interviews the lexicon does not
//! fit: the terms most salient in this text (TF-IDF over its own paragraphs) that several
//! quotes share, each grown into a topic with the terms that keep it company.
//!
//! Deterministic by construction: every ranking breaks ties on the term itself, and no hash
//! map's order reaches the result.

use std::collections::BTreeSet;

use crate::document::hash::WordMap;

use crate::document::model::{Document, QuoteKind, Topic};

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
    let lower = word.to_lowercase();
    let chars = lower.chars().count();
    if chars < MIN_WORD_CHARS || is_stop_word(&lower) || !lower.chars().any(char::is_alphabetic) {
        return None;
    }
    if lower.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return Some(lower.chars().take(5).collect());
    }
    let singular = match lower.strip_suffix('s') {
        Some(stem) if chars > 4 && !stem.ends_with('s') && !lower.ends_with("ous") => stem,
        _ => &lower,
    };
    Some(singular.to_string())
}

fn is_stop_word(lower: &str) -> bool {
    use std::sync::LazyLock;
    static STOP: LazyLock<std::collections::HashSet<&'static str>> =
        LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    STOP.contains(lower)
}

/// The words of `text`: letters with inner apostrophes or hyphens.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
}

/// What is known of one term across the document.
#[derive(Default)]
struct TermStats {
    /// Occurrences in all paragraphs.
    count: usize,
    /// Paragraphs holding it.
    paragraphs: usize,
    /// Counted quotes (statements and turns) holding it, in order, without repeats.
    quotes: Vec<usize>,
    /// Surface forms and how often each was written.
    forms: WordMap<String, usize>,
}

/// Topics derived from `doc`'s own text, or none when the text gives too little to go on.
pub fn derive_topics(doc: &Document) -> Vec<Topic> {
    let names = speaker_words(doc);
    let mut stats: WordMap<String, TermStats> = WordMap::default();
    for p in &doc.paragraphs {
        let mut seen = BTreeSet::new();
        for w in words(doc.slice(p.span)) {
            let Some(key) = term_key(w).filter(|k| !names.contains(k)) else {
                continue;
            };
            let entry = stats.entry(key.clone()).or_default();
            entry.count += 1;
            *entry.forms.entry(w.to_lowercase()).or_default() += 1;
            if seen.insert(key) {
                entry.paragraphs += 1;
            }
        }
    }
    // A statement inside a turn repeats the turn's words: count each passage once.
    let mut turn_end = 0;
    for (index, q) in doc.quotes.iter().enumerate() {
        if !matches!(q.kind, QuoteKind::Statement | QuoteKind::Turn) || q.outer.end() <= turn_end {
            continue;
        }
        if q.kind == QuoteKind::Turn {
            turn_end = q.outer.end();
        }
        let mut seen = BTreeSet::new();
        for key in words(doc.slice(q.inner)).filter_map(term_key) {
            if let Some(entry) = stats.get_mut(&key)
                && seen.insert(key)
            {
                entry.quotes.push(index);
            }
        }
    }
    let counted = doc
        .quotes
        .iter()
        .filter(|q| matches!(q.kind, QuoteKind::Statement | QuoteKind::Turn))
        .count();
    // Prefer terms three quotes share; a short interview may only offer terms two share.
    let strict = choose(&stats, doc.paragraphs.len(), counted, 3);
    if strict.len() >= MIN_TOPICS {
        return strict;
    }
    let loose = choose(&stats, doc.paragraphs.len(), counted, 2);
    if loose.len() >= 2 { loose } else { Vec::new() }
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
fn choose(
    stats: &WordMap<String, TermStats>,
    paragraphs: usize,
    counted: usize,
    min_quotes: usize,
) -> Vec<Topic> {
    // Not a term most quotes share; in a short interview, up to half of them.
    let short = if counted < 12 { counted / 2 } else { 0 };
    let max_share = (counted * 2 / 5).max(short).max(min_quotes);
    let n = paragraphs.max(1) as f64;
    let mut ranked: Vec<(f64, &String, &TermStats)> = stats
        .iter()
        .filter(|(_, s)| s.quotes.len() >= min_quotes && s.quotes.len() <= max_share)
        .filter(|(_, s)| s.paragraphs * 2 <= paragraphs.max(2))
        .map(|(k, s)| {
            let idf = (n / s.paragraphs.max(1) as f64).ln() + 1.0;
            (s.count as f64 * idf, k, s)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut topics: Vec<(Vec<usize>, Vec<String>)> = Vec::new();
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
            if !absorbed[j] && overlap(seed, &other.2.quotes) * 2 >= other.2.quotes.len() {
                absorbed[j] = true;
                terms.push(j);
            }
        }
        let mut quotes: Vec<usize> = terms.iter().flat_map(|&t| ranked[t].2.quotes.clone()).collect();
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
fn overlap(a: &[usize], b: &[usize]) -> usize {
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
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)))
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

/// Whether the lexicon fits `doc` poorly: under a third of its statements and turns carry
/// any of its topics.
pub fn lexicon_fits_poorly(doc: &Document) -> bool {
    let counted = doc
        .quotes
        .iter()
        .filter(|q| matches!(q.kind, QuoteKind::Statement | QuoteKind::Turn));
    let (all, with_topic) = counted.fold((0, 0), |(all, with), q| {
        (all + 1, with + usize::from(!q.topics.is_empty()))
    });
    all > 0 && with_topic * 3 < all
}
