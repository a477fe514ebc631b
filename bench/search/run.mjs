// Search quality of pitwall's own search against Pagefind on the same built pages, in headless
// Chromium (see bench/README.md, "Search quality"). Run by bench/search/run.sh, which builds the
// sites and the Pagefind copies; by hand:
//
//   node run.mjs [--out DIR] NAME SITE PAGEFIND_SITE QUERIES.json [NAME SITE PAGEFIND_SITE QUERIES.json …]
//
// SITE is pitwall's output (its index under search/data/), PAGEFIND_SITE a copy of it with
// Pagefind's bundle under pagefind/. Each query runs in a fresh browser context (empty cache), in
// each engine:
// - pitwall: its own search page, `search/?q=…`, as staff reach it from the header's search box;
//   the results are the `li.search-result` of `#search-results` (10 shown);
// - Pagefind: a bare page (served by this script at /__bench/pagefind.html) that imports
//   /pagefind/pagefind.js, calls init() and search(q), then data() of the first 10 results, as
//   Pagefind's UI does for the results it shows, and adds an `li` as each one's data arrives.
// Time to first results: from navigation start (performance.timeOrigin) to the first result in
// the list, or, with no result, to the answer saying so.
// Bytes: every response is counted by the size a web server with gzip would send: the body
// gzipped at level 6, except bodies already gzip-compressed (Pagefind's .pf_* and wasm files),
// counted as they are. Per query, the engine's files are split into one-time files (the same for
// every query: pitwall's search.js and index meta files; Pagefind's pagefind.js, worker, entry,
// .pf_meta and wasm) and query files (pitwall's term shards and text chunks; Pagefind's
// .pf_index chunks and .pf_fragment files).
// Writes per-query details to OUT/<name>-<engine>.json and prints Markdown tables.
import { createServer } from "node:http";
import { readFile, stat, mkdir, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";

// playwright-core from the browser tests' node_modules (tests/browser/package.json).
const require = createRequire(new URL("../../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
let outDir = "/tmp/search-bench";
const corpora = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out") { outDir = args[++i]; continue; }
  const [name, site, pfSite, queries] = args.slice(i, i + 4);
  if (!queries) throw new Error("usage: node run.mjs [--out DIR] NAME SITE PAGEFIND_SITE QUERIES.json …");
  corpora.push({ name, site: path.resolve(site), pfSite: path.resolve(pfSite), queries: path.resolve(queries) });
  i += 3;
}
if (!corpora.length) throw new Error("usage: node run.mjs [--out DIR] NAME SITE PAGEFIND_SITE QUERIES.json …");
await mkdir(outDir, { recursive: true });

// ---- a static server that logs what it sends ---------------------------------------------------
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm" };
const PF_PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title><link rel="icon" href="data:,"></head>
<body><p id="status"></p><ol id="results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const status = document.getElementById("status"), list = document.getElementById("results");
try {
  const pf = await import("/pagefind/pagefind.js");
  await pf.init();
  const r = await pf.search(q);
  window.__total = r.results.length;
  if (!r.results.length) { status.textContent = "none"; window.__answered = performance.now(); }
  const slots = r.results.slice(0, 10).map(() => list.appendChild(document.createElement("li")));
  const data = await Promise.all(r.results.slice(0, 10).map((x, i) => x.data().then((d) => {
    slots[i].className = "result";
    const a = slots[i].appendChild(document.createElement("a"));
    a.href = d.url; a.textContent = d.meta.title || d.url;
    if (!window.__first) window.__first = performance.now();
    return d;
  })));
  window.__urls = data.map((d) => d.url);
  window.__answered = window.__answered || performance.now();
} catch (e) { window.__error = String(e && e.stack || e); window.__answered = performance.now(); }
window.__done = true;
</script></body></html>`;

const sentCache = new Map();
function sentSize(file, body) {
  if (!sentCache.has(file)) {
    const gz = body.length > 1 && body[0] === 0x1f && body[1] === 0x8b;
    sentCache.set(file, gz ? body.length : gzipSync(body, { level: 6 }).length);
  }
  return sentCache.get(file);
}

async function serve(root) {
  const log = [];
  const server = createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (url === "/__bench/pagefind.html") {
      res.writeHead(200, { "content-type": types[".html"] });
      return res.end(PF_PAGE);
    }
    if (url.includes("..")) { res.writeHead(404); return res.end(); }
    let file = path.join(root, url);
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      log.push({ path: url, raw: body.length, sent: sentSize(file, body) });
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      log.push({ path: url, raw: 0, sent: 0, missing: true });
      res.writeHead(404); res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${server.address().port}`, log, close: () => new Promise((r) => server.close(r)) };
}

