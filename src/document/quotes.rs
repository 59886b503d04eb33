//! Finding quotations in paragraphs (SPEC §3): every pair of marks, nesting, apostrophes,
//! straight quotes, quotes that run over several paragraphs, and unbalanced marks.

use crate::document::model::{Paragraph, QuoteKind, Span};

/// A quotation found by the scanner, before attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundQuote {
    /// Including the outer marks.
    pub outer: Span,
    /// The quoted words, trimmed of surrounding space.
    pub inner: Span,
    /// Paragraphs it starts and ends in (`u32`: half a million of these on a hearing).
    pub paragraph: u32,
    pub last_paragraph: u32,
    /// Classed as it is found, its words still in the cache: read again later, half a
    /// million quotes spread over a 100 MB hearing were a wait for memory each.
    pub kind: QuoteKind,
}

impl FoundQuote {
    pub fn paragraph(&self) -> usize {
        self.paragraph as usize
    }
    pub fn last_paragraph(&self) -> usize {
        self.last_paragraph as usize
    }
}

/// Whether a quote's words end a sentence (`“… now.”`), closing marks aside.
pub fn ends_sentence(quoted: &str) -> bool {
    quoted
        .trim_end_matches(['”', '"', '’', '»'])
        .ends_with(['.', '!', '?', '…'])
}

/// The families of quotation marks; each closes only its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// “ … ”
    Curly,
    /// „ … “ (German, Russian inner quotes); also closed by ” (Polish).
    Low,
    /// « … »
    Guillemet,
    /// ‘ … ’
    Single,
    /// " … "
    Straight,
    /// `` … '' (as typewriters and TeX write them, and U.S. government prints still do)
    Tex,
    /// 「 … 」 (Japanese, and Chinese as Taiwan and Hong Kong write it)
    Corner,
    /// 『 … 』 (the same, within another)
    WhiteCorner,
}

impl Mark {
    /// Bytes of this family's opening mark if `s` starts with one (used for multi-paragraph
    /// continuation).
    fn opens(self, s: &str) -> Option<usize> {
        let mark = match self {
            Mark::Curly => "“",
            Mark::Low => "„",
            Mark::Guillemet => "«",
            Mark::Single => "‘",
            Mark::Straight => "\"",
            Mark::Tex => "``",
            Mark::Corner => "「",
            Mark::WhiteCorner => "『",
        };
        s.starts_with(mark).then_some(mark.len())
    }
}

#[derive(Debug, Clone, Copy)]
struct Open {
    mark: Mark,
    /// Byte where the mark starts.
    at: usize,
    /// Byte just after the mark.
    after: usize,
    paragraph: usize,
}

/// What may stand right before an opening mark.
fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || "([{—–-/“‘«„\"'".contains(c),
    }
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Scans paragraphs in order, carrying an open quote into the next paragraph when that one
/// opens with a quote mark of the same family (the English multi-paragraph convention).
pub struct Scanner<'a> {
    text: &'a str,
    paragraphs: &'a [Paragraph],
    stack: Vec<Open>,
    found: Vec<FoundQuote>,
    /// Whether the document writes quotes as `` … '' (see [`uses_doubled_marks`]).
    tex: bool,
    /// Whether it writes them as 「 … 」 (see [`uses_corner_brackets`]).
    corners: bool,
    /// The paragraph being scanned: nearly every quote closes in it, found without a
    /// binary search through a hearing's million paragraphs (that search missed the cache
    /// at every step and was a sixth of the scan).
    scanning: usize,
}

/// All quotations in `paragraphs`, in reading order of their opening marks.
///
/// A long document is scanned in runs of about as many bytes, taken in turn by two threads,
/// each run starting before a paragraph that no quote can run on into (one that does not
/// open with a quote mark): each then starts as the whole scan would have reached it, with
/// no quote open. Fixed halves left one core waiting up to 20 ms on a hearing whenever the
/// other ran slower (a neighbour on the machine), whichever half it had.
pub fn scan(text: &str, paragraphs: &[Paragraph]) -> Vec<FoundQuote> {
    scan_in_runs(
        text,
        paragraphs,
        if paragraphs.len() >= 4096 { SCAN_RUNS } else { 1 },
    )
}

