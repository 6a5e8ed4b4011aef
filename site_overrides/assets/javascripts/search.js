/* The theme's search box, answered by the portal's chunked index (generator/search/index.py).
 *
 * Nothing is fetched on page load. A query fetches the manifest, one shard of each index per
 * pair of letters in it, and the records of the results shown; the browser caches them all.
 *
 * Query understanding: the query is cut into words where Han characters meet digits or other
 * letters (沙县2022 → 沙县, 2022); a year (2022) and the words that only say "a report" (年, 年度,
 * 报告, 年报, 政府信息公开工作年度报告 …) are hints, not words a page must hold. Ranking: pages
 * holding every pair of the query come first, then those holding most of them (weighted by how
 * rare each pair is), so a near variant of a name still finds it; among them a match in a page's
 * names (title, main heading, “相关名称”) comes before a match in its text, the year the query
 * names before other years, a name that fits the query closely (三明 → 三明市) before a longer
 * one, a place's own page before the bodies in it, and then the pages where the words occur
 * most. With no match at all, the nearest names are offered. Keys: "/" or "s" opens, arrows
 * move through the results, Enter follows one, Esc closes. Results are built with DOM calls,
 * so page text can never become markup here.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-portal-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var meta = box.querySelector(".md-search-result__meta");
  var suggest = box.querySelector(".pt-search-suggest");
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".pt-search-more");
  // The attribute is relative to the first page; resolve it now, before navigation moves on.
  var base = new URL(box.getAttribute("data-search-index"), location.href);
  var siteRoot = base.pathname.replace(/search\/$/, "");
  var PAGE = 10;
  var MAX_TOKENS = 24;
  // Ranking weights, in tiers: every pair present, share of pairs present, all in the names,
  // share in the names, the year asked for, a report asked for, closeness of the name, kind of
  // page, then how often the words occur.
  var W = { full: 400, cover: 200, named: 100, nameCover: 60, year: 40, otherYear: -20,
    report: 25, close: 15, often: 4 };
  var NAME_PRIOR = { region: 6, body: 5, report: 4, year: 3, compare: 2, page: 1 };
  var TEXT_PRIOR = { report: 3, body: 2, region: 2, year: 1, compare: 0, page: 1 };
  // Below this share of the query's weight a page is not a result (one common pair is not a
  // match for a four-pair name).
  var MIN_COVER = 0.34;
  var LABELS = { report: "年度报告", body: "机关", region: "地区", year: "年度",
    compare: "同类比较", page: "页面" };
  var files = {};
  var state = { seq: 0, ids: [], shown: 0, query: "", marks: [], terms: [] };

  function json(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base).href).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  function load() {
    return json("manifest.json");
  }

  // The same steps as search/text.py's normalize(): letters and digits, NFKC, lower case, and
  // a space where Han characters meet other letters or digits.
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3134f}";
  var SCRIPT_CHANGE = new RegExp(
    "(?<=[" + HAN + "])(?=[^\\s" + HAN + "])|(?<=[^\\s" + HAN + "])(?=[" + HAN + "])", "gu");
  var IS_HAN = new RegExp("^[" + HAN + "]+$", "u");

  function normalize(text) {
    return text.replace(/[^\p{L}\p{N}]+/gu, " ").normalize("NFKC").toLowerCase()
      .replace(SCRIPT_CHANGE, " ");
  }

  // Words that only say "an annual report": at the end of a word (建宁县政府信息公开年度报告),
  // or a word of their own (2023年). Stripped only where a name of two letters or more is left.
  var HINT_END = /(?:(?:政府)?信息公开)?(?:工作)?(?:年度报告|年报|报告|年度|年)$/u;
  var HINT_START = /^(?:年度|年)/u;

  // The query as terms a page should hold, the year it names and whether it asks for reports.
  function parse(query) {
    var words = normalize(query).split(" ").filter(Boolean);
    var out = { terms: [], year: 0, report: false, hinted: [] };
    words.forEach(function (word, i) {
      if (/^(19|20)\d\d$/.test(word)) {
        out.year = +word;
        return;
      }
      if (!IS_HAN.test(word)) {
        out.terms.push(word);
        return;
      }
      var rest = word;
      var afterYear = i > 0 && /^(19|20)\d\d$/.test(words[i - 1]);
      var start = afterYear ? rest.match(HINT_START) : null;
      if (start && (rest.length === start[0].length || rest.length - start[0].length >= 2)) {
        rest = rest.slice(start[0].length);
      }
      var end = rest.match(HINT_END);
      if (end && end[0] && (rest.length === end[0].length || rest.length - end[0].length >= 2)) {
        if (/报/.test(end[0])) out.report = true;
        rest = rest.slice(0, rest.length - end[0].length);
      }
      if (rest) out.terms.push(rest);
      else out.hinted.push(word);
    });
    if (!out.terms.length && !out.year) out.terms = out.hinted;  // only hints: look for them
    return out;
  }

  // Pairs of neighbouring letters (a one-letter word is a token of its own): text.py tokens().
  function pairs(word) {
    var chars = Array.from(word);
    if (chars.length === 1) return chars;
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      if (out.indexOf(chars[i] + chars[i + 1]) < 0) out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  // FNV-1a over code points, as index.py's shard().
  function shard(token, shards) {
    var h = 0x811c9dc5;
    for (var ch of token) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h % shards;
  }

  // A token's postings as a Map page id → weight (the low bits of each number).
  function postings(manifest, kind, token) {
    var bits = manifest.bits[kind];
    var mask = (1 << bits) - 1;
    return json(kind + "/" + shard(token, manifest.shards[kind]) + ".json").then(function (bucket) {
      var found = new Map();
      if (!Object.prototype.hasOwnProperty.call(bucket, token)) return found;
      var id = 0;
      bucket[token].forEach(function (x) {
        id += x >>> bits;
        found.set(id, x & mask);
      });
      return found;
    });
  }

  // Kind and year of a page id, from the manifest's groups (ids are in kind, year order).
  function group(manifest, id) {
    var groups = manifest.kinds;
    var lo = 0;
    var hi = groups.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (groups[mid][1] <= id) lo = mid; else hi = mid - 1;
    }
    return groups[lo] || ["page", 0, null];
  }

  function rarity(manifest, df) {
    return Math.log(1 + manifest.pages / Math.max(df, 0.5));
  }

  // Every page the query's tokens touch, scored (see the weights above); best first.
  function rank(manifest, parsed, text, names) {
    var terms = parsed.terms.map(function (term) { return { term: term, tokens: pairs(term) }; });
    var weight = {};
    var total = 0;
    var heaviest = 0;
    terms.forEach(function (t) {
      t.tokens.forEach(function (token) {
        var df = text[token].size || names[token].size;
        if (df) heaviest = Math.max(heaviest, weight[token] = rarity(manifest, df));
      });
    });
    // A pair no page holds (a typo) weighs as the rarest pair found: it must not make every
    // page look like a poor match, nor count for nothing.
    terms.forEach(function (t) {
      t.tokens.forEach(function (token) {
        if (!(token in weight)) weight[token] = heaviest || 1;
        total += weight[token];
      });
    });
    var pages = new Set();
    Object.keys(weight).forEach(function (token) {
      text[token].forEach(function (_, id) { pages.add(id); });
      names[token].forEach(function (_, id) { pages.add(id); });
    });
    if (!terms.length && parsed.year) {
      // A bare year: that year's pages.
      manifest.kinds.forEach(function (g, k) {
        if (g[2] !== parsed.year) return;
        var end = k + 1 < manifest.kinds.length ? manifest.kinds[k + 1][1] : manifest.pages;
        for (var id = g[1]; id < end; id++) pages.add(id);
      });
    }
    var scored = [];
    pages.forEach(function (id) {
      var cover = 0;
      var nameCover = 0;
      var full = true;
      var named = terms.length > 0;
      var close = 0;
      var often = 0;
      terms.forEach(function (t) {
        var inNames = true;
        var longest = 0;
        var own = true;
        var least = Infinity;
        t.tokens.forEach(function (token) {
          var tf = text[token].get(id);
          var fit = names[token].get(id);
          if (tf !== undefined || fit !== undefined) cover += weight[token];
          else full = false;
          if (fit !== undefined) {
            nameCover += weight[token];
            longest = Math.max(longest, fit & 7);
            own = own && (fit & 8) !== 0;
          } else {
            inNames = false;
          }
          least = Math.min(least, tf || (fit !== undefined ? 1 : 0));
        });
        if (inNames) {
          close += (own ? 1 : 0.5) * Math.min(1, Array.from(t.term).length / Math.max(longest, 1));
        } else {
          named = false;
        }
        // The level says about 2 ** ((level - 1) / 2) times in a page of ordinary length.
        var times = least ? Math.pow(2, (least - 1) / 2) : 0;
        often += times / (times + 2);
      });
      var share = total ? cover / total : 1;
      if (share < MIN_COVER) return;
      var g = group(manifest, id);
      var score = (full ? W.full : 0) + W.cover * share;
      if (terms.length) {
        score += (named ? W.named : 0) + W.nameCover * (nameCover / total);
        score += W.close * close / terms.length + W.often * often / terms.length;
      }
      if (parsed.year) score += g[2] === parsed.year ? W.year : g[2] ? W.otherYear : 0;
      if (parsed.report && g[0] === "report") score += W.report;
      if (!terms.length && g[0] === "year") score += W.named;  // a bare year: the year page
      // A page found by its names (every pair it holds is in them) ranks by the names' kind.
      var byName = named || (nameCover > 0 && nameCover >= cover - 1e-9);
      score += (byName ? NAME_PRIOR : TEXT_PRIOR)[g[0]] || 0;
      scored.push({ id: id, score: score, full: full });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return scored;
  }

  // Results for a query: { ids, full (whether the best holds every word), suggestions }.
  function lookup(parsed) {
    return load().then(function (manifest) {
      var tokens = [];
      parsed.terms.forEach(function (term) {
        pairs(term).forEach(function (token) {
          if (tokens.indexOf(token) < 0 && tokens.length < MAX_TOKENS) tokens.push(token);
        });
      });
      parsed.terms = parsed.terms.filter(function (term) {
        return pairs(term).every(function (token) { return tokens.indexOf(token) >= 0; });
      });
      return fetchAll(manifest, tokens).then(function (found) {
        var scored = rank(manifest, parsed, found.t, found.n);
        if (scored.length) {
          return { ids: scored.map(function (s) { return s.id; }), full: scored[0].full, near: [] };
        }
        return nearest(manifest, parsed).then(function (near) {
          return { ids: [], full: false, near: near };
        });
      });
    });
  }

  function fetchAll(manifest, tokens) {
    var found = { t: {}, n: {} };
    return Promise.all(tokens.map(function (token) {
      return Promise.all([postings(manifest, "t", token), postings(manifest, "n", token)])
        .then(function (both) {
          found.t[token] = both[0];
          found.n[token] = both[1];
        });
    })).then(function () { return found; });
  }

  // The names nearest to a query nothing matched: bodies and places sharing most of its
  // letters (the names index holds single letters), rarest letters counting most.
  function nearest(manifest, parsed) {
    var letters = [];
    parsed.terms.forEach(function (term) {
      Array.from(term).forEach(function (ch) {
        if (letters.indexOf(ch) < 0 && letters.length < MAX_TOKENS) letters.push(ch);
      });
    });
    return Promise.all(letters.map(function (ch) { return postings(manifest, "n", ch); }))
      .then(function (lists) {
        var score = new Map();
        lists.forEach(function (found) {
          var weight = rarity(manifest, found.size);
          found.forEach(function (fit, id) {
            var kind = group(manifest, id)[0];
            if (kind !== "body" && kind !== "region") return;
            score.set(id, (score.get(id) || 0) + weight * ((fit & 8) ? 1 : 0.5));
          });
        });
        var ids = Array.from(score.keys());
        ids.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
        return Promise.all(ids.slice(0, 5).map(function (id) { return json("p/" + id + ".json"); }));
      });
  }

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  function make(tag, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    return el;
  }

  // What kind of page a result is, from its address (the portal's URL scheme, generator/urls.py).
  function kind(url) {
    var path = new URL(url, location.href).pathname.slice(siteRoot.length);
    if (/^bodies\/[^/]+\/\d{4}\//.test(path)) return LABELS.report;
    if (/^bodies\/[^/]+\//.test(path)) return LABELS.body;
    if (/^regions\/./.test(path)) return LABELS.region;
    if (/^years\/./.test(path)) return LABELS.year;
    if (/^compare\//.test(path)) return LABELS.compare;
    return LABELS.page;
  }

  // Where a marked word first occurs in a text (case-insensitive), or -1.
  function firstMatch(text, marks) {
    var lower = text.toLowerCase();
    var at = -1;
    marks.forEach(function (word) {
      var i = lower.indexOf(word);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    return at;
  }

  // How many of the marked words a text holds (the section an excerpt is taken from).
  function hits(text, marks) {
    var lower = text.toLowerCase();
    return marks.filter(function (word) { return lower.indexOf(word) >= 0; }).length;
  }

  // A stretch of the text around the first match, the query's words marked (text nodes only).
  function excerpt(text, marks) {
    var p = make("p");
    var at = Math.max(firstMatch(text, marks), 0);
    var start = Math.max(at - 30, 0);
    var part = text.slice(start, start + 120);
    var lower = part.toLowerCase();
    var i = 0;
    if (start > 0) p.appendChild(document.createTextNode("…"));
    while (i < part.length) {
      var next = -1;
      var length = 0;
      marks.forEach(function (word) {
        var j = lower.indexOf(word, i);
        if (j >= 0 && (next < 0 || j < next || (j === next && word.length > length))) {
          next = j;
          length = word.length;
        }
      });
      if (next < 0) break;
      p.appendChild(document.createTextNode(part.slice(i, next)));
      var mark = make("mark");
      mark.textContent = part.slice(next, next + length);
      p.appendChild(mark);
      i = next + length;
    }
    p.appendChild(document.createTextNode(part.slice(i) + (start + 120 < text.length ? "…" : "")));
    return p;
  }

  function link(url, title, text, marks, label) {
    var a = make("a", "md-search-result__link");
    a.href = url;
    a.tabIndex = -1;
    var article = make("article", "md-search-result__article md-typeset");
    if (label) {
      article.appendChild(make("div", "md-search-result__icon md-icon"));
      var tag = make("span", "pt-search-kind");
      tag.textContent = label;
      article.appendChild(tag);
    }
    var heading = make(label ? "h1" : "h2");
    heading.textContent = title;
    article.appendChild(heading);
    if (text) article.appendChild(excerpt(text, marks));
    a.appendChild(article);
    return a;
  }

  // Whether the page holds every term of the query as typed (not just its pairs, apart).
  function holds(record, terms) {
    var text = normalize(record.t + " " + record.s.map(function (s) {
      return s[1] + " " + s[2];
    }).join(" "));
    return terms.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function render(record, marks) {
    var item = make("li", "md-search-result__item");
    var url = siteRoot + record.u.replace(/^\//, "");
    var sections = record.s.filter(function (s) { return hits(s[2], marks) > 0; });
    // The excerpt comes from the section holding most of the words.
    var first = sections.slice().sort(function (a, b) {
      return hits(b[2], marks) - hits(a[2], marks);
    })[0] || record.s.filter(function (s) { return s[2]; })[0] || ["", "", ""];
    item.appendChild(link(url, record.t || url, first[2], marks, kind(url)));
    // Up to two more sections of the same page where the words occur, linked by their heading.
    sections
      .filter(function (s) { return s !== first && s[0] && s[1] && s[1] !== record.t; })
      .slice(0, 2)
      .forEach(function (s) { item.appendChild(link(url + "#" + s[0], s[1], s[2], marks, "")); });
    return item;
  }

  function showMore() {
    var seq = state.seq;
    var batch = state.ids.slice(state.shown, state.shown + PAGE);
    state.shown += batch.length;
    more.hidden = state.shown >= state.ids.length;
    list.setAttribute("aria-busy", "true");
    return Promise.all(batch.map(function (id) { return json("p/" + id + ".json"); }))
      .then(function (records) {
        if (seq !== state.seq) return;
        // Within what is shown at once, pages holding the words as typed come first.
        var held = records.filter(function (r) { return holds(r, state.terms); });
        var apart = records.filter(function (r) { return !holds(r, state.terms); });
        held.concat(apart).forEach(function (record) {
          list.appendChild(render(record, state.marks));
        });
        list.setAttribute("aria-busy", "false");
      });
  }

  function clear(message) {
    state.seq += 1;
    state.ids = [];
    list.textContent = "";
    list.setAttribute("aria-busy", "false");
    suggest.textContent = "";
    suggest.hidden = true;
    more.hidden = true;
    meta.textContent = message;
  }

  function offer(records) {
    suggest.textContent = "";
    if (!records.length) return;
    suggest.appendChild(document.createTextNode("相近的名称："));
    records.forEach(function (record, i) {
      if (i) suggest.appendChild(document.createTextNode("、"));
      var a = make("a");
      a.href = siteRoot + record.u.replace(/^\//, "");
      a.textContent = record.t;
      suggest.appendChild(a);
    });
    suggest.hidden = false;
  }

  var timer = null;

  function search() {
    var query = input.value.trim();
    clearTimeout(timer);
    if (!query) {
      clear("输入关键词开始搜索");
      return;
    }
    var parsed = parse(query);
    if (!parsed.terms.length && !parsed.year) {
      clear("请输入文字或数字");
      return;
    }
    var seq = ++state.seq;
    meta.textContent = "正在搜索……";
    list.setAttribute("aria-busy", "true");
    // Wait for a pause in typing before fetching anything.
    timer = setTimeout(function () {
      lookup(parsed).then(function (found) {
        if (seq !== state.seq) return;
        state.ids = found.ids;
        state.shown = 0;
        state.query = query;
        state.terms = parsed.terms;
        // For marking: the terms and the year, longest first.
        state.marks = parsed.terms.concat(parsed.year ? [String(parsed.year)] : [])
          .sort(function (a, b) { return b.length - a.length; });
        list.textContent = "";
        suggest.textContent = "";
        suggest.hidden = true;
        if (!found.ids.length) {
          meta.textContent = "没有找到与“" + query + "”相关的内容";
          list.setAttribute("aria-busy", "false");
          offer(found.near);
          return;
        }
        meta.textContent = found.full
          ? "找到 " + found.ids.length + " 个结果"
          : "没有同时含有“" + query + "”全部字词的页面，以下 " + found.ids.length +
            " 个结果含有其中大部分";
        return showMore();
      }).catch(function () {
        if (seq === state.seq) {
          meta.textContent = "搜索暂时不可用：索引未能加载，请稍后重试。";
          list.setAttribute("aria-busy", "false");
        }
      });
    }, 150);
  }

  function links() {
    return Array.prototype.slice.call(box.querySelectorAll(
      ".pt-search-suggest a, .md-search-result__link"));
  }

  input.addEventListener("focus", function () {
    setOpen(true);
    load();
  });
  input.addEventListener("input", function (event) {
    if (!event.isComposing) search();
  });
  input.addEventListener("compositionend", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    clear("输入关键词开始搜索");
    input.focus();
  });
  more.querySelector("button").addEventListener("click", showMore);
  toggle.addEventListener("change", function () {
    // The magnifier (on phones) opens the box through the toggle: put the cursor in it.
    if (toggle.checked && document.activeElement !== input) input.focus();
  });
  box.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) setOpen(false);
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      setOpen(false);
      input.blur();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var items = [input].concat(links());
    var at = items.indexOf(document.activeElement);
    var step = event.key === "ArrowDown" ? 1 : -1;
    items[(Math.max(at, 0) + step + items.length) % items.length].focus();
    event.preventDefault();
  });
  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s") return;
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) {
      return;
    }
    event.preventDefault();
    input.focus();
  });
})();