// ---- what counts as what -----------------------------------------------------------------------
function classify(engine, p) {
  if (engine === "pitwall") {
    if (p.startsWith("/search/data/")) return p.endsWith("/meta.json") ? "oneTime" : "query";
    if (p === "/static/search.js") return "oneTime";
    return "page";
  }
  if (p.startsWith("/pagefind/")) {
    if (/\.pf_(index|fragment)$/.test(p)) return "query";
    return "oneTime";
  }
  return "page";
}

// ---- metrics -----------------------------------------------------------------------------------
const norm = (u) => {
  const noHash = u.split("#")[0];
  let p = noHash.startsWith("http") ? new URL(noHash).pathname : noHash;
  try { p = decodeURI(p); } catch {}
  if (!p.endsWith("/") && !path.extname(p)) p += "/";
  return p.replace(/\/index\.html$/, "/");
};
function score(results, relevant) {
  const grade = (u) => relevant[u] ?? 0;
  const firstRel = results.slice(0, 10).findIndex((u) => grade(u) > 0);
  const dcg = (gs) => gs.slice(0, 5).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(Object.values(relevant).sort((a, b) => b - a));
  return {
    rr: firstRel >= 0 ? 1 / (firstRel + 1) : 0,
    firstRelevantRank: firstRel >= 0 ? firstRel + 1 : null,
    ndcg5: ideal ? dcg(results.map(grade)) / ideal : 0,
    zero: results.length === 0,
    relevantInTop5: results.slice(0, 5).some((u) => grade(u) > 0),
  };
}
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

