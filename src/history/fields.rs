//! What changed between two versions of one playbook, in the playbook's own terms: the fields of
//! its kind (a compensation rule's cap and approval limits, a syllabus's modules and hours, a
//! complaint script's severity and response times), its title, its other front matter and its
//! body. Changes are values, not text, so that the cache holds them once for both languages;
//! [`super::describe`] words them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::frontmatter::{self, FrontMatter, Kind};
use crate::source::SourceFile;

/// One change to a field of a playbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "kebab-case")]
pub enum FieldChange {
    Title {
        from: String,
        to: String,
    },
    /// The playbook became another kind (kind names as written in front matter).
    Kind {
        from: String,
        to: String,
    },
    Cap {
        from: f64,
        to: f64,
    },
    /// An approval step's limit moved; `None` is "above the last limit".
    ApprovalLimit {
        role: String,
        from: Option<f64>,
        to: Option<f64>,
    },
    ApprovalAdded {
        role: String,
        up_to: Option<f64>,
    },
    ApprovalRemoved {
        role: String,
        up_to: Option<f64>,
    },
    OfferAdded {
        item: String,
        value: f64,
    },
    OfferRemoved {
        item: String,
        value: f64,
    },
    OfferValue {
        item: String,
        from: f64,
        to: f64,
    },
    Trigger,
    BudgetShare {
        from: Option<f64>,
        to: Option<f64>,
    },
    Part {
        from: u32,
        to: u32,
    },
    ModuleAdded {
        id: String,
        title: String,
        hours: f64,
    },
    ModuleRemoved {
        id: String,
        title: String,
    },
    ModuleHours {
        id: String,
        from: f64,
        to: f64,
    },
    ModuleTitle {
        id: String,
        from: String,
        to: String,
    },
    Assessment,
    Severity {
        from: String,
        to: String,
    },
    FirstResponse {
        from: f64,
        to: f64,
    },
    Resolution {
        from: Option<f64>,
        to: Option<f64>,
    },
    Escalation {
        from: Vec<String>,
        to: Vec<String>,
    },
    /// Any other front matter (summary, KPIs, owner, tags, dates …).
    Details,
    /// The front matter of the new version does not parse (the build at that commit failed).
    Unreadable,
}

/// One version of a page as far as its history needs it.
pub struct Snapshot {
    meta: Option<FrontMatter>,
    body: u64,
}

impl Snapshot {
    pub fn read(path: &str, text: &str) -> Snapshot {
        let source = SourceFile::new(path, std::path::PathBuf::new(), text);
        match frontmatter::split(text) {
            Ok(split) => Snapshot {
                meta: frontmatter::parse(&source, split.front).ok(),
                body: crate::hashing::content_hash(split.body.trim().as_bytes()),
            },
            Err(_) => Snapshot {
                meta: None,
                body: crate::hashing::content_hash(text.as_bytes()),
            },
        }
    }

    pub fn title(&self) -> Option<&str> {
        self.meta.as_ref().map(|m| m.title.as_str())
    }
}

