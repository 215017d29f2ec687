//! Native file dialogs behind a trait, so tests never open one.

use std::path::PathBuf;

/// Asks the user for files.
pub trait FileDialogs {
    /// A report to open.
    fn open(&self) -> Option<PathBuf>;
    /// A folder of reports.
    fn folder(&self) -> Option<PathBuf>;
    /// Where to save, suggesting a file name and offering one kind of file
    /// (`(name, extensions)`).
    fn save(&self, suggested_name: &str, kind: (&str, &[&str])) -> Option<PathBuf>;
}

/// The system's dialogs (through rfd; `None` where no portal or zenity is available).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("打开报告")
            .add_filter(
                "所有报告",
                &[
                    "nianbao", "json", "xlsx", "xls", "ods", "txt", "md", "html", "htm", "docx",
                    "pdf",
                ],
            )
            .add_filter("年报文件", &["nianbao", "json"])
            .add_filter("电子表格", &["xlsx", "xls", "ods"])
            .add_filter("已发布的报告", &["txt", "md", "html", "htm", "docx", "pdf"])
            .add_filter("所有文件", &["*"])
            .pick_file()
    }

    fn folder(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("选择要批量审核的文件夹")
            .pick_folder()
    }

    fn save(&self, suggested_name: &str, (name, extensions): (&str, &[&str])) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("保存")
            .set_file_name(suggested_name)
            .add_filter(name, extensions)
            .save_file()
    }
}

/// Dialogs that answer from a script (for tests and for batch use).
#[derive(Default)]
pub struct ScriptedDialogs {
    /// Answer to every "open" question (and, when it is a folder, to "which folder").
    pub open: Option<PathBuf>,
    /// Answer to every "save" question.
    pub save: Option<PathBuf>,
}

impl FileDialogs for ScriptedDialogs {
    fn open(&self) -> Option<PathBuf> {
        self.open.clone()
    }

    fn folder(&self) -> Option<PathBuf> {
        self.open.clone().filter(|p| p.is_dir())
    }

    fn save(&self, _suggested_name: &str, _kind: (&str, &[&str])) -> Option<PathBuf> {
        self.save.clone()
    }
}
