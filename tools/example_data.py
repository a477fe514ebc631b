#!/usr/bin/env python3
"""Generate the example monthly scorecards shipped with pitwall.

Writes data/scorecards/YYYY-MM.yaml for the 24 months 2024-11 ... 2026-10, one value per
active outlet (data/outlets.yaml) and KPI (data/kpis.yaml), in the format described in the
"KPI data" section of the project contract. The figures are synthetic but plausible:
per-outlet baseline levels, slow drift, seasonality (Spring Festival and the summer
air-conditioning season), noise, rounding to each KPI's `decimals`, and a few stories:

* sh-02 switches its DMS in 2026-08: csi, low_score_callback_48h and on_time_delivery drop
  sharply in 2026-08 and 2026-09 and are nearly recovered in 2026-10 (with notes);
* sz-02 opens in 2026-03, improves over its first months and has a lower csi target (85) in
  its first six months (2026-03 ... 2026-08, via a `targets:` block);
* cq-01 loses two senior technicians in 2026-09: first_time_fix, repeat_repair_rate and
  work_order_cycle_hours worsen in 2026-09 and 2026-10 (note in 2026-10);
* cd-01 is missing entirely from 2025-07; in 2026-06 the regional finance close is late and
  the three financial KPIs of seven outlets are `null` (an incomplete month: 89.9 % of cells);
* csi and nps are surveys: each value carries its number of answers (`{value: …, n: …}`,
  drawn from a second generator so that the figures stay as they were); sz-02's first two
  months and cd-01's nps in 2026-10 rest on fewer answers than `min_sample` (10);
* wh-02 closes in 2025-12 and has no data after that.

The script uses only the standard library and a fixed seed (random.Random(2026)) and writes
no timestamps, so rerunning it gives byte-identical files:

    python3 tools/example_data.py
"""

import json
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUT = DATA / "scorecards"

FIRST_MONTH = (2024, 11)
N_MONTHS = 24

# Per-KPI model. value = base + q * quality + outlet offset + drift + season * stress
#                        + trend * years + noise
#   q       effect of the outlet's overall quality (-1 .. 1); negative for lower-is-better
#   idio    sd of a fixed per-outlet offset
#   drift   sd of a slow AR(1) per-outlet wander
#   noise   sd of month-to-month noise
#   season  effect at full seasonal stress (Spring Festival / summer AC peak)
#   trend   network-wide change per year
#   ratio   (min_n, max_n): the percentage is k/n from a binomial draw over n cases
#   carry   quarterly survey: only re-measured in Mar/Jun/Sep/Dec, small corrections otherwise
#   lo, hi  plausible bounds on top of the unit's limits
MODEL = {
    "csi": dict(base=89.5, q=3.6, idio=1.2, drift=0.8, noise=0.9, season=-2.8, trend=0.25, lo=60, hi=99.5),
    "nps": dict(base=44.0, q=15.0, idio=5.0, drift=3.0, noise=4.0, season=-8.0, trend=1, lo=-60, hi=90),
    "complaint_first_response_24h": dict(base=98.0, q=2.5, idio=1.0, drift=1.0, noise=0.6, season=-4.0,
                                         trend=0.2, ratio=(12, 40)),
    "low_score_callback_48h": dict(base=91.5, q=6.0, idio=2.0, drift=1.5, noise=1.5, season=-6.0, trend=0.5,
                                   hi=100),
    "complaint_closure_days": dict(base=5.4, q=-1.5, idio=0.5, drift=0.4, noise=0.5, season=1.4, trend=-0.1,
                                   lo=1.5, hi=20),
    "retention_rate": dict(base=66.5, q=7.5, idio=2.0, drift=0.8, noise=0.5, season=0.0, trend=0.4, lo=35, hi=88),
    "first_time_fix": dict(base=91.3, q=2.8, idio=1.0, drift=0.6, noise=0.8, season=-1.8, trend=0.15, lo=70, hi=99),
    "repeat_repair_rate": dict(base=3.5, q=-1.2, idio=0.4, drift=0.3, noise=0.4, season=0.7, trend=-0.05,
                               lo=0.4, hi=15),
    "work_order_cycle_hours": dict(base=8.9, q=-2.2, idio=0.8, drift=0.5, noise=0.5, season=2.8, trend=-0.1,
                                   lo=3.0, hi=30),
    "on_time_delivery": dict(base=93.8, q=3.3, idio=1.0, drift=0.8, noise=0.8, season=-3.4, trend=0.2,
                             lo=60, hi=99.8),
    "gross_margin": dict(base=43.6, q=2.6, idio=1.3, drift=0.6, noise=0.7, season=0.4, trend=0, lo=25, hi=60),
    "parts_share": dict(base=44.2, q=2.4, idio=1.8, drift=0.6, noise=0.8, season=0.8, trend=0.1, lo=25, hi=60),
    "revenue_per_ro": dict(base=2620, q=260, idio=110, drift=60, noise=70, season=90, trend=60, lo=1500, hi=4500),
    "training_completion": dict(base=92.5, q=7.0, idio=2.0, drift=1.5, noise=1.5, season=-2.0, trend=0.5, lo=50,
                                hi=100),
    "internal_promotion": dict(base=54.0, q=18.0, idio=9.0, drift=2.0, noise=0.6, season=0.0, trend=0.5, lo=10,
                               hi=90),
    "staff_satisfaction": dict(base=77.5, q=6.0, idio=2.0, drift=1.0, noise=1.2, season=-1.0, trend=0.25, lo=50,
                               hi=95, carry=True),
}

