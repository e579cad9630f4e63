//! Near-duplicate clustering of short texts: character n-gram Jaccard,
//! candidates from MinHash bands, every candidate re-checked exactly.
//!
//! This is the job the dedup libraries do (datasketch, rensa, gaoya): texts
//! are normalized ([`normalize_line`]: lowercase, whitespace collapsed),
//! exact duplicates are collapsed, and two unique texts are near-duplicates
//! when the Jaccard similarity of their character 5-gram sets is at least
//! `threshold`. Clusters are the connected components (exact-duplicate
//! groups joined by near-duplicate pairs) with at least two lines.
//!
//! How it avoids comparing everything with everything:
//!
//! 1. **Signature** ([`NearDuplicates::each_band_key`]): each shingle is hashed
//!    once (seeded xxh3); one-permutation MinHash puts it in one of
//!    `bands * rows` bins by its high bits and keeps the smallest low half
//!    per bin; empty bins borrow from a bin picked by a seeded hash of
//!    `(bin, attempt)` (optimal densification, Shrivastava 2017). That is
//!    one hash per shingle instead of one per shingle and permutation.
//! 2. **Candidates** ([`NearDuplicates::candidates`]): texts whose `rows`
//!    values agree in some band. A bucket of more than `max_bucket` texts
//!    is not expanded into all its pairs: each member is paired with the
//!    next `bucket_window` members only, and the bucket is counted in
//!    [`Dedup::capped_buckets`].
//! 3. **Exact re-check**: the Jaccard of the two shingle sets, so a kept
//!    pair is a true near-duplicate, the result is deterministic, and
//!    raising the threshold only ever removes pairs.
//!
//! The banding (40 bands of 5 rows by default) favours recall because of
//! the exact re-check: a pair at exactly Jaccard 0.6 becomes a candidate
//! with probability `1 - (1 - 0.6^5)^40 = 0.96`, at 0.7 with 0.9995.
//! [`exact_pairs`] is the exact all-pairs join (prefix filtering) that the
//! recall of this step is measured against.

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::id::HASH_SEED;
use crate::progress::Progress;

/// Settings of near-duplicate clustering.
#[derive(Clone, Debug)]
pub struct NearDuplicates {
    /// Shingle length in characters.
    pub ngram: usize,
    /// LSH bands.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
    /// Jaccard similarity a pair needs.
    pub threshold: f64,
    /// A band bucket with more texts than this is only paired by window.
    pub max_bucket: usize,
    /// In a capped bucket, each member is paired with this many next members.
    pub bucket_window: usize,
}

impl Default for NearDuplicates {
    fn default() -> Self {
        NearDuplicates {
            ngram: 5,
            bands: 40,
            rows: 5,
            threshold: 0.6,
            max_bucket: 64,
            bucket_window: 8,
        }
    }
}

/// What near-duplicate clustering found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dedup {
    /// Input lines.
    pub lines: usize,
    /// Unique texts after collapsing exact duplicates.
    pub unique: usize,
    /// The unique text of each line (index into the unique texts).
    pub group: Vec<u32>,
    /// The first line of each unique text.
    pub first_line: Vec<u32>,
    /// Candidate pairs that were re-checked.
    pub candidates: usize,
    /// Band buckets that were too large to expand into all their pairs.
    pub capped_buckets: usize,
    /// Near-duplicate pairs of unique texts `(a, b)`, `a < b`, sorted.
    pub pairs: Vec<(u32, u32)>,
    /// Clusters as sorted line numbers (0-based), sorted by first line.
    pub clusters: Vec<Vec<u32>>,
}

