//! KPI data: the catalogue, the outlets and the monthly figures, as read from `data/`.

pub mod kpi;
pub mod month;
pub mod outlet;
pub mod scorecard_file;
