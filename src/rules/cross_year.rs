//! The cross-year rules' checks one by one, for comparing two years: both sides of every
//! check that reads last year's report (上年结转 = 上年结转下年度, 现行有效 = 上年现行有效 +
//! 本年制发 − 本年废止, 2019's 上一年项目数量), whether it holds, or why it could not be made.

use rust_decimal::Decimal;

use super::engine::{Ctx, with_ctx};
use crate::format::{Check, Relation, Rule, Scope, SumCheck, Term};
use crate::model::{Reading, Report};

/// One check of a cross-year rule, made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCheck {
    /// Rule id, e.g. `T3-CARRY`.
    pub rule: String,
    /// The cell checked: `表三「二、上年结转申请」「总计」`.
    pub item: String,
    /// What must hold, in words: `本年…「二、上年结转申请」「总计」 = 上年…`.
    pub formula: String,
    /// Keys of this year's cells in it.
    pub cells: Vec<String>,
    /// Keys of last year's cells in it.
    pub prior_cells: Vec<String>,
    /// The left side's value, when it could be computed.
    pub left: Option<Decimal>,
    /// The right side's value, when it could be computed.
    pub right: Option<Decimal>,
    /// Whether it holds.
    pub outcome: YearOutcome,
}

/// How a cross-year check came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearOutcome {
    /// Both sides agree.
    Holds,
    /// They do not: the rule's message, with the numbers.
    Differs(String),
    /// It could not be made: why (a cell not read, not a number, or not in last year's
    /// format).
    Unchecked(String),
}

impl YearOutcome {
    /// Chinese name: 成立 / 不一致 / 无法核对.
    pub fn label(&self) -> &'static str {
        match self {
            YearOutcome::Holds => "成立",
            YearOutcome::Differs(_) => "不一致",
            YearOutcome::Unchecked(_) => "无法核对",
        }
    }
}

/// Every check of `report`'s cross-year sum rules against `prior`, last year's report,
/// in rule order. The same rules and arithmetic as [`super::validate`] with a prior.
pub fn cross_year(report: &Report, prior: &Report) -> Vec<YearCheck> {
    with_ctx(report, Some(prior), |ctx| {
        let mut out = Vec::new();
        for rule in ctx.format.rules() {
            if rule.scope != Scope::CrossYear {
                continue;
            }
            let Check::Sum(checks) = &rule.check else {
                continue;
            };
            for check in checks.iter().filter(|c| c.needs_prior()) {
                out.push(year_check(ctx, rule, check, (report.year, prior)));
            }
        }
        out
    })
}

/// One check; `year` is this year's report year.
fn year_check(
    ctx: &Ctx<'_>,
    rule: &Rule,
    check: &SumCheck,
    (year, prior): (i32, &Report),
) -> YearCheck {
    let format = ctx.format;
    let terms = || check.left.iter().chain(&check.right);
    let keys = |last: bool| -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for t in terms().filter(|t| t.prior == last) {
            let key = &format.cell(t.cell).key;
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        keys
    };
    // Last year's carry-over is this year's only between consecutive years: another
    // year's report proves nothing either way.
    let not_adjacent = (prior.year != year - 1).then(|| {
        format!(
            "上年报告为 {} 年度，本年报告为 {} 年度，并非相邻年度，不做跨期核对",
            prior.year, year
        )
    });
    let reasons: Vec<String> = not_adjacent
        .into_iter()
        .chain(terms().filter_map(|t| {
            let label = format.cell_label(t.cell);
            let reading = if t.prior {
                match prior.format().index_of(&format.cell(t.cell).key) {
                    Some(i) => prior.reading_at(i),
                    None => {
                        return Some(format!("上年报告（{}）没有{label}", prior.format().name()));
                    }
                }
            } else {
                ctx.readings[t.cell].clone()
            };
            let which = if t.prior { "上年" } else { "本年" };
            match reading {
                Reading::Unread => Some(format!("{which}报告{label}未能读取")),
                Reading::Invalid(_) => Some(format!("{which}报告{label}不是有效数字")),
                _ => None,
            }
        }))
        .collect();
    let (left, right) = (ctx.side(&check.left), ctx.side(&check.right));
    let outcome = if !reasons.is_empty() {
        YearOutcome::Unchecked(reasons.join("；"))
    } else {
        match ctx.sum(rule, check) {
            Some((finding, _)) => YearOutcome::Differs(finding.message),
            None => YearOutcome::Holds,
        }
    };
    let relation = match check.relation {
        Relation::Equal => "=",
        Relation::AtMost => "≤",
    };
    YearCheck {
        rule: rule.id.clone(),
        item: format.cell_label(check.suspect),
        formula: format!(
            "{} {relation} {}",
            side_words(ctx, &check.left),
            side_words(ctx, &check.right)
        ),
        cells: keys(false),
        prior_cells: keys(true),
        left: reasons.is_empty().then_some(left).flatten(),
        right: reasons.is_empty().then_some(right).flatten(),
        outcome,
    }
}

/// A side of a sum in words: `上年表三「四、结转下年度继续办理」「总计」 + 本年…`.
fn side_words(ctx: &Ctx<'_>, terms: &[Term]) -> String {
    let mut out = String::new();
    for (n, t) in terms.iter().enumerate() {
        match (n, t.negative) {
            (0, true) => out.push('−'),
            (0, false) => {}
            (_, true) => out.push_str(" − "),
            (_, false) => out.push_str(" + "),
        }
        out.push_str(if t.prior { "上年" } else { "本年" });
        out.push_str(&ctx.format.cell_label(t.cell));
    }
    out
}
