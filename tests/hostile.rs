//! Hostile and broken files: each crafted file under `tests/hostile/` gives exactly the
//! message `tests/hostile/expected.tsv` lists for it; files too big to keep in the
//! repository (deep nesting, a million rows, a million-character cell) are made here.
//! None may panic, and each is answered in bounded memory. Files named `fuzz-*` are
//! inputs on which a fuzz target (`fuzz/`) once crashed or blew up.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use nianbao::io;

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

#[test]
fn each_crafted_file_gives_its_exact_message() {
    let manifest =
        std::fs::read_to_string(hostile_dir().join("expected.tsv")).expect("expected.tsv");
    let mut seen = 0;
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let (file, want) = line.split_once('\t').expect("file<TAB>message");
        let got = match io::open_report(&hostile_dir().join(file)) {
            Ok(_) => panic!("{file} opened"),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, want, "{file}");
        seen += 1;
    }
    let files = std::fs::read_dir(hostile_dir()).expect("dir").count();
    assert_eq!(seen + 1, files, "every file but the manifest is listed");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn deep_nesting_is_an_error_or_a_report_never_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 200_000;
    let json = write(
        dir.path(),
        "deep.json",
        format!("{{\"format\":{}{}}}", "[".repeat(depth), "]".repeat(depth)).as_bytes(),
    );
    let e = io::open_report(&json).expect_err("refused").to_string();
    assert!(e.starts_with("JSON格式错误"), "{e}");
    let ron = write(
        dir.path(),
        "deep.nianbao",
        format!(
            "(nianbao: 1, format: {}{})",
            "(".repeat(depth),
            ")".repeat(depth)
        )
        .as_bytes(),
    );
    let e = io::open_report(&ron).expect_err("refused").to_string();
    assert!(e.starts_with("年报文件格式错误"), "{e}");
    // HTML is tokenised, not built into a tree: deep pages read as any other.
    let html = write(
        dir.path(),
        "deep.html",
        format!(
            "{}某局2021年度政府信息公开工作年度报告</td><td>行政许可</td><td>3{}",
            "<div><table><tr><td>".repeat(depth / 4),
            "</td></tr></table></div>".repeat(depth / 4)
        )
        .as_bytes(),
    );
    let got = io::open_report(&html).expect("reads");
    assert_eq!(got.report.year, 2021);
    assert_eq!(got.report.cell("t2.art20_5.licensing.decisions"), Some("3"));
    assert!(got.notes.iter().any(|n| n.message.contains("未能识别表")));
    // A PDF whose page and content are arrays nested 200,000 deep (the parser stops at
    // its nesting limit): a page with nothing to read.
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let pdf = write(
        dir.path(),
        "deep.pdf",
        &tiny_pdf(&deep, &format!("{deep} Tj")),
    );
    let e = io::open_report(&pdf).expect_err("refused").to_string();
    assert!(e.starts_with("此 PDF 没有可读取的文字"), "{e}");
}

/// A one-page PDF with `extra` in the page's dictionary (as `/Extra`) and `content` as
/// its content stream, with a correct cross-reference table.
fn tiny_pdf(extra: &str, content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Count 1 /Kids [3 0 R] >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Extra {extra} >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A sheet of a million filled rows is refused once it passes the cell limit.
#[test]
fn a_workbook_of_a_million_rows_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("million.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, xml) in [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ] {
        zip.start_file(name, options).expect("part");
        zip.write_all(xml.as_bytes()).expect("write");
    }
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("sheet");
    zip.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
        .expect("write");
    for r in 1..=1_000_000 {
        write!(zip, "<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>").expect("row");
    }
    zip.write_all(b"</sheetData></worksheet>").expect("write");
    zip.finish().expect("zip");
    let e = io::open_report(&path).expect_err("refused").to_string();
    assert_eq!(
        e,
        "工作表「Sheet1」内容过多（超过 100000 个单元格），不像是年度报告"
    );
}

/// A cell of a million characters is kept whole; the finding quotes its beginning.
#[test]
fn a_cell_of_a_million_characters_is_kept_and_quoted_short() {
    let mut r = common::fixture("2021_ankang_xinfangju.json");
    let key = "t3.granted.natural_person";
    let text = format!("{}次", "8".repeat(1_000_000));
    r.set_cell(key, text.clone()).expect("key");
    let dir = tempfile::tempdir().expect("tempdir");
    for ext in ["nianbao", "json", "html", "docx"] {
        let path = dir.path().join(format!("long.{ext}"));
        io::save(&r, &[], &path).expect("saved");
        let back = io::open(&path).expect("opens");
        let i = back.format().index_of(key).expect("key");
        assert_eq!(back.cell_at(i), text, "{ext}");
    }
    // Excel holds 32,767 characters a cell: the export says so rather than cut it.
    let e = io::save(&r, &[], &dir.path().join("long.xlsx")).expect_err("refused");
    assert!(
        e.to_string().starts_with(
            "内容错误：表三「（一）予以公开」「自然人」有 1000001 字，超过 Excel 单元格上限"
        ),
        "{e}"
    );
    let findings = nianbao::rules::validate(&r, None);
    let on_cell: Vec<_> = findings
        .iter()
        .filter(|f| f.cells.iter().any(|c| c == key))
        .collect();
    assert!(!on_cell.is_empty());
    for f in on_cell {
        assert!(f.message.chars().count() < 400, "{}", f.message.len());
        assert!(f.message.contains("共 1000001 字"), "{}", f.message);
    }
}
