"""The long CSV: one line per cell of tables 二, 三 and 四, with the cell's kind.

The long CSV keeps every cell's kind: ``number`` (value as published, 178.479 stays 178.479),
``blank`` (the source left it empty), ``not_applicable`` ("/"), ``unknown`` (unreadable, with the
reason) and ``text`` (e.g. the unit printed in the 2019 procurement row). :func:`parse_long`
reads it back into every cell of every report (tested). :mod:`generator.opendata.files` writes it per
report, per body and for the whole portal.

It is the biggest file the portal writes (hundreds of MB for a province), so its text is made
directly rather than through ``csv.writer`` row by row: the columns that only depend on a cell's
place in the table (table, row, labels, column) are made once per row of the layout, and each
cell adds its value, kind and note. The result is byte for byte what ``csv.writer`` writes
(QUOTE_MINIMAL, CRLF); tests/test_opendata.py holds it to that.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .. import layout
from ..analysis.figures import unknown_cells, unknown_reason
from ..analysis.portal import BodyView, ReportView
from ..checks.files import FORMULA_START
from ..layout import Group, Node, Row, Scalar

LONG_HEADER = (
    "body_id",
    "body_name",
    "year",
    "layout",
    "table",
    "row",
    "row_label",
    "column_index",
    "column",
    "column_label",
    "value",
    "value_kind",
    "note",
)
NUMBER, BLANK, NOT_APPLICABLE, UNKNOWN, TEXT = (
    "number",
    "blank",
    "not_applicable",
    "unknown",
    "text",
)


def _row_values(
    node: Node, value: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Node, list[Any]]]:
    """Every row of a table node as (row path, row node, its cells): one cell for a scalar."""
    if isinstance(node, Group):
        if isinstance(value, list) and node.single_row_alternative is not None:
            yield from _row_values(node.single_row_alternative, value, path)
            return
        sub = value if isinstance(value, dict) else {}
        for child in node.children:
            yield from _row_values(child, sub.get(child.key), (*path, child.key))
    elif isinstance(node, Row):
        row = value if isinstance(value, list) else []
        # A row shorter than the layout has blank cells; one longer is cut to the layout.
        yield path, node, [row[i] if i < len(row) else None for i in range(len(node.columns))]
    else:  # Scalar or Enum: one value, no column index
        yield path, node, [value]


def _field(text: str) -> str:
    """One CSV field as ``csv.writer`` writes it: quoted only when it must be."""
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def inert(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` before ``=``, ``+``, ``-``, ``@``
    (or a tab or CR), which Excel and WPS then hide, as OWASP's CSV-injection advice says.

    For text from content only (names, notes, reasons): numbers such as -3 are left alone.
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def _kind(value: Any, reason: str | None) -> str:
    if value is None:
        return UNKNOWN if reason is not None else BLANK
    if value == layout.NOT_APPLICABLE:
        return NOT_APPLICABLE
    if isinstance(value, str):
        return TEXT
    return NUMBER


def _places(fmt: int, table: str, path: tuple[str, ...], node: Node) -> tuple[str, ...]:
    """The place columns (table … column_label) of each cell of one row, as CSV text.

    The same few hundred rows recur in every report: each is written once, not once per cell.
    Keyed by layout and path, which name the row (hashing the layout's nodes costs more).
    """
    key = (fmt, table, path)
    places = _PLACES.get(key)
    if places is None:
        label = _field(" · ".join(layout.find(fmt, (table, *path))[1:]))
        row = ".".join(path)
        if isinstance(node, Row):
            cells = [(str(i), c.key, c.label) for i, c in enumerate(node.columns)]
        elif isinstance(node, Scalar):
            cells = [("", node.column.key, node.column.label)]
        else:
            cells = [("", "value", node.label)]
        places = _PLACES[key] = tuple(
            f"{table},{_field(row)},{label},{index},{_field(column)},{_field(column_label)},"
            for index, column, column_label in cells
        )
    return places


_PLACES: dict[tuple[int, str, tuple[str, ...]], tuple[str, ...]] = {}


def long_csv(body: BodyView, report: ReportView) -> str:
    """One line per cell of tables 二, 三 and 四 of one report, in official order (CSV, CRLF).

    Without header or BOM: the same text goes into the report's, the body's and the portal's
    long CSV. Columns as :data:`LONG_HEADER`; :func:`parse_long` reads it back.
    """
    unknown = unknown_cells(report.data)
    lead = ",".join(
        [_field(body.id), _field(inert(body.name)), str(report.year), str(report.layout), ""]
    )
    lines = []
    for table in layout.tables(report.layout):
        data = report.data.get(table.key)
        data = data if isinstance(data, dict) else {}
        for child in table.children:
            for path, node, values in _row_values(child, data.get(child.key), (child.key,)):
                places = _places(report.layout, table.key, path, node)
                indexed = isinstance(node, Row)
                for index, (place, value) in enumerate(zip(places, values, strict=True)):
                    if type(value) is int and not unknown:
                        # Most cells: a whole number in a report with nothing unreadable.
                        lines.append(f"{lead}{place}{value},{NUMBER},\r\n")
                        continue
                    reason = None
                    if unknown:
                        full: tuple[str | int, ...] = (
                            (table.key, *path, index) if indexed else (table.key, *path)
                        )
                        reason = unknown_reason(unknown, full)
                    if value is None:
                        text = ""
                    elif isinstance(value, str):
                        text = _field(value)
                    else:
                        text = str(value)
                    note = _field(inert(reason)) if reason else ""
                    lines.append(f"{lead}{place}{text},{_kind(value, reason)},{note}\r\n")
    return "".join(lines)


#: The header line as every long CSV starts: BOM (Excel then reads UTF-8), CRLF.
HEAD = "\ufeff" + ",".join(LONG_HEADER) + "\r\n"


def parse_long(raw: bytes) -> dict[tuple[str, int], dict[str, Any]]:
    """Read a long CSV back into ``{(body, year): {"table2": …, "table3": …, "table4": …}}``.

    The inverse of :func:`long_csv`; used by the tests and useful to anyone loading the file.
    """
    reports: dict[tuple[str, int], dict[str, Any]] = {}
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    for row in reader:
        key = (row["body_id"], int(row["year"]))
        tables = reports.setdefault(key, {})
        kind, text = row["value_kind"], row["value"]
        value: Any
        if kind == NUMBER:
            value = Decimal(text) if "." in text else int(text)
        elif kind == NOT_APPLICABLE:
            value = layout.NOT_APPLICABLE
        elif kind == TEXT:
            value = text
        else:  # blank and unknown are both null in the content; the kind keeps them apart
            value = None
        node = tables.setdefault(row["table"], {})
        parts = row["row"].split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if row["column_index"] == "":
            node[parts[-1]] = value
        else:
            node.setdefault(parts[-1], []).append(value)
    return reports
