//! Actors: the people, places and organizations a sentence names.
//!
//! A name is a run of capitalized words ("Rudolf Rassendyll", "Bank of England"),
//! with leading titles dropped ("President", "Comrade", "Mr."). Known
//! aliases are read first, longest match wins: the built-in table
//! (`data/places.tsv`: countries with their demonyms, capitals and seats of
//! government, so a capital or a government building stands for its country)
//! plus user aliases from `crosscheck.toml`. Two actors are the same when
//! their canonical names are equal, when one person name is contained in
//! the other ("Rassendyll" in "Rudolf Rassendyll"), or when they are spelling
//! variants (Jaro-Winkler similarity, via strsim).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::normalize::{Token, TokenKind, WordSet};
use crate::span::Span;

/// The built-in alias table, one entity a line: `canonical<TAB>alias|alias...`.
const BUILTIN: &str = include_str!("../../data/places.tsv");

/// What kind of name an actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// Found in the alias table (countries, capitals, bodies, user aliases).
    Known,
    /// A run of capitalized words.
    Name,
}

/// A named actor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical name, lowercase ("ruritania", "rudolf rassendyll").
    pub name: String,
    /// How it was found.
    pub kind: ActorKind,
    /// Where it is.
    pub span: Span,
}

impl Actor {
    /// Whether `self` and `other` name the same actor.
    pub fn same_as(&self, other: &Actor) -> bool {
        same_name(
            &self.name,
            &other.name,
            self.kind == ActorKind::Name && other.kind == ActorKind::Name,
        )
    }
}

/// Whether two canonical names name the same actor.
pub fn same_name(a: &str, b: &str, both_names: bool) -> bool {
    if a == b {
        return true;
    }
    if !both_names {
        return false;
    }
    // Ordered by length, then text, so that the answer is symmetric.
    let (short, long) = if (a.len(), a) <= (b.len(), b) { (a, b) } else { (b, a) };
    let long_words: Vec<&str> = long.split(' ').collect();
    let short_words: Vec<&str> = short.split(' ').collect();
    if short_words.iter().all(|w| long_words.contains(w)) {
        return true;
    }
    // Same surname, first names compatible ("matt bomer" / "matthew staton bomer").
    if short_words.len() >= 2
        && short_words.last() == long_words.last()
        && short_words.last().is_some_and(|w| w.len() >= 4)
    {
        let (fa, fb) = (short_words[0], long_words[0]);
        if fa.starts_with(fb) || fb.starts_with(fa) || strsim::jaro_winkler(fa, fb) >= 0.85 {
            return true;
        }
    }
    short.len() >= 5 && similar_spelling(short, long)
}

/// Jaro-Winkler of at least 0.94 ("zelensky" / "zelenskyy"). Jaro-Winkler
/// is at most 0.8 + 0.2 r for a length ratio r, so names whose lengths
/// differ by more than 30% are out without computing it.
fn similar_spelling(short: &str, long: &str) -> bool {
    let (s, l) = (short.chars().count(), long.chars().count());
    10 * s.min(l) >= 7 * s.max(l) && strsim::jaro_winkler(short, long) >= 0.94
}

/// "montalbán" -> "montalban": names are compared without diacritics.
fn strip_accents(name: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    name.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

/// Alias table: alias (folded, space-separated tokens) to canonical name.
#[derive(Clone, Debug)]
pub struct Aliases {
    map: BTreeMap<String, String>,
    /// First token of an alias -> the most tokens an alias starting with it has,
    /// so that most words need no lookup at all.
    longest: BTreeMap<String, usize>,
}

impl Default for Aliases {
    fn default() -> Self {
        let mut aliases = Aliases {
            map: BTreeMap::new(),
            longest: BTreeMap::new(),
        };
        for line in BUILTIN.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((canonical, rest)) = line.split_once('\t') {
                aliases.add(canonical, rest.split('|'));
            }
        }
        aliases
    }
}

impl Aliases {
    /// An empty table (no built-in aliases).
    pub fn empty() -> Self {
        Aliases {
            map: BTreeMap::new(),
            longest: BTreeMap::new(),
        }
    }

