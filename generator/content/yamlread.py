"""Reading one YAML file safely, keeping line numbers and catching YAML's traps.

PyYAML's ordinary loaders silently keep the last of two duplicate keys (data loss), turn
``no`` into ``False`` and ``2023-01-15`` into a date, read ``010`` as octal 8, and expand alias
bombs. Here the file is parsed into *events* by libyaml (a flat stream: no recursion, so deep
nesting cannot overflow the stack) and the value tree is built by hand, which lets us:

* resolve plain scalars by a small, predictable rule set (YAML 1.2 core: ``null``, ``true``,
  ``false``, decimal integers, decimals) and report every YAML 1.1 trap instead of guessing;
* keep decimals exactly as written (``Decimal("1809.70")``), so published precision survives;
* record the line and column of every field for error messages;
* refuse anchors and aliases, cap depth, size and node count, so hostile input ends quickly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _yamlfast
from ._yamlevents import SLOW, Builder, fast
from ._yamlscalars import MAX_BYTES, MAX_DEPTH, MAX_DIGITS, MAX_NODES, Path_, Problem, resolve_plain

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_NODES",
    "Document",
    "Path_",
    "Problem",
    "parse_bytes",
    "read",
]


@dataclass
class Document:
    """The value read from a file, where each field sits, and what was wrong with it."""

    value: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Set when the fast path read the file: positions are then computed on first use only,
    # because most files have no finding and never need them.
    text: str | None = field(default=None, repr=False)
    #: False when reading stopped part way (a syntax error, or a hostile file cut short): the
    #: value is then only what came before, not worth any further check.
    complete: bool = True

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest recorded ancestor."""
        if self.text is not None:
            located = Document()
            Builder(located).run(self.text)
            self.positions, self.text = located.positions, None
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return (None, None)


def read(path: Path) -> Document:
    """Read ``path`` into a :class:`Document`; never raises for bad content."""
    doc = Document()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            doc.problems.append(
                Problem(
                    None,
                    None,
                    (),
                    f"文件太大（{size / 1048576:.1f} MB）；一份年度报告通常不到 100 KB，请检查是否放错了文件",
                )
            )
            return doc
        raw = path.read_bytes()
    except OSError as exc:
        doc.problems.append(Problem(None, None, (), f"无法读取文件：{exc.strerror or exc}"))
        return doc
    return parse_bytes(raw, doc)


def parse_bytes(raw: bytes, doc: Document | None = None) -> Document:
    """Parse the bytes of a YAML file (see :func:`read`)."""
    doc = doc or Document()
    if b"\x00" in raw:
        doc.problems.append(
            Problem(
                None,
                None,
                (),
                "这不是文本文件（含有二进制内容）；内容文件必须是 UTF-8 编码的 YAML 文本",
            )
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(
                line_no,
                col,
                (),
                "文件不是 UTF-8 编码（常见原因：用 GBK/GB2312 保存）；请在编辑器中以 UTF-8 编码另存",
            )
        )
        return doc
    if not text.strip():
        doc.problems.append(Problem(None, None, (), "文件是空的"))
        return doc
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), start=1):
            indent = len(line) - len(line.lstrip(" \t"))
            if "\t" in line[:indent]:
                doc.problems.append(
                    Problem(
                        number,
                        line.index("\t") + 1,
                        (),
                        "行首有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格",
                    )
                )
        if doc.problems:
            return doc
    value = _yamlfast.parse(text, resolve_plain)
    if value is None:
        value = fast(text)
    if value is not SLOW and value is not None:
        doc.value, doc.text = value, text
        return doc
    Builder(doc).run(text)
    if doc.value is None and doc.ok:
        doc.problems.append(Problem(None, None, (), "文件里没有内容（只有注释或空行）"))
    return doc
