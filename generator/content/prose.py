"""A report's prose sections (Markdown written by agency staff) as safe HTML blocks.

Prose comes from many hands and the site is official, so prose Markdown is converted here, by a
Markdown reader of its own, never by mkdocs's (which passes raw HTML through):

* **Raw HTML is text.** ``<script>``, ``<iframe>``, ``<style>``, event-handler attributes and
  HTML comments are shown as the characters typed, never as markup.
* **Links must be web or mail addresses.** ``http(s)://``, ``mailto:``, ``tel:`` and ``#…``
  links stay links; any other (``javascript:``, ``data:``, relative paths) keeps its text and
  loses the link.
* **No images.** An image would be fetched from another host (the site loads nothing from other
  hosts) or from a ``data:`` address; its description is shown instead.
* **No attribute lists** (``{: onclick=…}``): the ``attr_list`` extension is not enabled here.
* **Headings inside prose start at level 3**, under the section's own level-2 heading.
* **No pathological Markdown.** Python-Markdown's time grows faster than the text with the
  number of ``[`` (4,000 take 4 s), of emphasis marks (100,000 take 8 s) and with list depth; a
  section with more than :data:`MAX_MARKS` of those marks, or lines indented :data:`MAX_INDENT`
  spaces or more, is shown as plain text instead. Real reports have a few dozen marks at most.

:func:`hazards` says what was made inert, in words for the validator's warnings.

Most report prose is plain text: paragraphs with no Markdown syntax at all. Such a section is
written directly as the ``<p>`` blocks Markdown would make of it, without running Markdown (at a
province's scale that was most of the Markdown work of a report page). The decision is per
section, because in Markdown one block can change how the next is read. ``tests/test_prose.py``
checks, for generated text of every kind, that the fast path gives exactly what Markdown gives.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

# Characters that mean something to Markdown or its extensions anywhere in a line (emphasis,
# code, links, images, raw HTML, entities, escapes, attribute lists, tables), tabs (Markdown
# expands them) and control characters (Markdown uses \x02 and \x03 internally).
_INLINE = re.compile(r"[\\`*_\[\]!<>&{}|#\x00-\x09\x0b-\x1f\x7f]")
# Lines whose start means something: indentation (code, list continuation), list markers,
# headings, quotes, rules and setext underlines. Searched in "\n" + text: a pattern that begins
# with a literal character lets the engine jump from line break to line break (a `^` under
# MULTILINE is tried at every character: 10x slower, seconds at a province's scale).
_LINE_START = re.compile(r"\n(?:[ \t]+[^ \t\n]|[-+*=>#]|\d+[.)])")
# Trailing spaces after text (a line break). Lines of nothing but spaces are blank lines to
# Markdown, as here.
_TRAILING = re.compile(r"[^ \t\n][ \t]+$", re.MULTILINE)
# Markdown's own idea of a blank line: nothing but spaces and tabs.
_BLANK = re.compile(r"\n[ \t]*\n[ \t\n]*")

#: Link targets that stay links; anything else is shown as text (an allow-list: an address
#: disguised with tabs, entities or case cannot slip through).
SAFE_LINK = re.compile(r"^(?:https?://|mailto:|tel:|#)", re.IGNORECASE)
# What raw HTML looks like (a tag or a comment); autolinks such as <http://…> are not tags.
_RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|!--)")


#: Most marks (``[ ] * _ ` >``) a section may hold and still be read as Markdown (``>`` nests
#: quotes: 1.6 MB of them took Markdown 12 s).
MAX_MARKS = 500
_MARKS = re.compile(r"[\[\]*_`>]")
#: Lines indented this much (about ten list levels) make a section plain text.
MAX_INDENT = 40
_DEEP = re.compile(rf"^[ \t]{{{MAX_INDENT}}}", re.MULTILINE)


def _too_complex(text: str) -> str | None:
    if len(_MARKS.findall(text)) > MAX_MARKS:
        return f"格式符号（[ ] * _ ` >）超过 {MAX_MARKS} 个"
    if _DEEP.search(text):
        return f"有缩进 {MAX_INDENT} 格以上的行"
    return None


class _Inert(Treeprocessor):
    """Unlinks unsafe links, replaces images by their description, lowers headings."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.notes: list[str] = []

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    alt = child.get("alt") or ""
                    self.notes.append(
                        f"图片（{_short(child.get('src') or '')}）不会显示，"
                        "只显示它的说明文字；报告正文里不能插入图片"
                    )
                    span = etree.Element("span")
                    span.text = f"[图片：{alt}]" if alt else "[图片]"
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
        for element in root.iter():
            if element.tag == "a":
                href = (element.get("href") or "").strip()
                if not SAFE_LINK.match(href):
                    self.notes.append(
                        f"链接地址“{_short(href)}”不是网址或邮箱，只显示文字，不做成链接"
                    )
                    element.attrib.pop("href", None)
            elif element.tag in ("h1", "h2", "h3", "h4", "h5"):
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


