"""Checking a file against its JSON Schema, with messages a clerk can act on.

jsonschema's own messages are English and about the schema ("'x' is not valid under any of
the given schemas"). Here each error becomes: the field path, the official Chinese label(s)
from the table, and what to write instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .. import layout
from ..content.tree import SourceFile
from . import schemas
from .findings import ERROR, Finding, Path_, field_name

TYPE_NAMES = {
    "object": "一组“键: 值”",
    "array": "方括号列表 [ ]",
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "null": "null（空白）",
    "boolean": "true/false",
}


#: The words of every schema message, shared with the fill-in form (``form.js`` fills the same
#: templates: ``{name}`` is replaced by the value of that name).
WORDS = {
    "required": "缺少这一项；如果原表空白，请写 null",
    "unknown": "未知的字段“{key}”（拼写错误会让数据被忽略）{hint}可用的字段：{choices}",
    "unknown_hint": "，是不是“{close}”？",
    "cell": "{description}实际是 {actual}",
    "type": "应为{want}，实际是 {actual}{note}",
    "type_or": " 或 ",
    "type_row_note": "；这一行要写成方括号列表，每列一个数",
    "choices": "只能是：{shown}；实际是 {actual}",
    "min_items": "至少要写 {limit} 项；实际是 {actual}",
    "max_items": "项目太多（最多 {limit} 项）",
    "unique": "有重复的项：{shown}；每项只写一次",
    "row_width": "这一行应有 {width} 个数（依次为：{columns}），实际有 {count} 个；空白的格子也要占位，写 null",
    "minimum": "不能小于 {limit}；实际是 {actual}",
    "maximum": "数字大得不合理（超过 {limit}）；实际是 {actual}",
    "pattern": "格式不对：{description} 实际是 {actual}",
    "min_length": "不能为空",
    "max_length": "太长（最多 {limit} 个字符）",
    "key_format": "编号“{key}”格式不对：只能用小写拼音字母、数字和连字符（如 fujian-sanming）",
    "not_here": "这里不能有这一项",
    # How a value looks in the file (“实际是 …”).
    "blank": "空白（null）",
    "list": "一个有 {count} 项的列表",
    "text": "文字“{shown}”",
    "decimal": "小数 {value}",
}


def _say(word: str, **values: object) -> str:
    return WORDS[word].format(**values)


@cache
def validator(name: str) -> Draft202012Validator:
    """The jsonschema validator for a schema file name; built once and reused for every file."""
    return Draft202012Validator(schemas.get(name))


@cache
def quick(name: str) -> Callable[[Any], bool]:
    """The fast yes/no check for a schema file name: jsonschema-rs, compiled once.

    Nine files in ten have no error, and for them this is all that runs; only when it says no
    does ``jsonschema`` (the authority, whose errors we translate) run. It says yes only where
    ``jsonschema`` finds no error. One difference is bridged: JSON Schema reads 2.0 as an
    integer, and so does jsonschema-rs, while ``jsonschema`` goes by Python's types and refuses
    ``Decimal("2.0")`` in a count cell, as the portal always has. So each whole-number decimal
    (amounts such as 0.00 or 12.0) is checked as itself plus 0.1 (:func:`_nudged`): not an
    integer, within an amount cell's bounds exactly when the decimal is.

    Measured on the 1,414 reports of the real content and a 300-body fictional province (best of
    5): 0.034 ms a report, against 0.079 ms for the closures we compiled by hand before and
    3.6 ms for ``jsonschema``; it agreed with ``jsonschema`` on every one of them and on 4,242
    mutated copies (``tests/test_schema.py`` holds it to that on the real files and on mutations).
    """
    valid = jsonschema_rs.validator_for(schemas.get(name)).is_valid

    def check(data: Any) -> bool:
        with _nudged(data):
            try:
                return bool(valid(data))
            except ValueError:
                # Data jsonschema-rs cannot take as JSON (a mapping key that is not text: only
                # possible in memory, the YAML reader makes every key text): not a yes, so
                # ``jsonschema`` decides.
                return False

    return check


_NUDGE = Decimal("0.1")


@contextmanager
def _nudged(value: Any) -> Iterator[None]:
    """Every whole-number ``Decimal`` in ``value`` plus 0.1 while the block runs, then put back.

    In place (the places are few: a report's amounts), so nothing is copied.
    """
    places: list[tuple[Any, Any, Decimal]] = []
    stack = [value] if type(value) is list or type(value) is dict else []
    # Each container once: a file never holds one twice (aliases are refused), but data built
    # in memory can, even inside itself, and the walk must still end.
    seen = {id(value)}
    while stack:
        item: Any = stack.pop()
        children = enumerate(item) if type(item) is list else item.items()
        for key, child in children:
            if type(child) is Decimal and child == child.to_integral_value():
                places.append((item, key, child))
            elif (type(child) is list or type(child) is dict) and id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    for container, key, number in places:
        container[key] = number + _NUDGE
    try:
        yield
    finally:
        for container, key, number in places:
            container[key] = number


def describe(value: Any) -> str:
    """How a value looks in the file, for "实际是 …" in messages."""
    if value is None:
        return WORDS["blank"]
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dict):
        return TYPE_NAMES["object"]
    if isinstance(value, list):
        return _say("list", count=len(value))
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "…"
        return _say("text", shown=shown)
    if isinstance(value, Decimal):
        return _say("decimal", value=value)
    return str(value)


def _subschema(root: dict[str, Any], path: Path_, fmt: int | None) -> list[dict[str, Any]]:
    """The schemas met walking ``path`` from ``root`` (for titles and descriptions)."""
    chain = [root]
    current: dict[str, Any] | None = root
    for depth, part in enumerate(path):
        if current is None:
            break
        if "$ref" in current:
            current = {**root["$defs"][current["$ref"].rsplit("/", 1)[1]], **current}
        nxt: Any = None
        if isinstance(part, str):
            props = current.get("properties", {})
            if depth == 0 and fmt is not None and part.startswith("table"):
                # Report tables live in the allOf branch of their layout.
                for branch in current.get("allOf", []):
                    if branch["if"]["properties"]["format"]["const"] == fmt:
                        props = branch["then"]["properties"]
            if "else" in current and "properties" not in current:
                props = current["else"].get("properties", {})
            nxt = props.get(part)
            if nxt is None and isinstance(current.get("additionalProperties"), dict):
                nxt = current["additionalProperties"]
        else:
            items = current.get("prefixItems") or current.get("then", {}).get("prefixItems")
            if items and 0 <= part < len(items):
                nxt = items[part]
            elif isinstance(current.get("items"), dict):
                nxt = current["items"]
        current = nxt
        if current is not None:
            chain.append(current)
    return chain


def labels(name: str, path: Path_, fmt: int | None) -> str:
    """The Chinese labels along a path, e.g. ``（三）不予公开 · 1.属于国家秘密 · 自然人``."""
    if name == "report.schema.json" and path and str(path[0]).startswith("table") and fmt:
        found = layout.find(fmt, path)
        return " · ".join(found[1:] if len(found) > 1 else found)
    titles = [s.get("title") for s in _subschema(schemas.get(name), path, fmt)[1:]]
    return " · ".join(t for t in titles if t)


def _cell_kind(name: str, path: Path_, fmt: int | None) -> dict[str, Any] | None:
    chain = _subschema(schemas.get(name), path, fmt)
    last = chain[-1] if len(chain) == len(path) + 1 else None
    if last and "$ref" in last:
        return schemas.get(name)["$defs"][last["$ref"].rsplit("/", 1)[1]]
    return None


def check(source: SourceFile, name: str, fmt: int | None = None) -> list[Finding]:
    """Every schema error of one file, as findings."""
    data = source.data
    if quick(name)(data):
        return []
    v = validator(name)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for error in _leaf_errors(v.iter_errors(data)):
        for path, message in _explain(error, name, fmt):
            key = (field_name(path), message)
            if key in seen:
                continue
            seen.add(key)
            line, col = source.doc.position(path)
            out.append(
                Finding(
                    ERROR,
                    "schema",
                    source.display,
                    line,
                    col,
                    field_name(path),
                    labels(name, path, fmt),
                    message,
                )
            )
    return out


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    # if/then/allOf wrappers report their inner errors separately; only the inner ones help.
    for error in errors:
        if error.validator in ("allOf", "if", "then", "else"):
            yield from _leaf_errors(iter(error.context or ()))
        else:
            yield error


def _explain(error: ValidationError, name: str, fmt: int | None) -> list[tuple[Path_, str]]:
    path: Path_ = tuple(error.absolute_path)
    kind = error.validator
    sch = error.schema if isinstance(error.schema, dict) else {}
    inst = error.instance
    if kind == "required":
        missing = [k for k in error.validator_value if isinstance(inst, dict) and k not in inst]
        return [((*path, k), _say("required")) for k in missing]
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = list(sch.get("properties", {}))
        extra = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        out = []
        for k in extra:
            close = difflib.get_close_matches(str(k), allowed, n=1)
            hint = _say("unknown_hint", close=close[0]) if close else "。"
            choices = "、".join(allowed[:12])
            out.append(((*path, k), _say("unknown", key=k, hint=hint, choices=choices)))
        return out
    if kind == "anyOf" and "$defs" not in sch and sch.get("title") in ("数量", "增减数", "金额"):
        return [(path, _say("cell", description=sch["description"], actual=describe(inst)))]
    if kind == "anyOf":
        cell = _cell_kind(name, path, fmt)
        if cell:
            return [(path, _say("cell", description=cell["description"], actual=describe(inst)))]
    if kind == "type":
        expected = error.validator_value
        types: list[str] = [expected] if isinstance(expected, str) else list(expected)
        want = WORDS["type_or"].join(TYPE_NAMES.get(t, t) for t in types)
        note = ""
        if "array" in types and isinstance(inst, (int, Decimal)):
            note = WORDS["type_row_note"]
        return [(path, _say("type", want=want, actual=describe(inst), note=note))]
    if kind in ("enum", "const"):
        allowed_values: Any = error.validator_value if kind == "enum" else [error.validator_value]
        shown = "、".join("null" if c is None else str(c) for c in allowed_values)
        return [(path, _say("choices", shown=shown, actual=describe(inst)))]
    if kind in ("minItems", "maxItems") and "prefixItems" not in sch:
        if kind == "minItems":
            return [(path, _say("min_items", limit=error.validator_value, actual=describe(inst)))]
        return [(path, _say("max_items", limit=error.validator_value))]
    if kind == "uniqueItems":
        items = inst if isinstance(inst, list) else []
        repeated = [x for i, x in enumerate(items) if x in items[:i]]
        return [(path, _say("unique", shown="、".join(describe(x) for x in repeated)))]
    if kind in ("minItems", "maxItems") or (kind == "items" and sch.get("items") is False):
        columns = [s.get("title", "") for s in sch.get("prefixItems", [])]
        count = len(inst) if isinstance(inst, list) else 0
        return [
            (path, _say("row_width", width=len(columns), columns="、".join(columns), count=count))
        ]
    if kind == "minimum":
        return [(path, _say("minimum", limit=error.validator_value, actual=describe(inst)))]
    if kind == "maximum":
        return [(path, _say("maximum", limit=error.validator_value, actual=describe(inst)))]
    if kind == "pattern":
        desc = sch.get("description") or _describe_path(name, path, fmt)
        return [(path, _say("pattern", description=desc, actual=describe(inst)))]
    if kind == "minLength":
        return [(path, _say("min_length"))]
    if kind == "maxLength":
        return [(path, _say("max_length", limit=error.validator_value))]
    if kind == "propertyNames":
        return [(path, _say("key_format", key=inst))]
    if kind == "false" or (kind == "items" and sch is False):
        return [(path, _say("not_here"))]
    return [(path, error.message)]


def _describe_path(name: str, path: Path_, fmt: int | None) -> str:
    chain = _subschema(schemas.get(name), path, fmt)
    return chain[-1].get("description", "") if chain else ""
