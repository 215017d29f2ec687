//! The shape of a format file in `assets/formats/*.ron`, exactly as written there.
//!
//! These types are deserialised from RON and then checked and expanded by
//! [`crate::format::compile`]; the GUI and the exporters read the layout from them.

use serde::Deserialize;

/// One official report format (e.g. 国办公开办函〔2021〕30号), as written in its RON file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Format")]
pub struct FormatSpec {
    /// Stable id, e.g. `"2021"`; equals the file stem.
    pub id: String,
    /// Display name, e.g. `2021版（国办公开办函〔2021〕30号）`.
    pub name: String,
    /// First report year this format applies to.
    pub first_year: i32,
    /// Last report year this format applies to (`None`: still current).
    #[serde(default)]
    pub last_year: Option<i32>,
    /// Words printed only in this format's tables (column headers, row labels): a
    /// published document that uses them is read in this format, whatever its year.
    #[serde(default)]
    pub wording: Vec<String>,
    /// The six sections, in order.
    pub sections: Vec<Section>,
    /// The statutory tables.
    pub tables: Vec<Table>,
    /// Consistency rules, blocking ones first.
    pub rules: Vec<RuleSpec>,
}

/// A numbered section of the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id (`overview`, `problems`, `other_matters` for narratives).
    pub id: String,
    /// Chinese ordinal, e.g. `一`.
    pub number: String,
    /// Heading without the ordinal, e.g. `总体情况`.
    pub title: String,
    /// What the section holds.
    pub content: SectionContent,
}

impl Section {
    /// The heading as printed: `一、总体情况`.
    pub fn heading(&self) -> String {
        format!("{}、{}", self.number, self.title)
    }
}

/// What a section holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum SectionContent {
    /// Free text written by the clerk.
    Narrative,
    /// One of the statutory tables, by table id.
    Table(String),
}

/// A statutory table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Stable id: `t2`, `t3`, `t4`.
    pub id: String,
    /// Short name used in messages, e.g. `表三`.
    pub name: String,
    /// Caption printed in the template above the table, if any.
    #[serde(default)]
    pub caption: Option<String>,
    /// Header spanning all value columns (e.g. `申请人情况`).
    #[serde(default)]
    pub column_header: Option<String>,
    /// How the official template lays the table out.
    pub layout: Layout,
    /// Which way up a page printing the table alone (a workbook sheet) is turned: the
    /// wide tables (表三, 表四) are printed across an A4 sheet turned on its side.
    #[serde(default)]
    pub orientation: Orientation,
    /// Blocks of rows sharing one set of columns.
    pub blocks: Vec<Block>,
}

/// How the official template lays a table out (used by the GUI and exporters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Layout {
    /// Blocks one under the other, each with its own header row (table 2).
    Stacked,
    /// Rows down, columns across (table 3).
    Grid,
    /// Every row printed side by side as a group of columns, one line of numbers (table 4).
    SingleRow,
}

/// Which way up a page is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Orientation {
    /// Upright (the default).
    #[default]
    Portrait,
    /// On its side.
    Landscape,
}

/// Rows that share one set of columns. Table 2 has one block per article-20 item;
/// tables 3 and 4 have a single block without id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Block id that becomes part of the cell key (`t2.<block>.<row>.<column>`).
    #[serde(default)]
    pub id: Option<String>,
    /// Block heading, e.g. `第二十条第（一）项`.
    #[serde(default)]
    pub label: String,
    /// Header of the label column, e.g. `信息内容`.
    #[serde(default)]
    pub row_header: String,
    /// Value columns.
    pub columns: Vec<Column>,
    /// Data rows and the headings between them.
    pub rows: Vec<RowEntry>,
}

/// A value column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Stable id.
    pub id: String,
    /// Header text as printed.
    pub label: String,
    /// Header of the column group this column belongs to (e.g. `法人或其他组织`).
    #[serde(default)]
    pub parent: Option<String>,
    /// What the cells of this column hold.
    pub kind: ValueKind,
}

/// What a number cell holds; decides how its text is read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum ValueKind {
    /// A non-negative whole number.
    Count,
    /// A whole number that may carry a sign (`+3`, `-8`).
    SignedCount,
    /// A non-negative amount of money, possibly with decimals, in the given unit if the
    /// template prints one.
    Money {
        /// Unit printed in the header (`万元`), if any.
        #[serde(default)]
        unit: Option<String>,
    },
}

