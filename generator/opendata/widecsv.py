"""The wide CSV: one line per report, one column per cell of tables 二, 三 and 四.

What a spreadsheet user opens: the official labels once, in the header, and each report's
cells side by side, so that years or bodies line up in columns. A column is named by its row's
and its column's official labels (``（一）予以公开 · 自然人``); the data dictionary and the long
CSV give each cell's field path.

A cell has one text, so the kinds the long CSV spells out are written so that they stay apart
and never read as 0: a number as published (178.479 stays 178.479), empty for a blank, ``/``
for not applicable, :data:`UNREADABLE` for a cell the source does not let anyone read (the
reason is in the long CSV and on the report page), the unit text of 2019's 采购总金额 as
printed, and :data:`NOT_IN_LAYOUT` where the report's layout has no such cell (a body's file
holds years of both layouts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import layout
from ..analysis.figures import unknown_cells, unknown_reason
from ..analysis.portal import BodyView, ReportView
from ..layout import Group, Node, Row, Scalar
from .longcsv import inert

UNREADABLE = "无法识读"
NOT_IN_LAYOUT = "—"
LEAD = ("body_id", "body_name", "year", "layout")


@dataclass(frozen=True)
class Column:
    """One cell: where it is in the report data, its header text, the layouts that have it."""

    path: tuple[str | int, ...]
    header: str
    layouts: frozenset[int]


def _columns(fmt: int) -> tuple[Column, ...]:
    found = _CACHE.get(fmt)
    if found is not None:
        return found
    out: list[Column] = []
    for table in layout.tables(fmt):
        for child in table.children:
            out += _node_columns(fmt, table.key, child, (child.key,))
    _CACHE[fmt] = tuple(out)
    return _CACHE[fmt]


def _node_columns(fmt: int, table: str, node: Node, path: tuple[str, ...]) -> list[Column]:
    if isinstance(node, Group):
        out = [
            c
            for child in node.children
            for c in _node_columns(fmt, table, child, (*path, child.key))
        ]
        if node.single_row_alternative is not None:
            # A body may print （六）其他处理 as one row: those cells are columns of their own.
            out += _node_columns(fmt, table, node.single_row_alternative, path)
        return out
    # The row's own label and the column's: short, and unique within a layout (the group
    # labels above a row, 三、本年度办理结果 and the like, would make every header twice as long).
    labels = layout.find(fmt, (table, *path))
    row_label = labels[-1]
    if table == "table4":
        row_label = " · ".join(labels[1:])  # 行政复议 / 行政诉讼 · 未经复议直接起诉 …
    fmts = frozenset({fmt})
    if isinstance(node, Row):
        return [
            Column((table, *path, i), f"{row_label} · {c.label}", fmts)
            for i, c in enumerate(node.columns)
        ]
    label = node.column.label if isinstance(node, Scalar) else node.label
    return [Column((table, *path), f"{row_label} · {label}", fmts)]


_CACHE: dict[int, tuple[Column, ...]] = {}


def columns(layouts: Iterable[int]) -> list[Column]:
    """The columns of these layouts in official order (2019's first). A cell both layouts
    have under the same labels (all of table 三 and 四) is one column, so years line up."""
    key = tuple(sorted(set(layouts)))
    found = _MERGED.get(key)
    if found is None:
        found = _MERGED[key] = tuple(_merged(key))
    return list(found)


_MERGED: dict[tuple[int, ...], tuple[Column, ...]] = {}


def _merged(layouts: tuple[int, ...]) -> list[Column]:
    merged: dict[tuple[tuple[str | int, ...], str], Column] = {}
    for fmt in layouts:
        for c in _columns(fmt):
            key = (c.path, c.header)
            old = merged.get(key)
            merged[key] = c if old is None else Column(c.path, c.header, old.layouts | {fmt})
    # Table by table (a body's 2019 and 2021 table 二 side by side, then table 三, then 四).
    order = {key: n for n, key in enumerate(("table2", "table3", "table4"))}
    return sorted(merged.values(), key=lambda c: order.get(str(c.path[0]), len(order)))


def header(cols: Sequence[Column]) -> list[str]:
    """The header line: the lead columns, then each cell's labels and field."""
    return [*LEAD, *(c.header for c in cols)]


def row(
    body: BodyView,
    report: ReportView,
    cols: Sequence[Column],
    texts: dict[tuple[str | int, ...], str],
) -> list[str]:
    """One report's line under ``cols``; ``texts`` is :func:`cell_texts` of the report (made
    once: the export writes each report into two files)."""
    cells = [
        texts.get(c.path, NOT_IN_LAYOUT) if report.layout in c.layouts else NOT_IN_LAYOUT
        for c in cols
    ]
    return [body.id, inert(body.name), str(report.year), str(report.layout), *cells]


def cell_texts(report: ReportView) -> dict[tuple[str | int, ...], str]:
    """Every cell of the report's layout as the wide CSV writes it, by field path (a cell in
    the other form of （六）其他处理 than the report's is left out: :data:`NOT_IN_LAYOUT`)."""
    data = report.data
    unknown = unknown_cells(data)
    out: dict[tuple[str | int, ...], str] = {}
    # Cells of one row share the walk down to it: a report has ~200 cells in ~40 rows.
    for prefix, members in _plan(report.layout):
        node = _get(data, prefix)
        for index, path in members:
            if index is None:
                value = node
            elif isinstance(node, list):
                value = node[index] if index < len(node) else None
            else:
                value = _ABSENT if isinstance(node, dict) else None
            if value is _ABSENT:
                continue
            if value is None:
                reason = unknown_reason(unknown, path) if unknown else None
                out[path] = UNREADABLE if reason is not None else ""
            elif isinstance(value, str):
                out[path] = inert(value)
            else:
                out[path] = str(value)
    return out


Plan = tuple[
    tuple[tuple[str | int, ...], tuple[tuple[int | None, tuple[str | int, ...]], ...]], ...
]
_PLANS: dict[int, Plan] = {}


def _plan(fmt: int) -> Plan:
    """The layout's cells grouped by the row holding them: (row path, ((index, cell path), …))."""
    found = _PLANS.get(fmt)
    if found is None:
        groups: dict[tuple[str | int, ...], list[tuple[int | None, tuple[str | int, ...]]]] = {}
        for c in _columns(fmt):
            if isinstance(c.path[-1], int):
                groups.setdefault(c.path[:-1], []).append((c.path[-1], c.path))
            else:
                groups.setdefault(c.path, []).append((None, c.path))
        found = _PLANS[fmt] = tuple((k, tuple(v)) for k, v in groups.items())
    return found


_ABSENT = object()


def _get(data: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    """The cell at ``path``, or :data:`_ABSENT` where the report is written in the other form
    (（六）其他处理 as one row where the column is one of its three, or the other way round)."""
    node: Any = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list):
                return _ABSENT if isinstance(node, dict) else None
            node = node[part] if part < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return _ABSENT if isinstance(node, list) else None
    return node
