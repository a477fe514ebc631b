//! The words pitwall says to the people who run it: every diagnostic (message and hint), the
//! summary and progress lines, in zh-CN and English.
//!
//! A message is a [`Msg`] key plus named arguments ([`Text`]), rendered only at the edge
//! (`Report::render_*`, the summary line) in the language chosen there: `--lang`, else the site's
//! `language`, else zh-CN. Keys are enum variants, so a misspelled key does not compile; the unit
//! tests check that both languages of every key have the same `{placeholders}`.
//!
//! `Text::Plain` holds a message not converted yet (modules owned by other areas still build
//! their diagnostics from a `String`); it prints as written, in every language.

use std::fmt::Write as _;

use crate::language::Language;

/// A message: a translated template with its arguments, or a plain (untranslated) string.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    Keyed(Msg, Vec<(&'static str, Arg)>),
}

/// A value put into a message: text as it is, or a word that is itself translated.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Plain(String),
    Word(Msg),
    Text(Box<Text>),
}

impl Arg {
    fn render(&self, language: Language) -> std::borrow::Cow<'_, str> {
        match self {
            Arg::Plain(text) => text.into(),
            Arg::Word(key) => key.template(language).into(),
            Arg::Text(text) => text.render(language).into(),
        }
    }
}

/// What `msg!` accepts as an argument: anything printable, or a [`Msg`] (a translated word).
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl<T: std::fmt::Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for &Text {
    fn into_arg(self) -> Arg {
        Arg::Text(Box::new(self.clone()))
    }
}

impl IntoArg for &Msg {
    fn into_arg(self) -> Arg {
        Arg::Word(*self)
    }
}

impl Text {
    pub fn render(&self, language: Language) -> String {
        match self {
            Text::Plain(text) => text.clone(),
            Text::Keyed(key, args) => fill(key.template(language), args, language),
        }
    }

    /// The English text (tests and logs that are not shown to authors).
    pub fn en(&self) -> String {
        self.render(Language::En)
    }

