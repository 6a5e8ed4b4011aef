"""Each content file's own checks: the region registry, a body's file, a report (schema, references
to its folder and file name, blank templates, unreadable cells, prose that will not show as
written, the consistency rules R1–R4). The checks across files are in :mod:`generator.checks.validate`."""

from __future__ import annotations

import datetime
from typing import Any

from .. import layout
from ..content import prose
from ..content.tree import (
    Report,
    SourceFile,
)
from . import prose_rules, rules
from .findings import ERROR, WARNING, Finding, Path_, field_name, parse_field
from .report_schema import TEXT_SECTIONS


def finding(
    source: SourceFile,
    severity: str,
    rule: str,
    path: Path_,
    label: str,
    message: str,
    cells: tuple[Path_, ...] = (),
) -> Finding:
    line, col = source.doc.position(path)
    return Finding(
        severity,
        rule,
        source.display,
        line,
        col,
        field_name(path),
        label,
        message,
        tuple(field_name(c) for c in cells),
    )


#: What makes Excel or WPS read a CSV cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_warnings(source: SourceFile) -> list[Finding]:
    """Text that a spreadsheet would run as a formula once it is in a CSV download.

    The open data neutralises it (``opendata.longcsv.inert``); the clerk is told, since a name or
    a note starting with "=" is more likely a slip. Prose (``text``) never goes into a CSV.
    """
    out: list[Finding] = []
    if not _any_formula(source.data):
        return out  # (nearly every file): no paths made
    stack: list[tuple[Path_, Any]] = [((), source.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack += [((*path, k), v) for k, v in value.items() if path or k != "text"]
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str) and value.startswith(FORMULA_START):
            first = {"\t": "制表符", "\r": "回车符"}.get(value[0], value[0])
            message = (
                f"以“{first}”开头的文字，Excel、WPS 会当作公式执行；网站的 CSV 下载会在前面加一个"
                "英文单引号 ' 让它只显示为文字。如果原文不是这样，请删去开头的符号"
            )
            out.append(finding(source, WARNING, "formula", path, "", message))
    return sorted(out, key=lambda f: (f.line or 0, f.column or 0))


def _any_formula(data: Any) -> bool:
    """Whether any text in ``data`` (prose aside) starts as a formula: the walk of
    :func:`formula_warnings` without the path of each value."""
    stack = [v for k, v in data.items() if k != "text"] if isinstance(data, dict) else [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack += value.values()
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, str) and value.startswith(FORMULA_START):
            return True
    return False


def check_regions(source: SourceFile) -> list[Finding]:
    data: dict[str, Any] = source.data if isinstance(source.data, dict) else {}
    out: list[Finding] = []

    def parent_error(rid: str, message: str) -> None:
        out.append(finding(source, ERROR, "reference", (rid, "parent"), "上级地区", message))

    for rid, region in data.items():
        parent = region.get("parent") if isinstance(region, dict) else None
        if isinstance(parent, str) and parent not in data:
            parent_error(rid, f"地区名录里没有“{parent}”")
        # Follow parents to catch cycles (a region that is its own ancestor).
        seen = {rid}
        while isinstance(parent, str) and parent in data:
            if parent in seen:
                parent_error(rid, "上级地区形成了循环")
                break
            seen.add(parent)
            nxt = data[parent]
            parent = nxt.get("parent") if isinstance(nxt, dict) else None
    return out


def check_body(
    folder: str, source: SourceFile, regions: set[str], bodies: set[str]
) -> list[Finding]:
    data: dict[str, Any] = source.data if isinstance(source.data, dict) else {}
    out = []
    if isinstance(data.get("id"), str) and data["id"] != folder:
        out.append(
            finding(
                source,
                ERROR,
                "reference",
                ("id",),
                "机关编号",
                f"编号“{data['id']}”与文件夹名“{folder}”不一致；两者必须相同",
            )
        )
    region = data.get("region")
    if isinstance(region, str) and region not in regions:
        out.append(
            finding(
                source,
                ERROR,
                "reference",
                ("region",),
                "所属地区",
                f"地区名录 regions.yaml 里没有“{region}”",
            )
        )
    parent = data.get("parent")
    if isinstance(parent, str):
        if parent == folder:
            out.append(
                finding(source, ERROR, "reference", ("parent",), "上级机关", "上级机关不能是自己")
            )
        elif parent not in bodies:
            out.append(
                finding(
                    source,
                    ERROR,
                    "reference",
                    ("parent",),
                    "上级机关",
                    f"content/bodies/ 里没有机关“{parent}”",
                )
            )
    return out


def check_report(report: Report) -> list[Finding]:
    source, data = report.source, report.data
    out = []
    if isinstance(data.get("body"), str) and data["body"] != report.body_id:
        out.append(
            finding(
                source,
                ERROR,
                "reference",
                ("body",),
                "报告机关",
                f"写的是“{data['body']}”，但文件放在机关文件夹“{report.body_id}”里；两者必须相同",
            )
        )
    year = data.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and year != report.year:
        out.append(
            finding(
                source,
                ERROR,
                "reference",
                ("year",),
                "报告年度",
                f"写的是 {year}，但文件名是 {report.year}.yaml；两者必须相同",
            )
        )
    this_year = datetime.date.today().year
    if report.year > this_year:
        # A year's report comes out in the January after it: one from the future is a typo
        # (and would stretch every table of years up to it).
        message = (
            f"{report.year} 年度还没有到，不会有它的年度报告；请核对年份（今年是 {this_year} 年）"
        )
        out.append(finding(source, ERROR, "reference", ("year",), "报告年度", message))
    fmt = report.layout
    if fmt is not None and isinstance(year, int):
        expected = 2019 if year <= 2020 else 2021
        if fmt != expected:
            out.append(
                finding(
                    source,
                    WARNING,
                    "format",
                    ("format",),
                    "表格格式",
                    f"{year} 年度的报告通常使用 {expected} 年格式；请核对原文用的是哪种表格",
                )
            )
    out.extend(_check_unknown_cells(report))
    out.extend(_check_unfilled(report))
    out.extend(_check_prose(report))
    for v in [*rules.check_report(data), *prose_rules.check_prose(data, fmt or 2021)]:
        out.append(finding(source, WARNING, v.rule, v.path, label(fmt, v.path), v.message, v.cells))
    return out


def _check_prose(report: Report) -> list[Finding]:
    """Prose that will not reach the page as written (raw HTML, unsafe links, images)."""
    text = report.data.get("text")
    if not isinstance(text, dict):
        return []
    out = []
    for key, label, _ in TEXT_SECTIONS:
        if key == "closing":  # shown as plain text, never read as Markdown
            continue
        for note in prose.hazards(text.get(key)):
            out.append(finding(report.source, WARNING, "prose", ("text", key), label, note))
    return out


def label(fmt: int | None, path: Path_) -> str:
    """The official labels of a field path below its table, for a message (``行 · 列``)."""
    found = layout.find(fmt or 2021, path)
    return " · ".join(found[1:] if len(found) > 1 else found)


def _resolve(data: Any, path: str) -> tuple[bool, Any]:
    """Follow a ``table3.outcomes.granted[4]`` path; (found, value). ValueError if malformed."""
    parts = parse_field(path)
    if not parts:
        return False, None
    node = data
    for part in parts:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False, None
        elif not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _cells(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [c for child in node.values() for c in _cells(child)]
    if isinstance(node, list):
        return list(node)
    return [node]


def _check_unfilled(report: Report) -> list[Finding]:
    """A report whose three tables are entirely blank is most likely a template nobody filled.

    A warning, not an error: a body may really have printed empty tables, and then the portal
    publishes them as printed. Cells listed as unreadable are accounted for and not warned about.
    """
    data = report.data
    tables = [data.get(key) for key in ("table2", "table3", "table4")]
    prov = data.get("provenance")
    listed = prov.get("unknown_cells") if isinstance(prov, dict) else None
    if listed or not all(isinstance(t, dict) and t for t in tables):
        return []
    if any(cell is not None for table in tables for cell in _cells(table)):
        return []
    return [
        finding(
            report.source,
            WARNING,
            "blank",
            ("table2",),
            "表二、三、四",
            "三张表格的每一格都是 null（空白）：如果还没有填写，请照原文填写；"
            "如果原表确实全部空白，照原样保留即可，网站会显示为空白",
        )
    ]


def _check_unknown_cells(report: Report) -> list[Finding]:
    """Cells listed as unreadable must exist and be null (a value there contradicts the list)."""
    prov = report.data.get("provenance")
    items = prov.get("unknown_cells") if isinstance(prov, dict) else None
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        path = item.get("path") if isinstance(item, dict) else None
        if not isinstance(path, str):
            continue
        where = ("provenance", "unknown_cells", i, "path")
        try:
            found, node = _resolve(report.data, path)
        except ValueError:
            found, node = False, None
        message = None
        if not found:
            message = f"表格里没有“{path}”这个位置"
        elif any(c is not None for c in _cells(node)):
            message = f"“{path}”列为无法识读，但表格里填了数字；无法识读的格子应写 null"
        if message:
            out.append(
                finding(report.source, ERROR, "provenance", where, "无法识读的单元格", message)
            )
    return out
