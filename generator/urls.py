"""Where each generated page lives, and links between pages.

Pages are generated at these source paths; mkdocs turns ``a/b.md`` into the URL ``a/b/``
(``use_directory_urls``). Generated pages are HTML, where mkdocs does not rewrite links, so links
are written relative to the page with :func:`link` (relative links keep the site working in a
sub-folder and from ``file://``).
"""

from __future__ import annotations

HOME = "index.md"
REGIONS = "regions/index.md"
YEARS = "years/index.md"
BODIES = "bodies/index.md"
QUALITY = "quality.md"
DATA = "data.md"
COVERAGE = "coverage.md"
SIGNALS = "signals/index.md"
FORM = "form.md"  # the fill-in form for clerks (render/form_page.py)

# Open-data files (written by generator.opendata, linked from the pages).
DATA_DIR = "data"
WIDE = f"{DATA_DIR}/portal-key-figures.csv"
ZIP = f"{DATA_DIR}/portal-data.zip"
# Only inside the zip (see write_all): every cell of every report, and everything as JSON.
LONG_NAME = "portal-long.csv"
JSON_NAME = "portal.json"
COVERAGE_CSV = f"{DATA_DIR}/coverage.csv"


def wide_csv(fmt: int) -> str:
    """``data/portal-2021.csv``: every report of one layout, a line each, a column per cell."""
    return f"{DATA_DIR}/portal-{fmt}.csv"


def report_base(body_id: str, year: int) -> str:
    """``data/bodies/<id>/<year>`` — add ``.yaml`` (the report's own download)."""
    return f"{DATA_DIR}/bodies/{body_id}/{year}"


def body_csv(body_id: str) -> str:
    """The body's wide CSV, one line per year."""
    return f"{DATA_DIR}/bodies/{body_id}/{body_id}-all-years.csv"


def body(body_id: str) -> str:
    return f"bodies/{body_id}/index.md"


def report(body_id: str, year: int) -> str:
    return f"bodies/{body_id}/{year}.md"


def region(region_id: str) -> str:
    # A folder per region, so a region called "index" cannot collide with regions/index.md.
    return f"regions/{region_id}/index.md"


def year(year: int) -> str:
    return f"years/{year}.md"


def signals(year: int) -> str:
    """A year's page of late, missing, repeating and revised reports."""
    return f"signals/{year}.md"


def directory(src: str) -> str:
    """The URL folder a page source is served from: ``a/b.md`` → ``a/b``, ``a/index.md`` → ``a``."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("/index")]
    return stem


def link(from_src: str, to_src: str, anchor: str = "") -> str:
    """Relative URL from one page to another, for raw HTML (``../../bodies/x/2023/``)."""
    rel = _relative(directory(to_src), directory(from_src))
    url = "./" if rel == "." else rel + "/"
    return url + (f"#{anchor}" if anchor else "")


def asset(from_src: str, path: str) -> str:
    """Relative URL of a static file (``assets/…``) from a page."""
    return _relative(path, directory(from_src))


def _relative(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own paths (relative, normalized, "" for the root).

    Without relpath's trip through the working directory: a province's pages make ~10 links each.
    """
    here = start.split("/") if start else []
    there = target.split("/") if target else []
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."
