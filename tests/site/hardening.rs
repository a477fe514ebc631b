//! Input that reaches places other than a web page, and input large or extreme enough to
//! exhaust a machine: every case ends in an error at its position or a bounded, correct result.

use crate::fixture::{Site, run_in};

/// A link destination of every link in `markdown`, as a Markdown reader finds them.
fn link_targets(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// An outlet named to phish staff in the group chat stays text in `digest.md`.
#[test]
fn a_name_in_the_digest_message_is_text_not_a_link() {
    let site = Site::minimal();
    let outlets = std::fs::read_to_string(site.root().join("data/outlets.yaml")).unwrap();
    site.write(
        "data/outlets.yaml",
        &outlets.replace(
            "name: 上海浦东服务中心",
            "name: '深圳](https://evil.example/phish) 请点击 [x *紧急* <b>www.evil.example</b>'",
        ),
    );
    site.write("site.yaml", "base_url: https://service.example.com/\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let markdown = site.read("scorecards/2026-10/digest.md");
    assert!(
        markdown.contains("请点击"),
        "the outlet is in the message: {markdown}"
    );
    let targets = link_targets(&markdown);
    assert!(!targets.is_empty(), "{markdown}");
    for target in &targets {
        assert!(
            target.starts_with("https://service.example.com/"),
            "{target} in {markdown}"
        );
    }
    for live in ["://evil", "www.evil", "<b>", "*紧急*"] {
        assert!(!markdown.contains(live), "{live} in {markdown}");
    }
}

/// A commit subject with control characters, ten thousand characters long and dated in the
/// year 10000: the feed still parses as XML with a date in every `<updated>`, the page keeps a
/// bounded subject, `/changes/` files the revision under a month.
#[test]
fn a_hostile_commit_leaves_the_feed_valid_and_the_subject_bounded() {
    use crate::history::{commit_all, edit, repository};
    let site = repository();
    edit(
        &site,
        "content/compensation/goodwill.md",
        "cap_cny: 1000",
        "cap_cny: 1200",
    );
    let subject = format!("提高上限\u{1b}[31m\u{7}\u{b}{}", "长".repeat(10_000));
    commit_all(site.root(), "@253402300900 +0000", &subject);
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let feed = site.read("changes/atom.xml");
    let mut reader = quick_xml::Reader::from_str(&feed);
    let mut updated = Vec::new();
    let mut in_updated = false;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) => in_updated = e.name().as_ref() == "updated",
            Ok(quick_xml::events::Event::Text(t)) if in_updated => {
                updated.push(AsRef::<str>::as_ref(&t).to_owned());
            }
            Ok(quick_xml::events::Event::End(_)) => in_updated = false,
            Ok(_) => {}
            Err(e) => panic!("atom.xml is not XML: {e}\n{feed}"),
        }
    }
    assert!(updated.iter().all(|u| u.len() == 20), "{updated:?}");
    assert!(
        updated.contains(&"9999-12-29T00:00:00Z".to_owned()),
        "{updated:?}"
    );
    assert!(
        !feed.contains('\u{1b}') && !feed.contains('\u{7}'),
        "control characters in the feed"
    );
    let page = site.read("compensation/goodwill/index.html");
    let longest = page.split("长").count() - 1;
    assert!(
        (1..=200).contains(&longest),
        "{longest} characters of the subject on the page"
    );
    let changes = site.read("changes/index.html");
    assert!(
        changes.contains("9999-12"),
        "no month for the revision: {changes}"
    );
}

