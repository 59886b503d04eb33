//! SPEC §3's attribution rules, each on its own small text, and the quote-pair rules.

mod common;

use common::parse;
use interview_reader::document::{Document, InputFormat, QuoteKind};

fn speaker_of(doc: &Document, needle: &str) -> Option<String> {
    let q = doc
        .quotes
        .iter()
        .find(|q| doc.quote_text(q).contains(needle))
        .unwrap_or_else(|| panic!("{needle}"));
    doc.speaker_name(q).map(str::to_string)
}

fn doc(body: &str) -> Document {
    parse(&format!("A title line\n\n{body}"), InputFormat::Auto)
}

#[test]
fn rule_1_dash_sign_off_after_the_quote() {
    let d = doc(
        "“We will win this fight in the end,” — said Putin.\n\n“Nobody expected the result at all”, — concluded Lavrov.",
    );
    assert_eq!(speaker_of(&d, "win this").as_deref(), Some("Putin"));
    assert_eq!(speaker_of(&d, "Nobody expected").as_deref(), Some("Lavrov"));
}

#[test]
fn russian_dash_sign_offs_verbs_and_pronouns() {
    // SPEC §3's `, — concluded Putin` as Russian writes it, in each gender and number.
    let d = doc(
        "«Мы не вмешивались в выборы в других странах», — заявил Путин журналистам.\n\n\
         «Санкции против нас совсем не работают», — отметила Захарова.\n\n\
         «Это давление не сработает никогда и ни за что», — сказала она позже.\n\n\
         «Переговоры продолжатся на следующей неделе», — добавил Лавров.\n\n\
         Он сказал: «Встреча состоится в июне этого года».\n\n\
         «Диалог с Вашингтоном по-прежнему возможен», — отметил министр Сергей Шойгу.",
    );
    assert_eq!(speaker_of(&d, "не вмешивались").as_deref(), Some("Путин"));
    assert_eq!(speaker_of(&d, "Санкции против").as_deref(), Some("Захарова"));
    assert_eq!(
        speaker_of(&d, "давление не").as_deref(),
        Some("Захарова"),
        "она: the person named last"
    );
    // `Он` opening a sentence is a pronoun, not a speaker called Он.
    assert_eq!(speaker_of(&d, "Переговоры").as_deref(), Some("Лавров"));
    assert_eq!(speaker_of(&d, "Встреча состоится").as_deref(), Some("Лавров"));
    assert!(d.speakers.iter().all(|s| s.name != "Он"));
    // A role before the name, with no article in Russian.
    assert_eq!(speaker_of(&d, "Диалог").as_deref(), Some("Сергей Шойгу"));
}

#[test]
fn french_and_spanish_reporting_verbs_and_pronouns() {
    let d = doc(
        "« Nous ne céderons jamais sur ce point », a déclaré Emmanuel Macron.\n\n\
         « La réforme est nécessaire pour le pays », affirme Bruno Le Maire.\n\n\
         Il a ajouté : « Nous avons le temps de bien faire les choses. »\n\n\
         «Las negociaciones seguirán la próxima semana», dijo Sánchez.\n\n\
         «No vamos a subir los impuestos este año», añadió Calviño.\n\n\
         Ella ha dicho que «la economía crece más de lo esperado».\n\n\
         Ella Fitzgerald said, “I never sing a song the same way twice.”\n\n\
         «El diálogo sigue abierto para todos», dijo el presidente Pedro Sánchez.\n\n\
         « Le budget sera voté en décembre », a précisé le ministre Bruno Le Maire.",
    );
    assert_eq!(speaker_of(&d, "céderons").as_deref(), Some("Emmanuel Macron"));
    assert_eq!(speaker_of(&d, "La réforme").as_deref(), Some("Bruno Le Maire"));
    assert_eq!(
        speaker_of(&d, "le temps").as_deref(),
        Some("Bruno Le Maire"),
        "il: named last"
    );
    // Sánchez and, later, Pedro Sánchez are one speaker (SPEC §3), named in full.
    assert_eq!(speaker_of(&d, "negociaciones").as_deref(), Some("Pedro Sánchez"));
    assert_eq!(speaker_of(&d, "impuestos").as_deref(), Some("Calviño"));
    assert_eq!(
        speaker_of(&d, "economía").as_deref(),
        Some("Calviño"),
        "Ella before a Spanish verb"
    );
    // Before an English verb, Ella is a name.
    assert_eq!(speaker_of(&d, "never sing").as_deref(), Some("Ella Fitzgerald"));
    // A role with its article before the name.
    assert_eq!(speaker_of(&d, "diálogo").as_deref(), Some("Pedro Sánchez"));
    assert_eq!(speaker_of(&d, "budget sera").as_deref(), Some("Bruno Le Maire"));
    assert!(d.speakers.iter().all(|s| s.name != "Il" && s.name != "Ella"));
}

