//! PDF reports: a real published report (淮安市洪泽区 2024, made with WPS: CID TrueType
//! fonts, Identity-H and Identity-V, a group label in a vertical font, wrapped labels,
//! a table over two pages) read cell by cell, and our own published HTML and Word
//! documents printed to PDF by LibreOffice read back with every cell.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::io::{self, FileKind, Published};
use nianbao::model::Report;
use nianbao::publish::{PublishOptions, to_docx, to_html};
use proptest::prelude::*;

fn hongze_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/published/real/2024_hongze_qu.pdf")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Tables 2, 3 and 4 of the Hongze report, as printed (checked against `pdftotext
/// -layout` and the page images): each row's label (spaces aside) and values.
const HONGZE_ROWS: &[(&str, &[&str])] = &[
    ("规章", &["0", "0", "0"]),
    ("行政规范性文件", &["3", "0", "8"]),
    ("行政许可", &["9487"]),
    ("行政处罚", &["2776"]),
    ("行政强制", &["84"]),
    ("行政事业性收费", &["7545"]),
    (
        "一、本年新收政府信息公开申请数量",
        &["95", "0", "0", "0", "0", "0", "95"],
    ),
    (
        "二、上年结转政府信息公开申请数量",
        &["0", "0", "0", "0", "0", "0", "0"],
    ),
    ("（一）予以公开", &["50", "0", "0", "0", "0", "0", "50"]),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        &["9", "0", "0", "0", "0", "0", "9"],
    ),
    ("1.属于国家秘密", &["0", "0", "0", "0", "0", "0", "0"]),
    // Sic: the report leaves out 法规禁 of 其他法律行政法规禁止公开.
    ("2.其他法律行政止公开", &["0", "0", "0", "0", "0", "0", "0"]),
    ("3.危及“三安全一稳定”", &["1", "0", "0", "0", "0", "0", "1"]),
    ("4.保护第三方合法权益", &["0", "0", "0", "0", "0", "0", "0"]),
    (
        "5.属于三类内部事务信息",
        &["0", "0", "0", "0", "0", "0", "0"],
    ),
    ("6.属于四类过程性信息", &["1", "0", "0", "0", "0", "0", "1"]),
    ("7.属于行政执法案卷", &["1", "0", "0", "0", "0", "0", "1"]),
    ("8.属于行政查询事项", &["0", "0", "0", "0", "0", "0", "0"]),
    (
        "1.本机关不掌握相关政府信息",
        &["31", "0", "0", "0", "0", "0", "31"],
    ),
    (
        "2.没有现成信息需要另行制作",
        &["1", "0", "0", "0", "0", "0", "1"],
    ),
    (
        "3.补正后申请内容仍不明确",
        &["0", "0", "0", "0", "0", "0", "0"],
    ),
    ("1.信访举报投诉类申请", &["1", "0", "0", "0", "0", "0", "1"]),
    ("2.重复申请", &["0", "0", "0", "0", "0", "0", "0"]),
    ("3.要求提供公开出版物", &["0", "0", "0", "0", "0", "0", "0"]),
    (
        "4.无正当理由大量反复申请",
        &["0", "0", "0", "0", "0", "0", "0"],
    ),
    (
        "5.要求行政机关确认或重新出具已获取信息",
        &["0", "0", "0", "0", "0", "0", "0"],
    ),
    ("（六）其他处理", &["0", "0", "0", "0", "0", "0", "0"]),
    ("（七）总计", &["95", "0", "0", "0", "0", "0", "95"]),
    (
        "四、结转下年度继续办理",
        &["0", "0", "0", "0", "0", "0", "0"],
    ),
];

/// Table 4: one row of 15 numbers under a two-level header.
const HONGZE_T4: [&str; 15] = [
    "1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3",
];

