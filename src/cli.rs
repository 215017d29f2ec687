//! The `nianbao` command line: `check`, `convert`, `new`.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Parser, Subcommand};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao::batch;
use nianbao::format::Registry;
use nianbao::io::{self, FileError};
use nianbao::model::Report;
use nianbao::publish::PublishOptions;
use nianbao::rules::{self, Finding, Severity};
use rayon::prelude::*;

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
    /// 转换格式：按扩展名转换（读 .nianbao .json .xlsx .xls .ods .txt .html .docx .pdf，
    /// 写 .nianbao .json .xlsx .csv，以及供发布的 .html .docx）
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

/// Exit codes of `check`.
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
        Some(Command::Convert {
            input,
            output,
            zero_blanks,
        }) => convert(&input, &output, zero_blanks),
        Some(Command::New {
            year,
            agency,
            format,
            force,
            output,
        }) => new(year, &agency, format.as_deref(), force, &output),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
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
    let mut out = std::io::stdout().lock();
    let prior = match prior_path
        .map(|p| io::open(p).map_err(|e| describe(p, &e)))
        .transpose()
    {
        Ok(p) => p,
        Err(message) => {
            eprintln!("错误：上年度报告无法读取：{message}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let files = batch::find_files(inputs);
    if files.is_empty() {
        eprintln!(
            "错误：没有找到可审核的报告文件（.nianbao .json .xlsx .xls .ods .txt .html .docx .pdf）"
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    // Reading and checking each file are two steps; the bar hides itself off a terminal.
    let bar = ProgressBar::new(2 * files.len() as u64);
    if files.len() > 1 && std::io::stderr().is_terminal() {
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 审核中 {elapsed}")
        {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
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
                        eprintln!(
                            "注意：上年度报告为 {} 年度，{} 为 {} 年度，跨期核对结果可能不适用",
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
                    eprintln!("错误：{}：{e}", o.path.display());
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
                eprintln!(
                    "已写入汇总 {}：{} 份报告，{unreadable} 份无法读取",
                    path.display(),
                    outcomes.len()
                );
            }
            Err(e) => {
                eprintln!("错误：{}：{e}", path.display());
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

fn convert(input: &Path, output: &Path, zero_blanks: bool) -> Result<(), String> {
    let io::Imported { report, notes } = io::open_report(input).map_err(|e| describe(input, &e))?;
    for n in &notes {
        eprintln!("注意：{}", n.message);
    }
    let mut findings = rules::validate(&report, None);
    findings.extend(notes);
    let blocking = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    if blocking > 0 && matches!(io::FileKind::of(output), Ok(io::FileKind::Published(_))) {
        eprintln!("警告：报告仍有 {blocking} 项强制性问题，发布前请先改正");
    }
    let options = PublishOptions {
        blank_as_zero: zero_blanks,
    };
    io::save_with(&report, &findings, output, options).map_err(|e| describe(output, &e))?;
    eprintln!("已写入 {}", output.display());
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
            .ok_or_else(|| format!("未知的报告格式「{id}」（支持 2019、2021）"))?,
        None => by_year
            .ok_or_else(|| format!("没有适用于 {year} 年度的报告格式（支持 2019 年度及以后）"))?,
    };
    if let Some(expected) = by_year
        && expected.id() != chosen.id()
    {
        eprintln!(
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
    eprintln!("已新建 {}（{}）", output.display(), chosen.name());
    Ok(())
}
