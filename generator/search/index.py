"""Site search: a chunked index of character pairs, written by the portal as the pages are built.

Chinese has no spaces between words, and a search box must find 信访局 whether or not a word
segmenter would have cut the text there. So the index is the standard one for CJK text (Lucene's
``CJKBigramFilter`` works the same way): every pair of neighbouring letters or digits is a token,
and a page matches a query when it holds every pair of the query. The browser then checks the
query's exact words in the page's text before it shows the result, so a page that holds the pairs
only apart is never listed. (Until session 7 the index was Pagefind's: at 15,000 pages it took
100 CPU-seconds and 4.7 GB of memory, which a 2-core CI machine with a 2 GB budget cannot give.)

Under ``search/`` in the built site (``site_overrides/assets/javascripts/search.js`` reads it):

* ``manifest.json`` — the format version, page count and the number of shards of each index;
* ``n/<k>.json`` — the *names* index: title, main heading and “相关名称” line (single letters
  too, so one-character queries find names); ``t/<k>.json`` — the *text* index: everything
  indexed. Each shard maps a token to its page ids, as the first id and then differences;
* ``p/<id>.json`` — one page: address, title, and its sections (anchor, heading, text) for the
  excerpt and the links to sections.

Page ids follow the order results are listed in (:func:`rank`): bodies, regions, reports (newest
year first), then the rest; a result list is therefore a sorted list of ids, names matches first.
A query fetches the manifest, one shard per token and the records of the results it shows: tens
of KB, however large the site (``benchmarks/weight_bench.py`` measures it).

What is indexed: the page content only — not the header, navigation or footer — and within it
neither the number tables, charts, key-figure cards and breadcrumbs (``data-search-exclude``,
left out before the page is sent) nor the heading permalinks (¶).
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Iterable
from html import unescape
from itertools import pairwise
from pathlib import Path
from typing import Any

#: Where the index goes within the site.
OUTPUT = "search"
VERSION = 1
EXCLUDED_MARK = "data-search-exclude"
#: About this many postings per shard (a shard is then ~10 KB before compression).
SHARD_POSTINGS = 4096
MAX_SHARDS = 4096

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]*?\sid=\"([^\"]*)\"[^>]*>(.*?)</h\1>", re.S)
_BLOCK = re.compile(
    r"</?(?:p|div|li|ul|ol|br|tr|td|th|table|thead|tbody|caption|section|details|summary|dl|dt|"
    r"dd|nav|figure|figcaption|blockquote|pre|hr|h[1-6])\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_AKA = re.compile(r'<p class="pt-aka">(.*?)</p>', re.S)
# Anything but letters and digits separates tokens (search.js: /[^\p{L}\p{N}]+/gu).
_NON_WORD = re.compile(r"[\W_]+")
_ALONE = re.compile(r"(?<= )[^ ](?= )")
_SPACE_CODE = ord(" ")


def indexable(fragment: str) -> bool:
    """Whether an HTML block of a page goes into the index (its first tag is not excluded)."""
    return EXCLUDED_MARK not in fragment[: fragment.find(">") + 1]


def normalize(text: str) -> str:
    """What index and query compare: letters and digits only, NFKC (full-width → half-width),
    lower case; anything else becomes a space. search.js does the same steps in the same order.
    """
    text = _NON_WORD.sub(" ", text)
    # Most Chinese text without its punctuation is NFKC already; the check is much cheaper.
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def tokens(normalized: str, *, singles: bool = False) -> set[str]:
    """The pairs of neighbouring letters or digits in ``normalized`` text (and single ones).

    Pairs across a space are dropped; a letter standing alone is a token of its own (with
    ``singles``, every letter is).
    """
    return {_token(code) for code in codes(normalized)} | (
        set(normalized.replace(" ", "")) if singles else set()
    )


def codes(normalized: str) -> set[int]:
    """:func:`tokens` as numbers (``first | second << 32``), the fast way for long text.

    The text as UTF-32 read as 64-bit numbers is every pair at even places; shifted by one
    letter, every pair at odd places. Sets of numbers are made at C speed, where a set of
    two-letter strings cost 0.4 ms a report page (6 s at 15,000 pages).
    """
    data = f" {normalized} ".encode("utf-32-le")
    even = memoryview(data)[: len(data) // 8 * 8].cast("Q")
    odd = memoryview(data)[4 : 4 + (len(data) - 4) // 8 * 8].cast("Q")
    pairs = set(even).union(odd)
    out = {c for c in pairs if c & 0xFFFFFFFF != _SPACE_CODE and c >> 32 != _SPACE_CODE}
    out.update(ord(c) for c in _ALONE.findall(f" {normalized} "))
    return out


def _token(code: int) -> str:
    return chr(code) if code < 1 << 32 else chr(code & 0xFFFFFFFF) + chr(code >> 32)


def shard(token: str, shards: int) -> int:
    """Which shard holds ``token``: FNV-1a over its code points (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in token:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


#: The kinds of page, in the order :func:`rank` gives them ids.
KINDS = ("body", "region", "report", "year", "compare", "page")


def rank(url: str) -> tuple[int, int, str]:
    """Where a page comes in a result list: bodies, regions, reports (newest first), the rest."""
    parts = url.strip("/").split("/")
    if parts[0] == "bodies" and len(parts) == 2:
        return (0, 0, url)
    if parts[0] == "regions" and len(parts) == 2:
        return (1, 0, url)
    if parts[0] == "bodies" and len(parts) == 3 and parts[2].isdigit():
        return (2, -int(parts[2]), url)
    if parts[0] in ("years", "compare"):
        year = parts[-1]
        return (3 if parts[0] == "years" else 4, -int(year) if year.isdigit() else 0, url)
    return (5, 0, url)


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
    return _SPACE.sub(" ", unescape(_TAG.sub("", _BLOCK.sub(" ", html)))).strip()


class Index:
    """The index of a site, built as pages are added; :meth:`write` writes the shards."""

    def __init__(self, out_dir: Path, urls: Iterable[str] = ()) -> None:
        self.out_dir = out_dir
        # Ids in result order, for the pages known in advance; any other page is added after.
        self._ids = {url: i for i, url in enumerate(sorted(set(urls), key=rank))}
        self._next = len(self._ids)
        self._names: dict[str, list[int]] = {}
        self._text: dict[int, list[int]] = {}  # keyed by codes(): strings only when written
        self._added = 0
        if out_dir.exists():
            shutil.rmtree(out_dir)
        (out_dir / "p").mkdir(parents=True)

    def add(self, url: str, title: str, html: str) -> None:
        """Index one page (``url`` from the site root, e.g. ``/bodies/x/2023/``; HTML content)."""
        page = self._ids.get(url)
        if page is None:
            page = self._ids[url] = self._next
            self._next += 1
        heading, parts = sections(html)
        aka = " ".join(_text(m) for m in _AKA.findall(html))
        record = {"u": url, "t": title, "s": parts}
        path = self.out_dir / "p" / f"{page}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        names = normalize(f"{title} {heading} {aka}")
        text = normalize(" ".join(f"{s[1]} {s[2]}" for s in parts))
        _post(self._names, tokens(names, singles=True), page)
        _post(self._text, codes(f"{names} {text}"), page)
        self._added += 1

    def write(self) -> int:
        """Write the shards and the manifest; return the number of pages indexed."""
        counts = {}
        text = {_token(code): postings for code, postings in self._text.items()}
        for name, index in (("n", self._names), ("t", text)):
            counts[name] = _write_shards(self.out_dir / name, index)
        # Where each kind of page starts among the ids: search.js lists text matches reports
        # first (a passage of prose is looked for in reports), names matches in id order.
        groups: list[list[Any]] = []
        for url, page in sorted(self._ids.items(), key=lambda item: item[1]):
            kind = KINDS[rank(url)[0]]
            if not groups or groups[-1][0] != kind:
                groups.append([kind, page])
        manifest = {"version": VERSION, "pages": self._added, "shards": counts, "kinds": groups}
        (self.out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return self._added


def _post(index: dict[Any, list[int]], found: set[Any], page: int) -> None:
    get = index.get
    for token in found:
        postings = get(token)
        if postings is None:
            index[token] = [page]
        else:
            postings.append(page)


def _write_shards(folder: Path, index: dict[str, list[int]]) -> int:
    total = sum(len(p) for p in index.values())
    shards = 1
    while shards < MAX_SHARDS and shards * SHARD_POSTINGS < total:
        shards *= 2
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for token, postings in index.items():
        postings.sort()  # pages arrive in build order; ids are in result order
        buckets[shard(token, shards)][token] = [postings[0]] + [
            b - a for a, b in pairwise(postings)
        ]
    folder.mkdir(parents=True, exist_ok=True)
    for k, bucket in enumerate(buckets):
        # Sorted: the same site always gives the same bytes (sets come in hash order).
        text = json.dumps(bucket, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (folder / f"{k}.json").write_text(text, encoding="utf-8")
    return shards
