"""The YAML reader's two event-based builders (private to :mod:`generator.content.yamlread`).

``fast`` builds the value of an ordinary file straight from libyaml's events and gives up
(``SLOW``) at the first thing that needs a message; ``Builder`` is the careful path: it records
where every field sits and reports every problem precisely.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import yaml

from ._yamlscalars import (
    DECIMAL,
    FALSE,
    INT,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_NODES,
    NULLS,
    PLAIN_VALUES,
    SLOW,
    STR_TAGS,
    TOO_DEEP,
    TRUE,
    Loader,
    Path_,
    Problem,
    hint,
    trap,
)


class Sink(Protocol):
    """Where :class:`Builder` puts what it reads (``yamlread.Document`` is one)."""

    value: Any
    positions: dict[Path_, tuple[int, int]]
    problems: list[Problem]
    complete: bool


_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def fast(text: str) -> Any:
    """Build the value quickly, or return ``SLOW`` at the first thing that needs a message.

    Anything unusual (a trap, a duplicate, an anchor, a syntax error, too deep or too big)
    sends the file to :class:`Builder`, which reports it precisely. So this path only ever
    accepts files the slow path would accept with no problem, and yields the same value.
    """
    loader = Loader(text)
    try:
        check, get = loader.check_event, loader.get_event
        # Frames: [container, pending key] for mappings, [container] for sequences.
        stack: list[list[Any]] = []
        root: Any = SLOW
        nodes = 0
        documents = 0
        while check():
            event: Any = get()  # libyaml's events: PyYAML's stubs type them loosely
            kind = type(event)
            if kind is _SCALAR:
                nodes += 1
                if (
                    nodes > MAX_NODES
                    or event.anchor is not None
                    or (event.tag is not None and event.tag not in STR_TAGS)
                ):
                    return SLOW
                text_ = event.value
                if event.style in ("", None) and event.implicit[0]:
                    value: Any = PLAIN_VALUES.get(text_, SLOW)
                    if value is not SLOW:
                        pass
                    elif INT.fullmatch(text_):
                        if len(text_) > MAX_DIGITS:
                            return SLOW
                        value = int(text_)
                    elif DECIMAL.fullmatch(text_):
                        if len(text_) > MAX_DIGITS:
                            return SLOW
                        value = Decimal(text_)
                    elif trap(text_):
                        return SLOW
                    else:
                        value = text_
                else:
                    value = text_
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                if len(frame) == 2:  # mapping
                    if frame[1] is SLOW:  # this scalar is a key; keys are kept as written
                        if text_ in frame[0]:
                            return SLOW  # duplicate key
                        frame[1] = text_
                    else:
                        frame[0][frame[1]] = value
                        frame[1] = SLOW
                else:
                    frame[0].append(value)
            elif kind is _MAP_START or kind is _SEQ_START:
                nodes += 1
                if (
                    event.anchor is not None
                    or event.tag is not None  # a tag on a mapping or list: the careful path says so
                    or len(stack) >= MAX_DEPTH
                    or nodes > MAX_NODES
                ):
                    return SLOW
                container: Any = {} if kind is _MAP_START else []
                if stack:
                    frame = stack[-1]
                    if len(frame) == 2:
                        if frame[1] is SLOW:  # a mapping or list used as a key
                            return SLOW
                        frame[0][frame[1]] = container
                        frame[1] = SLOW
                    else:
                        frame[0].append(container)
                else:
                    root = container
                stack.append([container, SLOW] if kind is _MAP_START else [container])
            elif kind in _ENDS:
                stack.pop()
            elif kind is yaml.AliasEvent:
                return SLOW
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return SLOW
        return root
    except yaml.YAMLError:
        return SLOW
    finally:
        loader.dispose()


def tag_message(tag: str) -> str:
    """The words for a YAML tag (``!!…``) the reader refuses."""
    shown = (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )
    return f"不支持 YAML 标签“{shown[:60]}”；请去掉它"


class _Abort(Exception):
    """Stop reading: the file is hostile or broken beyond further useful checks."""


class Builder:
    """Builds values from libyaml events, iteratively (no recursion)."""

    def __init__(self, doc: Sink) -> None:
        self.doc = doc
        self.nodes = 0

    def problem(self, mark: Any, path: Path_, message: str) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        self.doc.problems.append(Problem(line, col, path, message))

    def run(self, text: str) -> None:
        loader = Loader(text)
        try:
            self._events(loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.problem(mark, (), hint(str(exc.problem or exc.context or exc)))
            self.doc.complete = False
        except yaml.YAMLError as exc:
            self.problem(None, (), hint(str(exc)))
            self.doc.complete = False
        except _Abort:
            self.doc.complete = False
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
                    self.problem(event.start_mark, path, TOO_DEEP)
                    raise _Abort
                if event.tag is not None:
                    # A tag on a mapping or list (!!python/object/apply:…, !!set, !!python/tuple)
                    # would be republished verbatim in the open-data YAML, where a consumer's
                    # unsafe loader would act on it: refused as on a scalar.
                    self.problem(event.start_mark, path, tag_message(event.tag))
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
        if event.tag not in STR_TAGS and not event.implicit[0]:
            self.problem(event.start_mark, path, tag_message(event.tag))
            return text
        if not plain:
            return text
        if text in NULLS:
            return None
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        if INT.fullmatch(text) or DECIMAL.fullmatch(text):
            if len(text) > MAX_DIGITS:
                self.problem(
                    event.start_mark, path, f"数字“{text[:20]}…”太长（超过 {MAX_DIGITS} 位）"
                )
                return text
            return int(text) if "." not in text else Decimal(text)
        found = trap(text)
        if found:
            self.problem(event.start_mark, path, found)
        return text


@dataclass(frozen=True)
class _Duplicate:
    """Marks the value of a repeated key: read (for its problems) but not kept."""

    key: str
