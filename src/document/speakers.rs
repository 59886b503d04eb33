//! Who is who: one speaker per person however the text names them (SPEC §3).

use crate::document::hash::WordMap;

use crate::document::model::Speaker;

/// Collects speakers and the forms of their names, then picks each one's canonical name.
#[derive(Debug, Default)]
pub struct Registry {
    speakers: Vec<Speaker>,
    /// How often each form of each speaker's name was used.
    form_counts: Vec<WordMap<String, usize>>,
    /// How often each transcript label named each speaker: a labelled speaker is called
    /// as the labels call them, however often the narrative says only a surname.
    label_counts: Vec<WordMap<String, usize>>,
    /// Each name and alias, by [`key`], to the first speaker it names: `find` stays
    /// constant-time on hearings with thousands of names.
    by_key: WordMap<String, usize>,
    /// Speakers by [`surname`], in the order they were added.
    by_surname: WordMap<String, Vec<usize>>,
    /// Whether each speaker's first form is a single word (a surname alone).
    single: Vec<bool>,
}

/// Titles of office a label may open with (`CHAIRMAN ORTEGA:`), which `the chairman` means.
const TITLES_OF_OFFICE: &[&str] = &[
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "secretary",
    "ambassador",
    "governor",
    "mayor",
    "judge",
    "director",
    "commissioner",
    "moderator",
    "speaker",
];

