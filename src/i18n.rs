//! The theme's interface text in every supported language. Templates read it as `t.<key>`.

use std::collections::BTreeMap;
use std::fmt::{Display, Write as _};
use std::sync::LazyLock;

use crate::language::Language;

const ZH_CN: &[(&str, &str)] = &[
    ("home", "首页"),
    ("training", "培训大纲"),
    ("complaints", "投诉处理"),
    ("compensation", "补偿规则"),
    ("guides", "管理指南"),
    ("scorecards", "月度记分卡"),
    ("kpis", "KPI"),
    ("tags", "标签"),
    ("search", "搜索"),
    ("search_placeholder", "搜索话术、KPI、门店……"),
    (
        "search_hint",
        "可搜索投诉话术、补偿规则、培训课程、KPI 和本月门店记分卡，中英文均可。",
    ),
    (
        "search_needs_js",
        "搜索需要启用浏览器的 JavaScript；也可以从导航进入各栏目。",
    ),
    ("search_label", "搜索关键词"),
    ("search_found", "“{q}”：找到 {n} 个结果"),
    (
        "search_none",
        "没有找到“{q}”的相关内容。可以换一个词，或少写几个字再试。",
    ),
    ("search_failed", "搜索索引无法加载，请刷新页面再试。"),
    ("search_more", "显示更多结果"),
    ("search_loading", "正在搜索……"),
    ("search_off", "本站没有开启搜索。请从导航进入各栏目。"),
    ("skip_to_content", "跳到正文"),
    ("breadcrumb", "当前位置"),
    ("main_nav", "主导航"),
    ("toc", "本页目录"),
    ("previous", "上一篇"),
    ("next", "下一篇"),
    ("owner", "负责人"),
    ("updated", "更新于"),
    ("review_by", "复审日期"),
    ("kpis_addressed", "相关 KPI"),
    ("pages_in_section", "本栏目页面"),
    ("subsections", "子栏目"),
    ("part", "第 {n} 部分"),
    ("part_heading", "部分"),
    ("unit_name_percent", "百分比（%）"),
    ("unit_name_score", "分值"),
    ("unit_name_hours", "小时"),
    ("unit_name_days", "天"),
    ("unit_name_cny", "元"),
    ("unit_name_count", "数量"),
    ("unit_name_ratio", "比率"),
    ("modules", "课程模块"),
    ("module", "模块"),
    ("format", "形式"),
    ("hours", "学时"),
    ("objectives", "学习目标"),
    ("total_hours", "合计学时"),
    ("assessment", "考核方式"),
    ("prerequisites", "先修内容"),
    ("outline_total", "全部课程"),
    ("module_count", "模块数"),
    ("severity", "投诉级别"),
    ("first_response", "首次响应时限"),
    ("within_hours", "{n} 小时内"),
    ("resolution", "结案时限"),
    ("within_days", "{n} 天内"),
    ("escalation", "升级路径"),
    ("trigger", "适用情形"),
    ("offers", "补偿项目"),
    ("item", "项目"),
    ("value_cny", "价值（元）"),
    ("cap", "单次补偿上限"),
    ("approval", "审批权限"),
    ("up_to", "金额上限（元）"),
    ("role", "审批人"),
    ("above", "以上"),
    ("budget_share", "占预算比例"),
    ("yuan", "元"),
    ("not_found_title", "页面不存在"),
    (
        "not_found_text",
        "您要找的页面不存在，可能已被移动或删除。可以从下面的入口继续：",
    ),
    ("pages_tagged", "带此标签的页面"),
    ("all_tags", "全部标签"),
    ("footer", "由 pitwall 生成 · 内部资料，请勿外传"),
    ("draft", "草稿"),
    ("kind_page", "页面"),
    ("kind_syllabus", "培训课程"),
    ("kind_complaint-script", "投诉话术"),
    ("kind_compensation-rule", "补偿规则"),
    ("kind_guide", "管理指南"),
    ("default_site_title", "售后服务知识库"),
    ("dialogue_label", "话术示范"),
    // Punctuation that differs between the languages.
    ("colon", "："),
    ("list_separator", "、"),
    // KPI statuses, directions, groups and unit suffixes.
    ("status_green", "达标"),
    ("status_amber", "预警"),
    ("status_red", "未达标"),
    ("status_missing", "无数据"),
    ("status_counts", "状态统计"),
    ("no_data", "无数据"),
    ("direction_higher", "越高越好"),
    ("direction_lower", "越低越好"),
    ("group_customer", "客户体验"),
    ("group_efficiency", "服务效率"),
    ("group_financial", "财务绩效"),
    ("group_people", "员工发展"),
    ("unit_hours", " 小时"),
    ("unit_days", " 天"),
    ("unit_cny", " 元"),
    // Complaint severities and training module formats.
    ("severity_ordinary", "普通投诉"),
    ("severity_major", "重大投诉"),
    ("severity_crisis", "危机事件"),
    ("module_format_classroom", "课堂讲授"),
    ("module_format_workshop", "工作坊"),
    ("module_format_online", "线上学习"),
    ("module_format_on_the_job", "在岗实践"),
    ("part_modules", "第 {part} 部分：{modules}"),
    // Scorecard and KPI pages.
    ("kpi_catalogue", "KPI 目录"),
    ("kpis_summary", "四类指标的定义、目标与全网表现。"),
    (
        "kpis_summary_month",
        "四类指标的定义、目标与 {month} 全网表现。",
    ),
    (
        "scorecards_summary",
        "每月全网各门店的 KPI 达标情况，最新月份在前。",
    ),
    (
        "kpi_group_caption",
        "{group}：各项 KPI 的目标、预警线与全网表现",
    ),
    (
        "months_table_caption",
        "各月记分卡：门店数、各状态的格数与导出文件",
    ),
    ("network_scorecard", "网络记分卡"),
    ("outlet_scorecard", "门店记分卡"),
    ("month_scorecard_title", "{month} 网络记分卡"),
    ("outlet_scorecard_title", "{outlet} · {month} 记分卡"),
    ("view_month_scorecard", "查看 {month} 网络记分卡 →"),
    ("glance_heading", "{month} 本月概览"),
    ("most_red", "红灯最多的 KPI"),
    ("outlet_count", "{n} 家"),
    ("outlets", "各门店"),
    ("outlet", "门店"),
    ("month", "月份"),
    ("months_nav", "月份"),
    ("previous_month", "上月"),
    ("next_month", "下月"),
    ("back", "返回"),
    ("current", "当前"),
    ("exports", "导出"),
    ("download", "下载"),
    ("csv_for_excel", "CSV（Excel 可直接打开）"),
    ("outlets_by_kpi", "门店 × KPI"),
    ("matrix_label", "门店 × KPI 表格，可左右滚动"),
    ("target", "目标"),
    ("warn_line", "预警线"),
    ("direction", "方向"),
    ("unit", "单位"),
    ("median", "中位数"),
    ("median_this_month", "本月中位数"),
    ("rank", "名次"),
    ("value", "数值"),
    ("status", "状态"),
    ("data_table", "数据表"),
    ("rankings_heading", "各 KPI 门店排名"),
    ("ranking_alt", "{kpi} 各门店排名图，数据见下表"),
    ("needs_attention", "需关注"),
    ("month_note", "本月说明"),
    ("this_month", "本月"),
    ("warn_and_direction", "（预警线 {warn}，{direction}）"),
    ("month_on_month", "环比"),
    ("year_on_year", "同比"),
    ("network_rank", "网络排名"),
    ("this_outlet", "本店"),
    ("warn_band", "预警区间"),
    ("network_median", "网络中位数"),
    ("last_12_months", "近 12 个月数据"),
    ("what_to_do", "怎么办：相关话术、规则与培训"),
    ("more_actions", "另有 {n} 个相关页面，见 {kpi} 指标页 →"),
    ("no_actions", "暂无针对该指标的话术或培训页面。"),
    ("related_playbooks", "相关话术、规则与培训"),
    ("network_trend", "全网趋势"),
    (
        "network_trend_alt",
        "{kpi} 全网中位数与四分位区间趋势图，数据见下表",
    ),
    ("network_wide_median", "全网中位数"),
    ("interquartile_range", "四分位区间"),
    ("monthly_data", "各月数据"),
    ("lower_quartile", "下四分位"),
    ("upper_quartile", "上四分位"),
    ("distribution_heading", "{month} 各门店分布"),
    (
        "distribution_alt",
        "{kpi} {month} 各门店数值分布，数据见下表",
    ),
    // Chart titles and descriptions (the SVG's <title> and <desc>).
    ("outlet_trend_title", "{kpi} 近 12 个月趋势"),
    (
        "outlet_trend_desc",
        "蓝色实线为本店数值，黑色虚线为目标，橙色区域为预警区间，灰色虚线为网络中位数；截至 {month}。",
    ),
    ("ranking_chart_title", "{month} {kpi} 门店排名"),
    (
        "ranking_chart_desc",
        "各门店{kpi}由好到差排列，竖线为目标 {target}。",
    ),
    ("network_trend_title", "{kpi} 网络趋势"),
    (
        "network_trend_desc",
        "蓝色实线为全网中位数，浅蓝区域为四分位区间（25%–75%），黑色虚线为目标，橙色区域为预警区间；{from} 至 {to}。",
    ),
    ("distribution_chart_title", "{month} {kpi} 各门店分布"),
    (
        "distribution_chart_desc",
        "{month} 各门店{kpi}，由好到差排列，竖线为目标。",
    ), // Scorecards as a dealer group reads them (issue 14).
    ("status_few", "样本不足"),
    (
        "few_note",
        "仅 {n} 份回答，少于 {min} 份：只列出数值，不评判、不参加排名。",
    ),
    // Page history and what's new (git).
    ("history", "修订记录"),
    ("history_older", "更早的 {n} 次修订"),
    ("history_added", "新建"),
    ("history_modified", "修改"),
    ("history_renamed", "由 {from} 改名"),
    ("history_removed", "删除"),
    ("history_no_limit", "不限"),
    ("history_commit", "提交"),
    ("changes", "最近更新"),
    (
        "changes_summary",
        "各月新增、修改和删除的话术、规则与培训，以及具体改了什么。",
    ),
    ("changes_link", "最近更新：各月手册的修订 →"),
    ("changes_feed", "订阅更新（Atom）"),
    ("changes_none", "暂无修订记录。"),
    ("changes_older", "更早的修订见各页面的修订记录。"),
    ("changes_month", "{month} 的更新"),
    ("change_title", "标题：{from} → {to}"),
    ("change_kind", "类型：{from} → {to}"),
    ("change_cap", "单次补偿上限 {from} → {to} 元"),
    (
        "change_approval_limit",
        "审批：{role} 权限 {from} → {to} 元",
    ),
    (
        "change_approval_added",
        "审批：新增 {role}，权限 {limit} 元",
    ),
    ("change_approval_removed", "审批：删除 {role}"),
    ("change_offer_added", "补偿项目新增：{item}，{value} 元"),
    ("change_offer_removed", "补偿项目删除：{item}"),
    ("change_offer_value", "补偿项目 {item} {from} → {to} 元"),
    ("change_trigger", "适用情形有修改"),
    ("change_budget_share", "占预算比例 {from} → {to}"),
    ("change_part", "第 {from} 部分 → 第 {to} 部分"),
    (
        "change_module_added",
        "新增模块 {id}：{title}，{hours} 学时",
    ),
    ("change_module_removed", "删除模块 {id}：{title}"),
    ("change_module_hours", "模块 {id} 学时 {from} → {to}"),
    ("change_module_title", "模块 {id} 名称：{from} → {to}"),
    ("change_assessment", "考核方式有修改"),
    ("change_severity", "投诉级别 {from} → {to}"),
    ("change_severity_ordinary", "普通投诉"),
    ("change_severity_major", "重大投诉"),
    ("change_severity_crisis", "危机事件"),
    ("change_first_response", "首次响应时限 {from} → {to} 小时"),
    ("change_resolution", "结案时限 {from} → {to} 天"),
    ("change_escalation", "升级路径 {from} → {to}"),
    ("change_details", "其他信息有修改"),
    ("change_unreadable", "页首设置区无法解析"),
    ("change_body", "正文有修改"),
    // The monthly digest.
    ("digest", "月度简报"),
    ("digest_title", "{month} 售后服务月度简报"),
    ("digest_link", "本月简报（适合邮件和群消息）"),
    ("digest_glance", "本月概览"),
    ("digest_outlets_kpis", "{outlets} 家门店 · {kpis} 项 KPI"),
    ("digest_new_reds", "新增红灯"),
    ("digest_new_reds_none", "本月没有新增红灯。"),
    ("digest_recoveries", "红灯恢复"),
    ("digest_recoveries_none", "本月没有从红灯恢复的指标。"),
    ("digest_movers", "变化最大"),
    ("digest_movers_none", "没有可与上月比较的数据。"),
    ("digest_no_data", "未报数据的门店"),
    ("digest_no_data_none", "所有门店均已报数。"),
    ("digest_playbooks", "本月更新的话术、规则与培训"),
    ("digest_playbooks_none", "本月没有更新。"),
    ("digest_open", "打开网络记分卡"),
    ("digest_more", "另有 {n} 项，见网站"),
    ("digest_last_month", "上月"),
    ("digest_change", "变化"),
    ("digest_footer", "由 pitwall 生成 · 仅供内部使用"),
    (
        "completeness_line",
        "数据完整度：{filled} / {cells} 个门店 × KPI 单元格有数据（{percent}%）",
    ),
    (
        "month_incomplete",
        "本月数据不完整：有数据的单元格低于 {threshold}%，排名、中位数和状态统计只反映已报的数据。",
    ),
    (
        "outlet_incomplete",
        "本店本月数据不完整：{kpis} 项 KPI 中有 {filled} 项有数据。",
    ),
    ("incomplete_badge", "数据不完整"),
    ("events_heading", "本月事件"),
    ("events_network", "全网"),
    ("events_row", "事件"),
    ("events_desc", "紫色虚线标出事件：{events}。"),
    ("events_separator", "；"),
    ("export_outlet_id", "门店编号"),
    ("export_outlet", "门店"),
    ("export_region", "区域"),
    ("export_status_of", "{kpi} 状态"),
    ("sheet_values", "数值"),
    ("sheet_targets", "目标"),
    ("sheet_long", "明细"),
    ("wide_csv", "宽表 CSV（每店一行）"),
    // Peer groups, region pages and the KPI history export.
    ("rank_label", "排名"),
    ("rank_network", "{rank} / {of} 全网"),
    ("rank_network_none", "— 全网"),
    ("rank_peers", "{rank} / {of} 同级"),
    ("rank_peers_none", "— 同级"),
    ("peer_group", "同级组 {tier}"),
    ("peer_median", "同级中位数"),
    ("network_top_quartile", "全网前 25%"),
    (
        "trend_peers_desc",
        "点划线是同级组的中位数，长虚线是全网前 25% 的分界值（达到它即排在全网前四分之一）。",
    ),
    (
        "trend_top_desc",
        "长虚线是全网前 25% 的分界值（达到它即排在全网前四分之一）。",
    ),
    ("regions_heading", "各区域"),
    ("region_outlets", "{n} 家门店"),
    ("region_scorecard", "区域记分卡"),
    ("region_scorecard_title", "{region} {month} 区域记分卡"),
    (
        "region_table_caption",
        "{region}各门店 {month} 的 KPI，末两行为区域中位数和区域排名",
    ),
    ("region_rollup", "区域中位数"),
    ("region_rank", "区域排名"),
    (
        "region_rollup_note",
        "区域值是本区域门店数值的中位数（无数据或样本不足的门店不计入），各区域按它排名，数值相同名次相同。",
    ),
    ("export_tier", "同级组"),
    ("history_csv", "历史数据 CSV（每月一列）"),
    ("xlsx_workbook", "Excel 工作簿"),
    // periods
    ("period_quarter", "{year} 年第 {quarter} 季度"),
    ("period_year_to_date", "{year} 年累计"),
    ("period_to_month", "（截至 {month} 月）"),
    ("period_scorecard_title", "{period} 网络记分卡"),
    ("period_outlet_title", "{outlet} · {period} 记分卡"),
    ("period_scorecard", "期间记分卡"),
    ("period_months", "{months}/{of} 个月"),
    ("period_months_long", "{of} 个月中有 {months} 个月有数据"),
    (
        "period_note",
        "每项 KPI 按目录里的汇总方式把月度数值合成期间数值；缺数据的月份不计入（不按 0 算），并标出有数据的月数。状态按该期间的目标判断。",
    ),
    ("period_links", "期间"),
    ("period_months_in", "包含月份"),
    ("period_previous", "上一期"),
    ("period_next", "下一期"),
    ("period_regions", "区域与全网"),
    ("period_region", "区域"),
    ("period_network", "全网"),
    ("period_rule", "汇总方式"),
    ("period_target", "期间目标"),
    ("year_to_date", "年初至今"),
    ("trailing_12", "近 12 个月"),
    ("aggregate_mean", "月均值"),
    ("aggregate_sum", "月度合计"),
    ("aggregate_last", "最近一个月"),
    ("aggregate_weighted", "加权平均"),
    // Table captions of the month's scorecard (scorecards3).
    (
        "month_table_caption",
        "{month} 各门店的 KPI：每行一家门店，每列一项 KPI",
    ),
    ("ranking_table_caption", "{kpi} {month} 各门店排名"),
    ("history_table_caption", "{kpi} 每月全网数据"),
    // Period pages (scorecards3).
    ("period_rank", "全网排名"),
    ("period_wide_csv", "宽表 CSV（每店一行，期间数值）"),
];

