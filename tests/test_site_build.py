"""Whole-site builds with mkdocs-material (``--strict``): real content and fictional content."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import jieba
import pytest

from generator import cli, content
from generator.analysis import analyse
from generator.validate import validate

from . import factories
from .factories import ContentTree, portal_tree

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
    assert (real_site / "assets/javascripts/plotly.min.js").stat().st_size > 1_000_000


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


def _index(site: Path) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def _tokens(site: Path, location: str) -> set[str]:
    separator = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")
    docs = [d for d in _index(site) if d["location"].split("#")[0] == location]
    text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in docs)
    return {t for t in separator.split(text) if t}


def test_search_index_has_segmented_body_name(fictional_site: Path) -> None:
    docs = [d for d in _index(fictional_site) if d["location"] == "bodies/fict-xinfang/"]
    assert docs[0]["title"] == "虚构市\u200b云梦泽区\u200b人民政府\u200b信访局"
    tokens = _tokens(fictional_site, "bodies/fict-xinfang/")
    assert {"云梦泽区", "云梦泽", "信访局", "云梦泽区信访局"} <= tokens
    # jieba's own dictionary alone cuts the name differently: the user words are what matter.
    assert "云梦泽区" not in jieba.Tokenizer().lcut("虚构市云梦泽区人民政府信访局")


def test_search_index_leaves_out_number_tables(fictional_site: Path) -> None:
    text = json.dumps(_index(fictional_site), ensure_ascii=False)
    assert "本列数据的勾稽关系" not in text  # table 三's header cell
    assert "pt-plot" not in text and "hovertemplate" not in text


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("信访局", "bodies/sanming-shaxian-xinfang/"),
        ("沙坡头", "bodies/zhongwei-shapotou-gov-office/"),
        ("沙坡头区政府办", "bodies/zhongwei-shapotou-gov-office/"),
        ("平潭", "bodies/pingtan-zone/"),
        ("沙县区", "bodies/sanming-shaxian-gov-office/"),
        ("洪泽区", "bodies/huaian-hongze-gov/2023/"),
        ("行政复议", "bodies/huaian-hongze-gov/2023/"),
    ],
)
def test_search_tokens_for_common_queries(real_site: Path, query: str, page: str) -> None:
    """The browser does not segment queries: a query finds a page only as a whole token."""
    assert query in _tokens(real_site, page)


# --------------------------------------------------------------------------- failures


def test_schema_error_stops_the_build(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    bad = factories.report("fict-bureau", 2024)
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
