//! Who said it (SPEC §3): the five attribution rules, applied in order.
//!
//! Each paragraph's narrative (its text outside quotes) is read as tokens. A reporting verb
//! next to a name, pronoun or role is *evidence*. A quote takes the evidence of its own
//! sentence (after the quote first: the dash sign-off of rule 1, `— said Putin`), then of its
//! paragraph (rule 2); pronouns and roles mean the most recently named person (rule 3); a
//! quote paragraph after a paragraph ending in `:` belongs to that paragraph's speaker (rule
//! 4); a standalone quote paragraph belongs to the person last named, else the previous
//! speaker (rule 5). A quote with no evidence stays unattributed.

use std::borrow::Cow;
use std::mem::MaybeUninit;
use std::sync::LazyLock;

use crate::document::hash::{WordMap, WordSet};
use crate::document::model::{Paragraph, Span};
use crate::document::quotes::{FoundQuote, ends_sentence};
use crate::document::speakers::Registry;
use crate::document::words::{
    AsciiToken, ascii_alphanumeric_run, char_at, each_ascii_token, each_capital, short_ascii_word,
};

/// A token of narrative text.
#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    /// A quotation (index into the quotes being attributed).
    Quote(usize),
    /// `.`, `!`, `?` or `…` ending a sentence.
    Stop,
    /// A dash standing alone (`—`, `–`, `-`, `--`).
    Dash,
    /// Any other punctuation; `:` is kept to recognise rule 4.
    Punct(char),
}

/// Who a piece of evidence points at.
#[derive(Debug, Clone, PartialEq)]
enum Who<'a> {
    /// Borrowed from the text where the name is one word (nearly always, after any title):
    /// a string made for every piece of evidence was a fiftieth of an export.
    Name(Cow<'a, str>),
    /// A pronoun or role: the most recently named person.
    Anaphor,
    /// `I`: in a transcript, whoever's turn it is (`“No,” I told him.`); in an article, the
    /// writer, who is nobody the text names.
    Narrator,
}

#[derive(Debug, Clone)]
struct Evidence<'a> {
    /// Token index of the verb (or of the dash for a bare `— Name` sign-off).
    at: usize,
    who: Who<'a>,
}

const REPORTING_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "add",
    "adds",
    "added",
    "tell",
    "tells",
    "told",
    "note",
    "notes",
    "noted",
    "stress",
    "stresses",
    "stressed",
    "admit",
    "admits",
    "admitted",
    "answer",
    "answers",
    "answered",
    "conclude",
    "concludes",
    "concluded",
    "reject",
    "rejects",
    "rejected",
    "point",
    "points",
    "pointed",
    "explain",
    "explains",
    "explained",
    "recall",
    "recalls",
    "recalled",
    "insist",
    "insists",
    "insisted",
    "claim",
    "claims",
    "claimed",
    "stated",
    "declare",
    "declares",
    "declared",
    "remark",
    "remarks",
    "remarked",
    "comment",
    "comments",
    "commented",
    "continue",
    "continues",
    "continued",
    "argue",
    "argues",
    "argued",
    "ask",
    "asks",
    "asked",
    "reply",
    "replies",
    "replied",
    "respond",
    "responds",
    "responded",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasise",
    "emphasises",
    "emphasised",
    "observe",
    "observes",
    "observed",
    "assure",
    "assures",
    "assured",
    "warn",
    "warns",
    "warned",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "agree",
    "agrees",
    "agreed",
    "suggest",
    "suggests",
    "suggested",
    "write",
    "writes",
    "wrote",
    "call",
    "calls",
    "called",
    "describe",
    "describes",
    "described",
    "confirm",
    "confirms",
    "confirmed",
    "deny",
    "denies",
    "denied",
    "announce",
    "announces",
    "announced",
    "promise",
    "promises",
    "promised",
    "joke",
    "jokes",
    "joked",
    "recount",
    "recounts",
    "recounted",
    "quip",
    "quips",
    "quipped",
    "tweeted",
    "posted",
    "wrote",
    "recalling",
    "adding",
    "noting",
    "explaining",
    "telling",
];

/// Words that may stand between a subject and its verb (`Putin also said`, `she has said`).
static BETWEEN: Caseless = Caseless::new(&[
    // French and Spanish auxiliaries: `Macron a déclaré`, `Sánchez ha dicho`.
    "a",
    "ha",
    "also",
    "then",
    "later",
    "again",
    "once",
    "has",
    "had",
    "have",
    "was",
    "is",
    "will",
    "would",
    "further",
    "previously",
    "recently",
    "repeatedly",
    "never",
    "earlier",
    "first",
    "has",
    "already",
    "still",
    "only",
]);

static PRONOUNS: Caseless = Caseless::new(&["he", "she", "him", "her"]);

/// Whether token `t` is a pronoun that means the person named last.
fn is_pronoun(t: Option<&Tok>) -> bool {
    match t {
        Some(Tok::Word(w)) => PRONOUNS.contains(w) || OTHER_PRONOUNS.contains(w),
        _ => false,
    }
}

/// Words after which a verb is passive: `I was told` says who heard it, not who spoke.
static PASSIVE: Caseless = Caseless::new(&["am", "is", "was", "were", "be", "been"]);

/// Whom something was said to, standing between a verb and its subject in the inverted
/// order: `“…,” told us Chairman Ortega`.
static HEARERS: Caseless = Caseless::new(&["us", "me"]);

/// Nouns that name a role held by a person in the text (`the President`, `the Russian leader`).
static ROLE_NOUNS: Caseless = Caseless::new(&[
    "president",
    "leader",
    "minister",
    "premier",
    "chancellor",
    "senator",
    "governor",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "chairman",
    "chairwoman",
    "ceo",
    "secretary",
    "ambassador",
    "general",
    "politician",
    "interviewer",
    "host",
    "guest",
    "author",
    "journalist",
    "mayor",
    "state",
    "kremlin",
    "professor",
    "diplomat",
    "head",
    "founder",
    "actor",
    "filmmaker",
    "writer",
    "expert",
]);

/// Capitalised words that start sentences or name roles, not people.
static NOT_NAMES: Caseless = Caseless::new(&[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "without",
    "and",
    "but",
    "or",
    "so",
    "if",
    "when",
    "while",
    "where",
    "as",
    "after",
    "before",
    "also",
    "meanwhile",
    "according",
    "answering",
    "responding",
    "however",
    "then",
    "there",
    "here",
    "yes",
    "no",
    "what",
    "why",
    "how",
    "who",
    "asked",
    "speaking",
    "moreover",
    "still",
    "yet",
    "although",
    "though",
    "because",
    "since",
    "now",
    "today",
    "yesterday",
    "thus",
    "instead",
    "besides",
    "indeed",
    "of",
    "to",
    "not",
    "all",
    "some",
    "many",
    "most",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "president",
    "senator",
    "governor",
    "general",
    "minister",
    "prime",
    "chancellor",
    "secretary",
    "director",
    "judge",
    "sir",
    "professor",
    "ambassador",
    "former",
    "russian",
    "american",
    "us",
    "u.s",
    "former",
    "late",
]);

/// Words before a full stop that do not end a sentence.
static ABBREVIATIONS: Caseless = Caseless::new(&[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "vs", "no", "u.s", "etc",
]);

/// French and Spanish reporting verbs that open with two ASCII letters (`« … », a déclaré
/// Macron`, `«…», dijo Sánchez`); the others are in [`OTHER_REPORTING_VERBS`]. Every verb
/// here lets English words of its first two letters and length past `is_plain_word`: `dit`
/// (every `did`) and `señaló` (every `senator`, `security`) are left out for that.
const FOREIGN_REPORTING_VERBS: &[&str] = &[
    "affirme",
    "affirmé",
    "ajoute",
    "ajouté",
    "explique",
    "expliqué",
    "souligne",
    "souligné",
    "indique",
    "indiqué",
    "estime",
    "estimé",
    "confie",
    "confié",
    "raconte",
    "raconté",
    "insiste",
    "insisté",
    "martèle",
    "martelé",
    "poursuit",
    "conclut",
    "avoue",
    "avoué",
    "admet",
    "rappelle",
    "rappelé",
    "interroge",
    "prévient",
    "précise",
    "précisé",
    "dijo",
    "dice",
    "dicho",
    "afirmó",
    "afirma",
    "declaró",
    "declara",
    "explicó",
    "explica",
    "agregó",
    "agrega",
    "aseguró",
    "asegura",
    "indicó",
    "sostuvo",
    "sostiene",
    "comentó",
    "manifestó",
    "subrayó",
    "destacó",
    "apuntó",
    "precisó",
    "insistió",
    "admitió",
    "reconoció",
    "respondió",
    "responde",
    "advirtió",
    "concluyó",
    "relató",
    "contó",
    "expresó",
    "aclaró",
    "recalcó",
    "escribió",
];

/// Reporting verbs that do not open with two ASCII letters: Russian (SPEC §3's `«…», —
/// заключил Путин`: the past in its three forms and the present of the commonest), and the
/// French and Spanish ones that open with an accent (`a déclaré`, `añadió`). Lower case.
const OTHER_REPORTING_VERBS: &[&str] = &[
    "déclare",
    "déclaré",
    "répond",
    "répondu",
    "réplique",
    "répliqué",
    "résume",
    "résumé",
    "dénonce",
    "dénoncé",
    "détaille",
    "détaillé",
    "écrit",
    "añadió",
    "añade",
    "сказал",
    "сказала",
    "сказали",
    "заявил",
    "заявила",
    "заявили",
    "отметил",
    "отметила",
    "отметили",
    "подчеркнул",
    "подчеркнула",
    "подчеркнули",
    "добавил",
    "добавила",
    "добавили",
    "ответил",
    "ответила",
    "ответили",
    "пояснил",
    "пояснила",
    "пояснили",
    "сообщил",
    "сообщила",
    "сообщили",
    "признал",
    "признала",
    "признали",
    "заключил",
    "заключила",
    "заключили",
    "напомнил",
    "напомнила",
    "напомнили",
    "уточнил",
    "уточнила",
    "уточнили",
    "рассказал",
    "рассказала",
    "рассказали",
    "объяснил",
    "объяснила",
    "объяснили",
    "спросил",
    "спросила",
    "спросили",
    "написал",
    "написала",
    "написали",
    "говорил",
    "говорила",
    "говорили",
    "заметил",
    "заметила",
    "заметили",
    "указал",
    "указала",
    "указали",
    "говорит",
    "говорят",
    "заявляет",
    "отмечает",
    "подчеркивает",
    "подчёркивает",
    "пишет",
    "сообщает",
    "поясняет",
    "рассказывает",
    "добавляет",
];

/// Whether a word that does not open with two lower-case ASCII letters is a reporting verb:
/// asked only of those with a byte beyond ASCII among their first two, so English text pays
/// nothing for the list.
#[cold]
#[inline(never)]
fn is_other_reporting_verb(w: &str) -> bool {
    static VERBS: LazyLock<VerbTable> = LazyLock::new(|| VerbTable::of(OTHER_REPORTING_VERBS));
    w.as_bytes().iter().take(2).any(|b| !b.is_ascii()) && VERBS.contains(w)
}

/// Whether a reporting verb is French, Spanish or Russian: before one, a capitalised `Elle`
/// or `Ella` is the pronoun, not the name.
fn is_foreign_reporting_verb(w: &str) -> bool {
    static FOREIGN: LazyLock<VerbTable> = LazyLock::new(|| VerbTable::of(FOREIGN_REPORTING_VERBS));
    FOREIGN.contains(w) || is_other_reporting_verb(w)
}

/// Pronouns beyond English that mean the person named last (rule 3), as written: Russian,
/// French, Spanish (`сказала она`, `il a ajouté`). `elle` and `ella` only in lower case:
/// capitalised, they are names too (Elle, Ella).
const OTHER_PRONOUNS: &[&str] = &["он", "она", "Он", "Она", "il", "Il", "elle", "ella", "él", "Él"];

/// Capitalised words beyond English that open sentences and name nobody: Russian pronouns,
/// conjunctions, prepositions and particles (a capital is all that tells a name in Cyrillic
/// too), and the French and Spanish pronoun `il`, `él`. Compared in lower case.
const OTHER_NOT_NAMES: &[&str] = &[
    "il",
    "él",
    "я",
    "мы",
    "вы",
    "ты",
    "он",
    "она",
    "оно",
    "они",
    "это",
    "этот",
    "эта",
    "эти",
    "тот",
    "то",
    "но",
    "и",
    "а",
    "или",
    "да",
    "нет",
    "не",
    "ни",
    "в",
    "во",
    "на",
    "по",
    "к",
    "ко",
    "с",
    "со",
    "у",
    "о",
    "об",
    "от",
    "до",
    "из",
    "за",
    "для",
    "при",
    "как",
    "что",
    "так",
    "там",
    "тут",
    "здесь",
    "когда",
    "где",
    "если",
    "все",
    "всё",
    "его",
    "ее",
    "её",
    "их",
    "мне",
    "нам",
    "вам",
    "им",
    "ему",
    "ей",
    "кто",
    "почему",
    "зачем",
    "теперь",
    "сейчас",
    "потом",
    "тогда",
    "уже",
    "еще",
    "ещё",
    "вот",
    "ну",
    "же",
    "ли",
    "бы",
    "по-моему",
    "конечно",
    "спасибо",
];

