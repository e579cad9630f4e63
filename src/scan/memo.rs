//! What `scan --index` stores of a scan ([`crate::index`]), and how.
//!
//! Three things are memoized, each a pure function of what its key
//! covers:
//!
//! - a document's segment stage ([`Segmented`]), keyed by [`doc_key`]: the
//!   hash of its text and publication date, the only parts of a document
//!   segmentation, features, blocking keys and dates read (its name and
//!   origin are not stored: a renamed file is reused as it is);
//! - a candidate pair's judgement, keyed by its two sentence ids and
//!   checked against both documents' keys (a sentence id covers its text,
//!   not the publication date that anchors its relative days);
//! - the facts of the sentences of related pairs, for the report.
//!
//! The encodings are little-endian and versioned by [`crate::index::SCHEMA`];
//! a body that does not decode is treated as missing and computed again.
//! Judgements and facts are stored as JSON (their floats round-trip
//! exactly); features compactly (`put_features`), so a reused document
//! costs a decode, not a parse.

use super::{Row, Scanner, Segmented};
use crate::extract::Facts;
use crate::id::{stable_hash, SentenceId};
use crate::ingest::Document;
use crate::relate::Judgement;
use crate::segment::Role;
use crate::span::Span;

/// The key of a document's memoized segment stage: its text and
/// publication date.
pub fn doc_key(doc: &Document) -> u64 {
    let mut bytes = Vec::with_capacity(8 + doc.published.as_ref().map_or(0, String::len) + 1);
    bytes.extend_from_slice(&doc.fingerprint.0.to_le_bytes());
    match &doc.published {
        Some(p) => {
            bytes.push(1);
            bytes.extend_from_slice(p.as_bytes());
        }
        None => bytes.push(0),
    }
    stable_hash(&bytes)
}

/// The identity of what shapes the memoized results: the build (`build`,
/// e.g. a hash of the executable) and every setting the segment and relate
/// stages read (and the clusterer's bands). An index written under another identity is rebuilt.
pub fn identity(scanner: &Scanner, build: u64) -> u64 {
    // The settings' Debug forms: every field, in declaration order, with
    // ordered maps only (no hash-map iteration order in them).
    let settings = format!(
        "{build:016x}|{:?}|{:?}|{:?}|{:?}|{:?}",
        scanner.segmenter, scanner.embedder, scanner.clusterer, scanner.extractor, scanner.relator
    );
    stable_hash(settings.as_bytes())
}

/// Where the segmenter cut over-long text in a document: the first cut
/// sentence's start and the number of pieces (see `scan::split_note`).
pub type Split = Option<(usize, usize)>;

fn role_byte(role: Role) -> u8 {
    match role {
        Role::Statement => 0,
        Role::Question => 1,
        Role::Heading => 2,
    }
}

fn byte_role(b: u8) -> Option<Role> {
    match b {
        0 => Some(Role::Statement),
        1 => Some(Role::Question),
        2 => Some(Role::Heading),
        _ => None,
    }
}

/// Encodes a document's segment stage.
pub fn encode_segmented(seg: &Segmented, split: Split) -> Vec<u8> {
    let total = seg.slots.len();
    let mut out = Vec::with_capacity(16 + seg.rows.len() * 40 + total * 8);
    put_u64(&mut out, seg.rows.len() as u64);
    for ((row, len), keys) in seg.rows.iter().zip(&seg.lens).zip(&seg.keys) {
        put_u64(&mut out, row.span.start as u64);
        put_u64(&mut out, row.span.end as u64);
        out.push(role_byte(row.role));
        out.push(row.asserts as u8);
        put_u64(&mut out, row.id.0);
        put_u32(&mut out, *len);
        put_u32(&mut out, keys.len() as u32);
        keys.iter().for_each(|&k| put_u64(&mut out, k));
    }
    put_features(&mut out, seg);
    let (first, pieces) = split.unwrap_or((0, 0));
    put_u64(&mut out, first as u64);
    put_u64(&mut out, pieces as u64);
    out
}

