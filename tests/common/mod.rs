//! Helpers shared by the integration tests.
#![allow(dead_code)]

use interview_reader::document::{self, Document, InputFormat, Lexicon};

pub const BUNDLED: &str = include_str!("../../assets/stone-putin-interview-episode4.txt");

/// Parse text as the program would with the bundled lexicon.
pub fn parse(text: &str, format: InputFormat) -> Document {
    document::parse(text.to_string(), format, &Lexicon::bundled())
}

pub fn bundled() -> Document {
    parse(BUNDLED, InputFormat::Auto)
}

/// (speaker, text) of every quote of a kind.
pub fn statements(doc: &Document) -> Vec<(Option<String>, String)> {
    doc.quotes
        .iter()
        .filter(|q| q.kind == document::QuoteKind::Statement)
        .map(|q| {
            (
                doc.speaker_name(q).map(str::to_string),
                doc.quote_text(q).to_string(),
            )
        })
        .collect()
}
