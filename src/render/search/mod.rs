//! The search index: pitwall's own, made from the pages it rendered, searched in the browser by
//! `themes/default/static/search.js` with no server and no request beyond the site's files.
//!
//! Why not pagefind (used until issue 13): its library API reads pages one at a time under a
//! lock, re-parses each whole page, and compresses every file at the highest level, so indexing
//! cost 7–9 s and 700 MB on 2,000 pages (20× the build without it); it cannot split a CJK index
//! into chunks (pagefind#1211), and its ranking and excerpts could not put titles first or mark
//! whole words. Here the index is a function of the pages' text alone ([`Doc`]), made in a few
//! milliseconds per hundred pages.
//!
//! The index is in two parts ([`Part`]) that change at different times: `pages`, what trainers
//! write (playbooks, training modules, guides, their sections), and `scorecards`, what follows
//! each month's figures (the home page's glance, KPI pages, the current month's scorecards). A
//! month close makes the `scorecards` part again and keeps `pages` as it is, without reading its
//! text or counting its terms; an edited playbook does the opposite. `search.js` reads both and
//! ranks them as one index: it adds up the parts' page counts, lengths and term frequencies.
//!
//! The files under [`DIR`]:
//!
//! - `meta.json`: the format `version` and the names of the `parts`;
//! - `<part>/meta.json`: the number of term `shards`, the pages per text `chunk`, and per page
//!   `[url, title, kind, length]` (a page's number is its place in this list, pages sorted by
//!   URL);
//! - `<part>/terms/<shard>.json`: `{term: [page, weight, page, weight, …]}` for the terms whose
//!   hash ([`tokens::hash`]) falls in the shard; weight is the count of the term in the page with
//!   a title counting [`TITLE`] times and a section heading [`HEADING`] times;
//! - `<part>/text/<chunk>.json`: per page of the chunk, its sections `[anchor, heading, text]`,
//!   for excerpts and links to the section a word was found in.
//!
//! Searchable are the playbooks, sections, the home page, KPI pages and the current month's
//! scorecards ([`Part::of`]); older months would repeat the same outlets and KPIs and stay
//! reachable by navigation.

mod counts;
pub mod extract;
pub mod kept;
pub mod synonyms;
pub mod tokens;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

pub use extract::Doc;
pub use kept::DocStore;

use super::OutputFile;
use crate::urls;

/// Where the index goes in the output, with the final `/`.
pub const DIR: &str = crate::model::outputs::SEARCH_INDEX_DIR;
/// The format of the files, which `search.js` checks; up when the files or [`tokens`] change.
pub const VERSION: u32 = 3;
/// How many times a word in the title counts.
pub const TITLE: u32 = 10;
/// How many times a word in a section heading counts.
pub const HEADING: u32 = 3;
/// The shortest word outside the CJK scripts in `words.json`, which the browser reads to match
/// a word typed with a small typo (`borow`) or in another form (`shadowing`).
pub const WORD_MIN: usize = 3;
/// About how large a term shard should be, in bytes: a query of three terms loads three.
const SHARD_BYTES: usize = 48 * 1024;

/// What the search page needs to know.
#[derive(Debug, serde::Serialize)]
pub struct SearchPage {
    /// The index folder from the site root.
    pub index: &'static str,
    /// `search: false` in site.yaml: there is no index, and the page says so.
    pub enabled: bool,
    /// The glossary's URL, when the site has one.
    pub glossary: Option<&'static str>,
}

pub fn page(site: &crate::model::Site) -> SearchPage {
    SearchPage {
        index: DIR,
        enabled: site.config.search,
        glossary: (!site.glossary.entries.is_empty()).then_some(urls::GLOSSARY),
    }
}

/// A part of the index: the pages of a part change together, and a part whose pages did not
/// change is kept whole (see the module's notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Playbooks, training modules, guides and their sections.
    Pages,
    /// The home page (its glance of the month), KPI pages and the current month's scorecards.
    Scorecards,
}

