//! Checking a format file and expanding it into the form the rule engine runs.
//!
//! Every cell key is resolved to an index once, here, so validating a report is a walk
//! over vectors. Any inconsistency in the file is an error naming the file and line.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use foldhash::HashMap;
use rust_decimal::Decimal;

use super::grid::CellGrid;
use super::schema::{
    AmountSpec, CellClass, CheckSpec, FormatSpec, Iteration, NarrativeSpec, Relation, RowEntry,
    RuleSpec, Scope, SectionContent, Severity, UnitAdvice,
};
use super::{CellDef, Format, FormatError};

/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Rule id, e.g. `T3-BALANCE`.
    pub id: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Where it looks.
    pub scope: Scope,
    /// Message template.
    pub message: String,
    /// What it checks.
    pub check: Check,
    /// For `Cells(Unit)`: what to tell the clerk.
    pub advice: Option<UnitAdvice>,
}

/// A rule's check with every key resolved.
#[derive(Debug, Clone)]
pub enum Check {
    /// One comparison per item of the rule's `for_each`.
    Sum(Vec<SumCheck>),
    /// Flag every cell of this class.
    Cells(CellClass),
    /// The format must match the report year.
    FormatYear,
    /// Every section must have content.
    SectionPresent,
    /// Counts stated in the narrative against the tables.
    NarrativeCounts(Narrative),
    /// Narrative repeating last year's beyond a share.
    NarrativeRepeat(Repeat),
    /// A section that must speak of what cells or other sections show.
    SectionSpeaksOf(SpeaksOf),
    /// An amount the narrative states in several places, which must agree.
    NarrativeAmounts(Amounts),
    /// Publication deadline in the year after the report year.
    Deadline {
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
}

/// What a section must speak of (see [`CheckSpec::SectionSpeaksOf`]), cells resolved.
#[derive(Debug, Clone)]
pub struct SpeaksOf {
    /// The section's id.
    pub section: String,
    /// Words that count as speaking of it.
    pub words: Vec<String>,
    /// Cells whose value above 0 calls for it.
    pub cells: Vec<usize>,
    /// Words that call for it when written in another section.
    pub mentioned: Vec<String>,
}

/// An amount of money the narrative may state in several places (see
/// [`crate::format::AmountSpec`]), with the reading of the narrative it shares.
#[derive(Debug, Clone)]
pub struct Amounts {
    /// What is stated.
    pub what: String,
    /// The narrative read as its `read_as` rule reads it, with the units of money among
    /// the counting units (and no statements of its own).
    pub reading: Narrative,
    /// The section whose statement the others are compared with.
    pub section: String,
    /// Words naming what is paid.
    pub subject: Vec<String>,
    /// Units of money, longest first, with how many of the base unit each is.
    pub units: Vec<(String, Decimal)>,
    /// Words of which the label must hold one.
    pub words: Vec<String>,
    /// Words that rule a label out.
    pub unless: Vec<String>,
    /// Phrases stating that the amount is nothing.
    pub none: Vec<String>,
}

/// How the narrative is read for counts (see [`crate::format::NarrativeSpec`]), cells
/// resolved and the rule's `skip` words joined in.
#[derive(Debug, Clone)]
pub struct Narrative {
    /// Every counting unit any statement counts in, longest first.
    pub units: Vec<String>,
    /// Characters that end a sentence.
    pub sentences: Vec<char>,
    /// Characters that end a clause.
    pub clauses: Vec<char>,
    /// Quotation pairs (opening, closing).
    pub quotes: Vec<(char, char)>,
    /// Words that make the number right after them approximate.
    pub approximate: Vec<String>,
    /// Words that rule out a number whose label or the rest of its clause holds them.
    pub skip: Vec<String>,
    /// Words naming a whole area.
    pub wide: Vec<String>,
    /// Endings of a government's name.
    pub government: Vec<String>,
    /// Groups of names for a part of an agency or another body.
    pub parts: Vec<Vec<String>>,
    /// Every statement's context verbs: the nearest before a number decides its context.
    pub verbs: Vec<String>,
    /// The counts.
    pub statements: Vec<Statement>,
}

/// A count the narrative may state (see [`crate::format::StatementSpec`]), with its
/// cells resolved.
#[derive(Debug, Clone)]
pub struct Statement {
    /// What is counted.
    pub what: String,
    /// Groups of words the label must hold one of each.
    pub words: Vec<Vec<String>>,
    /// Verbs of which one must be the nearest before the number.
    pub context: Vec<String>,
    /// Words that rule a label out.
    pub unless: Vec<String>,
    /// Counting units it may be written with.
    pub units: Vec<String>,
    /// Cell indices summed for the comparison.
    pub cells: Vec<usize>,
    /// Other sums it may mean.
    pub also: Vec<Vec<usize>>,
}

/// How repeated narrative is measured (TEXT-REPEAT; see [`CheckSpec::NarrativeRepeat`]).
#[derive(Debug, Clone, Default)]
pub struct Repeat {
    /// Share of repeated text, in percent, above which the finding is given.
    pub percent: u32,
    /// Words that make a sentence a stock phrase, not counted.
    pub stock: Vec<String>,
    /// The template's own wording (section titles, table labels, guidance words),
    /// discounted from every sentence.
    pub template: Vec<String>,
    /// `template` as one automaton, longest first; built when first used (a DFA of about
    /// 1 MB, needed only when a narrative is compared with last year's).
    pub(crate) finder: OnceLock<Option<AhoCorasick>>,
    /// Characters that end a sentence.
    pub sentences: Vec<char>,
    /// Shortest sentence compared, in characters (once the template's wording is
    /// discounted).
    pub min_sentence: usize,
    /// Fewest characters of counted narrative to say anything.
    pub min_total: usize,
}

impl Repeat {
    /// The template's wording of `spec`, with `extra` words (the sentence limits are
    /// left for the caller to set).
    fn new(spec: &FormatSpec, percent: u32, stock: &[String], extra: &[String]) -> Repeat {
        let mut words: Vec<&str> = extra.iter().map(String::as_str).collect();
        for s in &spec.sections {
            words.push(&s.title);
        }
        for t in &spec.tables {
            words.push(&t.name);
            words.extend(t.printed_labels());
        }
        words.retain(|w| w.chars().count() >= 2);
        words.sort_unstable();
        words.dedup();
        Repeat {
            percent,
            stock: stock.to_vec(),
            template: words.into_iter().map(str::to_owned).collect(),
            finder: OnceLock::new(),
            sentences: Vec::new(),
            min_sentence: 0,
            min_total: 0,
        }
    }

