//! Every rule of the spec: a balanced report passes, and breaking one cell gives exactly
//! the expected findings with the right cells and values.

mod common;

use common::{balanced, bump, fixture};
use nianbao::model::{Date, Report};
use nianbao::rules::{Finding, Scope, Severity, validate};
use rust_decimal::Decimal;

/// (rule, suspect cell, actual, expected) of a finding, for compact assertions.
type Summary = (String, Option<String>, Option<i64>, Option<i64>);

fn summary(findings: &[Finding]) -> Vec<Summary> {
    let int = |d: Option<Decimal>| d.map(|d| i64::try_from(d).expect("whole number"));
    let mut s: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.suspect.clone(),
                int(f.actual),
                int(f.expected),
            )
        })
        .collect();
    s.sort();
    s
}

fn row(rule: &str, cell: &str, actual: i64, expected: i64) -> Summary {
    (
        rule.to_owned(),
        Some(cell.to_owned()),
        Some(actual),
        Some(expected),
    )
}

fn rules_of(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn samples_check_clean() {
    for name in ["2020_xiangtan_xinfangju.json", "2021_ankang_xinfangju.json"] {
        let r = fixture(name);
        let findings = validate(&r, None);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}

#[test]
fn balanced_reports_have_no_findings() {
    for (f, year) in [("2019", 2020), ("2021", 2021), ("2021", 2025)] {
        let r = balanced(f, year);
        assert_eq!(validate(&r, None), vec![], "{f}/{year}");
    }
}

#[test]
fn t3_balance_message_matches_the_clerks_wording() {
    let mut r = balanced("2021", 2021);
    // One more received application, entered in both the person column and the total.
    bump(&mut r, "t3.new_received.natural_person", 1);
    bump(&mut r, "t3.new_received.total", 1);
    let findings = validate(&r, None);
    let total = common::num(&r, "t3.new_received.total") + common::num(&r, "t3.carried_over.total");
    assert_eq!(
        summary(&findings),
        vec![
            balance_row(&r, "natural_person"),
            row(
                "T3-BALANCE",
                "t3.carry_forward.total",
                i64::from(total),
                i64::from(total) - 1
            ),
        ]
    );
    let f = findings
        .iter()
        .find(|f| f.suspect.as_deref() == Some("t3.carry_forward.total"))
        .expect("finding");
    assert_eq!(
        f.message,
        format!(
            "表三 总计列：一+二（{total}）≠ 三（七）+四（{}），相差 1",
            total - 1
        )
    );
    assert_eq!(f.severity, Severity::Blocking);
    assert_eq!(f.scope, Scope::InTable);
    assert_eq!(
        f.cells,
        [
            "t3.new_received.total",
            "t3.carried_over.total",
            "t3.total_processed.total",
            "t3.carry_forward.total"
        ]
    );
}

/// The T3-BALANCE finding expected for one column of the report.
fn balance_row(r: &Report, col: &str) -> Summary {
    let n = |k: &str| i64::from(common::num(r, &format!("t3.{k}.{col}")));
    let left = n("new_received") + n("carried_over");
    let right = n("total_processed") + n("carry_forward");
    row(
        "T3-BALANCE",
        &format!("t3.carry_forward.{col}"),
        left,
        right,
    )
}

#[test]
fn t3_total_row() {
    let mut r = balanced("2021", 2021);
    bump(&mut r, "t3.granted.research", 2);
    bump(&mut r, "t3.granted.total", 2);
    let findings = validate(&r, None);
    let total = i64::from(common::num(&r, "t3.total_processed.research"));
    assert_eq!(
        summary(&findings),
        vec![
            row(
                "T3-TOTAL-ROW",
                "t3.total_processed.research",
                total,
                total + 2
            ),
            row(
                "T3-TOTAL-ROW",
                "t3.total_processed.total",
                i64::from(common::num(&r, "t3.total_processed.total")),
                i64::from(common::num(&r, "t3.total_processed.total")) + 2
            )
        ]
    );
    assert!(
        findings[0]
            .cells
            .contains(&"t3.granted.research".to_owned())
            || findings[1]
                .cells
                .contains(&"t3.granted.research".to_owned())
    );
}

#[test]
fn t3_total_row_counts_the_three_other_rows_in_2021_and_one_in_2019() {
    let mut r = balanced("2021", 2021);
    bump(&mut r, "t3.other_overdue_fee.natural_person", 1);
    bump(&mut r, "t3.other_overdue_fee.total", 1);
    assert!(rules_of(&validate(&r, None)).contains(&"T3-TOTAL-ROW"));
    let mut r = balanced("2019", 2020);
    bump(&mut r, "t3.other_processing.natural_person", 1);
    bump(&mut r, "t3.other_processing.total", 1);
    assert!(rules_of(&validate(&r, None)).contains(&"T3-TOTAL-ROW"));
}

#[test]
fn t3_total_col() {
    let mut r = balanced("2021", 2021);
    bump(&mut r, "t3.denied_third_party.total", 1);
    bump(&mut r, "t3.total_processed.total", 1);
    bump(&mut r, "t3.new_received.total", 1);
    let v = |k: &str| i64::from(common::num(&r, k));
    assert_eq!(
        summary(&validate(&r, None)),
        vec![
            row(
                "T3-TOTAL-COL",
                "t3.denied_third_party.total",
                v("t3.denied_third_party.total"),
                v("t3.denied_third_party.total") - 1
            ),
            row(
                "T3-TOTAL-COL",
                "t3.new_received.total",
                v("t3.new_received.total"),
                v("t3.new_received.total") - 1
            ),
            row(
                "T3-TOTAL-COL",
                "t3.total_processed.total",
                v("t3.total_processed.total"),
                v("t3.total_processed.total") - 1
            ),
        ]
    );
}

#[test]
fn t4_total() {
    let mut r = balanced("2019", 2020);
    bump(&mut r, "t4.litigation_direct.total", 3);
    let v = common::num(&r, "t4.litigation_direct.total");
    let findings = validate(&r, None);
    assert_eq!(
        summary(&findings),
        vec![row(
            "T4-TOTAL",
            "t4.litigation_direct.total",
            i64::from(v),
            i64::from(v) - 3
        )]
    );
    assert!(
        findings[0]
            .message
            .starts_with("表四 行政诉讼（未经复议直接起诉）：总计"),
        "{}",
        findings[0].message
    );
}

#[test]
fn cell_number_takes_the_cell_out_of_every_sum() {
    let mut r = balanced("2021", 2021);
    for text in ["abc", "-1", "1.5", "3+2"] {
        r.set_cell("t3.granted.commercial", text).expect("key");
        let findings = validate(&r, None);
        assert_eq!(
            rules_of(&findings),
            ["CELL-NUMBER"],
            "{text}: {findings:#?}"
        );
        assert_eq!(findings[0].cells, ["t3.granted.commercial"]);
        assert!(findings[0].message.contains(text));
    }
}

#[test]
fn blank_where_zero_is_one_finding_and_keeps_the_text() {
    let mut r = balanced("2021", 2021);
    r.set_cell("t3.denied_admin_query.research", "0")
        .expect("key");
    common::fill_and_rebalance(&mut r);
    assert!(validate(&r, None).is_empty());
    for text in ["", "/", "-", "—", "无", "\u{3000}", "&nbsp;"] {
        r.set_cell("t3.denied_admin_query.research", text)
            .expect("key");
        let findings = validate(&r, None);
        assert_eq!(rules_of(&findings), ["CELL-BLANK"], "{text:?}");
        assert_eq!(findings[0].cells, ["t3.denied_admin_query.research"]);
        assert_eq!(r.cell("t3.denied_admin_query.research"), Some(text));
    }
}

#[test]
fn blank_where_a_number_was_also_breaks_its_sums_as_its_consequences() {
    let mut r = balanced("2021", 2021);
    r.set_cell("t3.granted.natural_person", "5").expect("key");
    common::fill_and_rebalance(&mut r);
    r.set_cell("t3.granted.natural_person", "/").expect("key");
    let findings = validate(&r, None);
    // One finding: the blank; the sums it breaks (each would hold with 5 there) under it.
    assert_eq!(rules_of(&findings), ["CELL-BLANK"]);
    let mut broken = rules_of(&findings[0].consequences);
    broken.sort_unstable();
    assert_eq!(broken, ["T3-TOTAL-COL", "T3-TOTAL-ROW"]);
    for c in &findings[0].consequences {
        assert_eq!(c.severity, Severity::Verify);
        let gap = c.expected.zip(c.actual).map(|(e, a)| (e - a).abs());
        assert_eq!(gap, Some(Decimal::from(5)), "{c:#?}");
    }
}

#[test]
fn cell_unit_uses_the_number() {
    let mut r = balanced("2021", 2021);
    let v = common::num(&r, "t3.granted.natural_person");
    r.set_cell("t3.granted.natural_person", format!("{v}件"))
        .expect("key");
    let findings = validate(&r, None);
    assert_eq!(rules_of(&findings), ["CELL-UNIT"]);
    assert_eq!(findings[0].actual, Some(Decimal::from(v)));
    assert_eq!(findings[0].severity, Severity::Verify);
    r.set_cell("t2.art20_8.fees.amount_wan", "3500元")
        .expect("key");
    let f = validate(&r, None);
    let fee = f
        .iter()
        .find(|f| f.cells == ["t2.art20_8.fees.amount_wan"])
        .expect("fee finding");
    assert!(fee.message.contains("万元"), "{}", fee.message);
}

#[test]
fn format_year() {
    let mut r = balanced("2019", 2020);
    r.year = 2023;
    let findings = validate(&r, None);
    assert_eq!(
        summary(&findings),
        vec![("FORMAT-YEAR".to_owned(), None, Some(2019), Some(2021))]
    );
    assert!(
        findings[0].message.contains("2023年度报告应使用2021版"),
        "{}",
        findings[0].message
    );
    let mut r = balanced("2021", 2021);
    r.year = 2020;
    assert_eq!(rules_of(&validate(&r, None)), ["FORMAT-YEAR"]);
}

#[test]
fn section_missing() {
    let mut r = balanced("2021", 2021);
    r.set_section("problems", "  \n");
    let findings = validate(&r, None);
    assert_eq!(rules_of(&findings), ["SECTION-MISSING"]);
    assert!(findings[0].message.contains("五、存在的主要问题及改进情况"));
}

#[test]
fn an_empty_table_is_one_finding_not_one_per_cell() {
    let mut r = balanced("2021", 2021);
    for g in ["review", "litigation_direct", "litigation_after_review"] {
        for c in ["upheld", "corrected", "other", "pending", "total"] {
            r.set_cell(&format!("t4.{g}.{c}"), "").expect("key");
        }
    }
    let findings = validate(&r, None);
    assert_eq!(rules_of(&findings), ["SECTION-MISSING"]);
    assert!(findings[0].message.starts_with("四、"));
}

#[test]
fn late_publication() {
    let mut r = balanced("2021", 2021);
    r.published = Date::new(2022, 1, 31);
    assert!(validate(&r, None).is_empty());
    r.published = Date::new(2022, 2, 1);
    let findings = validate(&r, None);
    assert_eq!(rules_of(&findings), ["LATE"]);
    assert!(findings[0].message.contains("2022-01-31"));
}

#[test]
fn t2_issued_le_in_force_2021() {
    let mut r = balanced("2021", 2021);
    r.set_cell("t2.art20_1.normative.issued", "5").expect("key");
    r.set_cell("t2.art20_1.normative.repealed", "1")
        .expect("key");
    r.set_cell("t2.art20_1.normative.in_force", "2")
        .expect("key");
    assert_eq!(
        summary(&validate(&r, None)),
        vec![row(
            "T2-ISSUED-LE-INFORCE",
            "t2.art20_1.normative.in_force",
            5,
            3
        )]
    );
}

#[test]
fn t2_new_le_total_2019() {
    let mut r = balanced("2019", 2019);
    r.set_cell("t2.art20_1.rules.published", "7").expect("key");
    r.set_cell("t2.art20_1.rules.total_public", "6")
        .expect("key");
    assert_eq!(
        summary(&validate(&r, None)),
        vec![row(
            "T2-NEW-LE-TOTAL",
            "t2.art20_1.rules.total_public",
            7,
            6
        )]
    );
}

#[test]
fn t3_carry_needs_last_year() {
    let prior = balanced("2019", 2020);
    let mut r = balanced("2021", 2021);
    // Without last year's report no cross-year rule runs.
    assert!(
        validate(&r, None)
            .iter()
            .all(|f| f.scope != Scope::CrossYear)
    );
    for c in common::t3_ids(r.format()).1 {
        let v = prior
            .cell(&format!("t3.carry_forward.{c}"))
            .expect("key")
            .to_owned();
        r.set_cell(&format!("t3.carried_over.{c}"), v).expect("key");
    }
    common::fill_and_rebalance(&mut r);
    assert!(
        validate(&r, Some(&prior)).is_empty(),
        "{:#?}",
        validate(&r, Some(&prior))
    );
    let mut prior2 = prior.clone();
    bump(&mut prior2, "t3.carry_forward.natural_person", 1);
    bump(&mut prior2, "t3.carry_forward.total", 1);
    let findings = validate(&r, Some(&prior2));
    assert_eq!(rules_of(&findings), ["T3-CARRY", "T3-CARRY"]);
    assert!(
        findings
            .iter()
            .all(|f| f.scope == Scope::CrossYear && f.severity == Severity::Verify)
    );
    assert_eq!(
        findings[0].suspect.as_deref(),
        Some("t3.carried_over.natural_person")
    );
}

#[test]
fn t2_valid_count_2021() {
    let mut prior = balanced("2021", 2021);
    prior
        .set_cell("t2.art20_1.rules.in_force", "10")
        .expect("key");
    let mut r = balanced("2021", 2022);
    r.set_cell("t2.art20_1.rules.issued", "3").expect("key");
    r.set_cell("t2.art20_1.rules.repealed", "1").expect("key");
    r.set_cell("t2.art20_1.rules.in_force", "12").expect("key");
    let cross: Vec<_> = validate(&r, Some(&prior))
        .into_iter()
        .filter(|f| f.rule == "T2-VALID-COUNT")
        .collect();
    assert!(
        cross
            .iter()
            .all(|f| f.suspect.as_deref() != Some("t2.art20_1.rules.in_force")),
        "{cross:#?}"
    );
    r.set_cell("t2.art20_1.rules.in_force", "13").expect("key");
    let cross: Vec<_> = validate(&r, Some(&prior))
        .into_iter()
        .filter(|f| f.suspect.as_deref() == Some("t2.art20_1.rules.in_force"))
        .collect();
    assert_eq!(
        summary(&cross),
        vec![row("T2-VALID-COUNT", "t2.art20_1.rules.in_force", 13, 12)]
    );
}

#[test]
fn t2_project_count_2019() {
    let mut prior = balanced("2019", 2019);
    prior
        .set_cell("t2.art20_6.punishment.prev_count", "20")
        .expect("key");
    prior
        .set_cell("t2.art20_6.punishment.change", "-3")
        .expect("key");
    let mut r = balanced("2019", 2020);
    r.set_cell("t2.art20_6.punishment.prev_count", "17")
        .expect("key");
    let ours = |r: &Report| -> Vec<Finding> {
        validate(r, Some(&prior))
            .into_iter()
            .filter(|f| f.suspect.as_deref() == Some("t2.art20_6.punishment.prev_count"))
            .collect()
    };
    assert!(ours(&r).is_empty());
    r.set_cell("t2.art20_6.punishment.prev_count", "20")
        .expect("key");
    assert_eq!(
        summary(&ours(&r)),
        vec![row(
            "T2-PROJECT-COUNT",
            "t2.art20_6.punishment.prev_count",
            20,
            17
        )]
    );
}

#[test]
fn finding_ids_are_stable() {
    let mut r = balanced("2021", 2021);
    bump(&mut r, "t4.review.total", 1);
    let f = validate(&r, None);
    assert_eq!(f[0].id(), "T4-TOTAL@t4.review.total");
}

#[test]
fn part_sums_show_what_each_total_should_hold() {
    let mut r = balanced("2021", 2021);
    let f = r.format().clone();
    let at = |k: &str| f.index_of(k).expect("key");
    let sums = nianbao::rules::part_sums(&r);
    // In a balanced report every total holds the sum of its parts.
    assert!(sums.len() >= 20, "{}", sums.len());
    for (i, sum) in &sums {
        assert_eq!(r.reading_at(*i).value(), Some(*sum), "{}", f.cell(*i).key);
    }
    bump(&mut r, "t3.granted.commercial", 2);
    let sums = nianbao::rules::part_sums(&r);
    let of = |k: &str| sums.iter().find(|(i, _)| *i == at(k)).map(|(_, s)| *s);
    let total = r
        .reading_at(at("t3.granted.total"))
        .value()
        .expect("number");
    assert_eq!(of("t3.granted.total"), Some(total + Decimal::from(2)));
    // A part that is not a number leaves its totals without a sum.
    r.set_cell("t3.granted.research", "见附件").expect("key");
    let sums = nianbao::rules::part_sums(&r);
    assert!(sums.iter().all(|(i, _)| *i != at("t3.granted.total")));
}

#[test]
fn counts_stated_in_the_narrative_are_compared_with_the_tables() {
    let mut r = fixture("2021_ankang_xinfangju.json");
    assert!(validate(&r, None).iter().all(|f| f.rule != "TEXT-TABLE"));
    // The overview says 共收到依申请公开1件; the table now says 3.
    r.set_cell("t3.new_received.natural_person", "3")
        .expect("key");
    r.set_cell("t3.new_received.total", "3").expect("key");
    let text = r.section("problems").to_owned();
    r.set_section(
        "problems",
        format!("{text}\n本年度发生行政复议两起，行政诉讼1件，结转下年度继续办理0件。"),
    );
    let findings = validate(&r, None);
    let text_table: Vec<&Finding> = findings.iter().filter(|f| f.rule == "TEXT-TABLE").collect();
    let about = |cell: &str| {
        text_table
            .iter()
            .find(|f| f.cells.iter().any(|c| c == cell))
            .unwrap_or_else(|| panic!("{cell}: {text_table:#?}"))
    };
    let f = about("t3.new_received.total");
    assert_eq!(
        (f.actual, f.expected),
        (Some(Decimal::from(1)), Some(Decimal::from(3)))
    );
    assert!(f.message.contains("收到依申请公开1件"), "{}", f.message);
    assert_eq!(f.severity, Severity::Verify);
    let f = about("t4.review.total");
    assert_eq!(f.actual, Some(Decimal::from(2)));
    assert!(
        about("t4.litigation_direct.total")
            .message
            .contains("行政诉讼1件")
    );
    // 结转下年度继续办理0件 agrees with the table: no finding.
    assert!(
        text_table
            .iter()
            .all(|f| !f.cells.contains(&"t3.carry_forward.total".to_owned()))
    );
}

#[test]
fn fees_the_report_shows_must_be_spoken_of_in_section_six() {
    let fee_text = |r: &Report| -> Vec<Finding> {
        validate(r, None)
            .into_iter()
            .filter(|f| f.rule == "FEE-TEXT")
            .collect()
    };
    // 2021: a fee amount in table 2 with section 六 silent about it.
    let mut r = fixture("2021_ankang_xinfangju.json");
    r.set_section("other_matters", "无其他需要报告的事项。");
    r.set_cell("t2.art20_8.fees.amount_wan", "0").expect("key");
    assert!(fee_text(&r).is_empty());
    r.set_cell("t2.art20_8.fees.amount_wan", "1.5")
        .expect("key");
    let found = fee_text(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, Severity::Verify);
    assert_eq!(f.cells, ["t2.art20_8.fees.amount_wan"]);
    assert_eq!(f.section.as_deref(), Some("other_matters"));
    assert_eq!(f.actual, Some(Decimal::new(15, 1)));
    assert!(f.message.contains("为 1.5"), "{}", f.message);
    assert!(
        f.message.contains("六、其他需要报告的事项"),
        "{}",
        f.message
    );
    // Saying anything about fees, even that none were charged, answers it.
    r.set_section("other_matters", "本年度未收取信息处理费。");
    assert!(fee_text(&r).is_empty());
    // 2019 (no fee amount in table 2): 信息处理费 mentioned elsewhere calls for it.
    let mut r = fixture("2020_xiangtan_xinfangju.json");
    r.set_section("other_matters", "无。");
    assert!(fee_text(&r).is_empty());
    let overview = r.section("overview").to_owned();
    r.set_section("overview", format!("{overview}依法按标准收取信息处理费。"));
    let found = fee_text(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("「信息处理费」"),
        "{}",
        found[0].message
    );
    assert!(found[0].cells.is_empty());
}

#[test]
fn a_fee_amount_stated_twice_must_agree_with_section_six() {
    let fee_amount = |overview: &str, six: &str| -> Vec<Finding> {
        let mut r = fixture("2021_ankang_xinfangju.json");
        r.set_section("overview", overview);
        r.set_section("other_matters", six);
        validate(&r, None)
            .into_iter()
            .filter(|f| f.rule == "FEE-AMOUNT")
            .collect()
    };
    // The wordings reports use, agreeing: silent.
    let agreeing = [
        (
            "全年收取政府信息公开信息处理费 3940 元。",
            "本年度共收取信息处理费3940元。",
        ),
        (
            "依法收取信息处理费0.5万元。",
            "2021年，收取信息处理费5000元。",
        ),
        ("本年度未收取信息处理费。", "2021年，无收取信息处理费情况。"),
        (
            "本年度没有产生信息公开处理费。",
            "按照《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。",
        ),
    ];
    for (overview, six) in agreeing {
        let found = fee_amount(overview, six);
        assert!(found.is_empty(), "{overview} / {six}: {found:#?}");
    }
    // Amounts that are something else: a fee notice, a part, a rate, last year's, the
    // standard quoted: silent beside 「未收取」.
    for overview in [
        "发出收费通知2件，收费通知金额200元。",
        "全年收取信息处理费300元，其中向1名申请人收取100元。",
        "按照100元/件的标准收取信息处理费。",
        "上年收取信息处理费300元。",
        "本年度信息处理费较上年减少300元。",
    ] {
        let found = fee_amount(overview, "2021年，本机关收取信息处理费300元。");
        assert!(found.is_empty(), "{overview}: {found:#?}");
    }
    // Section 三 states 380 元 collected, section 六 none: one finding quoting both,
    // with the amount in 六 as the one expected.
    let found = fee_amount(
        "全年收取信息处理费共计380元。",
        "2021年，本机关未收取信息处理费。",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, Severity::Verify);
    assert_eq!(f.section.as_deref(), Some("other_matters"));
    assert_eq!(
        (f.actual, f.expected),
        (Some(Decimal::from(380)), Some(Decimal::ZERO))
    );
    assert!(
        f.message.contains("全年收取信息处理费共计380元"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("本机关未收取信息处理费"),
        "{}",
        f.message
    );
    // 万元 is 10,000 元: 0.4万元 against 3940 元 disagrees, and says so in 元.
    let found = fee_amount("收取信息处理费0.4万元。", "收取信息处理费3940元。");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].actual, Some(Decimal::from(4000)));
    assert!(
        found[0].message.contains("0.4万元（4000元）"),
        "{}",
        found[0].message
    );
    // Two statements within section 六 that disagree.
    let found = fee_amount("", "本年度未收取信息处理费。全年收取信息处理费200元。");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].actual, Some(Decimal::from(200)));
}

