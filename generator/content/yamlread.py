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

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from . import _yamlfast

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024  # a real report is ~20 KB; anything this big is a mistake
MAX_DEPTH = 32
MAX_NODES = 20_000  # a report has ~500 values; more is a mistake or an attack
MAX_DIGITS = 30
_TOO_DEEP = f"嵌套太深（超过 {MAX_DEPTH} 层）"

Path_ = tuple[str | int, ...]


@dataclass
class Problem:
    """Something wrong in the file itself (before any schema check)."""

    line: int | None
    column: int | None
    path: Path_
    message: str
    severity: str = "error"


@dataclass
class Document:
    """The value read from a file, where each field sits, and what was wrong with it."""

    value: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Set when the fast path read the file: positions are then computed on first use only,
    # because most files have no finding and never need them.
    text: str | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest recorded ancestor."""
        if self.text is not None:
            located = Document()
            _Builder(located).run(self.text)
            self.positions, self.text = located.positions, None
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return (None, None)


_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_BOOL_11 = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt ].*)?")
_OCTAL_LIKE = re.compile(r"[-+]?0[0-9]+(?:\.[0-9]*)?")
_OTHER_NUMBERS = re.compile(
    r"[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|"
    r"[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+|"
    r"\.(?:inf|Inf|INF|nan|NaN|NAN))"
)

_STR_TAGS = {None, "tag:yaml.org,2002:str", "!"}

_PARSER_HINTS = (
    ("found character '\\t'", "这里有制表符（Tab），YAML 只能用空格缩进"),
    (
        "mapping values are not allowed",
        "这里不能出现“: ”（常见原因：缩进不对，或文字里有“: ”，整段文字需要加引号）",
    ),
    ("could not find expected ':'", "缺少“:”（常见原因：上一行的键后面漏了冒号，或缩进不一致）"),
    ("did not find expected key", "缩进不一致：同一层的键要对齐"),
    ("did not find expected ',' or ']'", "方括号 [ ] 里的数字之间要用英文逗号分隔，末尾要有 ]"),
    ("did not find expected ',' or '}'", "花括号 { } 没有正确结束"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    (
        "block sequence entries are not allowed",
        "这里不能以“-”开头（单独的 - 不能表示空白，空白请写 null）",
    ),
    ("found undefined alias", "不支持别名（*）"),
    ("expected <document start>", "文件结构有误"),
    # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at 1,000 levels while scanning ahead, before
    # the builder below sees its own, lower limit: the same fact, in the same words.
    ("exceeded maximum nesting depth", _TOO_DEEP),
    ("found unknown escape character", "双引号里的反斜杠“\\”需要写成“\\\\”，或改用单引号"),
)


def _hint(problem: str) -> str:
    for needle, hint in _PARSER_HINTS:
        if needle in problem:
            return f"YAML 语法错误：{hint}（{problem}）"
    return f"YAML 语法错误：{problem}"


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
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(
                line,
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
    value = _yamlfast.parse(text, _resolve_plain)
    if value is None:
        value = _fast(text)
    if value is not _SLOW and value is not None:
        doc.value, doc.text = value, text
        return doc
    _Builder(doc).run(text)
    if doc.value is None and doc.ok:
        doc.problems.append(Problem(None, None, (), "文件里没有内容（只有注释或空行）"))
    return doc


_SLOW = object()
_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
# Plain scalars that resolve the same way every time; small counts dominate report files,
# so they are looked up here instead of going through the regular expressions.
_PLAIN_VALUES: dict[str, Any] = (
    {n: None for n in _NULLS}
    | {t: True for t in _TRUE}
    | {f: False for f in _FALSE}
    | {str(i): i for i in range(10_000)}
)


def _fast(text: str) -> Any:
    """Build the value quickly, or return ``_SLOW`` at the first thing that needs a message.

    Anything unusual (a trap, a duplicate, an anchor, a syntax error, too deep or too big)
    sends the file to :class:`_Builder`, which reports it precisely. So this path only ever
    accepts files the slow path would accept with no problem, and yields the same value.
    """
    loader = _Loader(text)
    try:
        check, get = loader.check_event, loader.get_event
        # Frames: [container, pending key] for mappings, [container] for sequences.
        stack: list[list[Any]] = []
        root: Any = _SLOW
        nodes = 0
        documents = 0
        while check():
            event = get()
            kind = type(event)
            if kind is _SCALAR:
                nodes += 1
                if (
                    nodes > MAX_NODES
                    or event.anchor is not None
                    or (event.tag is not None and event.tag not in _STR_TAGS)
                ):
                    return _SLOW
                text_ = event.value
                if event.style in ("", None) and event.implicit[0]:
                    value: Any = _PLAIN_VALUES.get(text_, _SLOW)
                    if value is not _SLOW:
                        pass
                    elif _INT.fullmatch(text_):
                        if len(text_) > MAX_DIGITS:
                            return _SLOW
                        value = int(text_)
                    elif _DECIMAL.fullmatch(text_):
                        if len(text_) > MAX_DIGITS:
                            return _SLOW
                        value = Decimal(text_)
                    elif _Builder._trap(text_):
                        return _SLOW
                    else:
                        value = text_
                else:
                    value = text_
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                if len(frame) == 2:  # mapping
                    if frame[1] is _SLOW:  # this scalar is a key; keys are kept as written
                        if text_ in frame[0]:
                            return _SLOW  # duplicate key
                        frame[1] = text_
                    else:
                        frame[0][frame[1]] = value
                        frame[1] = _SLOW
                else:
                    frame[0].append(value)
            elif kind is _MAP_START or kind is _SEQ_START:
                nodes += 1
                if event.anchor is not None or len(stack) >= MAX_DEPTH or nodes > MAX_NODES:
                    return _SLOW
                container: Any = {} if kind is _MAP_START else []
                if stack:
                    frame = stack[-1]
                    if len(frame) == 2:
                        if frame[1] is _SLOW:  # a mapping or list used as a key
                            return _SLOW
                        frame[0][frame[1]] = container
                        frame[1] = _SLOW
                    else:
                        frame[0].append(container)
                else:
                    root = container
                stack.append([container, _SLOW] if kind is _MAP_START else [container])
            elif kind in _ENDS:
                stack.pop()
            elif kind is yaml.AliasEvent:
                return _SLOW
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _SLOW
        return root
    except yaml.YAMLError:
        return _SLOW
    finally:
        loader.dispose()


def _resolve_plain(text: str) -> Any:
    """Resolve a plain scalar for :mod:`yamlfast`; ValueError where the careful path must decide."""
    value = _PLAIN_VALUES.get(text, _SLOW)
    if value is not _SLOW:
        return value
    if _INT.fullmatch(text) or _DECIMAL.fullmatch(text):
        if len(text) > MAX_DIGITS:
            raise ValueError(text)
        return int(text) if "." not in text else Decimal(text)
    if _Builder._trap(text):
        raise ValueError(text)
    return text


class _Abort(Exception):
    """Stop reading: the file is hostile or broken beyond further useful checks."""


class _Builder:
    """Builds values from libyaml events, iteratively (no recursion)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0

    def problem(self, mark: Any, path: Path_, message: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        self.doc.problems.append(Problem(line, col, path, message))

    def run(self, text: str) -> None:
        loader = _Loader(text)
        try:
            self._events(loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.problem(mark, (), _hint(str(exc.problem or exc.context or exc)))
        except yaml.YAMLError as exc:
            self.problem(None, (), _hint(str(exc)))
        except _Abort:
            pass
        finally:
            loader.dispose()

    def _events(self, loader: Any) -> None:
        # Each frame: [container, path, pending key or None, {key: line}] for mappings,
        # [container, path] for sequences.
        stack: list[list[Any]] = []
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problem(
                        event.start_mark, (), "一个文件只能有一份 YAML 文档（不要用 --- 分隔多份）"
                    )
                    raise _Abort
                continue
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                if not stack:
                    self.doc.value = frame[0]
                continue
            self.nodes += 1
            if self.nodes > MAX_NODES:
                self.problem(event.start_mark, (), f"文件结构过大（超过 {MAX_NODES} 个值）")
                raise _Abort
            # Where does this node go?
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0], dict) and parent[2] is None:
                self._key(event, parent)
                continue
            if parent is None:
                path: Path_ = ()
            elif isinstance(parent[0], dict):
                key = parent[2]
                path = (*parent[1], key.key if isinstance(key, _Duplicate) else key)
            else:
                path = (*parent[1], len(parent[0]))
                self.doc.positions[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if getattr(event, "anchor", None) is not None or kind is yaml.AliasEvent:
                self.problem(
                    event.start_mark, path, "不支持锚点和别名（& 和 *）；请把内容直接写出来"
                )
                raise _Abort
            if kind is yaml.ScalarEvent:
                value: Any = self._scalar(event, path)
                self._place(parent, value)
            else:
                if len(stack) >= MAX_DEPTH:
                    self.problem(event.start_mark, path, _TOO_DEEP)
                    raise _Abort
                container: Any = {} if kind is yaml.MappingStartEvent else []
                self._place(parent, container)
                stack.append(
                    [container, path, None, {}]
                    if isinstance(container, dict)
                    else [container, path]
                )

    def _place(self, parent: list[Any] | None, value: Any) -> None:
        if parent is None:
            self.doc.value = value
        elif isinstance(parent[0], dict):
            key = parent[2]
            parent[2] = None
            if not isinstance(key, _Duplicate):
                parent[0][key] = value
        else:
            parent[0].append(value)

    def _key(self, event: Any, frame: list[Any]) -> None:
        mark = event.start_mark
        if type(event) is not yaml.ScalarEvent:
            self.problem(mark, frame[1], "键必须是简单的文字（不能是列表或映射）")
            raise _Abort
        key = event.value
        path = (*frame[1], key)
        seen: dict[str, int] = frame[3]
        if key in seen:
            self.problem(
                mark,
                path,
                f"重复的键“{key}”（第 {seen[key]} 行已经有了）；YAML 只会保留后一个，前一个的数据会丢失",
            )
            frame[2] = _Duplicate(key)
            return
        seen[key] = mark.line + 1
        self.doc.positions[path] = (mark.line + 1, mark.column + 1)
        frame[2] = key

    def _scalar(self, event: Any, path: Path_) -> Any:
        text: str = event.value
        plain = event.style in ("", None) and event.implicit[0]
        if event.tag not in _STR_TAGS and not event.implicit[0]:
            self.problem(event.start_mark, path, f"不支持 YAML 标签“{event.tag}”；请去掉它")
            return text
        if not plain:
            return text
        if text in _NULLS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.fullmatch(text) or _DECIMAL.fullmatch(text):
            if len(text) > MAX_DIGITS:
                self.problem(
                    event.start_mark, path, f"数字“{text[:20]}…”太长（超过 {MAX_DIGITS} 位）"
                )
                return text
            return int(text) if "." not in text else Decimal(text)
        trap = self._trap(text)
        if trap:
            self.problem(event.start_mark, path, trap)
        return text

    @staticmethod
    def _trap(text: str) -> str | None:
        if text.lower() in _BOOL_11:
            return (
                f'“{text}”会被一些 YAML 工具读成是/否（布尔值）；如果是文字，请加引号写成 "{text}"'
            )
        if _DATE.fullmatch(text):
            return f'日期请加英文引号写成 "{text}"，否则会被读成日期类型而不是文字'
        if _OCTAL_LIKE.fullmatch(text):
            return f"“{text}”以 0 开头，会被一些 YAML 工具读成八进制数；数字请去掉开头的 0，文字请加引号"
        if _OTHER_NUMBERS.fullmatch(text):
            return f"“{text}”会被一些 YAML 工具读成特殊数字（如 1:20 读成 80）；数字请只写阿拉伯数字和小数点，文字请加引号"
        return None


@dataclass(frozen=True)
class _Duplicate:
    """Marks the value of a repeated key: read (for its problems) but not kept."""

    key: str
