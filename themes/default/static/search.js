// pitwall's search page: looks words up in the index `pitwall build` wrote (see
// src/render/search/), in the browser, with no server. The way text becomes terms must stay the
// same as src/render/search/tokens.rs: NFKC, lower case; a run of letters or digits is one term;
// a run of CJK characters is looked up by its characters (one alone) or pairs of neighbours.
// The index is in parts (pages, scorecards), ranked here as one: page counts, lengths and term
// frequencies are added up over the parts.
(function () {
  "use strict";
  var VERSION = 3;
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

  // Words that mean the same (`synonyms.json`): phrase → its groups' other phrases and the
  // pages they name.
  var synonyms = null;
  function loadSynonyms() {
    if (!synonyms) {
      synonyms = load("synonyms.json").then(function (groups) {
        var map = new Map();
        groups.forEach(function (g) {
          g.w.forEach(function (p) {
            var known = map.get(p) || { also: [], urls: [] };
            known.also = known.also.concat(g.w.filter(function (q) { return q !== p; }));
            if (g.u) known.urls.push(g.u);
            map.set(p, known);
          });
        });
        return map;
      }, function () { return new Map(); });
    }
    return synonyms;
  }

  // The terms of a piece of text, as the index made them: a Latin word whole, a CJK run by its
  // pairs (a single character alone).
  function termsOf(text) {
    var terms = [];
    runsOf(text).forEach(function (r) {
      if (r.cjk) {
        var chars = Array.from(r.text);
        if (chars.length === 1) terms.push(r.text);
        for (var i = 1; i < chars.length; i++) terms.push(chars[i - 1] + chars[i]);
      } else {
        terms.push(r.text);
      }
    });
    return unique(terms);
  }

  function unique(list) {
    return list.filter(function (t, i) { return list.indexOf(t) === i; });
  }

  // Runs of CJK characters or of letters and digits, in order.
  function runsOf(text) {
    var runs = [], run = "", kind = "";
    for (var c of text) {
      var k = CJK.test(c) ? "cjk" : WORD.test(c) ? "word" : "";
      if (k !== kind) {
        if (run) runs.push({ text: run, cjk: kind === "cjk" });
        run = "";
        kind = k;
      }
      if (k) run += c;
    }
    if (run) runs.push({ text: run, cjk: kind === "cjk" });
    return runs;
  }

  // What a query asks for: its concepts (a word, a CJK run or a phrase the site declares), each
  // with ways to be found (its own terms, its synonyms' terms; single characters or similar
  // words are added once the index says its own terms are nowhere), and the text to mark.
  function parse(query, syn) {
    var text = query.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    var concepts = [];
    var concept = function (phrase, known) {
      var ways = [{ terms: termsOf(phrase), weight: 1, text: phrase }];
      (known ? known.also : []).forEach(function (w) {
        ways.push({ terms: termsOf(w), weight: 0.9, text: w });
      });
      ways.forEach(function (w) { w.slots = slotsOf(w); });
      return { text: phrase, cjk: CJK.test(phrase), ways: ways, urls: known ? known.urls : [] };
    };
    if (syn.has(text)) {
      concepts.push(concept(text, syn.get(text)));
    } else {
      var runs = [];
      runsOf(text).forEach(function (r) {
        if (!r.cjk || syn.has(r.text)) runs.push(r);
        else questionless(r.text).forEach(function (t) { runs.push({ text: t, cjk: true }); });
      });
      if (!runs.length) runs = runsOf(text);
      runs.forEach(function (r) {
        if (syn.has(r.text) || !r.cjk) {
          concepts.push(concept(r.text, syn.get(r.text)));
          return;
        }
        // A CJK run: the longest phrases the site declares inside it stand alone, the rest
        // between them are concepts of their own.
        var chars = Array.from(r.text), at = 0, rest = "";
        while (at < chars.length) {
          var found = 0;
          for (var len = chars.length - at; len >= 2 && !found; len--) {
            if (syn.has(chars.slice(at, at + len).join(""))) found = len;
          }
          if (found) {
            if (rest) concepts.push(concept(rest));
            rest = "";
            var phrase = chars.slice(at, at + found).join("");
            concepts.push(concept(phrase, syn.get(phrase)));
            at += found;
          } else {
            rest += chars[at];
            at += 1;
          }
        }
        if (rest) concepts.push(concept(rest));
      });
    }
    return { concepts: concepts };
  }

  // The words of a question that say nothing of what it is about (`交车延迟怎么说` is about
  // 交车延迟): a CJK run is cut where they stand, and they are left out, unless the query holds
  // nothing else.
  var QUESTION = ["为什么", "怎么办", "怎么样", "怎么说", "怎么算", "怎么做", "怎么弄", "怎么",
    "如何", "什么", "哪些", "哪个", "是否", "能不能", "可不可以", "有没有", "吗", "呢"];
  function questionless(run) {
    var parts = [run];
    QUESTION.forEach(function (q) {
      parts = [].concat.apply([], parts.map(function (p) { return p.split(q); }));
    });
    return parts.filter(Boolean);
  }

  // What a way of finding a concept must cover: each CJK character (covered by either pair it
  // is in), each Latin word, each character of a single-character fallback. A page covers a
  // way by the share of these it holds, so a pair across two words (户投 in 客户投诉) that a page
  // lacks costs it nothing when it holds 客户 and 投诉.
  function slotsOf(way) {
    if (way.chars) return way.terms.map(function (t) { return [t]; });
    var slots = [];
    runsOf(way.text).forEach(function (r) {
      var ch = Array.from(r.text);
      if (!r.cjk || ch.length === 1) {
        slots.push([r.text]);
        return;
      }
      for (var j = 0; j < ch.length; j++) {
        var slot = [];
        if (j > 0) slot.push(ch[j - 1] + ch[j]);
        if (j + 1 < ch.length) slot.push(ch[j] + ch[j + 1]);
        slots.push(slot);
      }
    });
    return slots;
  }

  // What to mark in `text`: each concept's phrases (what was typed, its synonyms, similar
  // words) where `text` holds one of them, else the pairs of its characters that it holds, so
  // that whole words are marked rather than pieces of them.
  function marksFor(query, text) {
    var lower = text.normalize("NFKC").toLowerCase(), marks = [];
    query.concepts.forEach(function (c) {
      var phrases = c.ways.map(function (w) { return w.text; }).filter(function (p) {
        return p && lower.indexOf(p) >= 0;
      });
      if (phrases.length) {
        marks = marks.concat(phrases);
        return;
      }
      c.ways.forEach(function (w) {
        w.terms.forEach(function (t) {
          if (CJK.test(t) && (w.chars || t.length > 1) && lower.indexOf(t) >= 0) marks.push(t);
        });
      });
    });
    return unique(marks);
  }

  // FNV-1a of the UTF-8 bytes, as tokens::hash.
  function hash(term) {
    var h = 0x811c9dc5;
    new TextEncoder().encode(term).forEach(function (b) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    });
    return h;
  }

  // Every term's postings over the parts: term → [[offset, postings], …], loaded once a query.
  function lookup(ix, terms, found) {
    var wanted = unique(terms).filter(function (t) { return !found.has(t); });
    return Promise.all(wanted.map(function (t) {
      return Promise.all(ix.parts.map(function (part) {
        return load(part.name + "/terms/" + (hash(t) & (part.shards - 1)) + ".json");
      })).then(function (shards) {
        var lists = [];
        shards.forEach(function (shard, j) {
          var list = shard[t];
          if (list) lists.push([ix.parts[j].offset, list]);
        });
        found.set(t, lists);
      });
    })).then(function () { return found; });
  }

  function df(found, t) {
    return (found.get(t) || []).reduce(function (n, l) { return n + l[1].length / 2; }, 0);
  }

  // Damerau–Levenshtein distance of two short words, or more than `max` when it is larger.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var d = [];
    for (var i = 0; i <= a.length; i++) { d.push([i]); }
    for (var j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length][b.length];
  }

  // Words of the index close to a Latin word found nowhere: a typo (`borow`), another form
  // (`shadowing` for shadowed), the start of a longer word (`lifet`).
  function similar(ix, word) {
    var max = word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
    return Promise.all(ix.parts.map(function (part) {
      return load(part.name + "/words.json").catch(function () { return []; });
    })).then(function (lists) {
      var out = [];
      lists.forEach(function (words) {
        words.forEach(function (w) {
          if (w === word || out.indexOf(w) >= 0) return;
          var stem = word.length >= 5 && w.length >= 5 &&
            w.slice(0, word.length - 2) === word.slice(0, word.length - 2) &&
            Math.abs(w.length - word.length) <= 3;
          var prefix = word.length >= 3 && w.indexOf(word) === 0 && w.length <= word.length + 6;
          if (stem || prefix || (max && distance(word, w, max) <= max)) out.push(w);
        });
      });
      return out.slice(0, 8);
    });
  }

  // Ways found nowhere are given fallbacks: a CJK run its characters, a Latin word the words
  // of the index that are close to it.
  function fallbacks(ix, query, found) {
    var more = [];
    query.concepts.forEach(function (c) {
      var own = c.ways[0];
      if (own.terms.some(function (t) { return df(found, t) > 0; })) return;
      if (c.cjk) {
        var chars = unique(Array.from(c.text).filter(function (ch) { return CJK.test(ch); }));
        if (chars.length > 1) {
          var way = { terms: chars, weight: 0.5, text: "", chars: true };
          way.slots = slotsOf(way);
          c.ways.push(way);
        }
      } else if (own.terms.length === 1) {
        more.push(similar(ix, own.terms[0]).then(function (words) {
          words.forEach(function (w) {
            c.ways.push({ terms: [w], weight: 0.7, text: w, slots: [[w]] });
          });
        }));
      }
    });
    return Promise.all(more).then(function () {
      var terms = [];
      query.concepts.forEach(function (c) {
        c.ways.forEach(function (w) { terms = terms.concat(w.terms); });
      });
      return lookup(ix, terms, found);
    });
  }

  // Pages best first. Each concept of the query scores a page by the best of its ways (BM25 over
  // the weighted counts of the way's terms, times the way's weight), and covers it by the share
  // of the way's terms (weighted by rarity) the page holds. Pages covering more of the query
  // come first: the score is multiplied by the square of the mean cover, and pages covering
  // much less than the best are left out. A page whose title holds what was typed goes up.
  function rank(ix, query, found) {
    var n = ix.pages.length, k1 = 1.2, b = 0.75, avg = ix.avglen || 1;
    var idf = function (t) {
      var d = df(found, t);
      return d ? Math.log(1 + (n - d + 0.5) / (d + 0.5)) : 0;
    };
    var total = new Map(), covered = new Map(), usable = 0;
    query.concepts.forEach(function (c) {
      var best = new Map(), cover = new Map(), any = false;
      c.ways.forEach(function (way) {
        var slots = way.slots.filter(function (slot) {
          return slot.some(function (t) { return df(found, t) > 0; });
        });
        if (!slots.length) return;
        any = true;
        var score = new Map(), held = new Map();
        way.terms.forEach(function (t) {
          var w = idf(t);
          (found.get(t) || []).forEach(function (l) {
            var postings = l[1];
            for (var i = 0; i < postings.length; i += 2) {
              var page = l[0] + postings[i], count = postings[i + 1], len = ix.pages[page].len;
              var tf = (count * (k1 + 1)) / (count + k1 * (1 - b + (b * len) / avg));
              score.set(page, (score.get(page) || 0) + w * tf);
              if (!held.has(page)) held.set(page, new Set());
              held.get(page).add(t);
            }
          });
        });
        var share = way.chars ? 0.5 : 1;
        score.forEach(function (s, page) {
          var terms = held.get(page);
          var hit = slots.filter(function (slot) {
            return slot.some(function (t) { return terms.has(t); });
          }).length;
          best.set(page, Math.max(best.get(page) || 0, s * way.weight));
          cover.set(page, Math.max(cover.get(page) || 0, (hit / slots.length) * share));
        });
      });
      if (!any) return;
      usable += 1;
      best.forEach(function (s, page) { total.set(page, (total.get(page) || 0) + s); });
      cover.forEach(function (v, page) { covered.set(page, (covered.get(page) || 0) + v); });
    });
    if (!usable) return [];
    var top = 0;
    covered.forEach(function (v) { top = Math.max(top, v / usable); });
    var phrases = [];
    query.concepts.forEach(function (c) {
      phrases.push(c.ways.map(function (w) { return w.text; }).filter(Boolean));
    });
    var found_ = [];
    total.forEach(function (s, page) {
      var cover = covered.get(page) / usable;
      if (cover < top * 0.5) return;
      var title = ix.pages[page].title.normalize("NFKC").toLowerCase();
      var url = ix.pages[page].url;
      var inTitle = phrases.filter(function (ps, i) {
        return query.concepts[i].urls.indexOf(url) >= 0 ||
          ps.some(function (p) { return title.indexOf(p) >= 0; });
      }).length;
      var bonus = inTitle === phrases.length ? 3 : inTitle > 0 ? 1 + inTitle / phrases.length : 1;
      found_.push({ page: page, score: s * cover * cover * bonus });
    });
    found_.sort(function (x, y) {
      return y.score - x.score || (ix.pages[x.page].url < ix.pages[y.page].url ? -1 : 1);
    });
    return found_;
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
    return load(part.name + "/text/" + page.local + ".json").then(function (text) {
      var sections = text || [];
      var all = sections.map(function (s) { return s[1] + " " + s[2]; }).join(" ");
      var runs = marksFor(query, all);
      var best = null, bestHits = -1, subs = [];
      sections.forEach(function (s) {
        var h = occurrences(s[1], runs).length * 3 + occurrences(s[2], runs).length;
        if (h > bestHits) { best = s; bestHits = h; }
        if (h > 0 && s[0]) subs.push(s);
      });
      if (best) {
        var p = document.createElement("p");
        p.className = "search-excerpt";
        p.appendChild(marked(excerpt(best[2], runs), runs));
        li.appendChild(p);
      }
      if (subs.length) {
        var ul = document.createElement("ul");
        ul.className = "search-sections";
        subs.slice(0, 3).forEach(function (s) {
          var sub = document.createElement("li");
          sub.appendChild(link(page.url + "#" + s[0], s[1], runs));
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
      var title = page.title || page.url;
      h.appendChild(link(page.url, title, marksFor(query, title)));
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
    Promise.all([loadIndex(), loadSynonyms()]).then(function (loaded) {
      var ix = loaded[0], query = parse(q, loaded[1]);
      if (!query.concepts.length) return { ix: ix, found: [], query: query };
      var terms = [];
      query.concepts.forEach(function (c) {
        c.ways.forEach(function (w) { terms = terms.concat(w.terms); });
      });
      return lookup(ix, terms, new Map())
        .then(function (found) { return fallbacks(ix, query, found); })
        .then(function (found) { return { ix: ix, found: rank(ix, query, found), query: query }; });
    }).then(function (r) {
      if (mine !== latest) return;
      shown = r.found;
      say(shown.length ? ui.dataset.found : ui.dataset.none, q, shown.length);
      show(r.ix, r.query, PAGE_SIZE);
      more.onclick = function () { show(r.ix, r.query, list.children.length + PAGE_SIZE); };
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
    // The parts' page lists and the synonyms, loaded while the query is typed.
    loadIndex().catch(function () {});
    loadSynonyms();
  }
  input.focus();
})();
