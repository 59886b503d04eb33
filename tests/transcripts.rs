//! Transcripts in each label form: every turn found with its speaker.

mod common;

use common::parse;
use interview_reader::document::{Document, Format, InputFormat, Lexicon, QuoteKind};

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

/// A magazine Q&A as *The New York Times* prints it: the questions in bold, the answers
/// after them with no label.
const MAGAZINE_QA: &str = "<html><head><title>Ada Okafor on Floods</title></head><body>\
    <h1>Ada Okafor on Floods</h1><p><em>This interview has been edited.</em></p>\
    <p><strong>You grew up in Lagos. What was that like?</strong></p>\
    <p>It was loud. My mother said, “If you can think here, you can think anywhere.”</p>\
    <p><strong>Did you always want to write?</strong></p><p>No. I wanted to build bridges.</p>\
    <p>Then I read Achebe.</p><p><b>Why water?</b></p><p>Water does not argue.</p>\
    <p><b>Tell me about the flood.</b></p><p>It came at night.</p>\
    <p><b>You wrote about floods before.</b></p><p><b>Why return to them?</b></p>\
    <p>Because they return to us.</p></body></html>";

#[test]
fn a_magazine_q_and_a_with_its_questions_in_bold_is_read_as_turns() {
    let doc = parse(MAGAZINE_QA, InputFormat::Html);
    assert_eq!(
        turns(&doc),
        [
            ("Q", "You grew up in Lagos. What was that like?"),
            (
                "A",
                "It was loud. My mother said, “If you can think here, you can think anywhere.”"
            ),
            ("Q", "Did you always want to write?"),
            ("A", "No. I wanted to build bridges.\n\nThen I read Achebe."),
            ("Q", "Why water?"),
            ("A", "Water does not argue."),
            ("Q", "Tell me about the flood."),
            ("A", "It came at night."),
            // A question of two bold paragraphs is one turn.
            ("Q", "You wrote about floods before.\n\nWhy return to them?"),
            ("A", "Because they return to us."),
        ]
        .map(|(s, t)| (s.to_string(), t.to_string()))
    );
    // A transcript with no headings: one outline entry per question.
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert!(labels.contains(&"Did you always want to write?"), "{labels:?}");
    assert!(labels.contains(&"Tell me about the flood."), "{labels:?}");
}

#[test]
fn answers_in_a_bold_q_and_a_keep_the_name_their_label_gives() {
    let doc = parse(
        "# An interview\n\n**You grew up in Lagos. What was that like?**\n\n\
         **Okafor:** It was loud.\n\n**Did you always want to write?**\n\n\
         **Okafor:** No.\n\n**Why water?**\n\n**Okafor:** It arrives.\n",
        InputFormat::Markdown,
    );
    let speakers: Vec<String> = turns(&doc).into_iter().map(|(s, _)| s).collect();
    assert_eq!(speakers, ["Q", "Okafor", "Q", "Okafor", "Q", "Okafor"]);
}

#[test]
fn a_deposition_in_q_and_a_with_full_stops_is_read_as_turns() {
    let doc = parse(
        "DEPOSITION OF JOHN SMITH\n\nQ. Please state your name for the record.\n\nA. John Smith.\n\n\
         Q. Where were you on the night of May 3?\n\nA. At home. My wife said, “You should go to \
         bed early tonight.”\n\nQ. Did you speak to Mr. Jones?\n\nA. No.\n\n\
         MR. LEE: Objection. Form.\n\nQ. Let me rephrase.\n",
        InputFormat::Auto,
    );
    assert_eq!(doc.format, Format::Transcript);
    let speakers: Vec<String> = turns(&doc).into_iter().map(|(s, _)| s).collect();
    assert_eq!(speakers, ["Q", "A", "Q", "A", "Q", "A", "MR. LEE", "Q"]);
    assert_eq!(turns(&doc)[1].1, "John Smith.");
    // Every question opens a section, those without a question mark too: the asker is
    // known by the label, whatever form it was written in.
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert_eq!(
        labels,
        [
            "Please state your name for the record.",
            "Where were you on the night of May 3?",
            "Did you speak to Mr. Jones?",
            "Let me rephrase."
        ]
    );
}

