"""The official table layouts of the annual report, as data.

This module is the single source of truth for table structure and the official Chinese labels.
The JSON Schema in ``schema/`` is generated from it (``portal schema``), the validator's messages
take their labels from it, and later stages (pages, templates, importer) read it too.

Two layouts exist (see DOMAIN.md): the 2019 trial layout (国办公开办函〔2019〕60号, report years
2019–2020) and the 2021 layout (国办公开办函〔2021〕30号, 2021 onward). Their tables look alike
but their columns mean different things, so each has its own definitions.

In content files a table row is a YAML list of cells in the official column order, e.g.
``granted: [7, 0, 0, 0, 1, 0, 7]``. A cell is one of three kinds (see :data:`CELL_KINDS`).
"""

from __future__ import annotations

from .model import (
    AMOUNT,
    CELL_KINDS,
    COUNT,
    LAYOUT_TITLES,
    LAYOUTS,
    NOT_APPLICABLE,
    SIGNED,
    Column,
    Enum,
    Group,
    Node,
    Row,
    Scalar,
    Table,
)
from .official import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    TABLE2_2019,
    TABLE2_2021,
    TABLE4,
    TABLES,
)

__all__ = [
    "AMOUNT",
    "APPLICANT_COLUMNS",
    "APPLICANT_PARTS",
    "CELL_KINDS",
    "COUNT",
    "LAYOUTS",
    "LAYOUT_TITLES",
    "NOT_APPLICABLE",
    "SIGNED",
    "TABLE2_2019",
    "TABLE2_2021",
    "TABLE4",
    "TABLES",
    "Column",
    "Enum",
    "Group",
    "Node",
    "Row",
    "Scalar",
    "Table",
    "find",
    "tables",
]


def tables(layout: int) -> tuple[Table, ...]:
    """The three tables (二, 三, 四) of a layout."""
    return TABLES[layout]


def find(layout: int, path: tuple[str | int, ...]) -> list[str]:
    """Official labels along a field path, e.g. ``("table3","outcomes","granted",4)``.

    Returns the labels from the table down to the cell (column label last when the path
    reaches a cell). Unknown path parts are ignored, so the result is always usable in a message.
    """
    labels: list[str] = []
    if not path:
        return labels
    current: Table | Node | None = next((t for t in TABLES[layout] if t.key == path[0]), None)
    if current is None:
        return labels
    labels.append(current.label)
    for part in path[1:]:
        if isinstance(current, (Table, Group)) and isinstance(part, str):
            nxt = next((c for c in current.children if c.key == part), None)
            if nxt is None:
                return labels
            current = nxt
            labels.append(current.label)
        elif isinstance(part, int) and isinstance(current, (Row, Group)):
            # A group written as its single-row alternative is indexed like a row.
            row = current if isinstance(current, Row) else current.single_row_alternative
            if row is not None and 0 <= part < len(row.columns):
                labels.append(row.columns[part].label)
            return labels
        else:
            return labels
    return labels
