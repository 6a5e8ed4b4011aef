"""Tables 二, 三 and 四 read out of a report's text, cell by cell, never guessing.

Two shapes of text are read:

* **lines** (text from a PDF, tab-separated extractions, HTML and Markdown tables): a line holds
  a row label and/or a group of delimited cells. A group is attached to the label on its line;
  when labels and numbers are interleaved (numbers printed before their labels, labels broken
  across lines) and the number of complete groups equals the number of rows, groups are matched
  to rows in order — the only reading the text allows — provided every group that shares a
  line with a label agrees with that order.
* **flat** (a crawler's page text, tables run together): labels are found in order and the
  characters between one label and the next are that row's digits, possibly run together.

Whatever the shape, a row's text becomes readings (:mod:`.cells`) and the arithmetic decides
only between readings of the same characters (:mod:`.arithmetic`). A number that is not
printed is never computed: a row with a missing cell stays unknown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import layout
from ..layout import Enum, Group, Row, Scalar, Table
from .arithmetic import Equation, Path, Unit, decide, table3_equations, table4_equations
from .cells import UNITS, Parsed, Token, fold, parse_cell, readings
from .sections import Heading

#: Row path (under its table) → pattern on folded text (NFKC, no whitespace).
KEYS: dict[Path, str] = {
    ("table2", "regulations"): r"规章",
    ("table2", "normative_documents"): r"规范性文件",
    ("table2", "licensing"): r"行政许可",
    ("table2", "other_services"): r"其他对外管理服务",
    ("table2", "penalty"): r"行政处罚",
    ("table2", "coercion"): r"行政强制",
    ("table2", "fees"): r"行政事业性收费",
    ("table2", "procurement"): r"政府集中采购",
    ("table3", "new_requests"): r"本年度?新收",
    ("table3", "carried_over"): r"上年度?结转",
    ("table3", "outcomes", "granted"): r"予以公开",
    ("table3", "outcomes", "partly_granted"): r"部分公开",
    ("table3", "outcomes", "refused", "state_secret"): r"国家秘密",
    ("table3", "outcomes", "refused", "prohibited_by_law"): r"其他法律|禁止公开",
    ("table3", "outcomes", "refused", "three_safety"): r"三安全",
    ("table3", "outcomes", "refused", "third_party"): r"第三方",
    ("table3", "outcomes", "refused", "internal_affairs"): r"内部事务",
    ("table3", "outcomes", "refused", "process_info"): r"过程性",
    ("table3", "outcomes", "refused", "enforcement_file"): r"执法案卷",
    ("table3", "outcomes", "refused", "query_matter"): r"查询事项",
    ("table3", "outcomes", "unable", "not_held"): r"本机关不掌",
    ("table3", "outcomes", "unable", "needs_creation"): r"没有现成|另行制作",
    ("table3", "outcomes", "unable", "unclear"): r"补正后|仍不明确",
    ("table3", "outcomes", "not_processed", "complaint"): r"信访|举报投诉",
    ("table3", "outcomes", "not_processed", "repeated"): r"重复申请",
    ("table3", "outcomes", "not_processed", "publication"): r"出版物",
    ("table3", "outcomes", "not_processed", "excessive"): r"大量反复",
    ("table3", "outcomes", "not_processed", "confirm_existing"): r"确认或重|重新出具",
    ("table3", "outcomes", "other", "no_correction"): r"逾期不补正",
    ("table3", "outcomes", "other", "fee_unpaid"): r"收费通知|缴纳费用",
    ("table3", "outcomes", "other", "other"): r"3[.、]其他(?!法律|对外|结果)",
    ("table3", "outcomes", "other"): r"\(六\)其他处理",
    ("table3", "outcomes", "total"): r"\(七\)总计",
    ("table3", "carried_forward"): r"结转下年度",
}
_SUB_OTHER = ("no_correction", "fee_unpaid")
_VALUE_CHARS = re.compile(r"[0-9.,/+\-\s元万]*")
_NUMBERING = re.compile(r"\d[.、]$")
_PAGE_MARK = re.compile(r"(?m)^[ \t]*[-—–]\s*\d{1,3}\s*[-—–][ \t]*$")


@dataclass(frozen=True)
class Slot:
    """A row to be read: its path, its columns' kinds, and its label pattern."""

    path: Path
    kinds: tuple[str, ...]
    key: str
    scalar: bool = False  # a single cell written as a plain value (2021 table 二)

    @property
    def cells(self) -> tuple[Path, ...]:
        if self.scalar:
            return (self.path,)
        return tuple((*self.path, i) for i in range(len(self.kinds)))


def slots(fmt: int, single_other: bool) -> list[Slot]:
    """Every row of tables 二 and 三 of layout ``fmt`` in the official order."""
    out: list[Slot] = []
    for table in layout.tables(fmt)[:2]:
        _walk(table, (table.key,), single_other, out)
    return out