#[test]
fn rule_1_sign_off_line_under_a_pull_quote() {
    let d = doc("“Quality matters more than speed in this work.”\n\n- Jane Doe, Director of Research");
    assert_eq!(speaker_of(&d, "Quality").as_deref(), Some("Jane Doe"));
}

#[test]
fn rule_2_reporting_verb_and_name_in_the_sentence() {
    let d = doc(
        "Merkel said that “the talks were long and hard for everyone.”\n\n\
         “It is a good day for all of us,” says Jane Doe, Director of X.\n\n\
         According to Smith, “nothing was decided at the meeting today.”",
    );
    assert_eq!(speaker_of(&d, "talks were").as_deref(), Some("Merkel"));
    assert_eq!(speaker_of(&d, "good day").as_deref(), Some("Jane Doe"));
    assert_eq!(speaker_of(&d, "nothing was decided").as_deref(), Some("Smith"));
}

#[test]
fn rule_3_pronouns_and_roles_mean_the_person_last_named() {
    let d = doc("Putin spoke first, and Putin said much.\n\n\
         “These people ought not to create an enemy image,” he said.\n\n\
         “Relations are merely a tool of struggle,” said the President.");
    assert_eq!(speaker_of(&d, "enemy image").as_deref(), Some("Putin"));
    assert_eq!(speaker_of(&d, "merely a tool").as_deref(), Some("Putin"));
}

#[test]
fn rule_4_a_paragraph_ending_in_a_colon_introduces_the_next() {
    let d = doc(
        "Obama said a lot, then Kerry rejected the claims:\n\n“We never did anything of the kind there.”",
    );
    assert_eq!(speaker_of(&d, "never did").as_deref(), Some("Kerry"));
}

#[test]
fn rule_5_a_standalone_quote_belongs_to_the_person_last_named() {
    let d = doc(
        "Stone asked Merkel about the future of Europe today.\n\n“Europe will stay united whatever happens next.”",
    );
    assert_eq!(speaker_of(&d, "Europe will stay").as_deref(), Some("Merkel"));
}

#[test]
fn a_quote_with_no_evidence_is_unattributed() {
    let d = doc("The film is called “A Day in the Life of Everyone” and it is long.");
    assert_eq!(speaker_of(&d, "A Day in"), None);
}

#[test]
fn a_full_name_and_the_surname_are_one_speaker() {
    let d = doc(
        "“We build bridges between communities,” says Jai Chakrabarti.\n\n\
         “It took us ten long years to get here,” Chakrabarti said.",
    );
    assert_eq!(d.speakers.len(), 1, "{:?}", d.speakers);
    assert_eq!(speaker_of(&d, "bridges"), speaker_of(&d, "ten long years"));
}

#[test]
fn quote_kinds_follow_length() {
    let d = doc("He called it “meddling” and said “we were not engaged in hacking at all.”");
    let kinds: Vec<QuoteKind> = d.quotes.iter().map(|q| q.kind).collect();
    assert_eq!(kinds, [QuoteKind::Phrase, QuoteKind::Statement]);
}

#[test]
fn every_quote_lies_inside_its_paragraphs() {
    let d = common::bundled();
    for q in &d.quotes {
        let first = &d.paragraphs[q.paragraph()];
        let last = &d.paragraphs[q.last_paragraph()];
        assert!(first.span.start() <= q.outer.start() && q.outer.end() <= last.span.end());
        assert!(q.outer.start() <= q.inner.start() && q.inner.end() <= q.outer.end());
    }
}

#[test]
fn a_title_before_the_name_in_the_inverted_order() {
    let d = doc("“We cannot fund the agency this year,” answered Mr. Brennan.\n\n\
         “That is not what the committee heard,” said Senator Holloway.\n\n\
         “The data do not support that reading at all.” — Dr. Fauci.");
    assert_eq!(speaker_of(&d, "fund the agency").as_deref(), Some("Brennan"));
    assert_eq!(speaker_of(&d, "committee heard").as_deref(), Some("Holloway"));
    assert_eq!(speaker_of(&d, "data do not").as_deref(), Some("Fauci"));
}

#[test]
fn whom_it_was_told_to_stands_between_the_verb_and_the_speaker() {
    let d = doc(
        "Brennan opened the session with a long statement on the budget.\n\n\
         “We will look at the budget again next week,” told us Chairman Ortega.\n\n\
         “Nobody here has read the report yet,” Lindqvist told us.",
    );
    assert_eq!(speaker_of(&d, "budget again").as_deref(), Some("Ortega"));
    assert_eq!(speaker_of(&d, "read the report").as_deref(), Some("Lindqvist"));
}

