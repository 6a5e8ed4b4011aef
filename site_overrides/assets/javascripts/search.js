/* The theme's search box, answered by Pagefind's chunked index (generator/search.py).
 *
 * pagefind.js (and the index chunks a query needs) is fetched from this site the first time the
 * box gets focus, never on page load (the browser then revalidates it from its cache). Keys: "/" or "s" opens, arrows move through the results,
 * Esc closes. Results are built with DOM calls; Pagefind's excerpts are reduced to text and
 * <mark>, so page text can never become markup here.
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
  var bundle = new URL(box.getAttribute("data-pagefind"), location.href);
  var siteRoot = bundle.pathname.replace(/pagefind\/pagefind\.js$/, "");
  var PAGE = 10;
  var loading = null;
  var state = { seq: 0, results: [], shown: 0 };

  function load() {
    if (!loading) {
      loading = import(bundle.href).then(function (pagefind) {
        return pagefind.options({ baseUrl: siteRoot }).then(function () {
          return pagefind.init();
        }).then(function () { return pagefind; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
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

  // Pagefind's excerpt is escaped text with <mark>; keep exactly that and nothing else.
  function excerpt(html) {
    var p = make("p");
    var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = make("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function link(url, title, text, label) {
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
    article.appendChild(excerpt(text));
    a.appendChild(article);
    return a;
  }

  function render(data) {
    var item = make("li", "md-search-result__item");
    var title = (data.meta && data.meta.title) || data.url;
    item.appendChild(link(data.url, title, data.excerpt, kind(data.url)));
    // Up to two matching sections of the same page (Pagefind splits pages at headings).
    (data.sub_results || [])
      .filter(function (sub) { return sub.url.indexOf("#") > 0 && sub.title !== title; })
      .slice(0, 2)
      .forEach(function (sub) { item.appendChild(link(sub.url, sub.title, sub.excerpt, "")); });
    return item;
  }

  function showMore() {
    var seq = state.seq;
    var batch = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += batch.length;
    more.hidden = state.shown >= state.results.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (found) {
      if (seq !== state.seq) return;
      found.forEach(function (data) { list.appendChild(render(data)); });
    });
  }

  function clear(message) {
    state.seq += 1;
    state.results = [];
    list.textContent = "";
    more.hidden = true;
    meta.textContent = message;
  }

  function search() {
    var query = input.value.trim();
    if (!query) {
      clear("输入关键词开始搜索");
      return;
    }
    var seq = ++state.seq;
    meta.textContent = "正在搜索……";
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 200);
    }).then(function (found) {
      // null: a newer keystroke superseded this query.
      if (found === null || seq !== state.seq) return;
      state.results = found.results;
      state.shown = 0;
      list.textContent = "";
      var n = found.results.length;
      meta.textContent = n ? "找到 " + n + " 个结果" : "没有找到与“" + query + "”相关的内容";
      return showMore();
    }).catch(function () {
      if (seq === state.seq) meta.textContent = "搜索暂时不可用：索引未能加载，请稍后重试。";
    });
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