    /// The automaton finding the template's wording (`None` if it cannot be built).
    pub fn template_finder(&self) -> Option<&AhoCorasick> {
        self.finder
            .get_or_init(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&self.template)
                    .ok()
            })
            .as_ref()
    }
}

/// One comparison of two sums.
#[derive(Debug, Clone)]
pub struct SumCheck {
    /// Terms of the left side.
    pub left: Vec<Term>,
    /// Terms of the right side.
    pub right: Vec<Term>,
    /// How the sides must compare.
    pub relation: Relation,
    /// Index of the cell most likely wrong.
    pub suspect: usize,
    /// The rule's message with the item label filled in.
    pub message: String,
}

impl SumCheck {
    /// Whether any term reads last year's report.
    pub fn needs_prior(&self) -> bool {
        self.left.iter().chain(&self.right).any(|t| t.prior)
    }
}

/// One cell in a sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Subtract instead of add.
    pub negative: bool,
    /// Read the cell from last year's report (same key).
    pub prior: bool,
    /// Index of the cell in this format.
    pub cell: usize,
}

/// Parses and checks one format file. `file` names it in errors.
pub fn compile(file: &str, source: &str) -> Result<Format, FormatError> {
    let spec: FormatSpec = ron::Options::default()
        .from_str(source)
        .map_err(|e| FormatError {
            file: file.to_owned(),
            line: Some(e.span.start.line),
            message: format!("RON 语法或结构错误：{}", e.code),
        })?;
    let ctx = Ctx { file, source };
    check_header(&ctx, &spec)?;
    let cells = layout_cells(&ctx, &spec)?;
    let index: HashMap<String, usize> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.clone(), i))
        .collect();
    let mut rule_ids = HashSet::new();
    let mut rules = Vec::with_capacity(spec.rules.len());
    for rule in &spec.rules {
        if !rule_ids.insert(rule.id.as_str()) {
            return Err(ctx.dup("规则", &rule.id));
        }
        rules.push(compile_rule(&ctx, &spec, &index, rule)?);
    }
    let grid = CellGrid::build(&spec.tables, &cells);
    Ok(Format {
        spec,
        cells,
        index,
        grid,
        rules,
    })
}