#[test]
fn a_capitalised_the_opens_a_name_and_meets_its_label() {
    let d = doc(
        "“The money never reached the agency at all,” said The Witness.\n\n\
         According to The New York Times, “the hearing will go on until Friday.”",
    );
    assert_eq!(speaker_of(&d, "never reached").as_deref(), Some("The Witness"));
    assert_eq!(
        speaker_of(&d, "go on until").as_deref(),
        Some("The New York Times")
    );
    // In a hearing, the name the text gives is the speaker its label names.
    let hearing = parse(
        "Hearing\n\nTHE WITNESS: I was there.\n\nCHAIRMAN ORTEGA: Thank you.\n\n\
         THE WITNESS: Of course.\n\nCHAIRMAN ORTEGA: Let us begin.\n\n\
         “I never saw the money at all, not once,” said The Witness.\n",
        InputFormat::Auto,
    );
    let statement = hearing
        .quotes
        .iter()
        .find(|q| q.kind != QuoteKind::Turn && hearing.quote_text(q).contains("never saw"))
        .expect("the statement inside the chairman's turn");
    assert_eq!(hearing.speaker_name(statement), Some("THE WITNESS"));
}

#[test]
fn i_in_a_turn_is_whoever_is_speaking() {
    let hearing = parse(
        "Hearing\n\nSMITH: Good morning.\n\nJONES: Good morning to you.\n\n\
         SMITH: I told them, “we will not sign this budget at all.”\n\n\
         And later I said again: “there is no money left for it.”\n\n\
         JONES: “The money is gone for good now,” I was told by the clerk.\n\n\
         ## Notes\n\nI said “this part has no speaker at all.”\n",
        InputFormat::Auto,
    );
    let statement = |needle: &str| {
        let q = hearing
            .quotes
            .iter()
            .find(|q| q.kind != QuoteKind::Turn && hearing.quote_text(q).contains(needle))
            .unwrap_or_else(|| panic!("{needle}"));
        hearing.speaker_name(q).map(str::to_string)
    };
    assert_eq!(statement("will not sign").as_deref(), Some("SMITH"));
    // The turn runs on over the paragraph after its label.
    assert_eq!(statement("no money left").as_deref(), Some("SMITH"));
    // `I was told`: whoever told it, not the one speaking.
    assert_ne!(statement("money is gone").as_deref(), Some("JONES"));
    // A turn ends with its section.
    assert_eq!(statement("no speaker at all"), None);
    // In an article, `I` is the writer: nobody the text names.
    let article = doc("I told him, “we will not sign this budget at all.”");
    assert_eq!(speaker_of(&article, "will not sign"), None);
}

#[test]
fn the_role_a_label_names_is_that_speaker() {
    let briefing = parse(
        "Press Briefing\n\nTHE PRESIDENT: Good afternoon.\n\nMS. JEAN-PIERRE: Thank you.\n\n\
         THE PRESIDENT: Thank you all.\n\nMS. JEAN-PIERRE: Senator Holloway called this morning. \
         As the President said, “we will not sign this budget as it stands.”\n",
        InputFormat::Auto,
    );
    let q = briefing
        .quotes
        .iter()
        .find(|q| q.kind != QuoteKind::Turn)
        .expect("the quote in the briefing");
    // Not Holloway, the person named last, as a role means in an article (rule 3).
    assert_eq!(briefing.speaker_name(q), Some("THE PRESIDENT"));
    // A label's title of office, when only one speaker holds it.
    let hearing = |labels: &str| {
        parse(
            &format!(
                "Hearing\n\n{labels}\n\nTHE WITNESS: Thank you.\n\nTHE WITNESS: Of course.\n\n\
                 THE WITNESS: Senator Holloway called me. “We will decide it later today,” the chairman said.\n"
            ),
            InputFormat::Auto,
        )
    };
    let statement = |doc: &Document| {
        let q = doc
            .quotes
            .iter()
            .find(|q| q.kind != QuoteKind::Turn)
            .expect("a quote");
        doc.speaker_name(q).map(str::to_string)
    };
    let one = hearing("CHAIRMAN ORTEGA: The committee will come to order.");
    assert_eq!(statement(&one).as_deref(), Some("CHAIRMAN ORTEGA"));
    let two = hearing("CHAIRMAN ORTEGA: Order.\n\nCHAIRMAN BRENNAN: Yes.");
    assert_ne!(statement(&two).as_deref(), Some("CHAIRMAN ORTEGA"));
    assert_ne!(statement(&two).as_deref(), Some("CHAIRMAN BRENNAN"));
    // Without such a label, the role keeps meaning the person named last.
    let article = doc("Putin spoke first, and Putin said much.\n\n\
         As the President said, “we will not sign this budget as it stands.”");
    assert_eq!(speaker_of(&article, "will not sign").as_deref(), Some("Putin"));
}