/// A line of a block: a data row or a heading that holds no numbers.
#[derive(Debug, Clone, Deserialize)]
pub enum RowEntry {
    /// A row of value cells.
    Row(Row),
    /// A heading line such as `三、本年度办理结果`.
    Heading(Heading),
}

/// A data row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Stable id.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// Shorter label for messages (defaults to `label`).
    #[serde(default)]
    pub short: Option<String>,
    /// Other wordings of the label that published reports use (`规范性文件` for 2021's
    /// `行政规范性文件`), matched when reading them.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Label of the group this row belongs to when printed as columns (table 4: `行政诉讼`).
    #[serde(default)]
    pub parent: Option<String>,
    /// Indentation level under the headings above it.
    #[serde(default)]
    pub level: u8,
}

impl Table {
    /// Every label the table prints: its blocks' labels and row headers, column labels,
    /// heading lines and every wording of its rows (duplicates possible).
    pub fn printed_labels(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().flat_map(|b| {
            let rows = b
                .rows
                .iter()
                .flat_map(|e| -> Box<dyn Iterator<Item = &str>> {
                    match e {
                        RowEntry::Row(r) => Box::new(r.wordings()),
                        RowEntry::Heading(h) => Box::new(std::iter::once(h.label.as_str())),
                    }
                });
            [b.label.as_str(), b.row_header.as_str()]
                .into_iter()
                .chain(b.columns.iter().map(|c| c.label.as_str()))
                .chain(rows)
        })
    }
}

impl Block {
    /// The data rows (not the headings), each with its index among the row entries.
    pub fn data_rows(&self) -> impl Iterator<Item = (usize, &Row)> {
        self.rows.iter().enumerate().filter_map(|(ri, e)| match e {
            RowEntry::Row(r) => Some((ri, r)),
            RowEntry::Heading(_) => None,
        })
    }
}

impl Row {
    /// The label to use in messages.
    pub fn short_label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.label)
    }

    /// Every wording the row may be printed with: its label, short label and aliases.
    pub fn wordings(&self) -> impl Iterator<Item = &str> {
        [self.label.as_str(), self.short_label()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A heading line between data rows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// Text as printed.
    pub label: String,
    /// Indentation level.
    #[serde(default)]
    pub level: u8,
}

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 强制性: the report is wrong.
    #[serde(alias = "Blocking")]
    Blocking,
    /// 核实性: may be right; the clerk should explain.
    #[serde(alias = "Verify")]
    Verify,
    /// 提示性: for information.
    #[serde(alias = "Info")]
    Info,
}

/// Where a rule looks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// 表内: within one table.
    #[serde(alias = "InTable")]
    InTable,
    /// 表间: across tables or the whole report.
    #[serde(alias = "CrossTable")]
    CrossTable,
    /// 跨期: against last year's report.
    #[serde(alias = "CrossYear")]
    CrossYear,
}

/// A rule as written in the format file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename = "Rule")]
pub struct RuleSpec {
    /// Rule id, e.g. `T3-BALANCE`.
    pub id: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Where it looks.
    pub scope: Scope,
    /// What it checks.
    pub check: CheckSpec,
    /// Message template in Chinese; placeholders depend on the check.
    pub message: String,
    /// For narrative counts: words that rule any clause out, whatever it counts (a
    /// number that is a rate, a change, a running total or someone else's: 同比, %, 累计,
    /// 备案…).
    #[serde(default)]
    pub skip: Vec<String>,
    /// For `Cells(Unit)`: what to tell the clerk about the words typed with a number
    /// (the `{reason}` of the message).
    #[serde(default)]
    pub advice: Option<UnitAdvice>,
}

/// What CELL-UNIT tells the clerk, by what was typed after the number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitAdvice {
    /// The unit the header prints, typed again.
    pub same: String,
    /// Another money unit than the header's (`{unit}`: the header's, `{words}`: typed).
    pub other: String,
    /// A money unit where the header prints none.
    pub unnamed: String,
    /// The word that makes typed words a money unit (`元`).
    pub money: String,
    /// Anything else.
    pub plain: String,
}

