//! Byte ranges into a document's original text.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` in the *original* text of a document.
///
/// Every stage that points into text (sentences, tokens, facts, evidence)
/// uses a `Span` into the document as it was read, never into a normalized
/// copy, so a report can always highlight the words a reader sees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// This span moved right by `offset` bytes.
    pub const fn shift(&self, offset: usize) -> Self {
        Span::new(self.start + offset, self.end + offset)
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Self {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers in `text`.
    ///
    /// # Panics
    /// If the span is out of bounds or not on character boundaries; spans
    /// made by this crate never are.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}
