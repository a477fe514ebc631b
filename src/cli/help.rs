//! The command line as clap builds it, with its help in the reader's language: the English help
//! is the doc comments of `args.rs`; the Chinese one is [`ZH`], one line per command and flag,
//! with clap's own words (headings, "default", "possible values", the help and version flags)
//! put in Chinese too. A unit test fails when a command or flag has no Chinese help.

use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::config::Language;

use super::args::Cli;

/// The Chinese help: `command` (`pitwall` for the top, `import month` for a nested one) for a
/// command's summary, `command id` for a flag or argument (the field's name in `args.rs`).
const ZH: &[(&str, &str)] = &[
    (
        "pitwall",
        "把售后服务手册（Markdown）和 KPI 月度数据（YAML）生成同一个静态网站",
    ),
    ("pitwall root", "站点文件夹"),
    ("pitwall quiet", "只显示错误和警告"),
    ("pitwall verbose", "另外显示每个阶段用了多长时间"),
    (
        "pitwall lang",
        "提示和帮助的语言（默认：站点的 language，否则 zh-CN）；对 init 来说是新站点的语言",
    ),
    ("build", "生成站点，写入输出文件夹"),
    ("build out", "输出文件夹（默认：站点下的 public/）"),
    ("build base_url", "站点发布的完整网址（用于站点地图）"),
    ("build drafts", "包含标了 `draft: true` 的页面"),
    (
        "build month",
        "把这个月（YYYY-MM）当作当前月份；之后的月份不发布",
    ),
    (
        "build clean",
        "忽略上次生成的记录（站点下的 .pitwall-cache/），全部重新生成",
    ),
    (
        "build audience",
        "只生成某一受众可看的内容：`network`（全网）、`region:<区域>` 或 `outlet:<门店 id>`（其他门店只以匿名出现），或 `all`：site.yaml 中声明的全部受众，各自写入输出文件夹下的子文件夹",
    ),
    ("check", "检查生成时会检查的一切，不写任何文件"),
    (
        "check format",
        "问题的显示方式：给人看（human）、JSON，或 GitHub 注释（github）",
    ),
    ("check drafts", "也检查标了 `draft: true` 的页面"),
    (
        "check changed",
        "配合 `--format github`：列出本次合并请求改动的文件（每行一个路径，`git diff --name-only` 的输出，`-` 表示标准输入）；其他文件的警告只计数，不标注。错误总会标注",
    ),
    (
        "serve",
        "生成并在本机预览站点，文件改动后自动重新生成并刷新页面",
    ),
    ("serve port", "预览使用的端口"),
    (
        "serve bind",
        "预览监听的地址（本机地址：只有这台电脑能打开）",
    ),
    ("serve drafts", "包含标了 `draft: true` 的页面"),
    (
        "init",
        "在文件夹中（默认：当前文件夹）新建一个站点：各类手册页面、KPI 目录、两个门店、一个月的数据、导入映射、CI 流程和给编辑者的说明，语言由 `--lang` 决定（默认 zh-CN）",
    ),
    (
        "init dir",
        "新站点的文件夹：必须是空的（或只有 `.git`），或者还不存在",
    ),
    (
        "new",
        "新建一个页面（`new complaint-script complaints/noise`）、一个月份（`new month 2026-11`）或导入映射（`new import`）",
    ),
    (
        "new what",
        "要新建什么：page、syllabus、complaint-script、compensation-rule、month 或 import",
    ),
    (
        "new target",
        "页面在 content/ 里的路径，或月份 YYYY-MM（默认：最新月份文件的下一个月；import 不需要）",
    ),
    (
        "import",
        "从导出文件生成月度数据文件（`import month 2026-11 exports/2026-11.xlsx`）",
    ),
    (
        "import month",
        "从工作簿（.xlsx、.xls、.ods）或 CSV/TSV 文件生成 data/scorecards/YYYY-MM.yaml",
    ),
    ("import month month", "月份，YYYY-MM"),
    ("import month file", "导出文件，相对于当前文件夹"),
    (
        "import month sheet",
        "工作簿中的工作表（默认：data/import.yaml 里的 `sheet:`，否则第一个）",
    ),
    (
        "import month update",
        "合并到已有的月度文件中，保留其中的 notes 和 targets",
    ),
    ("import month dry_run", "只显示会改动什么，不写文件"),
    (
        "import month encoding",
        "CSV 文件的编码（utf-8、gbk、gb18030）；默认自动识别",
    ),
    (
        "import month format",
        "问题的显示方式：给人看（human）、JSON，或 GitHub 注释（github）",
    ),
];