    /// The message key, when the text is translated.
    pub fn key(&self) -> Option<Msg> {
        match self {
            Text::Plain(_) => None,
            Text::Keyed(key, _) => Some(*key),
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

impl From<Msg> for Text {
    fn from(key: Msg) -> Self {
        Text::Keyed(key, Vec::new())
    }
}

/// `msg!(UnknownKpi, id = kpi)` is the [`Text`] of key [`Msg::UnknownKpi`] with `{id}` set.
#[macro_export]
macro_rules! msg {
    ($key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Text::Keyed(
            $crate::messages::Msg::$key,
            vec![$((stringify!($name), $crate::messages::IntoArg::into_arg(&$value))),*],
        )
    };
}

/// Replaces each `{name}` with its argument; a brace without an argument is kept.
fn fill(template: &str, args: &[(&'static str, Arg)], language: Language) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, v))
        });
        match value {
            Some((close, value)) => {
                let _ = write!(out, "{}", value.render(language));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Why a file operation failed, in words a trainer understands where the kind is known; the
/// operating system's own text (English) otherwise.
pub fn io_reason(error: &std::io::Error) -> Text {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => Msg::IoNotFound.into(),
        ErrorKind::PermissionDenied => Msg::IoPermission.into(),
        ErrorKind::IsADirectory => Msg::IoIsADirectory.into(),
        ErrorKind::NotADirectory => Msg::IoNotADirectory.into(),
        ErrorKind::StorageFull => Msg::IoStorageFull.into(),
        ErrorKind::ReadOnlyFilesystem => Msg::IoReadOnly.into(),
        _ => Text::Keyed(
            Msg::IoOther,
            vec![("detail", Arg::Plain(error.to_string()))],
        ),
    }
}

macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// Every message pitwall prints, by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &[Msg] = &[$(Msg::$key,)*];

            pub fn template(self, language: Language) -> &'static str {
                match (self, language) {
                    $((Msg::$key, Language::En) => $en, (Msg::$key, Language::ZhCn) => $zh,)*
                }
            }
        }
    };
}

messages! {
    // The edge: severities in the human form's `= help:` line, summary and progress lines.
    MoreProblems => "{count} more problem(s) in this file, not shown (the first {shown} are above; `--format json` lists every one)",
        "本文件还有 {count} 个问题未显示（上面是前 {shown} 个；`--format json` 会列出全部）";
    Help => "help", "提示";
    SummaryFailed => "error: {errors} error(s), {warnings} warning(s); nothing was written",
        "error: {errors} 个错误，{warnings} 个警告；没有写出任何文件";
    CheckPassed => "check passed: {warnings} warning(s)", "检查通过：{warnings} 个警告";
    OverlayHeading => "pitwall: the last edit did not build — showing the last good version",
        "pitwall：最近一次修改未能生成，下面显示的是上一个成功的版本";
    OverlaySummary => "{errors} error(s), {warnings} warning(s); errors first:",
        "{errors} 个错误，{warnings} 个警告（错误在前）：";
    BuiltSummary => "built {pages} pages, {scorecards} scorecards ({monthly} monthly, {regional} regional, {periods} for quarters and years), {charts} charts ({files}) into {out} in {ms} ms{warnings}",
        "已生成 {pages} 个页面、{scorecards} 份记分卡（月度 {monthly}、区域 {regional}、季度与年度 {periods}）、{charts} 张图表（{files}），输出到 {out}，用时 {ms} 毫秒{warnings}";
    BuiltFiles => "{files} files", "{files} 个文件";
    BuiltFilesIncremental => "{files} files, {written} written, {removed} removed",
        "{files} 个文件，写入 {written} 个，删除 {removed} 个";
    BuiltWarnings => ", {warnings} warning(s)", "，{warnings} 个警告";
    Wrote => "wrote {path}", "已创建 {path}";
    ProgressParsing => "parsing and modelling", "正在读取内容与数据";
    ProgressChecking => "checking", "正在检查";
    ProgressRendering => "rendering pages and charts", "正在生成页面和图表";
    ProgressWriting => "writing", "正在写出";
    NotAMonthArg => "`{text}` is not a month; use YYYY-MM, e.g. 2026-11",
        "`{text}` 不是月份；请写成 YYYY-MM，例如 2026-11";
    MissingRoot => "the site folder `{path}` does not exist", "站点文件夹 `{path}` 不存在";
    MissingRootHint => "run pitwall in the site folder, or pass its path with `--root DIR`",
        "请在站点文件夹里运行 pitwall，或用 `--root DIR` 指定站点路径";

    // YAML, in every file.
    YamlDuplicateKey => "duplicate key `{key}`", "键 `{key}` 重复出现";
    YamlDuplicateKeyHint => "first given on line {line}; keep one of the two",
        "第 {line} 行已经写过；两处只保留一处";
    // zh-CN leaves out the parser's English words (`--lang en` shows them); the caret and the
    // hint say where and what to look at.
    YamlSyntax => "{detail}", "YAML 格式错误：pitwall 读不懂这里的写法";
    YamlFullWidthColon => "the colon after `{key}` is a full-width `：`",
        "`{key}` 后面的冒号是全角的 `：`";
    YamlFullWidthColonHint => "type `:` followed by a space: `{key}: {value}`",
        "改为半角冒号加一个空格：`{key}: {value}`";
    YamlTab => "a tab is used for indentation", "缩进里用了制表符（Tab）";
    YamlTabHint => "indent with spaces: YAML does not allow tabs at the start of a line",
        "请用空格缩进：YAML 不允许在行首使用制表符";
    YamlIndent => "this line is indented differently from the lines above",
        "这一行的缩进和上面几行不一致";
    YamlIndentHint => "indent it with {spaces} spaces, like the line above, or fix the lines above",
        "请和上一行一样缩进 {spaces} 个空格，或者改正上面几行的缩进";
    YamlMissingValue => "a value is missing after `{key}:`", "`{key}:` 后面缺少值";
    YamlMissingValueHint => "write a number or `null` after `{key}:`; a `-` alone starts a list item",
        "请在 `{key}:` 后面写一个数字或 `null`；单独的 `-` 表示列表项";
    YamlExpectedList => "`{key}` takes a list", "`{key}` 需要写成列表";
    YamlExpectedListHint => "write a list: `{key}: [{items}]`", "请写成列表：`{key}: [{items}]`";
    YamlNumberWithUnit => "`{text}` is not a number: the unit is part of the value",
        "`{text}` 不是数字：数值后面带了单位";
    YamlNumberWithUnitHint => "write the number alone: `{number}`; the unit is fixed ({unit})",
        "只写数字：`{number}`；单位是固定的（{unit}）";
    YamlNumberAloneHint => "write the number alone: `{number}`", "只写数字：`{number}`";
    UnitHours => "hours", "小时";
    UnitDays => "days", "天";
    UnitCny => "CNY", "元";
    UnitPercent => "percent", "百分比";
    SeverityAllowed => "ordinary (普通投诉), major (重大投诉), crisis (危机事件)",
        "ordinary（普通投诉）、major（重大投诉）、crisis（危机事件）";
    YamlExpectedNumber => "`{text}` is not a number", "`{text}` 不是数字";
    YamlExpectedNumberHint => "write a number, e.g. `4` or `2.5`", "请写一个数字，例如 `4` 或 `2.5`";
    YamlExpectedWholeNumber => "`{text}` is not a whole number", "`{text}` 不是整数";
    YamlExpectedWholeNumberHint => "write a whole number, e.g. `3`", "请写一个整数，例如 `3`";
    YamlDecimalComma => "`{text}` uses a decimal comma", "`{text}` 用了逗号作小数点";
    YamlThousands => "`{text}` has a thousands separator", "`{text}` 里有千位分隔符（逗号）";
    YamlThousandsHint => "write the number without commas: `{number}`", "数字里不要加逗号，请写 `{number}`";
    YamlFullWidthDigits => "`{text}` is typed with full-width digits", "`{text}` 是全角数字";
    YamlFullWidthDigitsHint => "type half-width digits: `{number}` (switch the input method to half-width, or to English, for numbers)",
        "请用半角数字：`{number}`（输入数字时把输入法切换到半角或英文）";
    YamlNoSpaceAfterColon => "there is no space after the colon of `{key}:`, so the line is read as text, not as a field",
        "`{key}:` 的冒号后面没有空格，这一行会被当成一段文字，而不是字段";
    YamlNoSpaceAfterColonHint => "put a space after the colon: `{key}: {value}`", "请在冒号后面加一个空格：`{key}: {value}`";
    ChineseListComma => "`{comma}` is a Chinese comma: the items of `{key}` are separated by a half-width `,`, so this list is read as one item",
        "`{comma}` 是中文逗号：`{key}` 的各项要用半角逗号 `,` 隔开，否则整个列表会被当成一项";
    ChineseListCommaHint => "write `{key}: [{items}]`", "请写成 `{key}: [{items}]`";
    YamlChineseBrackets => "`{key}` is written with Chinese brackets `【 】`", "`{key}` 用了中文括号 `【 】`";
    YamlChineseBracketsHint => "a list is written in half-width square brackets `[ ]`, items separated by `,`: `{key}: [{items}]`",
        "列表要用半角方括号 `[ ]`，各项之间用半角逗号 `,` 隔开：`{key}: [{items}]`";
    YamlDecimalCommaHint => "use a decimal point: `{number}`", "请用小数点：`{number}`";
    YamlQuotedNumber => "the number `{text}` is in quotes, so it is read as text",
        "数字 `{text}` 加了引号，会被当作文字";
    YamlQuotedNumberHint => "remove the quotes: `{text}`", "去掉引号：`{text}`";
    YamlExpectedBool => "`{text}` is not `true` or `false`", "`{text}` 不是 `true` 或 `false`";
    YamlExpectedBoolHint => "write `true` or `false`", "请写 `true` 或 `false`";
    YamlUnknownField => "unknown field `{field}`", "未知字段 `{field}`";
    YamlUnknownFieldSuggest => "did you mean `{near}`? Fields here: {fields}",
        "是不是想写 `{near}`？这里可用的字段：{fields}";
    YamlUnknownFieldList => "fields here: {fields}", "这里可用的字段：{fields}";
    YamlUnknownVariant => "`{text}` is not one of the allowed values", "`{text}` 不是允许的取值";
    YamlUnknownVariantHint => "allowed: {allowed}", "允许的取值：{allowed}";
    YamlSeverityAlias => "`{text}` is not a severity", "`{text}` 不是投诉级别";
    YamlSeverityAliasHint => "`{text}` is `{value}`; allowed: ordinary (普通投诉), major (重大投诉), crisis (危机事件)",
        "`{text}` 应写作 `{value}`；允许的取值：ordinary（普通投诉）、major（重大投诉）、crisis（危机事件）";
    YamlMissingField => "missing field `{field}`", "缺少字段 `{field}`";
    YamlMissingFieldHint => "add `{field}: …`", "请加上 `{field}: …`";

    // Front matter.
    FrontMatterNone => "page has no front matter", "页面没有页首设置区（开头两行 `---` 之间的部分）";
    FrontMatterNoneHint => "start the file with `---`, a line `title: ...`, and `---`",
        "在文件开头写 `---`、一行 `title: ...`，再写一行 `---`";
    FrontMatterUnclosed => "front matter starts with `---` but is never closed",
        "页首设置区以 `---` 开头，但没有结束的 `---`";
    FrontMatterUnclosedHint => "end the front matter with a line `---`", "请用一行 `---` 结束页首设置区";
    FrontMatterUnclosedBefore => "front matter not closed before line {line}",
        "页首设置区在第 {line} 行之前没有结束";
    FrontMatterUnclosedBeforeHint => "add a line `---` after the last field (line {last}); the `---` on line {rule} is read as the end of the front matter otherwise",
        "请在最后一个字段（第 {last} 行）之后加一行 `---`；否则第 {rule} 行的 `---` 会被当作页首设置区的结束";
    TitleEmpty => "`title` is empty", "`title` 是空的";
    TitleEmptyHint => "write the page title after `title:`", "请在 `title:` 后面写上页面标题";
    NotADate => "`{text}` is not a date", "`{text}` 不是日期";
    NotADateHint => "write dates as YYYY-MM-DD, e.g. 2026-10-31", "日期请写成 YYYY-MM-DD，例如 2026-10-31";
    TagInvalid => "tag `{tag}` is empty or contains `/`", "标签 `{tag}` 为空或含有 `/`";
    TagInvalidHint => "write each tag as a word without `/`", "每个标签写成一个不含 `/` 的词";
    ForeignField => "`{field}` belongs to kind `{owner}`, not to this page's kind",
        "`{field}` 属于 `{owner}` 类页面，不属于本页的类型";
    ForeignFieldHint => "set `kind: {owner}` or remove `{field}`", "请设置 `kind: {owner}`，或删除 `{field}`";
    MissingRequired => "missing `{field}`, required for kind `{kind}`", "缺少 `{field}`：`{kind}` 类页面必须填写";
    MissingRequiredHint => "docs/authoring.md shows every kind's fields", "各类页面的字段见 docs/authoring.md";
    NegativeNumber => "`{field}` must be a number of at least 0, not {value}",
        "`{field}` 必须是不小于 0 的数字，不能是 {value}";
    NegativeNumberHint => "write 0 or a positive number", "请写 0 或正数";
    ModuleIdInvalid => "module id `{id}` is not valid", "模块 id `{id}` 不合法";
    ModuleIdInvalidHint => "module ids use lower-case letters, digits and `-`, e.g. `p1-m2`",
        "模块 id 只用小写字母、数字和 `-`，例如 `p1-m2`";
    ModuleIdTwice => "module id `{id}` is used twice in this page", "模块 id `{id}` 在本页出现了两次";
    ModuleIdTwiceHint => "give each module its own id", "每个模块用不同的 id";
    ApprovalNotIncreasing => "approval limit {value} is not above the previous step's",
        "审批金额上限 {value} 没有高于上一级";
    ApprovalNotIncreasingHint => "list approval steps from the smallest amount to the largest",
        "审批步骤请按金额从小到大排列";
    ApprovalNoLimit => "approval step {step} (`{role}`) has no `up_to_cny`",
        "第 {step} 个审批步骤（`{role}`）没有 `up_to_cny`";
    ApprovalNoLimitHint => "only the last step may omit `up_to_cny`", "只有最后一步可以不写 `up_to_cny`";
    BudgetShareRange => "`budget_share_pct` {value} is not a percentage between 0 and 100",
        "`budget_share_pct` {value} 不是 0 到 100 之间的百分比";
    BudgetShareRangeHint => "write the share as a number from 0 to 100, e.g. `15`",
        "请写 0 到 100 之间的数字，例如 `15`";
    KindUnknownHint => "`kind` is one of page, syllabus, complaint-script, compensation-rule",
        "`kind` 可以是 page、syllabus、complaint-script、compensation-rule";

    // site.yaml
    LanguageUnsupported => "language `{language}` is not supported", "不支持语言 `{language}`";
    LanguageUnsupportedHint => "use `zh-CN` or `en`", "请使用 `zh-CN` 或 `en`";
    ThemeInvalid => "theme name `{theme}` is not valid", "主题名 `{theme}` 不合法";
    ThemeInvalidHint => "a theme is a folder name under themes/: letters, digits, `-` and `_`",
        "主题是 themes/ 下的文件夹名：只用字母、数字、`-` 和 `_`";
    BaseUrlInvalid => "base_url `{url}` is not an absolute http(s) URL", "base_url `{url}` 不是完整的 http(s) 网址";
    BaseUrlInvalidHint => "for example `https://service.example.com/`", "例如 `https://service.example.com/`";

    // KPI catalogue and month files.
    FigureTooLarge => "{value} is larger than any real figure (at most {max} either way)", "{value} 超出了任何真实数值的范围（绝对值最多 {max}）";
    StepNotPositive => "{value} is not a step: it must be more than 0", "{value} 不能作为变化幅度：必须大于 0";
    KpiFieldInvalid => "`{field}`: {why}", "`{field}`：{why}";
    NotANumber => "{value} is not a number", "{value} 不是数字";
    BelowUnit => "{value} is below {min}, impossible for a value in {unit}",
        "{value} 小于 {min}，单位为 {unit} 的值不可能这样";
    AboveUnit => "{value} is above {max}, impossible for a value in {unit}",
        "{value} 大于 {max}，单位为 {unit} 的值不可能这样";
    NotWholeCount => "{value} is not a whole count", "{value} 不是整数计数";
    BelowKpiMin => "{value} is below {min}, the lowest value this KPI can take (`min` in data/kpis.yaml)",
        "{value} 低于 {min}，这个 KPI 不可能取这个值（data/kpis.yaml 中的 `min`）";
    AboveKpiMax => "{value} is above {max}, the highest value this KPI can take (`max` in data/kpis.yaml)",
        "{value} 高于 {max}，这个 KPI 不可能取这个值（data/kpis.yaml 中的 `max`）";
    RangeEmpty => "`max: {max}` is not above `min: {min}`", "`max: {max}` 没有大于 `min: {min}`";
    RangeEmptyHint => "`min` is the lowest value the KPI can take and `max` the highest, e.g. `min: 0` and `max: 100` for a score out of 100",
        "`min` 是这个 KPI 可能的最小值，`max` 是最大值，例如满分 100 的得分写 `min: 0`、`max: 100`";
    KpiIdInvalid => "KPI id `{id}` is not valid", "KPI 编号 `{id}` 不合法";
    KpiIdInvalidHint => "KPI ids use lower-case letters, digits and `_`, e.g. `first_time_fix`",
        "KPI 编号只用小写字母、数字和 `_`，例如 `first_time_fix`";
    KpiIdTwice => "KPI id `{id}` is defined twice", "KPI 编号 `{id}` 定义了两次";
    KpiIdTwiceHint => "give each KPI its own id", "每个 KPI 用不同的 id";
    WarnWrongSide => "`warn` {warn} is on the wrong side of `target` {target}",
        "`warn` {warn} 在 `target` {target} 的错误一侧";
    WarnWrongSideHigher => "for `direction: higher`, `warn` must be at or below the target",
        "`direction: higher` 时，`warn` 必须不高于目标值";
    WarnWrongSideLower => "for `direction: lower`, `warn` must be at or above the target",
        "`direction: lower` 时，`warn` 必须不低于目标值";
    DecimalsTooMany => "`decimals` is at most 6", "`decimals` 最多为 6";
    DecimalsTooManyHint => "write a number from 0 to 6", "请写 0 到 6 之间的数字";
    OutletIdInvalid => "outlet id `{id}` is not valid", "门店 id `{id}` 不合法";
    OutletIdInvalidHint => "outlet ids use lower-case letters, digits and `-`, e.g. `bj-01`",
        "门店 id 只用小写字母、数字和 `-`，例如 `bj-01`";
    OutletIdTwice => "outlet id `{id}` is defined twice", "门店 id `{id}` 定义了两次";
    OutletIdTwiceHint => "give each outlet its own id", "每家门店用不同的 id";
    NotAMonthValue => "`{text}` is not a month", "`{text}` 不是月份";
    NotAMonthValueHint => "write months as YYYY-MM, e.g. 2026-03", "月份请写成 YYYY-MM，例如 2026-03";
    OutletClosedBeforeOpened => "outlet `{id}` closes ({closed}) before it opens ({opened})",
        "门店 `{id}` 的关闭月份（{closed}）早于开业月份（{opened}）";
    OutletClosedBeforeOpenedHint => "correct one of the two months", "请改正其中一个月份";
    MonthInvalid => "`month: {text}` is not a month", "`month: {text}` 不是月份";
    MonthInvalidHint => "write the month as YYYY-MM, e.g. `month: 2026-10`", "月份请写成 YYYY-MM，例如 `month: 2026-10`";
    MonthMismatch => "`month: {month}` does not match the file name `{stem}`",
        "`month: {month}` 和文件名 `{stem}` 不一致";
    MonthMismatchHint => "rename the file to `{month}.yaml` or correct the month",
        "请把文件改名为 `{month}.yaml`，或改正月份";
    TargetNull => "a target override cannot be null", "目标值覆盖不能是 null";
    TargetNullHint => "remove the line to use the catalogue target", "删掉这一行即使用 KPI 目录里的目标值";
    UnknownOutlet => "unknown outlet `{id}`", "未知门店 `{id}`";
    UnknownOutletSuggest => "did you mean `{near}`? Outlets are defined in data/outlets.yaml",
        "是不是想写 `{near}`？门店在 data/outlets.yaml 中定义";
    UnknownOutletHint => "add the outlet to data/outlets.yaml", "请在 data/outlets.yaml 中添加该门店";
    InactiveOutlet => "outlet `{id}` is not open in {month}; its figures are not scored",
        "门店 `{id}` 在 {month} 未营业，其数据不计分";
    InactiveOutletHint => "check `opened`/`closed` in data/outlets.yaml", "请检查 data/outlets.yaml 中的 `opened`/`closed`";
    UnknownKpi => "unknown KPI `{id}`", "未知 KPI `{id}`";
    UnknownKpiSuggest => "did you mean `{near}`? KPIs are defined in data/kpis.yaml",
        "是不是想写 `{near}`？KPI 在 data/kpis.yaml 中定义";
    UnknownKpiHint => "add the KPI to data/kpis.yaml", "请在 data/kpis.yaml 中添加该 KPI";
    ValueOutOfRange => "{why} (KPI `{kpi}`)", "{why}（KPI `{kpi}`）";
    ValueIsText => "expected a number for `{kpi}`, found text `{text}`", "`{kpi}` 需要数字，这里写的是文字 `{text}`";
    ValueIsBool => "expected a number for `{kpi}`, found `{text}`", "`{kpi}` 需要数字，这里写的是 `{text}`";
    ValueNumberHint => "write a number, or `null` when there is no data", "请写数字；没有数据时写 `null`";
    ValuePercentHint => "write percentages as plain numbers, e.g. `94.5`", "百分比只写数字，例如 `94.5`";
    DuplicateMonth => "month {month} is also in `{other}`", "月份 {month} 也出现在 `{other}` 中";
    DuplicateMonthHint => "keep one file per month", "每个月只保留一个文件";
    UnknownMonth => "--month {month}: there is no data/scorecards/{month}.yaml",
        "--month {month}：没有 data/scorecards/{month}.yaml";
    UnknownMonthHint => "choose a month that has data, or add its file with `pitwall new month`",
        "请选择有数据的月份，或用 `pitwall new month` 新建该月文件";
    ScorecardsNeedData => "scorecards need data/kpis.yaml and data/outlets.yaml",
        "记分卡需要 data/kpis.yaml 和 data/outlets.yaml";
    ScorecardsNeedDataHint => "add the KPI catalogue and the outlet list", "请添加 KPI 目录和门店列表";

    // Scorecard warnings (model/scorecards.rs).
    MonthGap => "no data for {months} between {from} and {to}", "{from} 与 {to} 之间缺少 {months} 的数据";
    MonthGapHint => "add data/scorecards/{month}.yaml (`pitwall new month {month}`)",
        "请新建 data/scorecards/{month}.yaml（`pitwall new month {month}`）";
    OutletNoData => "outlet `{id}` has no data in {month}", "门店 `{id}` 在 {month} 没有数据";
    OutletNoDataHint => "add its figures under `values:`, or `null` for each KPI without data",
        "请在 `values:` 下填写该门店的数据；没有数据的 KPI 写 `null`";
    MonthUnfilled => "{month} has figures for {filled} of {cells} outlet × KPI cells ({percent} %); it becomes the current month when at least half are filled",
        "{month} 只填了 {cells} 项门店 × KPI 数据中的 {filled} 项（{percent}%）；填满至少一半后才会成为当前月份";
    MonthUnfilledHint => "the current month stays {current}; fill in the figures, or publish it anyway with `pitwall build --month {month}`",
        "当前月份仍是 {current}；请填完数据，或用 `pitwall build --month {month}` 强制发布";

    // Plausibility warnings on month files.
    PlausibleFraction => "every value of `{kpi}` this month lies between 0 and 1, but it is a percent KPI",
        "本月 `{kpi}` 的所有数值都在 0 到 1 之间，但它是百分比指标";
    PlausibleFractionHint => "write percentages as numbers from 0 to 100: `{example}` instead of `{value}`; if the values are right, say so with `plausible: [{kpi}]` in this month file",
        "百分比请写 0 到 100 之间的数：写 `{example}` 而不是 `{value}`；如果数值确实无误，请在本月文件中写 `plausible: [{kpi}]`";
    PlausibleZero => "`{kpi}` is {value}, which this KPI cannot be (at least {min} per data/kpis.yaml)",
        "`{kpi}` 为 {value}，但该指标不可能这么低（data/kpis.yaml 规定至少为 {min}）";
    PlausibleZeroHint => "write `null` when there is no data; if 0 is right, explain it in `notes:` for this outlet",
        "没有数据时请写 `null`；如果 0 确实无误，请在 `notes:` 中为该门店写明原因";
    PlausibleJump => "`{kpi}` changed by {change} since last month ({previous} → {value}), more than {limit}",
        "`{kpi}` 比上月变化了 {change}（{previous} → {value}），超过 {limit}";
    PlausibleJumpHint => "check the figure; if it is right, explain it in `notes:` for this outlet",
        "请核对该数值；如果无误，请在 `notes:` 中为该门店写明原因";
    PlausibleJumpStep => "the step declared in data/kpis.yaml ({step})", "data/kpis.yaml 中声明的合理变化幅度（{step}）";
    PlausibleJumpSpread => "{times} times the network's spread ({spread})", "全网离散度（{spread}）的 {times} 倍";
    PlausibleCopied => "every figure of outlet `{id}` is identical to last month's ({count} values): was the file copied?",
        "门店 `{id}` 的全部数据与上月完全相同（{count} 项）：是不是复制了上月的文件？";
    PlausibleCopiedHint => "type this month's figures; if they are right, explain it in `notes:` for this outlet",
        "请填写本月的数据；如果确实相同，请在 `notes:` 中为该门店写明原因";

    // Scaffolds.
    ScaffoldInsideContent => "the page path must stay inside content/", "页面路径必须在 content/ 之内";
    ScaffoldInsideContentHint => "e.g. `complaints/noise-after-repair`", "例如 `complaints/noise-after-repair`";
    NewNeedsPath => "name the page's path inside content/, e.g. `pitwall new complaint-script complaints/noise`",
        "请写出页面在 content/ 中的路径，例如 `pitwall new complaint-script complaints/noise`";
    ScaffoldNeedsData => "`new month` needs data/kpis.yaml and data/outlets.yaml",
        "`new month` 需要 data/kpis.yaml 和 data/outlets.yaml";
    ScaffoldNoMonth => "there is no month file yet to follow", "还没有任何月份文件可以接续";
    ScaffoldNoMonthHint => "name the month: `pitwall new month 2026-11`", "请指定月份：`pitwall new month 2026-11`";
    ScaffoldExists => "file already exists; pitwall new never overwrites", "文件已存在；pitwall new 不会覆盖文件";
    ScaffoldExistsHint => "choose another path, or edit the file", "请换一个路径，或直接编辑该文件";
    ScaffoldIo => "cannot {action}: {error}", "无法{action}：{error}";
    ActionCreateFolder => "create folder", "创建文件夹";
    ActionCreate => "create", "创建";
    ActionList => "list the folder", "列出文件夹内容";
    ActionWrite => "write", "写入";
    SwitchNotBool => "`{key}: {value}` is not `true` or `false`", "`{key}: {value}` 不是 `true` 或 `false`";
    SwitchNotBoolHint => "write `{key}: true` or `{key}: false`, without quotes",
        "请写 `{key}: true` 或 `{key}: false`，不要加引号";
    ThemeMissing => "there is no theme `{theme}`: no folder themes/{theme}/", "没有主题 `{theme}`：找不到文件夹 themes/{theme}/";
    ThemeMissingHint => "write `theme: default` for the built-in theme, or create the folder with your templates",
        "内置主题请写 `theme: default`，或者新建这个文件夹并放入模板";
    WorkbookParts => "the workbook has {parts} parts; an export has far fewer (at most {max} are read)",
        "工作簿包含 {parts} 个部件，远多于任何导出文件（最多读取 {max} 个）";
    WorkbookPart => "the workbook unpacks to {mb} MB; an export is far smaller (at most {max} MB are read)",
        "工作簿解压后有 {mb} MB，远大于任何导出文件（最多读取 {max} MB）";
    SheetTooLarge => "the sheet reaches this cell, past {rows} rows or {count} columns (column {columns}): a month's export is far smaller",
        "工作表一直延伸到这个单元格，超过了 {rows} 行或 {count} 列（第 {columns} 列）：月度导出不会这么大";
    TextTooLarge => "the file goes on past {rows} records, or this record has more than {columns} fields: a month's export is far smaller",
        "文件超过了 {rows} 条记录，或这一条记录超过了 {columns} 个字段：月度导出不会这么大";
    SheetTooManyCells => "the sheet spans {rows} rows × {columns} columns up to this cell; a month's export is far smaller (at most {max} cells are read)",
        "工作表到这个单元格为止共 {rows} 行 × {columns} 列；月度导出不会这么大（最多读取 {max} 个单元格）";
    WorkbookTooLargeHint => "export only the month's sheet from the DMS, or copy its table into a new workbook",
        "请从 DMS 只导出当月的表，或把表格复制到一个新的工作簿中";
    NameTooLong => "`{field}` has {count} characters; a name has at most {max}", "`{field}` 有 {count} 个字符；名称最多 {max} 个字符";
    AudienceText => "`{word}` names outlet `{id}`, which the audience `{audience}` does not see, and this text is published in its bundle",
        "`{word}` 指的是门店 `{id}`，受众 `{audience}` 看不到该门店，但这段文字会发布在它的站点里";
    AudienceTextHint => "reword it without the outlet, or give the page `audiences:` that see the outlet",
        "请改写这段文字、不提该门店，或给该页写上能看到该门店的 `audiences:`";
    VisibilityInvalid => "`visibility: {value}` is neither `internal` nor `public`",
        "`visibility: {value}` 既不是 `internal` 也不是 `public`";
    VisibilityInvalidHint => "`internal` (the default) keeps the site out of search engines; `public` only for a site anyone may read",
        "`internal`（默认）：不让搜索引擎收录；只有任何人都可以看的站点才写 `public`";
    AudienceUnknown => "`{text}` is not an audience", "`{text}` 不是有效的受众";
    AudienceUnknownHint => "write `network`, `region:<region>`, `region:*` (every region), `outlet:<outlet id>` or `outlet:*` (every outlet)",
        "请写 `network`（全网）、`region:<区域>`、`region:*`（每个区域）、`outlet:<门店 id>` 或 `outlet:*`（每个门店）";
    AudienceNoRegion => "there is no region `{region}` in data/outlets.yaml", "data/outlets.yaml 中没有区域 `{region}`";
    AudienceRegionsAre => "the regions are: {regions}", "现有的区域：{regions}";
    AudienceNoOutlet => "there is no outlet `{id}` in data/outlets.yaml", "data/outlets.yaml 中没有门店 `{id}`";
    AudienceNotOne => "`--audience {text}` names several audiences: name one, or `all` for every audience in site.yaml",
        "`--audience {text}` 指了多个受众：请只写一个，或写 `all` 生成 site.yaml 中的全部受众";
    AudienceNoneDeclared => "`--audience all` needs `audiences:` in site.yaml", "`--audience all` 需要在 site.yaml 中写 `audiences:`";
    AudienceNoneDeclaredHint => "e.g.  audiences: [network, region:*, outlet:*]",
        "例如  audiences: [network, region:*, outlet:*]";
    LinkToOtherAudience => "link to `{target}`, a page the audience `{audience}` does not get (its `audiences:` leave it out)",
        "链接指向 `{target}`，但受众 `{audience}` 看不到该页（该页的 `audiences:` 不包括它）";
    LinkToOtherAudienceHint => "give the linking page the same `audiences:`, or add this audience to the page it links",
        "请给本页写上相同的 `audiences:`，或在被链接的页面中加上这个受众";
    AudienceOutHoldsSite => "this folder holds a whole site (every outlet by name); `--audience all` puts each audience's bundle in a folder of its own under the output folder",
        "这个文件夹里是整站（所有门店的名称都在里面）；`--audience all` 会在输出文件夹下为每个受众各建一个文件夹";
    AudienceOutHoldsSiteHint => "name another folder with `--out`, e.g. `--out public-audiences`, or remove this one first",
        "请用 `--out` 换一个文件夹，例如 `--out public-audiences`，或先删除这个文件夹";
    AnonymousOutlet => "Other outlet {n}", "其他门店 {n}";
    PublicHost => "the site is internal (`visibility: internal`), but {what} publishes it on a public host",
        "站点是内部站点（`visibility: internal`），但{what}会把它发布到公开网址";
    PublicHostBaseUrl => "its `base_url`", "网址设置 `base_url`";
    PublicHostWorkflow => "this workflow's GitHub Pages step", "这个工作流的 GitHub Pages 步骤";
    PublicHostHint => "GitHub Pages of a public repository can be read by anyone: publish to an internal server or a private bucket (docs/deploy.md), guard the step with `if: vars.PITWALL_PUBLISH == 'pages'`, or set `visibility: public` if anyone may read the site",
        "公开仓库的 GitHub Pages 任何人都能访问：请发布到内部服务器或私有存储桶（见 docs/deploy.md），或用 `if: vars.PITWALL_PUBLISH == 'pages'` 限定该步骤；如果站点确实可以公开，请写 `visibility: public`";
    InitNotEmpty => "`{path}` is not empty: it holds {entries}; pitwall init writes only into an empty folder and has touched nothing",
        "`{path}` 不是空文件夹，里面有 {entries}；pitwall init 只在空文件夹中新建站点，什么也没有改动";
    InitNotEmptyHint => "name a new folder: `pitwall init {suggestion}`",
        "请换一个新文件夹名：`pitwall init {suggestion}`";
    InitNotAFolder => "`{path}` is a file, not a folder", "`{path}` 是一个文件，不是文件夹";
    InitMore => "{names} and more ({count} in all)", "{names} 等共 {count} 项";
    InitDone => "started a site in {path} ({files} files)", "已在 {path} 新建站点（{files} 个文件）";
    InitNext => "next:\n{cd}  git init && git add . && git commit -m \"Start the site\"   # pages show their revisions from git\n  pitwall check      # check pages and data\n  pitwall serve      # preview at http://127.0.0.1:1111, refreshed on every save\n  pitwall build      # the site, into public/\nREADME.md in the site says what each file is for.",
        "接下来：\n{cd}  git init && git add . && git commit -m \"新建站点\"   # 页面的修订记录来自 git\n  pitwall check      # 检查页面和数据\n  pitwall serve      # 在 http://127.0.0.1:1111 预览，保存即刷新\n  pitwall build      # 生成站点到 public/\n站点里的 README.md 说明了每个文件的用途。";
    ScaffoldPlaceholder => "this page still carries the scaffold placeholder `{text}`",
        "本页仍保留着模板占位文字 `{text}`";
    ScaffoldPlaceholderHint => "replace it with the real text, or keep the page as `draft: true` until it is done",
        "请换成正式内容；未完成前请保持 `draft: true`";

    // Dialogue blocks.
    DialogueEmptyTurn => "`{speaker}` says nothing in this dialogue line", "这行对话中 `{speaker}` 没有说话内容";
    DialogueEmptyTurnHint => "write the words after the colon, or remove the line", "请在冒号后写上台词，或删除这一行";
    DialogueNoSpeaker => "this dialogue line has no speaker", "这行对话没有说话人";
    DialogueNoSpeakerHint => "start it with the speaker and a colon, e.g. `顾问：…`, or put a stage direction in parentheses",
        "请以说话人和冒号开头，例如 `顾问：…`；舞台提示请写在括号里";

    // Themes and templates.
    TemplateError => "template error: {detail}", "模板错误：{detail}";
    SameErrorMore => "the same error stopped {count} more page(s)", "同一错误还导致另外 {count} 个页面无法生成";
    TemplateErrorHint => "check the template named here under themes/", "请检查 themes/ 下这里提到的模板";

    // Links and cross-references (check).
    DidYouMean => "did you mean `{near}`?", "是不是想写 `{near}`？";
    LinkToDraft => "link to `{target}`, a draft left out of this build", "链接指向 `{target}`，它是草稿，本次没有发布";
    LinkToDraftHint => "publish the page (remove `draft: true`) or build with --drafts",
        "发布该页面（删去 `draft: true`），或用 --drafts 生成";
    LinkMissingPage => "link to `{target}`, which does not exist", "链接指向 `{target}`，但没有这个页面";
    LinkMissingPageHint => "link a page by its source file, relative to this page or from content/ with `@/`",
        "请按源文件链接页面：写相对本页的路径，或用 `@/` 从 content/ 写起";
    LinkMissingUrl => "link to `{written}`: this site has no page or file at /{url}",
        "链接 `{written}`：本站没有 /{url} 这个页面或文件";
    LinkMissingUrlHint => "link pages by their source file (`@/complaints/a.md`) and pages pitwall generates with `@/` (`@/kpis/csi`)",
        "页面请按源文件链接（`@/complaints/a.md`），pitwall 生成的页面用 `@/` 链接（`@/kpis/csi`）";
    LinkSourceFileHint => "link the page's source file: `{source}`", "请链接页面的源文件：`{source}`";
    LinkTrailingSlashHint => "did you mean `{near}`? (The page's URL ends in `/`.)",
        "是不是想写 `{near}`？（页面网址以 `/` 结尾。）";
    AnchorMissingHere => "this page has no heading `#{anchor}`", "本页没有标题 `#{anchor}`";
    AnchorMissing => "`{target}` has no heading `#{anchor}`", "`{target}` 没有标题 `#{anchor}`";
    WarningsAsBefore => "and {count} warning(s) as before", "另有 {count} 个警告与上次相同";
    AnchorList => "headings there: {headings}", "那里的标题有：{headings}";
    AnchorNoHeadings => "that page has no headings: link the page itself, without `#…`", "那一页没有标题：直接链接到页面，不要写 `#…`";
    AnchorMissingHint => "after `#`, write a heading of that page as its id shows it (lower case, spaces as `-`, punctuation left out)",
        "`#` 后面请写那一页的某个标题，按标题的 id 写（英文小写、空格写成 `-`、去掉标点）";
    LinkIntoSymlink => "link to `{written}`: `{path}` is a symbolic link to `{target}`, outside the site folder, and is not published",
        "链接 `{written}`：`{path}` 是指向站点文件夹之外 `{target}` 的符号链接，不会发布";
    LinkIntoSymlinkHint => "copy the page into content/ instead of linking to it", "请把该页面复制到 content/ 里，而不是链接过去";
    PageUnknownKpi => "unknown KPI `{id}`", "未知 KPI `{id}`";
    PageUnknownKpiNear => "did you mean `{near}`? KPIs are defined in data/kpis.yaml",
        "是不是想写 `{near}`？KPI 定义在 data/kpis.yaml 里";
    PageUnknownKpiHint => "KPIs are defined in data/kpis.yaml", "KPI 定义在 data/kpis.yaml 里";
    NoKpiCatalogue => "this site has no data/kpis.yaml", "本站没有 data/kpis.yaml";
    PrerequisiteMissing => "prerequisite `{id}` does not exist", "先修模块 `{id}` 不存在";
    PrerequisiteHint => "name pages by their path inside content/, e.g. `training/01-role.md`",
        "请写页面在 content/ 里的路径，例如 `training/01-role.md`";
    ReviewDue => "page was due for review on {due}", "本页应在 {due} 前复审";
    ReviewDueHint => "review the page, then move `review_by` forward", "复审本页后，把 `review_by` 改到以后的日期";
    DuplicatePart => "syllabus part {part} is also used by `{other}`", "大纲第 {part} 部分已被 `{other}` 使用";
    UnaddressedKpi => "no playbook names KPI `{id}` in its `kpis`", "没有任何手册在 `kpis` 中列出 KPI `{id}`";
    UnaddressedKpiHint => "staff will see no \"what to do\" links when this KPI is red",
        "这个 KPI 变红时，员工看不到“该怎么做”的链接";

    // Output paths (model/outputs.rs).
    And => "{a} and {b}", "{a}和{b}";
    OriginPage => "the page `{path}`", "页面 `{path}`";
    OriginHome => "the home page", "首页";
    OriginSection => "the section `content/{dir}/`", "栏目 `content/{dir}/`";
    OriginSearch => "the search page", "搜索页";
    OriginTagList => "the tag list", "标签列表";
    OriginTag => "the tag `{name}`", "标签 `{name}`";
    OriginKpiCatalogue => "the KPI catalogue", "KPI 目录";
    OriginKpi => "the KPI `{id}`", "KPI `{id}`";
    OriginMonths => "the list of months", "月份列表";
    OriginLatest => "the link to the latest month", "最新月份的链接";
    OriginMonth => "the scorecard of {month}", "{month} 的记分卡";
    OriginOutletMonth => "the scorecard of `{outlet}` in {month}", "`{outlet}` 在 {month} 的记分卡";
    Origin404 => "the 404 page", "404 页面";
    OriginChanges => "the what's-new page", "更新记录页面";
    OriginSitemap => "the sitemap", "站点地图";
    OriginThemeStatic => "the built-in theme's static file", "内置主题的静态文件";
    OriginStatic => "the static file `{path}`", "静态文件 `{path}`";
    OriginAt => "{what} (at `/{path}`)", "{what}（位于 `/{path}`）";
    CollidesWithSearch => "{what} would be published at `/{path}`, inside `/{dir}`, where pitwall writes the search index",
        "{what} 会发布到 `/{path}`，位于 pitwall 写搜索索引的 `/{dir}` 里";
    CollidesWithSearchHint => "move or rename it, or turn search off with `search: false` in site.yaml",
        "请移动或改名，或在 site.yaml 里写 `search: false` 关闭搜索";
    DuplicateOutput => "{who} both want to publish `/{path}`", "{who} 都要发布到 `/{path}`";
    DuplicateOutputCaseHint => "the paths differ only in letter case or Unicode form, and overwrite each other on macOS and Windows; rename one of them",
        "这些路径只在大小写或 Unicode 形式上不同，在 macOS 和 Windows 上会互相覆盖；请给其中一个改名";
    DuplicateOutputHint => "rename or move one of them", "请给其中一个改名或换个位置";

    // Reading the site (load.rs) and the file system.
    NoContentFolder => "no `content/` folder in {root}", "{root} 里没有 `content/` 文件夹";
    CannotRead => "cannot read: {reason}", "无法读取：{reason}";
    CannotWrite => "cannot write: {reason}", "无法写入：{reason}";
    IoNotFound => "it does not exist", "文件或文件夹不存在";
    IoPermission => "permission denied", "没有权限";
    IoIsADirectory => "it is a folder, not a file", "这是文件夹，不是文件";
    IoNotADirectory => "a part of the path is a file, not a folder", "路径中有一段是文件而不是文件夹";
    IoStorageFull => "the disk is full", "磁盘已满";
    IoReadOnly => "the file system is read-only", "文件系统是只读的";
    IoOther => "{detail}", "{detail}";
    SymlinkOutside => "symbolic link to `{target}` not followed: it points outside the site folder; it is not published",
        "指向 `{target}` 的符号链接未被跟随：它指向站点文件夹之外，不会发布";
    SymlinkDangling => "symbolic link to `{target}` not followed: what it points to does not exist; it is not published",
        "指向 `{target}` 的符号链接未被跟随：它指向的目标不存在，不会发布";
    SymlinkHint => "copy the file into the site folder, or point the link at a file inside it",
        "请把文件复制到站点文件夹里，或让链接指向站点文件夹内的文件";
    NotUtf8 => "file is not valid UTF-8", "文件不是有效的 UTF-8 编码";
    NotUtf8Hint => "save the file as UTF-8", "请把文件另存为 UTF-8 编码";

    // Pages, URLs, tags and links in Markdown.
    ReservedPath => "`content/{top}/` would replace pages pitwall generates at /{top}/",
        "`content/{top}/` 会覆盖 pitwall 在 /{top}/ 生成的页面";
    ReservedPathHint => "rename the folder", "请给这个文件夹改名";
    BadPathSegment => "`{bad}` cannot be part of a URL", "`{bad}` 不能用在网址里";
    BadPathSegmentHint => "use letters, digits, `-` and `_` in file and folder names",
        "文件名和文件夹名请用字母、数字、`-` 和 `_`";
    DuplicateUrl => "this page and `{other}` both want the URL /{url}", "本页和 `{other}` 都要使用网址 /{url}";
    DuplicateUrlCase => "this page's URL /{url} and the URL /{other_url} of `{other}` differ only in letter case or Unicode form, and overwrite each other on macOS and Windows",
        "本页的网址 /{url} 和 `{other}` 的网址 /{other_url} 只在大小写或 Unicode 形式上不同，在 macOS 和 Windows 上会互相覆盖";
    RenameOne => "rename one of them", "请给其中一个改名";
    TagNoSlug => "tag `{name}` has no letter or digit to make its URL from", "标签 `{name}` 里没有可以生成网址的字母或数字";
    TagNoSlugHint => "use a tag with letters or digits", "请使用含有字母或数字的标签";
    TagIn => "`{name}` in `{path}`", "`{path}` 里的 `{name}`";
    DuplicateTagUrl => "tag `{name}` and tag {others} would share the URL /tags/{slug}/",
        "标签 `{name}` 和标签 {others} 会使用同一个网址 /tags/{slug}/";
    DuplicateTagUrlHint => "tag URLs keep only letters, digits, `-` and `_`: write both tags the same way, or make them differ in letters or digits",
        "标签网址只保留字母、数字、`-` 和 `_`：请把两个标签写成一样，或让它们在字母或数字上有区别";
    UnsafeLink => "link `{dest}` uses a scheme that can run code", "链接 `{dest}` 使用了可以运行代码的协议";
    UnsafeLinkHint => "use an http(s), mailto or tel link, or a path to another page",
        "请使用 http(s)、mailto 或 tel 链接，或指向其他页面的路径";
    LinkOutsideContent => "link `{dest}` points outside `content/`", "链接 `{dest}` 指向 `content/` 之外";
    LinkOutsideContentHint => "link to pages by their path inside content/, e.g. `@/complaints/delivery-delay.md`",
        "请按页面在 content/ 里的路径链接，例如 `@/complaints/delivery-delay.md`";
    LinkAboveRoot => "link `{dest}` climbs above the site's root", "链接 `{dest}` 超出了站点根目录";
    LinkAboveRootHint => "link to pages by their source file, e.g. `@/complaints/delivery-delay.md`",
        "请按源文件链接页面，例如 `@/complaints/delivery-delay.md`";

    // Writing the output (write/, render/).
    IoFailed => "{what}: {reason}", "{what}：{reason}";
    OutIsFsRoot => "cannot build into a file system's root", "不能输出到文件系统的根目录";
    CannotCreateParent => "cannot create the output's parent folder", "无法创建输出文件夹的上级文件夹";
    NoLock => "cannot keep a lock here: leftovers of killed builds are not cleaned up",
        "这里无法保存锁文件：被中断的生成留下的临时文件不会被清理";
    NoLockHint => "make the site folder writable", "请让站点文件夹可写";
    CannotCreateStaging => "cannot create the staging folder beside the output folder",
        "无法在输出文件夹旁边创建临时文件夹";
    CannotCreateStagingHint => "the output's parent folder must be writable; or build with `--out` elsewhere",
        "输出文件夹的上级文件夹必须可写；或用 `--out` 输出到别处";
    CannotReplaceOut => "cannot replace the output folder: `{dir}` cannot be changed ({reason}); the previous output is unchanged",
        "无法替换输出文件夹：`{dir}` 不能修改（{reason}）；原来的输出保持不变";
    CannotReplaceOutHint => "make it writable (chmod u+w, chattr -i) or remove it, then build again",
        "请让它可写（chmod u+w、chattr -i）或删除它，然后重新生成";
    CannotSwap => "cannot put the new site in place", "无法把新站点放到位";
    DiskFull => "not enough space for the new site beside the output folder in `{parent}`: the new files need about {needed} MB; the previous output is unchanged",
        "`{parent}` 里输出文件夹旁边的空间不够放新站点：新文件大约需要 {needed} MB；原来的输出保持不变";
    DiskFullFree => "not enough space for the new site beside the output folder in `{parent}`: the new files need about {needed} MB and {free} MB were free; the previous output is unchanged",
        "`{parent}` 里输出文件夹旁边的空间不够放新站点：新文件大约需要 {needed} MB，而只剩 {free} MB；原来的输出保持不变";
    DiskFullHint => "free space on that disk, or build with `--out` on another disk",
        "请清理那块磁盘的空间，或用 `--out` 输出到另一块磁盘";
    CannotWriteStaging => "cannot write the new site beside the output folder; the previous output is unchanged",
        "无法在输出文件夹旁边写入新站点；原来的输出保持不变";
    OutputPathEscapes => "output path would leave the output folder", "输出路径会超出输出文件夹";
    CannotReadKept => "cannot read a file of the previous build", "无法读取上次生成的文件";
    OutOwnFolderHint => "build into a folder of its own, e.g. `--out public`", "请输出到单独的文件夹，例如 `--out public`";
    OutUnresolvable => "cannot resolve it: {reason}", "无法解析这个路径：{reason}";
    OutIsSite => "it is the site folder or holds it, and building would delete the site",
        "它就是站点文件夹或包含站点文件夹，生成时会删除站点";
    OutInSources => "it is, holds or lies inside the site's `{name}`, which building would delete",
        "它就是、包含或位于站点的 `{name}` 里，生成时会删除其中内容";
    OutIsFile => "it is a file, not a folder", "它是文件，不是文件夹";
    OutNotOurs => "it holds files pitwall did not write, and building replaces the whole folder",
        "里面有不是 pitwall 写的文件，而生成会替换整个文件夹";
    OutRefused => "refusing to build into `--out {out}`: {why}", "拒绝输出到 `--out {out}`：{why}";
    OutTheirsHint => "build into a folder of its own, e.g. `--out public`; or, if `{shown}` may go, remove it first",
        "请输出到单独的文件夹，例如 `--out public`；如果 `{shown}` 可以不要，请先删除它";
    Busy => "another pitwall build into `{out}` is running (it holds `{lock}`)",
        "另一个 pitwall 正在生成到 `{out}`（它持有 `{lock}`）";
    BusyHint => "wait for it to finish, then build again", "请等它完成后再生成";
    Leftover => "cannot remove the previous output: {reason}", "无法删除上一次的输出：{reason}";
    LeftoverHint => "it is removed by the next build; or remove it yourself", "下次生成时会删除它；也可以手动删除";
    TemplateContext => "cannot build the template context: {detail}", "无法准备模板数据：{detail}";
    NoPreviousBuild => "this output has no previous build to keep files from", "这个输出没有可以沿用文件的上一次生成";
    OutputWrittenTwice => "two things want to write this output file", "有两处内容要写同一个输出文件";
    OutputWrittenTwiceHint => "a file in static/ has the same path as a generated page",
        "static/ 里有一个文件和生成的页面路径相同";
    TemplateFailed => "template `{template}` failed for this page: {detail}", "模板 `{template}` 生成本页时出错：{detail}";
    SearchFailed => "{what}: {detail}", "{what}：{detail}";
    SearchStart => "cannot start the search indexer", "无法启动搜索索引程序";
    SearchWrite => "cannot write the search index", "无法写出搜索索引";
    SearchIndexPage => "cannot index {path}", "无法为 {path} 建立搜索索引";
    ChangedListUnreadable => "cannot read the list of changed files: {reason}", "无法读取改动文件列表：{reason}";
    ChangedListHint => "write it with `git diff --name-only BASE... > changed.txt`",
        "请用 `git diff --name-only BASE... > changed.txt` 生成这个列表";

    // The preview server (serve/) and import summaries.
    ServeNoRoot => "the site folder `{root}` does not exist or is not a folder", "站点文件夹 `{root}` 不存在或不是文件夹";
    ServeNoRootHint => "run `pitwall serve` from the site folder, or pass it with `--root DIR`",
        "请在站点文件夹里运行 `pitwall serve`，或用 `--root DIR` 指定站点";
    PortInUse => "port {port} on {bind} is already in use (another `pitwall serve` may be running)",
        "{bind} 的端口 {port} 已被占用（可能已有一个 `pitwall serve` 在运行）";
    PortInUseHint => "stop it, or choose another port with `--port`, e.g. `pitwall serve --port {next}` (`--port 0` picks a free one)",
        "请先停止它，或用 `--port` 换一个端口，例如 `pitwall serve --port {next}`（`--port 0` 会自动选一个空闲端口）";
    CannotListen => "cannot listen on port {port} of {bind}: {reason}", "无法在 {bind} 的端口 {port} 上监听：{reason}";
    CannotListenHint => "choose another port with `--port`, or another address with `--bind`",
        "请用 `--port` 换一个端口，或用 `--bind` 换一个地址";
    ServeReachable => "serving on {address}, which other machines can reach", "正在 {address} 上预览，其他电脑也能访问";
    NoWatch => "cannot watch for changes ({reason}); serving without live reload",
        "无法监视文件改动（{reason}）；预览不会自动刷新";
    NoWatchFolder => "cannot watch {name}/ for changes ({reason})", "无法监视 {name}/ 的改动（{reason}）";
    Serving => "serving {url} (Ctrl+C to stop)", "预览地址 {url}（按 Ctrl+C 停止）";
    ServerStart => "cannot start the server: {reason}", "无法启动预览服务：{reason}";
    ServerStopped => "server stopped: {reason}", "预览服务已停止：{reason}";
    Rebuilt => "rebuilt in {ms} ms ({phases})", "已重新生成，用时 {ms} 毫秒（{phases}）";
    SavedShown => "saved page shown in {ms} ms; rebuilding the site", "已显示保存的页面，用时 {ms} 毫秒；正在重新生成整个站点";
    RebuildFailed => "build failed; still serving the last good site", "生成失败；仍在预览上一个成功的版本";
    ImportFailed => "error: {errors} error(s); {target} was not written", "error: {errors} 个错误；没有写入 {target}";
    ImportWrote => "wrote {target} ({changes} change(s))", "已写入 {target}（{changes} 处改动）";
    ImportDryRun => "dry run: {target} not written ({changes} change(s))", "试运行：没有写入 {target}（{changes} 处改动）";
    ImportUnchanged => "no changes: {target} left as it is ({changes} change(s))", "没有改动：{target} 保持不变（{changes} 处改动）";

    // YAML parser limits.
    BudgetSplitHint => "split the data into smaller files, or look for a generator or a paste that repeated far too much",
        "请把数据拆成几个小文件，或检查是不是某个生成程序或粘贴操作重复了太多内容";
    BudgetAliasesHint => "write the repeated values out instead of pointing at them with `&anchor` and `*alias`",
        "请把重复的值直接写出来，不要用 `&锚点` 和 `*别名` 引用";
    BudgetAliasNodes => "the YAML aliases (`*name`) here expand to more than {limit} values: pitwall stops reading there, to protect against an alias bomb (a few lines that expand to billions of values)",
        "这里的 YAML 别名（`*name`）展开后超过 {limit} 个值：pitwall 在此停止读取，以防“别名炸弹”（几行文字展开成数十亿个值）";
    BudgetNodes => "this file holds more than {limit} YAML values (lists, mappings and scalars): pitwall stops reading there, so that a file far too large, or one that expands to millions of values, cannot exhaust memory",
        "这个文件包含超过 {limit} 个 YAML 值（列表、映射和标量）：pitwall 在此停止读取，以免过大的文件耗尽内存";
    BudgetDepth => "values here are nested more than {limit} levels deep: pitwall stops reading there, so that a deeply nested file cannot exhaust the stack",
        "这里的值嵌套超过 {limit} 层：pitwall 在此停止读取，以免嵌套过深耗尽栈空间";
    BudgetDepthHint => "flatten the structure: pitwall's files need at most a few levels of nesting",
        "请减少嵌套层数：pitwall 的文件最多只需要几层嵌套";
    BudgetAliases => "this file uses more than {limit} YAML aliases (`*name`): pitwall stops reading there, to protect against an alias bomb (a few lines that expand to billions of values)",
        "这个文件使用了超过 {limit} 个 YAML 别名（`*name`）：pitwall 在此停止读取，以防“别名炸弹”";
    BudgetAliasRatio => "this file uses {used} YAML aliases (`*name`) for {anchors} anchors (`&name`), more than {ratio} per anchor: pitwall stops reading there, to protect against an alias bomb (a few lines that expand to billions of values)",
        "这个文件为 {anchors} 个锚点（`&name`）使用了 {used} 个别名（`*name`），每个锚点超过 {ratio} 个：pitwall 在此停止读取，以防“别名炸弹”";
    BudgetAnchorCopies => "the values behind this file's YAML anchors (`&name`) and aliases (`*name`) expand to more than {limit} copies: pitwall stops reading there, to protect against an alias bomb (a few lines that expand to billions of values)",
        "这个文件的锚点（`&name`）和别名（`*name`）展开后超过 {limit} 份：pitwall 在此停止读取，以防“别名炸弹”";
    BudgetAnchors => "this file defines more than {limit} YAML anchors (`&name`): pitwall stops reading there, so that a file far too large cannot exhaust memory",
        "这个文件定义了超过 {limit} 个锚点（`&name`）：pitwall 在此停止读取，以免过大的文件耗尽内存";
    BudgetEvents => "this file has more than {limit} YAML parser events: pitwall stops reading there, so that a file far too large cannot exhaust memory",
        "这个文件的 YAML 解析事件超过 {limit} 个：pitwall 在此停止读取，以免过大的文件耗尽内存";
    BudgetScalarBytes => "the text in this file's values exceeds {limit} bytes: pitwall stops reading there, so that a file far too large cannot exhaust memory",
        "这个文件中值的文字超过 {limit} 字节：pitwall 在此停止读取，以免过大的文件耗尽内存";
    BudgetDocuments => "this file holds more than {limit} YAML documents (`---` separators): pitwall stops reading there",
        "这个文件包含超过 {limit} 个 YAML 文档（`---` 分隔）：pitwall 在此停止读取";
    BudgetDocumentsHint => "keep one document per file: remove the extra `---` lines", "每个文件只写一个文档：请删去多余的 `---` 行";
    BudgetMergeKeys => "this file uses more than {limit} YAML merge keys (`<<`): pitwall stops reading there, to protect against an alias bomb",
        "这个文件使用了超过 {limit} 个合并键（`<<`）：pitwall 在此停止读取，以防“别名炸弹”";
    BudgetOther => "this file is too large or too complex to read safely: pitwall stops reading YAML that could exhaust memory or the stack",
        "这个文件太大或太复杂，无法安全读取：pitwall 不读取可能耗尽内存或栈空间的 YAML";
    YamlSyntaxHint => "check the colons, quotes, brackets and indentation on this line and the line above",
        "请检查这一行和上一行的冒号、引号、括号和缩进（用 `--lang en` 可看到解析器的英文原文）";

    // The command line (clap errors, told again in the site language).
    UsageUnknownCommand => "`{text}` is not a pitwall command", "`{text}` 不是 pitwall 的命令";
    UsageUnknownFlag => "unknown option `{text}`", "未知选项 `{text}`";
    UsageInvalidValue => "`{value}` is not a value of `{flag}`; allowed: {allowed}", "`{value}` 不是 `{flag}` 可以取的值；可以写：{allowed}";
    UsageBadValue => "`{value}` is not a valid value of `{flag}`", "`{value}` 不是 `{flag}` 的有效值";
    UsageMissingArgument => "missing: {args}", "缺少参数：{args}";
    UsageMissingCommand => "which command? e.g. `pitwall build`, `pitwall serve`, `pitwall check`",
        "请写出要运行的命令，例如 `pitwall build`、`pitwall serve`、`pitwall check`";
    UsageConflict => "`{a}` cannot be used together with `{b}`", "`{a}` 不能和 `{b}` 一起使用";
    UsageValueCount => "`{flag}` takes one value", "`{flag}` 需要一个值";
    MonthFormatHint => "write the month as YYYY-MM, e.g. 2026-11", "月份请写成 YYYY-MM，例如 2026-11";
    GithubSkipped => "{count} warning(s) in files this change does not touch are not annotated (run `pitwall check` to see them)",
        "本次改动之外的文件中还有 {count} 个警告，未逐条标注（运行 `pitwall check` 查看）";
    DmsCodeEmpty => "`dms_code` is empty; remove the line or write the code", "`dms_code` 是空的；请删去这一行或写上代码";
    DmsCodeTwice => "dms_code `{code}` is also the code of outlet `{outlet}`", "dms_code `{code}` 也是门店 `{outlet}` 的代码";
    UsageOther => "this command line cannot be read", "无法读懂这条命令";
    UsageLine => "usage: `{usage}`", "用法：`{usage}`";
    UsageMore => "run `pitwall --help` (or `pitwall COMMAND --help`) to see every option",
        "运行 `pitwall --help`（或 `pitwall 命令 --help`）查看全部选项";
    // Page history (git).
    HistoryNoRepository => "note: no page history: this site folder is not in a git repository with commits, so pages show the dates in their front matter; build from a git clone (in GitHub Actions: actions/checkout with `fetch-depth: 0`) to show revisions",
        "提示：没有修订记录：站点文件夹不在有提交的 git 仓库中，页面只显示页首设置区里的日期。请在 git 克隆中构建（GitHub Actions 中用 actions/checkout 并设置 `fetch-depth: 0`）以显示修订记录";
    HistoryShallow => "note: page history is truncated: this is a shallow clone; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) to show every revision",
        "提示：修订记录不完整：当前是浅克隆（shallow clone）。请获取完整历史（运行 `git fetch --unshallow`，或在 actions/checkout 中设置 `fetch-depth: 0`）后再构建";
    HistoryUnreadable => "note: no page history: the git repository could not be read ({reason}); pages show the dates in their front matter",
        "提示：没有修订记录：无法读取 git 仓库（{reason}），页面只显示页首设置区里的日期";

    // Scorecards as a dealer group reads them (issue 14): sample sizes, completeness, events.
    SampleInvalid => "the sample size `n` must be a whole number of answers, 0 or more, not {text}",
        "样本数 `n` 必须是 0 或正整数（回答份数），不能是 {text}";
    SampleInvalidHint => "write the number of survey answers, e.g. `csi: {value: 91.2, n: 14}`; leave `n` out when it is not known",
        "请写问卷回收份数，例如 `csi: {value: 91.2, n: 14}`；不知道份数就不写 `n`";
    CompletenessInvalid => "`completeness` is a percentage from 0 to 100, not {value}",
        "`completeness` 是 0 到 100 之间的百分数，不能是 {value}";
    CompletenessInvalidHint => "write e.g. `completeness: 90` (months and outlets with fewer cells filled get a note), or remove the line for the default 90",
        "例如写 `completeness: 90`（有数据的单元格低于这个比例的月份和门店会显示提示）；删去这一行则默认为 90";
    EventUnknownRegion => "unknown region `{region}`", "未知区域 `{region}`";
    EventUnknownRegionSuggest => "did you mean `{near}`? Regions are the `region:` of outlets in data/outlets.yaml",
        "是不是 `{near}`？区域取自 data/outlets.yaml 中各门店的 `region:`";
    EventUnknownRegionHint => "write the `region:` of an outlet in data/outlets.yaml, or leave `region:` out for the whole network",
        "请写 data/outlets.yaml 中某个门店的 `region:`；整个网络的事件不写 `region:`";
    EventDateInvalid => "`{text}` is not a date", "`{text}` 不是有效日期";
    EventDateInvalidHint => "write the date as YYYY-MM-DD, e.g. `date: 2026-08-05`, or the month alone: `month: 2026-08`",
        "日期请写成 YYYY-MM-DD，例如 `date: 2026-08-05`；也可以只写月份：`month: 2026-08`";
    EventNoWhen => "the event has neither `month:` nor `date:`", "这条事件没有写 `month:` 或 `date:`";
    EventNoWhenHint => "add `month: 2026-08` or `date: 2026-08-05` to the event",
        "请给这条事件加上 `month: 2026-08` 或 `date: 2026-08-05`";
    EventTwoWhens => "an event has `month:` or `date:`, not both", "一条事件只写 `month:` 或 `date:` 其中之一";
    EventTwoScopes => "an event is for an outlet or a region, not both", "一条事件只能针对一个门店或一个区域，不能同时写两者";
    XlsxFailed => "could not write the workbook {path}: {error}", "无法生成工作簿 {path}：{error}";
    EventTwoScopesHint => "keep `outlet:` for one outlet, or `region:` for all its outlets",
        "针对单个门店请保留 `outlet:`，针对整个区域请保留 `region:`";
    // periods: `aggregate:`/`weight:` in data/kpis.yaml, data/targets.yaml, period pages
    AggregateUnknown => "unknown period rule `aggregate: {text}`",
        "未知的汇总方式 `aggregate: {text}`";
    AggregateSuggest => "did you mean `aggregate: {near}`? The rules are mean, sum, last and weighted",
        "是不是想写 `aggregate: {near}`？可选 mean（平均）、sum（合计）、last（取最后一个月）、weighted（加权平均）";
    AggregateHint => "write `aggregate: mean`, `sum`, `last` or `weighted` (or leave it out for mean)",
        "请写 `aggregate: mean`、`sum`、`last` 或 `weighted`（不写即为 mean 平均）";
    WeightNotWeighted => "`weight:` of KPI `{kpi}` is only read with `aggregate: weighted`",
        "KPI `{kpi}` 的 `weight:` 只在 `aggregate: weighted` 时使用";
    WeightNotWeightedHint => "add `aggregate: weighted`, or delete the `weight:` line",
        "请加上 `aggregate: weighted`，或删掉 `weight:` 这一行";
    WeightItself => "KPI `{kpi}` cannot be weighted by itself",
        "KPI `{kpi}` 不能用自己作为权重";
    WeightItselfHint => "name the KPI that counts the cases (e.g. repair orders), or delete `weight:` to weight by the sample size `n`",
        "请写计数的那个 KPI（例如维修工单数）；删掉 `weight:` 则按样本量 `n` 加权";
    WeightUnknown => "`weight:` names unknown KPI `{id}`", "`weight:` 写的 KPI `{id}` 不存在";
    TargetPeriodInvalid => "`{text}` is not a year or a quarter", "`{text}` 不是年份或季度";
    TargetPeriodSuggest => "did you mean `{near}`?", "是不是想写 `{near}`？";
    TargetPeriodHint => "write a year (`2026`) or a quarter (`2026-Q3`)",
        "请写年份（如 `2026`）或季度（如 `2026-Q3`）";
    OriginPeriod => "the scorecard of {period}", "{period} 的记分卡";
    OriginOutletPeriod => "the scorecard of `{outlet}` in {period}", "`{outlet}` 在 {period} 的记分卡";

    // Peer groups and region pages (issue 14): region names that become URLs.
    RegionNoSlug => "the region `{region}` has no letter or digit to make its page's address from",
        "区域 `{region}` 中没有可用于生成页面地址的文字或数字";
    RegionNoSlugHint => "name the region with words, e.g. `region: 华北`",
        "请用文字命名区域，例如 `region: 华北`";
    RegionSameSlug => "the regions `{region}` and `{other}` would share the page address `{slug}`",
        "区域 `{region}` 和 `{other}` 会生成同一个页面地址 `{slug}`";
    RegionSameSlugHint => "write the region exactly as the other outlets of that region do, or give it a name of its own",
        "如果是同一个区域，请与该区域其他门店的写法完全一致；否则请换一个不同的名称";

    // scorecards3 (issue 14): outlet ids that are folders pitwall makes.
    OutletIdReserved => "outlet id `{id}` is a folder pitwall makes itself (`scorecards/<month>/{id}/` holds the region pages)",
        "门店 id `{id}` 与网站自动生成的文件夹同名（`scorecards/<月份>/{id}/` 存放区域页面）";
    OutletIdReservedHint => "give the outlet another id, e.g. `{id}-01`, and use it in the month files too",
        "请给这家门店换一个 id，例如 `{id}-01`，并在月度数据文件里同样改用新 id";
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `{name}` placeholders of a text, sorted (messages here, interface text in `i18n`).
    pub(crate) fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn both_languages_have_the_same_placeholders() {
        for &key in Msg::ALL {
            let en = key.template(Language::En);
            let zh = key.template(Language::ZhCn);
            if key == Msg::YamlSyntax {
                // The parser's English words are left out of zh-CN on purpose.
                assert_eq!(placeholders(zh), Vec::<&str>::new());
                continue;
            }
            assert_eq!(placeholders(en), placeholders(zh), "{key:?}");
            assert!(!en.is_empty() && !zh.is_empty(), "{key:?}");
        }
    }

    #[test]
    fn chinese_templates_are_chinese() {
        // Every zh-CN template has Chinese words in it, not only English left untranslated
        // (a few are a bare placeholder around Chinese punctuation by design).
        for &key in Msg::ALL {
            let zh = key.template(Language::ZhCn);
            let has_cjk = zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let bare = placeholders(zh).iter().fold(zh.to_owned(), |t, p| {
                t.replace(&format!("{{{p}}}"), "").replace("KPI", "")
            });
            assert!(
                has_cjk || bare.chars().all(|c| !c.is_ascii_alphabetic()),
                "{key:?}: {zh}"
            );
        }
    }

    #[test]
    fn a_keyed_text_renders_in_each_language() {
        let text = msg!(UnknownKpi, id = "csx");
        assert_eq!(text.render(Language::En), "unknown KPI `csx`");
        assert_eq!(text.render(Language::ZhCn), "未知 KPI `csx`");
        assert_eq!(Text::from("as is").render(Language::ZhCn), "as is");
    }
}
