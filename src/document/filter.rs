//! Which quotes pass: the one rule shared by `quotes` on the command line and the reader.

use crate::document::model::{Document, Quote, QuoteKind, TopicSet};

/// How chosen topics combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopicMode {
    /// A quote passes with any chosen topic.
    #[default]
    Any,
    /// A quote passes only with every chosen topic.
    All,
}

/// A filter over quotes: topics, speakers, kinds and a search text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteFilter {
    /// Chosen topics; empty means no topic filter.
    pub topics: TopicSet,
    pub mode: TopicMode,
    /// Chosen speakers; `None` means everyone.
    pub speakers: Option<Vec<usize>>,
    /// Which kinds are shown.
    pub statements: bool,
    pub phrases: bool,
    pub turns: bool,
    /// Folded search text (see [`fold`]); empty means none.
    pub search: String,
}

impl Default for QuoteFilter {
    /// SPEC §3: quote views show statements and turns by default; phrases are one key away.
    fn default() -> Self {
        QuoteFilter {
            topics: TopicSet::default(),
            mode: TopicMode::Any,
            speakers: None,
            statements: true,
            phrases: false,
            turns: true,
            search: String::new(),
        }
    }
}

impl QuoteFilter {
    pub fn passes(&self, doc: &Document, q: &Quote) -> bool {
        self.kind_passes(q.kind)
            && self.topics_pass(q.topics)
            && self.speaker_passes(q.speaker())
            && self.search_passes(doc, q)
    }

    fn kind_passes(&self, kind: QuoteKind) -> bool {
        match kind {
            QuoteKind::Statement => self.statements,
            QuoteKind::Phrase => self.phrases,
            QuoteKind::Turn => self.turns,
        }
    }

    pub fn topics_pass(&self, topics: TopicSet) -> bool {
        if self.topics.is_empty() {
            return true;
        }
        match self.mode {
            TopicMode::Any => topics.0 & self.topics.0 != 0,
            TopicMode::All => topics.0 & self.topics.0 == self.topics.0,
        }
    }

    fn speaker_passes(&self, speaker: Option<usize>) -> bool {
        match &self.speakers {
            None => true,
            Some(chosen) => speaker.is_some_and(|s| chosen.contains(&s)),
        }
    }

    fn search_passes(&self, doc: &Document, q: &Quote) -> bool {
        self.search.is_empty() || fold(doc.quote_text(q)).contains(&self.search)
    }

    /// Whether any topic or speaker filter is active (what Esc clears).
    pub fn is_narrowed(&self) -> bool {
        !self.topics.is_empty() || self.speakers.is_some()
    }
}

/// Text folded for matching: lower case, and curly quotes and apostrophes made straight so
/// that `"` finds `“` and `'` finds `’`.
pub fn fold(s: &str) -> String {
    s.chars().flat_map(|c| fold_char(c).to_lowercase()).collect()
}

/// One character folded (before lower-casing).
pub fn fold_char(c: char) -> char {
    match c {
        '“' | '”' | '„' | '«' | '»' | '‟' => '"',
        '‘' | '’' | '‚' | '‛' => '\'',
        c => c,
    }
}

/// Speakers whose name or alias contains `needle`, case-insensitively.
pub fn speakers_matching(doc: &Document, needle: &str) -> Vec<usize> {
    let needle = needle.to_lowercase();
    doc.speakers
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            std::iter::once(&s.name)
                .chain(&s.aliases)
                .any(|n| n.to_lowercase().contains(&needle))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_and_straight_quotes_fold_alike() {
        assert_eq!(fold("“Don’t”"), fold("\"don't\""));
    }

    #[test]
    fn all_mode_needs_every_chosen_topic() {
        let mut f = QuoteFilter::default();
        f.topics.insert(0);
        f.topics.insert(1);
        let mut one = TopicSet::default();
        one.insert(0);
        assert!(f.topics_pass(one));
        f.mode = TopicMode::All;
        assert!(!f.topics_pass(one));
        one.insert(1);
        assert!(f.topics_pass(one));
    }
}
