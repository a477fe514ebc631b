use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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

pub const KPIS: &str = "\
- id: csi
  name: 客户满意度 (CSI)
  group: customer
  unit: score
  direction: higher
  target: 90
  warn: 85
- id: repeat_repair_rate
  name: 返修率
  group: efficiency
  unit: percent
  direction: lower
  target: 3
  warn: 5
";

pub const OUTLETS: &str = "\
- id: bj-01
  name: 北京朝阳服务中心
  region: 华北
  city: 北京
- id: sh-01
  name: 上海浦东服务中心
  region: 华东
  city: 上海
- id: sz-02
  name: 深圳龙岗服务中心
  region: 华南
  city: 深圳
  opened: 2026-10
";

pub fn minimal_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("content/_index.md", "---\ntitle: 售后知识库\n---\n欢迎。\n"),
        (
            "content/training/_index.md",
            "---\ntitle: 培训大纲\nweight: 1\n---\n",
        ),
        (
            "content/training/01-role.md",
            "---\ntitle: 角色定位\nkind: syllabus\npart: 1\nkpis: [csi]\nmodules:\n  - {id: p1-m1, title: 职责范围, hours: 4, format: classroom, objectives: [说清职责]}\n  - {id: p1-m2, title: 领导力, hours: 3.5, format: workshop, objectives: [练习决策]}\nassessment: [理论考核, 案例复盘]\n---\n## 课程目标\n\n内容。\n",
        ),
        (
            "content/complaints/delivery-delay.md",
            "---\ntitle: 交车延迟\nkind: complaint-script\nseverity: major\nfirst_response_hours: 4\nescalation: [服务顾问, 服务经理, 服务总监]\nkpis: [csi]\ntags: [交车, 回访]\n---\n## 场景\n\n**注意：**请在24小时内回访，执行**“首问负责制”**的要求。\n\n```dialogue\n顾问：王先生您好，非常抱歉。\n（停顿）\n客户：我等了两个小时！\n```\n\n见[补偿规则](../compensation/goodwill.md#审批)。\n",
        ),
        (
            "content/compensation/goodwill.md",
            "---\ntitle: 善意补偿\nkind: compensation-rule\ntrigger: 交车延迟超过 2 小时\noffers:\n  - {item: 保养代金券, value_cny: 300}\ncap_cny: 800\napproval:\n  - {up_to_cny: 500, role: 服务经理}\n  - {role: 服务总监}\nbudget_share_pct: 15\nkpis: [repeat_repair_rate]\n---\n## 审批\n\n按金额审批。回到[话术](@/complaints/delivery-delay.md#场景)。\n",
        ),
        ("data/kpis.yaml", KPIS),
        ("data/outlets.yaml", OUTLETS),
        (
            "data/scorecards/2025-10.yaml",
            "month: 2025-10\nvalues:\n  bj-01: {csi: 88.0, repeat_repair_rate: 2.0}\n  sh-01: {csi: 91.0, repeat_repair_rate: 4.0}\n",
        ),
        (
            "data/scorecards/2026-09.yaml",
            "month: 2026-09\nvalues:\n  bj-01: {csi: 90.5, repeat_repair_rate: 3.0}\n  sh-01: {csi: 86.0, repeat_repair_rate: 6.0}\n",
        ),
        (
            "data/scorecards/2026-10.yaml",
            "month: 2026-10\nvalues:\n  bj-01:\n    csi: 92.0\n    repeat_repair_rate: 3.0\n  sh-01:\n    csi: 84.0\n    repeat_repair_rate: null\n  sz-02:\n    csi: 84.0\n    repeat_repair_rate: 5.0\nnotes:\n  sh-01: 10 月**系统切换**，回访延迟。\ntargets:\n  sz-02: {csi: 80}\n",
        ),
    ]
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
