"""The fast line reader must agree with the full libyaml reader wherever it answers."""

from __future__ import annotations

from decimal import Decimal

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fictional import report
from generator.content import _yamlevents, _yamlfast, _yamlscalars, yamlread
from generator.content.yamlwrite import dump_report


def _full(text: str) -> yamlread.Document:
    doc = yamlread.Document()
    _yamlevents.Builder(doc).run(text)
    return doc


def _agree(text: str) -> None:
    fast = _yamlfast.parse(text, _yamlscalars.resolve_plain)
    if fast is None:
        return  # the fast reader declined: libyaml decides
    full = _full(text)
    assert full.problems == [], text
    assert fast == full.value, text


keys = st.from_regex(r"[a-z_][a-z0-9_-]{0,8}", fullmatch=True)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.decimals(
        min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=3
    ),
    st.text(max_size=30),
    st.sampled_from(
        ["/", "null", "no", "2024-01-01", "010", "1:20", "a: b", "#x", " lead", "trail ", "中文。"]
    ),
)
values = st.recursive(
    scalars | st.lists(scalars, max_size=8),
    lambda inner: (
        st.dictionaries(keys, inner, max_size=5)
        | st.lists(st.dictionaries(keys, inner, max_size=3), max_size=3)
    ),
    max_leaves=30,
)
documents = st.dictionaries(keys, values, min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_agree_on_documents_written_by_our_writer(doc):
    _agree(dump_report(doc))


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, False, True]))
def test_agree_on_documents_written_by_pyyaml(doc, flow):
    def plain(v):
        if isinstance(v, Decimal):
            return float(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    _agree(yaml.safe_dump(plain(doc), allow_unicode=True, default_flow_style=flow, sort_keys=False))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- #[]|,\"'0123\n  /.x中")), max_size=120))
def test_agree_on_arbitrary_text_and_never_crash(text):
    _agree(text)


def test_real_shapes_are_read_by_the_fast_reader():
    text = dump_report(report("fict-a", 2023))
    assert _yamlfast.parse(text, _yamlscalars.resolve_plain) == _full(text).value


@settings(max_examples=400, deadline=None)
@given(documents)
def test_writer_round_trips_any_document(doc):
    doc = {k: v for k, v in doc.items()}
    again = yamlread.parse_bytes(dump_report(doc).encode("utf-8"))
    assert again.problems == []
    assert again.value == doc
