//! Dates and days: weekdays ("on Sunday"), calendar dates ("September 10,
//! 2023", "10 Sept"), months ("in March 2021"), years ("in 2017"), ISO
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
    /// A span of whole years: a decade ("the 1980s"), a century ("the 20th
    /// century") or a range ("from 1997 to 2000").
    Years {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
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
        if let (Some(a), Some(b)) = (self.interval(), other.interval()) {
            return a.0 <= b.1 && b.0 <= a.1;
        }
        let year_ok = |a: Option<i32>, b: Option<i32>| a.is_none() || b.is_none() || a == b;
        match (*self, *other) {
            (Weekday { day: a }, Weekday { day: b }) => a == b,
            // A full date has a weekday: "on Tuesday" and "March 12, 2024" agree.
            (
                Weekday { day },
                Day {
                    year: Some(y),
                    month,
                    day: d,
                },
            )
            | (
                Day {
                    year: Some(y),
                    month,
                    day: d,
                },
                Weekday { day },
            ) => weekday_of(y, month, d) == day,
            (
                Day {
                    year: ya,
                    month: ma,
                    day: da,
                },
                Day {
                    year: yb,
                    month: mb,
                    day: db,
                },
            ) => year_ok(ya, yb) && ma == mb && da == db,
            (
                Day {
                    year: ya, month: ma, ..
                },
                Month { year: yb, month: mb },
            )
            | (
                Month { year: ya, month: ma },
                Day {
                    year: yb, month: mb, ..
                },
            )
            | (Month { year: ya, month: ma }, Month { year: yb, month: mb }) => year_ok(ya, yb) && ma == mb,
            (Year { year: a }, Year { year: b }) => a == b,
            (Year { year: a }, Day { year: b, .. } | Month { year: b, .. })
            | (Day { year: b, .. } | Month { year: b, .. }, Year { year: a }) => b.is_none_or(|b| a == b),
            // Weekdays, relative days and calendar dates can't be compared
            // without a calendar anchor: assume they may agree.
            _ => true,
        }
    }

    /// The days this value covers, as `(first, last)` day numbers, when it
    /// has a year (day number = (year * 12 + month - 1) * 31 + day - 1).
    pub fn interval(&self) -> Option<(i64, i64)> {
        let day = |y: i32, m: u8, d: u8| (i64::from(y) * 12 + i64::from(m) - 1) * 31 + i64::from(d) - 1;
        match *self {
            DateValue::Day {
                year: Some(y),
                month,
                day: d,
            } => Some((day(y, month, d), day(y, month, d))),
            DateValue::Month { year: Some(y), month } => Some((day(y, month, 1), day(y, month, 31))),
            DateValue::Year { year } => Some((day(year, 1, 1), day(year, 12, 31))),
            DateValue::Years { from, to } => Some((day(from, 1, 1), day(to, 12, 31))),
            _ => None,
        }
    }

    /// Whether both values are of a kind that can clash (same granularity family).
    pub fn comparable(&self, other: &DateValue) -> bool {
        use DateValue::*;
        matches!(
            (self, other),
            (Weekday { .. }, Weekday { .. })
                | (Weekday { .. }, Day { year: Some(_), .. })
                | (Day { year: Some(_), .. }, Weekday { .. })
                | (
                    Day { .. } | Month { .. } | Year { .. } | Years { .. },
                    Day { .. } | Month { .. } | Year { .. } | Years { .. }
                )
                | (Relative { .. }, Relative { .. })
        )
    }
}

/// Days since 1970-01-01 of a calendar date (proleptic Gregorian; Howard
/// Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// 0 = Monday ... 6 = Sunday.
pub fn weekday_of(year: i32, month: u8, day: u8) -> u8 {
    // 1970-01-01 was a Thursday (3).
    ((days_from_civil(year, month, day) + 3).rem_euclid(7)) as u8
}

