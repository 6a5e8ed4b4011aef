"""Every internal link and anchor of the built site leads somewhere (crawled from the home page)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from fictional import ContentTree, portal_tree

from .test_site_build import ROOT, build

SITE_ROOT = "http://site.invalid/"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("id", "name") if tag != "meta" else ():
            if found.get(name):
                self.ids.add(str(found[name]))
        for name in ("href", "src"):
            value = found.get(name)
            if value and not (tag == "link" and found.get("rel") in ("canonical",)):
                self.links.append(value)


def _file_for(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path)[len(urlsplit(SITE_ROOT).path) :]
    target = site / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def crawl(site: Path) -> tuple[list[str], set[Path]]:
    """Follow every internal link from the home page: the links (and #anchors) that fail, and
    the pages reached."""
    parsed: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in parsed:
            parser = _Page()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken: list[str] = []
    queue, seen = [SITE_ROOT], {SITE_ROOT}
    while queue:
        url = queue.pop()
        source = _file_for(site, url)
        assert source is not None
        for link in page(source).links:
            absolute = urljoin(url, link)
            if not absolute.startswith(SITE_ROOT):
                continue  # other hosts (the report's original, e-mail): not ours to check
            target = _file_for(site, absolute)
            where = f"{source.relative_to(site)}: {link}"
            if target is None:
                broken.append(where)
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment and target.suffix == ".html" and fragment not in page(target).ids:
                broken.append(where + "（页内没有这个锚点）")
            page_url = absolute.split("#")[0]
            if target.suffix == ".html" and page_url not in seen:
                seen.add(page_url)
                queue.append(page_url)
    return broken, set(parsed)


def broken_links(site: Path) -> list[str]:
    return crawl(site)[0]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = tmp_path_factory.mktemp("links")
    tree = ContentTree(base / "content")
    portal_tree(tree)
    assert build(tree.root, base / "fictional", "--strict") == 0
    assert build(ROOT / "content", base / "real", "--strict") == 0
    return [base / "real", base / "fictional"]


def test_no_broken_internal_link_or_anchor(sites: list[Path]) -> None:
    for site in sites:
        assert broken_links(site) == [], site


def test_every_page_is_reachable_by_links(sites: list[Path]) -> None:
    # The crawl reaches every report page (none is an orphan only search could find).
    for site in sites:
        pages = set(site.glob("bodies/*/index.html")) | set(site.glob("bodies/*/*/index.html"))
        pages |= set(site.glob("regions/*/index.html"))
        assert len(pages) > 5
        assert pages - crawl(site)[1] == set()


def test_the_crawler_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="missing/">gone</a><a href="a/#nowhere">x</a>'
        '<a href="https://www.gov.cn/">elsewhere</a><a href="#top" id="top">top</a>',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h2 id="here">a</h2>', encoding="utf-8")
    assert broken_links(site) == [
        "index.html: missing/",
        "index.html: a/#nowhere（页内没有这个锚点）",
    ]