def _walk(node: Table | Group, path: Path, single_other: bool, out: list[Slot]) -> None:
    for child in node.children:
        here = (*path, child.key)
        if isinstance(child, Group):
            if single_other and child.single_row_alternative is not None:
                row = child.single_row_alternative
                out.append(Slot(here, tuple(c.kind for c in row.columns), KEYS[here]))
            else:
                _walk(child, here, single_other, out)
        elif isinstance(child, Row):
            out.append(Slot(here, tuple(c.kind for c in child.columns), KEYS[here]))
        elif isinstance(child, Scalar):
            out.append(Slot(here, (child.column.kind,), KEYS[here], scalar=True))
        elif isinstance(child, Enum):
            continue  # read from the unit printed beside the amount (see read_tables)


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


def single_other_row(text: str, fmt: int) -> bool:
    """Whether （六）其他处理 is printed as one row (2019 layout, or a body that prints it so)."""
    if fmt == 2019:
        return True
    folded = fold(text)
    subs = any(re.search(KEYS[("table3", "outcomes", "other", k)], folded) for k in _SUB_OTHER)
    return not subs and re.search(KEYS[("table3", "outcomes", "other")], folded) is not None


# --------------------------------------------------------------------------- line-shaped text


@dataclass
class _Line:
    label: str  # folded text of the line's non-value cells
    groups: list[list[Token]]


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        cells: list[str] = []
        if "\t" in raw:
            for cell in raw.split("\t"):
                parts = cell.split()
                # A tab cell holding several space-separated numbers is several cells.
                if len(parts) > 1 and all(parse_cell(p) is not None for p in parts):
                    cells += parts
                else:
                    cells.append(cell)
        else:
            cells = raw.split()
        label: list[str] = []
        groups: list[list[Token]] = []
        current: list[Token] = []
        for cell in cells:
            if parse_cell(cell) is not None:
                current.append(Token(cell.strip()))
                continue
            label.append(cell)
            if current:
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        # Empty cells at either end of a group are the padding of merged label columns.
        trimmed = [_trim(g) for g in groups]
        out.append(_Line(fold(" ".join(label)), [g for g in trimmed if g]))
    return out


def _trim(group: list[Token]) -> list[Token]:
    start, end = 0, len(group)
    while start < end and group[start].text == "":
        start += 1
    while end > start and group[end - 1].text == "":
        end -= 1
    return group[start:end]


def _by_lines(
    lines: list[_Line], rows: Sequence[Slot], read: TableRead, table: str
) -> dict[Path, list[Token] | str]:
    """Each row's cells (or why none) from line-shaped text."""
    keyed = [(i, [s for s in rows if re.search(s.key, ln.label)]) for i, ln in enumerate(lines)]
    groups = [(i, g) for i, ln in enumerate(lines) for g in ln.groups]
    out: dict[Path, list[Token] | str] = {}
    # In order, when every group is a whole row and there are exactly as many groups as rows.
    if len(groups) == len(rows) and all(
        len(g) == len(s.kinds) for (_, g), s in zip(groups, rows, strict=True)
    ):
        agree = all(
            len(matches) != 1
            or len(lines[i].groups) != 1
            or groups.index((i, lines[i].groups[0])) == rows.index(matches[0])
            for i, matches in keyed
            if lines[i].groups
        )
        if agree:
            if any(not matches for i, matches in keyed if lines[i].groups):
                read.notes.append(
                    f"{table}的数字有的印在行标签之前或之后，按先后顺序对应：共 {len(groups)} 组数字，"
                    f"正好是 {len(rows)} 行，且与同一行的标签都对得上。"
                )
            return {s.path: g for (_, g), s in zip(groups, rows, strict=True)}
    for slot in rows:
        hits = [i for i, matches in keyed if slot in matches]
        with_values = [i for i in hits if lines[i].groups]
        if not hits:
            out[slot.path] = "原文中没有找到这一行（可能在提取时缺损）"
        elif len(with_values) > 1:
            out[slot.path] = "原文中有不止一处像这一行的标签，无法确定哪组数字属于它"
        elif not with_values:
            out[slot.path] = "原文这一行的标签旁没有数字，数字可能错位到了别处"
        else:
            i = with_values[0]
            shared = [s for s in keyed[i][1] if s is not slot]
            if shared or len(lines[i].groups) > 1:
                out[slot.path] = "原文这一行与别的行标签或数字混在一起，无法确定对应关系"
            else:
                out[slot.path] = lines[i].groups[0]
    return out


# --------------------------------------------------------------------------- flat text


