//! **normalize**: turn a sentence into tokens whose text is normalized and
//! whose spans still point into the original document.
//!
//! The chain, in the manner of tantivy's analyzers: split on character
//! classes ([`Tokenizer`]), then per token: Unicode NFKC, case folding, quote
//! and dash folding; possessives and `n't` become tokens of their own; number
//! words are read as values ([`numbers`]). Normalization happens *inside* each
//! token, so no filter ever moves a span.
//!
//! [`stem`] gives the Porter2 stem used by the embedding and by alignment.

pub mod numbers;
pub mod synonyms;

use std::cell::RefCell;

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::span::Span;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens, apostrophes or digits ("mig-29").
    Word,
    /// Digits with inner `,` or `.` ("1,200", "2.5"), possibly with an ordinal
    /// suffix ("8th") or a unit glued on ("5km").
    Number,
    /// A currency or percent sign, or any other symbol.
    Symbol,
    /// Punctuation.
    Punct,
}

/// A token: normalized text plus its span in the original document.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// NFKC, case-folded, quotes and dashes folded.
    pub text: String,
    /// Where it is in the original document.
    pub span: Span,
    /// What it is made of.
    pub kind: TokenKind,
    /// The stem, when it differs from `text` (see [`Token::stem`]).
    stemmed: Option<Box<str>>,
}

impl Token {
    /// A token; its stem is computed here, once.
    pub fn new(text: String, span: Span, kind: TokenKind) -> Self {
        let stemmed = if kind == TokenKind::Punct {
            None
        } else {
            with_stem(&text, |s| (s != text).then(|| s.into()))
        };
        Token {
            text,
            span,
            kind,
            stemmed,
        }
    }

    /// The Porter2 stem of the text ([`stem`]); punctuation is its own stem.
    pub fn stem(&self) -> &str {
        self.stemmed.as_deref().unwrap_or(&self.text)
    }

    /// Whether this is a word token equal to `word`.
    pub fn is(&self, word: &str) -> bool {
        self.text == word
    }