/// The field changes from `old` to `new`, and whether the body changed.
pub fn compare(old: &Snapshot, new: &Snapshot) -> (Vec<FieldChange>, bool) {
    let body_changed = old.body != new.body;
    let (Some(a), Some(b)) = (&old.meta, &new.meta) else {
        let changes = if new.meta.is_none() {
            vec![FieldChange::Unreadable]
        } else {
            vec![FieldChange::Details]
        };
        return (changes, body_changed);
    };
    let mut changes = Vec::new();
    if a.title != b.title {
        changes.push(FieldChange::Title {
            from: a.title.clone(),
            to: b.title.clone(),
        });
    }
    match (&a.kind, &b.kind) {
        (
            Kind::CompensationRule {
                trigger: t1,
                offers: o1,
                cap_cny: c1,
                approval: a1,
                budget_share_pct: b1,
            },
            Kind::CompensationRule {
                trigger: t2,
                offers: o2,
                cap_cny: c2,
                approval: a2,
                budget_share_pct: b2,
            },
        ) => {
            if c1 != c2 {
                changes.push(FieldChange::Cap { from: *c1, to: *c2 });
            }
            let old: BTreeMap<&str, Option<f64>> =
                a1.iter().map(|s| (s.role.as_str(), s.up_to_cny)).collect();
            let new: BTreeMap<&str, Option<f64>> =
                a2.iter().map(|s| (s.role.as_str(), s.up_to_cny)).collect();
            for step in a2 {
                match old.get(step.role.as_str()) {
                    None => changes.push(FieldChange::ApprovalAdded {
                        role: step.role.clone(),
                        up_to: step.up_to_cny,
                    }),
                    Some(from) if *from != step.up_to_cny => {
                        changes.push(FieldChange::ApprovalLimit {
                            role: step.role.clone(),
                            from: *from,
                            to: step.up_to_cny,
                        })
                    }
                    Some(_) => {}
                }
            }
            for step in a1 {
                if !new.contains_key(step.role.as_str()) {
                    changes.push(FieldChange::ApprovalRemoved {
                        role: step.role.clone(),
                        up_to: step.up_to_cny,
                    });
                }
            }
            let old: BTreeMap<&str, f64> =
                o1.iter().map(|o| (o.item.as_str(), o.value_cny)).collect();
            let new: BTreeMap<&str, f64> =
                o2.iter().map(|o| (o.item.as_str(), o.value_cny)).collect();
            for offer in o2 {
                match old.get(offer.item.as_str()) {
                    None => changes.push(FieldChange::OfferAdded {
                        item: offer.item.clone(),
                        value: offer.value_cny,
                    }),
                    Some(&from) if from != offer.value_cny => {
                        changes.push(FieldChange::OfferValue {
                            item: offer.item.clone(),
                            from,
                            to: offer.value_cny,
                        })
                    }
                    Some(_) => {}
                }
            }
            for offer in o1 {
                if !new.contains_key(offer.item.as_str()) {
                    changes.push(FieldChange::OfferRemoved {
                        item: offer.item.clone(),
                        value: offer.value_cny,
                    });
                }
            }
            if t1 != t2 {
                changes.push(FieldChange::Trigger);
            }
            if b1 != b2 {
                changes.push(FieldChange::BudgetShare { from: *b1, to: *b2 });
            }
        }
        (
            Kind::Syllabus {
                part: p1,
                modules: m1,
                assessment: s1,
                ..
            },
            Kind::Syllabus {
                part: p2,
                modules: m2,
                assessment: s2,
                ..
            },
        ) => {
            if p1 != p2 {
                changes.push(FieldChange::Part { from: *p1, to: *p2 });
            }
            let old: BTreeMap<&str, &frontmatter::Module> =
                m1.iter().map(|m| (m.id.as_str(), m)).collect();
            let new: BTreeMap<&str, &frontmatter::Module> =
                m2.iter().map(|m| (m.id.as_str(), m)).collect();
            for m in m2 {
                match old.get(m.id.as_str()) {
                    None => changes.push(FieldChange::ModuleAdded {
                        id: m.id.clone(),
                        title: m.title.clone(),
                        hours: m.hours,
                    }),
                    Some(before) => {
                        if before.title != m.title {
                            changes.push(FieldChange::ModuleTitle {
                                id: m.id.clone(),
                                from: before.title.clone(),
                                to: m.title.clone(),
                            });
                        }
                        if before.hours != m.hours {
                            changes.push(FieldChange::ModuleHours {
                                id: m.id.clone(),
                                from: before.hours,
                                to: m.hours,
                            });
                        }
                    }
                }
            }
            for m in m1 {
                if !new.contains_key(m.id.as_str()) {
                    changes.push(FieldChange::ModuleRemoved {
                        id: m.id.clone(),
                        title: m.title.clone(),
                    });
                }
            }
            if s1 != s2 {
                changes.push(FieldChange::Assessment);
            }
        }
        (
            Kind::ComplaintScript {
                severity: v1,
                first_response_hours: f1,
                resolution_days: r1,
                escalation: e1,
                ..
            },
            Kind::ComplaintScript {
                severity: v2,
                first_response_hours: f2,
                resolution_days: r2,
                escalation: e2,
                ..
            },
        ) => {
            if v1 != v2 {
                changes.push(FieldChange::Severity {
                    from: v1.label_key().to_owned(),
                    to: v2.label_key().to_owned(),
                });
            }
            if f1 != f2 {
                changes.push(FieldChange::FirstResponse { from: *f1, to: *f2 });
            }
            if r1 != r2 {
                changes.push(FieldChange::Resolution { from: *r1, to: *r2 });
            }
            if e1 != e2 {
                changes.push(FieldChange::Escalation {
                    from: e1.clone(),
                    to: e2.clone(),
                });
            }
        }
        (Kind::Page, Kind::Page) => {}
        (k1, k2) => changes.push(FieldChange::Kind {
            from: k1.name().word().to_owned(),
            to: k2.name().word().to_owned(),
        }),
    }
    if details(a) != details(b) {
        changes.push(FieldChange::Details);
    }
    (changes, body_changed)
}