/// A reporting verb as written in running text: lower case (`States` is not `states`).
#[inline]
fn is_reporting_verb(w: &str) -> bool {
    /// Every word of every paragraph is tested: a set, not a scan of ~100 verbs, behind a
    /// table of the lengths verbs have per first two letters, which turns nearly every
    /// other word away unhashed.
    static VERBS: LazyLock<VerbTable> = LazyLock::new(|| {
        VerbTable::of(Box::leak(
            [REPORTING_VERBS, FOREIGN_REPORTING_VERBS].concat().into(),
        ))
    });
    static LENGTHS: [u32; 26 * 26] =
        lengths_by_first_two_letters(&[REPORTING_VERBS, FOREIGN_REPORTING_VERBS]);
    let Some(slot) = two_letters(w.as_bytes()) else {
        return is_other_reporting_verb(w);
    };
    LENGTHS[slot] & (1 << w.len().min(31)) != 0 && VERBS.contains(w)
}

/// A fixed list of words, found by a hash of a word's first and last bytes read as numbers
/// (open addressing): a word in ten reaches this lookup, where a hashed set spent over a
/// hundred instructions hashing it byte by byte. Each slot holds its word's first eight bytes
/// and length, so a word of up to eight bytes (nearly every verb) is compared as one number,
/// without reaching for the list or calling `memcmp`.
struct VerbTable {
    words: &'static [&'static str],
    slots: Vec<VerbSlot>,
}

/// A slot of a [`VerbTable`]; a length of 0 is an empty slot.
#[derive(Clone, Copy, Default)]
struct VerbSlot {
    /// The first eight bytes of the word, little-endian, zero past its end.
    head: u64,
    len: u32,
    /// Its index in the list.
    word: u32,
}

impl VerbTable {
    fn of(words: &'static [&'static str]) -> VerbTable {
        let size = (words.len() * 4).next_power_of_two();
        let mut slots = vec![VerbSlot::default(); size];
        for (i, w) in words.iter().enumerate() {
            let b = w.as_bytes();
            let mut at = Self::slot(b, size);
            while slots[at].len != 0 {
                at = (at + 1) % size;
            }
            slots[at] = VerbSlot {
                head: head_of(b),
                len: u32::try_from(b.len()).unwrap_or(u32::MAX),
                word: u32::try_from(i).unwrap_or(u32::MAX),
            };
        }
        VerbTable { words, slots }
    }

    /// The first slot of a word: its first and last four (or eight) bytes, and its length.
    fn slot(w: &[u8], size: usize) -> usize {
        let four = |b: &[u8; 4]| u64::from(u32::from_le_bytes(*b));
        let key = match (w.first_chunk::<8>(), w.last_chunk::<8>()) {
            (Some(a), Some(b)) => u64::from_le_bytes(*a) ^ u64::from_le_bytes(*b).rotate_left(29),
            _ => match (w.first_chunk::<4>(), w.last_chunk::<4>()) {
                (Some(a), Some(b)) => four(a) | four(b) << 32,
                _ => w.iter().fold(0, |k, &c| k << 8 | u64::from(c)),
            },
        } ^ (w.len() as u64) << 56;
        // `size` is a power of two: a mask, not a division.
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (size - 1)
    }

    fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let size = self.slots.len();
        let head = head_of(b);
        let mut at = Self::slot(b, size);
        loop {
            let slot = self.slots[at];
            if slot.len == 0 {
                return false;
            }
            if slot.len as usize == b.len()
                && slot.head == head
                && (b.len() <= 8
                    || self
                        .words
                        .get(slot.word as usize)
                        .is_some_and(|x| x.as_bytes().get(8..) == b.get(8..)))
            {
                return true;
            }
            at = (at + 1) & (size - 1);
        }
    }
}

/// The first eight bytes of `b` as a little-endian number, zero past its end. From four
/// bytes on, two overlapping loads (a copy of variable length would be a call).
#[inline(always)]
fn head_of(b: &[u8]) -> u64 {
    let four = |x: &[u8; 4]| u64::from(u32::from_le_bytes(*x));
    match (b.first_chunk::<8>(), b.first_chunk::<4>(), b.last_chunk::<4>()) {
        (Some(eight), _, _) => u64::from_le_bytes(*eight),
        // Bytes `n - 4..n` moved up to where they stand; the overlap is the same bytes.
        (None, Some(first), Some(last)) => four(first) | four(last) << (8 * (b.len() - 4)),
        _ => b.iter().rev().fold(0, |k, &c| k << 8 | u64::from(c)),
    }
}

/// A word of one to eight bytes as one number ([`head_of`]), the key of the tables that
/// remember what was found of a word. Two words share a head only if one is the other with
/// zero bytes after it; a word that ends in a zero byte (none the tokenizer makes) has none.
#[inline(always)]
fn short_key(w: &[u8]) -> Option<u64> {
    match w.last() {
        Some(&last) if last != 0 && w.len() <= 8 => Some(head_of(w)),
        _ => None,
    }
}

/// Whether a word is certainly none the tokenizer notes: it opens with two lower-case
/// letters, and no reporting verb, addressing word or `according` opens with them at its
/// length. Nine words in ten of a text are turned away by this one lookup.
#[inline]
fn is_plain_word(w: &str) -> bool {
    static NOTED_LENGTHS: [u32; 26 * 26] = lengths_by_first_two_letters(&[
        REPORTING_VERBS,
        FOREIGN_REPORTING_VERBS,
        ADDRESSING,
        &["according"],
    ]);
    match two_letters(w.as_bytes()) {
        Some(slot) => NOTED_LENGTHS[slot] & (1 << w.len().min(31)) == 0,
        None => false,
    }
}

/// For the words of `lists` (lower case, two letters or more), bit `n` of the entry of
/// their first two letters ([`two_letters`]): some word of `n` bytes (31 for longer) opens
/// with them.
const fn lengths_by_first_two_letters(lists: &[&[&str]]) -> [u32; 26 * 26] {
    let mut lengths = [0u32; 26 * 26];
    let mut l = 0;
    while l < lists.len() {
        let list = lists[l];
        let mut i = 0;
        while i < list.len() {
            let v = list[i].as_bytes();
            let slot = (v[0] - b'a') as usize * 26 + (v[1] - b'a') as usize;
            lengths[slot] |= 1 << if v.len() < 31 { v.len() } else { 31 };
            i += 1;
        }
        l += 1;
    }
    lengths
}

/// The table slot of a word's first two letters, when both are ASCII lower case.
#[inline]
fn two_letters(w: &[u8]) -> Option<usize> {
    match w {
        [a @ b'a'..=b'z', b @ b'a'..=b'z', ..] => Some(usize::from(a - b'a') * 26 + usize::from(b - b'a')),
        _ => None,
    }
}

/// A short list of lower-case ASCII words, asked whether it holds a word whatever its
/// case, without a lower-case copy. The rules ask around every verb and full stop, and
/// nearly every word asked is in no list: a table of the list's words by length and first
/// letter turns those away before any comparison, and leaves one or two to compare.
struct Caseless {
    words: &'static [&'static str],
    /// Bit `n` of entry `[l]`: some word is `n` bytes long and starts with letter `l`. Asked
    /// first: a tenth of a kilobyte stays in the nearest cache, where the table below (13 KB
    /// a list, eight lists) missed it often enough to double the lookups' time.
    lengths: [u32; 26],
    /// Bit `i` of entry `[n][l]`: word `i` is `n` bytes long and starts with letter `l`.
    candidates: [[u128; 26]; 32],
}

impl Caseless {
    const fn new(words: &'static [&'static str]) -> Caseless {
        let mut candidates = [[0u128; 26]; 32];
        let mut lengths = [0u32; 26];
        assert!(words.len() <= 128);
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            assert!(w.len() < 32 && w[0].is_ascii_lowercase());
            candidates[w.len()][(w[0] - b'a') as usize] |= 1 << i;
            lengths[(w[0] - b'a') as usize] |= 1 << w.len();
            i += 1;
        }
        Caseless {
            words,
            lengths,
            candidates,
        }
    }

    fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let Some(&first) = b.first() else {
            return false;
        };
        let letter = usize::from(first.to_ascii_lowercase().wrapping_sub(b'a'));
        let Some(&lengths) = self.lengths.get(letter) else {
            return false;
        };
        if b.len() >= 32 || lengths & (1 << b.len()) == 0 {
            return false;
        }
        let Some(mut candidates) = self.candidates.get(b.len()).and_then(|c| c.get(letter)).copied() else {
            return false;
        };
        while candidates != 0 {
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if self.words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w)) {
                return true;
            }
        }
        false
    }
}

/// Whether a word may be (part of) a name: capitalised, not all capitals, and none of the
/// capitalised words that name nobody. Asked of the words around every reporting verb and
/// every capital of a document: a word of up to eight bytes has its answer remembered by
/// its bytes ([`short_key`]), on each thread, in a direct-mapped table (an empty slot's key,
/// 0, is no word's).
fn is_name_word(w: &str) -> bool {
    let Some(head) = short_key(w.as_bytes()) else {
        return judge_name_word(w);
    };
    thread_local! {
        static NAME_WORDS: [std::cell::Cell<(u64, bool)>; 1 << NAME_WORD_BITS] =
            const { [const { std::cell::Cell::new((0, false)) }; 1 << NAME_WORD_BITS] };
    }
    let slot = (head.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - NAME_WORD_BITS)) as usize;
    NAME_WORDS.with(|table| {
        let Some(entry) = table.get(slot) else {
            return judge_name_word(w);
        };
        match entry.get() {
            (key, is) if key == head => is,
            _ => {
                let is = judge_name_word(w);
                entry.set((head, is));
                is
            }
        }
    })
}

/// Slots in [`is_name_word`]'s table: 16 KB a thread.
const NAME_WORD_BITS: u32 = 10;

/// [`is_name_word`], worked out.
fn judge_name_word(w: &str) -> bool {
    if w.is_ascii() {
        let b = w.as_bytes();
        return b.first().is_some_and(u8::is_ascii_uppercase)
            && b.iter().any(u8::is_ascii_lowercase)
            && !NOT_NAMES.contains(w)
            // French `Il a déclaré`: a pronoun (see `OTHER_PRONOUNS`).
            && w != "Il";
    }
    if !(w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase)) {
        return false;
    }
    let lower = w.to_lowercase();
    !NOT_NAMES.contains(&lower) && !OTHER_NOT_NAMES.contains(&lower.as_str())
}

/// Whether a word opens with a capital: the only words that can name a known person.
fn is_capitalised(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Words after which a name may be spoken to (`asked Merkel`): that person is someone a
/// later pronoun can mean.
const ADDRESSING: &[&str] = &[
    "ask",
    "asks",
    "asked",
    "tell",
    "tells",
    "told",
    "interviewed",
    "interviews",
];

/// A paragraph's narrative as tokens, with the places the rules look at noted while
/// tokenizing, so the rules visit those few tokens rather than every word. One is reused
/// for every paragraph: a 100 MB hearing has hundreds of thousands.
#[derive(Default)]
struct Tokens<'a> {
    toks: Vec<Tok<'a>>,
    /// Reporting verbs, `according`, and dashes after a quote or comma: where evidence starts.
    triggers: Vec<usize>,
    /// Words after which a person spoken to is named.
    addressing: Vec<usize>,
    /// Capitalised words: where a known person may be named.
    capitals: Vec<usize>,
    /// Stops and quotes: where sentences may end, and the quotes to attribute.
    marks: Vec<usize>,
    /// Whether a capitalised word (as written) names a known person, as found so far.
    known_person: WordMap<&'a str, bool>,
    /// The same for words of up to eight bytes, by [`short_key`] and slot: asked of every
    /// capitalised word of a document, one load rather than a hash of the word.
    known_short: Vec<(u64, bool)>,
    /// Room for the paragraph's evidence (see [`evidence_in`]).
    evidence: Vec<Evidence<'a>>,
    /// Words of up to eight bytes and their class, by [`short_key`] and slot (an empty
    /// slot's key, 0, is no word's).
    classes: Vec<(u64, u8)>,
}

impl<'a> Tokens<'a> {
    /// Tokens of `text[span]`, with `quotes` (outer spans overlapping it) as single tokens.
    fn fill(&mut self, text: &'a str, span: Span, quotes: &[(u32, Span)]) {
        self.toks.clear();
        self.triggers.clear();
        self.addressing.clear();
        self.capitals.clear();
        self.marks.clear();
        each_piece(span, quotes, |piece| match piece {
            Piece::Narrative(range) => self.words(&text[range]),
            Piece::Quote(index) => {
                self.marks.push(self.toks.len());
                self.toks.push(Tok::Quote(index as usize));
            }
        });
    }