/// What a rule checks.
#[derive(Debug, Clone, Deserialize)]
pub enum CheckSpec {
    /// Compare two sums of cells: `left relation right`, once per item of `for_each`.
    ///
    /// Terms are cell keys, optionally prefixed with `-` (subtract) and/or `prior:` (last
    /// year's report); `{var}` is replaced by each item id of `for_each`.
    /// Message placeholders: `{left}`, `{right}`, `{diff}` and `{var}` (the item's label).
    Sum {
        /// Items to repeat the check for.
        #[serde(default)]
        for_each: Option<Iteration>,
        /// Terms of the left side (the total, usually).
        left: Vec<String>,
        /// Terms of the right side (its parts).
        right: Vec<String>,
        /// How the sides must compare.
        relation: Relation,
        /// The cell most likely wrong when the check fails.
        suspect: String,
    },
    /// Flag every cell whose text reads as this class. Placeholders: `{cell}`, `{text}`,
    /// `{value}`, `{reason}`.
    Cells(CellClass),
    /// The format must be the one that applies to the report year.
    /// Placeholders: `{year}`, `{format}`, `{expected}`.
    FormatYear,
    /// Every section must have content. Placeholder: `{section}`.
    SectionPresent,
    /// Counts stated in the narrative compared with the tables (TEXT-TABLE): each number
    /// of a sentence is bound to its own label (the words since the clause began or the
    /// number before it). Placeholders: `{sentence}`, `{what}`, `{stated}`, `{table}`.
    NarrativeCounts(NarrativeSpec),
    /// The narrative repeats last year's: more than `percent` % of its text is sentences
    /// found in last year's narrative (TEXT-REPEAT). Placeholders: `{share}`.
    /// The rule's `skip` words mark stock sentences (统计期限, 以下简称…), which are not
    /// counted; the template's own wording (its headings and labels, and `wording`) is
    /// discounted from every sentence.
    NarrativeRepeat {
        /// Share of repeated text, in percent, above which the finding is given.
        percent: u32,
        /// Words of the template's guidance that reports write as sub-headings
        /// (主动公开情况, 监督保障…), discounted like its labels.
        #[serde(default)]
        wording: Vec<String>,
        /// Characters that end a sentence.
        sentences: String,
        /// Sentences shorter than this (in characters, spaces left out) are stock
        /// phrases, not compared.
        min_sentence: usize,
        /// Below this many characters of narrative (in the compared sentences) there is
        /// too little to say.
        min_total: usize,
    },
    /// A section must speak of something the tables or the rest of the narrative show
    /// (FEE-TEXT): any of `cells` above 0, or any of `mentioned` written in another
    /// narrative section, while `section` holds none of `words`.
    /// Placeholders: `{because}`, `{section}`.
    SectionSpeaksOf {
        /// The section that must speak of it.
        section: String,
        /// Any of these in the section counts as speaking of it.
        words: Vec<String>,
        /// Cells whose value above 0 calls for it.
        #[serde(default)]
        cells: Vec<String>,
        /// Words that call for it when written in another section.
        #[serde(default)]
        mentioned: Vec<String>,
    },
    /// An amount the narrative states in more than one place, which must agree
    /// (FEE-AMOUNT: the 信息处理费 collected). Placeholders: `{what}`, `{sentence}`,
    /// `{stated}`, `{other_sentence}`, `{other}`.
    NarrativeAmounts(AmountSpec),
    /// Publication no later than `month`/`day` of the year after the report year.
    /// Placeholders: `{date}`, `{deadline}`.
    Deadline {
        /// Month of the deadline in the following year.
        month: u32,
        /// Day of the deadline.
        day: u32,
    },
}

