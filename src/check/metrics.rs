//! Confusion matrix and precision / recall / F1 per relation and per kind.

use std::collections::BTreeMap;

use serde::Serialize;

use super::PairResult;
use crate::relate::{ConflictKind, Relation};

/// Precision, recall and F1 of one label.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Pairs that expect the label.
    pub support: usize,
    /// Pairs given the label.
    pub predicted: usize,
    /// Expected and given.
    pub tp: usize,
    /// Given, not expected.
    pub fp: usize,
    /// Expected, not given.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// tp / predicted; `None` when nothing was predicted.
    pub precision: Option<f64>,
    /// tp / support; `None` when nothing was expected.
    pub recall: Option<f64>,
    /// Harmonic mean; `None` when either is undefined.
    pub f1: Option<f64>,
}

impl Scores {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let ratio = |n: usize, d: usize| (d > 0).then(|| n as f64 / d as f64);
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Scores {
            support: tp + fn_,
            predicted: tp + fp,
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }
}

/// All scores of a check run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Number of pairs.
    pub pairs: usize,
    /// Pairs that passed.
    pub passed: usize,
    /// Pairs that failed.
    pub failed: usize,
    /// Share of pairs whose relation matches (kind not considered).
    pub accuracy: f64,
    /// Per relation.
    pub relations: BTreeMap<String, Scores>,
    /// Per conflict kind: expected = pairs expecting a conflict of that
    /// kind; predicted = flagged conflicts of that kind.
    pub kinds: BTreeMap<String, Scores>,
    /// Expected relation -> predicted relation -> count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Metrics {
    /// Computes the scores of `results`.
    pub fn of(results: &[PairResult]) -> Self {
        let mut m = Metrics {
            pairs: results.len(),
            ..Metrics::default()
        };
        m.passed = results.iter().filter(|r| r.passed).count();
        m.failed = m.pairs - m.passed;
        let correct = results.iter().filter(|r| r.got == r.expect).count();
        m.accuracy = if m.pairs > 0 {
            correct as f64 / m.pairs as f64
        } else {
            0.0
        };
        for expect in Relation::ALL {
            let row = m.confusion.entry(expect.as_str().into()).or_default();
            for got in Relation::ALL {
                row.insert(
                    got.as_str().into(),
                    results.iter().filter(|r| r.expect == expect && r.got == got).count(),
                );
            }
            let tp = results.iter().filter(|r| r.expect == expect && r.got == expect).count();
            let fp = results.iter().filter(|r| r.expect != expect && r.got == expect).count();
            let fn_ = results.iter().filter(|r| r.expect == expect && r.got != expect).count();
            m.relations
                .insert(expect.as_str().into(), Scores::from_counts(tp, fp, fn_));
        }
        for kind in ConflictKind::ALL {
            let expected = |r: &&PairResult| r.expect == Relation::Conflicts && r.expect_kind == Some(kind);
            let given = |r: &&PairResult| r.got == Relation::Conflicts && r.got_kind == Some(kind);
            // A flagged conflict of this kind is right when a conflict was
            // expected and the kind matches or was not specified.
            let right = |r: &&PairResult| {
                given(r) && r.expect == Relation::Conflicts && r.expect_kind.is_none_or(|k| k == kind)
            };
            let tp_expected = results.iter().filter(|r| expected(r) && given(r)).count();
            let fn_ = results.iter().filter(expected).count() - tp_expected;
            let predicted = results.iter().filter(given).count();
            let tp = results.iter().filter(right).count();
            let mut s = Scores::from_counts(tp, predicted - tp, fn_);
            // Recall is over pairs that name this kind.
            s.support = tp_expected + fn_;
            s.recall = (s.support > 0).then(|| tp_expected as f64 / s.support as f64);
            s.f1 = match (s.precision, s.recall) {
                (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
                (Some(_), Some(_)) => Some(0.0),
                _ => None,
            };
            if s.support > 0 || s.predicted > 0 {
                m.kinds.insert(kind.as_str().into(), s);
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relate::Judgement;

    fn result(expect: Relation, got: Relation) -> PairResult {
        PairResult {
            id: "x".into(),
            expect,
            expect_kind: None,
            got,
            got_kind: None,
            passed: expect == got,
            explanation: String::new(),
            judgement: Judgement::unrelated(""),
        }
    }

    #[test]
    fn scores_by_hand() {
        use Relation::*;
        let results = vec![
            result(Conflicts, Conflicts),
            result(Conflicts, Unrelated),
            result(Unrelated, Conflicts),
            result(Corroborates, Corroborates),
        ];
        let m = Metrics::of(&results);
        let c = &m.relations["conflicts"];
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
        assert_eq!(c.precision, Some(0.5));
        assert_eq!(c.f1, Some(0.5));
        assert_eq!(m.relations["corroborates"].precision, Some(1.0));
        assert_eq!(m.confusion["conflicts"]["unrelated"], 1);
        assert_eq!(m.accuracy, 0.5);
        assert_eq!((m.passed, m.failed), (2, 2));
    }
}
