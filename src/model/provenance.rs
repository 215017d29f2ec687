//! Where an imported report's cells came from: the document's text as it was read, and
//! for each cell the place it was read at. Cells an import could not read are marked
//! unread (see [`Report::is_unread`](super::Report::is_unread)).

/// Where one cell's text was read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The place in Chinese, as a reviewer finds it in the document: `第 2 页第 14 行第 3 格`.
    pub place: String,
    /// The line of [`Source::lines`] the cell was read from.
    pub line: usize,
}

/// The source document's text as the importer read it, one line per row it saw (table
/// cells joined by ` │ `), for showing a cell's value in its context.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The file's name.
    pub file: String,
    /// The lines.
    pub lines: Vec<String>,
}

/// Separator of table cells in [`Source::lines`].
pub const CELL_SEPARATOR: &str = " │ ";

impl Source {
    /// The lines around `line` (up to `radius` on each side), with their numbers.
    pub fn around(&self, line: usize, radius: usize) -> impl Iterator<Item = (usize, &str)> {
        let start = line.saturating_sub(radius);
        let end = line.saturating_add(radius + 1).min(self.lines.len());
        (start..end).map(move |i| (i, self.lines[i].as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_clipped_to_the_document() {
        let source = Source {
            file: "a.txt".into(),
            lines: (0..10).map(|i| i.to_string()).collect(),
        };
        let lines: Vec<usize> = source.around(1, 3).map(|(i, _)| i).collect();
        assert_eq!(lines, [0, 1, 2, 3, 4]);
        let lines: Vec<usize> = source.around(9, 2).map(|(i, _)| i).collect();
        assert_eq!(lines, [7, 8, 9]);
    }
}
