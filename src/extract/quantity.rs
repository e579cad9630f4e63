//! Quantities: a value or range, how it is bounded, and what it counts.
//!
//! "more than 24 million sales" is `(24e6, inf)` of "sale"; "under 23.5
//! million" is `[0, 23.5e6)`; "about 100 people" is 100 +/- 10%; "tens of
//! millions of shells" is `[1e7, 1e8]`; "$2.5 billion" is 2.5e9 of "usd".
//! Years, days of the month and numbers that are part of a name
//! ("Boeing 737", "Apollo 11") are not quantities.

use serde::{Deserialize, Serialize};

use super::{head, DateFact};
use crate::normalize::{is_stopword, numbers, Token, TokenKind};
use crate::span::Span;

/// How a written number bounds the true value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// "12".
    Exact,
    /// "at least 12", "12 or more".
    AtLeast,
    /// "more than 12", "over 12".
    MoreThan,
    /// "at most 12", "up to 12".
    AtMost,
    /// "less than 12", "under 12".
    LessThan,
    /// "about 12", "nearly 12", "some 12".
    About,
    /// "between 10 and 12", "10-12", "tens of millions".
    Range,
}

/// A quantity of something.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Smallest value the words allow.
    pub lo: f64,
    /// Largest value the words allow (`f64::INFINITY` serialized as null).
    #[serde(with = "infinite_as_null")]
    pub hi: f64,
    /// How the number bounds the value.
    pub bound: Bound,
    /// Stem of what is counted or the unit ("sale", "year", "usd", "percent").
    pub unit: Option<String>,
    /// Stem of the content word just before the number ("killed" in "killed 12").
    pub anchor: Option<String>,
    /// The number with its bound words ("more than 24 million").
    pub span: Span,
    /// Where the unit is.
    pub unit_span: Option<Span>,
}

mod infinite_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

/// Relative tolerance of "about".
pub const ABOUT: f64 = 0.1;

impl Quantity {
    /// Whether the two quantities can both be true of one thing.
    ///
    /// Bounds are respected: "over 4" and "more than 3" overlap; "under
    /// 23.5 million" and "more than 24 million" do not. Exact values must be
    /// equal; "about" allows 10%.
    pub fn compatible(&self, other: &Quantity) -> bool {
        let (a_lo, a_hi) = self.interval();
        let (b_lo, b_hi) = other.interval();
        a_lo <= b_hi && b_lo <= a_hi
    }

    /// The closed interval this quantity allows (open bounds nudged inward).
    pub fn interval(&self) -> (f64, f64) {
        let eps = |v: f64| v.abs() * 1e-9 + 1e-12;
        match self.bound {
            Bound::Exact => (self.lo - eps(self.lo), self.hi + eps(self.hi)),
            Bound::About => (self.lo * (1.0 - ABOUT), self.hi * (1.0 + ABOUT)),
            Bound::AtLeast | Bound::AtMost | Bound::Range => (self.lo, self.hi),
            Bound::MoreThan => (self.lo + eps(self.lo), self.hi),
            Bound::LessThan => (self.lo, self.hi - eps(self.hi)),
        }
    }
}

/// Units written as symbols or words, to one stem.
fn unit_of_symbol(symbol: &str) -> Option<&'static str> {
    match symbol {
        "$" | "dollar" | "dollars" | "usd" => Some("usd"),
        "€" | "euro" | "euros" | "eur" => Some("eur"),
        "£" | "pound" | "pounds" | "gbp" => Some("gbp"),
        "¥" | "yen" => Some("yen"),
        "%" | "percent" | "pct" => Some("percent"),
        _ => None,
    }
}

