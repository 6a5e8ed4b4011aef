"""The built site in headless Chromium: charts draw, search answers, pages stay light, and
nothing is requested from any host but the local server.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` Python package (a
dev dependency; it drives the system Chromium, it never downloads a browser). Without Chromium
the tests are skipped locally, but fail when ``PORTAL_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
so CI can never pass by skipping them.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from generator import cli

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("PORTAL_REQUIRE_BROWSER") == "1"

if CHROMIUM is None:
    if REQUIRED:
        raise RuntimeError("PORTAL_REQUIRE_BROWSER=1 but no chromium on PATH")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

try:
    from playwright import sync_api
except ImportError:
    if REQUIRED:
        raise
    pytest.skip("playwright is not installed (pip install -e '.[dev]')", allow_module_level=True)

# The flags that keep Chromium itself from calling Google's services on start.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


#: The report-an-error address of the site under test (a mailto: address: nothing is fetched).
FEEDBACK = "mailto:errors@example.invalid?subject={title}&body={url}"


#: What encodeURIComponent leaves as it is.
SAFE = "-_.!~*'()"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built: dict[str, Path]) -> Iterator[str]:
    """Build the real content for a local address and serve it on that address."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    base = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("browser") / "site"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PORTAL_SITE_URL", base)  # the site's own address (sitemap, canonical links)
        env.setenv("PORTAL_FEEDBACK_URL", FEEDBACK)
        assert (
            cli.main(["build", "--config", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]) == 0
        )
    built["site"] = site
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()


@pytest.fixture(scope="module")
def built() -> dict[str, Path]:
    return {}


@pytest.fixture
def browser_page(server: str) -> Iterator[tuple[object, list[str]]]:
    requested: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requested.append(r.url))
        yield page, requested
        browser.close()


def _outside(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith("data:") and urlsplit(u).hostname != "127.0.0.1"]


def test_report_page_draws_charts_without_leaving_localhost(
    server: str, browser_page: tuple[object, list[str]], tmp_path: Path
) -> None:
    page, requested = browser_page
    page.goto(server + "bodies/huaian-hongze-gov/2023/", wait_until="networkidle")
    plots = page.locator(".pt-plot")
    assert plots.count() == 3
    page.wait_for_function(
        "document.querySelectorAll('.pt-plot svg.main-svg').length >= 3", timeout=15000
    )
    for i in range(3):
        assert plots.nth(i).locator("svg.main-svg").count() >= 1
        assert plots.nth(i).locator(".bars .point, .scatterlayer .trace").count() >= 1
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    assert any(u.endswith("/assets/javascripts/plotly-basic.min.js") for u in requested)
    assert _outside(requested) == []


