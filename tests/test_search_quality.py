"""Search as citizens type it, in the real search box in Chromium (issue 26).

Two sites: the real content, and a fictional province with named places (``fictional.places``).
Each query names the page that must come first, or be among the first three where two pages
are equally right (two reports saying a topic equally often). The kinds of query are the ones
that failed before: a name run together with a year, near variants of a name, a place name
(its own page first), a bare year (its year page), topics (the report saying it most), plus
names typed plainly. The whole set must put ≥ 90 % first and 100 % in the top three.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fictional.places import TOPICS, make_places
from generator import cli

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

FIRST, TOP3 = "first", "top 3"

#: (query, page that must come first or be in the top 3, which) over the real content.
REAL = [
    # a body's name run together with a year, and the words that only say "report"
    ("沙县2022", "/bodies/sanming-shaxian-gov-office/2022/", FIRST),
    ("沙县区政府办2022年报告", "/bodies/sanming-shaxian-gov-office/2022/", FIRST),
    ("平潭2021年度报告", "/bodies/pingtan-zone/2021/", FIRST),
    ("洪泽区2023", "/bodies/huaian-hongze-gov/2023/", FIRST),
    ("淮安2024", "/bodies/huaian-gov/2024/", FIRST),
    ("沙坡头区政府办2023年度报告", "/bodies/zhongwei-shapotou-gov-office/2023/", FIRST),
    # near variants of a name or title
    ("沙县政府办", "/bodies/sanming-shaxian-gov-office/", FIRST),
    ("建宁县政府信息公开年度报告", "/bodies/sanming-jianning-gov/2022/", FIRST),
    ("沙县信访局", "/bodies/sanming-shaxian-xinfang/", FIRST),
    ("平潭管委会", "/bodies/pingtan-zone/", FIRST),
    ("沾益区人民政府", "/bodies/qujing-zhanyi-gov/", FIRST),
    # a place name: the place's own page
    ("三明", "/regions/fujian-sanming/", FIRST),
    ("曲靖", "/regions/yunnan-qujing/", FIRST),
    ("中卫", "/regions/ningxia-zhongwei/", FIRST),
    ("宁夏", "/regions/ningxia/", FIRST),
    ("洪泽区", "/regions/jiangsu-huaian-hongze/", FIRST),
    ("福建", "/regions/fujian/", FIRST),
    # a bare year
    ("2023年", "/years/2023/", FIRST),
    ("2019", "/years/2019/", FIRST),
    ("2022年度", "/years/2022/", FIRST),
    # topics: the report that says it most
    ("政务新媒体", "/bodies/pingtan-zone/2021/", FIRST),
    ("依申请公开", "/bodies/huaian-hongze-gov/2023/", FIRST),
    ("保密审查", "/bodies/sanming-shaxian-gov-office/2022/", FIRST),
    ("收费", "/bodies/pingtan-zone/2021/", FIRST),
    ("行政复议", "/bodies/pingtan-zone/2022/", TOP3),  # four times, as 沙县区政府办 2022
    # names typed plainly, and the portal's own pages
    ("信访局", "/bodies/sanming-shaxian-xinfang/", FIRST),
    ("淮安市人民政府", "/bodies/huaian-gov/", FIRST),
    ("发布指南", "/guide/", FIRST),
    ("开放数据", "/data/", FIRST),
]

#: The same kinds over the fictional province (fictional/places.py).
PLACES = [
    ("虚桥县政府办2023", "/bodies/xugou-xuchuan-xuqiao-office/2023/", FIRST),
    ("虚桥县政府办2023年报告", "/bodies/xugou-xuchuan-xuqiao-office/2023/", FIRST),
    ("虚桥县2022年度报告", "/bodies/xugou-xuchuan-xuqiao-gov/2022/", FIRST),
    ("构岭教育局2021", "/bodies/xugou-gouling-education/2021/", FIRST),
    ("虚江区信访局2024", "/bodies/xugou-xuchuan-xujiang-xinfang/2024/", FIRST),
    ("虚桥政府办", "/bodies/xugou-xuchuan-xuqiao-office/", FIRST),
    ("虚川财政局", "/bodies/xugou-xuchuan-finance/", FIRST),
    ("构湾管委会", "/bodies/xugou-gouwan-committee/", FIRST),
    ("虚桥县人民政府办公室", "/bodies/xugou-xuchuan-xuqiao-office/", FIRST),
    ("信访局 虚江区", "/bodies/xugou-xuchuan-xujiang-xinfang/", FIRST),
    ("虚川 教育局", "/bodies/xugou-xuchuan-education/", FIRST),
    ("虚构省教育局", "/bodies/xugou-education/", FIRST),
    ("虚桥", "/regions/xugou-xuchuan-xuqiao/", FIRST),
    ("虚桥县", "/regions/xugou-xuchuan-xuqiao/", FIRST),
    ("虚川", "/regions/xugou-xuchuan/", FIRST),
    ("构湾", "/regions/xugou-gouwan/", FIRST),
    ("虚构", "/regions/xugou/", FIRST),
    ("2023", "/years/2023/", FIRST),
    ("2024年度", "/years/2024/", FIRST),
    ("行政事业性收费", "/bodies/xugou-xuchuan-finance/2023/", FIRST),
    ("收费", "/bodies/xugou-xuchuan-finance/2023/", FIRST),
    ("不予公开", "/bodies/xugou-xuchuan-xujiang-xinfang/2024/", FIRST),
    ("行政复议", "/bodies/xugou-gouling-goushi-gov/2022/", FIRST),
    ("政府开放日", "/bodies/xugou-gouling-education/2021/", FIRST),
    ("构石县 行政复议", "/bodies/xugou-gouling-goushi-gov/2022/", FIRST),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def _build(content: Path, site: Path) -> None:
    args = ["build", "--config", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]
    assert cli.main([*args, "--content", str(content)]) == 0


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    base = tmp_path_factory.mktemp("search-quality")
    make_places(base / "places")
    _build(ROOT / "content", base / "real")
    _build(base / "places", base / "places-site")
    servers = {"real": _serve(base / "real"), "places": _serve(base / "places-site")}
    yield {name: url for name, (_, url) in servers.items()}
    for httpd, _ in servers.values():
        httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def open_site(browser: Any, sites: dict[str, str]) -> Iterator[Any]:
    pages: list[Any] = []

    def open_(name: str, path: str = "/") -> Any:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(sites[name] + path, wait_until="networkidle")
        page.errors = errors  # type: ignore[attr-defined]
        page.root = sites[name]  # type: ignore[attr-defined]
        pages.append(page)
        return page

    yield open_
    for page in pages:
        assert page.errors == []
        page.close()


def ask(page: Any, query: str) -> list[str]:
    """Type ``query`` into the search box; the results' addresses (pages, not their sections)."""
    box = page.locator(".md-search__input")
    box.click()
    box.press("Control+A")
    box.press("Delete")
    page.keyboard.type(query)
    page.wait_for_function(
        """q => document.querySelector('.md-search__input').value === q
          && document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'
          && !document.querySelector('.md-search-result__meta').textContent.includes('正在')""",
        arg=query,
        timeout=15000,
    )
    hrefs = page.locator(".md-search-result__item > a").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname)"
    )
    return hrefs


