//! A cell's text or number as a KPI figure: the forms exports use for numbers (`94.9%`,
//! percent-formatted cells, decimal commas, thousands separators, full-width digits) and for
//! "no data" (`—`, `-`, `N/A`, `无`, an empty cell). Everything else is an error.

use super::read::{Cell, tidy};
use crate::data::kpi::Unit;

/// What a cell says for a KPI.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// No data: written as `null`, never 0.
    Missing,
    Value(f64),
    /// A percentage (`94.9%` or a percent-formatted cell) for a KPI whose unit is not percent.
    PercentForNonPercent,
    /// Not a number nor a "no data" mark.
    NotANumber,
}

/// Texts that mean "no data" (compared after trimming, case-insensitively).
const NO_DATA: [&str; 12] = [
    "", "—", "–", "-", "--", "——", "－", "n/a", "na", "#n/a", "无", "/",
];

pub fn read(cell: &Cell, unit: Unit) -> Reading {
    match cell {
        Cell::Empty => Reading::Missing,
        Cell::Number { value, percent } => scaled(*value, *percent, unit),
        Cell::Text(text) | Cell::Other(text) => {
            let text = text.trim();
            if NO_DATA.iter().any(|m| m.eq_ignore_ascii_case(text)) {
                return Reading::Missing;
            }
            match number(text) {
                Some((value, true)) => scaled(value / 100.0, true, unit),
                Some((value, false)) => Reading::Value(value),
                None => Reading::NotANumber,
            }
        }
        Cell::Bool(_) => Reading::NotANumber,
    }
}

/// A percentage (stored as a fraction) becomes its number of percent for a percent KPI.
fn scaled(value: f64, percent: bool, unit: Unit) -> Reading {
    match (percent, unit) {
        (false, _) => Reading::Value(value),
        (true, Unit::Percent) => Reading::Value(tidy(value * 100.0)),
        (true, _) => Reading::PercentForNonPercent,
    }
}

/// A number as people type it: `1,234.5`, `1.234,5`, `94,9`, `1 234`, `９４．９`, `−3`,
/// optionally followed by `%`. Returns the number and whether it was a percentage.
pub fn number(text: &str) -> Option<(f64, bool)> {
    let mut s: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{3000}'
            )
        })
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '％' => '%',
            '－' | '−' => '-',
            '＋' => '+',
            other => other,
        })
        .collect();
    let percent = s.ends_with('%');
    if percent {
        s.pop();
    }
    let (sign, digits) = match s.strip_prefix(['-', '+']) {
        Some(rest) => (&s[..1], rest),
        None => ("", s.as_str()),
    };
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        || !digits.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    let plain = match (commas, dots) {
        (0, 0 | 1) => digits.to_owned(),
        (0, _) => grouped(digits, '.')?,
        (_, 0) if commas > 1 || is_thousands(digits, ',') => grouped(digits, ',')?,
        (1, 0) => digits.replace(',', "."),
        _ => {
            // Both: the later one is the decimal separator.
            let (thousands, decimal) = if digits.rfind(',') > digits.rfind('.') {
                ('.', ',')
            } else {
                (',', '.')
            };
            let (whole, fraction) = digits.rsplit_once(decimal)?;
            if whole.contains(decimal) || fraction.contains(thousands) {
                return None;
            }
            format!("{}.{fraction}", grouped(whole, thousands)?)
        }
    };
    let value: f64 = format!("{sign}{plain}").parse().ok()?;
    value.is_finite().then_some((value, percent))
}

/// `1,234` with one separator and three digits after it reads as a thousand, not 1.234.
fn is_thousands(digits: &str, sep: char) -> bool {
    match digits.split_once(sep) {
        Some((before, after)) => {
            after.len() == 3 && (1..=3).contains(&before.len()) && before != "0"
        }
        None => false,
    }
}

/// Digits grouped by `sep` in threes (`1,234,567`), without the separators.
fn grouped(digits: &str, sep: char) -> Option<String> {
    let mut groups = digits.split(sep);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_owned();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        out.push_str(group);
    }
    Some(out)
}

/// How a figure is written in a month file: the shortest text that reads back as the same
/// number, with at least the KPI's display decimals (`100.0`, `3137`), as `pitwall new month`
/// and the example data write them.
pub fn format(value: f64, decimals: u8) -> String {
    let value = if value == 0.0 { 0.0 } else { value };
    let mut text = value.to_string();
    let have = text.split_once('.').map_or(0, |(_, f)| f.len());
    let want = usize::from(decimals);
    if have < want {
        if have == 0 {
            text.push('.');
        }
        text.extend(std::iter::repeat_n('0', want - have));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn reads_every_number_form() {
        for (input, expected) in [
            ("94.9", 94.9),
            ("94,9", 94.9),
            ("1,234", 1234.0),
            ("1,234.5", 1234.5),
            ("1.234,5", 1234.5),
            ("1.234.567", 1_234_567.0),
            ("12 345", 12345.0),
            ("1\u{a0}234,5", 1234.5),
            ("９４．９", 94.9),
            ("-3.5", -3.5),
            ("−3.5", -3.5),
            ("0,5", 0.5),
            ("3137", 3137.0),
        ] {
            assert_eq!(number(input), Some((expected, false)), "{input}");
        }
        assert_eq!(number("94.9%"), Some((94.9, true)));
        assert_eq!(number("94,9 %"), Some((94.9, true)));
        for bad in ["abc", "9x", "1,23,4", "1.2.3,4,5", "", "%", "--3", "12..5"] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn percent_cells_become_percent_figures() {
        let cell = Cell::Number {
            value: 0.949,
            percent: true,
        };
        assert_eq!(read(&cell, Unit::Percent), Reading::Value(94.9));
        assert_eq!(read(&text("94.9%"), Unit::Percent), Reading::Value(94.9));
        assert_eq!(read(&cell, Unit::Score), Reading::PercentForNonPercent);
    }

    #[test]
    fn no_data_marks_are_missing() {
        for mark in ["—", "-", "N/A", "n/a", "无", "", "  "] {
            assert_eq!(read(&text(mark), Unit::Score), Reading::Missing, "{mark}");
        }
        assert_eq!(read(&Cell::Empty, Unit::Score), Reading::Missing);
        assert_eq!(read(&text("待定"), Unit::Score), Reading::NotANumber);
        assert_eq!(read(&Cell::Bool(true), Unit::Score), Reading::NotANumber);
    }

    #[test]
    fn formats_like_the_month_files() {
        assert_eq!(format(100.0, 1), "100.0");
        assert_eq!(format(3137.0, 0), "3137");
        assert_eq!(format(94.95, 1), "94.95");
        assert_eq!(format(-0.0, 1), "0.0");
        assert_eq!(format(2.5, 2), "2.50");
    }
}
