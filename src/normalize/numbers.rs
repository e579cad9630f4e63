//! Reading numbers written in words or digits.
//!
//! "four" -> 4, "twenty-five" -> 25, "2.5 billion" -> 2.5e9, "1,200" -> 1200,
//! "eighth" / "8th" -> ordinal 8, "a dozen" -> 12, "a decade" -> 10 (years),
//! "tens of millions" -> the range [1e7, 1e8), "hundreds" -> [100, 1000).
//!
//! Written by hand rather than with a number-words crate because every value
//! must keep the span of the tokens it was read from, and the vague
//! quantities ("tens of millions") must become ranges, not numbers.

use super::{Token, TokenKind};
use crate::span::Span;

/// A value read from one or more tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// Smallest value meant.
    pub lo: f64,
    /// Largest value meant (equal to `lo` for an exact number).
    pub hi: f64,
    /// Whether the words name an order of magnitude, not a number
    /// ("dozens", "tens of millions").
    pub vague: bool,
    /// Index one past the last token read.
    pub end: usize,
    /// Span of the tokens read.
    pub span: Span,
}

/// Fractions written as words after "and a" ("four and a half").
const FRACTION_WORDS: [(&str, f64); 2] = [("half", 0.5), ("quarter", 0.25)];

/// The largest denominator read in a mixed fraction ("4 1/2", "6 3/16").
const MAX_FRACTION_DENOMINATOR: u32 = 16;

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("mln", 1e6),
    ("bln", 1e9),
    ("bn", 1e9),
    ("mn", 1e6),
    ("tn", 1e12),
    ("m", 1e6),
    ("k", 1e3),
];

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("fortieth", 40),
    ("fiftieth", 50),
    ("sixtieth", 60),
    ("seventieth", 70),
    ("eightieth", 80),
    ("ninetieth", 90),
    ("hundredth", 100),
    ("thousandth", 1000),
    ("millionth", 1_000_000),
];

/// How every ordinal ends ("first", "second", "third", "fourth", "21st").
const ORDINAL_ENDINGS: [&str; 4] = ["st", "nd", "rd", "th"];

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    // Length and first byte first: most words are out without a string compare.
    let first = *word.as_bytes().first()?;
    table
        .iter()
        .find(|(w, _)| w.len() == word.len() && w.as_bytes()[0] == first && *w == word)
        .map(|(_, v)| *v)
}

/// The value of a cardinal number word, "twenty-five" included.
pub fn cardinal_word(word: &str) -> Option<f64> {
    if let Some(v) = lookup(UNITS, word) {
        return Some(v);
    }
    let (tens, unit) = word.split_once('-')?;
    let tens = lookup(UNITS, tens).filter(|v| *v >= 20.0 && *v % 10.0 == 0.0)?;
    let unit = lookup(UNITS, unit).filter(|v| *v >= 1.0 && *v <= 9.0)?;
    Some(tens + unit)
}

/// The rank of an ordinal word or numeral: "eighth", "twenty-first", "8th", "1st".
pub fn ordinal_word(word: &str) -> Option<u32> {
    // Every ordinal, word or numeral, ends so: most words are out at once.
    if !ORDINAL_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return None;
    }
    if let Some(v) = lookup(ORDINALS, word) {
        return Some(v);
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(digits) = word.strip_suffix(suffix) {
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return digits.parse().ok();
            }
        }
    }
    let (tens, unit) = word.split_once('-')?;
    let tens = lookup(UNITS, tens).filter(|v| *v >= 20.0 && *v % 10.0 == 0.0)?;
    Some(tens as u32 + lookup(ORDINALS, unit).filter(|v| *v <= 9)?)
}

/// Parses a digit string: "1,200" -> 1200, "2.5" -> 2.5; `None` for "1,2,3".
pub fn digits(text: &str) -> Option<f64> {
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if text.contains(',') {
        // Thousands separators must group by three.
        let int = text.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(',').collect();
        if groups[1..].iter().any(|g| g.len() != 3) || groups[0].is_empty() || groups[0].len() > 3 {
            return None;
        }
    }
    plain.parse().ok().filter(|v: &f64| v.is_finite())
}