#[test]
fn a_narrative_copied_from_last_year_is_flagged() {
    let last = fixture("2021_ankang_xinfangju.json");
    let mut this = last.clone();
    this.year = 2022;
    let repeat = |r: &Report, prior: &Report| {
        validate(r, Some(prior))
            .into_iter()
            .any(|f| f.rule == "TEXT-REPEAT" && f.scope == Scope::CrossYear)
    };
    assert!(repeat(&this, &last));
    for id in ["overview", "problems", "other_matters"] {
        let fresh: String = last
            .section(id)
            .chars()
            .map(|c| {
                if c == '。' {
                    '。'
                } else {
                    char::from_u32(c as u32 ^ 1).unwrap_or(c)
                }
            })
            .collect();
        this.set_section(id, fresh);
    }
    assert!(!repeat(&this, &last));
}

/// 总计 left blank down a whole column: one finding naming the column, with every cell,
/// and the sums broken only by those blanks folded under it.
#[test]
fn a_blank_total_column_is_one_finding_not_a_hundred() {
    let mut r = common::balanced("2019", 2020);
    let f = r.format().clone();
    let totals: Vec<String> = f
        .cells()
        .iter()
        .filter(|c| c.key.starts_with("t3.") && c.key.ends_with(".total"))
        .map(|c| c.key.clone())
        .collect();
    for key in &totals {
        r.set_cell(key, "").expect("key");
    }
    let findings = validate(&r, None);
    assert!(findings.len() <= 3, "{findings:#?}");
    let root = findings
        .iter()
        .find(|f| f.message.contains("「总计」列整列未填"))
        .expect("one finding for the column");
    assert_eq!(root.cells.len(), totals.len());
    assert!(root.message.contains(&format!("{} 个单元格", totals.len())));
    assert!(!root.consequences.is_empty());
    assert!(root.consequences.iter().all(|c| c.rule.starts_with("T3-")));
    assert!(
        findings.iter().all(|f| f.severity != Severity::Blocking),
        "{findings:#?}"
    );
    // A sum that fails anyway still stands on its own, and blocks.
    common::bump(&mut r, "t3.granted.natural_person", 1);
    let findings = validate(&r, None);
    assert!(
        findings
            .iter()
            .any(|f| f.severity == Severity::Blocking && f.rule == "T3-TOTAL-ROW"),
        "{findings:#?}"
    );
    // The JSON keeps the folded sums under their root.
    let json: serde_json::Value =
        serde_json::from_str(&nianbao::io::to_json(&r, &findings)).expect("json");
    let roots: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["consequences"].is_array())
        .collect();
    assert_eq!(roots.len(), 1);
}

