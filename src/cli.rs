//! The `nianbao` command line: `check`, `compare`, `convert`, `new`, `combine`.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Parser, Subcommand};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao::batch;
use nianbao::combine;
use nianbao::format::Registry;
use nianbao::io::{self, FileError};
use nianbao::migrate;
use nianbao::model::Report;
use nianbao::publish::PublishOptions;
use nianbao::rules::{self, Finding, Severity};
use rayon::prelude::*;

/// `eprintln!` that never panics: a message to a closed pipe (`nianbao … 2>&1 | head`)
/// is dropped, and the command goes on to write its files.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics (see [`say!`]).
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// 年报助手：政府信息公开工作年度报告的填报与审核工具
#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    next_help_heading = "选项",
    help_template = HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 显示帮助
    #[arg(short, long, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// 审核报告：列出每个文件的问题（有强制性问题时退出码为 1，文件无法读取时为 2）。
    /// 可给出文件夹，其中所有报告并行审核，同一机关相邻年度的报告自动配对做跨期核对
    Check {
        /// 要审核的报告文件或文件夹（.nianbao .json .xlsx .xls .ods .txt .html .docx .pdf）
        #[arg(required = true, value_name = "文件或文件夹")]
        files: Vec<PathBuf>,
        /// 以 JSON 输出（一个文件输出一个对象；多个文件每行一个对象）
        #[arg(long)]
        json: bool,
        /// 上年度报告，用于跨期核对（上年结转、现行有效件数等）
        #[arg(long, value_name = "上年报告")]
        prior: Option<PathBuf>,
        /// 汇总工作簿（.xlsx）：每份报告一行，另一工作表每个问题一行
        #[arg(long, value_name = "汇总.xlsx")]
        summary: Option<PathBuf>,
    },
    /// 与上年比较：两份报告（可为不同格式、任何可读取的文件）表二至表四逐格列出上年、本年、
    /// 增减和增减百分比，跨期核对结果，以及叙述部分与上年的相似度（跨期核对有不一致时退出码为 1，
    /// 文件无法读取时为 2）
    Compare {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        /// 另存比较结果（.xlsx 工作簿或 .html 网页）
        #[arg(short, long, value_name = "输出.xlsx|输出.html")]
        output: Option<PathBuf>,
        /// 上年度报告
        #[arg(value_name = "上年报告", help_heading = "参数")]
        last: PathBuf,
        /// 本年度报告
        #[arg(value_name = "本年报告", help_heading = "参数")]
        this: PathBuf,
    },
    /// 转换格式：按扩展名转换（读 .nianbao .json .xlsx .xls .ods .txt .html .docx .pdf，
    /// 写 .nianbao .json .xlsx .csv，以及供发布的 .html .docx）；加 --to-format 时
    /// 把报告转为另一版报告格式（如用错模板的 2023 年度报告转为 2021 版）
    Convert {
        /// 输入文件
        #[arg(value_name = "输入文件")]
        input: PathBuf,
        /// 输出文件
        #[arg(value_name = "输出文件")]
        output: PathBuf,
        /// 发布为 .html/.docx 时，空白单元格印为 0（默认保持原样）
        #[arg(long)]
        zero_blanks: bool,
        /// 转为此版报告格式（2019 或 2021）：含义相同的栏目转入，其余逐项列于转换报告、留待人工填写
        #[arg(long, value_name = "格式")]
        to_format: Option<String>,
    },
    /// 汇总多份报告：把各部门、各下级机关的报告相加，得到本地区的报告（表二、表三、表四逐格相加）。
    /// 只计入所选年度和格式的报告；重复的（同一机关同一年度）只计一次；有强制性问题的默认不计入。
    /// 汇总报告中每个单元格都记录各来源的数值，导出 .xlsx 时另有「明细」表
    /// （有报告未计入、或计入的报告有未读取的单元格时退出码为 1，无法汇总时为 2）
    Combine {
        /// 汇总报告的发布机关（如「某某县人民政府办公室」）
        #[arg(long, value_name = "汇总机关", required_unless_present = "again")]
        agency: Option<String>,
        /// 汇总年度，默认取多数报告的年度
        #[arg(long, value_name = "年度")]
        year: Option<i32>,
        /// 报告格式（2019 或 2021），默认按年度选择
        #[arg(long, value_name = "格式")]
        format: Option<String>,
        /// 有强制性问题的报告也计入汇总
        #[arg(long)]
        include_errors: bool,
        /// 所选年度但用了另一版格式的报告，先转换为所选格式再计入（新格式中无对应的单元格按未读取处理）
        #[arg(long)]
        migrate: bool,
        /// 重新汇总：按这份汇总报告保存的来源、机关、年度重新汇总（叙述部分保留）
        #[arg(long, value_name = "汇总报告", conflicts_with_all = ["agency", "year", "format", "include_errors", "migrate", "files"])]
        again: Option<PathBuf>,
        /// 输出文件（.nianbao .json .xlsx）；重新汇总时默认写回原文件
        #[arg(
            short,
            long,
            value_name = "输出文件",
            required_unless_present = "again"
        )]
        output: Option<PathBuf>,
        /// 要汇总的报告文件或文件夹（文件夹中的报告逐层查找）
        #[arg(
            value_name = "文件或文件夹",
            help_heading = "参数",
            required_unless_present = "again"
        )]
        files: Vec<PathBuf>,
    },
    /// 新建空白报告，按年度自动选择格式
    New {
        /// 输出文件（.nianbao 或 .json）
        #[arg(value_name = "输出文件")]
        output: PathBuf,
        /// 报告年度
        #[arg(long, value_name = "年度")]
        year: i32,
        /// 发布机关
        #[arg(long, value_name = "发布机关")]
        agency: String,
        /// 指定格式（2019 或 2021），默认按年度选择
        #[arg(long, value_name = "格式")]
        format: Option<String>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
}

