//! Tab-separated blocks as Excel and WPS put them on the clipboard: lines of
//! tab-separated fields, quoted where a field holds a tab, a line break or a quote.

/// Reads a clipboard block into lines of fields. A final line break ends the block
/// rather than adding an empty line; blank lines in between are kept, so pasted
/// rows stay where they were copied from. A field is quoted only when it starts
/// with `"`; an unbalanced quote keeps the rest of the text as it is.
pub fn parse_tsv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let mut lines = vec![Vec::new()];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                at_field_start = false;
                while let Some(q) = chars.next() {
                    if q != '"' {
                        field.push(q);
                    } else if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        break;
                    }
                }
            }
            '\t' => {
                end_field(&mut lines, &mut field);
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_field(&mut lines, &mut field);
                lines.push(Vec::new());
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    end_field(&mut lines, &mut field);
    lines
}

fn end_field(lines: &mut [Vec<String>], field: &mut String) {
    if let Some(line) = lines.last_mut() {
        line.push(std::mem::take(field));
    }
}

/// Writes lines of fields as a clipboard block Excel and WPS paste cell by cell.
pub fn write_tsv(lines: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for line in lines {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(line);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.iter().map(|s| (*s).to_owned()).collect())
            .collect()
    }

    #[test]
    fn reads_excel_blocks() {
        assert_eq!(
            parse_tsv("1\t2\r\n3\t\r\n"),
            owned(&[&["1", "2"], &["3", ""]])
        );
        assert_eq!(parse_tsv("8次"), owned(&[&["8次"]]));
        assert_eq!(
            parse_tsv("\"a\tb\"\t\"x\ny\"\n"),
            owned(&[&["a\tb", "x\ny"]])
        );
        assert_eq!(parse_tsv("1\r\n\r\n3\r\n"), owned(&[&["1"], &[""], &["3"]]));
        assert_eq!(parse_tsv("\"open\tx"), owned(&[&["open\tx"]]));
    }

    #[test]
    fn writes_what_it_reads() {
        let lines = owned(&[&["1", "/", ""], &["a\tb", "引号\"", "8次"]]);
        assert_eq!(parse_tsv(&write_tsv(&lines)), lines);
        assert_eq!(write_tsv(&owned(&[&["1", "2"]])), "1\t2\r\n");
    }
}
