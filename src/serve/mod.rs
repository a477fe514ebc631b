//! `pitwall serve`: build, serve from memory on loopback, rebuild on change, reload open pages.
//!
//! The site is held in memory and served by path lookup only, so no request can reach a file
//! outside the site. Only `GET` and `HEAD` are answered (anything else: 405), and a redirect
//! always names a path on this server, never `//host`. A failed rebuild keeps serving the last
//! good site and shows the diagnostics over it (and in the terminal); the next good build
//! clears them. Problems with the machine (no such root, the port taken) exit with status 2.

mod connections;
mod reload;
mod warnings;
mod watch;

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch as channel;

use crate::config::Language;
use crate::diagnostic::Report;
use crate::messages::{Msg, Text};
use crate::msg;
use crate::pipeline::{self, Options, Outcome};
use crate::render::search::Part;

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
    /// Language of the terminal lines (`--lang`, else the site's).
    pub language: Language,
}

/// The site as currently served.
#[derive(Default)]
pub struct Served {
    files: HashMap<String, Arc<[u8]>>,
    /// Diagnostics of the last build when it failed (human text), shown over the last good site.
    errors: Option<String>,
    generation: u64,
}

type Shared = Arc<RwLock<Served>>;

/// Exit status for problems with the machine rather than the site (as for usage errors).
const ENVIRONMENT_ERROR: u8 = 2;

pub fn serve(options: ServeOptions) -> std::process::ExitCode {
    // Once, at start: the watcher reports absolute paths, which a relative root (the default
    // `.`) never prefixes, so every edit would be ignored.
    let root = match std::fs::canonicalize(&options.root) {
        Ok(root) if root.is_dir() => root,
        _ => {
            say_error(
                options.language,
                msg!(ServeNoRoot, root = options.root.display()),
                Some(Msg::ServeNoRootHint.into()),
            );
            return std::process::ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    let options = ServeOptions { root, ..options };
    let address = SocketAddr::new(options.bind, options.port);
    let listener = match std::net::TcpListener::bind(address) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            say_error(
                options.language,
                msg!(PortInUse, port = options.port, bind = options.bind),
                Some(msg!(PortInUseHint, next = options.port.wrapping_add(1))),
            );
            return std::process::ExitCode::from(ENVIRONMENT_ERROR);
        }
        Err(e) => {
            say_error(
                options.language,
                msg!(
                    CannotListen,
                    port = options.port,
                    bind = options.bind,
                    reason = e
                ),
                Some(Msg::CannotListenHint.into()),
            );
            return std::process::ExitCode::from(ENVIRONMENT_ERROR);
        }
    };
    if !options.bind.is_loopback() {
        let text = msg!(ServeReachable, address = address).render(options.language);
        eprintln!("warning: {text}");
    }
    let shared: Shared = Arc::new(RwLock::new(Served::default()));
    let (notify, _) = channel::channel(0u64);
    let notify = Arc::new(notify);
    // Watch before the first build: an edit saved while it runs still triggers a rebuild.
    if let Err(e) = watch::spawn(options.clone(), shared.clone(), notify.clone()) {
        let text = msg!(NoWatch, reason = e).render(options.language);
        eprintln!("warning: {text}");
    }
    rebuild(&options, &shared, &notify, &[]);
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let url = format!("http://{}:{port}/", options.bind);
    eprintln!("{}", msg!(Serving, url = url).render(options.language));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            say_error(options.language, msg!(ServerStart, reason = e), None);
            return std::process::ExitCode::from(1);
        }
    };
    let language = options.language;
    let result = runtime.block_on(async move {
        let _ = listener.set_nonblocking(true);
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route("/__pitwall/events", axum::routing::get(reload::events))
            .fallback(handle)
            .layer(axum::middleware::from_fn(only_this_computer))
            .with_state(AppState { shared, notify });
        connections::accept(listener, app).await
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            say_error(language, msg!(ServerStopped, reason = e), None);
            std::process::ExitCode::from(1)
        }
    }
}

/// `error: message` and `  = help: hint`, as diagnostics print them.
fn say_error(language: Language, message: Text, hint: Option<Text>) {
    eprintln!("error: {}", message.render(language));
    if let Some(hint) = hint {
        let help = Msg::Help.template(language);
        eprintln!("  = {help}: {}", hint.render(language));
    }
}

