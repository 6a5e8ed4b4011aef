"""A line-based reader for the plain YAML shape our report files use, ~5x faster than libyaml.

Why: a province holds tens of thousands of reports and libyaml (through PyYAML) costs ~1 ms per
file even before any check. Report files written by ``yamlwrite`` (and hand-edited in place) use
a small, regular subset of YAML:

* ``key: value`` lines, nested by indentation; ``- key: value`` items in lists of mappings;
* flow rows ``[1, 0, null, "/"]``; double-quoted strings without escapes; literal blocks ``|``/``|-``;
* plain scalars, comments, blank lines.

:func:`parse` reads exactly that subset and returns ``None`` (meaning "ask libyaml") at the first
thing outside it — any tab, anchor, escape, single quote, folded block, flow mapping, duplicate
key, YAML 1.1 trap, unusual indentation. So it never has to be right about hard cases; it only
has to agree with libyaml on easy ones, which tests check on all real content and on generated
documents.
"""

from __future__ import annotations

import re
from typing import Any

MAX_INDENT = 40
# A report file has ~150 lines. Longer files go to the careful path, which caps the node count.
MAX_LINES = 5_000

_KEY_LINE = re.compile(r"( *)(- )?([A-Za-z0-9_][A-Za-z0-9_-]*):(?: +(.*))?")
_FLOW = re.compile(r"\[([^\[\]{}]*)\](?: +#.*)?")
_QUOTED = re.compile(r'"([^"\\]*)"(?: +#.*)?')
_BLOCK = re.compile(r"\|(-?)(?: +#.*)?")
_FLOW_ITEM = re.compile(r'"[^"\\,]*"|[^\s"\',#&*!|>%@`?:-][^"\',#:]*|-[0-9][0-9.]*')
_PLAIN_START_BAD = set("-?:,[]{}#&*!|>'\"%@`")


_MISSING = object()
# Resolved flow items by text. Values are immutable (int, Decimal, str, None), so sharing is safe;
# the cache only holds items that passed the checks, and `resolve` is the same pure function.
_ITEMS: dict[str, Any] = {}


# Characters YAML does not allow unescaped (libyaml rejects them): leave such files to libyaml.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)


class _Bail(Exception):
    """The text is outside the subset this reader handles."""


def parse(text: str, resolve: Any) -> Any:
    """The value of ``text``, or ``None`` to ask libyaml (see module docstring).

    ``resolve(plain) -> value`` resolves a plain scalar and raises :class:`ValueError` for
    anything that needs the careful path (a YAML 1.1 trap, an over-long number).
    """
    if "\t" in text or "\r" in text or not text.endswith("\n") or text.startswith(("%", "---")):
        return None
    if _NON_PRINTABLE.search(text):
        return None
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        return None
    reader = _Reader(lines, resolve)
    try:
        first = reader.skip(0)
        if first >= len(reader.lines):
            return None
        value, end = reader.mapping(first, 0)
        if reader.skip(end) < len(reader.lines):
            return None
        return value
    except (_Bail, ValueError, IndexError):
        return None


