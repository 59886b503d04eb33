//! The Markdown form (SPEC §2): YAML front matter, ATX headings, `>` blockquotes, and
//! emphasis shown without its markers.
//!
//! The display text is rebuilt without markers, one output line per source line, so every
//! paragraph still knows its source line.

use std::ops::Range;

use crate::document::article::Skeleton;
use crate::document::decode::string_from_utf8;
use crate::document::model::{Format, Span};

/// What the front matter says.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// `speakers:` entries: a name and its aliases (`- name: X` / `aliases: [a, b]`).
    pub speakers: Vec<(String, Vec<String>)>,
}

/// A line classified.
enum LineKind<'a> {
    Blank,
    Heading(u8, &'a str),
    Quote(&'a str),
    Text(&'a str),
    Fence,
}

fn classify(line: &str) -> LineKind<'_> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        return LineKind::Fence;
    }
    if line.len() - trimmed.len() < 4 {
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) {
            let rest = &trimmed[hashes..];
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                let text = rest.trim().trim_end_matches('#').trim_end();
                return LineKind::Heading(hashes as u8, text);
            }
        }
        if let Some(rest) = trimmed.strip_prefix('>') {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            return if rest.trim().is_empty() {
                LineKind::Blank
            } else {
                LineKind::Quote(rest)
            };
        }
    }
    LineKind::Text(line)
}

/// Split off YAML front matter (`---` … `---`), returning it and the line the body starts on.
fn front_matter(source: &str) -> (FrontMatter, usize, usize) {
    let mut fm = FrontMatter::default();
    if !source.starts_with("---\n") {
        return (fm, 0, 0);
    }
    let mut offset = 4;
    let mut line_no = 1;
    let mut current_speaker: Option<usize> = None;
    for line in source[4..].split_inclusive('\n') {
        offset += line.len();
        line_no += 1;
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return (fm, offset, line_no);
        }
        let trimmed = l.trim_start();
        if let Some(v) = l.strip_prefix("title:") {
            fm.title = Some(unquote(v));
        } else if let Some(v) = trimmed.strip_prefix("- name:") {
            fm.speakers.push((unquote(v), Vec::new()));
            current_speaker = Some(fm.speakers.len() - 1);
        } else if let (Some(v), Some(i)) = (trimmed.strip_prefix("aliases:"), current_speaker) {
            let list = v.trim().trim_start_matches('[').trim_end_matches(']');
            fm.speakers[i]
                .1
                .extend(list.split(',').map(unquote).filter(|a| !a.is_empty()));
        }
    }
    // No closing fence: not front matter after all.
    (FrontMatter::default(), 0, 0)
}

fn unquote(v: &str) -> String {
    v.trim().trim_matches(['"', '\'']).to_string()
}

/// Remove emphasis markers (`*`, `**`, `_`, `__`, `` ` ``) and turn `[text](url)` into text.
/// Underscores inside words (`snake_case`) and lone asterisks between spaces stay.
pub fn strip_inline(line: &str) -> String {
    let mut kept = Vec::new();
    kept_ranges(line, &mut kept);
    kept.into_iter().map(|r| &line[r]).collect()
}

/// Whether a line opens as body text, known from its first byte alone: with an ASCII
/// character that starts no block (white space, `#`, `>`, a fence).
fn opens_plainly(line: &[u8]) -> bool {
    line.first()
        .is_some_and(|&b| b.is_ascii_graphic() && !matches!(b, b'#' | b'>' | b'`' | b'~'))
}

/// Where the next inline marker (`*`, `_`, `` ` ``, `[`) of the source lies, found ahead of
/// the lines being read: a line before it holds none, so most lines of a long document are
/// known to be plain without being searched each (one search per marker, not per line).
struct NextMarker {
    emphasis: usize,
    link: usize,
}

impl NextMarker {
    fn ahead_of(source: &[u8], from: usize, end: usize) -> NextMarker {
        let mut markers = NextMarker { emphasis: 0, link: 0 };
        markers.find_from(source, from, end);
        markers
    }

    fn find_from(&mut self, source: &[u8], from: usize, end: usize) {
        self.emphasis = memchr::memchr3(b'*', b'_', b'`', &source[from..end]).map_or(end, |i| from + i);
        self.link = memchr::memchr(b'[', &source[from..end]).map_or(end, |i| from + i);
    }

