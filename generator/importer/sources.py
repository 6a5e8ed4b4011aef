"""Published report files → one text in which a table row is a line of tab-separated cells.

PDF (via pdfplumber), HTML (``<table>`` with rowspan/colspan), Markdown (pipe tables) and plain
text (PDF text, tab-separated extractions, crawler pages) all become the same shape, the one a
PDF table extraction gives: merged cells are written once, the cells they cover stay empty.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import grid, pdf
from .errors import SourceError
from .html import html_text

MAX_BYTES = 50 * 1024 * 1024  # a report PDF with scanned seals is a few MB
MAX_TEXT = 5 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """The report's text and what shape it came in (named in the draft's notes)."""

    text: str
    kind: str  # pdf | html | markdown | text


KIND_NAMES = {
    "pdf": "PDF 文件",
    "html": "网页（HTML）",
    "markdown": "Markdown 文本",
    "text": "文本",
}


# Many PDF fonts map common characters to look-alike radicals (“⼈” U+2F08 for “人”); text
# copied from such PDFs carries them too. They are never meant as radicals in a report.
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


# CJK Radicals Supplement has no Unicode normalisation; these are the forms that stand for
# whole characters in simplified Chinese (from Unicode's CJKRadicals.txt).
_SUPPLEMENT: dict[str, str] = dict(
    pair  # type: ignore[misc]  # two-character strings: (radical, character)
    for pair in [
        "⺠民",
        "⻓长",
        "⻋车",
        "⻔门",
        "⻢马",
        "⻅见",
        "⻜飞",
        "⻄西",
        "⻩黄",
        "⻬齐",
        "⻚页",
        "⻉贝",
        "⻆角",
        "⻰龙",
        "⻳龟",
        "⻨麦",
        "⻮齿",
        "⻥鱼",
        "⻦鸟",
        "⻘青",
        "⺟母",
        "⻛风",
        "⻝食",
        "⻣骨",
        "⻤鬼",
        "⻧卤",
        "⻙韦",
    ]
)


def _radical(match: re.Match[str]) -> str:
    ch = match.group()
    return _SUPPLEMENT.get(ch) or unicodedata.normalize("NFKC", ch)


def _plain_han(text: str) -> str:
    return _RADICALS.sub(_radical, text)


def read(path: Path) -> Source:
    """Read a published report in any supported form. Raises :class:`SourceError`."""
    source = _read(path)
    if not source.text.strip():
        raise SourceError(f"{path} 里没有文字，不像一份年度报告")
    return Source(_plain_han(source.text), source.kind)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes: a regular file only (never a device, a pipe or a folder, which could
    be read without end), and never more than ``limit``."""
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; fstat then says what it is.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise SourceError(f"读不了 {path}：{error.strerror or error}") from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{path} 不是普通文件（是设备、管道或文件夹），不能导入")
        if info.st_size > limit:
            raise SourceError(f"{path} 太大（{_size(info.st_size)}），不像一份年度报告")
        try:
            raw = file.read(limit + 1)
        except OSError as error:
            raise SourceError(f"读不了 {path}：{error.strerror or error}") from None
    if len(raw) > limit:  # it grew while being read
        raise SourceError(f"{path} 太大（超过 {_size(limit)}），不像一份年度报告")
    return raw


def _size(size: int) -> str:
    return f"{size // 1024 // 1024} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _read(path: Path) -> Source:
    raw = read_bytes(path)
    if not raw.strip():
        raise SourceError(f"{path} 是空文件")
    if raw.startswith(b"%PDF"):
        return Source(pdf.text(path), "pdf")
    if path.suffix.lower() == ".pdf":
        raise SourceError(f"{path} 不是 PDF 文件（文件开头没有 %PDF）")
    text = decode(raw, path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm") or re.search(r"<(?:html|body|table)\b", text[:20000], re.I):
        return Source(html_text(text), "html")
    if suffix in (".md", ".markdown"):
        return Source(markdown_text(text), "markdown")
    return Source(text.replace("\r\n", "\n").replace("\r", "\n"), "text")


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (older Chinese tools save text that way)."""
    if len(raw) > MAX_TEXT:
        raise SourceError(
            f"{path} 太大（超过 {MAX_TEXT // 1024 // 1024} MB 的文本或网页），不像一份年度报告"
        )
    if b"\x00" in raw[:4096]:
        raise SourceError(f"{path} 是二进制文件，不是文本、网页或 PDF")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{path} 的文字编码无法识别（应为 UTF-8 或 GB18030）")


# --------------------------------------------------------------------------- Markdown

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_BREAK = re.compile(r"<br\s*/?>", re.I)
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)


def markdown_text(text: str) -> str:
    """Markdown from a person or a PDF converter → lines; pipe tables read by their grid.

    A run of pipe rows is one table (separator rows dropped) whose cells sit in explicit
    columns, like a web page's (:mod:`.grid`). Converters that write tables as HTML inside the
    Markdown have those tables read as a web page's.
    """
    text = _MD_TABLE.sub(lambda m: "\n" + html_text(m.group()) + "\n", text)
    # Emphasis and line breaks a converter writes into headings and cells are not the report's.
    text = _MD_EMPHASIS.sub("", _MD_BREAK.sub(" ", text))
    out: list[str] = []
    table: list[list[grid.Cell | None]] = []
    columns = grid.Columns()
    origin = 0
    for line in [*text.replace("\r\n", "\n").split("\n"), ""]:
        stripped = line.strip()
        if _MD_SEPARATOR.match(stripped) and "-" in stripped:
            continue
        if stripped.startswith("|") and len(stripped) > 1:
            body = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            row: list[grid.Cell | None] = []
            for raw in re.split(r"(?<!\\)\|", body):
                row.append(grid.Cell(" ".join(raw.replace("\\|", "|").split()), origin))
                origin += 1
            table.append(row)
            continue
        if table:
            out += grid.lines(table, columns)
            table = []
        out.append(re.sub(r"^#{1,6}\s+", "", line))
    return "\n".join(out)
