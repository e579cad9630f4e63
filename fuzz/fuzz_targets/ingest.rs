//! Every input format: the first byte picks `.txt`, `.md`, `.html` or
//! `.jsonl`, the rest is the file. Nothing may panic, and every document
//! read must be UTF-8 text with something to read.
#![no_main]

use crosscheck::ingest::Reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = ["a.txt", "a.md", "a.html", "a.jsonl"][pick as usize % 4];
    let corpus = Reader::default().read_bytes(name, bytes);
    for doc in &corpus.documents {
        assert!(doc.text.chars().any(char::is_alphanumeric));
    }
});