    /// Adds `aliases` (and `canonical` itself) for `canonical`. Later
    /// additions win, so user aliases override the built-in table.
    pub fn add<'a>(&mut self, canonical: &str, aliases: impl IntoIterator<Item = &'a str>) {
        let canonical = key(canonical);
        for alias in aliases.into_iter().map(key).chain(std::iter::once(canonical.clone())) {
            if let Some(first) = alias.split(' ').next().filter(|f| !f.is_empty()) {
                let n = alias.split(' ').count();
                let entry = self.longest.entry(first.to_string()).or_insert(0);
                *entry = (*entry).max(n);
                self.map.insert(alias, canonical.clone());
            }
        }
    }

    /// The canonical name for an alias written as folded tokens.
    pub fn canonical(&self, alias: &str) -> Option<&str> {
        self.map.get(alias).map(String::as_str)
    }

    /// The most tokens of an alias starting with `first`, if any starts with it.
    pub fn longest_from(&self, first: &str) -> Option<usize> {
        self.longest.get(first).copied()
    }

    /// Number of aliases.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Folds an alias the way the tokenizer would, tokens joined by spaces.
fn key(alias: &str) -> String {
    let tokens = crate::normalize::Tokenizer.tokenize(alias, Span::new(0, alias.len()));
    tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that precede a name without being part of it.
static TITLES: WordSet = WordSet::new(&[
    "president",
    "vice",
    "prime",
    "minister",
    "leader",
    "comrade",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chancellor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "foreign",
    "defense",
    "defence",
    "deputy",
    "chief",
    "chairman",
    "chair",
    "ceo",
    "judge",
    "justice",
    "sir",
    "lord",
    "lady",
    "saint",
    "st",
    "mayor",
    "director",
    "ambassador",
    "envoy",
    "commander",
    "colonel",
    "captain",
    "admiral",
    "sheikh",
    "supreme",
    "premier",
    "adviser",
    "advisor",
    "senior",
    "former",
    "late",
    "state",
    "senate",
    "house",
    "official",
    "officials",
]);

/// Whether a folded word is a title that may precede a name ("president").
pub fn is_title(word: &str) -> bool {
    TITLES.contains(word)
}

/// Capitalized words that are not names when they open a sentence or stand alone.
static NOT_NAMES: WordSet = WordSet::new(&[
    "i",
    "a",
    "an",
    "the",
    "it",
    "he",
    "she",
    "they",
    "we",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "or",
    "if",
    "in",
    "on",
    "at",
    "as",
    "for",
    "while",
    "when",
    "after",
    "before",
    "since",
    "yes",
    "no",
    "meanwhile",
    "however",
    "although",
    "though",
    "both",
    "any",
    "all",
    "some",
    "many",
    "most",
    "such",
    "his",
    "her",
    "their",
    "its",
    "our",
    "q",
    "faq",
    "contrary",
    "amid",
    "with",
    "without",
    "according",
    "analysts",
    "experts",
    "officials",
    "reports",
    "its",
    "one",
    "two",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "to",
    "by",
    "of",
    "from",
    "additionally",
    "moreover",
    "nonetheless",
    "furthermore",
    "instead",
    "still",
    "also",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "what",
    "why",
    "how",
    "who",
    "where",
    "which",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "has",
    "have",
    "had",
    "not",
    "it's",
]);

/// Generic nouns of institutions: kept with the words before them.
static INSTITUTIONS: WordSet = WordSet::new(&[
    "department",
    "ministry",
    "court",
    "office",
    "committee",
    "council",
    "agency",
    "service",
    "house",
    "party",
    "commission",
    "bureau",
    "board",
    "senate",
    "assembly",
    "parliament",
    "government",
    "army",
    "navy",
    "police",
]);

/// Verbs after which a lone sentence-initial capitalized word is a name.
static SPEECH_VERBS: WordSet = WordSet::new(&[
    "said",
    "says",
    "told",
    "denied",
    "denies",
    "confirmed",
    "confirms",
    "announced",
    "announces",
    "refused",
    "rejected",
    "warned",
    "added",
    "stated",
    "insisted",
    "claimed",
    "acknowledged",
    "admitted",
]);

/// Small words allowed inside a name ("Bank of England", "Osama bin Laden").
static CONNECTORS: WordSet = WordSet::new(&[
    "of", "de", "del", "da", "van", "von", "bin", "al", "el", "la", "&", "and",
]);

fn capitalized(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Word && token.span.slice(text).chars().next().is_some_and(char::is_uppercase)
}

/// Whether a sentence is written in title case, as headlines are ("Gary
/// Ross Will Not Direct Sequel"): most of its longer words capitalized.
pub fn title_case(text: &str, tokens: &[Token]) -> bool {
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.text.len() >= 3 && !crate::normalize::is_stopword(&t.text))
        .collect();
    let capitals = words.iter().filter(|t| capitalized(text, t)).count();
    words.len() >= 4 && capitals * 10 >= words.len() * TITLE_CASE_SHARE
}

