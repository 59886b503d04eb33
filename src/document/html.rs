//! Web pages: an interview saved from a browser is HTML, and read as its tags it is one
//! paragraph of markup. The page is turned into the Markdown the Markdown reader already
//! understands: its `<title>` as front matter, `<h1>`–`<h6>` as headings, every block
//! (`<p>`, `<div>`, `<li>`, `<blockquote>`, …) a paragraph, scripts, styles and comments
//! dropped, character references undone. Line numbers then count lines of that Markdown.

/// Elements whose content is never the interview: code, styles, a site's navigation,
/// footer, side bars and forms around the article, and pictures with their captions (the
/// reader shows no pictures, and a caption read as a paragraph ran on as the words of the
/// speaker whose turn it followed: `Photo: AP` inside the mayor's answer).
const HIDDEN: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "canvas",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "figure",
    "figcaption",
];

/// Hidden elements whose content is text, not markup, up to their first closing tag: a
/// `<script>` holding `"<script>"` in a string opens nothing.
const RAW_TEXT: &[&str] = &["script", "style", "noscript"];

/// Elements that stand on their own: each opens and ends a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "blockquote",
    "figure",
    "figcaption",
    "hr",
    "pre",
    "address",
    "form",
    "body",
];

/// Whether `text` is a web page: it opens with a doctype or `<html>`, after white space,
/// an XML declaration and comments (browsers write `<!-- saved from url=… -->` first).
pub fn looks_like_html(text: &str) -> bool {
    let mut start = text.trim_start();
    loop {
        let skipped = if start.starts_with("<!--") {
            start.find("-->").map(|end| end + 3)
        } else if start.starts_with("<?xml") {
            start.find("?>").map(|end| end + 2)
        } else {
            None
        };
        match skipped {
            Some(len) => start = start[len..].trim_start(),
            None => break,
        }
    }
    let b = start.as_bytes();
    let opens = |tag: &[u8]| b.len() >= tag.len() && b[..tag.len()].eq_ignore_ascii_case(tag);
    opens(b"<!doctype html") || opens(b"<html")
}

/// The page as Markdown, the page itself freed before the document is built from it
/// (SPEC §8: peak memory).
pub fn into_markdown(html: String) -> String {
    to_markdown(&html)
}

/// The page as Markdown (see the module's comment).
pub fn to_markdown(html: &str) -> String {
    let mut page = Page::default();
    let mut rest = html;
    loop {
        // A script's or style's text is not markup: it ends at its closing tag, whatever
        // quotes or tags it holds (`"<p>"`, `a<script.length`).
        if let Some(name) = page.raw_text() {
            rest = &rest[closing_tag(rest, name).unwrap_or(rest.len())..];
        }
        let Some(at) = rest.find(['<', '&']) else {
            break;
        };
        page.text(&rest[..at]);
        rest = &rest[at..];
        rest = if rest.starts_with('&') {
            page.reference(rest)
        } else if let Some(after) = rest.strip_prefix("<!--") {
            after.find("-->").map_or("", |end| &after[end + 3..])
        } else {
            match tag_at(rest) {
                Some((tag, len)) => {
                    page.tag(&tag);
                    &rest[len..]
                }
                None => {
                    page.text("<");
                    &rest[1..]
                }
            }
        };
    }
    page.text(rest);
    page.finish()
}

/// Where the closing tag of `name` (lower case) starts in `s`, whatever its case.
fn closing_tag(s: &str, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memmem::find_iter(b, b"</").find(|&at| {
        b.get(at + 2..at + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// A tag as read: its name in lower case and whether it closes an element.
struct Tag {
    name: String,
    closing: bool,
}

/// The tag at the start of `s` (`<p class="x">`, `</p>`, `<br/>`, `<!doctype html>`) and its
/// length; `None` where `<` opens no tag (`a < b`). A `>` inside a quoted attribute value
/// does not end the tag.
fn tag_at(s: &str) -> Option<(Tag, usize)> {
    let inner = &s[1..];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, inner),
    };
    let first = inner.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '!' || first == '?') {
        return None;
    }
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '!' || c == '?' || c == '-'))
        .unwrap_or(inner.len());
    let mut quote = None;
    for (i, c) in inner[name_len..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => {
                let len = 1 + usize::from(closing) + name_len + i + 1;
                let name = inner[..name_len].to_ascii_lowercase();
                return Some((Tag { name, closing }, len));
            }
            _ => {}
        }
    }
    None
}

