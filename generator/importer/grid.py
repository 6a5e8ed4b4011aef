"""A table whose cell positions are explicit (HTML, Markdown pipe tables) → one line per row.

In a web page or a pipe table each cell sits in a known column, so nothing has to be guessed
from spacing: a merged cell is one value for the columns it spans, an empty cell is a blank.
The header rows above a run of data rows say where the value columns are (“本年处理决定数量”
over three columns is one column); each data row is written as its label cells followed by
exactly one cell per value column, an empty one as :data:`~.cells.BLANK`, so the line reader
(:mod:`.rowtext`) never mistakes a blank for the padding of a merged label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cells import BLANK, MERGED_DOWN, is_value

#: A page number or page footer a converter left inside a table (“- 3 -”, “第 3 页 共 8 页”).
_PAGE_MARK = re.compile(
    r"[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
)


@dataclass(frozen=True)
class Cell:
    """One grid position: the text of the cell covering it and which cell that is."""

    text: str
    origin: int  # every position a merged cell covers shares its origin
    first: bool = True  # False on the rows a rowspan covers below its own


Row = Sequence["Cell | None"]  # None: no cell at this position (a short row)


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int


def lines(grid: Sequence[Row], memory: Columns | None = None) -> list[str]:
    """The table's rows as tab-separated lines, value cells placed by the header.

    ``memory`` carries the value columns from one table to the next of the same width: a table
    cut by a page break continues without its header.
    """
    rows = _rejoined([r for r in grid if not _page_mark(r)])
    if not rows:
        return []
    width = max(len(r) for r in rows)
    data = [_is_data(r) for r in rows]
    out: list[str] = []
    memory = memory if memory is not None else Columns()
    segments = memory.segments if memory.width == width else None
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and data[j] == data[i]:
            j += 1
        run = rows[i:j]
        if not data[i]:
            after = rows[j : next((k for k in range(j, len(rows)) if not data[k]), len(rows))]
            start = max((_label_end(r) for r in after), default=0)
            segments = _segments(run, width, start) or segments
            out += ["\t".join(_texts(r, 0, width)) for r in run]
        else:
            start = max(_label_end(r) for r in run)
            out += [_placed(r, start, segments, width) for r in run]
        i = j
    memory.width, memory.segments = width, segments
    return [line for line in out if line.strip()]


@dataclass
class Columns:
    """The value columns the last table's header gave, for a continuation without one."""

    width: int = 0
    segments: list[_Segment] | None = None


