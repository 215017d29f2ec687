//! The `nianbao` command line: `check`, `convert`, `new`.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use nianbao::format::Registry;
use nianbao::io::{self, FileError};
use nianbao::model::Report;
use nianbao::rules::{self, Finding};

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
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}"
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
    /// 审核报告：列出每个文件的问题（有强制性问题时退出码为 1，文件无法读取时为 2）
    Check {
        /// 以 JSON 输出（一个文件输出一个对象；多个文件每行一个对象）
        #[arg(long)]
        json: bool,
        /// 上年度报告，用于跨期核对（上年结转、现行有效件数等）
        #[arg(long, value_name = "LAST_YEAR_FILE")]
        prior: Option<PathBuf>,
        /// 要审核的报告文件（.nianbao、.json）
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// 转换格式：按扩展名在 .nianbao 与 .json 之间转换
    Convert {
        /// 输入文件
        input: PathBuf,
        /// 输出文件
        output: PathBuf,
    },
    /// 新建空白报告，按年度自动选择格式
    New {
        /// 报告年度
        #[arg(long)]
        year: i32,
        /// 发布机关
        #[arg(long)]
        agency: String,
        /// 指定格式（2019 或 2021），默认按年度选择
        #[arg(long)]
        format: Option<String>,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
        /// 输出文件（.nianbao 或 .json）
        output: PathBuf,
    },
}

/// Exit codes of `check`.
const EXIT_BLOCKING: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

/// Runs the command line; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_UNREADABLE } else { 0 });
        }
    };
    let result = match cli.command {
        None => {
            let _ = <Cli as clap::CommandFactory>::command().print_help();
            return ExitCode::SUCCESS;
        }
        Some(Command::Check { json, prior, files }) => {
            return check(json, prior.as_deref(), &files);
        }
        Some(Command::Convert { input, output }) => convert(&input, &output),
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

fn check(json: bool, prior_path: Option<&Path>, files: &[PathBuf]) -> ExitCode {
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
    let mut code = 0u8;
    for path in files {
        match io::open(path) {
            Ok(report) => {
                if let Some(p) = &prior
                    && p.year != report.year - 1
                {
                    eprintln!(
                        "注意：上年度报告为 {} 年度，{} 为 {} 年度，跨期核对结果可能不适用",
                        p.year,
                        path.display(),
                        report.year
                    );
                }
                let findings = rules::validate(&report, prior.as_ref());
                if rules::counts(&findings).0 > 0 {
                    code = code.max(EXIT_BLOCKING);
                }
                let _ = if json {
                    print_json(&mut out, path, &report, &findings, files.len() > 1)
                } else {
                    print_human(&mut out, path, &report, &findings)
                };
            }
            Err(e) => {
                code = EXIT_UNREADABLE;
                let message = describe(path, &e);
                if json {
                    let line = serde_json::json!({ "file": path.display().to_string(), "error": e.to_string() });
                    let _ = writeln!(out, "{line}");
                }
                eprintln!("错误：{message}");
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

fn print_human(
    out: &mut impl Write,
    path: &Path,
    report: &Report,
    findings: &[Finding],
) -> std::io::Result<()> {
    let agency = if report.agency.is_empty() {
        "（未填发布机关）"
    } else {
        &report.agency
    };
    writeln!(
        out,
        "== {}  {agency} {}年度报告，{}",
        path.display(),
        report.year,
        report.format().name()
    )?;
    for f in findings {
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
    }
    let (b, v, i) = rules::counts(findings);
    if findings.is_empty() {
        writeln!(out, "  未发现问题")?;
    }
    writeln!(out, "  合计：强制性 {b} 项，核实性 {v} 项，提示性 {i} 项")
}

fn convert(input: &Path, output: &Path) -> Result<(), String> {
    let report = io::open(input).map_err(|e| describe(input, &e))?;
    let findings = rules::validate(&report, None);
    io::save(&report, &findings, output).map_err(|e| describe(output, &e))?;
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
