"""A fast yes/no check of an instance against our JSON Schema, compiled to Python closures.

Why: ``jsonschema`` needs 4–8 ms per report (it walks the schema generically and resolves
``$ref`` on every cell); a province has tens of thousands of reports. Almost every file is valid,
so validation asks this compiled predicate first and runs ``jsonschema`` — the authority, which
also words the messages — only for files that fail it.

Only the keywords our schemas use are supported, each with jsonschema's exact semantics;
compiling a schema with any other keyword raises, so the two can never silently disagree
(a differential test also compares them on many generated documents).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Sized
from typing import Any, cast

Check = Callable[[Any], bool]

_ANNOTATIONS = {
    "title",
    "description",
    "$schema",
    "$id",
    "$defs",
    "$comment",
    # Messages for editors (yaml-language-server); not assertions.
    "errorMessage",
    "patternErrorMessage",
}


def _is_integer(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    if isinstance(x, float):
        return x.is_integer()
    return isinstance(x, int)


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "integer": _is_integer,
    "number": _is_number,
    "null": lambda x: x is None,
    "boolean": lambda x: isinstance(x, bool),
}


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's equality: booleans never equal numbers; containers compare deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        return False
    return a == b


def compile_schema(root: dict[str, Any]) -> Check:
    """Compile ``root`` (with local ``#/$defs/...`` references) into a predicate."""
    cache: dict[str, Check] = {}

    def ref(target: str) -> Check:
        if target not in cache:
            name = target.rsplit("/", 1)[1]
            cache[target] = lambda x: True  # placeholder for recursive schemas
            cache[target] = _memoised(build(root["$defs"][name]))
        return cache[target]

    def build(schema: Any) -> Check:
        if schema is True:
            return lambda x: True
        if schema is False:
            return lambda x: False
        checks: list[Check] = []
        for key, value in schema.items():
            if key in _ANNOTATIONS:
                continue
            maker = _KEYWORDS.get(key)
            if maker is None and key not in ("then", "else", "prefixItems"):
                raise ValueError(f"schemafast: unsupported keyword {key!r}")
            if maker is not None:
                checks.append(maker(value, schema, build, ref))
        if "prefixItems" in schema and "items" not in schema:
            checks.append(_prefix_only(schema, build))
        if not checks:
            return lambda x: True
        if len(checks) == 1:
            return checks[0]
        if _is_fixed_row(schema):
            return _fused_row(schema, build, checks)

        def every(x: Any) -> bool:
            for c in checks:
                if not c(x):
                    return False
            return True

        return every

    return build(root)


def _is_fixed_row(schema: dict[str, Any]) -> bool:
    keys = set(schema) - _ANNOTATIONS
    return (
        keys == {"type", "prefixItems", "items", "minItems", "maxItems"}
        and schema["type"] == "array"
        and schema["items"] is False
        and schema["minItems"] == schema["maxItems"] == len(schema["prefixItems"])
    )


def _fused_row(schema: dict[str, Any], build: Any, checks: list[Check]) -> Check:
    """A table row (fixed-length list of cells): one tight loop, generic checks as fallback.

    The fast answer is only ever "valid" when every constraint visibly holds; anything else is
    decided by the generic composition, so the result cannot differ from it.
    """
    cells = [build(s) for s in schema["prefixItems"]]
    n = len(cells)

    def generic(x: Any) -> bool:
        for c in checks:
            if not c(x):
                return False
        return True

    def row(x: Any) -> bool:
        if type(x) is list and len(x) == n:
            for c, v in zip(cells, x):  # noqa: B905 - lengths are equal here
                if not c(v):
                    return False
            return True
        return generic(x)

    return row


_SCALARS = (int, str, type(None), bool)
_MEMO_LIMIT = 10_000


def _memoised(check: Check) -> Check:
    """Remember results for scalar values: a report is ~200 cells of a few distinct values.

    The key includes the type, because ``True == 1`` in Python but not in JSON Schema.
    """
    memo: dict[tuple[type, Any], bool] = {}

    def cached(x: Any) -> bool:
        kind = type(x)
        if kind not in _SCALARS:
            return check(x)
        key = (kind, x)
        result = memo.get(key)
        if result is None:
            result = check(x)
            if len(memo) < _MEMO_LIMIT:
                memo[key] = result
        return result

    return cached


Maker = Callable[[Any, dict[str, Any], Callable[[Any], Check], Callable[[str], Check]], Check]


def _type(value: Any, schema: dict[str, Any], build: Any, ref: Any) -> Check:
    names = [value] if isinstance(value, str) else list(value)
    tests = [_TYPES[n] for n in names]
    return lambda x: any(t(x) for t in tests)


def _enum(value: Any, *_: Any) -> Check:
    return lambda x: any(_equal(x, v) for v in value)


def _const(value: Any, *_: Any) -> Check:
    return lambda x: _equal(x, value)


def _properties(value: dict[str, Any], schema: dict[str, Any], build: Any, ref: Any) -> Check:
    props = {k: build(v) for k, v in value.items()}

    items = list(props.items())

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        for k, c in items:
            if k in x and not c(x[k]):
                return False
        return True

    return check


def _additional(value: Any, schema: dict[str, Any], build: Any, ref: Any) -> Check:
    if "patternProperties" in schema:
        raise ValueError("schemafast: patternProperties unsupported")
    known = set(schema.get("properties", {}))
    extra = build(value)

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        return all(extra(v) for k, v in x.items() if k not in known)

    return check


def _required(value: list[str], *_: Any) -> Check:
    return lambda x: not isinstance(x, dict) or all(k in x for k in value)


def _items(value: Any, schema: dict[str, Any], build: Any, ref: Any) -> Check:
    prefix = [build(s) for s in schema.get("prefixItems", [])]
    rest = build(value)
    n = len(prefix)

    def check(x: Any) -> bool:
        if not isinstance(x, list):
            return True
        for i, item in enumerate(x):
            if i < n:
                if not prefix[i](item):
                    return False
            elif not rest(item):
                return False
        return True

    return check


def _prefix_only(schema: dict[str, Any], build: Any) -> Check:
    prefix = [build(s) for s in schema["prefixItems"]]
    return lambda x: not isinstance(x, list) or all(c(i) for c, i in zip(prefix, x, strict=False))


def _bound(op: Callable[[Any, Any], bool]) -> Maker:
    def make(value: Any, *_: Any) -> Check:
        return lambda x: not _is_number(x) or op(x, value)

    return make


def _length(op: Callable[[int, int], bool], kind: type) -> Maker:
    def make(value: Any, *_: Any) -> Check:
        # Sized: ``kind`` is str or list here (minLength/maxLength, minItems/maxItems).
        return lambda x: not isinstance(x, kind) or op(len(cast(Sized, x)), value)

    return make


def _unique(value: bool, *_: Any) -> Check:
    def unique(x: Any) -> bool:
        if not value or not isinstance(x, list):
            return True
        return not any(_equal(a, b) for i, a in enumerate(x) for b in x[i + 1 :])

    return unique


def _pattern(value: str, *_: Any) -> Check:
    compiled = re.compile(value)
    return lambda x: not isinstance(x, str) or compiled.search(x) is not None


def _any_of(value: list[Any], schema: dict[str, Any], build: Any, ref: Any) -> Check:
    subs = [build(s) for s in value]
    return lambda x: any(s(x) for s in subs)


def _all_of(value: list[Any], schema: dict[str, Any], build: Any, ref: Any) -> Check:
    subs = [build(s) for s in value]
    return lambda x: all(s(x) for s in subs)


def _if(value: Any, schema: dict[str, Any], build: Any, ref: Any) -> Check:
    cond = build(value)
    then = build(schema.get("then", True))
    other = build(schema.get("else", True))
    return lambda x: then(x) if cond(x) else other(x)


def _property_names(value: Any, schema: dict[str, Any], build: Any, ref: Any) -> Check:
    names = build(value)
    return lambda x: not isinstance(x, dict) or all(names(k) for k in x)


def _ref(value: str, schema: dict[str, Any], build: Any, ref: Any) -> Check:
    if not value.startswith("#/$defs/"):
        raise ValueError(f"schemafast: only local $defs references are supported, not {value!r}")
    return lambda x: ref(value)(x)


_KEYWORDS: dict[str, Maker] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "items": _items,
    "minItems": _length(lambda n, v: n >= v, list),
    "maxItems": _length(lambda n, v: n <= v, list),
    "minLength": _length(lambda n, v: n >= v, str),
    "maxLength": _length(lambda n, v: n <= v, str),
    "minimum": _bound(lambda x, v: x >= v),
    "maximum": _bound(lambda x, v: x <= v),
    "pattern": _pattern,
    "uniqueItems": _unique,
    "anyOf": _any_of,
    "allOf": _all_of,
    "if": _if,
    "propertyNames": _property_names,
    "$ref": _ref,
}