/// Runs a long document's scan is cut into.
const SCAN_RUNS: usize = 32;

fn scan_in_runs(text: &str, paragraphs: &[Paragraph], runs: usize) -> Vec<FoundQuote> {
    let marks = Marks {
        tex: uses_doubled_marks(text),
        corners: uses_corner_brackets(text),
    };
    let runs = scan_runs(text, paragraphs, runs);
    if runs.len() < 2 {
        return scan_range(text, paragraphs, 0..paragraphs.len(), marks);
    }
    let todo = std::sync::Mutex::new(runs.into_iter().enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            let next = todo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            let Some((k, run)) = next else {
                break;
            };
            done.push((k, scan_range(text, paragraphs, run, marks)));
        }
        done
    };
    let mut found = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mut found = work();
        found.extend(other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        found
    });
    found.sort_unstable_by_key(|&(k, _)| k);
    joined_on_both_cores(found.into_iter().map(|(_, run)| run).collect())
}

/// Paragraph ranges of about `count` equal parts of `text`, each starting at a paragraph no
/// quote runs on into (the first at 0), in order; fewer where there are no such places.
fn scan_runs(text: &str, paragraphs: &[Paragraph], count: usize) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    for k in 1..count {
        let at = paragraphs.partition_point(|p| p.span.start() < text.len() / count * k);
        let from = at.max(starts.last().map_or(0, |&s| s + 1));
        if let Some(start) = (from..paragraphs.len()).find(|&i| no_quote_runs_into(text, &paragraphs[i])) {
            starts.push(start);
        }
    }
    starts.dedup();
    let ends = starts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(paragraphs.len()));
    starts.iter().zip(ends).map(|(&s, e)| s..e).collect()
}

