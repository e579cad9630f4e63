//! HTML input, reduced to its text.
//!
//! Block elements (paragraphs, headings, list items, table rows...) become
//! lines; `script`, `style` and other non-content elements are dropped; entities
//! are decoded. The reduced text is the document's text: spans point into it.

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

/// Reduces an HTML page to `(text, title)`.
///
/// The page is parsed by html5ever (through `scraper`), as a browser
/// would: a stray `<` in text or in a script ("3 < 5", "if (a<b)") is text
/// or script, never the start of a lost tag. The tree is walked without
/// recursion, so nesting depth costs no stack.
pub fn to_text(html: &str) -> (String, Option<String>) {
    use ego_tree::iter::Edge;
    use scraper::Node;

    let dom = scraper::Html::parse_document(html);
    let mut title = None;
    let mut out = String::new();
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
                    if text.starts_with(char::is_whitespace) {
                        out.push(' ');
                    }
                    for (k, word) in text.split_whitespace().enumerate() {
                        if k > 0 {
                            out.push(' ');
                        }
                        out.push_str(word);
                    }
                    if text.ends_with(char::is_whitespace) {
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
    let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (lines.join("\n"), title)
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_scripts_vanish() {
        let html = "<html><head><title>T &amp; U</title><script>var x = 1;</script></head>\
                    <body><h1>Heading here</h1><p>First para &mdash; with <b>bold</b> text.</p>\
                    <p>Second.</p></body></html>";
        let (text, title) = to_text(html);
        assert_eq!(title.as_deref(), Some("T & U"));
        assert_eq!(text, "Heading here\nFirst para \u{2014} with bold text.\nSecond.");
    }

    #[test]
    fn a_stray_less_than_is_text_and_scripts_stay_out() {
        let html = "<p>3 < 5 and 7 > 2.</p><script>if (a<b) { x(); }</script><p>After the script.</p>";
        let (text, _) = to_text(html);
        assert_eq!(text, "3 < 5 and 7 > 2.\nAfter the script.");
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let html = format!("{}The deep text.{}", "<b>".repeat(50_000), "</b>".repeat(50_000));
        let (text, _) = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || to_text(&html))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(text, "The deep text.");
        let divs = format!("{}Inside.{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        assert_eq!(to_text(&divs).0, "Inside.");
    }
}
