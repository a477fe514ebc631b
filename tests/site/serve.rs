//! `pitwall serve`: serves the site, rebuilds on change (also started the way users start it:
//! from the site folder, with no or a relative `--root`), keeps the last good site on a broken
//! edit, refuses paths outside the site, answers GET and HEAD only, redirects only on this host.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::fixture::Site;

struct Server {
    child: Child,
    port: u16,
    /// What it said on stderr after it started serving, line by line.
    said: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Waits until it has said `n` lines containing `what`; returns everything it said.
    fn wait_until_said(&self, what: &str, n: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let said = self.said.lock().unwrap().clone();
            if said.iter().filter(|l| l.contains(what)).count() >= n {
                return said;
            }
            assert!(
                Instant::now() < deadline,
                "never said {what:?} {n} times: {said:#?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    let root = site.root().to_string_lossy().into_owned();
    start_in(site.root(), &["--root", &root])
}

/// Starts `pitwall serve --port 0` in `dir` with more arguments (none: the site is `dir`).
fn start_in(dir: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start serve");
    let stderr = child.stderr.take().unwrap();
    // Owned by the guard at once, so the process is killed and reaped even if startup fails.
    let mut server = Server {
        child,
        port: 0,
        said: Default::default(),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve did not start");
        if let Some((_, rest)) = line.split_once("http://127.0.0.1:") {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            let said = server.said.clone();
            std::thread::spawn(move || {
                while let Ok(line) = rx.recv() {
                    said.lock().unwrap().push(line);
                }
            });
            server.port = port;
            return server;
        }
    }
}

/// A raw HTTP/1.1 GET, so that the path is sent exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    request(port, "GET", path)
}

/// A raw HTTP/1.1 request: status and the whole response (head and body) as text.
fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    request_to(port, method, path, "localhost")
}

