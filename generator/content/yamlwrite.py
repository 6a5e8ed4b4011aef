"""Writing report files the way clerks read them: one row per line, official label beside it.

Used for content drafts (transcription, ``portal new``, the importer). Output always reads back
through :mod:`generator.content.yamlread` to the same value (a test checks the round trip).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from .. import layout
from ..checks import schemas
from ..layout import Enum, Group, Row, Scalar, Table

# Identifiers and enum words that read back as the same string when written unquoted.
PLAIN_SAFE = re.compile(r"[a-z][a-z0-9_-]*")
RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}

# Raw characters YAML forbids or treats as line breaks (NEL, LS, PS) inside quoted strings.
ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")

SCHEMA_HINT = "# yaml-language-server: $schema=../../../schema/report.schema.json"
HEADER = (
    '# 政府信息公开工作年度报告。照原文填写：空白写 null；原表为“/”（不适用）写 "/"；0 就写 0。\n'
    "# 金额照原表的小数位数写（178.479 就写 178.479）。# 后面是说明，不影响数据。"
)


def scalar(value: Any) -> str:
    """One value as YAML text that :mod:`generator.content.yamlread` reads back unchanged."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    text = str(value)
    if PLAIN_SAFE.fullmatch(text) and text not in RESERVED:
        return text
    # JSON strings are valid YAML double-quoted scalars, once the characters YAML forbids raw
    # (DEL, C1 controls, lone surrogates) are escaped too.
    return ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _text(key: str, value: Any, indent: str, comment: str) -> list[str]:
    suffix = f"  # {comment}" if comment else ""
    if isinstance(value, str) and "\n" in value.strip("\n") and _block_safe(value):
        body = value.rstrip("\n")
        chomp = "|" if value.endswith("\n") and not value.endswith("\n\n") else "|-"
        if value.endswith("\n\n"):
            return [f"{indent}{key}: {scalar(value)}{suffix}"]
        lines = [f"{indent}{key}: {chomp}{suffix}"]
        lines += [f"{indent}  {line}" if line else "" for line in body.split("\n")]
        return lines
    return [f"{indent}{key}: {scalar(value)}{suffix}"]


def _block_safe(text: str) -> bool:
    # Literal blocks cannot start with spaces or hold tabs/trailing spaces reliably.
    lines = text.rstrip("\n").split("\n")
    return (
        not text.startswith((" ", "\n"))
        and "\t" not in text
        and "\r" not in text
        and not ESCAPE.search(text)
        and all(ch >= " " or ch == "\n" for ch in text)
        and all(line == line.rstrip(" ") for line in lines)
    )


def _cells(values: Any) -> str:
    return _flow(values)


def _node(
    node: Table | Group | Row | Scalar | Enum,
    value: Any,
    indent: str,
    own_columns: bool = False,
    remarks: dict[str, str] | None = None,
    path: str = "",
) -> list[str]:
    path = f"{path}.{node.key}" if path else node.key
    remark = (remarks or {}).get(path)
    if isinstance(node, (Row, Scalar, Enum)) or (
        isinstance(node, Group) and isinstance(value, list)
    ):
        label = node.label
        # Table 二's rows each have their own columns; name them so the order is never guessed.
        if own_columns and isinstance(node, Row) and len(node.columns) > 1:
            label += "（依次为：" + "、".join(c.label for c in node.columns) + "）"
        if remark:
            label += f"  ⚠ {remark}"
        return [f"{indent}{node.key}: {_cells(value)}  # {label}"]
    lines = [f"{indent}{node.key}:  # {node.label}" + (f"  ⚠ {remark}" if remark else "")]
    if isinstance(node, Table):
        columns = _column_note(node)
        if columns:
            lines.append(f"{indent}  # {columns}")
        own_columns = node.key == "table2"
    value = value if isinstance(value, dict) else {}
    for child in node.children:
        lines += _node(child, value.get(child.key), indent + "  ", own_columns, remarks, path)
    return lines