/// Whether `t` is a group of digits only ("0161", "496").
fn is_digit_group(t: &Token) -> bool {
    t.kind == TokenKind::Number && t.text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `t` is a digit group that starts with a zero ("0161", "02"):
/// written so, a number is a code, not an amount. Known false positive: a
/// count written zero-padded ("007 agents") is not read.
fn is_code_start(t: &Token) -> bool {
    is_digit_group(t) && t.text.len() >= 2 && t.text.starts_with('0')
}

/// Finds the quantities among `tokens`, skipping numbers inside `dates`.
pub fn find(text: &str, tokens: &[Token], dates: &[DateFact]) -> Vec<Quantity> {
    // Dates are in text order and do not overlap: only the last one that
    // starts at or before `span` can hold it (a binary search, so long
    // sentences stay linear).
    let in_date = |span: Span| {
        let after = dates.partition_point(|d| d.span.start <= span.start);
        after > 0 && span.end <= dates[after - 1].span.end
    };
    let word = |k: usize| tokens.get(k).map(|t| t.text.as_str()).unwrap_or("");
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if in_date(t.span) || numbers::ordinal_word(&t.text).is_some() {
            i += 1;
            continue;
        }
        // "one" and "a" are too often not numbers ("one of them", "a visit").
        if matches!(t.text.as_str(), "one" | "a" | "an")
            && !matches!(
                word(i + 1),
                "hundred" | "thousand" | "million" | "billion" | "trillion" | "dozen" | "decade"
            )
        {
            i += 1;
            continue;
        }
        let Some(reading) = numbers::read(tokens, i) else {
            i += 1;
            continue;
        };
        // A digit group with a leading zero opens a code (a telephone number
        // "0161 496 0123", a postcode): it and the digit groups right after
        // it are no amounts.
        if is_code_start(t) {
            i += 1;
            while tokens.get(i).is_some_and(is_digit_group) {
                i += 1;
            }
            continue;
        }
        // A number right after a capitalized name is part of it ("Boeing 737", "Resolution 2231").
        if t.kind == TokenKind::Number && is_name_like(text, tokens, i) {
            i = reading.end;
            continue;
        }
        let mut q = Quantity {
            lo: reading.lo,
            hi: reading.hi,
            bound: if reading.vague { Bound::Range } else { Bound::Exact },
            unit: None,
            anchor: None,
            span: reading.span,
            unit_span: None,
        };
        let mut end = reading.end;
        // Ranges: "10 to 12", "10-12", "between 10 and 12".
        let joiner = word(end);
        if matches!(joiner, "to" | "-" | "and") {
            if let Some(upper) = numbers::read(tokens, end + 1)
                .filter(|u| u.lo > q.lo && (joiner != "and" || word(i.wrapping_sub(1)) == "between"))
            {
                q.hi = upper.hi;
                q.bound = Bound::Range;
                q.span = q.span.cover(upper.span);
                end = upper.end;
            }
        }
        // Bound words before: "more than", "at least", "about", "under"...
        let (bound, bound_start) = bound_before(tokens, i);
        if let Some(bound) = bound {
            if q.bound == Bound::Exact {
                q.bound = bound;
            }
            q.span = tokens[bound_start].span.cover(q.span);
        }
        // "12 or more", "12 or fewer".
        if word(end) == "or" {
            match word(end + 1) {
                "more" | "greater" | "above" => (q.bound, end) = (Bound::AtLeast, end + 2),
                "less" | "fewer" | "below" => (q.bound, end) = (Bound::AtMost, end + 2),
                _ => {}
            }
        }
        match q.bound {
            Bound::AtLeast | Bound::MoreThan => q.hi = f64::INFINITY,
            Bound::AtMost | Bound::LessThan => (q.lo, q.hi) = (0.0, q.lo),
            _ => {}
        }
        // Unit: a currency sign before, a unit word or counted noun after.
        if i > 0 {
            if let Some(unit) = unit_of_symbol(&tokens[i - 1].text) {
                q.unit = Some(unit.to_string());
                q.unit_span = Some(tokens[i - 1].span);
                q.span = q.span.cover(tokens[i - 1].span);
            }
        }
        if q.unit.is_none() {
            if let Some(unit) = numbers::glued_unit(&t.text) {
                // Glued on ("5km"): the unit has no span of its own.
                q.unit = Some(unit.to_string());
            } else if let Some(unit) = unit_of_symbol(word(end)) {
                q.unit = Some(unit.to_string());
                q.unit_span = Some(tokens[end].span);
            } else if word(end) == "per" && word(end + 1) == "cent" {
                q.unit = Some("percent".into());
                q.unit_span = Some(tokens[end].span.cover(tokens[end + 1].span));
            } else if let Some(h) = head::after(tokens, end) {
                q.unit = Some(tokens[h.index].stem().to_string());
                q.unit_span = Some(tokens[h.index].span);
            }
        }
        q.anchor = (0..bound_start.min(i))
            .rev()
            .take(3)
            .map(|k| &tokens[k])
            .find(|t| t.kind == TokenKind::Word && !is_stopword(&t.text) && !is_bound_word(&t.text))
            .map(|t| t.stem().to_string());
        out.push(q);
        i = end.max(i + 1);
    }
    out
}

