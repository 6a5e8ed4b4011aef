"""R1–R4 as data: every equation of a report's tables, with the words its failure is reported in.

This is the one definition of the per-report arithmetic rules. :mod:`generator.checks.rules`
evaluates these equations for ``portal validate`` and the pages; the fill-in form
(:mod:`generator.publish.form`) ships the same list to the browser as JSON, where ``form.js``
evaluates it with the same template. Neither side writes a rule by hand.

An equation is Σ ``left`` = Σ ``right`` over cell paths. It is checked only when every operand is
a number: a blank or “/” cell makes it uncheckable, which is not the same as failing it. Its
message is ``text`` with ``{L}``/``{R}`` (the operands of each side joined by “ + ”, as
published) and ``{Ls}``/``{Rs}`` (each side's sum) filled in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from ..layout import APPLICANT_COLUMNS, TABLE4
from .findings import field_name

Path_ = tuple[str | int, ...]
Number = int | Decimal


@dataclass(frozen=True)
class Equation:
    """Σ ``left`` = Σ ``right``; ``at`` is the cell the finding is attached to (the stated
    total) and ``cells`` every cell of the equation, in the order the pages list them."""

    rule: str
    at: Path_
    left: tuple[Path_, ...]
    right: tuple[Path_, ...]
    cells: tuple[Path_, ...]
    text: str

    def as_json(self) -> dict[str, Any]:
        """The equation as plain JSON for the browser, paths as field names
        (``table3.outcomes.granted[4]``)."""
        return {
            "rule": self.rule,
            "at": field_name(self.at),
            "left": [field_name(p) for p in self.left],
            "right": [field_name(p) for p in self.right],
            "cells": [field_name(p) for p in self.cells],
            "text": self.text,
        }


_NEW = ("table3", "new_requests")
_CARRIED = ("table3", "carried_over")
_TOTAL = ("table3", "outcomes", "total")
_FORWARD = ("table3", "carried_forward")
_WIDTH = len(APPLICANT_COLUMNS)


def _rows_of(node: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    """Every row (list) under a table-三 node, depth first, in file order."""
    if isinstance(node, list):
        yield path, node
    elif isinstance(node, dict):
        for key, child in node.items():
            yield from _rows_of(child, (*path, key))


def of_report(data: dict[str, Any]) -> list[Equation]:
    """Every R1–R4 equation the report's shape has, in the order findings are listed.

    The shape comes from the data (a group printed as one row has one row's equations; a row
    of the wrong width has none — the schema reports it), so the same function serves a file as
    written and the form's two shapes of （六）其他处理.
    """
    return list(_shape(data).equations)


@dataclass(frozen=True)
class _Shape:
    """The equations of one shape of report, with each operand as (row, column) so a report
    is read row by row once (a province has tens of thousands of reports, all of few shapes)."""

    equations: tuple[Equation, ...]
    rows: tuple[Path_, ...]
    operands: tuple[tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]], ...]


def _shape(data: dict[str, Any]) -> _Shape:
    t3 = data.get("table3")
    rows: tuple[tuple[Path_, int], ...] = ()
    total = False
    if isinstance(t3, dict):
        rows = tuple((path, len(row)) for path, row in _rows_of(t3, ("table3",)))
        outcomes = t3.get("outcomes")
        total = isinstance(outcomes, dict) and isinstance(outcomes.get("total"), list)
    return _compiled(isinstance(t3, dict), rows, total, isinstance(data.get("table4"), dict))


@cache
def _compiled(
    has_t3: bool, rows: tuple[tuple[Path_, int], ...], total: bool, has_t4: bool
) -> _Shape:
    found: list[Equation] = []
    if has_t3:
        found += _r1()
        found += _r2(rows)
        found += _r3(rows, total)
    if has_t4:
        found += _r4()
    paths: dict[Path_, int] = {}
    operands = []
    for eq in found:
        sides = tuple(
            tuple((paths.setdefault(p[:-1], len(paths)), int(p[-1])) for p in side)
            for side in (eq.left, eq.right)
        )
        operands.append(sides)
    return _Shape(tuple(found), tuple(paths), tuple(operands))  # type: ignore[arg-type]


def _r1() -> list[Equation]:
    return [
        Equation(
            "R1",
            (*_TOTAL, i),
            ((*_NEW, i), (*_CARRIED, i)),
            ((*_TOTAL, i), (*_FORWARD, i)),
            tuple((*row, i) for row in (_NEW, _CARRIED, _TOTAL, _FORWARD)),
            f"R1 {col.label}列：一、新收 + 二、上年结转 ≠ （七）总计 + 四、结转下年度: "
            "{L} = {Ls} ≠ {R} = {Rs}",
        )
        for i, col in enumerate(APPLICANT_COLUMNS)
    ]


def _r2(rows: tuple[tuple[Path_, int], ...]) -> list[Equation]:
    parts = _WIDTH - 1
    return [
        Equation(
            "R2",
            (*path, parts),
            ((*path, parts),),
            tuple((*path, i) for i in range(parts)),
            tuple((*path, i) for i in range(_WIDTH)),
            "R2 总计列 ≠ 各申请人之和: {L} ≠ {R} = {Rs}",
        )
        for path, width in rows
        if width == _WIDTH
    ]


def _r3(rows: tuple[tuple[Path_, int], ...], total: bool) -> list[Equation]:
    outcome_prefix = ("table3", "outcomes")
    listed = [(p, w) for p, w in rows if p[:2] == outcome_prefix and p != _TOTAL]
    if not total or not listed or any(w != _WIDTH for _, w in listed):
        return []
    paths = [path for path, _ in listed]
    return [
        Equation(
            "R3",
            (*_TOTAL, i),
            ((*_TOTAL, i),),
            tuple((*p, i) for p in paths),
            ((*_TOTAL, i), *((*p, i) for p in paths)),
            f"R3 {col.label}列：（七）总计 ≠ （一）至（六）各项之和: {{L}} ≠ {{Rs}}",
        )
        for i, col in enumerate(APPLICANT_COLUMNS)
    ]


def _r4() -> list[Equation]:
    return [
        Equation(
            "R4",
            ("table4", row.key, 4),
            (("table4", row.key, 4),),
            tuple(("table4", row.key, i) for i in range(4)),
            tuple(("table4", row.key, i) for i in range(5)),
            f"R4 {row.label}：总计 ≠ 维持 + 纠正 + 其他 + 尚未审结: {{L}} ≠ {{R}} = {{Rs}}",
        )
        for row in TABLE4.children
    ]


def number(value: Any) -> Number | None:
    """A cell's number, or None (blank, “/”, text; bool is an int in Python but not a number
    here: a true/false cell is a schema error)."""
    if type(value) is int or type(value) is Decimal:
        return value
    return None


def _row(data: Any, path: Path_) -> list[Any] | None:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, list) else None


def failures(data: dict[str, Any]) -> Iterator[tuple[Equation, str]]:
    """Each equation whose operands are all numbers and whose sides differ, with its message."""
    shape = _shape(data)
    rows: list[list[Any]] = []
    for path in shape.rows:
        row = _row(data, path) or []
        # Most rows are all whole numbers: taken as they are; others cell by cell.
        rows.append(row if all(type(v) is int for v in row) else [number(v) for v in row])
    for equation, (left_at, right_at) in zip(shape.equations, shape.operands, strict=True):
        left = [rows[r][c] if c < len(rows[r]) else None for r, c in left_at]
        right = [rows[r][c] if c < len(rows[r]) else None for r, c in right_at]
        if None in left or None in right:
            continue
        message = failure(equation, left, right)  # type: ignore[arg-type]  # no None left
        if message is not None:
            yield equation, message


def failure(equation: Equation, left: list[Number], right: list[Number]) -> str | None:
    """The message when the two sides (numbers, as published) differ, else None."""
    total_left, total_right = sum(left), sum(right)
    if total_left == total_right:
        return None
    return (
        equation.text.replace("{Ls}", str(total_left))
        .replace("{Rs}", str(total_right))
        .replace("{L}", " + ".join(str(v) for v in left))
        .replace("{R}", " + ".join(str(v) for v in right))
    )