/// A name reduced for comparison: lower case, no dots or spaces around initials.
fn key(name: &str) -> String {
    // Asked for every mention of a known person: a plain ASCII name is lower-cased in one go.
    let plain = name.is_ascii()
        && !name.starts_with(' ')
        && !name.ends_with(' ')
        && !name.contains("  ")
        && !name
            .bytes()
            .any(|b| (b.is_ascii_whitespace() && b != b' ') || b == 0x0B);
    if plain {
        return name.to_ascii_lowercase();
    }
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One more use of `name` in `counts` (a name already counted allocates nothing).
fn count(counts: &mut WordMap<String, usize>, name: &str) {
    match counts.get_mut(name) {
        Some(n) => *n += 1,
        None => {
            counts.insert(name.to_string(), 1);
        }
    }
}

/// The family name: the last word, after any initials glued on with a dot (`В.Путин`).
fn surname(name: &str) -> String {
    let last = name.split_whitespace().last().unwrap_or("");
    last.rsplit('.').next().unwrap_or(last).to_lowercase()
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Start from speakers already known (front matter or a topics file).
    pub fn with_known(known: &[(String, Vec<String>)]) -> Self {
        let mut reg = Registry::new();
        for (name, aliases) in known {
            let id = reg.add(name);
            for alias in aliases {
                reg.by_key.entry(key(alias)).or_insert(id);
            }
            reg.speakers[id].aliases.extend(aliases.iter().cloned());
            *reg.form_counts[id].entry(name.clone()).or_default() += 1000;
        }
        reg
    }

    fn add(&mut self, name: &str) -> usize {
        let id = self.speakers.len();
        let k = key(name);
        self.single.push(!k.contains(' ') && !name.contains('.'));
        self.by_key.entry(k).or_insert(id);
        self.by_surname.entry(surname(name)).or_default().push(id);
        self.speakers.push(Speaker {
            name: name.to_string(),
            aliases: Vec::new(),
            quotes: 0,
        });
        self.form_counts.push(WordMap::default());
        self.label_counts.push(WordMap::default());
        self.speakers.len() - 1
    }

    /// The speaker `name` already names, if any: the same name or alias, or the same surname
    /// where one of the two is the surname alone (`Chakrabarti` and `Jai Chakrabarti`).
    pub fn find(&self, name: &str) -> Option<usize> {
        // Asked for every mention of a known person, nearly always one plain word: its key
        // and its surname are then both the word in lower case, made without allocating.
        let mut buf = [0u8; 64];
        if let Some(lower) = buf.get_mut(..name.len())
            && name.is_ascii()
            && !name
                .bytes()
                .any(|b| b == b'.' || b.is_ascii_whitespace() || b == 0x0B)
        {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).ok()?;
            if let Some(&id) = self.by_key.get(lower) {
                return Some(id);
            }
            if lower.is_empty() {
                return None;
            }
            return self.by_surname.get(lower)?.last().copied();
        }
        self.find_by_key(name)
    }

    /// [`Registry::find`] for any name.
    fn find_by_key(&self, name: &str) -> Option<usize> {
        let k = key(name);
        if let Some(&id) = self.by_key.get(&k) {
            return Some(id);
        }
        let sur = surname(name);
        if sur.is_empty() {
            return None;
        }
        let single = !k.contains(' ') && !k.contains('.');
        let same_surname = self.by_surname.get(&sur)?;
        same_surname
            .iter()
            .rev()
            .copied()
            .find(|&id| single || self.single[id])
    }

    /// How many speakers there are so far. What [`Registry::find`] answers changes only
    /// when this does: names and surnames are filed as speakers are added.
    /// The roles names give, as lower-case nouns with the name that holds each: `THE
    /// WITNESS` gives `witness`; `CHAIRMAN ORTEGA` gives `chairman` when no other name
    /// opens with that title (of `TITLES_OF_OFFICE`). How a transcript's labels name roles.
    pub fn titled_roles(&self) -> Vec<(String, String)> {
        // `THE WITNESS`: the role is the name.
        let mut roles: WordMap<String, String> = self
            .by_key
            .keys()
            .filter_map(|key| {
                let noun = key.strip_prefix("the ")?;
                (!noun.is_empty() && !noun.contains(' ')).then(|| (noun.to_string(), key.clone()))
            })
            .collect();
        // `CHAIRMAN ORTEGA`: the title, when no other speaker holds it.
        let mut holders: WordMap<&str, Option<(&str, usize)>> = WordMap::default();
        for (key, &id) in &self.by_key {
            let Some((title, _)) = key.split_once(' ') else {
                continue;
            };
            if !TITLES_OF_OFFICE.contains(&title) {
                continue;
            }
            let holder = holders.entry(title).or_insert(Some((key.as_str(), id)));
            if holder.is_some_and(|(_, held_by)| held_by != id) {
                *holder = None;
            }
        }
        for (title, holder) in holders {
            if let Some((key, _)) = holder {
                roles.entry(title.to_string()).or_insert_with(|| key.to_string());
            }
        }
        roles.into_iter().collect()
    }

    /// The name speaker `id` was first given (its canonical name is chosen at the end).
    pub fn name_of(&self, id: usize) -> Option<&str> {
        self.speakers.get(id).map(|s| s.name.as_str())
    }

    pub fn speaker_count(&self) -> usize {
        self.speakers.len()
    }

    /// The speaker `name` names, created if new; the form is counted for the canonical name.
    pub fn intern(&mut self, name: &str) -> usize {
        let id = self.find(name).unwrap_or_else(|| self.add(name));
        self.count_form(id, name);
        id
    }

    /// Count one more use of `name` for speaker `id` (a form already known allocates nothing).
    pub fn count_form(&mut self, id: usize, name: &str) {
        if let Some(counts) = self.form_counts.get_mut(id) {
            count(counts, name);
        }
    }

    /// The speaker a transcript label names, created if new; the label's form is counted.
    pub fn intern_label(&mut self, name: &str) -> usize {
        let id = self.intern(name);
        self.count_label(id, name);
        id
    }

    /// Count one more label naming speaker `id` as `name`.
    pub fn count_label(&mut self, id: usize, name: &str) {
        if let Some(counts) = self.label_counts.get_mut(id) {
            count(counts, name);
        }
    }

    /// Count `uses` more labels naming speaker `id` as `name`, each a use of the form too.
    pub fn count_label_uses(&mut self, id: usize, name: &str, uses: usize) {
        if uses == 0 {
            return;
        }
        for counts in [self.form_counts.get_mut(id), self.label_counts.get_mut(id)]
            .into_iter()
            .flatten()
        {
            match counts.get_mut(name) {
                Some(n) => *n += uses,
                None => {
                    counts.insert(name.to_string(), uses);
                }
            }
        }
    }

    /// Speakers with their canonical names: the form used most (the longer on a tie), the
    /// other forms kept as aliases.
    pub fn finish(mut self) -> Vec<Speaker> {
        for ((speaker, counts), labels) in self
            .speakers
            .iter_mut()
            .zip(&self.form_counts)
            .zip(&self.label_counts)
        {
            let by_use = |counts: &WordMap<String, usize>| {
                let mut forms: Vec<(&String, &usize)> = counts.iter().collect();
                forms.sort_by(|a, b| b.1.cmp(a.1).then(b.0.len().cmp(&a.0.len())).then(a.0.cmp(b.0)));
                forms.into_iter().map(|(f, _)| f.clone()).collect::<Vec<String>>()
            };
            let forms = by_use(counts);
            if let Some(best) = by_use(labels).first().or(forms.first()) {
                speaker.name = best.clone();
            }
            for form in forms {
                if key(&form) != key(&speaker.name) && !speaker.aliases.iter().any(|a| key(a) == key(&form)) {
                    speaker.aliases.push(form);
                }
            }
        }
        self.speakers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn finding_a_plain_word_is_finding_it_by_key(
            word in "smith|Smith|putin|PUTIN|Putin|doe|Doe|fauci|FAUCI|Smith-Jones|O'Brien|o'brien|jane|Jane|[A-Za-z'\\-]{0,8}|[a-z]{1,5}\\.[A-Z][a-z]{1,5}"
        ) {
            let mut reg = Registry::new();
            for name in ["Vladimir Putin", "Putin", "Anna Smith", "John Smith", "Jane Doe", "DR. FAUCI", "В.Путин", "o'brien", "Smith-Jones"] {
                reg.intern(name);
            }
            proptest::prop_assert_eq!(reg.find(&word), reg.find_by_key(&word));
        }
    }

    #[test]
    fn a_full_name_and_the_surname_alone_are_one_speaker() {
        let mut r = Registry::new();
        let a = r.intern("Jai Chakrabarti");
        let b = r.intern("Chakrabarti");
        let c = r.intern("Chakrabarti");
        assert_eq!((a, b), (b, c));
        let speakers = r.finish();
        assert_eq!(speakers.len(), 1);
        assert_eq!(speakers[0].name, "Chakrabarti");
        assert_eq!(speakers[0].aliases, ["Jai Chakrabarti"]);
    }

    #[test]
    fn different_people_with_different_names_stay_apart() {
        let mut r = Registry::new();
        assert_ne!(r.intern("Putin"), r.intern("Stone"));
    }

    #[test]
    fn cyrillic_initials_and_an_english_name_stay_distinct() {
        let mut r = Registry::new();
        assert_ne!(r.intern("В.Путин"), r.intern("Vladimir Putin"));
    }
}