    /// Whether it is a word.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// Splits text into [`Token`]s.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tokenizer;

impl Tokenizer {
    /// Tokens of `text[span]`; their spans are offsets into `text`.
    pub fn tokenize(&self, text: &str, span: Span) -> Vec<Token> {
        let slice = span.slice(text);
        let mut tokens = Vec::with_capacity(slice.len() / 5);
        let chars: Vec<(usize, char)> = slice.char_indices().collect();
        let end_of = |k: usize| chars.get(k).map_or(slice.len(), |c| c.0);
        let mut k = 0;
        while k < chars.len() {
            let (start, c) = chars[k];
            if c.is_whitespace() {
                k += 1;
                continue;
            }
            let kind;
            let mut m = k + 1;
            if c.is_ascii_digit() {
                kind = TokenKind::Number;
                while m < chars.len() {
                    let d = chars[m].1;
                    let next_is_digit = chars.get(m + 1).is_some_and(|n| n.1.is_ascii_digit());
                    if d.is_ascii_digit() || (matches!(d, ',' | '.') && next_is_digit) {
                        m += 1;
                    } else if let Some(more) = spaced_number_part(&chars, k, m) {
                        m = more;
                    } else {
                        break;
                    }
                }
                // Ordinal suffix or glued unit: "8th", "5km" stay one token.
                while m < chars.len() && chars[m].1.is_alphabetic() {
                    m += 1;
                }
            } else if let Some(end) = spaced_abbreviation(&chars, k, tokens.last()) {
                // "a. m.", "p. m.", "U. S." as re-joined token streams write them.
                kind = TokenKind::Word;
                m = end;
            } else if c.is_alphanumeric() {
                kind = TokenKind::Word;
                // Dotted acronyms stay one token: "U.S.", "U.N.", "e.g.".
                while m + 1 < chars.len()
                    && chars[m].1 == '.'
                    && chars[m + 1].1.is_alphabetic()
                    && chars.get(m + 2).is_none_or(|n| n.1 == '.')
                    && m - k <= 2
                {
                    m += 2;
                    if chars.get(m).is_some_and(|n| n.1 == '.') {
                        m += 1;
                    }
                }
                while m < chars.len() {
                    let d = chars[m].1;
                    // "magnitude-5.2", "category-4": a lower-case word before a
                    // number is a word and a number ("MiG-29", "AK-47" stay whole).
                    let before_number = matches!(d, '-' | '‐' | '‑')
                        && chars.get(m + 1).is_some_and(|n| n.1.is_ascii_digit())
                        && m - k > 3
                        && chars[k..m].iter().all(|x| x.1.is_lowercase());
                    let inner = matches!(d, '-' | '\'' | '’' | '‐' | '‑')
                        && chars.get(m + 1).is_some_and(|n| n.1.is_alphanumeric())
                        && !before_number;
                    if d.is_alphanumeric() || d == '\u{00AD}' || inner {
                        m += 1;
                    } else {
                        break;
                    }
                }
            } else if matches!(c, '$' | '€' | '£' | '¥' | '%' | '‰' | '#' | '&' | '+' | '°') {
                kind = TokenKind::Symbol;
            } else {
                kind = TokenKind::Punct;
            }
            let token_span = Span::new(span.start + start, span.start + end_of(m));
            push_normalized(token_span.slice(text), token_span, kind, &mut tokens);
            k = m;
        }
        tokens
    }
}

/// Where a number that continues past `m` in a spaced form ends, or `None`.
///
/// Text re-joined from tokens (the ECB+ `*_ecbplus` files, some wire
/// feeds) writes "230, 000", "$1, 299", "4. 6", "3: 20 p. m.": each of these
/// stays one number token, so it neither splits a sentence nor a number.
/// The number starts at `k`; `chars[k..m]` is what was read so far.
/// - a thousands group ", ddd" after a group of one to three digits;
/// - a decimal part ". d" after one to three digits with no separator yet;
/// - clock minutes ":dd" or ": dd" after one or two digits.
///
/// Known false positive: a sentence ending in a short number before one
/// that opens with digits ("... killed 12. 15 others ...") reads as 12.15;
/// news style spells out a number that opens a sentence.
fn spaced_number_part(chars: &[(usize, char)], k: usize, m: usize) -> Option<usize> {
    let c = |i: usize| chars.get(i).map_or('\0', |x| x.1);
    let digits_from = |i: usize| (i..).take_while(|&j| c(j).is_ascii_digit()).count();
    let read: String = chars[k..m].iter().map(|x| x.1).collect();
    let last_group = read.rsplit([',', '.']).next().map_or(0, str::len);
    let plain = read.bytes().all(|b| b.is_ascii_digit());
    match (c(m), c(m + 1)) {
        (',', ' ') if (1..=3).contains(&last_group) && !read.contains('.') && digits_from(m + 2) == 3 => {
            (!c(m + 5).is_alphanumeric()).then_some(m + 5)
        }
        ('.', ' ') if plain && read.len() <= 3 => {
            let n = digits_from(m + 2);
            (n > 0 && !c(m + 2 + n).is_alphabetic()).then_some(m + 2 + n)
        }
        (':', d) if plain && read.len() <= 2 => {
            let from = if d == ' ' { m + 2 } else { m + 1 };
            (digits_from(from) == 2 && !c(from + 2).is_alphanumeric()).then_some(from + 2)
        }
        _ => None,
    }
}

/// Where a spaced abbreviation starting at `k` ends: "a. m." / "p. m."
/// (also "a.m.") after a number, and a run of single capitals with periods
/// ("U. S.", "L. A."); `None` otherwise.
fn spaced_abbreviation(chars: &[(usize, char)], k: usize, previous: Option<&Token>) -> Option<usize> {
    let c = |i: usize| chars.get(i).map_or('\0', |x| x.1);
    // One letter, its period, then optional space: the next letter's index.
    let step = |i: usize| -> Option<usize> {
        (c(i).is_alphabetic() && !c(i + 1).is_alphanumeric() && c(i + 1) == '.').then_some(0)?;
        Some(if c(i + 2) == ' ' { i + 3 } else { i + 2 })
    };
    let letter = c(k).to_ascii_lowercase();
    if matches!(letter, 'a' | 'p') && previous.is_some_and(|t| t.kind == TokenKind::Number) {
        let next = step(k)?;
        if c(next).eq_ignore_ascii_case(&'m') && c(next + 1) == '.' && !c(next + 2).is_alphanumeric() {
            return Some(next + 2);
        }
        return None;
    }
    // Capitals: "U. S." (a spaced pair at least; unspaced runs are read as words).
    if !c(k).is_uppercase() || c(k + 2) != ' ' {
        return None;
    }
    let mut end = None;
    let mut i = k;
    while c(i).is_uppercase() && c(i + 1) == '.' && !c(i + 2).is_alphanumeric() {
        let after = i + 2;
        end = Some(after);
        let next = if c(after) == ' ' { after + 1 } else { after };
        if !(c(next).is_uppercase() && c(next + 1) == '.') {
            break;
        }
        i = next;
    }
    end.filter(|&e| e > k + 3)
}

/// Normalizes one raw token and pushes it, split into word + clitic when the
/// word ends in a possessive or `n't`.
fn push_normalized(raw: &str, span: Span, kind: TokenKind, out: &mut Vec<Token>) {
    let mut text = fold(raw);
    if kind != TokenKind::Punct && text.contains(' ') {
        // A spaced number or abbreviation ("230, 000", "p. m."): one token, no spaces.
        text.retain(|c| c != ' ');
    }
    if kind == TokenKind::Word {
        for clitic in ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"] {
            if let Some(stem) = text.strip_suffix(clitic) {
                if stem.is_empty() {
                    break;
                }
                // Offsets: the clitic's bytes in the raw token (folded quote
                // may be 3 bytes in the raw text).
                let raw_clitic_start = raw
                    .char_indices()
                    .rev()
                    .nth(clitic.chars().count() - 1)
                    .map_or(0, |(i, _)| i);
                let split = span.start + raw_clitic_start;
                let (word, clitic) = if clitic == "n't" && stem == "ca" {
                    ("can".to_string(), "not")
                } else if clitic == "n't" && stem == "wo" {
                    ("will".to_string(), "not")
                } else {
                    (stem.to_string(), clitic)
                };
                out.push(Token::new(word, Span::new(span.start, split), kind));
                let clitic = if clitic == "n't" { "not" } else { clitic };
                out.push(Token::new(clitic.to_string(), Span::new(split, span.end), kind));
                return;
            }
        }
    }
    out.push(Token::new(text, span, kind));
}

