"""The real reports in content/: they validate, and their published inconsistencies show."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks import validate
from generator.content import _yamlevents, tree, yamlread
from generator.content.yamlwrite import dump_report

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def result():
    return validate.validate(tree.load(CONTENT))


def test_real_content_has_no_errors(result):
    assert [f.text() for f in result.errors] == []


def test_real_content_covers_twelve_reports_of_eight_bodies():
    loaded = tree.load(CONTENT)
    assert len(loaded.bodies) == 8 and len(loaded.reports()) == 12


def test_published_inconsistencies_are_warnings(result):
    got = sorted(
        (Path(f.file).parent.name, Path(f.file).stem, f.rule, f.field) for f in result.warnings
    )
    zhanyi = [g[2:] for g in got if g[0] == "qujing-zhanyi-gov"]
    # 沾益区 2022: 总计 column misses the 法律服务机构 request; （七）总计 row printed as zeros.
    assert ("R2", "table3.new_requests[6]") in zhanyi and (
        "R2",
        "table3.outcomes.granted[6]",
    ) in zhanyi
    assert {r for r, _ in zhanyi} == {"R1", "R2", "R3"}
    hongze = [g[1:] for g in got if g[0] == "huaian-hongze-gov"]
    assert hongze == [
        ("2023", "R4", "table4.litigation_after_review[4]"),
        ("2023", "R4", "table4.review[4]"),
    ]


def test_every_unreadable_cell_is_null_and_explained():
    for report in tree.load(CONTENT).reports():
        for item in report.data["provenance"].get("unknown_cells", []):
            assert item["reason"].strip()


@pytest.mark.parametrize(
    "path", sorted(CONTENT.glob("bodies/*/[0-9]*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_writer_round_trip_on_real_reports(path):
    value = yamlread.read(path).value
    again = yamlread.parse_bytes(dump_report(value).encode("utf-8"))
    assert again.problems == [] and again.value == value


@pytest.mark.parametrize(
    "path", sorted(CONTENT.rglob("*.yaml")), ids=lambda p: str(p.relative_to(CONTENT))
)
def test_fast_and_full_readers_agree_on_real_content(path):
    fast = yamlread.read(path)
    full = yamlread.Document()
    _yamlevents.Builder(full).run(path.read_text(encoding="utf-8"))
    assert fast.value == full.value and full.problems == []


def test_decimals_keep_their_published_digits():
    data = yamlread.read(CONTENT / "bodies/pingtan-zone/2021.yaml").value
    assert str(data["table2"]["fees"]) == "24252.311082"
    data = yamlread.read(CONTENT / "bodies/sanming-jianning-gov/2022.yaml").value
    assert str(data["table2"]["fees"]) == "178.479"
