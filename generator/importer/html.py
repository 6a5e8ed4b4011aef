"""A published web page → text: blocks as lines, tables as tab-separated lines.

Tables are read by their grid (:mod:`.grid`: a merged cell is one value, an empty cell a blank);
a table that holds other tables only lays the page out and is read as blocks of text. A whole page saved from a government site is cut down to the report itself
(:func:`_article`): the smallest element holding its numbered headings, with the page's title
and date as a header the document reader knows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from . import grid
from .errors import SourceError

_BLOCKS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "tr", "table", "title", "header", "footer", "ul", "ol", "blockquote", "pre",
}  # fmt: skip


class _Nesting(HTMLParser):
    """First pass: which tables hold another table (layout tables, read as blocks of text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count = 0
        self.stack: list[int] = []
        self.layout: set[int] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            if self.stack:
                self.layout.add(self.stack[-1])
            self.stack.append(self.count)
            self.count += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.stack:
            self.stack.pop()


class _Html(HTMLParser):
    def __init__(self, layout: set[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.layout = layout  # numbers of the tables that only lay the page out
        self.count = 0
        self.kinds: list[bool] = []  # open tables: True for a data table
        self.tables: list[list[list[tuple[str, int, int]]]] = []  # open data tables' cells
        self.cell: list[str] | None = None
        self.span = (1, 1)
        # Where each element's text begins and ends in ``out``: the report is read out of the
        # smallest element that holds its section headings (see html_text).
        self.open: list[tuple[str, int]] = []
        self.elements: list[tuple[int, int]] = []
        self.url: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID and not self.tables:
            self.open.append((tag, len(self.out)))
        if tag in ("meta", "link"):
            self._address(dict(attrs))
        if tag in ("script", "style", "noscript", "template"):
            self.skip += 1
        elif tag == "table":
            data = self.count not in self.layout and not self.tables
            self.count += 1
            self.kinds.append(data)
            if data:
                self.tables.append([])
            else:
                self.out.append("\n")
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.cell = []
            a = dict(attrs)
            self.span = (_span(a.get("rowspan")), _span(a.get("colspan")))
        elif (tag in _BLOCKS or tag in ("td", "th")) and not self.tables:
            self.out.append("\n")
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def _address(self, attrs: dict[str, str | None]) -> None:
        # The page's own address, which a saved page keeps in its head (a canonical link, or
        # the meta tags government sites' publishing systems write).
        name = (attrs.get("name") or attrs.get("property") or attrs.get("rel") or "").lower()
        value = attrs.get("content") if "rel" not in attrs else attrs.get("href")
        if name in ("url", "og:url", "canonical") and value and self.url is None:
            value = value.strip()
            if re.fullmatch(r"https?://[^\s<>\"']{1,500}", value):
                self.url = value

    def handle_endtag(self, tag: str) -> None:
        self._end(tag)
        self._close(tag)  # after: a table's own end tag closes once the table is done

    def _end(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.tables:
            text = " ".join("".join(self.cell).split())
            self.tables[-1][-1].append((text, *self.span))
            self.cell = None
        elif tag == "table" and self.kinds:
            if self.kinds.pop() and self.tables:
                if self.cell is not None:  # a cell left open by the page
                    self._end("td")
                rows = grid.lines(_grid(self.tables.pop()))
                self.out.append("\n" + "\n".join(rows) + "\n")
            else:
                self.out.append("\n")
        elif (tag in _BLOCKS or tag in ("td", "th")) and not self.tables:
            self.out.append("\n")

    def _close(self, tag: str) -> None:
        # HTML leaves many elements unclosed (p, li): closing one closes those opened inside it.
        if self.tables or all(name != tag for name, _ in self.open):
            return
        while self.open:
            name, start = self.open.pop()
            self.elements.append((start, len(self.out)))
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.tables:
            self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
#: The report's numbered section headings (the words after 一、 … 六、).
_SECTION_WORDS = re.compile(
    r"[一二三四五六]、\s*(总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的主要问题|其他需要报告)"
)
_PAGE_DATE = re.compile(
    r"(发布日期|公开日期|发布时间|时间)\s*[:：]\s*(\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2})"
)


def _article(parser: _Html) -> str | None:
    """A whole saved web page → its report, with the page's title and date as a header.

    Government pages wrap the report in menus, a metadata block and a footer. The report is
    the smallest element holding at least three of its numbered section headings; the title is
    the last line before it that names a 年度报告, the date the page's 发布日期 / 公开日期 /
    发布时间 / 时间 outside it. None when no element holds the headings (a bare report).
    """
    out = parser.out
    best: tuple[int, int] | None = None
    for start, end in parser.elements:
        if best is not None and end - start >= best[1] - best[0]:
            continue
        if len({m.group(1) for m in _SECTION_WORDS.finditer("".join(out[start:end]))}) >= 3:
            best = (start, end)
    if best is None:
        return None
    before, inside, after = (
        "".join(out[a:b]) for a, b in ((0, best[0]), best, (best[1], len(out)))
    )
    header = []
    # A title line: short, naming the report (not a sentence of the prose that mentions it);
    # the report's own first line, else the last such line above it (a metadata table's
    # “标题：…” included).
    own = [ln for ln in inside.split("\n") if ln.strip()][:1]
    titles = [t for t in map(_title_line, own) if t] or [
        t for t in map(_title_line, before.split("\n")) if t
    ]
    if titles:
        header.append(f"标题: {titles[-1]}")
    for text in (before, after):
        dates = sorted(_PAGE_DATE.finditer(text), key=lambda m: m.group(1) == "时间")
        if dates:
            header.append(f"发布时间: {dates[0].group(2)}")
            break
    found = _PUBLISHER.search(before)
    if found:
        header.append(f"发布机构: {found.group(1)}")
    if parser.url:
        header.append(f"原文链接: {parser.url}")
    if not header:
        return None
    return "\n".join(header) + "\n==================== 正文 ====================\n" + inside


_PUBLISHER = re.compile(r"发布机构\s*[:：]\s*([^\s:：]{2,40})")
_TITLE_FIELD = re.compile(r"^\s*(标题|题名|名称|文章标题)\s*[:：]\s*")


def _title_line(line: str) -> str | None:
    text = " ".join(_TITLE_FIELD.sub("", line).split())
    if "年度报告" in text and len(text) <= 80 and "本报告" not in text and "。" not in text:
        return text
    return None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


_MAX_POSITIONS = 100_000


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[grid.Cell | None]]:
    """Rows of (text, rowspan, colspan) → grid positions, each knowing the cell covering it."""
    cells: dict[tuple[int, int], grid.Cell] = {}
    origin = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in cells:
                c += 1
            if len(cells) + rowspan * colspan > _MAX_POSITIONS:
                raise SourceError("网页中的表格大得不像年度报告（单元格超过十万个），无法读取")
            # As browsers do, a rowspan stops at the table's last row.
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    cells[(r + dr, c + dc)] = grid.Cell(text, origin, first=dr == 0)
            origin += 1
            c += colspan
    if not cells:
        return []
    height = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    return [[cells.get((r, c)) for c in range(width)] for r in range(height)]


def html_text(text: str) -> str:
    """Visible text of a page, block by block; tables as tab-separated lines."""
    try:
        nesting = _Nesting()
        nesting.feed(text)
        nesting.close()
        parser = _Html(nesting.layout)
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as error:  # html.parser's own failures on broken input
        raise SourceError(f"网页无法解析：{error}") from None
    while parser.tables:  # unclosed tables at the end of a broken page
        parser.handle_endtag("table")
    joined = _article(parser) or "".join(parser.out)
    lines = [line.strip(" ") for line in joined.split("\n")]
    return "\n".join(line for line in lines if line.strip())