/// The file being compiled, for error messages.
struct Ctx<'a> {
    file: &'a str,
    source: &'a str,
}

impl Ctx<'_> {
    /// An error located at the `nth` (0-based) quoted occurrence of `needle`.
    fn err_at(&self, needle: &str, nth: usize, message: String) -> FormatError {
        FormatError {
            file: self.file.to_owned(),
            line: line_of(self.source, needle, nth),
            message,
        }
    }

    fn err(&self, needle: &str, message: String) -> FormatError {
        self.err_at(needle, 0, message)
    }

    fn dup(&self, what: &str, id: &str) -> FormatError {
        self.err_at(id, 1, format!("{what} id「{id}」重复"))
    }
}

/// 1-based line of the `nth` occurrence of `"needle"` (quoted, as ids are written).
pub(super) fn line_of(source: &str, needle: &str, nth: usize) -> Option<usize> {
    let quoted = format!("\"{needle}\"");
    let pos = source
        .match_indices(quoted.as_str())
        .nth(nth)
        .or_else(|| source.match_indices(needle).nth(nth))?
        .0;
    Some(source[..pos].matches('\n').count() + 1)
}

fn check_header(ctx: &Ctx, spec: &FormatSpec) -> Result<(), FormatError> {
    if let Some(last) = spec.last_year
        && last < spec.first_year
    {
        return Err(ctx.err(
            "last_year",
            format!("last_year（{last}）早于 first_year（{}）", spec.first_year),
        ));
    }
    let mut ids = HashSet::new();
    for s in &spec.sections {
        if !ids.insert(s.id.as_str()) {
            return Err(ctx.dup("章节", &s.id));
        }
    }
    let mut table_ids = HashSet::new();
    for t in &spec.tables {
        if !table_ids.insert(t.id.as_str()) {
            return Err(ctx.dup("表格", &t.id));
        }
    }
    let mut used = HashSet::new();
    for s in &spec.sections {
        if let SectionContent::Table(t) = &s.content {
            if !table_ids.contains(t.as_str()) {
                return Err(ctx.err(t, format!("章节「{}」引用了不存在的表格「{t}」", s.id)));
            }
            if !used.insert(t.as_str()) {
                return Err(ctx.err_at(t, 1, format!("表格「{t}」被多个章节引用")));
            }
        }
    }
    if let Some(t) = spec.tables.iter().find(|t| !used.contains(t.id.as_str())) {
        return Err(ctx.err(&t.id, format!("表格「{}」不属于任何章节", t.id)));
    }
    Ok(())
}

/// Lists every cell of every table in display order, checking ids on the way.
fn layout_cells(ctx: &Ctx, spec: &FormatSpec) -> Result<Vec<CellDef>, FormatError> {
    let mut cells = Vec::new();
    let mut keys = HashSet::new();
    for (ti, table) in spec.tables.iter().enumerate() {
        if table.blocks.len() > 1 && table.blocks.iter().any(|b| b.id.is_none()) {
            return Err(ctx.err(
                &table.id,
                format!("表格「{}」有多个块，每个块都需要 id", table.id),
            ));
        }
        let mut block_ids = HashSet::new();
        for (bi, block) in table.blocks.iter().enumerate() {
            if let Some(id) = &block.id
                && !block_ids.insert(id.as_str())
            {
                return Err(ctx.dup("块", id));
            }
            let mut col_ids = HashSet::new();
            for c in &block.columns {
                if !col_ids.insert(c.id.as_str()) {
                    return Err(ctx.dup("列", &c.id));
                }
            }
            let mut row_ids = HashSet::new();
            for (ri, entry) in block.rows.iter().enumerate() {
                let RowEntry::Row(row) = entry else { continue };
                if !row_ids.insert(row.id.as_str()) {
                    return Err(ctx.dup("行", &row.id));
                }
                for (ci, col) in block.columns.iter().enumerate() {
                    let key = match &block.id {
                        Some(b) => format!("{}.{b}.{}.{}", table.id, row.id, col.id),
                        None => format!("{}.{}.{}", table.id, row.id, col.id),
                    };
                    if !keys.insert(key.clone()) {
                        return Err(ctx.err(&row.id, format!("单元格键「{key}」重复")));
                    }
                    cells.push(CellDef {
                        key,
                        table: ti,
                        block: bi,
                        row: ri,
                        column: ci,
                        kind: col.kind.clone(),
                    });
                }
            }
        }
    }
    Ok(cells)
}