def test_the_report_an_error_link_names_the_page_it_is_on(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    address = server + "bodies/huaian-hongze-gov/2023/"
    page.goto(address, wait_until="networkidle")
    link = page.locator(".pt-feedback a")
    assert link.inner_text() == "告诉我们"
    title = page.title()
    assert "洪泽" in title
    assert link.get_attribute("href") == (
        f"mailto:errors@example.invalid?subject={quote(title, safe=SAFE)}&body={quote(address, safe=SAFE)}"
    )


def test_following_a_link_draws_the_next_pages_charts_without_fetching_the_sitemap(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, requested = browser_page
    page.goto(server + "bodies/huaian-hongze-gov/2023/", wait_until="networkidle")
    page.wait_for_function("document.querySelectorAll('.pt-plot svg.main-svg').length >= 3")
    page.locator(".pt-breadcrumb a", has_text="淮安市洪泽区人民政府").click()
    page.wait_for_url("**/bodies/huaian-hongze-gov/")
    page.wait_for_function(
        "document.querySelectorAll('#chart-trend-requests svg.main-svg').length >= 1",
        timeout=15000,
    )
    # No instant navigation: nothing downloads the list of every page (sitemap.xml grows with
    # the province).
    assert not [u for u in requested if "sitemap" in u]
    assert _outside(requested) == []


def _search(page: object, query: str) -> list[str]:
    box = page.locator(".md-search__input").first
    box.click()
    box.press("Control+A")  # a query from before stays in the box, as in the theme
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').textContent.includes('找到')"
        " && document.querySelector('.md-search-result__item') !== null"
        " && document.querySelector('.md-search__input').value === q",
        arg=query,
        timeout=15000,
    )
    return page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("信访局", "bodies/sanming-shaxian-xinfang/"),
        ("沙坡头", "bodies/zhongwei-shapotou-gov-office/"),
        ("沙坡头区政府办", "bodies/zhongwei-shapotou-gov-office/"),
        ("平潭", "bodies/pingtan-zone/"),
        ("沙县区", "bodies/sanming-shaxian-gov-office/"),
        ("洪泽区", "bodies/huaian-hongze-gov/2023/"),
        ("洪泽区　２０２３", "bodies/huaian-hongze-gov/2023/"),  # full-width, as typed on phones
        ("行政复议", "bodies/huaian-hongze-gov/2024/"),
        ("福建省", "regions/fujian/"),
    ],
)
def test_search_finds_pages(
    server: str, browser_page: tuple[object, list[str]], query: str, expected: str
) -> None:
    page, requested = browser_page
    page.goto(server, wait_until="networkidle")
    # Nothing of the search index is fetched until the search box is used.
    assert not [u for u in requested if "/search/" in u]
    links = _search(page, query)
    assert server + expected in links, links
    assert _outside(requested) == []