#[derive(Clone)]
pub(crate) struct AppState {
    shared: Shared,
    notify: Arc<channel::Sender<u64>>,
}

/// What rebuilds reuse from the build before (one site per process).
fn cache() -> Arc<crate::cache::BuildCache> {
    static CACHE: std::sync::OnceLock<Arc<crate::cache::BuildCache>> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default).clone()
}

/// What a preview build is asked to do: the site as it is today, in memory, collecting the
/// pages' searchable text (the index is made afterwards), reusing `cache`.
fn build_options(options: &ServeOptions, cache: Arc<crate::cache::BuildCache>) -> Options {
    Options {
        root: options.root.clone(),
        base_url: None,
        drafts: options.drafts,
        month: None,
        today: pipeline::today(),
        progress: false,
        search_index: true,
        search_docs: Some(search_docs()),
        cache: Some(cache),
        cache_dir: None,
        language: None,
        keep: true,
        audience: None,
        clean: false,
    }
}

/// One build at a time, so that a slower, older build never replaces a newer one.
static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The model and templates of the last good build, for [`pipeline::render_saved`].
static KEPT: std::sync::Mutex<Option<Arc<pipeline::Kept>>> = std::sync::Mutex::new(None);

/// Runs the pipeline and swaps the served site (or records the errors); tells open pages when
/// what they show changed. When only the bodies of pages in `changed` changed, those pages are
/// rendered and shown first (see [`pipeline::render_saved`]), then the whole site is built.
fn rebuild(
    options: &ServeOptions,
    shared: &Shared,
    notify: &channel::Sender<u64>,
    changed: &[PathBuf],
) {
    let _one_at_a_time = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let shown = show_saved(options, shared, notify, changed, started);
    let sink = crate::output::MemorySink::default();
    // The pages first; the index is made afterwards on a thread of its own from the text the
    // build collected (see `index_in_background`), so search is current shortly after.
    let outcome: Outcome = pipeline::run(&build_options(options, cache()), &sink);
    let text = warnings::new_text(&outcome.report, &outcome.sources);
    if !text.is_empty() {
        eprint!("{text}");
    }
    *KEPT.lock().unwrap_or_else(|e| e.into_inner()) = outcome.kept.clone();
    let Ok(mut served) = shared.write() else {
        return;
    };
    let mut unchanged = false;
    match outcome.rendered.then(|| sink.into_files()) {
        Some(files) => {
            let fresh = keep_search_index(
                files
                    .into_iter()
                    .map(|f| (f.path, Arc::from(f.bytes)))
                    .collect(),
                &served.files,
            );
            unchanged = served.errors.is_none() && fresh == served.files;
            served.files = fresh;
            served.errors = None;
            let text = msg!(
                Rebuilt,
                ms = started.elapsed().as_millis(),
                phases = outcome.stats.phase_summary(options.language)
            );
            eprintln!("{}", text.render(options.language));
        }
        None => {
            // The last good site is served again: without the pages shown first.
            for (path, bytes) in shown {
                match bytes {
                    Some(bytes) => served.files.insert(path, bytes),
                    None => served.files.remove(&path),
                };
            }
            served.errors = Some(summary(&outcome.report, &outcome.sources));
            eprintln!("{}", Msg::RebuildFailed.template(options.language));
        }
    }
    // Open pages reload only when what is served changed (not, say, after a saved page shown
    // first comes out of the whole build the same).
    if !unchanged {
        served.generation += 1;
        notify.send_replace(served.generation);
    }
    if let (true, Some(docs)) = (outcome.rendered, &outcome.search) {
        drop(served);
        let parts = crate::render::search::Part::ALL.map(|part| (part, docs.known_docs(part)));
        index_in_background(parts, shared);
    }
}

/// Shows the pages saved in `changed` at once, rendered with the last good build's model, when
/// that is all that changed and the site served has no errors; returns what they replaced (to
/// be put back should the whole build fail).
fn show_saved(
    options: &ServeOptions,
    shared: &Shared,
    notify: &channel::Sender<u64>,
    changed: &[PathBuf],
    started: Instant,
) -> Vec<(String, Option<Arc<[u8]>>)> {
    if changed.is_empty() {
        return Vec::new();
    }
    let kept = KEPT.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let Some(files) = kept.and_then(|kept| pipeline::render_saved(&kept, changed)) else {
        return Vec::new();
    };
    let Ok(mut served) = shared.write() else {
        return Vec::new();
    };
    if served.errors.is_some() {
        return Vec::new();
    }
    let replaced = files
        .into_iter()
        .map(|file| {
            let before = served
                .files
                .insert(file.path.clone(), Arc::from(file.bytes));
            (file.path, before)
        })
        .collect();
    served.generation += 1;
    notify.send_replace(served.generation);
    let text = msg!(SavedShown, ms = started.elapsed().as_millis());
    eprintln!("{}", text.render(options.language));
    replaced
}

