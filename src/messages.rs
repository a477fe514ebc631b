//! The words pitwall says to the people who run it: every diagnostic (message and hint), the
//! summary and progress lines, in zh-CN and English.
//!
//! A message is a [`Msg`] key plus named arguments ([`Text`]), rendered only at the edge
//! (`Report::render_*`, the summary line) in the language chosen there: `--lang`, else the site's
//! `language`, else zh-CN. Keys are enum variants, so a misspelled key does not compile; the unit
//! tests check that both languages of every key have the same `{placeholders}`.
//!
//! `Text::Plain` holds a message not converted yet (modules owned by other areas still build
//! their diagnostics from a `String`); it prints as written, in every language.

use std::fmt::Write as _;

use crate::language::Language;

/// A message: a translated template with its arguments, or a plain (untranslated) string.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    Keyed(Msg, Vec<(&'static str, Arg)>),
}

/// A value put into a message: text as it is, or a word that is itself translated.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Plain(String),
    Word(Msg),
    Text(Box<Text>),
}

impl Arg {
    fn render(&self, language: Language) -> std::borrow::Cow<'_, str> {
        match self {
            Arg::Plain(text) => text.into(),
            Arg::Word(key) => key.template(language).into(),
            Arg::Text(text) => text.render(language).into(),
        }
    }
}

/// What `msg!` accepts as an argument: anything printable, or a [`Msg`] (a translated word).
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl<T: std::fmt::Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for &Text {
    fn into_arg(self) -> Arg {
        Arg::Text(Box::new(self.clone()))
    }
}

impl IntoArg for &Msg {
    fn into_arg(self) -> Arg {
        Arg::Word(*self)
    }
}

impl Text {
    pub fn render(&self, language: Language) -> String {
        match self {
            Text::Plain(text) => text.clone(),
            Text::Keyed(key, args) => fill(key.template(language), args, language),
        }
    }

    /// The English text (tests and logs that are not shown to authors).
    pub fn en(&self) -> String {
        self.render(Language::En)
    }

