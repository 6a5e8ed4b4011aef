"""``portal import``: a published report (text, TSV, HTML, Markdown, PDF) → a YAML draft.

The pipeline, top to bottom: read the file into text (:mod:`.sources`) → find the metadata,
headings and prose (:mod:`.document`) → decide the layout and read the tables cell by cell
(:mod:`.tables`, :mod:`.cells`, :mod:`.arithmetic`) → build the draft (:mod:`.draft`). Cells
that cannot be read with certainty are ``null`` and listed, with the reason, in
``provenance.unknown_cells``; the draft is for a person to check against the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import document, draft, extract, labels, sources
from .errors import SourceError

__all__ = ["Draft", "SourceError", "import_file", "import_text"]


@dataclass(frozen=True)
class Draft:
    """An imported report: its data, its YAML text and what the person checking it must know."""

    data: dict[str, Any]
    yaml: str
    notes: list[str]
    unknown: list[tuple[str, str]]
    warnings: list[str]


def import_file(path: Path, body: str, year: int) -> Draft:
    """Import the report in ``path`` as ``body``'s report for ``year``."""
    source = sources.read(path)
    shape = sources.KIND_NAMES[source.kind]
    return import_text(source.text, body, year, f"由 portal import 从 {path.name}（{shape}）生成")


def import_text(text: str, body: str, year: int, origin: str = "由 portal import 生成") -> Draft:
    """Import a report already read into text (see :func:`sources.read`)."""
    doc = document.read(text)
    warnings: list[str] = []
    if doc.year is not None and doc.year != year:
        warnings.append(f"原文标题写的是 {doc.year} 年度，导入时指定的是 {year} 年度，请确认")
    fmt, layout_note = labels.detect_layout(doc.body, year)
    regions = extract.regions(doc.body, doc.headings)
    read = extract.read_tables(doc.body, fmt, doc.flat, regions)
    shape = "网页抓取的连写文字" if doc.flat else "分行的文字"
    notes = [
        f"{origin}，按{shape}读取；尚未经人工核对，请对照原文逐格检查后把 method 改为 corrected。",
        layout_note,
        *read.notes,
    ]
    if doc.body_name:
        notes.append(f"原文标题中的机关名称：{doc.body_name}。")
    if read.unknown:
        notes.append(
            f"有 {len(read.unknown)} 格无法确定，写作 null 并列在“无法识读的单元格”中（行末注释标有 ⚠）。"
        )
    notes += [f"注意：{w}。" for w in warnings]
    data, remarks = draft.build(body, year, fmt, doc, read, notes)
    entries = [(e["path"], e["reason"]) for e in data["provenance"]["unknown_cells"]]
    return Draft(data, draft.dump(data, remarks), notes, entries, warnings)
