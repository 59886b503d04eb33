//! Reading words out of text fast: attribution's tokenizer walks nearly every byte of a
//! long document, twice.

/// The character at byte `i` of `s` and its length (`i` is a character boundary).
#[inline]
pub fn char_at(s: &str, i: usize) -> (char, usize) {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => (char::from(b), 1),
        _ => s[i..].chars().next().map_or(('\0', 1), |c| (c, c.len_utf8())),
    }
}

/// Where the run of ASCII letters and digits from `i` ends. Eight bytes are tested at once:
/// a word's end is then one well-predicted branch rather than a mispredicted loop exit per
/// word, which was most of the tokenizer's time on a long transcript.
#[inline(always)]
pub fn ascii_alphanumeric_run(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let others = not_alphanumeric_bytes(u64::from_le_bytes(eight));
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// The length of the ASCII word at `at` of `b` and its bytes as one little-endian number,
/// when it is one to seven letters or digits followed by a byte that ends it for certain:
/// neither a letter, a digit nor a byte beyond ASCII, and if a joiner (`.`, `'`, `-`), one
/// followed by no letter or digit either (`Brennan.` at a sentence's end). One load answers
/// for most capitalised words; anything else is `None`, for the caller to read at length.
#[inline(always)]
pub fn short_ascii_word(b: &[u8], at: usize) -> Option<(usize, u64)> {
    let eight = u64::from_le_bytes(*b.get(at..)?.first_chunk::<8>()?);
    let others = not_alphanumeric_bytes(eight);
    let n = (others.trailing_zeros() / 8) as usize;
    if n == 0 || n >= 8 {
        return None;
    }
    let after = b.get(at + n + 1).copied();
    let ends = match b[at + n] {
        c if !c.is_ascii() => false,
        b'.' | b'\'' | b'-' => after.is_none_or(|d| d.is_ascii() && !d.is_ascii_alphanumeric()),
        _ => true,
    };
    ends.then(|| (n, eight & (u64::MAX >> (64 - 8 * n))))
}

/// Each place in `s` where a word opening with a capital may start, in order: every ASCII
/// capital not preceded by an ASCII letter or digit, and every capital beyond ASCII (with
/// its length). Sixty-four bytes are classed at once (eight at a time cost two instructions
/// a byte, a tenth of attribution's first pass); a place mid-word may be among them (`S` in
/// `U.S`), so callers read the word there as the tokenizer would and judge it themselves.
pub fn each_capital(s: &str, mut found: impl FnMut(usize, usize) -> bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let mut after_alphanumeric = false;
    while i < b.len() {
        let m = match b[i..].first_chunk::<64>() {
            Some(chunk) => Capitals::of(chunk),
            // The last few, padded with spaces (a copy of variable length is a call).
            None => {
                let mut chunk = [b' '; 64];
                chunk[..b.len() - i].copy_from_slice(&b[i..]);
                Capitals::of(&chunk)
            }
        };
        let opening = m.upper & !((m.alphanumeric << 1) | u64::from(after_alphanumeric));
        let mut marks = opening | m.beyond_ascii;
        while marks != 0 {
            let at = i + marks.trailing_zeros() as usize;
            marks &= marks - 1;
            if b[at].is_ascii() {
                if found(at, 1) {
                    return true;
                }
            } else if s.is_char_boundary(at) {
                let (c, len) = char_at(s, at);
                if c.is_uppercase() && found(at, len) {
                    return true;
                }
            }
        }
        after_alphanumeric = m.alphanumeric >> 63 != 0;
        i += 64;
    }
    false
}

/// What [`each_capital`] asks of 64 bytes, a bit per byte (bit `k`: byte `k`).
#[derive(Debug, Default, PartialEq)]
struct Capitals {
    upper: u64,
    alphanumeric: u64,
    beyond_ascii: u64,
}

impl Capitals {
    /// The classes of `chunk`'s bytes, byte by byte.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn of_bytes(chunk: &[u8; 64]) -> Capitals {
        let mut m = Capitals::default();
        for (k, &byte) in chunk.iter().enumerate() {
            let bit = 1u64 << k;
            if byte.is_ascii_uppercase() {
                m.upper |= bit;
            }
            if byte.is_ascii_alphanumeric() {
                m.alphanumeric |= bit;
            }
            if !byte.is_ascii() {
                m.beyond_ascii |= bit;
            }
        }
        m
    }

    /// [`Capitals::of_bytes`], 32 bytes at a time where the processor can, else sixteen.
    #[cfg(target_arch = "x86_64")]
    fn of(chunk: &[u8; 64]) -> Capitals {
        if avx2::available() {
            // SAFETY: the processor has AVX2 (just asked).
            unsafe { avx2::capitals(chunk) }
        } else {
            // SAFETY: SSE2 is part of every x86_64 processor (the target enables it).
            unsafe { Capitals::of_sse2(chunk) }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    fn of_sse2(chunk: &[u8; 64]) -> Capitals {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
            _mm_or_si128, _mm_set1_epi8,
        };
        // Bytes beyond ASCII are negative as `i8`: every range below leaves them out.
        let within = |v: __m128i, lo: u8, hi: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8((lo - 1) as i8)),
                _mm_cmplt_epi8(v, _mm_set1_epi8((hi + 1) as i8)),
            )
        };
        let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16);
        let mut m = Capitals::default();
        for (k, sixteen) in chunk.chunks_exact(16).enumerate() {
            // SAFETY: `sixteen` is 16 readable bytes; the load has no alignment requirement.
            let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
            let upper = within(v, b'A', b'Z');
            let lower = within(v, b'a', b'z');
            let alphanumeric = _mm_or_si128(_mm_or_si128(upper, lower), within(v, b'0', b'9'));
            let shift = 16 * k;
            m.upper |= bits(upper) << shift;
            m.alphanumeric |= bits(alphanumeric) << shift;
            m.beyond_ascii |= bits(v) << shift;
        }
        m
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn of(chunk: &[u8; 64]) -> Capitals {
        Capitals::of_bytes(chunk)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `low` (every byte at most 0x7f) that is at least `lo`.
#[inline(always)]
fn at_least(lo: u8, low: u64) -> u64 {
    low.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH_BITS
}

/// High bit set in each byte of `low` (every byte at most 0x7f) that is at most `hi`.
#[inline(always)]
fn at_most(hi: u8, low: u64) -> u64 {
    !low.wrapping_add(ONES * u64::from(0x7f - hi)) & HIGH_BITS
}

/// The high bit of each byte of `x` that is not an ASCII letter or digit (SWAR: no byte's
/// sum below carries into the next, as every byte is at most 0x7f before adding).
#[inline(always)]
fn not_alphanumeric_bytes(x: u64) -> u64 {
    const HIGH: u64 = HIGH_BITS;
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    let digit = at_least(b'0', low) & at_most(b'9', low);
    let folded = low | (ONES * 0x20);
    let letter = at_least(b'a', folded) & at_most(b'z', folded);
    !((digit | letter) & ascii) & HIGH
}

/// A token of ASCII text, as [`each_ascii_token`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AsciiToken<'a> {
    /// Letters and digits, joined across `.`, `'` and `-` when a letter or digit follows.
    Word(&'a str),
    /// Any other byte but a space.
    Punct {
        byte: u8,
        /// Whether a letter or digit follows it (a `-` before one is no dash).
        before_alphanumeric: bool,
    },
}

/// Read the tokens of `s` from `i` (where no word is open) for as long as it is ASCII, a
/// window of 64 bytes at a time, and return where reading stopped: the end, or a token this
/// cannot read alone (one that holds or touches a character beyond ASCII, or a word longer
/// than a window), which the caller reads character by character.
///
/// Attribution's tokenizer walks nearly every byte of a long document; finding the word
/// boundaries of 64 bytes at once from bit masks, rather than testing byte after byte,
/// leaves a few instructions a token.
pub fn each_ascii_token<'a>(s: &'a str, mut i: usize, mut token: impl FnMut(AsciiToken<'a>)) -> usize {
    let b = s.as_bytes();
    while i < b.len() {
        let window = Window::at(b, i);
        if window.len == 0 {
            break;
        }
        match window.tokens(s, i, &mut token) {
            Some(0) => break,
            Some(read) => i += read,
            None => i += window.len,
        }
    }
    i
}

/// The openings of a set of words (their first three bytes, each by its low five bits: ASCII
/// case aside), a bit each by hash. A word that opens as one of them always passes
/// [`Openings::may_open`]; most others are turned away by a multiplication and one load
/// from a 4 KB table (unpacking the fifteen bits instead was a third of a topic pass).
pub struct Openings {
    bits: Box<[u64; 1 << (15 - 6)]>,
}

impl Openings {
    /// No opening at all.
    pub fn none() -> Openings {
        Openings {
            bits: Box::new([0; 1 << (15 - 6)]),
        }
    }

    /// Every opening.
    #[cfg(test)]
    pub fn all() -> Openings {
        Openings {
            bits: Box::new([!0; 1 << (15 - 6)]),
        }
    }

    /// Add the opening of `word`; one shorter than three bytes opens with anything after it.
    pub fn insert(&mut self, word: &[u8]) {
        let low = |i: usize| {
            word.get(i)
                .map_or(0..32, |&x| usize::from(x & 31)..usize::from(x & 31) + 1)
        };
        for x in low(0) {
            for y in low(1) {
                for z in low(2) {
                    let slot = Self::slot((x | y << 8 | z << 16) as u32);
                    self.bits[slot / 64] |= 1 << (slot % 64);
                }
            }
        }
    }

    /// Whether the word whose first four bytes are `four` (little-endian) may open as one of
    /// the set.
    #[inline(always)]
    pub fn may_open(&self, four: u32) -> bool {
        let slot = Self::slot(four & 0x1f_1f1f);
        self.bits[slot / 64] & (1 << (slot % 64)) != 0
    }

    /// The table slot of an opening: three bytes' low five bits, in the low three bytes.
    #[inline(always)]
    fn slot(opening: u32) -> usize {
        (u64::from(opening).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 15)) as usize
    }
}