/// Whether the number at `i` is part of a name: right after a capitalized
/// word inside the sentence ("Boeing 737", "Resolution 2231"), or after a
/// word that numbers things ("article 5", "flight 370").
fn is_name_like(text: &str, tokens: &[Token], i: usize) -> bool {
    const NUMBERING: &[&str] = &[
        "resolution",
        "flight",
        "article",
        "section",
        "chapter",
        "route",
        "highway",
        "model",
        "version",
        "no",
        "number",
        "room",
        "page",
        "act",
        "item",
        "line",
        "track",
        "episode",
        "season",
        "volume",
        "figure",
        "table",
        "rule",
        "level",
        "phase",
        "gate",
        "platform",
        "channel",
        "division",
        "grade",
        "class",
        "type",
        "series",
    ];
    let Some(prev) = i.checked_sub(1).map(|p| &tokens[p]) else {
        return false;
    };
    if prev.kind != TokenKind::Word {
        return false;
    }
    let first_word = tokens.iter().position(|t| t.kind == TokenKind::Word) == Some(i - 1);
    let capitalized = prev.span.slice(text).starts_with(char::is_uppercase);
    let calendar = super::date::is_calendar_word(&prev.text);
    NUMBERING.contains(&prev.text.as_str()) || (capitalized && !first_word && !calendar)
}

fn is_bound_word(word: &str) -> bool {
    matches!(
        word,
        "more"
            | "less"
            | "fewer"
            | "least"
            | "most"
            | "over"
            | "under"
            | "about"
            | "around"
            | "nearly"
            | "almost"
            | "roughly"
            | "approximately"
            | "some"
            | "up"
            | "above"
            | "below"
            | "exceeding"
            | "upwards"
            | "estimated"
            | "potentially"
            | "than"
            | "just"
            | "only"
            | "exactly"
            | "precisely"
    )
}

