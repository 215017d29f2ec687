//! Rules on the narrative: counts it states against the tables (TEXT-TABLE), and how
//! much of it repeats last year's (TEXT-REPEAT).

use rust_decimal::Decimal;

use crate::format::{Amounts, Format, Narrative, Repeat, Statement};
use crate::model::Report;

/// A count stated in the narrative, bound to the words written before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact<'a> {
    /// The id of the section it was read from.
    pub section: &'a str,
    /// Where the number starts in its section (a byte offset).
    pub at: usize,
    /// The clause it was read from, as written.
    pub clause: &'a str,
    /// Its own label: the words since the clause began or the count before it.
    pub label: &'a str,
    /// Its sentence up to the number.
    pub context: &'a str,
    /// The number stated.
    pub count: Decimal,
    /// Its counting unit.
    pub unit: &'a str,
    /// The verb (of any statement's context) written last before it in its sentence,
    /// as an index into the narrative's verbs.
    pub verb: Option<usize>,
}

/// Every count the narrative sections of `report` state that says something checkable
/// about this report: numbers in quotation marks, approximate ones, ones whose label or
/// the rest of their clause holds a `skip` word (同比, 备案, %…), and ones said of a
/// wider area or another body than the report's agency are left out.
pub fn facts<'a>(n: &Narrative, report: &'a Report) -> Vec<Fact<'a>> {
    facts_where(n, report, |_| true)
}

/// [`facts`] of the sentences (in sections) for which `wanted` holds.
fn facts_where<'a>(
    n: &Narrative,
    report: &'a Report,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Fact<'a>> {
    let level = government_level(n, &report.agency);
    let mut out = Vec::new();
    for id in report.format().narrative_ids() {
        let text = report.section(id);
        if !wanted(text) {
            continue;
        }
        let section = SectionText {
            id,
            text,
            quoted: quoted_bytes(n, text),
        };
        for (s_start, sentence) in pieces(text, &n.sentences, 0) {
            if !wanted(sentence) {
                continue;
            }
            for (c_start, clause) in pieces(sentence, &n.clauses, s_start) {
                clause_facts(n, &section, s_start, c_start, clause, &mut out);
            }
        }
    }
    out.retain(|f| said_of_the_report(n, level, &report.agency, f.context));
    out
}

/// A narrative section being read.
struct SectionText<'a> {
    id: &'a str,
    text: &'a str,
    /// Which bytes of `text` are inside quotation marks.
    quoted: Vec<bool>,
}

/// Splits `text` at any of `ends` (kept with the piece before), with each piece's byte
/// offset in the section (`base` is `text`'s own).
fn pieces<'a>(text: &'a str, ends: &[char], base: usize) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if ends.contains(&c) {
            out.push((base + start, &text[start..i]));
            start = i + c.len_utf8();
        }
    }
    out.push((base + start, &text[start..]));
    out
}

/// Which bytes of `text` are inside quotation marks.
fn quoted_bytes(n: &Narrative, text: &str) -> Vec<bool> {
    let mut inside = vec![false; text.len()];
    let mut open: Vec<char> = Vec::new();
    for (i, c) in text.char_indices() {
        if open.last() == Some(&c) {
            open.pop();
        } else if let Some(&(_, close)) = n.quotes.iter().find(|(o, _)| *o == c) {
            open.push(close);
        } else if !open.is_empty() {
            inside[i..i + c.len_utf8()].fill(true);
        }
    }
    inside
}

/// The counts of one clause (`c_start`: its offset in the section's text).
fn clause_facts<'a>(
    n: &Narrative,
    section: &SectionText<'a>,
    s_start: usize,
    c_start: usize,
    clause: &'a str,
    out: &mut Vec<Fact<'a>>,
) {
    let (text, quoted) = (section.text, &section.quoted);
    let c_end = c_start + clause.len();
    let mut label_start = c_start;
    let mut at = c_start;
    while let Some((ns, ne, arabic)) = next_number(text, at, c_end) {
        at = ne;
        if quoted[ns] || text[..ns].ends_with('第') {
            continue;
        }
        let after = ne + text[ne..c_end].len() - text[ne..c_end].trim_start().len();
        let Some(unit) = n
            .units
            .iter()
            .find(|u| text[after..c_end].starts_with(u.as_str()))
        else {
            // A bare Arabic number (a year, a share, a phone number) ends the label of
            // the count after it; a word such as 一 in 进一步 does not.
            if arabic {
                label_start = ne;
            }
            continue;
        };
        let unit_end = after + unit.len();
        let label = &text[label_start..ns];
        label_start = unit_end;
        at = unit_end;
        let rest = &text[unit_end..c_end];
        let tail = &rest[..rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len())];
        let Some(count) = value(&text[ns..ne]) else {
            continue;
        };
        let skipped = n
            .skip
            .iter()
            .any(|w| label.contains(w.as_str()) || tail.contains(w.as_str()));
        let approximate = n.approximate.iter().any(|w| label.ends_with(w.as_str()));
        if skipped || approximate {
            continue;
        }
        let context = &text[s_start..ns];
        out.push(Fact {
            section: section.id,
            at: ns,
            clause: clause.trim(),
            label,
            context,
            count,
            unit: &text[after..unit_end],
            verb: nearest_verb(n, context),
        });
    }
}

