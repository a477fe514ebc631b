//! The messages of `pitwall import`, in the site's language (`zh-CN` or `en`): one table per
//! language, filled with named values by [`crate::i18n::fill`].

use std::fmt::Display;

use crate::config::Language;

const ZH_CN: &[(&str, &str)] = &[
    ("not_a_number", "`{text}` 不是数字（KPI `{kpi}`）"),
    (
        "not_a_number_hint",
        "请填写数字；`—`、`-`、`N/A`、`无` 或空单元格表示无数据",
    ),
    (
        "percent_for_unit",
        "`{text}` 是百分比，但 KPI `{kpi}` 的单位是 {unit}",
    ),
    (
        "percent_for_unit_hint",
        "请填写不带 % 的数字，或检查该列对应的 KPI",
    ),
    (
        "below",
        "`{text}` 低于 {min}，{unit} 类 KPI `{kpi}` 不可能取这个值",
    ),
    (
        "above",
        "`{text}` 高于 {max}，{unit} 类 KPI `{kpi}` 不可能取这个值",
    ),
    (
        "below_min",
        "`{text}` 低于 {min}，超出了 KPI `{kpi}` 的最小值（data/kpis.yaml 中的 `min`）",
    ),
    (
        "above_max",
        "`{text}` 高于 {max}，超出了 KPI `{kpi}` 的最大值（data/kpis.yaml 中的 `max`）",
    ),
    ("not_whole", "`{text}` 不是整数，KPI `{kpi}` 是计数"),
    ("range_hint", "请核对导出文件中的这个数字"),
    (
        "fraction",
        "`{text}` 像是小数形式的比例，但 KPI `{kpi}` 以百分数记录（目标 {target}）",
    ),
    (
        "fraction_hint",
        "如果是 {percent}%，请把单元格设为百分比格式，或直接填写 {percent}",
    ),
    ("unknown_outlet", "未知门店 `{text}`"),
    (
        "unknown_outlet_near",
        "是否应为 `{near}`（{name}）？门店按 data/outlets.yaml 中的 id、名称或 dms_code 匹配，也可在 data/import.yaml 的 `outlets:` 下加别名",
    ),
    (
        "unknown_outlet_hint",
        "在 data/outlets.yaml 中添加该门店，或在 data/import.yaml 的 `outlets:` 下加别名",
    ),
    (
        "inactive_outlet",
        "门店 `{outlet}` 在 {month} 未营业，其数据不计入记分卡",
    ),
    (
        "inactive_outlet_hint",
        "请检查 data/outlets.yaml 中的 `opened`/`closed`",
    ),
    ("unmapped_kpi", "`{text}` 对应不到任何 KPI"),
    (
        "unmapped_kpi_near",
        "是否应为 `{near}`（{name}）？可在 data/import.yaml 的 `kpis:` 下加别名，或把表头列入 `ignore:`",
    ),
    (
        "unmapped_kpi_hint",
        "在 data/import.yaml 的 `kpis:` 下为对应 KPI 加别名，或把表头列入 `ignore:`",
    ),
    (
        "duplicate_outlet",
        "门店 `{outlet}` 出现了两次（另见 {other}）",
    ),
    ("duplicate_kpi", "KPI `{kpi}` 出现了两次（另见 {other}）"),
    (
        "duplicate_figure",
        "门店 `{outlet}` 的 KPI `{kpi}` 出现了两次（另见 {other}）",
    ),
    ("duplicate_hint", "删除重复的一行或一列"),
    (
        "sample_invalid",
        "`{text}` 不是问卷份数：份数必须是 0 或正整数",
    ),
    (
        "sample_invalid_hint",
        "请填写回收的有效问卷份数（如 35）；不知道份数就留空",
    ),
    (
        "no_samples",
        "导出文件没有 KPI `{kpi}` 的问卷份数（{count} 家门店）：该 KPI 按份数加权，季度和年初至今页面将不计入 {month}",
    ),
    (
        "some_samples",
        "导出文件缺少 {count} 家门店 KPI `{kpi}` 的问卷份数：该 KPI 按份数加权，季度和年初至今页面中这些门店不计入 {month}",
    ),
    (
        "no_samples_hint",
        "在导出文件中加上“有效问卷”或“样本量”一列，或在 data/import.yaml 的 `samples:` 下写明份数列的表头",
    ),
    (
        "missing_outlet",
        "导出文件中没有门店 `{id}`（{name}）的数据",
    ),
    (
        "missing_outlet_hint",
        "这些门店不会写入月度文件；如有遗漏请检查导出",
    ),
    ("missing_outlet_update", "月度文件中已有的门店数值保持不变"),
    ("missing_kpi", "导出文件中没有 KPI `{id}`（{name}）"),
    ("missing_kpis", "导出文件中没有 {count} 项 KPI：{ids}"),
    (
        "missing_outlets",
        "导出文件中没有 {count} 家门店的数据：{ids}",
    ),
    (
        "missing_kpi_new",
        "这些 KPI 在月度文件中记为 null（无数据）",
    ),
    ("missing_kpi_update", "月度文件中已有的 KPI 数值保持不变"),
    (
        "no_table",
        "找不到数据表：没有哪一行的表头能对应到 KPI 或门店",
    ),
    (
        "no_table_hint",
        "检查工作表（--sheet），或在 data/import.yaml 中加别名、设置 `layout:` 和 `header_row:`",
    ),
    ("no_key_column", "找不到标明{what}的列"),
    ("no_key_column_hint", "在 data/import.yaml 中为{what}加别名"),
    (
        "long_columns",
        "逐行表（每行一个数据）需要门店列、KPI 列和数值列",
    ),
    (
        "long_columns_hint",
        "数值列的表头可以是 value、数值 或 data/import.yaml 中 `value_header:` 列出的文字",
    ),
    ("wrong_month", "这一行属于 `{text}`，不是 {month}"),
    (
        "wrong_month_hint",
        "只导入 {month} 的数据；请检查导出文件或命令中的月份",
    ),
    ("outlets_word", "门店"),
    ("kpis_word", "KPI"),
];