/// The classic false alarms of narrative checks stay silent (several counts listed for a
/// count of several cells, a filing, a change, a share), and a true mismatch is found
/// with both numbers and the sentence.
#[test]
fn narrative_counts_without_false_alarms() {
    let mut r = fixture("2021_ankang_xinfangju.json");
    r.set_cell("t2.art20_1.rules.issued", "3").expect("key");
    r.set_cell("t2.art20_1.normative.issued", "564")
        .expect("key");
    r.set_cell("t2.art20_1.rules.in_force", "3").expect("key");
    r.set_cell("t2.art20_1.normative.in_force", "564")
        .expect("key");
    r.set_section(
        "overview",
        "全年制发规章3件、行政规范性文件564件。全市全年备案行政复议案件134件。\
         本年度收到申请同比增长5件。行政复议案件占比70.3%共3件。",
    );
    let text_table = |r: &Report| -> Vec<Finding> {
        validate(r, None)
            .into_iter()
            .filter(|f| f.rule == "TEXT-TABLE")
            .collect()
    };
    assert!(text_table(&r).is_empty(), "{:#?}", text_table(&r));
    // 「共受理申请21件」 with 一 = 26 in the table: found, with both numbers.
    r.set_cell("t3.new_received.natural_person", "26")
        .expect("key");
    r.set_cell("t3.new_received.total", "26").expect("key");
    r.set_section("problems", "今年共受理申请21件，均已办结。");
    let found = text_table(&r);
    let f = found
        .iter()
        .find(|f| {
            f.cells
                .first()
                .is_some_and(|c| c == "t3.new_received.total")
        })
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(
        (f.actual, f.expected),
        (Some(Decimal::from(21)), Some(Decimal::from(26)))
    );
    assert!(f.message.contains("共受理申请21件"), "{}", f.message);
}

