//! HTML input, reduced to its text.
//!
//! Block elements (paragraphs, headings, list items, table rows...) become
//! lines; `script`, `style` and other non-content elements are dropped; entities
//! are decoded. The reduced text is the document's text: spans point into
//! it, and [`SourceLines`] gives the page's line of each point of it.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};

use super::SourceLines;

/// Elements after which a line ends.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "table",
    "figcaption",
    "dt",
    "dd",
    "main",
    "aside",
    "nav",
    "hr",
    "title",
];

/// Elements whose content is not text for people.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object",
];

/// A page reduced to its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Reduced {
    /// The text: one line per block, words joined by single spaces.
    pub text: String,
    /// The page's `<title>`, when it has one.
    pub title: Option<String>,
    /// The page's line of each point of `text`.
    pub lines: SourceLines,
}

/// Reduces an HTML page to its text, title and source lines.
///
/// The page is parsed by html5ever (through `scraper`), as a browser
/// would: a stray `<` in text or in a script ("3 < 5", "if (a<b)") is text
/// or script, never the start of a lost tag. The tree is walked without
/// recursion, so nesting depth costs no stack. Each word of the text keeps
/// the line of the page it was read from (the tokenizer's line when its
/// text was appended, plus the newlines before it in its text node), so
/// SARIF and GitHub annotations name the page's own lines.
pub fn to_text(html: &str) -> Reduced {
    use ego_tree::iter::Edge;

    let sink = LineSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        chunks: RefCell::default(),
    };
    let (dom, chunks) = html5ever::driver::parse_document(sink, Default::default()).one(html);
    let mut title = None;
    let mut out = String::new();
    // (offset in `out`, line in the page), where the line changes.
    let mut anchors: Vec<(usize, u64)> = Vec::new();
    // Depth inside an element whose content is not text (0: outside).
    let mut hidden = 0usize;
    for edge in dom.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if hidden > 0 || HIDDEN.contains(&name) {
                        if title.is_none() && name == "title" {
                            let text: String = node
                                .descendants()
                                .filter_map(|d| d.value().as_text().map(|t| &**t))
                                .collect();
                            title = Some(clean(&text)).filter(|t| !t.is_empty());
                        }
                        hidden += 1;
                    } else if BLOCKS.contains(&name) {
                        out.push('\n');
                    }
                }
                Node::Text(text) if hidden == 0 => {
                    let text: &str = text;
                    let mut lines = NodeLines::new(text, chunks.get(&node.id()).map(Vec::as_slice).unwrap_or_default());
                    if text.starts_with(char::is_whitespace) && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    for (k, word) in text.split_whitespace().enumerate() {
                        if k > 0 {
                            out.push(' ');
                        }
                        let line = lines.at(word.as_ptr() as usize - text.as_ptr() as usize);
                        if anchors.last().is_none_or(|&(_, last)| last != line) {
                            anchors.push((out.len(), line));
                        }
                        out.push_str(word);
                    }
                    if text.ends_with(char::is_whitespace) && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if hidden > 0 {
                        hidden -= 1;
                    } else if BLOCKS.contains(&element.name()) {
                        out.push('\n');
                    }
                }
            }
        }
    }
    let (text, lines) = keep_lines(&out, &anchors);
    Reduced { text, title, lines }
}

/// The page lines of the points of one text node, asked in increasing
/// order: each answer counts only the newlines since the one before, so a
/// node is read once however many words it has.
struct NodeLines<'t> {
    text: &'t str,
    /// (offset in the node, line when appended), by offset.
    chunks: &'t [(usize, u64)],
    /// The next chunk not yet entered.
    next: usize,
    /// The last point answered and its line.
    at: usize,
    line: u64,
}

impl<'t> NodeLines<'t> {
    fn new(text: &'t str, chunks: &'t [(usize, u64)]) -> Self {
        let line = chunks.first().map_or(1, |&(_, line)| line);
        NodeLines {
            text,
            chunks,
            next: 0,
            at: 0,
            line,
        }
    }

