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

/// The high bit of each byte of `x` that is not an ASCII letter or digit (SWAR: no byte's
/// sum below carries into the next, as every byte is at most 0x7f before adding).
#[inline(always)]
fn not_alphanumeric_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    let at_least = |lo: u8, v: u64| v.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH;
    let at_most = |hi: u8, v: u64| !v.wrapping_add(ONES * u64::from(0x7f - hi)) & HIGH;
    let digit = at_least(b'0', low) & at_most(b'9', low);
    let folded = low | (ONES * 0x20);
    let letter = at_least(b'a', folded) & at_most(b'z', folded);
    !((digit | letter) & ascii) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

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
