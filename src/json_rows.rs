//! The `quotes --format json` rows, written by hand in serde_json's pretty layout.
//!
//! A 100 MB hearing has about a million quotes; through serde's generic serializer (a
//! `String` id, a `Vec` of topics and dozens of small writes per row) the export took longer
//! than parsing the document. SPEC §8 asks for it to run no slower than `wc -w`, so rows are
//! written straight into one buffer. The tests hold the output to serde_json's, byte for byte.

use std::io::{self, Write};

use crate::document::{Document, Quote, QuoteLines};

/// Rows rendered as one chunk: on a hearing's half million rows, chunks are rendered on
/// both cores and written in order.
pub(crate) const CHUNK: usize = 1024;
/// Threads rendering chunks.
const RENDERERS: usize = 2;

/// Write the quotes `chosen` as a pretty-printed JSON array of SPEC §7 rows.
pub fn write_quotes(
    out: &mut dyn Write,
    doc: &Document,
    chosen: impl IntoIterator<Item = usize>,
) -> io::Result<()> {
    let mut chosen = chosen.into_iter();
    let first: Vec<usize> = chosen.by_ref().take(CHUNK).collect();
    if first.is_empty() {
        return out.write_all(b"[]\n");
    }
    out.write_all(b"[\n")?;
    let repeated = Repeated::of(doc);
    let mut buf = Vec::new();
    render(doc, &repeated, &first, true, &mut buf);
    out.write_all(&buf)?;
    let next: Vec<usize> = chosen.by_ref().take(CHUNK).collect();
    if !next.is_empty() {
        render_on_both_cores(out, doc, &repeated, next, &mut chosen)?;
    }
    out.write_all(b"\n]\n")
}

/// Rows `indices`, each after a separator unless it opens the array.
fn render(doc: &Document, repeated: &Repeated, indices: &[usize], opens: bool, buf: &mut Vec<u8>) {
    buf.clear();
    let mut lines = QuoteLines::new(doc);
    for (n, &index) in indices.iter().enumerate() {
        if n > 0 || !opens {
            buf.extend_from_slice(b",\n");
        }
        push_row(buf, doc, repeated, &mut lines, index, &doc.quotes[index]);
    }
}

/// The JSON of the strings rows repeat (speakers' names, section names, topic ids), written
/// once: each was escaped anew in every row, a fifth of the work of writing a hearing's
/// half million rows. Only up to [`Repeated::MOST`] of each are kept; a document with more
/// (a heading on every line) has its others escaped where they are used.
struct Repeated {
    speakers: Vec<Vec<u8>>,
    sections: Vec<Vec<u8>>,
    topics: Vec<Vec<u8>>,
}

impl Repeated {
    const MOST: usize = 1 << 16;

    fn of(doc: &Document) -> Repeated {
        let json = |s: Option<&str>| {
            let mut buf = Vec::new();
            push_optional_str(&mut buf, s);
            buf
        };
        Repeated {
            speakers: (0..doc.speakers.len().min(Self::MOST))
                .map(|i| json(Some(&doc.speakers[i].name)))
                .collect(),
            sections: (0..doc.sections.len().min(Self::MOST))
                .map(|i| json(doc.section_name(i)))
                .collect(),
            topics: doc.topics.iter().map(|t| json(Some(&t.id))).collect(),
        }
    }
}

/// `json`, or else `s` escaped.
fn push_known_or<'a>(buf: &mut Vec<u8>, json: Option<&Vec<u8>>, s: impl FnOnce() -> Option<&'a str>) {
    match json {
        Some(json) => buf.extend_from_slice(json),
        None => push_optional_str(buf, s()),
    }
}