#[test]
fn initials_opening_paragraphs_make_no_court_record() {
    let doc = parse(
        "Lincoln at Gettysburg\n\nA. Lincoln wrote the address on the train.\n\n\
         Q. Smith, a historian, disputes it.\n\nA. Lincoln, he says, wrote it in Washington.\n\n\
         The debate goes on. Nobody has the first draft.\n\nIt was short. It was read in two minutes.\n\n\
         The crowd barely heard it. The photographers missed it.\n",
        InputFormat::Auto,
    );
    assert_ne!(doc.format, Format::Transcript);
    assert!(turns(&doc).is_empty());
}

#[test]
fn headings_set_in_bold_make_no_q_and_a() {
    // Bold lines that do not end as sentences are headings of a kind, not questions; and
    // one bold question is not an interview.
    let doc = parse(
        "# An essay\n\n**The early years**\n\nShe grew up by the river.\n\n\
         **The flood**\n\nThe water came in May.\n\n**Where to now?**\n\nNobody knew.\n\n\
         **The book**\n\nIt took nine years.\n",
        InputFormat::Markdown,
    );
    assert_ne!(doc.format, Format::Transcript);
    assert!(turns(&doc).is_empty(), "{:?}", turns(&doc));
    // Nor do bold lead sentences, each with a paragraph on it: they do not ask.
    let doc = parse(
        "# Five habits\n\n**Drink more water.**\n\nMost of us do not.\n\n\
         **Sleep eight hours.**\n\nThe body repairs itself.\n\n**Walk every day.**\n\nEven ten minutes.\n\n\
         **Why bother?**\n\nBecause it adds up.\n",
        InputFormat::Markdown,
    );
    assert!(turns(&doc).is_empty(), "{:?}", turns(&doc));
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

const PRESS: &str = include_str!("fixtures/press-briefing.txt");
const RUSSIAN: &str = include_str!("fixtures/russian-interview.txt");
const NOVELIST: &str = include_str!("fixtures/novelist-qa.md");

fn topic_ids(doc: &Document) -> Vec<String> {
    doc.topics.iter().map(|t| t.id.clone()).collect()
}

/// SPEC §5: where the bundled lexicon fits poorly, 4–9 topics come from the text itself,
/// each shared by several quotes, named by their terms.
fn assert_derived(doc: &Document, expected: &[&str]) {
    let ids = topic_ids(doc);
    assert!((3..=9).contains(&ids.len()), "{ids:?}");
    assert!(
        doc.topics.iter().all(|t| t.derived && t.quotes >= 2),
        "{:?}",
        doc.topics
    );
    for e in expected {
        assert!(ids.iter().any(|id| id == e), "{e} missing from {ids:?}");
    }
}

#[test]
fn a_press_briefing_off_the_lexicon_gets_topics_from_its_own_words() {
    let doc = parse(PRESS, InputFormat::Auto);
    assert_derived(&doc, &["vaccine", "border"]);
    // Every quote under the vaccine topic is about it.
    let vaccine = doc.topics.iter().position(|t| t.id == "vaccine").unwrap();
    let under: Vec<&str> = doc
        .quotes
        .iter()
        .filter(|q| q.topics.contains(vaccine) && q.kind == QuoteKind::Turn)
        .map(|q| doc.quote_text(q))
        .collect();
    assert!(under.len() >= 3, "{under:?}");
    assert!(
        under
            .iter()
            .all(|t| t.to_lowercase().contains("vaccin") || t.contains("doses")),
        "{under:?}"
    );
}

#[test]
fn a_short_text_keeps_the_bundled_topics_it_matches_and_none_it_does_not() {
    // Too short to derive topics from: the bundled lexicon stays where it matches a quote,
    // and is dropped where it matches none (six topics at zero were only noise).
    let talk = "Q: Was the park opened?\n\nMAYOR DIAZ: Yes, in May, as promised.\n\n\
                Q: And the pool?\n\nMAYOR DIAZ: Next year.\n";
    assert!(parse(talk, InputFormat::Auto).topics.is_empty());
    let about_elections = "Q: Was the election fair?\n\nMAYOR DIAZ: The election was fair.\n\n\
                           Q: And the hacking?\n\nMAYOR DIAZ: There was no election hacking.\n";
    let doc = parse(about_elections, InputFormat::Auto);
    assert!(
        doc.topics.iter().any(|t| t.id == "elections"),
        "{:?}",
        topic_ids(&doc)
    );
}

#[test]
fn a_russian_interview_gets_russian_topics() {
    let doc = parse(RUSSIAN, InputFormat::Auto);
    assert_derived(&doc, &["инфляция", "санкции"]);
    let speakers: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert!(speakers.contains(&"А.Решетников"), "{speakers:?}");
}

#[test]
fn a_markdown_q_and_a_gets_topics_and_a_question_outline() {
    let doc = parse(NOVELIST, InputFormat::Markdown);
    assert_derived(&doc, &["memory", "revision"]);
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert!(labels.contains(&"How much did you revise?"), "{labels:?}");
}

#[test]
fn derived_topics_are_the_same_every_time() {
    let first = topic_ids(&parse(PRESS, InputFormat::Auto));
    for _ in 0..5 {
        assert_eq!(topic_ids(&parse(PRESS, InputFormat::Auto)), first);
    }
}

#[test]
fn the_bundled_interview_keeps_its_lexicon() {
    let doc = common::bundled();
    assert!(doc.topics.iter().all(|t| !t.derived));
    assert_eq!(doc.topics[0].id, "relations");
}

#[test]
fn a_transcript_without_headings_gets_a_section_per_question() {
    let doc = parse(PRESS, InputFormat::Auto);
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert_eq!(
        labels[0], "Introduction",
        "the opening remarks before any question"
    );
    assert!(labels[1].starts_with("Dr. Fauci, are you worried"), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.starts_with("On the border")),
        "{labels:?}"
    );
    // Each section starts at its question's paragraph.
    let border = labels
        .iter()
        .position(|l| l.starts_with("On the border"))
        .unwrap();
    let first = doc.sections[border].first_paragraph;
    assert!(
        doc.slice(doc.paragraphs[first].span)
            .starts_with("Q    On the border")
    );
}

