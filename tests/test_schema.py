"""The JSON Schema itself: valid Draft 2020-12, committed files current, fully described."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from fictional import report
from generator.checks import schema_errors, schemas

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_schema_is_valid_draft_2020_12(name):
    data = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(data)


@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_committed_schema_files_are_current(name):
    assert (ROOT / "schema" / name).read_text(encoding="utf-8") == schemas.render(name), (
        "schema/ is out of date: run `portal schema`"
    )


def _properties(node, path=""):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield f"{path}.{key}", sub
        for key, sub in node.items():
            if key in ("properties",):
                for k, v in sub.items():
                    yield from _properties(v, f"{path}.{k}")
            elif isinstance(sub, (dict, list)) and key not in ("enum", "const", "required", "if"):
                yield from _properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{path}[{i}]")


@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_every_property_has_a_chinese_title_and_a_description(name):
    missing = [
        path
        for path, sub in _properties(schemas.get(name))
        if not (sub.get("title") and sub.get("description"))
    ]
    assert missing == []


# ----------------------------------------------------------------------------- fast check


def _mutations(draw_value):
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 5),
        st.just("/"),
        st.just("x"),
        st.just(Decimal("1.5")),
        st.just(Decimal("2.0")),
        # Just above the largest allowed count or amount, and just below 0: compared exactly.
        st.just(Decimal("1000000000000.0000000000000001")),
        st.just(Decimal("-0.0000000000000000000001")),
        st.just(10**12 + 1),
        st.just(1.0),
        st.lists(st.integers(0, 3), max_size=8),
        st.just({}),
        st.just(2019),
        st.just(2021),
    )


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


BASES = [report("fict-a", 2023), report("fict-a", 2020), report("fict-a", 2023, contact="x")]
PATHS = [(b, p) for b in range(len(BASES)) for p in _paths(BASES[b]) if p]


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), _mutations(None)), min_size=1, max_size=4), st.data()
)
def test_fast_check_agrees_with_jsonschema(edits, data):
    base = BASES[edits[0][0][0]]
    doc = copy.deepcopy(base)
    for (_, path), value in edits:
        node = doc
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    if data.draw(st.booleans()):
        doc["unexpected"] = 1
    expected = Draft202012Validator(schemas.get("report.schema.json")).is_valid(doc)
    assert schema_errors.quick("report.schema.json")(doc) is expected


@pytest.mark.parametrize("name", list(schemas.SCHEMAS))
def test_fast_check_agrees_with_jsonschema_on_every_real_file(name: str) -> None:
    from generator.content import tree

    content = tree.load(ROOT / "content")
    kind = {"report.schema.json": "report", "body.schema.json": "body", "regions.schema.json": ""}
    if kind[name] == "report":
        files = [r.source.data for r in content.reports()]
    elif kind[name] == "body":
        files = [b.source.data for b in content.bodies.values() if b.source]
    else:
        files = [content.region_data()]
    authority = Draft202012Validator(schemas.get(name))
    assert files and all(schema_errors.quick(name)(f) is authority.is_valid(f) for f in files)


def test_fast_check_defers_on_a_key_that_is_not_text() -> None:
    # Only data built in memory has one (the YAML reader makes every key text); the fast check
    # cannot take it as JSON and must leave the verdict to jsonschema, not raise.
    doc = report("fict-a", 2023)
    doc["provenance"] = {1: Decimal("2.0")}
    assert schema_errors.quick("report.schema.json")(doc) is False
    assert not Draft202012Validator(schemas.get("report.schema.json")).is_valid(doc)


def test_fast_check_ends_on_data_that_holds_itself() -> None:
    doc = report("fict-a", 2023)
    doc["text"] = {"overview": None}
    doc["text"]["self"] = doc["text"]  # only data built in memory can do this; it must end
    assert schema_errors.quick("report.schema.json")(doc) is False