/// The indices of cell `keys` a rule names; an unknown key is an error.
fn resolve(
    ctx: &Ctx,
    index: &HashMap<String, usize>,
    rule: &str,
    keys: &[String],
) -> Result<Vec<usize>, FormatError> {
    keys.iter()
        .map(|k| {
            index
                .get(k)
                .copied()
                .ok_or_else(|| ctx.err(k, format!("规则「{rule}」引用了不存在的单元格「{k}」")))
        })
        .collect()
}

/// Placeholders each kind of check fills in its message (besides a `for_each` var).
fn placeholders(check: &CheckSpec) -> &'static [&'static str] {
    match check {
        CheckSpec::Sum { .. } => &["left", "right", "diff"],
        CheckSpec::Cells(_) => &["cell", "text", "value", "reason"],
        CheckSpec::FormatYear => &["year", "format", "expected"],
        CheckSpec::SectionPresent => &["section"],
        CheckSpec::Deadline { .. } => &["date", "deadline"],
        CheckSpec::NarrativeCounts(_) => &["sentence", "what", "stated", "table"],
        CheckSpec::NarrativeRepeat { .. } => &["share"],
        CheckSpec::SectionSpeaksOf { .. } => &["because", "section"],
        CheckSpec::NarrativeAmounts(_) => {
            &["what", "sentence", "stated", "other_sentence", "other"]
        }
    }
}

fn compile_rule(
    ctx: &Ctx,
    spec: &FormatSpec,
    index: &HashMap<String, usize>,
    rule: &RuleSpec,
) -> Result<Rule, FormatError> {
    let var = match &rule.check {
        CheckSpec::Sum {
            for_each: Some(Iteration::Columns { var, .. } | Iteration::Rows { var, .. }),
            ..
        } => Some(var.as_str()),
        _ => None,
    };
    for name in placeholder_names(&rule.message) {
        if !placeholders(&rule.check).contains(&name) && Some(name) != var {
            return Err(ctx.err(
                &rule.id,
                format!("规则「{}」的消息中有未知占位符 {{{name}}}", rule.id),
            ));
        }
    }
    let check = match &rule.check {
        CheckSpec::Sum {
            for_each,
            left,
            right,
            relation,
            suspect,
        } => {
            let items = match for_each {
                Some(it) => iteration_items(ctx, spec, &rule.id, it)?,
                None => vec![(String::new(), String::new())],
            };
            let mut checks = Vec::with_capacity(items.len());
            for (item, label) in &items {
                let expand = |t: &str| match var {
                    Some(v) => t.replace(&format!("{{{v}}}"), item),
                    None => t.to_owned(),
                };
                let terms = |side: &[String]| -> Result<Vec<Term>, FormatError> {
                    side.iter()
                        .map(|t| parse_term(ctx, index, &rule.id, t, &expand(t)))
                        .collect()
                };
                let suspect_term = parse_term(ctx, index, &rule.id, suspect, &expand(suspect))?;
                if suspect_term.prior || suspect_term.negative {
                    return Err(ctx.err(suspect, "suspect 必须是本年报告的单元格".into()));
                }
                let message = match var {
                    Some(v) => rule.message.replace(&format!("{{{v}}}"), label),
                    None => rule.message.clone(),
                };
                checks.push(SumCheck {
                    left: terms(left)?,
                    right: terms(right)?,
                    relation: *relation,
                    suspect: suspect_term.cell,
                    message,
                });
            }
            Check::Sum(checks)
        }
        CheckSpec::Cells(class) => Check::Cells(*class),
        CheckSpec::FormatYear => Check::FormatYear,
        CheckSpec::SectionPresent => Check::SectionPresent,
        CheckSpec::NarrativeCounts(spec) => {
            Check::NarrativeCounts(narrative(ctx, index, rule, spec)?)
        }
        CheckSpec::NarrativeRepeat {
            percent,
            wording,
            sentences,
            min_sentence,
            min_total,
        } => {
            if *percent > 100 {
                return Err(ctx.err(
                    &rule.id,
                    format!("规则「{}」的比例应在 0–100 之间", rule.id),
                ));
            }
            Check::NarrativeRepeat(Repeat {
                sentences: sentences.chars().collect(),
                min_sentence: *min_sentence,
                min_total: *min_total,
                ..Repeat::new(spec, *percent, &rule.skip, wording)
            })
        }
        CheckSpec::SectionSpeaksOf {
            section,
            words,
            cells,
            mentioned,
        } => {
            let narrative = spec
                .sections
                .iter()
                .any(|s| s.id == *section && s.content == SectionContent::Narrative);
            if !narrative || words.is_empty() || (cells.is_empty() && mentioned.is_empty()) {
                return Err(ctx.err(
                    &rule.id,
                    format!(
                        "规则「{}」应指明一个叙述部分、它应提到的词，以及触发的单元格或词",
                        rule.id
                    ),
                ));
            }
            Check::SectionSpeaksOf(SpeaksOf {
                section: section.clone(),
                words: words.clone(),
                cells: resolve(ctx, index, &rule.id, cells)?,
                mentioned: mentioned.clone(),
            })
        }
        CheckSpec::NarrativeAmounts(a) => {
            Check::NarrativeAmounts(amounts(ctx, spec, index, rule, a)?)
        }
        CheckSpec::Deadline { month, day } => {
            if !(1..=12).contains(month) || !(1..=31).contains(day) {
                return Err(ctx.err(&rule.id, format!("规则「{}」的期限日期无效", rule.id)));
            }
            Check::Deadline {
                month: *month,
                day: *day,
            }
        }
    };
    if matches!(check, Check::Cells(CellClass::Unit)) && rule.advice.is_none() {
        return Err(ctx.err(
            &rule.id,
            format!("规则「{}」缺少给填报人的建议（advice）", rule.id),
        ));
    }
    Ok(Rule {
        id: rule.id.clone(),
        severity: rule.severity,
        scope: rule.scope,
        message: rule.message.clone(),
        check,
        advice: rule.advice.clone(),
    })
}