/// Every table row of the report is one row of the flow: its label, then one cell per
/// column; the group labels (`三、本年度办理结果` in a vertical font, `（三）不予公开`
/// beside its items) take no values; page numbers are gone.
#[test]
fn hongze_rows_hold_every_cell_of_tables_2_3_and_4() {
    let bytes = std::fs::read(hongze_path()).expect("fixture");
    let flow = io::published::pdf_rows(&bytes).expect("reads");
    for (label, values) in HONGZE_ROWS {
        let rows: Vec<&Vec<String>> = flow
            .rows
            .iter()
            .filter(|r| r.iter().any(|c| squeeze(c) == *label))
            .collect();
        assert_eq!(rows.len(), 1, "{label}: {rows:?}");
        let row = rows[0];
        let at = row
            .iter()
            .position(|c| squeeze(c) == *label)
            .expect("label");
        assert_eq!(&row[at + 1..], *values, "{label}");
    }
    assert!(
        flow.rows.iter().any(|r| r == &HONGZE_T4),
        "{:#?}",
        flow.rows
    );
    for group in ["（三）不予公开", "（五）不予处理"] {
        assert!(flow.rows.iter().any(|r| r == &[group]), "{group}");
    }
    let all: String = flow.rows.iter().flatten().map(|c| squeeze(c)).collect();
    assert!(
        !all.contains("本年度办理结果"),
        "the vertical group label is left out"
    );
    assert!(!all.contains("-3-") && !all.contains("-4-"), "page numbers");
    // The title over two lines is one row; a paragraph over a page break is one row.
    assert_eq!(
        flow.rows[0],
        ["淮安市洪泽区人民政府2024年政府信息公开工作年度报告"]
    );
    assert!(
        flow.rows
            .iter()
            .any(|r| r.len() == 1 && r[0].contains("答复书模板，使各行政机关答复的方式"))
    );
    // Rows say where they were read.
    let i = flow
        .rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "行政处罚"))
        .expect("row");
    assert_eq!(
        flow.place(i),
        io::published::Place::Page { page: 3, line: 3 }
    );
}

/// Through the locator: the title gives agency and year, and the cells of tables 3 and
/// 4 come out as printed.
#[test]
fn hongze_imports_through_the_locator() {
    let got = io::open_report(&hongze_path()).expect("reads");
    let r = &got.report;
    assert_eq!(r.agency, "淮安市洪泽区人民政府");
    assert_eq!(r.year, 2024);
    let (rows, cols) = common::t3_ids(r.format());
    let want: Vec<(&str, &[&str])> = vec![
        ("new_received", HONGZE_ROWS[6].1),
        ("carried_over", HONGZE_ROWS[7].1),
        ("granted", HONGZE_ROWS[8].1),
        ("partially_granted", HONGZE_ROWS[9].1),
        ("denied_state_secret", HONGZE_ROWS[10].1),
        ("denied_three_safety", HONGZE_ROWS[12].1),
        ("denied_third_party", HONGZE_ROWS[13].1),
        ("denied_internal_affairs", HONGZE_ROWS[14].1),
        ("denied_process_info", HONGZE_ROWS[15].1),
        ("denied_enforcement_file", HONGZE_ROWS[16].1),
        ("denied_admin_query", HONGZE_ROWS[17].1),
        ("unable_no_info", HONGZE_ROWS[18].1),
        ("unable_need_creation", HONGZE_ROWS[19].1),
        ("unable_unclear", HONGZE_ROWS[20].1),
        ("not_processed_complaint", HONGZE_ROWS[21].1),
        ("not_processed_repeat", HONGZE_ROWS[22].1),
        ("not_processed_publication", HONGZE_ROWS[23].1),
        ("not_processed_massive", HONGZE_ROWS[24].1),
        ("not_processed_confirm", HONGZE_ROWS[25].1),
        ("total_processed", HONGZE_ROWS[27].1),
        ("carry_forward", HONGZE_ROWS[28].1),
    ];
    for (row, values) in want {
        assert!(rows.iter().any(|r| r == row), "{row}");
        for (c, v) in cols.iter().zip(values.iter()) {
            let key = format!("t3.{row}.{c}");
            let i = r.format().index_of(&key).expect("key");
            assert_eq!(r.cell_at(i), *v, "{key}");
        }
    }
    let t4: Vec<String> = ["review", "litigation_direct", "litigation_after_review"]
        .iter()
        .flat_map(|g| {
            ["upheld", "corrected", "other", "pending", "total"]
                .iter()
                .map(move |c| format!("t4.{g}.{c}"))
        })
        .collect();
    for (key, v) in t4.iter().zip(HONGZE_T4) {
        let i = r.format().index_of(key).expect("key");
        assert_eq!(r.cell_at(i), v, "{key}");
    }
    assert!(
        r.section("problems")
            .starts_with("2024年，全区政府信息公开工作")
    );
    assert!(r.section("other_matters").contains("信息处理费0元"));
}

