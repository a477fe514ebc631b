//! `site.yaml`: site settings, read strictly (unknown keys are errors) and then resolved.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
pub use crate::language::Language;
use crate::messages::{Msg, Text};
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned, TextAt, position};

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    allow_html: Option<Spanned<yaml::Scalar>>,
    search: Option<Spanned<yaml::Scalar>>,
    review_months: Option<u32>,
    dialogue_customers: Option<Vec<String>>,
    completeness: Option<Spanned<f64>>,
    visibility: Option<Spanned<String>>,
    audiences: Option<Vec<Spanned<String>>>,
    precompress: Option<Spanned<String>>,
}

/// Who may read the site: an internal site (the default) is kept out of search engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Internal,
    Public,
}

/// An audience as `site.yaml` declares it (`network`, `region:华东`, `region:*`,
/// `outlet:sh-01`, `outlet:*`), with its position; checked against the outlets by
/// [`crate::data::audience`].
#[derive(Debug, Clone, Serialize)]
pub struct DeclaredAudience {
    pub text: String,
    #[serde(skip)]
    pub at: Option<crate::diagnostic::Position>,
}

/// Resolved site settings.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Absolute base URL with a trailing slash, used only where absolute URLs are required
    /// (the sitemap); every link in pages is relative.
    pub base_url: Option<String>,
    pub language: Language,
    pub theme: String,
    /// Where `theme:` is written, for an error when its folder is missing.
    #[serde(skip)]
    pub theme_at: Option<crate::diagnostic::Position>,
    /// Lets raw HTML in Markdown through. Off by default: a `<script>` in a playbook must not
    /// run in staff's browsers unless the site owner opted in.
    pub allow_html: bool,
    /// Build the client-side search index (on by default).
    pub search: bool,
    /// The compressed copies written beside each text file, for a web server to send as they
    /// are (`precompress: gzip`, `brotli` or both; nginx `gzip_static`, Caddy `precompressed`).
    pub precompress: Precompress,
    /// How long after `updated` a page scaffolded by `pitwall new` is due for review.
    pub review_months: u32,
    /// Speakers in dialogue blocks who are the customer (a speaker whose name holds one).
    pub dialogue_customers: Vec<String>,
    /// Percent of a month's outlet × KPI cells (or of one outlet's KPIs) with data below which
    /// the month (or the outlet) carries a note that its figures are incomplete.
    pub completeness: f64,
    /// `internal` (default): every page carries `noindex`, `robots.txt` disallows everything.
    pub visibility: Visibility,
    /// The audiences `pitwall build --audience all` builds, in the order declared.
    pub audiences: Vec<DeclaredAudience>,
}

/// Who is the customer in a dialogue unless `site.yaml` says otherwise.
pub const DIALOGUE_CUSTOMERS: [&str; 4] = ["客户", "车主", "顾客", "Customer"];

impl Default for Config {
    fn default() -> Self {
        Config {
            title: crate::i18n::table(Language::ZhCn)["default_site_title"].to_owned(),
            description: None,
            base_url: None,
            language: Language::ZhCn,
            theme: "default".to_owned(),
            theme_at: None,
            allow_html: false,
            search: true,
            precompress: Precompress::default(),
            review_months: 12,
            dialogue_customers: DIALOGUE_CUSTOMERS.map(str::to_owned).to_vec(),
            completeness: 90.0,
            visibility: Visibility::Internal,
            audiences: Vec::new(),
        }
    }
}

/// Hosts where anyone can read what is published: GitHub, GitLab and Gitee Pages, Cloudflare
/// Pages, Netlify, Vercel.
const PUBLIC_HOSTS: [&str; 6] = [
    ".github.io",
    ".gitlab.io",
    ".gitee.io",
    ".pages.dev",
    ".netlify.app",
    ".vercel.app",
];

/// Whether `url` is on a host that publishes to everyone.
fn public_host(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    PUBLIC_HOSTS.iter().any(|suffix| host.ends_with(suffix))
}

