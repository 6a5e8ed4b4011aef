"""A generated page: HTML the portal writes itself, with its title, headings and HTML blocks.

Generated pages never go through Markdown. Everything on them is made by the portal: official
tables, charts, index tables, and prose that :mod:`generator.content.prose` has already turned into safe
HTML. Python-Markdown would pass all of that through unchanged, but only after parsing every tag
to find where each block ends; at a province's scale that parsing was most of the build (48 s of
Markdown for 15,000 pages whose own text is a few headings). So a page is HTML, and it carries
what Markdown used to work out: the headings' ids and permalinks, the table of contents, and the
title and description the theme needs. :mod:`generator.site.plugin` hands these to mkdocs.

Blocks that search leaves out (tables, charts, cards) are kept apart as :class:`Html` fragments,
with a placeholder comment in their place, so the plugin can send search the page without them
and the reader the page with them (:func:`fill`).

A site build renders each page as mkdocs is about to write it (:mod:`generator.render.stream`)
and hands it over as :class:`Ready`: the reader's HTML and search's text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from markdown.extensions.toc import nest_toc_tokens, slugify, unique

PLACEHOLDER = "<!--pt-fragment:{}-->"
_PREFIX = "<!--pt-fragment"
_PLACEHOLDER_RE = re.compile(r"<!--pt-fragment:(\d+)-->")

#: What the ``toc`` extension (``permalink: true`` in mkdocs.yml) adds to a heading, so generated
#: and hand-written pages have the same permalinks (a test compares the two).
PERMALINK = '<a class="headerlink" href="#{id}" title="本节链接">&para;</a>'


class Html(str):
    """A complete block of HTML made by the portal (balanced tags), kept apart as a fragment."""


@dataclass(frozen=True)
class Heading:
    """A heading (indexed by search); without an anchor its id is made from its text."""

    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class FrontMatter:
    """The page's title and description for the theme (``<title>``, ``<meta>``, the header).

    HTML-escaped: the theme puts both into the page as they are, and they hold names from content.
    """

    title: str
    description: str = ""

    def yaml(self) -> str:
        """As the front matter of a source file (``portal render``)."""
        lines = ["---", f"title: {_yaml_str(self.title)}"]
        if self.description:
            lines.append(f"description: {_yaml_str(self.description)}")
        return "\n".join([*lines, "---"]) + "\n\n"


#: What a page is made of, in order (see :meth:`Page.of`).
Part = str | Heading | FrontMatter


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    name: str  # HTML


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its title, and its HTML with fragments apart."""

    src: str
    title: str
    body: str  # HTML; a placeholder comment stands where each fragment goes
    fragments: tuple[str, ...] = ()
    meta: FrontMatter | None = None
    toc: tuple[TocEntry, ...] = ()

    @classmethod
    def of(cls, src: str, title: str, parts: Iterable[Part]) -> Page:
        """Join a page's parts: headings get ids and permalinks, :class:`Html` become fragments.

        Text parts are HTML. Ids follow the ``toc`` extension: an anchor as given; otherwise the
        heading's text made into a slug, unique on the page (``_1``, ``_2`` … when empty).
        """
        parts = [p for p in parts if p]
        used = {p.anchor for p in parts if isinstance(p, Heading) and p.anchor}
        counters: dict[str, int] = {}
        body: list[str] = []
        fragments: list[str] = []
        toc: list[TocEntry] = []
        meta = None
        for part in parts:
            if isinstance(part, FrontMatter):
                meta = part
            elif isinstance(part, Heading):
                text = escape(_one_line(part.text), quote=False)
                anchor = part.anchor or unique(slugify(_one_line(part.text), "-"), used, counters)
                toc.append(TocEntry(part.level, anchor, text))
                tag = f"h{part.level}"
                body.append(
                    f'<{tag} id="{escape(anchor)}">{text}'
                    f"{PERMALINK.format(id=escape(anchor))}</{tag}>\n\n"
                )
            elif isinstance(part, Html):
                core = part.rstrip("\n")
                body.append(PLACEHOLDER.format(len(fragments)) + part[len(core) :])
                fragments.append(core)
            elif _PREFIX in part:
                # Text from content can never pass for a placeholder.
                body.append(part.replace(_PREFIX, "&lt;!--pt-fragment"))
            else:
                body.append(part)
        return cls(src, title, "".join(body), tuple(fragments), meta, tuple(toc))

    @property
    def html(self) -> str:
        """The page's content as the reader gets it, fragments in place."""
        return fill(self.body, self.fragments)

    @property
    def source(self) -> str:
        """The page as a source file: front matter and HTML (``portal render``, golden files)."""
        return (self.meta.yaml() if self.meta else "") + self.html

    def toc_tokens(self) -> list[dict[str, object]]:
        """The headings as the ``toc`` extension's nested tokens (what mkdocs builds its toc from)."""
        return _toc_tokens(self.toc)