# Overall quality of each outlet (-1 weak .. 1 strong) and a revenue level for its city.
QUALITY = {
    "bj-01": 0.7, "bj-02": 0.2, "tj-01": -0.3, "sh-01": 0.8, "sh-02": 0.5, "hz-01": 0.5,
    "nj-01": 0.0, "gz-01": 0.3, "sz-01": 0.6, "sz-02": 0.2, "cd-01": -0.2, "cq-01": -0.7,
    "wh-01": -0.1, "wh-02": -0.7,
}
REVENUE_LEVEL = {"北京": 150, "上海": 220, "深圳": 160, "杭州": 90, "广州": 60}

# Stories: deltas added to the modelled value, per outlet and month.
EVENTS = {
    # sh-02 switches its DMS in early 2026-08; recovered by 2026-10/11.
    "sh-02": {
        "2026-08": {"csi": -8.0, "low_score_callback_48h": -30.0, "on_time_delivery": -10.0},
        "2026-09": {"csi": -5.5, "low_score_callback_48h": -18.0, "on_time_delivery": -6.5},
        "2026-10": {"csi": -2.5, "low_score_callback_48h": -4.0, "on_time_delivery": -1.5},
    },
    # cq-01 loses two senior technicians in 2026-09: diagnosis quality and throughput suffer.
    "cq-01": {
        "2026-09": {"first_time_fix": -2.0, "repeat_repair_rate": 1.0, "work_order_cycle_hours": 1.0},
        "2026-10": {"first_time_fix": -4.0, "repeat_repair_rate": 2.0, "work_order_cycle_hours": 2.5},
    },
}

# Story: a newly opened outlet starts weak; the gap shrinks by RAMP_DECAY every month.
NEW_OUTLET = "sz-02"
RAMP_DECAY = 0.55
RAMP = {
    "csi": -7.0, "nps": -18.0, "complaint_first_response_24h": -6.0, "low_score_callback_48h": -15.0,
    "complaint_closure_days": 2.5, "first_time_fix": -5.0, "repeat_repair_rate": 2.0,
    "work_order_cycle_hours": 4.0, "on_time_delivery": -6.0, "gross_margin": -4.0, "parts_share": -3.0,
    "revenue_per_ro": -500.0, "training_completion": -16.0,
}
NEW_OUTLET_TARGETS = {"csi": 85}  # during its first six months
NEW_OUTLET_TARGET_MONTHS = 6

MISSING_OUTLET_MONTH = ("cd-01", "2025-07")          # outlet absent from that month's values
# 2026-06: the regional finance close is late; these outlets' financial KPIs are `null`.
LATE_FINANCE_MONTH = "2026-06"
LATE_FINANCE_OUTLETS = ["gz-01", "sz-01", "sz-02", "cd-01", "cq-01", "wh-01", "hz-01"]
FINANCE_KPIS = ["gross_margin", "parts_share", "revenue_per_ro"]
# Survey KPIs carry their number of answers; these values rest on too few (min_sample: 10).
SURVEY_KPIS = {"csi", "nps"}
FEW_ANSWERS = {
    ("sz-02", "2026-03", "csi"): 4,
    ("sz-02", "2026-03", "nps"): 4,
    ("sz-02", "2026-04", "csi"): 7,
    ("sz-02", "2026-04", "nps"): 7,
    ("cd-01", "2026-10", "nps"): 8,
}

