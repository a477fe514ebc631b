// pitwall's search page: looks words up in the index `pitwall build` wrote (see
// src/render/search/), in the browser, with no server. The way text becomes terms must stay the
// same as src/render/search/tokens.rs: NFKC, lower case; a run of letters or digits is one term;
// a run of CJK characters is looked up by its characters (one alone) or pairs of neighbours.
// The index is in parts (pages, scorecards), ranked here as one: page counts, lengths and term
// frequencies are added up over the parts.
(function () {
  "use strict";
  var VERSION = 2;
  var PAGE_SIZE = 10;
  var ui = document.getElementById("search");
  if (!ui || !window.fetch) return;
  ui.hidden = false;
  var root = new URL(ui.dataset.root, window.location.href);
  var index = new URL(ui.dataset.index, root);
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var cache = {};
  var latest = 0;
  var shown = [];

  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{3134f}]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, index)).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      // A failed load is tried again by the next search.
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  // The parts' pages as one list: a result is a page of a part, by its place in this list.
  var whole = null;
  function loadIndex() {
    if (!whole) {
      whole = load("meta.json").then(function (meta) {
        if (meta.version !== VERSION) throw new Error("index version " + meta.version);
        return Promise.all(meta.parts.map(function (name) {
          return load(name + "/meta.json").then(function (part) {
            part.name = name;
            return part;
          });
        }));
      }).then(function (parts) {
        var pages = [], total = 0;
        parts.forEach(function (part) {
          part.offset = pages.length;
          part.pages.forEach(function (p, i) {
            pages.push({ part: part, local: i, url: p[0], title: p[1], kind: p[2], len: p[3] });
            total += p[3];
          });
        });
        return { parts: parts, pages: pages, avglen: pages.length ? total / pages.length : 1 };
      });
      whole.catch(function () { whole = null; });
    }
    return whole;
  }

  // The query's terms to look up, and its runs (the words as typed) to mark in excerpts.
  function parse(query) {
    var text = query.normalize("NFKC").toLowerCase();
    var terms = [], runs = [], run = "", kind = "";
    function flush() {
      if (!run) return;
      runs.push(run);
      if (kind === "cjk") {
        var chars = Array.from(run);
        if (chars.length === 1) terms.push(run);
        for (var i = 1; i < chars.length; i++) terms.push(chars[i - 1] + chars[i]);
      } else {
        terms.push(run);
      }
      run = "";
    }
    for (var c of text) {
      var k = CJK.test(c) ? "cjk" : WORD.test(c) ? "word" : "";
      if (k !== kind) { flush(); kind = k; }
      if (k) run += c;
    }
    flush();
    return { terms: terms.filter(function (t, i) { return terms.indexOf(t) === i; }), runs: runs };
  }

  // FNV-1a of the UTF-8 bytes, as tokens::hash.
  function hash(term) {
    var h = 0x811c9dc5;
    new TextEncoder().encode(term).forEach(function (b) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    });
    return h;
  }

  // Pages holding every term, best first: BM25 over the weighted counts, then a page whose title
  // holds what was typed above one that only mentions it.
  // shards[t][j]: the shard of part j that holds term t.
  function rank(ix, query, shards) {
    var n = ix.pages.length, k1 = 1.2, b = 0.75, avg = ix.avglen || 1;
    var score = new Map(), hits = new Map();
    for (var t = 0; t < query.terms.length; t++) {
      var lists = [], df = 0;
      for (var j = 0; j < ix.parts.length; j++) {
        var list = shards[t][j][query.terms[t]];
        if (list) {
          lists.push([ix.parts[j].offset, list]);
          df += list.length / 2;
        }
      }
      if (!df) return [];
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      lists.forEach(function (l) {
        var postings = l[1];
        for (var i = 0; i < postings.length; i += 2) {
          var page = l[0] + postings[i], w = postings[i + 1], len = ix.pages[page].len;
          var tf = (w * (k1 + 1)) / (w + k1 * (1 - b + (b * len) / avg));
          score.set(page, (score.get(page) || 0) + idf * tf);
          hits.set(page, (hits.get(page) || 0) + 1);
        }
      });
    }
    var found = [];
    hits.forEach(function (count, page) {
      if (count < query.terms.length) return;
      var title = ix.pages[page].title.normalize("NFKC").toLowerCase();
      var inTitle = query.runs.filter(function (r) { return title.indexOf(r) >= 0; }).length;
      var bonus = inTitle === query.runs.length ? 3 : inTitle > 0 ? 1.5 : 1;
      found.push({ page: page, score: score.get(page) * bonus });
    });
    found.sort(function (x, y) {
      return y.score - x.score || (ix.pages[x.page].url < ix.pages[y.page].url ? -1 : 1);
    });
    return found;
  }

  function occurrences(text, runs) {
    var lower = text.toLowerCase(), spans = [];
    runs.forEach(function (r) {
      for (var at = lower.indexOf(r); at >= 0; at = lower.indexOf(r, at + r.length)) {
        spans.push([at, at + r.length]);
      }
    });
    spans.sort(function (x, y) { return x[0] - y[0]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push(s.slice());
    });
    return merged;
  }

  // `text` with the runs marked, as DOM nodes (never HTML from the index).
  function marked(text, runs) {
    var out = document.createDocumentFragment(), at = 0;
    occurrences(text, runs).forEach(function (s) {
      out.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      out.appendChild(mark);
      at = s[1];
    });
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  function excerpt(text, runs) {
    var first = occurrences(text, runs)[0];
    var chars = Array.from(text);
    if (chars.length <= 110) return text;
    var at = first ? Array.from(text.slice(0, first[0])).length : 0;
    var start = Math.max(0, at - 30), end = Math.min(chars.length, start + 110);
    return (start > 0 ? "…" : "") + chars.slice(start, end).join("") + (end < chars.length ? "…" : "");
  }

  function link(url, text, runs) {
    var a = document.createElement("a");
    a.href = new URL(url, root).href;
    a.appendChild(marked(text, runs));
    return a;
  }

  // Fills a result's excerpt and its sections once the page's text is loaded.
  function details(ix, item, li, query) {
    var page = ix.pages[item.page], part = page.part;
    var chunk = Math.floor(page.local / part.chunk);
    return load(part.name + "/text/" + chunk + ".json").then(function (text) {
      var sections = text[page.local % part.chunk] || [];
      var best = null, bestHits = -1, subs = [];
      sections.forEach(function (s) {
        var h = occurrences(s[1], query.runs).length * 3 + occurrences(s[2], query.runs).length;
        if (h > bestHits) { best = s; bestHits = h; }
        if (h > 0 && s[0]) subs.push(s);
      });
      if (best) {
        var p = document.createElement("p");
        p.className = "search-excerpt";
        p.appendChild(marked(excerpt(best[2], query.runs), query.runs));
        li.appendChild(p);
      }
      if (subs.length) {
        var ul = document.createElement("ul");
        ul.className = "search-sections";
        subs.slice(0, 3).forEach(function (s) {
          var sub = document.createElement("li");
          sub.appendChild(link(page.url + "#" + s[0], s[1], query.runs));
          ul.appendChild(sub);
        });
        li.appendChild(ul);
      }
    });
  }

  function show(ix, query, count) {
    var from = list.children.length;
    shown.slice(from, count).forEach(function (item) {
      var page = ix.pages[item.page];
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h2");
      h.appendChild(link(page.url, page.title || page.url, query.runs));
      li.appendChild(h);
      if (page.kind) {
        var kind = document.createElement("p");
        kind.className = "search-kind";
        kind.textContent = page.kind;
        li.appendChild(kind);
      }
      list.appendChild(li);
      details(ix, item, li, query).catch(function () {});
    });
    more.hidden = shown.length <= count;
  }

  function say(template, q, n) {
    status.textContent = template.replace("{q}", q).replace("{n}", n);
  }

  function search(q) {
    var mine = ++latest;
    q = q.trim();
    list.replaceChildren();
    more.hidden = true;
    shown = [];
    if (!q) { status.textContent = ""; return; }
    status.textContent = ui.dataset.loading;
    var query = parse(q);
    loadIndex().then(function (ix) {
      if (!query.terms.length) return { ix: ix, found: [] };
      return Promise.all(query.terms.map(function (t) {
        return Promise.all(ix.parts.map(function (part) {
          return load(part.name + "/terms/" + (hash(t) & (part.shards - 1)) + ".json");
        }));
      })).then(function (shards) { return { ix: ix, found: rank(ix, query, shards) }; });
    }).then(function (r) {
      if (mine !== latest) return;
      shown = r.found;
      say(shown.length ? ui.dataset.found : ui.dataset.none, q, shown.length);
      show(r.ix, query, PAGE_SIZE);
      more.onclick = function () { show(r.ix, query, list.children.length + PAGE_SIZE); };
    }).catch(function () {
      if (mine === latest) status.textContent = ui.dataset.failed;
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      search(input.value);
    }, 150);
  });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    search(q);
  } else {
    // The parts' page lists, loaded while the query is typed.
    loadIndex().catch(function () {});
  }
  input.focus();
})();
