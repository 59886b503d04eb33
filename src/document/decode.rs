//! Reading a document's bytes and turning them into clean text (SPEC §2).

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::sanitize::for_terminal;

/// The interview compiled into the binary, opened when no file is named.
pub const BUNDLED_NAME: &str = "stone-putin-interview-episode4.txt";
pub const BUNDLED_TEXT: &str = include_str!("../../assets/stone-putin-interview-episode4.txt");

/// Bytes looked at when deciding whether a file is binary.
const BINARY_PROBE: usize = 8 * 1024;
/// Largest text a document may hold: offsets into it are stored as `u32` (SPEC §8), with
/// a little room for the separators the Markdown reader adds at the end.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize - 1024;
/// Largest input read; beyond this a file is refused rather than exhausting memory.
pub const MAX_INPUT_BYTES: u64 = MAX_TEXT_BYTES as u64;

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The interview compiled into the binary.
    Bundled,
    /// Standard input (`-`).
    Stdin,
    /// A file on disk.
    Path(PathBuf),
}

impl Origin {
    /// The name to show a user (file names are untrusted: sanitised when displayed).
    pub fn display_name(&self) -> String {
        match self {
            Origin::Bundled => BUNDLED_NAME.to_string(),
            Origin::Stdin => "<stdin>".to_string(),
            Origin::Path(p) => p.to_string_lossy().into_owned(),
        }
    }

    /// The file name's extension, lower-cased, used to guess the input format.
    pub fn extension(&self) -> Option<String> {
        match self {
            Origin::Path(p) => p.extension().map(|e| e.to_string_lossy().to_lowercase()),
            Origin::Bundled => Some("txt".into()),
            Origin::Stdin => None,
        }
    }
}

/// Why a document could not be read. Each message names the file and fits on one line.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot open '{}': {}", for_terminal(.0), io_reason(.1))]
    Open(String, io::Error),
    #[error("cannot read '{}': it is a directory", for_terminal(.0))]
    Directory(String),
    #[error("cannot read '{}': {}", for_terminal(.0), io_reason(.1))]
    Read(String, io::Error),
    #[error("cannot read '{}': it looks like a binary file (NUL bytes), not text", for_terminal(.0))]
    Binary(String),
    #[error("cannot read '{}': larger than the 4 GiB limit", for_terminal(.0))]
    TooLarge(String),
}

/// An io::Error's reason without Rust's "(os error 2)" suffix.
pub fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Decoded text and what the user should be told about it.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// Bytes that were not valid in the text's encoding were replaced by U+FFFD.
    pub lossy: bool,
    /// The encoding the text was read in.
    pub encoding: Encoding,
}

/// How a text's bytes spell its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Known by its byte order mark: what Windows calls "Unicode" (Notepad, Word's
    /// "Unicode text"), as some transcription tools export.
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// UTF-16 by its byte order mark (not UTF-32's, which opens the same way and goes on
    /// with two zero bytes).
    fn of_utf16_bom(bytes: &[u8]) -> Option<Encoding> {
        match bytes {
            [0xFF, 0xFE, 0, 0, ..] => None,
            [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
            [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
            _ => None,
        }
    }
}

/// Whether the first bytes of a file say it is binary: NUL bytes, unless it is UTF-16 (whose
/// every ASCII character holds one).
fn looks_binary(probe: &[u8]) -> bool {
    memchr::memchr(0, probe).is_some() && Encoding::of_utf16_bom(probe).is_none()
}

/// Read the raw bytes of a document, refusing what is not a readable text file.
pub fn read_bytes(origin: &Origin) -> Result<Vec<u8>, LoadError> {
    let name = origin.display_name();
    match origin {
        Origin::Bundled => Ok(BUNDLED_TEXT.as_bytes().to_vec()),
        Origin::Stdin => read_limited(io::stdin().lock(), &name, 0),
        Origin::Path(path) => read_path(path, &name),
    }
}

fn read_path(path: &Path, name: &str) -> Result<Vec<u8>, LoadError> {
    if path.is_dir() {
        return Err(LoadError::Directory(name.to_string()));
    }
    if is_fifo(path) && io::stderr().is_terminal() {
        // Opening a FIFO blocks until a writer comes: say so rather than hang silently.
        eprintln!(
            "interview-reader: waiting for '{}' (a FIFO) to be written; Ctrl-C stops",
            for_terminal(name)
        );
    }
    let file = File::open(path).map_err(|e| LoadError::Open(name.to_string(), e))?;
    let mut expected = 0;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(LoadError::Directory(name.to_string()));
        }
        if meta.is_file() && meta.len() > MAX_INPUT_BYTES {
            return Err(LoadError::TooLarge(name.to_string()));
        }
        expected = meta.len() as usize;
        #[cfg(unix)]
        if meta.is_file()
            && expected >= HALVES_FROM
            && let Some(bytes) = read_in_parts(&file, name, expected, READ_PART)?
        {
            return Ok(bytes);
        }
    }
    read_limited(file, name, expected)
}