    /// Words and punctuation of narrative text. ASCII, nearly all of it, is read a window
    /// of bytes at a time; a token beyond ASCII, character by character.
    fn words(&mut self, s: &'a str) {
        let mut i = 0;
        while i < s.len() {
            i = each_ascii_token(s, i, |token| match token {
                AsciiToken::Word(w) => self.push_word(w),
                AsciiToken::Punct {
                    byte,
                    before_alphanumeric,
                } => self.push_punct(char::from(byte), before_alphanumeric),
            });
            if i < s.len() {
                i = self.one_token(s, i);
            }
        }
    }

    /// Read the token (or space) at byte `i` character by character; where it ends.
    fn one_token(&mut self, s: &'a str, i: usize) -> usize {
        if s.as_bytes()[i].is_ascii_whitespace() {
            return i + 1;
        }
        let (c, len) = char_at(s, i);
        if c.is_alphanumeric() {
            let end = word_end(s, i + len);
            self.push_word(&s[i..end]);
            return end;
        }
        let after = i + len;
        if !c.is_whitespace() {
            self.push_punct(c, c == '-' && char_at_is_alphanumeric(s, after));
        }
        after
    }

    /// Punctuation `c`, which may stand before a letter or digit.
    fn push_punct(&mut self, c: char, before_alphanumeric: bool) {
        if matches!(c, '.' | '!' | '?' | '…') {
            let abbreviation = c == '.'
                && matches!(self.toks.last(), Some(Tok::Word(w)) if ABBREVIATIONS.contains(w)
                    || is_one_capital(w));
            if abbreviation {
                self.toks.push(Tok::Punct('.'));
            } else {
                self.marks.push(self.toks.len());
                self.toks.push(Tok::Stop);
            }
        } else if matches!(c, '—' | '–') || (c == '-' && !before_alphanumeric) {
            if !matches!(self.toks.last(), Some(Tok::Dash)) {
                // Rule 1 without a verb (`“…” — Putin`) starts at such a dash.
                if matches!(self.toks.last(), Some(Tok::Quote(_) | Tok::Punct(','))) {
                    self.triggers.push(self.toks.len());
                }
                self.toks.push(Tok::Dash);
            }
        } else {
            self.toks.push(Tok::Punct(c));
        }
    }

    #[inline(always)]
    fn push_word(&mut self, w: &'a str) {
        let at = self.toks.len();
        self.toks.push(Tok::Word(w));
        if !is_plain_word(w) {
            self.note_word(at, w);
        }
    }

    /// Note word `at` among the places the rules look at, if it is one.
    #[inline(never)]
    fn note_word(&mut self, at: usize, w: &'a str) {
        if is_capitalised(w) {
            self.capitals.push(at);
            if w.eq_ignore_ascii_case("according") {
                self.triggers.push(at);
            }
        } else if let Some(head) = short_key(w.as_bytes()) {
            let class = self.short_word_class(w, head);
            if class & REPORTS != 0 {
                self.triggers.push(at);
            }
            if class & ADDRESSES != 0 {
                self.addressing.push(at);
            }
        } else if is_reporting_verb(w) {
            self.triggers.push(at);
            if ADDRESSING.contains(&w) {
                self.addressing.push(at);
            }
        } else if w.eq_ignore_ascii_case("according") {
            self.triggers.push(at);
        } else if w.len() >= 10 && ADDRESSING.contains(&w) {
            self.addressing.push(at);
        }
    }
}

impl Tokens<'_> {
    /// What a word of up to eight bytes that is not capitalised is to the rules (a reporting
    /// verb, one after which a person spoken to is named), remembered by its bytes: the
    /// same few hundred words come back all through a document.
    fn short_word_class(&mut self, w: &str, head: u64) -> u8 {
        if self.classes.is_empty() {
            self.classes = vec![(0, 0); 1 << WORD_CLASS_BITS];
        }
        let slot = (head.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - WORD_CLASS_BITS)) as usize;
        match self.classes.get(slot) {
            Some(&(key, class)) if key == head => class,
            _ => {
                let class = short_word_class(w);
                if let Some(entry) = self.classes.get_mut(slot) {
                    *entry = (head, class);
                }
                class
            }
        }
    }
}

/// [`Tokens::short_word_class`], worked out.
fn short_word_class(w: &str) -> u8 {
    // The addressing words are reporting verbs, but for two longer ones.
    match is_reporting_verb(w) {
        true if ADDRESSING.contains(&w) => REPORTS | ADDRESSES,
        true => REPORTS,
        false => 0,
    }
}

/// Bits of a word's class ([`Tokens::short_word_class`]).
const REPORTS: u8 = 1;
const ADDRESSES: u8 = 2;
/// Slots in [`Tokens::classes`]: 16 KB.
const WORD_CLASS_BITS: u32 = 10;

/// Whether `w` is a single capital letter (an initial, `J.`), without counting the
/// characters of every word that stands before a full stop.
fn is_one_capital(w: &str) -> bool {
    match w.as_bytes() {
        [b] => b.is_ascii_uppercase(),
        // One character is at most four bytes; nearly every word asked is longer.
        b if b.len() > 4 || b.first().is_some_and(u8::is_ascii) => false,
        _ => {
            let mut chars = w.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
        }
    }
}

fn char_at_is_alphanumeric(s: &str, i: usize) -> bool {
    i < s.len() && char_at(s, i).0.is_alphanumeric()
}

/// Where a word that started before `i` ends: letters and digits, joined across `.`, `'`,
/// `’` and `-` when a letter or digit follows (`U.S.`, `don’t`, `well-known`).
#[inline(always)]
fn word_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() {
        i = ascii_alphanumeric_run(b, i);
        if i >= b.len() || !may_continue_word(b[i]) {
            break;
        }
        let (d, len) = char_at(s, i);
        if d.is_alphanumeric() || (matches!(d, '.' | '\'' | '’' | '-') && char_at_is_alphanumeric(s, i + len))
        {
            i += len;
        } else {
            break;
        }
    }
    i
}

/// A stretch of a paragraph: narrative text, or one of its quotes.
enum Piece {
    Narrative(std::ops::Range<usize>),
    Quote(u32),
}

/// The pieces of `span` in order, with `quotes` (outer spans overlapping it) as one piece
/// each; narrative pieces are never empty.
fn each_piece(span: Span, quotes: &[(u32, Span)], mut piece: impl FnMut(Piece)) {
    let mut pos = span.start();
    for &(index, outer) in quotes {
        let start = outer.start().max(span.start());
        if start > pos {
            piece(Piece::Narrative(pos..start));
        }
        piece(Piece::Quote(index));
        pos = pos.max(outer.end().min(span.end()));
    }
    if pos < span.end() {
        piece(Piece::Narrative(pos..span.end()));
    }
}

/// Whether a byte that is not an ASCII letter or digit may still belong to a word: a joiner
/// (`.`, `'`, `-`) or the start of a character beyond ASCII (`’`, `é`).
#[inline(always)]
fn may_continue_word(b: u8) -> bool {
    !b.is_ascii() || matches!(b, b'.' | b'\'' | b'-')
}

/// Sentence boundaries, into `out`: token ranges ending at a stop, or at a quote that ends
/// in one and is followed by a capitalised word. Only the stops and quotes (`marks`) are
/// visited, not every token.
fn sentences(
    toks: &[Tok],
    marks: &[usize],
    quote_ends_sentence: impl Fn(usize) -> bool,
    out: &mut Vec<std::ops::Range<usize>>,
) {
    out.clear();
    let mut start = 0;
    for &i in marks {
        let ends = match toks[i] {
            Tok::Stop => true,
            Tok::Quote(q) => {
                quote_ends_sentence(q)
                    && matches!(toks.get(i + 1), Some(Tok::Word(w)) if w.chars().next().is_some_and(char::is_uppercase))
            }
            _ => false,
        };
        if ends {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
}

/// The name run ending at token `end` (exclusive), if the words before it are a name.
fn name_before<'a>(toks: &[Tok<'a>], end: usize) -> Option<(usize, Cow<'a, str>)> {
    let mut start = end;
    while start > 0 && matches!(toks[start - 1], Tok::Word(w) if is_name_word(w)) {
        start -= 1;
    }
    (start < end).then(|| (start, join_words(&toks[start..end])))
}

/// Titles of address that may stand before a name (`said Mr. Brennan`, `— Dr. Fauci`).
static TITLES: Caseless = Caseless::new(&[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "senator",
    "sen",
    "president",
    "chairman",
    "chairwoman",
    "governor",
    "gov",
    "general",
    "gen",
    "minister",
    "secretary",
    "judge",
    "ambassador",
    "rep",
    "representative",
    "sir",
    "mayor",
    "congressman",
    "congresswoman",
    "director",
    "commissioner",
]);

/// The token where a name starts after any title of address at `start` (and its dot).
fn after_title(toks: &[Tok], start: usize) -> usize {
    let Some(Tok::Word(w)) = toks.get(start) else {
        return start;
    };
    if !TITLES.contains(w) {
        return start;
    }
    let next = match toks.get(start + 1) {
        Some(Tok::Punct('.')) => start + 2,
        _ => start + 1,
    };
    match toks.get(next) {
        Some(Tok::Word(n)) if is_name_word(n) => next,
        _ => start,
    }
}

/// The name run starting at token `start` (after any title), if any. A capitalised `The`
/// there opens the name (`said The Witness`, a hearing's `THE WITNESS:`; `according to The
/// New York Times`): in mid-sentence the capital says it is part of one.
fn name_after<'a>(toks: &[Tok<'a>], start: usize) -> Option<Cow<'a, str>> {
    if matches!(toks.get(start), Some(Tok::Word("The"))) {
        return name_run(toks, start + 1).map(|name| Cow::Owned(format!("The {name}")));
    }
    name_run(toks, after_title(toks, after_foreign_role(toks, start)))
}

/// Where a name starts after a French or Spanish role at `start`, an article and one word
/// in lower case (`dijo el presidente Pedro Sánchez`, `a déclaré le ministre Bruno Le
/// Maire`), or a Russian one, a word in lower case (`отметил министр Лавров`); `start`
/// itself where there is none. English roles are read by `role_after` and
/// the titles of address.
fn after_foreign_role(toks: &[Tok], start: usize) -> usize {
    let lower = |i: usize| matches!(toks.get(i), Some(Tok::Word(w)) if w.starts_with(char::is_lowercase));
    let named = |i: usize| matches!(toks.get(i), Some(Tok::Word(w)) if is_name_word(w));
    // Russian has no article: a lower-case Cyrillic word (`— отметил министр Лавров`).
    let cyrillic =
        matches!(toks.get(start), Some(Tok::Word(w)) if matches!(w.as_bytes().first(), Some(0xD0 | 0xD1)));
    if cyrillic && lower(start) && named(start + 1) {
        return start + 1;
    }
    let article = matches!(toks.get(start), Some(Tok::Word("el" | "la" | "le")));
    if article && lower(start + 1) && named(start + 2) {
        start + 2
    } else {
        start
    }
}

/// The run of up to four name words from token `start`, joined.
fn name_run<'a>(toks: &[Tok<'a>], start: usize) -> Option<Cow<'a, str>> {
    let mut end = start;
    while end < toks.len() && matches!(toks[end], Tok::Word(w) if is_name_word(w)) && end - start < 4 {
        end += 1;
    }
    (end > start).then(|| join_words(&toks[start..end]))
}

fn join_words<'a>(toks: &[Tok<'a>]) -> Cow<'a, str> {
    if let [Tok::Word(w)] = toks {
        return Cow::Borrowed(w);
    }
    let mut joined = String::new();
    for t in toks {
        if let Tok::Word(w) = t {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(w);
        }
    }
    Cow::Owned(joined)
}

/// Whether token `t` is a word of `list` (lower-case ASCII), whatever its case. Asked
/// around every reporting verb: it compares in place rather than lower-casing a copy.
fn word_in(t: Option<&Tok>, list: &Caseless) -> bool {
    matches!(t, Some(Tok::Word(w)) if list.contains(w))
}

/// Whether token `t` is the word `word` (lower-case ASCII), whatever its case.
fn word_is(t: Option<&Tok>, word: &str) -> bool {
    matches!(t, Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word))
}

/// Whether token `t` is an adverb in `-ly` (`Putin repeatedly said`).
fn is_ly_adverb(t: Option<&Tok>) -> bool {
    matches!(t, Some(Tok::Word(w)) if w.len() > 4 && w.as_bytes()[w.len() - 2..].eq_ignore_ascii_case(b"ly"))
}

/// Whether the words ending at `end` (exclusive) are a role such as `the head of state`.
fn role_before(toks: &[Tok], end: usize) -> bool {
    let Some(noun) = end.checked_sub(1) else {
        return false;
    };
    word_in(toks.get(noun), &ROLE_NOUNS) && (end.saturating_sub(5)..noun).any(|i| word_is(toks.get(i), "the"))
}

