//! `precompress: gzip` / `brotli`: a gzip and/or brotli copy beside each text file of a build,
//! for a web server to send as it is; kept and rewritten with its file by incremental builds.

use std::io::Read as _;

use super::fixture::{Site, assert_same_tree, run_in, tree};

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn every_text_file_has_its_gzip_copy_in_full_and_incremental_builds() {
    let site = Site::minimal();
    site.write("site.yaml", "precompress: gzip\n");
    site.build();
    let check = |what: &str| {
        let files = tree(&site.out());
        let texts: Vec<&String> = files
            .keys()
            .filter(|p| {
                [".html", ".css", ".js", ".svg", ".csv", ".json", ".xml"]
                    .iter()
                    .any(|e| p.ends_with(e))
            })
            .collect();
        assert!(texts.len() > 20, "{what}: {} text files", texts.len());
        for path in texts {
            let copy = files
                .get(&format!("{path}.gz"))
                .unwrap_or_else(|| panic!("{what}: no {path}.gz"));
            assert_eq!(gunzip(copy), files[path], "{what}: {path}.gz");
        }
        assert!(
            !files
                .keys()
                .any(|p| p.ends_with(".gz.gz") || p.ends_with(".xlsx.gz")),
            "{what}"
        );
    };
    check("clean build");
    // Nothing changed: every copy is kept.
    site.build();
    check("rebuild");
    // An edit: the page's copy follows it, and the output is what a clean build makes.
    let path = "content/complaints/delivery-delay.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let old = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    site.write(path, &text.replacen(old, "title: 交车延迟（改）", 1));
    site.build();
    check("incremental build");
    let page =
        gunzip(&std::fs::read(site.out().join("complaints/delivery-delay/index.html.gz")).unwrap());
    assert!(String::from_utf8(page).unwrap().contains("交车延迟（改）"));
    site.assert_same_as_clean_build("incremental vs clean with precompress");
    let clean = site.root().join("clean");
    // The same input makes the same copies.
    let again = site.root().join("again");
    let run = run_in(
        site.root(),
        &["build", "--clean", "--out", again.to_str().unwrap()],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_same_tree(&clean, &again, "two clean builds");
}

#[test]
fn an_unknown_compression_is_an_error_at_its_line() {
    let site = Site::minimal();
    site.write("site.yaml", "title: 站\nprecompress: gzip, zstd\n");
    let run = run_in(site.root(), &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("site.yaml:2:20: error: `precompress: zstd` 不是 pitwall 支持的压缩方式"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`precompress: gzip brotli`"),
        "{}",
        run.stderr
    );
    // Quoted, after a full-width comma: still at the word.
    site.write("site.yaml", "title: 站\nprecompress: \"gzip，zstd\"\n");
    let run = run_in(site.root(), &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("site.yaml:2:20: error:"),
        "{}",
        run.stderr
    );
    // Without the key, nothing is compressed.
    let site = Site::minimal();
    site.build();
    assert!(!tree(&site.out()).keys().any(|p| p.ends_with(".gz")));
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Both copies, written as a trainer might (a Chinese comma), follow an incremental build that
/// turns brotli on, and equal a clean build's.
#[test]
fn brotli_copies_beside_the_gzip_ones_when_both_are_asked() {
    let site = Site::minimal();
    site.write("site.yaml", "precompress: gzip\n");
    site.build();
    assert!(!tree(&site.out()).keys().any(|p| p.ends_with(".br")));
    site.write("site.yaml", "precompress: gzip，brotli\n");
    site.build();
    let files = tree(&site.out());
    let mut copies = 0;
    for (path, bytes) in &files {
        if [".html", ".css", ".js", ".svg", ".csv", ".json", ".xml"]
            .iter()
            .any(|e| path.ends_with(e))
        {
            let br = files
                .get(&format!("{path}.br"))
                .unwrap_or_else(|| panic!("no {path}.br"));
            assert!(
                &unbrotli(br) == bytes,
                "{path}.br: {} bytes from {}, file {}",
                unbrotli(br).len(),
                br.len(),
                bytes.len()
            );
            assert!(files.contains_key(&format!("{path}.gz")), "no {path}.gz");
            copies += 1;
        }
    }
    assert!(copies > 20, "{copies} text files");
    let page = &files["complaints/delivery-delay/index.html"];
    assert!(files["complaints/delivery-delay/index.html.br"].len() < page.len() / 2);
    site.assert_same_as_clean_build("gzip, then gzip and brotli");
    // Brotli alone writes no gzip copies.
    site.write("site.yaml", "precompress: brotli\n");
    site.build();
    let files = tree(&site.out());
    assert!(files.contains_key("index.html.br"));
    assert!(!files.keys().any(|p| p.ends_with(".gz")));
    // Off: no copy is left, the search index's neither.
    site.write("site.yaml", "precompress: none\n");
    site.build();
    assert!(
        !tree(&site.out())
            .keys()
            .any(|p| p.ends_with(".gz") || p.ends_with(".br"))
    );
}