/// Lowercases and collapses whitespace, like `" ".join(s.lower().split())`.
pub fn normalize_line(line: &str) -> String {
    if line.is_ascii() {
        return normalize_ascii_line(line.as_bytes());
    }
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// [`normalize_line`] of an ASCII line, a byte at a time: whitespace as
/// `split_whitespace` sees it in ASCII (space, tab, LF, VT, FF, CR).
fn normalize_ascii_line(line: &[u8]) -> String {
    let mut out = Vec::with_capacity(line.len());
    let mut gap = false;
    for &b in line {
        if matches!(b, b' ' | b'\t'..=b'\r') {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(b' ');
                gap = false;
            }
            out.push(b.to_ascii_lowercase());
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// Calls `f` with the hash of every character `n`-gram of `text` (the whole
/// text when it has at most `n` characters), duplicates included.
fn for_each_shingle(text: &str, n: usize, mut f: impl FnMut(u64)) {
    let hash = |s: &[u8]| {
        if s.len() <= 8 {
            // Up to 8 bytes: packed with their length into one word and mixed,
            // much cheaper than a general hash and just as well spread.
            let mut w = [0u8; 8];
            w[..s.len()].copy_from_slice(s);
            mix(u64::from_le_bytes(w) ^ ((s.len() as u64) << 59) ^ HASH_SEED)
        } else {
            xxh3_64_with_seed(s, HASH_SEED ^ 0x0053_4849_4e47_4c45)
        }
    };
    if text.is_ascii() {
        let b = text.as_bytes();
        if b.len() <= n {
            f(hash(b));
        } else if n <= 8 {
            // Rolling: `w` holds the last `n` bytes, packed as `hash` packs them.
            let top = 8 * (n as u32 - 1);
            let mut w = 0u64;
            for (i, &byte) in b.iter().enumerate() {
                w = (w >> 8) | (u64::from(byte) << top);
                if i + 1 >= n {
                    f(mix(w ^ ((n as u64) << 59) ^ HASH_SEED));
                }
            }
        } else {
            b.windows(n).for_each(|w| f(hash(w)));
        }
        return;
    }
    let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bounds.push(text.len());
    if bounds.len() <= n + 1 {
        f(hash(text.as_bytes()));
    } else {
        for k in 0..bounds.len() - n {
            f(hash(&text.as_bytes()[bounds[k]..bounds[k + n]]));
        }
    }
}

/// The set of character `n`-gram hashes of `text`, sorted.
pub fn shingles(text: &str, n: usize) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len());
    for_each_shingle(text, n, |h| out.push(h));
    out.sort_unstable();
    out.dedup();
    out
}

/// Sorts words by their high 32 bits, stably (three passes of 11 bits,
/// least significant first): words already ordered by their low half come
/// out ordered as wholes, as `sort_unstable` would order them.
fn radix_sort_by_high_half(mut v: Vec<u64>) -> Vec<u64> {
    const BITS: u32 = 11;
    let mut tmp = vec![0u64; v.len()];
    for pass in 0..3 {
        let shift = 32 + pass * BITS;
        let digit = |w: u64| ((w >> shift) & ((1 << BITS) - 1)) as usize;
        let mut start = vec![0usize; 1 << BITS];
        for &w in &v {
            start[digit(w)] += 1;
        }
        let mut sum = 0;
        for c in start.iter_mut() {
            (*c, sum) = (sum, sum + *c);
        }
        for &w in &v {
            let d = digit(w);
            tmp[start[d]] = w;
            start[d] += 1;
        }
        std::mem::swap(&mut v, &mut tmp);
    }
    v
}

/// Jaccard similarity of two sorted sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// A seeded 64-bit mix (SplitMix64 finalizer).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The bin that empty bin `j` of `k` tries at `attempt` (1-based) when densifying.
fn pick(k: usize, j: usize, attempt: u64) -> usize {
    let r = mix(HASH_SEED ^ ((j as u64) << 32) ^ attempt);
    ((u128::from(r) * k as u128) >> 64) as usize
}

/// Densification attempts precomputed per bin.
const PICKS: usize = 8;

/// The first [`PICKS`] attempts of every bin for `k` bins (they do not depend
/// on the text), computed once per `k`.
fn picks(k: usize) -> &'static [u16] {
    thread_local! {
        static LAST: std::cell::Cell<(usize, &'static [u16])> = const { std::cell::Cell::new((0, &[])) };
    }
    if k > usize::from(u16::MAX) + 1 {
        return &[];
    }
    let last = LAST.with(std::cell::Cell::get);
    if last.0 == k {
        return last.1;
    }
    let table = shared_picks(k);
    LAST.with(|l| l.set((k, table)));
    table
}

fn shared_picks(k: usize) -> &'static [u16] {
    static TABLES: std::sync::Mutex<Vec<(usize, &'static [u16])>> = std::sync::Mutex::new(Vec::new());
    let mut tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&(_, t)) = tables.iter().find(|t| t.0 == k) {
        return t;
    }
    let table: Vec<u16> = (0..k)
        .flat_map(|j| (1..=PICKS as u64).map(move |a| pick(k, j, a) as u16))
        .collect();
    let table: &'static [u16] = Box::leak(table.into_boxed_slice());
    tables.push((k, table));
    table
}

