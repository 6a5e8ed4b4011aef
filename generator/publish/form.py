"""What the fill-in form (填报表单) knows, as one JSON document built from the validator's own data.

The form page (:mod:`generator.render.form_page`) embeds this; ``form.js`` reads everything from
it and writes no rule, label or message of its own:

- ``schema``: the report's JSON Schema (:mod:`generator.checks.report_schema`), checked in the
  browser keyword by keyword;
- ``words`` and ``typeNames``: the templates of every schema message
  (:data:`generator.checks.schema_errors.WORDS`);
- ``equations``: R1–R4 for each layout and each shape of （六）其他处理
  (:mod:`generator.checks.equations`), with their message templates;
- ``layouts``: the official tables (:mod:`generator.layout`), for labels and for writing the file;
- ``blank``: the blank report of each layout and shape (:func:`shapes`), what a new report starts from;
- ``yaml``: what :mod:`generator.content.yamlwrite` needs to lay a file out byte for byte
  (header lines, the plain-word pattern, the reserved words, the escaped characters);

It holds nothing from ``content/``: the bodies a clerk can open are escaped HTML in the page
(:mod:`generator.render.form_page`), never text inside a script.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import layout
from ..checks import equations, schemas
from ..checks.schema_errors import TYPE_NAMES, WORDS
from ..content import yamlwrite
from ..layout import Enum, Group, Row, Scalar, Table
from . import scaffold


def _column(column: layout.Column) -> dict[str, str]:
    return {"key": column.key, "label": column.label, "kind": column.kind}


def _node(node: Table | Group | Row | Scalar | Enum) -> dict[str, Any]:
    out: dict[str, Any] = {"key": node.key, "label": node.label}
    if isinstance(node, Row):
        out |= {"kind": "row", "columns": [_column(c) for c in node.columns]}
    elif isinstance(node, Scalar):
        out |= {"kind": "scalar", "columns": [_column(node.column)]}
    elif isinstance(node, Enum):
        out |= {"kind": "enum", "choices": list(node.choices)}
    else:
        out |= {"kind": "table" if isinstance(node, Table) else "group"}
        out["children"] = [_node(c) for c in node.children]
        if isinstance(node, Group) and node.single_row_alternative is not None:
            out["single"] = _node(node.single_row_alternative)
    return out


def shapes(fmt: int) -> dict[str, dict[str, Any]]:
    """The blank report of each shape the form offers for ``fmt`` (grouped; single when the
    layout lets a group be printed as one row)."""
    grouped = scaffold.blank_report(None, None, fmt)
    out = {"grouped": grouped}
    for table in layout.tables(fmt):
        for path, node in _groups(table, (table.key,)):
            if node.single_row_alternative is not None:
                single = scaffold.blank_report(None, None, fmt)
                parent = single
                for part in path[:-1]:
                    parent = parent[part]
                parent[path[-1]] = [None] * len(node.single_row_alternative.columns)
                out["single"] = single
    return out


def _groups(node: Table | Group, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Group]]:
    found: list[tuple[tuple[str, ...], Group]] = []
    for child in node.children:
        if isinstance(child, Group):
            found.append(((*path, child.key), child))
            found += _groups(child, (*path, child.key))
    return found


@cache
def spec() -> dict[str, Any]:
    """The form's JSON document (the same for every portal: built from the project's code)."""
    blank = {str(fmt): shapes(fmt) for fmt in layout.LAYOUTS}
    return {
        "schema": schemas.get("report.schema.json"),
        "words": WORDS,
        "typeNames": TYPE_NAMES,
        "layouts": {str(fmt): [_node(t) for t in layout.tables(fmt)] for fmt in layout.LAYOUTS},
        "equations": {
            fmt: {
                shape: [e.as_json() for e in equations.of_report(data)]
                for shape, data in by.items()
            }
            for fmt, by in blank.items()
        },
        "blank": blank,
        "yaml": {
            "header": [yamlwrite.SCHEMA_HINT, yamlwrite.HEADER],
            "plain": yamlwrite.PLAIN_SAFE.pattern,
            "reserved": sorted(yamlwrite.RESERVED),
            # As \u{…} escapes: the browser reads it with the "u" flag, by code point as Python.
            "escape": "".join(
                c if " " < c < "\x7f" else f"\\u{{{ord(c):x}}}" for c in yamlwrite.ESCAPE.pattern
            ),
        },
    }
