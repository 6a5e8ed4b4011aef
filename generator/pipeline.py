"""The pipeline, top to bottom: load → validate → analyse → render. For a site build mkdocs then
writes the pages as they are rendered (:mod:`generator.render.stream`), while other processes
write the open-data files (:mod:`generator.opendata.exporting`) and the search index.

:func:`generate` is what both ``portal build`` and a plain ``mkdocs build``/``mkdocs serve`` run
(through :mod:`generator.site.plugin`): everything is loaded and validated before any page is
rendered, and schema errors stop the build with the validator's messages.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import scratch, urls, workers
from .analysis import portal as analysis_portal
from .analysis import revisions as analysis_revisions
from .analysis.portal import Portal, analyse
from .checks.findings import Finding, render_text
from .checks.validate import Result, validate
from .content import tree as content_mod
from .content.tree import Content
from .opendata import exporting, files
from .render import (
    body_page,
    compare,
    datapages,
    form_page,
    indexes,
    regions_years,
    report_page,
    signals,
)
from .render.page import Page
from .render.stream import PageJob, PageStream
from .search import index as search_index
from .search.indexer import Indexer


class ContentError(Exception):
    """The content has errors; the site is not built. ``str()`` is the validator's report."""

    def __init__(self, result: Result) -> None:
        self.result = result
        super().__init__(render_text(result.findings, result.checked))