/// The next number in `text[from..to]`: its byte range and whether it is written in
/// Arabic digits.
fn next_number(text: &str, from: usize, to: usize) -> Option<(usize, usize, bool)> {
    let (start, first) = text[from..to]
        .char_indices()
        .find(|(_, c)| numeral(*c).is_some())?;
    let start = from + start;
    let arabic = first.is_ascii_digit() || ('０'..='９').contains(&first);
    let mut end = start;
    for (i, c) in text[start..to].char_indices() {
        let digit = if arabic {
            c.is_ascii_digit() || ('０'..='９').contains(&c)
        } else {
            numeral(c).is_some() && !c.is_ascii_digit()
        };
        // A decimal point between digits belongs to the number (70.3%).
        let point = arabic
            && c == '.'
            && text[start + i + 1..to]
                .chars()
                .next()
                .is_some_and(|d| d.is_ascii_digit());
        if !(digit || point) {
            break;
        }
        end = start + i + c.len_utf8();
    }
    Some((start, end, arabic))
}

/// The level (`市`, `县`, `区`…) of the government `agency` names, or `None` for a
/// department (or an agency not given).
fn government_level(n: &Narrative, agency: &str) -> Option<char> {
    let agency = agency.trim();
    let place = n
        .government
        .iter()
        .find_map(|g| agency.strip_suffix(g.as_str()))
        .unwrap_or(agency);
    let last = place.chars().last()?;
    n.wide.iter().any(|w| w.ends_with(last)).then_some(last)
}

/// Whether a count whose sentence up to it is `context` is said of the report's agency:
/// not of a whole area wider than it (全市 in a department's report), nor of a part of it
/// or another body (区政府办 in the district government's).
fn said_of_the_report(n: &Narrative, level: Option<char>, agency: &str, context: &str) -> bool {
    let wider = n
        .wide
        .iter()
        .any(|w| context.contains(w.as_str()) && w.chars().last() != level);
    let other = n.parts.iter().any(|names| {
        names.iter().any(|p| context.contains(p.as_str()))
            && !names.iter().any(|p| agency.contains(p.as_str()))
    });
    !wider && !other
}

/// Whether `fact` states `st`'s count: its unit is one of the statement's, its label
/// holds a word of every group and none of `unless`, and the nearest verb before it
/// is one of the statement's `context`.
pub fn binds(n: &Narrative, st: &Statement, fact: &Fact) -> bool {
    st.units.iter().any(|u| u == fact.unit)
        && st
            .words
            .iter()
            .all(|g| g.iter().any(|w| fact.label.contains(w.as_str())))
        && !st.unless.iter().any(|w| fact.label.contains(w.as_str()))
        && (st.context.is_empty() || fact.verb.is_some_and(|v| st.context.contains(&n.verbs[v])))
}

/// The verb (of any statement's context) written last in `context`, by its index.
fn nearest_verb(n: &Narrative, context: &str) -> Option<usize> {
    n.verbs
        .iter()
        .enumerate()
        .filter_map(|(i, v)| context.rfind(v.as_str()).map(|at| (at + v.len(), i)))
        .max_by_key(|(end, _)| *end)
        .map(|(_, i)| i)
}

fn numeral(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        '十' => Some(10),
        '百' => Some(100),
        _ => None,
    }
}

/// `12`, `１２`, `1.5`, `十二`, `二十三`, `一百零五`.
fn value(text: &str) -> Option<Decimal> {
    let chars: Vec<char> = text.chars().collect();
    if chars
        .iter()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || *c == '.')
    {
        let digits: String = chars
            .iter()
            .map(|&c| match c {
                '.' => '.',
                _ => char::from_digit(numeral(c).unwrap_or(0), 10).unwrap_or('0'),
            })
            .collect();
        return digits.parse::<Decimal>().ok();
    }
    let (mut total, mut digit) = (0u64, 0u64);
    for c in &chars {
        match numeral(*c)? {
            n @ (10 | 100) => {
                total += digit.max(1) * u64::from(n);
                digit = 0;
            }
            n => digit = u64::from(n),
        }
    }
    Some(Decimal::from(total + digit))
}