/// The command line with its help in `language`. The `help` command is handled before parsing
/// (`pitwall help build` is `pitwall build --help`), so it has none of its own.
pub fn command(language: Language) -> Command {
    let command = Cli::command().disable_help_subcommand(true);
    match language {
        Language::En => command,
        Language::ZhCn => in_chinese(command, "pitwall")
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("显示版本号")
                    .help_heading("选项"),
            ),
    }
}

/// `pitwall help [COMMAND…]` as `pitwall [COMMAND…] --help`: the first word that is not a flag
/// (nor the value of one) is `help`.
pub fn help_command_as_flag(args: &mut Vec<std::ffi::OsString>) {
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if arg == "--root" || arg == "--lang" {
            i += 2;
            continue;
        }
        if arg.starts_with('-') {
            i += 1;
            continue;
        }
        if arg == "help" {
            args.remove(i);
            args.push("--help".into());
        }
        return;
    }
}

/// The Chinese help of `key`.
fn zh(key: &str) -> Option<&'static str> {
    ZH.iter().find(|(k, _)| *k == key).map(|(_, text)| *text)
}

fn in_chinese(mut command: Command, key: &str) -> Command {
    if let Some(about) = zh(key) {
        command = command.about(about).long_about(None);
    }
    command = command
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示本帮助"),
        );
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = zh(&format!("{key} {id}"));
        command = command.mut_arg(id, |arg| arg_in_chinese(arg, text));
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        let key = if key == "pitwall" {
            name.clone()
        } else {
            format!("{key} {name}")
        };
        command = command.mut_subcommand(name, |c| in_chinese(c, &key));
    }
    command
}

/// An argument's help in Chinese, with its default and its possible values said in Chinese
/// instead of clap's `[default: …]` and `[possible values: …]`.
fn arg_in_chinese(arg: Arg, text: Option<&str>) -> Arg {
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let arg = arg.help_heading(heading);
    let Some(text) = text else {
        return arg;
    };
    let mut help = text.to_owned();
    if !arg.get_action().takes_values() {
        return arg.help(help).long_help(None);
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !values.is_empty() {
        help.push_str(&format!("（可选：{}）", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        help.push_str(&format!("（默认：{}）", defaults.join("、")));
    }
    arg.help(help)
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every flag or argument has Chinese help, and every line of [`ZH`] is
    /// used (a renamed flag would leave its line behind).
    #[test]
    fn every_command_and_flag_has_chinese_help() {
        fn keys(command: &Command, key: &str, out: &mut Vec<String>) {
            out.push(key.to_owned());
            for arg in command.get_arguments() {
                out.push(format!("{key} {}", arg.get_id()));
            }
            for sub in command.get_subcommands() {
                let name = sub.get_name();
                let sub_key = if key == "pitwall" {
                    name.to_owned()
                } else {
                    format!("{key} {name}")
                };
                keys(sub, &sub_key, out);
            }
        }
        let mut wanted = Vec::new();
        keys(
            &Cli::command().disable_help_subcommand(true),
            "pitwall",
            &mut wanted,
        );
        // clap's own help and version flags are given in Chinese by `in_chinese` itself.
        wanted.retain(|k| !k.ends_with(" help") && !k.ends_with(" version"));
        let missing: Vec<&String> = wanted.iter().filter(|k| zh(k).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese help for {missing:?}");
        let unused: Vec<&str> = ZH
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !wanted.iter().any(|w| w == k))
            .collect();
        assert!(unused.is_empty(), "Chinese help for nothing: {unused:?}");
    }

    #[test]
    fn chinese_help_has_no_english_headings() {
        let mut command = command(Language::ZhCn);
        let help = command
            .find_subcommand_mut("build")
            .expect("build")
            .render_help()
            .to_string();
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Print help",
            "[default:",
        ] {
            assert!(!help.contains(english), "{english} in:\n{help}");
        }
        assert!(help.contains("用法："), "{help}");
        assert!(help.contains("输出文件夹"), "{help}");
    }
}
