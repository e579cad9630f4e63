//! Extraction, claim frames and the relator on any two sentences: nothing
//! panics, and the relation does not depend on the order of the two.
#![no_main]

use crosscheck::analyze::Analysis;
use crosscheck::extract::Extractor;
use crosscheck::relate::Relator;
use crosscheck::segment::Role;
use crosscheck::span::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (a, b) = text.split_once('\n').unwrap_or((text, text));
    if a.len() > 2_000 || b.len() > 2_000 {
        return;
    }
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    let extractor = EXTRACTOR.get_or_init(Extractor::default);
    let ca = Analysis::analyze(a, Span::new(0, a.len()), Role::Statement, extractor);
    let cb = Analysis::analyze(b, Span::new(0, b.len()), Role::Statement, extractor);
    let relator = Relator::default();
    let ab = relator.relate(&ca, &cb);
    let ba = relator.relate(&cb, &ca);
    assert_eq!((ab.relation, ab.kind), (ba.relation, ba.kind));
});
