//! **numeric** (CC001): incompatible amounts of the same thing.
//!
//! - **Flags**: "Police said 12 people were injured in the riots" / "Police
//!   said 18 people had been injured in the violence"; "a magnitude 5.1
//!   earthquake struck" / "a 5.3 magnitude quake shook" (the same claim,
//!   apart from the number).
//! - **Why**: tolls, counts and amounts are the facts most often misreported
//!   or updated between sources.
//! - **Alignment**: the two amounts are in one dimension (the same currency,
//!   or units that convert: feet and metres, weeks and days; a bare count
//!   never meets a sum of money); nothing tells the two slots apart (no
//!   referent, event, holder or named qualifier differs; see
//!   [`SlotAlignment::compatible`]); and either the referents match and so
//!   do the events ("12 *people* were *injured*" / "18 *people* had been
//!   *injured*"), or the sentences state the same claim apart from their
//!   values ([`Params::same_claim`]); and the sentences are about the same
//!   event (a shared actor or [`Params::min_shared`] shared words). Ages
//!   ("Robert Buckley, 32,", "a 31-year-old climber") align only when both
//!   name the same person, or neither names one and both describe the same
//!   kind of person ("a 61-year-old man" / "a 61-year-old man"): "the
//!   36-year-old driver" / "a 66-year-old woman" are two people. Known
//!   false negative: one person described two ways ("the driver" / "a
//!   woman").
//! - **Compatible, not flagged**: overlapping bounds ("more than 50" / "54"),
//!   "about" (10%), a round figure against a precise one ("$500 million" /
//!   "$512 million", within [`Params::round_share`]), a whole figure against
//!   a fraction that rounds to it ("five" / "4 1/2" months), conversions within
//!   [`Params::conversion_tolerance`]; amounts with part/whole words
//!   ("another 20,000", "a total of", "each") are parts of each other, not
//!   rivals, and are left alone; so are amounts one side splits and the
//!   other adds up ("8 yellow players and 4 black players" / "12 players").
//!   Areas convert too ("15,800 square metres" / "170,000 square feet").
//! - **Labels**: a number that names its noun rather than counting it
//!   (`data/lexicon/label-nouns.txt`: "the 12000 *block*", "*Flight* 370")
//!   agrees only with the same number: no rounding, so "the 12000 block" /
//!   "the 12500 block" clash. Known false positive: one place at the corner
//!   of two blocks, each source naming another ("the 12000 block" / "the
//!   12100 block").
//! - **Not compared**: amounts in sentences dated at different times
//!   ("In 2008 ..." / "... on Saturday"), and, outside the same claim,
//!   amounts more than [`Params::max_ratio`] times apart (a career total
//!   and a game's).
//! - **Known false positives**: two counts of one event taken at different
//!   times (a toll that grew; news reviewers usually want those flagged);
//!   two amounts of one kind in one story that are really about different
//!   things the sentence does not name (two offers, two budgets).

use serde::{Deserialize, Serialize};

use super::{
    agrees_elsewhere, comparable, crowded, ev, generic, same_claim, signals, slot_evidence, slots, Finding, Trace,
};
use crate::analyze::units::{unit, Unit};
use crate::analyze::{Analysis, Slot, SlotKind};
use crate::extract::quantity::{Bound, Quantity};
use crate::relate::align::{Agreement, Alignment, SlotAlignment};
use crate::relate::ConflictKind;

/// Parameters of the numeric rule (`[rules.numeric]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Shared frame content words that make two sentences about the same
    /// event (or one shared actor).
    pub min_shared: usize,
    /// Frame content overlap (Dice, values left out) at which two sentences
    /// state the same claim, so that their amounts align without a
    /// matching event word ("struck" / "shook").
    pub same_claim: f32,
    /// A round figure ("500", "2 million") covers this share of itself
    /// against a more precise one ("512").
    pub round_share: f64,
    /// Amounts converted between units ("2,000 feet" / "609 metres") agree
    /// within this share.
    pub conversion_tolerance: f64,
    /// Amounts more than this many times apart are not compared: they
    /// count different wholes (a career and a game, two quakes).
    pub max_ratio: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_shared: 2,
            same_claim: 0.6,
            round_share: 0.05,
            conversion_tolerance: 0.03,
            max_ratio: 4.0,
        }
    }
}