def _rejoined(rows: list[Row]) -> list[Row]:
    """A label row and the row of numbers right below it, as a converter split one row in two.

    Only when the numbers have no label of their own and belong to no other label: the row
    above the label is not a row of bare numbers (that would be numbers printed above their
    labels) and the row below the numbers is not another bare label.
    """
    out: list[Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if i + 1 < len(rows) and _bare_label(row) and _bare_numbers(rows[i + 1]):
            below = rows[i + 2] if i + 2 < len(rows) else None
            above = out[-1] if out else None
            first = _first_value(rows[i + 1])
            fits = all(
                c is None or not c.text or k < first for k, c in enumerate(row)
            )  # the label lies left of the numbers
            if (
                fits
                and not (above is not None and _bare_numbers(above))
                and not (below is not None and _bare_label(below))
            ):
                numbers = rows[i + 1]
                width = max(len(row), len(numbers))
                out.append([_at(row, k) if k < first else _at(numbers, k) for k in range(width)])
                i += 2
                continue
        out.append(row)
        i += 1
    return out


def _first_value(row: Row) -> int:
    return next(
        (i for i, c in enumerate(row) if c is not None and c.text and is_value(c.text)),
        len(row),
    )


def _bare_label(row: Row) -> bool:
    return not _is_data(row) and any(c is not None and c.text for c in row)


def _bare_numbers(row: Row) -> bool:
    return _is_data(row) and _label_end(row) == 0


def _at(row: Row, c: int) -> Cell | None:
    return row[c] if c < len(row) else None


def _page_mark(row: Row) -> bool:
    texts = {c.text for c in row if c is not None and c.text}
    return bool(texts) and all(_PAGE_MARK.fullmatch(t.strip()) for t in texts)


def _is_data(row: Row) -> bool:
    return any(c is not None and c.first and c.text and is_value(c.text) for c in row)


def _label_end(row: Row) -> int:
    """Where the row's labels end: after the last label cell before its first value."""
    first_value = _first_value(row)
    end = 0
    for i in range(first_value):
        cell = row[i]
        if cell is not None and cell.text:
            end = i + 1
    return end


def _segments(header: Sequence[Row], width: int, start: int) -> list[_Segment] | None:
    """Value columns from a run of header rows: the lowest header cell over each column.

    A column no header row names belongs to the column on its left (a merged header that a
    pipe table writes as a label followed by empty cells). Rows naming fewer than two columns
    (“第二十条第（五）项”), or naming none right of ``start`` where the labels of the rows
    below end (a group label on a row of its own), say nothing about the value columns; a run
    without a row that does keeps the last one.
    """
    usable = [
        r
        for r in header
        if len({c.origin for c in r if c is not None and c.text}) >= 2
        and any(c is not None and c.text for c in r[start:])
    ]
    if not usable:
        return None
    keys: list[int | None] = []
    for c in range(width):
        key = None
        for row in reversed(usable):
            cell = _at(row, c)
            if cell is not None and cell.text:
                key = cell.origin
                break
        keys.append(key)
    out: list[_Segment] = []
    last: int | None = None
    for c, key in enumerate(keys):
        if out and (key is None or key == last):
            out[-1] = _Segment(out[-1].start, c + 1)
        else:
            out.append(_Segment(c, c + 1))
            last = key
    return out


def _texts(row: Row, start: int, end: int) -> list[str]:
    """Each cell's text once (a merged cell on its own row only), empty cells left out."""
    seen: set[int] = set()
    out: list[str] = []
    for c in range(start, end):
        cell = _at(row, c)
        if cell is None or cell.origin in seen:
            continue
        seen.add(cell.origin)
        if cell.first and cell.text:
            out.append(cell.text)
    return out


def _placed(row: Row, start: int, segments: list[_Segment] | None, width: int) -> str:
    labels = _texts(row, 0, start)
    mine = [s for s in segments or [] if s.end > start]
    if not mine or mine[0].start != start:
        # No header over these columns (or it does not line up with the labels): each cell
        # once, as printed; an empty one may be the padding of a merged cell, so it stays empty.
        values = [_plain_cell(row, c) for c in _origins(row, start, width)]
        return "\t".join([*labels, *values])
    values = []
    seen: set[int] = set()
    for seg in mine:
        cells = [c for c in (_at(row, k) for k in range(seg.start, seg.end)) if c is not None]
        if not cells:
            continue  # a short row: nothing printed here at all
        origins = list(dict.fromkeys(c.origin for c in cells))
        if any(o in seen for o in origins):
            continue  # one merged value over several columns: it is one cell, already written
        seen.update(origins)
        by_origin = {c.origin: c for c in cells}
        printed = [by_origin[o] for o in origins]
        if not all(c.first for c in printed):
            values.append(MERGED_DOWN)  # merged down from the row above: whose value is it?
            continue
        texts = [c.text for c in printed if c.text]
        if len(texts) > 1:  # the header does not part these cells, the row does
            values += [c.text or BLANK for c in printed]
        else:
            values += texts or [BLANK]
    return "\t".join([*labels, *values])


def _origins(row: Row, start: int, width: int) -> list[int]:
    seen: dict[int, int] = {}
    for c in range(start, width):
        cell = _at(row, c)
        if cell is not None and cell.origin not in seen:
            seen[cell.origin] = c
    return list(seen.values())


def _plain_cell(row: Row, c: int) -> str:
    cell = _at(row, c)
    return cell.text if cell is not None and cell.first else ""