/// The lists joined in order into one, each copied by whichever thread takes it next (one
/// thread copying the runs' quotes alone took 4 ms of a hearing's scan).
fn joined_on_both_cores(lists: Vec<Vec<FoundQuote>>) -> Vec<FoundQuote> {
    let total = lists.iter().map(Vec::len).sum();
    let mut joined: Vec<FoundQuote> = Vec::with_capacity(total);
    let mut room = &mut joined.spare_capacity_mut()[..total];
    let mut parts = Vec::with_capacity(lists.len());
    for list in &lists {
        let (part, rest) = std::mem::take(&mut room).split_at_mut(list.len());
        parts.push((part, list));
        room = rest;
    }
    let todo = std::sync::Mutex::new(parts.into_iter());
    let work = || {
        loop {
            let next = todo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            let Some((part, list)) = next else {
                break;
            };
            for (slot, q) in part.iter_mut().zip(list) {
                slot.write(*q);
            }
        }
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        work();
        other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
    // SAFETY: the parts cover the first `total` slots (one part per list, as long as it, in
    // order), and every part was taken and written in full by one thread or the other, both
    // finished here (a panic in either would have left before this line).
    unsafe { joined.set_len(total) };
    joined
}

/// The marks a document is scanned for beyond the usual ones.
#[derive(Debug, Clone, Copy)]
struct Marks {
    tex: bool,
    corners: bool,
}

/// Bytes looked at for `` … '' quotes: a document that writes them does from its start.
const DOUBLED_MARKS_PROBE: usize = 1 << 20;

/// Whether a document quotes with corner brackets (「 … 」, 『 … 』), judged on its first
/// megabyte as for [`uses_doubled_marks`]: their UTF-8 opens with a byte the usual marks do
/// not, which only such a document is searched for.
fn uses_corner_brackets(text: &str) -> bool {
    let probe = &text.as_bytes()[..text.len().min(DOUBLED_MARKS_PROBE)];
    memchr::memmem::find(probe, "「".as_bytes()).is_some()
        || memchr::memmem::find(probe, "『".as_bytes()).is_some()
}

/// Whether a document writes its quotes as `` … '' (U.S. government prints of hearings
/// do): judged on its first megabyte, so that every other document is scanned for the usual
/// marks alone, with no search for a backquote through all of it.
fn uses_doubled_marks(text: &str) -> bool {
    let probe = &text.as_bytes()[..text.len().min(DOUBLED_MARKS_PROBE)];
    memchr::memmem::find(probe, b"``").is_some()
}

/// Whether a paragraph opens with something other than a quote mark, so that no quote of
/// the paragraphs before it can continue into it.
fn no_quote_runs_into(text: &str, paragraph: &Paragraph) -> bool {
    let first = text[paragraph.span.range()].trim_start().chars().next();
    !first.is_some_and(|c| {
        matches!(
            c,
            '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '"' | '`' | '「' | '『'
        )
    })
}

/// The quotations opening in `range` of the paragraphs, scanned from no open quote.
fn scan_range(
    text: &str,
    paragraphs: &[Paragraph],
    range: std::ops::Range<usize>,
    marks: Marks,
) -> Vec<FoundQuote> {
    let mut scanner = Scanner {
        text,
        paragraphs,
        stack: Vec::new(),
        found: Vec::new(),
        tex: marks.tex,
        corners: marks.corners,
        scanning: 0,
    };
    for index in range {
        scanner.scan_paragraph(index);
    }
    // Each opening mark yields at most one quote: starts are distinct, the order total.
    scanner.found.sort_unstable_by_key(|q| q.outer.start());
    scanner.found
}

impl Scanner<'_> {
    /// Visit only the quote marks of a paragraph: every mark is `"` or starts with the UTF-8
    /// lead byte 0xE2 (“ ” „ ‘ ’) or 0xC2 (« »), so memchr jumps between candidates instead
    /// of decoding every character of a 100 MB text.
    fn scan_paragraph(&mut self, index: usize) {
        self.scanning = index;
        let span = self.paragraphs[index].span;
        let body = &self.text[span.start()..span.end()];
        let mut from = 0;
        if !self.stack.is_empty() {
            // A quote running on from the last paragraph may repeat its opening mark here.
            let rest = body.trim_start();
            if let Some(len) = self.stack.first().and_then(|o| o.mark.opens(rest)) {
                from = body.len() - rest.len() + len;
            }
        }
        let bytes = &body.as_bytes()[from..];
        let marks = memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes);
        if self.corners && !self.tex {
            // Corner brackets open with 0xE3: both searches, in order.
            let mut all: Vec<usize> = marks.chain(memchr::memchr_iter(0xE3, bytes)).collect();
            all.sort_unstable();
            for found in all {
                self.on_mark(index, from + found);
            }
        } else if !self.tex {
            for found in marks {
                self.on_mark(index, from + found);
            }
        } else {
            // Both kinds of candidate, in order; a doubled mark is one mark.
            let mut doubled = memchr::memchr2_iter(b'`', b'\'', bytes).peekable();
            let mut marks = marks.peekable();
            let mut after = 0;
            loop {
                let i = match (marks.peek(), doubled.peek()) {
                    (Some(&m), Some(&d)) if m < d => marks.next(),
                    (Some(_), None) => marks.next(),
                    (_, Some(_)) => doubled.next(),
                    (None, None) => break,
                };
                let Some(i) = i.map(|i| from + i).filter(|&i| i >= after) else {
                    continue;
                };
                after = match self.on_doubled_mark(index, i) {
                    Some(len) => i + len,
                    None => {
                        self.on_mark(index, i);
                        i
                    }
                };
            }
        }
        self.end_paragraph(index);
    }

    /// The mark at byte `i` of paragraph `index`, if it is one of the scanned characters.
    fn on_mark(&mut self, index: usize, i: usize) {
        let span = self.paragraphs[index].span;
        let body = &self.text[span.start()..span.end()];
        let Some(c) = body[i..].chars().next() else {
            return;
        };
        if !matches!(
            c,
            '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '"' | '「' | '」' | '『' | '』'
        ) {
            return;
        }
        let prev = body[..i].chars().next_back();
        let next = body[i + c.len_utf8()..].chars().next();
        self.on_char(c, prev, next, span.start() + i, index);
    }

    /// A `` or '' at byte `i` of paragraph `index`: opens or closes a [`Mark::Tex`] quote.
    /// Its length if it was one; a single ` or ' is no mark (`don't`).
    fn on_doubled_mark(&mut self, index: usize, i: usize) -> Option<usize> {
        let span = self.paragraphs[index].span;
        let body = &self.text[span.start()..span.end()];
        let at = span.start() + i;
        if body[i..].starts_with("``") {
            let prev = body[..i].chars().next_back();
            let next = body[i + 2..].chars().next();
            if is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace()) {
                self.open(Mark::Tex, at, 2, index);
            }
            return Some(2);
        }
        if body[i..].starts_with("''") {
            if self.is_open(Mark::Tex) {
                self.close(Mark::Tex, at, 2);
            }
            return Some(2);
        }
        None
    }

    fn on_char(&mut self, c: char, prev: Option<char>, next: Option<char>, at: usize, paragraph: usize) {
        let top = self.stack.last().map(|o| o.mark);
        let opening = is_opening_context(prev) && next.is_some_and(|n| !n.is_whitespace());
        match c {
            '“' if top == Some(Mark::Low) => self.close(Mark::Low, at, c.len_utf8()),
            '“' if top == Some(Mark::Curly) && !opening && prev.is_some_and(|p| !p.is_whitespace()) => {
                self.close(Mark::Curly, at, c.len_utf8())
            }
            '“' => self.open(Mark::Curly, at, c.len_utf8(), paragraph),
            '”' if self.is_open(Mark::Curly) => self.close(Mark::Curly, at, c.len_utf8()),
            '”' if top == Some(Mark::Low) => self.close(Mark::Low, at, c.len_utf8()),
            '„' => self.open(Mark::Low, at, c.len_utf8(), paragraph),
            '«' => self.open(Mark::Guillemet, at, c.len_utf8(), paragraph),
            '»' if self.is_open(Mark::Guillemet) => self.close(Mark::Guillemet, at, c.len_utf8()),
            // A letter on both sides makes an apostrophe: stone’s, doesn’t.
            '‘' | '’' if is_word_char(prev) && is_word_char(next) => {}
            '‘' if opening => self.open(Mark::Single, at, c.len_utf8(), paragraph),
            '’' if self.is_open(Mark::Single) => self.close(Mark::Single, at, c.len_utf8()),
            '"' => self.straight(prev, next, at, paragraph),
            // Corner brackets are never anything else: no context to judge.
            '「' => self.open(Mark::Corner, at, c.len_utf8(), paragraph),
            '」' if self.is_open(Mark::Corner) => self.close(Mark::Corner, at, c.len_utf8()),
            '『' => self.open(Mark::WhiteCorner, at, c.len_utf8(), paragraph),
            '』' if self.is_open(Mark::WhiteCorner) => self.close(Mark::WhiteCorner, at, c.len_utf8()),
            _ => {}
        }
    }

    /// SPEC §3: a straight quote opens after the start, a space or opening punctuation, and
    /// closes otherwise; one followed by a space while another is open closes it.
    fn straight(&mut self, prev: Option<char>, next: Option<char>, at: usize, paragraph: usize) {
        let open = self.is_open(Mark::Straight);
        let at_end = next.is_none_or(char::is_whitespace);
        if is_opening_context(prev) && !(open && at_end) {
            self.open(Mark::Straight, at, 1, paragraph);
        } else if open {
            self.close(Mark::Straight, at, 1);
        }
    }

    fn is_open(&self, mark: Mark) -> bool {
        self.stack.iter().any(|o| o.mark == mark)
    }

    fn open(&mut self, mark: Mark, at: usize, len: usize, paragraph: usize) {
        self.stack.push(Open {
            mark,
            at,
            after: at + len,
            paragraph,
        });
    }

    /// Close the innermost open quote of `mark`; marks opened inside it and never closed are
    /// dropped. Closing the outermost one yields a quote.
    fn close(&mut self, mark: Mark, at: usize, len: usize) {
        let Some(depth) = self.stack.iter().rposition(|o| o.mark == mark) else {
            return;
        };
        let open = self.stack[depth];
        self.stack.truncate(depth);
        if self.stack.is_empty() {
            let last = self.paragraph_of(at);
            self.emit(open, at, at + len, last);
        }
    }

    /// At the end of a paragraph, an open quote continues only if the next paragraph of the
    /// same section opens with a mark of its family; otherwise it ends here.
    fn end_paragraph(&mut self, index: usize) {
        let Some(bottom) = self.stack.first().copied() else {
            return;
        };
        if self.continues_into(index + 1, bottom.mark) {
            self.stack.truncate(1);
            return;
        }
        self.stack.clear();
        let end = self.paragraphs[index].span.end();
        self.emit(bottom, end, end, index);
    }

    fn continues_into(&self, next: usize, mark: Mark) -> bool {
        let (Some(this), Some(following)) = (self.paragraphs.get(next - 1), self.paragraphs.get(next)) else {
            return false;
        };
        let body = &self.text[following.span.start()..following.span.end()];
        this.section() == following.section()
            && following.label.is_none()
            && mark.opens(body.trim_start()).is_some()
    }

    /// The first paragraph that ends at or after `at`.
    fn paragraph_of(&self, at: usize) -> usize {
        let i = self.scanning;
        let ends_after = self.paragraphs.get(i).is_some_and(|p| p.span.end() >= at);
        let earlier_end_before = i
            .checked_sub(1)
            .is_none_or(|before| self.paragraphs[before].span.end() < at);
        if ends_after && earlier_end_before {
            return i;
        }
        self.paragraphs
            .partition_point(|p| p.span.end() < at)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    fn emit(&mut self, open: Open, inner_end: usize, outer_end: usize, last_paragraph: usize) {
        let inner = trim_span(self.text, Span::new(open.after, inner_end));
        if inner.is_empty() {
            return;
        }
        self.found.push(FoundQuote {
            outer: Span::new(open.at, outer_end),
            inner,
            paragraph: u32::try_from(open.paragraph).unwrap_or(u32::MAX),
            last_paragraph: u32::try_from(last_paragraph).unwrap_or(u32::MAX),
            kind: classify(&self.text[inner.range()]),
        });
    }
}