NOTES = {
    "2025-02": {
        "cq-01": "春节前后技师请假集中，工单周期明显延长；已与周边服务中心协调借调两名技师。",
    },
    "2025-11": {
        "wh-02": "根据网络规划，汉口服务中心将于 12 月底停止营业，客户与车辆档案并入武汉光谷服务中心。",
    },
    "2025-12": {
        "wh-02": "本月为最后一个营业月，自 2026 年 1 月起不再纳入考核。",
    },
    "2026-03": {
        "sz-02": "3 月新开业，首月数据仅覆盖开业后三周；前六个月客户满意度目标按 85 分考核。",
    },
    "2026-04": {
        "sz-02": "开业第二个月，服务顾问与技师仍在带教期，各项指标逐步改善。",
    },
    "2026-06": {
        "gz-01": "区域财务共享中心月结延迟，6 月毛利率、配件收入占比和单车产值未上报，将在 7 月补报。",
    },
    "2026-08": {
        "sh-02": "8 月上旬切换新 DMS 系统，数据迁移期间预约与派工混乱，低分回访任务积压，"
                 "准时交车率和客户满意度明显下滑。总部 IT 已驻场支持，每日例会跟进。",
    },
    "2026-09": {
        "sh-02": "DMS 系统切换的影响仍在：积压的低分回访 9 月中旬才全部完成，客户满意度尚未恢复。"
                 "预计 10 月回到正常水平。",
    },
    "2026-10": {
        "cd-01": "10 月更换回访供应商，NPS 只回收 8 份有效问卷，样本不足，本月不评判。",
        "cq-01": "两名资深技师 9 月离职，新技师仍在带教期，一次修复率下降、返修增加；已申请区域技术专家驻店支持。",
        "sh-02": "系统切换影响基本消除，低分回访恢复 48 小时内完成，准时交车率回到目标附近；客户满意度仍在回升。",
    },
}

UNIT_LIMITS = {
    "percent": (0.0, 100.0),
    "score": (-100.0, 100.0),
    "hours": (0.0, None),
    "days": (0.0, None),
    "count": (0.0, None),
    "cny": (0.0, None),
    "ratio": (0.0, None),
}


# The `notes:` line of a month without notes, as `pitwall new month` writes it.
EMPTY_NOTES = "notes: {} # 可选：各门店本月的说明（Markdown），例如  sh-01: 系统切换，回访延迟。"


def read_list(path):
    """Read a YAML list of flat mappings (enough for kpis.yaml and outlets.yaml).

    Block scalars (`description: |-` and its indented lines) are skipped; values are strings.
    """
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(- |  )([a-z_]+):\s*(.*)$", line)
        if not m:
            continue
        if m.group(1) == "- ":
            items.append({})
        items[-1][m.group(2)] = m.group(3).strip()
    return items


def months():
    y, m = FIRST_MONTH
    for _ in range(N_MONTHS):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def stress(y, m):
    """Seasonal workload stress, 0 .. 1."""
    # Spring Festival: 2025-01-29 and 2026-02-17.
    spring = {(2025, 1): 1.0, (2025, 2): 0.8, (2026, 1): 0.5, (2026, 2): 1.0}.get((y, m), 0.0)
    # Summer air-conditioning season, plus a little year-end rush.
    summer = {6: 0.3, 7: 0.8, 8: 1.0, 9: 0.2, 12: 0.15}.get(m, 0.0)
    return max(spring, summer)


def binomial(rng, n, p):
    return sum(1 for _ in range(n) if rng.random() < p)


def fmt_number(value, decimals):
    if decimals == 0:
        return str(int(round(value)))
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_string(text):
    """A YAML scalar: plain when unambiguous, otherwise double-quoted (JSON escaping)."""
    plain_ok = (
        text
        and text[0] not in "-?:,[]{}#&*!|>'\"%@` "
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text == text.strip()
    )
    if plain_ok:
        return text
    return json.dumps(text, ensure_ascii=False)


def answers(samples, oid, month, k):
    """Survey answers behind a csi or nps value: a few dozen, fewer in a new outlet's first
    months, and the stories in FEW_ANSWERS."""
    n = samples.randint(18, 64)
    return FEW_ANSWERS.get((oid, month, k), n)


