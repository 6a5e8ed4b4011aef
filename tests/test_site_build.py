"""Whole-site builds with mkdocs-material (``--strict``): real content and fictional content."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import tempfile
import weakref
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import markdown
import material
import plotly
import pytest
from mkdocs.config import load_config

import fictional
from fictional import ContentTree, portal_tree
from generator import cli, scratch, urls, workers
from generator import pipeline as site_mod
from generator.analysis.figures import Val
from generator.analysis.portal import analyse
from generator.checks.validate import validate
from generator.content import tree as content
from generator.render import charts
from generator.render.page import Heading, Html, Page, Ready
from generator.render.stream import PageStream
from generator.search import index
from generator.search import text as search_words
from generator.site import navigation, skeleton, tools

ROOT = Path(__file__).resolve().parent.parent
SITE_HOSTS = {"127.0.0.1", "localhost"}  # mkdocs.yml's default site_url (the serve address)


def build(content_dir: Path, site_dir: Path, *extra: str) -> int:
    return cli.main(
        [
            "build",
            "--config",
            str(ROOT / "mkdocs.yml"),
            "--content",
            str(content_dir),
            "--site-dir",
            str(site_dir),
            *extra,
        ]
    )


def html_pages(site: Path) -> list[Path]:
    """Every page of a built site, relative to it, sorted."""
    return sorted(p.relative_to(site) for p in site.rglob("*.html"))


def assert_same_pages(site: Path, other: Path) -> None:
    """The two built sites have the same pages, byte for byte."""
    pages = html_pages(site)
    assert html_pages(other) == pages
    for page in pages:
        assert (site / page).read_bytes() == (other / page).read_bytes(), page


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    assert build(ROOT / "content", site, "--strict") == 0
    return site


@pytest.fixture(scope="module")
def fictional_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fictional")
    tree = ContentTree(base / "content")
    portal_tree(tree)
    site = base / "site"
    assert build(tree.root, site, "--strict") == 0
    return site


def test_real_content_every_body_and_report_has_a_page(real_site: Path) -> None:
    loaded = content.load(ROOT / "content")
    assert loaded.bodies
    for body in loaded.bodies.values():
        assert (real_site / "bodies" / body.id / "index.html").is_file()
        for year in body.reports:
            assert (real_site / "bodies" / body.id / str(year) / "index.html").is_file()
    for page in ("index.html", "regions/index.html", "years/index.html", "quality/index.html"):
        assert (real_site / page).is_file()
    assert (real_site / "assets/javascripts/plotly-basic.min.js").stat().st_size > 500_000


def test_titles_name_the_site_once_and_no_footer_credits_the_theme(real_site: Path) -> None:
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert "<title>政府信息公开工作年度报告</title>" in home
    report = next((real_site / "bodies").glob("*/20*/index.html")).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", report)
    assert title is not None and title.group(1).count("政府信息公开工作年度报告") <= 2
    assert title.group(1).endswith(" - 政府信息公开工作年度报告")
    for page in html_pages(real_site):
        assert "Made with" not in (real_site / page).read_text(encoding="utf-8"), page


def test_only_index_pages_in_navigation(real_site: Path) -> None:
    """Every page carries the nav; it must not grow with the number of reports."""
    html = (real_site / "bodies/huaian-hongze-gov/2023/index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]
    assert nav.count('class="md-nav__link') <= 12  # the six index pages (tabs + sidebar)
    assert "huaian-hongze-gov" not in nav and "fujian" not in nav


# --------------------------------------------------------------------------- no other hosts


class _Resources(HTMLParser):
    """Collects every URL the browser would *fetch* (not plain links people click)."""

    FETCHED: ClassVar[dict[str, tuple[str, ...]]] = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "iframe": ("src",),
        "frame": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "track": ("src",),
        "input": ("src",),
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and values.get("rel") not in ("canonical", "alternate"):
            self.urls.append(values.get("href", ""))
        for name in self.FETCHED.get(tag, ()):
            if name in values:
                self.urls += [part.strip().split(" ")[0] for part in values[name].split(",")]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls.append(values.get("content", "").partition("url=")[2])
        if "style" in values:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values["style"])


def _foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in ("", "data", "blob") and not url.strip().startswith("//"):
        return False
    return parts.hostname not in SITE_HOSTS


def foreign_references(site: Path) -> list[str]:
    """Every reference from a built HTML or CSS file to a resource on another host."""
    found = []
    for path in sorted(site.rglob("*.html")):
        parser = _Resources()
        text = path.read_text(encoding="utf-8")
        parser.feed(text)
        for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S):
            parser.urls += re.findall(r"(?:url\(|@import)\s*['\"]?([^'\")\s;]+)", style)
        found += [f"{path.relative_to(site)}: {u}" for u in parser.urls if _foreign(u)]
    for path in sorted(site.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        urls = re.findall(r"(?:url\(|@import)\s*['\"]?([^'\")\s;]+)", text)
        found += [f"{path.relative_to(site)}: {u}" for u in urls if _foreign(u)]
    return found


def test_built_html_references_no_other_host(real_site: Path, fictional_site: Path) -> None:
    assert foreign_references(real_site) == []
    assert foreign_references(fictional_site) == []


def test_foreign_reference_check_catches_cdn_and_fonts(tmp_path: Path) -> None:
    """The check itself must fail on the usual offenders (CDN script, Google Fonts, CSS url)."""
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.plot.ly/plotly.min.js"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">'
        '<a href="https://www.gov.cn/">a link is not a request</a>'
        '<img src="../assets/x.png">',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        "@font-face{src:url(https://fonts.gstatic.com/x.woff2)}", encoding="utf-8"
    )
    found = foreign_references(tmp_path)
    assert found == [
        "a.html: https://cdn.plot.ly/plotly.min.js",
        "a.html: //fonts.googleapis.com/css?family=Roboto",
        "b.css: https://fonts.gstatic.com/x.woff2",
    ]


# --------------------------------------------------------------------------- search


def _records(site: Path) -> dict[str, str]:
    """The stored text of every indexed page (what results show), by URL."""
    out = {}
    for path in (site / "search" / "p").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        out[record["u"]] = " ".join(f"{s[1]} {s[2]}" for s in record["s"])
    return out


def _postings(site: Path, kind: str, token: str) -> dict[str, int]:
    """A token's postings in the built index, decoded as search.js does: url → weight."""
    manifest = json.loads((site / "search/manifest.json").read_text(encoding="utf-8"))
    bits = manifest["bits"][kind]
    path = site / "search" / kind / f"{index.shard(token, manifest['shards'][kind])}.json"
    page, out = 0, {}
    for x in json.loads(path.read_text(encoding="utf-8")).get(token, []):
        page += x >> bits
        record = json.loads((site / f"search/p/{page}.json").read_text(encoding="utf-8"))
        out[record["u"]] = x & ((1 << bits) - 1)
    return out


