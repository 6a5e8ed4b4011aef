"""Every page of the real site and of a small fictional province, in Chromium on a desktop
(1366×900) and on a phone (390×844, touch): no page wider than the screen, no serious or
critical axe finding, no console error, and every table that offers sorting sorts by each of
its columns, both ways, with cells that have no number last.

(The main page types are also checked in the dark scheme, in test_accessibility.)
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cli

from .test_accessibility import AXE, chromium  # noqa: F401
from .test_browser import CHROMIUM, FLAGS, ROOT, _Quiet, built, server, sync_api  # noqa: F401

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def province_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A fictional province (12 bodies, three years; seed 3 has R1 and R6 findings, blank, “/”
    and unreadable cells) built and served on a local address."""
    from fictional.province import make_province

    base = tmp_path_factory.mktemp("province")
    make_province(base / "content", 12, 3, seed=3)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    address = f"http://127.0.0.1:{port}/"
    site = base / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PORTAL_SITE_URL", address)
        code = cli.main(
            [
                "build",
                "--config",
                str(ROOT / "mkdocs.yml"),
                "--content",
                str(base / "content"),
                "--site-dir",
                str(site),
            ]
        )
    assert code == 0
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield address, site
    httpd.shutdown()


#: Each sortable table, each column clicked twice: ascending then descending, cells without a
#: number (an empty sort key) last both times; a cell showing digits must have a sort key.
SORTS = """() => {
  const problems = [];
  const order = (a, b) => {
    const x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, "zh-Hans-CN");
  };
  const key = c => { const k = c.getAttribute("data-sort"); return k === null ? c.textContent.trim() : k; };
  document.querySelectorAll("table.pt-sortable").forEach(table => {
    const buttons = table.querySelectorAll("thead th button.pt-sort");
    if (buttons.length !== table.tHead.rows[0].cells.length) problems.push(table.id + ": columns without a sort button");
    buttons.forEach((button, i) => {
      for (const direction of [1, -1]) {
        button.click();
        const keys = Array.from(table.tBodies[0].rows).map(r => key(r.cells[i]));
        const filled = keys.filter(k => k !== "");
        if (keys.slice(0, filled.length).some(k => k === "")) problems.push(`${table.id}[${i}]: a blank sorted before a number`);
        for (let j = 1; j < filled.length; j++) {
          if (direction * order(filled[j - 1], filled[j]) > 0) { problems.push(`${table.id}[${i}] ${direction > 0 ? "up" : "down"}: ${filled[j - 1]} before ${filled[j]}`); break; }
        }
      }
    });
    // A cell showing a number (its notes — why there is none, 不相符… — left out) has a key.
    Array.from(table.tBodies[0].rows).forEach(r => Array.from(r.cells).forEach((c, i) => {
      const shown = c.cloneNode(true);
      shown.querySelectorAll("small, sup, .pt-sr").forEach(e => e.remove());
      if (/\\d/.test(shown.textContent) && key(c) === "") problems.push(`${table.id}[${i}]: “${c.textContent.trim()}” has no sort key`);
    }));
  });
  return problems;
}"""

#: Every chart drawn (or its "could not load" text): what a reader sees, before axe looks.
DRAWN = """Array.from(document.querySelectorAll('.pt-plot'))
  .every(p => p.querySelector('svg.main-svg') || p.textContent.trim())"""

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id}: ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | ')}`);
}"""


def _check_every_page(browser: object, address: str, site: Path, size: tuple[int, int]) -> dict:
    paths = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    width, height = size
    phone = width < 500
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    found: dict[str, list[str]] = {}
    try:
        for path in paths:
            errors.clear()
            page.goto(address + ("" if path == "." else path + "/"), wait_until="load")
            page.wait_for_function(DRAWN, timeout=15000)
            problems = [
                f"page {w} px wide"
                for w in [page.evaluate("document.documentElement.scrollWidth")]
                if w > width
            ]
            page.add_script_tag(path=str(AXE))
            problems += page.evaluate(AXE_RUN)
            problems += page.evaluate(SORTS)
            problems += [f"console: {e}" for e in errors]
            if problems:
                found[path] = problems
    finally:
        context.close()
    return {"pages": len(paths), "problems": found}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_real_page(server: str, built: dict[str, Path], chromium: object, size: str) -> None:  # noqa: F811
    result = _check_every_page(chromium, server, built["site"], SIZES[size])
    assert result["pages"] > 60
    assert result["problems"] == {}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_page_of_a_fictional_province(
    province_server: tuple[str, Path],
    chromium: object,  # noqa: F811
    size: str,
) -> None:
    address, site = province_server
    result = _check_every_page(chromium, address, site, SIZES[size])
    assert result["pages"] > 50
    assert result["problems"] == {}