#[test]
fn turns_without_questions_are_grouped_by_ten() {
    let text: String = (0..25)
        .map(|i| {
            format!(
                "SPEAKER {}: Statement number {i} on the matter.\n\n",
                ["A", "B"][i % 2]
            )
        })
        .collect();
    let doc = parse(&text, InputFormat::Transcript);
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert_eq!(labels, ["Turns 1–10", "Turns 11–20", "Turns 21–25"]);
}

#[test]
fn a_long_turn_of_many_paragraphs_is_one_turn() {
    let body: Vec<String> = (1..=12)
        .map(|i| format!("Paragraph {i} of the long answer, about the budget and the schools."))
        .collect();
    let text = format!(
        "Q: Tell us everything.\n\nSENATOR HOLLOWAY: {}\n\nQ: Thank you.\n",
        body.join("\n\n")
    );
    let doc = parse(&text, InputFormat::Auto);
    let t = turns(&doc);
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(t[1].0, "SENATOR HOLLOWAY");
    assert!(
        t[1].1.starts_with("Paragraph 1 of")
            && t[1]
                .1
                .ends_with("Paragraph 12 of the long answer, about the budget and the schools.")
    );
    let turn = doc
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Turn && doc.speaker_name(q) == Some("SENATOR HOLLOWAY"))
        .unwrap();
    assert_eq!(turn.last_paragraph() - turn.paragraph(), 11);
}

#[test]
fn only_the_interviewer_s_questions_open_sections() {
    let text = "An Interview\n\n\
        Jane Roe (as translated): Why did you call the meeting?\n\n\
        John Doe: Is this a talk show or a serious conversation? Let me start with history.\n\n\
        Jane Roe: Fine. It is serious.\n\n\
        John Doe: The history goes back centuries.\n\n\
        Jane Roe: What happens to the sanctions?\n\n\
        John Doe: The sanctions hurt everyone.\n";
    let doc = parse(text, InputFormat::Auto);
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert_eq!(
        labels,
        ["Why did you call the meeting?", "What happens to the sanctions?"],
        "the answer that asks back, and the interviewer's remark, stay inside their sections"
    );
}

