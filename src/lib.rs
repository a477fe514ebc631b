//! pitwall: Markdown playbooks and YAML KPI data into one static site with SVG charts.

pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod data;
pub mod diagnostic;
pub mod frontmatter;
pub mod history;
pub mod i18n;
pub mod import;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod write;
pub mod yaml;