const EN: &[(&str, &str)] = &[
    ("not_a_number", "`{text}` is not a number (KPI `{kpi}`)"),
    (
        "not_a_number_hint",
        "write a number; `—`, `-`, `N/A`, `无` or an empty cell mean no data",
    ),
    (
        "percent_for_unit",
        "`{text}` is a percentage, but KPI `{kpi}` is in {unit}",
    ),
    (
        "percent_for_unit_hint",
        "write the number without %, or check which KPI the column maps to",
    ),
    (
        "below",
        "`{text}` is below {min}, impossible for KPI `{kpi}` in {unit}",
    ),
    (
        "above",
        "`{text}` is above {max}, impossible for KPI `{kpi}` in {unit}",
    ),
    (
        "below_min",
        "`{text}` is below {min}, the lowest value of KPI `{kpi}` (`min` in data/kpis.yaml)",
    ),
    (
        "above_max",
        "`{text}` is above {max}, the highest value of KPI `{kpi}` (`max` in data/kpis.yaml)",
    ),
    (
        "not_whole",
        "`{text}` is not a whole number; KPI `{kpi}` is a count",
    ),
    ("range_hint", "check this figure in the export"),
    (
        "fraction",
        "`{text}` looks like a fraction, but KPI `{kpi}` is recorded in percent (target {target})",
    ),
    (
        "fraction_hint",
        "if it means {percent}%, format the cell as a percentage or write {percent}",
    ),
    ("unknown_outlet", "unknown outlet `{text}`"),
    (
        "unknown_outlet_near",
        "did you mean `{near}` ({name})? Outlets match by id, name or dms_code in data/outlets.yaml, or by an alias under `outlets:` in data/import.yaml",
    ),
    (
        "unknown_outlet_hint",
        "add the outlet to data/outlets.yaml, or an alias under `outlets:` in data/import.yaml",
    ),
    (
        "inactive_outlet",
        "outlet `{outlet}` is not open in {month}; its figures are not scored",
    ),
    (
        "inactive_outlet_hint",
        "check `opened`/`closed` in data/outlets.yaml",
    ),
    ("unmapped_kpi", "`{text}` maps to no KPI"),
    (
        "unmapped_kpi_near",
        "did you mean `{near}` ({name})? Add an alias under `kpis:` in data/import.yaml, or list the header under `ignore:`",
    ),
    (
        "unmapped_kpi_hint",
        "add an alias under `kpis:` in data/import.yaml, or list the header under `ignore:`",
    ),
    (
        "duplicate_outlet",
        "outlet `{outlet}` appears twice (also at {other})",
    ),
    (
        "duplicate_kpi",
        "KPI `{kpi}` appears twice (also at {other})",
    ),
    (
        "duplicate_figure",
        "outlet `{outlet}`, KPI `{kpi}` appears twice (also at {other})",
    ),
    ("duplicate_hint", "remove the repeated row or column"),
    (
        "sample_invalid",
        "`{text}` is not a number of answers: it must be a whole number, 0 or more",
    ),
    (
        "sample_invalid_hint",
        "write how many survey answers came back (e.g. 35); leave the cell empty when it is not known",
    ),
    (
        "no_samples",
        "the export has no answer counts for KPI `{kpi}` ({count} outlets): it is weighted by its answers, so the quarter and year-to-date pages leave {month} out of it",
    ),
    (
        "some_samples",
        "the export has no answer count for KPI `{kpi}` at {count} outlets: it is weighted by its answers, so the quarter and year-to-date pages leave {month} out for them",
    ),
    (
        "no_samples_hint",
        "add a column of answer counts (`n`, `样本量`, `有效问卷`) to the export, or name its header under `samples:` in data/import.yaml",
    ),
    (
        "missing_outlet",
        "outlet `{id}` ({name}) is not in the export",
    ),
    (
        "missing_outlet_hint",
        "left out of the month file; check the export if they should be there",
    ),
    (
        "missing_outlet_update",
        "the figures the month file has are kept",
    ),
    ("missing_kpi", "KPI `{id}` ({name}) is not in the export"),
    ("missing_kpis", "{count} KPIs are not in the export: {ids}"),
    (
        "missing_outlets",
        "{count} outlets have no figures in the export: {ids}",
    ),
    (
        "missing_kpi_new",
        "their figures are written as null (no data)",
    ),
    (
        "missing_kpi_update",
        "the figures the month file has are kept",
    ),
    (
        "no_table",
        "found no table of figures: no header row names KPIs or outlets",
    ),
    (
        "no_table_hint",
        "check the sheet (--sheet), or add aliases, `layout:` and `header_row:` to data/import.yaml",
    ),
    ("no_key_column", "found no column that names the {what}"),
    (
        "no_key_column_hint",
        "add aliases for the {what} to data/import.yaml",
    ),
    (
        "long_columns",
        "a table with one figure a row needs an outlet, a KPI and a value column",
    ),
    (
        "long_columns_hint",
        "the value column's header may be value, 数值 or a text listed under `value_header:` in data/import.yaml",
    ),
    ("wrong_month", "this row is for `{text}`, not {month}"),
    (
        "wrong_month_hint",
        "only {month} is imported; check the export or the month on the command line",
    ),
    ("outlets_word", "outlets"),
    ("kpis_word", "KPIs"),
];

/// The messages in one language.
#[derive(Debug, Clone, Copy)]
pub struct Say(pub Language);

impl Say {
    pub fn text(self, key: &str) -> &'static str {
        let table = match self.0 {
            Language::ZhCn => ZH_CN,
            Language::En => EN,
        };
        table
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, text)| text)
    }

    pub fn fill(self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        crate::i18n::fill(self.text(key), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_placeholders() {
        assert_eq!(ZH_CN.len(), EN.len());
        let names = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            names.sort();
            names
        };
        for ((zk, zt), (ek, et)) in ZH_CN.iter().zip(EN) {
            assert_eq!(zk, ek);
            assert_eq!(names(zt), names(et), "{zk}");
        }
    }
}