/// The pages' searchable text from the previous build, so that a save reads only the pages
/// whose bytes changed, and counts only their terms.
fn search_docs() -> Arc<crate::render::search::DocStore> {
    static DOCS: std::sync::OnceLock<Arc<crate::render::search::DocStore>> =
        std::sync::OnceLock::new();
    DOCS.get_or_init(|| Arc::new(crate::render::search::DocStore::later()))
        .clone()
}

/// The latest index run asked for; an older one that has not started yet is skipped.
static INDEX_WANTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static INDEXING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Makes the parts of the search index of a build's pages on its own thread and swaps their
/// files into the served site, so a save shows the page at once and search is current a moment
/// later. A part is made only when its pages' text is not that of the part served.
fn index_in_background(
    parts: [(Part, Vec<Arc<crate::render::search::Indexed>>); 2],
    shared: &Shared,
) {
    use crate::render::search;
    use std::sync::atomic::{AtomicU64, Ordering};
    static SERVED_KEYS: [AtomicU64; 2] = [AtomicU64::new(0), AtomicU64::new(0)];
    let mine = INDEX_WANTED.fetch_add(1, Ordering::SeqCst) + 1;
    let shared = shared.clone();
    std::thread::spawn(move || {
        let _one_at_a_time = INDEXING.lock().unwrap_or_else(|e| e.into_inner());
        if INDEX_WANTED.load(Ordering::SeqCst) != mine {
            return;
        }
        for (i, (part, docs)) in parts.iter().enumerate() {
            let key = search::key(*part, docs);
            if SERVED_KEYS[i].load(Ordering::SeqCst) == key {
                continue;
            }
            let files = search::index(*part, docs);
            let Ok(mut served) = shared.write() else {
                return;
            };
            let dir = format!("{}{}/", search::DIR, part.name());
            served.files.retain(|path, _| !path.starts_with(&dir));
            for file in files.into_iter().chain([search::meta_file()]) {
                served.files.insert(file.path, Arc::from(file.bytes));
            }
            SERVED_KEYS[i].store(key, Ordering::SeqCst);
        }
    });
}

/// The files of a new build, which has no search index: the index of the build before is
/// served until the new one is ready.
fn keep_search_index(
    mut fresh: HashMap<String, Arc<[u8]>>,
    previous: &HashMap<String, Arc<[u8]>>,
) -> HashMap<String, Arc<[u8]>> {
    for (path, bytes) in previous {
        if path.starts_with(crate::model::outputs::SEARCH_INDEX_DIR) {
            fresh.entry(path.clone()).or_insert_with(|| bytes.clone());
        }
    }
    fresh
}

/// The overlay's text: a heading line, then the counts and every problem, errors first, in the
/// report's language.
fn summary(report: &Report, sources: &BTreeMap<String, Arc<str>>) -> String {
    let errors = report.count(crate::diagnostic::Severity::Error);
    let warnings = report.count(crate::diagnostic::Severity::Warning);
    format!(
        "{}\n{}\n\n{}",
        crate::messages::Msg::OverlayHeading.template(report.language),
        msg!(OverlaySummary, errors = errors, warnings = warnings).render(report.language),
        report.render_human_errors_first(sources)
    )
}

/// Answers only requests whose `Host` is a loopback name or an IP address. A page on another
/// site whose name an attacker points at 127.0.0.1 (DNS rebinding) sends its own name as the
/// host, and gets nothing.
async fn only_this_computer(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if local_host(host) {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "forbidden: the preview answers requests for localhost or an IP address only\n",
        )
            .into_response()
    }
}

