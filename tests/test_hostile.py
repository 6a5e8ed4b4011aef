"""Hostile content: nothing a content file holds reaches the built site as live markup.

One fictional tree holds every hostile input, each tagged with its own marker (h01, h02, …) in a
report or body of its own; the site is built once and every case asserts its exact outcome:
what the page shows, that no live markup carries the marker, and the validator's warning.
The last cases are inputs the validator must refuse, quickly and with one clear error: paths that
climb out of their folders, symlinks, absurd sizes and nesting, Markdown that would take minutes.
"""

from __future__ import annotations

import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fictional import ContentTree, regions, report, requests
from generator.checks import validate
from generator.checks.findings import Finding
from generator.content import prose
from generator.content import tree as content

from .conftest import check
from .test_site_build import build

# --------------------------------------------------------------------------- the hostile tree

#: marker → (prose Markdown of the report's 总体情况, what the page must show, warning or None)
PROSE = {
    "h01": (
        '<script>alert("h01")</script>',
        '&lt;script&gt;alert("h01")&lt;/script&gt;',
        "<script>",
    ),
    "h02": ("<img src=x onerror=alert('h02')>", "&lt;img src=x onerror=alert('h02')&gt;", "<img>"),
    "h03": (
        '<iframe src="https://evil.example/h03"></iframe>',
        '&lt;iframe src="https://evil.example/h03"&gt;&lt;/iframe&gt;',
        "<iframe>",
    ),
    "h04": (
        "<style>body{display:none}</style>h04",
        "&lt;style&gt;body{display:none}&lt;/style&gt;h04",
        "<style>",
    ),
    "h05": ("[点我h05](javascript:alert(5))", "<a>点我h05</a>", "javascript:alert(5)"),
    "h06": ("[点我h06](data:text/html;base64,PHNjcmlwdD4=)", "<a>点我h06</a>", "data:text/html"),
    "h07": ("[点我h07](JaVaScRiPt:alert(7))", "<a>点我h07</a>", "JaVaScRiPt:"),
    "h08": ("[点我h08](<javascript:alert('h08')>)", "<a>点我h08</a>", "javascript:alert('h08')"),
    "h09": (
        "![h09](http://evil.example/track.png)",
        "<span>[图片：h09]</span>",
        "图片（http://evil.example/track.png）",
    ),
    "h10": (
        "![h10](data:image/svg+xml;base64,PHN2Zz4=)",
        "<span>[图片：h10]</span>",
        "图片（data:image/svg+xml",
    ),
    "h11": ('段落 h11 {: onclick="alert(1)" }', '段落 h11 {: onclick="alert(1)" }', None),
    "h12": (
        "<a href=\"javascript:alert('h12')\">h12</a>",
        "&lt;a href=\"javascript:alert('h12')\"&gt;h12&lt;/a&gt;",
        "<a>",
    ),
    "h13": (
        '<div onmouseover="alert(1)">h13</div>',
        '&lt;div onmouseover="alert(1)"&gt;h13&lt;/div&gt;',
        "<div>",
    ),
    "h14": ("<!-- h14 -->文字", "&lt;!-- h14 --&gt;文字", "<!-- -->"),
    "h15": ("<svg onload=alert('h15')>", "&lt;svg onload=alert('h15')&gt;", "<svg>"),
    "h16": (
        '<object data="h16.swf"></object><embed src="h16">',
        '&lt;object data="h16.swf"&gt;',
        "<embed>、<object>",
    ),
    "h17": (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/h17">',
        '&lt;meta http-equiv="refresh" content="0;url=https://evil.example/h17"&gt;',
        "<meta>",
    ),
    "h18": (
        '<base href="https://evil.example/h18/">',
        '&lt;base href="https://evil.example/h18/"&gt;',
        "<base>",
    ),
    "h19": ("`<script>h19</script>`", "<code>&lt;script&gt;h19&lt;/script&gt;</code>", "<script>"),
    "h20": (
        "见[政府网站h20](https://www.gov.cn/h20)",
        '<a href="https://www.gov.cn/h20">政府网站h20</a>',
        None,
    ),
    "h21": (
        "网址：<http://www.gov.cn/h21>",
        '<a href="http://www.gov.cn/h21">http://www.gov.cn/h21</a>',
        None,
    ),
    "h22": ("# 小标题h22\n\n正文", "<h3>小标题h22</h3>", None),
    "h23": (
        "[邮件h23](mailto:h23@example.org)",
        '<a href="mailto:h23@example.org">邮件h23</a>',
        None,
    ),
    "h24": ('!!! note "<b>h24</b>"\n    内容', "&lt;b&gt;h24&lt;/b&gt;", "<b>"),
}

