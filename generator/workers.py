"""Run a list of independent jobs on two cores: about half in a forked child, the rest here.

Rendering pages needs only the analysed portal, which a forked child already has (copy-on-write,
no pickling of the input). The child does a share of the jobs, spread evenly over the list, and
streams its results, pickled in batches, to a temporary file; this process does the rest
meanwhile, then reads the file and puts the results back in order. Where ``fork`` does not exist the jobs simply run here, one by one.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Job = tuple[Callable[..., T], tuple[Any, ...]]
#: Results pickled at a time: big enough for speed, small enough to keep the buffer small.
BATCH = 256
#: The share of the jobs the child does (see _split).
CHILD_SHARE = 0.45


class ForkedError(Exception):
    """The child failed; the message carries its traceback."""


def run(jobs: Sequence[Job[T]], *, name: str = "portal-worker") -> list[T]:
    """The results of ``jobs`` (each ``(function, args)``), in order."""
    if len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return serial(jobs)
    handle, scratch = tempfile.mkstemp(prefix="portal-", suffix=".pickle")
    os.close(handle)
    path = Path(scratch)
    try:
        ours, theirs = _split(len(jobs))
        context = multiprocessing.get_context("fork")
        child = context.Process(
            target=_child, args=(jobs, theirs, path, name), name=name, daemon=True
        )
        child.start()
        mine = {i: jobs[i][0](*jobs[i][1]) for i in ours}
        child.join()
        results = dict(zip(theirs, _read(path, child.exitcode), strict=True))
        results.update(mine)
        return [results[i] for i in range(len(jobs))]
    finally:
        path.unlink(missing_ok=True)


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


def start_helper(name: str) -> None:
    """Set up a forked child that works beside the build for a long while (export, search).

    Named in ps, at idle priority (:func:`yield_to_parent`). It was forked while the pipeline
    had the cycle collector paused (``site.generate``): it collects the objects it makes and drops,
    but never walks (and so copies) the objects it shares with the build.
    """
    name_process(name)
    yield_to_parent()
    gc.freeze()
    gc.enable()


def serial(jobs: Sequence[Job[T]]) -> list[T]:
    """The results of ``jobs``, one after the other in this process."""
    return [function(*args) for function, args in jobs]


def _split(count: int) -> tuple[list[int], list[int]]:
    """Which jobs this process does and which the child does, spread evenly over the list.

    The child does a little less (:data:`CHILD_SHARE`): it also pickles its results, which this
    process then reads back; with equal halves this process sat waiting for it.
    """
    child = [i for i in range(count) if int((i + 1) * CHILD_SHARE) != int(i * CHILD_SHARE)]
    taken = set(child)
    return [i for i in range(count) if i not in taken], child


def _child(jobs: Sequence[Job[Any]], indexes: list[int], path: Path, name: str) -> None:
    name_process(name)
    gc.freeze()  # the collector never walks (and so copies) the parent's objects
    try:
        with path.open("wb") as out:
            batch = []
            for i in indexes:
                batch.append(jobs[i][0](*jobs[i][1]))
                if len(batch) >= BATCH:
                    pickle.dump(("ok", batch), out, pickle.HIGHEST_PROTOCOL)
                    batch = []
            pickle.dump(("ok", batch), out, pickle.HIGHEST_PROTOCOL)
            pickle.dump(("done", []), out, pickle.HIGHEST_PROTOCOL)
    except BaseException:
        with path.open("ab") as out:
            pickle.dump(("error", traceback.format_exc()), out, pickle.HIGHEST_PROTOCOL)
        raise


def _read(path: Path, exitcode: int | None) -> list[Any]:
    results: list[Any] = []
    with path.open("rb") as source:
        while True:
            try:
                kind, payload = pickle.load(source)
            except EOFError:
                raise ForkedError(f"子进程意外退出（退出码 {exitcode}）") from None
            if kind == "error":
                raise ForkedError(f"子进程出错（退出码 {exitcode}）\n{payload}")
            if kind == "done":
                return results
            results.extend(payload)
