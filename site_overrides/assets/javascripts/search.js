/* The theme's search box, answered by the portal's chunked index (generator/search.py).
 *
 * Nothing is fetched on page load. A query fetches the manifest, one shard of each index per
 * pair of letters in it, and the record of each result shown; the browser caches them all.
 * A page matches when it holds every pair of the query; before it is shown, its text is checked
 * for the query's words themselves. Keys: "/" or "s" opens, arrows move through the results,
 * Esc closes. Results are built with DOM calls, so page text can never become markup here.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-portal-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".pt-search-more");
  // The attribute is relative to the first page; resolve it now, before navigation moves on.
  var base = new URL(box.getAttribute("data-search-index"), location.href);
  var siteRoot = base.pathname.replace(/search\/$/, "");
  var PAGE = 10;
  var TEXT_ORDER = ["report", "body", "region", "year", "page", "compare"];
  var files = {};
  var state = { seq: 0, ids: [], shown: 0, count: 0, query: "", words: [], raw: [] };

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

  // The same steps as generator/search.py's normalize(): letters and digits, NFKC, lower case.
  function normalize(text) {
    return text.replace(/[^\p{L}\p{N}]+/gu, " ").normalize("NFKC").toLowerCase();
  }

  function words(text) {
    return normalize(text).split(" ").filter(Boolean);
  }

  // Pairs of neighbouring letters (a one-letter word is a token of its own): search.py tokens().
  function tokens(list) {
    var out = new Set();
    list.forEach(function (word) {
      var chars = Array.from(word);
      if (chars.length === 1) out.add(chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
    });
    return Array.from(out);
  }

  // FNV-1a over code points, as search.py's shard().
  function shard(token, shards) {
    var h = 0x811c9dc5;
    for (var ch of token) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h % shards;
  }

  function postings(kind, token, shards) {
    return json(kind + "/" + shard(token, shards) + ".json").then(function (bucket) {
      var deltas = Object.prototype.hasOwnProperty.call(bucket, token) ? bucket[token] : [];
      var ids = new Array(deltas.length);
      var id = 0;
      for (var i = 0; i < deltas.length; i++) ids[i] = id += deltas[i];
      return ids;
    });
  }

  function intersect(lists) {
    lists.sort(function (a, b) { return a.length - b.length; });
    return lists.slice(1).reduce(function (found, other) {
      var keep = [];
      var j = 0;
      for (var i = 0; i < found.length; i++) {
        while (j < other.length && other[j] < found[i]) j++;
        if (other[j] === found[i]) keep.push(found[i]);
      }
      return keep;
    }, lists[0] || []);
  }

  // Ids in result order: names matches first, then pages whose text matches.
  function lookup(query) {
    var found = tokens(words(query));
    if (!found.length) return Promise.resolve([]);
    return load().then(function (manifest) {
      return Promise.all(["n", "t"].map(function (kind) {
        return Promise.all(found.map(function (token) {
          return postings(kind, token, manifest.shards[kind]);
        })).then(intersect);
      })).then(function (both) {
        var named = new Set(both[0]);
        var text = both[1].filter(function (id) { return !named.has(id); });
        // Text matches: reports first (prose is looked for in reports), then by id.
        var kinds = manifest.kinds;
        var order = function (id) {
          var k = 0;
          while (k + 1 < kinds.length && kinds[k + 1][1] <= id) k++;
          var at = TEXT_ORDER.indexOf(kinds[k][0]);
          return at < 0 ? TEXT_ORDER.length : at;
        };
        text.sort(function (a, b) { return order(a) - order(b) || a - b; });
        return both[0].concat(text);
      });
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
    if (/^bodies\/[^/]+\/\d{4}\//.test(path)) return "报告";
    if (/^bodies\/[^/]+\//.test(path)) return "机关";
    if (/^regions\/./.test(path)) return "地区";
    if (/^years\/./.test(path)) return "年度";
    if (/^compare\//.test(path)) return "同类比较";
    return "页面";
  }

  // Where a query word first occurs in a text (case-insensitive), or -1.
  function firstMatch(text, raw) {
    var lower = text.toLowerCase();
    var at = -1;
    raw.forEach(function (word) {
      var i = lower.indexOf(word);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    return at;
  }

  // A stretch of the text around the first match, the query's words marked (text nodes only).
  function excerpt(text, raw) {
    var p = make("p");
    var at = Math.max(firstMatch(text, raw), 0);
    var start = Math.max(at - 30, 0);
    var part = text.slice(start, start + 120);
    var lower = part.toLowerCase();
    var i = 0;
    if (start > 0) p.appendChild(document.createTextNode("…"));
    while (i < part.length) {
      var next = -1;
      var length = 0;
      raw.forEach(function (word) {
        var j = lower.indexOf(word, i);
        if (j >= 0 && (next < 0 || j < next)) { next = j; length = word.length; }
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

  function link(url, title, text, raw, label) {
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
    article.appendChild(excerpt(text, raw));
    a.appendChild(article);
    return a;
  }

  // Whether the page holds every word of the query (not just their pairs, apart).
  function holds(record, query) {
    var text = normalize(record.t + " " + record.s.map(function (s) {
      return s[1] + " " + s[2];
    }).join(" "));
    return query.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function render(record, raw) {
    var item = make("li", "md-search-result__item");
    var url = siteRoot + record.u.replace(/^\//, "");
    var sections = record.s.filter(function (s) { return firstMatch(s[2], raw) >= 0; });
    var first = sections[0] || record.s[0] || ["", "", ""];
    item.appendChild(link(url, record.t || url, first[2], raw, kind(url)));
    // Up to two more sections of the same page where the words occur, linked by their heading.
    sections
      .filter(function (s) { return s !== first && s[0] && s[1] && s[1] !== record.t; })
      .slice(0, 2)
      .forEach(function (s) { item.appendChild(link(url + "#" + s[0], s[1], s[2], raw, "")); });
    return item;
  }

  function showMore() {
    var seq = state.seq;
    var batch = state.ids.slice(state.shown, state.shown + PAGE);
    state.shown += batch.length;
    more.hidden = state.shown >= state.ids.length;
    return Promise.all(batch.map(function (id) { return json("p/" + id + ".json"); }))
      .then(function (records) {
        if (seq !== state.seq) return;
        records.forEach(function (record) {
          if (holds(record, state.words)) {
            list.appendChild(render(record, state.raw));
          } else {
            state.count -= 1;
          }
        });
        meta.textContent = state.count
          ? "找到 " + state.count + " 个结果"
          : "没有找到与“" + state.query + "”相关的内容";
      });
  }

  function clear(message) {
    state.seq += 1;
    state.ids = [];
    list.textContent = "";
    more.hidden = true;
    meta.textContent = message;
  }

  var timer = null;

  function search() {
    var query = input.value.trim();
    clearTimeout(timer);
    if (!query) {
      clear("输入关键词开始搜索");
      return;
    }
    var seq = ++state.seq;
    meta.textContent = "正在搜索……";
    // Wait for a pause in typing before fetching anything.
    timer = setTimeout(function () {
      lookup(query).then(function (ids) {
        if (seq !== state.seq) return;
        state.ids = ids;
        state.shown = 0;
        state.count = ids.length;
        state.query = query;
        state.words = words(query);
        // For marking: the typed words, lower case, split where the index splits them.
        state.raw = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        list.textContent = "";
        if (!ids.length) {
          meta.textContent = "没有找到与“" + query + "”相关的内容";
          return;
        }
        return showMore();
      }).catch(function () {
        if (seq === state.seq) meta.textContent = "搜索暂时不可用：索引未能加载，请稍后重试。";
      });
    }, 150);
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
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
    if (event.target.closest && event.target.closest("a.md-search-result__link")) setOpen(false);
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
