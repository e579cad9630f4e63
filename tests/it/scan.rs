//! `crosscheck scan` on the bundled corpus (DESIGN §2-§4): exit code, the
//! report files, and the example that defines the job.

use std::collections::BTreeSet;

use crate::common::{array_at, bundled_corpus, find_pair, scan, span_of, str_at, REPORT_FILES};
use serde_json::Value;

/// The three sentences of DESIGN §2, by a phrase each contains.
const FIRST_IN_FOUR_YEARS: &str = "first trip abroad in over four years";
const EIGHTH_SINCE_POWER: &str = "eighth foreign trip since assuming power";
const FIRST_SINCE_COVID: &str = "first foreign trip since the Covid-19 pandemic";

/// The bytes `span` covers in the bundled article the side comes from.
fn slice_of_article(side: &Value, span: &Value) -> String {
    let path = bundled_corpus().join(str_at(side, "doc_name"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (start, end) = span_of(span);
    let slice = bytes
        .get(start..end)
        .unwrap_or_else(|| panic!("span {start}..{end} out of {}", path.display()));
    String::from_utf8(slice.to_vec())
        .unwrap_or_else(|_| panic!("span {start}..{end} of {} is not UTF-8", path.display()))
}

/// Evidence of one side of a pair, each sliced from the article file.
fn evidence_in_article(side: &Value) -> Vec<String> {
    array_at(side, "evidence")
        .iter()
        .map(|e| slice_of_article(side, &e["span"]))
        .collect()
}

#[test]
fn bundled_corpus_scan_exits_0_and_writes_all_four_reports() {
    let s = scan(&[&bundled_corpus()], &[]);
    assert_eq!(s.run.code, 0, "{}", s.run.show());
    assert_eq!(s.report["schema"], "crosscheck.report/1");
    assert!(
        s.run.stdout.contains(&s.out.display().to_string()),
        "stdout says where the reports are:\n{}",
        s.run.show()
    );
    let empty: Vec<&str> = REPORT_FILES
        .into_iter()
        .filter(|file| {
            let path = s.out.join(file);
            std::fs::metadata(&path)
                .unwrap_or_else(|e| panic!("{file} missing: {e}"))
                .len()
                == 0
        })
        .collect();
    assert!(empty.is_empty(), "empty report files: {empty:?}");
}

#[test]
fn review_queue_lines_parse_and_match_the_report_pair_ids() {
    let s = scan(&[&bundled_corpus()], &[]);
    assert_eq!(s.run.code, 0, "{}", s.run.show());
    let queue = std::fs::read_to_string(s.out.join("review.jsonl")).expect("review.jsonl is UTF-8");
    let mut ids = BTreeSet::new();
    for (i, line) in queue.lines().enumerate() {
        let item: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("review.jsonl:{}: {e}: {line}", i + 1));
        let id = str_at(&item, "id");
        assert!(
            id.starts_with("p-"),
            "review.jsonl:{}: id {id:?} is not a pair id",
            i + 1
        );
        assert!(
            ids.insert(id.to_string()),
            "review.jsonl:{}: id {id} listed twice",
            i + 1
        );
    }
    assert!(!ids.is_empty(), "the bundled corpus has pairs to review");
    let reported: BTreeSet<String> = array_at(&s.report, "pairs")
        .iter()
        .map(|p| str_at(p, "id").to_string())
        .collect();
    assert_eq!(
        ids, reported,
        "the queue holds the report's pairs (none is dismissed on a first run)"
    );
}

#[test]
fn pairs_never_involve_questions_or_label_headings() {
    // --all-sentences so that the questions and headings are in the report
    // too, and the check below is not vacuous.
    let s = scan(&[&bundled_corpus()], &["--all-sentences"]);
    assert_eq!(s.run.code, 0, "{}", s.run.show());
    let sentences = array_at(&s.report, "sentences");
    let role_of = |id: &str| {
        let sentence = sentences
            .iter()
            .find(|x| x["id"] == id)
            .unwrap_or_else(|| panic!("pair side {id} is not in sentences"));
        str_at(sentence, "role").to_string()
    };
    assert!(
        sentences.iter().any(|x| x["role"] != "statement"),
        "the bundled corpus has questions or headings (else this test checks nothing)"
    );
    let pairs = array_at(&s.report, "pairs");
    assert!(!pairs.is_empty(), "the bundled corpus has pairs");
    for pair in pairs {
        for side in ["a", "b"] {
            let role = role_of(str_at(&pair[side], "sentence"));
            let text = str_at(&pair[side], "text");
            let words = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            assert!(
                role != "question" && (role != "heading" || words >= 4),
                "pair {} side {side} is a {role} that states no claim: {text:?}",
                pair["id"],
            );
        }
    }
}

/// A headline that states a claim takes part in pairs, as it does in
/// `compare` and `test`; a label heading, a dateline and a question do not;
/// a conflict with a headline goes to the review queue only.
#[test]
fn headlines_that_state_a_claim_pair_and_their_conflicts_are_abstained() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Microsoft releases security patch for Internet Explorer\n\nUpdated: May 16, 2005, 6:03 PM ET\n\n\
         Key facts\n\nFive dead after fire hits bank in Athens\n\nThe company said the flaw was being exploited.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.txt"),
        "Microsoft rushes out security patch for Internet Explorer\n\nUpdated: May 24, 2005, 3:23 PM ET\n\n\
         Key facts\n\nThree dead after fire hits bank in Athens\n\nAttackers used the flaw to take over machines.\n",
    )
    .unwrap();
    let s = scan(&[&corpus], &[]);
    assert_eq!(s.run.code, 0, "{}", s.run.show());
    let pairs = array_at(&s.report, "pairs");
    let texts = |p: &serde_json::Value| format!("{} | {}", str_at(&p["a"], "text"), str_at(&p["b"], "text"));
    let patch = pairs
        .iter()
        .find(|p| texts(p).contains("security patch"))
        .unwrap_or_else(|| panic!("the two headlines pair: {pairs:#?}"));
    assert_eq!(patch["relation"], "corroborates", "{patch:#}");
    for p in pairs {
        let both = texts(p);
        assert!(
            !both.contains("Updated") && !both.contains("Key facts"),
            "a dateline or label pairs: {both}"
        );
    }
    let fire = pairs
        .iter()
        .find(|p| texts(p).contains("dead after fire"))
        .unwrap_or_else(|| panic!("the two fire headlines pair: {pairs:#?}"));
    assert_eq!(fire["relation"], "conflicts", "{fire:#}");
    assert_eq!(
        fire["abstained"], true,
        "a headline's conflict is for review only: {fire:#}"
    );
}

