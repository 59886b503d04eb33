//! The Markdown form (SPEC §2): YAML front matter, ATX headings, `>` blockquotes, and
//! emphasis shown without its markers.
//!
//! The display text is rebuilt without markers, one output line per source line, so every
//! paragraph still knows its source line.

use crate::document::article::Skeleton;
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
                if let Some((text, used)) = link(&chars[i..]) {
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
fn link(chars: &[char]) -> Option<(String, usize)> {
    let close = chars.iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close..].iter().position(|&c| c == ')')? + close;
    Some((chars[1..close].iter().collect(), end + 1))
}

/// Read Markdown into a skeleton whose text has the markers removed.
pub fn parse_markdown(source: &str) -> (Skeleton, FrontMatter) {
    let (fm, body_start, first_line) = front_matter(source);
    let mut sk = Skeleton::new(String::with_capacity(source.len()), Format::Markdown);
    sk.title = fm.title.clone();
    let mut para: Option<(usize, usize, bool)> = None; // (start, line, blockquote)
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
                end_paragraph(&mut sk, &mut para);
            }
            LineKind::Blank => end_paragraph(&mut sk, &mut para),
            LineKind::Heading(level, text) => {
                end_paragraph(&mut sk, &mut para);
                let text = strip_inline(text);
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
                if para.is_some_and(|(_, _, q)| q != quoted) {
                    end_paragraph(&mut sk, &mut para);
                }
                match para {
                    Some(_) => sk.text.push('\n'),
                    None => para = Some((sk.text.len(), line_no, quoted)),
                }
                let shown = if in_fence {
                    text.to_string()
                } else {
                    strip_inline(text)
                };
                sk.text.push_str(&shown);
            }
        }
    }
    end_paragraph(&mut sk, &mut para);
    (sk, fm)
}

fn end_paragraph(sk: &mut Skeleton, para: &mut Option<(usize, usize, bool)>) {
    if let Some((start, line, quoted)) = para.take() {
        let end = sk.text.len();
        sk.text.push_str("\n\n");
        sk.push_paragraph(Span::new(start, end), line).blockquote = quoted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn front_matter_title_headings_and_blockquotes() {
        let src = "---\ntitle: \"My Talk\"\n---\n# Part one\n\nText *here*.\n\n> “Quoted line,” she said.\n";
        let (sk, fm) = parse_markdown(src);
        assert_eq!(fm.title.as_deref(), Some("My Talk"));
        assert_eq!(sk.title.as_deref(), Some("My Talk"));
        assert_eq!(sk.sections[0].heading.as_deref(), Some("Part one"));
        assert_eq!(sk.sections[0].line, 4);
        assert_eq!(sk.paragraphs.len(), 2);
        assert_eq!(sk.slice(sk.paragraphs[0].span), "Text here.");
        assert_eq!(sk.paragraphs[0].line, 6);
        assert!(sk.paragraphs[1].blockquote);
        assert_eq!(sk.slice(sk.paragraphs[1].span), "“Quoted line,” she said.");
    }

    #[test]
    fn a_first_level_one_heading_is_the_title() {
        let (sk, _) = parse_markdown("# The Title\n\nBody.\n\n## Section\n\nMore.\n");
        assert_eq!(sk.title.as_deref(), Some("The Title"));
        assert_eq!(sk.sections.len(), 2);
        assert_eq!(sk.sections[1].level, 2);
    }
}