    /// The first marker at or after `from` in `source[..end]` (`end` when there is none).
    /// Source bytes from `from` on are never written before they are read, so what was
    /// found ahead stays true.
    fn at_or_after(&mut self, source: &[u8], from: usize, end: usize) -> usize {
        if self.emphasis < from {
            self.emphasis = memchr::memchr3(b'*', b'_', b'`', &source[from..end]).map_or(end, |i| from + i);
        }
        if self.link < from {
            self.link = memchr::memchr(b'[', &source[from..end]).map_or(end, |i| from + i);
        }
        self.emphasis.min(self.link)
    }
}

/// The byte ranges of `line` that [`strip_inline`] keeps, in order. Markers are only ever
/// removed, never added, which is what lets [`parse_markdown`] strip the text in place.
fn kept_ranges(line: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    // Most lines have no marker: two vectorised searches say so.
    let b = line.as_bytes();
    if memchr::memchr3(b'*', b'_', b'`', b).is_none() && memchr::memchr(b'[', b).is_none() {
        out.push(0..line.len());
        return;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(line.len(), |&(b, _)| b);
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = 0;
    let mut drop = |out: &mut Vec<Range<usize>>, start: usize, end: usize| {
        if start > from {
            out.push(from..start);
        }
        from = end;
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        match c {
            '*' | '_' => {
                let run = chars[i..].iter().take_while(|&&(_, d)| d == c).count();
                let prev = i.checked_sub(1).and_then(char_at);
                let after = char_at(i + run);
                let flanking =
                    !(prev.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace));
                let intraword = c == '_' && word(prev) && word(after);
                if flanking && !intraword && run <= 3 {
                    drop(out, byte_at(i), byte_at(i + run));
                }
                i += run;
                continue;
            }
            '`' => drop(out, byte_at(i), byte_at(i + 1)),
            '[' => {
                if let Some((close, used)) = link(&chars[i..]) {
                    // Keep the link's text; drop `[` and `](url)`.
                    drop(out, byte_at(i), byte_at(i + 1));
                    drop(out, byte_at(i + close), byte_at(i + used));
                    i += used;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if line.len() > from {
        out.push(from..line.len());
    }
}

/// `[text](url)` at the start of `chars`: where its `]` is and how many chars it uses.
fn link(chars: &[(usize, char)]) -> Option<(usize, usize)> {
    let close = chars.iter().position(|&(_, c)| c == ']')?;
    if chars.get(close + 1).map(|&(_, c)| c) != Some('(') {
        return None;
    }
    let end = chars[close..].iter().position(|&(_, c)| c == ')')? + close;
    Some((close, end + 1))
}

/// Read Markdown into a skeleton whose text has the markers removed.
///
/// The text is stripped in the source's own buffer: the display text never runs ahead of
/// the source line being read (markers are only removed; each line's `\n` is written back
/// as the separator before the next), so a 100 MB document is held once, not twice (SPEC §8).
pub fn parse_markdown(source: String) -> (Skeleton, FrontMatter) {
    parse_markdown_from(source, PARTS_FROM, PART)
}

/// Text from which the lines are read in parts on two threads.
const PARTS_FROM: usize = 4 << 20;

/// Bytes of a long text read as one part (it ends at the first empty line after them).
/// Small parts move down while still in the cache that stripping them left them in: on a
/// 100 MB hearing, parts of 1 MB took the phase from 60 to 47 ms, parts of 4 MB to 64.
const PART: usize = 1 << 20;

/// [`parse_markdown`], a text of `parts_from` bytes or more read in parts of about `part`
/// bytes on two threads (this was the longest single-core step of loading a Markdown
/// hearing).
fn parse_markdown_from(source: String, parts_from: usize, part: usize) -> (Skeleton, FrontMatter) {
    let (fm, body_start, first_line) = front_matter(&source);
    let mut sk = Skeleton::new(String::new(), Format::Markdown);
    sk.title = fm.title.clone();
    let mut buf = source.into_bytes();
    let end = buf.len();
    // Room for the last paragraph's separator: the only place the text can outgrow the source.
    buf.extend_from_slice(b"\n\n");
    let start = Start {
        body: body_start,
        line: first_line,
    };
    let (len, parts_checked) = if end >= parts_from {
        read_in_parts(&mut buf, end, start, part, &mut sk)
    } else {
        (
            read_lines(&mut buf, body_start, end, first_line, &mut sk).0,
            false,
        )
    };
    buf.truncate(len);
    sk.text = if parts_checked {
        // SAFETY: the buffer is the parts' texts one after another, each found to be UTF-8
        // when it was read (and moved down whole, nothing written since); UTF-8 sequences
        // make one when joined.
        unsafe { String::from_utf8_unchecked(buf) }
    } else {
        // Only whole characters were copied, in order: the buffer is UTF-8 (checked still).
        string_from_utf8(buf).unwrap_or_else(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    };
    (sk, fm)
}

/// Where the body of a text starts (after its front matter), and the number of the line
/// before it.
#[derive(Clone, Copy)]
struct Start {
    body: usize,
    line: usize,
}

/// Read `buf[..end]` (with two spare bytes after it) in parts, each cut just after an empty
/// line outside a code fence (no paragraph or fence runs across it), taken in turn by two
/// threads and each stripped in place in its own stretch of the buffer. As soon as the parts
/// before it are done, a part moves down behind them and what it found goes into `sk` with
/// its offsets and lines moved on, so the result is what one pass gives. Fixed halves left one
/// core idle for a tenth of the phase whenever the cores ran at different speeds. Returns
/// the text's length and whether every part was checked to be UTF-8.
fn read_in_parts(buf: &mut [u8], end: usize, start: Start, part: usize, sk: &mut Skeleton) -> (usize, bool) {
    use std::sync::{Mutex, PoisonError};
    let total = buf.len();
    let cutter = Mutex::new(Cutter {
        next: 0,
        index: 0,
        done: false,
    });
    let board: Mutex<std::collections::BTreeMap<usize, PartRead>> = Mutex::default();
    // Lists of what parts found, emptied and handed back for the next part: a list made
    // new for each part grew in steps, copied at each, into memory never touched before
    // (a third of the program's page faults on a hearing).
    let spare: Mutex<Vec<Vec<Found>>> = Mutex::default();
    let frontier = Mutex::new(Frontier {
        sk,
        next: 0,
        offset: 0,
        lines_before: 0,
        utf8: true,
    });
    let base = SharedBytes(buf.as_mut_ptr());
    let board_lock = || board.lock().unwrap_or_else(PoisonError::into_inner);
    // Move every part that is ready, in order, while this thread holds the frontier; then
    // look again, as a part handed in meanwhile found the frontier taken.
    let advance = || {
        while let Ok(mut f) = frontier.try_lock() {
            while let Some(mut read) = board_lock().remove(&f.next) {
                if read.start != f.offset {
                    // SAFETY: every part before this one is done and moved, so nothing but
                    // this thread touches the buffer below this part's end; the part moves
                    // down (`offset` is at most its start) within it. The buffer outlives
                    // both threads.
                    unsafe { std::ptr::copy(base.at(read.start), base.at(f.offset), read.len) };
                }
                let (offset, lines_before) = (f.offset, f.lines_before);
                for found in read.found.drain(..) {
                    f.sk.found(found.moved(offset, lines_before));
                }
                spare
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(read.found);
                f.offset += read.len;
                f.lines_before += read.last_line.saturating_sub(1);
                f.utf8 &= read.utf8;
                f.next += 1;
            }
            let next = f.next;
            drop(f);
            if !board_lock().contains_key(&next) {
                break;
            }
        }
    };
    let work = || {
        loop {
            let taken = {
                let mut cutter = cutter.lock().unwrap_or_else(PoisonError::into_inner);
                let from = cutter.next.min(end);
                // SAFETY: no part from `from` on has been handed out, so no thread writes
                // there; the cutter's lock is held while it reads.
                let ahead = unsafe { std::slice::from_raw_parts(base.at(from), end - from) };
                cutter.take(ahead, start.body.saturating_sub(from), part)
            };
            let Some((index, range)) = taken else {
                break;
            };
            // The last part has the spare bytes after the text too.
            let room = if range.end == end { total } else { range.end };
            // SAFETY: the cutter hands out each stretch once, and stretches do not overlap;
            // the frontier moves a part only once it is handed in, below where later parts
            // start. The buffer outlives both threads.
            let bytes = unsafe { std::slice::from_raw_parts_mut(base.at(range.start), room - range.start) };
            let (read_from, line) = if index == 0 {
                (start.body, start.line)
            } else {
                (0, 0)
            };
            let mut found = spare
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop()
                .unwrap_or_default();
            let (len, last_line) = read_lines(bytes, read_from, range.len(), line, &mut found);
            let utf8 = simdutf8::basic::from_utf8(&bytes[..len]).is_ok();
            board_lock().insert(
                index,
                PartRead {
                    start: range.start,
                    len,
                    last_line,
                    found,
                    utf8,
                },
            );
            advance();
        }
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        work();
        other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
    });
    advance();
    let f = frontier.into_inner().unwrap_or_else(PoisonError::into_inner);
    (f.offset, f.utf8)
}

/// The buffer being read in parts, shared by both threads (see [`read_in_parts`] for why
/// their accesses never meet).
struct SharedBytes(*mut u8);

// SAFETY: the pointer is only used by `read_in_parts`, whose threads touch disjoint stretches.
unsafe impl Sync for SharedBytes {}

impl SharedBytes {
    /// The byte at `offset`.
    ///
    /// # Safety
    /// `offset` is within the buffer.
    unsafe fn at(&self, offset: usize) -> *mut u8 {
        // SAFETY: as the caller promises.
        unsafe { self.0.add(offset) }
    }
}

/// Hands out the parts in order.
struct Cutter {
    /// Where the next part starts.
    next: usize,
    index: usize,
    done: bool,
}

impl Cutter {
    /// The next part: its number and stretch of the source, cut just after the first empty
    /// line from `part` bytes on that has an even number of fence lines before it (outside a
    /// code block, where an empty line ends the paragraph before it), or at the end. `ahead`
    /// is the source from where the part starts; its body from `body_start` on.
    fn take(&mut self, ahead: &[u8], body_start: usize, part: usize) -> Option<(usize, Range<usize>)> {
        if self.done {
            return None;
        }
        let end = ahead.len();
        let mut cut = end;
        let mut from = body_start.min(end);
        let mut odd = false;
        let mut target = from.saturating_add(part.max(1));
        while target < end {
            let Some(i) = memchr::memmem::find(&ahead[target..], b"\n\n") else {
                break;
            };
            let candidate = target + i + 2;
            let Some(fences) = fence_lines(ahead, from, candidate) else {
                break;
            };
            odd ^= fences % 2 == 1;
            from = candidate;
            if !odd {
                cut = candidate;
                break;
            }
            target = candidate;
        }
        let start = self.next;
        let index = self.index;
        self.index += 1;
        self.next = start + cut;
        self.done = cut == end;
        Some((index, start..start + cut))
    }
}

/// What reading a part found, waiting to be moved down behind the parts before it.
struct PartRead {
    /// Where the part's text starts in the buffer, and its length.
    start: usize,
    len: usize,
    /// The number of the last line it read, counted from its first.
    last_line: usize,
    found: Vec<Found>,
    utf8: bool,
}

/// The parts moved so far, and where the next one goes.
struct Frontier<'s> {
    sk: &'s mut Skeleton,
    /// The number of the next part to move.
    next: usize,
    /// Where it goes: the length of the text so far.
    offset: usize,
    /// Lines before its first one.
    lines_before: usize,
    utf8: bool,
}

/// How many lines from `from` (a line's start) to `to` open with a fence marker, after
/// spaces only. Both markers are found in one pass (a search for each was twice the
/// reading). A marker found inside a longer run of its character has that character
/// before it on its line: like a search's overlapping finds, it counts no fence.
fn fence_lines(source: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut fences = 0usize;
    let mut last_line = None;
    for at in memchr::memchr2_iter(b'`', b'~', &source[from..to]) {
        let at = from + at;
        let c = source[at];
        if source.get(at..at + 3) != Some(&[c, c, c][..]) {
            continue;
        }
        let line = memchr::memrchr(b'\n', &source[from..at]).map_or(from, |i| from + i + 1);
        let before = std::str::from_utf8(&source[line..at]).ok()?;
        if before.trim_start().is_empty() && last_line != Some((c, line)) {
            fences += 1;
            last_line = Some((c, line));
        }
    }
    Some(fences)
}

/// What reading lines finds, in reading order, for the skeleton (or, in a second half, to be
/// added to it once the first half is done).
enum Found {
    Paragraph {
        span: Span,
        line: usize,
        quoted: bool,
        bold: bool,
    },
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
}

impl Found {
    /// As found by a second half whose text moves to `offset` and which starts `lines` lines in.
    fn moved(self, offset: usize, lines: usize) -> Found {
        match self {
            Found::Paragraph {
                span,
                line,
                quoted,
                bold,
            } => Found::Paragraph {
                span: Span::new(span.start() + offset, span.end() + offset),
                line: line + lines,
                quoted,
                bold,
            },
            Found::Heading { level, text, line } => Found::Heading {
                level,
                text,
                line: line + lines,
            },
        }
    }
}

/// Where what the lines hold goes.
trait Structure {
    fn found(&mut self, found: Found);
}

impl Structure for Vec<Found> {
    fn found(&mut self, found: Found) {
        self.push(found);
    }
}

impl Structure for Skeleton {
    fn found(&mut self, found: Found) {
        match found {
            Found::Paragraph {
                span,
                line,
                quoted,
                bold,
            } => {
                let p = self.push_paragraph(span, line);
                p.blockquote = quoted;
                p.bold = bold;
            }
            Found::Heading { level, text, line } => {
                let at_start = self.paragraphs.is_empty() && self.sections.is_empty();
                if self.title.is_none() && level == 1 && at_start {
                    self.title = Some(text);
                } else if at_start && self.title.as_deref() == Some(text.as_str()) {
                    // The front matter's title repeated as the first heading: shown once.
                } else {
                    self.open_section(Some(text), level, line);
                }
            }
        }
    }
}

/// Read the lines of `buf[read..source_len]`, the first numbered `line_no + 1`, stripping
/// them in place into the front of `buf` and telling `structure` what they hold. Returns the
/// length of the text written and the number of the last line read.
fn read_lines(
    buf: &mut [u8],
    mut read: usize,
    source_len: usize,
    mut line_no: usize,
    structure: &mut impl Structure,
) -> (usize, usize) {
    let mut out = InPlace { buf, len: 0 };
    let mut para: Option<OpenParagraph> = None;
    let mut in_fence = false;
    let mut kept = Vec::new();
    let mut markers = NextMarker::ahead_of(out.buf, read.min(source_len), source_len);
    while read <= source_len {
        line_no += 1;
        let line_end = memchr::memchr(b'\n', &out.buf[read..source_len]).map_or(source_len, |i| read + i);
        let start = read;
        read = line_end + 1;
        let plain = opens_plainly(&out.buf[start..line_end])
            && markers.at_or_after(out.buf, start, source_len) >= line_end;
        if plain {
            // Most lines of a long document: text with nothing to strip, copied as it is.
            if para.is_some_and(|p| p.quoted) {
                end_paragraph_at_line_break(structure, &mut out, &mut para);
            }
            match &mut para {
                Some(p) => {
                    p.bold = false;
                    out.push(b"\n");
                }
                None => para = Some(OpenParagraph::at(out.len, line_no, false, false)),
            }
            out.copy_down(start..line_end);
            continue;
        }
        if line_end == start && !in_fence {
            // The blank line between paragraphs, the other half of a long document's lines.
            end_paragraph(structure, &mut out, &mut para);
            continue;
        }
        // The bytes from `start` on are still the source's, which was a `String`, and a line
        // ends at `\n`: they are valid UTF-8 (checked again, by the vectorised check: a long
        // line's check a byte at a time was a fifteenth of reading the lines).
        let line = simdutf8::basic::from_utf8(&out.buf[start..line_end]).unwrap_or_default();
        let kind = match classify(line) {
            LineKind::Fence => LineKind::Fence,
            _ if in_fence => LineKind::Text(line),
            kind => kind,
        };
        match kind {
            LineKind::Fence => {
                in_fence = !in_fence;
                end_paragraph(structure, &mut out, &mut para);
            }
            LineKind::Blank => end_paragraph(structure, &mut out, &mut para),
            LineKind::Heading(level, text) => {
                let text = strip_inline(text);
                end_paragraph(structure, &mut out, &mut para);
                structure.found(Found::Heading {
                    level,
                    text,
                    line: line_no,
                });
            }
            LineKind::Quote(text) | LineKind::Text(text) => {
                let quoted = matches!(kind, LineKind::Quote(_));
                let offset = start + (text.as_ptr() as usize - line.as_ptr() as usize);
                if in_fence {
                    kept.clear();
                    kept.push(0..text.len());
                } else {
                    kept_ranges(text, &mut kept);
                }
                let wholly_bold = !in_fence && is_wholly_bold(text);
                if para.is_some_and(|p| p.quoted != quoted) {
                    end_paragraph_at_line_break(structure, &mut out, &mut para);
                }
                match &mut para {
                    Some(p) => {
                        p.bold = false;
                        out.push(b"\n");
                    }
                    None => para = Some(OpenParagraph::at(out.len, line_no, quoted, wholly_bold)),
                }
                for r in &kept {
                    out.copy_down(offset + r.start..offset + r.end);
                }
            }
        }
    }
    end_paragraph(structure, &mut out, &mut para);
    (out.len, line_no)
}

/// The display text being written over the front of the source it comes from.
struct InPlace<'b> {
    buf: &'b mut [u8],
    /// Bytes of display text so far, at the front of `buf`.
    len: usize,
}

impl InPlace<'_> {
    /// Append bytes. The text never outgrows the source read so far, but for the separator
    /// after the last paragraph, which the two spare bytes at the buffer's end make room for.
    fn push(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        self.buf[self.len..end].copy_from_slice(bytes);
        self.len = end;
    }

    /// Append source bytes from `range`, which lies at or after the end of the display text.
    fn copy_down(&mut self, range: Range<usize>) {
        let n = range.len();
        self.buf.copy_within(range, self.len);
        self.len += n;
    }
}

/// End the paragraph being read, a blank line after it in the text.
fn end_paragraph(structure: &mut impl Structure, out: &mut InPlace, para: &mut Option<OpenParagraph>) {
    end_paragraph_with(structure, out, para, b"\n\n");
}

/// End the paragraph being read where the next line goes from a block quote to text or back
/// without a blank line between: one line break after it, as in the source. (A blank line
/// there wrote a byte more than had been read; after a second such change it overwrote the
/// line being read, and then ran past the buffer's end.)
fn end_paragraph_at_line_break(
    structure: &mut impl Structure,
    out: &mut InPlace,
    para: &mut Option<OpenParagraph>,
) {
    end_paragraph_with(structure, out, para, b"\n");
}

fn end_paragraph_with(
    structure: &mut impl Structure,
    out: &mut InPlace,
    para: &mut Option<OpenParagraph>,
    separator: &[u8],
) {
    if let Some(p) = para.take() {
        let end = out.len;
        out.push(separator);
        structure.found(Found::Paragraph {
            span: Span::new(p.start, end),
            line: p.line,
            quoted: p.quoted,
            bold: p.bold,
        });
    }
}

/// The paragraph being read.
#[derive(Clone, Copy)]
struct OpenParagraph {
    /// Where its display text starts.
    start: usize,
    line: usize,
    /// A `>` block quote.
    quoted: bool,
    /// One line, all of it bold so far.
    bold: bool,
}

impl OpenParagraph {
    fn at(start: usize, line: usize, quoted: bool, bold: bool) -> OpenParagraph {
        OpenParagraph {
            start,
            line,
            quoted,
            bold,
        }
    }
}

/// Whether a line is bold from end to end (`**Why water?**`, `__Why water?__`), one
/// emphasis and nothing outside it: a magazine Q&A's question.
pub(crate) fn is_wholly_bold(line: &str) -> bool {
    let t = line.trim();
    ["**", "__"].iter().any(|m| {
        t.len() > 2 * m.len()
            && t.starts_with(m)
            && t.ends_with(m)
            && !t[m.len()..t.len() - m.len()].contains(m)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader as it was before it stripped in place (a second buffer, a `String` per
    /// line): the in-place reader must build exactly the same skeleton.
    #[allow(clippy::all)]
    mod reference {
        use super::super::{FrontMatter, LineKind, classify, front_matter};
        use crate::document::article::Skeleton;
        use crate::document::model::{Format, Span};

        fn old_strip_inline(line: &str) -> String {
            if !line.contains(['*', '_', '`', '[']) {
                return line.to_string();
            }
            let chars: Vec<char> = line.chars().collect();
            let mut out = String::with_capacity(line.len());
            let mut i = 0;
            while i < chars.len() {
                let c = chars[i];
                let prev = i.checked_sub(1).map(|p| chars[p]);
                let next = chars.get(i + 1).copied();
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                match c {
                    '*' | '_' => {
                        let run = chars[i..].iter().take_while(|&&d| d == c).count();
                        let after = chars.get(i + run).copied();
                        let flanking =
                            !(prev.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace));
                        let intraword = c == '_' && word(prev) && word(after);
                        if flanking && !intraword && run <= 3 {
                            i += run;
                            continue;
                        }
                        out.extend(std::iter::repeat_n(c, run));
                        i += run;
                        continue;
                    }
                    '`' => {}
                    '[' => {
                        if let Some((text, used)) = old_link(&chars[i..]) {
                            out.push_str(&text);
                            i += used;
                            continue;
                        }
                        out.push(c);
                    }
                    _ => out.push(c),
                }
                let _ = next;
                i += 1;
            }
            out
        }

        /// `[text](url)` at the start of `chars`: the text and how many chars the link used.
        fn old_link(chars: &[char]) -> Option<(String, usize)> {
            let close = chars.iter().position(|&c| c == ']')?;
            if chars.get(close + 1) != Some(&'(') {
                return None;
            }
            let end = chars[close..].iter().position(|&c| c == ')')? + close;
            Some((chars[1..close].iter().collect(), end + 1))
        }

        /// Read Markdown into a skeleton whose text has the markers removed.
        fn old_parse_markdown(source: &str) -> (Skeleton, FrontMatter) {
            let (fm, body_start, first_line) = front_matter(source);
            let mut sk = Skeleton::new(String::with_capacity(source.len()), Format::Markdown);
            sk.title = fm.title.clone();
            let mut para: Option<(usize, usize, bool, bool)> = None; // (start, line, blockquote, bold)
            let mut in_fence = false;
            for (n, line) in source[body_start..].split('\n').enumerate() {
                let line_no = first_line + n + 1;
                let kind = if in_fence {
                    match classify(line) {
                        LineKind::Fence => LineKind::Fence,
                        _ => LineKind::Text(line),
                    }
                } else {
                    classify(line)
                };
                match kind {
                    LineKind::Fence => {
                        in_fence = !in_fence;
                        old_end_paragraph(&mut sk, &mut para);
                    }
                    LineKind::Blank => old_end_paragraph(&mut sk, &mut para),
                    LineKind::Heading(level, text) => {
                        old_end_paragraph(&mut sk, &mut para);
                        let text = old_strip_inline(text);
                        let at_start = sk.paragraphs.is_empty() && sk.sections.is_empty();
                        if sk.title.is_none() && level == 1 && at_start {
                            sk.title = Some(text);
                        } else if at_start && sk.title.as_deref() == Some(text.as_str()) {
                            // The front matter's title repeated as the first heading: shown once.
                        } else {
                            sk.open_section(Some(text), level, line_no);
                        }
                    }
                    LineKind::Quote(text) | LineKind::Text(text) => {
                        let quoted = matches!(classify(line), LineKind::Quote(_)) && !in_fence;
                        if para.is_some_and(|(_, _, q, _)| q != quoted) {
                            old_end_paragraph_with(&mut sk, &mut para, "\n");
                        }
                        match &mut para {
                            Some((_, _, _, bold)) => {
                                *bold = false;
                                sk.text.push('\n')
                            }
                            None => {
                                let bold = !in_fence && super::super::is_wholly_bold(text);
                                para = Some((sk.text.len(), line_no, quoted, bold))
                            }
                        }
                        let shown = if in_fence {
                            text.to_string()
                        } else {
                            old_strip_inline(text)
                        };
                        sk.text.push_str(&shown);
                    }
                }
            }
            old_end_paragraph(&mut sk, &mut para);
            (sk, fm)
        }

        fn old_end_paragraph(sk: &mut Skeleton, para: &mut Option<(usize, usize, bool, bool)>) {
            old_end_paragraph_with(sk, para, "\n\n");
        }

        fn old_end_paragraph_with(
            sk: &mut Skeleton,
            para: &mut Option<(usize, usize, bool, bool)>,
            separator: &str,
        ) {
            if let Some((start, line, quoted, bold)) = para.take() {
                let end = sk.text.len();
                sk.text.push_str(separator);
                let p = sk.push_paragraph(Span::new(start, end), line);
                p.blockquote = quoted;
                p.bold = bold;
            }
        }
        pub fn parse(source: &str) -> (Skeleton, FrontMatter) {
            old_parse_markdown(source)
        }

        pub fn strip(line: &str) -> String {
            old_strip_inline(line)
        }
    }

    fn same_skeleton(a: &Skeleton, b: &Skeleton) -> bool {
        a.text == b.text && a.title == b.title && a.sections == b.sections && a.paragraphs == b.paragraphs
    }

    /// Found by the fuzzing proptests: text, a block quote and text again with no blank line
    /// between them wrote a blank line for each change, a byte more than the source had, and
    /// overwrote the first byte of the line being read (here half of a `“`).
    #[test]
    fn quote_and_text_lines_without_a_blank_line_between_keep_every_byte() {
        for src in ["1\n00:00\n>> <p>“\n“", ">a\nb\n>c\n“d", "x\n>y\n“z\n>w\n“"] {
            let (want, _) = reference::parse(src);
            let (got, _) = parse_markdown(src.to_string());
            assert!(same_skeleton(&got, &want), "{src:?}\n got {got:?}\nwant {want:?}");
            assert!(
                got.text.matches('“').count() == src.matches('“').count(),
                "{:?}",
                got.text
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn stripping_in_place_builds_what_a_second_buffer_built(
            src in "(---\ntitle: T\n---\n)?([ \t#>*_`\\[\\]()a-cA.\n~]|“|é|```|\u{2003}|\u{a0}|\n>|\n“|\n>>){0,80}\n?"
        ) {
            let (want, want_fm) = reference::parse(&src);
            let (got, got_fm) = parse_markdown(src.clone());
            proptest::prop_assert!(same_skeleton(&got, &want), "{src:?}\n got {:?}\nwant {:?}", got, want);
            proptest::prop_assert_eq!(got_fm, want_fm);
        }

        /// Read in parts of any size from any size on, the text is what one pass reads: cut
        /// after an empty line, never inside a fence, lines and offsets of later parts moved on.
        #[test]
        fn parts_read_as_one_pass_does(
            src in "(---\ntitle: T\n---\n)?([ \t#>*_`a-cA.\n~]|\n\n|# H\n|```\n|~~~|“|é|\u{2003}){0,80}\n?",
            from in 0usize..16,
            part in 0usize..24,
        ) {
            let (want, want_fm) = parse_markdown_from(src.clone(), usize::MAX, 1);
            let (got, got_fm) = parse_markdown_from(src.clone(), from, part);
            proptest::prop_assert!(same_skeleton(&got, &want), "{src:?}\n got {:?}\nwant {:?}", got, want);
            proptest::prop_assert_eq!(got_fm, want_fm);
        }

        #[test]
        fn strip_inline_keeps_what_it_kept(line in "([ *_`\\[\\]()a-c]|“|é){0,40}") {
            proptest::prop_assert_eq!(strip_inline(&line), reference::strip(&line));
        }
    }

    #[test]
    fn emphasis_markers_are_removed_but_snake_case_stays() {
        assert_eq!(
            strip_inline("a **bold** and *it* and _x_ snake_case"),
            "a bold and it and x snake_case"
        );
        assert_eq!(strip_inline("see [the site](http://x) now"), "see the site now");
        assert_eq!(strip_inline("2 * 3"), "2 * 3");
    }

    #[test]
    fn a_paragraph_of_one_line_wholly_in_bold_is_marked_bold() {
        let (sk, _) = parse_markdown(
            "**Why water?**\n\n__Why rain?__\n\n**Two** and **three**\n\n\
             **A question over\ntwo lines?**\n\n> **Quoted?**\n\nPlain.\n\n```\n**code**\n```\n"
                .to_string(),
        );
        let bold: Vec<bool> = sk.paragraphs.iter().map(|p| p.bold).collect();
        assert_eq!(bold, [true, true, false, false, true, false, false]);
        assert_eq!(sk.slice(sk.paragraphs[0].span), "Why water?");
    }

    #[test]
    fn front_matter_title_headings_and_blockquotes() {
        let src = "---\ntitle: \"My Talk\"\n---\n# Part one\n\nText *here*.\n\n> “Quoted line,” she said.\n";
        let (sk, fm) = parse_markdown(src.to_string());
        assert_eq!(fm.title.as_deref(), Some("My Talk"));
        assert_eq!(sk.title.as_deref(), Some("My Talk"));
        assert_eq!(sk.sections[0].heading.as_deref(), Some("Part one"));
        assert_eq!(sk.sections[0].line, 4);
        assert_eq!(sk.paragraphs.len(), 2);
        assert_eq!(sk.slice(sk.paragraphs[0].span), "Text here.");
        assert_eq!(sk.paragraphs[0].line(), 6);
        assert!(sk.paragraphs[1].blockquote);
        assert_eq!(sk.slice(sk.paragraphs[1].span), "“Quoted line,” she said.");
    }

    #[test]
    fn a_first_level_one_heading_is_the_title() {
        let (sk, _) = parse_markdown("# The Title\n\nBody.\n\n## Section\n\nMore.\n".to_string());
        assert_eq!(sk.title.as_deref(), Some("The Title"));
        assert_eq!(sk.sections.len(), 2);
        assert_eq!(sk.sections[1].level, 2);
    }
}
