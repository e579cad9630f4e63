//! Synonym groups for alignment: stems that name the same action or thing
//! in news writing ("talks" / "negotiations" / "discussions", "arms" /
//! "weapons"), mapped to one representative stem.
//!
//! Only used to decide whether two sentences speak of the same thing (the
//! content words they share); it never changes a token or a span. The list
//! is deliberately small and general: common newswire vocabulary, not the
//! words of any one story.

/// Groups of Porter2 stems; the first of each group is its representative.
const GROUPS: &[&[&str]] = &[
    &["weapon", "arm", "armament", "munit", "arsenal"],
    &["talk", "negoti", "discuss", "meet", "summit", "dialogu"],
    &["warn", "caution", "urg", "cautious"],
    &["deal", "agreement", "accord", "pact", "treati"],
    &["visit", "trip", "journey", "travel", "tour"],
    &["sell", "suppli", "provid", "transfer", "deliv", "ship", "export"],
    &["countri", "nation"],
    &["offici", "author"],
    &["concern", "worri", "fear", "alarm"],
    &["help", "aid", "assist"],
    &["attack", "strike", "assault", "raid"],
    &["kill", "slain", "slay"],
    &["injur", "wound", "hurt"],
    &["rise", "increas", "grow", "climb", "jump", "surg"],
    &["fall", "decreas", "drop", "declin", "slump", "plung"],
    &["buy", "purchas", "acquir"],
    &["said", "say", "state", "told", "tell", "stat"],
    &["begin", "began", "start", "launch", "commenc"],
    &["end", "finish", "conclud"],
    &["presid", "leader", "head"],
    &["car", "vehicl", "automobil"],
    &["firm", "compani", "corpor"],
    &["elect", "vote", "ballot"],
    &["law", "legisl", "bill", "statut"],
    &["arrest", "detain", "apprehend"],
    &["charg", "accus", "indict"],
    &["cooper", "collabor", "partnership"],
    &["resolut", "measur"],
];

/// The representative stem of `stem`'s synonym group, or `stem` itself.
pub fn canonical(stem: &str) -> &str {
    GROUPS.iter().find(|g| g.contains(&stem)).map_or(stem, |g| g[0])
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
        for group in GROUPS {
            for s in *group {
                assert!(seen.insert(*s), "{s} is in two groups");
            }
        }
    }
}
