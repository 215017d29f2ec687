//! Reading published copies as agencies post them: what cannot be read is unread (never
//! a blank, never a false alarm), blank cells stay in their columns, run-together digits
//! split only one way, the format comes from the tables' wording, agency and date from
//! the document, and every cell remembers where it was read.

mod common;

use common::{Shape, text_copy};
use nianbao::io::{Published, import_published, published::DocMeta, published::Flow};
use nianbao::model::Report;
use nianbao::rules::{Finding, Severity, validate};

fn import(text: &str) -> nianbao::io::Imported {
    import_published(Published::Text, text.as_bytes(), "report.txt").expect("imports")
}

/// A 2021 report with numbers of several digits everywhere, balanced.
fn busy_report() -> Report {
    let mut n = 0u32;
    common::balanced_with("2021", 2021, |_| {
        n += 7;
        n % 23 + 3
    })
}

fn blocking(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .collect()
}

/// The 总计 row of table 3 missing from a copy: a 「总计」 elsewhere — the 总计 column
/// heading table 4's last group, its values on the next line — is no place to read it.
#[test]
fn a_column_heading_is_never_read_as_a_missing_row() {
    let want = busy_report();
    let text = text_copy(&want, Shape::Pipes);
    let line = text
        .lines()
        .find(|l| l.contains("（七）总计"))
        .expect("row");
    let got = import(&text.replace(line, ""));
    let format = want.format();
    for c in ["natural_person", "total"] {
        let i = format
            .index_of(&format!("t3.total_processed.{c}"))
            .expect("key");
        assert!(
            got.report.is_unread(i),
            "{c}: read {:?}",
            got.report.cell_at(i)
        );
    }
    let findings = validate(&got.report, None);
    assert!(blocking(&findings).is_empty(), "{findings:#?}");
}

#[test]
fn a_row_that_was_not_found_raises_no_false_alarm() {
    let want = busy_report();
    let text = text_copy(&want, Shape::Pipes);
    let line = text
        .lines()
        .find(|l| l.contains("（二）部分公开"))
        .expect("row");
    let got = import(&text.replace(line, ""));
    let findings: Vec<Finding> = validate(&got.report, None)
        .into_iter()
        .chain(got.notes.clone())
        .collect();
    assert!(blocking(&findings).is_empty(), "{findings:#?}");
    // One note for the row, not one per cell; no CELL-BLANK for its cells.
    let about_row: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.cells
                .iter()
                .any(|c| c.starts_with("t3.partially_granted."))
        })
        .collect();
    let not_found: Vec<_> = about_row
        .iter()
        .filter(|f| f.rule == "IMPORT-NOT-FOUND")
        .collect();
    assert_eq!(not_found.len(), 1, "{about_row:#?}");
    assert!(not_found[0].message.contains("部分公开"));
    assert!(!about_row.iter().any(|f| f.rule == "CELL-BLANK"));
    // The column sums it is part of say they could not be checked, in one note; its own
    // row sum, none of whose cells was read, says nothing more.
    let unchecked: Vec<_> = about_row
        .iter()
        .filter(|f| f.message.contains("无法核对"))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(unchecked, ["T3-TOTAL-ROW"], "{about_row:#?}");
    // Everything else was read.
    for (i, c) in want.format().cells().iter().enumerate() {
        if !c.key.starts_with("t3.partially_granted.") {
            assert_eq!(got.report.cell_at(i).trim(), want.cell_at(i), "{}", c.key);
        }
    }
    // A true error in what was read is still found, and blocks.
    let mut wrong = want.clone();
    common::bump(&mut wrong, "t3.granted.total", 1);
    let text = text_copy(&wrong, Shape::Pipes);
    let got = import(&text.replace(line, ""));
    let findings = validate(&got.report, None);
    assert!(
        blocking(&findings)
            .iter()
            .any(|f| f.rule == "T3-TOTAL-COL" && f.suspect.as_deref() == Some("t3.granted.total")),
        "{findings:#?}"
    );
}

#[test]
fn a_blank_cell_stays_in_its_own_column() {
    let mut want = busy_report();
    want.set_cell("t3.granted.research", "").expect("key");
    want.set_cell("t2.art20_1.rules.repealed", "").expect("key");
    for shape in [Shape::Pipes] {
        let got = import(&text_copy(&want, shape));
        for key in [
            "t3.granted.research",
            "t3.granted.social_welfare",
            "t3.granted.total",
            "t2.art20_1.rules.repealed",
            "t2.art20_1.rules.in_force",
        ] {
            assert_eq!(got.report.cell(key), want.cell(key), "{key}");
        }
    }
    // One cell per tab-led line, the blank one a bare tab.
    let text = "某局2021年度政府信息公开工作年度报告\n\n\t规章\n\t3\n\t\n\t7\n\n\t行政规范性文件\n\t1\n\t0\n\t2\n";
    let got = import(text);
    assert_eq!(got.report.cell("t2.art20_1.rules.issued"), Some("3"));
    assert_eq!(got.report.cell("t2.art20_1.rules.repealed"), Some(""));
    assert_eq!(got.report.cell("t2.art20_1.rules.in_force"), Some("7"));
}