const EN: &[(&str, &str)] = &[
    ("home", "Home"),
    ("training", "Training outline"),
    ("complaints", "Complaints"),
    ("compensation", "Compensation"),
    ("guides", "Guides"),
    ("scorecards", "Scorecards"),
    ("kpis", "KPIs"),
    ("tags", "Tags"),
    ("search", "Search"),
    ("search_placeholder", "Search scripts, KPIs, outlets…"),
    (
        "search_hint",
        "Search complaint scripts, compensation rules, training, KPIs and this month's outlet scorecards.",
    ),
    (
        "search_needs_js",
        "Search needs JavaScript; every section is also reachable from the navigation.",
    ),
    ("search_label", "Search for"),
    ("search_found", "“{q}”: {n} results"),
    (
        "search_none",
        "Nothing found for “{q}”. Try another word, or fewer of them.",
    ),
    (
        "search_failed",
        "The search index could not be loaded; reload the page and try again.",
    ),
    ("search_more", "Show more results"),
    ("search_loading", "Searching…"),
    (
        "search_off",
        "Search is switched off on this site; every section is reachable from the navigation.",
    ),
    ("skip_to_content", "Skip to content"),
    ("breadcrumb", "Breadcrumb"),
    ("main_nav", "Main navigation"),
    ("toc", "On this page"),
    ("previous", "Previous"),
    ("next", "Next"),
    ("owner", "Owner"),
    ("updated", "Updated"),
    ("review_by", "Review by"),
    ("kpis_addressed", "KPIs addressed"),
    ("pages_in_section", "Pages in this section"),
    ("subsections", "Subsections"),
    ("part", "Part {n}"),
    ("part_heading", "Part"),
    ("unit_name_percent", "percent (%)"),
    ("unit_name_score", "score"),
    ("unit_name_hours", "hours"),
    ("unit_name_days", "days"),
    ("unit_name_cny", "CNY"),
    ("unit_name_count", "count"),
    ("unit_name_ratio", "ratio"),
    ("modules", "Modules"),
    ("module", "Module"),
    ("format", "Format"),
    ("hours", "Hours"),
    ("objectives", "Objectives"),
    ("total_hours", "Total hours"),
    ("assessment", "Assessment"),
    ("prerequisites", "Prerequisites"),
    ("outline_total", "All parts"),
    ("module_count", "Module count"),
    ("severity", "Severity"),
    ("first_response", "First response"),
    ("within_hours", "within {n} h"),
    ("resolution", "Resolution"),
    ("within_days", "within {n} days"),
    ("escalation", "Escalation path"),
    ("trigger", "Applies when"),
    ("offers", "Offers"),
    ("item", "Item"),
    ("value_cny", "Value (CNY)"),
    ("cap", "Cap per case"),
    ("approval", "Approval"),
    ("up_to", "Up to (CNY)"),
    ("role", "Approver"),
    ("above", "above"),
    ("budget_share", "Budget share"),
    ("yuan", "CNY"),
    ("not_found_title", "Page not found"),
    (
        "not_found_text",
        "The page you are looking for does not exist; it may have moved. Try one of these:",
    ),
    ("pages_tagged", "Pages with this tag"),
    ("all_tags", "All tags"),
    ("footer", "Generated by pitwall · internal use only"),
    ("draft", "Draft"),
    ("kind_page", "Page"),
    ("kind_syllabus", "Syllabus"),
    ("kind_complaint-script", "Complaint script"),
    ("kind_compensation-rule", "Compensation rule"),
    ("kind_guide", "Guide"),
    ("default_site_title", "After-sales service knowledge base"),
    ("dialogue_label", "Sample dialogue"),
    // Punctuation that differs between the languages.
    ("colon", ": "),
    ("list_separator", ", "),
    // KPI statuses, directions, groups and unit suffixes.
    ("status_green", "On target"),
    ("status_amber", "Warning"),
    ("status_red", "Off target"),
    ("status_missing", "No data"),
    ("status_counts", "Status counts"),
    ("no_data", "No data"),
    ("direction_higher", "higher is better"),
    ("direction_lower", "lower is better"),
    ("group_customer", "Customer experience"),
    ("group_efficiency", "Service efficiency"),
    ("group_financial", "Financial performance"),
    ("group_people", "People development"),
    ("unit_hours", " h"),
    ("unit_days", " days"),
    ("unit_cny", " CNY"),
    // Complaint severities and training module formats.
    ("severity_ordinary", "Ordinary complaint"),
    ("severity_major", "Major complaint"),
    ("severity_crisis", "Crisis"),
    ("module_format_classroom", "Classroom"),
    ("module_format_workshop", "Workshop"),
    ("module_format_online", "Online"),
    ("module_format_on_the_job", "On the job"),
    ("part_modules", "Part {part}: {modules}"),
    // Scorecard and KPI pages.
    ("kpi_catalogue", "KPI catalogue"),
    (
        "kpis_summary",
        "The four KPI groups: definitions, targets and how the network is doing.",
    ),
    (
        "kpis_summary_month",
        "The four KPI groups: definitions, targets and how the network did in {month}.",
    ),
    (
        "scorecards_summary",
        "How every outlet did on its KPIs, month by month, latest first.",
    ),
    (
        "kpi_group_caption",
        "{group}: each KPI's target, warning line and how the network is doing",
    ),
    (
        "months_table_caption",
        "Scorecards by month: outlets, cells per status and exports",
    ),
    ("network_scorecard", "Network scorecard"),
    ("outlet_scorecard", "Outlet scorecard"),
    ("month_scorecard_title", "{month} network scorecard"),
    ("outlet_scorecard_title", "{outlet} · {month} scorecard"),
    (
        "view_month_scorecard",
        "View the {month} network scorecard →",
    ),
    ("glance_heading", "{month} at a glance"),
    ("most_red", "KPIs with the most outlets off target"),
    ("outlet_count", "{n}"),
    ("outlets", "Outlets"),
    ("outlet", "Outlet"),
    ("month", "Month"),
    ("months_nav", "Months"),
    ("previous_month", "Previous month"),
    ("next_month", "Next month"),
    ("back", "Back to"),
    ("current", "Current"),
    ("exports", "Downloads"),
    ("download", "Download"),
    ("csv_for_excel", "CSV (opens in Excel)"),
    ("outlets_by_kpi", "Outlets × KPIs"),
    ("matrix_label", "Outlets × KPIs table, scrolls sideways"),
    ("target", "Target"),
    ("warn_line", "Warning threshold"),
    ("direction", "Direction"),
    ("unit", "Unit"),
    ("median", "Median"),
    ("median_this_month", "Median this month"),
    ("rank", "Rank"),
    ("value", "Value"),
    ("status", "Status"),
    ("data_table", "Data table"),
    ("rankings_heading", "Outlet rankings by KPI"),
    (
        "ranking_alt",
        "{kpi}: outlets ranked, data in the table below",
    ),
    ("needs_attention", "Needs attention"),
    ("month_note", "Note for this month"),
    ("this_month", "This month"),
    ("warn_and_direction", " (warning at {warn}, {direction})"),
    ("month_on_month", "Month on month"),
    ("year_on_year", "Year on year"),
    ("network_rank", "Network rank"),
    ("this_outlet", "This outlet"),
    ("warn_band", "Warning band"),
    ("network_median", "Network median"),
    ("last_12_months", "Last 12 months"),
    ("what_to_do", "What to do: scripts, rules and training"),
    ("more_actions", "{n} more on the {kpi} page →"),
    ("no_actions", "No scripts or training address this KPI yet."),
    ("related_playbooks", "Scripts, rules and training"),
    ("network_trend", "Network trend"),
    (
        "network_trend_alt",
        "{kpi}: network median and interquartile range by month, data in the table below",
    ),
    ("network_wide_median", "Network median"),
    ("interquartile_range", "Interquartile range"),
    ("monthly_data", "Monthly data"),
    ("lower_quartile", "Lower quartile"),
    ("upper_quartile", "Upper quartile"),
    (
        "distribution_heading",
        "{month}: distribution across outlets",
    ),
    (
        "distribution_alt",
        "{kpi}, {month}: the value of every outlet, data in the table below",
    ),
    // Chart titles and descriptions (the SVG's <title> and <desc>).
    ("outlet_trend_title", "{kpi}: last 12 months"),
    (
        "outlet_trend_desc",
        "Solid blue line: this outlet; dashed black line: target; orange area: warning band; dashed grey line: network median. Up to {month}.",
    ),
    ("ranking_chart_title", "{month} {kpi}: outlet ranking"),
    (
        "ranking_chart_desc",
        "{kpi} of every outlet, best to worst; the vertical line is the target, {target}.",
    ),
    ("network_trend_title", "{kpi}: network trend"),
    (
        "network_trend_desc",
        "Solid blue line: network median; light blue area: interquartile range (25%–75%); dashed black line: target; orange area: warning band. {from} to {to}.",
    ),
    (
        "distribution_chart_title",
        "{month} {kpi}: distribution across outlets",
    ),
    (
        "distribution_chart_desc",
        "{kpi} of every outlet in {month}, best to worst; the vertical line is the target.",
    ), // Scorecards as a dealer group reads them (issue 14).
    ("status_few", "Too few answers"),
    (
        "few_note",
        "Only {n} answers, fewer than {min}: the value is shown but not judged or ranked.",
    ),
    // Page history and what's new (git).
    ("history", "Revisions"),
    ("history_older", "{n} older revisions"),
    ("history_added", "added"),
    ("history_modified", "changed"),
    ("history_renamed", "renamed from {from}"),
    ("history_removed", "removed"),
    ("history_no_limit", "no limit"),
    ("history_commit", "Commit"),
    ("changes", "What's new"),
    (
        "changes_summary",
        "New, changed and removed playbooks by month, and what changed in them.",
    ),
    (
        "changes_link",
        "What's new: this month's playbook changes →",
    ),
    ("changes_feed", "Atom feed"),
    ("changes_none", "No changes recorded."),
    ("changes_older", "Older revisions are listed on each page."),
    ("changes_month", "Changes in {month}"),
    ("change_title", "title: {from} → {to}"),
    ("change_kind", "kind: {from} → {to}"),
    ("change_cap", "cap {from} → {to} CNY"),
    (
        "change_approval_limit",
        "approval: {role} up to {from} → {to} CNY",
    ),
    (
        "change_approval_added",
        "approval: {role} added, up to {limit} CNY",
    ),
    ("change_approval_removed", "approval: {role} removed"),
    ("change_offer_added", "offer added: {item}, {value} CNY"),
    ("change_offer_removed", "offer removed: {item}"),
    ("change_offer_value", "offer {item} {from} → {to} CNY"),
    ("change_trigger", "trigger changed"),
    ("change_budget_share", "budget share {from} → {to}"),
    ("change_part", "part {from} → {to}"),
    (
        "change_module_added",
        "module {id} added: {title}, {hours} h",
    ),
    ("change_module_removed", "module {id} removed: {title}"),
    ("change_module_hours", "module {id} {from} h → {to} h"),
    ("change_module_title", "module {id} title: {from} → {to}"),
    ("change_assessment", "assessment changed"),
    ("change_severity", "severity {from} → {to}"),
    ("change_severity_ordinary", "ordinary"),
    ("change_severity_major", "major"),
    ("change_severity_crisis", "crisis"),
    ("change_first_response", "first response {from} h → {to} h"),
    ("change_resolution", "resolution {from} → {to} days"),
    ("change_escalation", "escalation {from} → {to}"),
    ("change_details", "other details changed"),
    ("change_unreadable", "front matter did not parse"),
    ("change_body", "text changed"),
    // The monthly digest.
    ("digest", "Monthly digest"),
    ("digest_title", "After-sales digest {month}"),
    (
        "digest_link",
        "This month's digest (for e-mail and group chats)",
    ),
    ("digest_glance", "The month at a glance"),
    ("digest_outlets_kpis", "{outlets} outlets · {kpis} KPIs"),
    ("digest_new_reds", "New reds"),
    ("digest_new_reds_none", "No new reds this month."),
    ("digest_recoveries", "Recoveries"),
    (
        "digest_recoveries_none",
        "Nothing recovered from red this month.",
    ),
    ("digest_movers", "Biggest movers"),
    (
        "digest_movers_none",
        "No figures to compare with last month.",
    ),
    ("digest_no_data", "Outlets without data"),
    ("digest_no_data_none", "Every outlet reported."),
    ("digest_playbooks", "Playbooks changed this month"),
    ("digest_playbooks_none", "No playbook changed this month."),
    ("digest_open", "Open the network scorecard"),
    ("digest_more", "{n} more on the site"),
    ("digest_last_month", "Last month"),
    ("digest_change", "Change"),
    ("digest_footer", "Generated by pitwall · internal use only"),
    (
        "completeness_line",
        "Data completeness: {filled} of {cells} outlet × KPI cells have data ({percent}%)",
    ),
    (
        "month_incomplete",
        "This month is incomplete: fewer than {threshold}% of the cells have data; ranks, medians and status counts show only what was reported.",
    ),
    (
        "outlet_incomplete",
        "Incomplete this month: {filled} of {kpis} KPIs have data.",
    ),
    ("incomplete_badge", "Incomplete"),
    ("events_heading", "Events this month"),
    ("events_network", "Whole network"),
    ("events_row", "Events"),
    ("events_desc", "Purple dashed lines mark events: {events}."),
    ("events_separator", "; "),
    ("export_outlet_id", "Outlet id"),
    ("export_outlet", "Outlet"),
    ("export_region", "Region"),
    ("export_status_of", "{kpi} status"),
    ("sheet_values", "Values"),
    ("sheet_targets", "Targets"),
    ("sheet_long", "Long table"),
    ("wide_csv", "Wide CSV (one row per outlet)"),
    // Peer groups, region pages and the KPI history export.
    ("rank_label", "Rank"),
    ("rank_network", "{rank} / {of} network"),
    ("rank_network_none", "— network"),
    ("rank_peers", "{rank} / {of} peers"),
    ("rank_peers_none", "— peers"),
    ("peer_group", "Peer group {tier}"),
    ("peer_median", "Peer-group median"),
    ("network_top_quartile", "Network top quartile"),
    (
        "trend_peers_desc",
        "The dash-dot line is the peer group's median, the long-dashed line the network's top-quartile mark (reaching it places an outlet in the network's best quarter).",
    ),
    (
        "trend_top_desc",
        "The long-dashed line is the network's top-quartile mark (reaching it places an outlet in the network's best quarter).",
    ),
    ("regions_heading", "Regions"),
    ("region_outlets", "{n} outlets"),
    ("region_scorecard", "Region scorecard"),
    (
        "region_scorecard_title",
        "{region} region scorecard {month}",
    ),
    (
        "region_table_caption",
        "KPIs of {region}'s outlets in {month}; the last two rows are the region's median and its rank among regions",
    ),
    ("region_rollup", "Region median"),
    ("region_rank", "Rank among regions"),
    (
        "region_rollup_note",
        "A region's figure is the median of its outlets' values (outlets without data or with too few answers are left out); regions are ranked by it, equal figures sharing a rank.",
    ),
    ("export_tier", "Peer group"),
    ("history_csv", "History CSV (a column per month)"),
    ("xlsx_workbook", "Excel workbook"),
    // periods
    ("period_quarter", "Q{quarter} {year}"),
    ("period_year_to_date", "{year} year to date"),
    ("period_to_month", " (through month {month})"),
    ("period_scorecard_title", "{period} network scorecard"),
    ("period_outlet_title", "{outlet} · {period} scorecard"),
    ("period_scorecard", "Period scorecard"),
    ("period_months", "{months} of {of} months"),
    ("period_months_long", "{months} of {of} months have data"),
    (
        "period_note",
        "Each KPI's months make the period by the rule in the catalogue; months without data are left out (never taken as 0) and the months with data are shown. Status is judged against the period's target.",
    ),
    ("period_links", "Periods"),
    ("period_months_in", "Months"),
    ("period_previous", "Previous period"),
    ("period_next", "Next period"),
    ("period_regions", "Regions and network"),
    ("period_region", "Region"),
    ("period_network", "Network"),
    ("period_rule", "Rule"),
    ("period_target", "Period target"),
    ("year_to_date", "Year to date"),
    ("trailing_12", "Trailing 12 months"),
    ("aggregate_mean", "mean of months"),
    ("aggregate_sum", "sum of months"),
    ("aggregate_last", "latest month"),
    ("aggregate_weighted", "weighted mean"),
    // Table captions of the month's scorecard (scorecards3).
    (
        "month_table_caption",
        "KPIs of every outlet in {month}: one row per outlet, one column per KPI",
    ),
    ("ranking_table_caption", "{kpi}: outlets ranked, {month}"),
    ("history_table_caption", "{kpi}: the network month by month"),
    // Period pages (scorecards3).
    ("period_rank", "Network rank"),
    (
        "period_wide_csv",
        "Wide CSV (one row per outlet, period figures)",
    ),
];

