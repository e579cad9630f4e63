//! WordNet 3.0, as the compact table `data/wordnet/lemmas.tsv` derived by
//! `data/wordnet/derive.py` (licence in `data/wordnet/LICENSE`).
//!
//! Three things are read from it:
//! - **parts of speech** of a lemma, with how often each was seen in
//!   WordNet's sense-tagged corpus ("attack" is a noun and a verb; as a
//!   verb it is tagged more often), for the tagger in `analyze::tag`;
//! - **lemmas** of inflected forms by WordNet's own `morphy` rules and
//!   exception lists ("struck" -> "strike", "deaths" -> "death");
//! - **classes**: ids of the synsets of a lemma's main senses, so that two
//!   words can be asked whether they may name the same thing or event
//!   ("quake" / "earthquake", "death" / "die", "hit" / "strike").

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const LEMMAS: &str = include_str!("../../data/wordnet/lemmas.tsv");
const EXCEPTIONS: &str = include_str!("../../data/wordnet/exceptions.tsv");

/// A part of speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    /// A noun.
    Noun,
    /// A verb.
    Verb,
    /// An adjective.
    Adj,
    /// An adverb.
    Adv,
}

impl Pos {
    fn index(self) -> usize {
        self as usize
    }
}

/// One lemma's entry.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Sense-tagged count per part of speech; `None` where the lemma has no
    /// sense of that part of speech.
    counts: [Option<u32>; 4],
    /// Where its classes are in [`WordNet::classes`].
    classes: (u32, u32),
    /// Whether its most frequent noun sense names something that happens.
    event: bool,
    /// Whether its most frequent noun sense is a measure (attribute,
    /// possession, quantity).
    measure: bool,
}

/// The WordNet table ([`wordnet`] gives the one instance).
pub struct WordNet {
    entries: FxHashMap<&'static str, Entry>,
    classes: Vec<u32>,
    /// Irregular forms per part of speech (noun, verb, adjective).
    exceptions: [FxHashMap<&'static str, &'static str>; 3],
}

/// What WordNet says of one folded word form, looked up once per thread
/// ([`WordNet::info`]): its lemma and that lemma's tagged count per part of
/// speech, and whether it is an irregular verb or noun form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordInfo {
    /// Lemma per part of speech (noun, verb, adjective, adverb).
    pub lemmas: [Option<&'static str>; 4],
    /// The tagged count of each lemma in its part of speech.
    pub counts: [u32; 4],
    /// Whether the form is an irregular verb form ("struck").
    pub irregular_verb: bool,
    /// Whether the form is an irregular noun form ("men").
    pub irregular_noun: bool,
}

impl WordInfo {
    /// The lemma as part of speech `pos`.
    pub fn lemma(&self, pos: Pos) -> Option<&'static str> {
        self.lemmas[pos.index()]
    }

    /// The tagged count of the lemma as `pos` (0 when none).
    pub fn count(&self, pos: Pos) -> u32 {
        self.counts[pos.index()]
    }

    /// Whether WordNet knows the form in any part of speech.
    pub fn is_word(&self) -> bool {
        self.lemmas.iter().any(Option::is_some)
    }
}

/// Word forms a thread keeps looked up before it starts over.
const INFO_CACHE: usize = 1 << 17;

thread_local! {
    static INFO: std::cell::RefCell<FxHashMap<Box<str>, WordInfo>> = std::cell::RefCell::new(FxHashMap::default());
}

/// The table, read on first use.
pub fn wordnet() -> &'static WordNet {
    static TABLE: OnceLock<WordNet> = OnceLock::new();
    TABLE.get_or_init(WordNet::load)
}

/// WordNet's `morphy` detachment rules: (suffix, replacement) per part of speech.
const NOUN_RULES: &[(&str, &str)] = &[
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
];
const VERB_RULES: &[(&str, &str)] = &[
    ("s", ""),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
];
const ADJ_RULES: &[(&str, &str)] = &[("er", ""), ("est", ""), ("er", "e"), ("est", "e")];