/// The help page of the command and of each subcommand, with Chinese words around clap's
/// parts (the headings are each argument's `help_heading`, see [`command`]).
const HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}";

/// The command line as clap builds it from [`Cli`], every subcommand's help in Chinese:
/// positional arguments under 参数, the others under 选项 (clap would say Arguments and
/// Options), so a new subcommand needs nothing of its own for it.
/// Whether `word` names a subcommand (or asks for help), so that it is not a file to open.
pub fn is_subcommand(word: &str) -> bool {
    word == "help"
        || <Cli as clap::CommandFactory>::command()
            .get_subcommands()
            .any(|c| c.get_name() == word)
}

fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command().mut_subcommands(|sub| {
        sub.help_template(HELP).mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        })
    })
}

/// clap's English placeholders of usage lines in Chinese.
fn chinese_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>")
}

/// clap's error messages in Chinese (clap writes them in English).
struct Chinese;

impl ErrorFormatter for Chinese {
    fn format_error(e: &clap::error::Error<Self>) -> StyledStr {
        let get = |kind| match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let arg = get(ContextKind::InvalidArg);
        let mut text = match e.kind() {
            ErrorKind::UnknownArgument => format!("错误：无法识别的参数「{arg}」"),
            ErrorKind::InvalidSubcommand => {
                format!("错误：没有「{}」命令", get(ContextKind::InvalidSubcommand))
            }
            ErrorKind::MissingRequiredArgument => {
                format!("错误：缺少必需的参数：{}", arg.replace('\n', " "))
            }
            ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
                "错误：参数「{arg}」的值「{}」无效",
                get(ContextKind::InvalidValue)
            ),
            ErrorKind::ArgumentConflict => format!(
                "错误：参数「{arg}」不能与「{}」同时使用",
                get(ContextKind::PriorArg)
            ),
            ErrorKind::TooManyValues
            | ErrorKind::TooFewValues
            | ErrorKind::WrongNumberOfValues
            | ErrorKind::NoEquals => format!("错误：参数「{arg}」的值的个数不对"),
            ErrorKind::MissingSubcommand => "错误：缺少命令".to_owned(),
            _ => "错误：命令行参数有误".to_owned(),
        };
        for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
            let suggested = get(kind);
            if !suggested.is_empty() {
                text.push_str(&format!("。是否要用「{suggested}」？"));
            }
        }
        let usage = chinese_usage(&get(ContextKind::Usage));
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        if !usage.is_empty() {
            text.push_str(&format!("\n\n用法：{usage}"));
        }
        text.push_str("\n\n详细说明：在命令后加 --help\n");
        StyledStr::from(text)
    }
}

