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

/// Each place in `s` where a word opening with a capital may start, in order: every ASCII
/// capital not preceded by an ASCII letter or digit, and every capital beyond ASCII (with
/// its length). Eight bytes are tested at once; a place mid-word may be among them (`S` in
/// `U.S`), so callers read the word there as the tokenizer would and judge it themselves.
pub fn each_capital(s: &str, mut found: impl FnMut(usize, usize) -> bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let mut eight = [b' '; 8];
        let n = (b.len() - i).min(8);
        eight[..n].copy_from_slice(&b[i..i + n]);
        let mut marks = capitals_or_beyond_ascii(u64::from_le_bytes(eight));
        while marks != 0 {
            let at = i + (marks.trailing_zeros() / 8) as usize;
            marks &= marks - 1;
            let byte = b[at];
            if byte.is_ascii() {
                if (at == 0 || !b[at - 1].is_ascii_alphanumeric()) && found(at, 1) {
                    return true;
                }
            } else if s.is_char_boundary(at) {
                let (c, len) = char_at(s, at);
                if c.is_uppercase() && found(at, len) {
                    return true;
                }
            }
        }
        i += 8;
    }
    false
}

/// The high bit of each byte of `x` that is an ASCII capital or not ASCII at all.
#[inline(always)]
fn capitals_or_beyond_ascii(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH;
    let capital = at_least(b'A', low) & at_most(b'Z', low);
    (capital & !x & HIGH) | (x & HIGH)
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
