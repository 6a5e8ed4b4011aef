"""Parts every page is made of: front matter, headings with stable anchors, links, breadcrumbs."""

from __future__ import annotations

from html import escape

from .. import urls
from ..analysis.names import Names, body_names
from ..analysis.portal import BodyView, Portal
from ..content import prose
from .page import FrontMatter, Heading, Html


def front_matter(title: str, description: str = "") -> FrontMatter:
    """The page's title and description for the theme, HTML-escaped (they hold content's names)."""
    return FrontMatter(escape(title), escape(description))


def heading(level: int, text: str, anchor: str = "") -> Heading:
    """A heading (indexed by search) with a stable anchor; :class:`Page` writes its HTML."""
    return Heading(level, text, anchor)


def a(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def breadcrumb(
    portal: Portal, src: str, region_id: str | None, extra: list[str] | None = None
) -> str:
    """地区 › 省 › 市 › 县 (› extra…), as links; helps readers place a body."""
    items = [a(urls.link(src, urls.REGIONS), "地区")]
    items += [
        a(urls.link(src, urls.region(r.id)), r.short_name or r.name)
        for r in portal.region_path(region_id)
    ]
    items += extra or []
    return (
        '<nav class="pt-breadcrumb" aria-label="位置" data-search-exclude>'
        + " › ".join(items)
        + "</nav>\n\n"
    )


def also_known_as(portal: Portal, body: BodyView) -> str:
    """The body's other names, its place and kind of office, so that search finds it by any of
    them (and tells its own names from its context: search.text.related_names reads the spans)."""
    return names_line(body_names(portal, body))


def names_line(names: Names) -> str:
    """The “相关名称” line (the first own name is the page's title, not repeated)."""
    parts = []
    for label, kind, items in (
        ("", "own", names.own[1:]),
        ("所在地区：", "context", names.places),
        ("机关类别：", "context", names.offices),
    ):
        if items:
            text = "、".join(escape(n) for n in items)
            parts.append(f'{label}<span class="pt-aka-{kind}">{text}</span>')
    return f'<p class="pt-aka">相关名称：{"；".join(parts)}</p>\n\n' if parts else ""


def meta_table(caption: str, rows: list[tuple[str, str]]) -> str:
    # A label per row (already HTML); the caption is for screen readers, the heading says it.
    cells = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (
        f'<table class="pt-meta"><caption class="pt-sr">{caption}</caption>'
        f"<tbody>{cells}</tbody></table>\n\n"
    )


def prose_block(text: object) -> str:
    """A prose section (:func:`generator.content.prose.section`) as a block of the page."""
    html = prose.section(text)
    return Html(html) if html else ""
