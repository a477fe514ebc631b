//! Scripted dialogue: a ```` ```dialogue ```` block becomes a conversation, one turn per line.
//!
//! A line is `Speaker：words` (full-width or ASCII colon); a line wrapped in parentheses is a
//! stage direction. A line with neither is shown as narration, and is a warning: in a script a
//! trainer almost always forgot the speaker. Which speakers are the customer (styled apart from
//! staff) is the site's `dialogue_customers` setting.

use super::escape_html as escape;

/// What a dialogue block needs from the site: its accessible label (in the site's language)
/// and the speakers who are the customer.
#[derive(Debug, Clone)]
pub struct Dialogue {
    pub label: String,
    pub customers: Vec<String>,
}

impl Dialogue {
    /// The site's: its language's label and its `dialogue_customers`.
    pub fn for_site(config: &crate::config::Config) -> Dialogue {
        Dialogue {
            label: crate::i18n::table(config.language)["dialogue_label"].to_owned(),
            customers: config.dialogue_customers.clone(),
        }
    }
}

/// A line of a block that is probably a mistake, by its index among the block's lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// `顾问：` with nothing after the colon.
    EmptyTurn { line: usize, speaker: String },
    /// Text with no `speaker：` in front and no parentheses around it.
    NoSpeaker { line: usize },
}

pub fn render(block: &str, dialogue: &Dialogue) -> (String, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut html = format!(
        "<div class=\"dialogue\" role=\"group\" aria-label=\"{}\">\n",
        escape(&dialogue.label)
    );
    for (index, line) in block.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if is_direction(line) {
            html.push_str(&format!("<p class=\"direction\">{}</p>\n", escape(line)));
            continue;
        }
        match split_speaker(line) {
            Some((speaker, words)) => {
                if words.is_empty() {
                    problems.push(Problem::EmptyTurn {
                        line: index,
                        speaker: speaker.to_owned(),
                    });
                }
                let side = if is_customer(speaker, &dialogue.customers) {
                    "customer"
                } else {
                    "staff"
                };
                html.push_str(&format!(
                    "<p class=\"turn {side}\"><span class=\"speaker\">{}</span><span class=\"words\">{}</span></p>\n",
                    escape(speaker),
                    escape(words)
                ));
            }
            None => {
                problems.push(Problem::NoSpeaker { line: index });
                html.push_str(&format!("<p class=\"direction\">{}</p>\n", escape(line)));
            }
        }
    }
    html.push_str("</div>\n");
    (html, problems)
}

/// A speaker is the customer when their name holds one of `customers` (`客户A` is a customer),
/// letter case ignored, unless it names a staff role: `客户关系经理` holds 客户 but is staff.
fn is_customer(speaker: &str, customers: &[String]) -> bool {
    let speaker = speaker.to_lowercase();
    !STAFF_ROLES.iter().any(|role| speaker.contains(role))
        && customers
            .iter()
            .any(|c| !c.is_empty() && speaker.contains(&c.to_lowercase()))
}

/// Words of a staff role's name, in the two languages of the site.
const STAFF_ROLES: [&str; 16] = [
    "经理",
    "顾问",
    "主管",
    "总监",
    "专员",
    "代表",
    "技师",
    "店长",
    "前台",
    "接待",
    "manager",
    "advisor",
    "adviser",
    "director",
    "technician",
    "agent",
];

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

    fn zh() -> Dialogue {
        Dialogue {
            label: "话术示范".to_owned(),
            customers: vec!["客户".to_owned(), "车主".to_owned(), "顾客".to_owned()],
        }
    }

    #[test]
    fn a_url_is_not_a_speaker() {
        assert_eq!(split_speaker("https://example.com/a:b"), None);
        assert_eq!(split_speaker("顾问：您好"), Some(("顾问", "您好")));
        let (html, _) = render("车主：车还没修好？\n", &zh());
        assert!(html.contains("turn customer"), "{html}");
    }

    #[test]
    fn empty_turns_and_lines_without_a_speaker_are_problems() {
        let block = "顾问：您好\n\n客户：\n（停顿）\n请稍等，我去问问。\nhttps://example.com/a:b\n";
        let (html, problems) = render(block, &zh());
        assert_eq!(
            problems,
            vec![
                Problem::EmptyTurn {
                    line: 2,
                    speaker: "客户".to_owned()
                },
                Problem::NoSpeaker { line: 4 },
                Problem::NoSpeaker { line: 5 },
            ]
        );
        assert!(
            html.contains("<p class=\"direction\">（停顿）</p>"),
            "{html}"
        );
    }

    #[test]
    fn a_staff_role_that_holds_a_customer_word_is_staff() {
        let customers = vec!["客户".to_owned(), "Customer".to_owned()];
        assert!(!is_customer("客户关系经理", &customers));
        assert!(!is_customer("Customer service agent", &customers));
        assert!(is_customer("客户A", &customers));
        assert!(is_customer("客户（王先生）", &customers));
    }

    #[test]
    fn customers_and_label_come_from_the_site() {
        let english = Dialogue {
            label: "Sample dialogue".to_owned(),
            customers: vec!["Customer".to_owned(), "Owner".to_owned()],
        };
        let (html, _) = render("Advisor: Hello\nOWNER: My car?\n", &english);
        assert!(html.contains("aria-label=\"Sample dialogue\""), "{html}");
        assert!(
            html.contains("turn staff\"><span class=\"speaker\">Advisor"),
            "{html}"
        );
        assert!(
            html.contains("turn customer\"><span class=\"speaker\">OWNER"),
            "{html}"
        );
        let (html, _) = render("客户：你好\n", &english);
        assert!(html.contains("turn staff"), "{html}");
    }
}
