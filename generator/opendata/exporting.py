"""The open-data files, written by a second process while mkdocs renders the pages.

Writing every report as YAML, JSON and CSV plus the bulk files is as much work as rendering the
pages, and needs nothing from mkdocs: on a two-core CI machine it runs beside the build. The child
is forked while mkdocs writes the pages, once the child rendering them has done its share
(:meth:`generator.pipeline.Generated.page_written`), so it has the analysed portal without
copying it and the core that child leaves free; it writes into a folder next to the site, and :func:`finish` moves the result into the built site once mkdocs is
done (mkdocs empties the site folder when it starts, so nothing can be written there earlier).

Where ``fork`` does not exist (Windows, and macOS's default) or for ``mkdocs serve`` (a threaded
server), the files are written in-process instead: same files, one core.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..analysis.portal import Portal
from ..scratch import OWNER, scratch_folder
from ..workers import Worker, WorkerError
from .files import export


class ExportError(Exception):
    """The open-data export failed; the message carries the child's traceback."""


@dataclass
class Job:
    staging: Path
    worker: Worker
    started: float

    @property
    def process(self) -> object:
        """The child writing the files, or None when they are written in this process."""
        return self.worker.process


def _run(portal: Portal, staging: Path, _inbox: object) -> list[str]:
    return export(portal, staging)


def start(portal: Portal, site_dir: Path, *, background: bool = True) -> Job:
    """Start writing the open data for ``portal`` (into a folder beside ``site_dir``)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Beside the site, on the same file system, so that finishing is a rename, not a copy.
    staging = scratch_folder(site_dir.parent, f".{site_dir.name}.data-")
    worker = Worker(_run, (portal, staging), name="portal-export", idle=True, background=background)
    return Job(staging, worker, time.perf_counter())


def finish(job: Job, site_dir: Path) -> float:
    """Wait for the export and move its files into the built site; return its seconds."""
    try:
        try:
            job.worker.finish()
        except WorkerError as error:
            raise ExportError(f"开放数据文件导出失败：{error}") from None
        seconds = time.perf_counter() - job.started
        _move_into(job.staging, site_dir)
        return seconds
    finally:
        shutil.rmtree(job.staging, ignore_errors=True)


def cancel(job: Job) -> None:
    """Stop an export whose build failed, and remove its files."""
    job.worker.cancel()
    shutil.rmtree(job.staging, ignore_errors=True)


def _move_into(source: Path, target: Path) -> None:
    # Whole folders are renamed when the site has none of that name (data/, schema/); otherwise
    # merged file by file. Files the site already has are kept (mkdocs wrote them).
    for entry in sorted(source.iterdir()):
        if entry.name == OWNER:  # the staging folder's own record, not a file of the site
            continue
        destination = target / entry.name
        if not destination.exists():
            os.replace(entry, destination)
        elif entry.is_dir() and destination.is_dir():
            _move_into(entry, destination)
