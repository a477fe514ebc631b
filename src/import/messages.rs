//! The messages of `pitwall import`, in the site's language (`zh-CN` or `en`): one table per
//! language, filled with named values by [`crate::i18n::fill`].

use std::fmt::Display;

use crate::config::Language;

// The words in both languages (`ZH_CN`, `EN`), from the `import` section of the locale
// catalogue (`locales/*.yaml`), written by build.rs.
include!(concat!(env!("OUT_DIR"), "/locale_import.rs"));

/// The messages in one language.
#[derive(Debug, Clone, Copy)]
pub struct Say(pub Language);

impl Say {
    pub fn text(self, key: &str) -> &'static str {
        let table = match self.0 {
            Language::ZhCn => ZH_CN,
            Language::En => EN,
        };
        table
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, text)| text)
    }

    pub fn fill(self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        crate::i18n::fill(self.text(key), args)
    }
}
