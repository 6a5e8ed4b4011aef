"""The kinds of things a table of the annual report holds: cells, rows, groups, tables."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Cell kinds. Every kind also accepts ``null`` (the cell was left blank) and ``"/"``
#: (the body marked it "not applicable"); those are different facts from 0.
COUNT = "count"  # whole number >= 0
SIGNED = "signed"  # whole number, may be negative (2019's 本年增/减)
AMOUNT = "amount"  # decimal >= 0, kept exactly as published (178.479 stays 178.479)
CELL_KINDS = (COUNT, SIGNED, AMOUNT)

NOT_APPLICABLE = "/"

LAYOUTS = (2019, 2021)
LAYOUT_TITLES = {
    2019: "2019 年格式（国办公开办函〔2019〕60号，试行；用于 2019、2020 年度报告）",
    2021: "2021 年格式（国办公开办函〔2021〕30号；用于 2021 年度及以后的报告）",
}


@dataclass(frozen=True)
class Column:
    """One column of a table row."""

    key: str
    label: str
    kind: str = COUNT


@dataclass(frozen=True)
class Row:
    """A row of cells: a YAML list, one cell per column, in the official order."""

    key: str
    label: str
    description: str
    columns: tuple[Column, ...]
    # Table 二 groups its rows under the article of the 条例 they report on (第二十条第（一）项…);
    # the official table prints that as a heading row above them.
    article: str = ""

    @property
    def kind(self) -> str:
        return "row"


@dataclass(frozen=True)
class Scalar:
    """A single cell written as a plain value (the 2021 table 二 rows with one column)."""

    key: str
    label: str
    description: str
    column: Column
    article: str = ""

    @property
    def kind(self) -> str:
        return "scalar"


@dataclass(frozen=True)
class Enum:
    """A non-numeric value with a closed set of choices (e.g. a unit printed in the table)."""

    key: str
    label: str
    description: str
    choices: tuple[str, ...]
    article: str = ""

    @property
    def kind(self) -> str:
        return "enum"


@dataclass(frozen=True)
class Group:
    """A labelled group of rows (e.g. （三）不予公开 with its eight reasons)."""

    key: str
    label: str
    description: str
    children: tuple[Row | Scalar | Enum | Group, ...]
    # When True the group may instead be written as a single row, because some bodies print
    # it that way (洪泽区 prints （六）其他处理 as one row in the 2021 layout). The single row is
    # kept as published rather than split, which would mean inventing numbers.
    single_row_alternative: Row | None = None

    @property
    def kind(self) -> str:
        return "group"


Node = Row | Scalar | Enum | Group


@dataclass(frozen=True)
class Table:
    key: str
    label: str
    description: str
    children: tuple[Node, ...] = field(default_factory=tuple)