/// A request naming `host` in its `Host` header.
fn request_to(port: u16, method: &str, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn wait_for(port: u16, path: &str, what: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(port, path);
        if what(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting on {path}; last response:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_and_rebuilds_on_change() {
    let site = Site::minimal();
    let server = start(&site);
    let (status, body) = get(server.port, "/complaints/delivery-delay/");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<h1>交车延迟</h1>"));
    assert!(
        body.contains("/__pitwall/events"),
        "live reload client injected"
    );
    let (status, _) = get(server.port, "/scorecards/2026-10/scorecard.csv");
    assert_eq!(status, 200);

    let text =
        std::fs::read_to_string(site.root().join("content/complaints/delivery-delay.md")).unwrap();
    site.write(
        "content/complaints/delivery-delay.md",
        &text.replace("title: 交车延迟", "title: 交车延迟处理"),
    );
    wait_for(server.port, "/complaints/delivery-delay/", |b| {
        b.contains("<h1>交车延迟处理</h1>")
    });
    // The line after each build says its phases in the site's language.
    let said = server.wait_until_said("已重新生成", 1);
    let line = said.iter().find(|l| l.contains("已重新生成")).unwrap();
    assert!(
        line.contains("（读取 ") && line.contains("，解析与建模 ") && !line.contains("load"),
        "{line}"
    );
}

#[test]
fn broken_edit_keeps_the_last_good_page_and_shows_errors() {
    let site = Site::minimal();
    let server = start(&site);
    site.write(
        "content/complaints/delivery-delay.md",
        "---\ntitle: 交车延迟\nkind: complaint-script\nseverity: 很严重\n---\n",
    );
    let body = wait_for(server.port, "/complaints/delivery-delay/", |b| {
        b.contains("pitwall-errors")
    });
    assert!(
        body.contains("<h1>交车延迟</h1>"),
        "last good page still served"
    );
    assert!(
        body.contains("pitwall：最近一次修改未能生成") && body.contains("1 个错误"),
        "the overlay speaks the site's language: {body}"
    );
    assert!(
        body.contains("content/complaints/delivery-delay.md:4:11: error: `很严重` 不是投诉级别"),
        "{body}"
    );

    site.write(
        "content/complaints/delivery-delay.md",
        "---\ntitle: 交车延迟（已修复）\n---\n## 场景\n\n正文。\n",
    );
    let body = wait_for(server.port, "/complaints/delivery-delay/", |b| {
        b.contains("已修复")
    });
    assert!(
        !body.contains("pitwall-errors"),
        "fixing the edit clears the overlay"
    );
}

#[test]
fn paths_outside_the_site_are_refused() {
    let site = Site::minimal();
    std::fs::write(site.root().join("secret.txt"), "top secret").unwrap();
    let server = start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/content/_index.md",
        "/site.yaml",
    ] {
        let (status, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("top secret") && !body.contains("售后知识库\n"),
            "{path} leaked: {body}"
        );
    }
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = Site::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: port {port} on 127.0.0.1 is already in use"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`--port`"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
}

#[test]
fn a_missing_site_folder_is_a_clear_error() {
    let site = Site::minimal();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["serve", "--port", "0", "--root", "no-such-site"])
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: a server that starts anyway is killed and the test fails.
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    assert_eq!(status.and_then(|s| s.code()), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: 站点文件夹 `no-such-site` 不存在"),
        "{stderr}"
    );
}

/// Renames `content/complaints/delivery-delay.md`'s title and waits for the served page.
fn edit_title_and_wait(site: &Site, server: &Server, title: &str) {
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let old = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    site.write(path, &text.replacen(old, &format!("title: {title}"), 1));
    wait_for(server.port, "/complaints/delivery-delay/", |b| {
        b.contains(&format!("<h1>{title}</h1>"))
    });
}

#[test]
fn started_from_the_site_folder_it_rebuilds_on_change() {
    // As the README shows it: `cd site && pitwall serve`.
    let site = Site::minimal();
    let server = start_in(site.root(), &[]);
    edit_title_and_wait(&site, &server, "交车延迟（默认目录）");
}

#[test]
fn a_relative_root_rebuilds_on_change() {
    let site = Site::minimal();
    let parent = site.root().parent().unwrap();
    let name = site
        .root()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let server = start_in(parent, &["--root", &name]);
    edit_title_and_wait(&site, &server, "交车延迟（相对路径）");
}

#[test]
fn a_content_folder_deleted_and_recreated_is_watched_again() {
    let site = Site::minimal();
    let server = start_in(site.root(), &[]);
    // As a `git checkout` does: the folder goes away and a new one comes back.
    let content = site.root().join("content");
    let saved = site.root().join("content-saved");
    copy_tree(&content, &saved);
    std::fs::remove_dir_all(&content).unwrap();
    wait_for(server.port, "/complaints/delivery-delay/", |b| {
        b.contains("pitwall-errors")
    });
    copy_tree(&saved, &content);
    wait_for(server.port, "/complaints/delivery-delay/", |b| {
        !b.contains("pitwall-errors")
    });
    edit_title_and_wait(&site, &server, "交车延迟（重建之后）");

    // Renamed away and back.
    std::fs::rename(&content, saved.with_extension("moved")).unwrap();
    wait_for(server.port, "/complaints/delivery-delay/", |b| {
        b.contains("pitwall-errors")
    });
    std::fs::rename(saved.with_extension("moved"), &content).unwrap();
    wait_for(server.port, "/complaints/delivery-delay/", |b| {
        !b.contains("pitwall-errors")
    });
    edit_title_and_wait(&site, &server, "交车延迟（改名之后）");
}

#[test]
fn folders_created_after_start_are_watched() {
    let site = Site::minimal();
    assert!(!site.root().join("static").exists());
    let server = start_in(site.root(), &[]);
    // The site's own robots.txt replaces the one pitwall makes (`Disallow: /`).
    site.write("static/robots.txt", "User-agent: *\nAllow: /\n");
    wait_for(server.port, "/robots.txt", |b| b.contains("Allow: /"));
    site.write("static/robots.txt", "User-agent: pitwall\n");
    wait_for(server.port, "/robots.txt", |b| {
        b.contains("User-agent: pitwall")
    });
    site.write("site.yaml", "title: 新标题\n");
    wait_for(server.port, "/", |b| b.contains("新标题"));
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn redirects_never_leave_this_server() {
    let site = Site::minimal();
    let server = start(&site);
    let (status, response) = get(server.port, "/training");
    assert_eq!(status, 301, "{response}");
    assert!(location(&response) == Some("/training/"), "{response}");
    let (status, response) = get(server.port, "//training");
    assert_eq!(status, 301, "{response}");
    assert_eq!(location(&response), Some("/training/"), "{response}");
    for path in [
        "//evil.com",
        "///evil.com",
        "/\\evil.com",
        "/%2F%2Fevil.com",
        "/%5C%5Cevil.com",
        "/..%2f..",
        "//evil.com/%2e%2e",
    ] {
        let (status, response) = get(server.port, path);
        assert!(matches!(status, 400 | 404), "{path}: {response}");
        assert_eq!(location(&response), None, "{path}: {response}");
    }
    // Whatever the request, a redirect names one path on this server.
    let (_, response) = get(server.port, "//training?x=//evil.com");
    let target = location(&response).unwrap();
    assert!(target.starts_with("/training/"), "{target}");
}

fn location(response: &str) -> Option<&str> {
    let head = response.split("\r\n\r\n").next().unwrap_or("");
    head.lines().find_map(|l| {
        l.strip_prefix("location: ")
            .or_else(|| l.strip_prefix("Location: "))
    })
}

#[test]
fn only_get_and_head_are_answered() {
    let site = Site::minimal();
    let server = start(&site);
    for method in ["POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"] {
        for path in [
            "/",
            "/complaints/delivery-delay/",
            "/nope",
            "/__pitwall/events",
        ] {
            let (status, response) = request(server.port, method, path);
            assert_eq!(status, 405, "{method} {path}: {response}");
            let head = response.split("\r\n\r\n").next().unwrap().to_lowercase();
            assert!(
                head.lines()
                    .any(|l| l.starts_with("allow: ") && l.contains("get") && l.contains("head")),
                "{method} {path}: {response}"
            );
            assert!(
                !response.contains("交车延迟"),
                "{method} {path}: {response}"
            );
        }
    }
    let (status, response) = request(server.port, "HEAD", "/complaints/delivery-delay/");
    assert_eq!(status, 200, "{response}");
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(body.is_empty(), "HEAD has no body: {body}");
    assert!(head.contains("content-type: text/html"), "{head}");
    let (_, full) = get(server.port, "/complaints/delivery-delay/");
    let (_, full_body) = full.split_once("\r\n\r\n").unwrap();
    assert!(
        head.contains(&format!("content-length: {}", full_body.len())),
        "{head}"
    );
}

/// A commit changes the revisions of the pages it touches: `serve` rebuilds on it, although no
/// file of the site changed with the commit itself.
#[test]
fn a_commit_shows_in_the_revisions_of_the_page_it_touches() {
    use super::history::{commit_all, edit, repository};
    let site = repository();
    let server = start(&site);
    wait_for(server.port, "/compensation/goodwill/", |b| {
        b.contains("Raise the goodwill cap")
    });
    edit(
        &site,
        "content/compensation/goodwill.md",
        "cap_cny: 1000",
        "cap_cny: 1500",
    );
    let saved = wait_for(server.port, "/compensation/goodwill/", |b| {
        b.contains("1500")
    });
    assert!(!saved.contains("1,000 → 1,500"), "{saved}");
    commit_all(site.root(), "2026-10-08T12:00:00+08:00", "Cap 1500");
    wait_for(server.port, "/compensation/goodwill/", |b| {
        b.contains("单次补偿上限 1,000 → 1,500 元") && b.contains("Cap 1500")
    });
}

/// Search in the preview follows each save: the index served after an edit finds the new words
/// (its shard of a term is the one `search.js` would load).
#[test]
fn search_in_the_preview_finds_the_words_of_a_save() {
    let site = Site::minimal();
    let server = start(&site);
    let meta = wait_for(server.port, "/search/data/pages/meta.json", |b| {
        b.contains("\"shards\"")
    });
    let shards: u64 = meta
        .split("\"shards\":")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{meta}"));
    let shard = |term: &str| {
        let hash = term.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        u64::from(hash) & (shards - 1)
    };
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, &format!("{text}\n\n回访窗口改为鸵鸟时段。\n"));
    for term in ["鸵鸟", "鸵"] {
        wait_for(
            server.port,
            &format!("/search/data/pages/terms/{}.json", shard(term)),
            |b| b.contains(&format!("\"{term}\"")),
        );
    }
}

/// The build generation a served page reloads on when it changes.
fn generation(page: &str) -> u64 {
    page.split("const g=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no reload script in {page}"))
}

