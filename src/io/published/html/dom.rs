//! A small document tree built from html5gum's tokens, with the few tree-building rules
//! real report pages need: paragraphs, list items, table rows and cells close implicitly;
//! an end tag never closes past a table cell it was not opened in; `<script>`, `<style>`
//! and `<title>` keep their text to themselves. Saved pages, Word-exported HTML (nested
//! `span`/`font`/`o:p`, conditional comments) and bare fragments all give a tree.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Deepest nesting kept: a deeper start tag closes the innermost element first, so a
/// hostile page cannot make the walks recurse without bound.
const MAX_DEPTH: usize = 200;

/// Largest `colspan` and `rowspan` honoured (as browsers do for colspan).
pub const MAX_SPAN: u32 = 1000;

/// The node of the tree that holds everything (no `<html>` is needed).
pub const ROOT: usize = 0;

/// A parsed page.
#[derive(Debug)]
pub struct Dom {
    /// All nodes; [`ROOT`] first, then in document order.
    pub nodes: Vec<Node>,
}

/// One node.
#[derive(Debug)]
pub struct Node {
    /// The parent ([`ROOT`]'s is itself).
    pub parent: usize,
    /// The children, in order.
    pub children: Vec<usize>,
    /// What it is.
    pub kind: Kind,
}

/// A node's kind.
#[derive(Debug)]
pub enum Kind {
    /// The tree's root.
    Root,
    /// Text, entities decoded.
    Text(String),
    /// An element.
    Element(Element),
}

/// An element, with the attributes the readers look at.
#[derive(Debug, Default)]
pub struct Element {
    /// Tag name, lower case, with any namespace prefix (`o:p`).
    pub name: String,
    /// `colspan` (1 when absent), at most [`MAX_SPAN`].
    pub colspan: u32,
    /// `rowspan` (1 when absent; 0 means to the end of the table), at most [`MAX_SPAN`].
    pub rowspan: u32,
    /// Not shown: `hidden`, `display:none`, Word's `mso-hide:all`.
    pub hidden: bool,
    /// A link: `<a>` with an `href` (Word's `<a name=_Toc…>` anchors are not).
    pub link: bool,
    /// A Word placeholder cell (`mso-cell-special:placeholder`), not a cell of the table.
    pub placeholder: bool,
    /// `<meta name=… content=…>` (also `property=`): the name in lower case, the content.
    pub meta: Option<(String, String)>,
}

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen",
];

/// Elements whose start closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "ul",
    "dd",
    "dt",
];

/// Elements an end tag of another element does not close (a `</div>` inside a cell
/// leaves the cell alone when its `<div>` was opened outside the table).
const SCOPE: &[&str] = &["td", "th", "table", "caption", "template"];

/// Table sections.
const SECTIONS: &[&str] = &["tbody", "thead", "tfoot"];

impl Dom {
    /// The tree of `html`.
    pub fn parse(html: &str) -> Dom {
        let mut b = Builder {
            nodes: vec![Node {
                parent: ROOT,
                children: Vec::new(),
                kind: Kind::Root,
            }],
            open: vec![ROOT],
            skipping: false,
        };
        let mut emitter = DefaultEmitter::default();
        // <script>, <style>, <title>, <textarea>: their text is text, not tags.
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) if !b.skipping => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let attr = |k: &str| {
                        tag.attributes
                            .get(k.as_bytes())
                            .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                    };
                    let element = element(name, &attr);
                    // `<o:p/>`, `<v:shape … />`: XML-style empty elements of Word.
                    let empty = tag.self_closing && element.name.contains(':');
                    b.start(element, empty);
                }
                Token::EndTag(tag) if !b.skipping => {
                    b.end(&String::from_utf8_lossy(&tag.name).to_ascii_lowercase());
                }
                Token::String(text) if !b.skipping => {
                    b.text(&String::from_utf8_lossy(&text.value));
                }
                Token::Comment(c) => {
                    // Word's column-width row: `<![if !supportMisalignedColumns]>` … `<![endif]>`.
                    let c = String::from_utf8_lossy(&c.value);
                    let c = c.trim();
                    if c.starts_with("[if !supportMisalignedColumns]") {
                        b.skipping = true;
                    } else if c.starts_with("[endif]") {
                        b.skipping = false;
                    }
                }
                _ => {}
            }
        }
        Dom { nodes: b.nodes }
    }

    /// The element at `id`, if it is one.
    pub fn element(&self, id: usize) -> Option<&Element> {
        match &self.nodes.get(id)?.kind {
            Kind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The tag name at `id` ("" for text and the root).
    pub fn name(&self, id: usize) -> &str {
        self.element(id).map_or("", |e| e.name.as_str())
    }

    /// Whether `id` is `ancestor` or inside it.
    pub fn within(&self, mut id: usize, ancestor: usize) -> bool {
        loop {
            if id == ancestor {
                return true;
            }
            if id == ROOT {
                return false;
            }
            id = self.nodes[id].parent;
        }
    }

    /// Ancestors of `id`, from its parent up to [`ROOT`].
    pub fn ancestors(&self, mut id: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::from_fn(move || {
            if id == ROOT {
                return None;
            }
            id = self.nodes[id].parent;
            Some(id)
        })
    }

    /// All text below `id`, as it stands in the source (whitespace not collapsed).
    pub fn text_len(&self, id: usize) -> usize {
        let mut len = 0;
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            match &self.nodes[n].kind {
                Kind::Text(t) => len += t.chars().filter(|c| !c.is_whitespace()).count(),
                _ => stack.extend(self.nodes[n].children.iter().copied()),
            }
        }
        len
    }

    /// Whether some element below `id` is named `name`.
    pub fn contains(&self, id: usize, pred: impl Fn(&str) -> bool) -> bool {
        let mut stack: Vec<usize> = self.nodes[id].children.clone();
        while let Some(n) = stack.pop() {
            if pred(self.name(n)) {
                return true;
            }
            stack.extend(self.nodes[n].children.iter().copied());
        }
        false
    }
}

