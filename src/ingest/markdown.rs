//! Markdown input: what is not prose is blanked out.
//!
//! The file is parsed by `pulldown-cmark` (CommonMark, with tables). Code
//! blocks, inline code, tables and raw HTML blocks are not prose: their
//! bytes are replaced by spaces (newlines kept), so no sentence is read from
//! them, while every other byte stays where it was. Spans, line numbers in
//! SARIF and GitHub annotations therefore still point into the original
//! file. Headings keep their `#`, which the segmenter reads as a heading.
//!
//! Known gaps: link targets and image alt texts are read as prose where
//! they stand; front matter is read as text.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// `text` with its code, tables and HTML blocks blanked out.
pub fn mask(text: &str) -> String {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let blank = matches!(
            event,
            Event::Start(Tag::CodeBlock(_) | Tag::Table(_) | Tag::HtmlBlock)
                | Event::Code(_)
                | Event::Html(_)
                | Event::InlineHtml(_)
        );
        if blank {
            ranges.push(range);
        }
    }
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        for b in &mut bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole UTF-8 sequences were replaced by ASCII spaces (a range starts
    // and ends on character boundaries), so the bytes are still UTF-8.
    String::from_utf8(bytes).expect("masking keeps UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_tables_are_blanked_in_place() {
        let text = "# Title\n\nA real sentence here.\n\n```python\nprint('his eighth trip.')\n```\n\n\
                    | a | b |\n|---|---|\n| 1 | 2 |\n\nRun `rm -rf` first. Done.\n";
        let masked = mask(text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.matches('\n').count(), text.matches('\n').count());
        assert!(masked.contains("# Title"));
        assert!(masked.contains("A real sentence here."));
        assert!(!masked.contains("eighth"));
        assert!(!masked.contains("| 1 |"));
        assert!(!masked.contains("rm -rf"));
        assert!(masked.contains("Run "));
        // Byte offsets are unchanged.
        let at = text.find("Done.").unwrap();
        assert_eq!(&masked[at..at + 5], "Done.");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let text = "Just prose. Two sentences.\n";
        assert_eq!(mask(text), text);
    }
}