class _Reader:
    def __init__(self, lines: list[str], resolve: Any) -> None:
        self.lines = lines
        self.resolve = resolve
        self.tokens: dict[int, tuple[int, bool, str, str | None]] = {}

    def skip(self, i: int) -> int:
        """Index of the next line that is not blank or a comment."""
        lines = self.lines
        while i < len(lines):
            stripped = lines[i].lstrip(" ")
            if stripped and not stripped.startswith("#"):
                return i
            i += 1
        return i

    def token(self, i: int) -> tuple[int, bool, str, str | None]:
        tok = self.tokens.get(i)
        if tok is None:
            tok = self.tokens[i] = self._token(i)
        return tok

    def _token(self, i: int) -> tuple[int, bool, str, str | None]:
        line = self.lines[i]
        m = _KEY_LINE.fullmatch(line)
        if m is None or line.rstrip(" ") != line.rstrip():
            raise _Bail
        indent = len(m.group(1))
        if indent > MAX_INDENT:
            raise _Bail
        rest = m.group(4)
        if rest is not None:
            rest = rest.rstrip(" ")
            if not rest or rest.startswith("#"):
                rest = None
        return indent, m.group(2) is not None, m.group(3), rest

    def mapping(
        self, i: int, indent: int, first: tuple[int, bool, str, str | None] | None = None
    ) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        while i < len(self.lines):
            tok = first or self.token(i)
            first = None
            col, dash, key, rest = tok
            if col < indent:
                break
            if col != indent or dash or key in out:
                raise _Bail
            out[key], i = self.value(i, col, rest)
            i = self.skip(i)
        return out, i

    def sequence(self, i: int, indent: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        while i < len(self.lines):
            col, dash, key, rest = self.token(i)
            if col < indent:
                break
            if col != indent or not dash:
                raise _Bail
            item, i = self.mapping(i, indent + 2, (indent + 2, False, key, rest))
            items.append(item)
            i = self.skip(i)
        return items, i

    def value(self, i: int, col: int, rest: str | None) -> tuple[Any, int]:
        if rest is None:
            j = self.skip(i + 1)
            if j < len(self.lines):
                ncol, ndash, _, _ = self.token(j)
                if ncol > col:
                    return self.sequence(j, ncol) if ndash else self.mapping(j, ncol)
                if ndash and ncol == col:
                    raise _Bail  # "key:\n- item" at the same indent
            return None, i + 1
        head = rest[0]
        if head == "[":
            m = _FLOW.fullmatch(rest)
            if m is None:
                raise _Bail
            inner = m.group(1).strip()
            if not inner:
                return [], i + 1
            return [self.item(part.strip()) for part in inner.split(",")], i + 1
        if head == '"':
            m = _QUOTED.fullmatch(rest)
            if m is None:
                raise _Bail
            return m.group(1), i + 1
        if head == "|":
            m = _BLOCK.fullmatch(rest)
            if m is None:
                raise _Bail
            return self.block(i + 1, col, strip=m.group(1) == "-")
        if head in _PLAIN_START_BAD and not (head == "-" and rest[1:2].isdigit()):
            raise _Bail
        comment = rest.find(" #")
        plain = rest[:comment].rstrip(" ") if comment >= 0 else rest
        if ": " in plain or plain.endswith(":") or "#" in plain[:1]:
            raise _Bail
        return self.resolve(plain), i + 1

    def item(self, part: str) -> Any:
        # Cells repeat endlessly (0, null, small counts): remember what each text resolved to.
        value = _ITEMS.get(part, _MISSING)
        if value is not _MISSING:
            return value
        if not _FLOW_ITEM.fullmatch(part):
            raise _Bail
        value = part[1:-1] if part.startswith('"') else self.resolve(part)
        if len(_ITEMS) < 50_000:
            _ITEMS[part] = value
        return value

    def block(self, i: int, col: int, strip: bool) -> tuple[str, int]:
        lines = self.lines
        start = i
        while i < len(lines) and not lines[i].strip(" "):
            i += 1
        if i >= len(lines):
            raise _Bail
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        if indent <= col or start != i:
            raise _Bail  # empty block, or leading blank lines: leave to libyaml
        content: list[str] = []
        while i < len(lines):
            line = lines[i]
            if not line:
                content.append("")
            elif line.startswith(" " * indent):
                if line != line.rstrip(" "):
                    raise _Bail
                content.append(line[indent:])
            elif len(line) - len(line.lstrip(" ")) > col or not line.strip(" "):
                raise _Bail
            else:
                break
            i += 1
        while content and content[-1] == "":
            content.pop()
            i -= 1
        text = "\n".join(content)
        return (text if strip else text + "\n"), i
