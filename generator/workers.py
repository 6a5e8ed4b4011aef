"""Forked workers: the one way the build uses its second core.

A :class:`Worker` is a forked child that runs ``target(*args, inbox)``: it has the parent's data
without copying it (copy-on-write, no pickling of the input), reads messages the parent sends it
(``inbox``, through a pipe), and sends back what it yields or returns, pickled record by record
into a scratch file, which the parent reads when it calls :meth:`Worker.finish`. A child that
fails comes back as :class:`WorkerError` with its traceback; a child never outlives its parent
(Linux: ``PR_SET_PDEATHSIG``). Where ``fork`` does not exist, or ``background=False`` (a
threaded process such as ``mkdocs serve``), the target runs in this process at ``finish`` with
the messages sent so far: the same result, one core.

Three things use it: :func:`run` (load, validate and render: a share of independent jobs in the
child), the open-data export (:mod:`generator.opendata.exporting`) and the search index
(:mod:`generator.search.indexer`), the last two at idle priority beside mkdocs. A site build's
pages are rendered by another kind of child, one that works ahead of the parent
(:class:`generator.ahead.Ahead`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from types import GeneratorType
from typing import Any, TypeVar

T = TypeVar("T")
Job = tuple[Callable[..., T], tuple[Any, ...]]
#: Results pickled at a time by :func:`run`'s child: big enough for speed, small enough to keep
#: the buffer small.
BATCH = 256
#: The share of the jobs the child does (see split).
CHILD_SHARE = 0.45
_PR_SET_PDEATHSIG = 1


class WorkerError(Exception):
    """A worker failed; the message carries its traceback."""


class Worker:
    """``target(*args, inbox)`` in a forked child (or, failing that, here at :meth:`finish`).

    ``idle``: the child works beside the build for a long while (export, search): it runs only
    on a core the build leaves free (:func:`yield_to_parent`) with its collector on for its own
    objects. Otherwise (render's share) it runs at full speed with the collector off, as the
    parent's pipeline does.
    """

    def __init__(
        self,
        target: Callable[..., Any],
        args: tuple[Any, ...],
        *,
        name: str,
        idle: bool = False,
        background: bool = True,
    ) -> None:
        self.target, self.args, self.name = target, args, name
        self._pending: list[Any] = []  # messages, when the target runs here
        self._send: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        handle, scratch = tempfile.mkstemp(prefix=f"{name}-", suffix=".pickle")
        os.close(handle)
        self._results = Path(scratch)
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receive, self._send = context.Pipe(duplex=False)
            self.process = context.Process(
                target=_child,
                args=(target, args, receive, self._results, name, idle, os.getpid()),
                name=name,
                daemon=True,
            )
            self.process.start()
            receive.close()

    def send(self, message: Any) -> None:
        """Give the target one more message (``None`` is reserved: it ends the inbox)."""
        if self._send is None:
            self._pending.append(message)
            return
        try:
            self._send.send(message)
        except (BrokenPipeError, OSError):
            self._close_pipe()
            raise WorkerError(self._failure()) from None

    def finish(self) -> list[Any]:
        """End the inbox, wait for the target; what it yielded (or ``[returned]``), in order."""
        try:
            if self.process is None:
                return _records(self.target(*self.args, iter(self._pending)))
            if self._send is not None:
                with contextlib.suppress(BrokenPipeError, OSError):
                    self._send.send(None)
            self._close_pipe()
            self.process.join()
            return self._read()
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child if it still runs (the build failed) and remove the scratch file."""
        self._close_pipe()
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join()
        self._pending = []
        self._results.unlink(missing_ok=True)

    def _close_pipe(self) -> None:
        if self._send is not None:
            self._send.close()
            self._send = None

    def _read(self) -> list[Any]:
        assert self.process is not None
        results: list[Any] = []
        with self._results.open("rb") as source:
            while True:
                try:
                    kind, payload = pickle.load(source)
                except EOFError:
                    raise WorkerError(self._failure()) from None
                if kind == "error":
                    raise WorkerError(f"子进程出错（退出码 {self.process.exitcode}）\n{payload}")
                if kind == "done":
                    return results
                results.append(payload)

    def _failure(self) -> str:
        """Why the child stopped without finishing: its exit code and traceback, if it wrote one."""
        assert self.process is not None
        self.process.join()
        detail = ""
        with (
            contextlib.suppress(OSError, EOFError, pickle.UnpicklingError),
            self._results.open("rb") as source,
        ):
            while True:
                kind, payload = pickle.load(source)
                if kind == "error":
                    detail = f"\n{payload}"
        return f"子进程意外退出（退出码 {self.process.exitcode}）{detail}"


def _records(value: Any) -> list[Any]:
    return list(value) if isinstance(value, GeneratorType) else [value]


def _inbox(receive: Connection) -> Iterator[Any]:
    while (message := receive.recv()) is not None:
        yield message


def _child(
    target: Callable[..., Any],
    args: tuple[Any, ...],
    receive: Connection,
    results: Path,
    name: str,
    idle: bool,
    parent: int,
) -> None:
    die_with_parent(parent)
    name_process(name)
    gc.freeze()  # the collector never walks (and so copies) the parent's objects
    if idle:
        yield_to_parent()
        gc.enable()  # for the objects this child makes and drops
    with results.open("wb") as out:
        try:
            value = target(*args, _inbox(receive))
            for record in value if isinstance(value, GeneratorType) else [value]:
                pickle.dump(("item", record), out, pickle.HIGHEST_PROTOCOL)
            pickle.dump(("done", None), out, pickle.HIGHEST_PROTOCOL)
        except BaseException:
            pickle.dump(("error", traceback.format_exc()), out, pickle.HIGHEST_PROTOCOL)
            raise


def die_with_parent(parent: int) -> None:
    """A child killed with its parent (Linux), so a killed build leaves no worker behind."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def run(jobs: Sequence[Job[T]], *, name: str = "portal-worker") -> list[T]:
    """The results of ``jobs`` (each ``(function, args)``), in order, on two cores."""
    if len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return serial(jobs)
    ours, theirs = split(len(jobs))
    worker = Worker(_share, (jobs, theirs), name=name)
    try:
        mine = {i: jobs[i][0](*jobs[i][1]) for i in ours}
        batches = worker.finish()
    finally:
        worker.cancel()
    results: dict[int, T] = dict(zip(theirs, (r for batch in batches for r in batch), strict=True))
    results.update(mine)
    return [results[i] for i in range(len(jobs))]


def _share(jobs: Sequence[Job[T]], indexes: list[int], _inbox: Iterator[Any]) -> Iterator[list[T]]:
    """The child's share of :func:`run`'s jobs, yielded in batches (streamed to the parent)."""
    batch: list[T] = []
    for i in indexes:
        batch.append(jobs[i][0](*jobs[i][1]))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    yield batch


def serial(jobs: Sequence[Job[T]]) -> list[T]:
    """The results of ``jobs``, one after the other in this process."""
    return [function(*args) for function, args in jobs]


def split(count: int, share: float = CHILD_SHARE) -> tuple[list[int], list[int]]:
    """Which jobs this process does and which the child does, spread evenly over the list.

    By default the child does a little less (:data:`CHILD_SHARE`): it also pickles its results,
    which this process then reads back; with equal halves this process sat waiting for it.
    """
    child = [i for i in range(count) if int((i + 1) * share) != int(i * share)]
    taken = set(child)
    return [i for i in range(count) if i not in taken], child


def name_process(name: str) -> None:
    """Show a forked child under its own name in ps and top (Linux; elsewhere nothing)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/comm").write_text(name[:15], encoding="utf-8")


def yield_to_parent() -> None:
    """Run this (forked) process only on a core the build leaves free.

    The export and search children work beside the pipeline and mkdocs, which are the build's
    critical path: with three busy processes on two cores, the scheduler would give each two
    thirds of a core. As idle-class processes (Linux's ``SCHED_IDLE``; elsewhere niced) they use
    the second core while render has finished with it, and wait when the build needs both.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        with contextlib.suppress(AttributeError, OSError):  # os.nice: Unix only
            os.nice(10)
