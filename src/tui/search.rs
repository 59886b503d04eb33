//! Search over the whole text: case-insensitive, curly and straight quotes alike.

use regex::{Regex, RegexBuilder};

use crate::document::Span;
use crate::document::filter::fold_char;

/// Most matches kept at once; past this the count shows as "N+" and `n`/`N` move the kept
/// stretch along the text (the screen stays responsive on a word a 100 MB text is full of).
pub const MAX_MATCHES: usize = 100_000;

/// The search being typed or kept.
#[derive(Debug, Clone)]
pub struct Search {
    /// What was typed.
    pub query: String,
    /// The matches kept: consecutive matches in reading order, at most `limit` of them.
    pub matches: Vec<Span>,
    /// How many matches come before the first one kept.
    pub before: usize,
    /// More matches come after the last one kept.
    pub truncated: bool,
    /// How many matches there are in all, once the kept ones have reached the last of them.
    pub total: Option<usize>,
    /// The match last jumped to (an index into `matches`).
    pub current: Option<usize>,
    /// Most matches kept.
    limit: usize,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            query: String::new(),
            matches: Vec::new(),
            before: 0,
            truncated: false,
            total: None,
            current: None,
            limit: MAX_MATCHES,
        }
    }
}

impl Search {
    /// Find the matches of `query` in `text`, from the start.
    pub fn run(query: &str, text: &str) -> Search {
        Search::run_keeping(query, text, MAX_MATCHES)
    }

    /// [`Search::run`], keeping at most `limit` matches at once.
    fn run_keeping(query: &str, text: &str, limit: usize) -> Search {
        let mut search = Search {
            query: query.to_string(),
            limit: limit.max(1),
            ..Search::default()
        };
        search.keep_from(text, 0, 0, 0);
        search
    }

    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }

    /// Keep the matches that start at or after byte `from`, reading on from byte `resume` (where
    /// a match ended, or 0) with `before` matches counted before it.
    fn keep_from(&mut self, text: &str, resume: usize, mut before: usize, from: usize) {
        self.matches.clear();
        self.truncated = false;
        self.current = None;
        let Some(re) = pattern(&self.query) else {
            self.before = 0;
            return;
        };
        for m in re.find_iter(&text[resume.min(text.len())..]) {
            let at = Span::new(resume + m.start(), resume + m.end());
            if at.start() < from {
                before += 1;
                continue;
            }
            if self.matches.len() == self.limit {
                self.truncated = true;
                break;
            }
            self.matches.push(at);
        }
        self.before = before;
        self.note_total();
    }

    /// Once the kept matches reach the last one, how many there are is known.
    fn note_total(&mut self) {
        if !self.truncated {
            self.total = Some(self.before + self.matches.len());
        }
    }

    /// How many matches there are, as far as is known, and whether there may be more.
    pub fn count(&self) -> (usize, bool) {
        match self.total {
            Some(total) => (total, false),
            None => (self.before + self.matches.len(), self.truncated),
        }
    }

    /// Keep the last matches that start before byte `until` (all of the text's if `None`).
    fn keep_until(&mut self, text: &str, until: Option<usize>) {
        self.current = None;
        let Some(re) = pattern(&self.query) else {
            return;
        };
        let mut kept = std::collections::VecDeque::new();
        let mut total = 0;
        self.truncated = false;
        for m in re.find_iter(text) {
            if until.is_some_and(|u| m.start() >= u) {
                self.truncated = true;
                break;
            }
            total += 1;
            if kept.len() == self.limit {
                kept.pop_front();
            }
            kept.push_back(Span::new(m.start(), m.end()));
        }
        self.before = total - kept.len();
        self.matches = kept.into();
        self.note_total();
    }

    /// The first match at or after byte `offset` (wrapping to the first of all), moving the
    /// kept matches along when it is not among them.
    pub fn next_from(&mut self, text: &str, offset: usize) -> Option<usize> {
        let i = self.matches.partition_point(|m| m.start() < offset);
        if i < self.matches.len() && (i > 0 || self.before == 0) {
            return Some(i);
        }
        if i == 0 && self.before > 0 {
            // The first match from `offset` may come before the kept ones.
            self.keep_from(text, 0, 0, offset);
            if self.matches.is_empty() {
                self.keep_from(text, 0, 0, 0);
            }
            return (!self.matches.is_empty()).then_some(0);
        }
        match self.matches.last() {
            Some(&last) if self.truncated => {
                let before = self.before + self.matches.len();
                self.keep_from(text, last.end(), before, offset);
                if self.matches.is_empty() {
                    self.keep_from(text, 0, 0, 0);
                }
            }
            _ if self.before > 0 => self.keep_from(text, 0, 0, 0),
            _ => {}
        }
        (!self.matches.is_empty()).then_some(0)
    }

    /// The last match before byte `offset` (wrapping to the last of all), moving the kept
    /// matches along when it is not among them.
    pub fn prev_from(&mut self, text: &str, offset: usize) -> Option<usize> {
        let i = self.matches.partition_point(|m| m.start() < offset);
        if i > 0 && (i < self.matches.len() || !self.truncated) {
            return Some(i - 1);
        }
        if i > 0 {
            // The last match before `offset` may come after the kept ones.
            self.keep_until(text, Some(offset));
            return self.matches.len().checked_sub(1);
        }
        if self.before > 0 {
            self.keep_until(text, Some(offset));
        }
        if self.matches.is_empty() || (self.before == 0 && self.matches[0].start() >= offset) {
            // Nothing before `offset`: the last match of all.
            if self.truncated || self.before > 0 {
                self.keep_until(text, None);
            }
        }
        self.matches.len().checked_sub(1)
    }

    /// The 1-based number of kept match `i` among all matches.
    pub fn number_of(&self, i: usize) -> usize {
        self.before + i + 1
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
        let text = "a.a.a";
        let mut s = Search::run("a", text);
        assert_eq!(s.next_from(text, 1), Some(1));
        assert_eq!(s.next_from(text, 5), Some(0));
        assert_eq!(s.prev_from(text, 0), Some(2));
    }

    /// Where each step lands, as (match number among all, byte offset).
    fn landing(s: &Search, i: Option<usize>) -> Option<(usize, usize)> {
        i.map(|i| (s.number_of(i), s.matches[i].start()))
    }

    proptest::proptest! {
        /// With only a few matches kept at once, stepping forward and back from anywhere
        /// lands where it would with every match kept.
        #[test]
        fn steps_land_where_they_would_with_every_match_kept(
            text in "(ab|a|b| |aa){0,40}",
            query in "(a|ab|aa|b)",
            limit in 1usize..4,
            steps in proptest::collection::vec((0usize..100, proptest::bool::ANY), 1..12),
        ) {
            let mut all = Search::run_keeping(&query, &text, usize::MAX);
            let mut few = Search::run_keeping(&query, &text, limit);
            for (offset, forward) in steps {
                let offset = offset.min(text.len());
                let (a, b) = if forward {
                    (all.next_from(&text, offset), few.next_from(&text, offset))
                } else {
                    (all.prev_from(&text, offset), few.prev_from(&text, offset))
                };
                proptest::prop_assert_eq!(landing(&few, b), landing(&all, a), "offset {} forward {}", offset, forward);
                proptest::prop_assert!(few.matches.len() <= limit);
                // The count shown: exact once known, else a lower bound with a `+`.
                let (n, more) = few.count();
                if more {
                    proptest::prop_assert!(n < all.matches.len());
                } else {
                    proptest::prop_assert_eq!(n, all.matches.len());
                }
            }
        }
    }
}