@dataclass
class Generated:
    """What the pipeline produced: the pages (or, for a site build, the stream that renders
    them), the analysed portal, and timings per stage."""

    pages: list[Page]
    portal: Portal
    warnings: list[Finding]
    checked: int
    timings: dict[str, float] = field(default_factory=dict)
    #: How many pages there are.
    page_count: int = 0
    #: A site build's pages, rendered as the site builder writes them (see :func:`generate`).
    stream: PageStream | None = None
    #: The workers writing beside the site builder (a site build only).
    export: exporting.Job | None = None
    indexer: Indexer | None = None
    #: Where the open data goes, until its export is started (:meth:`page_written`).
    export_to: Path | None = None
    parallel: bool = True
    #: The workers' scratch files (a site build only; :func:`generator.scratch.work_folder`).
    work: Path | None = None

    def page_written(self) -> None:
        """After each page the site builder writes: once the stream's child has rendered its
        share and exited, the open-data export starts on the core it leaves free."""
        if self.export_to is not None and self.stream is not None and self.stream.helped():
            self._start_export()

    def _start_export(self) -> None:
        assert self.export_to is not None
        self.export = exporting.start(self.portal, self.export_to, background=self.parallel)
        self.export_to = None

    def finish(self, site_dir: Path) -> None:
        """Once the site builder has written the pages: the open data moved in, the index written.

        Raises ``ExportError`` or ``SearchIndexError``; either way no worker is left running.
        """
        try:
            if self.stream is not None:
                self.stream.close()
            if self.export_to is not None:  # not started yet: a small site's pages were quicker
                self._start_export()
            if self.export is not None:
                self.timings["export (beside mkdocs)"] = exporting.finish(self.export, site_dir)
                self.export = None
            if self.indexer is not None:
                start = time.perf_counter()
                self.indexer.write()
                # Only the writing of the shards: the pages were indexed beside the builder.
                self.timings["search index"] = time.perf_counter() - start
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the workers (the build failed) and remove what they wrote."""
        if self.stream is not None:
            self.stream.close()
        _cancel(self.export, self.indexer, self.work)
        self.export = self.indexer = None
        self.export_to = self.work = None


def render(portal: Portal, *, parallel: bool = True) -> list[Page]:
    """Every page of the portal (HTML with title and headings, see :mod:`generator.render.page`).

    Pages are independent of each other once the portal is analysed: they are rendered on two
    cores (:mod:`generator.workers`), in the same order and to the same bytes as on one;
    ``parallel=False`` for a threaded process (``mkdocs serve``), where forking is unsafe.
    (A site build renders them as mkdocs writes them instead: :func:`generate`.)
    """
    jobs: list[workers.Job[Page]] = [(function, args) for _src, function, args in page_jobs(portal)]
    return workers.run(jobs, name="portal-render") if parallel else workers.serial(jobs)


def page_jobs(portal: Portal) -> list[PageJob]:
    """Every page of the portal, not yet rendered: its source path and the call that renders it."""
    jobs: list[PageJob] = [
        (urls.HOME, indexes.home, (portal,)),
        (urls.REGIONS, regions_years.regions_index, (portal,)),
        (urls.YEARS, regions_years.years_index, (portal,)),
        (urls.BODIES, indexes.bodies_index, (portal,)),
        (urls.QUALITY, indexes.quality_page, (portal,)),
        (urls.DATA, datapages.data_page, (portal,)),
        (urls.COVERAGE, datapages.coverage_page, (portal,)),
        (urls.SIGNALS, signals.signals_index, (portal,)),
        (urls.FORM, form_page.form_page, (portal,)),
    ]
    jobs += [(urls.signals(y), signals.signals_year, (portal, y)) for y in portal.year_range]
    jobs += [
        (urls.region(r.id), regions_years.region_page, (portal, r)) for r in portal.regions.values()
    ]
    jobs += [(urls.year(y), regions_years.year_page, (portal, y)) for y in portal.years]
    jobs += [
        (compare.compare_src(r.id, y), compare.compare_page, (portal, r, y))
        for r, y in compare.compared(portal)
    ]
    for body in portal.bodies.values():
        jobs.append((urls.body(body.id), body_page.body_page, (portal, body)))
        jobs += [
            (urls.report(body.id, year), report_page.report_page, (portal, body, r))
            for year, r in body.reports.items()
        ]
    return jobs


def checked(root: Path, *, parallel: bool = False) -> tuple[Content, Result]:
    """Load and validate the content tree at ``root`` (``portal validate``), collector paused.

    ``parallel``: read and check the files on two cores (not in a threaded process); a
    province's 11,000 files are checked in 3.4 s instead of 7.0 s.
    """
    with collector_paused():
        content = content_mod.load(root, parallel=parallel)
        return content, validate(content, parallel=parallel)


#: Children that work out the text reuse (one per core).
REUSE_SHARES = 2


def analysed(
    root: Path,
    timings: dict[str, float] | None = None,
    *,
    parallel: bool = False,
    history: bool = False,
) -> tuple[Portal, Result]:
    """Load, validate and analyse the content tree at ``root``; raise ContentError on any error.

    ``parallel``: read and check the files on two cores (not in a threaded process).
    ``history``: also read the content's git history (each report's revisions, for the pages).
    """
    timings = {} if timings is None else timings
    start = time.perf_counter()
    content = content_mod.load(root, parallel=parallel)
    timings["load"] = time.perf_counter() - start

    # Text reused from the year before needs only the content: two children work it out
    # beside validation and history, on whatever cores they leave free, then on both (tens
    # of millions of letters at a province's scale, the largest part of the analysis).
    reuse = [
        workers.Worker(
            analysis_portal.reuse_of,
            (content, share, REUSE_SHARES),
            name="portal-reuse",
            idle=True,
            background=parallel,
        )
        for share in range(REUSE_SHARES)
    ]
    # The revisions need only the file names and the git history (git's own processes and
    # the old versions' parsing): a third child, beside the others.
    revisions = None
    if history:
        files = {
            analysis_portal.content_path(content, r): r.layout or 2021
            for b in content.bodies.values()
            for r in b.reports.values()
        }
        revisions = workers.Worker(
            analysis_revisions.of_files,
            (root, files),
            name="portal-history",
            idle=True,
            background=parallel,
        )
    try:
        start = time.perf_counter()
        result = validate(content, parallel=parallel)
        timings["validate"] = time.perf_counter() - start
        if result.errors:
            raise ContentError(result)

        past = None
        if revisions is not None:
            start = time.perf_counter()
            (past,) = revisions.finish()
            timings["history"] = time.perf_counter() - start

        start = time.perf_counter()
        reused = {}
        for worker in reuse:
            reused.update(worker.finish()[0])
        portal = analyse(content, result, past, reused)
        timings["analyse"] = time.perf_counter() - start
    finally:
        for worker in [*reuse, *([revisions] if revisions else [])]:
            worker.cancel()
    return portal, result


def generate(root: Path, *, site_dir: Path | None = None, parallel: bool = True) -> Generated:
    """Run the pipeline on the content tree at ``root``: every page (HTML).

    For a site build (``site_dir``) the pages are not rendered here: the site builder takes
    them from :attr:`Generated.stream` as it writes them, a share rendered ahead by a child
    (:mod:`generator.render.stream`). Two more workers write beside it. The search index
    (:mod:`generator.search.indexer`) needs nothing of the content, only the pages: its worker
    is forked first, before anything is loaded, so it holds none of the build's memory (forked
    later, it shared the build's heap with the export, and each page of it the export touched
    was then held twice). The open data (:mod:`generator.opendata.exporting`, into a folder
    beside ``site_dir``) needs the portal: its worker is forked once the rendering child has
    done its share (:meth:`Generated.page_written`), so that no more than two processes hold
    their own copies of the parts of the portal they touch, and the export gets a free core.
    The site builder finishes the workers (:meth:`Generated.finish`).
    """
    timings: dict[str, float] = {}
    work = scratch.work_folder(site_dir) if site_dir is not None else None
    indexer = (
        Indexer(site_dir / search_index.OUTPUT, background=parallel, scratch=work)
        if site_dir is not None
        else None
    )
    try:
        with collector_paused():
            # load → validate → (history) → analyse
            portal, result = analysed(root, timings, parallel=parallel, history=True)
            if site_dir is None:
                start = time.perf_counter()
                pages = render(portal, parallel=parallel)
                timings["render"] = time.perf_counter() - start
                return Generated(
                    pages, portal, result.warnings, result.checked, timings, len(pages)
                )
            jobs = page_jobs(portal)
    except BaseException:
        _cancel(None, indexer, work)
        raise
    return Generated(
        [],
        portal,
        result.warnings,
        result.checked,
        timings,
        len(jobs),
        stream=PageStream(jobs, parallel=parallel, scratch=work),
        indexer=indexer,
        export_to=site_dir,
        parallel=parallel,
        work=work,
    )


def _cancel(export: exporting.Job | None, indexer: Indexer | None, work: Path | None) -> None:
    if indexer is not None:
        indexer.close()
    if export is not None:
        exporting.cancel(export)
    if work is not None:  # the workers have stopped: nothing writes in it any more
        shutil.rmtree(work, ignore_errors=True)


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


EXPORT_MARKER = ".portal-export"


def _refuse_export_into(root: Path, out_dir: Path) -> None:
    """``portal export`` never writes into the content, the hand-written pages or the project
    (the next validate would find its files there), even with ``--force``."""
    target, content = out_dir.resolve(), root.resolve()
    project = content.parent
    for folder in (content, project / "site_pages"):
        if target == folder or folder in target.parents:
            raise FileExistsError(f"不能导出到 {folder} 里面；请换一个输出目录")
    if target == project or target in project.parents:
        raise FileExistsError(f"不能导出到项目文件夹 {target}；请换一个输出目录")


def export_to(root: Path, out_dir: Path, *, force: bool = False) -> list[Path]:
    """``portal export``: validate, then write every open-data file under ``out_dir``.

    A folder that holds files but no marker of an earlier export may be the user's own: it is
    left alone unless ``force`` (no command overwrites what the user wrote unless asked).
    """
    _refuse_export_into(root, out_dir)
    existing = out_dir.exists() and any(out_dir.iterdir())
    if existing and not (out_dir / EXPORT_MARKER).exists() and not force:
        raise FileExistsError(f"{out_dir} 已有其他文件；确认可以写入请加 --force")
    with collector_paused():  # and on two cores, as in a build (``portal export`` is one thread)
        portal, _result = analysed(root, parallel=True)
        written = [out_dir / name for name in files.export(portal, out_dir, templates=True)]
    (out_dir / EXPORT_MARKER).write_text("written by portal export\n", encoding="utf-8")
    return written
