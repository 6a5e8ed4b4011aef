"""Prose sections: the plain-text fast path gives exactly what the prose reader gives.

(What the reader makes inert — raw HTML, unsafe links, images — is tested in test_hostile.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.report_schema import TEXT_SECTIONS
from generator.content import prose
from generator.content.tree import load
from generator.render import parts
from generator.render.page import Html

ROOT = Path(__file__).resolve().parent.parent


def _markdown(text: str) -> str:
    """What the prose reader (Markdown, raw HTML off) makes of ``text``."""
    return prose.convert(text)


# Chinese prose, with what real reports hold (full-width spaces and punctuation, digits, Latin
# letters) and every character that can be Markdown syntax, so both paths are exercised.
# Whole words and the separators between paragraphs are drawn as tokens, so that line and
# paragraph starts (where Markdown reads block syntax) come up often.
TOKENS = st.sampled_from(
    [
        *"政府信息公开年度报告条例第一二三（）《》、，。；：“”　",
        *("本机关", "1,234", "5.5%", "2023-01-01", "http://x.cn", "1.", "1)", "　　", "\u00a0"),
        *"abcXYZ0123456789 .,;:()%/\"'-+=",
        *("\n", "\n\n", "\n \n", "\n　\n", "  \n", "\t", "    ", "---", "==="),
        *"*_`[]!<>&{}|#\\~\x02\x03\r",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_fast_path_gives_what_markdown_gives(text: str) -> None:
    part = parts.prose_block(text)
    if text.strip():
        assert isinstance(part, Html)
        assert part.rstrip("\n") == _markdown(text.strip())
    else:
        assert part == ""


# What is_plain means, as one pattern (the way it was first written; is_plain is a faster
# equivalent: line starts found from line breaks, the trailing-space test only where it can hit).
_SYNTAX = re.compile(
    r"[\\`*_\[\]!<>&{}|#\x00-\x09\x0b-\x1f\x7f]"
    r"|^[ \t]+[^ \t\n]|^[-+*=>#]|^\d+[.)]|[^ \t\n][ \t]+$",
    re.MULTILINE,
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_is_plain_is_the_syntax_pattern(text: str) -> None:
    assert prose.is_plain(text) == (_SYNTAX.search(text) is None)


@pytest.mark.parametrize(
    "text",
    [
        "一、总体情况\n\n　　本机关坚持以公开为常态。\n全年主动公开信息 1,234 条。",
        "第一段。\n   \n第二段，含“引号”和（括号）。",
        "2023年1月1日起施行；比上年增长 5.5%。",
    ],
)
def test_plain_chinese_prose_takes_the_fast_path(text: str) -> None:
    part = parts.prose_block(text)
    assert isinstance(part, Html)
    assert part.rstrip("\n") == _markdown(text.strip())


@pytest.mark.parametrize(
    "text",
    [
        "1. 第一项\n2. 第二项",
        "- 列表",
        "**加粗**的文字",
        "见[链接](https://example.org)",
        "<div>原始 HTML</div>\n\n段落",
        "段落\n\n    缩进的代码",
        "标题\n===",
        "行末两个空格  \n换行",
        "全角空格后两个空格\u3000  \n换行",
        "A & B",
        "| 表 | 格 |\n|---|---|\n| 1 | 2 |",
    ],
)
def test_anything_like_syntax_goes_through_markdown(text: str) -> None:
    assert not prose.is_plain(text)
    assert prose.section(text) == prose.convert(text) + "\n\n"


def test_most_real_prose_is_plain() -> None:
    # The fast path is only worth having if real reports take it: most sections of the real
    # content should be plain text (this fails if the syntax test becomes too cautious).
    content = load(ROOT / "content")
    sections = [
        text
        for report in content.reports()
        for key, _label, _ in TEXT_SECTIONS
        if isinstance(text := (report.data.get("text") or {}).get(key), str) and text.strip()
    ]
    plain = [s for s in sections if prose.is_plain(s.strip())]
    assert len(sections) > 40
    assert len(plain) / len(sections) > 0.6, (len(plain), len(sections))
