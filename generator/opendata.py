"""Open data: the portal's numbers as files — per report, per body, and for the whole portal.

:func:`write_all` writes every file under a folder: the site's (the plugin runs it in a second
process while mkdocs renders the pages, see :mod:`generator.exporting`) or ``portal export``'s.
URLs are stable: ``data/…`` below never depends on page layout.

The long CSV keeps every cell's kind: ``number`` (value as published, 178.479 stays 178.479),
``blank`` (the source left it empty), ``not_applicable`` ("/"), ``unknown`` (unreadable, with the
reason) and ``text`` (e.g. the unit printed in the 2019 procurement row). Reading it back gives every
cell of every report (tested). CSV files are UTF-8 with a BOM so that Excel opens Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from . import layout
from .analysis import BodyView, Portal, ReportView
from .figures import KEY_FIGURES, MISSING_TEXT, unknown_cells, unknown_reason
from .layout import Group, Node, Row, Scalar

DATA = "data"
LONG = f"{DATA}/portal-long.csv"
WIDE = f"{DATA}/portal-key-figures.csv"
ALL_JSON = f"{DATA}/portal.json"
ZIP = f"{DATA}/portal-data.zip"
COVERAGE = f"{DATA}/coverage.csv"

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


def report_base(body_id: str, year: int) -> str:
    """``data/bodies/<id>/<year>`` — add ``.yaml``, ``.json`` or ``.csv``."""
    return f"{DATA}/bodies/{body_id}/{year}"


def body_csv(body_id: str) -> str:
    return f"{DATA}/bodies/{body_id}/{body_id}-all-years.csv"


# --------------------------------------------------------------------------- cells


def _cells(
    node: Node, value: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Node, int | None, Any]]:
    """Every cell of a table node as (row path, row node, column index or None, value)."""
    if isinstance(node, Group):
        if isinstance(value, list) and node.single_row_alternative is not None:
            yield from _cells(node.single_row_alternative, value, path)
            return
        sub = value if isinstance(value, dict) else {}
        for child in node.children:
            yield from _cells(child, sub.get(child.key), (*path, child.key))
    elif isinstance(node, Row):
        row = value if isinstance(value, list) else [None] * len(node.columns)
        for i in range(len(node.columns)):
            yield path, node, i, row[i] if i < len(row) else None
    else:  # Scalar or Enum: one value, no column index
        yield path, node, None, value


def _kind(value: Any, reason: str | None) -> str:
    if value is None:
        return UNKNOWN if reason is not None else BLANK
    if value == layout.NOT_APPLICABLE:
        return NOT_APPLICABLE
    if isinstance(value, str):
        return TEXT
    return NUMBER


@cache
def _row_label(fmt: int, path: tuple[str, ...]) -> str:
    # The same few hundred rows recur in every report: label each once, not once per cell.
    return " · ".join(layout.find(fmt, path)[1:])


def long_rows(body: BodyView, report: ReportView) -> Iterator[list[str]]:
    """One row per cell of tables 二, 三 and 四 of one report, in official order."""
    unknown = unknown_cells(report.data)
    for table in layout.tables(report.layout):
        data = report.data.get(table.key)
        data = data if isinstance(data, dict) else {}
        for child in table.children:
            for path, node, index, value in _cells(child, data.get(child.key), (child.key,)):
                full = (table.key, *path) + ((index,) if index is not None else ())
                reason = unknown_reason(unknown, full) if unknown else None
                kind = _kind(value, reason)
                if isinstance(node, Row):
                    column, label = node.columns[index].key, node.columns[index].label  # type: ignore[index]
                elif isinstance(node, Scalar):
                    column, label = node.column.key, node.column.label
                else:
                    column, label = "value", node.label
                yield [
                    body.id,
                    body.name,
                    str(report.year),
                    str(report.layout),
                    table.key,
                    ".".join(path),
                    _row_label(report.layout, (table.key, *path)),
                    "" if index is None else str(index),
                    column,
                    label,
                    "" if value is None else str(value),
                    kind,
                    reason or "",
                ]


def _csv_writer(handle: Any, header: tuple[str, ...] | list[str]) -> Any:
    """A CSV writer in the portal's convention, header written: BOM first, CRLF line ends."""
    handle.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    return writer


def _csv(header: tuple[str, ...] | list[str], rows: Iterator[list[str]] | list[list[str]]) -> bytes:
    out = io.StringIO()
    _csv_writer(out, header).writerows(rows)
    return out.getvalue().encode("utf-8")


def _csv_rows(rows: list[list[str]]) -> str:
    """Rows as CSV text (CRLF), without header or BOM: made once, written into three files."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


_LONG_HEAD = _csv(LONG_HEADER, []).decode("utf-8")


def parse_long(raw: bytes) -> dict[tuple[str, int], dict[str, Any]]:
    """Read a long CSV back into ``{(body, year): {"table2": …, "table3": …, "table4": …}}``.

    The inverse of :func:`long_rows`; used by the tests and useful to anyone loading the file.
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