impl NearDuplicates {
    /// Calls `put(band, key)` for each band key of `text`, with no
    /// allocation: the bins live in a per-thread scratch buffer.
    pub fn each_band_key(&self, text: &str, mut put: impl FnMut(usize, u64)) {
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Vec<u32>, Vec<u64>)> = const {
                std::cell::RefCell::new((Vec::new(), Vec::new()))
            };
        }
        SCRATCH.with(|scratch| {
            let (bins, filled) = &mut *scratch.borrow_mut();
            self.fill_bins(text, bins, filled);
            for b in 0..self.bands {
                // The band's values folded into one hash (seeded by the band):
                // a multiply per value, one full mix at the end.
                let mut h = HASH_SEED ^ (b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                for &v in &bins[b * self.rows..(b + 1) * self.rows] {
                    h = (h ^ u64::from(v)).wrapping_mul(0xbf58_476d_1ce4_e5b9).rotate_left(29);
                }
                put(b, mix(h));
            }
        });
    }

    /// The MinHash bins of one text (densified), in `bins`; `filled` is
    /// scratch (one bit per bin).
    fn fill_bins(&self, text: &str, bins: &mut Vec<u32>, filled: &mut Vec<u64>) {
        let k = self.bands * self.rows;
        bins.clear();
        bins.resize(k, u32::MAX);
        filled.clear();
        filled.resize(k.div_ceil(64), 0);
        for_each_shingle(text, self.ngram, |h| {
            let bin = ((u128::from(h) * k as u128) >> 64) as usize;
            bins[bin] = bins[bin].min(h as u32);
            filled[bin >> 6] |= 1 << (bin & 63);
        });
        let is_filled = |filled: &[u64], p: usize| (filled[p >> 6] >> (p & 63)) & 1 == 1;
        // An empty bin borrows the value of a filled bin picked by a seeded
        // hash of (bin, attempt): optimal densification (Shrivastava 2017),
        // which keeps the bins of two texts as likely to agree as their
        // Jaccard similarity.
        if filled.iter().all(|&w| w == 0) {
            return;
        }
        let table = picks(k);
        for word in 0..filled.len() {
            // The empty bins of this word of the bitmap, lowest first.
            let mut empty = !filled[word];
            if word == filled.len() - 1 && !k.is_multiple_of(64) {
                empty &= (1u64 << (k % 64)) - 1;
            }
            while empty != 0 {
                let j = word * 64 + empty.trailing_zeros() as usize;
                empty &= empty - 1;
                // The first of the precomputed attempts that hits a filled
                // bin, found without a branch per attempt.
                let tried = table.get(j * PICKS..(j + 1) * PICKS).unwrap_or(&[]);
                let hits = tried
                    .iter()
                    .enumerate()
                    .fold(0u32, |m, (i, &p)| m | (u32::from(is_filled(filled, p as usize)) << i));
                if hits != 0 {
                    bins[j] = bins[tried[hits.trailing_zeros() as usize] as usize];
                    continue;
                }
                let mut attempt = if table.is_empty() { 1 } else { PICKS as u64 + 1 };
                loop {
                    let pick = pick(k, j, attempt);
                    if is_filled(filled, pick) {
                        bins[j] = bins[pick];
                        break;
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// Candidate pairs `(a, b)`, `a < b`, sorted and unique, from 32-bit
    /// band keys (`keys[row * bands + band]`), and the number of capped
    /// buckets. (Two texts whose keys collide only add a candidate that the
    /// exact re-check drops.)
    ///
    /// A bucket over `max_bucket` pairs each row only with the next
    /// `bucket_window` rows: in row order, or, with `order`, in the order
    /// of that content key per row (so that the pairs kept do not depend on
    /// the order the rows came in).
    pub fn candidates(&self, keys: &[u32], n: usize, order: Option<&[u64]>) -> (Vec<(u32, u32)>, usize) {
        let per_band: Vec<(Vec<(u32, u32)>, usize)> = (0..self.bands)
            .into_par_iter()
            .map(|band| {
                // Key and row packed in one word, rows ascending: a stable
                // radix sort on the key gives the order of (key, row).
                let col: Vec<u64> = (0..n)
                    .map(|r| (u64::from(keys[r * self.bands + band]) << 32) | r as u64)
                    .collect();
                let col = radix_sort_by_high_half(col);
                let mut out = Vec::new();
                let mut capped = 0;
                let mut by_order: Vec<(u64, u32)> = Vec::new();
                for bucket in col.chunk_by(|x, y| x >> 32 == y >> 32).filter(|b| b.len() >= 2) {
                    by_order.clear();
                    by_order.extend(bucket.iter().map(|&x| {
                        let row = x as u32;
                        (order.map_or(u64::from(row), |o| o[row as usize]), row)
                    }));
                    capped += usize::from(self.bucket_pairs(&mut by_order, &mut out));
                }
                (out, capped)
            })
            .collect();
        let capped = per_band.iter().map(|p| p.1).sum();
        let mut all: Vec<(u32, u32)> = per_band.into_iter().flat_map(|p| p.0).collect();
        all.par_sort_unstable();
        all.dedup();
        (all, capped)
    }

    /// The candidate pairs of one band bucket, `(content key, row)` per
    /// member, rows ascending, into `out`; returns whether the bucket was
    /// over `max_bucket` (then each member is paired only with the next
    /// `bucket_window` members in content-key order).
    pub fn bucket_pairs(&self, members: &mut [(u64, u32)], out: &mut Vec<(u32, u32)>) -> bool {
        if members.len() <= self.max_bucket {
            for (i, &(_, a)) in members.iter().enumerate() {
                for &(_, b) in &members[i + 1..] {
                    out.push((a, b));
                }
            }
            return false;
        }
        members.sort_unstable();
        for (i, &(_, a)) in members.iter().enumerate() {
            for &(_, b) in members[i + 1..].iter().take(self.bucket_window) {
                out.push((a.min(b), a.max(b)));
            }
        }
        true
    }

    /// Keeps the candidates whose exact Jaccard reaches the threshold.
    pub fn verify(&self, texts: &[&str], candidates: &[(u32, u32)]) -> Vec<(u32, u32)> {
        let mut kept: Vec<(u32, u32)> = candidates
            .par_chunk_by(|x, y| x.0 == y.0)
            .flat_map_iter(|group| {
                let a = shingles(texts[group[0].0 as usize], self.ngram);
                let mut out = Vec::new();
                for &(x, y) in group {
                    let b = shingles(texts[y as usize], self.ngram);
                    let (lo, hi) = if a.len() < b.len() {
                        (a.len(), b.len())
                    } else {
                        (b.len(), a.len())
                    };
                    if (lo as f64) < self.threshold * hi as f64 - 1e-9 {
                        continue;
                    }
                    if jaccard(&a, &b) >= self.threshold {
                        out.push((x, y));
                    }
                }
                out.into_iter()
            })
            .collect();
        kept.sort_unstable();
        kept
    }

    /// Normalizes `lines`, collapses exact duplicates and finds the
    /// near-duplicate pairs and clusters. Stages: `dedup`, `signature`,
    /// `candidates`, `verify`, `components`.
    pub fn run(&self, lines: &[&str], progress: &dyn Progress) -> Dedup {
        progress.start("dedup", lines.len() as u64);
        let normalized: Vec<String> = lines
            .par_iter()
            .map(|l| {
                let s = normalize_line(l);
                progress.advance(1);
                s
            })
            .collect();
        let mut order: Vec<(u64, u32)> = normalized
            .par_iter()
            .enumerate()
            .map(|(i, s)| (xxh3_64_with_seed(s.as_bytes(), HASH_SEED), i as u32))
            .collect();
        order.par_sort_unstable();
        let mut group = vec![0u32; lines.len()];
        let mut first_line: Vec<u32> = Vec::new();
        for same_hash in order.chunk_by(|x, y| x.0 == y.0) {
            if let [(_, line)] = same_hash {
                // A text of its own (most of them).
                group[*line as usize] = first_line.len() as u32;
                first_line.push(*line);
                continue;
            }
            // Equal hashes are compared by text, so a collision never merges texts.
            let mut reps: Vec<u32> = Vec::new();
            for &(_, line) in same_hash {
                let text = &normalized[line as usize];
                match reps
                    .iter()
                    .find(|&&r| normalized[first_line[r as usize] as usize] == *text)
                {
                    Some(&r) => group[line as usize] = r,
                    None => {
                        let r = first_line.len() as u32;
                        first_line.push(line);
                        reps.push(r);
                        group[line as usize] = r;
                    }
                }
            }
        }
        // Number unique texts by first line, so the numbering is the input order.
        let mut by_line: Vec<(u32, u32)> = first_line.iter().enumerate().map(|(u, &l)| (l, u as u32)).collect();
        by_line.sort_unstable();
        let mut renumber = vec![0u32; first_line.len()];
        for (new, &(_, old)) in by_line.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        group.iter_mut().for_each(|g| *g = renumber[*g as usize]);
        let first_line: Vec<u32> = by_line.iter().map(|p| p.0).collect();
        let texts: Vec<&str> = first_line.iter().map(|&l| normalized[l as usize].as_str()).collect();
        progress.finish();

        let n = texts.len();
        progress.start("signature", n as u64);
        let mut keys: Vec<u32> = vec![0; n * self.bands];
        keys.par_chunks_mut(self.bands.max(1))
            .zip(texts.par_iter())
            .for_each(|(out, t)| {
                self.each_band_key(t, |b, key| out[b] = key as u32);
                progress.advance(1);
            });
        progress.finish();

        progress.start("candidates", 0);
        let (candidates, capped_buckets) = self.candidates(&keys, n, None);
        drop(keys);
        progress.finish();

        progress.start("verify", candidates.len() as u64);
        let pairs = self.verify(&texts, &candidates);
        progress.finish();

        progress.start("components", 0);
        let clusters = components(&group, n, &pairs);
        progress.finish();
        Dedup {
            lines: lines.len(),
            unique: n,
            group,
            first_line,
            candidates: candidates.len(),
            capped_buckets,
            pairs,
            clusters,
        }
    }
}

/// Connected components with at least two lines over exact-duplicate groups
/// (`group[line]`) and pairs of groups; sorted line numbers, sorted by first line.
pub fn components(group: &[u32], groups: usize, pairs: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut sets = super::UnionFind::new(groups);
    for &(a, b) in pairs {
        sets.union(a, b);
    }
    let mut by_root: Vec<(u32, u32)> = group
        .iter()
        .enumerate()
        .map(|(line, &g)| (sets.find(g), line as u32))
        .collect();
    by_root.sort_unstable();
    let mut clusters: Vec<Vec<u32>> = by_root
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|c| c.len() >= 2)
        .map(|c| c.iter().map(|p| p.1).collect())
        .collect();
    clusters.sort_unstable_by_key(|c| c[0]);
    clusters
}

/// Every pair of `texts` with character `n`-gram Jaccard at least
/// `threshold`, found exactly by prefix filtering (Chaudhuri et al. 2006,
/// Bayardo et al. 2007): with shingles ordered rarest first, two sets that
/// reach the threshold share a shingle among the first
/// `|x| - ceil(threshold * |x|) + 1` of each. The reference the candidate
/// step's recall is measured against; `(a, b)`, `a < b`, sorted.
pub fn exact_pairs(texts: &[&str], n: usize, threshold: f64) -> Vec<(u32, u32)> {
    let sets: Vec<Vec<u64>> = texts.par_iter().map(|t| shingles(t, n)).collect();
    let mut all: Vec<u64> = sets.iter().flatten().copied().collect();
    all.par_sort_unstable();
    let mut freq: Vec<(u64, u32)> = Vec::new();
    for h in all {
        match freq.last_mut() {
            Some(last) if last.0 == h => last.1 += 1,
            _ => freq.push((h, 1)),
        }
    }
    let mut by_rarity: Vec<(u32, u64)> = freq.iter().map(|&(h, f)| (f, h)).collect();
    by_rarity.sort_unstable();
    let mut rank_of: Vec<(u64, u32)> = by_rarity.iter().enumerate().map(|(r, &(_, h))| (h, r as u32)).collect();
    rank_of.sort_unstable();
    let rank = |h: u64| {
        rank_of[rank_of
            .binary_search_by_key(&h, |e| e.0)
            .expect("every shingle is ranked")]
        .1
    };
    let ranked: Vec<Vec<u32>> = sets
        .par_iter()
        .map(|s| {
            let mut r: Vec<u32> = s.iter().map(|&h| rank(h)).collect();
            r.sort_unstable();
            r
        })
        .collect();
    let prefix = |len: usize| len - (threshold * len as f64 - 1e-9).ceil().max(0.0) as usize + 1;
    // Sets by size ascending: a probing set only meets smaller or equal ones.
    let mut order: Vec<u32> = (0..texts.len() as u32).collect();
    order.sort_by_key(|&i| (ranked[i as usize].len(), i));
    let mut index: Vec<Vec<u32>> = vec![Vec::new(); by_rarity.len()];
    let mut seen = vec![u32::MAX; texts.len()];
    let mut out = Vec::new();
    for &x in &order {
        let rx = &ranked[x as usize];
        if rx.is_empty() {
            continue;
        }
        let p = prefix(rx.len()).min(rx.len());
        for &tok in &rx[..p] {
            for &y in &index[tok as usize] {
                if seen[y as usize] == x {
                    continue;
                }
                seen[y as usize] = x;
                let ry = &ranked[y as usize];
                if (ry.len() as f64) < threshold * rx.len() as f64 - 1e-9 {
                    continue;
                }
                if jaccard(&sets[x as usize], &sets[y as usize]) >= threshold {
                    out.push((x.min(y), x.max(y)));
                }
            }
        }
        for &tok in &rx[..p] {
            index[tok as usize].push(x);
        }
    }
    out.sort_unstable();
    out
}

/// The share of `want` pairs that are in `got` (both sorted); 1 when `want` is empty.
pub fn recall(got: &[(u32, u32)], want: &[(u32, u32)]) -> f64 {
    if want.is_empty() {
        return 1.0;
    }
    let found = want.iter().filter(|p| got.binary_search(p).is_ok()).count();
    found as f64 / want.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// Real-looking sentences with edited copies: the candidate step must
    /// find (nearly) every pair the exact join finds.
    fn sample() -> Vec<String> {
        let base = [
            "The central bank raised interest rates by half a point on Tuesday, its third increase this year.",
            "Shares of the company fell sharply after it reported a quarterly loss of 12 million dollars.",
            "The storm killed at least twelve people in the port city and left thousands without power.",
            "Anarchism is a political philosophy that advocates self-governed societies based on voluntary institutions.",
            "The agreement was signed in Geneva by representatives of both governments after two years of talks.",
            "Officials said the bridge would remain closed for repairs until the end of next month.",
        ];
        let edits = [
            "",
            " reuters said.",
            " officials added.",
            " on monday",
            " (updated)",
            " according to the report.",
        ];
        let mut out = Vec::new();
        for (i, b) in base.iter().enumerate() {
            for (j, e) in edits.iter().enumerate() {
                let mut s = format!("{b}{e}");
                if (i + j) % 3 == 0 {
                    s = s.replacen("the", "a", 1);
                }
                out.push(s);
            }
        }
        out.push("A man is playing a flute.".into());
        out.push("a man is playing a flute.".into());
        out
    }

    #[test]
    fn radix_sort_orders_as_the_comparison_sort() {
        let mut state = 7u64;
        let mut v: Vec<u64> = (0..5000u64)
            .map(|row| {
                state = mix(state);
                // Few distinct keys, so rows of equal keys must stay in order.
                ((state % 37) << 32) | row
            })
            .collect();
        v.push(u64::MAX << 32);
        let mut want = v.clone();
        want.sort_unstable();
        assert_eq!(radix_sort_by_high_half(v), want);
    }

    #[test]
    fn candidate_step_recalls_the_exact_pairs() {
        let lines = sample();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let nd = NearDuplicates::default();
        let got = nd.run(&refs, &Silent);
        let unique: Vec<&str> = got.first_line.iter().map(|&l| refs[l as usize]).collect();
        let normalized: Vec<String> = unique.iter().map(|t| normalize_line(t)).collect();
        let texts: Vec<&str> = normalized.iter().map(String::as_str).collect();
        let want = exact_pairs(&texts, 5, 0.6);
        assert!(want.len() >= 60, "{}", want.len());
        assert!(recall(&got.pairs, &want) >= 0.95, "{}", recall(&got.pairs, &want));
        // Verified pairs are exact: nothing the exact join does not find.
        assert!(got.pairs.iter().all(|p| want.binary_search(p).is_ok()));
        // The flute lines are exact duplicates after normalization.
        assert_eq!(got.unique, lines.len() - 1);
        assert_eq!(got.clusters.len(), 6 + 1);
    }

    #[test]
    fn exact_pairs_match_brute_force() {
        let lines = sample();
        let normalized: Vec<String> = lines.iter().map(|t| normalize_line(t)).collect();
        let texts: Vec<&str> = normalized.iter().map(String::as_str).collect();
        for threshold in [0.5, 0.6, 0.8] {
            let mut want = Vec::new();
            for a in 0..texts.len() {
                for b in a + 1..texts.len() {
                    if jaccard(&shingles(texts[a], 5), &shingles(texts[b], 5)) >= threshold {
                        want.push((a as u32, b as u32));
                    }
                }
            }
            assert_eq!(exact_pairs(&texts, 5, threshold), want, "threshold {threshold}");
        }
    }

    #[test]
    fn same_result_on_one_and_two_threads() {
        let lines = sample();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let nd = NearDuplicates::default();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool")
                .install(|| nd.run(&refs, &Silent))
        };
        assert_eq!(run(1), run(2));
    }

    #[test]
    fn rolling_shingles_hash_like_sliced_ones() {
        // An ASCII window must hash the same inside an ASCII text (rolling)
        // and inside a non-ASCII one (sliced).
        let ascii = shingles("the cat sat", 5);
        let mixed = shingles("the cat sat é", 5);
        assert!(ascii.iter().all(|h| mixed.binary_search(h).is_ok()));
    }

    #[test]
    fn normalizes_like_python() {
        struct Case {
            name: &'static str,
            input: &'static str,
            want: &'static str,
        }
        const CASES: &[Case] = &[
            Case {
                name: "collapse",
                input: "  A  b\tC \n",
                want: "a b c",
            },
            Case {
                name: "unicode",
                input: "Émile ZOLA",
                want: "émile zola",
            },
        ];
        for c in CASES {
            assert_eq!(normalize_line(c.input), c.want, "{}", c.name);
        }
    }

    #[test]
    fn the_ascii_path_normalizes_as_the_general_one() {
        let general = |line: &str| {
            line.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let every_byte: String = (0u8..128).map(char::from).collect();
        for line in [every_byte.as_str(), " \x0b\x0cA\x1fB \r\n", "", "   ", "x"] {
            assert_eq!(normalize_line(line), general(line), "{line:?}");
        }
    }
}
