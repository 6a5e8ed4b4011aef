"""Choosing between readings of run-together digits by the table's own arithmetic (勾稽关系).

A flattened “270020130” can be seven cells in more than one way. The importer decides only
when exactly one reading of the rows involved satisfies every equation that connects them
(R1: 一 + 二 = （七）总计 + 四 per column; R2: each row's 总计 = the six applicant columns;
R3: （七）总计 = every outcome row, per column; R4: table 四's three 总计: the equations of
:mod:`generator.checks.equations`, the validator's own). When none or
several satisfy them, the cells stay unknown with the reason. Equations whose operands are
blank, “/” or unreadable say nothing and are skipped, as in :mod:`generator.checks.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..checks import equations as checks_equations
from ..layout import APPLICANT_COLUMNS
from .cells import Parsed

Path = tuple[str | int, ...]

#: Search steps per group of connected rows before giving up (then the rows stay unknown).
MAX_STEPS = 200_000


@dataclass(frozen=True)
class Equation:
    """Σ ``left`` = Σ ``right`` over cell paths; ``rule`` names it in notes (R1…R4)."""

    rule: str
    left: tuple[Path, ...]
    right: tuple[Path, ...]


@dataclass
class Unit:
    """Cells read together from one stretch of text, with every reading of them."""

    key: str
    cells: tuple[Path, ...]
    options: list[tuple[Parsed, ...]]
    problem: str = ""  # why there is no reading, when ``options`` is empty
    text: str = ""  # the characters as printed, for notes and reasons
    chosen: tuple[Parsed, ...] | None = None
    note: str = ""  # how an ambiguous unit was decided, or why it was not
    rules: set[str] = field(default_factory=set)


def equations_of(rows: Sequence[Path]) -> list[Equation]:
    """R1–R4 over the rows being read (table 三's and 四's paths): the checks' own equations
    (:mod:`generator.checks.equations`) for a report of that shape."""
    shape: dict[str, Any] = {"table4": {}}
    for path in rows:
        if path[0] != "table3":
            continue
        node = shape
        for part in path[:-1]:
            node = node.setdefault(str(part), {})
        node[str(path[-1])] = [None] * len(APPLICANT_COLUMNS)
    return [Equation(e.rule, e.left, e.right) for e in checks_equations.of_report(shape)]


def decide(units: Sequence[Unit], equations: Sequence[Equation]) -> None:
    """Set ``chosen`` on every unit that has exactly one reading the arithmetic allows."""
    where: dict[Path, tuple[Unit, int]] = {}
    for unit in units:
        for i, cell in enumerate(unit.cells):
            where[cell] = (unit, i)
        if len(unit.options) == 1:
            unit.chosen = unit.options[0]
    ambiguous = [u for u in units if len(u.options) > 1]
    if not ambiguous:
        return
    # Only equations whose every cell was read can speak; they link units into groups.
    usable: list[tuple[Equation, list[Unit]]] = []
    for eq in equations:
        cells = eq.left + eq.right
        if all(c in where and where[c][0].options for c in cells):
            usable.append((eq, list({id(where[c][0]): where[c][0] for c in cells}.values())))
    for group in _components(ambiguous, usable):
        _solve(group, [(eq, us) for eq, us in usable if any(u in group for u in us)], where)


def _components(
    ambiguous: list[Unit], usable: list[tuple[Equation, list[Unit]]]
) -> list[list[Unit]]:
    parent = {id(u): id(u) for u in ambiguous}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _eq, units in usable:
        linked = [id(u) for u in units if id(u) in parent]
        for other in linked[1:]:
            parent[root(other)] = root(linked[0])
    groups: dict[int, list[Unit]] = {}
    for unit in ambiguous:
        groups.setdefault(root(id(unit)), []).append(unit)
    return list(groups.values())


def _solve(
    group: list[Unit],
    eqs: list[tuple[Equation, list[Unit]]],
    where: dict[Path, tuple[Unit, int]],
) -> None:
    order = sorted(group, key=lambda u: len(u.options))
    picked: dict[int, tuple[Parsed, ...]] = {}
    seen: dict[int, set[tuple[Parsed, ...]]] = {id(u): set() for u in group}
    steps = 0

    def value(cell: Path) -> int | Decimal | None:
        unit, i = where[cell]
        reading = picked.get(id(unit), unit.chosen)
        v = reading[i].value if reading is not None else None
        return v if isinstance(v, (int, Decimal)) else None

    def holds(eq: Equation) -> bool:
        left = [value(c) for c in eq.left]
        right = [value(c) for c in eq.right]
        if any(v is None for v in left + right):
            return True  # a blank or “/” operand: the equation says nothing
        return sum(left) == sum(right)  # type: ignore[arg-type]

    def ready(units: list[Unit]) -> bool:
        return all(len(u.options) == 1 or id(u) in picked for u in units)

    def walk(k: int) -> bool:
        nonlocal steps
        if k == len(order):
            for unit in order:
                seen[id(unit)].add(picked[id(unit)])
            return True
        unit = order[k]
        for option in unit.options:
            steps += 1
            if steps > MAX_STEPS:
                return False
            picked[id(unit)] = option
            if all(holds(eq) for eq, us in eqs if unit in us and ready(us)) and not walk(k + 1):
                return False
            del picked[id(unit)]
        return True

    finished = walk(0)
    for unit in group:
        unit.rules = {eq.rule for eq, us in eqs if unit in us}
        found = seen[id(unit)]
        if not unit.rules:
            unit.note = f"有 {len(unit.options)} 种拆法，这一行没有勾稽关系可以判断"
        elif not finished:
            unit.note = "可能的拆法组合太多，无法按勾稽关系确定"
        elif len(found) == 1:
            unit.chosen = next(iter(found))
            rules = "、".join(sorted(unit.rules))
            unit.note = f"有 {len(unit.options)} 种拆法，只有一种符合表格的勾稽关系（{rules}）"
        elif not found:
            unit.note = f"有 {len(unit.options)} 种拆法，没有一种符合表格的勾稽关系"
        else:
            unit.note = (
                f"有 {len(unit.options)} 种拆法，其中 {len(found)} 种都符合表格的勾稽关系，无法确定"
            )