/// Whether the words from `start` are a role (`the President`, `the head of state`).
fn role_after(toks: &[Tok], start: usize) -> bool {
    word_is(toks.get(start), "the") && (start + 1..start + 5).any(|i| word_in(toks.get(i), &ROLE_NOUNS))
}

/// Who the subject of a verb at `verb` is: a name, pronoun or role before it, or after it
/// in the inverted order (`said Putin`, `said the President`, `according to him`).
fn subject_of<'a>(toks: &[Tok<'a>], verb: usize, titled: &Titled) -> Option<Who<'a>> {
    let mut end = verb;
    while end > 0 && (word_in(toks.get(end - 1), &BETWEEN) || is_ly_adverb(toks.get(end - 1))) {
        end -= 1;
    }
    let before = end.checked_sub(1).and_then(|i| toks.get(i));
    if matches!(before, Some(Tok::Word("Elle" | "Ella")))
        && matches!(toks.get(verb), Some(Tok::Word(v)) if is_foreign_reporting_verb(v))
    {
        return Some(Who::Anaphor);
    }
    if let Some((_, name)) = name_before(toks, end) {
        return Some(Who::Name(name));
    }
    let passive = toks[end..verb].iter().any(|t| word_in(Some(t), &PASSIVE));
    if word_is(end.checked_sub(1).and_then(|i| toks.get(i)), "I") && !passive {
        return Some(Who::Narrator);
    }
    if let Some(name) = end.checked_sub(2).and_then(|the| titled.named_at(toks, the)) {
        return Some(Who::Name(Cow::Owned(name)));
    }
    if is_pronoun(end.checked_sub(1).and_then(|i| toks.get(i))) || role_before(toks, end) {
        return Some(Who::Anaphor);
    }
    let hearer = usize::from(word_in(toks.get(verb + 1), &HEARERS));
    subject_after(toks, verb + 1 + hearer, titled)
}

fn subject_after<'a>(toks: &[Tok<'a>], start: usize, titled: &Titled) -> Option<Who<'a>> {
    if let Some(name) = name_after(toks, start) {
        return Some(Who::Name(name));
    }
    if let Some(name) = titled.named_at(toks, start) {
        return Some(Who::Name(Cow::Owned(name)));
    }
    let pronoun = is_pronoun(toks.get(start));
    (pronoun || role_after(toks, start)).then_some(Who::Anaphor)
}

/// The roles a transcript's labels name (`THE WITNESS:`, `THE PRESIDENT:`, `CHAIRMAN
/// ORTEGA:` when he is the only chairman), by lower-case noun. Where a label does,
/// `the witness said` and `said the chairman` name that speaker — not whoever was named last, as a role does elsewhere
/// (rule 3). Known names (the first pass) are found without them: every label's speaker is
/// known already.
#[derive(Default)]
struct Titled(WordMap<String, String>);

impl Titled {
    fn of(registry: &Registry) -> Titled {
        Titled(registry.titled_roles().into_iter().collect())
    }

    /// The name a label gives the role `the NOUN` at token `the` (`the witness`, `the
    /// chairman` for `CHAIRMAN ORTEGA:`), if one does.
    fn named_at(&self, toks: &[Tok], the: usize) -> Option<String> {
        if self.0.is_empty() || !word_is(toks.get(the), "the") {
            return None;
        }
        let Some(Tok::Word(noun)) = toks.get(the + 1) else {
            return None;
        };
        self.0.get(&noun.to_lowercase()).cloned()
    }
}

/// All evidence in a paragraph, in reading order.
/// The evidence in a paragraph's tokens, into `out` (reused: most paragraphs have some).
fn evidence_in<'a>(tokens: &Tokens<'a>, titled: &Titled, out: &mut Vec<Evidence<'a>>) {
    let toks = &tokens.toks;
    out.clear();
    for &i in &tokens.triggers {
        let who = match &toks[i] {
            Tok::Word(w) if is_reporting_verb(w) => subject_of(toks, i, titled),
            Tok::Word(w) if w.eq_ignore_ascii_case("according") && word_is(toks.get(i + 1), "to") => {
                subject_after(toks, i + 2, titled)
            }
            // Rule 1 without a verb: `“…” — Putin`.
            Tok::Dash => name_after(toks, i + 1).map(Who::Name),
            _ => None,
        };
        if let Some(who) = who {
            out.push(Evidence { at: i, who });
        }
    }
}

/// A sign-off line of its own under a pull quote: `- Jane Doe, Director of X`.
pub fn sign_off_name(line: &str) -> Option<String> {
    // Asked of the paragraph after every quote: its start turns nearly all away, before its
    // end is read for white space.
    let rest = line.trim_start().strip_prefix(['-', '—', '–'])?.trim();
    let name = rest.split(',').next()?.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name = !words.is_empty()
        && words.len() <= 4
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (is_name && !line.contains('\n')).then(|| name.to_string())
}

/// Who was found to say each quote, one slot per quote.
pub struct Speakers(Vec<u32>);

/// The slot of a quote nobody was found to say.
const NOBODY: u32 = u32::MAX;

fn slot(speaker: Option<usize>) -> u32 {
    speaker.and_then(|s| u32::try_from(s).ok()).unwrap_or(NOBODY)
}

impl Speakers {
    /// The speaker of quote `index`, if the text says who it is.
    pub fn of(&self, index: usize) -> Option<usize> {
        self.0.get(index).filter(|&&s| s != NOBODY).map(|&s| s as usize)
    }
}

/// Attribute every quote the scanner found (transcript turns already have their speaker from
/// the label); fills `registry`.
pub fn attribute(
    text: &str,
    paragraphs: &[Paragraph],
    found: &[FoundQuote],
    registry: &mut Registry,
) -> Speakers {
    attribute_reading_ahead(text, paragraphs, found, registry, paragraphs.len() >= 2048)
}

/// [`attribute`], with the reading done ahead on other threads or not.
fn attribute_reading_ahead(
    text: &str,
    paragraphs: &[Paragraph],
    found: &[FoundQuote],
    registry: &mut Registry,
    ahead: bool,
) -> Speakers {
    let by_paragraph = QuotesByParagraph::new(found, paragraphs.len());
    // Every paragraph is read token by token: testing first whether one may hold evidence
    // cost more than reading it (measured on a hearing).
    let known = known_names(text, paragraphs, &by_paragraph);
    let titled = Titled::of(registry);
    let reader = Reader {
        text,
        paragraphs,
        found,
        by_paragraph: &by_paragraph,
        known: &known,
        titled: &titled,
    };
    let mut walk = Walk {
        registry,
        mentioned: Remembered::default(),
        last_person: None,
        last_speaker: None,
        result: vec![NOBODY; found.len()],
        paragraph_speaker: vec![NOBODY; paragraphs.len()],
        turn_speaker: None,
        resolved: Vec::new(),
    };
    // Tokens are made paragraph by paragraph, twice, rather than kept for the whole
    // document: on a 100 MB hearing they would be several times the size of the text.
    // Reading a paragraph does not depend on the walk, so on a long document one thread
    // reads ahead while the walk resolves what it read.
    if !ahead {
        let mut tokens = Tokens::default();
        let mut read = Prepared::default();
        for index in 0..paragraphs.len() {
            reader.prepare(index, &mut tokens, &mut read);
            walk.apply(&read, &reader);
        }
    } else {
        walk_with_reader_ahead(&reader, &mut walk);
    }
    Speakers(walk.result)
}

/// Paragraphs read per batch handed to the walk.
const BATCH: usize = 256;
/// How many batches reading may run ahead of the walk: it bounds the memory of batches
/// read and not yet walked when one thread is held up (this machine's neighbours).
const AHEAD: usize = 16;

/// Batches read and not yet walked, and buffers to reuse.
#[derive(Default)]
struct Board<'t> {
    /// Read batches by number, waiting for the walk.
    ready: std::collections::BTreeMap<usize, Vec<Prepared<'t>>>,
    /// The number of the next batch the walk needs.
    walked: usize,
    spare: Vec<Vec<Prepared<'t>>>,
}

/// Two threads (this one and one more) read batches in turn and walk them: whichever
/// finishes a batch walks every batch that is ready in order, unless the other is walking.
/// A walking thread of its own (the walk is a tenth of the work) left the cores idle in
/// stretches while it and the readers woke each other.
fn walk_with_reader_ahead<'t>(reader: &Reader<'t>, walk: &mut Walk<'_, 't>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, PoisonError};
    let count = reader.paragraphs.len();
    let batches = count.div_ceil(BATCH);
    let next = AtomicUsize::new(0);
    let board = Mutex::new(Board::default());
    let walked_on = Condvar::new();
    let walk = Mutex::new(walk);
    let board_lock = || board.lock().unwrap_or_else(PoisonError::into_inner);
    // Walk the ready batches in order while this thread holds the walk; then look again,
    // since a batch handed in while this thread was walking found the walk taken.
    let walk_ready = || {
        while let Ok(mut walk) = walk.try_lock() {
            loop {
                let batch = {
                    let mut b = board_lock();
                    let walked = b.walked;
                    match b.ready.remove(&walked) {
                        Some(batch) => batch,
                        None => break,
                    }
                };
                for read in &batch {
                    walk.apply(read, reader);
                }
                let mut b = board_lock();
                b.walked += 1;
                b.spare.push(batch);
                walked_on.notify_all();
            }
            drop(walk);
            let b = board_lock();
            if !b.ready.contains_key(&b.walked) {
                break;
            }
        }
    };
    let work = || {
        let mut tokens = Tokens::default();
        loop {
            let n = next.fetch_add(1, Ordering::Relaxed);
            if n >= batches {
                break;
            }
            let mut batch = {
                let mut b = board_lock();
                while n >= b.walked + AHEAD {
                    b = walked_on.wait(b).unwrap_or_else(PoisonError::into_inner);
                }
                b.spare.pop().unwrap_or_default()
            };
            let start = n * BATCH;
            let end = (start + BATCH).min(count);
            batch.resize_with(end - start, Prepared::default);
            for (read, index) in batch.iter_mut().zip(start..end) {
                reader.prepare(index, &mut tokens, read);
            }
            board_lock().ready.insert(n, batch);
            walk_ready();
        }
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        work();
        other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
    walk_ready();
}

/// The quotes overlapping each paragraph, as one list with a start per paragraph (a
/// `Vec` per paragraph would cost more than the quotes on a long transcript).
struct QuotesByParagraph {
    starts: Vec<u32>,
    quotes: Vec<(u32, Span)>,
}

impl QuotesByParagraph {
    fn new(found: &[FoundQuote], paragraphs: usize) -> Self {
        Self::in_halves_from(found, paragraphs, QUOTES_BY_PARAGRAPH_HALVES_FROM)
    }

    /// [`QuotesByParagraph::new`], its paragraphs in two halves on two cores from
    /// `halves_from` quotes on: on one core, building it was 8 ms of a 100 MB hearing with
    /// the other core idle.
    fn in_halves_from(found: &[FoundQuote], paragraphs: usize, halves_from: usize) -> Self {
        let middle = if found.len() >= halves_from {
            paragraphs / 2
        } else {
            paragraphs
        };
        Self::cut_at(found, paragraphs, middle)
    }

    /// [`QuotesByParagraph::new`], the paragraphs before `middle` on this core and the rest
    /// on another.
    fn cut_at(found: &[FoundQuote], paragraphs: usize, middle: usize) -> Self {
        let mut starts = vec![0u32; paragraphs + 1];
        let middle = middle.min(paragraphs);
        // Counts of the paragraphs before `middle`, then of the rest; each half's starts.
        let (early, late) = starts.split_at_mut(middle);
        let halves = middle < paragraphs;
        let (early_total, late_total) = both(
            halves,
            || count_by_paragraph(found, 0, early),
            || count_by_paragraph(found, middle, late),
        );
        for start in late.iter_mut() {
            *start += early_total;
        }
        let total = early_total + late_total;
        if let Some(end) = starts.last_mut() {
            *end = total;
        }
        // Written by the fills below, each slot once, not filled in first: the fill was a
        // quarter of the time on a hearing (the first touch of the memory).
        let mut quotes: Vec<(u32, Span)> = Vec::with_capacity(total as usize);
        let room = &mut quotes.spare_capacity_mut()[..total as usize];
        let (early_quotes, late_quotes) = room.split_at_mut(early_total as usize);
        let (early_starts, late_starts) = starts[..paragraphs].split_at(middle);
        let (early_whole, late_whole) = both(
            halves,
            || fill_by_paragraph(found, 0, early_starts, early_quotes, 0),
            || fill_by_paragraph(found, middle, late_starts, late_quotes, early_total),
        );
        if !(early_whole && late_whole) {
            // Never so (the fills meet the same quotes as the counts): built plainly.
            return Self::on_one_core(found, paragraphs);
        }
        // SAFETY: each fill wrote every slot of its part (it says so: each paragraph's
        // cursor went from its start to the next one's, a slot at a time).
        unsafe { quotes.set_len(total as usize) };
        QuotesByParagraph { starts, quotes }
    }

