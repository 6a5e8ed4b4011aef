"""Validation: every check over a whole content tree, collected, never stopping at the first.

Order: file problems (encoding, YAML) → JSON Schema → references between files → consistency
rules. A file that cannot be read is reported once and left out of the later checks, so one
broken file never hides the problems of the others.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import layout, workers
from ..content import prose
from ..content.tree import (
    Content,
    Report,
    SourceFile,
    display_path,
    document_findings,
    stray_findings,
)
from . import rules, schema_errors
from .findings import ERROR, WARNING, Finding, Path_, field_name, parse_field
from .schemas import TEXT_SECTIONS


@dataclass
class Result:
    """All findings of one validation run, and how many files were checked."""

    findings: list[Finding] = field(default_factory=list)
    checked: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def only(self, paths: list[Path]) -> Result:
        """Keep the findings about files under ``paths`` (for pre-commit on changed files)."""
        wanted = [display_path(p.resolve()) for p in paths]
        wanted += [display_path(p) for p in paths]

        def keep(f: Finding) -> bool:
            return any(f.file == w or f.file.startswith(w.rstrip("/") + "/") for w in wanted)

        kept = [f for f in self.findings if keep(f)]
        return Result(kept, self.checked)


def _finding(
    source: SourceFile, severity: str, rule: str, path: Path_, label: str, message: str
) -> Finding:
    line, col = source.doc.position(path)
    return Finding(severity, rule, source.display, line, col, field_name(path), label, message)


def validate(content: Content, *, parallel: bool = False) -> Result:
    """Check everything in ``content`` and return every finding.

    ``parallel``: the checks of each file on its own (most of the work) run on two cores
    (:mod:`generator.forked`); the findings are the same, in the same order.
    """
    # Each file with what it is (content.files()'s order), for _check_file.
    files: list[tuple[SourceFile, str, Any]] = []
    if content.regions is not None:
        files.append((content.regions, "regions", None))
    for body in content.bodies.values():
        if body.source is not None:
            files.append((body.source, "body", body.id))
        files += [(report.source, "report", report) for report in body.reports.values()]
    result = Result(checked=len(files))
    out = result.findings
    out.extend(stray_findings(content))
    region_ids = set(content.region_data())
    body_ids = set(content.bodies)
    jobs = [(_check_file, (*file, region_ids, body_ids)) for file in files]
    checked = workers.run(jobs, name="portal-check") if parallel else workers.serial(jobs)
    # Reading problems of every file first, then each file's own checks, in the tree's order.
    for problems, _ in checked:
        out.extend(problems)
    own_findings = {id(file[0]): own for file, (_, own) in zip(files, checked, strict=True)}
    readable = {key for key, own in own_findings.items() if own is not None}

    if content.regions is None:
        out.append(
            Finding(
                ERROR,
                "reference",
                display_path(content.root / "regions.yaml"),
                None,
                None,
                "",
                "",
                "缺少地区名录 regions.yaml",
            )
        )
    else:
        out.extend(own_findings[id(content.regions)] or [])
    for body in content.bodies.values():
        if body.source is None:
            folder = content.root / "bodies" / body.id
            out.append(
                Finding(
                    ERROR,
                    "reference",
                    display_path(folder),
                    None,
                    None,
                    "",
                    "",
                    "机关文件夹里缺少 body.yaml（机关基本信息）",
                )
            )
        else:
            out.extend(own_findings[id(body.source)] or [])
        for report in body.reports.values():
            out.extend(own_findings[id(report.source)] or [])

    out.extend(_duplicates(content.reports()))
    out.extend(_cross_year(content, readable))
    out.extend(_missing_maintainers(content, readable))
    return result


def _check_file(
    source: SourceFile, kind: str, what: Any, region_ids: set[str], body_ids: set[str]
) -> tuple[list[Finding], list[Finding] | None]:
    """One file's own checks: (its reading problems, its other findings — None when it could
    not be read, so the later checks leave it out)."""
    problems = document_findings(source)
    if any(p.severity == ERROR for p in problems):
        return problems, None
    if kind == "regions":
        own = schema_errors.check(source, "regions.schema.json") + _check_regions(source)
    elif kind == "body":
        own = schema_errors.check(source, "body.schema.json")
        own += _check_body(what, source, region_ids, body_ids)
    else:
        own = schema_errors.check(source, "report.schema.json", what.layout) + _check_report(what)
    return problems, own


def _missing_maintainers(content: Content, readable: set[int]) -> list[Finding]:
    """Once any body names its maintainers, every body must: CODEOWNERS is built from them,
    and a body left out would be approvable by anyone with the default owners' rights."""
    sources = [b.source for b in content.bodies.values() if b.source and id(b.source) in readable]
    named = {id(s) for s in sources if isinstance(s.data, dict) and s.data.get("maintainers")}
    in_use = [s for s in sources if id(s) in named]
    if not in_use:
        return []
    example = display_path(in_use[0].path)
    return [
        _finding(
            source,
            ERROR,
            "owners",
            ("maintainers",),
            "维护人",
            f"缺少 maintainers（维护人）：其他机关已经填写（如 {example}），每个机关都要写明"
            '谁可以批准本机关文件夹的修改，如 maintainers: ["@zhang-san"]',
        )
        for source in sources
        if id(source) not in named
    ]


