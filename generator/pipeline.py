"""The pipeline, top to bottom: load → validate → analyse → render. mkdocs then builds the site,
while a second process writes the open-data files (:mod:`generator.exporting`).

:func:`generate` is what both ``portal build`` and a plain ``mkdocs build``/``mkdocs serve`` run
(through :mod:`generator.plugin`): everything is loaded and validated before any page is
rendered, and schema errors stop the build with the validator's messages.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import workers
from .analysis.portal import Portal, analyse
from .checks import schemas as schema_mod
from .checks.findings import Finding, render_text
from .checks.validate import Result, validate
from .content import tree as content_mod
from .opendata import files
from .publish import scaffold
from .render import body_page, compare, datapages, indexes, regions_years, report_page
from .render.page import Page


class ContentError(Exception):
    """The content has errors; the site is not built. ``str()`` is the validator's report."""

    def __init__(self, result: Result) -> None:
        self.result = result
        super().__init__(render_text(result.findings, result.checked))


@dataclass
class Generated:
    """What the pipeline produced: the pages, the analysed portal, and timings per stage."""

    pages: list[Page]
    portal: Portal
    warnings: list[Finding]
    checked: int
    timings: dict[str, float] = field(default_factory=dict)
    #: How many pages were made (``pages`` is emptied once mkdocs has them, to free memory).
    page_count: int = 0


def render(portal: Portal, *, parallel: bool = True) -> list[Page]:
    """Every page of the portal (HTML with title and headings, see :mod:`generator.page`).

    Pages are independent of each other once the portal is analysed: they are rendered on two
    cores (:mod:`generator.forked`), in the same order and to the same bytes as on one;
    ``parallel=False`` for a threaded process (``mkdocs serve``), where forking is unsafe.
    """
    jobs: list[workers.Job[Page]] = [
        (indexes.home, (portal,)),
        (regions_years.regions_index, (portal,)),
        (regions_years.years_index, (portal,)),
        (indexes.bodies_index, (portal,)),
        (indexes.quality_page, (portal,)),
        (datapages.data_page, (portal,)),
        (datapages.coverage_page, (portal,)),
    ]
    jobs += [(regions_years.region_page, (portal, r)) for r in portal.regions.values()]
    jobs += [(regions_years.year_page, (portal, y)) for y in portal.years]
    jobs += [(compare.compare_page, (portal, r, y)) for r, y in compare.compared(portal)]
    for body in portal.bodies.values():
        jobs.append((body_page.body_page, (portal, body)))
        jobs += [(report_page.report_page, (portal, body, r)) for r in body.reports.values()]
    return workers.run(jobs, name="portal-render") if parallel else workers.serial(jobs)


def analysed(
    root: Path, timings: dict[str, float] | None = None, *, parallel: bool = False
) -> tuple[Portal, Result]:
    """Load, validate and analyse the content tree at ``root``; raise ContentError on any error.

    ``parallel``: read and check the files on two cores (not in a threaded process).
    """
    timings = {} if timings is None else timings
    start = time.perf_counter()
    content = content_mod.load(root, parallel=parallel)
    timings["load"] = time.perf_counter() - start

    start = time.perf_counter()
    result = validate(content, parallel=parallel)
    timings["validate"] = time.perf_counter() - start
    if result.errors:
        raise ContentError(result)

    start = time.perf_counter()
    portal = analyse(content, result)
    timings["analyse"] = time.perf_counter() - start
    return portal, result


def generate(
    root: Path,
    *,
    parallel: bool = True,
    on_analysed: Callable[[Portal], object] | None = None,
) -> Generated:
    """Run the pipeline on the content tree at ``root``: every page (HTML).

    The open-data files are not made here but by :func:`export` (in a second process during a
    site build, see :mod:`generator.exporting`), which ``on_analysed`` can start: it is called
    with the analysed portal before any page is rendered.
    """
    timings: dict[str, float] = {}
    with collector_paused():
        portal, result = analysed(root, timings, parallel=parallel)
        if on_analysed is not None:
            on_analysed(portal)
        start = time.perf_counter()
        rendered = render(portal, parallel=parallel)
        timings["render"] = time.perf_counter() - start
    return Generated(rendered, portal, result.warnings, result.checked, timings, len(rendered))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the pipeline builds its data, and kept off it after.

    The pipeline makes millions of objects that all stay alive (the content, the portal, the
    pages) and almost no cycles (about a thousand objects at a province's scale). The collector
    would walk the growing heap again and again to find nothing: seconds at that scale. When the
    pipeline is done its objects are *frozen* (moved where the collector never looks): mkdocs then
    makes millions of short-lived objects per build, and each of the collections they set off
    walked the whole portal again (1.8 of the main process's CPU seconds at a province's scale,
    0.4 s with the portal frozen). Frozen objects are still freed when nothing refers to them.
    """
    enabled = gc.isenabled()
    if enabled and gc.get_freeze_count():
        # A build before this one in the same process (``mkdocs serve``) froze its objects:
        # the collector may now free the cycles among those no longer in use.
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def export(portal: Portal, out_dir: Path) -> list[str]:
    """Write every open-data file (``data/…``) and the published schemas (``schema/…``)."""
    written = files.write_all(portal, out_dir)
    extra = [(f"schema/{name}", schema_mod.render(name)) for name in sorted(schema_mod.SCHEMAS)]
    extra += [(f"data/templates/{name}", text) for name, text in scaffold.site_templates()]
    for name, text in extra:
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(name)
    return written


def write(pages_: list[Page], out_dir: Path) -> None:
    """Write the pages as source files (front matter + HTML) to a folder (``portal render``)."""
    for page in pages_:
        path = out_dir / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.source, encoding="utf-8")


EXPORT_MARKER = ".portal-export"


def export_to(root: Path, out_dir: Path, *, force: bool = False) -> list[Path]:
    """``portal export``: validate, then write every open-data file under ``out_dir``.

    A folder that holds files but no marker of an earlier export may be the user's own: it is
    left alone unless ``force`` (no command overwrites what the user wrote unless asked).
    """
    existing = out_dir.exists() and any(out_dir.iterdir())
    if existing and not (out_dir / EXPORT_MARKER).exists() and not force:
        raise FileExistsError(f"{out_dir} 已有其他文件；确认可以写入请加 --force")
    with collector_paused():  # and on two cores, as in a build (``portal export`` is one thread)
        portal, _result = analysed(root, parallel=True)
        written = [out_dir / name for name in export(portal, out_dir)]
    (out_dir / EXPORT_MARKER).write_text("written by portal export\n", encoding="utf-8")
    return written
