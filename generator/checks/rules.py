"""The table's consistency rules (勾稽关系), checked on what the body published.

Every rule yields *warnings*: published reports often do not add up, and the portal publishes
what the body reported and shows where it does not add up — it never "fixes" a number.
A rule is only checked where every operand is a number; a blank (null) or "/" cell makes that
equation uncheckable, which is not the same as failing it.

| id | rule |
|----|------|
| R1 | per applicant column: 一 + 二 = 三（七）总计 + 四 |
| R2 | per row of table 三: 总计 = the six applicant columns |
| R3 | per column: （七）总计 = sum of all outcome rows |
| R4 | table 四, each group: 总计 = 维持 + 纠正 + 其他 + 尚未审结 |
| R6 | 二、上年结转 (year Y) = 四、结转下年度继续办理 (year Y−1), column by column |
| R7 | 现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发(Y) − 本年废止(Y) — a hint, not a law |

(R5, the value formats, is enforced by the JSON Schema; R8, a quantity the prose states against the
tables, is :mod:`generator.checks.prose_rules`.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..layout import APPLICANT_COLUMNS, TABLE4

Path_ = tuple[str | int, ...]
Number = int | Decimal


@dataclass(frozen=True)
class Violation:
    """A failed equation: where to point, which rule, and both sides as published.

    ``path`` is the cell the message is attached to (the stated total); ``cells`` is every cell
    of this report in the equation, both sides: the pages mark them all, because the table does
    not say which of them is wrong.
    """

    rule: str
    path: Path_
    message: str
    # The other report involved in a cross-year rule (its year), if any.
    other_year: int | None = None
    cells: tuple[Path_, ...] = ()


RULES = {
    "R1": "第一项加第二项之和，等于第三项加第四项之和（表头注明的勾稽关系）",
    "R2": "每一行的总计等于各类申请人之和",
    "R3": "（七）总计等于各项办理结果之和",
    "R4": "行政复议、行政诉讼各组的总计等于维持、纠正、其他、尚未审结之和",
    "R6": "本年“上年结转”等于上一年报告的“结转下年度继续办理”",
    "R7": "现行有效件数等于上年现行有效件数加本年制发件数减本年废止件数（提示）",
    "R8": "正文写明的数字等于表格中相应的数字（只核对意思确定的说法）",
}


def _num(value: Any) -> Number | None:
    # bool is an int subclass in Python; a true/false cell is a schema error, not a number.
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value
    return None


def _row(data: Any, *path: str) -> list[Any] | None:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data if isinstance(data, list) else None


def _cell(row: list[Any] | None, index: int) -> Number | None:
    if row is None or index >= len(row):
        return None
    return _num(row[index])


_NUMERIC = (int, Decimal)


def _numbers(row: list[Any]) -> list[Number] | None:
    """The row's cells when every one is a number (bool excluded), else None."""
    for v in row:
        if type(v) not in _NUMERIC:
            return None
    return row


def _plus(values: list[Number]) -> str:
    return " + ".join(str(v) for v in values)


def _rows_of(node: Any, path: Path_) -> Iterator[tuple[Path_, list[Any]]]:
    """Every row (list) under a table-三 node, depth first, in file order."""
    if isinstance(node, list):
        yield path, node
    elif isinstance(node, dict):
        for key, child in node.items():
            yield from _rows_of(child, (*path, key))


def _outcome_rows(outcomes: dict[str, Any]) -> list[tuple[Path_, list[Any]]]:
    """The rows that add up to （七）总计: （一）…（六）, with groups taken row by row."""
    rows: list[tuple[Path_, list[Any]]] = []
    for key, child in outcomes.items():
        if key != "total":
            rows.extend(_rows_of(child, ("table3", "outcomes", key)))
    return rows


def check_report(data: dict[str, Any]) -> list[Violation]:
    """R1–R4 on one report."""
    out: list[Violation] = []
    t3 = data.get("table3")
    if isinstance(t3, dict):
        out.extend(_r1(t3))
        out.extend(_r2(t3))
        out.extend(_r3(t3))
    t4 = data.get("table4")
    if isinstance(t4, dict):
        out.extend(_r4(t4))
    return out


_NEW = ("table3", "new_requests")
_CARRIED = ("table3", "carried_over")
_FORWARD = ("table3", "carried_forward")