/// Share of capitalized longer words, in tenths, from which a sentence is
/// read as title case.
const TITLE_CASE_SHARE: usize = 9;

/// Finds the actors among `tokens` (spans into `text`).
///
/// In a title-cased sentence (a headline), a capitalized word is part of a
/// name only when it is no common word of the language (WordNet does not
/// know it) or it starts a known alias: "Gary Ross" in "Gary Ross Will Not
/// Direct 'Hunger Games' Sequel". Known false negative: a surname that is
/// also a common word ("Cheeks").
pub fn find(text: &str, tokens: &[Token], aliases: &Aliases) -> Vec<Actor> {
    let mut out: Vec<Actor> = Vec::new();
    let first_word = tokens.iter().position(|t| t.kind == TokenKind::Word).unwrap_or(0);
    let headline = title_case(text, tokens);
    let capitalized = |text: &str, token: &Token| {
        capitalized(text, token)
            && !(headline
                && crate::lexicon::wordnet::wordnet().is_word(&token.text)
                && aliases.longest_from(&token.text).is_none())
    };
    let mut i = 0;
    while i < tokens.len() {
        if !(capitalized(text, &tokens[i]) || tokens[i].text.contains('.') && tokens[i].text.len() > 2) {
            i += 1;
            continue;
        }
        // Longest known alias starting here.
        let mut matched = None;
        let longest = aliases.longest_from(&tokens[i].text).unwrap_or(0);
        for n in (1..=longest).rev() {
            if i + n > tokens.len()
                || tokens[i..i + n]
                    .iter()
                    .any(|t| t.kind == TokenKind::Punct && t.text != "&")
            {
                continue;
            }
            let joined = tokens[i..i + n]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            // Short acronyms ("UN", "EU") only when written in capitals, not "Un" or "us".
            let raw = tokens[i].span.slice(text);
            if n == 1 && joined.len() <= 3 && !joined.contains('.') && raw.chars().any(char::is_lowercase) {
                continue;
            }
            if let Some(canonical) = aliases.canonical(&joined) {
                matched = Some((n, canonical.to_string()));
                break;
            }
        }
        // A one-word alias that opens a longer name is part of that name
        // ("Washington Nationals", not Washington the capital).
        let opens_name = |n: usize| {
            n == 1
                && tokens.get(i + 1).is_some_and(|t| {
                    capitalized(text, t) && !TITLES.contains(t.text.as_str()) && aliases.longest_from(&t.text).is_none()
                })
        };
        let matched = matched.filter(|(n, _)| !opens_name(*n));
        if let Some((n, name)) = matched {
            out.push(Actor {
                name,
                kind: ActorKind::Known,
                span: tokens[i].span.cover(tokens[i + n - 1].span),
            });
            i += n;
            continue;
        }
        // A run of capitalized words, connectors allowed inside.
        let mut end = i;
        let mut k = i;
        while k < tokens.len() {
            if capitalized(text, &tokens[k]) {
                // A known alias starts a new actor ("Ruritanian President ..."),
                // but not a short acronym written in lower case ("Un" in a name).
                let raw = tokens[k].span.slice(text);
                let acronym_in_lower = tokens[k].text.len() <= 3 && raw.chars().any(char::is_lowercase);
                if aliases.canonical(&tokens[k].text).is_some() && k > i && !acronym_in_lower {
                    break;
                }
                k += 1;
                end = k;
            } else if CONNECTORS.contains(tokens[k].text.as_str())
                && k > i
                && tokens.get(k + 1).is_some_and(|t| capitalized(text, t))
            {
                k += 1;
            } else {
                break;
            }
        }
        let mut start = i;
        while start < end
            && (TITLES.contains(tokens[start].text.as_str()) || NOT_NAMES.contains(tokens[start].text.as_str()))
        {
            start += 1;
        }
        // "Justice Department", "Supreme Court": the title words name the
        // institution; without them only the generic noun would be left.
        if end - start == 1 && INSTITUTIONS.contains(tokens[start].text.as_str()) {
            start = i;
            while start < end && NOT_NAMES.contains(tokens[start].text.as_str()) {
                start += 1;
            }
        }
        let words: Vec<&str> = tokens[start..end]
            .iter()
            .map(|t| t.text.as_str())
            .filter(|w| *w != "'s")
            .collect();
        // A lone capitalized word opening the sentence is a name only when it
        // acts like one ("Rassendyll said", "Rassendyll's visit") or is no
        // word of the language (WordNet knows "Police", not "Klitschko").
        let acts_like_name = tokens
            .get(end)
            .is_some_and(|n| n.text == "'s" || SPEECH_VERBS.contains(n.text.as_str()))
            || tokens.get(start).is_some_and(|t| {
                !crate::lexicon::wordnet::wordnet().is_word(&t.text)
                    && !crate::normalize::is_stopword(&t.text)
                    && !crate::analyze::tag::is_function_word(&t.text)
            });
        let alone_at_start = start == first_word && end - start == 1 && !acts_like_name;
        if !(words.is_empty() || alone_at_start || words.len() == 1 && NOT_NAMES.contains(words[0])) {
            out.push(Actor {
                name: strip_accents(&words.join(" ")),
                kind: ActorKind::Name,
                span: tokens[start].span.cover(tokens[end - 1].span),
            });
        }
        i = end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    fn names(text: &str, aliases: &Aliases) -> Vec<String> {
        let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
        find(text, &tokens, aliases).into_iter().map(|a| a.name).collect()
    }

    fn table() -> Aliases {
        let mut a = Aliases::empty();
        a.add("ruritania", ["ruritanian", "strelsau", "the palace"]);
        a.add("united states", ["u.s.", "washington", "american"]);
        a
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case {
            name: "titles dropped, alias found",
            input: "Ruritanian President Rudolf Rassendyll met them.",
            want: &["ruritania", "rudolf rassendyll"],
        },
        Case {
            name: "capital stands for country",
            input: "Officials in Strelsau denied it.",
            want: &["ruritania"],
        },
        Case {
            name: "dotted acronym alias",
            input: "The U.S. Defense Department warned Strelsau.",
            want: &["united states", "defense department", "ruritania"],
        },
        Case {
            name: "sentence-initial common word is no name",
            input: "Analysts said the Central Bank acted.",
            want: &["central bank"],
        },
        Case {
            name: "connector inside a name",
            input: "He joined the Bank of England in May.",
            want: &["bank of england"],
        },
        Case {
            name: "an institution keeps its title words",
            input: "The Justice Department denied it, and the Supreme Court agreed.",
            want: &["justice department", "supreme court"],
        },
        Case {
            name: "a lone name opening the sentence before a speech verb",
            input: "Rassendyll said the talks went well.",
            want: &["rassendyll"],
        },
        Case {
            name: "a short acronym alias in lower case stays part of the name",
            input: "Leader Jin Un met them.",
            want: &["jin un"],
        },
        Case {
            name: "possessive dropped",
            input: "It was Rassendyll's plan.",
            want: &["rassendyll"],
        },
    ];

    #[test]
    fn cases() {
        let aliases = table();
        for case in CASES {
            assert_eq!(names(case.input, &aliases), case.want, "case: {}", case.name);
        }
    }

    #[test]
    fn same_actor() {
        assert!(same_name("rassendyll", "rudolf rassendyll", true));
        assert!(same_name("zelensky", "zelenskyy", true));
        assert!(same_name("matt bomer", "matthew staton bomer", true));
        assert!(!same_name("john smith", "mary smith", true));
        assert!(!same_name("ruritania", "ruritanian federation x", false));
        assert!(!same_name("john smith", "jane smithers", true));
        for (a, b) in [
            ("zelensky", "zelenskyy"),
            ("matt bomer", "matthew bomer"),
            ("abc de", "de abc"),
        ] {
            assert_eq!(same_name(a, b, true), same_name(b, a, true), "{a} / {b}");
        }
        // The length bound never hides a spelling variant.
        for (a, b) in [
            ("zelensky", "zelenskyy"),
            ("montalban", "montalbano"),
            ("smithson", "smithsonian"),
        ] {
            assert_eq!(similar_spelling(a, b), strsim::jaro_winkler(a, b) >= 0.94, "{a} / {b}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_length_bound_agrees_with_jaro_winkler(a in "[a-e]{1,12}", b in "[a-e]{1,12}") {
            proptest::prop_assert_eq!(similar_spelling(&a, &b), strsim::jaro_winkler(&a, &b) >= 0.94);
        }
    }

    #[test]
    fn builtin_table_loads() {
        assert!(Aliases::default().len() > 300);
    }
}