/// Reads the number that starts at token `i`, if any.
pub fn read(tokens: &[Token], i: usize) -> Option<Reading> {
    let word = |k: usize| tokens.get(k).map(|t| t.text.as_str()).unwrap_or("");
    let span_to = |end: usize| tokens[i].span.cover(tokens[end - 1].span);
    let t = tokens.get(i)?;

    // "tens of millions", "hundreds of thousands", "dozens", "thousands".
    if let Some(base) = vague_plural(word(i)) {
        let mut end = i + 1;
        let mut lo = base;
        if word(end) == "of" {
            if let Some(scale) = vague_plural(word(end + 1)).filter(|s| *s >= 1e3) {
                lo *= scale;
                end += 2;
            }
        }
        let hi = if base == 12.0 { lo * 100.0 / 12.0 } else { lo * 10.0 };
        return Some(Reading {
            lo,
            hi,
            vague: true,
            end,
            span: span_to(end),
        });
    }
    // "a dozen", "a decade", "a hundred", "a million".
    if word(i) == "a" || word(i) == "an" {
        let next = word(i + 1);
        let value = match next {
            "dozen" => Some(12.0),
            "decade" => Some(10.0),
            "century" => Some(100.0),
            _ => lookup(SCALES, next).filter(|v| *v >= 100.0),
        };
        return value.map(|v| Reading {
            lo: v,
            hi: v,
            vague: false,
            end: i + 2,
            span: span_to(i + 2),
        });
    }
    if word(i) == "decades" {
        return Some(Reading {
            lo: 20.0,
            hi: 90.0,
            vague: true,
            end: i + 1,
            span: span_to(i + 1),
        });
    }

    let mut value = match t.kind {
        TokenKind::Number => {
            // A suffix glued on: a scale ("5bn", "2.5m") or a unit ("5km").
            let (number, suffix) = split_suffix(&t.text);
            let scale = if suffix.is_empty() {
                Some(1.0)
            } else {
                lookup(SCALES, suffix)
            };
            digits(number)? * scale.unwrap_or(1.0)
        }
        // "sixty-year-old", "twenty-five-year-olds": an age written in words.
        TokenKind::Word if age_in_words(&t.text).is_some() => age_in_words(&t.text)?,
        TokenKind::Word => cardinal_word(&t.text)?,
        _ => return None,
    };
    let mut end = i + 1;
    // "41 / 2 months": a mixed fraction (4½) as re-joined token streams
    // write it, the whole part and the numerator run together. Read when the
    // denominator is one digit larger than the numerator's last digit.
    // "4 1/2 months": a whole number, then a proper fraction.
    let small = |at: usize| {
        tokens
            .get(at)
            .filter(|d| d.kind == TokenKind::Number && d.text.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.text.parse::<u32>().ok())
    };
    // "four and a half months".
    if word(end) == "and" && word(end + 1) == "a" {
        if let Some(&(_, part)) = FRACTION_WORDS.iter().find(|(w, _)| *w == word(end + 2)) {
            value += part;
            end += 3;
        }
    }
    // "2-1/2 years" too.
    let hyphen = usize::from(word(end) == "-");
    if t.kind == TokenKind::Number && t.text.bytes().all(|b| b.is_ascii_digit()) && word(end + hyphen + 1) == "/" {
        if let (Some(n), Some(d)) = (small(end + hyphen), small(end + hyphen + 2)) {
            if n > 0 && n < d && d <= MAX_FRACTION_DENOMINATOR {
                value += f64::from(n) / f64::from(d);
                end += 3 + hyphen;
            }
        }
    }
    if t.kind == TokenKind::Number && word(end) == "/" {
        let denominator = tokens
            .get(end + 1)
            .filter(|d| d.kind == TokenKind::Number)
            .and_then(|d| d.text.parse::<u32>().ok());
        let digits = t.text.as_str();
        if let (Some(d), true) = (
            denominator,
            digits.len() >= 2 && digits.bytes().all(|b| b.is_ascii_digit()),
        ) {
            let last = u32::from(digits.as_bytes()[digits.len() - 1] - b'0');
            if (2..=9).contains(&d) && last < d && last > 0 {
                let whole: f64 = digits[..digits.len() - 1].parse().unwrap_or(0.0);
                value = whole + f64::from(last) / f64::from(d);
                end += 2;
            }
        }
    }
    // Number words chain: "two hundred fifty thousand", "3.5 million".
    loop {
        let mut next = word(end);
        // "2.5-billion", "143 - billion": a hyphen before a scale word.
        if next == "-" && lookup(SCALES, word(end + 1)).is_some_and(|s| s >= 1e3) && word(end + 1).len() > 1 {
            end += 1;
            next = word(end);
        }
        if let Some(scale) = lookup(SCALES, next) {
            // Standing apart, "m" and "k" are units ("5 m" is metres).
            if next.len() == 1 {
                break;
            }
            value *= scale;
            end += 1;
            continue;
        }
        if t.kind == TokenKind::Word {
            if let Some(more) = cardinal_word(next).filter(|v| *v < 100.0 && value >= 100.0) {
                value += more;
                end += 1;
                continue;
            }
            if next == "and" && cardinal_word(word(end + 1)).is_some() && value >= 100.0 {
                end += 1;
                continue;
            }
        }
        break;
    }
    Some(Reading {
        lo: value,
        hi: value,
        vague: false,
        end,
        span: span_to(end),
    })
}

/// The age of a word like "sixty-year-old" or "twenty-five-year-olds".
pub fn age_in_words(word: &str) -> Option<f64> {
    let number = word
        .strip_suffix("-year-old")
        .or_else(|| word.strip_suffix("-year-olds"))?;
    cardinal_word(number)
}

/// Splits "5bn" into ("5", "bn") and "2.5" into ("2.5", "").
pub fn split_suffix(text: &str) -> (&str, &str) {
    let at = text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len());
    (&text[..at], &text[at..])
}

