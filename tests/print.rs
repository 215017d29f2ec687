//! The exported workbook prints as the official form: LibreOffice turns it into a PDF of
//! a few pages, each table whole on its page, every label of table 3 whole, the
//! narrative's paragraphs whole, and the hidden 元数据 sheet not at all. Skipped (with a
//! note) where LibreOffice or poppler-utils are missing; `.ci/install-deps` installs them.
//!
//! `UPDATE_SNAPSHOTS=1` renews `tests/snapshots/workbook_print_table3.png`, table 3's
//! page at 50 dpi, kept for reference (not compared).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::format::RowEntry;
use nianbao::io;
use nianbao::model::Report;
use nianbao::rules::validate;

fn available(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The report exported as a workbook and printed by LibreOffice to PDF.
fn printed(r: &Report, dir: &Path) -> PathBuf {
    let xlsx = dir.join("report.xlsx");
    io::save(r, &validate(r, None), &xlsx).expect("exported");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}/lo", dir.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("report.pdf")
}

/// Pages of a PDF, and whether each is turned on its side, as poppler's pdfinfo says.
fn pages(pdf: &Path) -> Vec<bool> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "1000"])
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            // "Page    2 size:  841.89 x 595.304 pts (A4)"
            let size = l.split_once(" size:")?.1;
            let mut wh = size
                .split_whitespace()
                .filter_map(|w| w.parse::<f64>().ok());
            let (w, h) = (wh.next()?, wh.next()?);
            l.starts_with("Page").then_some(w > h)
        })
        .collect()
}

/// The text of page `n` (from 1), without white space (wrapped lines join up again).
fn page_text(pdf: &Path, n: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    squeeze(&String::from_utf8_lossy(&out.stdout))
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The one page holding `text`.
fn the_page(texts: &[String], text: &str) -> usize {
    let holding: Vec<usize> = (0..texts.len())
        .filter(|&k| texts[k].contains(text))
        .collect();
    assert_eq!(holding.len(), 1, "pages holding {text}: {holding:?}");
    holding[0]
}

#[test]
fn the_workbook_prints_as_the_official_form() {
    if !available("soffice", "--version") || !available("pdfinfo", "-v") {
        eprintln!("soffice or pdfinfo not on PATH: print check skipped");
        return;
    }
    for (name, most) in [
        ("2021_ankang_xinfangju.json", 6),
        ("2020_xiangtan_xinfangju.json", 6),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let r = common::fixture(name);
        let pdf = printed(&r, dir.path());
        let landscape = pages(&pdf);
        let n = landscape.len();
        assert!((4..=most).contains(&n), "{name}: {n} pages");
        let texts: Vec<String> = (1..=n).map(|k| page_text(&pdf, k)).collect();

        // Table 3 is on one page, turned on its side, every label whole.
        let t3 = the_page(&texts, "一、本年新收政府信息公开申请数量");
        assert!(landscape[t3], "{name}: table 3 upright");
        let format = r.format();
        let table = format
            .tables()
            .iter()
            .find(|t| t.id == "t3")
            .expect("table 3");
        for entry in &table.blocks[0].rows {
            let label = match entry {
                RowEntry::Row(row) => &row.label,
                RowEntry::Heading(h) => &h.label,
            };
            assert!(
                texts[t3].contains(&squeeze(label)),
                "{name}: 「{label}」 not whole on table 3's page"
            );
        }
        for column in ["自然人", "商业企业", "法律服务机构", "总计", "申请人情况"]
        {
            assert!(texts[t3].contains(column), "{name}: {column}");
        }
        assert!(texts[t3].contains("四、结转下年度继续办理"));

        // Tables 2 and 4 are whole on a page each, table 4 on its side.
        let t2 = the_page(&texts, "二、主动公开政府信息情况");
        assert!(!landscape[t2], "{name}: table 2 on its side");
        for text in ["第二十条第（一）项", "第二十条第（八）项", "行政事业性收费"]
        {
            assert!(
                texts[t2].contains(text),
                "{name}: {text} not on table 2's page"
            );
        }
        let t4 = the_page(&texts, "四、政府信息公开行政复议、行政诉讼情况");
        assert!(landscape[t4], "{name}: table 4 upright");
        assert_eq!(texts[t4].matches("尚未审结").count(), 3, "{name}");
        assert!(texts[t4].contains("复议后起诉"));

        // The narrative's paragraphs print whole, upright.
        let all: String = texts.concat();
        for id in format.narrative_ids() {
            for paragraph in r.section(id).split('\n') {
                assert!(
                    all.contains(&squeeze(paragraph)),
                    "{name}: paragraph not whole: {paragraph}"
                );
            }
        }
        let overview = the_page(&texts, "一、总体情况");
        assert!(!landscape[overview]);

        // Every page has its running head and page number; 元数据 is never printed.
        for (k, text) in texts.iter().enumerate() {
            assert!(text.contains(&r.agency), "{name}: page {}", k + 1);
            assert!(
                text.contains(&format!("第{}页共{n}页", k + 1)),
                "{name}: {text}"
            );
            assert!(!text.contains("生成程序") && !text.contains("报告格式"));
        }

        if name.starts_with("2021") && std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            let png = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/snapshots/workbook_print_table3");
            let page = (t3 + 1).to_string();
            let status = Command::new("pdftoppm")
                .args(["-r", "50", "-png", "-singlefile", "-f", &page, "-l", &page])
                .arg(&pdf)
                .arg(&png)
                .status()
                .expect("pdftoppm runs");
            assert!(status.success());
        }
    }
}

