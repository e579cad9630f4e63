//! `report.html`: the report for people, as one self-contained page.
//!
//! The same sections as [`super::markdown`], but each conflict shows its two
//! sentences side by side with the clashing words marked
//! (`<mark class="ev ev-rank">`, one `ev-<role>` class per evidence role:
//! rank, noun, value, unit, date, cue, scope), a kind badge, the confidence,
//! the explanation and the caveats.
//!
//! The page has inline CSS, no external assets and no JavaScript: the
//! conflicts can be filtered by kind with radio buttons styled in CSS, and
//! the page reads the same without styles. Every text taken from the report
//! is HTML-escaped (documents are untrusted input). The output depends on
//! the report only: no timestamps.

use std::borrow::Cow;
use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::highlight::{document_columns, review_note, score, segments, summary_rows, Claim, Sections};
use super::{PairEntry, Report, Side, Status};
use crate::relate::ConflictKind;

/// The report as an HTML page, ending with a newline.
pub fn render(report: &Report) -> String {
    let sections = Sections::new(report);
    let mut out = String::new();
    let title = format!("Consistency report: {}", report.corpus);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        text(&title)
    );
    let _ = writeln!(out, "<header class=\"top\">\n<h1>{}</h1>", text(&title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">Written by {} {}.</p>\n</header>",
        text(&report.tool.name),
        text(&report.tool.version)
    );
    summary(&mut out, report);
    conflicts(&mut out, report, &sections.conflicts);
    corroborations(&mut out, &sections.corroborations);
    claims(&mut out, &sections.claims);
    pair_table_section(
        &mut out,
        "abstained",
        "Review only: abstained",
        "Too unsure to flag; listed for a reviewer to decide.",
        &sections.abstained,
        true,
    );
    pair_table_section(
        &mut out,
        "dismissed",
        "Dismissed by a reviewer",
        "",
        &sections.dismissed,
        false,
    );
    skipped(&mut out, report);
    documents(&mut out, report);
    out.push_str("</body>\n</html>\n");
    out
}

// Writing to a String cannot fail: the `fmt::Result`s below are ignored.