/// Parses the start of an ISO 8601 date ("2023-09-10", "2023-09-10T08:00Z").
pub fn parse_iso(text: &str) -> Option<(i32, u8, u8)> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
    let d = parts.next()?.parse().ok().filter(|d| (1..=31).contains(d))?;
    Some((y, m, d))
}

impl DateFact {
    /// Resolves a relative day ("yesterday") against the publication date.
    pub fn anchor(&mut self, published: (i32, u8, u8)) {
        if let DateValue::Relative { days } = self.value {
            let (year, month, day) =
                civil_from_days(days_from_civil(published.0, published.1, published.2) + i64::from(days));
            self.value = DateValue::Day {
                year: Some(year),
                month,
                day,
            };
        }
    }
}

/// How the words around a date bound the time meant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBound {
    /// "in 2017", "on Sunday".
    #[default]
    At,
    /// "before 2005", "prior to 2005".
    Before,
    /// "after 2010", "later than 2010".
    After,
    /// "since 2010", "from 2010", "as of 2010".
    Since,
    /// "until 2010", "by 2010", "through 2010".
    Until,
}

/// A date found in a sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateFact {
    /// What it denotes.
    pub value: DateValue,
    /// How it bounds the time meant.
    #[serde(default, skip_serializing_if = "is_at")]
    pub bound: DateBound,
    /// Where it is.
    pub span: Span,
}

fn is_at(b: &DateBound) -> bool {
    *b == DateBound::At
}

impl DateFact {
    /// Whether the two dates can denote the same time, bounds respected:
    /// "before 2005" and "in 2001" are compatible, "after 2010" and
    /// "January 2011" too, "in 2009" and "in 2008" are not. Two starting
    /// points ("has led since 2002" / "since 2003") or two end points are
    /// points in time, not open ranges: they agree only when their dates do.
    pub fn compatible(&self, other: &DateFact) -> bool {
        if self.bound == other.bound && matches!(self.bound, DateBound::Since | DateBound::Until) {
            return self.value.compatible(&other.value);
        }
        match (self.range(), other.range()) {
            (Some(a), Some(b)) => a.0 <= b.1 && b.0 <= a.1,
            // A bound without a year ("before September 10th") can't be placed.
            _ if self.bound != DateBound::At || other.bound != DateBound::At => true,
            _ => self.value.compatible(&other.value),
        }
    }

    /// The days meant, bound applied, when the value has a year.
    fn range(&self) -> Option<(i64, i64)> {
        let (lo, hi) = self.value.interval()?;
        Some(match self.bound {
            DateBound::At => (lo, hi),
            DateBound::Before => (i64::MIN, lo - 1),
            DateBound::After => (hi + 1, i64::MAX),
            DateBound::Since => (lo, i64::MAX),
            DateBound::Until => (i64::MIN, hi),
        })
    }
}

/// The bound given by the words just before token `i`.
fn bound_before(tokens: &[Token], i: usize) -> DateBound {
    let w = |back: usize| i.checked_sub(back).map(|k| tokens[k].text.as_str()).unwrap_or("");
    // Skip "the", "on", "in" between the bound word and the date ("before the 1980s", "after in").
    let skip = usize::from(matches!(w(1), "the" | "on" | "in" | "of"));
    match (w(2 + skip), w(1 + skip)) {
        ("prior", "to") | ("earlier", "than") => DateBound::Before,
        ("later", "than") => DateBound::After,
        ("as", "of") => DateBound::Since,
        ("up", "to") => DateBound::Until,
        _ => match w(1 + skip) {
            "before" | "pre" => DateBound::Before,
            "after" | "post" => DateBound::After,
            "since" | "from" => DateBound::Since,
            "until" | "till" | "by" | "through" | "thru" => DateBound::Until,
            _ => DateBound::At,
        },
    }
}

