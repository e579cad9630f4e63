//! **segment**: split a document into sentences with byte spans and roles.
//!
//! The [`Segmenter`] works line by line. A blank line always ends a sentence;
//! a single line break ends one when the line reads as complete (final
//! punctuation) or as a heading (short, no final punctuation), and is taken
//! as hard wrapping otherwise. Inside a line, `.`, `!`, `?` and `…` end a
//! sentence when followed by space and a capital, digit or quote, except
//! after abbreviations ("Mr.", "Jan.", "e.g."), initials ("J."), and dotted
//! acronyms ("U.S.", "U.N.") unless the next word is one that usually starts
//! a sentence ("The U.S. The next day" splits; "The U.S. Treasury Department"
//! does not). Decimals ("2.5") never split: no space follows the dot.
//!
//! Roles: a Markdown heading (`# ...`) or a short line without final
//! punctuation is a [`Role::Heading`]; a sentence ending in `?` or a line
//! starting with `Q:` is a [`Role::Question`]; everything else, `A:` answers
//! included, is a [`Role::Statement`]. Only statements take part in pairs.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// What a sentence does in its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Asserts something: the only role that takes part in pairs.
    Statement,
    /// Asks something: asserts nothing.
    Question,
    /// A title or section heading.
    Heading,
}

/// A sentence of a document: where it is and what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte span in the document's original text, trimmed of surrounding space.
    pub span: Span,
    /// Its role.
    pub role: Role,
    /// A piece of a longer run of text without sentence punctuation, cut
    /// at [`Segmenter::max_sentence_bytes`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub split: bool,
}

/// Splits text into [`Sentence`]s.
#[derive(Clone, Debug)]
pub struct Segmenter {
    /// A line without final punctuation and at most this many words is a heading.
    pub heading_max_words: usize,
    /// A line without final punctuation longer than this many bytes is taken
    /// as hard-wrapped and continued on the next line.
    pub wrap_min_bytes: usize,
    /// A sentence longer than this many bytes is cut at the last space
    /// before the bound (or at the bound, in text without spaces) into
    /// pieces marked [`Sentence::split`], so every later stage is linear in
    /// the text. No sentence of the 1M English Wikipedia sentences is over
    /// 1,000 bytes: what is cut is text without punctuation (a dump, a list
    /// run together), where a cut in mid-clause costs nothing real.
    pub max_sentence_bytes: usize,
}

/// Default of [`Segmenter::max_sentence_bytes`].
pub const MAX_SENTENCE_BYTES: usize = 2_000;

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter {
            heading_max_words: 14,
            wrap_min_bytes: 60,
            max_sentence_bytes: MAX_SENTENCE_BYTES,
        }
    }
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "gov",
    "sen", "rep", "rev", "hon", "pres", "supt", "insp", "messrs", "inc", "ltd", "co", "corp", "bros", "dept", "univ",
    "assn", "vs", "etc", "al", "approx", "appx", "est", "fig", "no", "nos", "vol", "vols", "pp", "mt", "ft", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "ave", "blvd", "rd", "cf", "ca", "op", "ed", "eds",
];

/// Words that usually start a sentence: after a dotted acronym ("U.S."), a
/// split happens only before one of these.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "for",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "meanwhile",
    "however",
    "still",
    "also",
    "his",
    "her",
    "their",
    "our",
    "my",
    "no",
    "not",
    "some",
    "many",
    "most",
    "officials",
    "analysts",
    "experts",
];

impl Segmenter {
    /// The sentences of `text`, in order.
    pub fn segment(&self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut block_start: Option<usize> = None;
        let mut offset = 0;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for (i, raw) in lines.iter().enumerate() {
            let line_start = offset;
            offset += raw.len();
            let content = raw.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim();
            if trimmed.is_empty() {
                if let Some(start) = block_start.take() {
                    self.split_block(text, start, line_start, &mut out);
                }
                continue;
            }
            let start = *block_start.get_or_insert(line_start);
            let next_blank = lines.get(i + 1).is_none_or(|l| l.trim().is_empty());
            if next_blank || self.line_ends_unit(trimmed, start == line_start) {
                self.split_block(text, start, line_start + content.len(), &mut out);
                block_start = None;
            }
        }
        if let Some(start) = block_start {
            self.split_block(text, start, text.len(), &mut out);
        }
        out
    }

    /// Whether a line break after this line ends a sentence.
    fn line_ends_unit(&self, line: &str, starts_block: bool) -> bool {
        if ends_with_terminal(line) || is_marker_line(line) || line.starts_with('#') {
            return true;
        }
        // A short line without final punctuation reads as a heading or list
        // item; a long one as hard-wrapped prose.
        starts_block && line.len() < self.wrap_min_bytes
    }

