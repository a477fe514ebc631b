//! pitwall: Markdown playbooks and YAML KPI data into one static site with SVG charts.

pub mod diagnostic;
pub mod markdown;
pub mod source;
pub mod yaml;