impl Part {
    pub const ALL: [Part; 2] = [Part::Pages, Part::Scorecards];

    /// Its folder under [`DIR`], and its name in `meta.json`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Pages => "pages",
            Part::Scorecards => "scorecards",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The part the page written at `path` is searched in, if it is searchable: playbooks,
    /// sections, the home page, KPI pages and the current month's scorecards. Older months
    /// would only repeat the same outlets and KPIs, and the tag and what's-new lists only the
    /// titles of pages that are found themselves.
    pub fn of(path: &str, current_month: Option<&str>) -> Option<Part> {
        if !path.ends_with("index.html")
            || path.starts_with(urls::TAGS)
            || path.starts_with(urls::SEARCH)
            || path.starts_with(urls::CHANGES)
            || path.starts_with(urls::GLOSSARY)
        {
            return None;
        }
        if path == "index.html" || path.starts_with(urls::KPIS) {
            return Some(Part::Scorecards);
        }
        match path.strip_prefix(urls::SCORECARDS) {
            Some(rest) => current_month
                .is_some_and(|m| rest.starts_with(m) && rest[m.len()..].starts_with('/'))
                .then_some(Part::Scorecards),
            None => Some(Part::Pages),
        }
    }
}

/// The index's `meta.json`: the format and the parts (the same for every site).
pub fn meta_file() -> OutputFile {
    let parts: Vec<&str> = Part::ALL.iter().map(|p| p.name()).collect();
    json(
        format!("{DIR}meta.json"),
        &serde_json::json!({ "version": VERSION, "parts": parts }),
    )
}

/// The searchable content of the page written at `path` (an `index.html`).
pub fn doc(path: &str, html: &[u8]) -> Doc {
    let url = path.strip_suffix("index.html").unwrap_or(path);
    // Pages are UTF-8 (pitwall wrote them): the plain check is the fast one.
    match std::str::from_utf8(html) {
        Ok(text) => extract::doc(url, text),
        Err(_) => extract::doc(url, &String::from_utf8_lossy(html)),
    }
}

/// A page's text with its terms, counted when first needed (`serve` keeps both between saves).
#[derive(Debug)]
pub struct Indexed {
    pub doc: Doc,
    terms: std::sync::OnceLock<Counted>,
}

impl Indexed {
    pub fn new(doc: Doc) -> Self {
        Indexed {
            doc,
            terms: std::sync::OnceLock::new(),
        }
    }

    fn terms(&self) -> &Counted {
        self.terms.get_or_init(|| count(&self.doc))
    }
}

impl std::hash::Hash for Indexed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.doc.hash(state);
    }
}

/// The key of a part of the index: its pages' content (sorted by URL) and the format.
pub fn key(part: Part, docs: &[Arc<Indexed>]) -> u64 {
    crate::hashing::key(&(VERSION, TITLE, HEADING, WORD_MIN, part.name(), docs))
}

#[derive(Serialize)]
struct Meta<'a> {
    shards: usize,
    pages: Vec<(&'a str, &'a str, &'a str, u32)>,
}

