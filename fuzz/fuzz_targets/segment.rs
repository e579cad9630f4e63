//! Segmentation and tokenization of any text: spans stay inside the text,
//! on character boundaries, in order, and within the length bound.
#![no_main]

use crosscheck::normalize::Tokenizer;
use crosscheck::segment::Segmenter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let segmenter = Segmenter::default();
    let mut last = 0;
    for s in segmenter.segment(text) {
        assert!(s.span.start >= last && s.span.end <= text.len());
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
        assert!(s.span.end - s.span.start <= segmenter.max_sentence_bytes);
        last = s.span.end;
        for t in Tokenizer.tokenize(text, s.span) {
            assert!(t.span.start >= s.span.start && t.span.end <= s.span.end);
        }
    }
});
