//! What the commands write for scripts (SPEC §7): text, JSON, CSV and Markdown.
//!
//! JSON keeps document text exact (serde escapes it). Everything else is for terminals and
//! readers, so document text goes through [`crate::sanitize`] first.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::{Document, Quote, QuoteLines};
use crate::sanitize::{clean, for_terminal};
use crate::wrap::wrap_plain;

/// SPEC §7 `quotes` JSON row.
#[derive(Serialize)]
struct QuoteRow<'a> {
    id: String,
    text: &'a str,
    speaker: Option<&'a str>,
    section: Option<&'a str>,
    kind: &'static str,
    topics: Vec<&'a str>,
    line: usize,
}

fn quote_row<'a>(doc: &'a Document, lines: &mut QuoteLines, index: usize, q: &'a Quote) -> QuoteRow<'a> {
    QuoteRow {
        id: Document::quote_id(index),
        text: doc.quote_text(q),
        speaker: doc.speaker_name(q),
        section: doc.section_name(doc.quote_section(q)),
        kind: q.kind.as_str(),
        topics: doc.topic_ids(q),
        line: lines.line_of(q),
    }
}

/// SPEC §7 `outline` JSON.
#[derive(Serialize)]
struct OutlineJson<'a> {
    title: Option<&'a str>,
    sections: Vec<SectionRow<'a>>,
}

#[derive(Serialize)]
struct SectionRow<'a> {
    heading: Option<&'a str>,
    level: u8,
    line: usize,
    paragraphs: usize,
    quotes: usize,
}

/// SPEC §7 `topics` JSON row.
#[derive(Serialize)]
struct TopicRow<'a> {
    id: &'a str,
    name: &'a str,
    key: Option<String>,
    quotes: usize,
    derived: bool,
}

/// The number key of topic `index` (1–9), if it has one.
pub fn topic_key(index: usize) -> Option<String> {
    (index < 9).then(|| (index + 1).to_string())
}

fn section_rows(doc: &Document) -> Vec<SectionRow<'_>> {
    let counts = section_quote_counts(doc);
    doc.sections
        .iter()
        .enumerate()
        .map(|(i, s)| SectionRow {
            heading: s.heading.as_deref().or(s.label.as_deref()),
            level: s.level,
            line: s.line,
            paragraphs: s.paragraph_count(),
            quotes: counts[i],
        })
        .collect()
}

/// Statements and turns per section, in one pass.
pub fn section_quote_counts(doc: &Document) -> Vec<usize> {
    let mut counts = vec![0; doc.sections.len()];
    for q in doc.quotes.iter().filter(|q| Document::is_primary(q)) {
        if let Some(c) = counts.get_mut(doc.quote_section(q)) {
            *c += 1;
        }
    }
    counts
}

fn json_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// `1 quote`, `2 quotes`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub fn outline_text(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    if let Some(t) = &doc.title {
        writeln!(out, "{}", for_terminal(t))?;
        writeln!(out)?;
    }
    for (i, row) in section_rows(doc).iter().enumerate() {
        let indent = "  ".repeat(usize::from(row.level.saturating_sub(1)));
        writeln!(
            out,
            "{indent}{}  (line {}, {}, {})",
            for_terminal(doc.section_label(i)),
            row.line,
            counted(row.paragraphs, "paragraph"),
            counted(row.quotes, "quote")
        )?;
    }
    Ok(())
}

pub fn outline_json(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    json_line(
        out,
        &OutlineJson {
            title: doc.title.as_deref(),
            sections: section_rows(doc),
        },
    )
}

pub fn outline_markdown(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    if let Some(t) = &doc.title {
        writeln!(out, "# {}\n", clean(t))?;
    }
    for (i, row) in section_rows(doc).iter().enumerate() {
        let indent = "  ".repeat(usize::from(row.level.saturating_sub(1)));
        writeln!(
            out,
            "{indent}- {} (line {}, {})",
            clean(doc.section_label(i)),
            row.line,
            counted(row.quotes, "quote")
        )?;
    }
    Ok(())
}

