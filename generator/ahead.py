"""A forked child that does its share of a list of jobs ahead of when this process needs them.

A site build's pages (:mod:`generator.render.stream`): mkdocs asks for them one by one, and the
child renders its share in that order, faster than mkdocs writes them. Unlike a
:class:`generator.workers.Worker`, whose results are read once it has finished, each batch of
results can be read as soon as it is written, and the child never waits for this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from .workers import Job, WorkerError, die_with_parent, name_process

T = TypeVar("T")
#: Results the child writes at a time (a page each, for the site build).
BATCH = 16


class Ahead:
    """Jobs done in a forked child ahead of when this process needs them (Linux, macOS).

    The child works through its share of ``jobs`` (``indexes``, in order) at full speed and
    pickles each batch of results into a scratch file, writing one byte to a pipe per batch;
    :meth:`get` reads batches as it needs them. Through a file, not the pipe itself, so the
    child never waits for this process (a pipe holds 64 KB): it finishes its share early
    and exits, and its core is free for whatever comes next. Without ``fork``, or with no
    share, nothing is started and :meth:`has` says no job is the child's.
    """

    def __init__(
        self, jobs: Sequence[Job[T]], indexes: list[int], *, name: str, scratch: Path | None = None
    ) -> None:
        """Fork the child on ``jobs[i]`` for each ``i`` in ``indexes``; its results go through
        a file in ``scratch`` (a folder; the system's temporary folder if None)."""
        self.process: multiprocessing.process.BaseProcess | None = None
        self._ready: dict[int, Any] = {}
        self._share = set(indexes)
        self._signal = -1
        handle, scratch_file = tempfile.mkstemp(prefix=f"{name}-", suffix=".pickle", dir=scratch)
        os.close(handle)
        self._results = Path(scratch_file)
        self._source: Any = None
        if not indexes or "fork" not in multiprocessing.get_all_start_methods():
            self._share = set()
            return
        self._source = self._results.open("rb")
        receive, send = os.pipe()
        context = multiprocessing.get_context("fork")
        self.process = context.Process(
            target=_ahead,
            args=(jobs, indexes, self._results, send, name, os.getpid()),
            name=name,
            daemon=True,
        )
        self.process.start()
        os.close(send)
        self._signal = receive

    def has(self, index: int) -> bool:
        """Whether job ``index`` is the child's (:meth:`get` gives its result)."""
        return index in self._share

    def get(self, index: int) -> Any:
        """The child's result of job ``index``, waiting for it if need be."""
        while index not in self._ready:
            if not os.read(self._signal, 1):  # the child exited without another batch
                raise WorkerError(self._failure())
            kind, payload = pickle.load(self._source)
            if kind == "error":
                raise WorkerError(f"子进程出错\n{payload}")
            self._ready.update(payload)
        self._share.discard(index)
        return self._ready.pop(index)

    def finished(self) -> bool:
        """Whether the child has done its share and exited (or there is none)."""
        return self.process is None or not self.process.is_alive()

    def cancel(self) -> None:
        """Stop the child if it still runs and remove the scratch file."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        if self.process is not None:
            self.process.join()
        if self._signal >= 0:
            os.close(self._signal)
            self._signal = -1
        if self._source is not None:
            self._source.close()
            self._source = None
        self._ready = {}
        self._results.unlink(missing_ok=True)

    def _failure(self) -> str:
        assert self.process is not None
        self.process.join()
        return f"子进程意外退出（退出码 {self.process.exitcode}）"


def _ahead(
    jobs: Sequence[Job[Any]],
    indexes: list[int],
    results: Path,
    signal_fd: int,
    name: str,
    parent: int,
) -> None:
    die_with_parent(parent)
    name_process(name)
    gc.freeze()  # the collector never walks (and so copies) the parent's objects
    with results.open("wb") as out:
        try:
            batch: list[tuple[int, Any]] = []
            for n, i in enumerate(indexes, 1):
                batch.append((i, jobs[i][0](*jobs[i][1])))
                if len(batch) >= BATCH or n == len(indexes):
                    pickle.dump(("items", batch), out, pickle.HIGHEST_PROTOCOL)
                    out.flush()
                    os.write(signal_fd, b"\0")
                    batch = []
        except BaseException:
            pickle.dump(("error", traceback.format_exc()), out, pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.write(signal_fd, b"\0")
            raise
