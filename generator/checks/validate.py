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

from .. import workers
from ..content.tree import (
    Content,
    Report,
    SourceFile,
    display_path,
    document_findings,
    stray_findings,
)
from . import rules, schema_errors
from .files import check_body, check_regions, check_report, finding, formula_warnings, label
from .findings import ERROR, WARNING, Finding


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


def validate(content: Content, *, parallel: bool = False) -> Result:
    """Check everything in ``content`` and return every finding.

    ``parallel``: the checks of each file on its own (most of the work) run on two cores
    (:mod:`generator.workers`); the findings are the same, in the same order.
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
    schema = {"regions": "regions.schema.json", "body": "body.schema.json"}.get(
        kind, "report.schema.json"
    )
    layout_ = what.layout if kind == "report" else None
    if any(p.severity == ERROR for p in problems):
        # Read but with YAML-level errors (a trap, a duplicate key, a tag): its schema errors
        # are reported now too, not only after the first ones are fixed.
        if source.doc.value is not None and source.doc.complete:
            problems += schema_errors.check(source, schema, layout_)
        return problems, None
    own = schema_errors.check(source, schema, layout_) + formula_warnings(source)
    if kind == "regions":
        own += check_regions(source)
    elif kind == "body":
        own += check_body(what, source, region_ids, body_ids)
    else:
        own += check_report(what)
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
        finding(
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


def _duplicates(reports: list[Report]) -> list[Finding]:
    by_key: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for r in reports:
        body, year = r.data.get("body"), r.data.get("year")
        key = (
            body if isinstance(body, str) else r.body_id,
            year if isinstance(year, int) else r.year,
        )
        by_key[key].append(r)
    out = []
    for (body, year), group in by_key.items():
        if len(group) < 2:
            continue
        for r in group:
            others = "、".join(o.source.display for o in group if o is not r)
            out.append(
                finding(
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
                    finding(
                        report.source,
                        WARNING,
                        v.rule,
                        v.path,
                        label(report.layout, v.path),
                        v.message,
                        v.cells,
                    )
                )
    return out