def test_search_by_keyboard_and_after_following_a_result(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    page.goto(server + "bodies/pingtan-zone/2023/", wait_until="networkidle")
    page.keyboard.press("/")  # opens the search box, as in the theme
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("信访局")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(server + "bodies/sanming-shaxian-xinfang/**")
    assert not page.locator("#__search").is_checked()  # the box closed behind the result
    # On the result's page (another folder depth) the box still finds the index from the root.
    links = _search(page, "洪泽区")
    assert server + "bodies/huaian-hongze-gov/2023/" in links
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_search_shows_no_markup_from_page_text(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    page.goto(server, wait_until="networkidle")
    _search(page, "信访局")
    tags = page.locator(".md-search-result__list p *").evaluate_all(
        "els => [...new Set(els.map(e => e.tagName))]"
    )
    assert set(tags) <= {"MARK"}


def test_year_table_sorts_by_a_key_figure(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    page.goto(server + "years/2024/", wait_until="networkidle")
    table = page.locator("#year-reports")
    table.locator("thead th button", has_text="新收申请").click()
    values = table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    numbers = [int(v.replace(",", "")) for v in values]
    assert numbers == sorted(numbers) and len(numbers) == 2
    table.locator("thead th button", has_text="新收申请").click()
    values = table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    assert [int(v.replace(",", "")) for v in values] == sorted(numbers, reverse=True)


def test_report_page_and_first_query_stay_light(server: str, built: dict[str, Path]) -> None:
    """The issue's budgets, measured as benchmarks/weight_bench.py does (gzip as in deploy.md)."""
    spec = importlib.util.spec_from_file_location(
        "weight_bench", ROOT / "benchmarks/weight_bench.py"
    )
    weight = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(weight)
    figures = weight.measure(built["site"], "信访局")
    assert figures["report_first_visit_bytes"] <= 600 * 1024, figures["report_largest"]
    largest = [url for _size, url in figures["report_largest"]]
    assert "/assets/javascripts/plotly-basic.min.js" in largest  # the charts did load
    assert 0 < figures["query_bytes"] <= 1024 * 1024


def test_on_a_phone_a_swipe_starting_on_a_chart_scrolls_the_page_and_no_toolbar_covers_it(
    server: str,
) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        page.goto(server + "bodies/huaian-hongze-gov/2023/", wait_until="networkidle")
        page.wait_for_function(
            "document.querySelectorAll('.pt-plot svg.main-svg').length >= 3", timeout=15000
        )
        plot = page.locator(".pt-plot").first
        # The chart near the top of the screen; a finger put on it moves up 200 px.
        page.evaluate(
            "window.scrollBy(0, document.querySelector('.pt-plot').getBoundingClientRect().top - 300)"
        )
        box = plot.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('.pt-plot') !== null")
        before = page.evaluate("window.scrollY")
        touch = context.new_cdp_session(page)
        touch.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
        )
        for step in range(1, 11):
            point = {"x": x, "y": y - 20 * step}
            touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
            page.wait_for_timeout(16)
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for_timeout(300)
        assert page.evaluate("window.scrollY") > before + 100
        # No toolbar, and a double tap does not zoom (nor say so in English).
        assert page.locator(".modebar").count() == 0
        plot.dblclick()
        page.wait_for_timeout(300)
        assert "Double-click" not in page.inner_text("body")
        browser.close()


def test_on_a_desktop_the_content_takes_the_empty_sidebars_room_and_a_phone_keeps_its_menu(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server + "bodies/", wait_until="networkidle")
    assert (
        page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width") > 1000
    )
    # The list of bodies shows every column, 报告年度 included, without scrolling.
    assert page.evaluate(
        "(() => { const t = document.querySelector('article table');"
        " return t.scrollWidth <= t.parentElement.clientWidth; })()"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "bodies/", wait_until="networkidle")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.is_visible() and "关于本站" in drawer.inner_text()


def test_on_a_phone_wide_official_tables_say_where_the_total_is_and_labels_stay_readable(
    server: str,
) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        page.goto(server + "bodies/huaian-hongze-gov/2023/", wait_until="networkidle")
        hints = page.evaluate(
            "['official-table3', 'official-table4'].map(id => {"
            " const box = document.getElementById(id).closest('.pt-table-wrap');"
            " const hint = box.previousElementSibling;"
            " return [box.classList.contains('pt-scrolls'),"
            "  hint && hint.classList.contains('pt-scroll-hint') ? hint.textContent : ''];"
            "})"
        )
        for scrolls, hint in hints:
            assert scrolls and "总计" in hint
        # Row labels of table 三 keep several characters a line (they were one or two).
        narrowest = page.evaluate(
            "Math.min(...Array.from(document.querySelectorAll("
            "'#official-table3 tbody th[scope=row]')).map(th => th.getBoundingClientRect().width"
            " / parseFloat(getComputedStyle(th).fontSize)))"
        )
        assert narrowest >= 6
        # Wide enough again (a desktop), the hint goes.
        page.set_viewport_size({"width": 1920, "height": 900})
        page.wait_for_timeout(600)
        assert (
            page.evaluate(
                "document.getElementById('official-table4').closest('.pt-table-wrap')"
                ".previousElementSibling.classList.contains('pt-scroll-hint')"
            )
            is False
        )
        browser.close()


def test_on_a_desktop_a_year_table_shows_all_its_columns(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    for year in (2019, 2023):
        page.goto(server + f"years/{year}/", wait_until="networkidle")
        assert page.evaluate(
            "(() => { const t = document.querySelector('#year-reports');"
            " return t.scrollWidth <= t.parentElement.clientWidth; })()"
        ), year


def test_a_finding_links_to_its_highlighted_cell(
    server: str, browser_page: tuple[object, list[str]]
) -> None:
    page, _ = browser_page
    page.goto(server + "bodies/huaian-hongze-gov/2023/", wait_until="networkidle")
    page.locator("#checks a[href='#cell-table4-review-4']").click()
    page.wait_for_timeout(300)
    # (The theme's section tracking rewrites the address's #, so where the page went is checked.)
    cell = page.locator("#cell-table4-review-4")
    assert "pt-bad" in (cell.get_attribute("class") or "")
    box = cell.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    # And from the cell back to the findings.
    cell.locator("a.pt-bad-rule").click()
    page.wait_for_timeout(300)
    panel = page.locator("#checks").bounding_box()
    assert panel is not None and -10 <= panel["y"] < 300