fn summary(out: &mut String, report: &Report) {
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">\n");
    for (label, value) in summary_rows(report) {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            text(label),
            text(&value)
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn conflicts(out: &mut String, report: &Report, pairs: &[&PairEntry]) {
    let _ = writeln!(
        out,
        "<section id=\"conflicts\">\n<h2>Conflicts <span class=\"count\">{}</span></h2>",
        pairs.len()
    );
    if pairs.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    out.push_str(LEGEND);
    // Filter by kind: radio buttons, then the list as their sibling, so that
    // CSS alone (`#kind-x:checked ~ .pairs`) hides the other kinds.
    let present: Vec<(ConflictKind, usize)> = ConflictKind::ALL
        .into_iter()
        .map(|k| (k, pairs.iter().filter(|p| p.kind == Some(k)).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    if present.len() > 1 {
        out.push_str("<p class=\"filter-label\">Show:</p>\n");
        let _ = writeln!(
            out,
            "<input class=\"kf\" type=\"radio\" name=\"kind\" id=\"kind-all\" checked><label for=\"kind-all\">all ({})</label>",
            pairs.len()
        );
        for (k, n) in &present {
            let k = k.as_str();
            let _ = writeln!(out, "<input class=\"kf\" type=\"radio\" name=\"kind\" id=\"kind-{k}\"><label for=\"kind-{k}\">{k} ({n})</label>");
        }
    }
    out.push_str("<div class=\"pairs\">\n");
    for p in pairs {
        pair_card(out, report, p);
    }
    out.push_str("</div>\n</section>\n");
}

fn pair_card(out: &mut String, report: &Report, p: &PairEntry) {
    let kind = kind_name(p);
    let id = p.id.to_string();
    let _ = writeln!(out, "<article class=\"pair kind-{kind}\" id=\"{}\">", attr(&id));
    let _ = write!(
        out,
        "<header><span class=\"badge kind-{kind}\">{kind}</span> \
         <span class=\"confidence\">confidence <b>{}</b></span> \
         <span class=\"similarity\">similarity {}</span>",
        score(p.confidence),
        score(p.similarity)
    );
    if let Some(note) = review_note(p) {
        let status = match p.status {
            Status::New => "new",
            Status::Confirmed => "confirmed",
            Status::Dismissed => "dismissed",
        };
        let _ = write!(out, " <span class=\"status status-{status}\">{}</span>", text(&note));
    }
    let _ = writeln!(
        out,
        " <a class=\"pid\" href=\"#{}\">{}</a></header>",
        attr(&id),
        text(&id)
    );
    let _ = writeln!(out, "<p class=\"why\">{}</p>", text(&p.explanation));
    out.push_str("<div class=\"sides\">\n");
    for (label, side) in [("A", &p.a), ("B", &p.b)] {
        let _ = writeln!(
            out,
            "<div class=\"side\"><div class=\"doc\"><span class=\"sidelabel\">{label}</span> {}</div><blockquote>{}</blockquote></div>",
            text(&report.doc_label(side)),
            sentence(side)
        );
    }
    out.push_str("</div>\n");
    if !p.caveats.is_empty() {
        out.push_str("<div class=\"caveats\"><span class=\"caveats-label\">Caveats</span>\n<ul>\n");
        for c in &p.caveats {
            let _ = writeln!(out, "<li>{}</li>", text(c));
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</article>\n");
}

fn corroborations(out: &mut String, pairs: &[&PairEntry]) {
    let _ = writeln!(
        out,
        "<section id=\"corroborations\">\n<h2>Corroborations <span class=\"count\">{}</span></h2>",
        pairs.len()
    );
    if pairs.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"pairs-table\">\n<thead><tr><th>Document A</th><th>Sentence A</th><th>Document B</th>\
         <th>Sentence B</th><th>Similarity</th><th>Why</th></tr></thead>\n<tbody>\n",
    );
    for p in pairs {
        let mut why = text(&p.explanation).into_owned();
        if p.duplicate {
            why.push_str(" <span class=\"tag\">near-duplicate</span>");
        }
        if let Some(note) = review_note(p) {
            let _ = write!(why, " <span class=\"tag\">{}</span>", text(&note));
        }
        let _ = writeln!(
            out,
            "<tr id=\"{}\"><td class=\"doc\">{}</td><td>{}</td><td class=\"doc\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{why}</td></tr>",
            attr(&p.id.to_string()),
            text(&p.a.doc_name),
            sentence(&p.a),
            text(&p.b.doc_name),
            sentence(&p.b),
            score(p.similarity)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn claims(out: &mut String, claims: &[Claim<'_>]) {
    let _ = writeln!(
        out,
        "<section id=\"claims\">\n<h2>Claims backed by several documents <span class=\"count\">{}</span></h2>",
        claims.len()
    );
    if claims.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n");
    }
    for (n, c) in claims.iter().enumerate() {
        let _ = writeln!(
            out,
            "<article class=\"claim\" id=\"{}\">\n<h3>Claim {}: {} documents <span class=\"pid\">{}</span></h3>\n<ul>",
            attr(&c.entry.id),
            n + 1,
            c.entry.documents,
            text(&c.entry.id)
        );
        for m in &c.members {
            match m.sentence {
                Some(s) => {
                    let _ = writeln!(
                        out,
                        "<li><span class=\"doc\">{}</span> {}</li>",
                        text(&m.doc_name),
                        text(&s.text)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "<li class=\"none\">sentence {} (not listed in the report)</li>",
                        m.id
                    );
                }
            }
        }
        out.push_str("</ul>\n</article>\n");
    }
    out.push_str("</section>\n");
}

/// A section of pairs in a compact table: kind, confidence, both sides, why.
/// With `always`, the section shows even when empty.
fn pair_table_section(out: &mut String, id: &str, title: &str, intro: &str, pairs: &[&PairEntry], always: bool) {
    if pairs.is_empty() && !always {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"{id}\">\n<h2>{} <span class=\"count\">{}</span></h2>",
        text(title),
        pairs.len()
    );
    if pairs.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    if !intro.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", text(intro));
    }
    out.push_str(
        "<table class=\"pairs-table\">\n<thead><tr><th>Kind</th><th>Confidence</th><th>Document A</th><th>Sentence A</th>\
         <th>Document B</th><th>Sentence B</th><th>Why</th></tr></thead>\n<tbody>\n",
    );
    for p in pairs {
        let kind = kind_name(p);
        let mut why = text(&p.explanation).into_owned();
        if !p.caveats.is_empty() {
            why.push_str("<ul class=\"caveats\">");
            for c in &p.caveats {
                let _ = write!(why, "<li>{}</li>", text(c));
            }
            why.push_str("</ul>");
        }
        if let Some(note) = review_note(p) {
            let _ = write!(why, " <span class=\"tag\">{}</span>", text(&note));
        }
        let _ = writeln!(
            out,
            "<tr id=\"{}\"><td><span class=\"badge kind-{kind}\">{kind}</span></td><td class=\"num\">{}</td>\
             <td class=\"doc\">{}</td><td>{}</td><td class=\"doc\">{}</td><td>{}</td><td>{why}</td></tr>",
            attr(&p.id.to_string()),
            score(p.confidence),
            text(&p.a.doc_name),
            sentence(&p.a),
            text(&p.b.doc_name),
            sentence(&p.b)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn skipped(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"skipped\">\n<h2>Skipped inputs <span class=\"count\">{}</span></h2>",
        report.skipped.len()
    );
    if report.skipped.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    out.push_str("<ul class=\"skipped\">\n");
    for s in &report.skipped {
        let line = s.line.map(|l| format!(":{l}")).unwrap_or_default();
        let ignored = if s.ignored {
            " <span class=\"tag\">ignored on purpose</span>"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<li><code>{}{line}</code>: {}{ignored}</li>",
            text(&s.path),
            text(&s.reason)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn documents(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<section id=\"documents\">\n<h2>Documents <span class=\"count\">{}</span></h2>",
        report.documents.len()
    );
    if report.documents.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    let columns = document_columns(report);
    out.push_str("<table class=\"docs\">\n<thead><tr><th>Document</th>");
    for (name, _) in &columns {
        let _ = write!(out, "<th>{name}</th>");
    }
    out.push_str("<th>Sentences</th></tr></thead>\n<tbody>\n");
    for d in &report.documents {
        let _ = write!(
            out,
            "<tr><td class=\"doc\" title=\"{}\">{}</td>",
            attr(&d.origin),
            text(&d.name)
        );
        for (_, get) in &columns {
            let _ = write!(out, "<td>{}</td>", text(get(d).unwrap_or_default()));
        }
        let _ = writeln!(out, "<td class=\"num\">{}</td></tr>", d.sentences);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A side's sentence, escaped, with its evidence marked: one `<mark>` per
/// piece, classed by every role covering it.
fn sentence(side: &Side) -> String {
    let mut out = String::new();
    for piece in segments(side) {
        if piece.is_highlighted() {
            let classes: Vec<String> = piece.roles.iter().map(|r| format!("ev-{}", class_name(r))).collect();
            let _ = write!(
                out,
                "<mark class=\"ev {}\" title=\"{}\">{}</mark>",
                classes.join(" "),
                attr(&piece.roles.join(", ")),
                text(piece.text)
            );
        } else {
            out.push_str(&text(piece.text));
        }
    }
    out
}

/// The kind of a pair as used in classes and badges.
fn kind_name(p: &PairEntry) -> &'static str {
    match p.kind {
        Some(k) => k.as_str(),
        None => p.relation.as_str(),
    }
}

/// A string from the report made safe as a CSS class name: lowercase ASCII
/// letters, digits and `-`, anything else as `-`.
fn class_name(s: &str) -> Cow<'_, str> {
    if s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                let c = c.to_ascii_lowercase();
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    c
                } else {
                    '-'
                }
            })
            .collect(),
    )
}

const LEGEND: &str = "<p class=\"legend\">Evidence: <mark class=\"ev ev-rank\">rank</mark> \
<mark class=\"ev ev-noun\">noun</mark> <mark class=\"ev ev-value\">value</mark> \
<mark class=\"ev ev-unit\">unit</mark> <mark class=\"ev ev-date\">date</mark> \
<mark class=\"ev ev-cue\">cue</mark> <mark class=\"ev ev-scope\">scope</mark></p>\n";

const STYLE: &str = r#":root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; color: var(--fg); background: #fff;
  font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.meta, .none, .legend, .filter-label { color: var(--muted); }
.count { color: var(--muted); font-weight: normal; }
.pid { color: var(--muted); font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-decoration: none; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--bg-soft); }
table.summary { width: auto; }
table.summary th { font-weight: 600; background: var(--bg-soft); }
td.num { text-align: right; white-space: nowrap; }
td.doc, .doc { color: var(--muted); font-size: 13px; word-break: break-all; }
.pair { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 1rem; }
.pair > header { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: baseline; }
.pair > header .pid { margin-left: auto; }
.why { margin: .5rem 0; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 700px) { .sides { grid-template-columns: 1fr; } }
.side blockquote { margin: .25rem 0 0; padding: .5rem .75rem; background: var(--bg-soft); border-left: 3px solid var(--line); }
.sidelabel { display: inline-block; min-width: 1.3em; text-align: center; border-radius: 3px; background: var(--line); color: var(--fg); font-weight: 600; }
.caveats { margin-top: .5rem; font-size: 14px; }
.caveats-label { font-weight: 600; }
.caveats ul, ul.caveats { margin: .2rem 0 0; padding-left: 1.2rem; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 999px; color: #fff; background: #59636e; font-size: 13px; font-weight: 600; }
.badge.kind-numeric { background: #7b2cbf; }
.badge.kind-ordinal { background: #b45309; }
.badge.kind-temporal { background: #0f766e; }
.badge.kind-polarity { background: #b91c1c; }
.status, .tag { font-size: 13px; padding: 0 .4rem; border: 1px solid var(--line); border-radius: 3px; }
.status-confirmed { border-color: #1a7f37; color: #1a7f37; }
.status-dismissed { border-color: #59636e; color: #59636e; }
mark.ev { color: inherit; background: #fff1a8; padding: 0; border-radius: 2px; }
mark.ev-scope { background: #e8eaed; text-decoration: underline dashed #59636e; text-underline-offset: 3px; }
mark.ev-noun { background: #cfe1ff; }
mark.ev-unit { background: #f1c0e8; }
mark.ev-value { background: #ffc9a8; }
mark.ev-date { background: #b9f2c9; }
mark.ev-cue { background: #ffb3b3; }
mark.ev-rank { background: #ffd666; }
.claim ul, ul.skipped { margin: .2rem 0; padding-left: 1.2rem; }
.claim li .doc { margin-right: .4rem; }
input.kf { position: absolute; opacity: 0; pointer-events: none; }
input.kf + label { display: inline-block; margin: 0 .3rem .6rem 0; padding: .1rem .6rem; border: 1px solid var(--line); border-radius: 999px; cursor: pointer; font-size: 14px; }
input.kf:checked + label { background: var(--fg); color: #fff; border-color: var(--fg); }
input.kf:focus-visible + label { outline: 2px solid #0969da; outline-offset: 1px; }
.filter-label { display: inline; margin-right: .4rem; }
#kind-numeric:checked ~ .pairs > .pair:not(.kind-numeric),
#kind-ordinal:checked ~ .pairs > .pair:not(.kind-ordinal),
#kind-temporal:checked ~ .pairs > .pair:not(.kind-temporal),
#kind-polarity:checked ~ .pairs > .pair:not(.kind-polarity) { display: none; }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::highlight::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&sample_report()));
    }

    /// Documents are untrusted: nothing from them may reach the page as markup.
    #[test]
    fn untrusted_text_is_escaped() {
        let mut report = sample_report();
        let evil = "Rassendyll & Tarlenheim <script>alert(1)</script> met \"here\"";
        report.corpus = evil.into();
        report.pairs[0].a.text = evil.into();
        report.pairs[0].a.doc_name = evil.into();
        report.pairs[0].explanation = evil.into();
        report.pairs[0].caveats = vec![evil.into()];
        report.pairs[0].a.evidence[0].role = "rank\"><script>alert(1)</script>".into();
        report.sentences[1].text = evil.into();
        report.skipped[0].reason = evil.into();
        let html = render(&report);
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("Rassendyll &amp; Tarlenheim &lt;script&gt;alert(1)&lt;/script&gt; met"),
            "{html}"
        );
    }

    #[test]
    fn evidence_is_marked_by_role() {
        let html = render(&sample_report());
        assert!(
            html.contains("<mark class=\"ev ev-rank\" title=\"rank\">first</mark>"),
            "{html}"
        );
        assert!(
            html.contains("<mark class=\"ev ev-scope\" title=\"scope\">since taking office</mark>"),
            "{html}"
        );
    }

    #[test]
    fn self_contained() {
        let html = render(&sample_report());
        for external in ["<script", "<link", "src=", "http://", "https://", "@import"] {
            assert!(!html.contains(external), "found {external:?}");
        }
    }

    #[test]
    fn filter_by_kind_shows_with_two_kinds() {
        let mut report = sample_report();
        assert!(!render(&report).contains("id=\"kind-all\""), "one kind: no filter");
        let mut polarity = report.pairs[0].clone();
        polarity.kind = Some(ConflictKind::Polarity);
        report.pairs.insert(1, polarity);
        let html = render(&report);
        assert!(
            html.contains("<label for=\"kind-ordinal\">ordinal (1)</label>"),
            "{html}"
        );
        assert!(
            html.contains("<label for=\"kind-polarity\">polarity (1)</label>"),
            "{html}"
        );
        assert!(html.contains("<article class=\"pair kind-polarity\""), "{html}");
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static str,
    }

    const CLASS_NAMES: &[Case] = &[
        Case {
            name: "plain role",
            input: "rank",
            want: "rank",
        },
        Case {
            name: "upper case",
            input: "Rank",
            want: "rank",
        },
        Case {
            name: "markup",
            input: "a\"><b>",
            want: "a---b-",
        },
        Case {
            name: "non-ascii",
            input: "rôle",
            want: "r-le",
        },
    ];

    #[test]
    fn class_name_cases() {
        for case in CLASS_NAMES {
            assert_eq!(class_name(case.input), case.want, "case {:?}", case.name);
        }
    }
}
