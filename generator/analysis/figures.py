"""Key figures: the handful of numbers a citizen compares across years and bodies.

A key figure is read from the published tables, never repaired. When the table does not give a
number, the figure says why (:class:`Val`), because blank, "not applicable", unreadable and "this
layout has no such cell" are different facts and the pages show them differently.

Figures that are sums of several cells (e.g. 不予公开 = its eight reasons) are summed only when
every cell is a number; a sum over blanks would silently turn blank into 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..checks.findings import Finding, Path_, parse_field
from ..layout import APPLICANT_COLUMNS, NOT_APPLICABLE, TABLE4, Row

Number = int | Decimal

# Why a value has no number.
BLANK = "blank"  # the cell was left blank in the source (null)
NA = "na"  # the body marked it "/" (not applicable)
UNKNOWN = "unknown"  # the source could not be read (provenance.unknown_cells)
ABSENT = "absent"  # this layout has no such cell (e.g. 2019 has no 收费金额 in 万元)
INCOMPLETE = "incomplete"  # a sum whose parts are partly blank, "/" or unreadable

MISSING_TEXT = {
    BLANK: "空白",
    NA: "不适用",
    UNKNOWN: "无法识读",
    ABSENT: "本格式无此项",
    INCOMPLETE: "无法合计",
}


@dataclass(frozen=True)
class Val:
    """A figure's value: a number, or the reason there is none.

    ``disputed``: the consistency rules (``R4``…) that fail on a cell this value is read from.
    The number is still the one published; the pages mark it as not adding up.
    """

    number: Number | None
    missing: str = ""
    disputed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.number is not None


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    unit: str  # 件 or 万元
    group: str  # requests / outcomes / redress / proactive — for grouping columns and charts
    note: str = ""  # how the figure is read, shown under tables


T3_TOTAL = len(APPLICANT_COLUMNS) - 1  # the 总计 column of table 三

KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure("new_requests", "新收申请", "件", "requests", "表三“一、本年新收”总计列"),
    KeyFigure("carried_over", "上年结转", "件", "requests", "表三“二、上年结转”总计列"),
    KeyFigure("granted", "予以公开", "件", "outcomes", "表三（一）总计列"),
    KeyFigure("partly_granted", "部分公开", "件", "outcomes", "表三（二）总计列"),
    KeyFigure("refused", "不予公开", "件", "outcomes", "表三（三）各项总计列之和"),
    KeyFigure("unable", "无法提供", "件", "outcomes", "表三（四）各项总计列之和"),
    KeyFigure("not_processed", "不予处理", "件", "outcomes", "表三（五）各项总计列之和"),
    KeyFigure(
        "other_outcome", "其他处理", "件", "outcomes", "表三（六）总计列（分项时为各项之和）"
    ),
    KeyFigure("carried_forward", "结转下年", "件", "requests", "表三“四、结转下年度”总计列"),
    KeyFigure("reviews", "行政复议", "件", "redress", "表四行政复议“总计”"),
    KeyFigure("reviews_corrected", "复议纠正", "件", "redress", "表四行政复议“结果纠正”"),
    KeyFigure("lawsuits", "行政诉讼", "件", "redress", "表四两类行政诉讼“总计”之和"),
    KeyFigure("lawsuits_corrected", "诉讼纠正", "件", "redress", "表四两类行政诉讼“结果纠正”之和"),
    KeyFigure(
        "regulations_issued",
        "制发规章",
        "件",
        "proactive",
        "表二规章“本年制发件数”（2019 年格式为“本年新制作数量”）",
    ),
    KeyFigure(
        "normative_issued",
        "制发规范性文件",
        "件",
        "proactive",
        "表二行政规范性文件“本年制发件数”（2019 年格式为“本年新制作数量”）",
    ),
    KeyFigure("licensing", "行政许可决定", "件", "proactive", "表二行政许可“处理决定数量”"),
    KeyFigure("penalty", "行政处罚决定", "件", "proactive", "表二行政处罚“处理决定数量”"),
    KeyFigure(
        "fees",
        "行政事业性收费",
        "万元",
        "proactive",
        "表二行政事业性收费“本年收费金额”（2019 年格式统计项目数，不是金额）",
    ),
)
FIGURES_BY_KEY = {f.key: f for f in KEY_FIGURES}

#: Outcome figures in the official order (for the outcome chart and summaries).
OUTCOME_KEYS = (
    "granted",
    "partly_granted",
    "refused",
    "unable",
    "not_processed",
    "other_outcome",
)


def unknown_cells(data: dict[str, Any]) -> dict[Path_, str]:
    """``provenance.unknown_cells`` as path → reason (paths may name a cell, a row or a table)."""
    prov = data.get("provenance")
    items = prov.get("unknown_cells") if isinstance(prov, dict) else None
    out: dict[Path_, str] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            try:
                out[parse_field(item["path"])] = str(item.get("reason") or "")
            except ValueError:
                continue  # the validator reports malformed paths
    return out


def unknown_reason(unknown: dict[Path_, str], path: Path_) -> str | None:
    """The reason a cell is unreadable, if it or a row/table containing it is listed."""
    for n in range(len(path), 0, -1):
        reason = unknown.get(path[:n])
        if reason is not None:
            return reason
    return None


#: Rules whose failure marks the figures read from their cells (R8: the prose says otherwise). R7 is a hint (documents
#: withdrawn or forwarded also explain a difference), so it highlights the cells only.
DISPUTING = frozenset({"R1", "R2", "R3", "R4", "R6", "R8"})


def disputed_cells(findings: Iterable[Finding]) -> dict[Path_, tuple[str, ...]]:
    """Cell path → the rules failing on it, from a report's findings (their ``cells``)."""
    out: dict[Path_, set[str]] = {}
    for f in findings:
        for name in f.cells:
            out.setdefault(parse_field(name), set()).add(f.rule)
    return {path: tuple(sorted(rules)) for path, rules in out.items()}