#[test]
fn a_saved_body_is_shown_first_and_the_whole_build_makes_it_the_same() {
    let site = Site::minimal();
    let server = start(&site);
    let url = "/complaints/delivery-delay/";
    let before = generation(&wait_for(server.port, url, |b| b.contains("const g=")));
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, &format!("{text}\n\n保存后先显示的鸵鸟段落。\n"));
    // Shown first from the last build's model, then the whole site is built (what the build at
    // start said is not in `said`).
    server.wait_until_said("已显示保存的页面", 1);
    let said = server.wait_until_said("已重新生成", 1);
    let shown = said.iter().position(|l| l.contains("已显示保存的页面"));
    let rebuilt = said.iter().rposition(|l| l.contains("已重新生成"));
    assert!(shown < rebuilt, "{said:#?}");
    let (_, page) = get(server.port, url);
    assert!(page.contains("保存后先显示的鸵鸟段落"), "{page}");
    assert_eq!(
        generation(&page),
        before + 1,
        "one reload: the whole build made the page shown first byte for byte"
    );
}

#[test]
fn a_saved_title_waits_for_the_whole_build() {
    // Other pages show a page's title (section lists, neighbours): not shown alone.
    let site = Site::minimal();
    let server = start(&site);
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, &text.replacen("title: ", "title: 鸵鸟", 1));
    let said = server.wait_until_said("已重新生成", 1);
    assert!(
        !said.iter().any(|l| l.contains("已显示保存的页面")),
        "{said:#?}"
    );
    wait_for(server.port, "/complaints/", |b| b.contains("鸵鸟"));
}

