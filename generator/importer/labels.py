"""Recognising the official tables in published text: row labels, the layout, the variant.

Labels reach us broken by spaces and line breaks, with punctuation variants, misprints
(“其他法律行政止公开”) and cut short (“1.本机关不掌” / page break / “握相关政府信息”), so
each row is recognised by a short distinctive part of its label, matched on text with all
whitespace removed and NFKC applied (full-width brackets and digits become ASCII).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import layout
from ..layout import Enum, Group, Row, Scalar, Table
from .arithmetic import Path
from .cells import fold

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


def single_other_row(text: str, fmt: int) -> bool:
    """Whether （六）其他处理 is printed as one row (2019 layout, or a body that prints it so)."""
    if fmt == 2019:
        return True
    folded = fold(text)
    subs = any(re.search(KEYS[("table3", "outcomes", "other", k)], folded) for k in _SUB_OTHER)
    return not subs and re.search(KEYS[("table3", "outcomes", "other")], folded) is not None


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