/// Each offset in `from..to` of `b` where a word starts (an ASCII letter or digit after the
/// start of `b` or a byte that is not one) that may open as one of `openings`, in order,
/// with the four bytes from there as a little-endian number (past the end of `b`, 0xff:
/// no word holds it). A byte beyond ASCII before a start may end a word of another
/// script; callers judge those few themselves.
///
/// Topic keywords start words: testing the few places a word starts, 64 bytes classed at
/// once, costs less than stepping an automaton through every byte; and most words are
/// turned away here, in a loop of a dozen instructions a word, before the caller looks.
pub fn each_word_opening(
    b: &[u8],
    from: usize,
    to: usize,
    openings: &Openings,
    mut found: impl FnMut(usize, u32),
) {
    let to = to.min(b.len());
    let mut i = from;
    let mut after_alphanumeric = i > 0 && b.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
    let mut padded: [u8; 67];
    while i < to {
        // The chunk and the three bytes after it, for the last start's four.
        let window: &[u8; 67] = match b[i..].first_chunk::<67>() {
            Some(window) => window,
            None => {
                padded = [0xff; 67];
                padded[..b.len() - i].copy_from_slice(&b[i..]);
                &padded
            }
        };
        let alphanumeric = window.first_chunk::<64>().map_or(0, Masks::alphanumeric_of);
        let n = (to - i).min(64);
        let valid = if n == 64 { !0 } else { (1u64 << n) - 1 };
        let mut starts = alphanumeric & !((alphanumeric << 1) | u64::from(after_alphanumeric)) & valid;
        // The starts that may open a keyword, gathered without a branch: which words pass
        // is as good as random to the processor, and a mispredicted branch a word was most
        // of the time of this loop.
        let mut passed = 0u64;
        while starts != 0 {
            let k = starts.trailing_zeros() as usize & 63;
            starts &= starts - 1;
            passed |= u64::from(openings.may_open(four_at(window, k))) << k;
        }
        while passed != 0 {
            let k = passed.trailing_zeros() as usize & 63;
            passed &= passed - 1;
            found(i + k, four_at(window, k));
        }
        after_alphanumeric = alphanumeric >> 63 != 0;
        i += 64;
    }
}