impl WordNet {
    fn load() -> Self {
        let mut entries = FxHashMap::default();
        let mut classes = Vec::new();
        for line in LEMMAS.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(lemma), Some(pos), ids, flag) = (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let mut counts = [None; 4];
            for part in pos.split(' ') {
                let (p, n) = part.split_at(1.min(part.len()));
                let slot = match p {
                    "n" => 0,
                    "v" => 1,
                    "a" => 2,
                    "r" => 3,
                    _ => continue,
                };
                counts[slot] = n.parse().ok();
            }
            let start = classes.len() as u32;
            classes.extend(ids.unwrap_or("").split(' ').filter_map(|c| c.parse::<u32>().ok()));
            entries.insert(
                lemma,
                Entry {
                    counts,
                    classes: (start, classes.len() as u32),
                    event: flag.is_some_and(|f| f.contains('e')),
                    measure: flag.is_some_and(|f| f.contains('m')),
                },
            );
        }
        let mut exceptions: [FxHashMap<&str, &str>; 3] = Default::default();
        for line in EXCEPTIONS.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            if let (Some(pos), Some(form), Some(lemma)) = (fields.next(), fields.next(), fields.next()) {
                let slot = match pos {
                    "n" => 0,
                    "v" => 1,
                    "a" => 2,
                    _ => continue,
                };
                exceptions[slot].entry(form).or_insert(lemma);
            }
        }
        WordNet {
            entries,
            classes,
            exceptions,
        }
    }

    /// What WordNet says of a folded word form, from this thread's cache.
    pub fn info(&self, word: &str) -> WordInfo {
        if let Some(info) = INFO.with(|c| c.borrow().get(word).copied()) {
            return info;
        }
        let mut info = WordInfo::default();
        for pos in [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv] {
            if let Some(lemma) = self.lemma(word, pos) {
                info.lemmas[pos.index()] = Some(lemma);
                info.counts[pos.index()] = self.count(lemma, pos).unwrap_or(0);
            }
        }
        info.irregular_verb = self.is_irregular(word, Pos::Verb);
        info.irregular_noun = self.is_irregular(word, Pos::Noun);
        INFO.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= INFO_CACHE {
                c.clear();
            }
            c.insert(word.into(), info);
        });
        info
    }

    /// Whether `lemma` has a sense of part of speech `pos`.
    pub fn has(&self, lemma: &str, pos: Pos) -> bool {
        self.count(lemma, pos).is_some()
    }

    /// How often `lemma` was tagged as `pos`; `None` when it has no such sense.
    pub fn count(&self, lemma: &str, pos: Pos) -> Option<u32> {
        self.entries.get(lemma).and_then(|e| e.counts[pos.index()])
    }

    /// The lemma of a folded word form as part of speech `pos` (WordNet's
    /// `morphy`: the exception lists, then the form itself, then the
    /// detachment rules), or `None` when WordNet has none.
    pub fn lemma(&self, word: &str, pos: Pos) -> Option<&'static str> {
        if pos != Pos::Adv {
            if let Some(lemma) = self.exceptions[pos.index()].get(word) {
                if self.has(lemma, pos) {
                    return self.entries.get_key_value(*lemma).map(|(k, _)| *k);
                }
            }
        }
        if let Some((k, e)) = self.entries.get_key_value(word) {
            if e.counts[pos.index()].is_some() {
                return Some(k);
            }
        }
        let rules = match pos {
            Pos::Noun => NOUN_RULES,
            Pos::Verb => VERB_RULES,
            Pos::Adj => ADJ_RULES,
            Pos::Adv => &[],
        };
        let mut buf = String::with_capacity(word.len() + 2);
        for (suffix, replacement) in rules {
            if let Some(base) = word.strip_suffix(suffix) {
                if base.len() < 2 {
                    continue;
                }
                buf.clear();
                buf.push_str(base);
                buf.push_str(replacement);
                if let Some((k, e)) = self.entries.get_key_value(buf.as_str()) {
                    if e.counts[pos.index()].is_some() {
                        return Some(k);
                    }
                }
            }
        }
        None
    }

    /// Whether the form is one of WordNet's irregular forms of `pos` ("struck").
    pub fn is_irregular(&self, word: &str, pos: Pos) -> bool {
        pos != Pos::Adv && self.exceptions[pos.index()].contains_key(word)
    }

    /// Whether a noun lemma's most frequent sense is an act, event,
    /// process, phenomenon or communication ("debate", "quake", "interview").
    pub fn is_event_noun(&self, lemma: &str) -> bool {
        self.entries.get(lemma).is_some_and(|e| e.event)
    }

    /// Whether a noun lemma's most frequent sense is a measure of something
    /// (an attribute, possession or quantity: "magnitude", "cost", "toll").
    pub fn is_measure_noun(&self, lemma: &str) -> bool {
        self.entries.get(lemma).is_some_and(|e| e.measure)
    }

    /// Whether a folded form is a word WordNet knows in any part of speech.
    pub fn is_word(&self, word: &str) -> bool {
        self.info(word).is_word()
    }

    /// The class ids of a lemma's main senses, sorted.
    pub fn classes(&self, lemma: &str) -> &[u32] {
        self.entries
            .get(lemma)
            .map_or(&[], |e| &self.classes[e.classes.0 as usize..e.classes.1 as usize])
    }

    /// Whether two lemmas share a class (or are equal).
    pub fn related(&self, a: &str, b: &str) -> bool {
        a == b || {
            let (x, y) = (self.classes(a), self.classes(b));
            x.iter().any(|c| y.contains(c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_by_morphy() {
        struct Case {
            word: &'static str,
            pos: Pos,
            want: Option<&'static str>,
        }
        const CASES: &[Case] = &[
            Case {
                word: "struck",
                pos: Pos::Verb,
                want: Some("strike"),
            },
            Case {
                word: "killed",
                pos: Pos::Verb,
                want: Some("kill"),
            },
            Case {
                word: "dying",
                pos: Pos::Verb,
                want: Some("die"),
            },
            Case {
                word: "deaths",
                pos: Pos::Noun,
                want: Some("death"),
            },
            Case {
                word: "men",
                pos: Pos::Noun,
                want: Some("man"),
            },
            Case {
                word: "injuries",
                pos: Pos::Noun,
                want: Some("injury"),
            },
            Case {
                word: "magnitude",
                pos: Pos::Verb,
                want: None,
            },
            Case {
                word: "xyzzy",
                pos: Pos::Noun,
                want: None,
            },
        ];
        let wn = wordnet();
        for case in CASES {
            assert_eq!(wn.lemma(case.word, case.pos), case.want, "{}", case.word);
        }
    }

    #[test]
    fn classes_relate_synonyms_and_derivations() {
        let wn = wordnet();
        assert!(wn.related("quake", "earthquake"));
        assert!(wn.related("death", "die"));
        assert!(wn.related("injury", "injure"));
        assert!(!wn.related("magnitude", "people"));
        assert!(wn.count("attack", Pos::Verb).is_some() && wn.count("attack", Pos::Noun).is_some());
        // Proper names are left out: "nebraska" is no common noun.
        assert!(!wn.has("nebraska", Pos::Noun));
    }
}