pub type Table = BTreeMap<&'static str, &'static str>;

/// The interface text for `language` (built once per process).
pub fn table(language: Language) -> &'static Table {
    static ZH_CN_TABLE: LazyLock<Table> = LazyLock::new(|| ZH_CN.iter().copied().collect());
    static EN_TABLE: LazyLock<Table> = LazyLock::new(|| EN.iter().copied().collect());
    match language {
        Language::ZhCn => &ZH_CN_TABLE,
        Language::En => &EN_TABLE,
    }
}

/// Words used for every cell and value of a scorecard, taken from the table once per process so
/// that render loops read a field instead of searching the table.
pub struct Words {
    pub status_green: &'static str,
    pub status_amber: &'static str,
    pub status_red: &'static str,
    pub status_missing: &'static str,
    pub direction_higher: &'static str,
    pub direction_lower: &'static str,
    pub unit_hours: &'static str,
    pub unit_days: &'static str,
    pub unit_cny: &'static str,
}

impl Words {
    fn new(t: &'static Table) -> Words {
        Words {
            status_green: t["status_green"],
            status_amber: t["status_amber"],
            status_red: t["status_red"],
            status_missing: t["status_missing"],
            direction_higher: t["direction_higher"],
            direction_lower: t["direction_lower"],
            unit_hours: t["unit_hours"],
            unit_days: t["unit_days"],
            unit_cny: t["unit_cny"],
        }
    }
}