/// Prints documents to PDF with LibreOffice, all in one run; `None` without LibreOffice.
fn print_to_pdf(dir: &Path, documents: &[PathBuf]) -> Option<Vec<Vec<u8>>> {
    let soffice = common::soffice()?;
    let profile = dir.join("profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.join("pdf"))
        .args(documents)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    // To look at what was printed: NIANBAO_KEEP_PDF=folder.
    if let Some(keep) = std::env::var_os("NIANBAO_KEEP_PDF") {
        std::fs::create_dir_all(&keep).expect("folder");
        for d in documents {
            let name = d.file_stem().expect("name").to_string_lossy().into_owned();
            let pdf = dir.join("pdf").join(format!("{name}.pdf"));
            std::fs::copy(&pdf, Path::new(&keep).join(format!("{name}.pdf"))).expect("copy");
            std::fs::copy(d, Path::new(&keep).join(d.file_name().expect("name"))).expect("copy");
        }
    }
    Some(
        documents
            .iter()
            .map(|d| {
                let name = d.file_stem().expect("name").to_string_lossy().into_owned();
                std::fs::read(dir.join("pdf").join(format!("{name}.pdf"))).expect("printed")
            })
            .collect(),
    )
}

/// A narrative as its printed paragraphs: blank lines and spaces cannot be told apart
/// in a PDF, and LibreOffice leaves out full-width punctuation where a justified line
/// breaks after it (`工作制度，` at the end of a line prints as `工作制度`: the comma is
/// not in the PDF at all, pdftotext does not find it either).
fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| squeeze(l).replace(['，', '；', '：', '、', '。'], ""))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Reads a printed PDF back and compares it with the report printed: format, year, every
/// cell (spaces aside: a PDF has no leading or trailing spaces), the narrative, and the
/// agency (LibreOffice leaves the title of a web page out, so only from Word).
fn assert_same(r: &Report, pdf: &[u8], what: &str, with_title: bool) {
    let name = format!("{}.pdf", r.year);
    let got = io::read_report(FileKind::Published(Published::Pdf), pdf, &name)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let back = &got.report;
    assert_eq!(back.format().id(), r.format().id(), "{what}");
    assert_eq!(back.year, r.year, "{what}");
    if with_title {
        assert_eq!(back.agency, r.agency.trim(), "{what}");
    }
    // Every cell read is the one printed; a cell the layout left unread is counted (it
    // is never taken for a blank or a 0), and must stay rare.
    let mut unread = Vec::new();
    for (i, c) in r.format().cells().iter().enumerate() {
        if back.is_unread(i) {
            unread.push(c.key.as_str());
            continue;
        }
        assert_eq!(
            squeeze(back.cell_at(i)),
            squeeze(r.cell_at(i)),
            "{what}: {}",
            c.key
        );
    }
    assert!(
        unread.len() * 50 <= r.format().cells().len(),
        "{what}: {} cells unread: {unread:?}",
        unread.len()
    );
    for id in r.format().narrative_ids() {
        assert_eq!(
            paragraphs(back.section(id)),
            paragraphs(r.section(id)),
            "{what}: {id}"
        );
    }
}

/// Both fixtures published as a web page and as a Word document, printed by
/// LibreOffice, read back with every cell.
#[test]
fn the_fixtures_printed_from_html_and_docx_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut documents = Vec::new();
    let mut reports = Vec::new();
    for name in ["2021_ankang_xinfangju", "2020_xiangtan_xinfangju"] {
        let r = common::fixture(&format!("{name}.json"));
        let html = dir.path().join(format!("{name}-html.html"));
        std::fs::write(&html, to_html(&r, PublishOptions::default())).expect("html");
        let docx = dir.path().join(format!("{name}-docx.docx"));
        std::fs::write(&docx, to_docx(&r, PublishOptions::default()).expect("docx")).expect("docx");
        documents.extend([html, docx]);
        reports.push(r);
    }
    let Some(pdfs) = print_to_pdf(dir.path(), &documents) else {
        eprintln!("soffice not on PATH: skipped");
        return;
    };
    for (k, pdf) in pdfs.iter().enumerate() {
        let what = documents[k].display().to_string();
        assert_same(&reports[k / 2], pdf, &what, k % 2 == 1);
    }
}

