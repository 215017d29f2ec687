//! Publishing: the HTML page and the Word document carry the whole report — read back by
//! the published-report importer they give the same cells and sections — and they are
//! what a website and Word expect (valid, self-contained HTML; a DOCX LibreOffice prints).

mod common;

use std::path::Path;
use std::process::Command;

use nianbao::io::{self, Published, import_published};
use nianbao::model::Report;
use nianbao::publish::{PublishOptions, to_docx, to_html};
use proptest::prelude::*;

/// Reads a published document back.
fn read_back(kind: Published, bytes: &[u8]) -> io::Imported {
    import_published(kind, bytes, "published").expect("imports")
}

/// The narrative as printed: one paragraph per line, blank lines only separate them,
/// runs of layout spaces shown as one (non-breaking spaces are text).
fn as_printed(text: &str) -> String {
    text.lines()
        .map(|l| {
            l.split([' ', '\t', '\r'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell as printed: HTML and Word drop the layout spaces around it (a non-breaking
/// space is text, and stays).
fn printed(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r'])
}

fn assert_round_trip(r: &Report, kind: Published, bytes: &[u8], what: &str) {
    let back = read_back(kind, bytes);
    assert!(back.notes.is_empty(), "{what}: {:#?}", back.notes);
    let got = &back.report;
    assert_eq!(got.format().id(), r.format().id(), "{what}");
    assert_eq!(got.year, r.year, "{what}");
    assert_eq!(got.agency, r.agency.trim(), "{what}");
    for (i, c) in r.format().cells().iter().enumerate() {
        assert_eq!(got.cell_at(i), printed(r.cell_at(i)), "{what}: {}", c.key);
    }
    for id in r.format().narrative_ids() {
        assert_eq!(got.section(id), as_printed(r.section(id)), "{what}: {id}");
    }
}

#[test]
fn the_fixtures_survive_html_and_docx() {
    for name in ["2021_ankang_xinfangju.json", "2020_xiangtan_xinfangju.json"] {
        let r = common::fixture(name);
        let html = to_html(&r, PublishOptions::default());
        assert_round_trip(&r, Published::Html, html.as_bytes(), name);
        let docx = to_docx(&r, PublishOptions::default()).expect("docx");
        assert_round_trip(&r, Published::Docx, &docx, name);
    }
}

#[test]
fn blank_cells_stay_blank_unless_asked_to_print_zero() {
    let mut r = common::balanced("2021", 2021);
    let key = "t3.granted.natural_person";
    r.set_cell(key, "").expect("key");
    let i = r.format().index_of(key).expect("key");
    for zero in [false, true] {
        let options = PublishOptions {
            blank_as_zero: zero,
        };
        let want = if zero { "0" } else { "" };
        let html = read_back(Published::Html, to_html(&r, options).as_bytes());
        assert_eq!(html.report.cell_at(i), want, "html, zero = {zero}");
        let docx = read_back(Published::Docx, &to_docx(&r, options).expect("docx"));
        assert_eq!(docx.report.cell_at(i), want, "docx, zero = {zero}");
    }
}

#[test]
fn the_page_is_self_contained_and_escapes_what_it_prints() {
    let mut r = common::balanced("2021", 2021);
    r.agency = "某市<script>局".into();
    r.set_section("overview", "一段 <b>加粗</b> & \"引号\"\n\n第二段");
    let html = to_html(&r, PublishOptions::default());
    for banned in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import",
    ] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    assert!(html.contains("某市&lt;script&gt;局"), "title escaped");
    assert!(html.contains("<p>一段 &lt;b&gt;加粗&lt;/b&gt; &amp; &quot;引号&quot;</p>"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("name=\"viewport\""));
}

/// The page is well formed: every element closed in order, only known elements, table
/// rows as wide as their table (html5gum tokenises it as a browser would).
#[test]
fn the_page_is_well_formed_html() {
    use html5gum::{Token, Tokenizer};
    for name in ["2021_ankang_xinfangju.json", "2020_xiangtan_xinfangju.json"] {
        let r = common::fixture(name);
        let html = to_html(&r, PublishOptions::default());
        let void = ["meta", "br"];
        let known = [
            "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "div",
            "table", "thead", "tbody", "tr", "th", "td",
        ];
        let mut open: Vec<String> = Vec::new();
        for token in Tokenizer::new(html.as_str()).flatten() {
            match token {
                Token::StartTag(t) => {
                    let name = String::from_utf8_lossy(&t.name).into_owned();
                    assert!(known.contains(&name.as_str()), "{name}");
                    if !void.contains(&name.as_str()) && !t.self_closing {
                        open.push(name);
                    }
                }
                Token::EndTag(t) => {
                    let name = String::from_utf8_lossy(&t.name).into_owned();
                    assert_eq!(open.pop().as_deref(), Some(name.as_str()));
                }
                Token::Error(e) => panic!("{name}: {e:?}"),
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed {open:?}");
    }
}

fn published_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[0-9]{1,5}",
        1 => Just(String::new()),
        1 => prop::sample::select(vec!["/", "-", "无", "8次", "1,234", "０"]).prop_map(String::from),
    ]
}

fn narrative() -> impl Strategy<Value = String> {
    prop::collection::vec("[一-龥]{1,12}[，。；]{0,1}[0-9]{0,3}[一-龥]{0,8}", 0..4)
        .prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn any_report_survives_publishing(
        (format_id, year) in prop_oneof![Just(("2019", 2020)), Just(("2021", 2022))],
        texts in prop::collection::vec(published_text(), 1..40),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..40),
        agency in "[一-龥]{2,12}",
        sections in prop::collection::vec(narrative(), 3),
    ) {
        let mut r = common::balanced(format_id, year);
        r.agency = agency;
        common::type_into_cells(&mut r, &texts, &picks);
        let ids: Vec<String> = r.format().narrative_ids().map(String::from).collect();
        for (id, text) in ids.iter().zip(&sections) {
            r.set_section(id, text.clone());
        }
        let html = to_html(&r, PublishOptions::default());
        assert_round_trip(&r, Published::Html, html.as_bytes(), "html");
        let docx = to_docx(&r, PublishOptions::default()).expect("docx");
        assert_round_trip(&r, Published::Docx, &docx, "docx");
    }
}

#[test]
fn convert_writes_html_and_docx_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = common::fixture_path("2021_ankang_xinfangju.json");
    for ext in ["html", "docx"] {
        let out = dir.path().join(format!("report.{ext}"));
        let status = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("convert")
            .arg(&src)
            .arg(&out)
            .status()
            .expect("runs");
        assert!(status.success(), "{ext}");
        let want = common::fixture("2021_ankang_xinfangju.json");
        let back = io::open(&out).expect("reads back");
        for i in 0..want.format().cells().len() {
            assert_eq!(back.cell_at(i), want.cell_at(i), "{ext}");
        }
    }
}

/// LibreOffice prints the DOCX: as many pages as a real report and every number there.
#[test]
fn libreoffice_prints_the_docx_to_pdf() {
    let Some(soffice) = common::soffice() else {
        eprintln!("soffice not on PATH: skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let r = common::fixture("2021_ankang_xinfangju.json");
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, to_docx(&r, PublishOptions::default()).expect("docx")).expect("write");
    let profile = dir.path().join("profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let pdf = dir.path().join("report.pdf");
    let pages = pdf_pages(&pdf);
    assert!((3..=8).contains(&pages), "{pages} pages");
    if let Some(text) = pdf_text(&pdf) {
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let title: String = nianbao::publish::title(&r).chars().collect();
        assert!(squeezed.contains(&title), "title in the PDF");
        assert!(squeezed.contains("三、收到和处理政府信息公开申请情况"));
        // Words of the narrow label columns wrap; these fit on one line.
        assert!(squeezed.contains("属于国家秘密"));
        assert!(squeezed.contains("四、结转下年度继续办理"));
    }
}

/// Pages of a PDF, as poppler's pdfinfo counts them.
fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// The text of a PDF, where poppler's pdftotext is installed.
fn pdf_text(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