#[test]
fn rev_style_labels_with_a_clock_in_the_note_and_text_on_the_next_line() {
    let text = "Transcript\n\nJohn Smith (00:00:05):\nWelcome. What about energy prices?\n\n\
                Jane Doe (00:00:12):\nEnergy prices follow climate policy.\n\n\
                John Smith (00:01:40):\nAnd the grid?\n\nJane Doe (00:01:45):\nThe grid needs work.\n";
    let doc = parse(text, InputFormat::Auto);
    let t = turns(&doc);
    let speakers: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(speakers, ["John Smith", "Jane Doe", "John Smith", "Jane Doe"]);
    assert_eq!(t[1].1, "Energy prices follow climate policy.");
}

#[test]
fn podcast_labels_after_a_bracketed_clock() {
    let text = "Podcast\n\n[00:00:01] HOST: Welcome back. Is inflation over?\n\n\
                [00:00:09] GUEST: Inflation is lower.\n\n01:02:03 HOST: And wages?\n\n\
                01:02:10 GUEST: Wages grew.\n";
    let doc = parse(text, InputFormat::Auto);
    let t = turns(&doc);
    assert_eq!(t.len(), 4, "{t:?}");
    assert_eq!(
        (t[0].0.as_str(), t[0].1.as_str()),
        ("HOST", "Welcome back. Is inflation over?")
    );
    assert_eq!(t[3].0, "GUEST");
    let labels: Vec<&str> = (0..doc.sections.len()).map(|s| doc.section_label(s)).collect();
    assert_eq!(
        labels,
        ["Welcome back. Is inflation over?", "And wages?"],
        "HOST asks"
    );
}

#[test]
fn a_clock_time_alone_is_not_a_label() {
    let doc = parse(
        "Notes\n\n17:30 The meeting began late.\n\n[10:15] Everyone arrived.\n",
        InputFormat::Auto,
    );
    assert!(doc.quotes.iter().all(|q| q.kind != QuoteKind::Turn));
}

#[test]
fn a_labelled_speaker_keeps_the_label_name_however_often_the_text_says_a_surname() {
    let doc = parse(
        "Hearing\n\nSENATOR HOLLOWAY: We will begin.\n\n\
         MR. BRENNAN: “The agency is short of money,” said Senator Holloway. “Yes,” said Holloway. \
         “It is,” answered Holloway. “Again,” Holloway said.\n\n\
         SENATOR HOLLOWAY: Thank you.\n",
        InputFormat::Auto,
    );
    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"SENATOR HOLLOWAY"), "{names:?}");
    assert!(!names.contains(&"Holloway"), "{names:?}");
    let quote = doc
        .quotes
        .iter()
        .find(|q| q.kind != QuoteKind::Turn && doc.quote_text(q).contains("short of money"))
        .expect("the quote");
    assert_eq!(doc.speaker_name(quote), Some("SENATOR HOLLOWAY"));
}

/// A hearing far longer than the text topics are derived from (SPEC §8): its topics still
/// come from all of it, the vaccine hour at the start and the border hour at the end, and
/// every quote, read or not while deriving, is filed under them.
#[test]
fn a_long_hearing_off_the_lexicon_gets_topics_from_start_to_end() {
    let mut text = String::from("Hearing\n\n");
    let hour = |text: &mut String, subject: [&str; 3]| {
        for i in 0..30000 {
            let [a, b, c] = subject;
            text.push_str(&format!(
                "SENATOR HOLLOWAY: What about the {a} and its {b}, item {i}?\n\n\
                 DR. ADEYEMI: The {a} program covers the {c} this year, item {i}.\n\n"
            ));
        }
    };
    hour(&mut text, ["vaccine", "doses", "clinics"]);
    hour(&mut text, ["border", "crossings", "patrols"]);
    assert!(text.len() > 8 << 20, "longer than the sample: {}", text.len());
    let doc = interview_reader::document::parse(text, InputFormat::Auto, &Lexicon::bundled());
    // The subjects themselves are in half the quotes, too common to tell them apart; what
    // each hour alone talks of is a topic, the first hour's as well as the last's.
    let ids = topic_ids(&doc);
    for expected in ["doses", "patrols"] {
        assert!(
            ids.iter().any(|id| id == expected),
            "{expected} missing from {ids:?}"
        );
    }
    let patrols = doc.topics.iter().position(|t| t.id == "patrols").unwrap();
    let last = doc.quotes.last().unwrap();
    assert!(doc.quote_text(last).contains("patrols") && last.topics.contains(patrols));
    let filed = doc.quotes.iter().filter(|q| q.topics.contains(patrols)).count();
    assert_eq!(filed, 30000, "every turn on patrols is under the topic");
}

