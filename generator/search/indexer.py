"""The search index, built by a second process while mkdocs writes the pages.

Indexing a page (its text, its pairs of letters, its record file) costs about as much as mkdocs
spends on it, and needs nothing back: on a two-core machine it runs beside the build.

The child is forked early, right after analysis and together with the open-data child (see
``plugin.on_files``), and waits. Forked at the same moment, both children share one copy of the
build's memory as it was then; a child forked after the pages exist would keep its own copy of
every page (as the build frees and reuses that memory) — about 800 MB at a province's scale.
Once the pages are rendered, :meth:`Indexer.begin` writes what search needs of each generated page
to a scratch file (never blocking: the child reads at its own pace) and tells the child the
site's page addresses; the few pages mkdocs converts from Markdown are sent through the pipe as
they come (:meth:`Indexer.add`). The child owns the :class:`~generator.search.Index`, writes the
shards when told to, and runs at idle priority (:func:`~generator.forked.yield_to_parent`).

Where ``fork`` does not exist, or for ``mkdocs serve`` (a threaded server), pages are indexed
in-process instead: same files, one core.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import tempfile
import traceback
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

from ..workers import start_helper
from .index import Index

#: Pages sent or written at a time: one message (or pickle) per batch instead of per page.
BATCH = 64
#: A page to index: its url from the site root, its title (text) and its HTML content.
Entry = tuple[str, str, str]


class SearchIndexError(Exception):
    """The search index could not be built; the message carries the child's traceback."""


class Indexer:
    """Indexes pages for search in a child process (or in this one); see the module's doc."""

    def __init__(self, out_dir: Path, *, background: bool = True) -> None:
        """Start the child (it waits for :meth:`begin`); the index goes to ``out_dir``."""
        self.out_dir = out_dir
        self.index: Index | None = None
        self._batch: list[Entry] = []
        self._send: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        handle, scratch = tempfile.mkstemp(prefix="portal-search-", suffix=".pickle")
        os.close(handle)
        self._scratch = Path(scratch)
        self._error = self._scratch.with_suffix(".error")
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receive, self._send = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_serve,
                args=(out_dir, self._scratch, self._error, receive),
                name="portal-search",
                daemon=True,
            )
            self._process.start()
            receive.close()

    def begin(self, urls: Iterable[str], pages: Iterable[Entry]) -> None:
        """Every page address of the site (ids in result order), and the pages known now."""
        urls = list(urls)
        if self._send is None:
            self.index = Index(self.out_dir, urls)
            for url, title, html in pages:
                self.index.add(url, title, html)
            return
        with self._scratch.open("wb") as out:
            batch: list[Entry] = []
            for entry in pages:
                batch.append(entry)
                if len(batch) >= BATCH:
                    pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
                    batch = []
            pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
        self._message(("begin", urls))

    def add(self, url: str, title: str, html: str) -> None:
        """Index one more page (``url`` from the site root, e.g. ``/about/``)."""
        if self._send is None:
            assert self.index is not None, "begin() first"
            self.index.add(url, title, html)
            return
        self._batch.append((url, title, html))
        if len(self._batch) >= BATCH:
            self._message(self._batch)
            self._batch = []

    def write(self) -> int:
        """Write the index; return the number of pages indexed."""
        if self._send is None or self._process is None:
            assert self.index is not None, "begin() first"
            return self.index.write()
        if self._batch:
            self._message(self._batch)
        self._message(None)
        self._send.close()
        self._send = None
        self._process.join()
        if self._process.exitcode != 0 or self._error.exists():
            raise SearchIndexError(
                f"搜索索引生成失败（退出码 {self._process.exitcode}）\n{self._traceback()}"
            )
        manifest = json.loads((self.out_dir / "manifest.json").read_text(encoding="utf-8"))
        return int(manifest["pages"])

    def close(self) -> None:
        """Stop the child if it still runs (the build failed) and remove the scratch files."""
        if self._send is not None:
            self._send.close()
            self._send = None
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._scratch.unlink(missing_ok=True)
        self._error.unlink(missing_ok=True)

    def _message(self, message: object) -> None:
        assert self._send is not None
        try:
            self._send.send(message)
        except (BrokenPipeError, OSError):
            # The child died: say why (its traceback is in the error file).
            self._send.close()
            self._send = None
            self._batch = []
            raise SearchIndexError(self._died()) from None

    def _died(self) -> str:
        assert self._process is not None
        self._process.join()
        return f"搜索索引进程意外退出（退出码 {self._process.exitcode}）\n{self._traceback()}"

    def _traceback(self) -> str:
        """What the child wrote before it failed (empty if it wrote nothing)."""
        return self._error.read_text(encoding="utf-8") if self._error.exists() else ""


def _serve(out_dir: Path, scratch: Path, error: Path, receive: Connection) -> None:
    start_helper("portal-search")
    try:
        index: Index | None = None
        while (message := receive.recv()) is not None:
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
                scratch.unlink()
            else:
                assert index is not None, "pages sent before begin"
                for url, title, html in message:
                    index.add(url, title, html)
        assert index is not None, "write before begin"
        index.write()
    except BaseException:
        error.write_text(traceback.format_exc(), encoding="utf-8")
        raise