/// The four bytes of `window` from `k` (at most 63), little-endian.
#[inline(always)]
fn four_at(window: &[u8; 67], k: usize) -> u32 {
    window[k..k + 4].try_into().map_or(u32::MAX, u32::from_le_bytes)
}

/// Whether `text` is `folded` (whose ASCII letters are lower case) but for the case of its
/// ASCII letters, as `eq_ignore_ascii_case` says: eight bytes at a time, as every keyword
/// found at a word start is compared.
pub fn is_folded_as(text: &[u8], folded: &[u8]) -> bool {
    if text.len() != folded.len() {
        return false;
    }
    let (mut t, mut f) = (text.chunks_exact(8), folded.chunks_exact(8));
    for (a, b) in (&mut t).zip(&mut f) {
        let (Ok(a), Ok(b)) = (<[u8; 8]>::try_from(a), <[u8; 8]>::try_from(b)) else {
            return false;
        };
        if lower_case_eight(u64::from_le_bytes(a)) != u64::from_le_bytes(b) {
            return false;
        }
    }
    t.remainder()
        .iter()
        .zip(f.remainder())
        .all(|(a, b)| a.to_ascii_lowercase() == *b)
}

/// The eight bytes of `b` from `at` as a little-endian number, ASCII capitals in lower
/// case, zero past the end: a keyword of up to eight bytes is then one masked comparison.
#[inline(always)]
pub fn folded_head(b: &[u8], at: usize) -> u64 {
    let rest = b.get(at..).unwrap_or_default();
    let eight = match rest.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => rest.iter().rev().fold(0, |k, &c| k << 8 | u64::from(c)),
    };
    lower_case_eight(eight)
}