def _fits(node: Table | Group | Row | Scalar | Enum, value: Any) -> bool:
    """Whether ``value`` has no keys the layout writer would not write (so nothing is dropped)."""
    if isinstance(node, (Row, Scalar, Enum)):
        return not isinstance(value, dict)
    if isinstance(node, Group) and isinstance(value, list):
        return True
    if not isinstance(value, dict):
        return value is None
    children = {c.key: c for c in node.children}
    return all(k in children and _fits(children[k], v) for k, v in value.items()) and set(
        children
    ) <= set(value)


def _column_note(table: Table) -> str:
    first: Row | Scalar | Enum | Group | None = next(
        (c for c in table.children if isinstance(c, (Row, Group))), None
    )
    while isinstance(first, Group):
        first = first.children[0]
    if table.key == "table2" or not isinstance(first, Row):
        return "每行方括号里依次是各列的数（列名见行末）；单个数字的行只有一列"
    return "每行依次为：" + "、".join(c.label for c in first.columns)


def dump_report(data: dict[str, Any], remarks: dict[str, str] | None = None) -> str:
    """A report as commented YAML, fields in schema order, tables in the official order.

    ``remarks`` (row path such as ``table3.outcomes.granted`` → text) are added to that row's
    comment: the importer marks the rows a person must check.
    """
    props = schemas.get("report.schema.json")["properties"]
    fmt = data.get("format")
    tables = {t.key: t for t in layout.tables(fmt if fmt in layout.LAYOUTS else 2021)}
    lines = [SCHEMA_HINT, HEADER]
    # Known fields in schema order, then anything else as given: the writer never drops data,
    # so an unknown (misspelt) key reaches the validator and gets reported.
    order = [k for k in props if k in data] + [k for k in data if k not in props]
    for key in order:
        prop = props.get(key, {})
        value = data[key]
        if key in tables and key in props and _fits(tables[key], value):
            lines.append("")
            lines += _node(tables[key], value, "", remarks=remarks)
        else:
            lines += _generic(key, value, "", prop)
    return "\n".join(lines) + "\n"


def _generic(key: str, value: Any, indent: str, prop: dict[str, Any]) -> list[str]:
    """Any value under ``key``, block style, with the schema title as a comment when known."""
    title = prop.get("title", "")
    note = f"  # {title}" if title else ""
    if isinstance(value, dict):
        if not value:
            return [f"{indent}{key}: {{}}{note}"]
        sub = prop.get("properties", {})
        lines = [f"{indent}{key}:{note}"]
        for k, v in value.items():
            lines += _generic(k, v, indent + "  ", sub.get(k, {}))
        return lines
    if isinstance(value, list):
        if not value or not any(isinstance(v, dict) for v in value):
            return [f"{indent}{key}: {_flow(value)}{note}"]
        lines = [f"{indent}{key}:{note}"]
        item_prop = prop.get("items", {}) if isinstance(prop.get("items"), dict) else {}
        for item in value:
            lines += _item(item, indent + "  ", item_prop)
        return lines
    return _text(key, value, indent, title)


def _item(item: Any, indent: str, prop: dict[str, Any]) -> list[str]:
    """One entry of a block list: ``- `` then the value, nested one level deeper."""
    if isinstance(item, dict) and item:
        sub = prop.get("properties", {})
        lines: list[str] = []
        for k, v in item.items():
            lines += _generic(k, v, indent + "  ", sub.get(k, {}))
        lines[0] = f"{indent}- " + lines[0][len(indent) + 2 :]
        return lines
    if isinstance(item, (dict, list)):
        return [f"{indent}- {_flow(item)}"]
    text = _text("x", item, "", "")
    if len(text) == 1:
        return [f"{indent}- {text[0][3:]}"]
    return [f"{indent}- {scalar(item)}"]


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)
