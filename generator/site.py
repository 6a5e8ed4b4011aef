"""The pipeline, top to bottom: load → validate → analyse → render. mkdocs then builds the site.

:func:`generate` is what both ``portal build`` and a plain ``mkdocs build``/``mkdocs serve`` run
(through :mod:`generator.plugin`): everything is loaded and validated before any page is
rendered, and schema errors stop the build with the validator's messages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import compare, datapages, indexes, opendata, pages, scaffold
from . import content as content_mod
from . import schema as schema_mod
from .analysis import Portal, analyse
from .findings import Finding, render_text
from .pages import Page
from .validate import Result, validate


class ContentError(Exception):
    """The content has errors; the site is not built. ``str()`` is the validator's report."""

    def __init__(self, result: Result) -> None:
        self.result = result
        super().__init__(render_text(result.findings, result.checked))


@dataclass
class Generated:
    """What the pipeline produced: the pages, the analysed portal, and timings per stage."""

    pages: list[Page]
    downloads: list[tuple[str, bytes]]
    portal: Portal
    warnings: list[Finding]
    checked: int
    timings: dict[str, float] = field(default_factory=dict)


def render(portal: Portal) -> list[Page]:
    """Every page of the portal, as Markdown."""
    out = [
        indexes.home(portal),
        indexes.regions_index(portal),
        indexes.years_index(portal),
        indexes.bodies_index(portal),
        indexes.quality_page(portal),
        datapages.data_page(portal),
        datapages.coverage_page(portal),
    ]
    out += [indexes.region_page(portal, r) for r in portal.regions.values()]
    out += [indexes.year_page(portal, y) for y in portal.years]
    out += compare.compare_pages(portal)
    for body in portal.bodies.values():
        out.append(pages.body_page(portal, body))
        out += [pages.report_page(portal, body, r) for r in body.reports.values()]
    return out


def generate(root: Path) -> Generated:
    """Run the pipeline on the content tree at ``root``; raise ContentError on any error."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    content = content_mod.load(root)
    timings["load"] = time.perf_counter() - start

    start = time.perf_counter()
    result = validate(content)
    timings["validate"] = time.perf_counter() - start
    if result.errors:
        raise ContentError(result)

    start = time.perf_counter()
    portal = analyse(content, result)
    timings["analyse"] = time.perf_counter() - start

    start = time.perf_counter()
    rendered = render(portal)
    timings["render"] = time.perf_counter() - start

    start = time.perf_counter()
    downloads = export(portal)
    timings["export"] = time.perf_counter() - start
    return Generated(rendered, downloads, portal, result.warnings, result.checked, timings)


def export(portal: Portal) -> list[tuple[str, bytes]]:
    """Every open-data file (``data/…``) and the published schemas (``schema/…``)."""
    sources = {(r.body_id, r.year): r.path.read_bytes() if r.path else b"" for r in portal.reports}
    files = opendata.all_files(portal, sources)
    for name in sorted(schema_mod.SCHEMAS):
        files.append((f"schema/{name}", schema_mod.render(name).encode("utf-8")))
    for name, text in scaffold.site_templates():
        files.append((f"data/templates/{name}", text.encode("utf-8")))
    return files


def write(pages_: list[Page], out_dir: Path) -> None:
    """Write the Markdown pages to a folder (for inspection and ``portal render``)."""
    for page in pages_:
        path = out_dir / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")


EXPORT_MARKER = ".portal-export"


def export_to(root: Path, out_dir: Path, *, force: bool = False) -> list[Path]:
    """``portal export``: validate, then write every open-data file under ``out_dir``.

    A folder that holds files but no marker of an earlier export may be the user's own: it is
    left alone unless ``force`` (no command overwrites what the user wrote unless asked).
    """
    existing = out_dir.exists() and any(out_dir.iterdir())
    if existing and not (out_dir / EXPORT_MARKER).exists() and not force:
        raise FileExistsError(f"{out_dir} 已有其他文件；确认可以写入请加 --force")
    generated = generate(root)
    written = []
    for name, data in generated.downloads:
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    (out_dir / EXPORT_MARKER).write_text("written by portal export\n", encoding="utf-8")
    return written