/// The files of one part of the index, of its pages `docs` (sorted by URL).
pub fn index(part: Part, pages: &[Arc<Indexed>]) -> Vec<OutputFile> {
    let dir = format!("{DIR}{}/", part.name());
    // Each page's terms and weights, in parallel (once per page while it is unchanged).
    // One page a unit of work: the pages not counted before lie together (a new month's).
    let counted: Vec<&Counted> = pages
        .par_iter()
        .with_max_len(1)
        .map(|p| p.terms())
        .collect();
    let docs: Vec<&Doc> = pages.iter().map(|p| &p.doc).collect();
    let postings: usize = counted.iter().map(|c| c.terms.len()).sum();
    let shards = (postings * 10 / SHARD_BYTES)
        .clamp(1, 4096)
        .next_power_of_two();
    let mask = (shards - 1) as u32;
    // Every posting into its shard's list in one pass, as small as it gets (each shard is then
    // sorted by term and page, see `shard_json`).
    let mut by_shard: Vec<Vec<(u32, u32)>> = vec![Vec::new(); shards];
    for (page, c) in counted.iter().enumerate() {
        for (at, term) in c.terms.iter().enumerate() {
            by_shard[(term.shard & mask) as usize].push((page as u32, at as u32));
        }
    }
    let meta = Meta {
        shards,
        pages: docs
            .iter()
            .zip(&counted)
            .map(|(d, c)| (d.url.as_str(), d.title.as_str(), d.kind.as_str(), c.length))
            .collect(),
    };
    let mut files = vec![json(format!("{dir}meta.json"), &meta)];
    files.par_extend(
        by_shard
            .into_par_iter()
            .enumerate()
            .map(|(shard, postings)| OutputFile {
                path: format!("{dir}terms/{shard}.json"),
                bytes: shard_json(postings, &counted),
            }),
    );
    // Each page's text in a file of its own: a result page loads the text of the results it
    // shows, and nothing else.
    files.par_extend(docs.par_iter().enumerate().map(|(page, d)| {
        let text: Vec<(&str, &str, &str)> = d
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        json(format!("{dir}text/{page}.json"), &text)
    }));
    files.push(json(format!("{dir}words.json"), &words(&counted)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A page's terms with their weights, and its length in terms (of its text, without the title).
#[derive(Debug, Default)]
pub struct Counted {
    /// The terms' text, one after another (one allocation a page, not one a term).
    text: String,
    terms: Vec<Term>,
    length: u32,
}

impl Counted {
    /// Adds a term: its text goes at the end of the page's.
    fn push(&mut self, text: &str, weight: u32) {
        let hash = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
        self.terms.push(Term {
            start: self.text.len() as u32,
            len: text.len() as u32,
            weight,
            shard: tokens::hash(text),
            key: (hash >> 64) as u64,
            check: hash as u64,
        });
        self.text.push_str(text);
    }

    fn text(&self, term: &Term) -> &str {
        &self.text[term.start as usize..(term.start + term.len) as usize]
    }
}

/// A term of a page, with what the index sorts and shards it by (computed once per page).
#[derive(Debug)]
struct Term {
    /// Where its text is in the page's [`Counted::text`].
    start: u32,
    len: u32,
    weight: u32,
    /// [`tokens::hash`], which picks the shard (the browser computes the same).
    shard: u32,
    /// A 128-bit hash of the text in two halves: postings are sorted by `key`, so that sorting
    /// compares numbers, not strings; terms with the same `key` and `check` are taken to be the
    /// same term (as git takes objects with the same hash to be the same).
    key: u64,
    check: u64,
}

/// A term in a page: the term's key and check, the page's number and the term's place in the
/// page's [`Counted`] terms (a shard is sorted by these alone, without looking up its terms).
type Posting = (u64, u64, u32, u32);

/// A shard's postings, each (page, the term's place in the page's terms), written as
/// `{term: [page, weight, page, weight, …]}`: sorted by term (key, then check: two terms are
/// the same term when both are the same), then page, so that the same pages give the same
/// bytes.
fn shard_json(postings: Vec<(u32, u32)>, counted: &[&Counted]) -> Vec<u8> {
    let mut postings: Vec<Posting> = postings
        .into_iter()
        .map(|(page, at)| {
            let term = &counted[page as usize].terms[at as usize];
            (term.key, term.check, page, at)
        })
        .collect();
    postings.sort_unstable();
    let mut json = Vec::with_capacity(postings.len() * 8 + 2);
    let mut numbers = itoa::Buffer::new();
    json.push(b'{');
    for (i, group) in postings
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .enumerate()
    {
        if i > 0 {
            json.push(b',');
        }
        let (_, _, page, at) = group[0];
        let first = counted[page as usize];
        // Writing a string into memory cannot fail.
        let _ = serde_json::to_writer(&mut json, first.text(&first.terms[at as usize]));
        json.extend_from_slice(b":[");
        for (j, &(_, _, page, at)) in group.iter().enumerate() {
            if j > 0 {
                json.push(b',');
            }
            json.extend_from_slice(numbers.format(page).as_bytes());
            json.push(b',');
            let weight = counted[page as usize].terms[at as usize].weight;
            json.extend_from_slice(numbers.format(weight).as_bytes());
        }
        json.push(b']');
    }
    json.push(b'}');
    json
}

/// The part's words outside the CJK scripts (letters, at least [`WORD_MIN`] long, not all
/// digits), sorted: what a word typed with a typo is matched against.
fn words(counted: &[&Counted]) -> Vec<String> {
    type Set<'a> = std::collections::HashSet<&'a str, foldhash::fast::FixedState>;
    // A term is all CJK or has none (a CJK character ends a word): its first character tells.
    let word = |t: &&str| {
        t.chars().next().is_some_and(|c| !tokens::is_cjk(c))
            && t.chars().count() >= WORD_MIN
            && t.chars().any(char::is_alphabetic)
    };
    let set: Set = counted
        .par_iter()
        .fold(Set::default, |mut set, c| {
            set.extend(c.terms.iter().map(|t| c.text(t)).filter(word));
            set
        })
        .reduce(Set::default, |mut a, b| {
            a.extend(b);
            a
        });
    let mut words: Vec<&str> = set.into_iter().collect();
    words.sort_unstable();
    words.into_iter().map(str::to_owned).collect()
}

fn count(doc: &Doc) -> Counted {
    // CJK characters and pairs are counted by their code points, words by their text: most of a
    // Chinese page's terms are characters and pairs, and this way they are never strings.
    // The maps are each thread's own and kept between pages, cleared: no page grows its own.
    type Maps = (
        HashMap<u64, u32, foldhash::fast::FixedState>,
        HashMap<String, u32, foldhash::fast::FixedState>,
    );
    thread_local! {
        static MAPS: std::cell::RefCell<Maps> = std::cell::RefCell::default();
    }
    MAPS.with_borrow_mut(|(chars, words)| {
        chars.clear();
        words.clear();
        count_into(doc, chars, words)
    })
}

fn count_into(
    doc: &Doc,
    chars: &mut HashMap<u64, u32, foldhash::fast::FixedState>,
    words: &mut HashMap<String, u32, foldhash::fast::FixedState>,
) -> Counted {
    let mut add = |term: tokens::Term<'_>, weight: u32| match (term.code(), term) {
        (Some(code), _) => *chars.entry(code).or_default() += weight,
        (None, tokens::Term::Word(w)) => match words.get_mut(w) {
            Some(n) => *n += weight,
            None => {
                words.insert(w.to_owned(), weight);
            }
        },
        // Not reached: only a word has no code.
        (None, _) => {}
    };
    tokens::terms(&doc.title, |t| add(t, TITLE));
    tokens::terms(&doc.kind, |t| add(t, 1));
    let mut length = 0u32;
    for section in &doc.sections {
        tokens::terms(&section.heading, |t| add(t, HEADING));
        tokens::terms(&section.text, |t| {
            add(t, 1);
            length += 1;
        });
    }
    // Kept until the whole site is counted (and between builds): as compact as it gets.
    let bytes = chars.len() * 6 + words.keys().map(String::len).sum::<usize>();
    let mut counted = Counted {
        text: String::with_capacity(bytes),
        terms: Vec::with_capacity(chars.len() + words.len()),
        length,
    };
    let mut text = String::with_capacity(8);
    for (&code, &weight) in chars.iter() {
        text.clear();
        tokens::Term::of_code(code).write(&mut text);
        counted.push(&text, weight);
    }
    for (text, &weight) in words.iter() {
        counted.push(text, weight);
    }
    counted
}

fn json(path: String, value: &impl Serialize) -> OutputFile {
    OutputFile {
        path,
        // Serialising maps of strings and numbers cannot fail.
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::extract::Section;
    use super::{DIR, Doc, Part, index};

    #[test]
    fn pages_are_searched_in_the_part_that_changes_with_them() {
        let current = Some("2026-10");
        let part = |path: &str| Part::of(path, current);
        assert_eq!(
            part("complaints/delivery-delay/index.html"),
            Some(Part::Pages)
        );
        assert_eq!(part("complaints/index.html"), Some(Part::Pages));
        // What follows the month's figures: the home page's glance, KPI pages, the month.
        assert_eq!(part("index.html"), Some(Part::Scorecards));
        assert_eq!(part("kpis/csi/index.html"), Some(Part::Scorecards));
        assert_eq!(part("kpis/index.html"), Some(Part::Scorecards));
        assert_eq!(
            part("scorecards/2026-10/bj-01/index.html"),
            Some(Part::Scorecards)
        );
        // Left out: older months, files that are not pages, lists of other pages' titles.
        assert_eq!(part("scorecards/2026-09/bj-01/index.html"), None);
        assert_eq!(part("scorecards/2026-100/index.html"), None);
        assert_eq!(part("scorecards/2026-10/rank-csi.svg"), None);
        assert_eq!(part("tags/回访/index.html"), None);
        assert_eq!(part("changes/index.html"), None);
        assert_eq!(part("search/index.html"), None);
        assert_eq!(Part::of("404.html", None), None);
        assert_eq!(Part::of("scorecards/2026-10/index.html", None), None);
    }

    fn page(url: &str, title: &str, text: &str) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            kind: String::new(),
            sections: vec![Section {
                anchor: "a".into(),
                heading: "小节".into(),
                text: text.into(),
            }],
        }
    }

    #[test]
    fn terms_whose_keys_collide_stay_apart() {
        use super::{Counted, shard_json};
        // Every term under the same key: only their checks tell them apart.
        let page = |terms: &[(&str, u32)]| {
            let mut c = Counted::default();
            for (text, weight) in terms {
                c.push(text, *weight);
            }
            for t in &mut c.terms {
                t.key = 7;
            }
            c
        };
        let pages = [
            page(&[("b", 1), ("a", 2)]),
            page(&[("a", 3)]),
            page(&[("b", 4), ("c", 5)]),
        ];
        let counted: Vec<&Counted> = pages.iter().collect();
        let postings = vec![(2, 1), (0, 0), (1, 0), (2, 0), (0, 1)];
        let bytes = shard_json(postings, &counted);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"a": [0, 2, 1, 3], "b": [0, 1, 2, 4], "c": [2, 5]})
        );
        // Each term once, in one order whatever order the postings came in.
        assert_eq!(bytes.iter().filter(|&&b| b == b':').count(), 3);
    }

    #[test]
    fn titles_weigh_more_and_every_term_is_in_its_shard() {
        let docs = [page("a/", "回访", "客户"), page("b/", "投诉", "回访 回访")]
            .map(|d| std::sync::Arc::new(super::Indexed::new(d)));
        let files = index(Part::Pages, &docs);
        let meta: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == format!("{DIR}pages/meta.json"))
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert_eq!(meta["pages"][1][0], "b/");
        let shards = meta["shards"].as_u64().unwrap() as u32;
        let shard = super::tokens::hash("回访") & (shards - 1);
        let terms: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == format!("{DIR}pages/terms/{shard}.json"))
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert_eq!(terms["回访"], serde_json::json!([0, 10, 1, 2]));
        assert_eq!(terms["小节"], serde_json::json!([0, 3, 1, 3]));
        assert!(
            files
                .iter()
                .any(|f| f.path == format!("{DIR}pages/text/0.json")),
            "{:?}",
            files.iter().map(|f| &f.path).collect::<Vec<_>>()
        );
        assert_eq!(
            index(Part::Pages, &docs),
            files,
            "the same pages give the same bytes"
        );
    }
}
