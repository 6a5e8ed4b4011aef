"""Importing many reports at once: a folder of one body's reports, or a manifest CSV.

Each file is imported and its draft checked by the validator on two cores
(:func:`~generator.workers.run`, a few files at a time so that progress can be shown); the
drafts are then written one by one in this process, each to a new file only. Nothing that
exists is replaced, and a second file for a body and year already written in this run is not
written either: every file gets a line in the summary saying what happened to it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import workers
from ..analysis.figures import unknown_cells, unknown_reason
from ..content import tree as content_mod
from ..publish import scaffold
from . import document, import_text, save, sources
from .draft import cell_paths
from .errors import SourceError
from .rowtext import missing

SUFFIXES = (".pdf", ".html", ".htm", ".md", ".markdown", ".txt", ".tsv")
MAX_FILES = 10_000
MAX_MANIFEST = 1024 * 1024
#: Files imported per round on the two cores: small enough for the progress to move.
ROUND = 8


@dataclass(frozen=True)
class Item:
    """One file to import, and where it was named (a manifest's line)."""

    file: Path
    body: str
    year: int | None  # None: the year the report's title gives
    line: int | None = None


@dataclass
class Outcome:
    """What became of one file; the counts are cells of the three tables."""

    item: Item
    year: int | None = None
    status: str = "failed"  # written | exists | duplicate | failed
    message: str = ""
    read: int = 0
    blank: int = 0
    absent: int = 0  # the row or table is not in the source's text at all
    unknown: int = 0  # printed, but not readable with certainty
    warnings: int = 0
    errors: int = 0
    target: Path | None = None
    yaml: str = ""


STATUS_WORDS = {
    "written": "已写入",
    "exists": "已存在，未改动",
    "duplicate": "与前面的文件同一机关同一年度，未写入",
    "failed": "未导入",
}


def from_folder(folder: Path, body: str) -> list[Item]:
    """Every report file under ``folder`` (symbolic links are not followed), as ``body``'s."""
    items: list[Item] = []
    for path in _walk(folder):
        items.append(Item(path, body, None))
        if len(items) > MAX_FILES:
            raise SourceError(f"{folder} 里的报告文件超过 {MAX_FILES} 个，请分批导入")
    if not items:
        raise SourceError(f"{folder} 里没有报告文件（{' '.join(SUFFIXES)}）")
    return items


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                yield path


def from_manifest(path: Path) -> list[Item]:
    """The rows of a manifest CSV (columns file, body, year; 文件, 机关, 年度 also do).

    Files are named relative to the manifest's folder and must lie inside it: a manifest
    written by someone else cannot make the importer read a file from elsewhere.
    """
    raw = sources.read_bytes(path, MAX_MANIFEST)
    text = sources.decode(raw, path)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise SourceError(f"{path} 是空的清单")
    names = {"file": "file", "文件": "file", "body": "body", "机关": "body", "year": "year"}
    names["年度"] = "year"
    header = [names.get(h.strip().lstrip("\ufeff").lower(), "") for h in rows[0]]
    if not {"file", "body"} <= set(header):
        raise SourceError(f"{path}:1: 清单第一行应为列名 file,body,year（或 文件,机关,年度）")
    if len(rows) > MAX_FILES + 1:
        raise SourceError(f"{path} 列了超过 {MAX_FILES} 个文件，请分批导入")
    base = path.resolve().parent
    items: list[Item] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        where = f"{path}:{number}"
        file = cells.get("file", "")
        if not file:
            raise SourceError(f"{where}: file 一栏是空的")
        target = Path(file)
        resolved = (base / target).resolve()
        if target.is_absolute() or not resolved.is_relative_to(base):
            raise SourceError(f"{where}: {file} 不在清单所在的文件夹里；请把报告放进这个文件夹")
        year_text = cells.get("year", "")
        if year_text and not re.fullmatch(r"\d{4}", year_text):
            raise SourceError(f"{where}: 年度“{year_text}”应为四位数字，如 2023")
        year = int(year_text) if year_text else None
        items.append(Item(base / target, cells.get("body", ""), year, number))
    if not items:
        raise SourceError(f"{path} 除列名外没有一行")
    return items


def run(
    items: list[Item],
    content_root: Path,
    out_dir: Path | None,
    progress: Callable[[int, int, Item], None] | None = None,
) -> list[Outcome]:
    """Import ``items``; drafts go to ``content/`` (or ``out_dir``), never over a file."""
    outcomes: list[Outcome] = []
    for start in range(0, len(items), ROUND):
        chunk = items[start : start + ROUND]
        jobs = [(_import_one, (item, str(content_root))) for item in chunk]
        outcomes += workers.run(jobs, name="portal-import")
        if progress is not None:
            progress(len(outcomes), len(items), chunk[-1])
    taken: set[tuple[str, int]] = set()
    for outcome in outcomes:
        if outcome.status == "failed" or outcome.year is None:
            continue
        key = (outcome.item.body, outcome.year)
        if key in taken:
            outcome.status = "duplicate"
            continue
        taken.add(key)
        _write(outcome, content_root, out_dir)
    return outcomes


def _import_one(item: Item, content_root: str) -> Outcome:
    outcome = Outcome(item)
    try:
        scaffold.check_id(item.body)
        try:
            info = os.lstat(item.file)
        except FileNotFoundError:
            raise SourceError(f"读不了 {item.file}：找不到这个文件") from None
        if stat.S_ISLNK(info.st_mode):
            raise SourceError(f"{item.file.name} 是符号链接，不导入（请放入文件本身）")
        source = sources.read(item.file)
        year = item.year or document.read(source.text).year
        if year is None:
            year = _year_in_name(item.file)
            if year is None:
                raise SourceError("原文标题和文件名里都没有年度，请在清单的 year 一栏写明")
            outcome.message = f"原文标题没有年度，按文件名认定为 {year} 年度，请核对"
        scaffold.check_year(year)
        shape = sources.KIND_NAMES[source.kind]
        origin = f"由 portal import 从 {item.file.name}（{shape}）生成"
        draft = import_text(source.text, item.body, year, origin)
    except (SourceError, scaffold.ScaffoldError, OSError) as error:
        outcome.message = str(error) if not isinstance(error, OSError) else _os_words(error)
        return outcome
    outcome.year, outcome.yaml = year, draft.yaml
    reasons = unknown_cells(draft.data)
    for path in cell_paths(draft.data, draft.data["format"]):
        reason = unknown_reason(reasons, path)
        value = _get(draft.data, path)
        if reason is not None:
            if missing(reason):
                outcome.absent += 1
            else:
                outcome.unknown += 1
        elif value is None:
            outcome.blank += 1
        else:
            outcome.read += 1
    found = save.check(draft.yaml, item.body, year, Path(content_root), item.file.name)
    outcome.errors = sum(f.severity == "error" for f in found)
    outcome.warnings = len(found) - outcome.errors + len(draft.warnings)
    outcome.status = "checked"
    return outcome


def _write(outcome: Outcome, content_root: Path, out_dir: Path | None) -> None:
    body, year = outcome.item.body, outcome.year
    try:
        if out_dir is not None:
            folder = out_dir / body
        else:
            folder = scaffold.require_body(content_root, body, "再导入")
        target = folder / f"{year}.yaml"
        outcome.target = target
        folder.mkdir(parents=True, exist_ok=True)
        scaffold.create(target, outcome.yaml)
        outcome.status = "written"
    except scaffold.ScaffoldError as error:
        exists = outcome.target is not None and outcome.target.exists()
        outcome.status = "exists" if exists else "failed"
        outcome.message = "" if exists else str(error)
    except OSError as error:
        outcome.status, outcome.message = "failed", _os_words(error)


def _get(data: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    node: Any = data
    for part in path:
        node = node[part]
    return node


def _year_in_name(path: Path) -> int | None:
    years = set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", path.stem))
    return int(years.pop()) if len(years) == 1 else None


def _os_words(error: OSError) -> str:
    return f"{error.filename or ''} {error.strerror or error}".strip()


def shown(path: Path) -> str:
    """A path as the summary shows it."""
    return content_mod.display_path(path)