    /// The page line of byte `at` (at or after the last one asked).
    fn at(&mut self, at: usize) -> u64 {
        while let Some(&(offset, line)) = self.chunks.get(self.next).filter(|c| c.0 <= at) {
            (self.at, self.line) = (offset, line);
            self.next += 1;
        }
        let from = self.at.min(at);
        self.line += self.text.as_bytes()[from..at].iter().filter(|&&b| b == b'\n').count() as u64;
        self.at = at;
        self.line
    }
}

/// The non-blank lines of `out`, trimmed and joined by newlines, with
/// `anchors` (offsets in `out`) moved to offsets in the result.
fn keep_lines(out: &str, anchors: &[(usize, u64)]) -> (String, SourceLines) {
    let mut text = String::with_capacity(out.len());
    let mut moved = Vec::with_capacity(anchors.len());
    let mut next = anchors.iter().peekable();
    let mut line_start = 0;
    for raw in out.split('\n') {
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            let from = line_start + (trimmed.as_ptr() as usize - raw.as_ptr() as usize);
            let to = from + trimmed.len();
            // Anchors before this line were in blank parts: they start it.
            while let Some(&&(at, line)) = next.peek() {
                if at >= to {
                    break;
                }
                moved.push((text.len() + at.saturating_sub(from), line));
                next.next();
            }
            text.push_str(trimmed);
        }
        line_start += raw.len() + 1;
    }
    (text, SourceLines::new(moved))
}

/// Text with its whitespace runs collapsed to single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's tree, with the source line each piece of text came from.
///
/// A [`TreeSink`] that hands every call to scraper's own sink, and notes
/// the line each appended text started on (from the tokenizer's current
/// line, `set_current_line`).
/// A text node may be built from several appends (the tree builder joins
/// adjacent text): each is a chunk, at its byte offset in the node's text.
struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u64>,
    chunks: RefCell<HashMap<NodeId, Vec<(usize, u64)>>>,
}

impl LineSink {
    /// Notes the text just appended to the text node `node`, which held
    /// `before` bytes until then. The tokenizer's line is the line at the
    /// end of the text it just read, so the chunk started that many lines
    /// earlier as it holds newlines.
    fn note(&self, node: Option<NodeId>, before: usize) {
        let Some(node) = node else { return };
        let newlines = match self.inner.0.borrow().tree.get(node).map(|n| n.value()) {
            Some(Node::Text(text)) => text
                .as_bytes()
                .get(before..)
                .map_or(0, |new| new.iter().filter(|&&b| b == b'\n').count()),
            _ => 0,
        };
        let start = self.line.get().saturating_sub(newlines as u64).max(1);
        self.chunks.borrow_mut().entry(node).or_default().push((before, start));
    }

