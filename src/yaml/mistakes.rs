//! Typing mistakes authors make in YAML, recognised from the parser's error and the text around
//! its position, and explained in plain words with what to type instead. What the parser says
//! is kept (as `YamlSyntax`) only when no known mistake fits.

use crate::messages::{Msg, Text};
use crate::msg;

pub struct Mistake {
    pub line: u32,
    pub column: u32,
    pub message: Text,
    pub hint: Option<Text>,
}

/// `raw` is the parser's message (without position) for an error at `line:column` of `text`.
pub fn explain(text: &str, line: u32, column: u32, raw: &str) -> Mistake {
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: usize, column: usize| (line as u32 + 1, column as u32 + 1);
    // Mistakes that the parser reports somewhere else (often on line 1): look for them first.
    for (i, l) in lines.iter().enumerate() {
        if let Some((key, value, col)) = full_width_key(l) {
            let (line, column) = at(i, col);
            return Mistake {
                line,
                column,
                message: msg!(YamlFullWidthColon, key = key),
                hint: Some(msg!(YamlFullWidthColonHint, key = key, value = value)),
            };
        }
        if let Some((key, value, col)) = no_space_after_colon(l) {
            let (line, column) = at(i, col + 1);
            return Mistake {
                line,
                column,
                message: msg!(YamlNoSpaceAfterColon, key = key),
                hint: Some(msg!(YamlNoSpaceAfterColonHint, key = key, value = value)),
            };
        }
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        if let Some(col) = indent.chars().position(|c| c == '\t')
            && !l.trim().is_empty()
        {
            let (line, column) = at(i, col);
            return Mistake {
                line,
                column,
                message: msg!(YamlTab),
                hint: Some(msg!(YamlTabHint)),
            };
        }
    }
    let plain = |message: Text, hint: Option<Text>| Mistake {
        line,
        column,
        message,
        hint,
    };
    let here = (line as usize)
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .copied()
        .unwrap_or("");
    // The key whose value is at the caret: the name just before the `:` to its left (block
    // and flow mappings alike).
    let before: String = here
        .chars()
        .take(column.saturating_sub(1) as usize)
        .collect();
    let before = before.trim_end().trim_end_matches(':').trim_end();
    let key_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let key = before[key_start..].to_owned();
    let value = scalar_at(here, column);
    // A value followed by a line indented deeper is read as one text running over both lines.
    let next = lines.get(line as usize).copied().unwrap_or("");
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    if !value.is_empty()
        && !next.trim().is_empty()
        && indent_of(next) > indent_of(here.trim_start_matches("- "))
        && indent_of(next) > indent_of(here)
        && let Some(mistake) = indentation(&lines, line + 1)
    {
        return mistake;
    }
    if raw.starts_with("block sequence entries are not allowed") && value == "-" {
        return plain(
            msg!(YamlMissingValue, key = key),
            Some(msg!(YamlMissingValueHint, key = key)),
        );
    }
    if raw.starts_with("expected sequence start")
        && let Some(inner) = value
            .strip_prefix(['【', '［', '〔'])
            .map(|v| v.trim_end_matches(['】', '］', '〕']))
    {
        let items: Vec<&str> = inner
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return plain(
            msg!(YamlChineseBrackets, key = key),
            Some(msg!(
                YamlChineseBracketsHint,
                key = key,
                items = items.join(", ")
            )),
        );
    }
    if raw.starts_with("expected sequence start") {
        let items: Vec<&str> = value
            .trim_matches(['[', ']'])
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return plain(
            msg!(YamlExpectedList, key = key),
            Some(msg!(
                YamlExpectedListHint,
                key = key,
                items = items.join(", ")
            )),
        );
    }
    if (raw.contains("did not find expected") || raw.contains("mapping values are not allowed"))
        && let Some(mistake) = indentation(&lines, line)
    {
        return mistake;
    }
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let fields: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|f| f.trim_matches('`'))
            .filter(|f| !f.is_empty())
            .collect();
        return plain(
            msg!(YamlUnknownField, field = field),
            Some(unknown_field_hint(field, &fields)),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (variant, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ");
        if allowed.contains("ordinary") && allowed.contains("crisis") {
            let guess = severity_guess(variant);
            return plain(
                msg!(YamlSeverityAlias, text = variant),
                Some(match guess {
                    Some(value) => msg!(YamlSeverityAliasHint, text = variant, value = value),
                    None => msg!(YamlUnknownVariantHint, allowed = Msg::SeverityAllowed),
                }),
            );
        }
        return plain(
            msg!(YamlUnknownVariant, text = variant),
            Some(msg!(YamlUnknownVariantHint, allowed = allowed)),
        );
    }
    let whole = raw == "expected a whole number";
    if raw == "invalid floating point" || raw == "expected a number" || whole {
        return plain_number(&value, &key, whole, line, column);
    }
    if raw == "expected `true` or `false`" {
        return plain(
            msg!(YamlExpectedBool, text = value),
            Some(msg!(YamlExpectedBoolHint)),
        );
    }
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return plain(
            msg!(YamlMissingField, field = field),
            Some(msg!(YamlMissingFieldHint, field = field)),
        );
    }
    plain(msg!(YamlSyntax, detail = raw), Some(msg!(YamlSyntaxHint)))
}

