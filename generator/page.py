"""A generated page, and the HTML blocks that bypass Markdown.

Most of a portal page is HTML the portal writes itself: official tables, charts (with their
figure JSON), sortable index tables. Python-Markdown would pass such blocks through unchanged,
but only after parsing every tag of them to find where they end — at a province's scale that
parsing was most of the build. So a page keeps those blocks (:class:`Html`) apart: its Markdown
carries a placeholder comment in their place, and :mod:`generator.plugin` puts them back into the
converted page (``on_page_content``). The result is the same HTML, without the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PLACEHOLDER = "<!--pt-fragment:{}-->"
_PREFIX = "<!--pt-fragment"
_PLACEHOLDER_RE = re.compile(r"<!--pt-fragment:(\d+)-->")


class Html(str):
    """A complete block of HTML made by the portal (balanced tags), kept out of Markdown."""


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its title, and its Markdown with fragments apart."""

    src: str
    title: str
    body: str  # Markdown; a placeholder comment stands where each fragment goes
    fragments: tuple[str, ...] = ()

    @classmethod
    def of(cls, src: str, title: str, parts: Iterable[str]) -> Page:
        """Join a page's parts; :class:`Html` parts become fragments, the rest is Markdown."""
        body: list[str] = []
        fragments: list[str] = []
        for part in parts:
            if not part:
                continue
            if isinstance(part, Html):
                # A placeholder must be a block of its own, or Markdown would put it in a <p>.
                if body and not body[-1].endswith("\n\n"):
                    raise ValueError(f"{src}: an HTML block must start a new paragraph")
                core = part.rstrip("\n")
                body.append(PLACEHOLDER.format(len(fragments)) + part[len(core) :])
                fragments.append(core)
            elif _PREFIX in part:
                # Text from content can never pass for a placeholder.
                body.append(part.replace(_PREFIX, "&lt;!--pt-fragment"))
            else:
                body.append(part)
        return cls(src, title, "".join(body), tuple(fragments))

    @property
    def markdown(self) -> str:
        """The whole page as Markdown, fragments in place (``portal render``, golden files)."""
        return fill(self.body, self.fragments)


def fill(text: str, fragments: tuple[str, ...]) -> str:
    """Put the fragments back where their placeholders are (in Markdown or converted HTML)."""
    if not fragments:
        return text
    return _PLACEHOLDER_RE.sub(lambda m: fragments[int(m.group(1))], text)
