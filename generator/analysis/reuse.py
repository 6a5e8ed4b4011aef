"""Text reused from the previous year's report, by sentence.

Evaluators of transparency dock points when much of a report repeats the year before. The
method, stated on every page that shows a share (:data:`METHOD`):

1. The prose sections (前言 to 六、其他需要报告的事项; not the 落款) are cut into sentences at
   。！？； and line breaks.
2. Each sentence is normalised: full-width forms folded (NFKC), a leading enumerator removed
   (（一）, 一、, 1., 一是), every space and punctuation mark dropped, and every run of digits
   made one ``#`` — a sentence that only changes its year or its counts still repeats.
3. Sentences shorter than :data:`MIN_CHARS` letters after that, and the official headings
   (主动公开情况 …), do not count: they repeat in every report by design.
4. A sentence of this year is *repeated* when the same normalised sentence occurs anywhere in
   last year's report of the same body. The share is the repeated sentences' letters over all
   counted letters.

Only the report of the year just before counts: a report with no previous-year report says so
(not 0 %).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SECTIONS = ("preamble", "overview", "proactive", "requests", "reviews", "problems", "other")
MIN_CHARS = 8
METHOD = (
    "按句比较：正文（前言至第六部分，不含落款）在句号、问号、感叹号、分号和换行处分句；"
    "每句去掉空格、标点和开头的序号（如“（一）”“一是”），数字一律视为相同（只改了年份或件数的句子仍算重复）；"
    f"去掉后不足 {MIN_CHARS} 个字的句子和官方标题不计。本年的一句与上一年度报告中的任何一句相同即为重复；"
    "重复比例 = 重复句子的字数 ÷ 计入的全部字数。"
)

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．)]|"
    r"[一二三四五六七八九十]+是)\s*"
)
_NOT_LETTER = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
#: The official headings, normalised: they repeat in every report by design.
HEADINGS = frozenset(
    _NOT_LETTER.sub("", h)
    for h in (
        "总体情况",
        "主动公开情况",
        "主动公开政府信息情况",
        "依申请公开情况",
        "收到和处理政府信息公开申请情况",
        "政府信息管理情况",
        "政府信息公开平台建设情况",
        "平台建设情况",
        "政府信息公开监督保障情况",
        "监督保障情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    )
)
#: Prose longer than this per section is not compared (a hostile file stays cheap).
MAX_CHARS = 200_000


@dataclass(frozen=True)
class Sentence:
    section: str
    text: str  # as written (stripped), for marking on the page
    key: str  # normalised; "" when the sentence does not count


@dataclass(frozen=True)
class Reuse:
    """How much of a report's prose repeats the previous year's report."""

    previous_year: int | None  # None: no report the year before
    counted: int = 0  # letters of the sentences that count
    repeated: int = 0  # letters of those found in last year's report
    #: Per prose section, the repeated sentences as written (each once).
    passages: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def share(self) -> Decimal | None:
        """The repeated share in percent (one decimal), or None when there is nothing to compare."""
        if self.previous_year is None or not self.counted:
            return None
        percent = Decimal(self.repeated * 100) / Decimal(self.counted)
        return percent.quantize(Decimal("0.1"), ROUND_HALF_UP)

    def describe(self) -> str:
        """In words, for pages and downloads: a share, or why there is none."""
        if self.previous_year is None:
            return "上一年度没有报告，无从比较"
        if not self.counted:
            return "正文没有可以比较的句子"
        return f"{self.share}%"


def sentences(text: dict[str, Any]) -> list[Sentence]:
    """Every sentence of a report's prose (``data["text"]``), with its normalised key."""
    out: list[Sentence] = []
    for section in SECTIONS:
        prose = text.get(section)
        if not isinstance(prose, str) or not prose or len(prose) > MAX_CHARS:
            continue
        for match in _SENTENCE.finditer(prose):
            written = match.group(0).strip()
            if written:
                out.append(Sentence(section, written, _key(written)))
    return out


def _key(sentence: str) -> str:
    text = unicodedata.normalize("NFKC", sentence)
    text = _NOT_LETTER.sub("", _ENUMERATOR.sub("", text))
    text = _DIGITS.sub("#", text)
    if len(text) < MIN_CHARS or text in HEADINGS:
        return ""
    return text


def compare(current: list[Sentence], previous: list[Sentence] | None, previous_year: int) -> Reuse:
    """The reuse of ``current`` against last year's sentences (None: no report last year)."""
    if previous is None:
        return Reuse(None)
    before = {s.key for s in previous if s.key}
    counted = repeated = 0
    passages: dict[str, list[str]] = {}
    for s in current:
        if not s.key:
            continue
        counted += len(s.key)
        if s.key in before:
            repeated += len(s.key)
            found = passages.setdefault(s.section, [])
            if s.text not in found:
                found.append(s.text)
    return Reuse(previous_year, counted, repeated, {k: tuple(v) for k, v in passages.items()})
