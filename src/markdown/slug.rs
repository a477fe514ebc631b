//! Heading ids and URL slugs that keep Chinese.

/// Heading id: lower-cased, letters (any script), digits and CJK kept, spaces and `-` become
/// `-`, everything else dropped. `情景一：交车延迟` → `情景一交车延迟`.
pub fn heading_id(text: &str) -> String {
    let id = kept_chars(text);
    if id.is_empty() {
        "section".to_owned()
    } else {
        id
    }
}

fn kept_chars(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            id.push('-');
        }
    }
    id
}

/// A tag's URL segment: like a heading id, so 回访 stays 回访 and `Call Back` becomes `call-back`,
/// from the tag's composed Unicode form (`café` typed either way is one URL). Empty when the
/// tag has no letter or digit (`..`): such a tag is an error, never the segment `section`.
pub fn tag_slug(tag: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    kept_chars(&tag.nfc().collect::<String>())
}

/// Gives each heading a unique id within its page: `x`, `x-1`, `x-2`, ...
#[derive(Default)]
pub struct UniqueIds {
    seen: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    pub fn claim(&mut self, base: String) -> String {
        let count = self.seen.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            return base;
        }
        let mut n = *count - 1;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(candidate.clone(), 1);
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_chinese_and_drop_punctuation() {
        assert_eq!(heading_id("情景一：交车延迟"), "情景一交车延迟");
        assert_eq!(heading_id("Step 2 — Call back"), "step-2--call-back");
        assert_eq!(
            heading_id("低分工单48小时回访机制"),
            "低分工单48小时回访机制"
        );
        assert_eq!(heading_id("KPI 语言"), "kpi-语言");
    }

    #[test]
    fn repeated_headings_get_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a".into()), "a");
        assert_eq!(ids.claim("a".into()), "a-1");
        assert_eq!(ids.claim("a-1".into()), "a-1-1");
    }
}