#[test]
fn a_saved_body_shown_first_is_taken_back_when_the_whole_build_fails() {
    let site = Site::minimal();
    let server = start(&site);
    let url = "/complaints/delivery-delay/";
    wait_for(server.port, url, |b| b.contains("const g="));
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    // A body the Markdown renders without complaint, with a link the whole build's check
    // finds broken.
    site.write(
        path,
        &format!("{text}\n\n见[不存在的页面](missing.md)里的鸵鸟段落。\n"),
    );
    server.wait_until_said("生成失败", 1);
    let (_, page) = get(server.port, url);
    assert!(page.contains("pitwall-errors"), "the overlay: {page}");
    // (The overlay quotes the line; the page shown first had it as a paragraph with a link.)
    assert!(
        !page.contains("不存在的页面</a>"),
        "the last good page is served again, not the one shown first: {page}"
    );
}

/// A web page the reader visits cannot read the preview through DNS rebinding: a request that
/// names any host but the loopback names or an address is refused.
#[test]
fn only_requests_for_this_computer_are_answered() {
    let site = Site::minimal();
    let server = start(&site);
    wait_for(server.port, "/", |_| true);
    for host in [
        "localhost",
        "127.0.0.1",
        "localhost:1111",
        "127.0.0.1:8080",
        "[::1]:1111",
    ] {
        let (status, text) = request_to(server.port, "GET", "/", host);
        assert_eq!(status, 200, "Host: {host}\n{text}");
    }
    for host in [
        "evil.example",
        "evil.example:1111",
        "localhost.evil.example",
        "",
        "127.0.0.1.nip.io",
    ] {
        let (status, text) = request_to(server.port, "GET", "/", host);
        assert_eq!(status, 403, "Host: {host}\n{text}");
        assert!(!text.contains("<html"), "Host: {host} got the site");
        let (status, _) = request_to(server.port, "GET", "/__pitwall/events", host);
        assert_eq!(status, 403, "events for Host: {host}");
    }
}

/// A connection that never finishes its request headers is closed by the server (it would
/// otherwise hold a socket and a task for ever); a whole request still gets its answer.
#[test]
fn a_connection_that_never_sends_its_headers_is_closed() {
    let site = Site::minimal();
    let server = start(&site);
    wait_for(server.port, "/", |_| true);
    let mut idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut partial = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(partial, "GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    for stream in [&mut idle, &mut partial] {
        // Well past the server's limit: a server that waits for ever fails here.
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut buffer = Vec::new();
        let read = stream.read_to_end(&mut buffer);
        assert!(read.is_ok(), "the connection was left open: {read:?}");
    }
    assert_eq!(get(server.port, "/").0, 200);
}

/// After a save, the preview says the warnings the save brought, not again every warning the
/// site already had (one line counts those); a new warning is said in full.
#[test]
fn a_rebuild_says_only_the_warnings_it_did_not_say_before() {
    let site = Site::minimal();
    let server = start(&site);
    edit_title_and_wait(&site, &server, "交车延迟（一）");
    let said = server.wait_until_said("另有 1 个警告与上次相同", 1);
    assert!(
        !said.iter().any(|l| l.contains("之间缺少")),
        "the old warning was said again: {said:#?}"
    );
    // A new warning: a review date past due.
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replacen("---\n", "---\nreview_by: 2020-01-01\n", 1),
    );
    let said = server.wait_until_said("另有 1 个警告与上次相同", 2);
    assert!(
        said.iter()
            .any(|l| l.contains("content/complaints/delivery-delay.md") && l.contains("warning")),
        "{said:#?}"
    );
}