/// The sum of `cells` in the report, if every one holds a number written there (a
/// blank cell says nothing the narrative could disagree with).
pub fn table_sum(report: &Report, cells: &[usize]) -> Option<Decimal> {
    cells.iter().try_fold(Decimal::ZERO, |s, &i| {
        Some(s + report.reading_at(i).written_number()?)
    })
}

/// An amount of money the narrative states (see [`Amounts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedAmount<'a> {
    /// The id of the section it is written in.
    pub section: &'a str,
    /// Its clause, as written.
    pub clause: &'a str,
    /// The amount as written (`3940元`, `0.4万元（4000元）`), or `0元（未收取）` for a
    /// phrase stating there is none.
    pub written: String,
    /// The amount in the base unit (the one counted 1).
    pub value: Decimal,
}

/// Every statement of the amount `a` in the narrative of `report`, in the order written:
/// amounts in a sentence naming `a.subject`, labelled with one of `a.words`, with none of
/// `a.unless` in the sentence before them; and clauses stating there is none (`a.none`) that state no count.
pub fn amounts<'a>(a: &Amounts, report: &'a Report) -> Vec<StatedAmount<'a>> {
    let n = &a.reading;
    let has = |text: &str, words: &[String]| words.iter().any(|w| text.contains(w.as_str()));
    let base = a
        .units
        .iter()
        .find(|(_, scale)| *scale == Decimal::ONE)
        .map_or("", |(u, _)| u.as_str());
    // Only sentences naming what is paid are read.
    let about = |text: &str| has(text, &a.subject);
    let facts = facts_where(n, report, about);
    let mut out: Vec<(usize, StatedAmount<'a>)> = Vec::new();
    for f in &facts {
        let Some((_, scale)) = a.units.iter().find(|(u, _)| u == f.unit) else {
            continue;
        };
        // `unless` is looked for in the whole sentence up to the amount: 「其中向1名申请人
        // 收取100元」 is a part even though its label starts after 「1名」.
        if !(has(f.context, &a.subject) || has(f.label, &a.subject))
            || !has(f.label, &a.words)
            || has(f.context, &a.unless)
        {
            continue;
        }
        let value = f.count * scale;
        let mut written = format!("{}{}", f.count.normalize(), f.unit);
        if *scale != Decimal::ONE {
            written.push_str(&format!("（{}{base}）", value.normalize()));
        }
        out.push((
            f.at,
            StatedAmount {
                section: f.section,
                clause: f.clause,
                written,
                value,
            },
        ));
    }
    let level = government_level(n, &report.agency);
    let sentences = report.format().narrative_ids().flat_map(|id| {
        let text = report.section(id);
        let sentences = if about(text) {
            pieces(text, &n.sentences, 0)
        } else {
            Vec::new()
        };
        sentences
            .into_iter()
            .map(move |(start, s)| (id, text, start, s))
    });
    for (id, text, s_start, sentence) in sentences.filter(|(.., s)| about(s)) {
        for (c_start, clause) in pieces(sentence, &n.clauses, s_start) {
            let Some((at, phrase)) = a
                .none
                .iter()
                .find_map(|w| clause.find(w.as_str()).map(|at| (c_start + at, w)))
            else {
                continue;
            };
            let context = &text[s_start..c_start + clause.len()];
            let before = &text[c_start..at];
            let counts = facts
                .iter()
                .any(|f| f.section == id && (c_start..c_start + clause.len()).contains(&f.at));
            if !about(context)
                || has(before, &a.unless)
                || has(clause, &n.skip)
                || counts
                || !said_of_the_report(n, level, &report.agency, context)
            {
                continue;
            }
            out.push((
                at,
                StatedAmount {
                    section: id,
                    clause: clause.trim(),
                    written: format!("0{base}（{phrase}）"),
                    value: Decimal::ZERO,
                },
            ));
        }
    }
    // In the order written: sections in the format's order, then by place.
    let order: Vec<&str> = report.format().narrative_ids().collect();
    out.sort_by_key(|(at, s)| (order.iter().position(|id| *id == s.section), *at));
    out.into_iter().map(|(_, s)| s).collect()
}