pub fn quotes_json(
    out: &mut dyn Write,
    doc: &Document,
    chosen: impl IntoIterator<Item = usize>,
) -> io::Result<()> {
    crate::json_rows::write_quotes(out, doc, chosen)
}

/// One line of text per quote with its attribution, then the quote wrapped and indented.
pub fn quotes_text(
    out: &mut dyn Write,
    doc: &Document,
    chosen: impl IntoIterator<Item = usize>,
    width: usize,
) -> io::Result<()> {
    let mut lines = QuoteLines::new(doc);
    for i in chosen {
        let q = &doc.quotes[i];
        let row = quote_row(doc, &mut lines, i, q);
        let mut head = format!(
            "{}  {} · {} · line {}",
            row.id,
            row.speaker.unwrap_or("unattributed"),
            doc.section_label(doc.quote_section(q)),
            row.line
        );
        if !row.topics.is_empty() {
            head.push_str(&format!(" · {}", row.topics.join(", ")));
        }
        writeln!(out, "{}", for_terminal(&head))?;
        let marked = if q.kind == crate::document::QuoteKind::Turn {
            row.text.to_string()
        } else {
            format!("“{}”", row.text)
        };
        for line in wrap_plain(&marked, width.saturating_sub(4).max(10)) {
            writeln!(out, "    {line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

pub fn quotes_csv(
    out: &mut dyn Write,
    doc: &Document,
    chosen: impl IntoIterator<Item = usize>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    // An I/O error stays one (a reader that closed the pipe is not a failure).
    let err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    };
    w.write_record(["id", "speaker", "section", "kind", "topics", "line", "text"])
        .map_err(err)?;
    let mut lines = QuoteLines::new(doc);
    for i in chosen {
        let row = quote_row(doc, &mut lines, i, &doc.quotes[i]);
        w.write_record([
            row.id.as_str(),
            &clean(row.speaker.unwrap_or("")),
            &clean(row.section.unwrap_or("")),
            row.kind,
            &row.topics.join(";"),
            &row.line.to_string(),
            &clean(row.text),
        ])
        .map_err(err)?;
    }
    w.flush()
}

pub fn quotes_markdown(
    out: &mut dyn Write,
    doc: &Document,
    chosen: impl IntoIterator<Item = usize>,
) -> io::Result<()> {
    let mut lines = QuoteLines::new(doc);
    for i in chosen {
        let row = quote_row(doc, &mut lines, i, &doc.quotes[i]);
        for line in clean(row.text).lines() {
            writeln!(out, "> {line}")?;
        }
        let topics = if row.topics.is_empty() {
            String::new()
        } else {
            format!(" · {}", row.topics.join(", "))
        };
        writeln!(
            out,
            ">\n> — **{}**, *{}* (line {}, {}){}\n",
            clean(row.speaker.unwrap_or("unattributed")),
            clean(doc.section_label(doc.quote_section(&doc.quotes[i]))),
            row.line,
            row.id,
            topics
        )?;
    }
    Ok(())
}

pub fn topics_text(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let id_width = doc.topics.iter().map(|t| t.id.chars().count()).max().unwrap_or(0);
    for (i, t) in doc.topics.iter().enumerate() {
        let key = topic_key(i).unwrap_or_else(|| "-".into());
        let id = for_terminal(&t.id);
        writeln!(
            out,
            "{key}  {id:<id_width$}  {:>4}  {}",
            t.quotes,
            for_terminal(&t.name)
        )?;
    }
    Ok(())
}

pub fn topics_json(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let rows: Vec<TopicRow> = doc
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| TopicRow {
            id: &t.id,
            name: &t.name,
            key: topic_key(i),
            quotes: t.quotes,
            derived: t.derived,
        })
        .collect();
    json_line(out, &rows)
}

pub fn dump(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    serde_json::to_writer(&mut *out, doc).map_err(io::Error::from)?;
    writeln!(out)
}

/// The document as wrapped plain text, for when stdout is not a terminal (SPEC §6): headings
/// underlined, and after each paragraph the speakers of its statements and turns.
pub fn plain_document(out: &mut dyn Write, doc: &Document, width: usize) -> io::Result<()> {
    if let Some(t) = &doc.title {
        write_heading(out, t, '=', width)?;
    }
    let mut quotes = doc.quotes.iter().enumerate().peekable();
    for (si, section) in doc.sections.iter().enumerate() {
        if let Some(h) = &section.heading {
            write_heading(out, h, '-', width)?;
        } else if si > 0 {
            writeln!(out)?;
        }
        for pi in section.first_paragraph..section.end_paragraph {
            let p = &doc.paragraphs[pi];
            let prefix = if p.blockquote { "> " } else { "" };
            for line in wrap_plain(doc.slice(p.span), width.saturating_sub(prefix.len()).max(1)) {
                writeln!(out, "{prefix}{line}")?;
            }
            while let Some((i, q)) = quotes.next_if(|(_, q)| q.last_paragraph() <= pi) {
                if Document::is_primary(q) {
                    writeln!(
                        out,
                        "    ↳ {} {}",
                        Document::quote_id(i),
                        for_terminal(doc.speaker_name(q).unwrap_or("unattributed"))
                    )?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_heading(out: &mut dyn Write, text: &str, rule: char, width: usize) -> io::Result<()> {
    let lines = wrap_plain(text, width.max(1));
    let longest = lines
        .iter()
        .map(|l| crate::wrap::display_width(l))
        .max()
        .unwrap_or(0);
    for line in lines {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "{}\n", rule.to_string().repeat(longest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{InputFormat, Lexicon, parse};

    /// What serde_json writes for the same rows: the layout the hand-written rows keep.
    fn serde_rows(doc: &Document, chosen: &[usize]) -> String {
        // Each line counted from scratch: the oracle for the counting-on the rows do.
        let rows: Vec<QuoteRow> = chosen
            .iter()
            .map(|&i| quote_row(doc, &mut QuoteLines::new(doc), i, &doc.quotes[i]))
            .collect();
        serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n"
    }

    fn written_rows(doc: &Document, chosen: &[usize]) -> String {
        let mut out = Vec::new();
        quotes_json(&mut out, doc, chosen.iter().copied()).unwrap_or_default();
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn json_rows_are_what_serde_json_would_write() {
        let texts = [
            crate::document::decode::BUNDLED_TEXT,
            include_str!("../tests/fixtures/press-briefing.txt"),
            include_str!("../tests/fixtures/russian-interview.txt"),
            "Q: Was it \"fine\"?\n\nA: “Yes,\ttab” — he said.\u{1}",
        ];
        for text in texts {
            let doc = parse(text.to_string(), InputFormat::Auto, &Lexicon::bundled());
            assert!(!doc.quotes.is_empty());
            let all: Vec<usize> = (0..doc.quotes.len()).collect();
            assert_eq!(written_rows(&doc, &all), serde_rows(&doc, &all));
            let some: Vec<usize> = all.iter().copied().filter(|i| i % 3 == 1).collect();
            assert_eq!(written_rows(&doc, &some), serde_rows(&doc, &some));
            assert_eq!(written_rows(&doc, &[]), serde_rows(&doc, &[]));
        }
    }

    #[test]
    fn many_rows_rendered_on_both_cores_come_out_in_order() {
        let mut text = String::from("A title line\n\n");
        for i in 0..3500 {
            text.push_str(&format!(
                "“Quote number {i} is about hope,” said Putin.\n\nLine {i} of\nnarrative.\n\n"
            ));
        }
        let doc = parse(text, InputFormat::Auto, &Lexicon::bundled());
        assert!(doc.quotes.len() > 3 * crate::json_rows::CHUNK);
        let all: Vec<usize> = (0..doc.quotes.len()).collect();
        assert_eq!(written_rows(&doc, &all), serde_rows(&doc, &all));
        let odd: Vec<usize> = all.iter().copied().filter(|i| i % 2 == 1).collect();
        assert_eq!(written_rows(&doc, &odd), serde_rows(&doc, &odd));
    }
}