def test_search_index_is_the_portals_not_the_themes(real_site: Path) -> None:
    manifest = json.loads((real_site / "search/manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == index.VERSION
    pages = list(real_site.rglob("index.html"))
    # Every page but the 404 page is indexed; the theme's one-file index is not built at all.
    assert manifest["pages"] == len(pages) == len(_records(real_site))
    assert not (real_site / "search" / "search_index.json").exists()
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert "data-portal-search" in html and 'data-md-component="search"' not in html
    assert "search_index.json" not in html


def test_search_index_says_how_closely_a_name_fits_and_how_often_words_occur(
    real_site: Path,
) -> None:
    names = _postings(real_site, "n", "洪泽")
    # The place's own page: its own name 洪泽 (2 letters); the body: its short name 洪泽区 (3);
    # a report of it: the same (its title starts with the short name).
    assert names["/regions/jiangsu-huaian-hongze/"] == 8 | 2
    assert names["/bodies/huaian-hongze-gov/"] == 8 | 3
    assert names["/bodies/huaian-hongze-gov/2023/"] == 8 | 3
    assert "/bodies/huaian-gov/2024/" not in names  # 洪泽 only in its text, if at all
    # 信访 is in the 信访局's own names (沙县区信访局, 沙县信访局), not only in its kind of office.
    assert _postings(real_site, "n", "信访")["/bodies/sanming-shaxian-xinfang/"] >> 3 == 1
    # Text: a report saying 政务新媒体 eleven times ranks above one saying it once or twice.
    text = _postings(real_site, "t", "媒体")
    assert text["/bodies/pingtan-zone/2021/"] > text["/bodies/sanming-jianning-gov/2022/"] >= 1
    manifest = json.loads((real_site / "search/manifest.json").read_text(encoding="utf-8"))
    assert [
        "year",
        manifest["kinds"][[g[0] for g in manifest["kinds"]].index("year")][1],
        2024,
    ] in (manifest["kinds"])


def test_search_words_split_where_han_meets_digits_whatever_the_width() -> None:
    words = search_words.normalize("洪泽区　２０２３").split()
    assert words == search_words.normalize("洪泽区,2023").split() == ["洪泽区", "2023"]
    assert search_words.normalize("沙县2022年报告").split() == ["沙县", "2022", "年报告"]
    assert search_words.tokens(search_words.normalize("A4纸")) == {"a4", "纸"}
    assert index.tf_level(1, 2000) == 1 and index.tf_level(4, 2000) == 5
    assert index.tf_level(4, 8000) < index.tf_level(4, 2000)  # the same count in a longer text
    assert index.tf_level(10**6, 10) == 15


def test_search_weights_a_page_at_once_exactly_as_one_count_at_a_time() -> None:
    import numpy

    counts = numpy.arange(1, 5000, dtype=numpy.int64)
    for length in (1, 7, 333, 1999, 2000, 2001, 8000, 123_457):
        expected = [index.tf_level(int(c), length) for c in counts]
        assert index.tf_levels(counts, length).tolist() == expected


def test_search_indexes_content_not_tables_or_page_furniture(fictional_site: Path) -> None:
    texts = _records(fictional_site)
    report = texts["/bodies/fict-xinfang/2022/"]
    assert "相关名称" in report and "云梦泽区" in report
    assert "总体情况" in report  # the prose is searchable
    for text in texts.values():
        assert "本列数据的勾稽关系" not in text  # table 三's header cell
        assert "hovertemplate" not in text and "下载本表数据" not in text
        assert "跳转至" not in text  # the theme's skip link, on every page
        assert "¶" not in text


def test_header_override_follows_the_installed_theme() -> None:
    """site_overrides/partials/header.html differs from the theme's only in the search part."""
    theme = Path(material.__file__).parent / "templates/partials/header.html"
    ours = (ROOT / "site_overrides/partials/header.html").read_text(encoding="utf-8")
    theirs = theme.read_text(encoding="utf-8")

    def without_search(text: str, search_starts: str) -> str:
        text = text[text.index("-#}") + 3 :]  # the leading comment (theirs: "generated")
        start = text.index(search_starts)
        return text[:start] + text[text.index("{% if config.repo_url %}", start) :]

    assert without_search(ours, "{#- portal: the search box") == without_search(
        theirs, '{% if "material/search" in config.plugins %}'
    )


def test_navigation_shared_between_pages_is_what_each_page_renders_itself(
    tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tabs, sidebar and header parts are rendered once per set of links, the theme's words
    looked up once per key (generator/navigation.py).

    Every page of a site built that way must be byte for byte the page built by rendering the
    navigation for each page, as the theme does; and the cache must really be used.
    """
    portal_tree(tree)
    made: list[navigation.SharedNavigation] = []

    class Counted(navigation.SharedNavigation):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(navigation, "SharedNavigation", Counted)
    assert build(tree.root, tmp_path / "shared", "--strict") == 0
    pages = html_pages(tmp_path / "shared")
    shared = made[-1]
    assert len(pages) > 20
    assert set(shared.renders) == {"nav", "tabs", "logo", "palette", "search"}, shared.renders
    assert max(shared.renders.values()) < len(pages) / 2, (shared.renders, len(pages))
    assert "action.skip" in shared.translations, shared.translations

    monkeypatch.setattr(Counted, "part", lambda self, context, name, caller: caller())
    monkeypatch.setattr(Counted, "translate", lambda self, key: self.theme_translate(key))
    assert build(tree.root, tmp_path / "each", "--strict") == 0
    assert_same_pages(tmp_path / "shared", tmp_path / "each")
    home = (tmp_path / "shared" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-tabs"' in home and "md-nav--primary" in home
    assert "跳转至" in home  # the theme's Chinese for action.skip, through lang.t


def test_pages_filled_into_skeletons_are_what_the_theme_renders_for_each(
    tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages outside the navigation are the theme's page with their own values put in
    (generator/skeleton.py). Every page of a site built that way must be byte for byte the page
    mkdocs-material renders for it, and the skeletons must really be used."""
    portal_tree(tree)
    for i in range(6):  # bodies of one kind, so that pages share shapes as a province's do
        tree.write_body(f"fict-office{i}", region=fictional.DISTRICT)
        for year in (2022, 2024):
            tree.write_report(fictional.requests(fictional.report(f"fict-office{i}", year), i))
    made: list[skeleton.Skeletons] = []
    install = skeleton.install

    def counted(*args: Any) -> skeleton.Skeletons:
        made.append(install(*args))
        return made[-1]

    monkeypatch.setattr(skeleton, "install", counted)
    assert build(tree.root, tmp_path / "filled", "--strict") == 0
    pages = html_pages(tmp_path / "filled")
    used = made[-1]
    assert used.enabled
    assert used.filled > len(pages) / 3, (used.filled, used.rendered, len(pages))

    monkeypatch.setattr(
        skeleton.Skeletons, "render", lambda self, context: self._theme(context.get_all())
    )
    assert build(tree.root, tmp_path / "theme", "--strict") == 0
    assert made[-1].filled == 0
    assert_same_pages(tmp_path / "filled", tmp_path / "theme")


def test_chart_library_is_the_basic_bundle_of_the_plotly_version_figures_are_checked_with() -> None:
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    basic = tools.plotly_js(ROOT)
    assert tools.plotly_js_version(basic) == tools.plotly_js_version(full) != ""
    assert "(basic - minified)" in basic.read_text(encoding="utf-8")[:200]
    # The basic bundle draws scatter and bar; every chart the portal makes uses only those.
    kinds = {"bar", "hbar", "line", "stack"}
    traces = set()
    for kind in kinds:
        series = [charts.Series("甲", [Val(1)]), charts.Series("乙", [Val(2)])]
        chart = charts.Chart("c", "t", kind, ["2023"], series)
        traces |= {t["type"] for t in charts.figure(chart)["data"]}
    assert traces == {"bar", "scatter"}


# --------------------------------------------------------------------------- failures


def test_schema_error_stops_the_build(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    bad = fictional.report("fict-bureau", 2024)
    bad["table3"]["new_requests"][0] = -3
    tree.write_report(bad)
    site = tmp_path / "out"
    assert build(tree.root, site) == 1
    err = capsys.readouterr().err
    assert "内容有错误，网站没有生成" in err
    assert "content/bodies/fict-bureau/2024.yaml:" in err and "new_requests[0]" in err
    assert not site.exists()


def test_consistency_warnings_do_not_fail_strict(fictional_site: Path) -> None:
    # The fictional portal has an R4 failure; the page shows it and --strict still passes.
    html = (fictional_site / "bodies/fict-xinfang/2022/index.html").read_text(encoding="utf-8")
    assert "数字不相符：1 处" in html


def test_analysis_needs_no_site(tree: ContentTree) -> None:
    tree.standard(years=(2022, 2023))
    loaded = content.load(tree.root)
    portal = analyse(loaded, validate(loaded))
    assert portal.years == [2022, 2023]


# --------------------------------------------------------------------------- fragments


def test_html_blocks_skip_markdown_and_come_back_in_place(real_site: Path) -> None:
    pages = list(real_site.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "pt-fragment" not in html, path
        assert "<p><table" not in html and "<p><div" not in html, path
    report = (real_site / "bodies/huaian-hongze-gov/2023/index.html").read_text(encoding="utf-8")
    # In page order: the official table 三 after its heading, its charts after it.
    marks = ('id="table3"', 'id="official-table3"', 'id="chart-applicants"', 'id="table4"')
    order = [report.index(s) for s in marks]
    assert order == sorted(order)


def test_page_parts_text_cannot_pass_for_a_placeholder() -> None:
    page = Page.of(
        "x.md",
        "x",
        ["<p>注意 <!--pt-fragment:0--> 这段文字。</p>\n\n", Html("<table></table>\n\n")],
    )
    assert page.fragments == ("<table></table>",)
    assert page.body.count("<!--pt-fragment:0-->") == 1
    assert page.html == "<p>注意 &lt;!--pt-fragment:0--> 这段文字。</p>\n\n<table></table>\n\n"


def test_generated_headings_are_what_markdown_makes_of_them() -> None:
    """Ids, permalinks and the table of contents as mkdocs.yml's toc extension would make them."""
    headings = [
        Heading(1, "虚构市 2023 年度报告"),
        Heading(2, "主要数字", "key-figures"),
        Heading(2, "A & B <c> *d*"),
        Heading(3, "Über 2023"),
        Heading(2, "主要数字"),
        Heading(2, "key-figures"),
    ]
    page = Page.of("x.md", "x", headings)
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )
    source = "".join(
        f"{'#' * h.level} {_md_text(h.text)}" + (f" {{ #{h.anchor} }}" if h.anchor else "") + "\n\n"
        for h in headings
    )
    assert page.html.replace("\n\n", "\n").strip() == md.convert(source)
    assert page.toc_tokens() == [
        {k: v for k, v in token.items() if k in ("level", "id", "name", "children")}
        for token in _plain_tokens(md.toc_tokens)
    ]


def _md_text(text: str) -> str:
    # Literal text in Markdown: HTML-escaped, and Markdown's own characters backslash-escaped.
    return re.sub(r"([\\`*_{}\[\]()>#+\-.!])", r"\\\1", escape(text, quote=False))


def _plain_tokens(tokens: list[dict]) -> list[dict]:
    return [
        {
            "level": t["level"],
            "id": t["id"],
            "name": t["name"],
            "children": _plain_tokens(t["children"]),
        }
        for t in tokens
    ]


def test_search_indexer_that_fails_fails_the_build_cleanly(
    tree: ContentTree,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree.standard()

    def broken(self: index.Index, url: str, title: str, html: str) -> None:
        raise OSError("no index for you")

    # The indexing child is forked from this process, so it has the broken method too.
    monkeypatch.setattr(index.Index, "add", broken)
    _fails_cleanly(tree, tmp_path / "out", caplog, "OSError: no index for you")


def _fails_cleanly(
    tree: ContentTree, out: Path, caplog: pytest.LogCaptureFixture, *messages: str
) -> None:
    """The build fails with ``messages`` logged, and leaves neither a site nor any scratch."""
    assert build(tree.root, out / "site") == 1
    assert all(message in caplog.text for message in messages), caplog.text
    leftovers = [p.name for p in out.iterdir() if p.name != "site"] if out.exists() else []
    assert leftovers == []  # no export folder left behind
    assert not (out / "site").exists()


def test_every_table_has_a_caption_and_every_header_a_scope(
    real_site: Path, fictional_site: Path
) -> None:
    # Screen readers announce a table by its caption and read each cell with its headers.
    # (The hand-written pages' Markdown tables have one header row; their scope is implicit.)
    missing = []
    for site in (real_site, fictional_site):
        for path in site.rglob("*.html"):
            if path.relative_to(site).parts[0] in ("guide", "about"):
                continue
            html = path.read_text(encoding="utf-8")
            for table in re.findall(r"<table\b.*?</table>", html, flags=re.S):
                if "<caption" not in table:
                    missing.append(f"{path.relative_to(site)}: {table[:60]}")
                missing += [
                    f"{path.relative_to(site)}: {th}"
                    for th in re.findall(r"<th\b[^>]*>", table)
                    if "scope=" not in th
                ]
    assert missing == []


def _fails(n: int) -> int:
    if n == 3:
        raise ValueError("page 3 cannot be made")
    return n * n


def test_pages_rendered_on_two_cores_are_those_rendered_on_one(tree: ContentTree) -> None:
    tree.standard(years=(2021, 2022, 2023))
    loaded = content.load(tree.root)
    portal = analyse(loaded, validate(loaded))
    assert site_mod.render(portal, parallel=True) == site_mod.render(portal, parallel=False)
    jobs = [(_fails, (n,)) for n in range(10)]
    jobs[3] = (_fails, (2,))
    assert workers.run(jobs) == [n * n for n in range(10)][:3] + [4] + [n * n for n in range(4, 10)]
    # A job that fails in the child: its traceback comes back, nothing half-made is returned.
    _, childs = workers.split(6)
    jobs = [(_fails, (3 if i == childs[-1] else 0,)) for i in range(6)]
    with pytest.raises(workers.WorkerError, match="page 3 cannot be made"):
        workers.run(jobs)
    # Both processes do a share, each job exactly once.
    ours, childs = workers.split(101)
    assert sorted(ours + childs) == list(range(101)) and 40 <= len(childs) <= 50


def test_a_site_builds_pages_streamed_as_they_are_rendered_in_one_process(
    tree: ContentTree,
) -> None:
    """The site build's stream (a share rendered ahead by a child, the rest on demand) gives
    every page, under the address its job names, as rendering in one process does."""
    tree.standard(years=(2021, 2022, 2023))
    loaded = content.load(tree.root)
    portal = analyse(loaded, validate(loaded))
    expected = {p.src: Ready.of(p) for p in site_mod.render(portal, parallel=False)}
    jobs = site_mod.page_jobs(portal)
    assert [src for src, _f, _a in jobs] == list(expected)
    stream = PageStream(jobs, parallel=True)
    try:
        got = stream.start([urls.HOME, urls.BODIES])
        assert set(got) == {urls.HOME, urls.BODIES}
        # The child's pages are there whatever order they are asked for in.
        for src in reversed(stream.srcs):
            if src not in got:
                got[src] = stream.take(src)
        assert stream._ahead is not None and stream._ahead.process is not None
        stream._ahead.process.join(30)
        assert stream.helped()
    finally:
        stream.close()
    assert got == expected


def test_a_site_built_in_one_process_is_the_site_built_on_two(
    fictional_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As under ``mkdocs serve`` (a threaded server: nothing forked), every page is rendered,
    indexed and exported in the builder's own process: the same site, byte for byte."""
    from generator.site.plugin import PortalPlugin

    def serving(self: PortalPlugin, *, command: str, dirty: bool) -> None:
        self.serving = True

    monkeypatch.setattr(PortalPlugin, "on_startup", serving)
    tree = ContentTree(tmp_path / "content")
    portal_tree(tree)
    site = tmp_path / "site"
    assert build(tree.root, site, "--strict") == 0
    ours = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(fictional_site) for p in fictional_site.rglob("*") if p.is_file())
    assert ours == theirs
    assert [f for f in ours if (site / f).read_bytes() != (fictional_site / f).read_bytes()] == []


_BUILDER = os.getpid()
_REPORT_PAGE = site_mod.report_page.report_page


def _report_page_fails_in_a_child(*args: Any) -> Page:
    if os.getpid() != _BUILDER:
        raise ValueError("this report cannot be drawn")
    return _REPORT_PAGE(*args)


def test_a_page_that_fails_in_the_rendering_child_fails_the_build_cleanly(
    tree: ContentTree,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree.standard()
    # Forked after this, the rendering child has the broken page (this process draws it well).
    monkeypatch.setattr(site_mod.report_page, "report_page", _report_page_fails_in_a_child)
    _fails_cleanly(tree, tmp_path / "out", caplog, "页面生成失败", "this report cannot be drawn")


def test_a_builds_working_files_stay_inside_the_site_being_built_and_go_with_it(
    tree: ContentTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages on their way between processes (hundreds of MB at a province's scale) are
    written in a hidden folder of the site being built, never in the system's temporary folder,
    which may be held in memory; none is left in the built site."""
    portal_tree(tree)
    made: list[tuple[str, Path]] = []
    real_mkstemp = tempfile.mkstemp

    def spy(*args: Any, **kwargs: Any) -> tuple[int, str]:
        handle, name = real_mkstemp(*args, **kwargs)
        made.append((kwargs.get("prefix", ""), Path(name)))
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    site = tmp_path / "out" / "site"
    assert build(tree.root, site) == 0
    big = [path for prefix, path in made if prefix in ("portal-render-", "portal-search-pages-")]
    assert len(big) == 2, made  # the rendering child's and the search worker's
    for path in big:
        work = path.parent
        assert work.name.startswith(scratch.WORK_PREFIX)
        assert work.parent.name.startswith(".site.building-")  # the site being built
        assert not work.exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]
    assert not list(site.glob(f"{scratch.WORK_PREFIX}*"))


def test_a_work_folder_a_killed_build_left_is_removed_by_the_next(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    site = tmp_path / "site"
    for name, owner in (("killed", dead.pid), ("running", os.getppid())):
        folder = site / f"{scratch.WORK_PREFIX}{name}"
        folder.mkdir(parents=True)
        (folder / scratch.OWNER).write_text(f"{owner}\n", encoding="utf-8")
    new = scratch.work_folder(site)
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted([f"{scratch.WORK_PREFIX}running", new.name])


def test_the_pipelines_objects_are_frozen_and_a_later_build_frees_their_cycles() -> None:
    """After the pipeline its objects are frozen (mkdocs's collections never walk them again);
    a later build in the same process (``mkdocs serve``) lets the collector free what is left."""

    class Node:
        pass

    gc.collect()
    with site_mod.collector_paused():
        cycle = Node()
        cycle.itself = cycle  # type: ignore[attr-defined]
        alive = weakref.ref(cycle)
        del cycle
    try:
        assert gc.isenabled() and gc.get_freeze_count() > 0
        gc.collect()
        assert alive() is not None  # frozen: the collector does not look at it
        with site_mod.collector_paused():
            pass
        assert alive() is None  # the next build's collection freed it
    finally:
        gc.unfreeze()


#: Interface text the theme, Python-Markdown or Plotly would show in English if left to itself.
ENGLISH_INTERFACE = (
    "Permanent link",
    "Made with",
    "Material for MkDocs",
    "Skip to content",
    "Back to top",
    "Table of contents",
    "Type to start searching",
    "Initializing search",
    "Search",
    "Previous",
    "Next",
    "Copyright",
    "Double-click",
    "Download plot",
    "Produced with Plotly",
    "Autoscale",
    "Reset axes",
    "Toggle",
    "Share",
    "Edit this page",
    "Last update",
)
_SHOWN_ATTRIBUTE = re.compile(r'\s(?:title|aria-label|placeholder|alt|value)="([^"]*)"')


def test_no_english_interface_text_in_the_built_pages(
    real_site: Path, fictional_site: Path
) -> None:
    found = []
    for site in (real_site, fictional_site):
        for path in site.rglob("*.html"):
            html = path.read_text(encoding="utf-8")
            html = re.sub(r"<(script|style)\b.*?</\1\s*>", "", html, flags=re.S)
            html = re.sub(r"data-figure='[^']*'", "", html)  # the charts' data, not shown as is
            shown = " ".join([re.sub(r"<[^>]+>", " ", html), *_SHOWN_ATTRIBUTE.findall(html)])
            found += [f"{path.relative_to(site)}: {p}" for p in ENGLISH_INTERFACE if p in shown]
    assert found == []


def test_the_english_interface_check_finds_what_it_should(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<h2 id="a">A<a class="headerlink" title="Permanent link">¶</a></h2>', encoding="utf-8"
    )
    shown = " ".join(_SHOWN_ATTRIBUTE.findall(page.read_text(encoding="utf-8")))
    assert "Permanent link" in shown
