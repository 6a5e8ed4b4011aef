"""Generated pages put into the theme without running its templates for each one.

mkdocs-material's templates cost about 0.8 ms a page: 12 of the main process's 36 CPU seconds at a
province's 15,000 pages, the largest single part of the build (with skeletons, mkdocs's whole page
loop takes 7 CPU seconds instead of 18.6). But the pages outside the
navigation (every body, report, region and comparison page) differ, once the theme has wrapped
them, only in a few values of their own: their title, description, canonical address, content,
the anchor of their first heading, and the relative links to the rest of the site.

So a page of a given *shape* is rendered once more with stand-ins for those values (letters from
Unicode's private use area, which none of the theme's filters changes); the result, split at the
stand-ins, is the shape's *skeleton*, and another page of the same shape is its skeleton with its
own values put in. A page's shape is everything else the templates read of it: its folder depth
(``base_url``), which values it has at all, whether its content has a heading of its own, its
table of contents below the first heading, and what each link the templates made comes to from
this page (recorded through the ``url`` filter, as :mod:`generator.site.navigation` does).

Why this is exact, and what happens when it would not be:

* A skeleton is trusted only once filling it has given, for **two different pages**, byte for byte
  what the theme renders for them. A value the templates transform (escaping, ``striptags``,
  ``urlencode``, truncation) or read in a way the shape does not capture shows up as a difference
  there, and that shape is rendered by the theme for every page.
* A value goes into a skeleton only when it is *plain*: no ``& < > " '`` and no whitespace that a
  filter could fold. Other pages are rendered by the theme.
* One page in :data:`CHECK_EVERY` that used a skeleton is rendered by the theme as well and
  compared. A difference there is logged as a warning (``--strict`` then fails the build) and the
  rest of the build renders every page through the theme.

``tests/test_site_build.py`` builds sites with and without skeletons and compares every page.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context
from mkdocs.structure.toc import TableOfContents

from ..render.page import tight
from .navigation import SharedNavigation

log = logging.getLogger("mkdocs.plugins.portal")

#: The template a page outside the navigation names (``page.meta["template"]``, set by the
#: plugin): it calls :meth:`Skeletons.render`, which gives what ``main.html`` would.
TEMPLATE = "portal-page.html"
THEME_TEMPLATE = "main.html"
#: Every so many pages filled from a skeleton, one is rendered by the theme too and compared.
CHECK_EVERY = 64
#: Pages of a shape compared with the theme's own rendering before its skeleton is used.
TRUSTED_AFTER = 2

_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_OPEN}([A-Z])(?:<h1)?{_CLOSE}")
_UNPLAIN = re.compile(r"[&<>\"']")
#: The stand-ins: page title, description, canonical address, first heading's anchor and text.
TITLE, DESCRIPTION, CANONICAL, ANCHOR, HEADING, CONTENT = "T", "D", "U", "I", "H", "C"
#: Shape states besides a skeleton.
_UNUSABLE = "unusable"


def _stand_in(slot: str, suffix: str = "") -> str:
    return f"{_OPEN}{slot}{suffix}{_CLOSE}"


def plain(value: str) -> bool:
    """Whether every filter the theme might apply leaves ``value`` as it is (see the module)."""
    return not _UNPLAIN.search(value) and value == " ".join(value.split())


@dataclass
class Shape:
    """A skeleton: text and slot names, alternately (``re.split`` with one group)."""

    parts: list[str]
    verified: int = 1

    def fill(self, values: dict[str, str]) -> str:
        """The skeleton with ``values`` (by slot name) in place of the stand-ins."""
        parts = self.parts[:]
        for i in range(1, len(parts), 2):
            parts[i] = values[parts[i]]
        return "".join(parts)


@dataclass
class Skeletons:
    """Renders the pages outside the navigation, from skeletons where it can (one build)."""

    env: jinja2.Environment
    shared: SharedNavigation
    enabled: bool = True
    paths: dict[tuple[Any, ...], tuple[str, ...]] = field(default_factory=dict)
    shapes: dict[tuple[Any, ...], Shape | str] = field(default_factory=dict)
    filled: int = 0  # pages made from a skeleton (tests and the benchmark read it)
    rendered: int = 0  # pages the theme rendered in full

    def render(self, context: Context) -> str:
        """The page of ``context`` as the theme's ``main.html`` renders it."""
        data = context.get_all()
        page = data["page"]
        values = _values(page) if self.enabled else None
        if values is None:
            return self._theme(data)
        flags = _flags(page, data, values)
        paths = self.paths.get(flags)
        key = None if paths is None else self._key(flags, paths, page, data)
        shape = None if key is None else self.shapes.get(key)
        if shape is _UNUSABLE:
            return self._theme(data)
        if isinstance(shape, Shape) and shape.verified >= TRUSTED_AFTER:
            self.filled += 1
            html = shape.fill(values)
            if self.filled % CHECK_EVERY:
                return html
            themed = self._theme(data)
            if themed != html:
                self.enabled = False
                log.warning(
                    "portal: 页面骨架与主题逐页渲染的结果不同（%s），本次构建其余页面改为逐页渲染；"
                    "请把此提示报告给维护者",
                    page.file.src_uri,
                )
            return themed
        html = self._theme(data)
        if isinstance(shape, Shape):
            # A second page of a known shape: the skeleton is trusted once it gives this one too.
            if shape.fill(values) == html:
                shape.verified += 1
            else:
                self.shapes[key] = _UNUSABLE  # type: ignore[index]
            return html
        parts, paths = self._skeleton(page, data, values)
        key = self._key(flags, paths, page, data)
        if key in self.shapes:  # a page of a new route reached a known shape: leave it as it is
            return html
        self.paths.setdefault(flags, paths)
        made = Shape(parts)
        self.shapes[key] = made if made.fill(values) == html else _UNUSABLE
        return html

    def _theme(self, data: dict[str, Any]) -> str:
        self.rendered += 1
        return tight(self.env.get_template(THEME_TEMPLATE).render(data))

    def _skeleton(
        self, page: Any, data: dict[str, Any], values: dict[str, str]
    ) -> tuple[list[str], tuple[str, ...]]:
        """The page rendered with stand-ins for its own values, and the links it made."""
        with self.shared.record() as paths:
            text = self._theme({**data, "page": _probe(page, values)})
        self.rendered -= 1  # not a page of the site
        # Each link once; an anchor (the stand-in's) is the same from every page.
        return _SLOT.split(text), tuple(dict.fromkeys(p for p in paths if not p.startswith("#")))

    def _key(
        self, flags: tuple[Any, ...], paths: tuple[str, ...], page: Any, data: dict[str, Any]
    ) -> tuple[Any, ...]:
        place = {"page": page, "base_url": data.get("base_url", "")}
        url = self.shared.url
        return (flags, paths, *(url(place, p) for p in paths))