#: marker → (field of the report or body, hostile value, what its page must show)
FIELDS = {
    "h31": (
        "title",
        "<script>alert('h31')</script>年度报告",
        "&lt;script&gt;alert('h31')&lt;/script&gt;年度报告",
    ),
    "h32": ("title", "[h32](javascript:alert(1))年度报告", "[h32](javascript:alert(1))年度报告"),
    "h33": ("title", '年度报告h33 {: onclick="alert(1)" }', '年度报告h33 {: onclick="alert(1)" }'),
    "h34": ("contact", "<script>h34</script>", "&lt;script&gt;h34&lt;/script&gt;"),
    "h35": (
        "notes",
        "<img src=x onerror=alert('h35')>",
        "&lt;img src=x onerror=alert(&#x27;h35&#x27;)&gt;",
    ),
    "h36": (
        "body name",
        "<b onclick=alert(1)>h36</b>局",
        "&lt;b onclick=alert(1)&gt;h36&lt;/b&gt;局",
    ),
}


def _body_id(marker: str) -> str:
    return f"fict-hostile-{marker[1:]}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Finding]]:
    base = tmp_path_factory.mktemp("hostile")
    tree = ContentTree(base / "content")
    tree.write_regions()
    for marker, (markdown, _shown, _warning) in PROSE.items():
        tree.write_body(_body_id(marker))
        data = requests(report(_body_id(marker), 2023), 3)
        data["text"]["overview"] = markdown
        tree.write_report(data)
    for marker, (field, value, _shown) in FIELDS.items():
        if field == "body name":
            tree.write_body(_body_id(marker), name=value, short_name=value)
        else:
            tree.write_body(_body_id(marker))
        data = requests(report(_body_id(marker), 2023), 3)
        if field == "notes":
            data["provenance"]["notes"] = value
        elif field != "body name":
            data[field] = value
        tree.write_report(data)
    cwd = os.getcwd()
    os.chdir(base)
    try:
        findings = validate.validate(content.load(tree.root)).findings
    finally:
        os.chdir(cwd)
    site = base / "site"
    assert build(tree.root, site, "--strict") == 0
    return site, findings


