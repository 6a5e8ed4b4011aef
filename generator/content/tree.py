"""The content tree: finding and reading every file under ``content/``.

Layout (one body's files sit together, so its staff can be given its folder alone)::

    content/
      regions.yaml                 # region registry: id → name, level, 行政区划代码, parent
      bodies/<body-id>/body.yaml   # the body's metadata
      bodies/<body-id>/<year>.yaml # one report per year, e.g. 2023.yaml

This module only reads. It never writes into ``content/``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import workers
from ..checks.findings import ERROR, Finding, field_name
from . import yamlread

REGIONS_FILE = "regions.yaml"
BODIES_DIR = "bodies"
BODY_FILE = "body.yaml"
#: A report's file name: four ASCII digits (not full-width or other scripts' digits, which would
#: read as the same year and silently replace the real report) and nothing after ".yaml".
REPORT_NAME = re.compile(r"([0-9]{4})\.yaml")
IGNORED = {".gitkeep", ".DS_Store", "README.md"}


@dataclass
class SourceFile:
    """One content file as read: where it is, how to show its name, and its parsed document."""

    path: Path
    display: str
    doc: yamlread.Document

    @property
    def data(self) -> Any:
        return self.doc.value


@dataclass
class Report:
    """One body's report for one year. ``data`` is the file's content as published."""

    body_id: str  # from the folder name
    year: int  # from the file name
    source: SourceFile

    @property
    def data(self) -> dict[str, Any]:
        value = self.source.data
        return value if isinstance(value, dict) else {}

    @property
    def layout(self) -> int | None:
        fmt = self.data.get("format")
        return fmt if fmt in (2019, 2021) else None


@dataclass
class Body:
    id: str  # from the folder name
    source: SourceFile | None  # None when the folder has no body.yaml
    reports: dict[int, Report] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, Any]:
        value = self.source.data if self.source else None
        return value if isinstance(value, dict) else {}


@dataclass
class Content:
    """Everything under one content root, read but not yet validated."""

    root: Path
    regions: SourceFile | None = None
    bodies: dict[str, Body] = field(default_factory=dict)
    # Files that fit nowhere in the layout; validation reports them.
    stray: list[Path] = field(default_factory=list)

    def files(self) -> list[SourceFile]:
        out = [self.regions] if self.regions else []
        for body in self.bodies.values():
            if body.source:
                out.append(body.source)
            out.extend(r.source for r in body.reports.values())
        return out

    def reports(self) -> list[Report]:
        return [r for b in self.bodies.values() for r in b.reports.values()]

    def region_data(self) -> dict[str, Any]:
        value = self.regions.data if self.regions else None
        return value if isinstance(value, dict) else {}


def display_path(path: Path) -> str:
    """A path as users should see it: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # different drive on Windows
        return str(path)


def read_file(path: Path) -> SourceFile:
    return SourceFile(path, display_path(path), yamlread.read(path))


def load(root: Path, *, parallel: bool = False) -> Content:
    """Read every file of the content tree under ``root``.

    ``parallel``: read on two cores (:mod:`generator.workers`; not in a threaded process such as
    ``mkdocs serve``). Parsing is most of the cost at a province's scale; same result either way.
    """
    content = Content(root)
    # Found first, read after: (file, where its result goes: None for regions, else the body and
    # the year, or None for body.yaml).
    found: list[tuple[Path, tuple[Body, int | None] | None]] = []
    regions = root / REGIONS_FILE
    # Symlinks could point outside content/ (and its values would be published and echoed in
    # messages): the registry and the bodies folder must be real, like every file below them.
    if regions.is_symlink():
        content.stray.append(regions)
    elif regions.is_file():
        found.append((regions, None))
    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if (
            entry.name not in (REGIONS_FILE, BODIES_DIR)
            and entry.name not in IGNORED
            and not entry.name.startswith(".")
        ):
            content.stray.append(entry)
    bodies_dir = root / BODIES_DIR
    if bodies_dir.is_symlink():
        content.stray.append(bodies_dir)
    for folder in (
        sorted(bodies_dir.iterdir()) if bodies_dir.is_dir() and not bodies_dir.is_symlink() else []
    ):
        if folder.name.startswith(".") or folder.name in IGNORED:
            continue
        if not folder.is_dir() or folder.is_symlink():
            content.stray.append(folder)
            continue
        body = Body(folder.name, None)
        content.bodies[folder.name] = body
        for file in sorted(folder.iterdir()):
            name = file.name
            if name.startswith(".") or name in IGNORED:
                continue
            match = REPORT_NAME.fullmatch(name)
            # Symlinks could point outside content/; content files must be real files.
            if file.is_symlink() or not file.is_file():
                content.stray.append(file)
            elif name == BODY_FILE:
                found.append((file, (body, None)))
            elif match:
                found.append((file, (body, int(match.group(1)))))
            else:
                content.stray.append(file)
    jobs = [(read_file, (path,)) for path, _ in found]
    sources = workers.run(jobs, name="portal-load") if parallel else workers.serial(jobs)
    for (_, place), source in zip(found, sources, strict=True):
        if place is None:
            content.regions = source
        else:
            body, year = place
            if year is None:
                body.source = source
            else:
                body.reports[year] = Report(body.id, year, source)
    return content


def _looks_like_report(name: str) -> bool:
    """A year file written with other digits (２０２４, ٢٠٢٢) or with blank space after it."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in name)
    return REPORT_NAME.fullmatch(ascii_digits.strip()) is not None


def stray_findings(content: Content) -> list[Finding]:
    """Files that do not fit the layout would be silently ignored; say so instead."""
    out = []
    for path in content.stray:
        if path.is_symlink():
            message = "内容目录里不能有符号链接；请放入真实文件"
        elif path.is_dir():
            message = "这个文件夹不会被读取：机关文件夹应放在 content/bodies/ 下"
        elif path.parent.parent.name == BODIES_DIR and _looks_like_report(path.name):
            message = "这个文件不会被读取：文件名里的年份要用半角数字（如 2023.yaml），文件名后面不能有空白"
        elif path.parent.parent.name == BODIES_DIR:
            message = (
                "这个文件不会被读取：机关文件夹里只能有 body.yaml 和“四位年份.yaml”（如 2023.yaml）"
            )
        else:
            message = "这个文件不会被读取：content/ 下只能有 regions.yaml 和 bodies/ 文件夹"
        out.append(Finding(ERROR, "reference", display_path(path), None, None, "", "", message))
    return out


def document_findings(source: SourceFile) -> list[Finding]:
    """The problems found while reading one file (encoding, YAML syntax and traps)."""
    rule = "file" if source.doc.value is None else "yaml"
    return [
        Finding(
            p.severity, rule, source.display, p.line, p.column, field_name(p.path), "", p.message
        )
        for p in source.doc.problems
    ]
