//! Normalization and fact extraction of any sentence, with a document
//! offset before it: every fact and slot span lies inside the sentence, on
//! character boundaries, and amounts are ranges (never NaN or reversed).
#![no_main]

use crosscheck::analyze::Analysis;
use crosscheck::extract::Extractor;
use crosscheck::normalize::{normalized_text, Tokenizer};
use crosscheck::segment::Role;
use crosscheck::span::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() > 4_000 {
        return;
    }
    // The sentence starts after the first line, as a sentence inside a
    // document does, so spans are checked against an offset.
    let start = text.find('\n').map_or(0, |i| i + 1);
    let sentence = Span::new(start, text.len());
    let tokens = Tokenizer.tokenize(text, sentence);
    let _ = normalized_text(&tokens);
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    let extractor = EXTRACTOR.get_or_init(Extractor::default);
    let inside = |s: Span| {
        assert!(s.start >= start && s.start <= s.end && s.end <= text.len(), "{s:?} outside {sentence:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?} off a boundary");
    };
    let facts = extractor.extract(text, &tokens);
    for q in &facts.quantities {
        inside(q.span);
        q.unit_span.map(inside);
        // An open bound ("more than 3") has an infinite end; never NaN, never reversed.
        assert!(!q.lo.is_nan() && !q.hi.is_nan() && q.lo <= q.hi, "{q:?}");
    }
    for o in &facts.ordinals {
        inside(o.span);
        inside(o.head_span);
        o.scope.map(inside);
    }
    facts.dates.iter().for_each(|d| inside(d.span));
    facts.actors.iter().for_each(|a| inside(a.span));
    facts.attributions.iter().for_each(|a| inside(a.span));
    for cue in facts.negations.iter().chain(&facts.affirmations).chain(&facts.hedges) {
        inside(cue.span);
    }
    let analysis = Analysis::analyze(text, sentence, Role::Statement, extractor);
    for slot in &analysis.frames.slots {
        inside(slot.span);
    }
});