/// The [`Words`] of `language` (resolved once per process).
pub fn words(language: Language) -> &'static Words {
    static ZH_CN_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(table(Language::ZhCn)));
    static EN_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(table(Language::En)));
    match language {
        Language::ZhCn => &ZH_CN_WORDS,
        Language::En => &EN_WORDS,
    }
}

/// Replaces each `{name}` in `template` with its value from `args`; other braces are kept.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        match value {
            Some((close, value)) => {
                let _ = write!(out, "{value}");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::tests::placeholders;

    #[test]
    fn every_language_has_every_key() {
        let zh: Vec<_> = table(Language::ZhCn).keys().collect();
        let en: Vec<_> = table(Language::En).keys().collect();
        assert_eq!(zh, en);
    }

    /// Every lookup by a string literal in the code (of `t` or of `table(..)`) and in the
    /// built-in templates (`t.<key>`) names a key of the table: a typo fails here, not at run time on the
    /// one page that shows it.
    #[test]
    fn every_key_looked_up_is_in_the_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let known = table(Language::En);
        let mut looked_up = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (i, _) in text.match_indices("[\"") {
                    let before = &text[..i];
                    let rest = &text[i + 2..];
                    let Some(end) = rest.find("\"]") else {
                        continue;
                    };
                    if before.ends_with('t') || before.ends_with(')') {
                        looked_up
                            .push((entry.path().display().to_string(), rest[..end].to_owned()));
                    }
                }
            }
        }
        for entry in walkdir::WalkDir::new(root.join("themes")).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (i, _) in text.match_indices("t.") {
                    let starts_word = text[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                    let key: String = text[i + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if starts_word && !key.is_empty() {
                        looked_up.push((entry.path().display().to_string(), key));
                    }
                }
            }
        }
        assert!(looked_up.len() > 40, "the scan finds the lookups");
        let missing: Vec<_> = looked_up
            .iter()
            .filter(|(_, key)| !known.contains_key(key.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "keys not in the interface text: {missing:?}"
        );
    }

    /// A lookup by a key computed at run time, in code or in a template, takes a key made by a
    /// `label_key` (`Status::label_key`, `KindName::label_key`, ...), which
    /// [`every_label_key_is_in_the_table`] checks for every value; a key glued together from
    /// pieces (a prefix joined to a name in a template, a `format!` in code) could not be
    /// checked, and fails here.
    #[test]
    fn computed_lookups_use_label_keys() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut glued = Vec::new();
        for dir in ["src", "themes"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                let template = entry.path().extension().is_some_and(|e| e == "html");
                if !(template || entry.path().extension().is_some_and(|e| e == "rs")) {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for (i, _) in text.match_indices('[') {
                    let before = &text[..i];
                    let lookup = if template {
                        before.ends_with("t")
                            && !before[..i - 1]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
                    } else {
                        (before.ends_with('t')
                            && !before[..i - 1]
                                .ends_with(|c: char| c.is_alphanumeric() || c == '_'))
                            || before.ends_with("table(language)")
                            || before.ends_with("table(site.config.language)")
                    };
                    let Some(end) = text[i..].find(']') else {
                        continue;
                    };
                    let inside = text[i + 1..i + end].trim();
                    let literal = inside.starts_with('"')
                        && inside.ends_with('"')
                        && !inside[1..inside.len().saturating_sub(1)].contains('"');
                    if lookup
                        && !literal
                        && !inside.ends_with("_key")
                        && !inside.ends_with("label_key()")
                    {
                        glued.push((entry.path().display().to_string(), inside.to_owned()));
                    }
                }
            }
        }
        assert!(glued.is_empty(), "lookups by a glued key: {glued:?}");
    }

    #[test]
    fn no_key_is_listed_twice() {
        for list in [ZH_CN, EN] {
            let mut keys: Vec<_> = list.iter().map(|(k, _)| k).collect();
            keys.sort();
            let len = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), len);
        }
    }

    #[test]
    fn translations_have_the_same_placeholders() {
        let en = table(Language::En);
        for (key, zh) in table(Language::ZhCn) {
            assert_eq!(placeholders(zh), placeholders(en[key]), "{key}");
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_only() {
        assert_eq!(
            fill(
                "{month} 网络中位数 {median}",
                &[("month", &"2026-10"), ("median", &88)]
            ),
            "2026-10 网络中位数 88"
        );
        assert_eq!(fill("{a}{a}", &[("a", &"x")]), "xx");
        assert_eq!(fill("{unknown} {", &[("a", &"x")]), "{unknown} {");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
        assert_eq!(fill("{n} 家", &[("n", &3)]), "3 家");
    }

    #[test]
    fn every_label_key_is_in_the_table() {
        use crate::data::kpi::{Group, Unit};
        use crate::frontmatter::{KindName, ModuleFormat, Severity};
        use crate::model::scorecards::Status;
        let severities = [Severity::Ordinary, Severity::Major, Severity::Crisis];
        let formats = [
            ModuleFormat::Classroom,
            ModuleFormat::Workshop,
            ModuleFormat::Online,
            ModuleFormat::OnTheJob,
        ];
        let keys: Vec<&str> = Group::ALL
            .map(Group::label_key)
            .into_iter()
            .chain(severities.map(Severity::label_key))
            .chain(formats.map(ModuleFormat::label_key))
            .chain(Unit::ALL.map(Unit::label_key))
            .chain(KindName::ALL.map(KindName::label_key))
            .chain(Status::ALL.map(Status::label_key))
            .collect();
        for key in keys {
            assert!(table(Language::ZhCn).contains_key(key), "{key}");
        }
    }

    #[test]
    fn words_come_from_the_table() {
        assert_eq!(words(Language::ZhCn).status_green, "达标");
        assert_eq!(
            words(Language::En).unit_hours,
            table(Language::En)["unit_hours"]
        );
    }
}