    /// Splits `text[start..end]` (one block of lines) into sentences.
    fn split_block(&self, text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let block = &text[start..end];
        let bytes = block.as_bytes();
        let mut sentence_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            let is_terminal = matches!(c, b'.' | b'!' | b'?') || block[i..].starts_with('…');
            if !is_terminal {
                i += block[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // Take the whole run of terminal marks and closing quotes/brackets.
            let mut j = i;
            loop {
                let rest = &block[j..];
                let Some(ch) = rest.chars().next() else { break };
                if matches!(ch, '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»') {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            let after = &block[j..];
            let next_word_start = after.len() - after.trim_start().len();
            let has_space = next_word_start > 0;
            let next = after.trim_start();
            if has_space && !next.is_empty() && self.is_boundary(&block[sentence_start..i], c, next) {
                self.push(text, start + sentence_start, start + j, out);
                sentence_start = j + next_word_start;
            }
            i = j;
        }
        if sentence_start < block.len() {
            self.push(text, start + sentence_start, end, out);
        }
    }

    /// Whether a terminal mark ends the sentence, given the text before it
    /// (in this sentence) and the text after the following space.
    fn is_boundary(&self, before: &str, mark: u8, next: &str) -> bool {
        let next_char = next.chars().next().unwrap_or(' ');
        let starts_like_sentence =
            next_char.is_uppercase() || next_char.is_ascii_digit() || "\"“‘'([".contains(next_char);
        if !starts_like_sentence {
            return false;
        }
        if mark != b'.' {
            return true;
        }
        // "4. 6", "3. 5 hours": a decimal written with a space (re-joined
        // token streams) is one number, as the tokenizer reads it.
        let tail_digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        let lead_digit_before = before.as_bytes().get(before.len().wrapping_sub(tail_digits + 1));
        if (1..=3).contains(&tail_digits)
            && !lead_digit_before.is_some_and(|b| matches!(b, b'.' | b','))
            && next_char.is_ascii_digit()
        {
            return false;
        }
        // "a. m." and "p. m." written with a space are one abbreviation.
        let lower_tail = before
            .get(before.len().saturating_sub(4)..)
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(lower_tail.as_str(), "a. m" | "p. m") {
            let next_word: String = next
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            return SENTENCE_STARTERS.contains(&next_word.as_str());
        }
        let word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
            .next()
            .unwrap_or("");
        let lower = word.to_lowercase();
        if ABBREVIATIONS.contains(&lower.as_str()) {
            return false;
        }
        // An initial ("J. Smith") or the last letter of a dotted acronym ("U.S").
        let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let is_acronym = word.contains('.')
            && word
                .split('.')
                .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
        let is_lower_abbrev = word.contains('.') && word.chars().all(|c| c.is_lowercase() || c == '.'); // e.g, i.e
        if is_initial || is_acronym || is_lower_abbrev {
            let next_word: String = next
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            return SENTENCE_STARTERS.contains(&next_word.as_str()) && !is_initial;
        }
        true
    }

    fn push(&self, text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return;
        }
        let start = start + lead;
        if trimmed.len() <= self.max_sentence_bytes {
            out.push(Sentence {
                span: Span::new(start, start + trimmed.len()),
                role: self.role_of(trimmed),
                split: false,
            });
            return;
        }
        let mut rest = trimmed;
        let mut at = start;
        while !rest.is_empty() {
            let piece = cut(rest, self.max_sentence_bytes);
            let kept = piece.trim_end();
            if !kept.is_empty() {
                out.push(Sentence {
                    span: Span::new(at, at + kept.len()),
                    role: self.role_of(kept),
                    split: true,
                });
            }
            let next = &rest[piece.len()..];
            let gap = next.len() - next.trim_start().len();
            at += piece.len() + gap;
            rest = &next[gap..];
        }
    }

    fn role_of(&self, sentence: &str) -> Role {
        let marker = marker_of(sentence);
        if marker == Some('Q') {
            return Role::Question;
        }
        if marker.is_none() && sentence.starts_with('#') {
            return Role::Heading;
        }
        let body = sentence.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
        if body.ends_with('?') {
            return Role::Question;
        }
        if marker.is_none()
            && !ends_with_terminal(sentence)
            && sentence.split_whitespace().count() <= self.heading_max_words
        {
            return Role::Heading;
        }
        Role::Statement
    }
}

/// The first piece of `text` of at most `max` bytes: up to its last
/// whitespace, or cut at a character boundary when it has none.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => &text[..space],
        _ if end == 0 => &text[..text.chars().next().map_or(0, char::len_utf8)],
        _ => &text[..end],
    }
}

/// `Some('Q')` or `Some('A')` for FAQ lines ("Q: ...", "A: ...").
fn marker_of(line: &str) -> Option<char> {
    let mut chars = line.chars();
    let first = chars.next()?.to_ascii_uppercase();
    if (first == 'Q' || first == 'A') && chars.next() == Some(':') {
        Some(first)
    } else {
        None
    }
}

fn is_marker_line(line: &str) -> bool {
    marker_of(line).is_some()
}