/// The smallest step of the last written digit ("500": 100) that makes a
/// figure read as rounded.
const ROUND_STEP: f64 = 100.0;

/// How two amounts compare.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Comparison {
    /// They can both hold of one thing.
    Compatible,
    /// They cannot; the relative gap, 0..1.
    Clash(f64),
}

/// The amount in the dimension's base unit (for converted units), or as written.
fn scaled(q: &Quantity, u: Option<Unit>) -> (f64, f64) {
    let size = u.map_or(1.0, |u| u.size);
    (q.lo * size, q.hi * size)
}

/// The step of the last written digit of an amount, in its own scale:
/// 100 for "500", 1e6 for "2 million", 0.1e9 for "2.5 billion", 1 for
/// "512" or "four".
pub fn precision(written: &str, value: f64) -> f64 {
    let digits: String = written
        .chars()
        .filter(|c| *c != ' ')
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .filter(|c| *c != ',')
        .collect();
    let Ok(number) = digits.trim_end_matches('.').parse::<f64>() else {
        return 1.0;
    };
    if number == 0.0 {
        return 1.0;
    }
    let scale = value / number;
    let step = match digits.split_once('.') {
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
        None => {
            let zeros = digits.chars().rev().take_while(|c| *c == '0').count();
            10f64.powi(zeros as i32)
        }
    };
    step * scale
}

/// Compares amount `x` (written `wx`, unit `ux`) with `y`.
pub fn compare(
    x: &Quantity,
    wx: &str,
    ux: Option<Unit>,
    y: &Quantity,
    wy: &str,
    uy: Option<Unit>,
    p: &Params,
) -> Comparison {
    let converted = ux.is_some() && uy.is_some() && ux.map(|u| u.size) != uy.map(|u| u.size);
    let (mut x_lo, mut x_hi) = widen(x, scaled(x, ux));
    let (mut y_lo, mut y_hi) = widen(y, scaled(y, uy));
    if converted {
        let t = p.conversion_tolerance;
        (x_lo, x_hi) = (x_lo * (1.0 - t), x_hi * (1.0 + t));
        (y_lo, y_hi) = (y_lo * (1.0 - t), y_hi * (1.0 + t));
    }
    if x_lo <= y_hi && y_lo <= x_hi {
        return Comparison::Compatible;
    }
    let (vx, vy) = (scaled(x, ux).0, scaled(y, uy).0);
    // A round figure against a more precise one: "$500 million" / "$512 million".
    if x.bound == Bound::Exact && y.bound == Bound::Exact {
        // The step of each figure as written, and in the base unit.
        let (wpx, wpy) = (precision(wx, x.lo), precision(wy, y.lo));
        let (px, py) = (wpx * ux.map_or(1.0, |u| u.size), wpy * uy.map_or(1.0, |u| u.size));
        let (round, other, step, written_step) = if px > py { (vx, vy, px, wpx) } else { (vy, vx, py, wpy) };
        // Only a figure rounded to hundreds or more reads as round ("500",
        // "2 million"); "60" in "60-year-old" is exact.
        let round_figure = written_step >= ROUND_STEP;
        if round_figure && px != py && (round - other).abs() <= (step / 2.0).min(p.round_share * round.abs()) {
            return Comparison::Compatible;
        }
        // A whole figure against a fraction that rounds (half up) to it:
        // "five months" / "four and a half months"; "four" does not.
        let whole = |v: f64, precision: f64| v.fract() == 0.0 && precision >= 1.0;
        let rounds_to = |fraction: f64, whole: f64| fraction.fract() != 0.0 && (fraction + 0.5).floor() == whole;
        if !converted && ((whole(x.lo, wpx) && rounds_to(y.lo, x.lo)) || (whole(y.lo, wpy) && rounds_to(x.lo, y.lo))) {
            return Comparison::Compatible;
        }
    }
    // One figure rendered two ways: a fraction glyph lost in
    // transliteration ("4½" as "41 / 2" in one copy, "412" in another)
    // keeps its digits in order. Known false negative: a real clash between
    // such figures ("412" / "41/2" meaning 20.5) is not flagged.
    if (wx.contains('/') || wy.contains('/')) && same_digits(wx, wy) {
        return Comparison::Compatible;
    }
    Comparison::Clash(relative_gap(vx, vy))
}