/// Reads `site.yaml` (if any); `base_url_override` comes from `--base-url`.
pub fn parse(
    source: Option<&SourceFile>,
    base_url_override: Option<&str>,
) -> (Config, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let raw = match source {
        None => RawConfig::default(),
        Some(source) if source.text.trim().is_empty() => RawConfig::default(),
        Some(source) => match yaml::from_str::<RawConfig>(&source.text) {
            Ok(raw) => raw,
            Err(e) => {
                errors.push(e.to_diagnostic(Code::Config, &source.path, 0));
                RawConfig::default()
            }
        },
    };
    let path = source.map_or("site.yaml", |s| s.path.as_str());
    let mut config = Config::default();
    let languages = [
        ("zh-CN", Language::ZhCn),
        ("zh", Language::ZhCn),
        ("zh-Hans", Language::ZhCn),
        ("en", Language::En),
        ("en-US", Language::En),
        ("en-GB", Language::En),
    ];
    let invalid = |other: &str| msg!(LanguageUnsupported, language = other);
    let hint = Msg::LanguageUnsupportedHint;
    if let Some(language) = one_of(&raw.language, &languages, invalid, hint, path, &mut errors) {
        config.language = language;
    }
    // Without a title of its own, the site gets the default one in its language.
    config.title = raw
        .title
        .unwrap_or_else(|| crate::i18n::table(config.language)["default_site_title"].to_owned());
    config.description = raw.description;
    // Only `true` or `false`: a quoted "yes" or "on" is text, and must not turn raw HTML on.
    let mut switch = |value: &Option<Spanned<yaml::Scalar>>, key: &str, default: bool| match value
        .as_ref()
        .map(|v| (&v.value, v))
    {
        None => default,
        Some((yaml::Scalar::Bool(b), _)) => *b,
        Some((other, at)) => {
            let text = match other {
                yaml::Scalar::Number(n) => n.to_string(),
                yaml::Scalar::Text(t) => format!("\"{t}\""),
                yaml::Scalar::Bool(b) => b.to_string(),
            };
            errors.push(
                Diagnostic::error(
                    Code::Config,
                    path,
                    position(at, 0),
                    msg!(SwitchNotBool, key = key, value = text),
                )
                .with_hint(msg!(SwitchNotBoolHint, key = key)),
            );
            default
        }
    };
    config.allow_html = switch(&raw.allow_html, "allow_html", false);
    config.search = switch(&raw.search, "search", true);
    config.review_months = raw.review_months.unwrap_or(12);
    if let Some(customers) = raw.dialogue_customers {
        config.dialogue_customers = customers;
    }
    if let Some(completeness) = &raw.completeness {
        if (0.0..=100.0).contains(&completeness.value) {
            config.completeness = completeness.value;
        } else {
            errors.push(
                Diagnostic::error(
                    Code::Config,
                    path,
                    position(completeness, 0),
                    msg!(CompletenessInvalid, value = completeness.value),
                )
                .with_hint(Msg::CompletenessInvalidHint),
            );
        }
    }
    if let Some(key) = &raw.precompress {
        match Precompress::parse(&key.value) {
            Ok(precompress) => config.precompress = precompress,
            Err((word, at)) => {
                // At the word itself: `gzip, zstd` is wrong at `zstd`.
                let place = source
                    .and_then(|s| TextAt::of(&s.text, key))
                    .map(|value| value.place(crate::source::Position::new(1, at + 1)))
                    .or_else(|| position(key, 0));
                errors.push(
                    Diagnostic::error(
                        Code::Config,
                        path,
                        place,
                        msg!(PrecompressInvalid, value = word),
                    )
                    .with_hint(Msg::PrecompressInvalidHint),
                );
            }
        }
    }
    let invalid = |other: &str| msg!(VisibilityInvalid, value = other);
    let hint = Msg::VisibilityInvalidHint;
    let choices = [
        ("internal", Visibility::Internal),
        ("public", Visibility::Public),
    ];
    if let Some(visibility) = one_of(&raw.visibility, &choices, invalid, hint, path, &mut errors) {
        config.visibility = visibility;
    }
    config.audiences = raw
        .audiences
        .unwrap_or_default()
        .iter()
        .map(|a| DeclaredAudience {
            text: a.value.trim().to_owned(),
            at: position(a, 0),
        })
        .collect();
    if let Some(theme) = &raw.theme {
        let valid = !theme.value.is_empty()
            && theme
                .value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if valid {
            config.theme = theme.value.clone();
            config.theme_at = position(theme, 0);
        } else {
            errors.push(
                Diagnostic::error(
                    Code::Config,
                    path,
                    position(theme, 0),
                    msg!(ThemeInvalid, theme = theme.value),
                )
                .with_hint(Msg::ThemeInvalidHint),
            );
        }
    }
    let base_url = base_url_override
        .map(str::to_owned)
        .or_else(|| raw.base_url.as_ref().map(|b| b.value.clone()));
    if let Some(url) = &base_url
        && config.visibility == Visibility::Internal
        && public_host(url)
    {
        let at = raw
            .base_url
            .as_ref()
            .filter(|_| base_url_override.is_none())
            .and_then(|b| position(b, 0));
        errors.push(
            Diagnostic::warning(
                Code::PublicHost,
                path,
                at,
                msg!(PublicHost, what = Msg::PublicHostBaseUrl),
            )
            .with_hint(Msg::PublicHostHint),
        );
    }
    if let Some(url) = base_url {
        if url.starts_with("https://") || url.starts_with("http://") {
            config.base_url = Some(if url.ends_with('/') {
                url
            } else {
                format!("{url}/")
            });
        } else {
            let at = raw
                .base_url
                .as_ref()
                .filter(|_| base_url_override.is_none())
                .and_then(|b| position(b, 0));
            errors.push(
                Diagnostic::error(Code::Config, path, at, msg!(BaseUrlInvalid, url = url))
                    .with_hint(Msg::BaseUrlInvalidHint),
            );
        }
    }
    (config, errors)
}

