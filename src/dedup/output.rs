//! What `crosscheck dedup` writes: one JSON line per unit, the clusters for
//! people, the deduplicated input, and the summary.

use std::io::{self, Write};

use serde::Serialize;

use super::{Assignment, Banding, Item, Summary, Unit};
use crate::report::counted;

/// One line of `--format jsonl`.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    /// `null` for a unit with no near-duplicate.
    cluster: Option<u32>,
    representative: &'a str,
    similarity: f64,
    kept: bool,
}

/// One JSON line per unit, in input order.
pub fn write_jsonl(out: &mut dyn Write, items: &[Item], assignments: &[Assignment]) -> io::Result<()> {
    for (i, (item, a)) in items.iter().zip(assignments).enumerate() {
        let line = Line {
            id: &item.id,
            cluster: a.cluster,
            representative: &items[a.representative as usize].id,
            similarity: (a.similarity * 10_000.0).round() / 10_000.0,
            kept: a.kept(i as u32),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The deduplicated input: what each kept unit was, one a line, in input order.
pub fn write_kept(out: &mut dyn Write, items: &[Item], assignments: &[Assignment]) -> io::Result<()> {
    for (i, (item, a)) in items.iter().zip(assignments).enumerate() {
        if a.kept(i as u32) {
            out.write_all(item.written().as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Characters of a unit's text shown in the human listing.
const SHOWN_CHARS: usize = 100;

/// Every cluster, its representative first (marked `*`), each member with
/// its similarity to the representative.
pub fn write_clusters(out: &mut dyn Write, items: &[Item], assignments: &[Assignment]) -> io::Result<()> {
    let mut clusters: Vec<Vec<u32>> = Vec::new();
    for (i, a) in assignments.iter().enumerate() {
        if let Some(c) = a.cluster {
            let c = c as usize;
            if clusters.len() <= c {
                clusters.resize(c + 1, Vec::new());
            }
            clusters[c].push(i as u32);
        }
    }
    for (c, members) in clusters.iter_mut().enumerate() {
        let representative = assignments[members[0] as usize].representative;
        members.sort_by_key(|&i| (i != representative, i));
        writeln!(out, "cluster {c}: {} units", members.len())?;
        for &i in members.iter() {
            let item = &items[i as usize];
            let mark = if i == representative { '*' } else { ' ' };
            let text: String = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown: String = text.chars().take(SHOWN_CHARS).collect();
            let more = if shown.len() < text.len() { "..." } else { "" };
            writeln!(
                out,
                "  {mark} {:.3}  {}  {shown}{more}",
                assignments[i as usize].similarity, item.id
            )?;
        }
    }
    Ok(())
}

/// The settings and counts of a run, for people.
pub fn write_summary(
    out: &mut dyn Write,
    unit: Unit,
    threshold: f64,
    ngram: usize,
    banding: Banding,
    summary: &Summary,
) -> io::Result<()> {
    let unit = match unit {
        Unit::Line => ("line", "lines"),
        Unit::Sentence => ("sentence", "sentences"),
        Unit::Document => ("document", "documents"),
    };
    writeln!(
        out,
        "{}, {} unique, {}, {}; {} removed, {} kept",
        counted(summary.units, unit.0, unit.1),
        summary.unique,
        counted(summary.clusters, "cluster", "clusters"),
        counted(summary.pairs, "near-duplicate pair", "near-duplicate pairs"),
        summary.removed,
        summary.units - summary.removed
    )?;
    let capped = match summary.capped_buckets {
        0 => String::new(),
        n => format!(
            ", {} too large to pair in full",
            counted(n, "band bucket", "band buckets")
        ),
    };
    writeln!(
        out,
        "Jaccard >= {threshold} over character {ngram}-grams; {} bands x {} rows (a pair at the threshold is a candidate with probability {:.3}); {} re-checked{capped}",
        banding.bands,
        banding.rows,
        banding.candidate_probability(threshold),
        counted(summary.candidates, "candidate", "candidates"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, text: &str) -> Item {
        Item {
            id: id.into(),
            text: text.into(),
            raw: None,
        }
    }

    #[test]
    fn each_writer_shows_the_clusters() {
        let items = [
            item("a:1", "One text."),
            item("a:2", "Other."),
            item("a:3", "One text!"),
        ];
        let assignments = [
            Assignment {
                cluster: Some(0),
                representative: 0,
                similarity: 1.0,
            },
            Assignment {
                cluster: None,
                representative: 1,
                similarity: 1.0,
            },
            Assignment {
                cluster: Some(0),
                representative: 0,
                similarity: 0.666_666,
            },
        ];
        let mut jsonl = Vec::new();
        write_jsonl(&mut jsonl, &items, &assignments).unwrap();
        let jsonl = String::from_utf8(jsonl).unwrap();
        assert_eq!(
            jsonl.lines().nth(2).unwrap(),
            r#"{"id":"a:3","cluster":0,"representative":"a:1","similarity":0.6667,"kept":false}"#
        );
        assert!(jsonl.lines().nth(1).unwrap().contains(r#""cluster":null"#));
        let mut kept = Vec::new();
        write_kept(&mut kept, &items, &assignments).unwrap();
        assert_eq!(String::from_utf8(kept).unwrap(), "One text.\nOther.\n");
        let mut human = Vec::new();
        write_clusters(&mut human, &items, &assignments).unwrap();
        assert_eq!(
            String::from_utf8(human).unwrap(),
            "cluster 0: 2 units\n  * 1.000  a:1  One text.\n    0.667  a:3  One text!\n"
        );
    }
}