/// Joins "from 1997 to 2000", "between 1997 and 2000", "1997-2000" into one range.
fn join_ranges(tokens: &[Token], mut facts: Vec<DateFact>) -> Vec<DateFact> {
    let mut out: Vec<DateFact> = Vec::with_capacity(facts.len());
    facts.reverse();
    while let Some(first) = facts.pop() {
        if let Some(next) = facts.last() {
            let between: Vec<&str> = tokens
                .iter()
                .filter(|t| t.span.start >= first.span.end && t.span.end <= next.span.start)
                .map(|t| t.text.as_str())
                .collect();
            let joined = matches!(
                between.as_slice(),
                ["to"] | ["-"] | ["and"] | ["until"] | ["through"] | ["-", "-"]
            );
            if let (true, Some(a), Some(b)) = (joined, first.value.interval(), next.value.interval()) {
                if a.0 < b.1 {
                    let (from, to) = (year_of_day(a.0), year_of_day(b.1));
                    // Only whole years make one period; two full dates ("June 19,
                    // 1964 - August 12, 1991") are usually two events.
                    let years = |v: DateValue| matches!(v, DateValue::Year { .. } | DateValue::Years { .. });
                    let span = first.span.cover(next.span);
                    if years(first.value) && years(next.value) {
                        facts.pop();
                        out.push(DateFact {
                            value: DateValue::Years { from, to },
                            bound: DateBound::At,
                            span,
                        });
                        continue;
                    }
                    // Keep both dates, and the period between them ("alive in 1990").
                    out.push(DateFact {
                        value: DateValue::Years { from, to },
                        bound: DateBound::At,
                        span,
                    });
                }
            }
        }
        out.push(first);
    }
    out
}

