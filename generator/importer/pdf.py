"""A published PDF → text: lines outside tables as text, table rows as tab-separated cells.

pdfplumber reads the text layer and the table cells. A PDF's streams are inflated whole, and a
few MB of PDF can inflate to gigabytes, so the PDF is read in a forked worker whose address space
is capped (:data:`PDF_MEMORY` above what it inherits); a bomb ends as a message, not as swap.
"""

from __future__ import annotations

import logging
import os
import resource
from pathlib import Path

from ..workers import Worker, WorkerError
from .errors import SourceError

#: What reading a PDF may take on top of this process: its streams are inflated whole, and a
#: few MB of PDF can inflate to gigabytes. The PDF is read in a worker held to this much.
PDF_MEMORY = 400 * 1024 * 1024


def text(path: Path) -> str:
    """Text of a PDF, read in a worker whose memory is capped (:data:`PDF_MEMORY`)."""
    worker = Worker(_pdf_capped, (path,), name="portal-pdf")
    try:
        ((kind, text),) = worker.finish()
    except WorkerError:
        raise SourceError(f"{path} 这个 PDF 无法读取（读取它的进程意外退出）") from None
    if kind == "memory":
        raise SourceError(
            f"{path} 这个 PDF 解压后超过 {PDF_MEMORY // 1024 // 1024} MB，不像一份年度报告"
        )
    if kind == "error":
        raise SourceError(text)
    return text


def _pdf_capped(path: Path, _inbox: object) -> tuple[str, str]:
    """In the worker: ("text", text), ("error", message) or ("memory", "")."""
    _cap_memory(PDF_MEMORY)
    try:
        return "text", _pdf_text(path)
    except SourceError as error:
        return "error", str(error)
    except MemoryError:
        return "memory", ""


def _out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` was caused by running out of memory (pdfminer wraps MemoryError)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _cap_memory(extra: int) -> None:
    """Let this (forked) process map at most ``extra`` bytes more than it has now (Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        size = pages * os.sysconf("SC_PAGE_SIZE")
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + extra if hard == resource.RLIM_INFINITY else min(hard, size + extra)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, AttributeError):  # not Linux: read without the cap
        pass


def _pdf_text(path: Path) -> str:
    """Text of a PDF: lines outside tables as text, table rows as tab-separated cells."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        raise SourceError("读 PDF 需要 pdfplumber：pip install pdfplumber") from None
    # pdfminer logs a warning for every odd font descriptor; the user needs none of them.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: list[str] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                out += _page(page)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise SourceError(f"{path} 这个 PDF 无法读取：{error}") from None
    except MemoryError:
        raise
    except Exception as error:  # pdfminer raises many private types on damaged files
        if _out_of_memory(error):  # pdfminer wraps a MemoryError in its own exception
            raise MemoryError from error
        raise SourceError(f"{path} 这个 PDF 无法读取（{type(error).__name__}）") from None
    text = "\n".join(out)
    if not text.strip():
        raise SourceError(f"{path} 里没有文字层（可能是扫描件），请先做文字识别（OCR）")
    return text


def _line_tolerance(chars: list[dict]) -> float:
    """How far apart (in points) two characters' tops may be and still share a line.

    Reports set Chinese in one font and digits in another (宋体 with Times New Roman), and the
    two fonts' boxes start at different heights: in an 18-point title the year's digits sat
    3.9 points below the Chinese, past pdfplumber's fixed 3 points, so "2023" became a line of
    its own and the title lost its year. A quarter of the largest size joins them; the cap keeps
    the lines of ordinary body text (leading well above 6 points) apart under a huge heading.
    """
    largest = max((c["size"] for c in chars), default=0.0)
    return min(6.0, max(3.0, largest / 4))


def _page(page: object) -> list[str]:
    tables = page.find_tables()  # type: ignore[attr-defined]
    boxes = [t.bbox for t in tables]

    def outside(obj: dict) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    items: list[tuple[float, str]] = []
    text_page = page.filter(lambda o: o.get("object_type") != "char" or outside(o))  # type: ignore[attr-defined]
    for line in text_page.extract_text_lines(
        keep_blank_chars=True, y_tolerance=_line_tolerance(text_page.chars)
    ):
        items.append((line["top"], line["text"]))
    for table in tables:
        rows = table.extract()
        lines = ["\t".join((cell or "").replace("\n", "") for cell in row) for row in rows]
        items.append((table.bbox[1], "\n".join(lines)))
    items.sort(key=lambda item: item[0])
    return [text for _, text in items]