/// The hint for a field name that is not allowed here: the nearest allowed one, and the list.
pub fn unknown_field_hint(field: &str, fields: &[&str]) -> Text {
    let list = fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match crate::diagnostic::closest(field, fields.iter().copied()) {
        Some(near) => msg!(YamlUnknownFieldSuggest, near = near, fields = list),
        None => msg!(YamlUnknownFieldList, fields = list),
    }
}

fn plain_number(value: &str, key: &str, whole: bool, line: u32, column: u32) -> Mistake {
    let mistake = |message, hint| Mistake {
        line,
        column,
        message,
        hint: Some(hint),
    };
    // `３` or `２.５`: typed with the input method's full-width digits.
    let half: String = value
        .chars()
        .map(|c| match c {
            '０'..='９' | '．' | '－' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    if half != value && half.parse::<f64>().is_ok() {
        return mistake(
            msg!(YamlFullWidthDigits, text = value),
            msg!(YamlFullWidthDigitsHint, number = half),
        );
    }
    // `2,000`: a comma before groups of three digits separates thousands.
    if let Some(number) = without_thousands(value) {
        return mistake(
            msg!(YamlThousands, text = value),
            msg!(YamlThousandsHint, number = number),
        );
    }
    let digits: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    let rest = value[digits.len()..].trim();
    let (message, hint) = if !digits.is_empty()
        && rest.starts_with(',')
        && rest[1..].chars().all(|c| c.is_ascii_digit())
        && rest.len() > 1
    {
        let number = format!("{digits}.{}", &rest[1..]);
        (
            msg!(YamlDecimalComma, text = value),
            msg!(YamlDecimalCommaHint, number = number),
        )
    } else if !digits.is_empty() && digits.parse::<f64>().is_ok() && !rest.is_empty() {
        let unit = unit_of(key);
        let message = msg!(YamlNumberWithUnit, text = value);
        let hint = match unit {
            Some(unit) => msg!(YamlNumberWithUnitHint, number = digits, unit = unit),
            None => msg!(YamlNumberAloneHint, number = digits),
        };
        (message, hint)
    } else if whole {
        (
            msg!(YamlExpectedWholeNumber, text = value),
            msg!(YamlExpectedWholeNumberHint),
        )
    } else {
        (
            msg!(YamlExpectedNumber, text = value),
            msg!(YamlExpectedNumberHint),
        )
    };
    mistake(message, hint)
}

/// `2,000` → `2000`, `12,345.5` → `12345.5`: a number whose commas each stand before exactly
/// three digits (thousands separators, as Chinese and English write them); `None` otherwise.
pub fn without_thousands(text: &str) -> Option<String> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) if f.chars().all(|c| c.is_ascii_digit()) && !f.is_empty() => (w, Some(f)),
        Some(_) => return None,
        None => (text, None),
    };
    let whole = whole.strip_prefix('-').map_or((whole, ""), |w| (w, "-"));
    let mut groups = whole.0.split(',');
    let head = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    if rest.is_empty()
        || !digits(head)
        || head.len() > 3
        || !rest.iter().all(|g| digits(g) && g.len() == 3)
    {
        return None;
    }
    let mut number = format!("{}{head}{}", whole.1, rest.concat());
    if let Some(f) = fraction {
        number.push('.');
        number.push_str(f);
    }
    Some(number)
}

