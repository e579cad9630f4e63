//! Conflict candidates by blocking: sentences that share what a claim is
//! about (a ranked noun, a counted unit, an actor with a checkable fact) are
//! paired even when their wording differs ("first visit abroad" / "fifth
//! state visit"), since conflicts rarely look alike word for word.
//!
//! Keys are stable hashes. A block larger than `max_block` would make the
//! step quadratic: it is skipped and counted, and the summary says so.

use crate::extract::Facts;
use crate::id::stable_hash;

/// The blocking keys of one sentence's facts, sorted and unique.
pub fn keys(facts: &Facts) -> Vec<u64> {
    let mut keys = Vec::new();
    for o in &facts.ordinals {
        keys.push(stable_hash(format!("ordinal\0{}", o.head).as_bytes()));
    }
    for q in &facts.quantities {
        if let Some(unit) = q.unit.as_ref().or(q.anchor.as_ref()) {
            keys.push(stable_hash(format!("quantity\0{unit}").as_bytes()));
        }
    }
    let checkable = !facts.dates.is_empty() || !facts.negations.is_empty() || !facts.affirmations.is_empty();
    if checkable {
        for a in &facts.actors {
            keys.push(stable_hash(format!("actor\0{}", a.name).as_bytes()));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Pairs of rows that share a key, `a < b`, restricted by `keep`; sorted
/// and unique. Returns the pairs and how many blocks were over `max_block`.
pub fn pairs(keys: &[Vec<u64>], max_block: usize, keep: &dyn Fn(u32, u32) -> bool) -> (Vec<(u32, u32)>, usize) {
    let mut postings: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .flat_map(|(row, ks)| ks.iter().map(move |&k| (k, row as u32)))
        .collect();
    postings.sort_unstable();
    let mut out = Vec::new();
    let mut capped = 0;
    for block in postings.chunk_by(|x, y| x.0 == y.0) {
        if block.len() > max_block {
            capped += 1;
            continue;
        }
        for (i, &(_, a)) in block.iter().enumerate() {
            for &(_, b) in &block[i + 1..] {
                if keep(a, b) {
                    out.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out, capped)
}
