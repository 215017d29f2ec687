//! Spreadsheets: our export reads back as the very same report, agency-made workbooks
//! (their own offsets, merges, one sheet or several, Traditional labels) are read by
//! their labels, and bad workbooks give errors in Chinese.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::format::Format;
use nianbao::io::{self, FileError};
use nianbao::model::{Date, Report, Review, ReviewStatus};
use nianbao::rules::validate;
use proptest::prelude::*;
use rust_xlsxwriter::{Format as Style, FormatBorder, Workbook, Worksheet};

fn export(r: &Report, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    io::save(r, &validate(r, None), &path).expect("exported");
    path
}

/// A report with everything a file can hold: odd cell texts, a date, reviews.
fn full_report(format_id: &str, year: i32) -> Report {
    let mut r = common::balanced(format_id, year);
    r.published = Some("2022-01-20".parse::<Date>().expect("date"));
    let n = r.format().cells().len();
    for (i, text) in ["8次", "/", "", " 3", "0035", "1e5", "-0", "无"]
        .iter()
        .enumerate()
    {
        r.set_cell_at((i * 7) % n, *text);
    }
    r.reviews.insert(
        "CELL-UNIT@t3.granted.commercial".into(),
        Review {
            explanation: "系统导出\n含单位".into(),
            status: ReviewStatus::Confirmed,
            note: "同意".into(),
            basis: "实际 8".into(),
        },
    );
    r
}

#[test]
fn our_export_reads_back_identical_in_both_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (f, y) in [("2019", 2020), ("2021", 2021)] {
        let r = full_report(f, y);
        let path = export(&r, dir.path(), &format!("{f}.xlsx"));
        let back = io::open_report(&path).expect("imports");
        assert_eq!(back.report, r, "{f}");
        assert!(back.notes.is_empty(), "{:#?}", back.notes);
    }
    for name in ["2021_ankang_xinfangju.json", "2020_xiangtan_xinfangju.json"] {
        let r = common::fixture(name);
        let path = export(&r, dir.path(), "fixture.xlsx");
        assert_eq!(io::open(&path).expect("imports"), r, "{name}");
    }
}

/// The 叙述 sheet holds a paragraph a row, so that it prints at a readable width: blank
/// lines, line endings, a paragraph that reads like a section title, paragraphs longer
/// than a row can show, and a section of line breaks only all come back as written.
#[test]
fn narrative_paragraphs_read_back_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = common::balanced("2021", 2021);
    r.set_section(
        "overview",
        "\n第一段。\r\n\n\n五、存在的主要问题及改进情况\n  缩进的段落  \n",
    );
    // Too long for one row: it goes on in the next rows, and comes back in one piece.
    let long = format!("{}没有句号的结尾", "很长的一段话，".repeat(700));
    r.set_section("problems", format!("{long}\n\n{long}"));
    r.set_section("other_matters", "\n\n");
    let path = export(&r, dir.path(), "r.xlsx");
    let back = io::open(&path).expect("imports");
    assert_eq!(
        back.sections().collect::<Vec<_>>(),
        r.sections().collect::<Vec<_>>()
    );
    assert_eq!(back, r);
}

