//! Synonym groups for alignment: stems that name the same action or thing
//! in news writing ("talks" / "negotiations" / "discussions", "arms" /
//! "weapons"), mapped to one representative stem.
//!
//! Only used to decide whether two sentences speak of the same thing (the
//! content words they share); it never changes a token or a span. The
//! groups are data (`data/lexicon/synonyms.txt`), written as words and
//! stemmed when read.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Stem -> the stem of its group's first member, from `data/lexicon/synonyms.txt`.
fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::default();
        for group in crate::lexicon::groups(crate::lexicon!("synonyms.txt")) {
            let stems: Vec<String> = group.iter().map(|w| super::stem(w)).collect();
            for s in &stems {
                map.entry(s.clone()).or_insert_with(|| stems[0].clone());
            }
        }
        map
    })
}

/// The representative stem of `stem`'s synonym group, or `stem` itself.
pub fn canonical(stem: &str) -> &str {
    table().get(stem).map_or(stem, String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::stem;

    #[test]
    fn groups_meet() {
        for (a, b) in [
            ("weapons", "arms"),
            ("negotiations", "talks"),
            ("cautioning", "warned"),
            ("nations", "countries"),
        ] {
            assert_eq!(canonical(&stem(a)), canonical(&stem(b)), "{a} / {b}");
        }
        assert_eq!(canonical("zebra"), "zebra");
    }

    #[test]
    fn a_stem_is_in_one_group_only() {
        let mut seen = std::collections::BTreeSet::new();
        for group in crate::lexicon::groups(crate::lexicon!("synonyms.txt")) {
            for w in group {
                assert!(seen.insert(stem(w)), "{w} is in two groups");
            }
        }
    }
}