/// How the narrative is read for counts (TEXT-TABLE), and the counts it may state.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Narrative")]
pub struct NarrativeSpec {
    /// Counting units a stated count may end with, longest first where one is the start
    /// of another (a statement may narrow them).
    pub units: Vec<String>,
    /// Characters that end a sentence (the context a number is read in).
    pub sentences: String,
    /// Characters that end a clause within a sentence (a label never crosses them).
    pub clauses: String,
    /// Quotation pairs (`“”`, `《》`): a number inside is part of a name, not a count.
    #[serde(default)]
    pub quotes: Vec<String>,
    /// Words written right before a number that make it approximate (`近`, `约`).
    #[serde(default)]
    pub approximate: Vec<String>,
    /// Words naming a whole area (`全市`, `全县`): a count said of it is this report's
    /// only when the report is that area's government.
    #[serde(default)]
    pub wide: Vec<String>,
    /// Endings of an agency's name that make it a government (`人民政府`): what is left
    /// ends with its level (`…区` for `全区`). An agency ending with a level alone
    /// (`平潭综合实验区`) is one too.
    #[serde(default)]
    pub government: Vec<String>,
    /// Groups of names for a part of an agency or another body (`政府办`, `各部门`): a
    /// count said of one is not the report's, unless the agency's name holds a name of
    /// the group.
    #[serde(default)]
    pub parts: Vec<Vec<String>>,
    /// The counts.
    pub statements: Vec<StatementSpec>,
}

/// A count the narrative may state, and the cells it must agree with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Statement")]
pub struct StatementSpec {
    /// What is counted, as the message says it (`收到的政府信息公开申请`).
    pub what: String,
    /// Groups of words: a number states this count when its own label (the words since
    /// the clause began or the number before it) holds a word of every group.
    pub words: Vec<Vec<String>>,
    /// Verbs of which one must be the nearest verb (of any statement's `context`)
    /// before the number in its sentence: `制发` in 「制发规章3件、行政规范性文件564件」
    /// for the second count.
    #[serde(default)]
    pub context: Vec<String>,
    /// Words that rule a label out (`上年` for this year's new applications).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Counting units this count may be written with (default: the narrative's).
    #[serde(default)]
    pub units: Vec<String>,
    /// Cell keys whose sum the count is compared with.
    pub cells: Vec<String>,
    /// Other sums the count may mean as the words are used (「受理申请」: new ones alone,
    /// or with last year's carried over): any that agrees is enough.
    #[serde(default)]
    pub also: Vec<Vec<String>>,
}

/// An amount of money the narrative may state in several places (信息处理费 in section 三
/// and again in 六): each statement is read as the rule `read_as` reads counts, and every
/// one must agree with the first in `section` (or with the first of all when `section`
/// states none).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Amount")]
pub struct AmountSpec {
    /// What is stated, as the message says it (`实际收取的信息处理费`).
    pub what: String,
    /// The `NarrativeCounts` rule whose reading of the narrative (sentences, clauses,
    /// quotations, areas and parts, `skip` words) this one shares.
    pub read_as: String,
    /// The narrative section whose statement the others are compared with.
    pub section: String,
    /// Words naming what is paid (`信息处理费`): one must be written in the sentence up to
    /// the amount.
    pub subject: Vec<String>,
    /// Units of money and how many of the first each is (`("元", 1), ("万元", 10000)`).
    pub units: Vec<(String, u32)>,
    /// Words of which the amount's own label must hold one (`收取`).
    pub words: Vec<String>,
    /// Words that rule a label out (`通知`: the amount of a fee notice; `其中`: a part).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Phrases that state the amount is nothing (`未收取`), read in a clause that states
    /// no count or amount.
    #[serde(default)]
    pub none: Vec<String>,
}

/// Items a sum check is repeated for.
#[derive(Debug, Clone, Deserialize)]
pub enum Iteration {
    /// Every column of a table's block (`block: None` for a table without block ids).
    Columns {
        /// Placeholder name.
        var: String,
        /// Table id.
        table: String,
        /// Block id, for tables with blocks.
        #[serde(default)]
        block: Option<String>,
    },
    /// Every data row of the given blocks of a table (all blocks when `blocks` is empty).
    /// Item ids are `<block>.<row>` for blocks with ids, `<row>` otherwise.
    Rows {
        /// Placeholder name.
        var: String,
        /// Table id.
        table: String,
        /// Block ids to include.
        #[serde(default)]
        blocks: Vec<String>,
    },
}

/// How the two sides of a sum check must compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Relation {
    /// left = right
    Equal,
    /// left ≤ right
    AtMost,
}

/// Classes of cell text that a `Cells` check flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CellClass {
    /// Text that yields no usable number (`abc`, `-3` in a count, `1.5` in a count).
    Invalid,
    /// Blank or a placeholder for nothing (`/`, `-`, `—`, `无`).
    Blank,
    /// A usable number with a unit or words around it (`8次`, `251000元`).
    Unit,
}
