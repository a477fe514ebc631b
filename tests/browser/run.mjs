// Browser checks of the built example site, run by .ci/run after `pitwall build`:
// - the home page, a playbook, a network scorecard and an outlet scorecard load in headless
//   Chromium without console errors or failed requests;
// - axe-core finds no accessibility violations on those pages (on the digest, none serious or
//   critical), in light and in dark mode (prefers-color-scheme: dark);
// - the searches staff make (a dialogue phrase, a KPI's abbreviation and Chinese name, an outlet's
//   city, a rule's trigger) put the right page first, with excerpts that mark whole words;
// - an outlet's scorecard prints on one A4 page; the network scorecard prints every KPI column
//   (A4 landscape), and no month's network scorecard is wider than a 390 px phone screen;
// - the what's-new page (when the checkout has git history) and the current month's digest,
//   which makes no request at all, has no script or stylesheet link, and links only to the site;
// - every generated HTML page passes the Nu HTML Checker (vnu) with no errors;
// - screenshots at 1280 px and 390 px go to screenshots/ (git-ignored) for people to look at.
// Usage: node run.mjs <site output folder> [--starter]
// With --starter the site is one made by `pitwall init` (built outside the repository by the
// installed binary): its playbook and outlet are found in the output, and its search checks
// look for the playbook by its own title and the outlet by its city.
import { createServer } from "node:http";
import { readFile, mkdir, readdir, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const site = path.resolve(process.argv[2] ?? "../../public");
const starter = process.argv.includes("--starter");
const shots = path.resolve(new URL(starter ? "../../screenshots/starter" : "../../screenshots", import.meta.url).pathname);
const failures = [];
let passed = 0;

function check(ok, message) {
  if (ok) passed += 1;
  else failures.push(message);
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
}

const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".json": "application/json", ".csv": "text/csv", ".wasm": "application/wasm", ".xml": "application/xml" };

// A static server for the output folder, on loopback, under a sub-path to prove links are relative.
const prefix = "/intranet/service/";
const server = createServer(async (req, res) => {
  const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!url.startsWith(prefix) || url.includes("..")) { res.writeHead(404); return res.end(); }
  let file = path.join(site, url.slice(prefix.length));
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404); res.end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}${prefix}`;

const current = (await readdir(path.join(site, "scorecards"))).filter((d) => /^\d{4}-\d{2}$/.test(d)).sort().pop();
// The pages every site has, by what they are: the example names its own; a starter's are found.
const firstFolder = async (dir, skip = []) => (await readdir(path.join(site, dir), { withFileTypes: true }))
  .filter((e) => e.isDirectory() && !skip.includes(e.name)).map((e) => e.name).sort()[0];
const playbook = starter ? `complaints/${await firstFolder("complaints")}/` : "complaints/delivery-delay/";
const outlet = starter ? await firstFolder(`scorecards/${current}`, ["regions"]) : "sh-02";
const titleOf = async (page) => (await readFile(path.join(site, page, "index.html"), "utf8")).match(/<h1[^>]*>([^<]+)</)?.[1].trim();
console.log(`site: ${site}${starter ? " (a starter site)" : ""}; current month ${current}, playbook ${playbook}, outlet ${outlet}`);
const pages = [
  ["home", ""],
  ["playbook", playbook],
  ["network-scorecard", `scorecards/${current}/`],
  ["outlet-scorecard", `scorecards/${current}/${outlet}/`],
  ["outlet-history", `scorecards/outlets/${outlet}/`],
  ["digest", `scorecards/${current}/digest.html`],
  ["search", "search/?q=%E5%9B%9E%E8%AE%BF"],
];
// The what's-new page exists when the site was built from a git clone with history (a plain
// folder or an unusable clone builds without it, and says so).
const hasChanges = await stat(path.join(site, "changes/index.html")).then(() => true, () => false);
if (hasChanges) pages.push(["whats-new", "changes/"]);
console.log(`${hasChanges ? "" : "note: no changes/ page (built without git history); "}checking ${pages.map(([n]) => n).join(", ")}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
await mkdir(shots, { recursive: true });
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