/// Shrink a span to exclude white space at either end.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.start()..span.end()];
    let start = span.start() + (s.len() - s.trim_start().len());
    let end = span.end() - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// Fewest words a quotation needs to count as a statement rather than a phrase.
pub const STATEMENT_MIN_WORDS: usize = 4;

/// SPEC §3: four words or more is a statement; shorter is a phrase. A longer quote whose
/// every word is capitalised reads as a title (“The Lord of the Rings”) and is a phrase too.
pub fn classify(quoted: &str) -> QuoteKind {
    // Read as it goes, without a list of words: a quote can be pages long. An ASCII quote
    // (nearly all of a hearing's half million) is read byte by byte, in one pass that stops
    // as soon as the quote is known to be a statement.
    if quoted.is_ascii() {
        return classify_ascii(quoted.as_bytes());
    }
    kind_of(|| {
        quoted
            .split_whitespace()
            .flat_map(cjk_words)
            .filter(|w| w.chars().any(char::is_alphanumeric))
    })
}

/// [`kind_of`] for ASCII text, its words split on ASCII white space and `\x0B`: a
/// statement has enough words and one of them breaks title case (neither capitalised nor
/// a small word, or ending a clause).
fn classify_ascii(b: &[u8]) -> QuoteKind {
    let mut words = 0;
    let mut breaks_title_case = false;
    for word in b.split(|&c| c.is_ascii_whitespace() || c == 0x0B) {
        let Some(first) = word.iter().find(|c| c.is_ascii_alphanumeric()) else {
            continue;
        };
        words += 1;
        breaks_title_case = breaks_title_case
            || !(first.is_ascii_uppercase() || first.is_ascii_digit() || is_small_word(word))
            || matches!(word.last(), Some(b'.' | b'!' | b'?' | b','));
        if breaks_title_case && words >= STATEMENT_MIN_WORDS {
            return QuoteKind::Statement;
        }
    }
    QuoteKind::Phrase
}

