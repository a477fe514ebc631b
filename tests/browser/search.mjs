// Ranking of pitwall's search (issue 28), through the real search page in headless Chromium on
// small sites made here and built by the pitwall binary under test:
// - a phrase whose character pairs straddle two words (`保修索赔`: 修索 occurs nowhere) and two
//   words where one pair of the query occurs nowhere (`客户投诉 怎么回复`) still find the page;
// - a synonym the site declares in data/glossary.yaml (`赔偿` finds a page that says 赔付), and a
//   KPI's abbreviation finds its page;
// - a Latin word with a typo (`waranty`) finds the page with `warranty`;
// - a question typed without spaces (`交车延迟怎么说`) finds the page about its words;
// - an outlet's id finds its current scorecard;
// - a page that only links to a playbook (a KPI's related playbooks, a section's cards) ranks
//   below the playbook, or is not found at all;
// - pages holding more of the query's words come first.
// Usage: node search.mjs [pitwall binary]   (default: `pitwall` on the PATH)
import { createServer } from "node:http";
import { readFile, mkdtemp, mkdir, writeFile, stat, rm } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const pitwall = process.argv[2] ?? "pitwall";
const failures = [];
let passed = 0;
function check(ok, message) {
  if (ok) passed += 1;
  else failures.push(message);
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
}

const page = (title, body, extra = "") => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;
const files = {
  "data/kpis.yaml": "- id: first_time_fix\n  name: 一次修复率 (FTF)\n  name_en: First time fix\n  group: efficiency\n  unit: percent\n  direction: higher\n  target: 90\n  warn: 85\n",
  "data/outlets.yaml": "- id: bj-01\n  name: 北京朝阳服务中心\n  region: 华北\n  city: 北京\n",
  "data/scorecards/2026-10.yaml": "month: 2026-10\nvalues:\n  bj-01: {first_time_fix: 91.0}\n",
  "data/glossary.yaml": "- term: 赔偿\n  also: [赔付]\n- term: 一次修复率\n  also: [首次修复]\n  kpi: first_time_fix\n",
  "content/_index.md": page("知识库", "售后服务知识库。"),
  "content/complaints/_index.md": page("投诉处理", "各类投诉的处理话术。"),
  "content/complaints/delivery-delay.md": page("交车延迟", "## 场景\n\n车辆未能按约定时间交付，客户很不满意。服务顾问先致歉，再说明原因和新的交车时间。\n\n## 话术\n\n先道歉，再给出确定的时间。", "kpis: [first_time_fix]\n"),
  "content/complaints/warranty.md": page("保修期内的故障", "## 流程\n\n车辆在保修期内出现故障，先确认是否属于保修范围，再向厂家提交索赔申请。warranty claim 的材料要齐全：warranty card、维修记录。\n\n## 注意\n\n索赔被拒时，向客户说明原因。"),
  "content/complaints/complaint-reply.md": page("客户投诉的回复", "## 回复要点\n\n收到客户投诉后，24 小时内回复客户。回复时先复述客户的问题，再说明处理办法和时间。\n\n## 回复模板\n\n您好，关于您反映的问题……"),
  "content/complaints/waiting.md": page("等待时间过长", "客户在休息区等待超过一小时。主动告知进度，提供饮品。"),
  "content/compensation/_index.md": page("补偿规则", "各类补偿。"),
  "content/compensation/damage.md": page("车辆损伤赔付", "## 赔付标准\n\n车辆在店期间发生损伤，按维修费用全额赔付，并视情况给予代金券。\n\n## 审批\n\n赔付金额超过 5000 元须服务总监审批。"),
  "content/guides/ftf.md": page("提高一次修复率", "## 诊断\n\n一次修复率低的门店，先看诊断环节：技师是否按流程试车。\n\n## 培训\n\n每月一次疑难故障案例分享。", "kpis: [first_time_fix]\n"),
};

const root = await mkdtemp(path.join(os.tmpdir(), "pitwall-search-"));
for (const [file, text] of Object.entries(files)) {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}
execFileSync(pitwall, ["build", "--quiet", "--root", root, "--out", path.join(root, "public")], { stdio: "inherit" });
const site = path.join(root, "public");

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json" };
const server = createServer(async (req, res) => {
  const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = path.join(site, url);
  if (url.includes("..")) { res.writeHead(404); return res.end(); }
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404); res.end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const tab = await browser.newPage();
const errors = [];
tab.on("pageerror", (e) => errors.push(String(e)));

// The result URLs (from the site root) of a query, best first.
async function results(query) {
  await tab.goto(`${base}search/?q=${encodeURIComponent(query)}`);
  await tab.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && s.textContent && !s.textContent.includes("…");
  }, null, { timeout: 10000 });
  return tab.$$eval(".search-result h2 a", (links) => links.map((a) => new URL(a.href).pathname));
}

const first = async (query, url, why) => {
  const found = await results(query);
  check(found[0] === url, `${query}: ${url} first (${why}); got ${JSON.stringify(found.slice(0, 4))}`);
  return found;
};

await first("保修索赔", "/complaints/warranty/", "pairs across two words are never required");
await first("客户投诉 怎么回复", "/complaints/complaint-reply/", "a query pair found nowhere does not empty the results");
await first("赔偿", "/compensation/damage/", "赔偿 is declared a synonym of 赔付 in data/glossary.yaml");
const again = await first("首次修复", "/kpis/first_time_fix/", "a glossary synonym of a KPI's name");
check(again.includes("/guides/ftf/"), `首次修复 finds the guide that says 一次修复率: ${JSON.stringify(again)}`);
const ftf = await results("FTF");
check(ftf.includes("/kpis/first_time_fix/") && ftf.includes("/guides/ftf/"), `FTF (the KPI's abbreviation) finds the KPI and the guide: ${JSON.stringify(ftf)}`);
await first("waranty", "/complaints/warranty/", "a Latin word with a typo");
await first("交车延迟怎么说", "/complaints/delivery-delay/", "a question typed without spaces: a pair across its words (迟怎) is nowhere");
await first("客户等待怎么办", "/complaints/waiting/", "a question typed without spaces");
await first("bj-01", "/scorecards/2026-10/bj-01/", "an outlet by its id");
const delay = await results("交车延迟");
check(delay[0] === "/complaints/delivery-delay/", `交车延迟: the playbook first; got ${JSON.stringify(delay)}`);
for (const lister of ["/kpis/first_time_fix/", "/complaints/"]) {
  const at = delay.indexOf(lister);
  check(at === -1 || at > delay.indexOf("/complaints/delivery-delay/"), `交车延迟: ${lister}, which only links to the playbook, ranks below it (at ${at})`);
}
const wait = await results("客户 等待 饮品");
check(wait[0] === "/complaints/waiting/", `客户 等待 饮品: the page with all three words first; got ${JSON.stringify(wait.slice(0, 3))}`);
const marks = await tab.$$eval(".search-result:first-child mark", (m) => m.map((x) => x.textContent));
check(marks.includes("饮品"), `the words are marked in the excerpt: ${JSON.stringify(marks)}`);
check(errors.length === 0, `no script errors: ${errors.join("; ")}`);

await browser.close();
server.close();
await rm(root, { recursive: true, force: true });
console.log(`${passed} passed, ${failures.length} failed`);
if (failures.length) process.exit(1);