/// A hearing far longer than the sample that the bundled lexicon fits keeps the lexicon's
/// topics, and every quote to its end is filed under them.
#[test]
fn a_long_hearing_on_the_lexicon_keeps_the_lexicon_to_its_end() {
    let mut text = String::from("Hearing\n\n");
    for i in 0..60000 {
        text.push_str(&format!(
            "SENATOR HOLLOWAY: Was there interference in the election campaign, item {i}?\n\n\
             DR. ADEYEMI: The hackers left traces in the voter rolls, item {i}.\n\n"
        ));
    }
    assert!(text.len() > 8 << 20, "longer than the sample: {}", text.len());
    let doc = interview_reader::document::parse(text, InputFormat::Auto, &Lexicon::bundled());
    assert!(doc.topics.iter().all(|t| !t.derived), "{:?}", topic_ids(&doc));
    let elections = doc.topics.iter().position(|t| t.id == "elections").unwrap();
    assert!(doc.quotes.last().unwrap().topics.contains(elections));
    assert_eq!(
        doc.quotes.iter().filter(|q| q.topics.contains(elections)).count(),
        120000
    );
}

/// SPEC §4 with no blank line between turns, as many transcripts are written: each line
/// that opens with a label starts a turn, and the lines after it belong to it.
#[test]
fn turns_written_line_after_line_are_turns() {
    let text = "Briefing\n\nTHE PRESS SECRETARY: Good afternoon.\nQ: Will the bill pass?\n\
                THE PRESS SECRETARY: It will pass,\nand soon.\nQ: Thank you.\n";
    let doc = parse(text, InputFormat::Auto);
    assert_eq!(doc.format, Format::Transcript);
    let turns: Vec<(&str, &str)> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Turn)
        .map(|q| (doc.speaker_name(q).unwrap_or("-"), doc.quote_text(q)))
        .collect();
    assert_eq!(
        turns,
        [
            ("THE PRESS SECRETARY", "Good afternoon."),
            ("Q", "Will the bill pass?"),
            ("THE PRESS SECRETARY", "It will pass,\nand soon."),
            ("Q", "Thank you.")
        ]
    );
    let lines: Vec<usize> = doc.paragraphs.iter().map(|p| p.line()).collect();
    assert_eq!(
        lines,
        [3, 4, 5, 7],
        "the title is the document's, not a paragraph"
    );
}

/// An article's paragraph with a colon line inside is not taken for turns.
#[test]
fn a_paragraph_with_one_colon_line_inside_stays_whole() {
    let text = "A report\n\nThe committee met on Monday.\nNote: the vote was close.\nIt passed anyway.\n";
    let doc = parse(text, InputFormat::Auto);
    assert_eq!(
        doc.paragraphs.len(),
        1,
        "the title is the document's; one paragraph"
    );
    assert!(doc.quotes.iter().all(|q| q.kind != QuoteKind::Turn));
}

/// Automatic transcripts (Otter, Zoom, Rev) number their speakers: `Speaker 1:` is a label.
#[test]
fn numbered_speakers_are_speakers() {
    let doc = parse(
        "Interview\n\nSpeaker 1: Hello there.\n\nSpeaker 2: Hi. How are you?\n\nSpeaker 1: Fine.\n",
        InputFormat::Auto,
    );
    assert_eq!(doc.format, Format::Transcript);
    let speakers: Vec<&str> = doc
        .quotes
        .iter()
        .map(|q| doc.speaker_name(q).unwrap_or("-"))
        .collect();
    assert_eq!(speakers, ["Speaker 1", "Speaker 2", "Speaker 1"]);
}

