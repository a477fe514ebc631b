//! How text becomes search terms, at build time here and in the browser in
//! `themes/default/static/search.js`, which follows the same rules (a change here is a change
//! there, and the index's `version` in `meta.json` goes up):
//!
//! - text is NFKC-normalised (full-width `ＮＰＳ` is `NPS`) and lower-cased;
//! - a run of letters or digits outside the CJK scripts is one term (`nps`, `24h`, `dms`);
//! - a run of CJK characters gives every character and every pair of neighbours (`回访率` gives
//!   回, 访, 率, 回访, 访率): Chinese has no spaces, and pairs find words of any length without a
//!   dictionary (what Lucene's CJK analyser does); a query of two or more characters looks up its
//!   pairs, so `回访` never matches 挽回 or 回店;
//! - anything else separates terms.
//!
//! Terms go to shards by the FNV-1a hash of their UTF-8 bytes, so the browser fetches only the
//! shards of the terms it looks up.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Whether `c` is written without spaces between words (Han, kana, Hangul, and their marks).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{20000}'..='\u{3134f}')
}

/// A term as [`terms`] finds it: CJK characters stay characters, so that counting them needs no
/// string (most of a Chinese page's terms are characters and pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term<'a> {
    /// A CJK character.
    Char(char),
    /// Two CJK characters side by side.
    Pair(char, char),
    /// A run of letters or digits outside the CJK scripts, lower-cased.
    Word(&'a str),
}

impl Term<'_> {
    /// A character or a pair as one number (a word is none): code points have 21 bits, and bit
    /// 63 tells a pair from a character.
    pub fn code(self) -> Option<u64> {
        match self {
            Term::Char(c) => Some(u64::from(c)),
            Term::Pair(a, b) => Some(1 << 63 | u64::from(a) << 21 | u64::from(b)),
            Term::Word(_) => None,
        }
    }

    /// The character or pair that [`Term::code`] gave `code`.
    pub fn of_code(code: u64) -> Term<'static> {
        let char = |bits: u64| char::from_u32((bits & 0x1f_ffff) as u32).unwrap_or_default();
        match code >> 63 {
            1 => Term::Pair(char(code >> 21), char(code)),
            _ => Term::Char(char(code)),
        }
    }

    /// Appends its text to `text`.
    pub fn write(self, text: &mut String) {
        match self {
            Term::Char(c) => text.push(c),
            Term::Pair(a, b) => {
                text.push(a);
                text.push(b);
            }
            Term::Word(w) => text.push_str(w),
        }
    }
}

/// Calls `term` for each term of `text`, in order, with repeats.
pub fn terms(text: &str, term: impl FnMut(Term<'_>)) {
    // Most text is NFKC once its full-width forms are narrowed (the quick check says so without
    // normalising): it is read as it is, which halves the cost of indexing.
    if text.chars().all(stable) || is_nfkc_quick(text.chars().map(narrow)) == IsNormalized::Yes {
        split(text.chars().map(narrow), term);
    } else {
        split(text.nfkc(), term);
    }
}

/// Whether `c` is its own NFKC form once narrowed, known without the tables: ASCII, the common
/// CJK ideographs, full-width forms (narrowed to ASCII), the ideographic space and the CJK
/// punctuation Chinese text uses most (、。〈〉《》「」『』【】〔〕). Text made only of these skips the
/// quick check.
fn stable(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{4e00}'..='\u{9fff}'
            | '\u{ff01}'..='\u{ff5e}'
            | '\u{3000}'..='\u{3002}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{3015}'
            | '\u{2014}'
            | '\u{2018}'..='\u{2019}'
            | '\u{201c}'..='\u{201d}'
            | '\u{00b7}')
}