/// The Markdown being written, and where in the page it is.
#[derive(Default)]
struct Page {
    out: String,
    title: String,
    /// Inside `<title>`.
    in_title: bool,
    /// Inside an element whose content is hidden: which one, and how many of its name are
    /// open inside it (a `<nav>` in a `<nav>`, a `<figure>` in a `<figure>`).
    hidden: Option<(String, usize)>,
    /// Depth of `<pre>`: white space is kept there.
    pre: usize,
    /// White space seen since the last word, written only before the next one.
    space: bool,
    /// Depth of `<b>`/`<strong>`, and whether its `**` waits for the first word (so that the
    /// marker stands next to it: `**loud**`, not `** loud**`).
    bold: usize,
    bold_waits: bool,
}

impl Page {
    /// The raw-text element being skipped, if any.
    fn raw_text(&self) -> Option<&str> {
        self.hidden
            .as_ref()
            .map(|(name, _)| name.as_str())
            .filter(|name| RAW_TEXT.contains(name))
    }

    fn tag(&mut self, tag: &Tag) {
        if let Some((hidden, depth)) = &mut self.hidden {
            if *hidden == tag.name {
                if !tag.closing && !RAW_TEXT.contains(&hidden.as_str()) {
                    *depth += 1;
                } else if tag.closing {
                    *depth -= 1;
                }
                if *depth == 0 {
                    self.hidden = None;
                }
            }
            return;
        }
        let name = tag.name.as_str();
        if HIDDEN.contains(&name) && !tag.closing {
            self.hidden = Some((tag.name.clone(), 1));
            return;
        }
        match name {
            "title" => self.in_title = !tag.closing,
            "br" => self.line_break(),
            "pre" => {
                self.end_block();
                self.pre = if tag.closing {
                    self.pre.saturating_sub(1)
                } else {
                    self.pre + 1
                };
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.end_block();
                if !tag.closing {
                    let level = usize::from(name.as_bytes()[1] - b'0');
                    self.out.push_str(&"#".repeat(level));
                    self.out.push(' ');
                }
            }
            "td" | "th" => self.space = true,
            // Bold is kept as Markdown's `**`: a magazine Q&A prints its questions in bold,
            // and `<b>Q:</b>` is a bold label.
            "b" | "strong" => self.bold_marker(tag.closing),
            _ if BLOCKS.contains(&name) => self.end_block(),
            _ => {}
        }
    }