    /// The list built with no unwritten room at any time, on this core.
    #[cold]
    fn on_one_core(found: &[FoundQuote], paragraphs: usize) -> Self {
        let mut starts = vec![0u32; paragraphs + 1];
        let total = count_by_paragraph(found, 0, &mut starts[..paragraphs]);
        if let Some(end) = starts.last_mut() {
            *end = total;
        }
        let mut quotes = vec![(0, Span::new(0, 0)); total as usize];
        let mut fill = starts.clone();
        for (i, q) in found.iter().enumerate() {
            for slot in &mut fill[overlapped(q, 0, paragraphs)] {
                quotes[*slot as usize] = (u32::try_from(i).unwrap_or(u32::MAX), q.outer);
                *slot += 1;
            }
        }
        QuotesByParagraph { starts, quotes }
    }

    fn of(&self, paragraph: usize) -> &[(u32, Span)] {
        match (self.starts.get(paragraph), self.starts.get(paragraph + 1)) {
            (Some(&a), Some(&b)) => &self.quotes[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// From `halves_from` quotes on, [`QuotesByParagraph`] is built on two cores.
const QUOTES_BY_PARAGRAPH_HALVES_FROM: usize = 1 << 16;

/// Run `a` on this thread and `b` on another, at once if `parallel`, else one after the other
/// on this thread.
fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let later = scope.spawn(b);
        let early = a();
        (
            early,
            later.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    })
}

/// The quotes that may overlap the paragraphs from `first` on, with their numbers: those
/// starting there or later, and those before that end there or later. Quotes are in reading
/// order, so the first are found by binary search; the others are asked one by one.
fn quotes_reaching(found: &[FoundQuote], first: usize) -> impl Iterator<Item = (usize, &FoundQuote)> {
    let from = found.partition_point(|q| q.paragraph() < first);
    let (before, after) = found.split_at(from);
    before
        .iter()
        .enumerate()
        .filter(move |(_, q)| q.last_paragraph() >= first)
        .chain(after.iter().enumerate().map(move |(i, q)| (from + i, q)))
}

/// The paragraphs of `first..end` a quote overlaps, counted from `first`.
fn overlapped(q: &FoundQuote, first: usize, end: usize) -> std::ops::Range<usize> {
    let from = q.paragraph().max(first);
    let to = (q.last_paragraph() + 1).min(end).max(from);
    from - first..to - first
}

/// Quotes overlapping each of the paragraphs from `first` on (as many as `starts` has),
/// written into `starts` as each one's first place in that part of the list; the count of all.
fn count_by_paragraph(found: &[FoundQuote], first: usize, starts: &mut [u32]) -> u32 {
    let end = first + starts.len();
    for (_, q) in quotes_reaching(found, first).take_while(|(_, q)| q.paragraph() < end) {
        for c in &mut starts[overlapped(q, first, end)] {
            *c += 1;
        }
    }
    let mut total = 0u32;
    for c in starts.iter_mut() {
        let n = *c;
        *c = total;
        total += n;
    }
    total
}

/// Fill `quotes` (the part of the list for the paragraphs from `first` on, which starts at
/// `base` in the whole list) from `starts`, as [`count_by_paragraph`] made them; whether every
/// slot was written (each paragraph's cursor ended where the next one's started).
fn fill_by_paragraph(
    found: &[FoundQuote],
    first: usize,
    starts: &[u32],
    quotes: &mut [MaybeUninit<(u32, Span)>],
    base: u32,
) -> bool {
    let end = first + starts.len();
    let mut fill: Vec<u32> = starts.iter().map(|&s| s - base).collect();
    for (i, q) in quotes_reaching(found, first).take_while(|(_, q)| q.paragraph() < end) {
        for slot in &mut fill[overlapped(q, first, end)] {
            if let Some(room) = quotes.get_mut(*slot as usize) {
                room.write((u32::try_from(i).unwrap_or(u32::MAX), q.outer));
            }
            *slot += 1;
        }
    }
    let next_starts = starts
        .iter()
        .skip(1)
        .map(|&s| s - base)
        .chain(std::iter::once(quotes.len() as u32));
    fill.iter().zip(next_starts).all(|(&cursor, next)| cursor == next)
}

/// A paragraph without its transcript label.
fn narrative_span(p: &Paragraph) -> Span {
    match &p.label {
        Some(label) => Span::new(label.span.end().min(p.span.end()), p.span.end()),
        None => p.span,
    }
}

/// Surnames of everyone some evidence names: the people pronouns and roles can mean.
/// People are the names that speak (evidence) and the names spoken to (`asked Merkel`).
/// The paragraphs are independent here, so they are read on two threads.
fn known_names(text: &str, paragraphs: &[Paragraph], by_paragraph: &QuotesByParagraph) -> Surnames {
    // Paragraphs are taken a run at a time from a shared count: how many a thread reads
    // token by token depends on what it has met, and fixed halves left a core idle.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let names_read = || {
        let mut names = Surnames::default();
        let mut tokens = Tokens::default();
        let mut evidence = Vec::new();
        let mut settled = Settled::default();
        loop {
            let start = next.fetch_add(NAMES_RUN, std::sync::atomic::Ordering::Relaxed);
            if start >= paragraphs.len() {
                break;
            }
            for (index, paragraph) in paragraphs.iter().enumerate().skip(start).take(NAMES_RUN) {
                let narrative = narrative_span(paragraph);
                let quotes = by_paragraph.of(index);
                // Names come from evidence, and evidence ends a name only in a few places: a
                // paragraph with no unknown name word in one of them is not read token by
                // token. On a hearing the same few people are named in nearly every paragraph.
                if !may_name_someone_new(text, narrative, quotes, &names, &mut settled) {
                    continue;
                }
                tokens.fill(text, narrative, quotes);
                let toks = &tokens.toks;
                evidence_in(&tokens, &Titled::default(), &mut evidence);
                for ev in evidence.drain(..) {
                    if let Who::Name(n) = ev.who {
                        remember_name(&mut names, &n);
                    }
                }
                for &i in &tokens.addressing {
                    if let Some(name) = name_after(toks, i + 1) {
                        remember_name(&mut names, &name);
                    }
                }
            }
        }
        names
    };
    if paragraphs.len() < 2048 {
        return names_read();
    }
    // Each thread finds the names of the paragraphs it read; together, every name (a
    // paragraph is passed over only when its names are known to the thread already).
    std::thread::scope(|scope| {
        let other = scope.spawn(names_read);
        let mut names = names_read();
        names.extend(other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        names
    })
}

/// Paragraphs a thread takes at a time to find names in.
const NAMES_RUN: usize = 1024;

/// Add a name's surname to `names`, lower-cased (nothing is allocated when it is there).
fn remember_name(names: &mut Surnames, name: &str) {
    let surname = name.split_whitespace().last().unwrap_or("");
    if !names.knows(surname) {
        names.insert(surname.to_lowercase());
    }
}

/// Whether a paragraph may name someone not in `names` yet. Every name evidence gives ends
/// in a capitalised name word of the narrative, and only that last word is kept: when all
/// of them are known already, the paragraph adds nothing.
///
/// `settled` remembers words that can never be new (known, or no name), so the same few
/// capitalised words of a long document are not lower-cased and looked up over and over.
fn may_name_someone_new<'t>(
    text: &'t str,
    span: Span,
    quotes: &[(u32, Span)],
    names: &Surnames,
    settled: &mut Settled<'t>,
) -> bool {
    let mut new = false;
    each_piece(span, quotes, |piece| {
        if let Piece::Narrative(range) = piece
            && !new
        {
            let s = &text[range];
            new = each_capital(s, |at, len| {
                // Most capitalised words are short and ASCII: their end and key in one load.
                let (end, short) = match short_ascii_word(s.as_bytes(), at) {
                    Some((n, key)) if len == 1 => (at + n, Some(key)),
                    _ => {
                        let end = word_end(s, at + len);
                        (end, short_word_key(s.as_bytes(), at, end))
                    }
                };
                if settled.contains_short(short) {
                    return false;
                }
                let word = &s[at..end];
                if settled.contains_long(word) {
                    return false;
                }
                if is_name_word(word) && !names.knows(word) {
                    // Unknown, but only new where evidence could end a name with it.
                    return may_end_a_name(s, at, end);
                }
                settled.insert(word, short);
                false
            });
        }
    });
    new
}

/// Capitalised words that can never name someone new (known, or no name), asked of every
/// capitalised word of a document's narrative. A word of up to eight bytes (nearly all) is
/// looked for first as one number in a direct-mapped table, without hashing it byte by
/// byte (that was most of the first pass's time on a hearing).
#[derive(Default)]
struct Settled<'t> {
    /// Short words as [`short_word_key`] gives them, by slot; 0 is an empty slot.
    short: Vec<u64>,
    set: WordSet<&'t str>,
}

/// Slots in [`Settled::short`]: a hearing's sentence openers and names, a few hundred.
const SETTLED_SLOTS_BITS: u32 = 11;

impl<'t> Settled<'t> {
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SETTLED_SLOTS_BITS)) as usize
    }

    /// Whether a word of up to eight bytes, by its key, is settled (`false` for a longer one:
    /// ask [`Settled::contains_long`] then).
    #[inline(always)]
    fn contains_short(&self, short: Option<u64>) -> bool {
        short.is_some_and(|key| self.short.get(Self::slot(key)) == Some(&key))
    }

    /// Whether a word not found by [`Settled::contains_short`] is settled.
    fn contains_long(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    fn insert(&mut self, word: &'t str, short: Option<u64>) {
        if let Some(key) = short {
            if self.short.is_empty() {
                self.short = vec![0; 1 << SETTLED_SLOTS_BITS];
            }
            let slot = Self::slot(key);
            self.short[slot] = key;
        }
        if self.set.len() < MEMO_LIMIT {
            self.set.insert(word);
        }
    }
}

/// The word `b[at..end]` as one number when it has one to eight bytes: its bytes,
/// little-endian, zero above them (a word holds no zero byte, so no two words share one).
fn short_word_key(b: &[u8], at: usize, end: usize) -> Option<u64> {
    let n = end.checked_sub(at).filter(|n| (1..=8).contains(n))?;
    let eight = match b.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        Some(eight) => u64::from_le_bytes(*eight),
        None => {
            let mut eight = [0u8; 8];
            eight[..n].copy_from_slice(b.get(at..end)?);
            u64::from_le_bytes(eight)
        }
    };
    Some(eight & (u64::MAX >> (64 - 8 * n)))
}

/// Whether the word `s[at..end]` stands where evidence could end a name with it: right
/// before its verb (`Putin said`, `Putin also said`), or at most a title and three more
/// name words after what starts evidence (`said Mr. Vladimir Putin`, `— Putin`,
/// `according to Putin`, `asked Putin`). Read around the word in place, without tokens:
/// a hearing's sentences open with capitalised words that are nobody, far from any verb.
/// Anything unusual beside the word (a character beyond ASCII) answers yes: the paragraph
/// is then read token by token, as before this test.
fn may_end_a_name(s: &str, at: usize, end: usize) -> bool {
    if next_word_may_follow_a_subject(s, end) {
        return true;
    }
    // After evidence starts, a name runs on over name words, up to four of them.
    match words_since_evidence_start(s, at) {
        Some(between) => between >= 3 || !next_word_is_a_name(s, end),
        None => false,
    }
}

/// Whether a name word follows `end`, spaces only between (one beyond ASCII may be one).
fn next_word_is_a_name(s: &str, end: usize) -> bool {
    let b = s.as_bytes();
    let mut i = end;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    match b.get(i) {
        Some(c) if !c.is_ascii() => true,
        Some(c) if c.is_ascii_alphanumeric() => is_name_word(&s[i..word_end(s, i + 1)]),
        _ => false,
    }
}

/// Whether the words after `end` (spaces only between) are a reporting verb, after any
/// words that may stand between a subject and its verb: `subject_of` reads them back.
fn next_word_may_follow_a_subject(s: &str, end: usize) -> bool {
    let b = s.as_bytes();
    let mut i = end;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            Some(c) if !c.is_ascii() => return true,
            Some(c) if c.is_ascii_alphanumeric() => {
                let next = word_end(s, i + 1);
                let w = &s[i..next];
                if is_reporting_verb(w) {
                    return true;
                }
                let between = BETWEEN.contains(w)
                    || (w.len() > 4 && w.as_bytes()[w.len() - 2..].eq_ignore_ascii_case(b"ly"));
                if !between {
                    return false;
                }
                i = next;
            }
            _ => return false,
        }
    }
}

/// Tokens looked back over for what starts evidence: a title, its dot and three name
/// words may stand between (two spare).
const EVIDENCE_REACH: usize = 8;