/// The bound expressed by the words before token `i`, and where they start.
fn bound_before(tokens: &[Token], i: usize) -> (Option<Bound>, usize) {
    let w = |back: usize| i.checked_sub(back).map(|k| tokens[k].text.as_str()).unwrap_or("");
    // Skip a currency sign between bound and number ("more than $5").
    let shift = usize::from(unit_of_symbol(w(1)).is_some() && tokens[i - 1].kind == TokenKind::Symbol);
    let w = |back: usize| w(back + shift);
    let two = (w(2), w(1));
    let bound = match two {
        ("more" | "greater" | "higher" | "larger", "than") => Some((Bound::MoreThan, 2)),
        ("less" | "fewer" | "lower" | "smaller", "than") => Some((Bound::LessThan, 2)),
        ("at", "least") | ("no", "fewer") | ("no", "less") => Some((Bound::AtLeast, 2)),
        ("at", "most") | ("up", "to") | ("no", "more") => Some((Bound::AtMost, 2)),
        _ => match w(1) {
            "over" | "above" | "exceeding" | "beyond" | "upwards" => Some((Bound::MoreThan, 1)),
            "under" | "below" => Some((Bound::LessThan, 1)),
            "about" | "around" | "approximately" | "roughly" | "nearly" | "almost" | "some" | "estimated" | "circa"
            | "approx" | "~" => Some((Bound::About, 1)),
            "than" if matches!(w(2), "more" | "less" | "fewer") => None,
            _ => None,
        },
    };
    match bound {
        Some((b, n)) => (Some(b), i - n - shift),
        None => (None, i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Tokenizer;

    fn quantities(text: &str) -> Vec<Quantity> {
        let tokens = Tokenizer.tokenize(text, Span::new(0, text.len()));
        let dates = super::super::date::find(text, &tokens);
        find(text, &tokens, &dates)
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: Option<(f64, f64, Bound, Option<&'static str>, &'static str)>,
    }

    const INF: f64 = f64::INFINITY;
    const CASES: &[Case] = &[
        Case {
            name: "VitaminC dev: lower bound",
            input: "with a total of more than 23 million combined sales",
            want: Some((23e6, INF, Bound::MoreThan, Some("sale"), "more than 23 million")),
        },
        Case {
            name: "VitaminC dev: upper bound",
            input: "made under 23.5 million sales",
            want: Some((0.0, 23.5e6, Bound::LessThan, Some("sale"), "under 23.5 million")),
        },
        Case {
            name: "vague range",
            input: "possibly tens of millions of mortar rounds",
            want: Some((1e7, 1e8, Bound::Range, Some("round"), "tens of millions")),
        },
        Case {
            name: "over with years",
            input: "her first visit overseas in over three years",
            want: Some((3.0, INF, Bound::MoreThan, Some("year"), "over three")),
        },
        Case {
            name: "currency",
            input: "sold for $2.5 billion in 1998",
            want: Some((2.5e9, 2.5e9, Bound::Exact, Some("usd"), "$2.5 billion")),
        },
        Case {
            name: "percent",
            input: "rose 5 percent",
            want: Some((5.0, 5.0, Bound::Exact, Some("percent"), "5")),
        },
        Case {
            name: "about",
            input: "about 100 people",
            want: Some((100.0, 100.0, Bound::About, Some("peopl"), "about 100")),
        },
        Case {
            name: "range",
            input: "between 10 and 12 soldiers",
            want: Some((10.0, 12.0, Bound::Range, Some("soldier"), "10 and 12")),
        },
        Case {
            name: "year is not a quantity",
            input: "as late as 2019.",
            want: None,
        },
        Case {
            name: "named number",
            input: "under Resolution 2231",
            want: None,
        },
        Case {
            name: "a telephone number is a code",
            input: "call them on 0161 496 0123 or 0800 496111",
            want: None,
        },
        Case {
            name: "an amount after a code",
            input: "call 0800 496111 for 20 tickets",
            want: Some((20.0, 20.0, Bound::Exact, Some("ticket"), "20")),
        },
        Case {
            name: "killed with anchor",
            input: "The blast killed 12.",
            want: Some((12.0, 12.0, Bound::Exact, None, "12")),
        },
    ];

    #[test]
    fn cases() {
        for case in CASES {
            let got = quantities(case.input);
            let got = got
                .first()
                .map(|q| (q.lo, q.hi, q.bound, q.unit.as_deref(), q.span.slice(case.input)));
            assert_eq!(got, case.want, "case: {}", case.name);
        }
    }

    #[test]
    fn bounds_are_respected() {
        let q = |text: &str| quantities(text).remove(0);
        assert!(q("over six years").compatible(&q("more than five years")));
        assert!(!q("under 23.5 million").compatible(&q("more than 24 million")));
        assert!(!q("12 people").compatible(&q("20 people")));
        assert!(q("about 100 people").compatible(&q("105 people")));
        assert!(q("tens of millions").compatible(&q("20 million")));
        assert!(q("killed 12").anchor.as_deref() == Some("kill"));
    }
}
