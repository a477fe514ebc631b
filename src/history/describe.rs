//! Field changes in words, in the site's language: `单次补偿上限 2,000 → 3,000 元`,
//! `module 3 added: Delivery walk-round, 4 h`. The words come from [`crate::i18n`].

use std::collections::BTreeMap;

use super::{Change, FieldChange, Revision};

type Table = BTreeMap<&'static str, &'static str>;

/// A number as people write amounts: thousands grouped with commas, no needless decimals.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{}", (value * 100.0).round() / 100.0);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

fn optional(t: &Table, value: Option<f64>) -> String {
    value.map_or_else(|| t["history_no_limit"].to_owned(), number)
}

/// One field change in words.
pub fn field(t: &Table, change: &FieldChange) -> String {
    use FieldChange as F;
    match change {
        F::Title { from, to } => fill(t["change_title"], &[("from", from), ("to", to)]),
        F::Kind { from, to } => {
            let name = |k: &str| {
                t.get(format!("kind_{k}").as_str())
                    .copied()
                    .unwrap_or(k)
                    .to_owned()
            };
            fill(
                t["change_kind"],
                &[("from", &name(from)), ("to", &name(to))],
            )
        }
        F::Cap { from, to } => fill(
            t["change_cap"],
            &[("from", &number(*from)), ("to", &number(*to))],
        ),
        F::ApprovalLimit { role, from, to } => fill(
            t["change_approval_limit"],
            &[
                ("role", role),
                ("from", &optional(t, *from)),
                ("to", &optional(t, *to)),
            ],
        ),
        F::ApprovalAdded { role, up_to } => fill(
            t["change_approval_added"],
            &[("role", role), ("limit", &optional(t, *up_to))],
        ),
        F::ApprovalRemoved { role, .. } => fill(t["change_approval_removed"], &[("role", role)]),
        F::OfferAdded { item, value } => fill(
            t["change_offer_added"],
            &[("item", item), ("value", &number(*value))],
        ),
        F::OfferRemoved { item, .. } => fill(t["change_offer_removed"], &[("item", item)]),
        F::OfferValue { item, from, to } => fill(
            t["change_offer_value"],
            &[
                ("item", item),
                ("from", &number(*from)),
                ("to", &number(*to)),
            ],
        ),
        F::Trigger => t["change_trigger"].to_owned(),
        F::BudgetShare { from, to } => {
            let pct =
                |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{}%", number(v)));
            fill(
                t["change_budget_share"],
                &[("from", &pct(*from)), ("to", &pct(*to))],
            )
        }
        F::Part { from, to } => fill(
            t["change_part"],
            &[("from", &from.to_string()), ("to", &to.to_string())],
        ),
        F::ModuleAdded { id, title, hours } => fill(
            t["change_module_added"],
            &[("id", id), ("title", title), ("hours", &number(*hours))],
        ),
        F::ModuleRemoved { id, title } => {
            fill(t["change_module_removed"], &[("id", id), ("title", title)])
        }
        F::ModuleHours { id, from, to } => fill(
            t["change_module_hours"],
            &[("id", id), ("from", &number(*from)), ("to", &number(*to))],
        ),
        F::ModuleTitle { id, from, to } => fill(
            t["change_module_title"],
            &[("id", id), ("from", from), ("to", to)],
        ),
        F::Assessment => t["change_assessment"].to_owned(),
        F::Severity { from, to } => {
            let name = |k: &str| {
                t.get(format!("change_{k}").as_str())
                    .copied()
                    .unwrap_or(k)
                    .to_owned()
            };
            fill(
                t["change_severity"],
                &[("from", &name(from)), ("to", &name(to))],
            )
        }
        F::FirstResponse { from, to } => fill(
            t["change_first_response"],
            &[("from", &number(*from)), ("to", &number(*to))],
        ),
        F::Resolution { from, to } => {
            let days = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), number);
            fill(
                t["change_resolution"],
                &[("from", &days(*from)), ("to", &days(*to))],
            )
        }
        F::Escalation { from, to } => fill(
            t["change_escalation"],
            &[("from", &from.join(" › ")), ("to", &to.join(" › "))],
        ),
        F::Details => t["change_details"].to_owned(),
        F::Unreadable => t["change_unreadable"].to_owned(),
    }
}

/// What a revision did, in one short phrase: `新建`, `由 a.md 改名`, `修改`, `删除`.
pub fn change(t: &Table, revision: &Revision) -> String {
    match revision.page.change {
        Change::Added => t["history_added"].to_owned(),
        Change::Modified => t["history_modified"].to_owned(),
        Change::Removed => t["history_removed"].to_owned(),
        Change::Renamed => fill(
            t["history_renamed"],
            &[("from", revision.page.from.as_deref().unwrap_or_default())],
        ),
    }
}

/// Every change a revision made, in words: its fields, then whether the text changed.
pub fn lines(t: &Table, revision: &Revision) -> Vec<String> {
    let mut lines: Vec<String> = revision.page.fields.iter().map(|f| field(t, f)).collect();
    if revision.page.body_changed {
        lines.push(t["change_body"].to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;
    use crate::i18n;

    #[test]
    fn amounts_are_grouped() {
        assert_eq!(number(2000.0), "2,000");
        assert_eq!(number(1234567.5), "1,234,567.5");
        assert_eq!(number(24.0), "24");
        assert_eq!(number(-300.0), "-300");
    }

    #[test]
    fn changes_read_in_both_languages() {
        let cap = FieldChange::Cap {
            from: 2000.0,
            to: 3000.0,
        };
        let approval = FieldChange::ApprovalLimit {
            role: "服务经理".into(),
            from: Some(2000.0),
            to: Some(5000.0),
        };
        let module = FieldChange::ModuleAdded {
            id: "3".into(),
            title: "交车检查".into(),
            hours: 4.0,
        };
        let response = FieldChange::FirstResponse {
            from: 24.0,
            to: 12.0,
        };
        let severity = FieldChange::Severity {
            from: "severity_major".into(),
            to: "severity_crisis".into(),
        };
        let en = i18n::table(Language::En);
        assert_eq!(field(en, &cap), "cap 2,000 → 3,000 CNY");
        assert_eq!(
            field(en, &approval),
            "approval: 服务经理 up to 2,000 → 5,000 CNY"
        );
        assert_eq!(field(en, &module), "module 3 added: 交车检查, 4 h");
        assert_eq!(field(en, &response), "first response 24 h → 12 h");
        assert_eq!(field(en, &severity), "severity major → crisis");
        let zh = i18n::table(Language::ZhCn);
        assert_eq!(field(zh, &cap), "单次补偿上限 2,000 → 3,000 元");
        assert_eq!(field(zh, &approval), "审批：服务经理 权限 2,000 → 5,000 元");
        assert_eq!(field(zh, &module), "新增模块 3：交车检查，4 学时");
        assert_eq!(field(zh, &response), "首次响应时限 24 → 12 小时");
        assert_eq!(field(zh, &severity), "投诉级别 重大投诉 → 危机事件");
    }
}