/// How many words stand between `at` and what starts evidence just before it, when only
/// name words, a title and its dot stand there: a reporting or addressing verb, the `to`
/// of `according to`, or a dash. A character beyond ASCII on the way counts as a start.
fn words_since_evidence_start(s: &str, at: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = at;
    let mut words = 0;
    for _ in 0..EVIDENCE_REACH {
        while i > 0 && b[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        let c = *i.checked_sub(1).and_then(|j| b.get(j))?;
        if !c.is_ascii() || c == b'-' {
            return Some(words);
        }
        if c.is_ascii_alphanumeric() {
            let start = ascii_word_start(b, i);
            if start > 0 && !b[start - 1].is_ascii() {
                return Some(words);
            }
            let w = &s[start..i];
            if is_reporting_verb(w) || ADDRESSING.contains(&w) {
                return Some(words);
            }
            if w.eq_ignore_ascii_case("to") && word_before_is_according(s, start) {
                return Some(words);
            }
            // `told us Ortega`, `said The Witness`: see `subject_of` and `name_after`.
            if !is_name_word(w) && !TITLES.contains(w) && w != "The" && !HEARERS.contains(w) {
                return None;
            }
            words += 1;
            i = start;
        } else if c == b'.' && title_before(s, i - 1) {
            i -= 1;
        } else {
            return None;
        }
    }
    None
}

/// Whether the word before `at` (spaces only between) is `according`.
fn word_before_is_according(s: &str, at: usize) -> bool {
    word_before_is(s, at, |w| w.eq_ignore_ascii_case("according"))
}

/// Whether the word before `at` (spaces only between) is a title (`Mr` before `.`).
fn title_before(s: &str, at: usize) -> bool {
    word_before_is(s, at, |w| TITLES.contains(w))
}

/// Whether the word before `at` (spaces only between) is one `is` accepts; a character
/// beyond ASCII there may be anything, so it is accepted too.
fn word_before_is(s: &str, at: usize, is: impl Fn(&str) -> bool) -> bool {
    let b = s.as_bytes();
    let mut i = at;
    while i > 0 && b[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    match i.checked_sub(1).map(|j| b[j]) {
        Some(c) if !c.is_ascii() => true,
        Some(c) if c.is_ascii_alphanumeric() => {
            let start = ascii_word_start(b, i);
            (start > 0 && !b[start - 1].is_ascii()) || is(&s[start..i])
        }
        _ => false,
    }
}

/// Where the ASCII word ending at `end` starts: letters and digits, joined across `.`,
/// `'` and `-` between two of them, as [`word_end`] joins them reading forward.
fn ascii_word_start(b: &[u8], end: usize) -> usize {
    let mut i = end;
    loop {
        while i > 0 && b[i - 1].is_ascii_alphanumeric() {
            i -= 1;
        }
        let joined = i >= 2 && matches!(b[i - 1], b'.' | b'\'' | b'-') && b[i - 2].is_ascii_alphanumeric();
        if !joined {
            return i;
        }
        i -= 1;
    }
}

/// Words remembered per thread by the memos above and below: enough for every name and
/// sentence opener of a long document, and a bound on what a hostile one can make us keep.
const MEMO_LIMIT: usize = 4096;
/// Slots in [`Tokens::known_short`] (a word of up to eight bytes is its own key, [`short_key`]).
const KNOWN_SHORT_BITS: u32 = 11;

/// Lower-case surnames of the people pronouns and roles can mean, with a table of the
/// lengths they come in per first two letters. Every capitalised word of a document is
/// asked whether it is one, and on a hearing those are mostly sentence openers: the table
/// turns nearly all of them away without lower-casing or hashing them.
struct Surnames {
    set: WordSet<String>,
    /// Bit `n` of slot `ab`: a surname of `n` bytes starts with `ab` (see [`two_letters`]).
    lengths: Vec<u32>,
}

impl Default for Surnames {
    fn default() -> Self {
        Surnames {
            set: WordSet::default(),
            lengths: vec![0; 26 * 26],
        }
    }
}

impl Surnames {
    fn insert(&mut self, lower: String) {
        if let Some(slot) = two_letters(lower.as_bytes()) {
            self.lengths[slot] |= 1 << lower.len().min(31);
        }
        self.set.insert(lower);
    }

    fn extend(&mut self, other: Surnames) {
        for name in other.set {
            self.insert(name);
        }
    }

    /// Whether `word`, as written, is a known surname whatever its case. An ASCII word
    /// opening with two letters can only be a surname that opens with them and is as long.
    fn knows(&self, word: &str) -> bool {
        self.may_know(word) && is_known_to(&self.set, word)
    }

    /// Whether the table lets `word` through: false only for words no surname can be.
    fn may_know(&self, word: &str) -> bool {
        let b = word.as_bytes();
        if let [x, y, ..] = b
            && let Some(slot) = two_letters(&[x.to_ascii_lowercase(), y.to_ascii_lowercase()])
            && word.is_ascii()
        {
            return self.lengths[slot] & (1 << b.len().min(31)) != 0;
        }
        true
    }
}

/// Whether a capitalised word's lower-case form is in `names` (lower-cased on the stack).
fn is_known_to(names: &WordSet<String>, word: &str) -> bool {
    let mut lower = [0u8; 32];
    match lower.get_mut(..word.len()) {
        Some(buf) if word.is_ascii() => {
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).is_ok_and(|l| names.contains(l))
        }
        _ => names.contains(&last_word_lower(word)),
    }
}

fn last_word_lower(name: &str) -> String {
    name.split_whitespace().last().unwrap_or("").to_lowercase()
}

/// What reading a paragraph needs; all of it is fixed before the walk starts.
struct Reader<'a> {
    text: &'a str,
    paragraphs: &'a [Paragraph],
    found: &'a [FoundQuote],
    by_paragraph: &'a QuotesByParagraph,
    /// Lower-case surnames of the people pronouns and roles can mean.
    known: &'a Surnames,
    /// Roles the labels name with `the`.
    titled: &'a Titled,
}

/// Something the walk meets in a paragraph, in reading order.
enum Event<'a> {
    /// Evidence at a token: who it points at.
    Evidence(usize, Who<'a>),
    /// A known person named (a capitalised word that is a known surname).
    Mention(&'a str),
}

/// A paragraph read for the walk: everything that does not depend on who was named before.
#[derive(Default)]
struct Prepared<'a> {
    index: usize,
    events: Vec<Event<'a>>,
    sentences: Vec<std::ops::Range<usize>>,
    /// Quote tokens: position and quote index.
    quotes: Vec<(usize, usize)>,
    /// Whether the paragraph opens with a quote.
    standalone: bool,
    /// A sign-off line (`- Jane Doe, Director`) in the paragraph after it.
    sign_off: Option<String>,
}

impl<'a> Reader<'a> {
    /// Whether a capitalised word is the surname of a known person.
    fn is_known(&self, word: &str) -> bool {
        self.known.knows(word)
    }

    /// [`Reader::names_known_person`], a word of up to eight bytes remembered in `short`.
    fn names_known_person_by_head(
        &self,
        w: &'a str,
        short: &mut Vec<(u64, bool)>,
        memo: &mut WordMap<&'a str, bool>,
    ) -> bool {
        let Some(head) = short_key(w.as_bytes()) else {
            return self.names_known_person(w, memo);
        };
        if short.is_empty() {
            *short = vec![(0, false); 1 << KNOWN_SHORT_BITS];
        }
        let slot = (head.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - KNOWN_SHORT_BITS)) as usize;
        match short.get(slot) {
            Some(&(key, known)) if key == head => known,
            _ => {
                let known = self.known.may_know(w) && self.is_known(w) && is_name_word(w);
                if let Some(entry) = short.get_mut(slot) {
                    *entry = (head, known);
                }
                known
            }
        }
    }

    /// Whether a capitalised word names a known person, remembered in `memo`.
    fn names_known_person(&self, w: &'a str, memo: &mut WordMap<&'a str, bool>) -> bool {
        if !self.known.may_know(w) {
            return false;
        }
        if let Some(&known) = memo.get(w) {
            return known;
        }
        let known = self.is_known(w) && is_name_word(w);
        if memo.len() < MEMO_LIMIT {
            memo.insert(w, known);
        }
        known
    }

    /// Read paragraph `index` into `out` (its buffers are reused).
    fn prepare(&self, index: usize, tokens: &mut Tokens<'a>, out: &mut Prepared<'a>) {
        out.index = index;
        out.events.clear();
        out.sentences.clear();
        out.quotes.clear();
        out.standalone = false;
        out.sign_off = None;
        let narrative = narrative_span(&self.paragraphs[index]);
        let quotes = self.by_paragraph.of(index);
        tokens.fill(self.text, narrative, quotes);
        let toks = &tokens.toks;
        // Evidence and mentions in reading order: evidence at a token comes before a
        // mention at the same token (`According`), as the walk once met them.
        let mut found = std::mem::take(&mut tokens.evidence);
        evidence_in(tokens, self.titled, &mut found);
        let mut evidence = found.drain(..).peekable();
        for &i in &tokens.capitals {
            while let Some(ev) = evidence.next_if(|ev| ev.at <= i) {
                out.events.push(Event::Evidence(ev.at, ev.who));
            }
            if let Tok::Word(w) = toks[i]
                && self.names_known_person_by_head(w, &mut tokens.known_short, &mut tokens.known_person)
            {
                out.events.push(Event::Mention(w));
            }
        }
        out.events
            .extend(evidence.map(|ev| Event::Evidence(ev.at, ev.who)));
        tokens.evidence = found;
        out.quotes
            .extend(tokens.marks.iter().filter_map(|&pos| match toks[pos] {
                Tok::Quote(q) => Some((pos, q)),
                _ => None,
            }));
        let has_evidence = out.events.iter().any(|e| matches!(e, Event::Evidence(..)));
        if !has_evidence && out.quotes.is_empty() {
            return;
        }
        let quote_ends_sentence = |q: usize| {
            self.found
                .get(q)
                .is_some_and(|f| ends_sentence(&self.text[f.inner.range()]))
        };
        sentences(toks, &tokens.marks, quote_ends_sentence, &mut out.sentences);
        out.standalone = matches!(toks.first(), Some(Tok::Quote(_)));
        out.sign_off = self
            .paragraphs
            .get(index + 1)
            .and_then(|p| sign_off_name(&self.text[p.span.range()]));
    }
}

struct Walk<'r, 't> {
    registry: &'r mut Registry,
    /// Who each name or word mentioning a known person named, while the registry has the
    /// number of speakers it had then (finding a name anew was most of the walk's time on a
    /// hearing).
    mentioned: Remembered<'t>,
    /// The most recently named known person (rule 3).
    last_person: Option<usize>,
    /// The speaker of the previous attributed quote (rule 5's fallback).
    last_speaker: Option<usize>,
    /// Each quote's speaker slot ([`NOBODY`] for none).
    result: Vec<u32>,
    /// Each paragraph's speaker, for rule 4.
    paragraph_speaker: Vec<u32>,
    /// Whose turn the paragraph being walked is in, in a transcript: who `I` is.
    turn_speaker: Option<usize>,
    /// Room for a paragraph's evidence resolved to speakers (reused: most paragraphs have some).
    resolved: Vec<Resolved>,
}

