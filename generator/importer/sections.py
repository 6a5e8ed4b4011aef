"""The six numbered parts of a report, found by their headings.

Every report has the same six parts (see DOMAIN.md). Headings are searched in order, each after
the previous one, because the same words occur in the preamble (“本报告包括总体情况、…”); a
heading at the start of a line is preferred, since text extracted from a PDF keeps line breaks,
while a crawler's flattened page has none and headings run on inside the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_N = r"[ \t]*[、.．,，]?[ \t]*"

#: Section key (as in ``text.*``) → heading pattern. Keys follow the official order.
HEADINGS: tuple[tuple[str, str], ...] = (
    ("overview", rf"一{_N}(?:总体情况|[^\n。，]{{0,6}}(?:基本情况|主动公开情况|工作情况))"),
    ("proactive", rf"二{_N}主动公开政府信息(?:的)?情况"),
    ("requests", rf"三{_N}收到和处理政府信息公开申请(?:的)?情况"),
    ("reviews", rf"四{_N}(?:因)?政府信息公开[^\n。]{{0,8}}行政复议[^\n。]{{0,12}}情况"),
    ("problems", rf"五{_N}[^\n。]{{0,12}}存在的?主要问题[^\n。]{{0,12}}"),
    ("other", rf"六{_N}其他需要报告的事项"),
)
TABLE_SECTIONS = ("proactive", "requests", "reviews")


@dataclass(frozen=True)
class Heading:
    key: str
    start: int
    end: int


def find(text: str) -> dict[str, Heading]:
    """The headings present in ``text``, each found after the one before it."""
    found: dict[str, Heading] = {}
    pos = 0
    for key, pattern in HEADINGS:
        at_line = re.compile(rf"(?m)^[ \t]*({pattern})")
        anywhere = re.compile(pattern)
        match = at_line.search(text, pos)
        if match is not None:
            start, end = match.start(1), match.end(1)
        else:
            loose = anywhere.search(text, pos)
            if loose is None:
                continue
            start, end = loose.start(), loose.end()
        found[key] = Heading(key, start, end)
        pos = end
    return found


def span(headings: dict[str, Heading], key: str, length: int) -> tuple[int, int] | None:
    """Where the body of section ``key`` lies: after its heading, up to the next heading."""
    heading = headings.get(key)
    if heading is None:
        return None
    later = [h.start for h in headings.values() if h.start > heading.start]
    return heading.end, min(later, default=length)
