"""What a batch import tells the person who ran it: a progress bar, a table, a CSV.

Everything shown comes from files somebody else wrote (their names, the reasons), so it is
printed with control characters escaped (a CI log would act on a ``::`` line, a terminal on an
escape sequence) and written to CSV with formulas defused (a spreadsheet would run them).
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

from ..checks.findings import visible
from ..opendata.longcsv import inert
from .batch import STATUS_WORDS, Item, Outcome, shown

COLUMNS = ("文件", "机关", "年度", "读出", "空白", "原文缺", "无法确定", "警告", "结果")
_CSV_COLUMNS = (
    *("file", "body", "year", "read", "blank", "absent", "unknown", "warnings"),
    *("errors", "status", "draft", "message"),
)


class Progress:
    """A one-line bar on a terminal (``\\r``-redrawn); silent in a log, where it would be noise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def __call__(self, done: int, total: int, item: Item) -> None:
        if not self.live:
            return
        width = 30
        filled = width * done // total
        name = visible(item.file.name)[:40]
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\r导入 {bar} {done}/{total} {name}\x1b[K")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _row(outcome: Outcome) -> list[str]:
    item = outcome.item
    year = str(outcome.year) if outcome.year else "?"
    result = STATUS_WORDS.get(outcome.status, outcome.status)
    if outcome.status == "written" and outcome.target is not None:
        result = f"已写入 {shown(outcome.target)}"
    if outcome.errors:
        result += f"（{outcome.errors} 个错误）"
    if outcome.message:
        result += f"：{outcome.message}"
    counts = [outcome.read, outcome.blank, outcome.absent, outcome.unknown, outcome.warnings]
    if outcome.status == "failed" and not outcome.yaml:
        numbers = ["—"] * len(counts)
    else:
        numbers = [str(n) for n in counts]
    return [visible(item.file.name), visible(item.body), year, *numbers, visible(result)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(outcomes: list[Outcome]) -> str:
    """The summary as an aligned text table, a total line and what to do next."""
    rows = [list(COLUMNS), *(_row(o) for o in outcomes)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [_pad(c, widths[i], 2 < i < 8) for i, c in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]))
    done = [o for o in outcomes if o.yaml]
    total = sum(o.read + o.blank + o.absent + o.unknown for o in done)
    unknown = sum(o.unknown for o in done)
    absent = sum(o.absent for o in done)
    written = sum(o.status == "written" for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    share = f"{100 * unknown / total:.1f}%" if total else "—"
    lines.append(
        f"共 {len(outcomes)} 个文件：写入 {written} 个，未导入 {failed} 个；"
        f"{total} 格中无法确定 {unknown} 格（{share}），原文缺 {absent} 格。"
    )
    if written:
        lines.append(
            "草稿中写作 null 的格子行末标有 ⚠，请对照原文逐格核对后把 method 改为 corrected。"
        )
    return "\n".join(lines)


def write_csv(outcomes: list[Outcome], path: Path) -> None:
    """The summary as CSV (UTF-8 with BOM, so that Excel and WPS read the Chinese), to a new
    file only: FileExistsError when ``path`` exists."""
    with path.open("x", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(_CSV_COLUMNS)
        for o in outcomes:
            target = shown(o.target) if o.target is not None and o.status == "written" else ""
            out.writerow(
                [
                    inert(str(o.item.file)),
                    inert(o.item.body),
                    o.year or "",
                    *((o.read, o.blank, o.absent, o.unknown) if o.yaml else ("",) * 4),
                    o.warnings,
                    o.errors,
                    o.status,
                    inert(target),
                    inert(o.message),
                ]
            )
