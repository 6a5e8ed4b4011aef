/* Portal behaviour: charts, sortable tables and the report-an-error link.
 *
 * Runs on page load (through mkdocs-material's document$, so charts would also keep working if
 * navigation.instant were switched on). plotly.js is served by this site and loaded only when a
 * page has a chart. Nothing here contacts another host.
 */
(function () {
  "use strict";

  var here = document.currentScript ? document.currentScript.src : "";
  var plotlySrc = here.replace(/portal\.js(\?.*)?$/, "plotly-basic.min.js");
  var plotlyLoading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlySrc;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { plotlyLoading = null; reject(new Error("plotly.js")); };
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  function textColour() {
    var style = getComputedStyle(document.body);
    return style.getPropertyValue("--md-typeset-color").trim() || "#333";
  }

  function drawCharts() {
    var plots = document.querySelectorAll(".pt-plot:not([data-drawn])");
    if (!plots.length) return;
    loadPlotly().then(function (Plotly) {
      plots.forEach(function (el) {
        var spec = el.getAttribute("data-figure");
        if (!spec || el.hasAttribute("data-drawn")) return;
        var fig = JSON.parse(spec);
        fig.layout.font = Object.assign({}, fig.layout.font, { color: textColour() });
        el.setAttribute("data-drawn", "");
        // Charts to read, not to explore: no toolbar over them, no zoom (a swipe that starts
        // on a chart scrolls the page, and Plotly's English "Double-click to zoom back out"
        // never appears); hover (a tap on a phone) still gives each value.
        fig.layout.dragmode = false;
        ["xaxis", "yaxis"].forEach(function (axis) {
          fig.layout[axis] = Object.assign({}, fig.layout[axis], { fixedrange: true });
        });
        Plotly.newPlot(el, fig.data, fig.layout, {
          displayModeBar: false,
          responsive: true,
          scrollZoom: false,
          doubleClick: false,
          showTips: false,
        });
      });
    }).catch(function () {
      plots.forEach(function (el) {
        el.textContent = "图表未能加载；数据见下方表格。";
      });
    });
  }

  function sortValue(cell) {
    var key = cell.getAttribute("data-sort");
    if (key === null) key = cell.textContent.trim();
    return key;
  }

  function compare(a, b) {
    // Cells without a number ("" sort key) always go last, whatever the direction.
    if (a === "" || b === "") return a === b ? 0 : (a === "" ? 1 : -1);
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, "zh-Hans-CN");
  }

  function makeSortable(table) {
    if (table.hasAttribute("data-sortable-ready")) return;
    table.setAttribute("data-sortable-ready", "");
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pt-sort";
      button.innerHTML = th.innerHTML;
      button.title = "按此列排序";
      th.innerHTML = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var a = sortValue(r1.cells[index]), b = sortValue(r2.cells[index]);
          if (a === "" || b === "") return compare(a, b);
          return descending ? compare(b, a) : compare(a, b);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  // The report-an-error link gets this page's title and address where its template asks.
  function fillFeedback() {
    document.querySelectorAll("a[data-feedback]").forEach(function (link) {
      var template = link.getAttribute("data-feedback");
      link.href = template
        .split("{title}").join(encodeURIComponent(document.title))
        .split("{url}").join(encodeURIComponent(location.href));
    });
  }

  // A table wider than its box scrolls sideways: the box can then be reached and scrolled from
  // the keyboard too, and says which table it holds.
  // A box whose table is wider than the screen: reachable by keyboard (tabindex, a named
  // region), a shadow at the hidden edge (pt-scrolls) and a line above it saying that more
  // columns are to the right, naming 总计 when the hidden part holds it. Run again on resize.
  function focusableScrollBoxes() {
    document.querySelectorAll(".pt-table-wrap").forEach(function (box) {
      var hint = box.previousElementSibling;
      if (!(hint && hint.classList.contains("pt-scroll-hint"))) hint = null;
      if (box.scrollWidth <= box.clientWidth + 1) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("pt-scrolls");
        if (hint) hint.remove();
        return;
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var caption = box.querySelector("caption");
      box.setAttribute("aria-label", (caption ? caption.textContent.trim() + "，" : "") + "可左右滚动");
      box.classList.add("pt-scrolls");
      if (!hint) {
        hint = document.createElement("p");
        hint.className = "pt-scroll-hint";
        hint.setAttribute("aria-hidden", "true"); // the region's name says it for screen readers
        box.parentNode.insertBefore(hint, box);
      }
      var hidden = Array.prototype.some.call(box.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim() === "总计" &&
          th.getBoundingClientRect().left >= box.getBoundingClientRect().right - 4;
      });
      hint.textContent = "表格较宽，左右滑动可看到右侧各列" + (hidden ? "（包括“总计”）" : "") + " →";
    });
  }

  // The guide's code blocks scroll too (a long command on a phone): reachable by keyboard.
  function focusableCode() {
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth + 1) code.setAttribute("tabindex", "0");
      else code.removeAttribute("tabindex");
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { focusableScrollBoxes(); focusableCode(); }, 200);
  });

  function init() {
    fillFeedback();
    focusableScrollBoxes();
    focusableCode();
    drawCharts();
    document.querySelectorAll("table.pt-sortable").forEach(makeSortable);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