fn ends_with_terminal(line: &str) -> bool {
    let body = line.trim_end().trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    body.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// The length in bytes of a leading "Q: " / "A: " marker, or 0.
pub fn marker_len(sentence: &str) -> usize {
    if marker_of(sentence).is_some() {
        let rest = &sentence[2..];
        2 + (rest.len() - rest.trim_start().len())
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        name: &'static str,
        input: &'static str,
        want: &'static [(&'static str, Role)],
    }

    use Role::{Heading as H, Question as Q, Statement as S};

    const CASES: &[Case] = &[
        Case {
            name: "dotted acronym inside a sentence",
            input: "The U.S. Treasury Department issued new guidance to the banks. Such sales would breach U.N. Security Council sanctions.",
            want: &[
                ("The U.S. Treasury Department issued new guidance to the banks.", S),
                ("Such sales would breach U.N. Security Council sanctions.", S),
            ],
        },
        Case {
            name: "acronym at the end of a sentence before a starter word",
            input: "He flew to the U.S. The next day he left.",
            want: &[("He flew to the U.S.", S), ("The next day he left.", S)],
        },
        Case {
            name: "titles, months, initials and decimals",
            input: "Mr. Smith met Dr. J. Jones on Jan. 5 and paid 2.5 million. It rained.",
            want: &[("Mr. Smith met Dr. J. Jones on Jan. 5 and paid 2.5 million.", S), ("It rained.", S)],
        },
        Case {
            name: "spaced decimals and clock times (ECB+ re-joined text)",
            input: "A 4. 6 quake struck at 3: 20 p. m. Friday and lasted 3. 5 minutes. It was felt in 2003. 5 people died.",
            want: &[
                ("A 4. 6 quake struck at 3: 20 p. m. Friday and lasted 3. 5 minutes.", S),
                ("It was felt in 2003.", S),
                ("5 people died.", S),
            ],
        },
        Case {
            name: "quotes close the sentence",
            input: "\"It will be a working visit,\" he said. \"We agree.\" Then they left!",
            want: &[
                ("\"It will be a working visit,\" he said.", S),
                ("\"We agree.\"", S),
                ("Then they left!", S),
            ],
        },
        Case {
            name: "headings and FAQ lines",
            input: "Talks begin\nThe talks started on Tuesday.\n\nFAQ\n\nQ: Are talks planned?\n\nA: Yes, according to an official.",
            want: &[
                ("Talks begin", H),
                ("The talks started on Tuesday.", S),
                ("FAQ", H),
                ("Q: Are talks planned?", Q),
                ("A: Yes, according to an official.", S),
            ],
        },
        Case {
            name: "hard-wrapped prose joins lines",
            input: "This sentence is wrapped at a fixed width because the writer used an\nold editor, and it goes on.\n",
            want: &[(
                "This sentence is wrapped at a fixed width because the writer used an\nold editor, and it goes on.",
                S,
            )],
        },
        Case {
            name: "markdown heading",
            input: "# Results of the vote\n\nThe measure passed by 52 votes to 48.",
            want: &[("# Results of the vote", H), ("The measure passed by 52 votes to 48.", S)],
        },
        Case {
            name: "ellipsis and lowercase continuation",
            input: "He paused... and went on. Then… Nothing.",
            want: &[("He paused... and went on.", S), ("Then…", S), ("Nothing.", S)],
        },
        Case {
            name: "question inside a paragraph",
            input: "Will they meet? Nobody knows.",
            want: &[("Will they meet?", Q), ("Nobody knows.", S)],
        },
    ];

    #[test]
    fn cases() {
        let segmenter = Segmenter::default();
        for case in CASES {
            let got: Vec<(&str, Role)> = segmenter
                .segment(case.input)
                .iter()
                .map(|s| (s.span.slice(case.input), s.role))
                .collect();
            assert_eq!(got, case.want, "case: {}", case.name);
        }
    }

    #[test]
    fn long_runs_without_punctuation_are_cut_at_spaces() {
        let segmenter = Segmenter {
            max_sentence_bytes: 12,
            ..Segmenter::default()
        };
        let text = "aaa bbb ccc ddd eee fff ggg\n\nShort one.";
        let got: Vec<(&str, bool)> = segmenter
            .segment(text)
            .iter()
            .map(|s| (s.span.slice(text), s.split))
            .collect();
        assert_eq!(
            got,
            [
                ("aaa bbb ccc", true),
                ("ddd eee fff", true),
                ("ggg", true),
                ("Short one.", false)
            ]
        );
        // No spaces at all: cut at character boundaries, nothing lost.
        let text = "ééééééééééé";
        let pieces: Vec<&str> = segmenter.segment(text).iter().map(|s| s.span.slice(text)).collect();
        assert_eq!(pieces.concat(), text);
        assert!(pieces.iter().all(|p| p.len() <= 12));
    }

    #[test]
    fn marker_length() {
        assert_eq!(marker_len("A: Yes."), 3);
        assert_eq!(marker_len("Also yes."), 0);
    }
}