/// Eight bytes with their ASCII capitals in lower case (SWAR, as [`not_alphanumeric_bytes`]).
#[inline(always)]
fn lower_case_eight(x: u64) -> u64 {
    let ascii = !x & HIGH_BITS;
    let low = x & !HIGH_BITS;
    let capital = at_least(b'A', low) & at_most(b'Z', low) & ascii;
    x | (capital >> 2)
}

/// Whether `text` has at least `n` words (at least one for `n` = 0) as `split_whitespace`
/// counts them, without counting all of a long turn's words. Asked of every quote: ASCII is
/// read 64 bytes at a time (a word starts where a byte that is no space follows one that
/// is), a short quote too, and only a stretch with a character beyond ASCII a character at
/// a time.
pub fn has_words(text: &str, n: usize) -> bool {
    let wanted = n.max(1);
    let b = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        let stretch_end = (i + 64).min(b.len());
        // A short quote's bytes (most quotes are shorter than 64) padded with spaces, which
        // start no word.
        let m = match b[i..].first_chunk::<64>() {
            Some(chunk) => Masks::of(chunk),
            None => {
                let mut chunk = [b' '; 64];
                chunk[..b.len() - i].copy_from_slice(&b[i..]);
                Masks::of(&chunk)
            }
        };
        if m.beyond_ascii == 0 {
            let starts = !m.space & ((m.space << 1) | u64::from(!in_word));
            words += starts.count_ones() as usize;
            if words >= wanted {
                return true;
            }
            in_word = m.space >> 63 == 0;
            i = stretch_end;
            continue;
        }
        // A character at a time, to the stretch's end (or just past it, at a character's end).
        while i < stretch_end {
            let (space, len) = match b[i] {
                byte if byte.is_ascii() => (matches!(byte, b' ' | b'\t'..=b'\r'), 1),
                _ => {
                    let (c, len) = char_at(text, i);
                    (c.is_whitespace(), len)
                }
            };
            if !space && !in_word {
                words += 1;
                if words >= wanted {
                    return true;
                }
            }
            in_word = !space;
            i += len;
        }
    }
    false
}

/// The classes of up to 64 bytes of text, a bit per byte (bit `k`: byte `k`).
#[derive(Debug, Default, PartialEq)]
struct Masks {
    alphanumeric: u64,
    /// `.`, `'` and `-`: they join a word when a letter or digit stands on both sides.
    joiner: u64,
    /// What `char::is_whitespace` says of an ASCII byte.
    space: u64,
    beyond_ascii: u64,
}

