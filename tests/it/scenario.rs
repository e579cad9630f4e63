//! The review workflow end to end, as a fact-checker and a CI job live it:
//! scan a corpus with flagged conflicts, review three pairs in the browser,
//! add a third document, scan again with the verdicts and the baseline, gate
//! on new conflicts, export the verdicts and run `crosscheck test` on them.

use crate::common::browser::Browser;
use crate::common::{
    array_at, conflicts_corpus, crosscheck, read_json, str_at, verdict_lines, ReviewProcess, Run, THIRD_WIRE_DOCUMENT,
};
use serde_json::Value;

fn scan(corpus: &std::path::Path, out: &std::path::Path, extra: &[&std::ffi::OsStr]) -> (Run, Value) {
    let run = Run::of(crosscheck().arg("scan").arg(corpus).arg("--out").arg(out).args(extra));
    let report = read_json(&out.join("report.json"));
    (run, report)
}

fn pair<'r>(report: &'r Value, id: &str) -> &'r Value {
    array_at(report, "pairs")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("pair {id} in the report"))
}

fn involves(p: &Value, doc: &str) -> bool {
    p["a"]["doc_name"] == doc || p["b"]["doc_name"] == doc
}

#[tokio::test]
#[ignore = "drives headless Chromium: cargo test -- --ignored (.ci/run does)"]
async fn review_then_grow_the_corpus_then_gate_then_export() {
    let browser = Browser::start("review_then_grow_the_corpus_then_gate_then_export").await;
    let dir = tempfile::tempdir().unwrap();
    let corpus = conflicts_corpus(dir.path());
    let out = dir.path().join("reports/wire");
    let verdicts = dir.path().join("reports/verdicts.jsonl");
    let baseline = dir.path().join("baseline.json");

    // 1. Scan, recording the baseline.
    let (run, first) = scan(&corpus, &out, &["--write-baseline".as_ref(), baseline.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.show());
    let pairs = array_at(&first, "pairs");
    let confirmed = str_at(&pairs[0], "id").to_string();
    assert_eq!(pairs[0]["relation"], "conflicts", "a conflict leads the report");
    let dismissed = pairs
        .iter()
        .find(|p| p["relation"] == "conflicts" && p["id"] != confirmed.as_str())
        .map(|p| str_at(p, "id").to_string())
        .expect("a second conflict");
    let same = pairs
        .iter()
        .find(|p| p["relation"] == "corroborates")
        .map(|p| str_at(p, "id").to_string())
        .expect("a corroboration");

    // 2. Review three pairs in the browser: two clicks, one key.
    let server = ReviewProcess::start(&out, &[]);
    browser.client.goto(&server.url).await.expect("the page opens");
    browser.wait_for("#list li.pair").await;
    browser.click(&format!("#list li[data-id='{confirmed}']")).await;
    browser.click("button[data-verdict='confirmed_conflict']").await;
    browser
        .wait_for(&format!(
            "#list li[data-id='{confirmed}'][data-verdict='confirmed_conflict']"
        ))
        .await;
    browser.click(&format!("#list li[data-id='{dismissed}']")).await;
    browser.click("button[data-verdict='false_alarm']").await;
    browser
        .wait_for(&format!("#list li[data-id='{dismissed}'][data-verdict='false_alarm']"))
        .await;
    browser.click(&format!("#list li[data-id='{same}']")).await;
    browser.press('s').await;
    browser
        .wait_for(&format!("#list li[data-id='{same}'][data-verdict='same_claim']"))
        .await;
    browser.close().await;
    drop(server);
    assert_eq!(verdict_lines(&verdicts).len(), 3, "one line per decision");

    // 3. A third document, and a scan with the verdicts and the baseline.
    std::fs::write(corpus.join("c.txt"), THIRD_WIRE_DOCUMENT).unwrap();
    let (run, second) = scan(
        &corpus,
        &out,
        &[
            "--verdicts".as_ref(),
            verdicts.as_os_str(),
            "--baseline".as_ref(),
            baseline.as_os_str(),
            "--fail-on".as_ref(),
            "new-conflicts".as_ref(),
        ],
    );
    assert_eq!(run.code, 1, "the new document brings new conflicts:\n{}", run.show());
    let failing: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("  p-")).collect();
    assert!(!failing.is_empty(), "{}", run.show());
    assert!(
        failing.iter().all(|l| l.contains("c.txt")),
        "only the new document's conflicts fail the gate:\n{}",
        run.show()
    );

    // Verdicts survived the added document: pair ids are content-derived.
    assert_eq!(pair(&second, &confirmed)["status"], "confirmed");
    assert_eq!(pair(&second, &confirmed)["verdict"], "confirmed_conflict");
    assert_eq!(pair(&second, &dismissed)["status"], "dismissed");
    assert_eq!(pair(&second, &same)["status"], "confirmed");
    assert_eq!(second["summary"]["dismissed"], 1, "dismissed pairs are still counted");
    let new_doc: Vec<&Value> = array_at(&second, "pairs")
        .iter()
        .filter(|p| involves(p, "c.txt"))
        .collect();
    assert!(
        new_doc.iter().any(|p| p["relation"] == "conflicts"),
        "the new document conflicts"
    );
    assert!(new_doc.iter().all(|p| p["status"] == "new"), "its pairs are new");
    // The dismissed pair left the flags: the queue and the summary line.
    let queue = std::fs::read_to_string(out.join("review.jsonl")).unwrap();
    assert!(!queue.contains(&dismissed), "dismissed pairs leave the review queue");
    assert!(queue.contains(&confirmed));
    let flagged_before = first["summary"]["relations"]["conflicts"].as_u64().unwrap();
    let flagged_now = second["summary"]["relations"]["conflicts"].as_u64().unwrap();
    let new_conflicts = new_doc.iter().filter(|p| p["relation"] == "conflicts").count() as u64;
    assert_eq!(flagged_now, flagged_before - 1 + new_conflicts);
    assert!(
        run.stdout.contains("[confirmed]") && run.stdout.contains("[new]"),
        "{}",
        run.show()
    );

    // Without the new document the gate passes.
    std::fs::remove_file(corpus.join("c.txt")).unwrap();
    let (run, _) = scan(
        &corpus,
        &out,
        &[
            "--verdicts".as_ref(),
            verdicts.as_os_str(),
            "--baseline".as_ref(),
            baseline.as_os_str(),
            "--fail-on".as_ref(),
            "new-conflicts".as_ref(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.show());

    // 4. Every decision becomes a regression case.
    let pairs_file = dir.path().join("reviewed-pairs.jsonl");
    let gaps_file = dir.path().join("reviewed-gaps.jsonl");
    let run = Run::of(
        crosscheck()
            .args(["review", "export"])
            .arg(&verdicts)
            .args(["--to", "known-pairs", "--out"])
            .arg(&pairs_file)
            .arg("--gaps")
            .arg(&gaps_file),
    );
    assert_eq!(run.code, 0, "{}", run.show());
    let exported = verdict_lines(&pairs_file);
    let gaps = verdict_lines(&gaps_file);
    assert_eq!(
        exported.len(),
        2,
        "the confirmed conflict and the same claim: {exported:?}"
    );
    assert_eq!(
        gaps.len(),
        1,
        "the false alarm is a known gap of the detector: {gaps:?}"
    );
    let run = Run::of(crosscheck().arg("test").arg(&pairs_file).arg("--corpus").arg(&corpus));
    assert_eq!(run.code, 0, "{}", run.show());
    assert!(run.stdout.contains("2 passed, 0 failed"), "{}", run.show());
    // The gap fails until the detector learns it, as a known gap should.
    let run = Run::of(crosscheck().arg("test").arg(&gaps_file).arg("--corpus").arg(&corpus));
    assert_eq!(run.code, 1, "{}", run.show());
}
