"""R8: a quantity the prose states against the same quantity in the tables.

Real reports contradict themselves: the prose says 全年共收到申请 5 件 while table 三 says 6. This
module reads the prose for the few phrases whose meaning is certain and compares them with the
cells that hold the same quantity. It never guesses which row a sentence means:

* a phrase is one of :data:`PHRASES` (收到 / 受理 … 申请 N 件, 予以公开 N 件, 行政复议 N 件 …),
  with the number right after it;
* the clause before it (back to the last ，。；：、) holds nothing but neutral words (a year, 全年,
  全区, 我局, 共, 依法 …, :data:`NEUTRAL`): 区政府办代表区政府受理申请 17 件 is about part of the
  body, not the body, and is skipped;
* the clause names no other time (上年, 去年, 同比, 结转, another year), which would make the
  number about something else;
* the cells are all numbers (a blank, “/” or unreadable cell cannot be compared, as in R1–R4).

A disagreement is a warning, with both values quoted; the page shows it beside R1–R4.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .report_schema import TEXT_SECTIONS
from .rules import Path_, Violation

#: The prose sections, not the 落款 (a signature and a date).
SECTIONS = tuple(key for key, _, _ in TEXT_SECTIONS if key != "closing")
TOTAL = 6  # the 总计 column of table 三


@dataclass(frozen=True)
class Quantity:
    """A quantity both the prose and the tables hold: its name and the cells that sum to it."""

    name: str  # in the official table's words, for the message
    cells: tuple[Path_, ...] = ()  # summed; empty when ``group`` is used
    group: tuple[str, ...] = ()  # table 三 outcome group: every row under it, 总计 column
    layouts: tuple[int, ...] = (2019, 2021)


NEW = Quantity("表三“一、本年新收政府信息公开申请数量”总计", (("table3", "new_requests", TOTAL),))
GRANTED = Quantity("表三“（一）予以公开”总计", (("table3", "outcomes", "granted", TOTAL),))
PARTLY = Quantity("表三“（二）部分公开”总计", (("table3", "outcomes", "partly_granted", TOTAL),))
BOTH = Quantity(
    "表三“（一）予以公开”与“（二）部分公开”总计之和",
    (("table3", "outcomes", "granted", TOTAL), ("table3", "outcomes", "partly_granted", TOTAL)),
)
REFUSED = Quantity("表三“（三）不予公开”各项总计之和", group=("refused",))
UNABLE = Quantity("表三“（四）无法提供”各项总计之和", group=("unable",))
NOT_PROCESSED = Quantity("表三“（五）不予处理”各项总计之和", group=("not_processed",))
OTHER = Quantity("表三“（六）其他处理”总计", group=("other",))
REVIEWS = Quantity("表四“行政复议 · 总计”", (("table4", "review", 4),))
SUITS = Quantity(
    "表四“行政诉讼”两组（未经复议直接起诉、复议后起诉）总计之和",
    (("table4", "litigation_direct", 4), ("table4", "litigation_after_review", 4)),
)
ISSUED = Quantity(
    "表二“行政规范性文件 · 本年制发件数”", (("table2", "normative_documents", 0),), layouts=(2021,)
)
IN_FORCE = Quantity(
    "表二“行政规范性文件 · 现行有效件数”", (("table2", "normative_documents", 2),), layouts=(2021,)
)
RULES_ISSUED = Quantity(
    "表二“规章 · 本年制发件数”", (("table2", "regulations", 0),), layouts=(2021,)
)

_N = r"(?P<n>\d+)"
_COUNT = rf"[的共计为]{{0,2}}\s*{_N}\s*(?:件|个|条|起)"
#: Where the table's words end and a number follows; ``(?<![及和与、])`` keeps 部分公开 in
#: 予以公开及部分公开 42 件 from being read as 部分公开 42 件.
PHRASES: tuple[tuple[str, re.Pattern[str], Quantity], ...] = tuple(
    (needle, re.compile(pattern), quantity)
    for needle, pattern, quantity in (
        (
            "申请",
            rf"(?:收到|受理|接收|新收|接到)[^，。；：\d]{{0,30}}?申请[^，。；：、\d]{{0,6}}?{_N}\s*(?:件|个|条)",
            NEW,
        ),
        (
            "申请",
            rf"(?:收到|受理|接收|新收|接到)\s*{_N}\s*(?:件|个|条)[^，。；：\d]{{0,12}}?申请",
            NEW,
        ),
        ("部分公开", rf"予以公开(?:[及和与、]|以及)部分公开{_COUNT}", BOTH),
        ("予以公开", rf"(?<![及和与、])予以公开(?![及和与、]|以及){_COUNT}", GRANTED),
        ("部分公开", rf"(?<![及和与、予以])部分公开{_COUNT}", PARTLY),
        ("不予公开", rf"(?<![予以及和与、])不予公开{_COUNT}", REFUSED),
        ("无法提供", rf"无法提供{_COUNT}", UNABLE),
        ("不予处理", rf"不予处理{_COUNT}", NOT_PROCESSED),
        ("其他处理", rf"其他处理{_COUNT}", OTHER),
        ("行政复议", rf"行政复议(?:案件)?{_COUNT}", REVIEWS),
        ("行政诉讼", rf"行政诉讼(?:案件)?{_COUNT}", SUITS),
        ("规范性文件", rf"制发(?:的)?(?:行政)?规范性文件{_COUNT}", ISSUED),
        ("规范性文件", rf"现行有效(?:的)?(?:行政)?规范性文件{_COUNT}", IN_FORCE),
        ("规章", rf"制发(?:的)?规章{_COUNT}", RULES_ISSUED),
    )
)

#: Words a clause may hold before the phrase and still be about the whole body this year.
NEUTRAL = re.compile(
    r"\d{4}\s*年度?|全年|本年度|本年|今年|年内|一年来|报告期内|统计期内|期间|"
    r"全(?:区|市|县|旗|州|省|镇|乡|局|委|盟)|我(?:区|市|县|旗|州|省|镇|乡|局|委|办|厅|单位|中心)|"
    r"本(?:机关|单位|局|委|办|厅|中心)|共计|合计|累计|共有|共|其中|此外|另外|另|依法|"
    r"清理并|清理|集中|发布|公开|动态更新|更新|主动|通过|因政府信息公开(?:申请)?(?:引起|引发)的|"
    r"涉及政府信息公开的|政府信息公开工作方面|政府信息公开|工作方面|发生|在|有|并|年|度|的|\s"
)
#: A clause with these words is about another time or a part of the count: never compared.
OTHER_TIME = re.compile(r"上年|去年|上一年|同比|较|结转|以前|往年|历年|累计至|截至|比")
_BOUNDARY = re.compile(r"[，,。；;：:、！？!?\n（）()]")
_YEAR = re.compile(r"(\d{4})\s*年")
#: How far back a clause's start is looked for.
WINDOW = 120
#: The longest quotation of the prose in a message.
QUOTE = 80
#: Prose longer than this per section is not read for R8 (a hostile file stays cheap).
MAX_CHARS = 200_000


def check_prose(data: dict[str, Any], layout: int) -> list[Violation]:
    """R8 on one report: each certain phrase of the prose against its cells."""
    text = data.get("text")
    if not isinstance(text, dict):
        return []
    year = data.get("year")
    out: list[Violation] = []
    seen: set[tuple[str, int, str]] = set()
    for section in SECTIONS:
        prose = text.get(section)
        if not isinstance(prose, str) or not prose or len(prose) > MAX_CHARS:
            continue
        for quoted, stated, quantity in _statements(prose, year if isinstance(year, int) else None):
            if layout not in quantity.layouts:
                continue
            cells = _cells(data, quantity)
            if cells is None:
                continue
            values = [v for _, v in cells]
            table = sum(values)
            key = (quantity.name, stated, quoted)
            if table == stated or key in seen:
                continue
            seen.add(key)
            out.append(_violation(data, quoted, stated, quantity, cells, table))
    return out


def _statements(prose: str, year: int | None) -> Iterator[tuple[str, int, Quantity]]:
    """(the phrase as written, its number, the quantity) for every certain phrase."""
    # Each pattern only where its words occur (a substring test at C speed): most sections of
    # most reports hold few of them. Full-width digits need no folding: \d matches them and
    # int() reads them; the clause boundaries list both forms of each mark.
    for needle, pattern, quantity in PHRASES:
        if needle not in prose:
            continue
        for match in pattern.finditer(prose):
            start = match.start()
            # The clause starts after the last mark before the phrase; looked for in a window,
            # since a longer stretch without one is no neutral preamble anyway.
            window = max(0, start - WINDOW)
            clause_start = max(
                (m.end() for m in _BOUNDARY.finditer(prose, window, start)), default=0
            )
            if clause_start == 0 and window > 0:
                continue
            prefix = prose[clause_start:start]
            if NEUTRAL.sub("", prefix):
                continue  # someone or something other than the body this year
            clause = prose[clause_start : match.end()]
            if OTHER_TIME.search(clause):
                continue
            if any(int(y) != year for y in _YEAR.findall(clause)) and year is not None:
                continue
            end = _BOUNDARY.search(prose, match.end())
            quoted = prose[clause_start : end.start() if end else len(prose)].strip()
            if len(quoted) > QUOTE:
                quoted = quoted[:QUOTE] + "…"
            yield quoted, int(match.group("n")), quantity


def _cells(data: dict[str, Any], quantity: Quantity) -> list[tuple[Path_, int | Decimal]] | None:
    paths = list(quantity.cells)
    if quantity.group:
        outcomes = (
            data.get("table3", {}).get("outcomes") if isinstance(data.get("table3"), dict) else None
        )
        node = outcomes.get(quantity.group[0]) if isinstance(outcomes, dict) else None
        if isinstance(node, list):
            paths = [("table3", "outcomes", quantity.group[0], TOTAL)]
        elif isinstance(node, dict) and node:
            paths = [("table3", "outcomes", quantity.group[0], key, TOTAL) for key in node]
        else:
            return None
    out = []
    for path in paths:
        value = _at(data, path)
        if type(value) not in (int, Decimal):
            return None  # blank, "/", unreadable or absent: nothing to compare
        out.append((path, value))
    return out or None


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _violation(
    data: dict[str, Any],
    quoted: str,
    stated: int,
    quantity: Quantity,
    cells: list[tuple[Path_, int | Decimal]],
    table: int | Decimal,
) -> Violation:
    message = f"R8 正文“{quoted}”与表格不符：正文为 {stated}，{quantity.name}为 {table}"
    if quantity is NEW:
        carried = _at(data, ("table3", "carried_over", TOTAL))
        if type(carried) is int and table + carried == stated:
            message += f"（正文的数等于本年新收加上年结转 {carried}，可能把上年结转也算进去了）"
    return Violation("R8", cells[0][0], message, cells=tuple(path for path, _ in cells))