/// Found by the property test below: an agency name of rare characters (CI, 2026-11).
#[test]
fn an_agency_of_rare_characters_survives_export_and_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = common::balanced("2019", 2020);
    r.agency = "🕴I%🕴:\u{fffd}𝒸{🠁\u{fffd}Ⱥ/d൛ꞖἜ\u{740}*r".into();
    let path = export(&r, dir.path(), "r.xlsx");
    assert_eq!(io::open(&path).expect("imports").agency, r.agency);
    // Found by the same test: no agency, no overview, the first cell blank.
    let mut r = common::balanced("2019", 2020);
    r.agency = String::new();
    r.set_section("overview", "");
    r.set_cell_at(0, "");
    let path = export(&r, dir.path(), "r.xlsx");
    let back = io::open(&path).expect("imports");
    assert_eq!(back.agency, r.agency);
    assert_eq!(back.year, r.year);
    assert_eq!(back.published, r.published);
    assert_eq!(
        back.sections().collect::<Vec<_>>(),
        r.sections().collect::<Vec<_>>()
    );
    for i in 0..r.format().cells().len() {
        assert_eq!(back.cell_at(i), r.cell_at(i), "{i}");
    }
    assert_eq!(back, r);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_report_survives_export_and_import(
        (format_id, year) in prop_oneof![Just(("2019", 2020)), Just(("2021", 2022))],
        texts in prop::collection::vec(
            prop_oneof![any::<String>(), "[0-9]{1,6}", "[0-9]{1,3}\\.[0-9]{1,2}", "[ 　0-9次件/\\-]{0,5}"],
            1..30,
        ),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..30),
        agency in any::<String>(),
        overview in any::<String>(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut r = common::balanced(format_id, year);
        r.agency = agency;
        r.set_section("overview", overview);
        common::type_into_cells(&mut r, &texts, &picks);
        let path = export(&r, dir.path(), "r.xlsx");
        prop_assert_eq!(&io::open(&path).expect("imports"), &r);
    }
}

/// How an agency lays out its own workbook.
struct AgencyLayout {
    /// Where the first table starts.
    top: u32,
    left: u16,
    /// Blank rows left between data rows.
    gap: u32,
    /// All tables on one sheet (else one sheet each).
    one_sheet: bool,
    /// What the agency typed for a label.
    label: fn(&str) -> String,
}

impl AgencyLayout {
    /// One sheet from A1, no blank rows, labels typed `label`'s way.
    fn plain(label: fn(&str) -> String) -> AgencyLayout {
        AgencyLayout {
            top: 0,
            left: 0,
            gap: 0,
            one_sheet: true,
            label,
        }
    }
}

/// Writes `r` as an agency would: the official form at its own offsets, merged
/// headers, a title with agency and year, labels typed its own way.
fn agency_workbook(r: &Report, style: &AgencyLayout, path: &Path) {
    let format: &Format = r.format();
    let mut book = Workbook::new();
    let boxed = Style::new().set_border(FormatBorder::Thin);
    let mut row = style.top;
    let mut sheet_index = 0;
    book.add_worksheet().set_name("Sheet1").expect("name");
    {
        let s = book.worksheet_from_index(0).expect("sheet");
        let title = format!("{}{}年政府信息公开工作年度报告", r.agency, r.year);
        s.write_string(row, style.left, &title).expect("title");
    }
    row += 2;
    for t in 0..format.tables().len() {
        if !style.one_sheet && t > 0 {
            book.add_worksheet();
            sheet_index += 1;
            row = style.top;
        }
        let s: &mut Worksheet = book.worksheet_from_index(sheet_index).expect("sheet");
        for block in format.form(t) {
            let shift = usize::from(!block.labelled);
            for h in &block.header {
                let Some(first) = h.col.checked_sub(shift) else {
                    continue;
                };
                let (r0, c0) = (row + h.row as u32, style.left + first as u16);
                let (r1, c1) = (r0 + h.rows as u32 - 1, c0 + h.cols as u16 - 1);
                let text = (style.label)(&h.text);
                if (r0, c0) == (r1, c1) {
                    s.write_string_with_format(r0, c0, &text, &boxed)
                        .expect("header");
                } else {
                    s.merge_range(r0, c0, r1, c1, &text, &boxed).expect("merge");
                }
            }
            row += block.levels as u32;
            for line in &block.lines {
                if let Some((label, _)) = &line.label {
                    s.write_string(row, style.left, (style.label)(label))
                        .expect("label");
                }
                for (k, cell) in line.cells.iter().enumerate() {
                    let Some(i) = cell else { continue };
                    let c = style.left + (k + 1 - shift) as u16;
                    let text = r.cell_at(*i);
                    match text.parse::<f64>() {
                        Ok(v) if !text.is_empty() => s.write_number(row, c, v).expect("n"),
                        _ => s.write_string(row, c, text).expect("s"),
                    };
                }
                row += 1 + style.gap;
            }
            row += 2;
        }
    }
    // The narrative as earlier exports wrote it: each title with its text beside it.
    let s = book.add_worksheet().set_name("叙述").expect("name");
    for (k, id) in format.narrative_ids().enumerate() {
        let title = format.section_title(id).expect("title");
        s.write_string(k as u32, 0, &title).expect("title");
        s.write_string(k as u32, 1, r.section(id)).expect("text");
    }
    book.save(path).expect("saved");
}

