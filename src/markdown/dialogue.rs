//! Scripted dialogue: a ```` ```dialogue ```` block becomes a conversation, one turn per line.
//!
//! A line is `Speaker：words` (full-width or ASCII colon); a line wrapped in parentheses is a
//! stage direction. Lines without a speaker continue as narration.

use super::escape_html as escape;

pub fn render(block: &str) -> String {
    let mut html =
        String::from("<div class=\"dialogue\" role=\"group\" aria-label=\"话术示范\">\n");
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if is_direction(line) {
            html.push_str(&format!("<p class=\"direction\">{}</p>\n", escape(line)));
            continue;
        }
        match split_speaker(line) {
            Some((speaker, words)) => {
                let customer = ["客户", "车主", "顾客"].iter().any(|c| speaker.contains(c))
                    || speaker.eq_ignore_ascii_case("customer");
                let side = if customer { "customer" } else { "staff" };
                html.push_str(&format!(
                    "<p class=\"turn {side}\"><span class=\"speaker\">{}</span><span class=\"words\">{}</span></p>\n",
                    escape(speaker),
                    escape(words)
                ));
            }
            None => html.push_str(&format!("<p class=\"direction\">{}</p>\n", escape(line))),
        }
    }
    html.push_str("</div>\n");
    html
}

fn is_direction(line: &str) -> bool {
    (line.starts_with('（') && line.ends_with('）'))
        || (line.starts_with('(') && line.ends_with(')'))
}

/// `顾问：您好` → (`顾问`, `您好`). A speaker is short and has no sentence punctuation.
fn split_speaker(line: &str) -> Option<(&str, &str)> {
    let (at, colon) = line.char_indices().find(|&(_, c)| c == '：' || c == ':')?;
    let speaker = line[..at].trim();
    let rest = &line[at + colon.len_utf8()..];
    // `https://example.com/a:b` is text, not words of speaker `https`.
    if rest.starts_with("//") {
        return None;
    }
    let words = rest.trim();
    let short = speaker.chars().count() <= 12;
    let plain = !speaker.chars().any(|c| "，。！？,.!?".contains(c));
    (short && plain && !speaker.is_empty()).then_some((speaker, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_not_a_speaker() {
        assert_eq!(split_speaker("https://example.com/a:b"), None);
        assert_eq!(split_speaker("顾问：您好"), Some(("顾问", "您好")));
        assert!(render("车主：车还没修好？\n").contains("turn customer"));
    }
}
