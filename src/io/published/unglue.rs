//! Lines that hold a whole table, or a whole page, run together with no separator (as
//! crawlers save a page's text: `…总计一、本年新收政府信息公开申请数量801000081二、…`):
//! split into rows at the labels the formats print, so each row label starts a cell with
//! its values after it.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{Flow, Place};
use crate::format::{Registry, RowEntry};
use crate::io::labels::{fold_char, normalise};

/// A line shorter than this is left as it is.
const MIN_CHARS: usize = 200;

/// Labels followed by a value that make a long line a table run together.
const MIN_VALUED: usize = 3;

/// The formats' labels, folded, whether each is a section heading (split after it as
/// well as before: narrative follows it directly), and an automaton finding them all.
struct Labels {
    headings: Vec<bool>,
    finder: Option<AhoCorasick>,
}

fn labels() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut texts: Vec<String> = Vec::new();
        let mut headings: Vec<bool> = Vec::new();
        let mut add = |text: &str, heading: bool| {
            let folded = normalise(text);
            if folded.chars().count() >= 2 && !texts.contains(&folded) {
                texts.push(folded);
                headings.push(heading);
            }
        };
        if let Ok(registry) = Registry::builtin() {
            for format in registry.formats() {
                for section in format.sections() {
                    add(&section.heading(), true);
                }
                for (t, table) in format.tables().iter().enumerate() {
                    for block in &table.blocks {
                        add(&block.label, false);
                        add(&block.row_header, false);
                        for column in &block.columns {
                            add(&column.label, false);
                        }
                        for entry in &block.rows {
                            match entry {
                                RowEntry::Row(r) => r.wordings().for_each(|w| add(w, false)),
                                RowEntry::Heading(h) => add(&h.label, false),
                            }
                        }
                    }
                    for block in format.form(t) {
                        for header in &block.header {
                            add(&header.text, false);
                        }
                    }
                }
            }
        }
        // A DFA: more memory once, faster over every long line of every document.
        let finder = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&texts)
            .ok();
        Labels { headings, finder }
    })
}

/// The flow with every long run-together cell split at the labels in it (each piece a
/// row of its own, at the same place); other rows as they were.
pub fn unglue(flow: &Flow) -> Option<Flow> {
    // The rows to split, with their pieces; most documents have none.
    let split_rows: Vec<(usize, Vec<&str>)> = flow
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|c| c.len() >= MIN_CHARS))
        .filter_map(|(r, row)| {
            let pieces: Vec<Vec<&str>> = row.iter().map(|c| split(c)).collect();
            pieces
                .iter()
                .any(|p| p.len() >= 3)
                .then(|| (r, pieces.into_iter().flatten().collect()))
        })
        .collect();
    if split_rows.is_empty() {
        return None;
    }
    let mut out = Flow {
        meta: flow.meta.clone(),
        ..Flow::default()
    };
    let mut next = split_rows.into_iter().peekable();
    for (r, row) in flow.rows.iter().enumerate() {
        let place = flow.place(r);
        match next.next_if(|(s, _)| *s == r) {
            Some((_, pieces)) => {
                for piece in pieces {
                    push_piece(&mut out, piece, place);
                }
            }
            None => out.push(row.clone(), place),
        }
    }
    Some(out)
}

fn push_piece(out: &mut Flow, piece: &str, place: Place) {
    let piece = piece.trim();
    if !piece.is_empty() {
        out.push(vec![piece.to_owned()], place);
    }
}

/// `text` cut before each label that is followed by a value or by another label (a
/// label inside a sentence is left alone), and after each section heading — only when at
/// least [`MIN_VALUED`] labels are followed by values (a table run together, not a long
/// sentence that names a row).
fn split(text: &str) -> Vec<&str> {
    let labels = labels();
    let Some(finder) = &labels.finder else {
        return vec![text];
    };
    // (Bytes first: counting characters costs a pass.)
    if text.len() < MIN_CHARS || text.chars().count() < MIN_CHARS {
        return vec![text];
    }
    // A quick look at the text as it is: most lines are prose, and folding them costs.
    let raw_valued = finder
        .find_iter(text)
        .filter(|m| {
            text[m.end()..]
                .chars()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| c.is_ascii_digit())
        })
        .count();
    if raw_valued < MIN_VALUED {
        return vec![text];
    }
    // The folded text, and the byte offset in `text` of each folded character.
    let mut folded = String::with_capacity(text.len());
    let mut offsets: Vec<usize> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if let Some(f) = fold_char(c) {
            folded.push(f);
            offsets.extend(std::iter::repeat_n(at, f.len_utf8()));
        }
    }
    offsets.push(text.len());
    let taken: Vec<(usize, usize, bool)> = finder
        .find_iter(&folded)
        .map(|m| (m.start(), m.end(), labels.headings[m.pattern().as_usize()]))
        .collect();
    let valued = |end: usize| {
        folded[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "-/".contains(c))
    };
    if taken.iter().filter(|t| valued(t.1)).count() < MIN_VALUED {
        return vec![text];
    }
    let starts: Vec<usize> = taken.iter().map(|t| t.0).collect();
    let mut cuts: Vec<usize> = Vec::new();
    for &(start, end, heading) in &taken {
        if heading || valued(end) || starts.binary_search(&end).is_ok() {
            cuts.push(offsets[start]);
        }
        if heading {
            cuts.push(offsets[end]);
        }
    }
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts {
        if cut > from {
            pieces.push(&text[from..cut]);
            from = cut;
        }
    }
    pieces.push(&text[from..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_run_together_splits_at_its_labels() {
        let text = format!(
            "{}一、总体情况全年共收到申请5件。二、主动公开政府信息情况{}三、本年度办理结果（一）予以公开270020130（二）部分公开（区分处理的，只计这一情形，不计其他情形）500000 5（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000",
            "某区2021年度政府信息公开工作年度报告。".repeat(10),
            "规章000行政规范性文件12311",
        );
        let pieces = split(&text);
        assert!(pieces.contains(&"一、总体情况"), "{pieces:#?}");
        assert!(pieces.contains(&"全年共收到申请5件。"), "{pieces:#?}");
        assert!(pieces.contains(&"规章000"), "{pieces:#?}");
        assert!(pieces.contains(&"（一）予以公开270020130"), "{pieces:#?}");
        assert!(pieces.contains(&"（三）不予公开"), "{pieces:#?}");
        assert!(pieces.contains(&"1.属于国家秘密0000000"), "{pieces:#?}");
        assert!(
            pieces.contains(&"2.其他法律行政法规禁止公开0000000"),
            "{pieces:#?}"
        );
    }

    #[test]
    fn labels_inside_sentences_stay() {
        let text = "本年度共办理行政许可事项，行政处罚案件依法公开。".repeat(20);
        assert_eq!(split(&text), vec![text.as_str()]);
    }
}