/// Units sorted longest first, so that `万元` is tried before `元`.
fn longest_first(units: &[String]) -> Vec<String> {
    let mut units = units.to_vec();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    units
}

/// Compiles an amount stated in several places (FEE-AMOUNT): the narrative read as the
/// `read_as` rule reads it, with the units of money counted as units and this rule's
/// `skip` words joined in.
fn amounts(
    ctx: &Ctx,
    spec: &FormatSpec,
    index: &HashMap<String, usize>,
    rule: &RuleSpec,
    a: &AmountSpec,
) -> Result<Amounts, FormatError> {
    let narrative_section = spec
        .sections
        .iter()
        .any(|s| s.id == a.section && s.content == SectionContent::Narrative);
    if !narrative_section || a.subject.is_empty() || a.units.is_empty() || a.words.is_empty() {
        return Err(ctx.err(
            &rule.id,
            format!(
                "规则「{}」应指明一个叙述部分、所述事项的名称、金额单位和关键词",
                rule.id
            ),
        ));
    }
    let read_as = spec.rules.iter().find_map(|r| match &r.check {
        CheckSpec::NarrativeCounts(n) if r.id == a.read_as => Some((r, n)),
        _ => None,
    });
    let Some((counts_rule, counts)) = read_as else {
        return Err(ctx.err(
            &a.read_as,
            format!(
                "规则「{}」的 read_as「{}」应为一条叙述计数规则",
                rule.id, a.read_as
            ),
        ));
    };
    let mut reading = narrative(ctx, index, counts_rule, counts)?;
    reading.statements.clear();
    reading.skip.extend(rule.skip.iter().cloned());
    let mut units: Vec<(String, Decimal)> = a
        .units
        .iter()
        .map(|(u, scale)| (u.clone(), Decimal::from(*scale)))
        .collect();
    units.sort_by_key(|(u, _)| std::cmp::Reverse(u.len()));
    for (u, _) in &units {
        if !reading.units.contains(u) {
            reading.units.push(u.clone());
        }
    }
    reading.units = longest_first(&reading.units);
    Ok(Amounts {
        what: a.what.clone(),
        reading,
        section: a.section.clone(),
        subject: a.subject.clone(),
        units,
        words: a.words.clone(),
        unless: a.unless.clone(),
        none: a.none.clone(),
    })
}

