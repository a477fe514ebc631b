//! Survey sample sizes: `{value: …, n: …}` in month files and `min_sample` in the catalogue.
//! Below the minimum a value is shown with its own status ("too few answers"), not ranked.

use super::fixture::{KPIS, Site, run_in};

/// The minimal site with `min_sample: 10` on CSI and bj-01's October CSI on 6 answers.
fn sampled_site() -> Site {
    let site = Site::minimal();
    site.write(
        "data/kpis.yaml",
        &KPIS.replace("  warn: 85\n", "  warn: 85\n  min_sample: 10\n"),
    );
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01:\n    csi: {value: 95.0, n: 6}\n    repeat_repair_rate: 3.0\n  sh-01:\n    csi: {value: 91.0, n: 30}\n    repeat_repair_rate: null\n  sz-02:\n    csi: 84.0\n    repeat_repair_rate: 5.0\ntargets:\n  sz-02: {csi: 80}\n",
    );
    site
}

#[test]
fn too_few_answers_is_its_own_status_and_is_not_ranked() {
    let site = sampled_site();
    site.build();
    let csv = site.read("scorecards/2026-10/scorecard.csv");
    // Shown, but neither green nor ranked; sh-01 is first now that bj-01 is left out.
    assert!(
        csv.contains(
            "2026-10,bj-01,北京朝阳服务中心,csi,客户满意度 (CSI),95,90,85,few,4.5,7,,score,6\r\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "2026-10,sh-01,上海浦东服务中心,csi,客户满意度 (CSI),91,90,85,green,5,0,1,score,30\r\n"
        ),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("scorecards/2026-10/scorecard.json")).unwrap();
    let bj = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outlet_id"] == "bj-01" && r["kpi_id"] == "csi")
        .unwrap();
    assert_eq!(bj["n"], 6);
    assert_eq!(bj["status"], "few");

    let outlet = site.read("scorecards/2026-10/bj-01/index.html");
    let card = &outlet[outlet.find("id=\"csi\"").unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(
        outlet.contains("<article class=\"kpi-card status-few\" id=\"csi\">"),
        "{outlet}"
    );
    assert!(card.contains("?</span> 样本不足"), "{card}");
    assert!(card.contains("n = 6"), "{card}");
    assert!(
        !card.contains("1 / "),
        "a value on too few answers has no rank: {card}"
    );

    let month = site.read("scorecards/2026-10/index.html");
    assert!(
        month.contains(
            "<td class=\"cell status-few\" title=\"n = 6\"><i aria-hidden=\"true\">?</i> 95.0"
        ),
        "{month}"
    );
    assert!(month.contains("title=\"n = 30\""), "{month}");
    // The ranking's data table: bj-01 without a rank, with its sample size.
    assert!(
        month.contains(
            "<tr><td>—<td>北京朝阳服务中心<td>95.0 (n = 6)<td class=\"status-few\">? 样本不足"
        ),
        "{month}"
    );
}

#[test]
fn too_few_answers_in_english() {
    let site = sampled_site();
    site.write("site.yaml", "title: Service\nlanguage: en\n");
    site.build();
    let outlet = site.read("scorecards/2026-10/bj-01/index.html");
    assert!(outlet.contains("?</span> Too few answers"), "{outlet}");
}

#[test]
fn sample_sizes_are_checked_at_their_lines() {
    let site = sampled_site();
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01:\n    csi: {value: 95.0, n: -2}\n    repeat_repair_rate: {value: 3.0, n: 2.5}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for line in [
        "data/scorecards/2026-10.yaml:4:27: error: the sample size `n` must be a whole number of answers, 0 or more, not -2",
        "data/scorecards/2026-10.yaml:5:41: error: the sample size `n` must be a whole number of answers, 0 or more, not 2.5",
    ] {
        assert!(
            run.stderr.contains(line),
            "missing `{line}` in:\n{}",
            run.stderr
        );
    }
    // A misspelt key in the braces: the parser's error, with the keys that are allowed.
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  sh-01:\n    csi: {value: 91.0, m: 30}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for line in [
        "data/scorecards/2026-10.yaml:4:24: error: unknown field `m`",
        "did you mean `n`?",
    ] {
        assert!(
            run.stderr.contains(line),
            "missing `{line}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn import_update_keeps_sample_sizes() {
    let site = sampled_site();
    std::fs::write(site.root().join("export.csv"), "门店,返修率\nbj-01,2.5\n").unwrap();
    let run = run_in(
        site.root(),
        &["import", "month", "2026-10", "export.csv", "--update"],
    );
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(site.root().join("data/scorecards/2026-10.yaml")).unwrap();
    assert!(text.contains("csi: {value: 95.0, n: 6}"), "{text}");
    assert!(text.contains("repeat_repair_rate: 2.5"), "{text}");
}
