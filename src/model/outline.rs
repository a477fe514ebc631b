//! The training outline: every syllabus part in `part` order with its modules and hours.

use serde::Serialize;

use super::Page;
use crate::diagnostic::Position;
use crate::frontmatter::{Kind, Module};

#[derive(Debug, Clone, Serialize, Default)]
pub struct Outline {
    pub parts: Vec<OutlinePart>,
    pub module_count: usize,
    pub total_hours: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutlinePart {
    pub part: u32,
    pub title: String,
    pub summary: Option<String>,
    pub url: String,
    pub modules: Vec<Module>,
    pub module_count: usize,
    pub hours: f64,
    pub assessment: Vec<String>,
    #[serde(skip)]
    pub page: usize,
    #[serde(skip)]
    pub part_at: Option<Position>,
}

pub fn build(pages: &[Page]) -> Outline {
    let mut parts: Vec<OutlinePart> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, page)| match &page.meta.kind {
            Kind::Syllabus {
                part,
                part_at,
                modules,
                total_hours,
                assessment,
                ..
            } => Some(OutlinePart {
                part: *part,
                part_at: *part_at,
                title: page.meta.title.clone(),
                summary: page.meta.summary.clone(),
                url: page.url.clone(),
                modules: modules.clone(),
                module_count: modules.len(),
                hours: *total_hours,
                assessment: assessment.clone(),
                page: i,
            }),
            _ => None,
        })
        .collect();
    parts.sort_by(|a, b| a.part.cmp(&b.part).then_with(|| a.url.cmp(&b.url)));
    Outline {
        module_count: parts.iter().map(|p| p.module_count).sum(),
        total_hours: parts.iter().map(|p| p.hours).sum(),
        parts,
    }
}