/// The front matter fields common to every kind, other than the title.
fn details(m: &FrontMatter) -> impl PartialEq + '_ {
    let kpis: Vec<&str> = m.kpis.iter().map(|k| k.id.as_str()).collect();
    (
        &m.summary,
        m.weight,
        kpis,
        &m.owner,
        &m.updated,
        &m.review_by,
        &m.tags,
        m.draft,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(cap: u32, manager_limit: u32, body: &str) -> String {
        format!(
            "---\ntitle: 延误补偿\nkind: compensation-rule\ntrigger: 交车延误\noffers:\n  - item: 代步车\n    value_cny: 300\ncap_cny: {cap}\napproval:\n  - up_to_cny: {manager_limit}\n    role: 服务经理\n  - role: 总经理\n---\n{body}\n"
        )
    }

    #[test]
    fn a_compensation_rule_says_cap_and_approval_changes() {
        let old = Snapshot::read("a.md", &rule(2000, 2000, "正文"));
        let new = Snapshot::read("a.md", &rule(3000, 5000, "正文"));
        let (changes, body) = compare(&old, &new);
        assert!(!body);
        assert_eq!(
            changes,
            vec![
                FieldChange::Cap {
                    from: 2000.0,
                    to: 3000.0
                },
                FieldChange::ApprovalLimit {
                    role: "服务经理".into(),
                    from: Some(2000.0),
                    to: Some(5000.0)
                },
            ]
        );
        let (changes, body) = compare(&new, &Snapshot::read("a.md", &rule(3000, 5000, "新正文")));
        assert!(changes.is_empty() && body);
    }

    #[test]
    fn offers_and_approval_steps_added_and_removed() {
        let old = Snapshot::read("a.md", &rule(2000, 2000, "正文"));
        let text = rule(2000, 2000, "正文")
            .replace("value_cny: 300", "value_cny: 500")
            .replace(
                "  - role: 总经理",
                "  - up_to_cny: 8000\n    role: 区域经理\n  - role: 集团总监",
            )
            .replace(
                "offers:\n",
                "offers:\n  - item: 保养券\n    value_cny: 200\n",
            );
        let (changes, _) = compare(&old, &Snapshot::read("a.md", &text));
        assert_eq!(
            changes,
            vec![
                FieldChange::ApprovalAdded {
                    role: "区域经理".into(),
                    up_to: Some(8000.0)
                },
                FieldChange::ApprovalAdded {
                    role: "集团总监".into(),
                    up_to: None
                },
                FieldChange::ApprovalRemoved {
                    role: "总经理".into(),
                    up_to: None
                },
                FieldChange::OfferAdded {
                    item: "保养券".into(),
                    value: 200.0
                },
                FieldChange::OfferValue {
                    item: "代步车".into(),
                    from: 300.0,
                    to: 500.0
                },
            ]
        );
    }

    fn syllabus(modules: &str) -> String {
        format!(
            "---\ntitle: 第一部分\nkind: syllabus\npart: 1\nmodules:\n{modules}assessment: [理论考核]\n---\n正文\n"
        )
    }

    #[test]
    fn modules_by_id_hours_titles_added_and_removed() {
        let old = syllabus(
            "  - {id: m1, title: 职责, hours: 4, format: classroom}\n  - {id: m2, title: 领导力, hours: 3, format: workshop}\n",
        );
        let new = syllabus(
            "  - {id: m1, title: 岗位职责, hours: 6, format: classroom}\n  - {id: m3, title: 交车检查, hours: 4, format: workshop}\n",
        );
        let (changes, body) = compare(&Snapshot::read("s.md", &old), &Snapshot::read("s.md", &new));
        assert!(!body);
        assert_eq!(
            changes,
            vec![
                FieldChange::ModuleTitle {
                    id: "m1".into(),
                    from: "职责".into(),
                    to: "岗位职责".into()
                },
                FieldChange::ModuleHours {
                    id: "m1".into(),
                    from: 4.0,
                    to: 6.0
                },
                FieldChange::ModuleAdded {
                    id: "m3".into(),
                    title: "交车检查".into(),
                    hours: 4.0
                },
                FieldChange::ModuleRemoved {
                    id: "m2".into(),
                    title: "领导力".into()
                },
            ]
        );
    }

    #[test]
    fn a_complaint_script_says_resolution_and_escalation_and_other_details() {
        let script = |days: &str, escalation: &str, owner: &str| {
            format!(
                "---\ntitle: 延误\nkind: complaint-script\nseverity: major\nfirst_response_hours: 24\n{days}escalation: [{escalation}]\nowner: {owner}\n---\n正文\n"
            )
        };
        let old = Snapshot::read("c.md", &script("", "顾问, 经理", "甲"));
        let new = Snapshot::read(
            "c.md",
            &script("resolution_days: 3\n", "顾问, 经理, 总监", "乙"),
        );
        let (changes, _) = compare(&old, &new);
        assert_eq!(
            changes,
            vec![
                FieldChange::Resolution {
                    from: None,
                    to: Some(3.0)
                },
                FieldChange::Escalation {
                    from: vec!["顾问".into(), "经理".into()],
                    to: vec!["顾问".into(), "经理".into(), "总监".into()]
                },
                FieldChange::Details,
            ]
        );
        // A version whose front matter does not parse is said to be unreadable.
        let broken = Snapshot::read("c.md", "---\ntitle: [\n---\n正文\n");
        assert_eq!(compare(&old, &broken).0, vec![FieldChange::Unreadable]);
    }
}