/// Which compressed copies `build` writes beside each text file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Precompress {
    /// `index.html.gz`.
    pub gzip: bool,
    /// `index.html.br`.
    pub brotli: bool,
}

impl Precompress {
    pub fn any(self) -> bool {
        self.gzip || self.brotli
    }

    /// `gzip`, `brotli` (or `br`), both (`gzip brotli`, `gzip, brotli`, `gzip，brotli`), or
    /// `none`; `Err` names the first word that is none of these (or the whole value) and the
    /// character of the value it starts at.
    fn parse(value: &str) -> Result<Precompress, (String, u32)> {
        let mut precompress = Precompress::default();
        let words: Vec<&str> = value
            .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Err((value.to_owned(), 0));
        }
        for word in &words {
            match word.to_ascii_lowercase().as_str() {
                "gzip" => precompress.gzip = true,
                "brotli" | "br" => precompress.brotli = true,
                "none" if words.len() == 1 => {}
                // `gzip none`: neither, said as written.
                "none" => return Err((value.to_owned(), 0)),
                _ => {
                    let byte = word.as_ptr().addr() - value.as_ptr().addr();
                    let at = value[..byte].chars().count();
                    return Err(((*word).to_owned(), u32::try_from(at).unwrap_or(0)));
                }
            }
        }
        Ok(precompress)
    }
}

/// The value a key names among `choices` (its words and what each means); any other word is a
/// `config` error at it (`invalid` says so, `hint` what to write). `None` without the key.
fn one_of<T: Copy>(
    key: &Option<Spanned<String>>,
    choices: &[(&str, T)],
    invalid: impl Fn(&str) -> Text,
    hint: Msg,
    path: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    let key = key.as_ref()?;
    let found = choices
        .iter()
        .find(|(word, _)| *word == key.value)
        .map(|&(_, value)| value);
    if found.is_none() {
        errors.push(
            Diagnostic::error(Code::Config, path, position(key, 0), invalid(&key.value))
                .with_hint(hint),
        );
    }
    found
}
