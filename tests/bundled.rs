//! The bundled interview read into the model: structure, quotes, attribution, topics, and
//! the same results when the interview arrives in other shapes.

mod common;

use common::{BUNDLED, bundled, parse, statements};
use interview_reader::document::{Document, InputFormat, QuoteKind};

fn quote_containing<'a>(doc: &'a Document, needle: &str) -> &'a interview_reader::document::Quote {
    doc.quotes
        .iter()
        .find(|q| doc.quote_text(q).contains(needle))
        .unwrap_or_else(|| panic!("no quote contains {needle:?}"))
}

#[test]
fn title_and_the_two_headings_are_found() {
    let doc = bundled();
    assert_eq!(
        doc.title.as_deref(),
        Some(
            "“There is always hope”: Putin on the possibility of improving relations between Russia and the United States"
        )
    );
    let headings: Vec<Option<&str>> = doc.sections.iter().map(|s| s.heading.as_deref()).collect();
    assert_eq!(
        headings,
        [
            None,
            Some("The intervention of the United States"),
            Some("“In a coffin has no pockets”")
        ]
    );
}

#[test]
fn the_ngo_quote_is_one_quote_with_strips_inside() {
    let doc = bundled();
    let q = quote_containing(&doc, "NGOs");
    let text = doc.quote_text(q);
    assert!(text.starts_with("Although NGOs"), "{text}");
    assert!(text.contains("“strips”"), "{text}");
    assert!(text.ends_with("Latin America."), "{text}");
    assert_eq!(q.kind, QuoteKind::Statement);
    assert_eq!(doc.speaker_name(q), Some("Putin"));
    assert!(
        !doc.quotes.iter().any(|q| doc.quote_text(q) == "strips"),
        "strips is not a quote of its own"
    );
}

#[test]
fn scare_quotes_are_phrases() {
    let doc = bundled();
    for phrase in [
        "meddling",
        "large farm",
        "Interview with Putin",
        "interference",
        "complex figure",
    ] {
        let q = doc
            .quotes
            .iter()
            .find(|q| doc.quote_text(q) == phrase)
            .expect(phrase);
        assert_eq!(q.kind, QuoteKind::Phrase, "{phrase}");
    }
}

#[test]
fn every_full_statement_is_putins_and_whole() {
    let doc = bundled();
    let statements = statements(&doc);
    assert_eq!(statements.len(), 16, "{statements:#?}");
    for (speaker, text) in &statements {
        assert_eq!(speaker.as_deref(), Some("Putin"), "{text}");
        assert!(
            !text.starts_with(['“', '”']) && !text.ends_with(['“', '”']),
            "marks trimmed: {text}"
        );
    }
}

#[test]
fn quotes_sit_in_their_sections_and_lines() {
    let doc = bundled();
    let hope = quote_containing(&doc, "white sneakers");
    assert_eq!((doc.quote_section(hope), doc.quote_line(hope)), (0, 9));
    let coffin = quote_containing(&doc, "In a coffin of pockets");
    assert_eq!(
        doc.section_heading(doc.quote_section(coffin)),
        Some("“In a coffin has no pockets”")
    );
    assert_eq!(doc.quote_line(coffin), 53);
}

#[test]
fn statements_carry_the_topic_a_reader_would_give_them() {
    let doc = bundled();
    let cases = [
        ("hacking attacks", "elections"),
        ("NGOs", "elections"),
        ("Russian-American relations in this context", "relations"),
        ("Pentagon", "security"),
        ("technological independence", "security"),
        ("Stalinism", "history"),
        ("victory over Nazism", "history"),
        ("In a coffin of pockets", "wealth"),
        ("elections in 2018", "future"),
        ("final decision", "future"),
    ];
    for (needle, topic) in cases {
        let q = quote_containing(&doc, needle);
        assert!(
            doc.topic_ids(q).contains(&topic),
            "{needle}: {:?}",
            doc.topic_ids(q)
        );
    }
}

#[test]
fn unattributable_phrases_say_so() {
    let doc = bundled();
    let q = quote_containing(&doc, "Interview with Putin");
    assert_eq!(doc.speaker_name(q), None);
}

/// The same interview in other shapes gives the same statements and speakers.
fn same_statements_as_bundled(doc: &Document) {
    let expected = statements(&bundled());
    let got = statements(doc);
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((s1, t1), (s2, t2)) in got.iter().zip(&expected) {
        assert_eq!(s1, s2, "{t1}");
        let fold = |s: &str| s.replace(['“', '”', '«', '»', '„', '"'], "");
        assert_eq!(fold(t1), fold(t2));
    }
}

#[test]
fn crlf_and_a_bom_change_nothing() {
    let text = format!("\u{FEFF}{}", BUNDLED.replace('\n', "\r\n"));
    let decoded = interview_reader::document::decode::decode(text.into_bytes());
    same_statements_as_bundled(&parse(&decoded.text, InputFormat::Auto));
}

#[test]
fn straight_quotes_give_the_same_quotes() {
    same_statements_as_bundled(&parse(&BUNDLED.replace(['“', '”'], "\""), InputFormat::Auto));
}

#[test]
fn guillemets_with_inner_low_quotes_give_the_same_quotes() {
    let mut out = String::new();
    let mut depth = 0;
    for c in BUNDLED.chars() {
        match c {
            '“' => {
                out.push(if depth == 0 { '«' } else { '„' });
                depth += 1;
            }
            '”' => {
                depth = usize::max(depth, 1) - 1;
                out.push(if depth == 0 { '»' } else { '“' });
            }
            '\n' => {
                depth = 0;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    same_statements_as_bundled(&parse(&out, InputFormat::Auto));
}

#[test]
fn markdown_form_gives_the_same_quotes_and_headings() {
    let md: Vec<String> = BUNDLED
        .lines()
        .enumerate()
        .map(|(i, l)| match (i, l) {
            (0, l) => format!("# {l}"),
            (_, "The intervention of the United States" | "“In a coffin has no pockets”") => {
                format!("## {l}")
            }
            (_, l) => l.replace("Putin noted", "*Putin* noted"),
        })
        .collect();
    let doc = parse(&md.join("\n"), InputFormat::Markdown);
    same_statements_as_bundled(&doc);
    assert_eq!(doc.sections.len(), 3);
    assert!(
        doc.title
            .as_deref()
            .is_some_and(|t| t.starts_with("“There is always hope”"))
    );
}

#[test]
fn the_bundled_quotes_as_json_match_the_snapshot() {
    let doc = bundled();
    let mut out = Vec::new();
    interview_reader::output::quotes_json(&mut out, &doc, 0..doc.quotes.len()).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn the_bundled_outline_matches_the_snapshot() {
    let mut out = Vec::new();
    interview_reader::output::outline_json(&mut out, &bundled()).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}
