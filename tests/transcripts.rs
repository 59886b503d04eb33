//! Transcripts in each label form: every turn found with its speaker.

mod common;

use common::parse;
use interview_reader::document::{Document, Format, InputFormat, QuoteKind};

fn turns(doc: &Document) -> Vec<(String, String)> {
    doc.quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Turn)
        .map(|q| {
            (
                doc.speaker_name(q).unwrap_or("?").to_string(),
                doc.quote_text(q).to_string(),
            )
        })
        .collect()
}

#[test]
fn a_press_briefing_with_q_and_upper_case_titles() {
    let doc = parse(
        "Press Briefing\n\nTHE PRESIDENT:  Good afternoon, everyone.\n\n\
         Q    Mr. President, will you go?\n\nTHE PRESIDENT:  We'll see.\n\n\
         It is possible at 17:30 today.\n\nDR. FAUCI:  The data look strong.\n",
        InputFormat::Auto,
    );
    assert_eq!(doc.format, Format::Transcript);
    let t = turns(&doc);
    let speakers: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(speakers, ["THE PRESIDENT", "Q", "THE PRESIDENT", "DR. FAUCI"]);
    assert!(
        t[2].1.ends_with("17:30 today."),
        "a turn runs across blank lines: {:?}",
        t[2]
    );
}

#[test]
fn a_russian_interview_with_initials_and_notes() {
    let doc = parse(
        "Интервью\n\nТ.Карлсон (как переведено): Спасибо, господин президент.\n\n\
         В.Путин: Пожалуйста. Давайте начнём.\n\nТ.Карлсон (как переведено): Хорошо.\n",
        InputFormat::Auto,
    );
    let speakers: Vec<String> = turns(&doc).into_iter().map(|(s, _)| s).collect();
    assert_eq!(speakers, ["Т.Карлсон", "В.Путин", "Т.Карлсон"]);
}

#[test]
fn a_markdown_q_and_a_with_bold_labels() {
    let doc = parse(
        "# Talk\n\n**Michael:** Why did you start?\n\n**Anna**: Curiosity, mostly.\n\nAnd luck.\n",
        InputFormat::Markdown,
    );
    let t = turns(&doc);
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(t[0].0, "Michael");
    assert_eq!(
        t[1],
        ("Anna".to_string(), "Curiosity, mostly.\n\nAnd luck.".to_string())
    );
}

#[test]
fn quotations_inside_a_turn_are_quotes_too() {
    let doc = parse(
        "Q: What did he say?\n\nVladimir Putin: Obama told me, “we will never agree on this point.”\n",
        InputFormat::Auto,
    );
    let statement = doc
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Statement)
        .expect("inner quote");
    assert_eq!(doc.quote_text(statement), "we will never agree on this point.");
}

#[test]
fn the_bundled_article_is_not_a_transcript() {
    let doc = common::bundled();
    assert_eq!(doc.format, Format::Text);
    assert!(doc.quotes.iter().all(|q| q.kind != QuoteKind::Turn));
}