/// A 2021 report whose tables agree with 沭阳县's narrative sentence (749 received: 713
/// new and 36 carried over; 741 natural persons, 8 organisations; 718 processed, 31
/// carried forward; 294 granted, 101 partly).
fn shuyang() -> Report {
    let mut r = common::balanced("2021", 2021);
    r.agency = "沭阳县人民政府".to_owned();
    for (key, value) in [
        ("t3.new_received.natural_person", "705"),
        ("t3.new_received.commercial", "8"),
        ("t3.new_received.research", "0"),
        ("t3.new_received.social_welfare", "0"),
        ("t3.new_received.legal_service", "0"),
        ("t3.new_received.other", "0"),
        ("t3.new_received.total", "713"),
        ("t3.carried_over.natural_person", "36"),
        ("t3.carried_over.commercial", "0"),
        ("t3.carried_over.research", "0"),
        ("t3.carried_over.social_welfare", "0"),
        ("t3.carried_over.legal_service", "0"),
        ("t3.carried_over.other", "0"),
        ("t3.carried_over.total", "36"),
        ("t3.granted.total", "294"),
        ("t3.partially_granted.total", "101"),
        ("t3.total_processed.total", "718"),
        ("t3.carry_forward.total", "31"),
        ("t2.art20_1.rules.issued", "3"),
        ("t2.art20_1.normative.issued", "564"),
        ("t2.art20_1.rules.in_force", "40"),
        ("t2.art20_1.normative.in_force", "900"),
    ] {
        r.set_cell(key, value).expect("key");
    }
    for id in ["overview", "problems", "other_matters"] {
        r.set_section(id, "");
    }
    r.set_section(
        "overview",
        "全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件；\
         共办理 718 件，其中予以公开294件、部分公开101件，结转下一年 31 件。\
         全年制发规章3件、行政规范性文件564件，现行有效规章40件、行政规范性文件900件。",
    );
    r
}