    /// Runs `append` on `child`, noting the line of its text if it is text
    /// (which goes to the text node `pick` finds from `at`).
    fn appending(
        &self,
        at: NodeId,
        child: NodeOrText<NodeId>,
        pick: fn(ego_tree::NodeRef<'_, Node>) -> Option<ego_tree::NodeRef<'_, Node>>,
        append: impl FnOnce(NodeOrText<NodeId>),
    ) {
        if !matches!(child, NodeOrText::AppendText(_)) {
            append(child);
            return;
        }
        let (_, before) = self.text_node(at, pick);
        append(child);
        let (node, _) = self.text_node(at, pick);
        self.note(node, before);
    }

    /// The text node `pick` finds around `at`, and its length now.
    fn text_node(
        &self,
        at: NodeId,
        pick: impl Fn(ego_tree::NodeRef<'_, Node>) -> Option<ego_tree::NodeRef<'_, Node>>,
    ) -> (Option<NodeId>, usize) {
        let html = self.inner.0.borrow();
        let Some(node) = html.tree.get(at).and_then(pick) else {
            return (None, 0);
        };
        match node.value() {
            Node::Text(text) => (Some(node.id()), text.len()),
            _ => (None, 0),
        }
    }
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = (Html, HashMap<NodeId, Vec<(usize, u64)>>);
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.chunks.into_inner())
    }
    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.appending(
            *parent,
            child,
            |p| p.last_child(),
            |child| self.inner.append(parent, child),
        );
    }
    fn append_before_sibling(&self, sibling: &NodeId, child: NodeOrText<NodeId>) {
        self.appending(
            *sibling,
            child,
            |s| s.prev_sibling(),
            |child| self.inner.append_before_sibling(sibling, child),
        );
    }
    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        let has_parent = self
            .inner
            .0
            .borrow()
            .tree
            .get(*element)
            .is_some_and(|e| e.parent().is_some());
        if has_parent {
            self.append_before_sibling(element, child)
        } else {
            self.append(prev_element, child)
        }
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.inner.append_doctype_to_document(name, public_id, system_id)
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_scripts_vanish() {
        let html = "<html><head><title>T &amp; U</title><script>var x = 1;</script></head>\
                    <body><h1>Heading here</h1><p>First para &mdash; with <b>bold</b> text.</p>\
                    <p>Second.</p></body></html>";
        let Reduced { text, title, .. } = to_text(html);
        assert_eq!(title.as_deref(), Some("T & U"));
        assert_eq!(text, "Heading here\nFirst para \u{2014} with bold text.\nSecond.");
    }

    #[test]
    fn a_stray_less_than_is_text_and_scripts_stay_out() {
        let html = "<p>3 < 5 and 7 > 2.</p><script>if (a<b) { x(); }</script><p>After the script.</p>";
        assert_eq!(to_text(html).text, "3 < 5 and 7 > 2.\nAfter the script.");
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let html = format!("{}The deep text.{}", "<b>".repeat(50_000), "</b>".repeat(50_000));
        let Reduced { text, .. } = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || to_text(&html))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(text, "The deep text.");
        let divs = format!("{}Inside.{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        assert_eq!(to_text(&divs).text, "Inside.");
    }

    /// One text node of 20,000 lines: each word's line is found by
    /// counting only the newlines since the word before (counting from the
    /// node's start for every word took minutes on a 2 MB page).
    #[test]
    fn a_long_text_node_is_read_once() {
        let lines = 20_000;
        let html = format!("<p>{}last</p>", "some words on a line\n".repeat(lines));
        let page = to_text(&html);
        assert_eq!(page.lines.line(page.text.rfind("last").unwrap()), lines + 1);
        assert_eq!(page.lines.line(page.text.find("words").unwrap()), 1);
    }

    #[test]
    fn each_point_of_the_text_keeps_the_line_of_the_page() {
        let html = "<!doctype html>\n<html>\n<head>\n<title>A page</title>\n\
                    <script>\nvar a = 1;\nvar b = 2;\n</script>\n</head>\n<body>\n\
                    <h1>The heading</h1>\n\
                    <p>A paragraph that\nruns over\nthree lines &amp; ends.</p>\n\
                    <!-- a comment\nof two lines -->\n\
                    <p>Then <b>bold</b>\n<i>italic</i> words.</p><p>Same line.</p>\n\
                    </body>\n</html>\n";
        let page = to_text(html);
        assert_eq!(
            page.text,
            "The heading\nA paragraph that runs over three lines & ends.\nThen bold italic words.\nSame line."
        );
        let line_of = |word: &str| page.lines.line(page.text.find(word).unwrap());
        assert_eq!(line_of("The heading"), 11);
        assert_eq!(line_of("A paragraph"), 12);
        assert_eq!(line_of("runs"), 13);
        assert_eq!(line_of("three"), 14);
        assert_eq!(line_of("ends"), 14);
        assert_eq!(line_of("Then"), 17);
        assert_eq!(line_of("bold"), 17);
        assert_eq!(line_of("italic"), 18);
        assert_eq!(line_of("Same"), 18);
        // Every line of the source is where that text really is.
        let source: Vec<&str> = html.lines().collect();
        for word in ["heading", "paragraph", "runs", "three", "Then", "italic", "Same"] {
            assert!(source[line_of(word) - 1].contains(word), "{word}");
        }
    }
}
