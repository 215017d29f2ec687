//! Autosave for crash recovery: the unsaved state of the open report, written to a
//! recovery folder while there are changes, and offered back on the next start.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::document::Document;
use crate::io::{self, FileError, write_atomic};

const REPORT: &str = "autosave.nianbao";
const ORIGIN: &str = "autosave.path";

/// The recovery folder of one user.
#[derive(Debug, Clone)]
pub struct Recovery {
    dir: PathBuf,
}

/// An autosave left behind by a session that did not end cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// When it was written.
    pub saved_at: Option<SystemTime>,
    /// The file the report belongs to, if it had one.
    pub origin: Option<PathBuf>,
}

impl Recovery {
    /// Recovery kept in `dir` (created when first needed).
    pub fn new(dir: impl Into<PathBuf>) -> Recovery {
        Recovery { dir: dir.into() }
    }

    fn report_path(&self) -> PathBuf {
        self.dir.join(REPORT)
    }

    fn origin_path(&self) -> PathBuf {
        self.dir.join(ORIGIN)
    }

    /// Writes the document's current state (atomically, never touching its own file).
    pub fn store(&self, doc: &Document) -> Result<(), FileError> {
        std::fs::create_dir_all(&self.dir).map_err(FileError::io)?;
        let origin = doc
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        write_atomic(&self.origin_path(), origin.as_bytes()).map_err(FileError::io)?;
        io::save(doc.report(), doc.findings(), &self.report_path())
    }

    /// The autosave waiting to be recovered, if any.
    pub fn pending(&self) -> Option<Pending> {
        let meta = std::fs::metadata(self.report_path()).ok()?;
        let origin = std::fs::read_to_string(self.origin_path())
            .ok()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        Some(Pending {
            saved_at: meta.modified().ok(),
            origin,
        })
    }

    /// The autosaved report as an unsaved document belonging to its original file.
    pub fn restore(&self) -> Result<Document, FileError> {
        let report = io::open(&self.report_path())?;
        let origin = self.pending().and_then(|p| p.origin);
        Ok(Document::recovered(report, origin))
    }

    /// Removes the autosave (after a save, a clean exit, or when the user declines it).
    pub fn clear(&self) {
        for p in [self.report_path(), self.origin_path()] {
            // Missing already is as good as removed.
            let _ = std::fs::remove_file(p);
        }
    }

    /// The folder it lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;
    use crate::model::Report;

    #[test]
    fn an_autosave_comes_back_unsaved_and_belonging_to_its_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rec = Recovery::new(dir.path().join("recovery"));
        assert_eq!(rec.pending(), None);
        let f = Registry::builtin()
            .expect("formats")
            .for_year(2021)
            .expect("f")
            .clone();
        let own = dir.path().join("report.nianbao");
        let mut doc = Document::new(Report::new(f, "某局", 2021), Some(own.clone()));
        let i = doc
            .report()
            .format()
            .index_of("t3.granted.total")
            .expect("key");
        doc.set_cell(i, "8次");
        rec.store(&doc).expect("stored");
        assert!(!own.exists(), "the user's file is not touched");
        let pending = rec.pending().expect("pending");
        assert_eq!(pending.origin.as_deref(), Some(own.as_path()));
        let back = rec.restore().expect("restored");
        assert_eq!(back.report(), doc.report());
        assert_eq!(back.path(), Some(own.as_path()));
        assert!(back.is_dirty());
        rec.clear();
        assert_eq!(rec.pending(), None);
    }
}