/// Size from which a regular file is read, and text checked, in two halves at once.
const HALVES_FROM: usize = 4 << 20;

/// A large regular file read on two threads, into a buffer of its size. Most of a read
/// from the page cache is the kernel faulting in the buffer's fresh pages, which two threads
/// do in half the time. The file is read in parts of `part` bytes taken in turn: in two
/// fixed halves one thread waited up to 20 ms for the other whenever its core ran slower.
/// `None` when the file turned out shorter or longer than its size said (being written?):
/// the caller then reads it from the start as a stream.
#[cfg(unix)]
fn read_in_parts(file: &File, name: &str, size: usize, part: usize) -> Result<Option<Vec<u8>>, LoadError> {
    use std::os::unix::fs::FileExt;
    // Zeroed pages come untouched from the kernel: nothing is written twice.
    let mut bytes = vec![0u8; size];
    let probe = BINARY_PROBE.min(size);
    if file.read_exact_at(&mut bytes[..probe], 0).is_err() {
        return Ok(None);
    }
    if looks_binary(&bytes[..probe]) {
        return Err(LoadError::Binary(name.to_string()));
    }
    let part_len = part.max(1);
    let parts = bytes[probe..]
        .chunks_mut(part_len)
        .enumerate()
        .map(|(k, part)| ((probe + k * part_len) as u64, part));
    let parts = std::sync::Mutex::new(parts);
    let read_parts = || {
        loop {
            let next = parts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            match next {
                Some((at, part)) => {
                    if file.read_exact_at(part, at).is_err() {
                        return false;
                    }
                }
                None => return true,
            }
        }
    };
    let read = std::thread::scope(|scope| {
        let other = scope.spawn(read_parts);
        let mine = read_parts();
        mine && other.join().unwrap_or(false)
    });
    let grew = file.read_at(&mut [0u8; 1], size as u64).map_or(true, |n| n > 0);
    Ok((read && !grew).then_some(bytes))
}

/// Bytes of a large file read at a time by either thread (four huge pages).
const READ_PART: usize = 8 << 20;

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_: &Path) -> bool {
    false
}

/// Read at most [`MAX_INPUT_BYTES`], checking the first 8 KiB for NUL bytes before going on,
/// so `/dev/zero` or a binary is refused at once instead of filling memory. `expected` (a
/// regular file's size) sizes the buffer once: growing by doubling would briefly hold the
/// text twice.
fn read_limited(reader: impl Read, name: &str, expected: usize) -> Result<Vec<u8>, LoadError> {
    let mut limited = reader.take(MAX_INPUT_BYTES + 1);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    let read_err = |e| LoadError::Read(name.to_string(), e);
    (&mut limited)
        .take(BINARY_PROBE as u64)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if looks_binary(&bytes) {
        return Err(LoadError::Binary(name.to_string()));
    }
    limited.read_to_end(&mut bytes).map_err(read_err)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(LoadError::TooLarge(name.to_string()));
    }
    Ok(bytes)
}

/// Decode a document's bytes, refusing text that would outgrow [`MAX_TEXT_BYTES`] (invalid
/// bytes become three-byte U+FFFD, so the text can be larger than the file).
pub fn decode_within_limit(bytes: Vec<u8>, name: &str) -> Result<Decoded, LoadError> {
    let decoded = decode(bytes);
    if decoded.text.len() > MAX_TEXT_BYTES {
        return Err(LoadError::TooLarge(name.to_string()));
    }
    Ok(decoded)
}