#[test]
fn a_congressional_hearing_whose_labels_end_with_a_full_stop() {
    let doc = parse(include_str!("fixtures/budget-hearing.txt"), InputFormat::Auto);
    assert_eq!(doc.format, Format::Transcript);
    let t = turns(&doc);
    let speakers: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        speakers,
        [
            "The CHAIRMAN",
            "Mr. BRENNAN",
            "The CHAIRMAN",
            "Mr. BRENNAN",
            "Senator McCAIN",
            "Mrs. MALONEY",
            "Mr. BRENNAN",
            "Ms. JACKSON LEE",
            "The CHAIRMAN"
        ]
    );
    assert!(
        t[0].1.starts_with("The committee will come to order."),
        "{:?}",
        t[0]
    );
    // A turn runs on over the statement's next paragraph.
    assert!(t[1].1.ends_with("schools and hospitals."), "{:?}", t[1]);
    // Quotes printed as `` … '' are quotes, said by whom the text says.
    let quoted = doc
        .quotes
        .iter()
        .find(|q| q.kind != QuoteKind::Turn && doc.quote_text(q).starts_with("We will not"))
        .expect("the quote in Senator McCAIN's turn");
    assert_eq!(doc.speaker_name(quoted), Some("Holloway"));
    // The member named in the text is the member the label names.
    let brennan = doc.speakers.iter().filter(|s| s.name.contains("BRENNAN")).count();
    assert_eq!(brennan, 1);
}

#[test]
fn in_a_colon_transcript_a_name_and_full_stop_are_words() {
    let doc = parse(
        "Interview\n\nQ: Who called you?\n\nDR. FAUCI: The lab did.\n\nQ: And then?\n\n\
         Dr. Fauci. That is what they said, and then they hung up.\n",
        InputFormat::Auto,
    );
    let speakers: Vec<String> = turns(&doc).into_iter().map(|(s, _)| s).collect();
    assert_eq!(speakers, ["Q", "DR. FAUCI", "Q"]);
}

#[test]
fn automatic_transcripts_label_speakers_in_brackets_or_beside_a_clock() {
    // WhisperX's diarized captions.
    let whisperx = parse(
        "1\n00:00:00,000 --> 00:00:02,000\n[SPEAKER_00]: Hello and welcome.\n\n\
         2\n00:00:02,000 --> 00:00:04,000\n[SPEAKER_01]: Thanks for having me.\n\n\
         3\n00:00:04,000 --> 00:00:06,000\n[SPEAKER_00]: Let us start.\n",
        InputFormat::Auto,
    );
    let speakers: Vec<String> = turns(&whisperx).into_iter().map(|(s, _)| s).collect();
    assert_eq!(speakers, ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]);
    // Otter's export: the name and a clock on a line, the words below.
    let otter = parse(
        "Speaker 1  0:03\nHello and welcome to the show.\n\nSpeaker 2  0:09\nThanks for having me.\n\n\
         Speaker 1  0:12\nLet us start with the budget.\n",
        InputFormat::Auto,
    );
    let t = turns(&otter);
    assert_eq!(
        t,
        [
            (
                "Speaker 1".to_string(),
                "Hello and welcome to the show.".to_string()
            ),
            ("Speaker 2".to_string(), "Thanks for having me.".to_string()),
            (
                "Speaker 1".to_string(),
                "Let us start with the budget.".to_string()
            ),
        ]
    );
}

#[test]
fn a_quote_running_from_one_caption_cue_into_the_next_keeps_its_speaker() {
    let doc = parse(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nMODERATOR: The mayor told us\n\n\
         2\n00:00:04.000 --> 00:00:07.000\n“we kept every\n\n\
         3\n00:00:07.000 --> 00:00:09.000\npromise,” said Lindqvist.\n\n\
         4\n00:00:09.000 --> 00:00:11.000\nMAYOR LINDQVIST: I did.\n",
        InputFormat::Auto,
    );
    assert_eq!(doc.paragraphs.len(), 2, "the cues of a turn are one paragraph");
    let speakers: Vec<String> = turns(&doc).into_iter().map(|(s, _)| s).collect();
    assert_eq!(speakers, ["MODERATOR", "MAYOR LINDQVIST"]);
    let said = doc
        .quotes
        .iter()
        .find(|q| q.kind != QuoteKind::Turn)
        .expect("the quote across cues");
    assert_eq!(doc.quote_text(said), "we kept every\n\n\n\npromise,");
    assert_eq!(doc.speaker_name(said), Some("MAYOR LINDQVIST"));
}
