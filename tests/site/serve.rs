//! `pitwall serve`: serves the site, rebuilds on change, keeps the last good site on a broken
//! edit, refuses paths outside the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::fixture::Site;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start serve");
    let stderr = child.stderr.take().unwrap();
    // Owned by the guard at once, so the process is killed and reaped even if startup fails.
    let mut server = Server { child, port: 0 };
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
        if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            std::thread::spawn(move || while rx.recv().is_ok() {});
            server.port = port;
            return server;
        }
    }
}

/// A raw HTTP/1.1 GET, so that the path is sent exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
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
        body.contains("content/complaints/delivery-delay.md:4:11: error: unknown variant `很严重`"),
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
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("is already in use"), "{}", run.stderr);
}
