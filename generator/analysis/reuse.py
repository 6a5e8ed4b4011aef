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
from array import array
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from ..checks.report_schema import TEXT_SECTIONS

#: The prose sections, not the 落款 (a signature and a date).
SECTIONS = tuple(key for key, _, _ in TEXT_SECTIONS if key != "closing")
MIN_CHARS = 8
METHOD = (
    "按句比较：正文（前言至第六部分，不含落款）在句号、问号、感叹号、分号和换行处分句；"
    "每句去掉空格、标点和开头的序号（如“（一）”“一是”），数字一律视为相同（只改了年份或件数的句子仍算重复）；"
    f"去掉后不足 {MIN_CHARS} 个字的句子和官方标题不计。本年的一句与上一年度报告中的任何一句相同即为重复；"
    "重复比例 = 重复句子的字数 ÷ 计入的全部字数。"
)

_SEP = "\x00"  # joins a section's sentences while they are normalised together
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
#: A leading enumerator, at the start of each joined sentence.
_ENUMERATOR = re.compile(
    r"\x00\s*(?:[（(][一二三四五六七八九十百\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．)]|"
    r"[一二三四五六七八九十]+是)\s*"
)
_NOT_LETTER = re.compile(r"[^\w\x00]+")  # and "_", removed apart: one class is faster
_DIGITS = re.compile(r"\d+")
#: The official headings, normalised: they repeat in every report by design.
HEADINGS = frozenset(
    _NOT_LETTER.sub("", h).replace("_", "")
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


class Section(NamedTuple):
    """One prose section's sentences, as the comparison needs them: each sentence's key as a
    number (``hash``; 0 for a sentence that does not count) and its length in letters.

    Numbers, not the keys: a body's reports are cut and compared in one process
    (:func:`body_reuse`), and a clash of two 64-bit hashes within one body's two reports is out
    of reach in practice.
    """

    name: str
    hashes: array[int]
    lengths: array[int]


@dataclass(frozen=True)
class Reuse:
    """How much of a report's prose repeats the previous year's report."""

    previous_year: int | None  # None: no report the year before
    counted: int = 0  # letters of the sentences that count
    repeated: int = 0  # letters of those found in last year's report
    #: Per prose section, which of its sentences (:func:`written`) repeat last year's.
    passages: dict[str, tuple[int, ...]] = field(default_factory=dict)

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


def written(prose: str) -> list[str]:
    """A prose section's sentences as written, in order (spaces around them included; a piece
    of nothing but spaces is a sentence that never counts)."""
    return _SENTENCE.findall(prose.replace(_SEP, ""))


def sentences(text: dict[str, Any]) -> list[Section]:
    """A report's prose (``data["text"]``) cut into sentences, with their normalised keys."""
    out: list[Section] = []
    for name in SECTIONS:
        prose = text.get(name)
        if not isinstance(prose, str) or not prose or len(prose) > MAX_CHARS:
            continue
        keys = _keys(written(prose))
        hashes = array("q", [hash(k) if k else 0 for k in keys])
        out.append(Section(name, hashes, array("I", map(len, keys))))
    return out


def _keys(sentences: list[str]) -> list[str]:
    # A province holds millions of sentences: each section's are normalised together, joined
    # by a separator the steps keep, in a handful of passes at C speed (one sentence at a time
    # was most of the analysis). Punctuation goes first, so NFKC (full-width letters and
    # digits) is mostly a check of Han text.
    # Each sentence starts after a separator, so the enumerator pattern begins with a literal.
    joined = _ENUMERATOR.sub(_SEP, _SEP + _SEP.join(sentences))
    joined = _NOT_LETTER.sub("", joined).replace("_", "")
    if not unicodedata.is_normalized("NFKC", joined):
        joined = _NOT_LETTER.sub("", unicodedata.normalize("NFKC", joined)).replace("_", "")
    keys = _DIGITS.sub("#", joined).split(_SEP)[1:]
    return [k if len(k) >= MIN_CHARS and k not in HEADINGS else "" for k in keys]


def compare(current: list[Section], previous: list[Section] | None, previous_year: int) -> Reuse:
    """The reuse of ``current`` against last year's sentences (None: no report last year)."""
    if previous is None:
        return Reuse(None)
    before: set[int] = set()
    for section in previous:
        before.update(section.hashes)
    before.discard(0)
    counted = repeated = 0
    passages: dict[str, tuple[int, ...]] = {}
    for section in current:
        counted += sum(section.lengths)
        found = [i for i, h in enumerate(section.hashes) if h in before]
        if found:
            repeated += sum(section.lengths[i] for i in found)
            passages[section.name] = tuple(found)
    return Reuse(previous_year, counted, repeated, passages)


def body_reuse(texts: dict[int, dict[str, Any]]) -> dict[int, Reuse]:
    """Each report of one body (``data["text"]`` by year) against the body's report of the
    year before: a job of its own, so the analysis can run bodies on two cores and get back
    only the results."""
    cut = {year: sentences(text) for year, text in texts.items()}
    return {year: compare(cut[year], cut.get(year - 1), year - 1) for year in sorted(cut)}


def repeated_sentences(text: dict[str, Any], reuse: Reuse, name: str) -> tuple[str, ...]:
    """The sentences of section ``name`` that repeat last year's, as written, each once."""
    indexes = reuse.passages.get(name)
    prose = text.get(name)
    if not indexes or not isinstance(prose, str):
        return ()
    sentences = written(prose)
    return tuple(dict.fromkeys(sentences[i].strip() for i in indexes if i < len(sentences)))