impl Masks {
    /// The classes of `chunk`'s bytes, byte by byte.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn of_bytes(chunk: &[u8; 64]) -> Masks {
        let mut m = Masks::default();
        for (k, &byte) in chunk.iter().enumerate() {
            let bit = 1u64 << k;
            if byte.is_ascii_alphanumeric() {
                m.alphanumeric |= bit;
            } else if matches!(byte, b'.' | b'\'' | b'-') {
                m.joiner |= bit;
            } else if matches!(byte, b' ' | b'\t'..=b'\r') {
                m.space |= bit;
            } else if !byte.is_ascii() {
                m.beyond_ascii |= bit;
            }
        }
        m
    }

    /// [`Masks::of_bytes`], 32 bytes at a time where the processor can, else sixteen.
    #[cfg(target_arch = "x86_64")]
    fn of(chunk: &[u8; 64]) -> Masks {
        if avx2::available() {
            // SAFETY: the processor has AVX2 (just asked).
            unsafe { avx2::masks(chunk) }
        } else {
            // SAFETY: SSE2 is part of every x86_64 processor (the target enables it).
            unsafe { Masks::of_sse2(chunk) }
        }
    }

    /// [`Masks::of`]'s letters and digits alone (the others cost as much again).
    #[cfg(target_arch = "x86_64")]
    fn alphanumeric_of(chunk: &[u8; 64]) -> u64 {
        if avx2::available() {
            // SAFETY: the processor has AVX2 (just asked).
            unsafe { avx2::alphanumeric(chunk) }
        } else {
            // SAFETY: SSE2 is part of every x86_64 processor (the target enables it).
            unsafe { Masks::of_sse2(chunk).alphanumeric }
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn alphanumeric_of(chunk: &[u8; 64]) -> u64 {
        Masks::of_bytes(chunk).alphanumeric
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    fn of_sse2(chunk: &[u8; 64]) -> Masks {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
            _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        };
        // Bytes beyond ASCII are negative as `i8`: every range below leaves them out.
        let within = |v: __m128i, lo: u8, hi: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8((lo - 1) as i8)),
                _mm_cmplt_epi8(v, _mm_set1_epi8((hi + 1) as i8)),
            )
        };
        let is = |v: __m128i, byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
        let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16);
        let mut m = Masks::default();
        for (k, sixteen) in chunk.chunks_exact(16).enumerate() {
            // SAFETY: `sixteen` is 16 readable bytes; the load has no alignment requirement.
            let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
            let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let alphanumeric = _mm_or_si128(within(v, b'0', b'9'), within(folded, b'a', b'z'));
            let joiner = _mm_or_si128(_mm_or_si128(is(v, b'.'), is(v, b'\'')), is(v, b'-'));
            let space = _mm_or_si128(is(v, b' '), within(v, b'\t', b'\r'));
            let shift = 16 * k;
            m.alphanumeric |= bits(alphanumeric) << shift;
            m.joiner |= bits(joiner) << shift;
            m.space |= bits(space) << shift;
            m.beyond_ascii |= bits(v) << shift;
        }
        m
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn of(chunk: &[u8; 64]) -> Masks {
        Masks::of_bytes(chunk)
    }
}

/// The classes of 64 bytes 32 at a time, on processors with AVX2 (nearly all now): the
/// classing is most of what reading a window of text costs, and half the instructions of
/// sixteen at a time (measured on a hearing: a twentieth of an export). Each is asked only
/// after [`avx2::available`] said yes.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Capitals, Masks};
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };

    /// Whether this processor has AVX2 (std remembers the answer: one load a call).
    #[inline]
    pub fn available() -> bool {
        std::arch::is_x86_feature_detected!("avx2")
    }

    /// The bytes of `v` from `lo` to `hi`. Bytes beyond ASCII are negative as `i8`: every
    /// range asked for leaves them out.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn within(v: __m256i, lo: u8, hi: u8) -> __m256i {
        _mm256_and_si256(
            _mm256_cmpgt_epi8(v, _mm256_set1_epi8((lo - 1) as i8)),
            _mm256_cmpgt_epi8(_mm256_set1_epi8((hi + 1) as i8), v),
        )
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn is(v: __m256i, byte: u8) -> __m256i {
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8(byte as i8))
    }

    /// A bit per byte of `v`: its high bit.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn bits(v: __m256i) -> u64 {
        u64::from(_mm256_movemask_epi8(v) as u32)
    }

    /// The two halves of `chunk`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn halves(chunk: &[u8; 64]) -> [__m256i; 2] {
        let at = chunk.as_ptr();
        // SAFETY: `chunk` is 64 readable bytes, 32 from each of these; the loads have no
        // alignment requirement.
        unsafe {
            [
                _mm256_loadu_si256(at.cast()),
                _mm256_loadu_si256(at.add(32).cast()),
            ]
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn alphanumeric_in(v: __m256i) -> __m256i {
        let folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
        _mm256_or_si256(within(v, b'0', b'9'), within(folded, b'a', b'z'))
    }

    /// [`Masks::of_bytes`].
    #[target_feature(enable = "avx2")]
    pub fn masks(chunk: &[u8; 64]) -> Masks {
        let mut m = Masks::default();
        for (k, v) in halves(chunk).into_iter().enumerate() {
            let joiner = _mm256_or_si256(_mm256_or_si256(is(v, b'.'), is(v, b'\'')), is(v, b'-'));
            let space = _mm256_or_si256(is(v, b' '), within(v, b'\t', b'\r'));
            let shift = 32 * k;
            m.alphanumeric |= bits(alphanumeric_in(v)) << shift;
            m.joiner |= bits(joiner) << shift;
            m.space |= bits(space) << shift;
            m.beyond_ascii |= bits(v) << shift;
        }
        m
    }

    /// [`Masks::of_bytes`]'s letters and digits alone.
    #[target_feature(enable = "avx2")]
    pub fn alphanumeric(chunk: &[u8; 64]) -> u64 {
        let [low, high] = halves(chunk);
        bits(alphanumeric_in(low)) | bits(alphanumeric_in(high)) << 32
    }

    /// [`Capitals::of_bytes`].
    #[target_feature(enable = "avx2")]
    pub fn capitals(chunk: &[u8; 64]) -> Capitals {
        let mut m = Capitals::default();
        for (k, v) in halves(chunk).into_iter().enumerate() {
            let shift = 32 * k;
            m.upper |= bits(within(v, b'A', b'Z')) << shift;
            m.alphanumeric |= bits(alphanumeric_in(v)) << shift;
            m.beyond_ascii |= bits(v) << shift;
        }
        m
    }
}