def _by_flat(text: str, rows: Sequence[Slot]) -> dict[Path, list[Token] | str]:
    """Each row's characters from flattened text: what lies between its label and the next."""
    folded = fold_keep_spaces(text)
    found: list[tuple[Slot, re.Match[str]]] = []
    pos = 0
    for slot in rows:
        match = re.compile(_flat_key(slot)).search(folded, pos)
        if match is not None:
            found.append((slot, match))
            pos = match.end()
    out: dict[Path, list[Token] | str] = {s.path: "原文中没有找到这一行" for s in rows}
    for n, (slot, match) in enumerate(found):
        stop = found[n + 1][1].start() if n + 1 < len(found) else len(folded)
        between = folded[match.end() : stop]
        digit = re.search(r"[0-9/]", between)
        if digit is None:
            out[slot.path] = "原文这一行的标签后没有数字"
            continue
        chars = _VALUE_CHARS.match(between, digit.start())
        run = chars.group() if chars else ""
        # “…00000002.其他法律…”: the “2.” numbers the next label (sub-items run 1–8); a
        # value never ends with a full stop.
        run = _NUMBERING.sub("", run.rstrip())
        tokens = [Token(t, atomic=False) for t in run.replace(",", " ").split()]
        out[slot.path] = tokens or "原文这一行的标签后没有数字"
    return out


def _flat_key(slot: Slot) -> str:
    # Flattened text keeps spaces; allow them anywhere inside the label words.
    return r"\s*".join(_split_pattern(slot.key))


def _split_pattern(pattern: str) -> list[str]:
    # Insert optional spaces between literal CJK characters only; leave regex syntax intact.
    out: list[str] = []
    for ch in pattern:
        if "\u4e00" <= ch <= "\u9fff" and out and "\u4e00" <= out[-1][-1:] <= "\u9fff":
            out.append(ch)
        elif out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def fold_keep_spaces(text: str) -> str:
    """NFKC, with every run of whitespace made one space (flat text's only separator)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- table 四


def _table4_tokens(text: str, flat: bool) -> list[Token] | str:
    if flat:
        runs = re.findall(r"[0-9][0-9 /]*", fold_keep_spaces(text))
        tokens = [Token(t, atomic=False) for r in runs for t in r.split()]
    else:
        tokens = [t for ln in _lines(text) for g in ln.groups for t in g]
    if not tokens:
        return "原文没有表四的数字"
    if not flat and len(tokens) != 15:
        return f"原文表四读到 {len(tokens)} 格，应为 15 格，无法确定对应关系"
    return tokens


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
            found.update(_by_flat(part[table], mine))
            continue
        lines = _lines(part[table])
        if table == "table3" and not part["table4"].strip():
            # No heading for table 四: a lone line of 15 numbers after table 三 is its only row.
            lone = [g for ln in lines if not ln.label for g in ln.groups if len(g) == 15]
            if len(lone) == 1:
                implicit_t4 = lone[0]
                for ln in lines:
                    ln.groups = [g for g in ln.groups if g is not lone[0]]
                read.notes.append("表四没有表头，只有一行 15 个数，正好是表四的 15 格，照录。")
        found.update(_by_lines(lines, mine, read, label))
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
            units.append(Unit(_name(slot.path), cells, [], got))
            continue
        r = readings(got, slot.kinds)
        problem = r.problem or _short(got, len(slot.kinds), flat)
        units.append(Unit(_name(slot.path), cells, list(r.options), problem, text=_printed(got)))
    if implicit_t4 is not None:
        t4_tokens: list[Token] | str = implicit_t4
    elif part["table4"].strip():
        t4_tokens = _table4_tokens(part["table4"], flat)
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
    decide(units, _equations(rows) + table4_equations())
    for unit in units:
        _record(unit, read)
    return read


def _equations(rows: Sequence[Slot]) -> list[Equation]:
    t3 = [s.path for s in rows if s.path[0] == "table3"]
    outcomes = [p for p in t3 if len(p) > 2 and p[1] == "outcomes" and p[2] != "total"]
    return table3_equations(t3, outcomes, ("table3", "outcomes", "total"))


def _name(path: Path) -> str:
    return ".".join(str(p) for p in path)


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
        later = [start[t] for t in order[n + 1 :] if start[t] is not None and start[t] >= begin]
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


_LAYOUT_WORDS = {
    2019: (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "其他对外管理服务",
        "政府集中采购",
        "上一年项目数量",
    ),
    2021: ("本年制发件数", "本年废止件数", "本年度止件数", "现行有效件数", "本年收费金额"),
}


def detect_layout(text: str, year: int) -> tuple[int, str]:
    """The table layout from table 二's column labels, and how it was decided (for the notes)."""
    folded = fold(text)
    hits = {fmt: [w for w in words if w in folded] for fmt, words in _LAYOUT_WORDS.items()}
    by_year = 2019 if year <= 2020 else 2021
    if hits[2019] and not hits[2021]:
        fmt = 2019
    elif hits[2021] and not hits[2019]:
        fmt = 2021
    else:
        why = "两种格式的栏目名都有" if hits[2019] else "没有找到表二的栏目名"
        return by_year, f"表格格式按年度定为 {by_year} 年格式（原文{why}）。"
    words = "、".join(f"“{w}”" for w in hits[fmt][:3])
    note = f"表格格式按表二的栏目名（{words}）认定为 {fmt} 年格式。"
    if fmt != by_year:
        note += f"注意：{year} 年度的报告通常用 {by_year} 年格式。"
    return fmt, note