/// A subject edited in `.pitwall-cache/history.json` never reaches a page: the record fails its
/// check and is read again from the repository; `--clean` does not read the cache at all.
#[test]
fn an_edited_history_cache_is_read_again_from_the_repository() {
    let site = crate::history::repository();
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        site.read("compensation/goodwill/index.html")
            .contains("Raise the goodwill cap")
    );
    let cache = site.root().join(".pitwall-cache/history.json");
    let stored = std::fs::read_to_string(&cache).unwrap();
    assert!(stored.contains("Raise the goodwill cap"), "{stored}");
    let forged = stored.replace("Raise the goodwill cap", "Forged subject");
    for args in [&["build"][..], &["build", "--clean"]] {
        std::fs::write(&cache, &forged).unwrap();
        let run = run_in(site.root(), args);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        let page = site.read("compensation/goodwill/index.html");
        assert!(
            !page.contains("Forged subject"),
            "{args:?} showed the forged subject"
        );
        assert!(page.contains("Raise the goodwill cap"), "{args:?}");
    }
}

/// A figure near the largest float (or its negative) is an error at its place, in the month and
/// in the catalogue; a step that is not a number is one too. Nothing aborts or loops.
#[test]
fn an_extreme_number_is_an_error_at_its_place() {
    let site = Site::minimal();
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01: {csi: 1.7976931348623157e308, repeat_repair_rate: 3.0}\n  sh-01: {csi: -1.7976931348623157e308, repeat_repair_rate: 2.0}\n",
    );
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen("  target: 90\n", "  target: 90\n  max_step: .nan\n", 1),
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for line in [
        "data/scorecards/2026-10.yaml:3:16: error: 1.7976931348623157e308 is larger than any real figure (at most 1000000000000 either way) (KPI `csi`)",
        "data/scorecards/2026-10.yaml:4:16: error: -1.7976931348623157e308 is larger than any real figure",
        "data/kpis.yaml:1:7: error: `max_step`: NaN is not a number",
    ] {
        assert!(run.stderr.contains(line), "{line} not in\n{}", run.stderr);
    }
    let build = run_in(site.root(), &["build"]);
    assert_eq!(build.status, 1, "{}", build.stderr);
}