for (const [name, url] of pages) {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems = [];
    // The browser asks for /favicon.ico by itself when a page names no icon, as the digest
    // does (a mail body has no icon); that request is not the page's.
    const favicon = (url) => name === "digest" && url?.endsWith("/favicon.ico");
    page.on("console", (m) => { if (m.type() === "error" && !favicon(m.location()?.url)) problems.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("response", (r) => { if (r.status() >= 400 && !favicon(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    await page.goto(base + url, { waitUntil: "networkidle" });
    check(problems.length === 0, `${name} @${width}px loads without errors ${problems.join("; ")}`);
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
    if (width === 1280) {
      await page.addScriptTag({ content: axeSource });
      // Light, then dark (prefers-color-scheme: staff read on phones at night).
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
        // Every violation counts, moderate ones too (two landmarks with one name went unseen
        // while only serious ones did), but on the digest: a document to paste into a chat,
        // which has no landmarks on purpose.
        const counted = name === "digest"
          ? result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
          : result.violations;
        check(counted.length === 0, `${name} (${scheme}): no axe violations${name === "digest" ? " (serious or critical)" : ""} ${counted.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")})`).join("; ")}`);
      }
      await page.screenshot({ path: path.join(shots, `${name}-${width}-dark.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: "light" });
    }
    if (width === 390) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      check(overflow <= 1, `${name} @390px does not scroll sideways as a whole (${overflow}px)`);
    }
    await page.close();
  }
}

// On a phone (mobile emulation: the layout viewport grows to fit content that overflows), no
// month's network scorecard is wider than the screen: only its tables scroll sideways.
{
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const months = (await readdir(path.join(site, "scorecards"))).filter((d) => /^\d{4}-\d{2}$/.test(d)).sort();
  const wide = [];
  for (const month of months) {
    const page = await context.newPage();
    await page.goto(`${base}scorecards/${month}/`, { waitUntil: "load" });
    const [scroll, layout] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (scroll > 391 || layout > 391) wide.push(`${month}: ${scroll}/${layout}px`);
    await page.close();
  }
  check(months.length > 0 && wide.length === 0, `${months.length} network scorecards fit a 390px phone screen (mobile emulation) ${wide.join(", ")}`);
  await context.close();
}

// Printed, the network scorecard holds every KPI of its outlets × KPIs matrix: the page is A4
// landscape and no column is cut off by the matrix's scrolling box.
{
  // A4 landscape less its 8 mm margins: 281 mm at 96 px an inch.
  const page = await browser.newPage({ viewport: { width: 1062, height: 756 } });
  await page.goto(`${base}scorecards/${current}/`, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const [heads, shown, cut] = await page.evaluate(() => {
    const wrap = document.querySelector(".matrix-wrap");
    const ths = [...document.querySelectorAll(".matrix-table thead tr:nth-child(2) th")];
    const edge = Math.min(wrap.getBoundingClientRect().right, window.innerWidth) + 1;
    return [ths.length, ths.filter((th) => th.getBoundingClientRect().right <= edge).length, wrap.scrollWidth - wrap.clientWidth];
  });
  check(heads > 0 && shown === heads && cut <= 1, `printed network scorecard (A4 landscape) shows all ${heads} KPI columns (${shown} on the page, ${cut}px cut off)`);
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const sheets = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  console.log(`note: the network scorecard prints on ${sheets} A4 pages`);
  await page.close();
}

// The digest is e-mail ready: loading it requests nothing but the page itself; it has no script,
// no stylesheet link, no image, and every link goes to the site (its base_url).
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const digestUrl = `${base}scorecards/${current}/digest.html`;
  await page.goto(digestUrl, { waitUntil: "networkidle" });
  check(requests.length === 1 && requests[0] === digestUrl, `digest makes no request of its own (${requests.join(", ")})`);
  const html = await readFile(path.join(site, `scorecards/${current}/digest.html`), "utf8");
  check(!/<script|<link|<img|<iframe|<svg/i.test(html), "digest has no script, link, image, frame or SVG");
  const siteBase = (await readFile(path.join(site, "sitemap.xml"), "utf8")).match(/<loc>(https?:\/\/[^/<]+\/)/)?.[1];
  const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  const foreign = refs.filter((r) => /^[a-z]+:/i.test(r) && !(siteBase && r.startsWith(siteBase)));
  check(refs.length > 0 && foreign.length === 0, `digest links only to the site (${foreign.slice(0, 3).join(", ")})`);
  const [outside] = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href")).filter((h) => h && !h.startsWith("http")));
  check(siteBase ? outside === undefined : true, `digest links are absolute when base_url is set (${outside ?? ""})`);
  await page.close();
}

// An outlet's monthly scorecard prints on one A4 page.
{
  const page = await browser.newPage();
  await page.goto(`${base}scorecards/${current}/${outlet}/`, { waitUntil: "networkidle" });
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  check(pages === 1, `outlet scorecard prints on one A4 page (${pages} pages)`);
  await page.screenshot({ path: path.join(shots, "outlet-scorecard-print.png"), fullPage: true });
  await page.close();
}

// The header's scorecard link reaches the current month in one click, through the stable
// scorecards/latest/ address.
{
  const page = await browser.newPage();
  await page.goto(base + playbook, { waitUntil: "networkidle" });
  await page.click(".main-nav a[href$='scorecards/latest/']");
  await page.waitForURL(`**/scorecards/${current}/`, { timeout: 10000 }).catch(() => {});
  check(page.url().endsWith(`scorecards/${current}/`), `the navigation's scorecard link opens ${current} (got ${page.url()})`);
  await page.close();
}

// The searches staff make, each with the page that must come first: titles and headings rank
// above body text. Excerpts hold no heading-anchor glyph and mark whole words only. How long the
// first results take after Enter is printed (a measurement, not a check).
const playbookTitle = await titleOf(playbook);
const searches = starter ? [
  [playbookTitle, playbook, "a playbook by its title"],
] : [
  ["回访", "kpis/low_score_callback_48h/", "a word in a KPI's name and in many playbooks"],
  ["我专门请了假过来", "complaints/delivery-delay/", "a playbook by a phrase of its dialogue"],
  ["NPS", "kpis/nps/", "a KPI by its abbreviation"],
  ["净推荐值", "kpis/nps/", "a KPI by its Chinese name"],
  ["成都", `scorecards/${current}/cd-01/`, "an outlet by its city"],
  ["报价单", "compensation/billing-error-refund/", "a rule by its trigger"],
  ["交车延迟", "compensation/delivery-delay-goodwill/", "a rule and a script by their title"],
];
const synonyms = JSON.parse(await readFile(path.join(site, "search/data/synonyms.json"), "utf8")).map((g) => g.w);
const timings = [];
for (const [query, expected, what] of searches) {
  const page = await browser.newPage();
  await page.goto(`${base}search/`, { waitUntil: "networkidle" });
  await page.fill("#search-q", query);
  const started = Date.now();
  await page.press("#search-q", "Enter");
  await page.waitForSelector(".search-result h2 a", { timeout: 10000 }).catch(() => {});
  timings.push(`${query} ${Date.now() - started} ms`);
  await page.waitForSelector(".search-excerpt", { timeout: 5000 }).catch(() => {});
  const links = await page.$$eval(".search-result h2 a", (as) => as.map((a) => a.getAttribute("href")));
  // A starter's title may be part of another page's title too (交车延迟, 交车延迟善意补偿): there
  // the page is to be among the first three.
  const found = starter ? links.slice(0, 3).some((l) => l.endsWith(expected)) : (links[0] ?? "").endsWith(expected);
  check(found, `search ${query} (${what}) puts ${expected} ${starter ? "in the first three" : "first"} (got ${links.slice(0, 3).join(", ")})`);
  const excerpts = await page.$$eval(".search-excerpt", (ps) => ps.map((p) => p.textContent));
  check(excerpts.length > 0 && excerpts.every((t) => !t.includes("#")), `search ${query}: excerpts shown, without anchor glyphs`);
  // Marked: the word typed, whole, or a word the site declares to mean the same (synonyms.json);
  // in a result that holds neither, the longest pieces of the word it holds (two characters or
  // more), never single characters of it.
  const marks = await page.$$eval(".search-result mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  const same = [query.toLowerCase(), ...synonyms.filter((g) => g.includes(query.toLowerCase())).flat()];
  const piece = (m) => [...m].length >= 2 && query.toLowerCase().includes(m);
  check(marks.length > 0 && marks.includes(query.toLowerCase()) || marks.some((m) => same.includes(m)), `search ${query}: the word typed (or a declared synonym) is marked (got ${[...new Set(marks)].slice(0, 5).join(", ")})`);
  check(marks.every((m) => (starter ? query.toLowerCase().includes(m) : same.includes(m) || piece(m))), `search ${query}: only ${starter ? "words of the query are" : "the word, its synonyms or pieces of two characters or more are"} marked (got ${[...new Set(marks)].slice(0, 5).join(", ")})`);
  if (query === "回访") {
    await page.screenshot({ path: path.join(shots, "search-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, "search-390.png"), fullPage: true });
  }
  await page.close();
}
console.log(`first search results after Enter: ${timings.join(", ")}`);
{
  // The header's search box on any page opens the search page with its results.
  const page = await browser.newPage();
  await page.goto(base + playbook, { waitUntil: "networkidle" });
  await page.fill("#site-search-q", starter ? playbookTitle : "成都");
  await page.press("#site-search-q", "Enter");
  await page.waitForSelector(".search-result h2 a", { timeout: 10000 }).catch(() => {});
  const shown = await page.$$eval(".search-result h2 a", (as) => as.slice(0, 3).map((a) => a.getAttribute("href")));
  const wanted = starter ? playbook : `scorecards/${current}/cd-01/`;
  const first = starter ? shown.find((l) => l.endsWith(wanted)) ?? "" : shown[0] ?? "";
  check(page.url().includes("search/?q=") && first.endsWith(wanted), `the header's search box finds ${starter ? playbookTitle : "成都"} (got ${page.url()} → ${shown.join(", ")})`);
  await page.close();
}
await browser.close();
server.close();

// The Nu HTML Checker on every generated page.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", "--skip-non-html", "--format", "text", site], { stdio: "pipe" });
  check(true, "every HTML page passes the Nu HTML Checker");
} catch (e) {
  const report = String(e.stderr || e.stdout || e.message).split("\n").slice(0, 30).join("\n");
  check(false, `Nu HTML Checker errors:\n${report}`);
}

console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