fn text_table(r: &Report) -> Vec<Finding> {
    validate(r, None)
        .into_iter()
        .filter(|f| f.rule == "TEXT-TABLE")
        .collect()
}

/// The one TEXT-TABLE finding about `cell`, with the count stated and the table's.
fn text_table_about(r: &Report, cell: &str) -> (Decimal, Decimal, String) {
    let found = text_table(r);
    let f = found
        .iter()
        .find(|f| f.cells.first().is_some_and(|c| c == cell))
        .unwrap_or_else(|| panic!("{cell}: {found:#?}"));
    (
        f.actual.expect("stated"),
        f.expected.expect("table"),
        f.message.clone(),
    )
}

/// Each number of a sentence is bound to its own label: 749 received, 741 natural
/// persons, 8 organisations, 718 processed, 294 granted, 101 partly, 31 carried forward,
/// 3 rules and 564 normative documents issued, 40 and 900 in force — each agrees, and
/// each is checked on its own once its cell changes.
#[test]
fn each_number_in_a_sentence_is_bound_to_its_own_label() {
    let r = shuyang();
    assert!(text_table(&r).is_empty(), "{:#?}", text_table(&r));
    let d = Decimal::from;
    for (cell, value, stated, table, quoted) in [
        ("t3.granted.total", "290", 294, 290, "予以公开294件"),
        (
            "t3.partially_granted.total",
            "100",
            101,
            100,
            "部分公开101件",
        ),
        ("t3.carry_forward.total", "30", 31, 30, "结转下一年 31 件"),
        ("t3.total_processed.total", "717", 718, 717, "共办理 718 件"),
        (
            "t3.new_received.natural_person",
            "700",
            741,
            736,
            "自然人申请 741 件",
        ),
        (
            "t3.new_received.commercial",
            "7",
            8,
            7,
            "法人或其他组织申请 8 件",
        ),
        (
            "t2.art20_1.normative.issued",
            "560",
            564,
            560,
            "行政规范性文件564件",
        ),
        ("t2.art20_1.rules.issued", "2", 3, 2, "全年制发规章3件"),
        (
            "t2.art20_1.normative.in_force",
            "901",
            900,
            901,
            "行政规范性文件900件",
        ),
        (
            "t2.art20_1.rules.in_force",
            "41",
            40,
            41,
            "现行有效规章40件",
        ),
    ] {
        let mut changed = r.clone();
        changed.set_cell(cell, value).expect("key");
        let (s, t, message) = text_table_about(&changed, cell);
        assert_eq!((s, t), (d(stated), d(table)), "{cell}: {message}");
        assert!(message.contains(quoted), "{cell}: {message}");
        assert_eq!(
            text_table(&changed).len(),
            1,
            "{cell}: {:#?}",
            text_table(&changed)
        );
    }
    // 749 is 一 + 二 (713 + 36): a new total of 714 breaks it.
    let mut changed = r.clone();
    changed
        .set_cell("t3.new_received.total", "714")
        .expect("key");
    let (s, t, message) = text_table_about(&changed, "t3.new_received.total");
    assert_eq!((s, t), (d(749), d(750)));
    assert!(
        message.contains("共受理政府信息公开申请 749 件"),
        "{message}"
    );
}

/// 「共受理申请21件」 with 表三 一 + 二 = 26: found, with both numbers and the sentence.
#[test]
fn a_received_count_that_disagrees_with_the_table_is_found() {
    let mut r = shuyang();
    r.set_cell("t3.new_received.total", "20").expect("key");
    r.set_cell("t3.carried_over.total", "6").expect("key");
    r.set_section("overview", "今年共受理申请21件，均已按时答复。");
    let (s, t, message) = text_table_about(&r, "t3.new_received.total");
    assert_eq!((s, t), (Decimal::from(21), Decimal::from(26)));
    assert!(message.contains("共受理申请21件"), "{message}");
    assert!(
        message.contains("21") && message.contains("26"),
        "{message}"
    );
}

/// Numbers whose context makes them something else stay silent: a filing, a change, a
/// share, a running total, items published, events, dates, phone numbers, names in
/// quotation marks, approximate counts, a whole area in a department's report, a part
/// of the agency in a government's report.
#[test]
fn numbers_that_are_something_else_are_not_compared() {
    let mut r = shuyang();
    r.set_section(
        "problems",
        "全市全年备案行政复议案件134件。本年度收到申请同比增长5件。行政复议案件占比70.3%共3件。\
         累计收到申请1000件。收到申请较上年增加10件。主动公开政府信息1200条。\
         举办培训3期、发布会2场、开展检查5次。2024年3月1日收到申请，咨询电话0517-87654321。\
         坚持“三个一”受理申请机制，落实《关于受理申请的2号通知》。共收到申请近800件。\
         区政府办代表区政府受理政府信息公开申请17件。各乡镇共受理申请60件。",
    );
    assert!(text_table(&r).is_empty(), "{:#?}", text_table(&r));
    // A whole area: silent in a department's report, checked in that area's government's.
    r.set_section("problems", "全县共收到政府信息公开申请500件。");
    let (s, _, _) = text_table_about(&r, "t3.new_received.total");
    assert_eq!(s, Decimal::from(500));
    r.agency = "沭阳县财政局".to_owned();
    assert!(text_table(&r).is_empty(), "{:#?}", text_table(&r));
    r.agency = "淮安市洪泽区人民政府".to_owned();
    assert!(text_table(&r).is_empty(), "{:#?}", text_table(&r));
    // A part of the agency is the agency's own when the report is that part's.
    r.set_section("problems", "区政府办受理政府信息公开申请17件。");
    r.agency = "淮安市洪泽区人民政府".to_owned();
    assert!(text_table(&r).is_empty(), "{:#?}", text_table(&r));
    r.agency = "淮安市洪泽区人民政府办公室".to_owned();
    let (s, _, _) = text_table_about(&r, "t3.new_received.total");
    assert_eq!(s, Decimal::from(17));
}

