//! Dates and days: weekdays ("on Sunday"), calendar dates ("September 10,
//! 2023", "10 Sept"), months ("in February 2022"), years ("in 2017"), ISO
//! dates ("2023-09-10") and relative days ("yesterday").

use serde::{Deserialize, Serialize};

use crate::normalize::{numbers, Token, TokenKind};
use crate::span::Span;

/// A point or period in time as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum DateValue {
    /// A day of the week, 0 = Monday.
    Weekday {
        /// 0 = Monday ... 6 = Sunday.
        day: u8,
    },
    /// A calendar day, year when given.
    Day {
        /// Year, when written.
        year: Option<i32>,
        /// 1..=12.
        month: u8,
        /// 1..=31.
        day: u8,
    },
    /// A month, year when given.
    Month {
        /// Year, when written.
        year: Option<i32>,
        /// 1..=12.
        month: u8,
    },
    /// A year.
    Year {
        /// The year.
        year: i32,
    },
    /// A day relative to the publication date: -1 yesterday, 0 today, 1 tomorrow.
    Relative {
        /// Offset in days.
        days: i8,
    },
}

impl DateValue {
    /// Whether two values can denote the same day or period. Values of
    /// different granularity are compatible when they agree where both speak
    /// ("September 2023" and "September 10" are compatible).
    pub fn compatible(&self, other: &DateValue) -> bool {
        use DateValue::*;
        let year_ok = |a: Option<i32>, b: Option<i32>| a.is_none() || b.is_none() || a == b;
        match (*self, *other) {
            (Weekday { day: a }, Weekday { day: b }) => a == b,
            (Day { year: ya, month: ma, day: da }, Day { year: yb, month: mb, day: db }) => {
                year_ok(ya, yb) && ma == mb && da == db
            }
            (Day { year: ya, month: ma, .. }, Month { year: yb, month: mb })
            | (Month { year: ya, month: ma }, Day { year: yb, month: mb, .. })
            | (Month { year: ya, month: ma }, Month { year: yb, month: mb }) => year_ok(ya, yb) && ma == mb,
            (Year { year: a }, Year { year: b }) => a == b,
            (Year { year: a }, Day { year: b, .. } | Month { year: b, .. })
            | (Day { year: b, .. } | Month { year: b, .. }, Year { year: a }) => b.is_none_or(|b| a == b),
            // Weekdays, relative days and calendar dates can't be compared
            // without a calendar anchor: assume they may agree.
            _ => true,
        }
    }

    /// Whether both values are of a kind that can clash (same granularity family).
    pub fn comparable(&self, other: &DateValue) -> bool {
        use DateValue::*;
        matches!(
            (self, other),
            (Weekday { .. }, Weekday { .. })
                | (Day { .. } | Month { .. } | Year { .. }, Day { .. } | Month { .. } | Year { .. })
                | (Relative { .. }, Relative { .. })
        )
    }
}

/// A date found in a sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateFact {
    /// What it denotes.
    pub value: DateValue,
    /// Where it is.
    pub span: Span,
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: &[&[&str]] = &[
    &["january", "jan"], &["february", "feb"], &["march", "mar"], &["april", "apr"], &["may"], &["june", "jun"],
    &["july", "jul"], &["august", "aug"], &["september", "sep", "sept"], &["october", "oct"],
    &["november", "nov"], &["december", "dec"],
];
/// Words after which a four-digit number is a year.
const YEAR_PREPOSITIONS: &[&str] = &["in", "since", "by", "of", "until", "from", "before", "after", "during", "as", "early", "late", "mid", "through", "throughout", "between", "and", "to", "circa"];

fn month_of(word: &str) -> Option<u8> {
    MONTHS.iter().position(|names| names.contains(&word)).map(|m| m as u8 + 1)
}

fn year_of(token: &Token) -> Option<i32> {
    if token.kind != TokenKind::Number || token.text.len() != 4 || token.text.contains([',', '.']) {
        return None;
    }
    token.text.parse().ok().filter(|y| (1000..=2200).contains(y))
}

fn day_of(token: &Token) -> Option<u8> {
    let value = numbers::ordinal_word(&token.text).or_else(|| token.text.parse().ok())?;
    u8::try_from(value).ok().filter(|d| (1..=31).contains(d))
}

