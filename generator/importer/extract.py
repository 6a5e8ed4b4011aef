"""Tables 二, 三 and 四 read out of a report's text, cell by cell, never guessing.

Rows are located by :mod:`.labels` and :mod:`.rowtext`; a row's text becomes readings
(:mod:`.cells`) and the arithmetic decides only between readings of the same characters
(:mod:`.arithmetic`). A number that is not printed is never computed: a row with a missing
cell stays unknown, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..checks.findings import field_name
from .arithmetic import Equation, Path, Unit, decide, equations_of
from .cells import BLANK, UNITS, Parsed, Token, fold, readings
from .labels import KEYS, Slot, single_other_row, slots
from .rowtext import by_flat, by_lines, lines_of, table4_tokens
from .sections import Heading

_PAGE_MARK = re.compile(
    r"(?m)^[ \t]*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)[ \t]*$"
)


@dataclass
class TableRead:
    """What was read: cell path → value or reason, and notes for the person who checks it."""

    values: dict[Path, Parsed] = field(default_factory=dict)
    unknown: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    single_other: bool = False
    procurement_unit: str | None = None


def strip_page_marks(text: str) -> str:
    """Remove page-number lines (“- 3 -”) that PDF extraction puts inside tables."""
    return _PAGE_MARK.sub("", text)


T4_CELLS: tuple[Path, ...] = tuple(
    ("table4", g, i)
    for g in ("review", "litigation_direct", "litigation_after_review")
    for i in range(5)
)


def read_tables(
    text: str, fmt: int, flat: bool, regions: dict[str, tuple[int, int] | None]
) -> TableRead:
    """Read tables 二, 三, 四 from their regions of ``text``; every cell ends up read or unknown."""
    t2, t3, t4 = (regions.get(k) for k in ("table2", "table3", "table4"))
    part = {
        k: strip_page_marks(text[r[0] : r[1]]) if r else ""
        for k, r in (("table2", t2), ("table3", t3), ("table4", t4))
    }
    read = TableRead(single_other=single_other_row(part["table3"], fmt))
    rows = slots(fmt, read.single_other)
    found: dict[Path, list[Token] | str] = {}
    implicit_t4: list[Token] | None = None
    for table, label in (("table2", "表二"), ("table3", "表三")):
        mine = [s for s in rows if s.path[0] == table]
        if not part[table].strip():
            found.update({s.path: f"原文没有找到{label}" for s in mine})
            continue
        if flat:
            found.update(by_flat(part[table], mine))
            continue
        lines = lines_of(part[table])
        if table == "table3" and not part["table4"].strip():
            # No heading for table 四: a lone line of 15 numbers after table 三 is its only row.
            lone = [g for ln in lines if not ln.label for g in ln.groups if len(g) == 15]
            if len(lone) == 1:
                implicit_t4 = lone[0]
                for ln in lines:
                    ln.groups = [g for g in ln.groups if g is not lone[0]]
                read.notes.append("表四没有表头，只有一行 15 个数，正好是表四的 15 格，照录。")
        found.update(by_lines(lines, mine, read.notes, label))
    proc = found.get(("table2", "procurement"))
    if isinstance(proc, list) and proc:
        # 2019's 采购总金额 has no fixed unit; the one printed beside it is recorded as printed.
        printed = fold(proc[-1].text)
        read.procurement_unit = next((u for u in UNITS if printed.endswith(u)), None)
    units: list[Unit] = []
    for slot in rows:
        got = found[slot.path]
        cells = slot.cells
        if isinstance(got, str):
            units.append(Unit(field_name(slot.path), cells, [], got))
            continue
        got = _unpadded(got, len(slot.kinds))
        r = readings(got, slot.kinds)
        problem = r.problem or _short(got, len(slot.kinds), flat)
        units.append(
            Unit(field_name(slot.path), cells, list(r.options), problem, text=_printed(got))
        )
    if implicit_t4 is not None:
        t4_tokens: list[Token] | str = implicit_t4
    elif part["table4"].strip():
        t4_tokens = table4_tokens(part["table4"], flat)
    else:
        t4_tokens = "原文没有找到表四"
    if isinstance(t4_tokens, str):
        units.append(Unit("table4", T4_CELLS, [], t4_tokens))
    else:
        r = readings(t4_tokens, ["count"] * 15)
        units.append(
            Unit(
                "table4",
                T4_CELLS,
                list(r.options),
                r.problem or _short(t4_tokens, 15, flat),
                text=_printed(t4_tokens),
            )
        )
    decide(units, _equations(rows))
    for unit in units:
        _record(unit, read)
    return read


def _equations(rows: Sequence[Slot]) -> list[Equation]:
    return equations_of([s.path for s in rows])


def _unpadded(tokens: list[Token], width: int) -> list[Token]:
    """A row printed under a wider header (行政许可's one value under table 二's three
    columns) has blank cells beyond its own: they are the header's, not the row's."""
    if len(tokens) > width and all(t.text == BLANK for t in tokens[width:]):
        return tokens[:width]
    return tokens


def _printed(tokens: Sequence[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _short(tokens: Sequence[Token], width: int, flat: bool) -> str:
    if flat:
        return f"原文这一行的数字连写为“{_printed(tokens)}”，拆不成 {width} 格"
    return f"原文这一行读到 {len(tokens)} 格，应为 {width} 格，无法确定缺的是哪一格"


def _record(unit: Unit, read: TableRead) -> None:
    if unit.chosen is None:
        reason = unit.problem if not unit.options else unit.note
        if unit.options and unit.text:
            reason = f"原文连写为“{unit.text}”，{reason}"
        for cell in unit.cells:
            read.unknown[cell] = reason
        return
    if len(unit.options) > 1:
        read.notes.append(f"{unit.key}：原文连写为“{unit.text}”，{unit.note}。")
    for cell, parsed in zip(unit.cells, unit.chosen, strict=True):
        if parsed.problem:
            read.unknown[cell] = parsed.problem
        elif parsed.unit and cell[:2] == ("table2", "procurement"):
            read.procurement_unit = parsed.unit
            read.values[cell] = Parsed(parsed.value)
        elif parsed.unit and not (parsed.unit == "万元" and cell == ("table2", "fees")):
            read.unknown[cell] = f"原表印作“{parsed.value}{parsed.unit}”，与本栏的单位不同，不换算"
        else:
            read.values[cell] = Parsed(parsed.value)


def regions(text: str, headings: dict[str, Heading]) -> dict[str, tuple[int, int] | None]:
    """Where tables 二, 三 and 四 lie in ``text`` (character offsets), from the headings.

    A heading lost in extraction is replaced by the first line that carries one of the table's
    row labels; table 四 without a heading is found later as its lone row of 15 numbers.
    """
    end = min(
        (headings[k].start for k in ("problems", "other") if k in headings), default=len(text)
    )
    start = {t: headings[h].end if h in headings else None for t, h in _TABLE_HEADINGS}
    if start["table2"] is None:
        start["table2"] = _first_label_line(text, "table2", 0, end)
    if start["table3"] is None:
        start["table3"] = _first_label_line(text, "table3", start["table2"] or 0, end)
    out: dict[str, tuple[int, int] | None] = {}
    order = [t for t, _ in _TABLE_HEADINGS]
    for n, table in enumerate(order):
        begin = start[table]
        if begin is None or begin > end:
            out[table] = None
            continue
        later = [s for t in order[n + 1 :] if (s := start[t]) is not None and s >= begin]
        out[table] = (begin, min(later, default=end))
    return out


_TABLE_HEADINGS = (("table2", "proactive"), ("table3", "requests"), ("table4", "reviews"))


def _first_label_line(text: str, table: str, begin: int, end: int) -> int | None:
    keys = [k for p, k in KEYS.items() if p[0] == table]
    offset = begin
    for line in text[begin:end].split("\n"):
        folded = fold(line)
        if any(re.search(k, folded) for k in keys):
            return offset
        offset += len(line) + 1
    return None