fn element(name: String, attr: &dyn Fn(&str) -> Option<String>) -> Element {
    let span = |k: &str, absent: u32| {
        attr(k).map_or(absent, |v| {
            let digits: String = v
                .trim()
                .chars()
                .take_while(char::is_ascii_digit)
                .take(6)
                .collect();
            digits.parse::<u32>().map_or(absent, |n| n.min(MAX_SPAN))
        })
    };
    let style: String = attr("style")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let meta = (name == "meta")
        .then(|| {
            let key = attr("name").or_else(|| attr("property"))?;
            Some((key.trim().to_ascii_lowercase(), attr("content")?))
        })
        .flatten();
    Element {
        colspan: span("colspan", 1).max(1),
        rowspan: span("rowspan", 1),
        hidden: attr("hidden").is_some()
            || style.contains("display:none")
            || style.contains("mso-hide:all"),
        placeholder: style.contains("mso-cell-special:placeholder"),
        link: name == "a" && attr("href").is_some(),
        meta,
        name,
    }
}

struct Builder {
    nodes: Vec<Node>,
    /// Open elements, [`ROOT`] at the bottom.
    open: Vec<usize>,
    /// Inside Word's column-width row, which is not part of the table.
    skipping: bool,
}

impl Builder {
    fn add(&mut self, kind: Kind) -> usize {
        let id = self.nodes.len();
        let parent = self.top();
        self.nodes.push(Node {
            parent,
            children: Vec::new(),
            kind,
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn top(&self) -> usize {
        self.open.last().copied().unwrap_or(ROOT)
    }

    fn top_name(&self) -> &str {
        name_of(&self.nodes, self.top())
    }

    /// Position in `open` of the innermost element named in `names`, looking no further
    /// than an element named in `stop`.
    fn find(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for (i, &id) in self.open.iter().enumerate().rev() {
            let n = name_of(&self.nodes, id);
            if names.contains(&n) {
                return Some(i);
            }
            if stop.contains(&n) {
                return None;
            }
        }
        None
    }

    /// Closes `open[i..]`.
    fn close_from(&mut self, i: usize) {
        self.open.truncate(i.max(1));
    }

    fn start(&mut self, element: Element, empty: bool) {
        let name = element.name.as_str();
        if CLOSES_P.contains(&name)
            && let Some(i) = self.find(&["p"], &["button", "td", "th", "table", "caption"])
        {
            self.close_from(i);
        }
        match name {
            "li" => {
                if let Some(i) = self.find(&["li"], &["ul", "ol", "td", "th", "table"]) {
                    self.close_from(i);
                }
            }
            "dd" | "dt" => {
                if let Some(i) = self.find(&["dd", "dt"], &["dl", "td", "th", "table"]) {
                    self.close_from(i);
                }
            }
            "option" if self.top_name() == "option" => {
                self.open.pop();
            }
            "body" => {
                if let Some(i) = self.find(&["head"], &[]) {
                    self.close_from(i);
                }
            }
            "table" => {
                // A table started between the rows of another ends that one.
                if matches!(
                    self.top_name(),
                    "table" | "tbody" | "thead" | "tfoot" | "tr"
                ) && let Some(i) = self.find(&["table"], &[])
                {
                    self.close_from(i);
                }
            }
            "tbody" | "thead" | "tfoot" => {
                if let Some(i) = self.find(&["table"], &[]) {
                    self.close_from(i + 1);
                }
            }
            "tr" => {
                if let Some(t) = self.find(&["table"], &[]) {
                    let to = self
                        .find(SECTIONS, &["table"])
                        .filter(|&s| s > t)
                        .unwrap_or(t);
                    self.close_from(to + 1);
                }
            }
            "td" | "th" => {
                if let Some(t) = self.find(&["table"], &[]) {
                    match self.find(&["tr"], &["table"]) {
                        Some(r) if r > t => self.close_from(r + 1),
                        _ => {
                            // A cell straight in a table: its row is implied.
                            let to = self
                                .find(SECTIONS, &["table"])
                                .filter(|&s| s > t)
                                .unwrap_or(t);
                            self.close_from(to + 1);
                            let tr = self.add(Kind::Element(Element {
                                name: "tr".into(),
                                colspan: 1,
                                rowspan: 1,
                                ..Element::default()
                            }));
                            self.open.push(tr);
                        }
                    }
                }
            }
            _ => {}
        }
        if self.open.len() > MAX_DEPTH {
            self.open.pop();
        }
        let void = empty || VOID.contains(&name);
        let id = self.add(Kind::Element(element));
        if !void {
            self.open.push(id);
        }
    }

    fn end(&mut self, name: &str) {
        if VOID.contains(&name) || matches!(name, "html" | "body") {
            return;
        }
        let stop: &[&str] = match name {
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" => &["table"],
            "table" => &[],
            _ => SCOPE,
        };
        if let Some(i) = self.find(&[name], stop) {
            self.close_from(i);
        }
    }

    fn text(&mut self, text: &str) {
        let top = self.top();
        if let Some(&last) = self.nodes[top].children.last()
            && let Kind::Text(t) = &mut self.nodes[last].kind
        {
            t.push_str(text);
            return;
        }
        self.add(Kind::Text(text.to_owned()));
    }
}

fn name_of(nodes: &[Node], id: usize) -> &str {
    match &nodes[id].kind {
        Kind::Element(e) => &e.name,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested names, text in quotes.
    fn shape(dom: &Dom, id: usize) -> String {
        match &dom.nodes[id].kind {
            Kind::Text(t) => format!("{t:?}"),
            kind => {
                let inner: Vec<String> = dom.nodes[id]
                    .children
                    .iter()
                    .map(|&c| shape(dom, c))
                    .collect();
                let name = match kind {
                    Kind::Element(e) => e.name.as_str(),
                    _ => "#",
                };
                format!("{name}({})", inner.join(" "))
            }
        }
    }

    #[test]
    fn implied_ends_of_paragraphs_rows_and_cells() {
        let dom = Dom::parse("<p>a<p>b<table><td>1<td>2<tr><td>3</table>c");
        assert_eq!(
            shape(&dom, ROOT),
            "#(p(\"a\") p(\"b\" table(tr(td(\"1\") td(\"2\")) tr(td(\"3\"))) \"c\"))"
        );
    }

    #[test]
    fn an_end_tag_does_not_close_past_a_cell() {
        // The stray </div> inside the cell belongs to the div around the table.
        let dom = Dom::parse("<div><table><tr><td>a</div>b</td><td>c</td></tr></table>d</div>");
        assert_eq!(
            shape(&dom, ROOT),
            "#(div(table(tr(td(\"ab\") td(\"c\"))) \"d\"))"
        );
    }

    #[test]
    fn script_text_is_not_markup() {
        let dom = Dom::parse("<script>if (a<b) { x = '<td>' }</script><p>t</p>");
        assert_eq!(
            shape(&dom, ROOT),
            "#(script(\"if (a<b) { x = '<td>' }\") p(\"t\"))"
        );
    }

    #[test]
    fn word_column_width_rows_are_left_out() {
        let dom = Dom::parse(
            "<table><tr><td>a</td></tr><![if !supportMisalignedColumns]><tr height=0>\
             <td width=65></td></tr><![endif]></table>",
        );
        assert_eq!(shape(&dom, ROOT), "#(table(tr(td(\"a\"))))");
    }

    #[test]
    fn nesting_is_bounded() {
        let html = "<div>".repeat(100_000);
        let dom = Dom::parse(&html);
        let depth = |mut id: usize| {
            let mut d = 0;
            while id != ROOT {
                id = dom.nodes[id].parent;
                d += 1;
            }
            d
        };
        assert!((0..dom.nodes.len()).all(|id| depth(id) <= MAX_DEPTH + 1));
    }
}
