//! The locale catalogue (`locales/<language>.yaml`) turned into Rust tables at build time: the
//! `Msg` enum of the diagnostics (`messages!`), the theme's words and `pitwall import`'s words.
//! The files are YAML in a narrow form (a section per line at the left, then `  key: "text"`
//! lines, comments and blank lines) that is read here line by line; a unit test reads them with
//! the YAML parser and checks that both readings agree. A key or a `{placeholder}` that one
//! language has and the other lacks fails the build, naming the file and line.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// The languages, in the order `messages!` takes them, with their files.
const LANGUAGES: [&str; 2] = ["en", "zh-CN"];
/// The sections every file has.
const SECTIONS: [&str; 3] = ["messages", "theme", "import"];

/// Placeholders the Chinese text leaves out on purpose: (section, key, placeholder). The YAML
/// parser's own words are English; zh-CN says what to check instead.
const LEFT_OUT_IN_CHINESE: [(&str, &str, &str); 1] = [("messages", "YamlSyntax", "detail")];

/// One file: each section's entries in order, with the line each is on.
type Catalogue = Vec<(String, Vec<(String, String, usize)>)>;

pub fn generate(manifest: &Path, out: &Path) {
    println!("cargo:rerun-if-changed=locales");
    let catalogues: Vec<Catalogue> = LANGUAGES
        .iter()
        .map(|language| {
            let path = format!("locales/{language}.yaml");
            let text = std::fs::read_to_string(manifest.join(&path))
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            parse(&path, &text)
        })
        .collect();
    for (section, _) in &catalogues[0] {
        compare(section, &catalogues);
    }
    let entries = |language: usize, section: &str| -> &Vec<(String, String, usize)> {
        &catalogues[language]
            .iter()
            .find(|(s, _)| s == section)
            .expect("every section is there")
            .1
    };
    // The diagnostics: `Key => "en", "zh";` in the English file's order.
    let mut code = String::from("messages! {\n");
    for (key, en, _) in entries(0, "messages") {
        let zh = &entries(1, "messages")
            .iter()
            .find(|(k, _, _)| k == key)
            .expect("compared")
            .1;
        let _ = writeln!(code, "    {key} => {en:?}, {zh:?};");
    }
    code.push_str("}\n");
    std::fs::write(out.join("locale_messages.rs"), code).expect("OUT_DIR is writable");
    for (section, file) in [("theme", "locale_theme.rs"), ("import", "locale_import.rs")] {
        let mut code = String::new();
        for (language, name) in [(1, "ZH_CN"), (0, "EN")] {
            let _ = writeln!(code, "const {name}: &[(&str, &str)] = &[");
            for (key, text, _) in entries(language, section) {
                let _ = writeln!(code, "    ({key:?}, {text:?}),");
            }
            code.push_str("];\n");
        }
        std::fs::write(out.join(file), code).expect("OUT_DIR is writable");
    }
}

/// Reads one file of the narrow form; anything else fails the build at its line.
fn parse(path: &str, text: &str) -> Catalogue {
    let mut catalogue: Catalogue = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = n + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            let section = line
                .strip_suffix(':')
                .unwrap_or_else(|| panic!("{path}:{at}: a section is `name:` alone on its line"));
            assert!(
                SECTIONS.contains(&section),
                "{path}:{at}: unknown section `{section}` (the sections are {SECTIONS:?})"
            );
            catalogue.push((section.to_owned(), Vec::new()));
            continue;
        }
        let entry = line
            .strip_prefix("  ")
            .filter(|l| !l.starts_with(' '))
            .and_then(|l| l.split_once(": "))
            .unwrap_or_else(|| panic!("{path}:{at}: write `  key: \"text\"`, indented two spaces"));
        let (key, value) = entry;
        assert!(
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "{path}:{at}: `{key}` is not a key (letters, digits, `_` and `-`)"
        );
        let text = unquote(value.trim_end()).unwrap_or_else(|why| panic!("{path}:{at}: {why}"));
        let Some((_, entries)) = catalogue.last_mut() else {
            panic!("{path}:{at}: an entry before any section");
        };
        assert!(
            !entries.iter().any(|(k, _, _)| k == key),
            "{path}:{at}: `{key}` is given twice"
        );
        entries.push((key.to_owned(), text, at));
    }
    let found: Vec<&str> = catalogue.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(found, SECTIONS, "{path}: the sections, in this order");
    catalogue
}

/// A double-quoted YAML scalar on one line, with the escapes JSON has.
fn unquote(value: &str) -> Result<String, String> {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .ok_or("the text is written in double quotes, on one line")?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Err("a `\"` inside the text is written `\\\"`".into()),
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code =
                        u32::from_str_radix(&hex, 16).map_err(|_| "`\\u` takes 4 hex digits")?;
                    out.push(char::from_u32(code).ok_or("`\\u` names no character")?);
                }
                _ => {
                    return Err("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\uXXXX`".into());
                }
            },
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Both languages have the same keys in `section`, with the same placeholders each.
fn compare(section: &str, catalogues: &[Catalogue]) {
    let of = |i: usize| {
        &catalogues[i]
            .iter()
            .find(|(s, _)| s == section)
            .expect("parsed")
            .1
    };
    let (en, zh) = (of(0), of(1));
    for (one, other, name, other_name) in [(en, zh, "en", "zh-CN"), (zh, en, "zh-CN", "en")] {
        for (key, text, at) in one {
            let Some((_, theirs, their_at)) = other.iter().find(|(k, _, _)| k == key) else {
                panic!(
                    "locales/{name}.yaml:{at}: `{section}.{key}` is missing from locales/{other_name}.yaml"
                );
            };
            let without = |text: &str, language: &str| -> BTreeSet<String> {
                let mut found: BTreeSet<String> =
                    placeholders(text).into_iter().map(str::to_owned).collect();
                if language == "en" {
                    for (s, k, p) in LEFT_OUT_IN_CHINESE {
                        if s == section && k == key {
                            found.remove(p);
                        }
                    }
                }
                found
            };
            assert!(
                without(text, name) == without(theirs, other_name),
                "locales/{name}.yaml:{at} and locales/{other_name}.yaml:{their_at}: `{section}.{key}` has placeholders {:?} and {:?}",
                placeholders(text),
                placeholders(theirs)
            );
            assert!(
                !text.is_empty(),
                "locales/{name}.yaml:{at}: `{section}.{key}` is empty"
            );
        }
    }
}

/// The `{name}` placeholders of a template.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && close > 0 =>
            {
                found.insert(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}