impl<'t> Walk<'_, 't> {
    /// Resolve evidence to a speaker as of token `at`, updating who was last named.
    fn resolve(&mut self, who: &Who<'t>) -> Option<usize> {
        match who {
            Who::Name(n) => {
                let id = match n {
                    Cow::Borrowed(w) => self.intern_remembered(w),
                    Cow::Owned(w) => self.registry.intern(w),
                };
                self.last_person = Some(id);
                Some(id)
            }
            Who::Anaphor => self.last_person,
            Who::Narrator => self.turn_speaker,
        }
    }

    /// Whose turn paragraph `index` is in: its label's speaker, else the turn running on
    /// from the paragraph before in its section (SPEC §4), else nobody's.
    fn enter_paragraph(&mut self, index: usize, paragraphs: &[Paragraph]) {
        let p = &paragraphs[index];
        let same_section = index
            .checked_sub(1)
            .is_some_and(|before| paragraphs[before].section() == p.section());
        self.turn_speaker = match &p.label {
            Some(label) => Some(label.speaker()),
            None if same_section => self.turn_speaker,
            None => None,
        };
    }

    /// A known person named: now the person named last.
    fn mention(&mut self, w: &'t str) {
        let id = match self.remembered(w) {
            Some(id) => id,
            None => {
                let now = self.registry.speaker_count();
                let id = self.registry.find(w).unwrap_or_else(|| self.registry.intern(w));
                self.remember(w, id, now);
                id
            }
        };
        self.last_person = Some(id);
    }

    /// [`Registry::intern`] for a name written in the text, its speaker remembered: on a
    /// hearing the same few names end evidence in nearly every paragraph.
    fn intern_remembered(&mut self, w: &'t str) -> usize {
        match self.remembered(w) {
            Some(id) => {
                self.registry.count_form(id, w);
                id
            }
            None => {
                let now = self.registry.speaker_count();
                let id = self.registry.intern(w);
                self.remember(w, id, now);
                id
            }
        }
    }

    /// The speaker `w` was found to be, if no speaker was added since (one added may be whom
    /// a surname now means).
    fn remembered(&mut self, w: &str) -> Option<usize> {
        let now = self.registry.speaker_count();
        if self.mentioned.speakers != now {
            self.mentioned.forget(now);
        }
        self.mentioned.get(w)
    }

    /// Remember that `w` is speaker `id`, found when the registry had `before` speakers:
    /// kept only if none was added meanwhile.
    fn remember(&mut self, w: &'t str, id: usize, before: usize) {
        if self.registry.speaker_count() == before && self.mentioned.speakers == before {
            self.mentioned.insert(w, id);
        }
    }

    /// Walk one paragraph: who was named in it, and who said each quote that ends in it.
    fn apply(&mut self, read: &Prepared<'t>, reader: &Reader) {
        let mut resolved = std::mem::take(&mut self.resolved);
        resolved.clear();
        self.apply_resolving(read, reader, &mut resolved);
        self.resolved = resolved;
    }

    /// [`Walk::apply`], the paragraph's evidence resolved into `resolved`.
    fn apply_resolving(&mut self, read: &Prepared<'t>, reader: &Reader, resolved: &mut Vec<Resolved>) {
        let index = read.index;
        self.enter_paragraph(index, reader.paragraphs);
        let person_at_start = self.last_person;
        // Resolve every piece of evidence in reading order, so pronouns see who came before.
        for event in &read.events {
            match event {
                Event::Evidence(at, who) => {
                    let speaker = self.resolve(who);
                    resolved.push((*at, speaker));
                }
                Event::Mention(w) => self.mention(w),
            }
        }
        if resolved.is_empty() && read.quotes.is_empty() {
            // Nothing to attribute and no evidence: who the paragraph is about is whoever
            // was named last (rule 4).
            self.paragraph_speaker[index] = slot(self.last_person);
            return;
        }
        let sents = &read.sentences;
        let sign_off = read.sign_off.as_ref().map(|n| self.registry.intern(n));
        let paragraph_speaker = self.speaker_of_paragraph(sents, resolved);
        self.paragraph_speaker[index] = slot(paragraph_speaker);
        for &(pos, q) in &read.quotes {
            // A multi-paragraph quote is attributed in its last paragraph, where a sign-off stands.
            if reader.found[q].last_paragraph() != index {
                continue;
            }
            let sentence = sentence_at(sents, pos);
            let speaker = closest_after(resolved, &sentence, pos)
                .or_else(|| sign_off.map(Some))
                .or_else(|| closest_before(resolved, &sentence, pos))
                .or_else(|| closest_anywhere(resolved, pos))
                .flatten()
                .or_else(|| {
                    self.fallback(
                        index,
                        read.standalone,
                        person_at_start,
                        reader.paragraphs,
                        reader.text,
                        reader.found[q].paragraph(),
                    )
                });
            self.result[q] = slot(speaker);
            if speaker.is_some() {
                self.last_speaker = speaker;
            }
        }
    }

    /// Rules 4 and 5 for a quote whose own paragraph gives no evidence.
    fn fallback(
        &self,
        index: usize,
        standalone: bool,
        person_at_start: Option<usize>,
        paragraphs: &[Paragraph],
        text: &str,
        first: usize,
    ) -> Option<usize> {
        if !standalone || paragraphs[index].label.is_some() {
            return None;
        }
        let before = first.checked_sub(1)?;
        let prev = &paragraphs[before];
        if prev.section() == paragraphs[first].section()
            && text[prev.span.start()..prev.span.end()].trim_end().ends_with(':')
            && let Some(s) = Some(self.paragraph_speaker[before])
                .filter(|&s| s != NOBODY)
                .map(|s| s as usize)
        {
            return Some(s);
        }
        person_at_start.or(self.last_speaker)
    }

    /// Who a paragraph is about (rule 4): the evidence of its last sentence (the one that
    /// ends in `:`), else whoever was named last by its end.
    fn speaker_of_paragraph(&self, sents: &[std::ops::Range<usize>], resolved: &[Resolved]) -> Option<usize> {
        let last = sents.last();
        last.and_then(|s| {
            resolved
                .iter()
                .rev()
                .find(|(at, _)| s.contains(at))
                .and_then(|r| r.1)
        })
        .or(self.last_person)
    }
}

type Resolved = (usize, Option<usize>);

/// The walk's memo of the speaker each name as written means, as of `speakers` speakers.
/// A name of up to eight bytes (a hearing's surnames, nearly all) is found first as one
/// number in a direct-mapped table: hashing it byte by byte for the map was most of the
/// time the walk spent remembering (a hundred thousand lookups on 10 MB of hearing).
#[derive(Default)]
struct Remembered<'t> {
    speakers: usize,
    /// `(key, speaker + 1)` by slot, for names of up to eight bytes ([`short_key`]); zero
    /// where empty.
    short: Vec<(u64, u32)>,
    map: WordMap<&'t str, usize>,
}

/// Slots in [`Remembered::short`].
const REMEMBERED_SLOTS_BITS: u32 = 8;

impl<'t> Remembered<'t> {
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - REMEMBERED_SLOTS_BITS)) as usize
    }

    /// Forget everything: the registry now has `speakers` speakers.
    fn forget(&mut self, speakers: usize) {
        self.speakers = speakers;
        self.map.clear();
        self.short.iter_mut().for_each(|s| *s = (0, 0));
    }

    fn get(&self, w: &str) -> Option<usize> {
        if let Some(key) = short_key(w.as_bytes())
            && let Some(&(k, id)) = self.short.get(Self::slot(key))
            && k == key
            && id > 0
        {
            return Some(id as usize - 1);
        }
        self.map.get(w).copied()
    }

    fn insert(&mut self, w: &'t str, id: usize) {
        if let Some(key) = short_key(w.as_bytes())
            && let Ok(stored) = u32::try_from(id + 1)
        {
            if self.short.is_empty() {
                self.short = vec![(0, 0); 1 << REMEMBERED_SLOTS_BITS];
            }
            let slot = Self::slot(key);
            self.short[slot] = (key, stored);
        }
        if self.map.len() < MEMO_LIMIT {
            self.map.insert(w, id);
        }
    }
}

/// The sentence holding token `pos` (sentences are sorted and do not overlap).
fn sentence_at(sents: &[std::ops::Range<usize>], pos: usize) -> std::ops::Range<usize> {
    let i = sents.partition_point(|s| s.end <= pos);
    sents
        .get(i)
        .filter(|s| s.contains(&pos))
        .cloned()
        .unwrap_or(pos..pos + 1)
}

// `resolved` is sorted by token position: each lookup below is a binary search plus a walk
// that stops at the sentence's edge, so a paragraph with thousands of quotes stays linear.

fn closest_after(
    resolved: &[Resolved],
    sentence: &std::ops::Range<usize>,
    pos: usize,
) -> Option<Option<usize>> {
    let from = resolved.partition_point(|(at, _)| *at <= pos);
    resolved[from..]
        .iter()
        .take_while(|(at, _)| *at < sentence.end)
        .find(|(_, s)| s.is_some())
        .map(|r| r.1)
}

fn closest_before(
    resolved: &[Resolved],
    sentence: &std::ops::Range<usize>,
    pos: usize,
) -> Option<Option<usize>> {
    let to = resolved.partition_point(|(at, _)| *at < pos);
    resolved[..to]
        .iter()
        .rev()
        .take_while(|(at, _)| *at >= sentence.start)
        .find(|(_, s)| s.is_some())
        .map(|r| r.1)
}