def _check_regions(source: SourceFile) -> list[Finding]:
    data: dict[str, Any] = source.data if isinstance(source.data, dict) else {}
    out: list[Finding] = []

    def parent_error(rid: str, message: str) -> None:
        out.append(_finding(source, ERROR, "reference", (rid, "parent"), "上级地区", message))

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


def _check_body(
    folder: str, source: SourceFile, regions: set[str], bodies: set[str]
) -> list[Finding]:
    data: dict[str, Any] = source.data if isinstance(source.data, dict) else {}
    out = []
    if isinstance(data.get("id"), str) and data["id"] != folder:
        out.append(
            _finding(
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
            _finding(
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
                _finding(source, ERROR, "reference", ("parent",), "上级机关", "上级机关不能是自己")
            )
        elif parent not in bodies:
            out.append(
                _finding(
                    source,
                    ERROR,
                    "reference",
                    ("parent",),
                    "上级机关",
                    f"content/bodies/ 里没有机关“{parent}”",
                )
            )
    return out


def _check_report(report: Report) -> list[Finding]:
    source, data = report.source, report.data
    out = []
    if isinstance(data.get("body"), str) and data["body"] != report.body_id:
        out.append(
            _finding(
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
            _finding(
                source,
                ERROR,
                "reference",
                ("year",),
                "报告年度",
                f"写的是 {year}，但文件名是 {report.year}.yaml；两者必须相同",
            )
        )
    fmt = report.layout
    if fmt is not None and isinstance(year, int):
        expected = 2019 if year <= 2020 else 2021
        if fmt != expected:
            out.append(
                _finding(
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
    for v in rules.check_report(data):
        out.append(_finding(source, WARNING, v.rule, v.path, _label(fmt, v.path), v.message))
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
            out.append(_finding(report.source, WARNING, "prose", ("text", key), label, note))
    return out


def _label(fmt: int | None, path: Path_) -> str:
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
        _finding(
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
                _finding(report.source, ERROR, "provenance", where, "无法识读的单元格", message)
            )
    return out


def _duplicates(reports: list[Report]) -> list[Finding]:
    by_key: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for r in reports:
        body = r.data.get("body") if isinstance(r.data.get("body"), str) else r.body_id
        year = r.data.get("year") if isinstance(r.data.get("year"), int) else r.year
        by_key[(body, year)].append(r)
    out = []
    for (body, year), group in by_key.items():
        if len(group) < 2:
            continue
        for r in group:
            others = "、".join(o.source.display for o in group if o is not r)
            out.append(
                _finding(
                    r.source,
                    ERROR,
                    "reference",
                    ("body",),
                    "报告机关",
                    f"机关“{body}”的 {year} 年度报告重复：另见 {others}",
                )
            )
    return out


def _cross_year(content: Content, readable: set[int]) -> list[Finding]:
    out = []
    for body in content.bodies.values():
        for year, report in sorted(body.reports.items()):
            previous = body.reports.get(year - 1)
            if (
                previous is None
                or id(previous.source) not in readable
                or id(report.source) not in readable
            ):
                continue
            for v in rules.check_years(previous.data, report.data, year - 1):
                out.append(
                    _finding(
                        report.source,
                        WARNING,
                        v.rule,
                        v.path,
                        _label(report.layout, v.path),
                        v.message,
                    )
                )
    return out