fn traditional(label: &str) -> String {
    label
        .replace("公开", "公開")
        .replace("处理", "處理")
        .replace("机关", "機關")
        .replace("申请", "申請")
        .replace("行政复议", "行政復議")
        .replace("诉讼", "訴訟")
        .replace('.', "、")
        .replace("（", " (")
        .replace("）", ") ")
}

fn line_broken(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() > 6 {
        let (a, b) = chars.split_at(chars.len() / 2);
        format!(
            "{}\n{}",
            a.iter().collect::<String>(),
            b.iter().collect::<String>()
        )
    } else {
        label.to_owned()
    }
}

fn assert_same_cells(got: &Report, want: &Report) {
    for (i, c) in want.format().cells().iter().enumerate() {
        assert_eq!(got.cell_at(i), want.cell_at(i), "{}", c.key);
    }
}

#[test]
fn agency_workbooks_are_read_by_their_labels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut want = common::balanced("2021", 2021);
    want.agency = "某县人民政府办公室".into();
    let styles = [
        AgencyLayout {
            top: 3,
            left: 2,
            gap: 0,
            one_sheet: true,
            label: |s| s.to_owned(),
        },
        AgencyLayout {
            top: 0,
            left: 0,
            gap: 1,
            one_sheet: false,
            label: traditional,
        },
        AgencyLayout {
            top: 5,
            left: 1,
            gap: 0,
            one_sheet: true,
            label: line_broken,
        },
    ];
    for (k, style) in styles.iter().enumerate() {
        let path = dir.path().join(format!("agency{k}.xlsx"));
        agency_workbook(&want, style, &path);
        let got = io::open_report(&path).expect("imports");
        assert_eq!(got.report.format().id(), "2021", "style {k}");
        assert_eq!(got.report.year, 2021, "style {k}");
        assert_eq!(got.report.agency, "某县人民政府办公室", "style {k}");
        assert_same_cells(&got.report, &want);
        assert_eq!(
            got.report.sections().collect::<Vec<_>>(),
            want.sections().collect::<Vec<_>>(),
            "style {k}"
        );
        assert!(got.notes.is_empty(), "style {k}: {:#?}", got.notes);
    }
}

#[test]
fn a_2019_workbook_is_recognised_and_a_missing_row_is_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Last year's template used for a 2021 report: detected, and flagged by FORMAT-YEAR.
    let mut want = common::balanced("2019", 2021);
    want.agency = "某局".into();
    let path = dir.path().join("old.xlsx");
    agency_workbook(&want, &AgencyLayout::plain(|s| s.to_owned()), &path);
    let doc = nianbao::document::Document::open(&path).expect("opens");
    assert_eq!(doc.report().format().id(), "2019");
    assert!(doc.findings().iter().any(|f| f.rule == "FORMAT-YEAR"));

    // A row the agency left out of table 3 is named, not silently blank.
    let mut want = common::balanced("2021", 2021);
    want.agency = "某局".into();
    let path = dir.path().join("missing.xlsx");
    agency_workbook(
        &want,
        &AgencyLayout::plain(|s| {
            if s == "4.保护第三方合法权益" {
                "备注".into()
            } else {
                s.to_owned()
            }
        }),
        &path,
    );
    let got = io::open_report(&path).expect("imports");
    let note = got
        .notes
        .iter()
        .find(|n| n.rule == "IMPORT-NOT-FOUND")
        .expect("a note");
    assert!(
        note.message.contains("4.保护第三方合法权益"),
        "{}",
        note.message
    );
    assert!(
        note.cells
            .contains(&"t3.denied_third_party.total".to_owned())
    );
    assert_eq!(got.report.cell("t3.denied_third_party.total"), Some(""));
}