/// The unit a number field is counted in, from its name.
fn unit_of(key: &str) -> Option<Msg> {
    if key.ends_with("hours") {
        Some(Msg::UnitHours)
    } else if key.ends_with("days") {
        Some(Msg::UnitDays)
    } else if key.ends_with("cny") {
        Some(Msg::UnitCny)
    } else if key.ends_with("pct") {
        Some(Msg::UnitPercent)
    } else {
        None
    }
}

fn severity_guess(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    [("ordinary", "普通"), ("major", "重大"), ("crisis", "危机")]
        .into_iter()
        .find(|(en, zh)| {
            let head: String = lower.chars().take(3).collect();
            lower.contains(zh) || (head.chars().count() == 3 && en.starts_with(&head))
        })
        .map(|(en, _)| en)
}

/// `owner：客户关系经理` → (`owner`, `客户关系经理`, column of `：`), for a key typed with a
/// full-width colon (an ASCII field name, so Chinese text with `：` in it is left alone).
fn full_width_key(line: &str) -> Option<(&str, &str, usize)> {
    let trimmed = line.trim_start().trim_start_matches("- ");
    let (key, value) = trimmed.split_once('：')?;
    let key = key.trim_end();
    let is_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !is_key || key.contains(':') {
        return None;
    }
    let column = line.chars().count() - trimmed.chars().count() + key.chars().count();
    Some((key, value.trim(), column))
}

/// `owner:服务经理` → (`owner`, `服务经理`, column of `:`): a field name typed without the space
/// YAML needs after its colon (the line is then one text, not a field). A URL's `://` and a
/// time's `10:30` are not field names.
fn no_space_after_colon(line: &str) -> Option<(&str, &str, usize)> {
    let trimmed = line.trim_start().trim_start_matches("- ");
    if trimmed.starts_with('#') {
        return None;
    }
    let (key, value) = trimmed.split_once(':')?;
    let is_key = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let first = value.chars().next()?;
    if !is_key || first.is_whitespace() || matches!(first, ':' | '/') || first.is_ascii_digit() {
        return None;
    }
    let column = line.chars().count() - trimmed.chars().count() + key.chars().count();
    Some((
        key,
        value.split(" #").next().unwrap_or(value).trim(),
        column,
    ))
}

/// The value on `line` from the 1-based `column`, without a trailing comment.
fn scalar_at(line: &str, column: u32) -> String {
    let from: String = line
        .chars()
        .skip(column.saturating_sub(1) as usize)
        .collect();
    let from = from.split(" #").next().unwrap_or("").trim();
    // Inside a flow collection (`{a: 1, b: 2}`), the value ends at the next separator.
    let flow = line.contains('{') || line.trim_start().starts_with('[');
    let from = if flow {
        from.split([',', '}', ']']).next().unwrap_or("").trim()
    } else {
        from
    };
    from.trim_matches(['"', '\'']).to_owned()
}

/// An error caused by a line indented unlike its neighbours: the line, and how far to indent.
fn indentation(lines: &[&str], line: u32) -> Option<Mistake> {
    let index = (line as usize).checked_sub(1)?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    // The parser may stop on the line after the odd one: look at this line and the one above.
    for i in [index, index.checked_sub(1)?] {
        let here = lines.get(i)?;
        let above = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
        let expected =
            if here.trim_start().starts_with("- ") || !above.trim_start().starts_with("- ") {
                indent(above)
            } else {
                indent(above) + 2
            };
        let own = indent(here);
        if own != expected && own > 0 && !above.trim_end().ends_with(':') {
            return Some(Mistake {
                line: i as u32 + 1,
                column: own as u32 + 1,
                message: msg!(YamlIndent),
                hint: Some(msg!(YamlIndentHint, spaces = expected)),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by tools/fuzz.py: a caret after Chinese text (a comment) cut a character in half.
    #[test]
    fn a_caret_after_chinese_text_does_not_cut_a_character() {
        let text = "values:\n  bj-01:\n    staff_satisfaction: 81.4 # 员工满意度\n";
        let line = text.lines().nth(2).unwrap_or("");
        for column in 1..=line.chars().count() as u32 + 2 {
            let _ = explain(text, 3, column, "did not find expected key");
            let _ = explain(text, 3, column, "invalid floating point");
        }
    }

    #[test]
    fn severity_guesses_take_whole_characters() {
        assert_eq!(severity_guess("abé"), None);
        assert_eq!(severity_guess("Maj"), Some("major"));
        assert_eq!(severity_guess("重大事件"), Some("major"));
    }
}