/// Whether two written figures have the same digits in the same order
/// (and some).
fn same_digits(wx: &str, wy: &str) -> bool {
    fn digits(w: &str) -> impl Iterator<Item = u8> + '_ {
        w.bytes().filter(u8::is_ascii_digit)
    }
    digits(wx).next().is_some() && digits(wx).eq(digits(wy))
}

/// How far apart two values are, relative to the larger, 0..1.
fn relative_gap(x: f64, y: f64) -> f64 {
    ((x - y).abs() / x.abs().max(y.abs()).max(f64::MIN_POSITIVE)).min(1.0)
}

/// The interval an amount allows, its bound applied ("about" +/- 10%).
fn widen(q: &Quantity, (lo, hi): (f64, f64)) -> (f64, f64) {
    let eps = |v: f64| v.abs() * 1e-9 + 1e-12;
    match q.bound {
        Bound::Exact => (lo - eps(lo), hi + eps(hi)),
        Bound::About => (
            lo * (1.0 - crate::extract::quantity::ABOUT),
            hi * (1.0 + crate::extract::quantity::ABOUT),
        ),
        Bound::AtLeast | Bound::AtMost | Bound::Range => (lo, hi),
        Bound::MoreThan => (lo + eps(lo), hi),
        Bound::LessThan => (lo, hi - eps(hi)),
    }
}

/// The unit of a slot, when it has one.
fn unit_of(s: &Slot) -> Option<Unit> {
    s.unit.as_deref().and_then(unit)
}

/// Whether two units allow a comparison: the same dimension, or neither a
/// unit; a sum of money, a percentage or a measure never meets a bare count.
fn same_dimension(ux: Option<Unit>, uy: Option<Unit>) -> bool {
    match (ux, uy) {
        (Some(u), Some(v)) => u.dimension == v.dimension,
        (None, None) => true,
        _ => false,
    }
}

/// Whether slots `x` and `y` hold amounts of the same thing: nothing but
/// the event may tell them apart (referent, holder, named qualifiers and
/// part/whole words agree), and
/// - the sentences state the same claim, or
/// - the referents and the events match ("12 *people* were *injured*" /
///   "18 *people* had been *injured*"), or the events match and one side
///   leaves its referent implicit ("*injuring* 40" / "*injured* almost 50
///   people"), or
/// - the referents match and are measures of a thing ("a 5.6-*magnitude*
///   earthquake jolted" / "a *magnitude*-5.2 quake has injured"), whatever
///   the verbs, or
/// - both amounts have a unit and no referent, and the events match
///   ("hospitalized for four weeks" / "hospitalized for three weeks"), or
/// - the referent is the same specific noun (not a generic one such as
///   "people", whose counts are told apart by their events: killed,
///   injured, arrested) and the events do not differ, or
/// - the referents are the same (or both amounts are measures without
///   one) and [`MIN_ANCHORS`] other words anchor both amounts.
fn aligned(x: &Slot, y: &Slot, sa: &SlotAlignment, claim: bool) -> bool {
    let others_agree = sa.referent != Agreement::Differ
        && sa.holder != Agreement::Differ
        && sa.place != Agreement::Differ
        && sa.modifiers != Agreement::Differ
        && sa.reported.0 == sa.reported.1
        && !sa.parts;
    // An age is a person's: two ages align only when both name the same
    // person, or neither names one and both describe the same kind ("a
    // 61-year-old man" / "a 61-year-old man"; not "driver" / "woman").
    let age = |s: &Slot| s.referent.as_ref().is_some_and(|r| r.lemma == "age");
    let same_bearer = matches!((x.modifiers.first(), y.modifiers.first()), (Some(p), Some(q)) if p.related(q));
    if age(x) && age(y) && !(sa.holder == Agreement::Same || (sa.holder == Agreement::Neither && same_bearer)) {
        return false;
    }
    let specific = x.referent.as_ref().is_some_and(|r| !GENERIC.contains(&r.lemma));
    let measured = sa.referent == Agreement::Neither && x.unit.is_some() && y.unit.is_some();
    // A measure of a thing ("magnitude", "depth", "cost") is the thing's,
    // whatever verb the sentence tells of it ("jolted", "injured").
    let measure = |s: &Slot| {
        std::iter::once(&s.referent)
            .flatten()
            .chain(&s.modifiers)
            .any(|c| crate::lexicon::wordnet::wordnet().is_measure_noun(&c.lemma))
    };
    others_agree
        && (claim
            || (sa.referent.matches() && sa.predicate.matches())
            || (sa.referent == Agreement::OneSide && sa.predicate.matches())
            || (sa.referent.matches() && measure(x) && measure(y))
            || (measured && sa.predicate.matches())
            || (sa.referent == Agreement::Same && specific && sa.predicate != Agreement::Differ)
            || ((sa.referent == Agreement::Same || measured) && sa.local >= MIN_ANCHORS))
}