/// NFKC, lowercase, and fold typographic quotes, dashes and soft hyphens.
pub fn fold(raw: &str) -> String {
    if raw.is_ascii() {
        // NFKC leaves ASCII as it is; the backtick is the only ASCII fold.
        return raw
            .bytes()
            .map(|b| {
                if b == b'`' {
                    '\''
                } else {
                    char::from(b.to_ascii_lowercase())
                }
            })
            .collect();
    }
    fold_unicode(raw)
}

/// [`fold`] for any text.
fn fold_unicode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.nfkc().flat_map(char::to_lowercase) {
        match c {
            '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => out.push('\''),
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => out.push('"'),
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => out.push('-'),
            '\u{00AD}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The normalized form of a sentence: its folded word and number tokens
/// joined by single spaces, without a leading FAQ marker. Sentence ids are
/// derived from it, so re-wrapping or re-quoting a sentence keeps its id.
pub fn normalized_text(tokens: &[Token]) -> String {
    let mut out = String::new();
    for token in tokens.iter().filter(|t| t.kind != TokenKind::Punct) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token.text);
    }
    out
}

/// Slots of each thread's stem cache: direct-mapped, so a lookup is one
/// hash and one compare of bytes held in the slot itself, and the table
/// (1.5 MB) stays in cache. News vocabulary is Zipfian: the frequent words
/// keep their slots.
const STEM_SLOTS: usize = 1 << 15;

/// Words up to this many bytes are cached (stems are never longer than
/// their words).
const STEM_CACHED_LEN: usize = 23;

/// A cached word and its stem, each as length + bytes.
#[derive(Clone, Copy)]
struct StemSlot {
    word: [u8; STEM_CACHED_LEN + 1],
    stem: [u8; STEM_CACHED_LEN + 1],
}

impl StemSlot {
    const EMPTY: StemSlot = StemSlot {
        word: [0xff; STEM_CACHED_LEN + 1],
        stem: [0; STEM_CACHED_LEN + 1],
    };

    fn pack(text: &str) -> [u8; STEM_CACHED_LEN + 1] {
        let mut out = [0; STEM_CACHED_LEN + 1];
        out[0] = text.len() as u8;
        out[1..=text.len()].copy_from_slice(text.as_bytes());
        out
    }

    fn unpack(bytes: &[u8; STEM_CACHED_LEN + 1]) -> &str {
        std::str::from_utf8(&bytes[1..=usize::from(bytes[0])]).expect("a cached stem is UTF-8")
    }
}

thread_local! {
    static STEMMER: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    static STEMS: RefCell<Vec<StemSlot>> = RefCell::new(vec![StemSlot::EMPTY; STEM_SLOTS]);
}

/// The Porter2 (Snowball English) stem of a folded word.
pub fn stem(word: &str) -> String {
    with_stem(word, str::to_string)
}

/// Calls `f` with the stem of `word`, without allocating when the stem is
/// in this thread's cache.
pub fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.len() > STEM_CACHED_LEN {
        return STEMMER.with(|st| f(&st.stem(word)));
    }
    let key = StemSlot::pack(word);
    let slot = FxBuildHasher.hash_one(word) as usize & (STEM_SLOTS - 1);
    // The cache is borrowed only to copy the stem out, so `f` may stem too.
    let cached = STEMS.with(|cache| {
        let cache = cache.borrow();
        (cache[slot].word == key).then(|| cache[slot].stem)
    });
    if let Some(stem) = cached {
        return f(StemSlot::unpack(&stem));
    }
    let s = STEMMER.with(|st| st.stem(word).into_owned());
    STEMS.with(|cache| {
        cache.borrow_mut()[slot] = StemSlot {
            word: key,
            stem: StemSlot::pack(&s),
        };
    });
    f(&s)
}

