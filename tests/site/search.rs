//! The search index: built in parts (what changes monthly, the playbooks), each kept from the
//! previous build while the pages it indexes did not change.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use super::fixture::{Site, tree};

/// Every file under `public/pagefind/`, with its bytes and modification time.
fn index_files(site: &Site) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let dir = site.out().join("pagefind");
    tree(&dir)
        .into_iter()
        .map(|(path, bytes)| {
            let mtime = std::fs::metadata(dir.join(&path))
                .and_then(|m| m.modified())
                .unwrap();
            (path, (bytes, mtime))
        })
        .collect()
}

/// `pitwall build` run as users do: from the site folder, with the default output.
fn build_from_site_folder(root: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .arg("build")
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .expect("run pitwall");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unchanged_site_keeps_its_index_and_a_changed_playbook_changes_it() {
    let site = Site::minimal();
    build_from_site_folder(site.root());
    let first = index_files(&site);
    assert!(
        first.contains_key("pagefind-entry.json"),
        "{:?}",
        first.keys()
    );
    assert!(
        first.contains_key("playbooks/pagefind-entry.json"),
        "the playbooks have a bundle of their own: {:?}",
        first.keys()
    );

    build_from_site_folder(site.root());
    assert_eq!(
        index_files(&site),
        first,
        "nothing changed: the index files are kept, bytes and times"
    );

    // A hand edit of an index file that keeps its size and time is still seen (the build
    // checks what it keeps by content) and replaced by the index the site makes.
    let entry = site.out().join("pagefind/pagefind-entry.json");
    let (bytes, mtime) = &first["pagefind-entry.json"];
    let mut marked = bytes.clone();
    let last = marked.len() - 1;
    marked[last] = if marked[last] == b'\n' { b' ' } else { b'\n' };
    std::fs::write(&entry, &marked).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&entry)
        .unwrap()
        .set_modified(*mtime)
        .unwrap();
    build_from_site_folder(site.root());
    assert_eq!(
        &std::fs::read(&entry).unwrap(),
        bytes,
        "the hand edit is replaced"
    );

    let path = "content/complaints/delivery-delay.md";
    let script = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &format!("{script}\n## 新增小节\n\n回访时间窗口调整为两小时。\n"),
    );
    build_from_site_folder(site.root());
    let after = index_files(&site);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, file)| first.get(*path).map(|f| &f.0) != Some(&file.0))
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed
            .iter()
            .any(|p| p.starts_with("playbooks/") && p.ends_with(".pf_fragment")),
        "the edited playbook is indexed again: {changed:?}"
    );
    assert!(
        changed.iter().all(|p| p.starts_with("playbooks/")),
        "the monthly part is kept: {changed:?}"
    );
    let fragments: String = after
        .iter()
        .filter(|(p, _)| p.ends_with(".pf_fragment"))
        .map(|(_, (bytes, _))| gunzip(bytes))
        .collect();
    assert!(fragments.contains("两小时"), "the new text is searchable");
}

#[test]
fn the_search_page_merges_the_playbooks_part_and_excerpts_leave_anchors_out() {
    let site = Site::minimal();
    site.build();
    let page = site.read("search/index.html");
    assert!(page.contains("\"pagefind/playbooks/\""), "{page}");
    let fragments: Vec<String> = tree(&site.out().join("pagefind"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".pf_fragment"))
        .map(|(_, bytes)| gunzip(&bytes))
        .collect();
    let script = fragments
        .iter()
        .find(|f| f.contains("/complaints/delivery-delay/"))
        .expect("the delivery-delay script is indexed");
    assert!(
        !script.contains('#'),
        "heading anchors and tag links stay out of the text: {script}"
    );
}

/// A pagefind file: gzip of `pagefind_dcd` followed by the data.
fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut text)
        .unwrap();
    // Segmented words are joined with zero-width spaces.
    String::from_utf8_lossy(&text).replace('\u{200B}', "")
}