def _tag(start: str) -> str:
    return "<!-- -->" if start == "<!--" else "<" + start.lstrip("</").lower() + ">"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _reader() -> tuple[markdown.Markdown, _Inert]:
    md = markdown.Markdown(extensions=["tables", "admonition"])
    # Without these two, raw HTML is not recognised: it stays text and is escaped on output.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    inert = _Inert(md)
    # After the inline patterns (priority 20) have made the links and images.
    md.treeprocessors.register(inert, "portal-inert", 15)
    return md, inert


_MD, _INERT = _reader()


def convert(text: str) -> str:
    """Prose Markdown → safe HTML (see the module's rules), then through an allow-list sanitizer.

    The reader above already makes raw HTML text and unsafe links inert; nh3 (ammonia) after it
    is defence in depth: only the elements and attributes this reader can make survive, links
    only to web, mail and phone addresses. Its output is written back in Markdown's spelling
    (a no-break space as the character, ``<br />``, ``<hr />``; nh3 writes ``&nbsp;``, ``<br>``),
    so a section it has nothing to remove from comes out byte for byte as before: none of the
    4,254 prose sections of the real content and a 300-body fictional province changed
    (0.02 ms a section).
    """
    _MD.reset()
    _INERT.notes = []
    clean = nh3.clean(
        _MD.convert(text),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # In nh3's output "<" and "&" of text are escaped, so these spellings are only its own.
    return clean.replace("&nbsp;", "\xa0").replace("<br>", "<br />").replace("<hr>", "<hr />")


# What the reader makes of Markdown (with the tables and admonition extensions), and nothing else.
_ALLOWED_TAGS = {
    "p",
    "a",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "br",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "div": {"class"},
    "p": {"class"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def hazards(text: object) -> list[str]:
    """What in ``text`` will not reach the page as written, in words for a warning."""
    if not isinstance(text, str) or is_plain(text.strip()):
        return []
    complex_ = _too_complex(text)
    if complex_:
        return [f"这段文字{complex_}，按纯文字显示（不解读 Markdown 格式）"]
    notes = []
    tags = sorted({_tag(m.group(0)) for m in _RAW_HTML.finditer(text)})
    if tags:
        notes.append(f"HTML 标记（{'、'.join(tags[:5])}）不会生效，按原样显示为文字")
    convert(text)
    return notes + _INERT.notes


def is_plain(text: str) -> bool:
    """Whether Markdown would read ``text`` as nothing but paragraphs of literal text."""
    if _INLINE.search(text) or _LINE_START.search("\n" + text):
        return False
    # Only a space or tab before a line's end can make a line break; the slower pattern runs
    # on those texts alone.
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        return _TRAILING.search(text) is None
    return True


def section(text: object) -> str:
    """One prose section as HTML for the page; ``""`` when it has no text.

    The page builder places it as a block of its own (``render.parts.prose_block``)."""
    if not isinstance(text, str) or not text.strip():
        return ""
    source = text.strip()
    if is_plain(source):
        # Markdown strips a paragraph's leading whitespace, full-width spaces (　) included.
        paragraphs = [p.lstrip() for p in _BLANK.split(source)]
        # A block of nothing but full-width spaces is no paragraph to Markdown: left to it.
        if all(paragraphs):
            return _paragraphs(paragraphs)
    if _too_complex(source):
        return _paragraphs([escape(p.strip()) for p in _BLANK.split(source) if p.strip()])
    return convert(source) + "\n\n"


def _paragraphs(paragraphs: list[str]) -> str:
    # The HTML Markdown makes of paragraphs of literal text (already escaped where needed).
    return "\n".join(f"<p>{p}</p>" for p in paragraphs) + "\n\n"