/// Finds the dates among `tokens`.
pub fn find(tokens: &[Token]) -> Vec<DateFact> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let w = t.text.trim_end_matches('.');
        let next = tokens.get(i + 1);
        if let Some(day) = WEEKDAYS.iter().position(|d| *d == w) {
            out.push(DateFact { value: DateValue::Weekday { day: day as u8 }, span: t.span });
            i += 1;
            continue;
        }
        if let Some(days) = match w {
            "yesterday" => Some(-1),
            "today" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        } {
            out.push(DateFact { value: DateValue::Relative { days }, span: t.span });
            i += 1;
            continue;
        }
        // "May" is a month only before a day or year number.
        // Abbreviations and "May" are months only before a day or year number.
        let before_number = next.is_some_and(|n| n.kind == TokenKind::Number);
        let full_name = w.len() > 4 || w == "june" || w == "july";
        if let Some(month) = month_of(w).filter(|_| full_name || before_number) {
            let mut end = i + 1;
            let mut day = None;
            let mut year = None;
            if let Some(d) = tokens.get(end).filter(|n| n.kind == TokenKind::Number).and_then(day_of) {
                day = Some(d);
                end += 1;
                if tokens.get(end).is_some_and(|n| n.text == ",") && tokens.get(end + 1).and_then(year_of).is_some() {
                    end += 1;
                }
            }
            if let Some(y) = tokens.get(end).and_then(year_of) {
                year = Some(y);
                end += 1;
            }
            let value = match day {
                Some(day) => DateValue::Day { year, month, day },
                None => DateValue::Month { year, month },
            };
            out.push(DateFact { value, span: t.span.cover(tokens[end - 1].span) });
            i = end;
            continue;
        }
        // "10 September 2023", "10th of September".
        if let Some(day) = (t.kind == TokenKind::Number).then(|| day_of(t)).flatten() {
            let mut k = i + 1;
            if tokens.get(k).is_some_and(|n| n.text == "of") {
                k += 1;
            }
            if let Some(month) = tokens.get(k).and_then(|n| month_of(n.text.trim_end_matches('.'))) {
                let mut end = k + 1;
                if tokens.get(end).is_some_and(|n| n.text == ".") && tokens.get(end + 1).and_then(year_of).is_some() {
                    end += 1;
                }
                let year = tokens.get(end).and_then(year_of);
                if year.is_some() {
                    end += 1;
                }
                out.push(DateFact { value: DateValue::Day { year, month, day }, span: t.span.cover(tokens[end - 1].span) });
                i = end;
                continue;
            }
        }
        // ISO dates arrive as "2023", "-", "09", "-", "10".
        if let Some(year) = year_of(t) {
            let iso = tokens.get(i + 1).is_some_and(|n| n.text == "-")
                && tokens.get(i + 2).and_then(|n| n.text.parse::<u8>().ok()).is_some_and(|m| (1..=12).contains(&m))
                && tokens.get(i + 3).is_some_and(|n| n.text == "-")
                && tokens.get(i + 4).and_then(day_of).is_some();
            if iso {
                let month = tokens[i + 2].text.parse().unwrap_or(1);
                let day = day_of(&tokens[i + 4]).unwrap_or(1);
                out.push(DateFact { value: DateValue::Day { year: Some(year), month, day }, span: t.span.cover(tokens[i + 4].span) });
                i += 5;
                continue;
            }
            let prev = i.checked_sub(1).map(|p| tokens[p].text.as_str()).unwrap_or("");
            let next_word = next.map(|n| n.text.as_str()).unwrap_or(".");
            let followed_by_noun = next.is_some_and(|n| n.kind == TokenKind::Word && !YEAR_PREPOSITIONS.contains(&next_word) && next_word.len() > 2 && !matches!(next_word, "and" | "the" | "when" | "was" | "were"));
            if !followed_by_noun && (YEAR_PREPOSITIONS.contains(&prev) || (1900..=2100).contains(&year)) {
                out.push(DateFact { value: DateValue::Year { year }, span: t.span });
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    fn values(text: &str) -> Vec<(DateValue, &str)> {
        let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
        find(&tokens).into_iter().map(|d| (d.value, d.span.slice(text))).collect()
    }

    #[test]
    fn forms() {
        use DateValue::*;
        assert_eq!(values("The journey began on Sunday."), [(Weekday { day: 6 }, "Sunday")]);
        assert_eq!(values("On September 10, 2023 they met."), [(Day { year: Some(2023), month: 9, day: 10 }, "September 10, 2023")]);
        assert_eq!(values("since February 2022"), [(Month { year: Some(2022), month: 2 }, "February 2022")]);
        assert_eq!(values("as recently as 2017."), [(Year { year: 2017 }, "2017")]);
        assert_eq!(values("the 10th of Sept. 2001"), [(Day { year: Some(2001), month: 9, day: 10 }, "10th of Sept. 2001")]);
        assert_eq!(values("2023-09-10"), [(Day { year: Some(2023), month: 9, day: 10 }, "2023-09-10")]);
        assert_eq!(values("It may rain and 2000 people came."), []);
        assert_eq!(values("yesterday"), [(Relative { days: -1 }, "yesterday")]);
    }

    #[test]
    fn compatibility() {
        use DateValue::*;
        assert!(Month { year: Some(2023), month: 9 }.compatible(&Day { year: None, month: 9, day: 10 }));
        assert!(!Weekday { day: 0 }.compatible(&Weekday { day: 6 }));
        assert!(!Year { year: 2017 }.compatible(&Year { year: 2018 }));
    }
}
