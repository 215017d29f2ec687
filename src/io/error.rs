//! What can go wrong reading or writing a report file, said in Chinese.

use super::MAX_FILE_BYTES;

/// A file that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The operating system refused.
    #[error("{}", io_message(.0))]
    Io(#[source] std::io::Error),
    /// A file of no bytes.
    #[error("文件是空的（0 字节），可能保存时中断或下载不完整")]
    Empty,
    /// A zip container (xlsx, ods, docx) whose parts inflate beyond the limit.
    #[error(
        "压缩包解压后超过 {limit_mb} MB（声明 {declared_mb} MB），不像是年度报告，可能是恶意文件"
    )]
    Inflates {
        /// What the parts declare, in MB.
        declared_mb: u64,
        /// The limit, in MB.
        limit_mb: u64,
    },
    /// A folder where a file was expected.
    #[error("这是一个文件夹，不是文件")]
    IsDirectory,
    /// A folder given where a file is to be written.
    #[error("这是一个文件夹：请在其后写上要保存的文件名（如 报告.xlsx）")]
    OutputIsDirectory,
    /// A file to be written in a folder that does not exist.
    #[error("要保存到的文件夹「{0}」不存在，请先建立该文件夹或换一个位置")]
    NoFolder(String),
    /// Over [`MAX_FILE_BYTES`].
    #[error("文件过大（{:.1} MB），上限为 {} MB", *.size as f64 / 1048576.0, MAX_FILE_BYTES / 1048576)]
    TooLarge {
        /// Size in bytes.
        size: u64,
    },
    /// A document in an old binary Office or WPS format (`.doc`, `.wps`, `.et`): to be
    /// saved in the newer format first.
    #[error(
        "「.{ext}」是旧版 Office/WPS 文件格式，无法直接读取：请在 Office 或 WPS 中打开后另存为 {save_as}，再导入"
    )]
    OldOffice {
        /// The extension, lower case.
        ext: String,
        /// What to save it as (`.docx 或 .pdf`).
        save_as: &'static str,
    },
    /// An extension nianbao does not handle.
    #[error(
        "不支持的文件类型「.{ext}」，支持 .nianbao、.json、.xlsx、.xls、.ods、.txt、.html、.docx、.pdf（导出另有 .csv）"
    )]
    Unsupported {
        /// The extension, lower case.
        ext: String,
    },
    /// Not UTF-8 text.
    #[error("不是 UTF-8 文本文件（可能是二进制文件或其他编码）")]
    NotText,
    /// Text that does not parse.
    #[error("{what}格式错误（第 {line} 行第 {column} 列）：{detail}")]
    Syntax {
        /// Which kind of file (`年报文件`, `JSON`).
        what: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's explanation.
        detail: String,
    },
    /// A native file from a newer nianbao.
    #[error(
        "此文件由更新版本的年报助手保存（文件版本 {found}），本程序只支持到版本 {supported}，请升级后再打开"
    )]
    NewerVersion {
        /// Version in the file.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// A format id that is not built in.
    #[error("未知的报告格式「{0}」（{supported}）", supported = crate::format::Registry::supported(true))]
    UnknownFormat(String),
    /// A cell key the format does not have.
    #[error("格式 {format} 中没有单元格「{key}」")]
    UnknownCell {
        /// The key found.
        key: String,
        /// The format id.
        format: String,
    },
    /// A narrative section id the format does not have.
    #[error("格式 {format} 中没有叙述章节「{id}」（应为 {expected}）")]
    UnknownSection {
        /// The id found.
        id: String,
        /// The format id.
        format: String,
        /// The ids allowed.
        expected: String,
    },
    /// A spreadsheet that cannot be read.
    #[error("无法读取工作簿：{0}")]
    Workbook(String),
    /// A password-protected spreadsheet.
    #[error("工作簿设有密码保护，请先在 Excel/WPS 中取消密码再导入")]
    Protected,
    /// A spreadsheet with more cells than any report has.
    #[error("工作表「{sheet}」内容过多（超过 {limit} 个单元格），不像是年度报告")]
    TooManyCells {
        /// Sheet name.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A sheet's used range is too large to be laid out (an `.xls` of cells far apart).
    #[error("第 {sheet} 个工作表的范围过大（{rows} 行 × {cols} 列），不像是年度报告")]
    RangeTooLarge {
        /// 1-based position of the sheet.
        sheet: usize,
        /// Rows spanned.
        rows: u64,
        /// Columns spanned.
        cols: u64,
    },
    /// A workbook the spreadsheet reader cannot make sense of.
    #[error(
        "无法读取工作簿：文件已损坏，表格内容无法解析（可在 Excel/WPS 中打开后另存为 .xlsx 再试）"
    )]
    DamagedWorkbook,
    /// A PDF of page images, with no text to read.
    #[error(
        "此 PDF 是扫描图像，没有可读取的文字层：请使用发布机关的 Word/WPS 原件或带文字的 PDF，或先用 OCR 软件识别文字后再导入"
    )]
    ScannedPdf,
    /// A PDF with neither text nor images to read.
    #[error("此 PDF 没有可读取的文字：页面上既没有文字也没有图像，可能是空白文件或已损坏")]
    EmptyPdf,
    /// A PDF whose fonts give no Unicode for their glyphs.
    #[error(
        "此 PDF 的文字无法识别（字体没有附带字符对照表，复制出来是乱码），请使用发布机关的 Word/WPS 原件"
    )]
    UndecodablePdf,
    /// A PDF that needs a password.
    #[error(
        "此 PDF 已加密，需要密码才能打开，请先在 PDF 阅读器中输入密码并另存为不加密的 PDF 再导入"
    )]
    EncryptedPdf,
    /// A PDF the reader cannot make sense of.
    #[error("无法读取 PDF：文件已损坏或不是 PDF（{0}）")]
    DamagedPdf(String),
    /// A PDF with more pages than any report has.
    #[error("PDF 页数过多（超过 {limit} 页），不像是年度报告")]
    TooManyPages {
        /// The limit.
        limit: usize,
    },
    /// Nothing in the file looks like a report's tables.
    #[error("未找到年度报告的统计表（{0}）")]
    NotAReport(String),
    /// A workbook nianbao wrote that is not a report (its kind: 与上年比较, 批量审核汇总).
    #[error("这是 nianbao 生成的「{0}」工作簿，不是年度报告")]
    OwnOutput(String),
    /// Any other bad content.
    #[error("内容错误：{0}")]
    Invalid(String),
}

impl FileError {
    /// Wraps an I/O error.
    pub fn io(e: std::io::Error) -> FileError {
        FileError::Io(e)
    }
}

fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在".to_owned(),
        K::PermissionDenied => "没有读写权限".to_owned(),
        K::IsADirectory => "这是一个文件夹，不是文件".to_owned(),
        K::StorageFull => "磁盘空间不足".to_owned(),
        _ => format!("读写失败（{e}）"),
    }
}
