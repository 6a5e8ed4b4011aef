"""Site search: a chunked index of character pairs, written by the portal as the pages are built.

Chinese has no spaces between words, and a search box must find 信访局 whether or not a word
segmenter would have cut the text there. So the index is the standard one for CJK text (Lucene's
``CJKBigramFilter`` works the same way): every pair of neighbouring letters or digits is a token.
Han characters and other letters or digits are kept apart (沙县2022 is the words 沙县 and
2022), on both sides. The browser (``site_overrides/assets/javascripts/search.js``) ranks the
pages holding the query's pairs; a page need not hold every pair (a near variant of a name still
finds it), but pages holding all of them come first.

Under ``search/`` in the built site:

* ``manifest.json`` — the format version, page count, the number of shards of each index, and
  where each kind of page (and each year of it) starts among the ids;
* ``n/<k>.json`` — the *names* index: title, main heading and the “相关名称” line (single
  letters too, so one-character queries and the nearest-name suggestions work). Each posting
  says how closely the name fits: whether the pair is in one of the page's own names (a body's
  name, short name, place plus kind of office) or only in its context (its place, its kind of
  office), and the length of the shortest such name holding it (so 三明 fits 三明市 better than
  三明市沙县区人民政府办公室);
* ``t/<k>.json`` — the *text* index: everything indexed, each posting with how often the pair
  occurs in the page (in buckets), for ranking by term frequency;
* ``p/<id>.json`` — one page: address, title, and its sections (anchor, heading, text) for the
  excerpt and the links to sections.

A shard maps a token to its postings, each one number: the difference to the previous page id,
shifted left, with the posting's weight in the low bits (:data:`NAME_BITS`, :data:`TEXT_BITS`).
Page ids follow :func:`rank` (bodies, regions, reports newest year first, years, comparisons,
the rest), so the manifest can give each kind and year as a range of ids. A query fetches the
manifest, one shard of each index per token and the records of the results it shows: tens of
KB, however large the site (``benchmarks/weight_bench.py`` measures it).

What is indexed: the page content only — not the header, navigation or footer — and within it
neither the number tables, charts, key-figure cards and breadcrumbs (``data-search-exclude``,
left out before the page is sent) nor the heading permalinks (¶).
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .text import code, counted, normalize, related_names, sections, tokens

#: Where the index goes within the site.
OUTPUT = "search"
VERSION = 2
#: About this many postings per shard (a shard is then ~10 KB before compression).
SHARD_POSTINGS = 4096
MAX_SHARDS = 4096
#: Low bits of a names posting: bit 3 = the pair is in one of the page's own names, bits 0-2 =
#: the length of the shortest such name holding it (7 = seven letters or more).
NAME_BITS = 4
NAME_LENGTH_CAP = 7
#: Low bits of a text posting: how often the pair occurs in the page for its length, as a level
#: (1-15): level ``v`` is about ``2 ** ((v - 1) / 2)`` occurrences in a page of
#: :data:`REFERENCE_LENGTH` letters (BM25's length normalisation, ``b`` = :data:`LENGTH_WEIGHT`;
#: a short page counts at most twice). Fixed, not the site's average, so that a page's postings
#: never depend on the other pages.
TEXT_BITS = 4
REFERENCE_LENGTH = 2000
LENGTH_WEIGHT = 0.75


def tf_level(count: int, length: int) -> int:
    """The text posting's weight: a pair occurring ``count`` times in a text of ``length``
    letters (see :data:`TEXT_BITS`). The definition; pages are weighed with :func:`tf_levels`."""
    density = count / _length_norm(length)
    if density < 1:
        return 1
    return min((1 << TEXT_BITS) - 1, 1 + round(2 * math.log2(density)))


def _length_norm(length: int) -> float:
    # BM25's length normalisation (see TEXT_BITS): a short page counts at most twice.
    return max(0.5, 1 - LENGTH_WEIGHT + LENGTH_WEIGHT * length / REFERENCE_LENGTH)


def tf_levels(counts: Any, length: int) -> Any:
    """:func:`tf_level` of each of ``counts`` (an array of numbers ≥ 1) at once, as an array."""
    import numpy  # (see text.counted)

    density = counts / _length_norm(length)
    # numpy's rint rounds half to even, as Python's round does.
    raised = numpy.minimum((1 << TEXT_BITS) - 1, 1 + numpy.rint(2 * numpy.log2(density)))
    return numpy.where(density < 1, 1, raised).astype(numpy.uint32)


def name_weights(own: Iterable[str], context: Iterable[str]) -> dict[str, int]:
    """Each names token of a page with how closely it fits (:data:`NAME_BITS`).

    A token in one of the page's own names beats one only in its context; among those, the
    shortest name holding it counts (its length, capped at :data:`NAME_LENGTH_CAP`).
    """
    best: dict[str, tuple[int, int]] = {}
    for own_name, names in ((1, own), (0, context)):
        for name in names:
            for word in normalize(name).split():
                fit = (own_name, -min(len(word), NAME_LENGTH_CAP))
                for token in tokens(word, singles=True):
                    if token not in best or fit > best[token]:
                        best[token] = fit
    return {t: own_name << 3 | -length for t, (own_name, length) in best.items()}


def _token(number: int) -> str:
    return chr(number) if number < 1 << 32 else chr(number & 0xFFFFFFFF) + chr(number >> 32)


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


class Index:
    """The index of a site, built as pages are added; :meth:`write` writes the shards."""

    def __init__(self, out_dir: Path, urls: Iterable[str] = ()) -> None:
        self.out_dir = out_dir
        # Ids in result order, for the pages known in advance; any other page is added after.
        self._ids = {url: i for i, url in enumerate(sorted(set(urls), key=rank))}
        self._next = len(self._ids)
        # Each index as columns of numbers (token, posting), a pair of arrays per page: a
        # province's index is millions of postings (this worker's memory is at the build's
        # peak), and grouping them by token is one sort when the shards are written.
        self._names = _Postings(NAME_BITS)
        self._text = _Postings(TEXT_BITS)
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
        aka = related_names(html)
        record = {"u": url, "t": title, "s": parts}
        path = self.out_dir / "p" / f"{page}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        names = name_weights([title, heading, *aka["own"]], aka["context"])
        text = normalize(" ".join(f"{s[1]} {s[2]}" for s in parts))
        self._names.add(page, [code(t) for t in names], list(names.values()))
        text = f"{normalize(title)} {text}"
        codes, counts = counted(text)
        self._text.add(page, codes, tf_levels(counts, len(text)))
        self._added += 1

    def write(self) -> int:
        """Write the shards and the manifest; return the number of pages indexed (once: the
        postings are dropped as they are written)."""
        counts = {}
        for name, postings in (("n", self._names), ("t", self._text)):
            counts[name] = postings.write(self.out_dir / name)
        self._names = _Postings(NAME_BITS)
        self._text = _Postings(TEXT_BITS)
        manifest = {
            "version": VERSION,
            "pages": self._added,
            "shards": counts,
            "bits": {"n": NAME_BITS, "t": TEXT_BITS},
            "kinds": self._groups(),
        }
        (self.out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return self._added

    def _groups(self) -> list[list[Any]]:
        # Where each kind of page, and each year of a kind that has years, starts among the
        # ids: search.js ranks by kind and prefers the year a query names.
        groups: list[list[Any]] = []
        for url, page in sorted(self._ids.items(), key=lambda item: item[1]):
            order, year, _ = rank(url)
            group = [KINDS[order], page, -year if year else None]
            if not groups or groups[-1][0] != group[0] or groups[-1][2] != group[2]:
                groups.append(group)
        return groups


class _Postings:
    """One index's postings, as they are added page by page, and its shards once written.

    A posting is one number: ``page << bits | weight``. They are kept as two columns, the
    token (:func:`code`) and the posting, and grouped by token only when written.
    """

    def __init__(self, bits: int) -> None:
        self.bits = bits
        self._codes: list[Any] = []
        self._postings: list[Any] = []

    def add(self, page: int, codes: Any, weights: Any) -> None:
        """One page's tokens (numbers) and each one's weight."""
        import numpy  # (see text.counted)

        if page >= 1 << (32 - self.bits):
            raise ValueError(f"too many pages for the search index: {page}")
        self._codes.append(numpy.asarray(codes, dtype=numpy.uint64))
        weights = numpy.asarray(weights, dtype=numpy.uint32)
        self._postings.append(weights | numpy.uint32(page << self.bits))

    def write(self, folder: Path) -> int:
        """Write the shards into ``folder``; return how many there are.

        Each token's postings sorted by page (pages arrive in build order, ids are in result
        order) and each page given as the difference to the one before, as search.js reads them.
        """
        import numpy  # (see text.counted)

        codes = numpy.concatenate(self._codes) if self._codes else numpy.zeros(0, numpy.uint64)
        postings = numpy.concatenate(self._postings) if self._postings else numpy.zeros(0, "u4")
        self._codes, self._postings = [], []
        order = numpy.lexsort((postings, codes))
        codes, postings = codes[order], postings[order]
        del order
        # Where each token's postings start, and each posting's page after the one before it.
        first = numpy.flatnonzero(numpy.concatenate(([True], codes[1:] != codes[:-1])))
        pages = postings >> numpy.uint32(self.bits)
        before = numpy.concatenate(([0], pages[:-1])).astype(numpy.uint32)
        before[first] = 0
        encoded = (pages - before) << numpy.uint32(self.bits) | postings & numpy.uint32(
            (1 << self.bits) - 1
        )
        del pages, before, postings
        shards = 1
        while shards < MAX_SHARDS and shards * SHARD_POSTINGS < len(encoded):
            shards *= 2
        ends = [*first[1:].tolist(), len(encoded)]
        held: list[list[tuple[str, int, int]]] = [[] for _ in range(shards)]
        for start, end, number in zip(first.tolist(), ends, codes[first].tolist(), strict=True):
            token = _token(number)
            held[shard(token, shards)].append((token, start, end))
        folder.mkdir(parents=True, exist_ok=True)
        for k, entries in enumerate(held):
            bucket = {token: encoded[start:end].tolist() for token, start, end in entries}
            # Keys sorted: the same site always gives the same bytes.
            text = json.dumps(bucket, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            (folder / f"{k}.json").write_text(text, encoding="utf-8")
        return shards