/// The rest of the rows, from `next` on: chunks taken from one queue by whichever renderer
/// is free, written in order as they come back, buffers handed back for reuse. (Chunks
/// dealt to the renderers in turn left the faster one idle behind the slower whenever their
/// cores ran at different speeds.)
fn render_on_both_cores(
    out: &mut dyn Write,
    doc: &Document,
    repeated: &Repeated,
    next: Vec<usize>,
    chosen: &mut impl Iterator<Item = usize>,
) -> io::Result<()> {
    use std::sync::mpsc;
    /// A chunk's number in order, its rows and the buffer they are rendered into.
    type Job = (usize, Vec<usize>, Vec<u8>);
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = std::sync::Mutex::new(job_rx);
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel::<Job>();
        for _ in 0..RENDERERS {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            scope.spawn(move || {
                loop {
                    let job = job_rx
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .recv();
                    let Ok((number, indices, mut buf)) = job else {
                        return;
                    };
                    render(doc, repeated, &indices, false, &mut buf);
                    if done_tx.send((number, indices, buf)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Chunks back before their turn to be written.
        let mut early = std::collections::BTreeMap::new();
        let mut spare: Vec<Job> = Vec::new();
        let mut chunk = next;
        let (mut sent, mut written) = (0usize, 0usize);
        let result = loop {
            // Keep two chunks in flight per renderer, then write the oldest.
            while !chunk.is_empty() && sent - written < 2 * RENDERERS {
                let (_, mut indices, buf) = spare.pop().unwrap_or_default();
                std::mem::swap(&mut indices, &mut chunk);
                if job_tx.send((sent, indices, buf)).is_err() {
                    break;
                }
                sent += 1;
                chunk.clear();
                chunk.extend(chosen.by_ref().take(CHUNK));
            }
            if written == sent {
                break Ok(());
            }
            let oldest = loop {
                if let Some(job) = early.remove(&written) {
                    break Some(job);
                }
                match done_rx.recv() {
                    Ok(job) => {
                        early.insert(job.0, job);
                    }
                    Err(_) => break None,
                }
            };
            let Some(job) = oldest else {
                break Err(io::Error::other("a JSON renderer stopped"));
            };
            if let Err(e) = out.write_all(&job.2) {
                break Err(e);
            }
            written += 1;
            spare.push(job);
        };
        // Closing the job queue lets the renderers finish.
        drop(job_tx);
        result
    })
}

fn push_row(
    buf: &mut Vec<u8>,
    doc: &Document,
    repeated: &Repeated,
    lines: &mut QuoteLines,
    index: usize,
    q: &Quote,
) {
    buf.extend_from_slice(b"  {\n    \"id\": \"q");
    push_number(buf, index + 1);
    buf.extend_from_slice(b"\",\n    \"text\": ");
    push_str(buf, doc.quote_text(q));
    buf.extend_from_slice(b",\n    \"speaker\": ");
    match q.speaker() {
        Some(s) => push_known_or(buf, repeated.speakers.get(s), || doc.speaker_name(q)),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\n    \"section\": ");
    let section = doc.quote_section(q);
    push_known_or(buf, repeated.sections.get(section), || doc.section_name(section));
    buf.extend_from_slice(b",\n    \"kind\": \"");
    buf.extend_from_slice(q.kind.as_str().as_bytes());
    buf.extend_from_slice(b"\",\n    \"topics\": [");
    let mut topics = q.topics.iter().filter_map(|t| repeated.topics.get(t)).peekable();
    if topics.peek().is_some() {
        for (i, topic) in topics.enumerate() {
            buf.extend_from_slice(if i == 0 { b"\n      " } else { b",\n      " });
            buf.extend_from_slice(topic);
        }
        buf.extend_from_slice(b"\n    ");
    }
    buf.extend_from_slice(b"],\n    \"line\": ");
    push_number(buf, lines.line_of(q));
    buf.extend_from_slice(b"\n  }");
}

fn push_optional_str(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_str(buf, s),
        None => buf.extend_from_slice(b"null"),
    }
}

/// A number in decimal, two digits at a time (two numbers a row, a million rows).
fn push_number(buf: &mut Vec<u8>, n: usize) {
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839\
                                 40414243444546474849505152535455565758596061626364656667686970717273747576777879\
                                 8081828384858687888990919293949596979899";
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    while n >= 100 {
        let pair = (n % 100) * 2;
        n /= 100;
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        at -= 2;
        digits[at..at + 2].copy_from_slice(&PAIRS[n * 2..n * 2 + 2]);
    } else {
        at -= 1;
        digits[at] = b'0' + n as u8;
    }
    buf.extend_from_slice(&digits[at..]);
}

/// How serde_json escapes a byte: 0 for "as it is", `u` for `\u00XX`, else the letter after
/// the backslash.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Bytes looked at together for anything to escape: a block with none (nearly all of them)
/// is copied without a look at each byte.
const BLOCK: usize = 32;

/// The bytes of `block` that need escaping, a bit each (bit `k`: byte `k`): a block with
/// none is passed over whole, and one with some leads straight to the first.
#[cfg(not(target_arch = "x86_64"))]
fn escapes(block: &[u8; BLOCK]) -> u32 {
    escapes_bytes(block)
}

/// [`escapes`] a byte at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn escapes_bytes(block: &[u8; BLOCK]) -> u32 {
    block.iter().enumerate().fold(0u32, |bits, (k, &b)| {
        bits | (u32::from(ESCAPE[usize::from(b)] != 0) << k)
    })
}

/// [`escapes`], sixteen bytes at a time.
#[cfg(target_arch = "x86_64")]
fn escapes(block: &[u8; BLOCK]) -> u32 {
    // SAFETY: SSE2 is part of every x86_64 processor (the target enables it).
    unsafe { escapes_sse2(block) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn escapes_sse2(block: &[u8; BLOCK]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut bits = 0u32;
    for (k, sixteen) in block.chunks_exact(16).enumerate() {
        // SAFETY: `sixteen` is 16 readable bytes; the load has no alignment requirement.
        let v = unsafe { _mm_loadu_si128(sixteen.as_ptr().cast()) };
        // A control byte is one no greater than 0x1f (compared unsigned, by the maximum).
        let limit = _mm_set1_epi8(0x1f);
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, limit), limit);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        let any = _mm_or_si128(control, _mm_or_si128(quote, backslash));
        bits |= (_mm_movemask_epi8(any) as u32 & 0xffff) << (16 * k);
    }
    bits
}

/// A JSON string: runs that need no escaping are copied whole.
fn push_str(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // The last bytes (and a name or an id, whole) are tested as a block too, padded
        // with spaces: a byte at a time they were most of the time spent here.
        let n = (bytes.len() - i).min(BLOCK);
        let block: [u8; BLOCK] = match bytes[i..].first_chunk::<BLOCK>() {
            Some(whole) => *whole,
            // A copy of variable length is a call: only for the last bytes.
            None => {
                let mut block = [b' '; BLOCK];
                block[..n].copy_from_slice(&bytes[i..]);
                block
            }
        };
        // The padding (spaces) needs no escaping: only the block's own bytes can be marked.
        let marked = escapes(&block);
        if marked == 0 {
            i += n;
            continue;
        }
        // Straight to the byte to escape (a hard-wrapped turn has a line break every seventy
        // bytes).
        i += marked.trailing_zeros() as usize;
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let escape = ESCAPE[usize::from(b)];
        buf.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        if escape == b'u' {
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xF)]);
        } else {
            buf.push(b'\\');
            buf.push(escape);
        }
        i += 1;
    }
    buf.extend_from_slice(&bytes[run..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(s: &str) -> String {
        let mut buf = Vec::new();
        push_str(&mut buf, s);
        String::from_utf8(buf).unwrap_or_default()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Escapes inside and across the blocks the writer skips over.
        let long = format!("{}\"{}\n{}\\", "x".repeat(40), "y".repeat(31), "z".repeat(64));
        for s in [
            "",
            "plain",
            "“curly” and \"straight\"",
            "a\\b",
            "\u{0}\u{1f}\u{7f}\t\n\r\u{8}\u{c}",
            "Путин",
            &long,
        ] {
            assert_eq!(written(s), serde_json::to_string(s).unwrap_or_default(), "{s:?}");
        }
    }

    proptest! {
        /// Any text, escapes anywhere in or across the blocks, after anything already in the
        /// buffer: what serde_json writes.
        #[test]
        fn a_string_after_other_bytes_is_escaped_as_serde_json_escapes_it(
            before in "[a-z]{0,40}",
            s in "([a-zA-Z \"\\\\\n\t\r\u{0}-\u{1f}\u{7f}]|é|“|Ж|\u{2028}){0,120}",
        ) {
            let mut buf = before.clone().into_bytes();
            push_str(&mut buf, &s);
            let expected = format!("{before}{}", serde_json::to_string(&s).unwrap_or_default());
            prop_assert_eq!(String::from_utf8(buf).unwrap_or_default(), expected);
        }
    }

    #[test]
    fn speakers_and_sections_past_those_kept_written_are_escaped_alike() {
        use crate::document::{InputFormat, Lexicon, parse};
        let text = "# Hearing\n\n## “Quoted” heading\n\nDR. ADE: “Well,” he said, “it is so, and it \
                    will stay so for a long time.”\n\n## Part \\2\n\nQ: Why?\n\nDR. ADE: Because.\n";
        let doc = parse(text.to_string(), InputFormat::Markdown, &Lexicon::bundled());
        assert!(doc.speakers.len() >= 2 && doc.sections.len() >= 2, "{doc:?}");
        let all: Vec<usize> = (0..doc.quotes.len()).collect();
        let kept = Repeated::of(&doc);
        let mut with_kept = Vec::new();
        render(&doc, &kept, &all, true, &mut with_kept);
        let none = Repeated {
            speakers: Vec::new(),
            sections: Vec::new(),
            topics: kept.topics.clone(),
        };
        let mut escaped = Vec::new();
        render(&doc, &none, &all, true, &mut escaped);
        assert_eq!(
            String::from_utf8_lossy(&with_kept),
            String::from_utf8_lossy(&escaped)
        );
        let written = String::from_utf8_lossy(&escaped);
        assert!(written.contains(r#""section": "Part \\2""#), "{written}");
        assert!(written.contains(r#""speaker": "DR. ADE""#), "{written}");
    }

    #[test]
    fn every_byte_is_marked_alike_sixteen_at_a_time_and_one_by_one() {
        for byte in 0..=255u8 {
            for at in [0, 7, 15, 16, 24, 31] {
                let mut block = [b'a'; BLOCK];
                block[at] = byte;
                assert_eq!(escapes(&block), escapes_bytes(&block), "byte {byte:#x} at {at}");
            }
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [
            0,
            7,
            9,
            10,
            42,
            99,
            100,
            101,
            999,
            1000,
            12_345,
            1_000_000,
            usize::MAX,
        ] {
            let mut buf = Vec::new();
            push_number(&mut buf, n);
            assert_eq!(buf, n.to_string().into_bytes());
        }
    }

    proptest! {
        #[test]
        fn any_number_is_written_in_decimal(n: usize) {
            let mut buf = Vec::new();
            push_number(&mut buf, n);
            prop_assert_eq!(buf, n.to_string().into_bytes());
        }

        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "\\PC*|[\\x00-\\x7f]*|(.{0,40}[\\x00-\\x1f\"\\\\]){0,4}") {
            prop_assert_eq!(written(&s), serde_json::to_string(&s).unwrap_or_default());
        }
    }
}
