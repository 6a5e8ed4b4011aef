"""The search index, built by a second process while mkdocs writes the pages.

Indexing a page (its text, its pairs of letters, its record file) costs about as much as mkdocs
spends on it, and needs nothing back: on a two-core machine it runs beside the build. The
generated pages exist before mkdocs starts: the child, forked then, has them already (copy on
write) and indexes them at its own pace; only the few pages mkdocs converts from Markdown are
sent to it, through a pipe. (Sending every page through the pipe made the build wait on the child:
at a province's scale the parent spent 15 s blocked in ``write``.) The child owns the
:class:`~generator.search.Index` and writes the shards when told to. It starts with
:func:`gc.freeze`, so the collector never walks (and copies) the parent's objects.

Where ``fork`` does not exist, or for ``mkdocs serve`` (a threaded server), pages are indexed
in-process instead: same files, one core.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import traceback
from collections.abc import Iterable
from multiprocessing.connection import Connection

from .forked import name_process, yield_to_parent
from .search import Index

#: Pages sent at a time: one pipe message per batch instead of per page.
BATCH = 64
_ERROR = ".error"
#: A page to index: its url from the site root, its title (text) and its HTML content.
Entry = tuple[str, str, str]


class SearchIndexError(Exception):
    """The search index could not be built; the message carries the child's traceback."""


class Indexer:
    """Indexes pages for search in a child process (or in this one); see the module's doc."""

    def __init__(
        self, index: Index, known: Iterable[Entry] = (), *, background: bool = True
    ) -> None:
        """Start indexing ``known`` (made lazily: in the child when there is one); :meth:`add`
        adds more pages later."""
        self.index = index
        self._batch: list[Entry] = []
        self._send: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receive, self._send = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_serve, args=(index, known, receive), name="portal-search", daemon=True
            )
            self._process.start()
            receive.close()
        else:
            for url, title, html in known:
                index.add(url, title, html)

    def add(self, url: str, title: str, html: str) -> None:
        """Index one page (``url`` from the site root, e.g. ``/bodies/x/2023/``)."""
        if self._send is None:
            self.index.add(url, title, html)
            return
        self._batch.append((url, title, html))
        if len(self._batch) >= BATCH:
            self._flush()

    def write(self) -> int:
        """Write the index; return the number of pages indexed."""
        if self._send is None or self._process is None:
            return self.index.write()
        self._flush()
        self._send.send(None)
        self._send.close()
        self._send = None
        self._process.join()
        if self._process.exitcode != 0 or (self.index.out_dir / _ERROR).exists():
            raise SearchIndexError(
                f"搜索索引生成失败（退出码 {self._process.exitcode}）\n{self._traceback()}"
            )
        manifest = json.loads((self.index.out_dir / "manifest.json").read_text(encoding="utf-8"))
        return int(manifest["pages"])

    def close(self) -> None:
        """Stop the child (when the build failed)."""
        if self._send is not None:
            self._send.close()
            self._send = None
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()

    def _flush(self) -> None:
        if self._batch and self._send is not None:
            try:
                self._send.send(self._batch)
            except (BrokenPipeError, OSError):
                # The child died: write() reports why (its traceback is in the error file).
                self._send.close()
                self._send = None
                self._batch = []
                raise SearchIndexError(self._died()) from None
            self._batch = []

    def _died(self) -> str:
        assert self._process is not None
        self._process.join()
        return f"搜索索引进程意外退出（退出码 {self._process.exitcode}）\n{self._traceback()}"

    def _traceback(self) -> str:
        """What the child wrote before it failed (empty if it wrote nothing)."""
        error = self.index.out_dir / _ERROR
        return error.read_text(encoding="utf-8") if error.exists() else ""


def _serve(index: Index, known: Iterable[Entry], receive: Connection) -> None:
    name_process("portal-search")
    yield_to_parent()
    gc.freeze()
    try:
        for url, title, html in known:
            index.add(url, title, html)
        while (batch := receive.recv()) is not None:
            for url, title, html in batch:
                index.add(url, title, html)
        index.write()
    except BaseException:
        (index.out_dir / _ERROR).write_text(traceback.format_exc(), encoding="utf-8")
        raise