/// The unit glued on a number token ("km" in "5km"), unless it is a scale or
/// an ordinal suffix.
pub fn glued_unit(text: &str) -> Option<&str> {
    let (number, suffix) = split_suffix(text);
    let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th" | "s");
    (!number.is_empty() && !suffix.is_empty() && !ordinal && lookup(SCALES, suffix).is_none()).then_some(suffix)
}

/// "tens" -> 10, "hundreds" -> 100, "dozens" -> 12, "millions" -> 1e6...
fn vague_plural(word: &str) -> Option<f64> {
    match word {
        "tens" => Some(10.0),
        "dozens" => Some(12.0),
        "scores" => Some(20.0),
        "hundreds" => Some(1e2),
        "thousands" => Some(1e3),
        "millions" => Some(1e6),
        "billions" => Some(1e9),
        "trillions" => Some(1e12),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    #[test]
    fn every_ordinal_has_an_ordinal_ending() {
        for (w, rank) in ORDINALS {
            assert!(ORDINAL_ENDINGS.iter().any(|e| w.ends_with(e)), "{w}");
            assert_eq!(ordinal_word(w), Some(*rank));
        }
        assert_eq!(ordinal_word("twenty-first"), Some(21));
        assert_eq!(ordinal_word("8th"), Some(8));
        assert_eq!(ordinal_word("eight"), None);
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: Option<(f64, f64, bool)>,
    }

    const CASES: &[Case] = &[
        Case {
            name: "a whole number and a fraction",
            input: "4 1/2 months",
            want: Some((4.5, 4.5, false)),
        },
        Case {
            name: "a whole number, a hyphen and a fraction",
            input: "2-1/2 year sentence",
            want: Some((2.5, 2.5, false)),
        },
        Case {
            name: "a fraction in words",
            input: "four and a half months",
            want: Some((4.5, 4.5, false)),
        },
        Case {
            name: "word",
            input: "four years",
            want: Some((4.0, 4.0, false)),
        },
        Case {
            name: "a mixed fraction with its parts run together (ECB+ \"41 / 2\" for 4½)",
            input: "41 / 2 months",
            want: Some((4.5, 4.5, false)),
        },
        Case {
            name: "hyphen before a scale (US $2.5-billion)",
            input: "2.5-billion deal",
            want: Some((2.5e9, 2.5e9, false)),
        },
        Case {
            name: "spaced thousands and a spaced hyphen before a scale (ECB+ text)",
            input: "143 - billion bailout",
            want: Some((143e9, 143e9, false)),
        },
        Case {
            name: "hyphenated",
            input: "twenty-five people",
            want: Some((25.0, 25.0, false)),
        },
        Case {
            name: "digits with scale",
            input: "2.5 billion dollars",
            want: Some((2.5e9, 2.5e9, false)),
        },
        Case {
            name: "thousands separator",
            input: "1,200 troops",
            want: Some((1200.0, 1200.0, false)),
        },
        Case {
            name: "words with scale",
            input: "two hundred fifty thousand",
            want: Some((250_000.0, 250_000.0, false)),
        },
        Case {
            name: "a decade",
            input: "a decade ago",
            want: Some((10.0, 10.0, false)),
        },
        Case {
            name: "a dozen",
            input: "a dozen eggs",
            want: Some((12.0, 12.0, false)),
        },
        Case {
            name: "tens of millions (VitaminC-style vague quantity)",
            input: "tens of millions of rounds",
            want: Some((1e7, 1e8, true)),
        },
        Case {
            name: "hundreds",
            input: "hundreds of people",
            want: Some((100.0, 1000.0, true)),
        },
        Case {
            name: "glued million",
            input: "5m",
            want: Some((5e6, 5e6, false)),
        },
        Case {
            name: "glued billion after a currency sign",
            input: "2.5bn",
            want: Some((2.5e9, 2.5e9, false)),
        },
        Case {
            name: "metres standing apart",
            input: "5 m",
            want: Some((5.0, 5.0, false)),
        },
        Case {
            name: "not a number",
            input: "people",
            want: None,
        },
        Case {
            name: "bad grouping",
            input: "1,2",
            want: None,
        },
    ];

    #[test]
    fn cases() {
        for case in CASES {
            let tokens = Tokenizer.tokenize(case.input, Span::new(0, case.input.len()));
            let got = read(&tokens, 0).map(|r| (r.lo, r.hi, r.vague));
            assert_eq!(got, case.want, "case: {}", case.name);
        }
    }

    #[test]
    fn ordinals() {
        for (word, want) in [
            ("eighth", Some(8)),
            ("8th", Some(8)),
            ("1st", Some(1)),
            ("twenty-first", Some(21)),
            ("firstly", None),
            ("19", None),
        ] {
            assert_eq!(ordinal_word(word), want, "{word}");
        }
    }

    #[test]
    fn spans_cover_the_words_read() {
        let text = "possibly tens of millions of rounds";
        let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
        let r = read(&tokens, 1).unwrap();
        assert_eq!(r.span.slice(text), "tens of millions");
    }
}