/// The checker an editor keeps (reading again only changed cells, running the
/// narrative rules again only when what they read changed) finds exactly what a full
/// check finds, edit after edit: cells the narrative compares, other cells, sections,
/// the agency, last year's report, an unread cell.
#[test]
fn a_check_after_an_edit_finds_what_a_full_check_finds() {
    let last = shuyang();
    let mut r = shuyang();
    let mut checker = nianbao::rules::Checker::default();
    let mut step = |r: &Report, prior: Option<&Report>, what: &str| {
        assert_eq!(checker.validate(r, prior), validate(r, prior), "{what}");
    };
    step(&r, None, "start");
    r.set_cell("t3.granted.total", "290").expect("key");
    step(&r, None, "a cell the narrative compares");
    r.set_cell("t3.granted.research", "5").expect("key");
    step(&r, None, "another cell");
    r.set_cell("t3.granted.total", "294").expect("key");
    step(&r, None, "back");
    r.set_section("problems", "本年度收到政府信息公开申请10件。");
    step(&r, None, "a section");
    r.agency = "沭阳县财政局".to_owned();
    step(&r, None, "the agency");
    step(&r, Some(&last), "last year's report");
    r.set_section("problems", "");
    step(&r, Some(&last), "a section, with last year's");
    step(&r, None, "without last year's");
    r.set_cell("t2.art20_8.fees.amount_wan", "3").expect("key");
    step(&r, None, "a fee");
    let i = r.format().index_of("t3.granted.total").expect("key");
    r.set_cell_at(i, "");
    r.set_unread(i, true);
    step(&r, None, "an unread cell");
    let other = common::balanced("2019", 2020);
    step(&other, None, "another format");
}

/// One edit of a report under review, for the property below.
#[derive(Debug, Clone)]
enum Edit {
    /// A cell of this year's report typed (index modulo the cells, text by number).
    Cell(usize, u8),
    /// A cell marked unread (its text cleared), or one of the unread cells read again.
    Unread(usize, bool),
    /// A cell of last year's report typed.
    PriorCell(usize, u8),
    /// Last year's report given or taken away.
    Prior(bool),
    /// The overview rewritten.
    Section(u8),
    /// The row (0), column (1) or table (2) of a cell left blank, or filled again as
    /// at the start (3).
    Blank(usize, u8),
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    prop_oneof![
        6 => (any::<usize>(), 0..8u8).prop_map(|(i, t)| Edit::Cell(i, t)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, u)| Edit::Unread(i, u)),
        2 => (any::<usize>(), 0..8u8).prop_map(|(i, t)| Edit::PriorCell(i, t)),
        1 => any::<bool>().prop_map(Edit::Prior),
        1 => (0..3u8).prop_map(Edit::Section),
        2 => (any::<usize>(), 0..4u8).prop_map(|(i, w)| Edit::Blank(i, w)),
    ]
}

