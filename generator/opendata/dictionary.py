"""The data dictionary, generated from the JSON Schema: every field with its official label,
meaning, unit and the layouts that have it.

Reading the schema (not ``layout.py``) means the dictionary documents exactly what validation
enforces; a property without a description would show up here as a blank, and a test forbids it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..checks import schemas

UNITS = {
    "#/$defs/count": "件（不小于 0 的整数）",
    "#/$defs/signed": "件（整数，可为负）",
    "#/$defs/amount": "数额（小数，照原表位数）",
}


@dataclass
class Entry:
    path: str
    title: str
    description: str
    unit: str
    layouts: set[int] = field(default_factory=set)


def _unit(node: dict[str, Any]) -> str:
    if "$ref" in node:
        return UNITS.get(node["$ref"], "")
    if "prefixItems" in node:
        items = node["prefixItems"]
        units = {_unit(i) for i in items}
        names = "、".join(str(i.get("title", "")) for i in items)
        unit = units.pop() if len(units) == 1 else "各列见说明"
        return f"{len(items)} 格，依次为：{names}；{unit}"
    if "enum" in node:
        return "取值：" + "、".join(str(v) for v in node["enum"] if v is not None)
    types = node.get("type")
    if types == "string" or (isinstance(types, list) and "string" in types):
        return "文字"
    if types == "integer":
        return "整数"
    return ""


def _walk(node: dict[str, Any], path: str, layouts: set[int]) -> Iterator[Entry]:
    # A group that may also be written as one row (（六）其他处理) has both forms, as
    # if/then/else on the value's type.
    options = [node.get("then"), node.get("else"), *node.get("anyOf", [])]
    shapes = [
        o for o in options if isinstance(o, dict) and ("properties" in o or "prefixItems" in o)
    ]
    if shapes:
        for option in shapes:
            labelled = {
                "title": node.get("title"),
                "description": node.get("description"),
                **option,
            }
            yield from _walk(labelled, path, layouts)
        return
    if path and "title" in node:
        yield Entry(
            path, str(node["title"]), str(node.get("description", "")), _unit(node), set(layouts)
        )
    for key, child in node.get("properties", {}).items():
        yield from _walk(child, f"{path}.{key}" if path else key, layouts)
    # Mappings keyed by an id (the region registry): the key is written as <编号>.
    keyed = list(node.get("patternProperties", {}).values())
    if isinstance(node.get("additionalProperties"), dict):
        keyed.append(node["additionalProperties"])
    for child in keyed:
        yield from _walk(child, f"{path}.<编号>" if path else "<编号>", layouts)
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        yield from _walk(node["items"], f"{path}[]", layouts)


def entries(name: str = "report.schema.json") -> list[Entry]:
    """Every field of a schema, in schema order; a field the two layouts define differently
    (same key, other columns) appears once per layout."""
    root = schemas.get(name)
    merged: dict[tuple[str, str, str], Entry] = {}

    def add(entry: Entry) -> None:
        key = (entry.path, entry.title, entry.unit)
        if key in merged:
            merged[key].layouts |= entry.layouts
        else:
            merged[key] = entry

    everywhere = {2019, 2021} if name == "report.schema.json" else set()
    for entry in _walk(root, "", everywhere):
        add(entry)
    for branch in root.get("allOf", []):
        fmt = branch.get("if", {}).get("properties", {}).get("format", {}).get("const")
        for entry in _walk(branch.get("then", {}), "", {fmt} if fmt else set()):
            add(entry)
    # Keep the official order: tables after metadata, each table's rows in layout order.
    return sorted(
        merged.values(),
        key=lambda e: (e.path.split(".")[0].startswith("table"), e.path.split(".")[0]),
    )