/// The findings sheet prints on its side with its messages wrapped in their rows, one
/// page wide, its header over every page.
#[test]
fn findings_print_whole_and_wrapped() {
    if !available("soffice", "--version") || !available("pdfinfo", "-v") {
        eprintln!("soffice or pdfinfo not on PATH: print check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = common::fixture("2021_ankang_xinfangju.json");
    // Break a total in every column of table 3, and blank some cells.
    for key in ["t3.total_processed.natural_person", "t3.new_received.total"] {
        r.set_cell(key, "7").expect("cell");
    }
    for key in ["t3.granted.research", "t3.denied_state_secret.other"] {
        r.set_cell(key, "").expect("cell");
    }
    let findings = validate(&r, None);
    assert!(findings.len() >= 4, "{}", findings.len());
    let pdf = printed(&r, dir.path());
    let landscape = pages(&pdf);
    let texts: Vec<String> = (1..=landscape.len()).map(|k| page_text(&pdf, k)).collect();
    let first = texts
        .iter()
        .position(|t| t.contains("严重程度") && t.contains("审核意见"))
        .unwrap_or_else(|| panic!("no findings' page: {texts:#?}"));
    assert!(landscape[first]);
    // The PDF's text runs cell by cell only within a column; the message column's
    // cells are whole.
    let all: String = texts[first..].concat();
    for f in &findings {
        assert!(
            all.contains(&squeeze(&f.message)),
            "message not whole: {}",
            f.message
        );
    }
}

/// A paragraph longer than a row can show goes on in the next rows and prints whole:
/// every sentence of it is in the PDF.
#[test]
fn a_long_paragraph_prints_whole() {
    if !available("soffice", "--version") || !available("pdfinfo", "-v") {
        eprintln!("soffice or pdfinfo not on PATH: print check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = common::fixture("2021_ankang_xinfangju.json");
    let sentences: Vec<String> = (0..160)
        .map(|k| format!("第{k}句话说明本机关政府信息公开工作的一个方面。"))
        .collect();
    r.set_section("overview", sentences.concat());
    let pdf = printed(&r, dir.path());
    let n = pages(&pdf).len();
    let all: String = (1..=n).map(|k| page_text(&pdf, k)).collect();
    for s in &sentences {
        assert!(all.contains(s.as_str()), "not printed whole: {s}");
    }
}