/// Exit codes of `check` (and of `compare`, and `combine`: 1 when not every input was
/// summed whole).
const EXIT_BLOCKING: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

/// Runs the command line; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        // Help and version go to stdout.
        Err(e) if !e.use_stderr() => {
            print!("{}", chinese_usage(&e.render().to_string()));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let _ = e.apply::<Chinese>().print();
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let result = match cli.command {
        None => {
            print!("{}", chinese_usage(&command().render_help().to_string()));
            return ExitCode::SUCCESS;
        }
        Some(Command::Check {
            json,
            prior,
            summary,
            files,
        }) => {
            return check(json, prior.as_deref(), &files, summary.as_deref());
        }
        Some(Command::Compare {
            json,
            output,
            last,
            this,
        }) => return compare(json, &last, &this, output.as_deref()),
        Some(Command::Convert {
            input,
            output,
            zero_blanks,
            to_format,
        }) => convert(&input, &output, zero_blanks, to_format.as_deref()),
        Some(Command::New {
            year,
            agency,
            format,
            force,
            output,
        }) => new(year, &agency, format.as_deref(), force, &output),
        Some(Command::Combine {
            agency,
            year,
            format,
            include_errors,
            migrate,
            again,
            output,
            files,
        }) => {
            let written = match again {
                Some(file) => recombine(&file, output.as_deref().unwrap_or(&file)),
                None => {
                    let options = combine::Options {
                        agency: agency.unwrap_or_default(),
                        year,
                        format,
                        include_errors,
                        migrate,
                        skip: output.iter().cloned().collect(),
                    };
                    let output = output.unwrap_or_default();
                    combine(&files, &options, &output)
                }
            };
            match written {
                Ok(true) => Ok(()),
                Ok(false) => return ExitCode::from(EXIT_BLOCKING),
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            say!("错误：{message}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

fn describe(path: &Path, e: &FileError) -> String {
    format!("{}：{e}", path.display())
}

fn check(
    json: bool,
    prior_path: Option<&Path>,
    inputs: &[PathBuf],
    summary: Option<&Path>,
) -> ExitCode {
    if let Some(Err(e)) = summary.map(io::check_output) {
        say!("错误：{}：{e}", summary.unwrap_or(Path::new("")).display());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let mut out = std::io::stdout().lock();
    let prior = match prior_path
        .map(|p| io::open(p).map_err(|e| describe(p, &e)))
        .transpose()
    {
        Ok(p) => p,
        Err(message) => {
            say!("错误：上年度报告无法读取：{message}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    // The summary written by an earlier run into the folder checked is not a report.
    let files: Vec<PathBuf> = batch::find_files(inputs)
        .into_iter()
        .filter(|f| !summary.is_some_and(|s| same_file(f, s)))
        .collect();
    if files.is_empty() {
        say!(
            "错误：没有找到可审核的报告文件（.nianbao .json .xlsx .xls .ods .txt .html .docx .pdf）"
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    // Reading and checking each file are two steps; the bar hides itself off a terminal.
    let bar = progress(files.len(), 2, "审核中");
    let outcomes = batch::check(&files, prior.as_ref(), &|| bar.inc(1));
    bar.finish_and_clear();
    let mut code = 0u8;
    let many = files.len() > 1;
    // JSON carries every cell, and reports are not kept after checking: read again, a
    // few at a time, in parallel.
    for chunk in outcomes.chunks(64) {
        let reports: Vec<Option<Report>> = if json {
            chunk
                .par_iter()
                .map(|o| o.result.as_ref().ok().and_then(|_| io::open(&o.path).ok()))
                .collect()
        } else {
            Vec::new()
        };
        for (n, o) in chunk.iter().enumerate() {
            match &o.result {
                Ok(c) => {
                    if let Some(p) = &prior
                        && p.year != c.year - 1
                    {
                        say!(
                            "注意：上年度报告为 {} 年度，{} 为 {} 年度，并非相邻年度，未做跨期核对",
                            p.year,
                            o.path.display(),
                            c.year
                        );
                    }
                    if rules::counts(&c.findings).0 > 0 {
                        code = code.max(EXIT_BLOCKING);
                    }
                    let _ = match (json, reports.get(n).and_then(Option::as_ref)) {
                        (false, _) => print_human(&mut out, &o.path, c),
                        (true, Some(report)) => {
                            print_json(&mut out, &o.path, report, &c.findings, many)
                        }
                        // Changed or removed since it was checked: still one JSON line.
                        (true, None) => {
                            print_json_error(&mut out, &o.path, "检查后文件已变动，无法再次读取")
                        }
                    };
                }
                Err(e) => {
                    code = EXIT_UNREADABLE;
                    if json {
                        let _ = print_json_error(&mut out, &o.path, e);
                    }
                    say!("错误：{}：{e}", o.path.display());
                }
            }
        }
    }
    if let Some(path) = summary {
        match batch::summary_xlsx(&outcomes)
            .and_then(|bytes| io::write_atomic(path, &bytes).map_err(FileError::io))
        {
            Ok(()) => {
                let unreadable = outcomes.iter().filter(|o| o.result.is_err()).count();
                say!(
                    "已写入汇总 {}：{} 份报告，{unreadable} 份无法读取",
                    path.display(),
                    outcomes.len()
                );
            }
            Err(e) => {
                say!("错误：{}：{e}", path.display());
                code = EXIT_UNREADABLE;
            }
        }
    }
    ExitCode::from(code)
}

fn print_json(
    out: &mut impl Write,
    path: &Path,
    report: &Report,
    findings: &[Finding],
    many: bool,
) -> std::io::Result<()> {
    if many {
        // One object per line, with the file it came from.
        let file = path.display().to_string();
        writeln!(out, "{}", io::to_json_line(&file, report, findings))
    } else {
        write!(out, "{}", io::to_json(report, findings))
    }
}

/// One JSON line saying why a file gives no report.
fn print_json_error(out: &mut impl Write, path: &Path, error: &str) -> std::io::Result<()> {
    let line = serde_json::json!({ "file": path.display().to_string(), "error": error });
    writeln!(out, "{line}")
}

fn print_human(out: &mut impl Write, path: &Path, checked: &batch::Checked) -> std::io::Result<()> {
    let agency = if checked.agency.is_empty() {
        "（未填发布机关）"
    } else {
        &checked.agency
    };
    writeln!(
        out,
        "== {}  {agency} {}年度报告，{}",
        path.display(),
        checked.year,
        checked.format.name()
    )?;
    for f in &checked.findings {
        writeln!(
            out,
            "  [{}·{}] {} {}",
            f.severity.label(),
            f.scope.label(),
            f.rule,
            f.message
        )?;
        if !f.cells.is_empty() {
            let mut detail = format!("      单元格：{}", f.cells.join("、"));
            if let Some(s) = &f.suspect
                && f.cells.len() > 1
            {
                detail.push_str(&format!("；最可能有误：{s}"));
            }
            writeln!(out, "{detail}")?;
        }
        if let Some(to) = format_year_target(checked, f) {
            writeln!(
                out,
                "      可转换：nianbao convert --to-format {to} {} 新文件",
                path.display()
            )?;
        }
        if !f.consequences.is_empty() {
            writeln!(
                out,
                "      因此不成立的勾稽关系 {} 处：",
                f.consequences.len()
            )?;
            for c in &f.consequences {
                writeln!(out, "        {} {}", c.rule, c.message)?;
            }
        }
    }
    let (b, v, i) = rules::counts(&checked.findings);
    if checked.findings.is_empty() {
        writeln!(out, "  未发现问题")?;
    }
    writeln!(out, "  合计：强制性 {b} 项，核实性 {v} 项，提示性 {i} 项")
}

fn compare(json: bool, last: &Path, this: &Path, output: Option<&Path>) -> ExitCode {
    if let Some(Err(e)) = output.map(io::check_output) {
        say!("错误：{}：{e}", output.unwrap_or(Path::new("")).display());
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if let Some(o) = output.filter(|o| same_file(o, last) || same_file(o, this)) {
        say!(
            "错误：{}：这是要比较的报告之一，比较结果请写到一个新文件",
            o.display()
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let open = |path: &Path, which: &str| {
        io::open(path).map_err(|e| format!("{which}报告无法读取：{}", describe(path, &e)))
    };
    let (last_report, this_report) = match (open(last, "上年度"), open(this, "本年度")) {
        (Ok(l), Ok(t)) => (l, t),
        (Err(e), _) | (_, Err(e)) => {
            say!("错误：{e}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let cmp = nianbao::compare::compare(&last_report, &this_report);
    let mut out = std::io::stdout().lock();
    let _ = if json {
        write!(out, "{}", nianbao::compare::to_json(&cmp))
    } else {
        print_comparison(&mut out, &cmp, last, this)
    };
    for n in cmp.notes.iter().filter(|_| json) {
        say!("注意：{n}");
    }
    if let Some(path) = output {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let bytes = match ext.as_str() {
            "xlsx" => nianbao::compare::to_xlsx(&cmp).map_err(|e| e.to_string()),
            "html" | "htm" => Ok(nianbao::compare::to_html(&cmp).into_bytes()),
            _ => Err(format!(
                "不支持的输出格式「.{ext}」：比较结果可写为 .xlsx 或 .html"
            )),
        };
        match bytes
            .and_then(|b| io::write_atomic(path, &b).map_err(|e| FileError::io(e).to_string()))
        {
            Ok(()) => say!("已写入 {}", path.display()),
            Err(e) => {
                say!("错误：{}：{e}", path.display());
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    }
    if cmp.check_counts().1 > 0 {
        ExitCode::from(EXIT_BLOCKING)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_comparison(
    out: &mut impl Write,
    cmp: &nianbao::compare::Comparison,
    last: &Path,
    this: &Path,
) -> std::io::Result<()> {
    use nianbao::compare::Comparison;
    use nianbao::rules::YearOutcome;
    writeln!(out, "== 上年：{}  {}", last.display(), cmp.last.title())?;
    writeln!(out, "== 本年：{}  {}", this.display(), cmp.this.title())?;
    for n in &cmp.notes {
        writeln!(out, "注意：{n}")?;
    }
    let (h, d, u) = cmp.check_counts();
    writeln!(out, "跨期核对：成立 {h} 项，不一致 {d} 项，无法核对 {u} 项")?;
    for c in &cmp.checks {
        let detail = match &c.outcome {
            YearOutcome::Holds => format!(
                "{} = {}",
                c.left
                    .map(|v| v.normalize().to_string())
                    .unwrap_or_default(),
                c.right
                    .map(|v| v.normalize().to_string())
                    .unwrap_or_default()
            ),
            YearOutcome::Differs(m) | YearOutcome::Unchecked(m) => m.clone(),
        };
        writeln!(
            out,
            "  [{}] {} {}：{detail}",
            c.outcome.label(),
            c.rule,
            c.item
        )?;
    }
    for t in &cmp.tables {
        writeln!(out, "{}（上年 → 本年，增减）", t.name)?;
        for r in &t.rows {
            let only = cmp
                .row_note(r)
                .map(|n| format!("（{n}）"))
                .unwrap_or_default();
            writeln!(out, "  {}{only}", r.label)?;
            for c in &r.cells {
                writeln!(out, "{}", cell_line(cmp, c))?;
            }
        }
    }
    if !cmp.counterparts.is_empty() {
        writeln!(out, "{}", nianbao::compare::COUNTERPARTS_TITLE)?;
    }
    for c in &cmp.counterparts {
        writeln!(out, "  {}", c.describe())?;
        writeln!(out, "{}", cell_line(cmp, &c.cell))?;
    }
    writeln!(out, "叙述部分与上年的相似度")?;
    for s in &cmp.sections {
        writeln!(
            out,
            "  {}：{}",
            s.title,
            Comparison::similarity_text(&s.repetition)
        )?;
        for p in &s.repetition.passages {
            writeln!(out, "    与上年相同：「{p}」")?;
        }
    }
    if let Some(share) = cmp.repeated_share {
        writeln!(out, "  全部叙述与上年重复 {share}%")?;
    }
    Ok(())
}

/// The format a FORMAT-YEAR finding asks for, when a migration leads there.
fn format_year_target(checked: &batch::Checked, f: &Finding) -> Option<String> {
    let rule = checked.format.rule(&f.rule)?;
    if !matches!(rule.check, nianbao::format::Check::FormatYear) {
        return None;
    }
    let registry = Registry::builtin().ok()?;
    let to = registry.for_year(checked.year)?;
    registry
        .migration(checked.format.id(), to.id())
        .map(|_| to.id().to_owned())
}

/// `    总计：12 → 15，+3（+25%）` with why there is no Δ when there is none.
fn cell_line(cmp: &nianbao::compare::Comparison, c: &nianbao::compare::CellCmp) -> String {
    use nianbao::compare::{signed, signed_percent};
    let mut line = format!("    {}：{} → {}", c.column, c.last.show(), c.this.show());
    if let Some(delta) = c.delta() {
        line.push_str(&format!("，{}", signed(delta)));
    }
    if let Some(p) = c.percent() {
        line.push_str(&format!("（{}）", signed_percent(p)));
    }
    if let Some(note) = cmp.note(c) {
        line.push_str(&format!("  [{note}]"));
    }
    line
}

fn convert(
    input: &Path,
    output: &Path,
    zero_blanks: bool,
    to_format: Option<&str>,
) -> Result<(), String> {
    io::check_output(output).map_err(|e| describe(output, &e))?;
    if same_file(input, output) {
        return Err(format!(
            "{}：输出文件与输入文件是同一个文件；请写到一个新文件，原文件保持不变",
            output.display()
        ));
    }
    let io::Imported {
        mut report,
        mut notes,
    } = io::open_report(input).map_err(|e| describe(input, &e))?;
    if let Some(to) = to_format {
        match migrate::migrate(&report, to) {
            Ok(migrated) => {
                say_raw!("{}", migrated.summary.to_text());
                notes = migrated.carry_notes(&notes);
                report = migrated.report;
            }
            Err(e @ migrate::MigrateError::AlreadyThere(_)) => say!("注意：{e}"),
            Err(e) => return Err(e.to_string()),
        }
    }
    for n in &notes {
        say!("注意：{}", n.message);
    }
    let mut findings = rules::validate(&report, None);
    findings.extend(notes);
    let blocking = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    if blocking > 0 && matches!(io::FileKind::of(output), Ok(io::FileKind::Published(_))) {
        say!("警告：报告仍有 {blocking} 项强制性问题，发布前请先改正");
    }
    let options = PublishOptions {
        blank_as_zero: zero_blanks,
    };
    io::save_with(&report, &findings, output, options).map_err(|e| describe(output, &e))?;
    say!("已写入 {}", output.display());
    Ok(())
}

fn new(
    year: i32,
    agency: &str,
    format: Option<&str>,
    force: bool,
    output: &Path,
) -> Result<(), String> {
    let registry = Registry::builtin().map_err(|e| e.to_string())?;
    let by_year = registry.for_year(year);
    let chosen = match format {
        Some(id) => registry
            .get(id)
            .ok_or_else(|| format!("未知的报告格式「{id}」（{}）", Registry::supported(true)))?,
        None => by_year.ok_or_else(|| {
            format!(
                "没有适用于 {year} 年度的报告格式（{}）",
                Registry::supported(false)
            )
        })?,
    };
    if let Some(expected) = by_year
        && expected.id() != chosen.id()
    {
        say!(
            "警告：{year} 年度报告应使用{}，您指定了{}",
            expected.name(),
            chosen.name()
        );
    }
    if output.exists() && !force {
        return Err(format!("{} 已存在；如要覆盖请加 --force", output.display()));
    }
    let report = Report::new(chosen.clone(), agency, year);
    io::save(&report, &[], output).map_err(|e| describe(output, &e))?;
    say!("已新建 {}（{}）", output.display(), chosen.name());
    Ok(())
}

/// Combines `files` into `output`: whether every input was summed whole, or why nothing
/// was written.
fn combine(files: &[PathBuf], options: &combine::Options, output: &Path) -> Result<bool, String> {
    io::check_output(output).map_err(|e| describe(output, &e))?;
    // An earlier combined report is summed again over; any other file (a department's
    // report among the inputs, say) is not.
    if output.exists() && !io::open(output).is_ok_and(|r| r.combination.is_some()) {
        return Err(format!(
            "{}：此文件已存在且不是汇总报告，为免覆盖，请换一个文件名或先移走它",
            output.display()
        ));
    }
    if !matches!(
        io::FileKind::of(output),
        Ok(io::FileKind::Native | io::FileKind::Json | io::FileKind::Xlsx)
    ) {
        return Err(format!(
            "{}：汇总结果只能保存为 .nianbao、.json 或 .xlsx",
            output.display()
        ));
    }
    let bar = progress(batch::find_files(files).len(), 1, "读取中");
    let outcome = combine::combine_with(files, options, &|| bar.inc(1)).map_err(|e| e.to_string());
    bar.finish_and_clear();
    write_combined(&outcome?, output)
}

fn recombine(file: &Path, output: &Path) -> Result<bool, String> {
    let report = io::open(file).map_err(|e| describe(file, &e))?;
    let outcome = combine::recombine(&report, Some(output)).map_err(|e| describe_any(file, e))?;
    write_combined(&outcome, output)
}

/// Whether `a` and `b` name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(a), Ok(b)) if a == b
    )
}

fn describe_any(path: &Path, e: impl std::fmt::Display) -> String {
    format!("{}：{e}", path.display())
}

/// Prints the account of the inputs and writes the combined report, if any was summed:
/// whether every input was summed whole.
fn write_combined(outcome: &combine::Outcome, output: &Path) -> Result<bool, String> {
    for line in outcome.account() {
        say!("{line}");
    }
    let report = match &outcome.report {
        Some(r) if outcome.used() > 0 => r,
        _ => return Err("没有一份报告可以计入汇总".into()),
    };
    let findings = rules::validate(report, None);
    io::save(report, &findings, output).map_err(|e| describe(output, &e))?;
    say!("已写入 {}", output.display());
    let complete = outcome.is_complete();
    if !complete {
        say!("注意：有报告无法读取或未能计入，或计入的报告有未读取的单元格，汇总不完整，详见上文");
    }
    Ok(complete)
}

/// A progress bar over `files` files of `steps` steps each, labelled `doing`, drawn only on a
/// terminal and for more than one file.
fn progress(files: usize, steps: u64, doing: &str) -> ProgressBar {
    let bar = ProgressBar::new(steps * files as u64);
    if files > 1 && std::io::stderr().is_terminal() {
        let template = format!("{{bar:40}} {{pos}}/{{len}} {doing} {{elapsed}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}