def _values(page: Any) -> dict[str, str] | None:
    """The page's own values, or None when one of them is not plain (the theme renders it)."""
    meta = page.meta or {}
    title = meta.get("title")
    if not isinstance(title, str) or not title or not plain(title) or page.title != title:
        return None
    values = {TITLE: title, CONTENT: page.content or ""}
    description = meta.get("description")
    if description:
        if not isinstance(description, str) or not plain(description):
            return None
        values[DESCRIPTION] = description
    if page.canonical_url:
        if not plain(page.canonical_url):
            return None
        values[CANONICAL] = page.canonical_url
    first = next(iter(page.toc or ()), None)
    if first is not None:
        if not plain(first.id) or not plain(first.title):
            return None
        values[ANCHOR], values[HEADING] = first.id, first.title
    return values


def _flags(page: Any, data: dict[str, Any], values: dict[str, str]) -> tuple[Any, ...]:
    """What the templates read of the page besides its own values (its shape, less its links)."""
    meta = page.meta or {}
    others = tuple(
        sorted((k, repr(v)) for k, v in meta.items() if k not in ("title", "description"))
    )
    items = list(page.toc or ())
    first = items[0] if items else None
    return (
        data.get("base_url", ""),
        tuple(sorted(values.keys() - {CONTENT})),
        "<h1" in values[CONTENT],
        others,
        None if first is None else (first.level, _toc(first.children)),
        _toc(items[1:]),
        page.is_homepage,
        page.edit_url,
        page.previous_page is None,
        page.next_page is None,
        page.parent is None,
    )


def _toc(items: Any) -> tuple[Any, ...]:
    return tuple((i.title, i.id, i.level, _toc(i.children)) for i in items)


def _probe(page: Any, values: dict[str, str]) -> Any:
    """A copy of ``page`` with a stand-in for each of its own values."""
    probe = copy.copy(page)
    probe.meta = {**page.meta, "title": _stand_in(TITLE)}
    probe.title = _stand_in(TITLE)  # mkdocs reads it from the meta; a copy may hold its own
    if DESCRIPTION in values:
        probe.meta["description"] = _stand_in(DESCRIPTION)
    if CANONICAL in values:
        probe.canonical_url = _stand_in(CANONICAL)
    # The theme looks for a heading of the page's own in its content: the stand-in has one too.
    probe.content = _stand_in(CONTENT, "<h1" if "<h1" in values[CONTENT] else "")
    items = list(page.toc or ())
    if items:
        first = copy.copy(items[0])  # its children and marks (``active``) as they are
        first.title, first.id = _stand_in(HEADING), _stand_in(ANCHOR)
        probe.toc = TableOfContents([first, *items[1:]])
    return probe


def install(env: jinja2.Environment, shared: SharedNavigation) -> Skeletons:
    """Make ``portal_page`` (what :data:`TEMPLATE` calls) available to ``env`` (one build)."""
    skeletons = Skeletons(env, shared)

    @pass_context
    def portal_page(context: Context) -> str:
        return skeletons.render(context)

    env.globals["portal_page"] = portal_page
    env.globals["portal_skeletons"] = skeletons
    return skeletons