# --------------------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _MARK + str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def to_json(value: Any) -> bytes:
    """JSON with decimals written exactly as published (``json`` would turn them into floats).

    On one line: with ``indent`` Python's json falls back from its C encoder to pure Python,
    several times slower at a province's scale. The YAML download is the readable one.
    """
    text = json.dumps(_plain(value), ensure_ascii=False, default=str)
    # The marked strings become bare numbers: "\u0000decimal:178.479" → 178.479.
    return (_MARKED.sub(r"\1", text) + "\n").encode("utf-8")


_MARK = "\u0000decimal:"
_MARKED = re.compile(r'"\\u0000decimal:(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)"')


# --------------------------------------------------------------------------- files


def key_figure_header() -> list[str]:
    return ["body_id", "body_name", "region", "level", "kind", "year", "layout"] + [
        f"{f.label}({f.key})" + ("[万元]" if f.unit == "万元" else "") for f in KEY_FIGURES
    ]


def key_figure_row(portal: Portal, body: BodyView, report: ReportView) -> list[str]:
    region = portal.regions.get(body.region or "")
    cells = []
    for f in KEY_FIGURES:
        v = report.figures[f.key]
        # A figure without a number says why in words, so a spreadsheet never reads it as 0.
        cells.append(str(v.number) if v.ok else MISSING_TEXT.get(v.missing, v.missing))
    return [
        body.id,
        body.name,
        region.name if region else "",
        str(body.data.get("level") or ""),
        str(body.data.get("kind") or ""),
        str(report.year),
        str(report.layout),
        *cells,
    ]


def report_files(
    body: BodyView, report: ReportView, published: bytes, rows: str | None = None
) -> list[tuple[str, bytes]]:
    """The three downloads of one report: YAML as published, JSON, CSV.

    ``rows`` is the report's :func:`long_rows` as CSV text (:func:`_csv_rows`) when the caller
    already has it.
    """
    base = report_base(body.id, report.year)
    text = rows if rows is not None else _csv_rows(list(long_rows(body, report)))
    return [
        (f"{base}.yaml", published),
        (f"{base}.json", to_json(report.data)),
        (f"{base}.csv", (_LONG_HEAD + text).encode("utf-8")),
    ]


def coverage_rows(portal: Portal) -> list[list[str]]:
    rows = []
    for body in portal.bodies.values():
        rows.append(
            [body.id, body.name] + ["有" if y in body.reports else "缺" for y in portal.year_range]
        )
    return rows


def write_all(portal: Portal, root: Path) -> list[str]:
    """Write every download of the portal under ``root``; return the names written.

    Streams: each report's files are written as they are made and the bulk CSV goes straight to
    disk, so memory does not grow with the province (at 10,000 reports the long CSV alone is
    hundreds of MB). ``portal.json`` is assembled from the reports' own JSON text.
    """
    written: list[str] = []

    def put(name: str, data: bytes) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(name)

    wide: list[list[str]] = []
    bodies_json: list[str] = []
    (root / DATA).mkdir(parents=True, exist_ok=True)
    with (root / LONG).open("w", encoding="utf-8", newline="") as long_file:
        long_file.write(_LONG_HEAD)
        for body in portal.bodies.values():
            body_rows: list[str] = []
            reports_json: list[str] = []
            for year, report in sorted(body.reports.items()):
                # Formatted once; the same text goes into the report's, the body's and the
                # portal's CSV (writing the rows three times was a third of the export).
                rows = _csv_rows(list(long_rows(body, report)))
                published = report.path.read_bytes() if report.path else b""
                for name, data in report_files(body, report, published, rows):
                    put(name, data)
                    if name.endswith(".json"):
                        reports_json.append(f"{json.dumps(str(year))}: {data.decode().strip()}")
                body_rows.append(rows)
                wide.append(key_figure_row(portal, body, report))
            text = "".join(body_rows)
            long_file.write(text)
            put(body_csv(body.id), (_LONG_HEAD + text).encode("utf-8"))
            profile = to_json(body.data).decode().strip()
            reports = "{" + ", ".join(reports_json) + "}"
            bodies_json.append(
                f"{json.dumps(body.id, ensure_ascii=False)}: {profile[:-1]}"
                f'{", " if profile != "{}" else ""}"reports": {reports}}}'
            )
    written.append(LONG)
    regions = (
        to_json(
            {
                r.id: {"name": r.name, "level": r.level, "code": r.code, "parent": r.parent}
                for r in portal.regions.values()
            }
        )
        .decode()
        .strip()
    )
    put(ALL_JSON, f'{{"regions": {regions}, "bodies": {{{", ".join(bodies_json)}}}}}\n'.encode())
    put(WIDE, _csv(key_figure_header(), wide))
    put(
        COVERAGE,
        _csv(["body_id", "body_name", *[str(y) for y in portal.year_range]], coverage_rows(portal)),
    )
    _zip(root / ZIP, [(name, root / name) for name in (LONG, WIDE, ALL_JSON, COVERAGE)])
    written.append(ZIP)
    return written


def _zip(target: Path, members: list[tuple[str, Path]]) -> None:
    """A zip with fixed timestamps, so the same content always gives the same bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in members:
            info = zipfile.ZipInfo(name.split("/", 1)[1], date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, archive.open(info, "w") as member:
                shutil.copyfileobj(source, member, 1 << 20)
