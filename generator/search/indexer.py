"""The search index, built by a second process while mkdocs writes the pages.

Indexing a page (its text, its pairs of letters, its record file) costs about as much as mkdocs
spends on it, and needs nothing back: on a two-core machine it runs beside the build.

The child is forked first thing in a site build, before anything is loaded
(:func:`generator.pipeline.generate`), so it holds none of the build's memory, and waits.
:meth:`Indexer.begin` gives it the site's page addresses; then each page is added as mkdocs
writes it (:meth:`Indexer.add`, from the plugin), a batch at a time: the batch goes into a
scratch file and a few bytes through the pipe say it is there, so the build never waits for the
child (a pipe holds 64 KB, a batch of pages far more), which reads at its own pace. The child
owns the :class:`~generator.search.index.Index`, writes the shards when told to, and runs at
idle priority (:func:`~generator.workers.yield_to_parent`).

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
from typing import IO

from ..render.page import FrontMatter, Page, Ready, search_text
from ..workers import Worker, WorkerError
from .index import Index

#: Pages sent or written at a time: one message (or pickle) per batch instead of per page.
BATCH = 64
#: What the pipe says the next record in the scratch file is: the site's addresses, or pages.
_ADDRESSES, _PAGES = 0, 1
#: A page to index: its url from the site root, its title (text) and its HTML content.
Entry = tuple[str, str, str]


class SearchIndexError(Exception):
    """The search index could not be built; the message carries the child's traceback."""


def entry(url: str, page: Page | Ready) -> Entry:
    """A page to index at ``url``: its title as text (titles are HTML-escaped for the theme,
    render.parts.front_matter) and what search gets of it (:func:`generator.render.page.search_text`)."""
    title = unescape((page.meta or FrontMatter(page.title)).title)
    return url, title, page.search_text if isinstance(page, Ready) else search_text(page)


class Indexer:
    """Indexes pages for search in a worker (or in this process); see the module's doc."""

    def __init__(
        self, out_dir: Path, *, background: bool = True, scratch: Path | None = None
    ) -> None:
        """Start the worker (it waits for :meth:`begin`); the index goes to ``out_dir``, the
        pages to index through a file in ``scratch`` (the system's temporary folder if None)."""
        self.out_dir = out_dir
        self._batch: list[Entry] = []
        self._out: IO[bytes] | None = None
        handle, scratch_file = tempfile.mkstemp(
            prefix="portal-search-pages-", suffix=".pickle", dir=scratch
        )
        os.close(handle)
        self._scratch = Path(scratch_file)
        self._worker = Worker(
            _serve, (out_dir, self._scratch), name="portal-search", idle=True, background=background
        )

    def begin(self, urls: Iterable[str]) -> None:
        """Every page address of the site (ids in result order); pages come with :meth:`add`."""
        self._out = self._scratch.open("wb")
        self._note(list(urls), _ADDRESSES)

    def add(self, url: str, title: str, html: str) -> None:
        """Index one more page (``url`` from the site root, e.g. ``/about/``)."""
        self._batch.append((url, title, html))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        self._note(self._batch, _PAGES)
        self._batch = []

    def _note(self, record: object, kind: int) -> None:
        # The record into the scratch file, its kind through the pipe: never waiting for the
        # child (a pipe holds 64 KB, a batch of pages far more).
        assert self._out is not None, "pages added before begin"
        pickle.dump(record, self._out, pickle.HIGHEST_PROTOCOL)
        self._out.flush()
        self._message(kind)

    def write(self) -> int:
        """Write the index; return the number of pages indexed."""
        if self._batch:
            self._flush()
        if self._out is not None:
            self._out.close()
            self._out = None
        try:
            (pages,) = self._worker.finish()
        except WorkerError as error:
            raise SearchIndexError(f"搜索索引生成失败：{error}") from None
        return int(pages)

    def close(self) -> None:
        """Stop the worker if it still runs (the build failed) and remove the scratch file."""
        self._worker.cancel()
        if self._out is not None:
            self._out.close()
            self._out = None
        self._scratch.unlink(missing_ok=True)

    def _message(self, message: object) -> None:
        try:
            self._worker.send(message)
        except WorkerError as error:
            self._batch = []
            raise SearchIndexError(f"搜索索引进程意外退出：{error}") from None


def _serve(out_dir: Path, scratch: Path, inbox: Iterator[int]) -> int:
    """The worker: build the index from the batches in the scratch file as it is told of them
    (the first record is the site's addresses), then write it."""
    index: Index | None = None
    with scratch.open("rb") as source:
        for note in inbox:
            if note == _ADDRESSES:
                index = Index(out_dir, pickle.load(source))
                continue
            assert index is not None, "pages before the addresses"
            for url, title, html in pickle.load(source):
                index.add(url, title, html)
    assert index is not None, "write before begin"
    return index.write()
