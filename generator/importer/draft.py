"""The draft report file, and how a draft compares cell by cell with a hand transcription."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import layout
from ..analysis.figures import unknown_cells, unknown_reason
from ..checks.findings import field_name
from ..content import yamlwrite
from ..layout import Enum, Group, Row, Scalar, Table
from ..publish import scaffold
from .arithmetic import Path
from .document import Document
from .extract import TableRead


def build(
    body: str, year: int, fmt: int, doc: Document, read: TableRead, notes: list[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The report as data (the content model) and the remarks for rows a person must check."""
    data = scaffold.blank_report(body, year, fmt)
    data["title"] = doc.title
    data["published"] = doc.published
    data["source"] = {"url": doc.url, "publisher": doc.publisher}
    data["contact"] = doc.contact
    data["text"] = {key: doc.text.get(key) for key in data["text"]}
    if read.single_other:
        data["table3"]["outcomes"]["other"] = [None] * len(layout.APPLICANT_COLUMNS)
    for path, parsed in read.values.items():
        _put(data, path, parsed.value)
    if fmt == 2019:
        data["table2"]["procurement_unit"] = read.procurement_unit
    entries = _unknown_entries(data, read.unknown)
    data["provenance"] = {
        "method": "imported",
        "notes": "\n\n".join(notes) or None,
        "unknown_cells": [{"path": p, "reason": r} for p, r in entries],
    }
    remarks: dict[str, str] = {}
    for cell, reason in entries:
        row = cell.split("[")[0]
        remarks.setdefault(row, "待核对：" + " ".join(reason.split()))
    return data, remarks


def dump(data: dict[str, Any], remarks: dict[str, str]) -> str:
    """The draft as the commented YAML clerks read (the rows to check are marked ⚠)."""
    return yamlwrite.dump_report(data, remarks)


def _put(data: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _unknown_entries(data: dict[str, Any], unknown: dict[Path, str]) -> list[tuple[str, str]]:
    """``unknown_cells`` entries: a whole row (or table) when all its cells share one reason."""
    by_row: dict[Path, list[tuple[Path, str]]] = {}
    for path, reason in unknown.items():
        row = path[:-1] if isinstance(path[-1], int) else path
        by_row.setdefault(row, []).append((path, reason))
    entries: list[tuple[str, str]] = []
    table4_rows = [r for r in by_row if r[0] == "table4"]
    t4_reasons = {reason for r in table4_rows for _, reason in by_row[r]}
    if (
        len(table4_rows) == 3
        and len(t4_reasons) == 1
        and sum(len(by_row[r]) for r in table4_rows) == 15
    ):
        entries.append(("table4", t4_reasons.pop()))
        for row in table4_rows:
            del by_row[row]
    for row, cells in by_row.items():
        width = _width(data, row)
        reasons = {reason for _, reason in cells}
        if len(cells) == width and len(reasons) == 1:
            entries.append((field_name(row), reasons.pop()))
        else:
            entries += [(field_name(p), reason) for p, reason in cells]
    # In table order: a row or table entry sorts where its first cell stands.
    order = [field_name(p) for p in cell_paths(data, data["format"])]

    def rank(entry: tuple[str, str]) -> int:
        base = entry[0].split("[")[0]
        return next(
            (i for i, n in enumerate(order) if n == entry[0] or n.startswith(base)), len(order)
        )

    return sorted(entries, key=rank)


def _width(data: dict[str, Any], row: Path) -> int:
    node: Any = data
    for part in row:
        node = node.get(part) if isinstance(node, dict) else None
    return len(node) if isinstance(node, list) else 1


def cell_paths(data: dict[str, Any], fmt: int) -> Iterator[Path]:
    """Every cell path of a report's three tables, following how ``data`` writes groups."""
    for table in layout.tables(fmt):
        yield from _paths(table, (table.key,), data.get(table.key))


def _paths(node: Table | Group | Row | Scalar | Enum, path: Path, value: Any) -> Iterator[Path]:
    if isinstance(node, (Table, Group)) and not isinstance(value, list):
        for child in node.children:
            sub = value.get(child.key) if isinstance(value, dict) else None
            yield from _paths(child, (*path, child.key), sub)
    elif isinstance(node, Group):
        row = node.single_row_alternative
        yield from ((*path, i) for i in range(len(row.columns) if row else len(value)))
    elif isinstance(node, Row):
        yield from ((*path, i) for i in range(len(node.columns)))
    elif isinstance(node, (Scalar, Enum)):
        yield path


# --------------------------------------------------------------------------- accuracy


@dataclass
class Score:
    """A draft against a hand transcription: cells right, wrong, left unknown."""

    right: int = 0
    wrong: int = 0
    unknown: int = 0  # the importer left it unknown although a person could read it
    unreadable: int = 0  # neither the person nor the importer could read it
    wrong_cells: list[str] = field(default_factory=list)
    unknown_cells: list[str] = field(default_factory=list)


def score(draft: dict[str, Any], truth: dict[str, Any]) -> Score:
    """Compare every cell of ``truth``'s tables with the draft.

    A cell is right when both hold the same value exactly (178.479 is not 178.4790; blank is
    not 0), or when both say the source cannot be read. A number where the person found none,
    a different number, or a blank for a number is wrong.
    """
    out = Score()
    fmt: int = truth["format"]  # a transcription from content/: its layout is always set
    truth_unknown = unknown_cells(truth)
    draft_unknown = unknown_cells(draft)
    same_layout = draft.get("format") == fmt
    for path in cell_paths(truth, fmt):
        name = field_name(path)
        t_unknown = unknown_reason(truth_unknown, path) is not None
        found, value = _get(draft, path) if same_layout else (False, None)
        d_unknown = found and unknown_reason(draft_unknown, path) is not None
        if d_unknown and t_unknown:
            out.unreadable += 1
        elif d_unknown:
            out.unknown += 1
            out.unknown_cells.append(name)
        elif found and not t_unknown and _same(value, _get(truth, path)[1]):
            out.right += 1
        else:
            out.wrong += 1
            out.wrong_cells.append(name)
    return out


def _get(data: dict[str, Any], path: Path) -> tuple[bool, Any]:
    node: Any = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False, None
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                return False, None
            node = node[part]
    return True, node


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return str(a) == str(b)
    return a == b and type(a) is type(b)
