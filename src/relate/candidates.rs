//! Conflict candidates by blocking: sentences that share what a claim is
//! about (a ranked noun, a counted unit, an actor with a checkable fact) are
//! paired even when their wording differs ("first visit abroad" / "fifth
//! state visit"), since conflicts rarely look alike word for word.
//!
//! Keys are stable hashes. A block larger than `max_block` would make the
//! step quadratic: it is skipped and counted, and the summary says so.
//!
//! On large corpora even blocks under the cap add up to more pairs than the
//! relate stage can judge, so [`ranked_pairs`] keeps, for each member of a
//! block, only the `per_member` other members most alike in wording (by
//! SimHash of the embedding: equal bits, then row), which bounds the pairs
//! to `per_member` per key occurrence.

use rayon::prelude::*;

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

/// Like [`pairs`], but each member of a block is paired with its
/// `per_member` nearest other members by SimHash (`sketches[row]`, more
/// equal bits first, then the lower content key `order[row]`: not the row
/// number, which depends on document names and order). Returns sorted
/// unique pairs and the number of blocks over `max_block`.
pub fn ranked_pairs(
    keys: &[Vec<u64>],
    max_block: usize,
    sketches: &[u64],
    order: &[u64],
    per_member: usize,
    keep: &(dyn Fn(u32, u32) -> bool + Sync),
) -> (Vec<(u32, u32)>, usize) {
    let mut postings: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .flat_map(|(row, ks)| ks.iter().map(move |&k| (k, row as u32)))
        .collect();
    postings.par_sort_unstable();
    let blocks: Vec<&[(u64, u32)]> = postings.chunk_by(|x, y| x.0 == y.0).filter(|b| b.len() >= 2).collect();
    let capped = blocks.iter().filter(|b| b.len() > max_block).count();
    let mut out: Vec<(u32, u32)> = blocks
        .par_iter()
        .filter(|b| b.len() <= max_block)
        .flat_map_iter(|block| {
            let members: Vec<Member> = block
                .iter()
                .map(|&(_, row)| Member {
                    row,
                    sketch: sketches[row as usize],
                    order: order[row as usize],
                })
                .collect();
            let mut found = Vec::new();
            nearest_in_block(&members, per_member, keep, &mut found);
            found.into_iter()
        })
        .collect();
    out.par_sort_unstable();
    out.dedup();
    (out, capped)
}

/// A member of a block, for [`nearest_in_block`].
#[derive(Clone, Copy, Debug)]
pub struct Member {
    /// The row.
    pub row: u32,
    /// Its SimHash.
    pub sketch: u64,
    /// Its content key (the tie-break).
    pub order: u64,
}

/// The pairs of one block under [`ranked_pairs`]' rule, into `found`: each
/// member with its `per_member` nearest other members (`keep` allowing),
/// as `(lower row, higher row)`, possibly repeated.
pub fn nearest_in_block(
    members: &[Member],
    per_member: usize,
    keep: &(dyn Fn(u32, u32) -> bool + Sync),
    found: &mut Vec<(u32, u32)>,
) {
    let mut near: Vec<(u32, u64, u32)> = Vec::with_capacity(members.len());
    for a in members {
        near.clear();
        for b in members {
            if a.row != b.row && keep(a.row.min(b.row), a.row.max(b.row)) {
                let distance = (a.sketch ^ b.sketch).count_ones();
                near.push((distance, b.order, b.row));
            }
        }
        if near.len() > per_member {
            near.select_nth_unstable(per_member);
            near.truncate(per_member);
        }
        found.extend(near.iter().map(|&(_, _, b)| (a.row.min(b), a.row.max(b))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranked_pairs_keep_the_nearest_members() {
        // One block of four: rows 0 and 1 alike, 2 and 3 alike.
        let keys = vec![vec![7u64]; 4];
        let sketches = [0b0000u64, 0b0001, 0b1111_0000, 0b1111_0001];
        let order = [40u64, 30, 20, 10];
        let (pairs, capped) = ranked_pairs(&keys, 10, &sketches, &order, 1, &|_, _| true);
        assert_eq!(pairs, vec![(0, 1), (2, 3)]);
        assert_eq!(capped, 0);
        // Ties go to the lower content key, not the lower row.
        let flat = [0u64; 4];
        let (pairs, _) = ranked_pairs(&keys, 10, &flat, &order, 1, &|_, _| true);
        assert_eq!(pairs, vec![(0, 3), (1, 3), (2, 3)]);
        let (pairs, capped) = ranked_pairs(&keys, 3, &sketches, &order, 1, &|_, _| true);
        assert!(pairs.is_empty());
        assert_eq!(capped, 1);
    }
}