/// Chinese and Japanese write no spaces between words, most of which are two characters:
/// a run of their characters counts a word for every two (`这是兑现的承诺` is four words,
/// a statement, not one). Anything else is one word as it stands.
pub fn cjk_words(token: &str) -> impl Iterator<Item = &str> + Clone {
    // Every such character is three or four bytes opening with 0xE3 or above in UTF-8.
    let mut rest = if token.bytes().any(|b| b >= 0xE3) {
        token
    } else {
        ""
    };
    let mut whole = (rest.is_empty() && !token.is_empty()).then_some(token);
    std::iter::from_fn(move || {
        if let Some(token) = whole.take() {
            return Some(token);
        }
        if rest.is_empty() {
            return None;
        }
        let mut cjk = 0;
        let end = rest
            .char_indices()
            .find_map(|(i, c)| {
                if is_cjk(c) {
                    cjk += 1;
                    // The third character of a run opens the next word.
                    if cjk == 3 {
                        return Some(i);
                    }
                }
                None
            })
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        rest = after;
        Some(word)
    })
}

/// Han characters and kana: the scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{20000}'..='\u{2FFFF}' // extensions B and later
    )
}

/// A phrase has few words or is a title; anything else is a statement.
fn kind_of<'a, I: Iterator<Item = &'a str> + Clone>(words: impl Fn() -> I) -> QuoteKind {
    if words().nth(STATEMENT_MIN_WORDS - 1).is_none() || is_title_case(words()) {
        QuoteKind::Phrase
    } else {
        QuoteKind::Statement
    }
}