def test_query_quality(open_site: Any) -> None:
    """≥ 90 % of the queries put their page first, all of them in the top three."""
    outcomes = []
    for name, queries in (("real", REAL), ("places", PLACES)):
        page = open_site(name)
        for query, expected, need in queries:
            found = ask(page, query)
            at = found.index(expected) + 1 if expected in found else 0
            outcomes.append((name, query, expected, need, at, found[:3]))
    first = sum(1 for o in outcomes if o[4] == 1)
    top3 = [o for o in outcomes if 1 <= o[4] <= 3]
    print(f"\nsearch quality: {len(outcomes)} queries, {first} first, {len(top3)} in the top 3")
    for o in outcomes:
        if o[4] != 1:
            print("  not first:", o)
    assert len(outcomes) >= 40
    # Every query must meet its own bar; and the set as a whole ≥ 90 % first.
    misses = [o for o in outcomes if o[4] == 0 or o[4] > 3 or (o[3] == FIRST and o[4] != 1)]
    assert first / len(outcomes) >= 0.9, misses
    assert len(top3) == len(outcomes), misses
    assert misses == []


# ----------------------------------------------------------------- each failure the issue lists


@pytest.mark.parametrize("query", ["沙县2022", "沙县区政府办2022年报告", "平潭2021年度报告"])
def test_a_name_run_together_with_a_year_finds_that_years_report(
    open_site: Any, query: str
) -> None:
    page = open_site("real")
    found = ask(page, query)
    year = re.search(r"\d{4}", query).group()  # type: ignore[union-attr]
    assert found and found[0].endswith(f"/{year}/")
    # The same with a space, as it worked before.
    spaced = re.sub(r"(\d{4})", r" \1 ", query)
    assert ask(page, spaced)[0] == found[0]
    # The name and the year are marked in the first excerpt.
    marks = page.locator(".md-search-result__item").first.locator("mark").all_inner_texts()
    assert year in marks and any(not m.isdigit() for m in marks)