#[test]
fn a_row_with_too_few_values_is_unread_not_shifted() {
    let want = busy_report();
    let text = text_copy(&want, Shape::Flattened);
    let line = text
        .lines()
        .find(|l| l.starts_with("（一）予以公开"))
        .expect("row");
    // A value lost in copying: six numbers for seven columns.
    let mut cut: Vec<&str> = line.split(' ').collect();
    cut.remove(3);
    let got = import(&text.replace(line, &cut.join(" ")));
    let f = got.report.format().clone();
    for c in f
        .cells()
        .iter()
        .filter(|c| c.key.starts_with("t3.granted."))
    {
        let i = f.index_of(&c.key).expect("key");
        assert!(got.report.is_unread(i), "{}", c.key);
    }
    assert!(
        got.notes
            .iter()
            .any(|n| n.message.contains("予以公开") && n.message.contains("6 个数值")),
        "{:#?}",
        got.notes
    );
    assert!(blocking(&validate(&got.report, None)).is_empty());
}

/// Table 3's rows as a crawler flattens a page: label and values with no separator.
fn run_together(r: &Report) -> String {
    text_copy(r, Shape::Flattened)
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(' ').collect();
            let values = cells
                .iter()
                .skip(1)
                .all(|c| c.bytes().all(|b| b.is_ascii_digit()));
            if l.contains("公开") && cells.len() == 8 && values {
                cells.concat()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn run_together_digits_split_only_where_the_sums_allow_one_way() {
    let mut want = busy_report();
    // 80 1 0 0 0 0 81: the example.
    for (c, v) in [
        ("natural_person", "80"),
        ("commercial", "1"),
        ("research", "0"),
        ("social_welfare", "0"),
        ("legal_service", "0"),
        ("other", "0"),
        ("total", "81"),
    ] {
        want.set_cell(&format!("t3.new_received.{c}"), v)
            .expect("key");
    }
    // 10 1 0 0 0 0 11 prints as 1 0 10 0 0 0 11 does: ambiguous.
    for (c, v) in [
        ("natural_person", "10"),
        ("commercial", "1"),
        ("research", "0"),
        ("social_welfare", "0"),
        ("legal_service", "0"),
        ("other", "0"),
        ("total", "11"),
    ] {
        want.set_cell(&format!("t3.partially_granted.{c}"), v)
            .expect("key");
    }
    let text = run_together(&want);
    assert!(
        text.contains("一、本年新收政府信息公开申请数量801000081"),
        "{text}"
    );
    let got = import(&text);
    let f = got.report.format().clone();
    for c in f
        .cells()
        .iter()
        .filter(|c| c.key.starts_with("t3.new_received."))
    {
        assert_eq!(got.report.cell(&c.key), want.cell(&c.key), "{}", c.key);
    }
    for c in f
        .cells()
        .iter()
        .filter(|c| c.key.starts_with("t3.partially_granted."))
    {
        assert!(
            got.report.is_unread(f.index_of(&c.key).expect("key")),
            "{}",
            c.key
        );
    }
    assert!(
        got.notes.iter().any(
            |n| n.message.contains("数字连写，无法唯一拆分") && n.message.contains("101000011")
        ),
        "{:#?}",
        got.notes
    );
}

#[test]
fn the_format_is_read_from_the_tables_wording_not_the_year() {
    let old = common::fixture("2020_xiangtan_xinfangju.json");
    let new = common::fixture("2021_ankang_xinfangju.json");
    for (report, wording) in [(&old, "2019"), (&new, "2021")] {
        let mut r = report.clone();
        r.year = 2023;
        let got = import(&text_copy(&r, Shape::Pipes));
        assert_eq!(got.report.format().id(), wording);
        assert_eq!(got.report.year, 2023);
        let year_rule = validate(&got.report, None)
            .into_iter()
            .any(|f| f.rule == "FORMAT-YEAR" && f.severity == Severity::Blocking);
        assert_eq!(year_rule, wording == "2019", "{wording}");
    }
}

#[test]
fn a_mistyped_label_is_read_by_its_place_and_said() {
    let want = busy_report();
    let text = text_copy(&want, Shape::Pipes)
        .replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开");
    let got = import(&text);
    let f = got.report.format().clone();
    for c in f
        .cells()
        .iter()
        .filter(|c| c.key.starts_with("t3.denied_law_forbidden."))
    {
        assert_eq!(got.report.cell(&c.key), want.cell(&c.key), "{}", c.key);
    }
    let note = got
        .notes
        .iter()
        .find(|n| n.rule == "IMPORT-LABEL")
        .expect("a note on the row read by position");
    assert!(
        note.message.contains("2.其他法律行政止公开"),
        "{}",
        note.message
    );
    assert_eq!(note.severity, Severity::Verify);
}

#[test]
fn markdown_copies_with_tables_in_pieces_read_whole() {
    let want = busy_report();
    let f = want.format().clone();
    let row = |label: &str, key: &str| {
        let values: Vec<&str> = [
            "natural_person",
            "commercial",
            "research",
            "social_welfare",
            "legal_service",
            "other",
            "total",
        ]
        .iter()
        .map(|c| want.cell(&format!("t3.{key}.{c}")).expect("key"))
        .collect();
        format!("| {label} | {} |\n", values.join(" | "))
    };
    let mut md = String::from(
        "# 测试局2021年度政府信息公开工作年度报告\n\n## 三、收到和处理政府信息公开申请情况\n\n",
    );
    let (rows, _) = common::t3_ids(&f);
    for (k, id) in rows.iter().enumerate() {
        if k % 6 == 0 {
            // A new small table with placeholder headers, and a page footer before it.
            md.push_str("\n— 3 —\n\n| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|\n");
        }
        let label = f
            .cells()
            .iter()
            .position(|c| c.key == format!("t3.{id}.total"))
            .map(|i| f.row_of(i).label.clone())
            .expect("row");
        md.push_str(&row(&label, id));
    }
    let got = import_published(Published::Text, md.as_bytes(), "report.md").expect("reads");
    for c in f.cells().iter().filter(|c| c.key.starts_with("t3.")) {
        assert_eq!(got.report.cell(&c.key), want.cell(&c.key), "{}", c.key);
    }
    assert_eq!(got.report.agency, "测试局");
}

#[test]
fn agency_and_date_come_from_the_signature_or_the_page() {
    let want = busy_report();
    let text = text_copy(&want, Shape::Pipes).replacen("测试局2021年度", "2021年度", 1)
        + "\n某县交通运输局\n2022年1月18日\n";
    let got = import(&text);
    assert_eq!(got.report.agency, "某县交通运输局");
    assert_eq!(
        got.report.published.map(|d| d.to_string()).as_deref(),
        Some("2022-01-18")
    );
    // A page's metadata box: 发布机构 and 公开日期.
    let mut flow: Flow = nianbao::io::published::text_rows(
        &text_copy(&want, Shape::Pipes).replacen("测试局2021年度", "2021年度", 1),
    );
    flow.meta = DocMeta {
        agency: Some("某市统计局".into()),
        published: "2022-02-10".parse().ok(),
    };
    let got = nianbao::io::published::import_flow(flow, "page.html").expect("reads");
    assert_eq!(got.report.agency, "某市统计局");
    let late = validate(&got.report, None)
        .into_iter()
        .any(|f| f.rule == "LATE");
    assert!(late, "published after 31 January");
}

#[test]
fn every_cell_read_remembers_where() {
    let want = busy_report();
    let text = text_copy(&want, Shape::Pipes);
    let got = import(&text);
    let f = got.report.format().clone();
    let i = f.index_of("t3.granted.total").expect("key");
    let origin = got.report.origin(i).expect("an origin");
    let line_no = text
        .lines()
        .position(|l| l.contains("（一）予以公开"))
        .expect("row")
        + 1;
    assert_eq!(origin.describe(), format!("第 {line_no} 行第 8 格"));
    let source = got.report.source.as_ref().expect("source text");
    let line = source.line(origin.line).expect("the line");
    assert!(line.contains("（一）予以公开"), "{line}");
    // In the JSON too, with the line's text.
    let json: serde_json::Value =
        serde_json::from_str(&nianbao::io::to_json(&got.report, &[])).expect("json");
    let o = &json["origins"]["t3.granted.total"];
    assert_eq!(o["place"], origin.describe().as_str());
    assert!(o["text"].as_str().expect("text").contains("予以公开"));
    // Unread cells are listed, their values null.
    let mut cut = text.clone();
    cut = cut.replace(
        text.lines()
            .find(|l| l.contains("（一）予以公开"))
            .expect("row"),
        "",
    );
    let got = import(&cut);
    let json: serde_json::Value =
        serde_json::from_str(&nianbao::io::to_json(&got.report, &[])).expect("json");
    let unread: Vec<&str> = json["unread"]
        .as_array()
        .expect("unread")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(unread.len(), 7);
    assert!(unread.contains(&"t3.granted.total"));
    assert!(json["values"]["t3.granted.total"].is_null());
}
