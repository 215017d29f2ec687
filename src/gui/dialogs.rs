//! Native file dialogs behind a trait, so tests never open one.

use std::path::PathBuf;

/// Asks the user for files.
pub trait FileDialogs {
    /// A report to open.
    fn open(&self) -> Option<PathBuf>;
    /// Where to save, suggesting a file name.
    fn save(&self, suggested_name: &str) -> Option<PathBuf>;
}

/// The system's dialogs (through rfd; `None` where no portal or zenity is available).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("打开报告")
            .add_filter("年报文件", &["nianbao", "json"])
            .add_filter("所有文件", &["*"])
            .pick_file()
    }

    fn save(&self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("保存报告")
            .set_file_name(suggested_name)
            .add_filter("年报文件", &["nianbao"])
            .add_filter("JSON", &["json"])
            .save_file()
    }
}

/// Dialogs that answer from a script (for tests and for batch use).
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Answer to every "open" question.
    pub open: Option<PathBuf>,
    /// Answer to every "save" question.
    pub save: Option<PathBuf>,
}

impl FileDialogs for ScriptedDialogs {
    fn open(&self) -> Option<PathBuf> {
        self.open.clone()
    }

    fn save(&self, _suggested_name: &str) -> Option<PathBuf> {
        self.save.clone()
    }
}