/// A report whose table 3 starts at the foot of a page (found by the property below):
/// printed from our Word document, every row is on paper — kept whole, the rows under
/// 「三、本年度办理结果」 (merged down over the page break) were left out by LibreOffice —
/// and every cell reads back.
#[test]
fn a_table_over_a_page_break_prints_every_row() {
    let r = common::fixture("printed/table3_over_a_page_break.json");
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("r.docx");
    std::fs::write(&docx, to_docx(&r, PublishOptions::default()).expect("docx")).expect("docx");
    let Some(pdfs) = print_to_pdf(dir.path(), &[docx]) else {
        eprintln!("soffice not on PATH: skipped");
        return;
    };
    let got =
        io::read_report(FileKind::Published(Published::Pdf), &pdfs[0], "r.pdf").expect("reads");
    for (i, c) in r.format().cells().iter().enumerate() {
        assert!(!got.report.is_unread(i), "{} unread", c.key);
        assert_eq!(
            squeeze(got.report.cell_at(i)),
            squeeze(r.cell_at(i)),
            "{}",
            c.key
        );
    }
}

/// A cell as clerks type it: mostly numbers, some blank or a dash.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[0-9]{1,5}",
        1 => Just(String::new()),
        1 => prop::sample::select(vec!["-", "/", "无"]).prop_map(String::from),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec("[一-龥]{4,40}[，。；]", 1..4).prop_map(|parts| parts.concat())
}

prop_compose! {
    fn any_report()(
        (format_id, year) in prop_oneof![Just(("2019", 2020)), Just(("2021", 2023))],
        texts in prop::collection::vec(cell_text(), 1..60),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..60),
        agency in "[一-龥]{2,10}",
        sections in prop::collection::vec(prop::collection::vec(paragraph(), 1..4), 3),
    ) -> Report {
        let mut r = common::balanced(format_id, year);
        r.agency = agency;
        common::type_into_cells(&mut r, &texts, &picks);
        let ids: Vec<String> = r.format().narrative_ids().map(String::from).collect();
        for (id, text) in ids.iter().zip(&sections) {
            r.set_section(id, text.join("\n"));
        }
        r
    }
}

proptest! {
    // LibreOffice takes a second or two a document: four reports, printed in one run.
    // Printed from Word documents, as agencies print theirs: LibreOffice's HTML import
    // ignores `tr { page-break-inside: avoid }` and may cut a row between its label and
    // its values across pages (the fixtures above are printed from HTML too).
    #![proptest_config(ProptestConfig { cases: 1, max_shrink_iters: 0, ..ProptestConfig::default() })]

    #[test]
    fn any_report_printed_to_pdf_reads_back(reports in prop::collection::vec(any_report(), 4)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let documents: Vec<PathBuf> = reports
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let p = dir.path().join(format!("r{k}.docx"));
                std::fs::write(&p, to_docx(r, PublishOptions::default()).expect("docx")).expect("write");
                p
            })
            .collect();
        let Some(pdfs) = print_to_pdf(dir.path(), &documents) else {
            eprintln!("soffice not on PATH: skipped");
            return Ok(());
        };
        for (k, (r, pdf)) in reports.iter().zip(&pdfs).enumerate() {
            assert_same(r, pdf, &documents[k].display().to_string(), true);
        }
    }
}

/// A scan is a file the command line cannot read: exit 2, and the reason in Chinese.
#[test]
fn a_scan_is_unreadable_for_the_command_line() {
    let scan = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/scan.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("check")
        .arg(&scan)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("此 PDF 是扫描图像，没有可读取的文字层"),
        "{err}"
    );
}