fn year_of_day(day: i64) -> i32 {
    (day.div_euclid(31 * 12)) as i32
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: &[&[&str]] = &[
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];
/// Words after which a four-digit number is a year.
const YEAR_PREPOSITIONS: &[&str] = &[
    "in",
    "since",
    "by",
    "of",
    "until",
    "from",
    "before",
    "after",
    "during",
    "as",
    "early",
    "late",
    "mid",
    "through",
    "throughout",
    "between",
    "and",
    "to",
    "circa",
];

/// The year a text mentions most often (the latest on a tie), among four-
/// digit numbers from 1900 to 2100 standing alone: the year a news article
/// is about, when it has no publication date.
pub fn usual_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let standalone = (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if standalone && bytes[i..i + 4].iter().all(u8::is_ascii_digit) {
            let year = i32::from(bytes[i] - b'0') * 1000
                + i32::from(bytes[i + 1] - b'0') * 100
                + i32::from(bytes[i + 2] - b'0') * 10
                + i32::from(bytes[i + 3] - b'0');
            if (1900..=2100).contains(&year) {
                *counts.entry(year).or_insert(0) += 1;
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    counts.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y)
}

/// Whether a folded word names a weekday or a month ("monday", "sept").
pub fn is_calendar_word(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    WEEKDAYS.contains(&w) || month_of(w).is_some()
}

fn month_of(word: &str) -> Option<u8> {
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|m| m as u8 + 1)
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

/// Finds the dates among `tokens` (spans into `text`, whose capitals tell
/// "2017 NBA Finals" (a year) from "2000 people" (a count)).
pub fn find(text: &str, tokens: &[Token]) -> Vec<DateFact> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // Decades and centuries: "the 1980s", "the 20th century".
        if let Some(decade) = decade_of(&tokens[i]) {
            // "the 1900s" is read as the century, "the 1980s" as the decade.
            let span_years = if decade % 100 == 0 { 99 } else { 9 };
            out.push(DateFact {
                value: DateValue::Years {
                    from: decade,
                    to: decade + span_years,
                },
                bound: DateBound::At,
                span: tokens[i].span,
            });
            i += 1;
            continue;
        }
        if let (Some(n), Some("century")) = (
            numbers::ordinal_word(&tokens[i].text),
            tokens.get(i + 1).map(|t| t.text.as_str()),
        ) {
            if (1..=22).contains(&n) {
                let from = (n as i32 - 1) * 100 + 1;
                out.push(DateFact {
                    value: DateValue::Years { from, to: from + 99 },
                    bound: DateBound::At,
                    span: tokens[i].span.cover(tokens[i + 1].span),
                });
                i += 2;
                continue;
            }
        }
        let t = &tokens[i];
        let w = t.text.trim_end_matches('.');
        let next = tokens.get(i + 1);
        let part = part_of(w);
        if let Some(value) = one_word_date(w, part) {
            out.push(DateFact {
                bound: DateBound::At,
                value,
                span: t.span,
            });
            i += 1;
            continue;
        }
        // Abbreviations and "May" are months only before a day or year
        // number, or written with the part of the month ("mid-May",
        // "November-end"; the month is kept, not the part).
        let before_number = next.is_some_and(|n| n.kind == TokenKind::Number);
        let month_word = part.unwrap_or(w);
        let full_name = month_word.len() > 4 || month_word.len() < w.len() || w == "june" || w == "july";
        if let Some(month) = month_of(month_word).filter(|_| full_name || before_number) {
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
            out.push(DateFact {
                bound: DateBound::At,
                value,
                span: t.span.cover(tokens[end - 1].span),
            });
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
                out.push(DateFact {
                    bound: DateBound::At,
                    value: DateValue::Day { year, month, day },
                    span: t.span.cover(tokens[end - 1].span),
                });
                i = end;
                continue;
            }
        }
        // Years of an era: "30 BC", "AD 79" is left to the year rule.
        if t.kind == TokenKind::Number && !t.text.contains([',', '.']) {
            let era = next.map(|n| n.text.trim_end_matches('.'));
            if let (Ok(n), Some(era @ ("bc" | "bce" | "b.c" | "ad" | "ce" | "a.d"))) = (t.text.parse::<i32>(), era) {
                let year = if era.starts_with('b') { -n } else { n };
                out.push(DateFact {
                    value: DateValue::Year { year },
                    bound: DateBound::At,
                    span: t.span.cover(tokens[i + 1].span),
                });
                i += 2;
                continue;
            }
        }
        // ISO dates arrive as "2023", "-", "09", "-", "10".
        if let Some(year) = year_of(t) {
            let iso = tokens.get(i + 1).is_some_and(|n| n.text == "-")
                && tokens
                    .get(i + 2)
                    .and_then(|n| n.text.parse::<u8>().ok())
                    .is_some_and(|m| (1..=12).contains(&m))
                && tokens.get(i + 3).is_some_and(|n| n.text == "-")
                && tokens.get(i + 4).and_then(day_of).is_some();
            if iso {
                let month = tokens[i + 2].text.parse().unwrap_or(1);
                let day = day_of(&tokens[i + 4]).unwrap_or(1);
                out.push(DateFact {
                    bound: DateBound::At,
                    value: DateValue::Day {
                        year: Some(year),
                        month,
                        day,
                    },
                    span: t.span.cover(tokens[i + 4].span),
                });
                i += 5;
                continue;
            }
            let prev = i.checked_sub(1).map(|p| tokens[p].text.as_str()).unwrap_or("");
            let next_word = next.map(|n| n.text.as_str()).unwrap_or(".");
            let capitalized = next.is_some_and(|n| n.span.slice(text).starts_with(char::is_uppercase));
            // "a 2006 comedy film", "the 2016 rankings": a year used as an adjective.
            let determiner = matches!(prev, "a" | "an" | "the" | "his" | "her" | "its" | "their" | "'s");
            let followed_by_noun = next.is_some_and(|n| {
                n.kind == TokenKind::Word
                    && !YEAR_PREPOSITIONS.contains(&next_word)
                    && next_word.len() > 2
                    && !matches!(next_word, "and" | "the" | "when" | "was" | "were")
            }) && !capitalized
                && !determiner;
            if !followed_by_noun && (YEAR_PREPOSITIONS.contains(&prev) || (1900..=2100).contains(&year)) {
                out.push(DateFact {
                    bound: DateBound::At,
                    value: DateValue::Year { year },
                    span: t.span,
                });
            }
        }
        i += 1;
    }
    for fact in &mut out {
        // Tokens are in text order: a binary search keeps this linear in
        // long sentences.
        let at = tokens.partition_point(|t| t.span.start < fact.span.start);
        if tokens.get(at).is_some_and(|t| t.span.start == fact.span.start) {
            fact.bound = bound_before(tokens, at);
        }
    }
    join_ranges(tokens, out)
}