def fill(text: str, fragments: tuple[str, ...]) -> str:
    """Put the fragments back where their placeholders are."""
    if not fragments:
        return text
    return _PLACEHOLDER_RE.sub(lambda m: fragments[int(m.group(1))], text)


def _one_line(text: str) -> str:
    # A line break in a title would end the heading or the front-matter line early.
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def _yaml_str(text: str) -> str:
    # JSON strings are YAML double-quoted scalars; control characters come out escaped.
    return json.dumps(_one_line(text), ensure_ascii=False)


_INDENT = re.compile(r"\n[ \t\r\n]+")
_VERBATIM = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)


def tight(html: str) -> str:
    """``html`` with each line's indentation and the blank lines between removed.

    A browser shows any run of whitespace between words as one space, and none between block
    elements, so the page looks the same; the theme's templates indent every line, a sixth of
    a report page. ``<pre>`` and ``<textarea>`` keep their whitespace. The site builder gives
    the theme's output and the pages' own content the same treatment (:func:`tight` of it is
    itself), so that a page made from a skeleton and the same page rendered by the theme stay
    byte for byte equal.
    """
    if "<pre" not in html and "<textarea" not in html:
        return _INDENT.sub("\n", html).strip()
    parts = _VERBATIM.split(html)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            out.append(_INDENT.sub("\n", part))
        elif i % 3 == 1:
            out.append(part)
    return "".join(out).strip()


#: A block of a page whose first tag carries this is left out of the search index: the number
#: tables, charts, key-figure cards and breadcrumbs (the builders mark them).
SEARCH_EXCLUDE = "data-search-exclude"


def indexable(fragment: str) -> bool:
    """Whether an HTML block of a page goes into the search index (its first tag is not
    marked :data:`SEARCH_EXCLUDE`)."""
    return SEARCH_EXCLUDE not in fragment[: fragment.find(">") + 1]


def search_text(page: Page) -> str:
    """What search gets of a generated page: the page without the blocks search leaves out."""
    return fill(page.body, tuple(f if indexable(f) else "" for f in page.fragments))


@dataclass(frozen=True, slots=True)
class Ready:
    """A page as the site builder takes it: its content :func:`tight`, and what search gets of
    it (:func:`search_text`)."""

    src: str
    title: str
    meta: FrontMatter | None
    toc: tuple[TocEntry, ...]
    html: str
    search_text: str

    @classmethod
    def of(cls, page: Page) -> Ready:
        """``page`` ready for the site."""
        return cls(page.src, page.title, page.meta, page.toc, tight(page.html), search_text(page))

    def toc_tokens(self) -> list[dict[str, object]]:
        """The headings as the ``toc`` extension's nested tokens (see :meth:`Page.toc_tokens`)."""
        return _toc_tokens(self.toc)


def _toc_tokens(toc: tuple[TocEntry, ...]) -> list[dict[str, object]]:
    flat = [{"level": e.level, "id": e.id, "name": e.name} for e in toc]
    return nest_toc_tokens(flat)  # the extension's own nesting, skipped levels included
