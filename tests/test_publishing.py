"""Publishing by pushing YAML: templates (portal new, new-body), editor schema association."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from fictional import ContentTree
from generator import layout
from generator.checks.report_schema import TEXT_SECTIONS
from generator.cli import main
from generator.content import tree as content
from generator.content import yamlread, yamlwrite
from generator.publish import scaffold

from .conftest import check, only

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "content"
REAL_REPORTS = sorted(REAL.glob("bodies/*/[0-9][0-9][0-9][0-9].yaml"))

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_0-9]+):(?P<value>[^#]*?)(?P<comment>  #.*)?$")


def _lookup(data: Any, path: tuple[str, ...]) -> tuple[bool, Any]:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False, None
        data = data[part]
    return True, data


def fill(template: str, values: dict[str, Any]) -> str:
    """Type ``values`` into a ``portal new`` template the way a clerk would.

    Walks the template line by line, keeping each line's comment, and replaces the value of every
    key the published report has. A group the body printed as a single row replaces the group's
    heading line and drops its sub-rows. Keys the report does not have stay as the template wrote
    them (null), which is what a clerk leaves untouched.
    """
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    skip_deeper_than: int | None = None
    for line in template.split("\n"):
        match = _KEY_LINE.match(line)
        if not match:
            if skip_deeper_than is None or not line.startswith(" " * (skip_deeper_than + 1)):
                skip_deeper_than = None
                out.append(line)
            continue
        indent = len(match["indent"])
        if skip_deeper_than is not None and indent > skip_deeper_than:
            continue
        skip_deeper_than = None
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*[k for _, k in stack], match["key"])
        stack.append((indent, match["key"]))
        found, value = _lookup(values, path)
        is_heading = match["value"].strip() == ""
        if not found or (is_heading and isinstance(value, dict)):
            out.append(line)
            continue
        if is_heading:  # a group printed as one row: the row replaces the group
            skip_deeper_than = indent
        comment = match["comment"] or ""
        flat = isinstance(value, list) and not any(isinstance(v, dict) for v in value)
        if flat:
            out.append(f"{match['indent']}{match['key']}: {yamlwrite._flow(value)}{comment}")
        elif isinstance(value, (dict, list)) or (isinstance(value, str) and "\n" in value):
            out.extend(yamlwrite._generic(match["key"], value, match["indent"], {}))
        else:
            out.append(f"{match['indent']}{match['key']}: {yamlwrite.scalar(value)}{comment}")
    return "\n".join(out)


def _same_apart_from_blanks(filled: Any, published: Any) -> bool:
    """Every published value is in ``filled``; what the template added beyond it is empty."""
    if isinstance(filled, dict) and isinstance(published, dict):
        extra = set(filled) - set(published)
        return all(filled[k] in (None, []) for k in extra) and all(
            k in filled and _same_apart_from_blanks(filled[k], v) for k, v in published.items()
        )
    return filled == published and type(filled) is type(published)


def _cells(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [c for v in node.values() for c in _cells(v)]
    if isinstance(node, list):
        return [c for v in node for c in _cells(v)]
    return [node]


def _layout_cells(node: Any) -> int:
    if isinstance(node, layout.Row):
        return len(node.columns)
    if isinstance(node, (layout.Scalar, layout.Enum)):
        return 1
    return sum(_layout_cells(c) for c in node.children)


# --------------------------------------------------------------------------- portal new


@pytest.mark.parametrize("report_path", REAL_REPORTS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_template_filled_with_a_real_report_validates(report_path, tmp_path, monkeypatch, capsys):
    """``portal new`` → type the published numbers into the template → it validates, same data."""
    monkeypatch.chdir(tmp_path)
    body_id, year = report_path.parent.name, int(report_path.stem)
    published = yamlread.read(report_path).value
    (tmp_path / "content" / "bodies" / body_id).mkdir(parents=True)
    shutil.copy(REAL / "regions.yaml", tmp_path / "content" / "regions.yaml")
    shutil.copy(report_path.parent / "body.yaml", tmp_path / "content/bodies" / body_id)
    parent = yamlread.read(report_path.parent / "body.yaml").value.get("parent")
    if parent:  # the body's parent must exist for the body to validate
        shutil.copytree(REAL / "bodies" / parent, tmp_path / "content/bodies" / parent)
        for extra in (tmp_path / "content/bodies" / parent).glob("[0-9]*.yaml"):
            extra.unlink()

    fmt = published["format"]
    assert main(["new", body_id, str(year), "--format", str(fmt)]) == 0
    target = tmp_path / "content" / "bodies" / body_id / f"{year}.yaml"
    target.write_text(fill(target.read_text(encoding="utf-8"), published), encoding="utf-8")

    capsys.readouterr()
    result = check(ContentTree(tmp_path / "content"))
    mine = [f for f in result.findings if f.file.endswith(f"{body_id}/{year}.yaml")]
    assert not [f for f in mine if f.severity == "error"], [f.text() for f in mine]
    filled = yamlread.read(target).value
    for key in ("table2", "table3", "table4"):
        assert filled[key] == published[key], key
    assert _same_apart_from_blanks(filled, published)
    # The rules see exactly what they see in the published file.
    original = check(ContentTree(REAL))
    expected = sorted(
        (f.rule, f.field, f.message)
        for f in original.findings
        if f.file.endswith(f"{body_id}/{year}.yaml") and f.rule.startswith("R")
    )
    assert sorted((f.rule, f.field, f.message) for f in mine if f.rule.startswith("R")) == expected


@pytest.mark.parametrize("fmt", layout.LAYOUTS)
def test_template_lists_every_cell_of_the_layout_with_its_label(fmt, tree):
    text = scaffold.report_template("fict-bureau", 2024, fmt)
    data = yamlread.parse_bytes(text.encode()).value
    for table in layout.tables(fmt):
        cells = _cells(data[table.key])
        assert len(cells) == _layout_cells(table)
        assert all(c is None for c in cells)
    # Every row is on its own line with its official label beside it.
    for table in layout.tables(fmt):
        stack = list(table.children)
        while stack:
            node = stack.pop()
            if isinstance(node, layout.Group):
                stack.extend(node.children)
            assert re.search(rf"^ *{node.key}: .*# {re.escape(node.label)}", text, re.M), node.key
    assert text.startswith("# yaml-language-server: $schema=../../../schema/report.schema.json\n")
    for _key, heading, _desc in TEXT_SECTIONS:
        assert f"# {heading}" in text
    assert f"format: {fmt}" in text and "year: 2024" in text


def test_new_writes_a_template_that_names_what_to_fill(tree, capsys):
    tree.write_regions()
    tree.write_body("fict-bureau")
    assert main(["new", "fict-bureau", "2024"]) == 0
    out = capsys.readouterr().out
    assert "content/bodies/fict-bureau/2024.yaml" in out and "portal validate" in out
    # An untouched template: the missing title is an error, the blank tables a warning.
    result = check(tree)
    errors = only(result, severity="error")
    assert [(f.field, f.label, f.line) for f in errors] == [("title", "报告标题", 10)]
    assert [f.rule for f in only(result, rule="blank")] == ["blank"]


def test_new_picks_the_layout_by_year_and_asks_before_2019(tree, capsys):
    tree.write_regions()
    tree.write_body("fict-bureau")
    assert main(["new", "fict-bureau", "2020"]) == 0
    assert "format: 2019" in (tree.root / "bodies/fict-bureau/2020.yaml").read_text()
    assert main(["new", "fict-bureau", "2021"]) == 0
    assert "format: 2021" in (tree.root / "bodies/fict-bureau/2021.yaml").read_text()
    assert main(["new", "fict-bureau", "2018"]) == 1
    assert "--format" in capsys.readouterr().err
    assert not (tree.root / "bodies/fict-bureau/2018.yaml").exists()
    assert main(["new", "fict-bureau", "2018", "--format", "2019"]) == 0


def test_new_never_overwrites(tree, capsys):
    tree.write_regions()
    tree.write_body("fict-bureau")
    target = tree.write_text("bodies/fict-bureau/2024.yaml", "# 已经填了一半的报告\n")
    assert main(["new", "fict-bureau", "2024"]) == 1
    err = capsys.readouterr().err
    assert "content/bodies/fict-bureau/2024.yaml 已经存在，没有改动它" in err
    assert target.read_text() == "# 已经填了一半的报告\n"


def test_new_needs_the_body_first(tree, capsys):
    tree.write_regions()
    assert main(["new", "fict-nobody", "2024"]) == 1
    err = capsys.readouterr().err
    assert "portal new-body fict-nobody" in err
    assert not (tree.root / "bodies/fict-nobody").exists()
    assert main(["new", "../escape", "2024"]) == 1
    assert "机关编号" in capsys.readouterr().err


# --------------------------------------------------------------------------- portal new-body


def test_new_body_template_validates_once_filled(tree, capsys):
    tree.write_regions()
    assert main(["new-body", "fict-office"]) == 0
    path = tree.root / "bodies/fict-office/body.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/body.schema.json\n")
    assert "level: null  # 层级：省/市/县/乡/部门" in text
    missing = {f.field for f in only(check(tree), severity="error")}
    assert missing == {"name", "short_name", "level", "kind", "region"}

    path.unlink()
    argv = ["new-body", "fict-office", "--name", "虚构省虚构市虚构办公室", "--short-name", "虚构办"]
    argv += ["--level", "部门", "--kind", "人民政府办公室", "--region", "fict-province-city"]
    assert main(argv) == 0
    assert only(check(tree)) == []
    assert main(argv) == 1
    assert "已经存在" in capsys.readouterr().err


def test_new_body_rejects_bad_ids_and_choices(tree, capsys):
    tree.write_regions()
    assert main(["new-body", "Fict Office"]) == 1
    assert "小写拼音" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["new-body", "fict-office", "--level", "区"])
    assert not (tree.root / "bodies/fict-office").exists()


# --------------------------------------------------------------------------- editor support


def test_vscode_associates_each_content_file_with_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    expected = {
        "content/regions.yaml": "./schema/regions.schema.json",
        "content/bodies/fict-bureau/body.yaml": "./schema/body.schema.json",
        "content/bodies/fict-bureau/2024.yaml": "./schema/report.schema.json",
    }
    expected.update(
        {
            str(p.relative_to(REPO)): "./schema/report.schema.json"
            if p.stem.isdigit()
            else "./schema/body.schema.json"
            for p in REAL.glob("bodies/*/*.yaml")
        }
    )
    for file, schema_file in expected.items():
        matches = [s for s, glob in mapping.items() if fnmatch.fnmatchcase(file, glob)]
        assert matches == [schema_file], file
    for schema_file in mapping:
        assert (REPO / schema_file).is_file()
    extensions = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_every_content_file_points_its_editor_at_the_schema():
    files = [*REAL.glob("bodies/*/*.yaml"), REAL / "regions.yaml"]
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        target = (path.parent / match.group(1)).resolve()
        kind = "regions" if path.name == "regions.yaml" else "body"
        kind = "report" if path.stem.isdigit() else kind
        assert target == REPO / "schema" / f"{kind}.schema.json", path


def test_template_files_are_read_back_by_the_loader(tree):
    """The scaffolded files go through the same loader as everything else (no YAML traps)."""
    tree.write_regions()
    tree.write_body("fict-bureau")
    for year in (2019, 2024):
        assert main(["new", "fict-bureau", str(year)]) == 0
    loaded = content.load(tree.root)
    for report in loaded.reports():
        assert report.source.doc.problems == []


# --------------------------------------------------------------------------- the guide's examples

GUIDE = (REPO / "site_pages" / "guide.md").read_text(encoding="utf-8")


def _report_text(**changes: Any) -> str:
    from fictional import report

    data = report("fict-bureau", 2023)
    data.update(changes)
    return yamlwrite.dump_report(data)


# (what the clerk did, the file's text or a bytes payload, text the guide quotes from the message)
GUIDE_CASES: list[tuple[str, Any, str]] = [
    ("GBK", _report_text(title="虚构报告").encode("gbk"), "文件不是 UTF-8 编码"),
    ("tab", _report_text().replace("  regulations", "\tregulations"), "行首有制表符（Tab）"),
    ("colon", _report_text().replace("title: ", "title: 报告: "), "这里不能出现“: ”"),
    (
        "bracket",
        _report_text().replace("[0, 0, 0]", "[0, 0, 0", 1),
        "方括号 [ ] 里的数字之间要用英文逗号分隔",
    ),
    ("duplicate", _report_text() + "year: 2023\n", "重复的键“"),
    ("octal", _report_text().replace("licensing: 0", "licensing: 010"), "以 0 开头"),
    ("yes", _report_text().replace("method: typed", "method: yes"), "会被一些 YAML 工具读成是/否"),
    (
        "date",
        _report_text(published=None).replace("published: null", "published: 2025-01-20"),
        '日期请加英文引号写成 "2025-01-20"',
    ),
    (
        "missing",
        _report_text().replace("  licensing: 0  # 行政许可\n", ""),
        "缺少这一项；如果原表空白，请写 null",
    ),
    ("typo", _report_text().replace("  licensing:", "  licensin:"), "，是不是“"),
    (
        "short row",
        _report_text().replace("[0, 0, 0, 0, 0, 0, 0]", "[0, 0, 0, 0, 0, 0]", 1),
        "这一行应有 7 个数",
    ),
    (
        "unit",
        _report_text().replace("new_requests: [0,", 'new_requests: ["12件",'),
        "实际是 文字“12件”",
    ),
    ("choice", _report_text().replace("format: 2021", "format: 2020"), "只能是："),
    ("pattern", _report_text(published="2025/1/20"), "格式不对："),
    ("folder", _report_text(body="fict-other"), "，但文件放在机关文件夹"),
    (
        "unknown cell",
        _report_text(
            provenance={
                "method": "typed",
                "unknown_cells": [{"path": "table3.nothing", "reason": "看不清"}],
            }
        ),
        "表格里没有“",
    ),
]


@pytest.mark.parametrize(
    ("what", "payload", "quoted"), GUIDE_CASES, ids=[c[0] for c in GUIDE_CASES]
)
def test_the_guide_quotes_what_the_validator_says(tree, what, payload, quoted):
    """Each message the publisher guide explains is one the validator really prints."""
    assert quoted in GUIDE, f"the guide no longer explains: {quoted}"
    tree.write_regions()
    tree.write_body("fict-bureau")
    raw = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    tree.write_bytes("bodies/fict-bureau/2023.yaml", raw)
    messages = [f.text() for f in only(check(tree), severity="error")]
    assert any(quoted in m for m in messages), messages


def test_the_guide_explains_every_rule_and_the_reference_checks(tree):
    for rule in ("R1", "R2", "R3", "R4", "R6", "R7", "blank", "format"):
        assert f"| {rule} |" in GUIDE
    tree.standard("fict-a")
    tree.write_body("fict-a", region="fict-nowhere")
    tree.write_body("fict-b", maintainers=["@fict-b-staff"])
    messages = [f.text() for f in check(tree).findings]
    for quoted in ("地区名录 regions.yaml 里没有“", "缺少 maintainers（维护人）"):
        assert quoted in GUIDE and any(quoted in m for m in messages), quoted


def test_site_offers_blank_templates_that_match_portal_new():
    from generator.publish.scaffold import report_template, site_templates

    offered = dict(site_templates())
    for fmt in layout.LAYOUTS:
        generic = offered[f"report-{fmt}.yaml"]
        filled = generic.replace("body: null", "body: fict-bureau").replace(
            "year: null", "year: 2024"
        )
        specific = report_template("fict-bureau", 2024, fmt)
        # Only the path in the "run portal validate" hint differs.
        differ = [
            (a, b) for a, b in zip(filled.split("\n"), specific.split("\n"), strict=True) if a != b
        ]
        assert [a for a, _ in differ] == [
            "# 填好后运行：portal validate content/bodies/<机关编号>/<年度>.yaml"
        ]
    assert "level: null  # 层级：省/市/县/乡/部门" in offered["body.yaml"]
    assert "data/templates/report-2021.yaml" in GUIDE