fn closest_anywhere(resolved: &[Resolved], pos: usize) -> Option<Option<usize>> {
    let split = resolved.partition_point(|(at, _)| *at < pos);
    let before = resolved[..split].iter().rev().find(|r| r.1.is_some());
    let after = resolved[split..].iter().find(|r| r.1.is_some());
    match (before, after) {
        (Some(b), Some(a)) => Some(if pos - b.0 <= a.0 - pos { b.1 } else { a.1 }),
        (Some(r), None) | (None, Some(r)) => Some(r.1),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_initial_is_one_capital_letter() {
        for (w, one) in [
            ("J", true),
            ("É", true),
            ("Ж", true),
            ("j", false),
            ("Jo", false),
            ("", false),
            ("ÉÉ", false),
            ("𝐀", true),
            ("𝐀a", false),
            ("Jones", false),
            ("ЖЖЖ", false),
        ] {
            assert_eq!(is_one_capital(w), one, "{w}");
        }
    }
    use crate::document::{article, quotes};

    /// The byte-at-a-time reading the eight-at-a-time one replaces.
    fn word_end_byte_by_byte(s: &str, mut i: usize) -> usize {
        let b = s.as_bytes();
        while i < b.len() {
            if b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (d, len) = char_at(s, i);
            if d.is_alphanumeric()
                || (matches!(d, '.' | '\'' | '’' | '-') && char_at_is_alphanumeric(s, i + len))
            {
                i += len;
            } else {
                break;
            }
        }
        i
    }

    proptest::proptest! {
        #[test]
        fn words_end_where_they_did_byte_by_byte(
            s in "([a-zA-Z0-9]{0,12}[ .'’\\-—,é\n\u{80}-\u{7ff}]{0,2}){0,12}",
        ) {
            for (i, _) in s.char_indices() {
                proptest::prop_assert_eq!(word_end(&s, i), word_end_byte_by_byte(&s, i), "from {}", i);
            }
        }

        #[test]
        fn a_short_word_read_in_one_load_ends_where_a_word_ends(
            s in "([A-Z][a-zA-Z0-9]{0,9}[ .'’\\-—,é\n]{0,2}[a-z0-9]?){0,12}",
        ) {
            let b = s.as_bytes();
            for at in (0..b.len()).filter(|&at| b[at].is_ascii_uppercase()) {
                if let Some((n, key)) = short_ascii_word(b, at) {
                    proptest::prop_assert_eq!(at + n, word_end(&s, at + 1), "at {}", at);
                    proptest::prop_assert_eq!(Some(key), short_word_key(b, at, at + n), "at {}", at);
                }
            }
        }

        #[test]
        fn narrative_read_a_window_at_a_time_gives_the_tokens_of_reading_one_at_a_time(
            s in "([a-zA-Z0-9]{0,9}|[a-z]{60,70}|said |told |Mr\\. |according |interviewed |[ \t\n\x0b\x1f\x01.'’\\-—–…,!?:\"é]|U\\.S\\.){0,90}",
        ) {
            let mut windowed = Tokens::default();
            windowed.words(&s);
            let mut one_by_one = Tokens::default();
            let mut i = 0;
            while i < s.len() {
                i = one_by_one.one_token(&s, i);
            }
            proptest::prop_assert_eq!(&windowed.toks, &one_by_one.toks);
            proptest::prop_assert_eq!(&windowed.triggers, &one_by_one.triggers);
            proptest::prop_assert_eq!(&windowed.addressing, &one_by_one.addressing);
            proptest::prop_assert_eq!(&windowed.capitals, &one_by_one.capitals);
            proptest::prop_assert_eq!(&windowed.marks, &one_by_one.marks);
        }
    }

    proptest::proptest! {
        /// Built in two halves, each paragraph's quotes are the ones one core finds: quotes
        /// running over several paragraphs, across the middle too, and paragraphs with none.
        #[test]
        fn quotes_by_paragraph_in_halves_are_as_on_one_core(
            pieces in proptest::collection::vec(0..5usize, 1..40),
        ) {
            let mut text = String::from("Title\n\n");
            for (i, piece) in pieces.iter().enumerate() {
                text.push_str(match piece {
                    0 => "Plain words here.\n\n",
                    1 => "“A quote,” she said. “And another.”\n\n",
                    2 => "“Running on, and on.\n\n“Over paragraphs,” he said.\n\n",
                    3 => "He said “one, and.\n\n",
                    _ => "“Open” and shut.\n\n",
                });
                if i % 7 == 6 {
                    text.push_str("“Long, it was.\n\n“Longer, it was.\n\n“Longest,” said Lee.\n\n");
                }
            }
            let sk = article::parse_article(text);
            let found = quotes::scan(&sk.text, &sk.paragraphs);
            let n = sk.paragraphs.len();
            proptest::prop_assume!(!pieces.contains(&2) || found.iter().any(|q| q.last_paragraph() > q.paragraph()));
            let one = QuotesByParagraph::in_halves_from(&found, n, usize::MAX);
            let plain = QuotesByParagraph::on_one_core(&found, n);
            proptest::prop_assert_eq!(&plain.starts, &one.starts);
            proptest::prop_assert_eq!(&plain.quotes, &one.quotes);
            for middle in 0..=n {
                let halves = QuotesByParagraph::cut_at(&found, n, middle);
                proptest::prop_assert_eq!(&halves.starts, &one.starts, "cut at {}", middle);
                proptest::prop_assert_eq!(&halves.quotes, &one.quotes, "cut at {}", middle);
            }
            for p in 0..n {
                let expected: Vec<u32> = (0..found.len())
                    .filter(|&i| found[i].paragraph() <= p && p <= found[i].last_paragraph())
                    .map(|i| i as u32)
                    .collect();
                let got: Vec<u32> = one.of(p).iter().map(|&(i, _)| i).collect();
                proptest::prop_assert_eq!(got, expected, "paragraph {}", p);
            }
        }
    }

    /// Who said each quote of an article, reading ahead on other threads.
    fn speakers_of(text: &str) -> Vec<Option<String>> {
        let sk = article::parse_article(text.to_string());
        let found = quotes::scan(&sk.text, &sk.paragraphs);
        let mut registry = Registry::new();
        let speakers = attribute_reading_ahead(&sk.text, &sk.paragraphs, &found, &mut registry, true);
        let names: Vec<String> = registry.finish().into_iter().map(|s| s.name).collect();
        (0..found.len())
            .map(|i| speakers.of(i).and_then(|s| names.get(s).cloned()))
            .collect()
    }

    #[test]
    fn a_name_first_given_late_beside_known_ones_is_known_from_the_start() {
        // Ortega is mentioned first, said to speak only at the very end, in a paragraph
        // whose other names are long known: the pronoun at the start still means Ortega.
        let mut text = String::from("A long article\n\nOrtega arrived late.\n\n“We agree,” he said.\n\n");
        for i in 0..3000 {
            text.push_str(&format!("Holloway spoke for the {i}th time, said Brennan.\n\n"));
        }
        text.push_str("Holloway nodded. “Fine,” said Ortega.\n\n");
        let who = speakers_of(&text);
        assert_eq!(
            who.first().cloned().flatten().as_deref(),
            Some("Ortega"),
            "{:?}",
            who.first()
        );
        assert_eq!(who.last().cloned().flatten().as_deref(), Some("Ortega"));
    }

    /// The known names as found by reading every paragraph token by token, with nothing
    /// skipped: what `known_names` must find with its shortcuts.
    fn known_names_reading_everything(text: &str) -> Vec<String> {
        let sk = article::parse_article(text.to_string());
        let found = quotes::scan(&sk.text, &sk.paragraphs);
        let by_paragraph = QuotesByParagraph::new(&found, sk.paragraphs.len());
        let mut names = Surnames::default();
        let mut tokens = Tokens::default();
        for (index, p) in sk.paragraphs.iter().enumerate() {
            tokens.fill(&sk.text, narrative_span(p), by_paragraph.of(index));
            let mut evidence = Vec::new();
            evidence_in(&tokens, &Titled::default(), &mut evidence);
            for ev in evidence {
                if let Who::Name(n) = ev.who {
                    remember_name(&mut names, &n);
                }
            }
            for &i in &tokens.addressing {
                if let Some(name) = name_after(&tokens.toks, i + 1) {
                    remember_name(&mut names, &name);
                }
            }
        }
        let mut names: Vec<String> = names.set.into_iter().collect();
        names.sort();
        names
    }

    fn known_names_of(text: &str) -> Vec<String> {
        let sk = article::parse_article(text.to_string());
        let found = quotes::scan(&sk.text, &sk.paragraphs);
        let by_paragraph = QuotesByParagraph::new(&found, sk.paragraphs.len());
        let mut names: Vec<String> = known_names(&sk.text, &sk.paragraphs, &by_paragraph)
            .set
            .into_iter()
            .collect();
        names.sort();
        names
    }

    /// Words and marks that evidence is made of, and the sentence openers, joined words
    /// and other scripts that stand around it.
    const PIECES: &[&str] = &[
        "Putin",
        "Brennan",
        "Ortega",
        "Jane",
        "Müller",
        "Путин",
        "Witness",
        "said",
        "told",
        "asked",
        "interviewed",
        "answered",
        "according",
        "to",
        "also",
        "has",
        "Then",
        "repeatedly",
        "he",
        "us",
        "the",
        "The",
        "President",
        "president",
        "Chairman",
        "Mr",
        "Dr",
        "farmers",
        "Which",
        "Veterans",
        "U.S.",
        "well-known",
        "don’t",
        ".",
        ",",
        ":",
        "—",
        "-",
        "--",
        "“Yes.”",
        "“No,”",
        "\n",
        "\n\n",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn known_names_skip_only_paragraphs_that_add_no_name(
            picks in proptest::collection::vec((0..PIECES.len(), proptest::bool::ANY), 0..120),
        ) {
            let mut text = String::from("Title\n\n");
            for (i, spaced) in picks {
                text.push_str(PIECES[i]);
                if spaced {
                    text.push(' ');
                }
            }
            proptest::prop_assert_eq!(known_names_of(&text), known_names_reading_everything(&text), "{:?}", text);
        }

        /// Name words as they were told before the lists were tables: lower-cased, then
        /// looked up in a set (`U.S` and `İt` are there to try the edges).
        #[test]
        fn name_words_are_told_as_by_a_set(w in "([a-zA-Zé.]|U.S|İ|Us|The|Former|Dr){0,5}") {
            let set: WordSet<String> = NOT_NAMES.words.iter().map(|x| x.to_string()).collect();
            let by_set = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && !set.contains(&w.to_lowercase());
            proptest::prop_assert_eq!(is_name_word(&w), by_set, "{:?}", w);
        }

        /// The word lists answer as a comparison with each of their words would, whatever
        /// the case (words drawn from the lists themselves, changed a little or not).
        #[test]
        fn word_lists_answer_as_comparing_every_word_would(
            picks in proptest::collection::vec((0..usize::MAX, 0..4u8), 1..20),
        ) {
            for list in [&BETWEEN, &PRONOUNS, &HEARERS, &PASSIVE, &ROLE_NOUNS, &ABBREVIATIONS, &TITLES, &NOT_NAMES] {
                for &(pick, change) in &picks {
                    let word = list.words[pick % list.words.len()];
                    let asked = match change {
                        0 => word.to_string(),
                        1 => word.to_uppercase(),
                        2 => format!("{word}s"),
                        _ => word[..word.len() - 1].to_string(),
                    };
                    let by_comparing = list.words.iter().any(|x| x.eq_ignore_ascii_case(&asked));
                    proptest::prop_assert_eq!(list.contains(&asked), by_comparing, "{:?}", asked);
                }
            }
        }

        /// The table only turns away words the set would: same answers, whatever the case,
        /// length or script (U+212A, the Kelvin sign, is lower-cased to ASCII `k`).
        #[test]
        fn surnames_know_what_the_set_knows(
            names in proptest::collection::vec("[abé'\\x{212A}]{1,5}|a{30,33}", 0..8),
            words in proptest::collection::vec("[abABé'\\x{212A}]{1,5}|[aA]{30,33}", 0..16),
        ) {
            let mut surnames = Surnames::default();
            let mut set: WordSet<String> = WordSet::default();
            for n in &names {
                surnames.insert(n.to_lowercase());
                set.insert(n.to_lowercase());
            }
            for w in names.iter().chain(&words) {
                proptest::prop_assert_eq!(surnames.knows(w), is_known_to(&set, w), "{:?} in {:?}", w, names);
            }
        }
    }

    #[test]
    fn known_names_come_from_evidence_anywhere_in_a_sentence() {
        let text = "Title\n\nThe talks, said Mr. Vladimir Putin. Then Jane Doe also repeatedly said no. \
                    According to Brennan, it was over, — Ortega. Witness asked Chairman Smith.\n\n\
                    Which farmers said nothing. Us the Veterans.";
        let names = known_names_of(text);
        assert_eq!(names, ["brennan", "doe", "ortega", "putin", "smith", "witness"]);
        assert_eq!(names, known_names_reading_everything(text));
        // A name is four words at most: the fourth is the surname, whatever follows.
        let long = "Title\n\nDoe said so.\n\nIt ended, said Jane Ann Lee Putin Doe.";
        assert_eq!(known_names_of(long), ["doe", "putin"]);
        assert_eq!(known_names_of(long), known_names_reading_everything(long));
        // Whom it was told to, and a capitalised `The`, stand between a verb and its name.
        let hearing = "Title\n\n“Soon,” told us Chairman Ortega. “No,” said The Witness.";
        assert_eq!(known_names_of(hearing), ["ortega", "witness"]);
        assert_eq!(known_names_of(hearing), known_names_reading_everything(hearing));
    }

    #[test]
    fn a_surname_means_whoever_it_means_when_it_is_mentioned() {
        // `Brennan` means Jane Brennan until Tom Brennan is named, then Tom (the person
        // named last with that surname), however often it was mentioned before.
        let who = speakers_of(
            "Title\n\n“We will,” said Jane Brennan.\n\nBrennan arrived. “Yes,” she said.\n\n\
             “No,” said Tom Brennan.\n\nBrennan left. “Fine,” he said.",
        );
        let who: Vec<&str> = who.iter().map(|w| w.as_deref().unwrap_or("-")).collect();
        assert_eq!(
            who,
            ["Jane Brennan", "Jane Brennan", "Tom Brennan", "Tom Brennan"]
        );
    }

    proptest::proptest! {
        #[test]
        fn the_verb_table_holds_what_the_list_holds(
            w in "(said|says|told|asked|answered|Said|saidd|explained|explainer|acknowledged|acknowledgex|[a-z]{1,12})"
        ) {
            proptest::prop_assert_eq!(VerbTable::of(REPORTING_VERBS).contains(&w), REPORTING_VERBS.contains(&w.as_str()));
        }
    }

    proptest::proptest! {
        /// Words the tables remember apart have keys apart: only a word ending in a zero
        /// byte, which could share its head with a shorter one, has none.
        #[test]
        fn short_words_have_keys_of_their_own(
            a in proptest::collection::vec(0u8..4, 0..10),
            b in proptest::collection::vec(0u8..4, 0..10),
        ) {
            if let (Some(x), Some(y)) = (short_key(&a), short_key(&b)) {
                proptest::prop_assert_eq!(x == y, a == b);
            }
            proptest::prop_assert_eq!(short_key(&a).is_some(), (1..=8).contains(&a.len()) && a.last() != Some(&0));
        }
    }

    #[test]
    fn a_head_is_the_first_eight_bytes_zero_past_the_end() {
        let word = b"abcdefghijk";
        for n in 0..=word.len() {
            let mut eight = [0u8; 8];
            let kept = n.min(8);
            eight[..kept].copy_from_slice(&word[..kept]);
            assert_eq!(head_of(&word[..n]), u64::from_le_bytes(eight), "{n} bytes");
        }
    }

    #[test]
    fn every_reporting_verb_is_in_the_verb_table() {
        let table = VerbTable::of(REPORTING_VERBS);
        for w in REPORTING_VERBS {
            assert!(table.contains(w), "{w}");
        }
    }

    #[test]
    fn addressing_words_are_reporting_verbs_or_long() {
        // Tokens::push_word looks for them only there.
        for w in ADDRESSING {
            assert!(is_reporting_verb(w) || w.len() >= 10, "{w}");
        }
    }

    #[test]
    fn reading_ahead_on_other_threads_attributes_as_one_thread_does() {
        let mut text = String::from("A long article\n\n");
        for i in 0..1500 {
            text.push_str(&format!(
                "Senator Holloway spoke for the {i}th time. “We will fund it,” she said.\n\n\
                 Mr. Brennan disagreed:\n\n“Not this year.”\n\n\
                 “Maybe later,” answered Dr. Adeyemi. He nodded.\n\n"
            ));
            // Batches of unequal length, so that they are read out of order.
            if i % 40 == 0 {
                text.push_str(&"The committee met again and spoke of the budget. ".repeat(300 + i));
                text.push_str("\n\n");
            }
        }
        let sk = article::parse_article(text);
        let found = quotes::scan(&sk.text, &sk.paragraphs);
        // More batches than reading may run ahead of the walk, so that bound is met too.
        assert!(sk.paragraphs.len() > BATCH * (AHEAD + 4));
        let run = |ahead: bool| {
            let mut registry = Registry::new();
            let speakers = attribute_reading_ahead(&sk.text, &sk.paragraphs, &found, &mut registry, ahead);
            let names: Vec<String> = registry.finish().into_iter().map(|s| s.name).collect();
            let who: Vec<Option<String>> = (0..found.len())
                .map(|i| speakers.of(i).and_then(|s| names.get(s).cloned()))
                .collect();
            who
        };
        let alone = run(false);
        assert!(
            alone.iter().filter(|w| w.is_some()).count() > 4000,
            "most quotes attributed"
        );
        // Which thread reads and walks which batch changes from run to run.
        for _ in 0..8 {
            assert_eq!(run(true), alone);
        }
    }
}