/// Decodes a document's segment stage for document number `doc` of this
/// run; `None` when the body is not a valid encoding.
pub fn decode_segmented(body: &[u8], doc: u32) -> Option<(Segmented, Split)> {
    let mut r = Reader(body);
    let n = usize::try_from(r.u64()?).ok()?;
    // Each row takes at least 34 bytes: a corrupt count fails here, not in
    // an allocation.
    if n > body.len() / 34 {
        return None;
    }
    let mut seg = Segmented::default();
    let mut total = 0usize;
    for _ in 0..n {
        let start = usize::try_from(r.u64()?).ok()?;
        let end = usize::try_from(r.u64()?).ok()?;
        let role = byte_role(r.u8()?)?;
        let asserts = r.u8()? != 0;
        let id = SentenceId(r.u64()?);
        let len = r.u32()?;
        let nkeys = r.u32()? as usize;
        if nkeys > r.0.len() / 8 {
            return None;
        }
        let keys = (0..nkeys).map(|_| r.u64()).collect::<Option<Vec<u64>>>()?;
        total = total.checked_add(len as usize)?;
        seg.rows.push(Row {
            doc,
            span: Span::new(start, end),
            role,
            asserts,
            id,
        });
        seg.lens.push(len);
        seg.keys.push(keys);
    }
    // A feature takes at least two bytes.
    if total > r.0.len() / 2 {
        return None;
    }
    (seg.slots, seg.counts) = read_features(&mut r, &seg.lens, total)?;
    let first = usize::try_from(r.u64()?).ok()?;
    let pieces = usize::try_from(r.u64()?).ok()?;
    if !r.0.is_empty() {
        return None;
    }
    Some((seg, (pieces > 0).then_some((first, pieces))))
}