/// A text typed into cell `i` of `r`: the same, one more, 0, blank, a mark for none,
/// words, a number with a unit, a large number (so that errors are made and fixed).
fn typed(r: &Report, i: usize, t: u8) -> String {
    let now = r.cell_at(i).trim().parse::<u32>().unwrap_or(0);
    match t {
        0 => now.to_string(),
        1 => (now + 1).to_string(),
        2 => "0".to_owned(),
        3 => String::new(),
        4 => "/".to_owned(),
        5 => "abc".to_owned(),
        6 => format!("{now}次"),
        _ => (now.saturating_sub(1)).to_string(),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever the series of edits (errors made and fixed, blanks, unread cells, last
    /// year's report edited, given and taken away), the checker an editor keeps finds
    /// exactly what a full check finds after each edit.
    #[test]
    fn a_check_after_any_edits_finds_what_a_full_check_finds(
        edits in proptest::collection::vec(edit(), 1..16)
    ) {
        let start = shuyang();
        let mut r = start.clone();
        let mut last = shuyang();
        let mut with_prior = true;
        let n = r.format().cells().len();
        let mut checker = nianbao::rules::Checker::default();
        checker.validate(&r, Some(&last));
        for (k, e) in edits.iter().enumerate() {
            match *e {
                Edit::Cell(i, t) => {
                    let text = typed(&r, i % n, t);
                    r.set_cell_at(i % n, text);
                }
                Edit::Unread(i, true) => {
                    r.set_cell_at(i % n, "");
                    r.set_unread(i % n, true);
                }
                // Read again: one of the cells marked unread, if any.
                Edit::Unread(i, false) => {
                    let unread: Vec<usize> = r.unread().collect();
                    if !unread.is_empty() {
                        r.set_unread(unread[i % unread.len()], false);
                    }
                }
                Edit::PriorCell(i, t) => {
                    let m = last.format().cells().len();
                    let text = typed(&last, i % m, t);
                    last.set_cell_at(i % m, text);
                }
                Edit::Prior(p) => with_prior = p,
                Edit::Section(s) => {
                    let text = ["", "本年度收到政府信息公开申请10件。", "本年度新收政府信息公开申请713件。"];
                    r.set_section("overview", text[usize::from(s)]);
                }
                Edit::Blank(i, w) => {
                    let format = start.format();
                    let cells = format.cells();
                    let at = &cells[i % n];
                    for (j, c) in cells.iter().enumerate() {
                        let same = c.table == at.table
                            && match w {
                                0 => c.block == at.block && c.row == at.row,
                                1 => c.block == at.block && c.column == at.column,
                                _ => true,
                            };
                        if same {
                            let text = if w == 3 { start.cell_at(j) } else { "" };
                            r.set_cell_at(j, text);
                        }
                    }
                }
            }
            let prior = with_prior.then_some(&last);
            proptest::prop_assert_eq!(
                checker.validate(&r, prior),
                validate(&r, prior),
                "after edit {} of {:?}",
                k,
                edits
            );
        }
    }
}

// ---- 与上年比较 (nianbao::compare) ----

mod comparison {
    use super::*;
    use nianbao::compare::{Value, Year, compare};
    use nianbao::rules::YearOutcome;

    /// Every key of both formats' tables.
    fn union_of_keys(a: &Report, b: &Report) -> std::collections::BTreeSet<String> {
        a.format()
            .cells()
            .iter()
            .chain(b.format().cells())
            .map(|c| c.key.clone())
            .collect()
    }

    #[test]
    fn comparison_across_formats_matches_table_3_row_by_row_and_lists_rows_of_one_format() {
        let last = balanced("2019", 2020);
        let this = balanced("2021", 2021);
        let cmp = compare(&last, &this);
        // No cell of either format dropped, none twice.
        let keys: Vec<&str> = cmp.cells().map(|(_, _, c)| c.key.as_str()).collect();
        let union = union_of_keys(&last, &this);
        assert_eq!(keys.len(), union.len());
        assert!(keys.iter().all(|k| union.contains(*k)));
        // Table 3's shared rows compared number with number.
        for key in [
            "t3.new_received.total",
            "t3.granted.natural_person",
            "t3.carry_forward.total",
        ] {
            let (row, c) = cmp.cell(key).expect(key);
            assert_eq!(row.only, None, "{key}");
            let (l, t) = (num_of(&last, key), num_of(&this, key));
            assert_eq!(c.delta(), Some(t - l), "{key}");
        }
        // 2019's single （六）其他处理 and 2021's three rows: each listed as one format's.
        assert_eq!(
            cmp.row("t3.other_processing").expect("row").only,
            Some(Year::Last)
        );
        for r in [
            "t3.other_overdue_correction",
            "t3.other_overdue_fee",
            "t3.other_other",
        ] {
            assert_eq!(cmp.row(r).expect(r).only, Some(Year::This), "{r}");
        }
        // Table 2: 2019's 第二十条第（九）项 only last year; a shared row keeps both
        // formats' columns, each side absent where its format has none.
        assert_eq!(
            cmp.row("t2.art20_9.procurement").expect("row").only,
            Some(Year::Last)
        );
        let (row, made) = cmp.cell("t2.art20_1.rules.made").expect("made");
        assert_eq!(row.only, None);
        assert_eq!(made.this, Value::Absent);
        assert_eq!(made.delta(), None);
        assert_eq!(cmp.note(made).as_deref(), Some("仅2019版有此项"));
        let (_, issued) = cmp.cell("t2.art20_1.rules.issued").expect("issued");
        assert_eq!(issued.last, Value::Absent);
        // Rows only last year's format has sit where they were, not at the end.
        let t3 = cmp.tables.iter().find(|t| t.id == "t3").expect("t3");
        let at = |k: &str| t3.rows.iter().position(|r| r.key == k).expect(k);
        assert!(at("t3.other_processing") < at("t3.total_processed"));
        assert!(at("t3.not_processed_confirm") < at("t3.other_processing"));
        assert!(
            cmp.notes.iter().any(|n| n.contains("格式不同")),
            "{:?}",
            cmp.notes
        );
    }

    #[test]
    fn comparison_across_formats_pairs_cells_that_mean_the_same_under_other_keys() {
        let mut last = balanced("2019", 2020);
        let mut this = balanced("2021", 2021);
        last.set_cell("t3.other_processing.natural_person", "5")
            .expect("key");
        for (k, v) in [
            ("other_overdue_correction", "1"),
            ("other_overdue_fee", "2"),
            ("other_other", "4"),
        ] {
            this.set_cell(&format!("t3.{k}.natural_person"), v)
                .expect("key");
        }
        last.set_cell("t2.art20_1.rules.made", "3").expect("key");
        this.set_cell("t2.art20_1.rules.issued", "4").expect("key");
        let cmp = compare(&last, &this);
        let find = |last_key: &str| {
            let label = last
                .format()
                .cell_label(last.format().index_of(last_key).expect("key"));
            cmp.counterparts
                .iter()
                .find(|c| c.last_cells == [label.clone()])
                .unwrap_or_else(|| panic!("{label}: {:#?}", cmp.counterparts))
        };
        // 2019's one （六）其他处理 against the sum of 2021's three rows.
        let other = find("t3.other_processing.natural_person");
        assert_eq!(other.this_cells.len(), 3);
        assert_eq!(other.cell.this.number(), Some(Decimal::from(7)));
        assert_eq!(other.cell.delta(), Some(Decimal::from(2)));
        // 本年新制作数量 is 本年制发件数.
        let made = find("t2.art20_1.rules.made");
        assert_eq!(made.cell.key, "t2.art20_1.rules.issued");
        assert_eq!(made.cell.delta(), Some(Decimal::ONE));
        // The same format: nothing to pair.
        assert!(
            compare(&this, &balanced("2021", 2022))
                .counterparts
                .is_empty()
        );
    }

    #[test]
    fn years_not_consecutive_are_not_checked_across_years() {
        // Last year's carry-forward differs from this year's carry-over: between
        // consecutive years that is 不一致, between others (reversed, the same year, years
        // apart) it says nothing, so no check is made.
        let last = balanced("2021", 2021);
        let mut this = balanced("2021", 2022);
        let carried = num_of(&last, "t3.carry_forward.natural_person") + Decimal::ONE;
        this.set_cell("t3.carried_over.natural_person", carried.to_string())
            .expect("key");
        let carry = |cmp: &nianbao::compare::Comparison| {
            cmp.checks
                .iter()
                .find(|c| c.rule == "T3-CARRY" && c.cells.iter().any(|k| k.contains("natural")))
                .expect("T3-CARRY")
                .outcome
                .clone()
        };
        assert!(matches!(
            carry(&compare(&last, &this)),
            YearOutcome::Differs(_)
        ));
        for (l, t) in [
            (&this, &last),
            (&last, &last),
            (&balanced("2021", 2019), &this),
        ] {
            let cmp = compare(l, t);
            assert_eq!(cmp.check_counts().1, 0, "{} → {}", l.year, t.year);
            match carry(&cmp) {
                YearOutcome::Unchecked(why) => assert!(why.contains("并非相邻年度"), "{why}"),
                other => panic!("{} → {}: {other:?}", l.year, t.year),
            }
        }
    }

    fn num_of(r: &Report, key: &str) -> Decimal {
        r.cell(key).and_then(|t| t.parse().ok()).expect(key)
    }

    #[test]
    fn comparison_tells_blank_from_zero() {
        let mut last = balanced("2021", 2021);
        let mut this = balanced("2021", 2022);
        last.set_cell("t4.review.upheld", "").expect("key");
        this.set_cell("t4.review.upheld", "0").expect("key");
        last.set_cell("t4.review.corrected", "0").expect("key");
        this.set_cell("t4.review.corrected", "0").expect("key");
        let cmp = compare(&last, &this);
        let (_, blank) = cmp.cell("t4.review.upheld").expect("cell");
        assert_eq!(blank.last, Value::Blank);
        assert_eq!(blank.this.number(), Some(Decimal::ZERO));
        assert_eq!(blank.delta(), None, "a blank is not 0");
        assert_eq!(cmp.note(blank).as_deref(), Some("上年空白"));
        let (_, zero) = cmp.cell("t4.review.corrected").expect("cell");
        assert_eq!(zero.delta(), Some(Decimal::ZERO));
        assert_eq!(zero.percent(), None, "no percentage of 0");
        assert_eq!(cmp.note(zero), None);
    }

    #[test]
    fn comparison_of_an_unread_cell_gives_no_change_and_no_false_finding() {
        let mut last = balanced("2021", 2021);
        let this = balanced("2021", 2022);
        let key = "t3.carry_forward.total";
        let i = last.format().index_of(key).expect("key");
        last.set_unread(i, true);
        let cmp = compare(&last, &this);
        let (_, c) = cmp.cell(key).expect("cell");
        assert_eq!(c.last, Value::Unread);
        assert_eq!(c.delta(), None);
        assert_eq!(cmp.note(c).as_deref(), Some("上年未读取"));
        // T3-CARRY's 总计 needs last year's unread cell: not checked, not a difference.
        let carry = cmp
            .checks
            .iter()
            .find(|k| k.rule == "T3-CARRY" && k.prior_cells == [key])
            .expect("T3-CARRY 总计");
        match &carry.outcome {
            YearOutcome::Unchecked(why) => assert!(why.contains("未能读取"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(cmp.notes.iter().any(|n| n.contains("未能从文件中读取")));
    }

    #[test]
    fn comparison_runs_the_cross_year_rules_as_the_rule_engine_does() {
        // 2021: 上年结转 = 上年结转下年度, 现行有效 = 上年现行有效 + 本年制发 − 本年废止.
        let last = balanced("2021", 2021);
        let mut this = balanced("2021", 2022);
        let carried = num_of(&last, "t3.carry_forward.natural_person");
        this.set_cell("t3.carried_over.natural_person", carried.to_string())
            .expect("key");
        let valid = num_of(&last, "t2.art20_1.rules.in_force")
            + num_of(&this, "t2.art20_1.rules.issued")
            - num_of(&this, "t2.art20_1.rules.repealed");
        this.set_cell("t2.art20_1.rules.in_force", valid.to_string())
            .expect("key");
        this.set_cell(
            "t2.art20_1.normative.in_force",
            (valid + Decimal::from(100)).to_string(),
        )
        .expect("key");
        let cmp = compare(&last, &this);
        let outcome = |rule: &str, cell: &str| {
            cmp.checks
                .iter()
                .find(|k| k.rule == rule && k.cells.first().map(String::as_str) == Some(cell))
                .map(|k| k.outcome.clone())
                .unwrap_or_else(|| panic!("{rule} {cell}: {:#?}", cmp.checks))
        };
        assert_eq!(
            outcome("T3-CARRY", "t3.carried_over.natural_person"),
            YearOutcome::Holds
        );
        assert_eq!(
            outcome("T2-VALID-COUNT", "t2.art20_1.rules.in_force"),
            YearOutcome::Holds
        );
        assert!(matches!(
            outcome("T2-VALID-COUNT", "t2.art20_1.normative.in_force"),
            YearOutcome::Differs(_)
        ));
        // Every difference is the finding `validate` gives with last year's report.
        let findings = validate(&this, Some(&last));
        for k in &cmp.checks {
            if let YearOutcome::Differs(m) = &k.outcome {
                assert!(
                    findings
                        .iter()
                        .any(|f| f.scope == Scope::CrossYear && f.message == *m),
                    "{m}"
                );
            }
        }
        let differing = cmp.check_counts().1;
        let cross_year = findings
            .iter()
            .filter(|f| f.scope == Scope::CrossYear && f.rule != "TEXT-REPEAT")
            .count();
        assert_eq!(differing, cross_year);

        // 2019: 上一年项目数量 = 上年的上一年项目数量 + 本年增/减.
        let mut last = balanced("2019", 2019);
        last.set_cell("t2.art20_5.licensing.prev_count", "5")
            .expect("key");
        let mut this = balanced("2019", 2020);
        let key = "t2.art20_5.licensing.prev_count";
        let expected = num_of(&last, key) + num_of(&last, "t2.art20_5.licensing.change");
        this.set_cell(key, expected.to_string()).expect("key");
        this.set_cell(
            "t2.art20_6.punishment.prev_count",
            (expected + Decimal::from(7)).to_string(),
        )
        .expect("key");
        let cmp = compare(&last, &this);
        let project = |cell: &str| {
            cmp.checks
                .iter()
                .find(|k| k.rule == "T2-PROJECT-COUNT" && k.cells == [cell])
                .map(|k| k.outcome.clone())
                .expect(cell)
        };
        assert_eq!(project(key), YearOutcome::Holds);
        assert!(matches!(
            project("t2.art20_6.punishment.prev_count"),
            YearOutcome::Differs(_)
        ));

        // Across formats: 2021's 现行有效 needs a column 2019 has not — said, not failed.
        let cmp = compare(&balanced("2019", 2020), &balanced("2021", 2021));
        let valid = cmp
            .checks
            .iter()
            .find(|k| k.rule == "T2-VALID-COUNT")
            .expect("T2-VALID-COUNT");
        match &valid.outcome {
            YearOutcome::Unchecked(why) => assert!(why.contains("2019版"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    /// Narrative that every report of an agency writes every year: the template's
    /// headings and guidance words, and stock sentences.
    const TEMPLATE_WORDING: &str = "（一）主动公开情况\n（二）依申请公开情况\n（三）政府信息管理\n\
         （四）政府信息公开平台建设\n（五）监督保障情况\n\
         本报告中所列数据的统计期限自1月1日起至12月31日止。\
         如对本报告有疑问，请与本机关办公室联系。";

    #[test]
    fn similarity_ignores_template_wording_and_stock_phrases() {
        let mut last = balanced("2021", 2021);
        let mut this = balanced("2021", 2022);
        last.set_section(
            "overview",
            format!(
                "{TEMPLATE_WORDING}\n去年我局在门户网站新设了政策解读栏目，发布解读材料四十余篇，\
                 并组织全体干部参加了两次专题培训。我局坚持把政务公开作为转变作风的重要抓手。"
            ),
        );
        this.set_section(
            "overview",
            format!(
                "{TEMPLATE_WORDING}\n今年我局重点推进基层政务公开标准化规范化，梳理事项清单一百二十项，\
                 在乡镇便民服务中心设置了查阅点，并邀请群众代表参与评议。"
            ),
        );
        let cmp = compare(&last, &this);
        let overview = &cmp.sections[0].repetition;
        assert_eq!(overview.section, "overview");
        assert!(overview.passages.is_empty(), "{:?}", overview.passages);
        assert_eq!(overview.share(), Some(0));
        assert!(overview.discounted > 40, "{overview:?}");

        // A sentence of its own copied from last year is found and shown.
        let copied = "我局坚持把政务公开作为转变作风的重要抓手";
        this.set_section(
            "overview",
            format!("{}{copied}。", this.section("overview")),
        );
        let cmp = compare(&last, &this);
        let overview = &cmp.sections[0].repetition;
        assert_eq!(overview.passages, vec![copied.to_owned()]);
        assert!(overview.share().expect("share") > 0);
    }
}