/// `localhost`, `127.0.0.1`, `[::1]`, any IP address, with or without a port.
fn local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]:1111`
        Some(rest) => {
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Serves one path from memory to `GET` and `HEAD`. Paths that climb (`..`, encoded or not) are
/// refused.
async fn handle(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed: the preview answers GET and HEAD only\n",
        )
            .into_response();
    }
    let response = respond(&state, &uri);
    if method == Method::HEAD {
        let (mut parts, body) = response.into_parts();
        if let Some(length) = axum::body::HttpBody::size_hint(&body).exact() {
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        return Response::from_parts(parts, Body::empty());
    }
    response
}

fn respond(state: &AppState, uri: &Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let Ok(served) = state.shared.read() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let (status, path, bytes) = match served.files.get(&path) {
        Some(bytes) => (StatusCode::OK, path, bytes.clone()),
        None => match served.files.get(&format!("{path}/index.html")) {
            Some(_) => {
                return (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, folder_location(&path, uri.query()))],
                )
                    .into_response();
            }
            None => match served.files.get("404.html") {
                Some(bytes) => (StatusCode::NOT_FOUND, "404.html".to_owned(), bytes.clone()),
                None => return (StatusCode::NOT_FOUND, "not found").into_response(),
            },
        },
    };
    let mime = mime_of(&path);
    let body = if mime.starts_with("text/html") {
        Body::from(reload::inject(
            &bytes,
            served.generation,
            served.errors.as_deref(),
        ))
    } else {
        Body::from(bytes.to_vec())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where a folder asked for without its final slash lives: built from the normalised site path
/// (never from the request, whose `//host/...` a browser would read as another server), with
/// every byte outside the plain URL characters percent-encoded.
fn folder_location(site_path: &str, query: Option<&str>) -> String {
    let mut location = String::from("/");
    for byte in site_path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            location.push(char::from(byte));
        } else {
            location.push_str(&format!("%{byte:02X}"));
        }
    }
    location.push('/');
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    location
}

/// The output path for a request path: percent-decoded, `index.html` for folders, and `None`
/// for anything that is not a plain relative path (`..`, backslashes, NUL, bad encoding).
pub fn site_path(request: &str) -> Option<String> {
    let decoded = percent_decode(request)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// The decoded request path; `None` when a `%` is not followed by two hex digits (a malformed
/// request, not a literal `%`) or the bytes are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let malformed = text.match_indices('%').any(|(i, _)| {
        !text
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

fn mime_of(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::{folder_location, keep_search_index, site_path};

    #[test]
    fn request_paths_are_decoded_strictly() {
        use super::percent_decode;
        assert_eq!(percent_decode("tags/%E5%9B%9E").as_deref(), Some("tags/回"));
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("a%zz"), None);
        assert_eq!(percent_decode("%FF"), None);
        assert_eq!(percent_decode("plain").as_deref(), Some("plain"));
    }

    #[test]
    fn rebuilds_keep_serving_the_previous_index() {
        let file = |path: &str, text: &str| (path.to_owned(), Arc::<[u8]>::from(text.as_bytes()));
        let previous: HashMap<String, Arc<[u8]>> = [
            file("index.html", "old"),
            file("search/data/meta.json", "{}"),
        ]
        .into();
        let fresh: HashMap<String, Arc<[u8]>> = [file("index.html", "new")].into();
        let served = keep_search_index(fresh, &previous);
        assert_eq!(&*served["index.html"], b"new");
        assert_eq!(&*served["search/data/meta.json"], b"{}");
    }

    #[test]
    fn request_paths_never_climb() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/training/").as_deref(),
            Some("training/index.html")
        );
        assert_eq!(
            site_path("/tags/%E5%9B%9E%E8%AE%BF/").as_deref(),
            Some("tags/回访/index.html")
        );
        assert_eq!(
            site_path("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_path("/a/..%2f..%2fsecret"), None);
        assert_eq!(site_path("/a%5c..%5csecret"), None);
        assert_eq!(site_path("/%zz"), None);
        assert_eq!(site_path("//training").as_deref(), Some("training"));
        assert_eq!(site_path("/%2F%2Fevil.com").as_deref(), Some("evil.com"));
        assert_eq!(site_path("/\\evil.com"), None);
        assert_eq!(site_path("/..%2f.."), None);
    }

    #[test]
    fn redirects_name_a_path_on_this_server() {
        assert_eq!(folder_location("training", None), "/training/");
        assert_eq!(
            folder_location("tags/回访", Some("q=1")),
            "/tags/%E5%9B%9E%E8%AE%BF/?q=1"
        );
        assert_eq!(folder_location("a b%", None), "/a%20b%25/");
    }
}
