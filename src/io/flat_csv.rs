//! A flat CSV of every cell for researchers: `key,table,row label,column label,text,value`,
//! UTF-8 with a byte-order mark so Excel and WPS read the Chinese correctly.

use crate::model::Report;

/// The CSV text.
pub fn to_csv(report: &Report) -> String {
    let format = report.format();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(["key", "table", "row label", "column label", "text", "value"]);
    for (i, cell) in format.cells().iter().enumerate() {
        let reading = report.reading_at(i);
        let value = reading
            .value()
            .map(|v| v.normalize().to_string())
            .unwrap_or_default();
        let _ = w.write_record([
            cell.key.as_str(),
            format.tables()[cell.table].name.as_str(),
            format.row_of(i).short_label(),
            format.column_of(i).label.as_str(),
            report.cell_at(i),
            value.as_str(),
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    #[test]
    fn one_line_per_cell_with_text_and_value() {
        let f = Registry::builtin()
            .expect("formats")
            .get("2021")
            .expect("f")
            .clone();
        let mut r = Report::new(f.clone(), "某局", 2021);
        r.set_cell("t3.granted.commercial", "8次").expect("key");
        let text = to_csv(&r);
        assert!(text.starts_with("\u{feff}key,table,row label,column label,text,value\r\n"));
        assert_eq!(text.lines().count(), f.cells().len() + 1);
        assert!(text.contains("t3.granted.commercial,表三,（一）予以公开,商业企业,8次,8\r\n"));
    }
}
