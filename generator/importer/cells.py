"""Reading cell values out of published text: one token, or a run of digits with no separators.

Published tables reach us as text in which a cell is either clearly delimited (a tab, a space
in a PDF's text layer, an HTML ``<td>``) or run together with its neighbours (a crawler's
flattened page: “640020470” for seven cells). A delimited token is exactly one cell. A run may
hold several cells; :func:`readings` lists every way to cut it, and only the table's own
arithmetic (:mod:`.arithmetic`) may choose between them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..layout import AMOUNT, COUNT, NOT_APPLICABLE, SIGNED

#: A value as the content model stores it: a count, an amount as published, "/" or blank.
Value = int | Decimal | str | None

#: More digits than any real count or amount; longer cuts are not considered.
MAX_DIGITS = 12
#: Readings of one row beyond this are not listed: the row is left unknown as too ambiguous.
MAX_READINGS = 2000

UNITS = ("万元", "元")
_OTHER_UNITS = ("件", "个", "项", "条", "次")
_NUMBER = re.compile(r"[+-]?(?:0|[1-9]\d*)(?:\.\d+)?")
_LEADING_ZEROS = re.compile(r"[+-]?0\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DASHES = {"-", "—", "——", "–", "－", "―", "--", "…", "……"}
_SPACE = re.compile(r"\s+")

#: An empty cell of a table whose positions are explicit (HTML, pipe tables; see
#: :mod:`.grid`): a blank, which the line reader must not take for a merged label's padding.
BLANK = "〔空白〕"
#: A value cell merged down over several rows: it belongs to one of them, the table does not say
#: which.
MERGED_DOWN = "〔上下合并〕"


def fold(text: str) -> str:
    """Text for label matching: NFKC (full-width digits and brackets), no whitespace at all.

    Labels in extracted text are broken by spaces and line breaks anywhere (“只计这一情 形”),
    so matching ignores whitespace entirely.
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Token:
    """One cell as printed (``atomic``) or a run of characters that may hold several cells."""

    text: str
    atomic: bool = True


@dataclass(frozen=True)
class Parsed:
    """What one printed cell says: a value, or why it has none that can be used."""

    value: Value
    unit: str = ""
    problem: str = ""


def parse_cell(raw: str) -> Parsed | None:
    """One delimited cell. ``None`` when the text is not a value at all (it is a label).

    Blank stays blank, “/” is not applicable, and a dash is left for a person to read: it can
    mean 0, blank or not applicable, and choosing would be a guess.
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", raw))
    if text == "" or raw.strip() == BLANK:
        return Parsed(None)
    if raw.strip() == MERGED_DOWN:
        return Parsed(None, problem="原表这一格与上下行合并成一格，无法确定数字属于哪一行")
    if text == NOT_APPLICABLE:
        return Parsed(NOT_APPLICABLE)
    if text in _DASHES:
        return Parsed(None, problem=f"原表这一格印作“{raw.strip()}”，不能确定是 0、空白还是不适用")
    unit = ""
    for candidate in UNITS + _OTHER_UNITS:
        if text.endswith(candidate) and len(text) > len(candidate):
            unit, text = candidate, text[: -len(candidate)]
            break
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if _LEADING_ZEROS.fullmatch(text):
        return Parsed(None, unit, f"原表这一格印作“{raw.strip()}”（以 0 开头），无法确定数值")
    if not _NUMBER.fullmatch(text):
        return None
    return Parsed(number(text), unit if unit in UNITS else "")


def number(text: str) -> int | Decimal:
    """A number exactly as printed: whole numbers as int, decimals keep their digits."""
    return Decimal(text) if "." in text else int(text)


def is_value(raw: str) -> bool:
    """Whether a delimited token is a cell value (as opposed to label text)."""
    return parse_cell(raw) is not None


def _fits(part: str, kind: str) -> bool:
    """Whether ``part`` can be one cell of ``kind`` when cut out of a run."""
    digits = part.lstrip("+-")
    if not digits or len(digits.replace(".", "")) > MAX_DIGITS:
        return False
    if part[0] in "+-" and kind != SIGNED:
        return False
    if "." in digits and kind != AMOUNT:
        return False
    return bool(_NUMBER.fullmatch(part))


def _cuts(run: str, kinds: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Every way to cut ``run`` into ``len(kinds)`` numbers, left to right."""
    if not kinds:
        if run == "":
            yield ()
        return
    if len(run) < len(kinds):
        return
    if len(kinds) == 1:
        if _fits(run, kinds[0]):
            yield (run,)
        return
    longest = min(len(run) - len(kinds) + 1, MAX_DIGITS + 2)
    for size in range(1, longest + 1):
        head = run[:size]
        if not _fits(head, kinds[0]):
            continue
        for rest in _cuts(run[size:], kinds[1:]):
            yield (head, *rest)


@dataclass(frozen=True)
class Readings:
    """All readings of one row, or why there are none."""

    options: tuple[tuple[Parsed, ...], ...]
    problem: str = ""


def readings(tokens: Sequence[Token], kinds: Sequence[str]) -> Readings:
    """Every reading of ``tokens`` as ``len(kinds)`` cells.

    Atomic tokens are one cell each; runs are cut into one or more numbers (no leading zeros,
    decimals only in amount columns, a sign only in signed columns). A unit printed after a run
    belongs to its last number.
    """
    found: list[tuple[Parsed, ...]] = []

    def walk(i: int, cell: int, acc: tuple[Parsed, ...]) -> bool:
        if len(found) > MAX_READINGS:
            return False
        if i == len(tokens):
            if cell == len(kinds):
                found.append(acc)
            return True
        token = tokens[i]
        left = len(kinds) - cell
        if left <= 0:
            return True
        if token.atomic:
            parsed = parse_cell(token.text)
            return walk(i + 1, cell + 1, (*acc, parsed or Parsed(None, problem="无法识读")))
        run, unit = _strip_unit(token.text)
        if run in (NOT_APPLICABLE, ""):
            return walk(i + 1, cell + 1, (*acc, Parsed(NOT_APPLICABLE if run else None)))
        # Every token after this one holds at least one cell: the last token takes all that
        # are left, so cuts that could never complete the row are not tried.
        after = len(tokens) - i - 1
        low = left - after if after == 0 else 1
        for take in range(low, left - after + 1):
            for cut in _cuts(run, kinds[cell : cell + take]):
                parts = [Parsed(number(p)) for p in cut]
                if unit:
                    parts[-1] = Parsed(parts[-1].value, unit)
                if not walk(i + 1, cell + take, (*acc, *parts)):
                    return False
        return True

    if not walk(0, 0, ()):
        return Readings((), f"这一行的数字连写在一起，可能的拆法超过 {MAX_READINGS} 种")
    return Readings(tuple(dict.fromkeys(found)))


def _strip_unit(run: str) -> tuple[str, str]:
    for unit in UNITS:
        if run.endswith(unit):
            return run[: -len(unit)], unit
    return run, ""


def value_kinds(count: int, kind: str = COUNT) -> list[str]:
    """Column kinds of a row of ``count`` cells of one kind."""
    return [kind] * count