class Cells:
    """Reads the cells of one report as :class:`Val`, knowing which cells are unreadable and
    which are in an equation that fails (``disputed``, from :func:`disputed_cells`)."""

    def __init__(
        self, data: dict[str, Any], disputed: dict[Path_, tuple[str, ...]] | None = None
    ) -> None:
        self.data = data
        self.unknown = unknown_cells(data)
        self.disputed = disputed or {}

    def node(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return _ABSENT
                node = node[part]
            else:
                if not isinstance(node, dict) or part not in node:
                    return _ABSENT
                node = node[part]
        return node

    def reason(self, path: Path_) -> str | None:
        """Why a cell is unreadable (from ``provenance.unknown_cells``), if it is."""
        return unknown_reason(self.unknown, path)

    def cell(self, *path: str | int) -> Val:
        value = self.node(path)
        if value is _ABSENT:
            return Val(None, ABSENT)
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            if self.disputed:
                rules = tuple(r for r in self.disputed.get(path, ()) if r in DISPUTING)
                if rules:
                    return Val(value, disputed=rules)
            return Val(value)
        if value == NOT_APPLICABLE:
            return Val(None, NA)
        if value is None:
            reason = unknown_reason(self.unknown, path)
            return Val(None, UNKNOWN if reason is not None else BLANK)
        return Val(None, ABSENT)  # a wrong type is a schema error; show no number

    def group_total(self, *path: str) -> Val:
        """Sum of the 总计 column over a group's rows (or the row itself if written as one)."""
        node = self.node(path)
        if isinstance(node, dict):
            return add([self.cell(*path, key, T3_TOTAL) for key in node])
        return self.cell(*path, T3_TOTAL)


_ABSENT = object()


def add(values: list[Val]) -> Val:
    """Sum when every part is a number (disputed when any part is); otherwise say why there
    is no sum."""
    if not values:
        return Val(None, ABSENT)
    if all(v.ok for v in values):
        total = sum(v.number for v in values)  # type: ignore[misc]
        disputed = [r for v in values for r in v.disputed]
        return Val(total, disputed=tuple(sorted(set(disputed)))) if disputed else Val(total)
    reasons = {v.missing for v in values if not v.ok}
    if len(reasons) == 1 and not any(v.ok for v in values):
        return Val(None, reasons.pop())  # all blank, all "/", all unreadable…
    if UNKNOWN in reasons:
        return Val(None, UNKNOWN)
    return Val(None, INCOMPLETE)


def _t3(key: str) -> Callable[[Cells], Val]:
    return lambda r: r.cell("table3", key, T3_TOTAL)


def _outcome(key: str) -> Callable[[Cells], Val]:
    return lambda r: r.group_total("table3", "outcomes", key)


def _t4(column: int, *rows: str) -> Callable[[Cells], Val]:
    return lambda r: add([r.cell("table4", row, column) for row in rows])


def _t2(key: str, column_2021: int | None, column_2019: int | None) -> Callable[[Cells], Val]:
    def read(r: Cells) -> Val:
        column = column_2019 if r.data.get("format") == 2019 else column_2021
        if column is None:
            return Val(None, ABSENT)
        value = r.node(("table2", key))
        if not isinstance(value, list):  # a 2021 single-column row is written as a scalar
            return r.cell("table2", key) if column == 0 else Val(None, ABSENT)
        return r.cell("table2", key, column)

    return read


_EXTRACT: dict[str, Callable[[Cells], Val]] = {
    "new_requests": _t3("new_requests"),
    "carried_over": _t3("carried_over"),
    "granted": _outcome("granted"),
    "partly_granted": _outcome("partly_granted"),
    "refused": _outcome("refused"),
    "unable": _outcome("unable"),
    "not_processed": _outcome("not_processed"),
    "other_outcome": _outcome("other"),
    "carried_forward": _t3("carried_forward"),
    "reviews": _t4(4, "review"),
    "reviews_corrected": _t4(1, "review"),
    "lawsuits": _t4(4, "litigation_direct", "litigation_after_review"),
    "lawsuits_corrected": _t4(1, "litigation_direct", "litigation_after_review"),
    "regulations_issued": _t2("regulations", 0, 0),
    "normative_issued": _t2("normative_documents", 0, 0),
    "licensing": _t2("licensing", 0, 2),
    "penalty": _t2("penalty", 0, 2),
    "fees": _t2("fees", 0, None),
}
assert set(_EXTRACT) == set(FIGURES_BY_KEY)


def key_figures(
    data: dict[str, Any], disputed: dict[Path_, tuple[str, ...]] | None = None
) -> dict[str, Val]:
    """Every key figure of one report, read from its tables as published; a figure read from a
    cell of a failing equation (``disputed``) carries the rules."""
    reader = Cells(data, disputed)
    return {f.key: _EXTRACT[f.key](reader) for f in KEY_FIGURES}


def applicants(
    data: dict[str, Any], disputed: dict[Path_, tuple[str, ...]] | None = None
) -> list[tuple[str, Val]]:
    """New requests by applicant type (the six types, without 总计)."""
    reader = Cells(data, disputed)
    return [
        (col.label, reader.cell("table3", "new_requests", i))
        for i, col in enumerate(APPLICANT_COLUMNS[:T3_TOTAL])
    ]


def redress(
    data: dict[str, Any], disputed: dict[Path_, tuple[str, ...]] | None = None
) -> list[tuple[str, list[tuple[str, Val]]]]:
    """Table 四 by group and result: [(group label, [(result label, value)…])…]."""
    reader = Cells(data, disputed)
    out = []
    for row in TABLE4.children:
        assert isinstance(row, Row)
        columns = row.columns[:-1]  # without 总计
        out.append(
            (
                row.label,
                [(c.label, reader.cell("table4", row.key, i)) for i, c in enumerate(columns)],
            )
        )
    return out
