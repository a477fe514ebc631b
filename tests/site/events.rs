//! Events (`data/events.yaml`): markers on the affected trend charts, their text in the
//! charts' descriptions and data tables and on the month's scorecard; unknown ids are errors.

use super::fixture::Site;

const EVENTS: &str = "\
- date: 2026-09-05
  outlet: sh-01
  text: 切换新 DMS 系统
- month: 2026-10
  region: 华北
  text: 华北区新任区域经理到岗
- month: 2026-09
  text: 全网召回活动
";

fn site() -> Site {
    let site = Site::minimal();
    site.write("data/events.yaml", EVENTS);
    site
}

#[test]
fn events_mark_the_affected_charts_and_the_months_scorecard() {
    let site = site();
    site.build();
    let sh = site.read("scorecards/2026-10/sh-01/index.html");
    // A marker on each trend chart of the outlet: its own event and the network's.
    let csi = &sh[sh.find("id=\"csi\"").unwrap()..];
    let svg = &csi[csi.find("<svg").unwrap()..csi.find("</svg>").unwrap()];
    assert_eq!(svg.matches("class=\"ev\"").count(), 2, "{svg}");
    // Listed under the charts' legend, dated.
    assert!(sh.contains("<li>2026-09-05 切换新 DMS 系统</li>"), "{sh}");
    assert!(sh.contains("<li>2026-09 全网召回活动</li>"), "{sh}");
    assert!(sh.contains("全网召回活动"), "{sh}");
    assert!(
        !sh.contains("华北区新任区域经理到岗"),
        "another region's event: {sh}"
    );
    // The charts' description and data table name the events.
    let legend = &sh[sh.find("id=\"trend-legend\"").unwrap()..];
    let legend = &legend[..legend.find("</p>").unwrap()];
    assert!(legend.contains("切换新 DMS 系统"), "{legend}");
    let table = &sh[sh.find("<section class=\"trend-data\"").unwrap()..];
    assert!(
        table.contains("<td>全网召回活动；2026-09-05 切换新 DMS 系统"),
        "{table}"
    );

    let bj = site.read("scorecards/2026-10/bj-01/index.html");
    assert!(bj.contains("华北区新任区域经理到岗"), "{bj}");
    assert!(!bj.contains("切换新 DMS 系统"), "{bj}");

    // The month's scorecard lists its events, each with whom it concerns.
    let month = site.read("scorecards/2026-09/index.html");
    let events = &month[month.find("class=\"events\"").unwrap()..];
    let events = &events[..events.find("</section>").unwrap()];
    assert!(events.contains("上海浦东服务中心"), "{events}");
    assert!(events.contains("切换新 DMS 系统"), "{events}");
    assert!(events.contains("全网"), "{events}");
    assert!(!events.contains("华北区新任区域经理到岗"), "{events}");
    // The network trend chart of each KPI marks network events.
    let trend = site.read("kpis/csi/trend.svg");
    assert_eq!(trend.matches("class=\"ev\"").count(), 1, "{trend}");
    assert!(trend.contains("全网召回活动"), "{trend}");
}

#[test]
fn unknown_ids_and_dates_are_errors_at_their_lines() {
    let site = Site::minimal();
    site.write(
        "data/events.yaml",
        "- month: 2026-09\n  outlet: sh-1\n  text: a\n- month: 2026-10\n  region: 华冬\n  text: b\n- date: 2026-02-30\n  text: c\n- text: d\n- month: 2026-09\n  outlet: sh-01\n  region: 华东\n  text: e\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for line in [
        "data/events.yaml:2:11: error: unknown outlet `sh-1`",
        "did you mean `sh-01`?",
        "data/events.yaml:5:11: error: unknown region `华冬`",
        "did you mean `华东`?",
        "data/events.yaml:7:9: error: `2026-02-30` is not a date",
        "data/events.yaml:9:9: error: the event has neither `month:` nor `date:`",
        "data/events.yaml:12:11: error: an event is for an outlet or a region, not both",
    ] {
        assert!(
            run.stderr.contains(line),
            "missing `{line}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_regions_event_marks_the_charts_of_its_outlets_and_its_region_page() {
    let site = site();
    site.build();
    let bj = site.read("scorecards/2026-10/bj-01/index.html");
    // The region's event and the network's: a marker each on every trend chart of the outlet.
    let csi = &bj[bj.find("id=\"csi\"").unwrap()..];
    let svg = &csi[csi.find("<svg").unwrap()..csi.find("</svg>").unwrap()];
    assert_eq!(svg.matches("class=\"ev\"").count(), 2, "{svg}");
    let legend = &bj[bj.find("id=\"trend-legend\"").unwrap()..];
    let legend = &legend[..legend.find("</p>").unwrap()];
    assert!(
        legend.contains("2026-10 华北区新任区域经理到岗"),
        "{legend}"
    );
    let table = &bj[bj.find("<section class=\"trend-data\"").unwrap()..];
    let row = &table[table
        .find("<tbody><tr><th scope=\"row\" class=\"sticky\" colspan=\"2\">事件</th>")
        .unwrap()..];
    assert!(row.contains("<td>华北区新任区域经理到岗"), "{row}");
    // Another region's outlet does not show it.
    let sh = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(!sh.contains("华北区新任区域经理到岗"), "{sh}");
    // The region's page of the month lists it; the other regions' pages do not.
    let north = site.read("scorecards/2026-10/regions/华北/index.html");
    let events = &north[north.find("class=\"events\"").unwrap()..];
    assert!(events.contains("华北区新任区域经理到岗"), "{events}");
    let east = site.read("scorecards/2026-10/regions/华东/index.html");
    assert!(!east.contains("华北区新任区域经理到岗"), "{east}");
}
