"""Half of the generated pages written by a second process, while mkdocs writes the other half.

mkdocs writes pages one by one: the theme's template for each (about 2.5 ms a page with
mkdocs-material) is most of a build's time at a province's scale, and it needs nothing from the
other pages. When mkdocs has converted every page (``on_env``), the plugin forks a child that
writes every other generated page outside the navigation exactly as mkdocs would (mkdocs's own
``_build_page``: the same context, plugins' hooks, template and file). In this process those
pages get an empty template instead, so mkdocs's loop passes over them without writing; the
"empty output" note mkdocs logs for each is filtered out. ``finish`` waits for the child.

Not used for ``mkdocs serve`` (a threaded server, where forking is unsafe), nor where fork does
not exist: there mkdocs writes every page itself.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import traceback
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .forked import name_process

#: The template this process renders the child's pages with: nothing, so nothing is written.
ELSEWHERE = "portal-written-elsewhere.html"
_BUILD_LOG = logging.getLogger("mkdocs.commands.build")


class WritingError(Exception):
    """The child failed; the message carries its traceback."""


class _Skipped(logging.Filter):
    def __init__(self, srcs: set[str]) -> None:
        super().__init__()
        self.srcs = srcs

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
            return message[len("Page skipped: '") : -len("'. Generated empty output.")] not in (
                self.srcs
            )
        return True


class Writer:
    """The child that writes its share of the pages (see the module's doc)."""

    def __init__(self, process: multiprocessing.process.BaseProcess, error: Path, log: _Skipped):
        self.process, self.error, self.log = process, error, log

    def finish(self) -> None:
        """Wait for the child; raise :class:`WritingError` if it failed."""
        self.process.join()
        _BUILD_LOG.removeFilter(self.log)
        if self.process.exitcode != 0 or self.error.exists():
            detail = self.error.read_text(encoding="utf-8") if self.error.exists() else ""
            self.error.unlink(missing_ok=True)
            raise WritingError(f"页面写出失败（退出码 {self.process.exitcode}）\n{detail}")

    def cancel(self) -> None:
        """Stop the child (when the build failed)."""
        _BUILD_LOG.removeFilter(self.log)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.error.unlink(missing_ok=True)


def start(
    pages: list[Page], config: MkDocsConfig, nav: Any, env: jinja2.Environment, files: Files
) -> Writer | None:
    """Fork a child that writes every other page of ``pages``; ``None`` where fork is missing."""
    if len(pages) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    theirs = pages[1::2]
    # Beside the site, not in it: mkdocs would copy nothing of it, and nothing is left behind.
    site = Path(config.site_dir)
    error = site.parent / f".{site.name}.writing-error"
    error.unlink(missing_ok=True)
    context = multiprocessing.get_context("fork")
    process = context.Process(
        target=_write, args=(theirs, config, nav, env, files, error), name="portal-pages"
    )
    process.daemon = True
    process.start()
    # Only now, so that the child still has the real templates: here these pages render empty.
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({ELSEWHERE: ""}), env.loader])
    for page in theirs:
        page.meta["template"] = ELSEWHERE
    log = _Skipped({page.file.src_uri for page in theirs})
    _BUILD_LOG.addFilter(log)
    return Writer(process, error, log)


def _write(
    pages: list[Page],
    config: MkDocsConfig,
    nav: Any,
    env: jinja2.Environment,
    files: Files,
    error: Path,
) -> None:
    name_process("portal-pages")
    gc.freeze()  # the collector never walks (and so copies) the parent's objects
    try:
        doc_files = files.documentation_pages()
        for page in pages:
            mkdocs_build._build_page(page, config, doc_files, nav, env)
    except BaseException:
        error.write_text(traceback.format_exc(), encoding="utf-8")
        raise
