"""The report's words: title, year, body name, dates, contact lines and the prose sections.

Text from a PDF keeps the PDF's line breaks inside sentences; they are joined back (no space
between Chinese characters). Paragraphs end at a blank line, or — where the extraction has no
blank lines — at a line that ends a sentence and stops short of the full line width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import sections
from .extract import strip_page_marks

_CRAWLER_BODY = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
_CRAWLER_FIELD = re.compile(r"^(标题|发布时间|发布机构|原文链接)\s*[:：]\s*(.*?)\s*$", re.M)
_TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*度?")
_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_DATE_LINE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SENTENCE_END = "。！？；：”）)"
_PARAGRAPH_END = "。！？：；"
# A space the PDF put between two Chinese characters or full-width marks (“邮 编 ：”).
_CJK_GAP = re.compile(
    r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])|(?<=[，。：；、（）]) +| +(?=[，。：；、（）])"
)
_SUBHEAD = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])"
)
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_CONTACT = re.compile(r"电话|邮箱|地址|传真|邮编")


@dataclass
class Document:
    """What the importer found besides the tables."""

    title: str | None = None
    body_name: str | None = None
    year: int | None = None
    published: str | None = None
    url: str | None = None
    publisher: str | None = None
    contact: str | None = None
    text: dict[str, str | None] = field(default_factory=dict)
    body: str = ""  # the report itself (a crawler's header removed)
    flat: bool = False
    headings: dict[str, sections.Heading] = field(default_factory=dict)


def read(text: str) -> Document:
    """Split the report into metadata, prose sections and the stretch that holds the tables."""
    doc = Document()
    marker = _CRAWLER_BODY.search(text)
    if marker:
        header, body = text[: marker.start()], text[marker.end() :]
        fields = {m.group(1): m.group(2) for m in _CRAWLER_FIELD.finditer(header)}
        doc.title = fields.get("标题") or None
        doc.url = (
            fields.get("原文链接") if re.match(r"https?://", fields.get("原文链接", "")) else None
        )
        doc.publisher = fields.get("发布机构") or None
        date = _DATE.search(fields.get("发布时间", ""))
        doc.published = _iso(date) if date else None
    else:
        body = text
    doc.body = body
    # A crawler's page text is a few very long lines; extracted PDF text keeps its line breaks.
    doc.flat = body.count("\n") < 20 and max(map(len, body.split("\n")), default=0) > 500
    doc.headings = sections.find(body)
    first = min((h.start for h in doc.headings.values()), default=len(body))
    title_end = _title(doc, body[:first])
    doc.text = _prose(doc, body, title_end, first)
    if doc.title:
        year = _TITLE_YEAR.search(doc.title)
        if year:
            doc.year = int(year.group(1))
            name = doc.title[: year.start()].strip()
            doc.body_name = name or None
    doc.contact = _contact(doc.text)
    return doc


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _title(doc: Document, head: str) -> int:
    """Find the title in the text before the first heading; return where the preamble starts."""
    if doc.flat:
        if doc.title:
            found = head.find("工作年度报告")
            return found + len("工作年度报告") if found >= 0 else 0
        return 0
    lines = head.split("\n")
    taken: list[str] = []
    offset = 0
    for line in lines:
        offset += len(line) + 1
        if not line.strip():
            continue
        if len(line.strip()) > 80 or "。" in line:
            break  # a sentence (the preamble's "本报告根据……"), not a title line
        taken.append(line.strip())
        if "报告" in line or len(taken) >= 4:
            break
    if taken and "报告" in taken[-1]:
        if not doc.title:
            doc.title = re.sub(r"\s+", "", "".join(taken))
        return min(offset, len(head))
    return 0


def _prose(doc: Document, body: str, title_end: int, first: int) -> dict[str, str | None]:
    text: dict[str, str | None] = {}
    preamble = body[title_end:first]
    if doc.flat:
        preamble = _drop_chrome(preamble)
    text["preamble"] = paragraphs(preamble, doc.flat)
    for key in ("overview", "problems", "other"):
        where = sections.span(doc.headings, key, len(body))
        if where is None:
            text[key] = None
            continue
        start = where[0]
        heading = doc.headings[key]
        if key == "overview" and "总体情况" not in body[heading.start : heading.end]:
            start = heading.start  # a body's own first sub-heading, kept with its text
        chunk = body[start : where[1]]
        if key == "other":
            chunk, closing = _closing(doc, chunk)
            text["closing"] = closing
        text[key] = paragraphs(chunk, doc.flat)
    return text


def _drop_chrome(text: str) -> str:
    # A crawled page's navigation (“来源：… 时间：… 微信 微博 …”) is short words without
    # sentence punctuation; the report's own text starts with the first longer stretch.
    parts = text.split(" ")
    for i, part in enumerate(parts):
        if len(part) > 20 or re.search(r"[，。；]", part):
            return " ".join(parts[i:])
    return text


def _closing(doc: Document, chunk: str) -> tuple[str, str | None]:
    """The signature and date at the end (落款), and the publication date they give."""
    lines = [ln for ln in strip_page_marks(chunk).rstrip().split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines or not _DATE_LINE.match(lines[-1]):
        return chunk, None
    date = _DATE_LINE.match(lines[-1])
    keep = len(lines) - 1
    while keep > 0 and not lines[keep - 1].strip():
        keep -= 1
    if (
        keep > 0
        and len(lines[keep - 1].strip()) <= 30
        and not re.search(r"[，。；：]", lines[keep - 1])
    ):
        keep -= 1
    if doc.published is None and date:
        doc.published = _iso(date)
    closing = [ln.strip() for ln in lines[keep:] if ln.strip()]
    return "\n".join(lines[:keep]), "\n\n".join(closing) or None


def paragraphs(chunk: str, flat: bool) -> str | None:
    """Prose as Markdown paragraphs, the PDF's line breaks inside sentences joined back."""
    chunk = strip_page_marks(chunk)
    if flat:
        joined = " ".join(chunk.split())
        split = re.sub(
            r"(?<=[。；！？])\s*(?=[（(][一二三四五六七八九十]{1,3}[)）])", "\n\n", joined
        )
        return split.strip() or None
    lines = [ln.strip() for ln in chunk.split("\n")]
    blocks: list[list[str]] = [[]]
    has_blank = any(not ln for ln in lines[1:-1]) if len(lines) > 2 else False
    width = _line_width(lines)
    for ln in lines:
        if not ln:
            if blocks[-1] and blocks[-1][-1][-1:] in _SENTENCE_END:
                blocks.append([])
            continue  # a blank line inside a sentence is a page break, not a paragraph
        if blocks[-1] and _SUBHEAD.match(ln):
            blocks.append([])
        blocks[-1].append(ln)
        if not has_blank and ln[-1:] in _PARAGRAPH_END and len(ln) < width * 0.85:
            blocks.append([])
    out = [_CJK_GAP.sub("", _join(b)) for b in blocks if b]
    return "\n\n".join(out) or None


def _line_width(lines: list[str]) -> int:
    sizes = sorted(len(ln) for ln in lines if ln)
    return sizes[int(len(sizes) * 0.9)] if sizes else 0


def _join(lines: list[str]) -> str:
    out = lines[0]
    for ln in lines[1:]:
        space = _ASCII_WORD.match(out[-1:]) and _ASCII_WORD.match(ln[:1])
        out += (" " if space else "") + ln
    return out


def _contact(text: dict[str, str | None]) -> str | None:
    """The sentence that gives the contact address or telephone (usually in the preamble)."""
    for key in ("preamble", "closing", "other"):
        value = text.get(key) or ""
        for sentence in re.split(r"(?<=[。])", value):
            if _CONTACT.search(sentence) and re.search(r"\d{3,}", sentence):
                return sentence.strip().rstrip("。") + "。" if sentence.strip() else None
    return None