/// One narrative section measured against last year's narrative (TEXT-REPEAT's measure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repetition {
    /// The section's id.
    pub section: String,
    /// Characters that count: sentences of 8 characters or more, less the template's
    /// own wording; stock sentences do not count.
    pub counted: usize,
    /// Of those, the characters of sentences also in last year's narrative.
    pub repeated: usize,
    /// Characters of the compared sentences left out as the template's wording or stock
    /// phrases.
    pub discounted: usize,
    /// The repeated sentences, as written (without spaces), in order.
    pub passages: Vec<String>,
}

impl Repetition {
    /// The repeated share of the counted text, in percent; `None` when nothing counts.
    pub fn share(&self) -> Option<u32> {
        (self.counted > 0).then(|| u32::try_from(self.repeated * 100 / self.counted).ok())?
    }
}

/// The sentences of a narrative text: split where `repeat` says a sentence ends, spaces
/// dropped, the shortest left out.
fn sentences<'a>(text: &'a str, repeat: &'a Repeat) -> impl Iterator<Item = String> + 'a {
    text.split(repeat.sentences.as_slice())
        .map(|s| s.split_whitespace().collect::<String>())
        .filter(|s| s.chars().count() >= repeat.min_sentence)
}

/// Characters of `sentence` that are its own: 0 for a stock sentence, else those left
/// once the template's wording is taken out (0 when shorter than the shortest sentence
/// compared).
fn own_chars(sentence: &str, repeat: &Repeat) -> usize {
    if repeat.stock.iter().any(|w| sentence.contains(w.as_str())) {
        return 0;
    }
    let template: usize = repeat.template_finder().map_or(0, |t| {
        t.find_iter(sentence)
            .map(|m| sentence[m.range()].chars().count())
            .sum()
    });
    let own = sentence.chars().count() - template;
    if own < repeat.min_sentence { 0 } else { own }
}

/// Each narrative section of this year's `report` against the whole of last year's
/// narrative: a sentence is repeated when last year's narrative has it word for word.
/// The template's own wording and stock phrases (`repeat`) are discounted.
pub fn repetition(
    format: &Format,
    repeat: &Repeat,
    report: &Report,
    prior: &Report,
) -> Vec<Repetition> {
    let last: foldhash::HashSet<String> = prior
        .format()
        .narrative_ids()
        .flat_map(|id| sentences(prior.section(id), repeat))
        .collect();
    format
        .narrative_ids()
        .map(|id| {
            let mut r = Repetition {
                section: id.to_owned(),
                counted: 0,
                repeated: 0,
                discounted: 0,
                passages: Vec::new(),
            };
            for sentence in sentences(report.section(id), repeat) {
                let own = own_chars(&sentence, repeat);
                r.counted += own;
                r.discounted += sentence.chars().count() - own;
                if own > 0 && last.contains(&sentence) {
                    r.repeated += own;
                    r.passages.push(sentence);
                }
            }
            r
        })
        .collect()
}

/// The share (percent) of this year's narrative text made of sentences that also appear
/// in last year's (see [`repetition`]); `None` when there is too little narrative to say.
pub fn repeated_share(
    format: &Format,
    repeat: &Repeat,
    report: &Report,
    prior: &Report,
) -> Option<u32> {
    overall_share(&repetition(format, repeat, report, prior), repeat)
}

/// The repeated share (percent) of the whole narrative from its sections' measures;
/// `None` when fewer characters count than `repeat` needs to say anything.
pub fn overall_share(sections: &[Repetition], repeat: &Repeat) -> Option<u32> {
    let total: usize = sections.iter().map(|r| r.counted).sum();
    if total == 0 || total < repeat.min_total {
        return None;
    }
    let repeated: usize = sections.iter().map(|r| r.repeated).sum();
    u32::try_from(repeated * 100 / total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_and_digits() {
        let v = |t: &str| value(t).map(|d| d.to_string());
        assert_eq!(v("12").as_deref(), Some("12"));
        assert_eq!(v("１２").as_deref(), Some("12"));
        assert_eq!(v("70.3").as_deref(), Some("70.3"));
        assert_eq!(v("两").as_deref(), Some("2"));
        assert_eq!(v("二十三").as_deref(), Some("23"));
        assert_eq!(v("一百零五").as_deref(), Some("105"));
        let text = "进一步公开12.5万元，第二十条";
        let (s, e, arabic) = next_number(text, 0, text.len()).expect("一");
        assert_eq!((&text[s..e], arabic), ("一", false));
        let (s, e, arabic) = next_number(text, e, text.len()).expect("12.5");
        assert_eq!((&text[s..e], arabic), ("12.5", true));
    }
}
