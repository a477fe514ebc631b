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

use crate::config::Language;

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
    Help => "help", "提示";
    SummaryFailed => "error: {errors} error(s), {warnings} warning(s); nothing was written",
        "error: {errors} 个错误，{warnings} 个警告；没有写出任何文件";
    CheckPassed => "check passed: {warnings} warning(s)", "检查通过：{warnings} 个警告";
    OverlayHeading => "pitwall: the last edit did not build — showing the last good version",
        "pitwall：最近一次修改未能生成，下面显示的是上一个成功的版本";
    OverlaySummary => "{errors} error(s), {warnings} warning(s); errors first:",
        "{errors} 个错误，{warnings} 个警告（错误在前）：";
    BuiltSummary => "built {pages} pages, {scorecards} scorecards, {charts} charts ({files}) into {out} in {ms} ms{warnings}",
        "已生成 {pages} 个页面、{scorecards} 份记分卡、{charts} 张图表（{files}），输出到 {out}，用时 {ms} 毫秒{warnings}";
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
    YamlSyntax => "{detail}", "YAML 格式错误（{detail}）";
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
    FrontMatterNone => "page has no front matter", "页面没有 front matter（开头的 `---` 设置区）";
    FrontMatterNoneHint => "start the file with `---`, a line `title: ...`, and `---`",
        "在文件开头写 `---`、一行 `title: ...`，再写一行 `---`";
    FrontMatterUnclosed => "front matter starts with `---` but is never closed",
        "front matter 以 `---` 开头，但没有结束的 `---`";
    FrontMatterUnclosedHint => "end the front matter with a line `---`", "请用一行 `---` 结束 front matter";
    FrontMatterUnclosedBefore => "front matter not closed before line {line}",
        "front matter 在第 {line} 行之前没有结束";
    FrontMatterUnclosedBeforeHint => "add a line `---` after the last field (line {last}); the `---` on line {rule} is read as the end of the front matter otherwise",
        "请在最后一个字段（第 {last} 行）之后加一行 `---`；否则第 {rule} 行的 `---` 会被当作 front matter 的结束";
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
    NotANumber => "{value} is not a number", "{value} 不是数字";
    BelowUnit => "{value} is below {min}, impossible for a value in {unit}",
        "{value} 小于 {min}，单位为 {unit} 的值不可能这样";
    AboveUnit => "{value} is above {max}, impossible for a value in {unit}",
        "{value} 大于 {max}，单位为 {unit} 的值不可能这样";
    NotWholeCount => "{value} is not a whole count", "{value} 不是整数计数";
    KpiIdInvalid => "KPI id `{id}` is not valid", "KPI id `{id}` 不合法";
    KpiIdInvalidHint => "KPI ids use lower-case letters, digits and `_`, e.g. `first_time_fix`",
        "KPI id 只用小写字母、数字和 `_`，例如 `first_time_fix`";
    KpiIdTwice => "KPI id `{id}` is defined twice", "KPI id `{id}` 定义了两次";
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
    ActionWrite => "write", "写入";
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

    // Page history (git).
    HistoryNoRepository => "note: no page history: this site folder is not in a git repository with commits, so pages show the dates in their front matter; build from a git clone (in GitHub Actions: actions/checkout with `fetch-depth: 0`) to show revisions",
        "提示：没有修订记录：站点文件夹不在有提交的 git 仓库中，页面只显示前置信息里的日期。请在 git 克隆中构建（GitHub Actions 中用 actions/checkout 并设置 `fetch-depth: 0`）以显示修订记录";
    HistoryShallow => "note: page history is truncated: this is a shallow clone; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) to show every revision",
        "提示：修订记录不完整：当前是浅克隆（shallow clone）。请获取完整历史（运行 `git fetch --unshallow`，或在 actions/checkout 中设置 `fetch-depth: 0`）后再构建";
    HistoryUnreadable => "note: no page history: the git repository could not be read ({reason}); pages show the dates in their front matter",
        "提示：没有修订记录：无法读取 git 仓库（{reason}），页面只显示前置信息里的日期";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{name}` placeholders of a template, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
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