/// Function words: weighted down by the embedding and ignored by alignment.
pub const STOPWORDS: &[&str] = &[
    "'d",
    "'ll",
    "'m",
    "'re",
    "'s",
    "'ve",
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "amid",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

pub use crate::lexicon::WordSet;

/// Whether a folded word is a stopword.
pub fn is_stopword(word: &str) -> bool {
    static SET: WordSet = WordSet::new(STOPWORDS);
    SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        Tokenizer
            .tokenize(s, Span::new(0, s.len()))
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case {
            name: "possessive with curly quote",
            input: "Ministry’s site",
            want: &["ministry", "'s", "site"],
        },
        Case {
            name: "negation clitic",
            input: "didn't go",
            want: &["did", "not", "go"],
        },
        Case {
            name: "can't",
            input: "can't",
            want: &["can", "not"],
        },
        Case {
            name: "numbers",
            input: "$2.5 billion, 1,200 and 8th",
            want: &["$", "2.5", "billion", ",", "1,200", "and", "8th"],
        },
        Case {
            name: "hyphenated word stays whole",
            input: "MiG-29 long-range",
            want: &["mig-29", "long-range"],
        },
        Case {
            name: "dash folding",
            input: "Ruritania—Strelsau",
            want: &["ruritania", "-", "strelsau"],
        },
        Case {
            name: "NFKC and case",
            input: "ＦＵＬＬ ﬁne",
            want: &["full", "fine"],
        },
        Case {
            name: "dotted acronym",
            input: "U.S. talks at the U.N.",
            want: &["u.s.", "talks", "at", "the", "u.n."],
        },
        Case {
            name: "spaced thousands, decimals and clock times (ECB+ re-joined text)",
            input: "killed 230, 000 people, cost $1, 299, a 4. 6 quake at 3: 20 p. m. in the U. S.",
            want: &[
                "killed", "230,000", "people", ",", "cost", "$", "1,299", ",", "a", "4.6", "quake", "at", "3:20",
                "p.m.", "in", "the", "u.s.",
            ],
        },
        Case {
            name: "a clock time and a list stay apart from spaced forms",
            input: "at 4:15 a.m. on 1, 2, 3",
            want: &["at", "4:15", "a.m.", "on", "1", ",", "2", ",", "3"],
        },
        Case {
            name: "a lower-case word before a number splits, a model name does not",
            input: "a magnitude-5.2 quake, a MiG-29",
            want: &["a", "magnitude", "-", "5.2", "quake", ",", "a", "mig-29"],
        },
        Case {
            name: "a year before a new sentence is not a decimal",
            input: "in 2003. 5 people",
            want: &["in", "2003", ".", "5", "people"],
        },
        Case {
            name: "sentence final period",
            input: "It ended.",
            want: &["it", "ended", "."],
        },
    ];

    #[test]
    fn cases() {
        for case in CASES {
            assert_eq!(texts(case.input), case.want, "case: {}", case.name);
        }
    }

    #[test]
    fn spans_slice_the_original() {
        let text = "  The Ministry’s “website” didn't say.";
        for token in Tokenizer.tokenize(text, Span::new(2, text.len())) {
            let raw = token.span.slice(text);
            assert!(!raw.is_empty(), "{token:?}");
            if token.text != "not" {
                assert_eq!(fold(raw), token.text, "{token:?}");
            }
        }
    }

    #[test]
    fn stopwords_are_sorted_unique_and_short() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        // Stopwords are short: `is_stopword` skips longer words without a lookup.
        assert!(STOPWORDS.iter().all(|w| w.len() <= 10));
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        assert!(is_stopword("the") && is_stopword("'s") && !is_stopword("visit") && !is_stopword("themselvesx"));
    }

    proptest::proptest! {
        #[test]
        fn ascii_fold_is_the_unicode_fold(raw in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(fold(&raw), fold_unicode(&raw));
        }
    }

    #[test]
    fn tokens_carry_their_stems() {
        let text = "The ministers' trips, 5km and 1,200 visits.";
        for t in Tokenizer.tokenize(text, Span::new(0, text.len())) {
            let want = if t.kind == TokenKind::Punct {
                t.text.clone()
            } else {
                stem(&t.text)
            };
            assert_eq!(t.stem(), want, "{}", t.text);
        }
    }

    #[test]
    fn stems() {
        assert_eq!(stem("trips"), "trip");
        // The second call is answered by the cache: the same stem.
        assert_eq!(stem("trips"), "trip");
        assert_eq!(stem("denied"), "deni");
        assert_eq!(stem("denies"), "deni");
    }
}
