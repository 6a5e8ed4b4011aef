"""A report's revisions on the portal: when it was first published, and what each later
commit changed (cells with their old and new values and official labels, prose sections, other
fields), from the history :mod:`generator.content.history` read.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import layout
from ..checks.report_schema import TEXT_SECTIONS
from ..content import history
from ..content.history import History, Version
from .figures import unknown_cells, unknown_reason

#: Dates are the portal's readers' (China Standard Time, no daylight saving).
CHINA = datetime.timezone(datetime.timedelta(hours=8))
TABLES = ("table2", "table3", "table4")
SHORT = {"table2": "表二", "table3": "表三", "table4": "表四"}
#: Other fields whose change is worth telling, with their names in the file's comments.
FIELDS = (
    ("title", "报告标题"),
    ("published", "发布日期"),
    ("format", "表格格式"),
    ("source", "来源"),
    ("contact", "联系方式"),
    ("provenance", "数据来源说明"),
)
_ABSENT = object()


@dataclass(frozen=True)
class CellChange:
    """One cell's value before and after, as the pages show values (空白, /, 无法识读 …)."""

    label: str  # the official labels, table to column
    old: str
    new: str


@dataclass(frozen=True)
class Revision:
    """One later commit's change to the report."""

    commit: str
    time: int
    cells: tuple[CellChange, ...] = ()
    sections: tuple[str, ...] = ()  # prose sections changed (official headings)
    fields: tuple[str, ...] = ()  # other fields changed
    problem: str = ""  # this version could not be compared

    @property
    def date(self) -> str:
        return day(self.time)


@dataclass(frozen=True)
class Revisions:
    """A report's history on the portal; ``note`` says why there is none (or only part)."""

    first: Version | None
    changes: tuple[Revision, ...] = ()
    note: str = ""

    @property
    def data_changes(self) -> list[Revision]:
        """The changes that touched data (a commit that changed only comments is left out)."""
        return [r for r in self.changes if r.problem or r.cells or r.sections or r.fields]


def day(time: int) -> str:
    """A commit time as the date a reader in China saw it (YYYY-MM-DD)."""
    return datetime.datetime.fromtimestamp(time, CHINA).date().isoformat()


def revisions(history: History | None, path: str, fmt: int) -> Revisions:
    """The revisions of the report file at ``path`` (below the content root)."""
    if history is None:
        return Revisions(None, note="没有读取版本记录")
    versions = history.versions.get(path)
    if not versions:
        note = history.note or "这份报告还没有提交到版本库，没有版本记录"
        return Revisions(None, note=note)
    changes = tuple(_compare(before, after, fmt) for before, after in itertools.pairwise(versions))
    return Revisions(history.added.get(path, versions[0]), changes, history.note)


def of_files(root: Path, files: dict[str, int], _inbox: object = None) -> dict[str, Revisions]:
    """Every report file's revisions (``files``: path below ``root`` → its layout), from one
    read of the history. A :class:`generator.workers.Worker` target too (``_inbox`` unused):
    it needs only the file names, so the pipeline runs it beside validation."""
    past = history.read(root, set(files))
    return {path: revisions(past, path, fmt) for path, fmt in files.items()}


def _compare(before: Version, after: Version, fmt: int) -> Revision:
    if before.data is None or after.data is None:
        return Revision(after.commit, after.time, problem=after.problem or before.problem)
    old, new = before.data, after.data
    old_unknown, new_unknown = unknown_cells(old), unknown_cells(new)
    unknown_changed = old_unknown.keys() != new_unknown.keys()
    # Only the tables that differ are walked cell by cell (most corrections touch one): repr,
    # not ==, so that 178.48 → 178.480 counts as a change, as it is one to a reader. A changed
    # list of unreadable cells can change how any cell reads.
    tables = [t for t in TABLES if unknown_changed or repr(old.get(t)) != repr(new.get(t))]
    old_cells, new_cells = _cells(old, tables), _cells(new, tables)
    # Cells whose value as written differs (or whose unreadable mark may have changed); only
    # those are labelled and sorted.
    candidates = [
        path
        for path in old_cells.keys() | new_cells.keys()
        if unknown_changed
        or _written(old_cells.get(path, _ABSENT)) != _written(new_cells.get(path, _ABSENT))
    ]
    fmt_of: int = new["format"] if new.get("format") in layout.LAYOUTS else fmt
    cells = []
    for path in sorted(candidates, key=lambda p: tuple(str(x).zfill(3) for x in p)):
        a, b = old_cells.get(path, _ABSENT), new_cells.get(path, _ABSENT)
        shown_a = _shown(a, unknown_reason(old_unknown, path) is not None)
        shown_b = _shown(b, unknown_reason(new_unknown, path) is not None)
        if shown_a != shown_b:
            labels = layout.find(fmt_of, path)[1:] or [".".join(map(str, path[1:]))]
            label = " · ".join([SHORT[str(path[0])], *labels])
            cells.append(CellChange(label, shown_a, shown_b))
    text_a, text_b = _mapping(old.get("text")), _mapping(new.get("text"))
    sections = tuple(
        heading for key, heading, _ in TEXT_SECTIONS if text_a.get(key) != text_b.get(key)
    )
    fields = tuple(name for key, name in FIELDS if _same(old.get(key)) != _same(new.get(key)))
    return Revision(after.commit, after.time, tuple(cells), sections, fields)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _same(value: Any) -> str:
    # Compared as written: 178.48 and 178.480 are different publications of a number.
    return repr(value)


def _cells(data: dict[str, Any], tables: list[str]) -> dict[tuple[str | int, ...], Any]:
    out: dict[tuple[str | int, ...], Any] = {}
    stack: list[tuple[tuple[str | int, ...], Any]] = [
        ((key,), data.get(key)) for key in tables if key in data
    ]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
        else:
            out[path] = node
    return out


def _written(value: Any) -> tuple[type, Any]:
    # A value as written: its type and, for a decimal, its digits (1.0 and 1.00 differ).
    return (type(value), str(value) if isinstance(value, Decimal) else value)


def _shown(value: Any, unknown: bool) -> str:
    if value is _ABSENT:
        return "（无此格）"
    if value is None:
        return "无法识读" if unknown else "空白"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
