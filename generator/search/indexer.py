"""The search index, built by a second process while mkdocs writes the pages.

Indexing a page (its text, its pairs of letters, its record file) costs about as much as mkdocs
spends on it, and needs nothing back: on a two-core machine it runs beside the build.

The child is forked early, right after analysis and together with the open-data child (see
:func:`generator.pipeline.generate`), and waits. Forked at the same moment, both children share one copy of the
build's memory as it was then; a child forked after the pages exist would keep its own copy of
every page (as the build frees and reuses that memory) — about 800 MB at a province's scale.
Once the pages are rendered, :meth:`Indexer.begin` writes what search needs of each generated page
to a scratch file (never blocking: the child reads at its own pace) and tells the child the
site's page addresses; the few pages mkdocs converts from Markdown are sent through the pipe as
they come (:meth:`Indexer.add`). The child owns the :class:`~generator.search.index.Index`, writes the
shards when told to, and runs at idle priority (:func:`~generator.workers.yield_to_parent`).

Where ``fork`` does not exist, or for ``mkdocs serve`` (a threaded server), pages are indexed
in-process instead: same files, one core.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

from ..render.page import FrontMatter, Packed, Page, fill
from ..workers import Worker, WorkerError
from . import index as index_mod
from .index import Index

#: Pages sent or written at a time: one message (or pickle) per batch instead of per page.
BATCH = 64
#: A page to index: its url from the site root, its title (text) and its HTML content.
Entry = tuple[str, str, str]


class SearchIndexError(Exception):
    """The search index could not be built; the message carries the child's traceback."""


def search_text(page: Page) -> str:
    """What search gets of a generated page: the page without its number tables, charts and
    cards (the fragments search leaves out)."""
    indexed = tuple(f if index_mod.indexable(f) else "" for f in page.fragments)
    return fill(page.body, indexed)


def entry(url: str, page: Page | Packed) -> Entry:
    """A page to index at ``url``: its title as text (titles are HTML-escaped for the theme,
    render.parts.front_matter) and :func:`search_text` (kept in a packed page)."""
    title = unescape((page.meta or FrontMatter(page.title)).title)
    return url, title, page.search_text if isinstance(page, Packed) else search_text(page)


class Indexer:
    """Indexes pages for search in a worker (or in this process); see the module's doc."""

    def __init__(self, out_dir: Path, *, background: bool = True) -> None:
        """Start the worker (it waits for :meth:`begin`); the index goes to ``out_dir``."""
        self.out_dir = out_dir
        self._batch: list[Entry] = []
        handle, scratch = tempfile.mkstemp(prefix="portal-search-", suffix=".pickle")
        os.close(handle)
        self._scratch = Path(scratch)
        self._worker = Worker(
            _serve, (out_dir, self._scratch), name="portal-search", idle=True, background=background
        )

    def begin(self, urls: Iterable[str], pages: Iterable[Entry]) -> None:
        """Every page address of the site (ids in result order), and the pages known now."""
        urls = list(urls)
        # Written to a scratch file, never blocking: the worker reads it at its own pace.
        with self._scratch.open("wb") as out:
            batch: list[Entry] = []
            for page in pages:
                batch.append(page)
                if len(batch) >= BATCH:
                    pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
                    batch = []
            pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
        self._message(("begin", urls))

    def add(self, url: str, title: str, html: str) -> None:
        """Index one more page (``url`` from the site root, e.g. ``/about/``)."""
        self._batch.append((url, title, html))
        if len(self._batch) >= BATCH:
            self._message(self._batch)
            self._batch = []

    def write(self) -> int:
        """Write the index; return the number of pages indexed."""
        if self._batch:
            self._message(self._batch)
            self._batch = []
        try:
            (pages,) = self._worker.finish()
        except WorkerError as error:
            raise SearchIndexError(f"搜索索引生成失败：{error}") from None
        return int(pages)

    def close(self) -> None:
        """Stop the worker if it still runs (the build failed) and remove the scratch file."""
        self._worker.cancel()
        self._scratch.unlink(missing_ok=True)

    def _message(self, message: object) -> None:
        try:
            self._worker.send(message)
        except WorkerError as error:
            self._batch = []
            raise SearchIndexError(f"搜索索引进程意外退出：{error}") from None


def _serve(out_dir: Path, scratch: Path, inbox: Iterator[Any]) -> int:
    """The worker: build the index from the scratch file and the pages sent, then write it."""
    index: Index | None = None
    for message in inbox:
        if isinstance(message, tuple):  # ("begin", urls): the pages are in the scratch file
            index = Index(out_dir, message[1])
            with scratch.open("rb") as source:
                while True:
                    try:
                        batch = pickle.load(source)
                    except EOFError:
                        break
                    for url, title, html in batch:
                        index.add(url, title, html)
        else:
            assert index is not None, "pages sent before begin"
            for url, title, html in message:
                index.add(url, title, html)
    assert index is not None, "write before begin"
    return index.write()
