"""The rules the YAML reader resolves plain values by, its limits and its messages.

Shared by the fast path (:mod:`generator.content._yamlevents` and
:mod:`generator.content._yamlfast`) and the careful builder, so that both read a value the
same way; private to :mod:`generator.content.yamlread`, which is the reader's only door.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is missing.
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024  # a real report is ~20 KB; anything this big is a mistake
MAX_DEPTH = 32
MAX_NODES = 20_000  # a report has ~500 values; more is a mistake or an attack
MAX_DIGITS = 30
TOO_DEEP = f"嵌套太深（超过 {MAX_DEPTH} 层）"

Path_ = tuple[str | int, ...]


@dataclass
class Problem:
    """Something wrong in the file itself (before any schema check)."""

    line: int | None
    column: int | None
    path: Path_
    message: str
    severity: str = "error"


NULLS = {"", "~", "null", "Null", "NULL"}
TRUE = {"true", "True", "TRUE"}
FALSE = {"false", "False", "FALSE"}
BOOL_11 = {"yes", "no", "on", "off", "y", "n"}
INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt ].*)?")
OCTAL_LIKE = re.compile(r"[-+]?0[0-9]+(?:\.[0-9]*)?")
OTHER_NUMBERS = re.compile(
    r"[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|"
    r"[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+|"
    r"\.(?:inf|Inf|INF|nan|NaN|NAN))"
)

STR_TAGS = {None, "tag:yaml.org,2002:str", "!"}

PARSER_HINTS = (
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
    ("exceeded maximum nesting depth", TOO_DEEP),
    ("found unknown escape character", "双引号里的反斜杠“\\”需要写成“\\\\”，或改用单引号"),
)


def hint(problem: str) -> str:
    for needle, hint in PARSER_HINTS:
        if needle in problem:
            return f"YAML 语法错误：{hint}（{problem}）"
    return f"YAML 语法错误：{problem}"


SLOW = object()

# Plain scalars that resolve the same way every time; small counts dominate report files,
# so they are looked up here instead of going through the regular expressions.
PLAIN_VALUES: dict[str, Any] = (
    {n: None for n in NULLS}
    | {t: True for t in TRUE}
    | {f: False for f in FALSE}
    | {str(i): i for i in range(10_000)}
)


def _reading(text: str) -> str:
    """How a YAML 1.1 tool reads a number-like plain scalar, as an example like ``text``."""
    lower = text.lower().lstrip("+-")
    if lower.startswith(("0x", "0o", "0b")):
        return "如 0x10 读成 16"
    if ":" in lower:
        return "如 1:20 读成 80"
    if lower.lstrip(".") in ("inf", "nan"):
        return "读成无穷大或“不是数”"
    if "e" in lower:
        return "如 1e3 读成 1000，1e309 读成无穷大"
    return "如 1_000 读成 1000"


def trap(text: str) -> str | None:
    """The YAML 1.1 trap a plain scalar falls into (a message), or None."""
    if text.lower() in BOOL_11:
        return f'“{text}”会被一些 YAML 工具读成是/否（布尔值）；如果是文字，请加引号写成 "{text}"'
    if DATE.fullmatch(text):
        return f'日期请加英文引号写成 "{text}"，否则会被读成日期类型而不是文字'
    if OCTAL_LIKE.fullmatch(text):
        return (
            f"“{text}”以 0 开头，会被一些 YAML 工具读成八进制数；数字请去掉开头的 0，文字请加引号"
        )
    if OTHER_NUMBERS.fullmatch(text):
        return f"“{text}”会被一些 YAML 工具读成特殊数字（{_reading(text)}）；数字请只写阿拉伯数字和小数点，文字请加引号"
    return None


def resolve_plain(text: str) -> Any:
    """Resolve a plain scalar for :mod:`yamlfast`; ValueError where the careful path must decide."""
    value = PLAIN_VALUES.get(text, SLOW)
    if value is not SLOW:
        return value
    if INT.fullmatch(text) or DECIMAL.fullmatch(text):
        if len(text) > MAX_DIGITS:
            raise ValueError(text)
        return int(text) if "." not in text else Decimal(text)
    if trap(text):
        raise ValueError(text)
    return text


__all__ = [
    "BOOL_11",
    "DATE",
    "DECIMAL",
    "FALSE",
    "INT",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_NODES",
    "NULLS",
    "OCTAL_LIKE",
    "OTHER_NUMBERS",
    "PARSER_HINTS",
    "PLAIN_VALUES",
    "SLOW",
    "STR_TAGS",
    "TOO_DEEP",
    "TRUE",
    "Loader",
    "Path_",
    "Problem",
    "hint",
    "resolve_plain",
    "trap",
]
