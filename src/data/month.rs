//! Calendar months (`YYYY-MM`), the unit of KPI reporting.

use std::fmt;

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Months since year 0: `year * 12 + (month - 1)`.
    index: i32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year)).then(|| Month {
            index: year * 12 + month as i32 - 1,
        })
    }

    /// Parses exactly `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4
            || month.len() != 2
            || !year
                .bytes()
                .chain(month.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.index.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        self.index.rem_euclid(12) as u32 + 1
    }

    pub fn plus(self, months: i32) -> Month {
        Month {
            index: self.index + months,
        }
    }

    /// Months from `self` to `later`.
    pub fn until(self, later: Month) -> i32 {
        later.index - self.index
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Month::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a month (YYYY-MM)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_steps_across_years() {
        let m = Month::parse("2026-01").unwrap();
        assert_eq!(m.plus(-1).to_string(), "2025-12");
        assert_eq!(m.plus(-12).to_string(), "2025-01");
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-1"), None);
        assert_eq!(Month::parse("2025-11").unwrap().until(m), 2);
    }
}
