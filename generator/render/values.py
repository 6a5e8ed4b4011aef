"""How numbers and cells are written on the pages.

Numbers are shown exactly as published, grouped the Chinese way with thousands separators
(178.479 stays 178.479; 447228 becomes 447,228). Blank, "not applicable", unreadable and absent
are written as words or marks that look different from 0, with text a screen reader can read.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import Any

from ..analysis.figures import ABSENT, BLANK, INCOMPLETE, MISSING_TEXT, NA, UNKNOWN, Number, Val
from ..analysis.portal import Change, Total

#: Labels, units and short texts repeat across a province's pages: each escaped once.
cached_escape = lru_cache(maxsize=4096)(escape)


def number(value: Number) -> str:
    """``447228`` → ``447,228``; ``Decimal('7730.28')`` → ``7,730.28`` (digits kept)."""
    if isinstance(value, Decimal):
        # format(…, ",") keeps the exponent/precision of the Decimal: published digits survive.
        return format(value, ",")
    return f"{value:,}"


def with_unit(value: Number, unit: str) -> str:
    return f"{number(value)} {unit}" if unit == "万元" else number(value)


# Short marks for the table cells, with the words a screen reader reads instead.
_MARKS = {
    BLANK: ("空白", "原表空白"),
    NA: ("/", "不适用"),
    UNKNOWN: ("？", "无法识读"),
    ABSENT: ("—", "本格式无此项"),
    INCOMPLETE: ("—", "无法合计"),
}


@lru_cache(maxsize=4096)
def missing_html(reason: str, detail: str = "") -> str:
    """A visibly distinct mark for a value with no number (never rendered like 0)."""
    mark, words = _MARKS.get(reason, ("—", MISSING_TEXT.get(reason, reason)))
    title = f"{words}：{detail}" if detail else words
    return (
        f'<span class="pt-missing pt-{reason}" title="{escape(title)}">'
        f'<span aria-hidden="true">{escape(mark)}</span>'
        f'<span class="pt-sr">{escape(words)}</span></span>'
    )


#: The word beside a number read from a cell of a failing equation, visible on every screen.
DISPUTED = "不相符"
#: What it means, for the notes under tables and cards that can show it.
DISPUTED_NOTE = (
    f"标“{DISPUTED}”的数字取自原表中勾稽关系不成立的格子（等式两边对不上，看不出哪一格错了），"
    "照原文显示；由它算出的合计、变化和比例同样标出。详见该报告页的“数字不相符”。"
)


def disputed_html(rules: tuple[str, ...], href: str = "") -> str:
    """The mark for a number from a failing equation (``rules``: R1…R6), a link when ``href``."""
    text = f"{DISPUTED}（{'、'.join(rules)}）" if href else DISPUTED
    if href:
        return f'<a class="pt-disputed" href="{escape(href)}">{escape(text)}</a>'
    return f'<small class="pt-disputed">{text}</small>'


def disputed_legend(*html: str) -> str:
    """The note explaining the mark, when any of ``html`` shows it ("" otherwise)."""
    if any('class="pt-disputed"' in h for h in html):
        return f'<p class="pt-legend">{escape(DISPUTED_NOTE)}</p>\n\n'
    return ""


def val_html(
    value: Val | None, unit: str = "件", *, no_report: bool = False, href: str = ""
) -> str:
    """A key figure for a table cell; ``None`` means the year has no report at all.

    ``href``: where a disputed figure's mark links (the report page's findings)."""
    if value is None:
        return '<span class="pt-missing pt-noreport">无报告</span>' if no_report else ""
    if value.ok:
        assert value.number is not None
        # Digits, separators, a sign and the layout's own unit word: nothing to escape.
        text = with_unit(value.number, unit)
        return text + disputed_html(value.disputed, href) if value.disputed else text
    return missing_html(value.missing)


def missing_mark(reason: str) -> str:
    """The mark the tables show for a cell without a number (``？`` unreadable, ``/``…)."""
    return _MARKS.get(reason, ("—",))[0]


def val_text(value: Val, unit: str = "件") -> str:
    """A key figure as plain text (captions, chart hover text)."""
    if value.ok:
        assert value.number is not None
        text = with_unit(value.number, unit)
        return f"{text}（数字{DISPUTED}：{'、'.join(value.disputed)}）" if value.disputed else text
    return MISSING_TEXT.get(value.missing, value.missing)


def percent(value: Decimal) -> str:
    return f"{value:+.1f}%".replace("-", "−")


def change_html(c: Change | None) -> str:
    """``+3（+25.0%）``; the percent is left out when last year was 0 (no ratio exists)."""
    if c is None:
        return ""
    sign = "+" if c.absolute > 0 else ("−" if c.absolute < 0 else "±")
    magnitude: Number = -c.absolute if c.absolute < 0 else c.absolute
    text = f"{sign}{number(magnitude)}"
    pct = f"（{percent(c.percent)}）" if c.percent is not None else "（上年为 0）"
    if c.absolute == 0:
        pct = ""
    cls = "up" if c.absolute > 0 else ("down" if c.absolute < 0 else "same")
    mark = disputed_html(c.disputed) if c.disputed else ""
    return f'<span class="pt-change pt-{cls}">{escape(text + pct)}</span>{mark}'


def total_html(t: Total, unit: str = "件") -> str:
    """A summed figure, saying how many reports had no number for it."""
    if t.counted == 0:
        return missing_html(INCOMPLETE, "没有可合计的数字")
    text = escape(with_unit(t.number, unit))
    if t.without:
        # Said on the page, not in a title: a tooltip reaches neither touch nor keyboard.
        text += f'<sup class="pt-note">*</sup><small class="pt-without">（{t.without} 份未计入）</small>'
    if t.disputed:
        text += f'<small class="pt-disputed">（{t.disputed} 份{DISPUTED}）</small>'
    return text


def sort_key(value: Val | None) -> str:
    """The value a sortable table sorts by (``data-sort``); no number sorts below every number."""
    if value is None or not value.ok:
        return ""
    return str(value.number)


def total_sort_key(total: Total) -> str:
    """A total's ``data-sort``: its sum (a partial one too: it is the number shown, marked *);
    no report with a number sorts below every number."""
    return str(total.number) if total.counted else ""


def mapping(value: object) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one (content the schema let through as null)."""
    return value if isinstance(value, dict) else {}
