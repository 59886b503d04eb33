//! A deterministic generator of realistic interview transcripts of any size, shared by
//! `examples/gen_transcript.rs` (files for `bench/compare.sh`) and the criterion benches.
//!
//! The output has what real hearings have: `## Part` headings, `Q:` questions, speaker
//! turns with upper-case and mixed-case labels, quotations inside turns, hard-wrapped
//! paragraphs and turns that run over several paragraphs. The same size always gives the
//! same bytes (a fixed-seed xorshift, no clock, no platform randomness).

/// Words of ordinary speech, with some that the bundled topic lexicon knows.
const WORDS: &[&str] = &[
    "the",
    "we",
    "have",
    "a",
    "of",
    "and",
    "to",
    "in",
    "that",
    "is",
    "it",
    "was",
    "for",
    "on",
    "are",
    "with",
    "they",
    "be",
    "at",
    "one",
    "this",
    "from",
    "by",
    "but",
    "not",
    "what",
    "all",
    "were",
    "when",
    "there",
    "can",
    "an",
    "your",
    "which",
    "their",
    "said",
    "if",
    "do",
    "will",
    "each",
    "about",
    "how",
    "up",
    "out",
    "them",
    "then",
    "many",
    "some",
    "so",
    "these",
    "would",
    "other",
    "into",
    "has",
    "more",
    "two",
    "like",
    "time",
    "could",
    "people",
    "than",
    "first",
    "been",
    "who",
    "its",
    "now",
    "long",
    "down",
    "day",
    "did",
    "get",
    "come",
    "made",
    "may",
    "part",
    "budget",
    "committee",
    "witness",
    "record",
    "agency",
    "contract",
    "program",
    "funding",
    "election",
    "elections",
    "security",
    "sanctions",
    "relations",
    "history",
    "economy",
    "oil",
    "country",
    "government",
    "policy",
    "question",
    "answer",
    "senator",
    "testimony",
    "report",
    "climate",
    "energy",
    "water",
    "schools",
    "teachers",
    "hospital",
    "nurses",
    "veterans",
    "border",
    "trade",
    "tariffs",
    "farmers",
    "workers",
    "wages",
    "housing",
    "rent",
    "future",
];

const SPEAKERS: &[&str] = &[
    "SENATOR HOLLOWAY",
    "DR. ADEYEMI",
    "Ms. Lindqvist",
    "CHAIRMAN ORTEGA",
    "Mr. Brennan",
    "THE WITNESS",
];

const REPORTING: &[&str] = &["said", "told us", "wrote", "insisted", "answered"];

/// A fixed-seed xorshift64*: fast, deterministic, good enough to vary prose.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A transcript of at least `bytes` bytes (it stops at the first turn boundary past it).
pub fn transcript(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    out.push_str("Hearing on Public Spending, Full Transcript\n\n");
    let mut part = 0;
    while out.len() < bytes {
        if rng.below(40) == 0 || part == 0 {
            part += 1;
            out.push_str(&format!(
                "## Part {part}: {}\n\n",
                sentence(&mut rng, 3, 6).trim_end_matches('.')
            ));
        }
        question(&mut rng, &mut out);
        answer(&mut rng, &mut out);
    }
    out
}

fn question(rng: &mut Rng, out: &mut String) {
    out.push_str("Q: ");
    out.push_str(&sentence(rng, 8, 20).replace('.', "?"));
    out.push_str("\n\n");
}

/// One speaker's turn: one to four paragraphs, some hard-wrapped, some with a quotation.
fn answer(rng: &mut Rng, out: &mut String) {
    let speaker = rng.pick(SPEAKERS);
    out.push_str(speaker);
    out.push_str(": ");
    let paragraphs = 1 + rng.below(4);
    for i in 0..paragraphs {
        if i > 0 {
            out.push_str("\n\n");
        }
        let mut paragraph = String::new();
        for _ in 0..1 + rng.below(5) {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            if rng.below(4) == 0 {
                let quoted = sentence(rng, 5, 16);
                let verb = rng.pick(REPORTING);
                let who = rng.pick(SPEAKERS);
                paragraph.push_str(&format!("\u{201C}{quoted}\u{201D} {verb} {}.", title_case(who)));
            } else {
                paragraph.push_str(&sentence(rng, 6, 24));
            }
        }
        if rng.below(3) == 0 {
            hard_wrap(&paragraph, 72, out);
        } else {
            out.push_str(&paragraph);
        }
    }
    out.push_str("\n\n");
}

fn sentence(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    let mut s = String::new();
    for i in 0..n {
        let word = rng.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                s.extend(c.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(word);
        }
    }
    s.push('.');
    s
}

fn title_case(label: &str) -> String {
    label
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(c) => c
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Break `text` at spaces so no line is longer than `width` bytes, as e-mailed transcripts do.
fn hard_wrap(text: &str, width: usize, out: &mut String) {
    let mut line = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if line + 1 + word.len() > width {
                out.push('\n');
                line = 0;
            } else {
                out.push(' ');
                line += 1;
            }
        }
        out.push_str(word);
        line += word.len();
    }
}