/// Encodes a document's band keys (its sentences' in order).
pub fn encode_band_keys(keys: &[u32]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

/// Decodes a document's band keys into `out`; false (and `out` untouched)
/// when the body does not hold exactly `out.len()` keys.
pub fn decode_band_keys(body: &[u8], out: &mut [u32]) -> bool {
    if body.len() != out.len() * 4 {
        return false;
    }
    for (k, bytes) in out.iter_mut().zip(body.chunks_exact(4)) {
        *k = u32::from_le_bytes(bytes.try_into().expect("chunks of 4 bytes"));
    }
    true
}

/// Encodes a judgement whose side a is the sentence `first`.
pub fn encode_judgement(first: SentenceId, judgement: &Judgement) -> Vec<u8> {
    let mut out = first.0.to_le_bytes().to_vec();
    serde_json::to_writer(&mut out, judgement).expect("a judgement serializes");
    out
}

/// Decodes a stored judgement: its side a's sentence and the judgement.
pub fn decode_judgement(body: &[u8]) -> Option<(SentenceId, Judgement)> {
    let first = SentenceId(Reader(body).u64()?);
    let judgement = serde_json::from_slice(&body[8..]).ok()?;
    Some((first, judgement))
}

/// Encodes a sentence's facts.
pub fn encode_facts(facts: &Facts) -> Vec<u8> {
    serde_json::to_vec(facts).expect("facts serialize")
}

/// Decodes a sentence's facts.
pub fn decode_facts(body: &[u8]) -> Option<Facts> {
    serde_json::from_slice(body).ok()
}

/// The features, compact: a sentence's slots are sorted, so each is
/// written as its distance from the one before (LEB128); a document's
/// counts are sums of a few weights, so each is a one-byte index into the
/// document's distinct counts (the palette), unless it has over 256 of
/// them, when counts are written whole. About 3 bytes a feature, not 8.
fn put_features(out: &mut Vec<u8>, seg: &Segmented) {
    let mut palette: Vec<u32> = seg.counts.iter().map(|c| c.to_bits()).collect();
    palette.sort_unstable();
    palette.dedup();
    let indexed = palette.len() <= 256;
    put_u32(out, if indexed { palette.len() as u32 } else { u32::MAX });
    if indexed {
        palette.iter().for_each(|&p| put_u32(out, p));
    }
    let mut at = 0;
    for &len in &seg.lens {
        let mut prev = 0u32;
        for &slot in &seg.slots[at..at + len as usize] {
            put_varint(out, slot.wrapping_sub(prev));
            prev = slot;
        }
        at += len as usize;
    }
    for c in &seg.counts {
        let bits = c.to_bits();
        match indexed {
            true => out.push(palette.binary_search(&bits).expect("in the palette") as u8),
            false => put_u32(out, bits),
        }
    }
}

fn read_features(r: &mut Reader<'_>, lens: &[u32], total: usize) -> Option<(Vec<u32>, Vec<f32>)> {
    let n = r.u32()?;
    let palette: Vec<f32> = match n {
        u32::MAX => Vec::new(),
        n if n <= 256 => (0..n).map(|_| r.u32().map(f32::from_bits)).collect::<Option<_>>()?,
        _ => return None,
    };
    let mut slots = Vec::with_capacity(total);
    for &len in lens {
        let mut prev = 0u32;
        for _ in 0..len {
            prev = prev.wrapping_add(r.varint()?);
            slots.push(prev);
        }
    }
    let counts = match n {
        u32::MAX => (0..total)
            .map(|_| r.u32().map(f32::from_bits))
            .collect::<Option<Vec<f32>>>()?,
        _ => (0..total)
            .map(|_| r.u8().and_then(|i| palette.get(i as usize).copied()))
            .collect::<Option<Vec<f32>>>()?,
    };
    Some((slots, counts))
}

fn put_varint(out: &mut Vec<u8>, mut x: u32) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

fn put_u64(out: &mut Vec<u8>, x: u64) {
    out.extend_from_slice(&x.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, x: u32) {
    out.extend_from_slice(&x.to_le_bytes());
}

/// Reads little-endian values off the front of a byte slice.
struct Reader<'b>(&'b [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|[b]| b)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn varint(&mut self) -> Option<u32> {
        let mut x = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            x |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(x);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segmented() -> Segmented {
        Segmented {
            rows: vec![
                Row {
                    doc: 3,
                    span: Span::new(0, 12),
                    role: Role::Statement,
                    asserts: true,
                    id: SentenceId(u64::MAX),
                },
                Row {
                    doc: 3,
                    span: Span::new(13, 20),
                    role: Role::Heading,
                    asserts: false,
                    id: SentenceId(5),
                },
            ],
            lens: vec![2, 1],
            slots: vec![7, 9, 1 << 19],
            counts: vec![1.0, 0.25, f32::MIN_POSITIVE],
            keys: vec![vec![42, u64::MAX], Vec::new()],
        }
    }

    #[test]
    fn a_document_round_trips_bit_for_bit() {
        let seg = segmented();
        let body = encode_segmented(&seg, Some((13, 2)));
        let (back, split) = decode_segmented(&body, 3).unwrap();
        assert_eq!(split, Some((13, 2)));
        assert_eq!(back.lens, seg.lens);
        assert_eq!(back.slots, seg.slots);
        assert_eq!(back.keys, seg.keys);
        let bits = |c: &[f32]| c.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back.counts), bits(&seg.counts));
        for (x, y) in back.rows.iter().zip(&seg.rows) {
            assert_eq!(
                (x.doc, x.span, x.role, x.asserts, x.id),
                (y.doc, y.span, y.role, y.asserts, y.id)
            );
        }
    }

    #[test]
    fn counts_beyond_the_palette_are_written_whole() {
        let mut seg = segmented();
        seg.rows.truncate(1);
        seg.keys.truncate(1);
        seg.lens = vec![300];
        seg.slots = (0..300).map(|i| i * 3_500).collect();
        seg.counts = (0..300).map(|i| i as f32 * 0.5).collect();
        let (back, _) = decode_segmented(&encode_segmented(&seg, None), 0).unwrap();
        assert_eq!((back.slots, back.counts), (seg.slots, seg.counts));
    }

    #[test]
    fn a_damaged_body_is_missing_not_a_panic() {
        let body = encode_segmented(&segmented(), None);
        for cut in 0..body.len() {
            assert!(decode_segmented(&body[..cut], 0).is_none(), "cut at {cut}");
        }
        let mut huge = body.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode_segmented(&huge, 0).is_none());
        assert!(decode_judgement(b"short").is_none());
        assert!(decode_facts(b"{not json").is_none());
    }

    #[test]
    fn the_key_covers_the_publication_date() {
        let doc = |published: Option<&str>| Document {
            name: "a".into(),
            origin: "a".into(),
            fingerprint: crate::id::Fingerprint::of("text"),
            title: None,
            source: None,
            published: published.map(str::to_string),
            text: "text".into(),
            lines: None,
        };
        assert_ne!(doc_key(&doc(None)), doc_key(&doc(Some("2024-01-01"))));
        assert_ne!(doc_key(&doc(Some("2024-01-01"))), doc_key(&doc(Some("2024-01-02"))));
        let mut renamed = doc(None);
        renamed.name = "b".into();
        assert_eq!(doc_key(&doc(None)), doc_key(&renamed));
    }
}
