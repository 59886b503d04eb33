//! Search over the whole text: case-insensitive, curly and straight quotes alike.

use regex::{Regex, RegexBuilder};

use crate::document::Span;
use crate::document::filter::fold_char;

/// Most matches kept; past this the count shows as "N+" (the screen stays responsive).
pub const MAX_MATCHES: usize = 100_000;

/// The search being typed or kept.
#[derive(Debug, Default, Clone)]
pub struct Search {
    /// What was typed.
    pub query: String,
    /// Where it matches, in reading order.
    pub matches: Vec<Span>,
    /// More matches exist than were kept.
    pub truncated: bool,
    /// The match last jumped to.
    pub current: Option<usize>,
}

impl Search {
    /// Find every match of `query` in `text`.
    pub fn run(query: &str, text: &str) -> Search {
        let mut search = Search {
            query: query.to_string(),
            ..Search::default()
        };
        let Some(re) = pattern(query) else {
            return search;
        };
        for m in re.find_iter(text) {
            if search.matches.len() == MAX_MATCHES {
                search.truncated = true;
                break;
            }
            search.matches.push(Span::new(m.start(), m.end()));
        }
        search
    }

    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }

    /// The first match at or after byte `offset`, wrapping to the first.
    pub fn next_from(&self, offset: usize) -> Option<usize> {
        if self.matches.is_empty() {
            return None;
        }
        let i = self.matches.partition_point(|m| m.start() < offset);
        Some(if i == self.matches.len() { 0 } else { i })
    }

    /// The last match before byte `offset`, wrapping to the last.
    pub fn prev_from(&self, offset: usize) -> Option<usize> {
        if self.matches.is_empty() {
            return None;
        }
        let i = self.matches.partition_point(|m| m.start() < offset);
        Some(if i == 0 { self.matches.len() - 1 } else { i - 1 })
    }
}

/// A regex for `query`: each quote mark matches every quote mark of its kind.
fn pattern(query: &str) -> Option<Regex> {
    if query.is_empty() {
        return None;
    }
    let mut src = String::new();
    for c in query.chars() {
        match fold_char(c) {
            '"' => src.push_str("[\"“”„«»‟]"),
            '\'' => src.push_str("['‘’‚‛]"),
            c => src.push_str(&regex::escape(&c.to_string())),
        }
    }
    RegexBuilder::new(&src).case_insensitive(true).build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ignores_case_and_quote_shapes() {
        let s = Search::run("\"there is", "“There is hope” and “there is”");
        assert_eq!(s.matches.len(), 2);
        let s = Search::run("doesn't", "that doesn’t mean");
        assert_eq!(s.matches.len(), 1);
    }

    #[test]
    fn next_and_previous_wrap_around() {
        let s = Search::run("a", "a.a.a");
        assert_eq!(s.next_from(1), Some(1));
        assert_eq!(s.next_from(5), Some(0));
        assert_eq!(s.prev_from(0), Some(2));
    }
}
