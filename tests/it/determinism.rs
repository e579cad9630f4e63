//! Determinism (DESIGN §4 "Ids are stable", STYLE "Determinism"): the thread
//! count never changes a byte of output, and ids come from content, never
//! from file names or order.

use std::collections::BTreeSet;

use crate::common::{array_at, bundled_articles, bundled_corpus, scan, sorted_ids, str_at, REPORT_FILES};
use serde_json::Value;

#[test]
fn reports_are_byte_identical_for_1_and_2_jobs() {
    let one = scan(&[&bundled_corpus()], &["--jobs", "1"]);
    let two = scan(&[&bundled_corpus()], &["--jobs", "2"]);
    assert_eq!(one.run.code, 0, "{}", one.run.show());
    assert_eq!(two.run.code, 0, "{}", two.run.show());
    assert!(
        !array_at(&one.report, "pairs").is_empty(),
        "the bundled corpus has pairs (else this compares little)"
    );
    for file in REPORT_FILES {
        let read = |dir: &std::path::Path| std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            read(&one.out) == read(&two.out),
            "{file} differs between --jobs 1 and --jobs 2"
        );
    }
}

/// Pairs as `(id, relation, kind)`, sorted.
fn pair_set(report: &Value) -> BTreeSet<(String, String, String)> {
    array_at(report, "pairs")
        .iter()
        .map(|p| {
            (
                str_at(p, "id").to_string(),
                str_at(p, "relation").to_string(),
                p["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn ids_do_not_depend_on_file_names_or_order() {
    let articles = bundled_articles();
    let dir = tempfile::tempdir().expect("temp dir");
    let renamed = dir.path().join("renamed");
    std::fs::create_dir(&renamed).expect("folder");
    // New names ("z_copy.txt", "y_copy.txt", ...) that sort in the reverse
    // order of the originals.
    for (i, article) in articles.iter().enumerate() {
        let letter = char::from(b'z' - i as u8);
        std::fs::copy(article, renamed.join(format!("{letter}_copy.txt"))).expect("copy article");
    }

    let original = scan(&[&bundled_corpus()], &["--all-sentences"]);
    let moved = scan(&[&renamed], &["--all-sentences"]);
    assert_eq!(original.run.code, 0, "{}", original.run.show());
    assert_eq!(moved.run.code, 0, "{}", moved.run.show());

    let names = |r: &Value| -> BTreeSet<String> {
        array_at(r, "documents")
            .iter()
            .map(|d| str_at(d, "name").to_string())
            .collect()
    };
    assert!(
        names(&original.report).is_disjoint(&names(&moved.report)),
        "the copies have other names"
    );

    for list in ["documents", "sentences"] {
        let ids = sorted_ids(&original.report, list);
        assert!(!ids.is_empty(), "no {list} in the bundled corpus report");
        assert_eq!(
            ids,
            sorted_ids(&moved.report, list),
            "{list} ids changed when files were renamed and reordered"
        );
    }
    let pairs = pair_set(&original.report);
    assert!(!pairs.is_empty(), "the bundled corpus has pairs");
    assert_eq!(
        pairs,
        pair_set(&moved.report),
        "pair ids or relations changed when files were renamed and reordered"
    );
}