    /// A character reference at the start of `s` (`&amp;`, `&#8220;`): its character
    /// written, the rest of `s` returned. An `&` that starts none is written as it is.
    fn reference<'s>(&mut self, s: &'s str) -> &'s str {
        let named = s[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| Some((crate::document::captions::character(&s[1..=end])?, end)));
        match named {
            Some((c, end)) => {
                let mut buf = [0u8; 4];
                self.text(c.map_or("", |c| c.encode_utf8(&mut buf)));
                &s[end + 2..]
            }
            None => {
                self.text("&");
                &s[1..]
            }
        }
    }

    /// Text between tags: white space runs are one space (but in `<pre>`).
    fn text(&mut self, s: &str) {
        if self.hidden.is_some() || s.is_empty() {
            return;
        }
        if self.in_title {
            self.title.push_str(s);
            return;
        }
        if self.pre > 0 {
            self.out.push_str(s);
            return;
        }
        for (i, word) in s.split(|c: char| c.is_whitespace() && c != '\u{a0}').enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
                self.out.push(' ');
            }
            self.space = false;
            if self.bold_waits {
                self.out.push_str("**");
                self.bold_waits = false;
            }
            self.out.push_str(word);
        }
    }

    /// Bold opening (its `**` written with the next word) or closing (`**` right after the
    /// last word); bold in bold adds nothing.
    fn bold_marker(&mut self, closing: bool) {
        if !closing {
            self.bold += 1;
            self.bold_waits |= self.bold == 1;
            return;
        }
        match self.bold {
            0 => {}
            1 if self.bold_waits => self.bold_waits = false,
            1 => self.out.push_str("**"),
            _ => {}
        }
        self.bold = self.bold.saturating_sub(1);
    }

    fn line_break(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.space = false;
    }

    /// End the paragraph being written: a blank line follows it.
    fn end_block(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(trimmed);
        // Bold left open ends with its block (`<p><b>Why?</p>`).
        if self.bold > 0 && !self.bold_waits {
            self.out.push_str("**");
        }
        self.bold = 0;
        self.bold_waits = false;
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.end_block();
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        // A page's `<title>` is often its headline and the site's name (`Headline | Paper`):
        // its first `<h1>`, when it has one, is the better title.
        let has_h1 = self.out.starts_with("# ") || self.out.contains("\n# ");
        if title.is_empty() || has_h1 {
            return self.out;
        }
        // Front matter's title: the Markdown reader shows it once even when the page's first
        // heading repeats it.
        format!("---\ntitle: {title}\n---\n{}", self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_becomes_headings_and_paragraphs() {
        let md = to_markdown(
            "<!DOCTYPE html><html><head><title>An  Interview</title><style>p{}</style></head>\n\
             <body><h1>An Interview</h1><p>First <b>bold</b>\n  words.</p>\
             <script>var s = \"<p>no</p>\";</script><!-- <p>hidden</p> -->\
             <h2 class=\"x>y\">Part two</h2><p>One<br>two</p><ul><li>a</li><li>b</li></ul></body></html>",
        );
        assert_eq!(
            md,
            "# An Interview\n\nFirst **bold** words.\n\n## Part two\n\nOne\ntwo\n\na\n\nb\n\n"
        );
        // Without an `<h1>`, the `<title>` is the title; a site's navigation is no text.
        let md =
            to_markdown("<title>Talk | Paper</title><nav><a>Home</a></nav><p>Words.</p><footer>(c)</footer>");
        assert_eq!(md, "---\ntitle: Talk | Paper\n---\nWords.\n\n");
    }

    #[test]
    fn bold_is_kept_as_markdown_next_to_its_words() {
        let md = to_markdown(
            "<p>It was<b> loud </b>there.</p><p><strong>Why <b>water</b>?</strong></p>\
             <p><b></b>Empty.</p><p><b>Left open?</p><p>Not bold.</p>",
        );
        assert_eq!(
            md,
            "It was **loud** there.\n\n**Why water?**\n\nEmpty.\n\n**Left open?**\n\nNot bold.\n\n"
        );
    }

    #[test]
    fn a_picture_and_its_caption_are_no_words_of_the_turn_they_follow() {
        let md = to_markdown(
            "<p><b>Lindqvist:</b> The pipes are old.</p>\
             <figure><img src=\"a.jpg\"><figcaption>The mayor. Photo: AP</figcaption></figure>\
             <figcaption>Loose caption</figcaption><p>More.</p>",
        );
        assert_eq!(md, "**Lindqvist:** The pipes are old.\n\nMore.\n\n");
    }

    #[test]
    fn a_hidden_element_ends_where_it_closes_whatever_it_holds_of_its_own_kind() {
        let md = to_markdown(
            "<aside><p>Related</p><aside><p>Inner</p></aside><p>More related</p></aside>\
             <script>if (a<script.length) { w(\"<p>no</p>\") }</SCRIPT><p>Words.</p>",
        );
        assert_eq!(md, "Words.\n\n");
    }

    #[test]
    fn character_references_are_undone_and_a_stray_ampersand_or_bracket_kept() {
        let md =
            to_markdown("<p>&ldquo;Yes,&rdquo; said Doe &amp; Co. &#8220;No&#x201D; &bogus; a < b &</p>");
        assert_eq!(md, "“Yes,” said Doe & Co. “No” &bogus; a < b &\n\n");
    }

    #[test]
    fn pages_are_known_by_their_opening() {
        assert!(looks_like_html("\n  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<HTML lang=en>"));
        assert!(looks_like_html(
            "<!-- saved from url=(0030)https://example.com/ -->\n<!DOCTYPE html>"
        ));
        assert!(looks_like_html("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
        assert!(!looks_like_html("<!-- a comment --> Q: then words"));
        assert!(!looks_like_html("Q: <html> is a tag?"));
        assert!(!looks_like_html("<b>Q:</b> hi"));
    }

    proptest::proptest! {
        #[test]
        fn any_markup_reads_without_a_tag_left_whole(
            text in "(<p>|</p>|<h2>|</h2>|<br/>|<script>|</script>|<!--|-->|<a href=\"x>y\">|&amp;|&#x1F600;|&|<|>|\"|'|[a-z ]{0,6}|é|\n){0,40}",
        ) {
            let md = to_markdown(&text);
            proptest::prop_assert!(!md.contains("<p>") && !md.contains("<h2>") && !md.contains("<br/>"), "{:?} -> {:?}", text, md);
        }
    }
}
