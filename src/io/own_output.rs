//! Workbooks nianbao writes that are not reports (与上年比较, 批量审核汇总): marked by a
//! custom document property, so that reading one as a report is refused with what it
//! is — its table labels would otherwise be taken for a report's cells.

use std::io::{Cursor, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The custom document property naming what a nianbao workbook that is not a report is.
pub const PROPERTY: &str = "nianbao-output";

/// Most bytes of `docProps/custom.xml` read (ours is well under 1 KB).
const MAX_BYTES: u64 = 64 * 1024;

/// What the workbook in `bytes` is, if nianbao wrote it as something other than a
/// report (the value of its [`PROPERTY`]).
pub fn kind(bytes: &[u8]) -> Option<String> {
    kind_in(Cursor::new(bytes))
}

/// [`kind`] of the workbook at `path`, reading only its directory and the property part
/// (a folder's workbooks are looked at before they are read).
pub fn kind_of_file(path: &std::path::Path) -> Option<String> {
    kind_in(std::fs::File::open(path).ok()?)
}

fn kind_in(workbook: impl Read + Seek) -> Option<String> {
    let mut zip = zip::ZipArchive::new(workbook).ok()?;
    let mut xml = Vec::new();
    zip.by_name("docProps/custom.xml")
        .ok()?
        .take(MAX_BYTES)
        .read_to_end(&mut xml)
        .ok()?;
    property(&xml, PROPERTY)
}

/// The text of the custom property `name` in a `docProps/custom.xml`.
fn property(xml: &[u8], name: &str) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut inside = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().into_inner() == "property" => {
                inside = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.local_name().into_inner() == "name" && a.value.as_ref() == name);
            }
            Event::End(e) if e.local_name().into_inner() == "property" => inside = false,
            Event::Text(t) if inside => {
                let text = t.xml10_content().trim().to_owned();
                if !text.is_empty() {
                    return Some(text);
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_property_is_read_by_its_name() {
        let xml = r#"<?xml version="1.0"?><Properties xmlns:vt="v"><property fmtid="x" pid="2" name="nianbao-format"><vt:lpwstr>2021</vt:lpwstr></property><property fmtid="x" pid="3" name="nianbao-output"><vt:lpwstr>与上年比较</vt:lpwstr></property></Properties>"#;
        let xml = xml.as_bytes();
        assert_eq!(property(xml, PROPERTY).as_deref(), Some("与上年比较"));
        assert_eq!(property(xml, "nianbao-format").as_deref(), Some("2021"));
        assert_eq!(property(xml, "other"), None);
        assert_eq!(kind(b"not a zip"), None);
    }
}
