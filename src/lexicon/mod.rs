//! **lexicon**: what crosscheck knows about words, kept as data.
//!
//! - Word lists, one concept a file under `data/lexicon/` (a header of `#`
//!   lines says what the list is and where it comes from; then one word or
//!   phrase a line): [`WordSet`] reads them. A list of stems is written as
//!   words and stemmed when it is read ([`WordSet::stems`]), so no stem is
//!   typed by hand.
//! - WordNet 3.0 ([`wordnet`]): parts of speech, lemmas and synonym classes.

pub mod wordnet;

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// A word list file, `data/lexicon/<name>`, read at compile time.
#[macro_export]
macro_rules! lexicon {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lexicon/", $name))
    };
}

/// Where a [`WordSet`]'s words come from.
enum Source {
    /// Words given in code (tests, tiny closed classes).
    Words(&'static [&'static str]),
    /// A word list file: its lines, `#` comments and blank lines left out.
    Data(&'static str),
    /// A word list file whose words are stemmed when read.
    Stems(&'static str),
}

/// A fixed list of words with constant-time membership (the hash set is
/// built on first use). The extractors test every token against lists of
/// cue words, titles and connectors; a linear scan of each list was a
/// visible share of the pipeline.
pub struct WordSet {
    source: Source,
    /// The words as a set, and the length of the longest (longer words are
    /// out without a lookup).
    set: OnceLock<(FxHashSet<String>, usize)>,
}

impl WordSet {
    /// The set of `words`.
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet {
            source: Source::Words(words),
            set: OnceLock::new(),
        }
    }

    /// The words of a word list file (see [`lexicon!`](crate::lexicon)).
    pub const fn data(text: &'static str) -> Self {
        WordSet {
            source: Source::Data(text),
            set: OnceLock::new(),
        }
    }

    /// The stems of the words of a word list file: membership is asked of
    /// a stem ([`crate::normalize::Token::stem`]).
    pub const fn stems(text: &'static str) -> Self {
        WordSet {
            source: Source::Stems(text),
            set: OnceLock::new(),
        }
    }

    fn set(&self) -> &(FxHashSet<String>, usize) {
        self.set.get_or_init(|| {
            let words: FxHashSet<String> = match self.source {
                Source::Words(words) => words.iter().map(|w| w.to_string()).collect(),
                Source::Data(text) => entries(text).map(str::to_string).collect(),
                Source::Stems(text) => entries(text).map(crate::normalize::stem).collect(),
            };
            let longest = words.iter().map(String::len).max().unwrap_or(0);
            (words, longest)
        })
    }

    /// Whether `word` is one of the words.
    pub fn contains(&self, word: &str) -> bool {
        let (set, longest) = self.set();
        word.len() <= *longest && set.contains(word)
    }

    /// The words, sorted.
    pub fn sorted(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.set().0.iter().map(String::as_str).collect();
        words.sort_unstable();
        words
    }
}

/// The entries of a word list file: trimmed lines, without `#` comments
/// and blank lines.
pub fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

/// Groups of a grouped word list file: one group a line, its members
/// separated by `|` (`talks | negotiations | discussions`).
pub fn groups(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    entries(text).map(|l| l.split('|').map(str::trim).filter(|w| !w.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_list_files_have_a_header_and_no_repeats() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon");
        let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        assert!(!names.is_empty());
        for path in names {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.starts_with("# "), "{} has no header", path.display());
            let mut seen = std::collections::BTreeSet::new();
            for line in text
                .lines()
                .map(|l| l.split('#').next().unwrap().trim())
                .filter(|l| !l.is_empty())
            {
                assert!(seen.insert(line.to_string()), "{}: {line:?} twice", path.display());
                assert_eq!(line, line.to_lowercase(), "{}: {line:?} is not folded", path.display());
            }
        }
    }

    #[test]
    fn stems_are_stemmed_when_read() {
        static SET: WordSet = WordSet::stems("# test\ndenied\nrefusing\n");
        assert!(SET.contains("deni") && SET.contains("refus") && !SET.contains("denied"));
    }
}