def _r1(t3: dict[str, Any]) -> Iterator[Violation]:
    new, carried = _row(t3, "new_requests"), _row(t3, "carried_over")
    total, forward = _row(t3, "outcomes", "total"), _row(t3, "carried_forward")
    for i, col in enumerate(APPLICANT_COLUMNS):
        a, b, c, d = (_cell(new, i), _cell(carried, i), _cell(total, i), _cell(forward, i))
        if None in (a, b, c, d):
            continue
        if a + b != c + d:  # type: ignore[operator]
            yield Violation(
                "R1",
                ("table3", "outcomes", "total", i),
                f"R1 {col.label}列：一、新收 + 二、上年结转 ≠ （七）总计 + 四、结转下年度: "
                f"{a} + {b} = {a + b} ≠ {c} + {d} = {c + d}",  # type: ignore[operator]
                cells=tuple(
                    (*row, i) for row in (_NEW, _CARRIED, ("table3", "outcomes", "total"), _FORWARD)
                ),
            )


def _r2(t3: dict[str, Any]) -> Iterator[Violation]:
    parts = len(APPLICANT_COLUMNS) - 1
    for path, row in _rows_of(t3, ("table3",)):
        values = _numbers(row)
        if values is None or len(values) != parts + 1:
            continue
        if values[parts] != sum(values[:parts]):
            yield Violation(
                "R2",
                (*path, parts),
                f"R2 总计列 ≠ 各申请人之和: {values[parts]} ≠ {_plus(values[:parts])} = {sum(values[:parts])}",
                cells=tuple((*path, i) for i in range(parts + 1)),
            )


def _r3(t3: dict[str, Any]) -> Iterator[Violation]:
    outcomes = t3.get("outcomes")
    if not isinstance(outcomes, dict):
        return
    total = _row(outcomes, "total")
    width = len(APPLICANT_COLUMNS)
    listed = _outcome_rows(outcomes)
    paths, rows = [p for p, _ in listed], [row for _, row in listed]
    if total is None or not rows or any(len(r) != width for r in rows):
        return
    for i, col in enumerate(APPLICANT_COLUMNS):
        stated = _num(total[i]) if i < len(total) else None
        values = [_num(row[i]) for row in rows]
        if stated is None or None in values:
            continue
        computed = sum(values)  # type: ignore[arg-type]
        if stated != computed:
            yield Violation(
                "R3",
                ("table3", "outcomes", "total", i),
                f"R3 {col.label}列：（七）总计 ≠ （一）至（六）各项之和: {stated} ≠ {computed}",
                cells=(("table3", "outcomes", "total", i), *((*p, i) for p in paths)),
            )


def _r4(t4: dict[str, Any]) -> Iterator[Violation]:
    for row_def in TABLE4.children:
        row = _row(t4, row_def.key)
        cells = [_cell(row, i) for i in range(5)]
        if None in cells:
            continue
        values: list[Number] = cells  # type: ignore[assignment]
        if values[4] != sum(values[:4]):
            yield Violation(
                "R4",
                ("table4", row_def.key, 4),
                f"R4 {row_def.label}：总计 ≠ 维持 + 纠正 + 其他 + 尚未审结: "
                f"{values[4]} ≠ {_plus(values[:4])} = {sum(values[:4])}",
                cells=tuple(("table4", row_def.key, i) for i in range(5)),
            )


def check_years(
    previous: dict[str, Any], current: dict[str, Any], previous_year: int
) -> list[Violation]:
    """R6 and R7 between a body's reports for consecutive years (on the later report)."""
    out: list[Violation] = []
    forward = _row(previous, "table3", "carried_forward")
    carried = _row(current, "table3", "carried_over")
    for i, col in enumerate(APPLICANT_COLUMNS):
        a, b = _cell(carried, i), _cell(forward, i)
        if a is not None and b is not None and a != b:
            out.append(
                Violation(
                    "R6",
                    ("table3", "carried_over", i),
                    f"R6 {col.label}列：本年“二、上年结转” ≠ {previous_year} 年报告“四、结转下年度继续办理”: {a} ≠ {b}",
                    previous_year,
                    ((*_CARRIED, i),),
                )
            )
    # 2019's 对外公开总数量 is not 2021's 现行有效件数: only compare within the 2021 layout.
    if previous.get("format") == 2021 and current.get("format") == 2021:
        for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            before, now = _row(previous, "table2", key), _row(current, "table2", key)
            in_force_before = _cell(before, 2)
            issued, repealed, in_force = _cell(now, 0), _cell(now, 1), _cell(now, 2)
            if None in (in_force_before, issued, repealed, in_force):
                continue
            expected = in_force_before + issued - repealed  # type: ignore[operator]
            if in_force != expected:
                out.append(
                    Violation(
                        "R7",
                        ("table2", key, 2),
                        f"R7（提示）{label}：现行有效件数 ≠ {previous_year} 年现行有效 + 本年制发 − 本年废止: "
                        f"{in_force} ≠ {in_force_before} + {issued} − {repealed} = {expected}"
                        "（文件清理、上级转发等也会造成差异）",
                        previous_year,
                        tuple(("table2", key, i) for i in (0, 1, 2)),
                    )
                )
    return out
