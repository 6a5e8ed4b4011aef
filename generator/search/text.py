"""What search reads: a page's HTML as headed sections of plain text, and text as tokens.

A token is a pair of neighbouring letters or digits (a letter standing alone is one too); Han
characters and other letters or digits are separate words (沙县2022 is 沙县 and 2022). The
browser takes the same steps with a query (``site_overrides/assets/javascripts/search.js``:
``normalize`` and ``tokens``), so both sides must change together. What the index does with the
tokens is :mod:`generator.search.index`.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import Any

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]*?\sid=\"([^\"]*)\"[^>]*>(.*?)</h\1>", re.S)
# Case-sensitive: the pages are the generator's and Markdown's HTML, tags in lower case, and
# with re.I the scan for "<" no longer runs at C speed (2.4× slower on a province's pages).
_BLOCK = re.compile(
    r"</?(?:p|div|li|ul|ol|br|tr|td|th|table|thead|tbody|caption|section|details|summary|dl|dt|"
    r"dd|nav|figure|figcaption|blockquote|pre|hr|h[1-6])\b[^>]*>"
)
_TAG = re.compile(r"<[^>]*>")
#: The “相关名称” line: the page's own names, and the names of its context (render.parts).
_AKA = re.compile(r'<span class="pt-aka-(own|context)">(.*?)</span>', re.S)
# Anything but letters and digits separates tokens (search.js: /[^\p{L}\p{N}]+/gu).
_NON_WORD = re.compile(r"[\W_]+")
# Han characters (the same ranges as search.js) and other letters or digits are separate words.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_NOT_HAN = re.compile(f"([^\\s{_HAN}]+)")
_SPACE_CODE = ord(" ")


def normalize(text: str) -> str:
    """What index and query compare: letters and digits only, NFKC (full-width → half-width),
    lower case, a space where Han characters meet other letters or digits (沙县2022 → 沙县 2022);
    anything else becomes a space. search.js does the same steps in the same order.
    """
    text = _NON_WORD.sub(" ", text)
    # Most Chinese text without its punctuation is NFKC already; the check is much cheaper.
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # Runs of other letters or digits cut out and joined back with spaces: at C speed (a
    # substitution calls Python per run, matching every place where scripts meet is slower
    # still); the doubled spaces this leaves are harmless.
    return " ".join(_NOT_HAN.split(text.lower()))


def tokens(normalized: str, *, singles: bool = False) -> set[str]:
    """The pairs of neighbouring letters or digits in ``normalized`` text (and single ones).

    Pairs across a space are dropped; a letter standing alone is a token of its own (with
    ``singles``, every letter is). For short text such as names (a page's text is counted
    instead: :func:`counted`).
    """
    out: set[str] = set()
    for word in normalized.split():
        out.update(word[i : i + 2] for i in range(len(word) - 1))
        if singles or len(word) == 1:
            out.update(word)
    return out


def counted(normalized: str) -> tuple[Any, Any]:
    """The tokens of :func:`tokens` in ``normalized`` text and how often each occurs: two
    arrays, the tokens as numbers (:func:`code`) in ascending order and their counts.

    Counted at C speed: the text as UTF-32 is an array of code points, every neighbouring two
    not holding a space is a pair, every letter between two spaces a single. Counting them one
    by one in Python, then filing each in its token's list, was two thirds of the search
    worker's time (a province's pages hold tens of millions of pairs).
    """
    import numpy  # here, not above: `portal validate` (a pre-commit hook) never loads it

    points = numpy.frombuffer(f" {normalized} ".encode("utf-32-le"), dtype=numpy.uint32)
    left, right = points[:-1], points[1:]
    pairs = (left != _SPACE_CODE) & (right != _SPACE_CODE)
    middle = points[1:-1]
    alone = (points[:-2] == _SPACE_CODE) & (points[2:] == _SPACE_CODE) & (middle != _SPACE_CODE)
    codes = numpy.concatenate(
        (
            left[pairs].astype(numpy.uint64)
            | right[pairs].astype(numpy.uint64) << numpy.uint64(32),
            middle[alone].astype(numpy.uint64),
        )
    )
    return numpy.unique(codes, return_counts=True)


def code(token: str) -> int:
    """A token as a number: its first letter's code point, the second's 32 bits higher."""
    return ord(token[0]) | (ord(token[1]) << 32 if len(token) > 1 else 0)


def sections(html: str) -> tuple[str, list[list[str]]]:
    """The page's main heading and its sections as ``[anchor, heading, text]`` (plain text)."""
    html = _PERMALINK.sub("", _SCRIPT.sub("", html))
    out: list[list[str]] = []
    first = ""
    start, anchor, title = 0, "", ""
    for match in _HEADING.finditer(html):
        out.append([anchor, title, _text(html[start : match.start()])])
        anchor, title = match.group(2), _text(match.group(3))
        if match.group(1) == "1" and not first:
            first = title
        start = match.end()
    out.append([anchor, title, _text(html[start:])])
    return first, [s for s in out if s[1] or s[2]]


def _text(html: str) -> str:
    # str.split() and a regex's \s agree on what is white space (str.isspace); the split is
    # four times faster than substituting runs of it.
    return " ".join(unescape(_TAG.sub("", _BLOCK.sub(" ", html))).split())


def related_names(html: str) -> dict[str, list[str]]:
    """The “相关名称” line of a page as text: its own names and those of its context."""
    found: dict[str, list[str]] = {"own": [], "context": []}
    for kind, listed in _AKA.findall(html):
        found[kind] += [_text(n) for n in listed.split("、")]
    return found