// ---- one query in one engine -------------------------------------------------------------------
const PITWALL_PROBE = () => {
  // Records when the first result is in the list and when the page has answered (a status that
  // is not the "loading" one), from navigation start.
  const check = () => {
    const ui = document.getElementById("search");
    const status = document.getElementById("search-status");
    if (!ui || !status) return;
    if (!window.__first && document.querySelector("#search-results li.search-result")) window.__first = performance.now();
    const text = status.textContent;
    if (!window.__answered && text && text !== ui.dataset.loading) window.__answered = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
};

async function runQuery(browser, engine, srv, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  let inflight = 0, lastChange = Date.now();
  page.on("request", () => { inflight++; lastChange = Date.now(); });
  const done = () => { inflight--; lastChange = Date.now(); };
  page.on("requestfinished", done);
  page.on("requestfailed", (r) => { done(); problems.push(`request failed: ${r.url()}`); });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  if (engine === "pitwall") await page.addInitScript(PITWALL_PROBE);
  srv.log.length = 0;
  const url = engine === "pitwall"
    ? `${srv.base}/search/?q=${encodeURIComponent(q)}`
    : `${srv.base}/__bench/pagefind.html?q=${encodeURIComponent(q)}`;
  await page.goto(url, { waitUntil: "load" });
  let timedOut = false;
  try {
    await page.waitForFunction(() => window.__answered && (document.querySelector("#search-results") ? true : window.__done), null, { timeout: 20000 });
  } catch { timedOut = true; problems.push("no answer within 20 s"); }
  // The excerpts (pitwall's text chunks, Pagefind's fragments) load after the list: wait for
  // the network to be quiet for 150 ms.
  const t0 = Date.now();
  while (Date.now() - t0 < 10000 && (inflight > 0 || Date.now() - lastChange < 150)) await page.waitForTimeout(25);
  const info = await page.evaluate((engine) => {
    if (engine === "pitwall") {
      const ui = document.getElementById("search");
      return {
        first: window.__first ?? null,
        answered: window.__answered ?? null,
        urls: [...document.querySelectorAll("#search-results > li.search-result h2 a")].map((a) => a.href),
        status: document.getElementById("search-status")?.textContent ?? "",
        found: ui?.dataset.found ?? "",
        excerpts: document.querySelectorAll("#search-results .search-excerpt").length,
      };
    }
    return { first: window.__first ?? null, answered: window.__answered ?? null, urls: window.__urls ?? [], total: window.__total ?? 0, error: window.__error ?? null };
  }, engine);
  await context.close();
  if (info.error) problems.push(`pagefind: ${info.error}`);
  let total = info.total;
  if (engine === "pitwall") {
    const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp("^" + esc(info.found).replace(esc("{q}"), "[\\s\\S]*").replace(esc("{n}"), "(\\d+)") + "$");
    const m = info.status.match(re);
    total = m ? Number(m[1]) : info.urls.length;
  }
  const files = srv.log.map((f) => ({ ...f, class: classify(engine, f.path) }));
  const sum = (c) => files.filter((f) => f.class === c).reduce((s, f) => s + f.sent, 0);
  const urls = [];
  for (const u of info.urls.map(norm)) if (!urls.includes(u)) urls.push(u);
  return {
    results: urls, total, status: info.status, excerpts: info.excerpts,
    ms: info.first ?? info.answered, msAnswered: info.answered, timedOut,
    bytes: { query: sum("query"), oneTime: sum("oneTime"), page: sum("page") },
    files: files.filter((f) => f.class !== "page").map((f) => ({ path: f.path, sent: f.sent, raw: f.raw, class: f.class })),
    problems,
  };
}

// ---- main --------------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const tables = [], badLists = [], notes = [];
const kb = (b) => (b / 1024).toFixed(1);
const started = Date.now();
for (const corpus of corpora) {
  const queries = JSON.parse(await readFile(corpus.queries, "utf8"));
  // The pages pitwall indexes, to check the judgments and Pagefind's page count against.
  const meta = JSON.parse(await readFile(path.join(corpus.site, "search/data/meta.json"), "utf8"));
  const indexed = new Set();
  for (const part of meta.parts) {
    const m = JSON.parse(await readFile(path.join(corpus.site, "search/data", part, "meta.json"), "utf8"));
    m.pages.forEach((p) => indexed.add("/" + p[0]));
  }
  for (const q of queries) for (const u of Object.keys(q.relevant)) if (!indexed.has(u)) notes.push(`${corpus.name}: judged page ${u} (“${q.q}”) is not in pitwall's index`);
  try {
    const entry = JSON.parse(await readFile(path.join(corpus.pfSite, "pagefind/pagefind-entry.json"), "utf8"));
    const pfPages = Object.values(entry.languages).reduce((s, l) => s + l.page_count, 0);
    notes.push(`${corpus.name}: pitwall indexes ${indexed.size} pages, Pagefind ${pfPages}`);
  } catch (e) { notes.push(`${corpus.name}: no Pagefind bundle (${e.message})`); }

  const rows = [];
  const perEngine = {};
  for (const engine of ["pitwall", "pagefind"]) {
    const srv = await serve(engine === "pitwall" ? corpus.site : corpus.pfSite);
    const details = [];
    const oneTimeFiles = new Map();
    for (const q of queries) {
      const r = await runQuery(browser, engine, srv, q.q);
      r.files.filter((f) => f.class === "oneTime").forEach((f) => oneTimeFiles.set(f.path, f.sent));
      details.push({ q: q.q, kind: q.kind, relevant: q.relevant, ...score(r.results, q.relevant), ...r });
    }
    await srv.close();
    await writeFile(path.join(outDir, `${corpus.name}-${engine}.json`), JSON.stringify(details, null, 1));
    perEngine[engine] = details;
    const n = details.length;
    const oneTimeOnce = [...oneTimeFiles.values()].reduce((a, b) => a + b, 0);
    const queryBytes = details.map((d) => d.bytes.query);
    rows.push([
      engine, n,
      mean(details.map((d) => d.rr)).toFixed(3),
      mean(details.map((d) => d.ndcg5)).toFixed(3),
      details.filter((d) => d.zero).length,
      details.filter((d) => !d.relevantInTop5).length,
      Math.round(median(details.map((d) => d.ms))),
      kb(median(queryBytes)),
      kb(median(details.map((d) => d.bytes.query + d.bytes.oneTime))),
      kb((queryBytes.reduce((a, b) => a + b, 0) + oneTimeOnce) / n),
      kb(oneTimeOnce),
    ]);
    const problems = details.flatMap((d) => d.problems.map((p) => `“${d.q}”: ${p}`));
    if (problems.length) notes.push(`${corpus.name}/${engine}: ${problems.length} problem(s): ${[...new Set(problems)].slice(0, 8).join("; ")}`);
  }
  tables.push(`### ${corpus.name} (${queries.length} queries)\n\n` +
    "| engine | queries | MRR@10 | nDCG@5 | zero results | nothing relevant in top 5 | median ms to first results | median KB/query (query files) | median KB/query cold (+ one-time files) | KB/query over the session (one-time files once) | one-time files KB |\n" +
    "|---|---|---|---|---|---|---|---|---|---|---|\n" +
    rows.map((r) => `| ${r.join(" | ")} |`).join("\n"));
  // Where pitwall does badly, with what it returned and where Pagefind put the best page.
  const pf = Object.fromEntries(perEngine.pagefind.map((d) => [d.q, d]));
  const bad = perEngine.pitwall.filter((d) => !d.relevantInTop5).map((d) => {
    const shown = d.zero ? "no results" : d.results.slice(0, 3).map((u) => `${u} (${d.relevant[u] ?? 0})`).join(", ") + (d.total > 3 ? ` … (${d.total})` : "");
    const other = pf[d.q];
    const pfSays = other.zero ? "no results" : other.firstRelevantRank ? `first relevant at ${other.firstRelevantRank}` : "nothing relevant in top 10";
    return `- \`${d.q}\` [${d.kind}]: ${shown}${d.firstRelevantRank ? `; first relevant at ${d.firstRelevantRank}` : ""} — Pagefind: ${pfSays}`;
  });
  badLists.push(`#### ${corpus.name}: pitwall's queries with nothing relevant in the top 5 (${bad.length})\n\n` +
    "Returned pages with their grade in parentheses.\n\n" + (bad.join("\n") || "(none)"));
}
await browser.close();

console.log(`## Search quality: pitwall vs Pagefind\n`);
console.log(tables.join("\n\n"));
console.log(`\nBytes: each response's size gzipped at level 6 (bodies already gzip-compressed counted as they are), as a server with gzip would send them. Query files: pitwall's term shards and text chunks, Pagefind's index chunks and fragments. One-time files: pitwall's search.js and index meta files, Pagefind's pagefind.js, worker, entry, pf_meta and wasm. Each query runs in a fresh browser context (empty cache), over loopback with no throttling; time is from navigation start to the first result shown (or to the no-result answer).\n`);
console.log(badLists.join("\n\n"));
if (notes.length) console.log("\nNotes:\n" + notes.map((n) => `- ${n}`).join("\n"));
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; per-query details in ${outDir}/)`);
