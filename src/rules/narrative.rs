//! Rules on the narrative: counts it states against the tables (TEXT-TABLE), and how
//! much of it repeats last year's (TEXT-REPEAT).

use rust_decimal::Decimal;

use crate::format::{Format, Repeat, Statement};
use crate::model::Report;

/// A count stated in the narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// The clause it was read from, as written.
    pub clause: String,
    /// The number stated.
    pub count: Decimal,
}

/// The clauses of every narrative section that may state a count (they hold a counting
/// unit): split at 。；;！？!? ， , and line breaks.
pub fn counting_clauses(report: &Report) -> Vec<&str> {
    report
        .format()
        .narrative_ids()
        .flat_map(|id| {
            report
                .section(id)
                .split(['。', '；', ';', '！', '？', '!', '?', '，', ',', '\n'])
                .map(str::trim)
                .filter(|c| c.contains(UNITS))
        })
        .collect()
}

/// Counting units a stated count ends with.
const UNITS: [char; 8] = ['件', '条', '个', '起', '项', '宗', '次', '份'];

/// The first of `clauses` that states `statement`'s count, and the count.
pub fn stated(clauses: &[&str], statement: &Statement) -> Option<Stated> {
    clauses.iter().find_map(|&clause| {
        if statement.unless.iter().any(|w| clause.contains(w.as_str())) {
            return None;
        }
        let mut after = 0;
        for group in &statement.words {
            let end = group
                .iter()
                .filter_map(|w| clause.find(w.as_str()).map(|at| at + w.len()))
                .min()?;
            after = after.max(end);
        }
        let rest = &clause[after..];
        // A count of several cells is every count listed after the words, added.
        let count = if statement.cells.len() > 1 {
            let counts = counts_in(rest);
            (!counts.is_empty()).then(|| counts.iter().sum())?
        } else {
            count_after(rest)?
        };
        Some(Stated {
            clause: clause.to_owned(),
            count,
        })
    })
}

/// Every count (a number with a counting unit) in `text`, in order.
fn counts_in(text: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((count, end)) = next_count(rest) {
        out.push(count);
        rest = &rest[end..];
    }
    out
}

/// The first number followed by a counting unit (件 条 个 起 项 宗 次 份) in `text`,
/// in Arabic (half- or full-width) or Chinese numerals.
fn count_after(text: &str) -> Option<Decimal> {
    next_count(text).map(|(c, _)| c)
}

/// The first count in `text` and the byte offset after its unit.
fn next_count(text: &str) -> Option<(Decimal, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && numeral(chars[i]).is_some() {
            i += 1;
        }
        // 第二十条 is an ordinal, not a count.
        let ordinal = start > 0 && chars[start - 1] == '第';
        if i > start && !ordinal {
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if j < chars.len() && UNITS.contains(&chars[j]) {
                let end: usize = chars[..=j].iter().map(|c| c.len_utf8()).sum();
                return Some((value(&chars[start..i])?, end));
            }
        } else if i == start {
            i += 1;
        }
    }
    None
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

/// `12`, `１２`, `十二`, `二十三`, `一百零五`.
fn value(chars: &[char]) -> Option<Decimal> {
    if chars
        .iter()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
    {
        let digits: String = chars
            .iter()
            .map(|c| char::from_digit(numeral(*c).unwrap_or(0), 10).unwrap_or('0'))
            .collect();
        return digits.parse::<u64>().ok().map(Decimal::from);
    }
    let (mut total, mut digit) = (0u64, 0u64);
    for c in chars {
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

/// The sum of `cells` in the report, if every one holds a number.
pub fn table_sum(report: &Report, cells: &[usize]) -> Option<Decimal> {
    cells.iter().try_fold(Decimal::ZERO, |s, &i| {
        Some(s + report.reading_at(i).value()?)
    })
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

/// Shortest sentence compared, in characters (what remains once the template's wording is
/// discounted must be as long).
const MIN_SENTENCE_CHARS: usize = 8;

/// The sentences of a narrative text: split at 。；！？ and line breaks, spaces dropped.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(['。', '；', '！', '？', '\n'])
        .map(|s| s.split_whitespace().collect::<String>())
        .filter(|s| s.chars().count() >= MIN_SENTENCE_CHARS)
}

/// Characters of `sentence` that are its own: 0 for a stock sentence, else those left
/// once the template's wording is taken out (0 when fewer than [`MIN_SENTENCE_CHARS`]).
fn own_chars(sentence: &str, repeat: &Repeat) -> usize {
    if repeat.stock.iter().any(|w| sentence.contains(w.as_str())) {
        return 0;
    }
    let template: usize = repeat.template.as_ref().map_or(0, |t| {
        t.find_iter(sentence)
            .map(|m| sentence[m.range()].chars().count())
            .sum()
    });
    let own = sentence.chars().count() - template;
    if own < MIN_SENTENCE_CHARS { 0 } else { own }
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
        .flat_map(|id| sentences(prior.section(id)))
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
            for sentence in sentences(report.section(id)) {
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
    overall_share(&repetition(format, repeat, report, prior))
}

/// The repeated share (percent) of the whole narrative from its sections' measures;
/// `None` when fewer than 100 characters count.
pub fn overall_share(sections: &[Repetition]) -> Option<u32> {
    let total: usize = sections.iter().map(|r| r.counted).sum();
    if total < 100 {
        return None;
    }
    let repeated: usize = sections.iter().map(|r| r.repeated).sum();
    u32::try_from(repeated * 100 / total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_words_and_digits() {
        assert_eq!(count_after("公开1件"), Some(Decimal::from(1)));
        assert_eq!(count_after("12 件，其中"), Some(Decimal::from(12)));
        assert_eq!(count_after("１２件"), Some(Decimal::from(12)));
        assert_eq!(count_after("两起"), Some(Decimal::from(2)));
        assert_eq!(count_after("二十三件"), Some(Decimal::from(23)));
        assert_eq!(count_after("一百零五条"), Some(Decimal::from(105)));
        assert_eq!(count_after("2021年共计"), None);
        assert_eq!(count_after("按时答复"), None);
        assert_eq!(count_after("依第二十条公开3件"), Some(Decimal::from(3)));
    }
}
