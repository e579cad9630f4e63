//! Units of measure (`data/lexicon/units.tsv`): a unit word's dimension and
//! its size in the dimension's base unit, so amounts in one dimension can
//! be compared after conversion ("2,000 feet" / "609 metres").

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// A unit: its dimension ("length", "duration", "usd") and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    /// The dimension; amounts compare only within one.
    pub dimension: &'static str,
    /// Size in the dimension's base unit (metres, kilograms, days...).
    pub size: f64,
}

/// The unit a folded word names, if any; "square " and a unit of length
/// ("square metres", "square foot") is an area, in square metres.
pub fn unit(word: &str) -> Option<Unit> {
    if let Some(length) = word.strip_prefix("square ").and_then(unit) {
        return (length.dimension == "length").then_some(Unit {
            dimension: "area",
            size: length.size * length.size,
        });
    }
    static TABLE: OnceLock<FxHashMap<&'static str, Unit>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            crate::lexicon::entries(crate::lexicon!("units.tsv"))
                .filter_map(|line| {
                    let mut f = line.split('\t');
                    let (word, dimension, size) = (f.next()?, f.next()?, f.next()?.parse().ok()?);
                    Some((word, Unit { dimension, size }))
                })
                .collect()
        })
        .get(word)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert() {
        let (ft, m) = (unit("feet").unwrap(), unit("metres").unwrap());
        assert_eq!(ft.dimension, m.dimension);
        assert!((2000.0 * ft.size / m.size - 609.6).abs() < 0.1);
        assert_eq!(unit("$").unwrap().dimension, "usd");
        assert!(unit("people").is_none());
        let (sq_ft, sq_m) = (unit("square foot").unwrap(), unit("square metres").unwrap());
        assert_eq!(sq_ft.dimension, "area");
        assert!((170_000.0 * sq_ft.size / sq_m.size - 15_794.0).abs() < 1.0);
        assert!(unit("square days").is_none());
    }
}