#[test]
fn pair_sentences_and_evidence_spans_slice_the_original_files() {
    let s = scan(&[&bundled_corpus()], &[]);
    let pairs = array_at(&s.report, "pairs");
    assert!(!pairs.is_empty(), "the bundled corpus has pairs");
    for pair in pairs {
        for side in [&pair["a"], &pair["b"]] {
            assert_eq!(
                slice_of_article(side, &side["span"]),
                str_at(side, "text"),
                "sentence span of pair {}",
                pair["id"]
            );
            for evidence in array_at(side, "evidence") {
                assert_eq!(
                    slice_of_article(side, &evidence["span"]),
                    str_at(evidence, "text"),
                    "evidence of pair {}",
                    pair["id"]
                );
            }
        }
    }
}

#[test]
fn first_trip_in_four_years_vs_eighth_trip_since_power_is_an_ordinal_conflict_with_a_scope_caveat() {
    let s = scan(&[&bundled_corpus()], &[]);
    let (pair, first, eighth) = find_pair(&s.report, FIRST_IN_FOUR_YEARS, EIGHTH_SINCE_POWER);
    assert_eq!(pair["relation"], "conflicts", "{pair:#}");
    assert_eq!(pair["kind"], "ordinal", "{pair:#}");
    let (on_first, on_eighth) = (evidence_in_article(first), evidence_in_article(eighth));
    assert!(
        on_first.iter().any(|e| e == "first"),
        "the clashing span \"first\" is highlighted: {on_first:?}"
    );
    assert!(
        on_eighth.iter().any(|e| e == "eighth"),
        "the clashing span \"eighth\" is highlighted: {on_eighth:?}"
    );
    assert!(
        !on_first.iter().any(|e| e == "eighth") && !on_eighth.iter().any(|e| e == "first"),
        "spans on the wrong side: {pair:#}"
    );
    let caveats = array_at(pair, "caveats");
    assert!(
        caveats
            .iter()
            .any(|c| c.as_str().is_some_and(|c| c.contains("scopes differ"))),
        "a caveat says the scopes differ: {caveats:?}"
    );
}

#[test]
fn first_trip_in_four_years_and_first_trip_since_covid_corroborate() {
    let s = scan(&[&bundled_corpus()], &[]);
    let (pair, _, _) = find_pair(&s.report, FIRST_IN_FOUR_YEARS, FIRST_SINCE_COVID);
    assert_eq!(pair["relation"], "corroborates", "{pair:#}");
}