/// Drop a BOM, turn CRLF and lone CR into LF, and decode UTF-8 (lossily, reporting it), or
/// UTF-16 when a byte order mark says so.
pub fn decode(mut bytes: Vec<u8>) -> Decoded {
    if let Some(encoding) = Encoding::of_utf16_bom(&bytes) {
        let (text, lossy) = utf16_to_utf8(&bytes[2..], encoding == Encoding::Utf16Le);
        drop(bytes);
        let mut bytes = text.into_bytes();
        normalize_line_endings(&mut bytes);
        // SAFETY: the bytes are a `String`'s with some `\r` (ASCII) replaced by `\n` or
        // removed, which keeps every character whole.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Decoded {
            text,
            lossy,
            encoding,
        };
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // One read of the bytes (on both cores when they are many) for both questions: a
    // separate search for `\r` was a single-core pass over a 100 MB text.
    let (utf8, has_cr) = utf8_and_cr(&bytes, HALVES_FROM, CHECK_PART);
    if has_cr {
        // Only `\r` (ASCII) changes: whether the bytes are UTF-8 does not.
        normalize_line_endings(&mut bytes);
    }
    let encoding = Encoding::Utf8;
    if utf8 {
        // SAFETY: `utf8_and_cr` found the bytes UTF-8, and ending lines anew only replaced
        // or removed some `\r` bytes, which keeps every character whole.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Decoded {
            text,
            lossy: false,
            encoding,
        };
    }
    Decoded {
        text: String::from_utf8_lossy(&bytes).into_owned(),
        lossy: true,
        encoding,
    }
}

/// Whether `bytes` are UTF-8, and whether they hold a `\r`: from `parts_from` bytes on, in
/// parts of about `part` bytes taken in turn by two cores (fixed halves left the faster
/// core waiting whenever the two ran at different speeds). Parts are cut where a character
/// starts, as the blocks within them are.
fn utf8_and_cr(bytes: &[u8], parts_from: usize, part: usize) -> (bool, bool) {
    let check = |part: &[u8]| utf8_and_cr_by_blocks(part, CHECK_BLOCK);
    if bytes.len() < parts_from {
        return check(bytes);
    }
    let mut cuts = vec![0];
    while let Some(&last) = cuts.last().filter(|&&last| last < bytes.len()) {
        let mut cut = last.saturating_add(part.max(1)).min(bytes.len());
        let limit = (cut + 4).min(bytes.len());
        while cut < limit && is_continuation(bytes[cut]) {
            cut += 1;
        }
        cuts.push(cut);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let (mut utf8, mut cr) = (true, false);
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let (Some(&from), Some(&to)) = (cuts.get(k), cuts.get(k + 1)) else {
                break;
            };
            let (part_utf8, part_cr) = check(&bytes[from..to]);
            utf8 &= part_utf8;
            cr |= part_cr;
        }
        (utf8, cr)
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let (utf8, cr) = work();
        match other.join() {
            Ok((other_utf8, other_cr)) => (utf8 && other_utf8, cr || other_cr),
            Err(e) => std::panic::resume_unwind(e),
        }
    })
}

/// Bytes of a long text checked as one part by [`utf8_and_cr`].
const CHECK_PART: usize = 4 << 20;

/// Bytes checked at a time by [`utf8_and_cr_by_blocks`]: a block stays in the second-level
/// cache between its two questions.
const CHECK_BLOCK: usize = 128 << 10;

/// [`utf8_and_cr`] on one core, `block` bytes at a time, each asked both questions while it
/// is in the cache (a pass over all for each was twice the trips to memory). Blocks are cut
/// at a character's start: the bytes are UTF-8 when every block is (a run of continuation
/// bytes too long for one character is cut anyway, and fails where it is).
fn utf8_and_cr_by_blocks(bytes: &[u8], block: usize) -> (bool, bool) {
    let (mut utf8, mut cr) = (true, false);
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut cut = block.max(1).min(rest.len());
        let limit = (cut + 4).min(rest.len());
        while cut < limit && is_continuation(rest[cut]) {
            cut += 1;
        }
        let (part, after) = rest.split_at(cut);
        utf8 = utf8 && simdutf8::basic::from_utf8(part).is_ok();
        cr = cr || memchr::memchr(b'\r', part).is_some();
        rest = after;
    }
    (utf8, cr)
}

