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

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..layout import APPLICANT_COLUMNS
from . import equations

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


def _row(data: Any, *path: str) -> list[Any] | None:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data if isinstance(data, list) else None


def _cell(row: list[Any] | None, index: int) -> Number | None:
    if row is None or index >= len(row):
        return None
    return equations.number(row[index])  # bool (a schema error) is not a number


_CARRIED = ("table3", "carried_over")


def check_report(data: dict[str, Any]) -> list[Violation]:
    """R1–R4 on one report: the equations of :mod:`generator.checks.equations`, evaluated."""
    out: list[Violation] = []
    for equation, message in equations.failures(data):
        out.append(Violation(equation.rule, equation.at, message, cells=equation.cells))
    return out


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