/// The ASCII character a full-width form (`，`, `（`, `Ｎ`) or the ideographic space stands for:
/// its NFKC decomposition, which NFKC never composes further. Chinese punctuation is full
/// width, so without this almost no Chinese text would pass the quick check. Text whose narrowed
/// characters are NFKC is the NFKC of the original text, as both decompose alike.
fn narrow(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Splits NFKC text into terms, lower-casing it.
fn split(normal: impl Iterator<Item = char>, term: impl FnMut(Term<'_>)) {
    let mut split = Splitter {
        word: String::new(),
        previous: None,
        term,
    };
    for c in normal {
        if c.is_ascii() {
            split.push(c.to_ascii_lowercase());
        } else if is_cjk(c) || uncased(c) {
            split.push(c);
        } else {
            c.to_lowercase().for_each(|c| split.push(c));
        }
    }
    split.end_word();
}

/// Whether `c` is in a block without case, where lower-casing changes nothing (known without
/// the tables): general punctuation and the CJK symbols and punctuation. The CJK scripts
/// ([`is_cjk`]) have no case either.
fn uncased(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}')
}

/// Where [`split`] is in the text: the word it is in, or the CJK character before.
struct Splitter<F> {
    word: String,
    previous: Option<char>,
    term: F,
}

impl<F: FnMut(Term<'_>)> Splitter<F> {
    /// Takes the next (lower-case) character.
    fn push(&mut self, c: char) {
        if is_cjk(c) {
            self.end_word();
            (self.term)(Term::Char(c));
            if let Some(p) = self.previous {
                (self.term)(Term::Pair(p, c));
            }
            self.previous = Some(c);
        } else {
            self.previous = None;
            if c.is_alphanumeric() {
                self.word.push(c);
            } else {
                self.end_word();
            }
        }
    }

    fn end_word(&mut self) {
        if !self.word.is_empty() {
            (self.term)(Term::Word(&self.word));
            self.word.clear();
        }
    }
}

/// FNV-1a (32 bits) of the term's UTF-8 bytes: the browser computes the same.
pub fn hash(term: &str) -> u32 {
    term.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::{hash, terms};

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(text, |t| {
            let mut text = String::new();
            t.write(&mut text);
            out.push(text)
        });
        out
    }

    #[test]
    fn characters_and_pairs_read_back_from_their_codes() {
        use super::Term;
        for term in [
            Term::Char('回'),
            Term::Pair('回', '访'),
            Term::Char('\u{3134f}'),
            Term::Pair('\u{20000}', 'ア'),
        ] {
            assert_eq!(Term::of_code(term.code().unwrap()), term);
        }
        assert_eq!(Term::Word("nps").code(), None);
    }

    #[test]
    fn chinese_gives_characters_and_pairs_and_words_stay_whole() {
        assert_eq!(
            all("低分回访率（NPS≥9）"),
            [
                "低", "分", "低分", "回", "分回", "访", "回访", "率", "访率", "nps", "9"
            ]
        );
        assert_eq!(
            all("ＮＰＳ 24h"),
            ["nps", "24h"],
            "full width is normalised"
        );
        assert_eq!(all("a-b  c"), ["a", "b", "c"]);
        assert_eq!(
            all("CSI 回访"),
            ["csi", "回", "访", "回访"],
            "text that is NFKC already is lower-cased too"
        );
        assert!(all("— , 。").is_empty());
    }

    /// The terms the slow way: the whole text NFKC-normalised.
    fn normalised(text: &str) -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let mut out = Vec::new();
        let lower: String = text.nfkc().flat_map(char::to_lowercase).collect();
        super::split(lower.chars(), |t| {
            let mut text = String::new();
            t.write(&mut text);
            out.push(text)
        });
        out
    }

    #[test]
    fn the_characters_taken_as_stable_are_their_own_nfkc_form() {
        use unicode_normalization::UnicodeNormalization;
        let mut checked = 0;
        for c in (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|&c| super::stable(c))
        {
            let narrowed = super::narrow(c).to_string();
            assert_eq!(
                narrowed.nfkc().collect::<String>(),
                narrowed,
                "U+{:04X}",
                c as u32
            );
            checked += 1;
        }
        assert!(checked > 20_000, "{checked}");
    }

    #[test]
    fn characters_taken_as_uncased_are_their_own_lower_case() {
        let uncased = (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|&c| super::is_cjk(c) || super::uncased(c));
        for c in uncased {
            assert!(c.to_lowercase().eq([c]), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn narrowing_full_width_forms_gives_the_nfkc_terms() {
        for text in [
            "客户满意度（CSI）调研：每月一次，结果与奖金挂钩。",
            "ＮＰＳ　≥　９，回访率１００％",
            "e\u{301}té （Ｅ\u{301}）",
            "ｶﾀｶﾅ ①② ㎡ ﬁ",
            "Ａ\u{30a}ｂｃ　ｘ",
        ] {
            assert_eq!(all(text), normalised(text), "{text}");
        }
        assert_eq!(all("（ＣＳＩ）调研"), ["csi", "调", "研", "调研"]);
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // Known FNV-1a values, so the browser's copy can be checked against the same numbers.
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
    }
}