/// Compiles TEXT-TABLE's reading of the narrative: cells resolved, units longest first,
/// the rule's `skip` words joined in.
fn narrative(
    ctx: &Ctx,
    index: &HashMap<String, usize>,
    rule: &RuleSpec,
    spec: &NarrativeSpec,
) -> Result<Narrative, FormatError> {
    if spec.units.is_empty() {
        return Err(ctx.err(&rule.id, format!("规则「{}」缺少计数单位", rule.id)));
    }
    let mut statements = Vec::with_capacity(spec.statements.len());
    for st in &spec.statements {
        if st.words.is_empty() || st.words.iter().any(Vec::is_empty) || st.cells.is_empty() {
            return Err(ctx.err(
                &rule.id,
                format!("规则「{}」的「{}」缺少关键词或单元格", rule.id, st.what),
            ));
        }
        let mut also = Vec::with_capacity(st.also.len());
        for cells in &st.also {
            also.push(resolve(ctx, index, &rule.id, cells)?);
        }
        let units = if st.units.is_empty() {
            &spec.units
        } else {
            &st.units
        };
        statements.push(Statement {
            what: st.what.clone(),
            words: st.words.clone(),
            context: st.context.clone(),
            unless: st.unless.clone(),
            units: longest_first(units),
            cells: resolve(ctx, index, &rule.id, &st.cells)?,
            also,
        });
    }
    let mut quotes = Vec::with_capacity(spec.quotes.len());
    for pair in &spec.quotes {
        let mut chars = pair.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(open), Some(close), None) => quotes.push((open, close)),
            _ => {
                return Err(ctx.err(
                    &rule.id,
                    format!("规则「{}」的引号「{pair}」应为一对字符", rule.id),
                ));
            }
        }
    }
    // Every unit any statement counts in is read as one, so that a number is never
    // taken for a bare one because its unit is another statement's.
    let mut units = spec.units.clone();
    let mut verbs: Vec<String> = Vec::new();
    for st in &spec.statements {
        for u in &st.units {
            if !units.contains(u) {
                units.push(u.clone());
            }
        }
        for v in &st.context {
            if !verbs.contains(v) {
                verbs.push(v.clone());
            }
        }
    }
    Ok(Narrative {
        units: longest_first(&units),
        sentences: spec.sentences.chars().collect(),
        clauses: spec.clauses.chars().collect(),
        quotes,
        approximate: spec.approximate.clone(),
        skip: rule.skip.clone(),
        wide: spec.wide.clone(),
        government: spec.government.clone(),
        parts: spec.parts.clone(),
        verbs,
        statements,
    })
}

