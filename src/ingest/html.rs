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
pub fn to_text(html: &str) -> (String, Option<String>) {
    let Ok(dom) = tl::parse(html, tl::ParserOptions::default()) else {
        return (html.to_string(), None);
    };
    let parser = dom.parser();
    let title = dom
        .query_selector("title")
        .and_then(|mut it| it.next())
        .and_then(|h| h.get(parser))
        .map(|n| clean(&n.inner_text(parser)))
        .filter(|t| !t.is_empty());
    let mut out = String::new();
    for handle in dom.children() {
        walk(*handle, parser, &mut out);
    }
    let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (lines.join("\n"), title)
}

fn walk(handle: tl::NodeHandle, parser: &tl::Parser<'_>, out: &mut String) {
    let Some(node) = handle.get(parser) else { return };
    match node {
        tl::Node::Raw(bytes) => {
            let text = html_escape::decode_html_entities(&bytes.as_utf8_str()).into_owned();
            if text.starts_with(char::is_whitespace) {
                out.push(' ');
            }
            out.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
            if text.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        }
        tl::Node::Tag(tag) => {
            let name = tag.name().as_utf8_str().to_ascii_lowercase();
            if HIDDEN.contains(&name.as_str()) {
                return;
            }
            let block = BLOCKS.contains(&name.as_str());
            if block {
                out.push('\n');
            }
            for child in tag.children().top().iter() {
                walk(*child, parser, out);
            }
            if block {
                out.push('\n');
            }
        }
        tl::Node::Comment(_) => {}
    }
}

fn clean(text: &str) -> String {
    html_escape::decode_html_entities(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
}