def main():
    kpis = read_list(DATA / "kpis.yaml")
    outlets = read_list(DATA / "outlets.yaml")
    kpi_ids = [k["id"] for k in kpis]
    outlet_ids = [o["id"] for o in outlets]
    if set(kpi_ids) != set(MODEL):
        sys.exit(f"data/kpis.yaml ids {kpi_ids} do not match the model {list(MODEL)}")
    if set(outlet_ids) != set(QUALITY):
        sys.exit(f"data/outlets.yaml ids {outlet_ids} do not match the model {list(QUALITY)}")
    decimals = {k["id"]: int(k.get("decimals", "1")) for k in kpis}
    units = {k["id"]: k["unit"] for k in kpis}
    kpi_names = {k["id"]: k["name"] for k in kpis}
    outlet_names = {o["id"]: o["name"] for o in outlets}

    rng = random.Random(2026)
    # Sample sizes come from their own generator: the figures stay those of earlier versions.
    samples = random.Random(14)

    # Fixed per-outlet offsets, then the AR(1) drift state.
    offset = {o: {k: rng.gauss(0, MODEL[k]["idio"]) for k in kpi_ids} for o in outlet_ids}
    for o in outlets:
        offset[o["id"]]["revenue_per_ro"] += REVENUE_LEVEL.get(o["city"], 0)
    drift = {o: {k: rng.gauss(0, MODEL[k]["drift"]) for k in kpi_ids} for o in outlet_ids}
    last = {o: {} for o in outlet_ids}
    phi = 0.75

    OUT.mkdir(parents=True, exist_ok=True)
    for t, (y, m) in enumerate(months()):
        month = f"{y:04d}-{m:02d}"
        s = stress(y, m)
        values = {}
        targets = {}
        for o in outlets:
            oid = o["id"]
            row = {}
            for k in kpi_ids:
                p = MODEL[k]
                drift[oid][k] = phi * drift[oid][k] + rng.gauss(0, p["drift"] * math.sqrt(1 - phi * phi))
                v = (p["base"] + p["q"] * QUALITY[oid] + offset[oid][k] + drift[oid][k]
                     + p["season"] * s + p["trend"] * t / 12 + rng.gauss(0, p["noise"]))
                if p.get("carry") and m % 3 != 0 and k in last[oid]:
                    v = last[oid][k] + rng.gauss(0, 0.3)
                row[k] = v
            # Outlet is scored only between its opening and closing months.
            if o.get("opened", "0000-00") > month or o.get("closed", "9999-99") < month:
                continue
            if oid == NEW_OUTLET:
                age = (y * 12 + m) - (int(o["opened"][:4]) * 12 + int(o["opened"][5:]))
                for k, gap in RAMP.items():
                    row[k] += gap * RAMP_DECAY ** age
                if age < NEW_OUTLET_TARGET_MONTHS:
                    targets[oid] = dict(NEW_OUTLET_TARGETS)
            for k, delta in EVENTS.get(oid, {}).get(month, {}).items():
                row[k] += delta
            for k in kpi_ids:
                p = MODEL[k]
                lo, hi = UNIT_LIMITS[units[k]]
                v = min(max(row[k], p.get("lo", lo)), p.get("hi", hi if hi is not None else row[k]))
                if "ratio" in p:
                    n = rng.randint(*p["ratio"])
                    v = 100.0 * binomial(rng, n, min(max(v / 100.0, 0.0), 1.0)) / n
                v = max(v, lo)
                if hi is not None:
                    v = min(v, hi)
                last[oid][k] = row[k] = v
            if (oid, month) == MISSING_OUTLET_MONTH:
                continue
            values[oid] = row
        if month == LATE_FINANCE_MONTH:
            for oid in LATE_FINANCE_OUTLETS:
                for k in FINANCE_KPIS:
                    values[oid][k] = None

        lines = [
            "# Example data generated by tools/example_data.py; rerun: python3 tools/example_data.py",
            f"month: {month}",
            "values:",
        ]
        # The shape `pitwall new month` and `pitwall import` write: names in comments.
        for oid, row in values.items():
            lines.append(f"  {oid}: # {outlet_names[oid]}")
            for k in kpi_ids:
                v = row[k]
                shown = 'null' if v is None else fmt_number(v, decimals[k])
                if k in SURVEY_KPIS and v is not None:
                    n = answers(samples, oid, month, k)
                    shown = f"{{value: {shown}, n: {n}}}"
                lines.append(f"    {k}: {shown} # {kpi_names[k]}")
        notes = NOTES.get(month, {})
        for oid in notes:
            if oid not in values:
                sys.exit(f"{month}: note for {oid}, which has no values")
        if not notes:
            lines.append(EMPTY_NOTES)
        else:
            lines.append("notes:")
            for oid in outlet_ids:
                if oid in notes:
                    lines.append(f"  {oid}: {fmt_string(notes[oid])}")
        if targets:
            lines.append("targets:")
            for oid in outlet_ids:
                if oid in targets:
                    lines.append(f"  {oid}:")
                    for k in kpi_ids:
                        if k in targets[oid]:
                            lines.append(f"    {k}: {targets[oid][k]}")
        path = OUT / f"{month}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