/// A date that one word makes: a weekday, "yesterday" / "today" /
/// "tomorrow", or a year written with the part of it ("mid-2009",
/// "late-1990"; `part` is [`part_of`] the word).
fn one_word_date(w: &str, part: Option<&str>) -> Option<DateValue> {
    if let Some(day) = WEEKDAYS.iter().position(|d| *d == w) {
        return Some(DateValue::Weekday { day: day as u8 });
    }
    let days = match w {
        "yesterday" => Some(-1),
        "today" => Some(0),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(days) = days {
        return Some(DateValue::Relative { days });
    }
    let part = part.filter(|p| p.len() == 4)?;
    let year: i32 = part.parse().ok()?;
    (1000..=2200).contains(&year).then_some(DateValue::Year { year })
}

/// A word with the part of a month or year joined to it by a hyphen
/// ("mid-may", "early-2009", "november-end"): the month or year word.
fn part_of(word: &str) -> Option<&str> {
    ["mid-", "early-", "late-"]
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .or_else(|| ["-end", "-start"].iter().find_map(|s| word.strip_suffix(s)))
        .filter(|rest| !rest.is_empty())
}

/// "1980s" -> 1980.
fn decade_of(token: &Token) -> Option<i32> {
    let text = ["mid-", "early-", "late-"]
        .iter()
        .find_map(|p| token.text.strip_prefix(p))
        .unwrap_or(&token.text);
    let digits = text.strip_suffix('s').or_else(|| text.strip_suffix("'s"))?;
    let year: i32 = digits.parse().ok()?;
    (digits.len() == 4 && year % 10 == 0 && (1000..=2200).contains(&year)).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    fn values(text: &str) -> Vec<(DateValue, &str)> {
        let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
        find(text, &tokens)
            .into_iter()
            .map(|d| (d.value, d.span.slice(text)))
            .collect()
    }

    fn fact(text: &str) -> DateFact {
        let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
        find(text, &tokens).remove(0)
    }

    #[test]
    fn bounds_and_ranges() {
        // VitaminC synthetic (dev) style claims against evidence dates.
        let cases: &[(&str, &str, bool)] = &[
            ("released before 2005", "released on September 25, 2001", true),
            ("released after 2010", "released on January 21, 2011", true),
            ("born before June 10th, 1993", "born June 6, 1993", true),
            ("closed in 1952", "established in 1953", false),
            ("began in the 1980s", "started in the 1970s", false),
            ("played from 1997 to 2000", "played in 1999", true),
            ("lived in the 20th century", "died in 1924", true),
            ("won in 2012", "won in the 2017 NBA Finals", false),
            ("died after 30 BC", "died in 25 BC", true),
            ("born before September 10th", "born September 8, 1982", true),
        ];
        for (a, b, want) in cases {
            assert_eq!(fact(a).compatible(&fact(b)), *want, "{a} / {b}");
        }
    }

    #[test]
    fn forms() {
        use DateValue::*;
        assert_eq!(
            values("The visit started on Tuesday."),
            [(Weekday { day: 1 }, "Tuesday")]
        );
        assert_eq!(
            values("On September 10, 2023 they met."),
            [(
                Day {
                    year: Some(2023),
                    month: 9,
                    day: 10
                },
                "September 10, 2023"
            )]
        );
        assert_eq!(
            values("since March 2021"),
            [(
                Month {
                    year: Some(2021),
                    month: 3
                },
                "March 2021"
            )]
        );
        assert_eq!(values("as late as 2019."), [(Year { year: 2019 }, "2019")]);
        assert_eq!(
            values("in mid-December"),
            [(Month { year: None, month: 12 }, "mid-December")]
        );
        assert_eq!(
            values("in November-end"),
            [(Month { year: None, month: 11 }, "November-end")]
        );
        assert_eq!(
            values("by late-May 2008"),
            [(
                Month {
                    year: Some(2008),
                    month: 5
                },
                "late-May 2008"
            )]
        );
        assert_eq!(values("closed in mid-2009"), [(Year { year: 2009 }, "mid-2009")]);
        assert_eq!(values("a mid-size car"), []);
        assert_eq!(
            values("the 10th of Sept. 2001"),
            [(
                Day {
                    year: Some(2001),
                    month: 9,
                    day: 10
                },
                "10th of Sept. 2001"
            )]
        );
        assert_eq!(
            values("2023-09-10"),
            [(
                Day {
                    year: Some(2023),
                    month: 9,
                    day: 10
                },
                "2023-09-10"
            )]
        );
        assert_eq!(values("It may rain and 2000 people came."), []);
        assert_eq!(values("the 2017 NBA Finals"), [(Year { year: 2017 }, "2017")]);
        assert_eq!(
            values("is a 2006 romantic comedy film"),
            [(Year { year: 2006 }, "2006")]
        );
        assert_eq!(values("born in the 1900s"), [(Years { from: 1900, to: 1999 }, "1900s")]);
        assert_eq!(values("died in 25 BC"), [(Year { year: -25 }, "25 BC")]);
        assert_eq!(values("in the 1980s"), [(Years { from: 1980, to: 1989 }, "1980s")]);
        assert_eq!(values("yesterday"), [(Relative { days: -1 }, "yesterday")]);
    }

    #[test]
    fn calendar() {
        assert_eq!(weekday_of(2024, 3, 12), 1, "2024-03-12 was a Tuesday");
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29) + 1), (2024, 3, 1));
        assert_eq!(parse_iso("2023-09-11T10:00:00Z"), Some((2023, 9, 11)));
        let mut yesterday = DateFact {
            value: DateValue::Relative { days: -1 },
            bound: DateBound::At,
            span: Span::new(0, 9),
        };
        yesterday.anchor((2023, 3, 1));
        assert_eq!(
            yesterday.value,
            DateValue::Day {
                year: Some(2023),
                month: 2,
                day: 28
            }
        );
        assert!(DateValue::Weekday { day: 6 }.compatible(&DateValue::Day {
            year: Some(2023),
            month: 9,
            day: 10
        }));
        assert!(!DateValue::Weekday { day: 0 }.compatible(&DateValue::Day {
            year: Some(2023),
            month: 9,
            day: 10
        }));
    }

    #[test]
    fn compatibility() {
        use DateValue::*;
        assert!(Month {
            year: Some(2023),
            month: 9
        }
        .compatible(&Day {
            year: None,
            month: 9,
            day: 10
        }));
        assert!(!Weekday { day: 0 }.compatible(&Weekday { day: 6 }));
        assert!(!Year { year: 2017 }.compatible(&Year { year: 2018 }));
        let fact = |year: i32, bound: DateBound| DateFact {
            value: Year { year },
            bound,
            span: Span::new(0, 4),
        };
        // Two starting points must agree; a start and a date inside the range may.
        assert!(!fact(2002, DateBound::Since).compatible(&fact(2003, DateBound::Since)));
        assert!(fact(2002, DateBound::Since).compatible(&fact(2003, DateBound::At)));
        assert!(fact(2001, DateBound::Before).compatible(&fact(2003, DateBound::Before)));
    }
}