    /// The message key, when the text is translated.
    pub fn key(&self) -> Option<Msg> {
        match self {
            Text::Plain(_) => None,
            Text::Keyed(key, _) => Some(*key),
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

impl From<Msg> for Text {
    fn from(key: Msg) -> Self {
        Text::Keyed(key, Vec::new())
    }
}

/// `msg!(UnknownKpi, id = kpi)` is the [`Text`] of key [`Msg::UnknownKpi`] with `{id}` set.
#[macro_export]
macro_rules! msg {
    ($key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Text::Keyed(
            $crate::messages::Msg::$key,
            vec![$((stringify!($name), $crate::messages::IntoArg::into_arg(&$value))),*],
        )
    };
}

/// Replaces each `{name}` with its argument; a brace without an argument is kept.
fn fill(template: &str, args: &[(&'static str, Arg)], language: Language) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, v))
        });
        match value {
            Some((close, value)) => {
                let _ = write!(out, "{}", value.render(language));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Why a file operation failed, in words a trainer understands where the kind is known; the
/// operating system's own text (English) otherwise.
pub fn io_reason(error: &std::io::Error) -> Text {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => Msg::IoNotFound.into(),
        ErrorKind::PermissionDenied => Msg::IoPermission.into(),
        ErrorKind::IsADirectory => Msg::IoIsADirectory.into(),
        ErrorKind::NotADirectory => Msg::IoNotADirectory.into(),
        ErrorKind::StorageFull => Msg::IoStorageFull.into(),
        ErrorKind::ReadOnlyFilesystem => Msg::IoReadOnly.into(),
        _ => Text::Keyed(
            Msg::IoOther,
            vec![("detail", Arg::Plain(error.to_string()))],
        ),
    }
}

macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// Every message pitwall prints, by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &[Msg] = &[$(Msg::$key,)*];

            pub fn template(self, language: Language) -> &'static str {
                match (self, language) {
                    $((Msg::$key, Language::En) => $en, (Msg::$key, Language::ZhCn) => $zh,)*
                }
            }
        }
    };
}

// Every message, in both languages, from the locale catalogue (`locales/*.yaml`): build.rs
// writes it as one `messages!` call.
include!(concat!(env!("OUT_DIR"), "/locale_messages.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    /// `{name}` placeholders of a text, sorted (messages here, interface text in `i18n`).
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    /// The locale catalogue read by the YAML parser: both files have the same sections and
    /// keys with the same placeholders (the parser's words left out of zh-CN on purpose), and
    /// the tables build.rs made from them hold exactly what they say; every key `pitwall import`
    /// looks up by name is in it.
    #[test]
    fn the_locale_catalogue_is_one_yaml_file_a_language_with_the_same_keys() {
        type Sections =
            std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |name: &str| -> Sections {
            let text = std::fs::read_to_string(root.join("locales").join(name)).unwrap();
            serde_saphyr::from_str(&text).unwrap()
        };
        let (en, zh) = (read("en.yaml"), read("zh-CN.yaml"));
        assert_eq!(
            en.keys().collect::<Vec<_>>(),
            ["import", "messages", "theme"]
        );
        for (section, words) in &en {
            let theirs = &zh[section];
            assert_eq!(
                words.keys().collect::<Vec<_>>(),
                theirs.keys().collect::<Vec<_>>(),
                "{section}"
            );
            for (key, text) in words {
                let mut wanted = placeholders(text);
                if section == "messages" && key == "YamlSyntax" {
                    wanted.retain(|p| *p != "detail");
                }
                assert_eq!(wanted, placeholders(&theirs[key]), "{section}.{key}");
            }
        }
        for &key in Msg::ALL {
            let name = format!("{key:?}");
            assert_eq!(key.template(Language::En), en["messages"][&name], "{name}");
            assert_eq!(
                key.template(Language::ZhCn),
                zh["messages"][&name],
                "{name}"
            );
        }
        assert_eq!(Msg::ALL.len(), en["messages"].len());
        for (language, words) in [(Language::En, &en), (Language::ZhCn, &zh)] {
            let table = crate::i18n::table(language);
            assert_eq!(table.len(), words["theme"].len());
            for (key, text) in &words["theme"] {
                assert_eq!(table[key.as_str()], text, "theme.{key}");
            }
            for (key, text) in &words["import"] {
                assert_eq!(
                    crate::import::messages::Say(language).text(key),
                    text,
                    "import.{key}"
                );
            }
        }
        // `say.text("key")` and `say.fill("key", ..)` in the importer name keys of the catalogue.
        let mut looked_up = 0;
        for entry in walkdir::WalkDir::new(root.join("src/import")).sort_by_file_name() {
            let entry = entry.unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for call in [".text(", ".fill("] {
                for (i, _) in text.match_indices(call) {
                    let rest = text[i + call.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else {
                        continue;
                    };
                    let key = &rest[..rest.find('"').unwrap()];
                    assert!(
                        en["import"].contains_key(key),
                        "{}: `{key}`",
                        entry.path().display()
                    );
                    looked_up += 1;
                }
            }
        }
        assert!(
            looked_up > 20,
            "the scan finds the importer's lookups ({looked_up})"
        );
    }

    #[test]
    fn chinese_templates_are_chinese() {
        // Every zh-CN template has Chinese words in it, not only English left untranslated
        // (a few are a bare placeholder around Chinese punctuation by design).
        for &key in Msg::ALL {
            let zh = key.template(Language::ZhCn);
            let has_cjk = zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let bare = placeholders(zh).iter().fold(zh.to_owned(), |t, p| {
                t.replace(&format!("{{{p}}}"), "").replace("KPI", "")
            });
            assert!(
                has_cjk || bare.chars().all(|c| !c.is_ascii_alphabetic()),
                "{key:?}: {zh}"
            );
        }
    }

    #[test]
    fn a_keyed_text_renders_in_each_language() {
        let text = msg!(UnknownKpi, id = "csx");
        assert_eq!(text.render(Language::En), "unknown KPI `csx`");
        assert_eq!(text.render(Language::ZhCn), "未知 KPI `csx`");
        assert_eq!(Text::from("as is").render(Language::ZhCn), "as is");
    }
}