/// UTF-16 (after its byte order mark) as UTF-8, and whether anything was not valid (an
/// unpaired surrogate, an odd last byte) and became U+FFFD.
fn utf16_to_utf8(bytes: &[u8], little_endian: bool) -> (String, bool) {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let odd = !bytes.len().is_multiple_of(2);
    let mut lossy = odd;
    for c in char::decode_utf16(units) {
        text.push(c.unwrap_or_else(|_| {
            lossy = true;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if odd {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, lossy)
}

/// `String::from_utf8`, checked on both cores when the text is long; the bytes back if they
/// are not UTF-8. Loading checks a 100 MB text twice (decoding it, and again once the
/// Markdown reader has rewritten it): on one core, the longest single-core steps left.
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    if bytes.len() >= HALVES_FROM {
        if !is_utf8_on_both_cores(&bytes) {
            return Err(bytes);
        }
        // SAFETY: `is_utf8_on_both_cores` found the bytes to be UTF-8, each half checked by
        // `simdutf8`; two UTF-8 sequences make one when joined.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return Err(bytes);
    }
    // SAFETY: `simdutf8` found the bytes to be UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Whether `bytes` are UTF-8, each half checked on a core of its own (the check was the
/// longest single-core step of loading a 100 MB file); false for any invalid text.
fn is_utf8_on_both_cores(bytes: &[u8]) -> bool {
    let (first, second) = bytes.split_at(character_start_near_middle(bytes));
    std::thread::scope(|scope| {
        let later = scope.spawn(|| simdutf8::basic::from_utf8(second).is_ok());
        let earlier = simdutf8::basic::from_utf8(first).is_ok();
        earlier && later.join().unwrap_or(false)
    })
}

/// Where to cut `bytes` in two for checking each half alone: the middle, or just after it
/// where a character starts (at most three continuation bytes follow a character's first
/// byte), so that a character split in two does not fail a valid text.
fn character_start_near_middle(bytes: &[u8]) -> usize {
    let mut middle = bytes.len() / 2;
    while middle < bytes.len() && middle < bytes.len() / 2 + 4 && is_continuation(bytes[middle]) {
        middle += 1;
    }
    middle
}

/// A byte 10xxxxxx, which goes on a character rather than starting one.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// CRLF → LF and CR → LF, in place (CR is ASCII, so this is safe before UTF-8 decoding).
fn normalize_line_endings(bytes: &mut Vec<u8>) {
    // Everything before the first `\r` stays where it is.
    let Some(first) = memchr::memchr(b'\r', bytes) else {
        return;
    };
    let mut write = first;
    let mut read = first;
    while read < bytes.len() {
        let b = bytes[read];
        if b == b'\r' {
            bytes[write] = b'\n';
            if bytes.get(read + 1) == Some(&b'\n') {
                read += 1;
            }
        } else {
            bytes[write] = b;
        }
        write += 1;
        read += 1;
    }
    bytes.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc\n".to_vec());
        assert_eq!(d.text, "a\nb\nc\n");
        assert!(!d.lossy);
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #[test]
        fn checking_on_both_cores_agrees_with_checking_on_one(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-z ]{0,6}".prop_map(String::into_bytes),
                    "[é“—€😀]{1,3}".prop_map(String::into_bytes),
                    proptest::collection::vec(proptest::num::u8::ANY, 0..3),
                ],
                0..12,
            ),
        ) {
            let bytes = pieces.concat();
            proptest::prop_assert_eq!(is_utf8_on_both_cores(&bytes), std::str::from_utf8(&bytes).is_ok());
        }

        #[test]
        fn decoding_on_both_cores_agrees_with_decoding_on_one(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-z \r\n]{0,6}".prop_map(String::into_bytes),
                    "[é“—€😀]{1,3}".prop_map(String::into_bytes),
                    proptest::collection::vec(proptest::num::u8::ANY, 0..3),
                ],
                0..12,
            ),
        ) {
            let bytes = pieces.concat();
            let one = (std::str::from_utf8(&bytes).is_ok(), bytes.contains(&b'\r'));
            for part in [1, 2, 3, 5, 64] {
                proptest::prop_assert_eq!(utf8_and_cr(&bytes, 0, part), one, "parts of {}", part);
            }
            proptest::prop_assert_eq!(utf8_and_cr(&bytes, usize::MAX, CHECK_PART), one);
            for block in 1..6 {
                proptest::prop_assert_eq!(utf8_and_cr_by_blocks(&bytes, block), one, "blocks of {}", block);
            }
        }
    }

    #[test]
    fn a_character_across_the_middle_is_not_an_error() {
        for pad in 0..8 {
            let text = format!("{}😀{}", "a".repeat(pad), "b".repeat(8));
            assert!(is_utf8_on_both_cores(text.as_bytes()), "{text}");
        }
        assert!(!is_utf8_on_both_cores(b"abcd\x80\x80\x80\x80efgh"));
    }

    /// `text` as UTF-16 with its byte order mark.
    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf16_with_its_byte_order_mark_is_read_as_text() {
        let text = "Q: Why?\r\n\r\nA: “Because,” Путин said. 😀\n";
        for little_endian in [true, false] {
            let bytes = utf16(text, little_endian);
            assert!(
                read_limited(&bytes[..], "u16.txt", 0).is_ok(),
                "not refused as binary"
            );
            let d = decode(bytes);
            assert_eq!(d.text, "Q: Why?\n\nA: “Because,” Путин said. 😀\n");
            assert!(!d.lossy);
        }
        // An unpaired surrogate and an odd last byte are replaced, and said.
        let mut broken = utf16("ok", true);
        broken.extend([0x00, 0xD8, b'x']);
        let d = decode(broken);
        assert_eq!(d.text, "ok\u{FFFD}\u{FFFD}");
        assert!(d.lossy);
        assert_eq!(d.encoding, Encoding::Utf16Le);
        // UTF-32 opens like UTF-16 little-endian: still refused, not read as garbage.
        assert!(read_limited(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0][..], "u32.txt", 0).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_text_comes_back_from_utf16(text in "\\PC{0,40}", little_endian in proptest::bool::ANY) {
            let d = decode(utf16(&text, little_endian));
            let expected = text.replace("\r\n", "\n").replace('\r', "\n");
            proptest::prop_assert_eq!(d.text, expected);
            proptest::prop_assert!(!d.lossy);
        }
    }

    #[test]
    fn invalid_utf8_becomes_replacement_and_is_reported() {
        let d = decode(b"ok \xFF end".to_vec());
        assert_eq!(d.text, "ok \u{FFFD} end");
        assert!(d.lossy);
    }

    #[test]
    #[cfg(unix)]
    fn a_large_file_read_in_parts_is_read_whole() {
        let dir = std::env::temp_dir().join(format!("ir-halves-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("large.txt");
        // Every line different, so a half read to the wrong place would show.
        let text: String = (0..200_000)
            .map(|i| format!("line {i} of the large file\n"))
            .collect();
        assert!(text.len() > HALVES_FROM);
        std::fs::write(&path, &text).unwrap();
        let read = read_path(&path, "large.txt");
        let file = File::open(&path).unwrap();
        let in_parts: Vec<Option<Vec<u8>>> = [1 << 20, 333_333, 4099]
            .into_iter()
            .map(|part| read_in_parts(&file, "large.txt", text.len(), part).unwrap())
            .collect();
        let binary = dir.join("large.bin");
        let mut bytes = text.clone().into_bytes();
        bytes[100] = 0;
        std::fs::write(&binary, &bytes).unwrap();
        let refused = read_path(&binary, "large.bin");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(read.unwrap() == text.as_bytes(), "the same bytes");
        for (bytes, part) in in_parts.into_iter().zip([1 << 20, 333_333, 4099]) {
            assert!(
                bytes.is_some_and(|b| b == text.as_bytes()),
                "the same bytes in parts of {part}"
            );
        }
        assert!(matches!(refused, Err(LoadError::Binary(_))), "{refused:?}");
    }

    #[test]
    fn nul_bytes_are_refused_as_binary() {
        let err = read_limited(&b"text\0more"[..], "x.bin", 0).unwrap_err();
        assert!(err.to_string().contains("binary"), "{err}");
    }
}
