use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// A small valid site: one page of each kind, a KPI catalogue, two outlets, three months.
    pub fn minimal() -> Site {
        Site::new(&minimal_files())
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs pitwall with English messages (`--lang en`), which most tests assert. A `check` or
    /// `build` is also checked in zh-CN, which must print no English prose: so every fixture a
    /// test checks or builds is a case of "a trainer reads every message in Chinese".
    pub fn run(&self, args: &[&str]) -> Run {
        let mut with_lang = args.to_vec();
        with_lang.extend(["--lang", "en"]);
        let run = self.run_default(&with_lang);
        if matches!(args.first(), Some(&"check" | &"build")) {
            self.assert_chinese_check(args);
        }
        run
    }

    /// `check` (with the `--drafts` of `args`) in zh-CN prints no English prose.
    fn assert_chinese_check(&self, args: &[&str]) {
        let mut check = vec!["check", "--lang", "zh-CN"];
        check.extend(args.iter().filter(|&&a| a == "--drafts"));
        let zh = self.run_default(&check);
        let english = english_prose(&zh.stderr);
        assert!(
            english.is_empty(),
            "English prose {english:?} in a zh-CN run of {check:?}:\n{}",
            zh.stderr
        );
    }

    /// Runs pitwall as a user would, in the site's own language (zh-CN unless `site.yaml` says).
    pub fn run_default(&self, args: &[&str]) -> Run {
        let mut command = pitwall(args);
        command.arg("--root").arg(self.root());
        Run::of(&mut command)
    }

    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.status, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// The build into `public/`, and a clean build of the same site into another folder, hold
    /// the same files.
    pub fn assert_same_as_clean_build(&self, what: &str) {
        let clean = self.root().join("clean");
        let run = self.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_same_tree(&self.out(), &clean, what);
    }

    pub fn read(&self, output_path: &str) -> String {
        let path = self.out().join(output_path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The pitwall binary with `args`, on a fixed date (2026-09-21) for review warnings.
pub fn pitwall(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pitwall"));
    command.args(args).env("SOURCE_DATE_EPOCH", "1790000000");
    command
}

/// Runs pitwall as authors do: inside `dir` (the site folder), no `--root`, relative paths.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut command = pitwall(args);
    command.current_dir(dir);
    Run::of(&mut command)
}

impl Run {
    pub fn of(command: &mut Command) -> Run {
        let output = command.output().expect("run pitwall");
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// `built` holds the same files with the same bytes as `clean` (a clean build of the site).
pub fn assert_same_tree(built: &Path, clean: &Path, what: &str) {
    let (a, b) = (tree(built), tree(clean));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: the files differ"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{what}: {path} differs from a clean build"
        );
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// The KPI catalogue of the minimal fixture (`tests/fixtures/minimal/data/kpis.yaml`).
pub static KPIS: LazyLock<&'static str> =
    LazyLock::new(|| fixture_file("minimal", "data/kpis.yaml"));

/// The outlets of the minimal fixture (`tests/fixtures/minimal/data/outlets.yaml`).
pub static OUTLETS: LazyLock<&'static str> =
    LazyLock::new(|| fixture_file("minimal", "data/outlets.yaml"));

/// The folder of fixture site `name`: `tests/fixtures/<name>/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture_file(name: &str, path: &str) -> &'static str {
    let path = fixture_dir(name).join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Box::leak(text.into_boxed_str())
}

/// Every file of fixture site `name` (`tests/fixtures/<name>/`), by path inside it, sorted: to
/// write into a temporary site, changed or not.
pub fn fixture(name: &str) -> Vec<(&'static str, &'static str)> {
    let dir = fixture_dir(name);
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("fixture folder"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(&dir).expect("inside the fixture");
            let path = path.to_string_lossy().replace('\\', "/");
            let text = fixture_file(name, &path);
            (&*Box::leak(path.into_boxed_str()), text)
        })
        .collect()
}

/// The minimal site's files (`tests/fixtures/minimal/`).
pub fn minimal_files() -> Vec<(&'static str, &'static str)> {
    fixture("minimal")
}

/// Runs of two or more English words in a zh-CN run's output, outside what is quoted from the
/// site or kept English on purpose: the source snippet lines, the `path:line:col: error:`
/// prefix (editors and CI parse it), `code` in backticks, paths, flags and ids. Lines about a
/// theme's template show the template engine's own words to the theme's author, and are left
/// out too.
pub fn english_prose(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let gutter = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
        if gutter.trim_start().starts_with('|') || line.contains("模板") {
            continue;
        }
        let mut rest = line;
        for prefix in [": error: ", ": warning: "] {
            if let Some(i) = rest.find(prefix) {
                rest = &rest[i + prefix.len()..];
            }
        }
        let rest = rest
            .trim_start_matches("error: ")
            .trim_start_matches("warning: ");
        // Product names are not prose.
        let rest = rest.replace("GitHub Actions", "");
        let mut plain = String::new();
        for (i, part) in rest.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
            plain.push(' ');
        }
        let mut run: Vec<&str> = Vec::new();
        let mut flush = |run: &mut Vec<&str>| {
            if run.len() >= 2 {
                found.push(run.join(" "));
            }
            run.clear();
        };
        for token in plain.split(|c: char| !c.is_ascii_graphic()) {
            let word = token.trim_matches(|c: char| {
                matches!(c, '(' | ')' | ',' | ';' | '!' | '?' | '"' | '\'')
            });
            if word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic()) {
                run.push(word);
            } else if !token.is_empty() || !run.is_empty() {
                flush(&mut run);
            }
        }
        flush(&mut run);
    }
    found
}

#[test]
fn english_prose_is_found_outside_code_and_prefixes() {
    assert_eq!(
        english_prose(
            "a.md:3:1: error: 未知 KPI `csx`\n  |\n3 | kpis: [csx]\n  = 提示: did you mean `csi`?\n"
        ),
        vec!["did you mean".to_owned()]
    );
    assert!(
        english_prose("error: 2 个错误，0 个警告；没有写出任何文件\n  = 提示: 用 `--lang en` 查看")
            .is_empty()
    );
    assert!(english_prose("data/kpis.yaml:4:3: warning: KPI 定义在 data/kpis.yaml 里").is_empty());
}