/// Words that stay lower case in a title.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "in", "on", "with", "to", "for", "at", "by",
];

fn is_small_word(w: &[u8]) -> bool {
    w.len() <= 4 && SMALL_WORDS.iter().any(|s| s.as_bytes().eq_ignore_ascii_case(w))
}

fn is_title_case<'a>(mut words: impl Iterator<Item = &'a str> + Clone) -> bool {
    // Capitals first: a sentence fails on its second or third word, while looking for a
    // sentence's end reads the whole quote (a turn can be pages long).
    let capitalised = words.clone().all(|w| {
        let first = w.chars().find(|c| c.is_alphanumeric());
        first.is_some_and(|c| c.is_uppercase() || c.is_numeric()) || is_small_word(w.as_bytes())
    });
    capitalised && !words.any(|w| w.ends_with(['.', '!', '?', ',']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::article::parse_article;

    proptest::proptest! {
        /// Split on bytes or on characters, a quote is the same kind (`\x0B` is white space
        /// to `split_whitespace` but not to `is_ascii_whitespace`).
        #[test]
        fn an_ascii_quote_is_the_kind_it_was_read_as_characters(
            quoted in "([ \t\n\x0B\x0C.,!?-]|a|The|of|war|Tariffs|War|2024|\u{a0}){0,12}",
        ) {
            let by_chars = kind_of(|| quoted.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)));
            proptest::prop_assert_eq!(classify(&quoted), by_chars, "{:?}", quoted);
        }
    }

    proptest::proptest! {
        /// The same, word by word: a title's words, small words, stops and commas.
        #[test]
        fn an_ascii_quote_of_words_is_the_kind_it_was_read_as_characters(
            words in proptest::collection::vec(
                ("(a|The|of|BY|war|Tariffs|War|2024|x\u{a0}|-)", "(|||[.,!?])", "[ \t\n\x0B\x0C]"),
                0..8,
            ),
        ) {
            let quoted: String = words.iter().map(|(w, p, s)| format!("{w}{p}{s}")).collect();
            let by_chars = kind_of(|| quoted.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)));
            proptest::prop_assert_eq!(classify(&quoted), by_chars, "{:?}", quoted);
        }
    }

    #[test]
    fn a_title_is_a_phrase_and_a_clause_a_statement() {
        assert_eq!(classify("The War of 2024 and the Peace"), QuoteKind::Phrase);
        assert_eq!(classify("War, Tariffs and 2024"), QuoteKind::Statement);
        assert_eq!(classify("The War of Tariffs."), QuoteKind::Statement);
        assert_eq!(classify("These are by them"), QuoteKind::Statement);
        assert_eq!(classify("these are by"), QuoteKind::Phrase);
    }

    #[test]
    fn a_vertical_tab_parts_words_as_a_space_does() {
        assert_eq!(classify("war war war\x0Bwar"), QuoteKind::Statement);
        assert_eq!(classify("war war war\x0Cwar"), QuoteKind::Statement);
        assert_eq!(classify("war war war-war"), QuoteKind::Phrase);
    }

    #[test]
    fn a_long_text_scanned_in_runs_on_two_threads_finds_what_one_pass_finds() {
        // Quotes that run on across paragraphs, near and across the places runs start.
        let text: String = (0..6001)
            .map(|i| match i % 3 {
                0 => format!("He said, “this is the first part {i} of what we will do this year, and\n\n“the second,” she said.\n\n"),
                1 => format!("“A whole paragraph {i}.”\n\n"),
                _ => "Plain words, ‘single’ and «guillemets».\n\n".to_string(),
            })
            .collect();
        let sk = parse_article(format!("Title\n\n{text}"));
        assert!(sk.paragraphs.len() >= 4096);
        let one_pass = scan_range(
            &sk.text,
            &sk.paragraphs,
            0..sk.paragraphs.len(),
            Marks {
                tex: false,
                corners: false,
            },
        );
        assert!(
            one_pass.iter().any(|q| q.last_paragraph() > q.paragraph()),
            "quotes run on"
        );
        for count in [2, 7, SCAN_RUNS] {
            let runs = scan_runs(&sk.text, &sk.paragraphs, count);
            assert!(
                runs.len() > 1
                    && runs
                        .iter()
                        .all(|r| r.start == 0 || no_quote_runs_into(&sk.text, &sk.paragraphs[r.start]))
            );
            // Some run had to start later than the middle of its bytes: a quote ran on there.
            let moved = (1..count).any(|k| {
                let at = sk
                    .paragraphs
                    .partition_point(|p| p.span.start() < sk.text.len() / count * k);
                !no_quote_runs_into(&sk.text, &sk.paragraphs[at])
            });
            assert!(moved, "{count} runs");
            assert_eq!(
                scan_in_runs(&sk.text, &sk.paragraphs, count),
                one_pass,
                "{count} runs"
            );
        }
        assert_eq!(scan(&sk.text, &sk.paragraphs), one_pass);
    }

    #[test]
    fn quotes_found_on_two_threads_are_classed_as_one_by_one() {
        let text: String = (0..3000)
            .map(|i| format!("“Budget {i}” and “we will fund the schools this year,” she said.\n\n"))
            .collect();
        let sk = parse_article(format!("Title\n\n{text}"));
        let found = scan(&sk.text, &sk.paragraphs);
        assert!(found.len() >= 4096);
        let one_by_one: Vec<QuoteKind> = found
            .iter()
            .map(|q| classify(&sk.text[q.inner.range()]))
            .collect();
        let kinds: Vec<QuoteKind> = found.iter().map(|q| q.kind).collect();
        assert_eq!(kinds, one_by_one);
        assert!(one_by_one.contains(&QuoteKind::Phrase) && one_by_one.contains(&QuoteKind::Statement));
    }

    fn quotes_of(text: &str) -> Vec<String> {
        let sk = parse_article(format!("Title\n\n{text}"));
        scan(&sk.text, &sk.paragraphs)
            .iter()
            .map(|q| sk.text[q.inner.start()..q.inner.end()].to_string())
            .collect()
    }

    #[test]
    fn curly_pairs_are_found() {
        assert_eq!(quotes_of("He said “yes we can” today."), ["yes we can"]);
    }

    #[test]
    fn nested_quotes_with_the_same_marks_make_one_quote() {
        let q = quotes_of("“Although NGOs are funded through “strips” and structures in Latin America.”");
        assert_eq!(
            q,
            ["Although NGOs are funded through “strips” and structures in Latin America."]
        );
    }

    #[test]
    fn guillemets_with_inner_low_quotes() {
        assert_eq!(quotes_of("Он сказал: «Это „наш“ выбор»."), ["Это „наш“ выбор"]);
    }

    #[test]
    fn german_low_high_pairs() {
        assert_eq!(quotes_of("Er sagte: „Wir schaffen das“."), ["Wir schaffen das"]);
    }

    #[test]
    fn corner_brackets_pair_with_their_inner_white_ones() {
        assert_eq!(
            quotes_of("市長は「私たちは『約束』を守った」と述べた。「はい」。"),
            ["私たちは『約束』を守った", "はい"]
        );
        // A stray closing bracket closes nothing; one in an ASCII document is not looked for.
        assert_eq!(quotes_of("」「再建します」と言った。"), ["再建します"]);
        assert!(!uses_corner_brackets("He said “yes”."));
    }

    #[test]
    fn chinese_and_japanese_words_are_counted_two_characters_each() {
        // Seven characters and a comma: four words, a statement; two or six: a phrase.
        assert_eq!(classify("这是兑现的承诺，"), QuoteKind::Statement);
        assert_eq!(classify("私たちは水道網を再建します"), QuoteKind::Statement);
        assert_eq!(classify("约束"), QuoteKind::Phrase);
        assert_eq!(classify("約束は守った"), QuoteKind::Phrase);
        // Latin words around them count as they always did.
        assert_eq!(classify("we said 再建 today"), QuoteKind::Statement);
        assert_eq!(cjk_words("plain").collect::<Vec<_>>(), ["plain"]);
        assert_eq!(
            cjk_words("再建します").collect::<Vec<_>>(),
            ["再建", "しま", "す"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(quotes_of("Oliver stone’s film doesn’t ‘mean’ much."), ["mean"]);
    }

    #[test]
    fn straight_quotes_open_after_space_and_close_otherwise() {
        assert_eq!(
            quotes_of(r#"He said "we will win," and left ("fast")."#),
            ["we will win,", "fast"]
        );
    }

    #[test]
    fn an_unclosed_quote_ends_at_the_paragraph_end() {
        assert_eq!(
            quotes_of("He said “this never closes.\n\nNext paragraph."),
            ["this never closes."]
        );
    }

    #[test]
    fn a_quote_continues_into_a_paragraph_that_opens_with_a_mark() {
        let q = quotes_of("“First part of it,\n\n“second part.”\n\nAfter.");
        assert_eq!(q.len(), 1);
        assert!(
            q[0].starts_with("First part") && q[0].ends_with("second part."),
            "{q:?}"
        );
    }

    #[test]
    fn doubled_backquotes_and_apostrophes_make_a_pair() {
        assert_eq!(
            quotes_of("Senator McCAIN. ``We will not sign this,'' said Holloway. It's his call."),
            ["We will not sign this,"]
        );
        // Nested marks, a closing pair with nothing open, and single marks are no quotes.
        assert_eq!(
            quotes_of("``He called it “a waste” of money.'' Then ''odd'' and `one' don't."),
            ["He called it “a waste” of money."]
        );
        // Continued into a paragraph that opens with the mark again.
        let q = quotes_of("``First part of it,\n\n``second part.''\n\nAfter.");
        assert_eq!(q.len(), 1);
        assert!(
            q[0].starts_with("First part") && q[0].ends_with("second part."),
            "{q:?}"
        );
    }

    #[test]
    fn doubled_marks_are_looked_for_only_where_the_start_uses_them() {
        assert!(uses_doubled_marks("``Yes,'' he said."));
        let late = format!("{}``Yes,'' he said.", "word ".repeat(DOUBLED_MARKS_PROBE / 5 + 1));
        assert!(!uses_doubled_marks(&late));
        assert!(quotes_of(&late).is_empty());
    }

    #[test]
    fn stray_closing_marks_are_ignored() {
        assert_eq!(quotes_of("odd ” mark » here ’ and “real one”."), ["real one"]);
    }

    #[test]
    fn short_quotes_are_phrases_and_sentences_are_statements() {
        assert_eq!(classify("meddling"), QuoteKind::Phrase);
        assert_eq!(classify("large farm"), QuoteKind::Phrase);
        assert_eq!(classify("Interview with Putin"), QuoteKind::Phrase);
        assert_eq!(classify("we were not engaged in hacking"), QuoteKind::Statement);
        assert_eq!(classify("The Lord of the Rings"), QuoteKind::Phrase);
    }
}