#[test]
fn bad_workbooks_are_errors_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = dir.path().join("garbage.xlsx");
    let bytes = b"PK\x03\x04 this is not a workbook";
    std::fs::write(&garbage, bytes).expect("written");
    let e = io::open(&garbage).expect_err("garbage");
    assert!(e.to_string().contains("工作簿"), "{e}");
    assert_eq!(std::fs::read(&garbage).expect("still there"), bytes);

    let unrelated = dir.path().join("unrelated.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "购物清单")
        .expect("cell");
    book.save(&unrelated).expect("saved");
    assert!(matches!(
        io::open(&unrelated),
        Err(FileError::NotAReport(_))
    ));

    let huge = dir.path().join("huge.xlsx");
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for r in 0..(io::workbook::MAX_CELLS as u32 / 10 + 1) {
        for c in 0..11 {
            s.write_number(r, c, 1).expect("cell");
        }
    }
    book.save(&huge).expect("saved");
    assert!(matches!(
        io::open(&huge),
        Err(FileError::TooManyCells { .. })
    ));
}

#[test]
fn csv_export_lists_every_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = full_report("2021", 2021);
    let path = export(&r, dir.path(), "cells.csv");
    let text = std::fs::read_to_string(&path).expect("csv");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), r.format().cells().len());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(&row[0], r.format().cell(i).key);
        assert_eq!(&row[4], r.cell_at(i));
    }
}

/// LibreOffice converts the exported workbook to CSV headlessly and the numbers of
/// table 3 come out as we wrote them. Skipped (with a note) where soffice is missing;
/// `.ci/run` installs it.
#[test]
fn libreoffice_reads_the_exported_numbers() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("soffice not on PATH: LibreOffice check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let r = common::fixture("2021_ankang_xinfangju.json");
    let path = export(&r, dir.path(), "report.xlsx");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/lo",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to"])
        // All sheets, each to its own file (LibreOffice 7.2+), UTF-8.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(dir.path())
        .arg(&path)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t3 = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("表三.csv"))
        .expect("a CSV of 表三");
    let text = std::fs::read_to_string(&t3).expect("csv");
    let line = text
        .lines()
        .find(|l| l.starts_with("1.本机关不掌握相关政府信息"))
        .expect("the row");
    let fields: Vec<&str> = line.split(',').collect();
    let (_, columns) = common::t3_ids(r.format());
    let want: Vec<&str> = columns
        .iter()
        .map(|c| {
            r.cell(&format!("t3.unable_no_info.{c}"))
                .expect("cell")
                .trim()
        })
        .collect();
    assert_eq!(&fields[1..=columns.len()], &want[..]);
}

/// A workbook laid out otherwise than the template — nianbao's own comparison of two
/// years, read as grids past its marker — holds the template's labels where the
/// importer looks for values: those cells are unread, never numbers gone wrong.
#[test]
fn labels_where_values_should_be_are_unread_not_errors() {
    let last = common::fixture("2020_xiangtan_xinfangju.json");
    let this = common::fixture("2021_ankang_xinfangju.json");
    let bytes = nianbao::compare::to_xlsx(&nianbao::compare::compare(&last, &this))
        .expect("comparison workbook");
    assert!(matches!(
        io::read_report(io::FileKind::Xlsx, &bytes, "比较.xlsx"),
        Err(FileError::OwnOutput(_))
    ));
    let grids = io::workbook::read_workbook(&bytes).expect("grids");
    let imported = io::import_grids(&grids, "比较.xlsx").expect("some cells found");
    let labels: Vec<String> = imported
        .report
        .format()
        .tables()
        .iter()
        .flat_map(|t| t.printed_labels().map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| l.chars().count() >= 2)
        .collect();
    for (key, text) in imported.report.cells() {
        assert!(!labels.iter().any(|l| l == text.trim()), "{key}: {text}");
    }
    let blocking: Vec<_> = validate(&imported.report, None)
        .into_iter()
        .filter(|f| {
            f.rule == "CELL-NUMBER" && labels.iter().any(|l| f.message.contains(l.as_str()))
        })
        .collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.message.contains("标题文字")),
        "{:#?}",
        imported.notes
    );
}