def test_a_near_variant_finds_the_body_and_a_miss_offers_the_nearest_names(
    open_site: Any,
) -> None:
    page = open_site("real")
    assert ask(page, "沙县政府办")[0] == "/bodies/sanming-shaxian-gov-office/"
    assert ask(page, "建宁县政府信息公开年度报告")[0] == "/bodies/sanming-jianning-gov/2022/"
    # No page holds every pair: the pages holding most of them, said so.
    assert ask(page, "沙县区政俯办")[0] == "/bodies/sanming-shaxian-gov-office/"
    assert "全部字词" in page.locator(".md-search-result__meta").inner_text()
    # Nothing at all: the nearest names, as links.
    places = open_site("places")
    assert ask(places, "虚挢县") == []
    meta = places.locator(".md-search-result__meta").inner_text()
    assert "没有找到" in meta
    offered = places.locator(".pt-search-suggest a").evaluate_all(
        "els => els.map(e => [e.textContent, new URL(e.href).pathname])"
    )
    assert ["虚川市虚桥县", "/regions/xugou-xuchuan-xuqiao/"] in offered
    assert len(offered) <= 5


@pytest.mark.parametrize(
    ("query", "region"),
    [
        ("三明", "fujian-sanming"),
        ("曲靖", "yunnan-qujing"),
        ("中卫", "ningxia-zhongwei"),
        ("宁夏", "ningxia"),
    ],
)
def test_a_place_name_puts_the_places_own_page_first(
    open_site: Any, query: str, region: str
) -> None:
    assert ask(open_site("real"), query)[0] == f"/regions/{region}/"


def test_a_bare_year_finds_its_year_page_first(open_site: Any) -> None:
    page = open_site("real")
    for query in ("2023年", "2023", "２０２３年度"):
        found = ask(page, query)
        assert found[0] == "/years/2023/"
        # then that year's reports, no other year's
        assert all("/2023/" in u for u in found)


def test_topics_are_ranked_by_the_query_not_in_a_fixed_order(open_site: Any) -> None:
    page = open_site("places")
    firsts = {}
    for (body, year), (phrase, _) in TOPICS.items():
        found = ask(page, phrase)
        firsts[phrase] = found[0]
        assert found[0] == f"/bodies/{body}/{year}/", (phrase, found[:3])
    assert len(set(firsts.values())) == len(TOPICS)


def test_result_snippets_are_text_with_the_kind_of_page(open_site: Any) -> None:
    page = open_site("real")
    ask(page, "三明")
    items = page.locator(".md-search-result__item")
    kinds = items.locator(".pt-search-kind").all_inner_texts()
    assert kinds[0] == "地区" and "机关" in kinds and "年度报告" in kinds
    for text in items.locator("article > p").all_inner_texts():
        assert not re.search(r"(\d[\d,.]* ){3}", text), text  # no run of table cells
        assert "无法合计" not in text
    assert ask(page, "2023年") and page.locator(".pt-search-kind").first.inner_text() == "年度"


def test_arrows_and_enter_follow_a_result(open_site: Any) -> None:
    page = open_site("real")
    found = ask(page, "沙县")
    assert len(found) >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == second
    page.keyboard.press("Enter")
    page.wait_for_url(second)
    # Enter in the box follows the first result.
    first = ask(page, "沙坡头区政府办")[0]
    page.locator(".md-search__input").press("Enter")
    page.wait_for_url(re.compile(re.escape(first) + "$"))