/// Words anchoring both amounts besides their referent ("home to 120,000
/// people" / "home to about 100,000 people") that align two amounts whose
/// nearest verbs differ.
const MIN_ANCHORS: usize = 2;

/// Nouns too generic to tell on their own what is counted.
static GENERIC: crate::lexicon::WordSet = crate::lexicon::WordSet::data(crate::lexicon!("generic-nouns.txt"));

/// How the amounts of slots `x` of `a` and `y` of `b` compare (default
/// parameters): `None` when they cannot be compared (different
/// dimensions, told apart by part/whole or sum words), else whether they
/// cannot both hold.
pub fn differ(a: &Analysis<'_>, x: &Slot, b: &Analysis<'_>, y: &Slot) -> Option<bool> {
    let (ux, uy) = (unit_of(x), unit_of(y));
    fn parts(s: &Slot) -> Vec<u64> {
        s.parts.iter().map(|p| p.key).collect()
    }
    if !same_dimension(ux, uy) || parts(x) != parts(y) || x.sum != y.sum {
        return None;
    }
    Some(matches!(
        compare_slots(a, x, b, y, &Params::default()),
        Comparison::Clash(_)
    ))
}

/// Nouns whose number is a label ("the 12000 block", "Flight 370").
static LABELS: crate::lexicon::WordSet = crate::lexicon::WordSet::data(crate::lexicon!("label-nouns.txt"));

/// Compares the amounts of slots `x` of `a` and `y` of `b` ([`compare`]);
/// numbers that label a thing ([`LABELS`]: "the 12000 block" / "the 12500
/// block") agree only when equal: no rounding or bound applies.
fn compare_slots(a: &Analysis<'_>, x: &Slot, b: &Analysis<'_>, y: &Slot, p: &Params) -> Comparison {
    let (qx, qy) = (&a.facts.quantities[x.fact], &b.facts.quantities[y.fact]);
    let label = |s: &Slot| s.referent.as_ref().is_some_and(|r| LABELS.contains(&r.lemma));
    if label(x) && label(y) && qx.bound == Bound::Exact && qy.bound == Bound::Exact {
        return if qx.lo == qy.lo && qx.hi == qy.hi {
            Comparison::Compatible
        } else {
            Comparison::Clash(relative_gap(qx.lo, qy.lo))
        };
    }
    compare(qx, a.at(qx.span), unit_of(x), qy, b.at(qy.span), unit_of(y), p)
}

/// Whether amounts of `c` of the same referent as `s`'s (at least two,
/// exact) add up to the amount of slot `t` of `d`: "8 yellow players and 4
/// black players" / "12 players"; "three men ... with one man" / "four men".
fn adds_up(c: &Analysis<'_>, s: &Slot, d: &Analysis<'_>, t: &Slot) -> bool {
    let Some(referent) = &s.referent else { return false };
    let parts: Vec<&Quantity> = slots(c, SlotKind::Quantity)
        .filter(|o| o.referent.as_ref().is_some_and(|r| r.related(referent)) && o.unit == s.unit)
        .map(|o| &c.facts.quantities[o.fact])
        .collect();
    let whole = &d.facts.quantities[t.fact];
    parts.len() >= 2
        && parts.iter().all(|q| q.bound == Bound::Exact)
        && whole.bound == Bound::Exact
        && (parts.iter().map(|q| q.lo).sum::<f64>() - whole.lo).abs() < 1e-9 * whole.lo.abs().max(1.0)
}

