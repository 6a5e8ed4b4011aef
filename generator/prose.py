"""A report's prose sections (Markdown written by agency staff) as parts of a page.

Most report prose is plain text: paragraphs with no Markdown syntax at all. Python-Markdown
would still try each of its inline patterns at every character of them, and at a province's
scale that was most of mkdocs's own work on a report page. A section whose text cannot contain
any Markdown syntax is therefore written here as the HTML Markdown makes of it (``<p>`` per
paragraph) and kept out of Markdown as an :class:`~generator.page.Html` block. Any section with
anything that might be syntax goes through Markdown whole, as before: the decision is per
section, because in Markdown one block can change how the next is read (an open HTML tag, a
list continued by an indented paragraph).

``tests/test_prose.py`` checks, for generated text of every kind, that the fast path gives
exactly what Markdown (with the site's extensions) gives.
"""

from __future__ import annotations

import re

from .page import Html

# Characters that mean something to Markdown or its extensions anywhere in a line (emphasis,
# code, links, images, raw HTML, entities, escapes, attribute lists, tables), tabs (Markdown
# expands them) and control characters (Markdown uses \x02 and \x03 internally).
_INLINE = re.compile(r"[\\`*_\[\]!<>&{}|#\x00-\x09\x0b-\x1f\x7f]")
# Lines whose start means something: indentation (code, list continuation), list markers,
# headings, quotes, rules and setext underlines; trailing spaces (a line break). Lines of
# nothing but spaces are blank lines to Markdown, as here.
_LINE = re.compile(r"^[ \t]+\S|^[-+*=>#]|^\d+[.)]|\S[ \t]+$", re.MULTILINE)
# Markdown's own idea of a blank line: nothing but spaces and tabs.
_BLANK = re.compile(r"\n[ \t]*\n[ \t\n]*")


def is_plain(text: str) -> bool:
    """Whether Markdown would read ``text`` as nothing but paragraphs of literal text."""
    return _INLINE.search(text) is None and _LINE.search(text) is None


def section(text: object) -> str:
    """One prose section as a page part: HTML when it is plain text, else its Markdown.

    Empty or missing text gives ``""`` (the page leaves the part out).
    """
    if not isinstance(text, str) or not text.strip():
        return ""
    source = text.strip()
    if not is_plain(source):
        return source + "\n\n"
    # Markdown strips a paragraph's leading whitespace, full-width spaces (　) included, and
    # reads a block of nothing but such spaces as no paragraph at all (that is left to it).
    paragraphs = [p.lstrip() for p in _BLANK.split(source)]
    if not all(paragraphs):
        return source + "\n\n"
    return Html("\n".join(f"<p>{p}</p>" for p in paragraphs) + "\n\n")
