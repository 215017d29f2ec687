//! Text in whatever encoding a report was saved in: UTF-8 (with or without BOM),
//! UTF-16 (LE/BE, with BOM or recognised by its zero bytes), or GBK/GB18030.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Decodes `bytes`, telling the encoding apart by BOM, validity and byte patterns.
/// Returns the text and the encoding's name.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    // Before UTF-8: UTF-16 text is often valid UTF-8 too, full of NULs.
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), enc.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8");
    }
    let (text, _, _) = GB18030.decode(bytes);
    (text.into_owned(), GB18030.name())
}

/// UTF-16 without a BOM: ASCII (newlines, digits, tabs) shows up as zero bytes on one
/// side of the pairs, far more than on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros_at = |odd: usize| {
        bytes
            .iter()
            .skip(odd)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // Chinese text in UTF-16 still has its line breaks, digits and tabs in ASCII.
    let threshold = pairs / 10 + 1;
    // CJK characters put zeros on either side (U+4E00 is 00 4E in LE), ASCII on one.
    if odd >= threshold && odd > 3 * even {
        Some(UTF_16LE)
    } else if even >= threshold && even > 3 * odd {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "一、总体情况\n规章\t0\n";

    #[test]
    fn every_encoding_reads_back() {
        let gbk = GB18030.encode(TEXT).0.into_owned();
        assert_eq!(decode(&gbk), (TEXT.to_owned(), "gb18030"));
        let utf16: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&utf16).0, TEXT);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&utf16);
        assert_eq!(decode(&bom).0, TEXT);
        let be: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).0, TEXT);
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend(TEXT.as_bytes());
        assert_eq!(decode(&utf8), (TEXT.to_owned(), "UTF-8"));
    }
}