class _Markup(HTMLParser):
    """Every live element and attribute of a page, with the text of scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.raw: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw.append(data)


def _live(html: str, marker: str) -> list[str]:
    """Markup on the page that carries ``marker`` or is dangerous in itself."""
    parser = _Markup()
    parser.feed(html)
    found = [text for text in parser.raw if marker in text]
    for tag, attrs in parser.elements:
        values = " ".join(attrs.values())
        if tag in ("iframe", "object", "embed", "base"):
            found.append(tag)
        if tag in ("img", "svg", "form", "div", "b") and marker in values:
            found.append(f"img {attrs}")
        if tag == "meta" and "refresh" in values.lower():
            found.append(f"meta {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action") and re.match(
                r"\s*(javascript|data):", value, re.I
            ):
                found.append(f"{tag} {name}={value}")
    return found


def _report_page(site: Path, marker: str) -> str:
    return (site / "bodies" / _body_id(marker) / "2023" / "index.html").read_text(encoding="utf-8")


def _warnings(findings: list[Finding], marker: str) -> list[Finding]:
    return [f for f in findings if _body_id(marker) in f.file and f.rule == "prose"]


@pytest.mark.parametrize("marker", sorted(PROSE))
def test_hostile_prose_is_inert_and_said_so(
    hostile: tuple[Path, list[Finding]], marker: str
) -> None:
    site, findings = hostile
    _markdown, shown, warning = PROSE[marker]
    page = _report_page(site, marker)
    assert shown in page
    assert _live(page, marker) == []
    warnings = _warnings(findings, marker)
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) >= 1
        assert any(warning in f.message for f in warnings), [f.message for f in warnings]
        assert all(f.severity == "warning" and f.field == "text.overview" for f in warnings)
        assert all(f.line is not None for f in warnings)


@pytest.mark.parametrize("marker", sorted(FIELDS))
def test_hostile_fields_are_shown_as_text(hostile: tuple[Path, list[Finding]], marker: str) -> None:
    site, _findings = hostile
    field, _value, shown = FIELDS[marker]
    pages = [site / "bodies" / _body_id(marker) / "2023" / "index.html"]
    pages.append(site / "bodies" / _body_id(marker) / "index.html")
    if field == "body name":
        pages += [
            site / "bodies" / "index.html",
            site / "regions" / "fict-province-city" / "index.html",
        ]
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert _live(page, marker) == [], path
    assert shown in pages[0].read_text(encoding="utf-8")


def test_no_page_of_the_hostile_site_has_live_markup_from_content(
    hostile: tuple[Path, list[Finding]],
) -> None:
    site, _findings = hostile
    for path in site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        for marker in [*PROSE, *FIELDS]:
            assert _live(page, marker) == [], (path, marker)


# --------------------------------------------------------------------------- refused by the validator


def _yaml_with(tree: ContentTree, old: str, new: str) -> None:
    path = tree.root / "bodies" / "fict-bureau" / "2023.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _symlinked_folder(tree: ContentTree) -> None:
    outside = tree.root.parent / "outside"
    outside.mkdir()
    (outside / "body.yaml").write_text("id: fict-evil\n", encoding="utf-8")
    (tree.root / "bodies" / "fict-evil").symlink_to(outside)


def _symlinked_report(tree: ContentTree) -> None:
    outside = tree.root.parent / "passwd.yaml"
    outside.write_text("body: fict-bureau\n", encoding="utf-8")
    (tree.root / "bodies" / "fict-bureau" / "2022.yaml").symlink_to(outside)


ROW = "new_requests: [0, 0, 0, 0, 0, 0, 0]"

#: case → (how to spoil a clean tree, file, field, what the error says)
REFUSED = {
    "symlinked body folder": (
        _symlinked_folder,
        "content/bodies/fict-evil",
        "",
        "内容目录里不能有符号链接",
    ),
    "symlinked report file": (
        _symlinked_report,
        "content/bodies/fict-bureau/2022.yaml",
        "",
        "内容目录里不能有符号链接",
    ),
    "region id that climbs out": (
        lambda t: t.write_regions(
            {
                **regions(),
                "../../etc": {"name": "虚构", "level": "省", "code": None, "parent": None},
            }
        ),
        "content/regions.yaml",
        "",
        "实际是 文字“../../etc”",
    ),
    "body's region that climbs out": (
        lambda t: t.write_body("fict-bureau", region="../../etc"),
        "content/bodies/fict-bureau/body.yaml",
        "region",
        "实际是 文字“../../etc”",
    ),
    "absolute path as parent body": (
        lambda t: t.write_body("fict-bureau", parent="/etc/passwd"),
        "content/bodies/fict-bureau/body.yaml",
        "parent",
        "实际是 文字“/etc/passwd”",
    ),
    "body id that climbs out": (
        lambda t: t.write_body("fict-bureau", id="../evil"),
        "content/bodies/fict-bureau/body.yaml",
        "id",
        "实际是 文字“../evil”",
    ),
    "folder name that is no id": (
        lambda t: t.write_body("Evil Folder", id="Evil Folder"),
        "content/bodies/Evil Folder/body.yaml",
        "id",
        "可用于网址的编号",
    ),
    "100,000-character title": (
        lambda t: t.write_report(report("fict-bureau", 2023, title="长" * 100_000)),
        "content/bodies/fict-bureau/2023.yaml",
        "title",
        "太长（最多 300 个字符）",
    ),
    "300,000-character prose": (
        lambda t: t.write_report(report("fict-bureau", 2023, text={"overview": "长" * 300_000})),
        "content/bodies/fict-bureau/2023.yaml",
        "text.overview",
        "太长（最多 200000 个字符）",
    ),
    "41-digit number": (
        lambda t: _yaml_with(t, ROW, ROW.replace("[0,", "[9" + "9" * 40 + ",")),
        "content/bodies/fict-bureau/2023.yaml",
        "table3.new_requests[0]",
        "太长（超过 30 位）",
    ),
    "number in scientific notation": (
        lambda t: _yaml_with(t, ROW, ROW.replace("[0,", "[1e400,")),
        "content/bodies/fict-bureau/2023.yaml",
        "table3.new_requests[0]",
        "数字请只写阿拉伯数字和小数点",
    ),
    "5,000 levels of nesting": (
        lambda t: t.write_text("bodies/fict-bureau/2022.yaml", "a: " + "[" * 5000 + "]" * 5000),
        "content/bodies/fict-bureau/2022.yaml",
        "",
        "嵌套太深（超过 32 层）",
    ),
    "120,000 keys": (
        lambda t: t.write_text(
            "bodies/fict-bureau/2022.yaml", "".join(f"k{i}: 1\n" for i in range(120_000))
        ),
        "content/bodies/fict-bureau/2022.yaml",
        "",
        "文件结构过大（超过 20000 个值）",
    ),
    "3 MB file": (
        lambda t: t.write_text("bodies/fict-bureau/2022.yaml", "# " + "x" * 3_000_000 + "\n"),
        "content/bodies/fict-bureau/2022.yaml",
        "",
        "文件太大（2.9 MB）",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_files_end_in_one_clean_error(tree: ContentTree, case: str) -> None:
    spoil, file, field, message = REFUSED[case]
    tree.standard()
    spoil(tree)
    start = time.perf_counter()
    errors = [f for f in check(tree).findings if f.severity == "error"]
    assert time.perf_counter() - start < 5
    matching = [f for f in errors if f.file == file and message in f.message]
    assert matching, [(f.file, f.field, f.message) for f in errors]
    assert any(field.startswith(f.field) or f.field.startswith(field) for f in matching)


def test_pathological_markdown_is_shown_as_text_quickly(tree: ContentTree) -> None:
    # Python-Markdown needs minutes for this (quadratic in the brackets); shown as text instead.
    bomb = "[" * 60_000 + "*_" * 40_000
    tree.standard()
    tree.write_report(report("fict-bureau", 2023, text={"overview": bomb}))
    start = time.perf_counter()
    warnings = [f for f in check(tree).findings if f.rule == "prose"]
    part = prose.section(bomb)
    assert time.perf_counter() - start < 2
    assert [f.message for f in warnings] == [
        "这段文字格式符号（[ ] * _ ` >）超过 500 个，按纯文字显示（不解读 Markdown 格式）"
    ]
    assert part == "<p>" + bomb + "</p>\n\n"