/// Runs the rule: conflicts into `out`, agreeing amounts (in words) into `agreeing`.
pub fn check(
    a: &Analysis<'_>,
    b: &Analysis<'_>,
    al: &Alignment<'_>,
    p: &Params,
    out: &mut Vec<Finding>,
    agreeing: &mut Vec<String>,
    trace: &mut Trace,
) {
    if !comparable(a, b, al, SlotKind::Quantity, p.min_shared, true, trace) {
        return;
    }
    let claim = same_claim(al, p.same_claim, p.min_shared);
    // Aligned pairs first, so that an amount that agrees with its
    // counterpart elsewhere in the pair is not also flagged against another.
    let mut pairs: Vec<(&Slot, &Slot, SlotAlignment, Comparison)> = Vec::new();
    for x in slots(a, SlotKind::Quantity) {
        for y in slots(b, SlotKind::Quantity) {
            let (ux, uy) = (unit_of(x), unit_of(y));
            let pair = || format!("numeric: \"{}\" / \"{}\"", a.at(x.span), b.at(y.span));
            if !same_dimension(ux, uy) {
                trace.note(|| {
                    format!(
                        "{}: not compared: units of different dimensions ({:?} / {:?})",
                        pair(),
                        x.unit,
                        y.unit
                    )
                });
                continue;
            }
            let sa = SlotAlignment::of(a, x, b, y, al);
            if !aligned(x, y, &sa, claim) {
                trace.note(|| {
                    format!(
                        "{}: not compared: {}{}{}",
                        pair(),
                        sa.describe(a, x, b, y),
                        if sa.parts { "; part/whole words" } else { "" },
                        if claim { "" } else { "; not the same claim" }
                    )
                });
                continue;
            }
            trace.note(|| format!("{}: aligned: {}", pair(), sa.describe(a, x, b, y)));
            let c = compare_slots(a, x, b, y, p);
            pairs.push((x, y, sa, c));
        }
    }
    for (x, y, sa, c) in &pairs {
        trace.note(|| format!("numeric: \"{}\" / \"{}\": {:?}", a.at(x.span), b.at(y.span), c));
        // Amounts of different orders ("96" / "five" touchdowns, "612" /
        // "ten" killed) count different wholes: a career and a game, two quakes.
        if let Comparison::Clash(gap) = *c {
            // (In the same claim, the amount is the only difference: "two
            // men" / "eleven men" are rivals whatever their ratio.)
            if !claim && gap > 1.0 - 1.0 / p.max_ratio {
                trace.note(|| {
                    format!(
                        "numeric: not flagged: the amounts differ more than {}-fold",
                        p.max_ratio
                    )
                });
                continue;
            }
        }
        let Comparison::Clash(gap) = *c else {
            let thing = x
                .referent
                .as_ref()
                .map_or("amount".to_string(), |r| a.at(r.span).to_string());
            agreeing.push(format!(
                "both give the same {thing} ({} / {})",
                a.at(x.span),
                b.at(y.span)
            ));
            continue;
        };
        if agrees_elsewhere(&pairs, x, y, |c| *c == Comparison::Compatible) {
            trace.note(|| "numeric: not flagged: one of the two agrees with an amount on the other side".into());
            continue;
        }
        if adds_up(a, x, b, y) || adds_up(b, y, a, x) {
            trace.note(|| "numeric: not flagged: the amounts of one side add up to the other's".into());
            continue;
        }
        let mut signals = signals(a, b, al, sa, claim);
        signals.crowded = crowded(a, b, SlotKind::Quantity);
        signals.generic = generic(x);
        signals.gap = gap as f32;
        signals.scope = f32::from(u8::from(sa.sum));
        let thing = x
            .referent
            .as_ref()
            .map(|r| a.at(r.span).to_string())
            .or_else(|| x.unit.clone())
            .unwrap_or_else(|| "amount".into());
        let (mut ea, mut eb) = (slot_evidence(x), slot_evidence(y));
        if let (Some(px), Some(py)) = (&x.predicate, &y.predicate) {
            ea.push(ev(px.span, "event"));
            eb.push(ev(py.span, "event"));
        }
        out.push(Finding {
            kind: ConflictKind::Numeric,
            evidence: (ea, eb),
            clash: format!("\"{}\" vs \"{}\" ({thing})", a.at(x.span), b.at(y.span)),
            aligned: if claim {
                format!("the same claim apart from the amount; {}", sa.describe(a, x, b, y))
            } else {
                sa.describe(a, x, b, y)
            },
            caveats: Vec::new(),
            signals,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(lo: f64, bound: Bound) -> Quantity {
        Quantity {
            lo,
            hi: lo,
            bound,
            unit: None,
            anchor: None,
            span: crate::span::Span::new(0, 0),
            unit_span: None,
        }
    }

    #[test]
    fn precision_of_written_amounts() {
        struct Case {
            written: &'static str,
            value: f64,
            want: f64,
        }
        const CASES: &[Case] = &[
            Case {
                written: "500",
                value: 500.0,
                want: 100.0,
            },
            Case {
                written: "512",
                value: 512.0,
                want: 1.0,
            },
            Case {
                written: "2 million",
                value: 2e6,
                want: 1e6,
            },
            Case {
                written: "$2.5 billion",
                value: 2.5e9,
                want: 1e8,
            },
            Case {
                written: "1,200",
                value: 1200.0,
                want: 100.0,
            },
            Case {
                written: "four",
                value: 4.0,
                want: 1.0,
            },
        ];
        for case in CASES {
            let got = precision(case.written, case.value);
            assert!((got - case.want).abs() < 1e-6 * case.want, "{}: {got}", case.written);
        }
    }

    #[test]
    fn compatible_and_clashing_amounts() {
        let p = Params::default();
        let cmp = |x: f64, wx: &str, y: f64, wy: &str| {
            compare(&q(x, Bound::Exact), wx, None, &q(y, Bound::Exact), wy, None, &p)
        };
        assert_eq!(cmp(500e6, "500 million", 512e6, "512 million"), Comparison::Compatible);
        assert!(matches!(cmp(12.0, "12", 20.0, "20"), Comparison::Clash(_)));
        assert!(matches!(cmp(30.0, "30", 40.0, "40"), Comparison::Clash(_)));
        assert!(matches!(cmp(5.1, "5.1", 5.3, "5.3"), Comparison::Clash(_)));
        // A whole figure is the rounding (half up) of a fraction, not of any.
        assert_eq!(cmp(5.0, "five", 4.5, "four and a half"), Comparison::Compatible);
        assert!(matches!(cmp(4.0, "four", 4.5, "four and a half"), Comparison::Clash(_)));
        assert!(matches!(cmp(5.0, "5.0", 4.5, "4.5"), Comparison::Clash(_)));
        // A lost "½": "41 / 2" and "412" are one figure; "41" is not.
        assert_eq!(cmp(412.0, "412", 20.5, "41 / 2"), Comparison::Compatible);
        assert_eq!(cmp(4.5, "4 1/2", 412.0, "412"), Comparison::Compatible);
        assert!(matches!(cmp(41.0, "41", 412.0, "412"), Comparison::Clash(_)));
        // 2,000 feet against 609 metres agree after conversion.
        let (ft, m) = (unit("feet"), unit("metres"));
        assert_eq!(
            compare(
                &q(2000.0, Bound::About),
                "2,000",
                ft,
                &q(609.0, Bound::Exact),
                "609",
                m,
                &p
            ),
            Comparison::Compatible
        );
        // A week against nine days do not.
        let (w, d) = (unit("week"), unit("days"));
        assert!(matches!(
            compare(&q(1.0, Bound::Exact), "a week", w, &q(9.0, Bound::Exact), "nine", d, &p),
            Comparison::Clash(_)
        ));
    }
}