/// Ten thousand broken anchors on one line: each problem shows the neighbourhood of its spot,
/// not the whole line, and the human form prints fifty of them and counts the rest.
#[test]
fn many_problems_on_one_long_line_print_a_bounded_report() {
    let site = Site::minimal();
    let links: String = (0..10_000).map(|i| format!("[a](#no-{i}) ")).collect();
    site.write(
        "content/guides/long.md",
        &format!("---\ntitle: 长\n---\n{links}\n"),
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.len() < 100_000,
        "{} bytes of report",
        run.stderr.len()
    );
    assert!(
        run.stderr
            .contains("content/guides/long.md: 9950 more problem(s) in this file, not shown"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(2000)..]
    );
    // The caret still points at the link it is about: the 5,000th link, cut around.
    let json = run_in(site.root(), &["check", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let in_file = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/guides/long.md")
        .count();
    assert_eq!(in_file, 10_000);
    let first = run.stderr.find("content/guides/long.md:4:").unwrap();
    let snippet: Vec<&str> = run.stderr[first..].lines().take(4).collect();
    assert!(
        snippet[2].starts_with("4 | [a](#no-0) [a](#no-1)") && snippet[2].ends_with('…'),
        "{snippet:?}"
    );
    assert_eq!(snippet[3], "  | ^", "{snippet:?}");
}

/// A page with thousands of headings and broken links to them: every link is reported, the
/// first hundred different ones with the nearest heading, the rest with the general hint (each
/// "did you mean" looks through every heading, so without a bound the time grew with links ×
/// headings: 40,000 of each took 12 s).
#[test]
fn did_you_mean_is_bounded_per_page_and_said_once_per_target() {
    let site = Site::minimal();
    let mut page = String::from("---\ntitle: 长\n---\n");
    for i in 0..150 {
        page.push_str(&format!(
            "## 步骤{i}\n\n[上一步](#步骤{i}x) [再看](#步骤0x)\n\n"
        ));
    }
    site.write("content/guides/long.md", &page);
    let json = run_in(site.root(), &["check", "--format", "json"]);
    assert_eq!(json.status, 1);
    let all: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let hints: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/guides/long.md")
        .map(|d| d["hint"].as_str().unwrap())
        .collect();
    assert_eq!(hints.len(), 300, "every broken link is reported");
    let suggested = hints.iter().filter(|h| h.starts_with("是不是想写")).count();
    // #步骤0x to #步骤99x (the first hundred looked for) have their hint, the 150 links to
    // #步骤0x all of them; #步骤100x to #步骤149x the general one.
    assert_eq!(suggested, 100 + 150, "{} hints", hints.len());
    assert!(!hints.contains(&"是不是想写 `#步骤149`？"));
    assert!(hints.contains(&"是不是想写 `#步骤99`？"));
    assert!(
        hints
            .iter()
            .any(|h| h.starts_with("`#` 后面请写那一页的某个标题"))
    );
}

/// A month file written by `import` is a file of the site like one `new month` writes (0644),
/// not a private temporary file (0600).
#[cfg(unix)]
#[test]
fn an_imported_month_file_is_readable_like_the_others() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::minimal();
    site.write(
        "exports/m.csv",
        "门店,CSI,返修率\nbj-01,91.5,2.5\nsh-01,86.4,\n",
    );
    let run = run_in(
        site.root(),
        &["import", "month", "2026-11", "exports/m.csv"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mode = |p: &str| {
        std::fs::metadata(site.root().join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("data/scorecards/2026-11.yaml"), 0o644);
    let new = run_in(site.root(), &["new", "month", "2026-12"]);
    assert_eq!(new.status, 0, "{}", new.stderr);
    assert_eq!(
        mode("data/scorecards/2026-12.yaml"),
        mode("data/scorecards/2026-11.yaml")
    );
}

/// Settings say exactly what they are: a quoted "yes" does not turn raw HTML on, and a theme
/// that is not there is an error at its line instead of the built-in theme.
#[test]
fn a_switch_is_true_or_false_and_a_theme_exists() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "allow_html: \"yes\"\nsearch: on\ntheme: nope\n",
    );
    site.write(
        "content/guides/x.md",
        "---\ntitle: 甲\n---\n<script>alert(1)</script>\n",
    );
    let run = run_in(site.root(), &["build", "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for line in [
        "site.yaml:1:13: error: `allow_html: \"yes\"` is not `true` or `false`",
        "site.yaml:3:8: error: there is no theme `nope`: no folder themes/nope/",
    ] {
        assert!(run.stderr.contains(line), "{line} not in\n{}", run.stderr);
    }
    assert!(!site.out().join("guides/x/index.html").exists());

    site.write("site.yaml", "allow_html: false\nsearch: false\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!site.read("guides/x/index.html").contains("<script>alert"));
}

/// A small workbook that would unpack or lay out to gigabytes is refused at its place, in
/// bounded time and memory: one cell at XFD1048576, a part that unpacks past 64 MB.
#[test]
fn a_workbook_past_the_limits_is_an_error_at_its_place() {
    let site = Site::minimal();
    std::fs::create_dir_all(site.root().join("exports")).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("月报").unwrap();
    sheet.write_string(0, 0, "门店").unwrap();
    sheet.write_string(0, 1, "CSI").unwrap();
    sheet.write_string(1, 0, "bj-01").unwrap();
    sheet.write_number(1, 1, 91.5).unwrap();
    sheet.write_number(1_048_575, 16_383, 1.0).unwrap();
    book.save(site.root().join("exports/far.xlsx")).unwrap();
    let run = run_in(
        site.root(),
        &[
            "import",
            "month",
            "2026-11",
            "exports/far.xlsx",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("exports/far.xlsx!月报!XFD1048576: error: the sheet reaches this cell, past 100000 rows or 1000 columns (column ALL)"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("data/scorecards/2026-11.yaml").exists());

    // A part that unpacks to 65 MB (its archive is a few hundred kilobytes).
    let file = std::fs::File::create(site.root().join("exports/bomb.xlsx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    std::io::Write::write_all(&mut zip, b"<Types/>").unwrap();
    zip.start_file("xl/sharedStrings.xml", options).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..65 {
        std::io::Write::write_all(&mut zip, &spaces).unwrap();
    }
    zip.finish().unwrap();
    let run = run_in(
        site.root(),
        &["import", "month", "2026-11", "exports/bomb.xlsx"],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "exports/bomb.xlsx: error: 工作簿解压后有 65 MB，远大于任何导出文件（最多读取 64 MB）"
        ),
        "{}",
        run.stderr
    );
}

/// An `.ods` or `.xls` export that reaches far (calamine reads every sheet of these when it
/// opens them, laying out rows × columns) is refused at its furthest cell before calamine reads
/// it: a few kilobytes never take gigabytes.
#[test]
fn an_ods_or_xls_reaching_far_is_an_error_at_its_place() {
    let site = Site::minimal();
    std::fs::create_dir_all(site.root().join("exports")).unwrap();
    // One row of a value repeated over every column, the row repeated to Excel's last row.
    let file = std::fs::File::create(site.root().join("exports/far.ods")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", options).unwrap();
    std::io::Write::write_all(&mut zip, b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", options).unwrap();
    std::io::Write::write_all(
        &mut zip,
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content "#,
            r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
            r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
            r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">"#,
            r#"<office:body><office:spreadsheet><table:table table:name="月报">"#,
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>门店</text:p></table:table-cell>"#,
            r#"<table:table-cell table:number-columns-repeated="3"/></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="1048575">"#,
            r#"<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1">"#,
            r#"<text:p>1</text:p></table:table-cell></table:table-row>"#,
            r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    let run = run_in(
        site.root(),
        &[
            "import",
            "month",
            "2026-11",
            "exports/far.ods",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("exports/far.ods!月报!XFD1048576: error: the sheet reaches this cell, past 100000 rows or 1000 columns (column ALL)"),
        "{}",
        run.stderr
    );

    // An .xls (BIFF8) whose sheet has a figure in A1 and one in IV65536, Excel 97's last cell:
    // 16.7 million cells laid out.
    let mut sheet = record(0x0809, &bof(0x0010));
    for (row, col) in [(0u16, 0u16), (65_535, 255)] {
        let mut number = Vec::new();
        for part in [row, col, 0] {
            number.extend(part.to_le_bytes());
        }
        number.extend(1.0f64.to_le_bytes());
        sheet.extend(record(0x0203, &number));
    }
    sheet.extend(record(0x000A, &[]));
    let name: Vec<u8> = "月报".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let globals_len = 2 * 4 + 16 + (8 + name.len()) + 4;
    let mut boundsheet = (globals_len as u32).to_le_bytes().to_vec();
    boundsheet.extend([0, 0, 2, 1]);
    boundsheet.extend(&name);
    let mut stream = record(0x0809, &bof(0x0005));
    stream.extend(record(0x0085, &boundsheet));
    stream.extend(record(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    stream.extend(sheet);
    let mut book = cfb::create(site.root().join("exports/far.xls")).unwrap();
    std::io::Write::write_all(&mut book.create_stream("/Workbook").unwrap(), &stream).unwrap();
    book.flush().unwrap();
    drop(book);
    let run = run_in(
        site.root(),
        &[
            "import",
            "month",
            "2026-11",
            "exports/far.xls",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("exports/far.xls!月报!IV65536: error: the sheet spans 65536 rows × 256 columns up to this cell; a month's export is far smaller (at most 5000000 cells are read)"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("data/scorecards/2026-11.yaml").exists());
}

/// A BIFF record: its kind, its length, its data.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut bytes = kind.to_le_bytes().to_vec();
    bytes.extend((data.len() as u16).to_le_bytes());
    bytes.extend(data);
    bytes
}

/// A BIFF8 BOF record's data for a substream of `kind` (5: the workbook's globals, 0x10: a sheet).
fn bof(kind: u16) -> Vec<u8> {
    let mut data = 0x0600u16.to_le_bytes().to_vec();
    data.extend(kind.to_le_bytes());
    data.extend([0; 12]);
    data
}

/// What an export holds never acts on the terminal (ESC, BEL, NUL are shown as ␛ ␇ ␀), and a
/// line break in the export's name does not end the month file's comment.
#[test]
fn control_characters_from_an_export_stay_visible_and_inert() {
    let site = Site::minimal();
    site.write(
        "exports/m.csv",
        "门店,CSI,返修率\nbj-01,91.5,2.5\n\u{1b}[31mxx\u{7}\u{0},80,3\n",
    );
    let run = run_in(
        site.root(),
        &[
            "import",
            "month",
            "2026-11",
            "exports/m.csv",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains("␛[31mxx␇␀"), "{}", run.stderr);

    site.write("exports/a\nb.csv", "门店,CSI,返修率\nbj-01,91.5,2.5\n");
    let run = run_in(
        site.root(),
        &["import", "month", "2026-11", "exports/a\nb.csv"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let month = std::fs::read_to_string(site.root().join("data/scorecards/2026-11.yaml")).unwrap();
    let first = month.lines().next().unwrap();
    assert!(first.contains("exports/a␊b.csv"), "{first}");
    assert!(
        month.lines().nth(1).unwrap().starts_with("month: 2026-11"),
        "{month}"
    );
}

/// A name longer than any real one is an error at its entry (it reached the workbook writer as
/// 24 `io` errors with exit status 2); a count of decimals past what a number has is "too many"
/// at its line, not the parser's "invalid u8".
#[test]
fn a_name_too_long_and_too_many_decimals_are_errors_at_their_lines() {
    let site = Site::minimal();
    let outlets = std::fs::read_to_string(site.root().join("data/outlets.yaml")).unwrap();
    let long = "长".repeat(40_000);
    site.write(
        "data/outlets.yaml",
        &outlets.replace("name: 上海浦东服务中心", &format!("name: {long}")),
    );
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen(
            "  target: 90\n",
            "  target: 90\n  decimals: 4000000000\n",
            1,
        ),
    );
    let run = run_in(site.root(), &["build", "--lang", "en"]);
    assert_eq!(
        run.status,
        1,
        "{}",
        &run.stderr[..run.stderr.len().min(3000)]
    );
    for line in [
        "data/outlets.yaml:5:7: error: `name` has 40000 characters; a name has at most 200",
        "data/kpis.yaml:7:13: error: `decimals` is at most 6",
    ] {
        assert!(
            run.stderr.contains(line),
            "{line} not in\n{}",
            &run.stderr[..run.stderr.len().min(3000)]
        );
    }
    assert!(
        !run.stderr.contains("invalid u8"),
        "{}",
        &run.stderr[..run.stderr.len().min(3000)]
    );
}

/// A theme's template error is at its template's line and column, one per problem, with the
/// template's own line shown (it was printed at `themes/default:` with the place inside the
/// message).
#[test]
fn a_template_error_is_at_its_line() {
    let site = Site::minimal();
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nofilter }}\n{% endblock %}\n",
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "themes/default/templates/page.html:3:17: error: template error: Unknown filter `nofilter`\n  |\n3 | {{ page.title | nofilter }}\n  |                 ^\n"
        ),
        "{}",
        run.stderr
    );
}

/// A link to a heading of a page that has none says so, rather than listing no headings.
#[test]
fn an_anchor_into_a_page_without_headings_says_it_has_none() {
    let site = Site::minimal();
    site.write(
        "content/guides/plain.md",
        "---\ntitle: 无标题\n---\n只有正文。\n",
    );
    site.write(
        "content/guides/link.md",
        "---\ntitle: 链接\n---\n见[那里](plain.md#步骤)。\n",
    );
    let run = run_in(site.root(), &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("提示: 那一页没有标题：直接链接到页面，不要写 `#…`"),
        "{}",
        run.stderr
    );
}