/// Up to 64 ASCII bytes of text from some offset, classed.
struct Window {
    masks: Masks,
    /// How many bytes the window holds: up to 64, or to the first byte beyond ASCII.
    len: usize,
    /// Whether the text ends where the window does.
    at_end: bool,
}

impl Window {
    fn at(b: &[u8], i: usize) -> Window {
        let rest = &b[i..];
        let available = rest.len().min(64);
        let masks = match rest.first_chunk::<64>() {
            Some(chunk) => Masks::of(chunk),
            // The last bytes, padded with spaces.
            None => {
                let mut chunk = [b' '; 64];
                chunk[..available].copy_from_slice(rest);
                Masks::of(&chunk)
            }
        };
        let len = (masks.beyond_ascii.trailing_zeros() as usize).min(available);
        Window {
            masks,
            len,
            at_end: len == rest.len(),
        }
    }

    /// Hand the tokens starting in the window (at text offset `i`) to `token`, in order.
    /// `None` when all of them were read; else where the first one that could not be read
    /// here starts (a word reaching the window's end may go on beyond it).
    fn tokens<'a>(&self, s: &'a str, i: usize, token: &mut impl FnMut(AsciiToken<'a>)) -> Option<usize> {
        let n = self.len;
        let valid = if n == 64 { !0 } else { (1u64 << n) - 1 };
        let m = &self.masks;
        let alphanumeric = m.alphanumeric & valid;
        // A joiner's next byte beyond the window is unknown: taken as no letter here, and
        // the word it ends is read again from the next window (below).
        let joined = m.joiner & (alphanumeric << 1) & (alphanumeric >> 1);
        let word = alphanumeric | joined;
        let starts = word & !(word << 1);
        // The window's last word may go on past it: when it reaches the window's end, or
        // stops one short of it at a joiner. Asked once a window, not of every word.
        let last = 1u64 << (n - 1);
        let tail_open = word & last != 0 || (m.joiner & last != 0 && word & (last >> 1) != 0);
        let open_from = if tail_open && !self.at_end {
            63 - starts.leading_zeros() as usize
        } else {
            64
        };
        let mut todo = starts | (valid & !word & !m.space);
        while todo != 0 {
            let p = todo.trailing_zeros() as usize;
            todo &= todo - 1;
            let next = p + 1;
            if starts & (1 << p) != 0 {
                if p >= open_from {
                    return Some(p);
                }
                let end = (!word & (!0u64 << p)).trailing_zeros() as usize;
                debug_assert!(s.is_char_boundary(i + p) && s.is_char_boundary(i + end));
                // SAFETY: the window's `n` bytes from `i` are all ASCII (`len` stops at the
                // first byte beyond it) and the text goes on at least that far, so every
                // offset from `i` to `i + n` is a character boundary; `p < end <= n` here
                // (a word reaching past `n` returned above unless the text ends there, and
                // then `i + n` is its end). Slicing with the checks was 2% of an export.
                token(AsciiToken::Word(unsafe { s.get_unchecked(i + p..i + end) }));
            } else {
                let byte = s.as_bytes()[i + p];
                // Whether a `-` is a dash depends on the byte after it.
                if byte == b'-' && next >= n && !self.at_end {
                    return Some(p);
                }
                token(AsciiToken::Punct {
                    byte,
                    before_alphanumeric: next < 64 && alphanumeric & (1 << next) != 0,
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word opening with a capital, read one character at a time.
    fn capitalised_word_starts(s: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in s.char_indices() {
            if c.is_uppercase() && !prev.is_some_and(char::is_alphanumeric) {
                out.push(i);
            }
            prev = Some(c);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn every_capitalised_word_start_is_offered(s in "([a-zA-Z0-9 .,'’\\-]|É|é|Ж|ж|“|\u{2003}){0,40}") {
            let mut offered = Vec::new();
            each_capital(&s, |at, len| {
                offered.push((at, len));
                false
            });
            for &(at, len) in &offered {
                let c = s[at..].chars().next();
                proptest::prop_assert!(c.is_some_and(|c| c.is_uppercase() && c.len_utf8() == len), "{:?} at {}", s, at);
            }
            let offered: Vec<usize> = offered.into_iter().map(|(at, _)| at).collect();
            for start in capitalised_word_starts(&s) {
                proptest::prop_assert!(offered.contains(&start), "{} at {}: {:?}", s, start, offered);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_starts_are_where_a_letter_or_digit_follows_none(
            s in "([a-zA-Z0-9 .,'\\-]|é|“|Ж){0,150}",
            from in 0usize..160,
            len in 0usize..160,
        ) {
            let b = s.as_bytes();
            let (from, to) = (from.min(b.len()), (from + len).min(b.len()));
            let mut found = Vec::new();
            each_word_opening(b, from, to, &Openings::all(), |at, four| found.push((at, four)));
            let four_at = |at: usize| {
                let mut four = [0xff; 4];
                for (k, x) in four.iter_mut().enumerate() {
                    if let Some(&byte) = b.get(at + k) {
                        *x = byte;
                    }
                }
                u32::from_le_bytes(four)
            };
            let expected: Vec<(usize, u32)> = (from..to)
                .filter(|&i| b[i].is_ascii_alphanumeric() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()))
                .map(|i| (i, four_at(i)))
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_a_window_at_a_time_as_split_whitespace_counts_them(
            text in "([a-z]{1,6}| {1,3}|\t|\n|\u{1c}|é){0,120}",
        ) {
            // Every count up to one past the words there are: a short text is read as a
            // padded window, and padding must start no word.
            let words = text.split_whitespace().count();
            for n in 0..=words + 1 {
                proptest::prop_assert_eq!(has_words(&text, n), n <= words && (n > 0 || words > 0), "{:?} {}", text, n);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_folded_head_is_eight_bytes_lower_cased_zero_past_the_end(
            text in "([a-zA-Z0-9@\\[`{ .'-]|é|É){0,12}",
            at in 0usize..16,
        ) {
            let b = text.as_bytes();
            let mut eight = [0u8; 8];
            for (k, byte) in eight.iter_mut().enumerate() {
                *byte = b.get(at + k).map_or(0, u8::to_ascii_lowercase);
            }
            proptest::prop_assert_eq!(folded_head(b, at), u64::from_le_bytes(eight));
        }
    }

    proptest::proptest! {
        #[test]
        fn text_is_folded_as_eq_ignore_ascii_case_says(
            text in "([a-zA-Z0-9@\\[`{ .'-]|é|É|\u{80}){0,20}",
            other in "([a-zA-Z0-9@\\[`{ .'-]|é|É|\u{80}){0,20}",
            same in proptest::bool::ANY,
        ) {
            // Half the time the same text in other cases, else another text.
            let other = if same { text.to_ascii_uppercase() } else { other };
            let folded = other.as_bytes().to_ascii_lowercase();
            proptest::prop_assert_eq!(
                is_folded_as(text.as_bytes(), &folded),
                text.as_bytes().eq_ignore_ascii_case(other.as_bytes()),
                "{:?} {:?}", text, other
            );
        }
    }

    /// Each byte in turn at places across the chunk's quarters and halves, among letters.
    fn chunks_with_every_byte() -> impl Iterator<Item = (u8, usize, [u8; 64])> {
        (0..=255u8).flat_map(|byte| {
            [0, 15, 16, 31, 32, 47, 63].map(|at| {
                let mut chunk = [b'a'; 64];
                chunk[at] = byte;
                (byte, at, chunk)
            })
        })
    }

    #[test]
    fn every_byte_is_classed_alike_many_at_a_time_and_one_by_one() {
        for (byte, at, chunk) in chunks_with_every_byte() {
            let one_by_one = Masks::of_bytes(&chunk);
            assert_eq!(Masks::of(&chunk), one_by_one, "byte {byte:#x} at {at}");
            assert_eq!(
                Masks::alphanumeric_of(&chunk),
                one_by_one.alphanumeric,
                "byte {byte:#x} at {at}"
            );
            #[cfg(target_arch = "x86_64")]
            {
                // SAFETY: SSE2 is part of every x86_64 processor.
                let sixteen = unsafe { Masks::of_sse2(&chunk) };
                assert_eq!(sixteen, one_by_one, "byte {byte:#x} at {at}, sixteen at a time");
                if avx2::available() {
                    // SAFETY: the processor has AVX2 (just asked).
                    let (all, alphanumeric) = unsafe { (avx2::masks(&chunk), avx2::alphanumeric(&chunk)) };
                    assert_eq!(all, one_by_one, "byte {byte:#x} at {at}, 32 at a time");
                    assert_eq!(alphanumeric, one_by_one.alphanumeric, "byte {byte:#x} at {at}");
                }
            }
        }
    }

    #[test]
    fn every_byte_is_classed_alike_for_capitals_many_at_a_time_and_one_by_one() {
        for (byte, at, chunk) in chunks_with_every_byte() {
            let one_by_one = Capitals::of_bytes(&chunk);
            assert_eq!(Capitals::of(&chunk), one_by_one, "byte {byte:#x} at {at}");
            #[cfg(target_arch = "x86_64")]
            {
                // SAFETY: SSE2 is part of every x86_64 processor.
                let sixteen = unsafe { Capitals::of_sse2(&chunk) };
                assert_eq!(sixteen, one_by_one, "byte {byte:#x} at {at}, sixteen at a time");
                if avx2::available() {
                    // SAFETY: the processor has AVX2 (just asked).
                    let all = unsafe { avx2::capitals(&chunk) };
                    assert_eq!(all, one_by_one, "byte {byte:#x} at {at}, 32 at a time");
                }
            }
        }
    }

    /// The places [`each_capital`] offers, read a byte at a time.
    fn capitals_one_by_one(s: &str) -> Vec<(usize, usize)> {
        let b = s.as_bytes();
        let mut out = Vec::new();
        for at in 0..b.len() {
            if b[at].is_ascii_uppercase() && (at == 0 || !b[at - 1].is_ascii_alphanumeric()) {
                out.push((at, 1));
            } else if !b[at].is_ascii() && s.is_char_boundary(at) {
                let (c, len) = char_at(s, at);
                if c.is_uppercase() {
                    out.push((at, len));
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn capitals_are_offered_as_a_byte_at_a_time_finds_them(
            s in "([a-zA-Z0-9 .,'’\\-]{1,70}|É|é|Ж|ж|“|\u{2003}){0,12}",
        ) {
            let mut offered = Vec::new();
            each_capital(&s, |at, len| {
                offered.push((at, len));
                false
            });
            proptest::prop_assert_eq!(offered, capitals_one_by_one(&s));
        }
    }

    #[test]
    fn ascii_whitespace_is_what_char_says_it_is() {
        for byte in 0..0x80u8 {
            let mut chunk = [b'a'; 64];
            chunk[5] = byte;
            let space = Masks::of_bytes(&chunk).space != 0;
            assert_eq!(space, char::from(byte).is_whitespace(), "byte {byte:#x}");
        }
    }

    #[test]
    fn a_word_across_windows_is_read_whole() {
        let long = format!("{} well-known {}", "x".repeat(60), "y".repeat(130));
        let mut words = Vec::new();
        let stopped = each_ascii_token(&long, 0, |t| words.push(t));
        assert_eq!(
            stopped,
            long.find('y').unwrap_or(0),
            "stops at the word longer than a window"
        );
        assert_eq!(
            words,
            [AsciiToken::Word(&long[..60]), AsciiToken::Word("well-known")]
        );
    }

    #[test]
    fn every_byte_is_classed_as_ascii_alphanumeric_or_not() {
        for byte in 0..=255u8 {
            let mut eight = [b'a'; 8];
            eight[3] = byte;
            let found = not_alphanumeric_bytes(u64::from_le_bytes(eight));
            assert_eq!(found != 0, !byte.is_ascii_alphanumeric(), "byte {byte:#x}");
            if found != 0 {
                assert_eq!(found.trailing_zeros() / 8, 3, "byte {byte:#x}");
            }
        }
    }
}