/// Names between braces in a message template.
fn placeholder_names(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// `(id, label)` of each item a rule is repeated for.
fn iteration_items(
    ctx: &Ctx,
    spec: &FormatSpec,
    rule: &str,
    it: &Iteration,
) -> Result<Vec<(String, String)>, FormatError> {
    let (table_id, blocks_wanted): (&str, Vec<Option<&str>>) = match it {
        Iteration::Columns { table, block, .. } => (table, vec![block.as_deref()]),
        Iteration::Rows { table, blocks, .. } => {
            (table, blocks.iter().map(|b| Some(b.as_str())).collect())
        }
    };
    let table = spec
        .tables
        .iter()
        .find(|t| t.id == table_id)
        .ok_or_else(|| {
            ctx.err(
                table_id,
                format!("规则「{rule}」引用了不存在的表格「{table_id}」"),
            )
        })?;
    let find_block = |id: Option<&str>| {
        table
            .blocks
            .iter()
            .find(|b| b.id.as_deref() == id)
            .ok_or_else(|| {
                let id = id.unwrap_or("");
                ctx.err(
                    id,
                    format!("规则「{rule}」引用了表格「{table_id}」中不存在的块「{id}」"),
                )
            })
    };
    let mut items = Vec::new();
    match it {
        Iteration::Columns { .. } => {
            let block = match blocks_wanted[0] {
                None if table.blocks.len() == 1 => &table.blocks[0],
                id => find_block(id)?,
            };
            for c in &block.columns {
                items.push((c.id.clone(), c.label.clone()));
            }
        }
        Iteration::Rows { blocks, .. } => {
            let chosen: Vec<_> = if blocks.is_empty() {
                table.blocks.iter().collect()
            } else {
                blocks_wanted
                    .iter()
                    .map(|b| find_block(*b))
                    .collect::<Result<_, _>>()?
            };
            for block in chosen {
                for entry in &block.rows {
                    if let RowEntry::Row(row) = entry {
                        let id = match &block.id {
                            Some(b) => format!("{b}.{}", row.id),
                            None => row.id.clone(),
                        };
                        items.push((id, row.short_label().to_owned()));
                    }
                }
            }
        }
    }
    Ok(items)
}

/// Parses `[-][prior:]key` after placeholder expansion.
fn parse_term(
    ctx: &Ctx,
    index: &HashMap<String, usize>,
    rule: &str,
    written: &str,
    expanded: &str,
) -> Result<Term, FormatError> {
    let (negative, rest) = match expanded.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, expanded.strip_prefix('+').unwrap_or(expanded)),
    };
    let (prior, key) = match rest.strip_prefix("prior:") {
        Some(k) => (true, k),
        None => (false, rest),
    };
    let cell = *index.get(key).ok_or_else(|| {
        ctx.err(
            written,
            format!("规则「{rule}」引用了不存在的单元格「{key}」（写作「{written}」）"),
        )
    })?;
    Ok(Term {
        negative,
        prior,
        cell,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = include_str!("../../assets/formats/2021.ron");

    fn error_of(source: &str) -> FormatError {
        match compile("test.ron", source) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn builtin_files_compile() {
        let f = compile("2021.ron", GOOD).expect("2021 compiles");
        // table 2: 2×3 + 1 + 2 + 1; table 3: 25×7; table 4: 3×5
        assert_eq!(f.cells().len(), 10 + 175 + 15);
    }

    #[test]
    fn unknown_cell_in_rule_names_file_and_line() {
        let bad = GOOD.replace("\"t3.carried_over.{col}\"]", "\"t3.carried_ovr.{col}\"]");
        let e = error_of(&bad);
        assert!(e.message.contains("t3.carried_ovr.natural_person"), "{e}");
        let line = e.line.expect("line");
        assert!(
            bad.lines()
                .nth(line - 1)
                .unwrap_or("")
                .contains("carried_ovr")
        );
        assert!(e.to_string().starts_with("test.ron:"));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let bad = GOOD.replace("Row(id: \"coercion\"", "Row(id: \"punishment\"");
        let e = error_of(&bad);
        assert!(
            e.message.contains("punishment") && e.message.contains("重复"),
            "{e}"
        );
        let bad = GOOD.replace("id: \"T3-TOTAL-COL\"", "id: \"T3-BALANCE\"");
        assert!(error_of(&bad).message.contains("T3-BALANCE"));
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let bad = GOOD.replacen("Column(id: \"issued\"", "Column(idd: \"issued\"", 1);
        let e = error_of(&bad);
        assert!(e.line.is_some() && e.message.contains("RON"), "{e}");
    }

    #[test]
    fn unknown_placeholder_and_table_are_refused() {
        let bad = GOOD.replace("相差 {diff}（如有修订可说明）", "相差 {dif}");
        assert!(error_of(&bad).message.contains("{dif}"));
        let bad = GOOD.replace(
            "Rows(var: \"group\", table: \"t4\")",
            "Rows(var: \"group\", table: \"t9\")",
        );
        assert!(error_of(&bad).message.contains("t9"));
    }

    #[test]
    fn rules_expand_per_item() {
        let f = compile("2021.ron", GOOD).expect("compiles");
        let balance = f.rule("T3-BALANCE").expect("rule");
        let Check::Sum(checks) = &balance.check else {
            panic!("sum")
        };
        assert_eq!(checks.len(), 7);
        assert!(checks[6].message.starts_with("表三 总计列"));
        assert_eq!(f.cell(checks[6].suspect).key, "t3.carry_forward.total");
    }
}
