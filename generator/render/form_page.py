"""Render: the fill-in form (填报表单), the official tables as inputs, checked as a clerk types.

The page is static: the tables come from :mod:`generator.render.tables` with an input in every
cell, the fields from the report's JSON Schema, and everything the browser checks and writes from
:func:`generator.publish.form.spec`, embedded as JSON. ``form.js`` does the rest in the browser;
nothing typed leaves it (saving downloads a file).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .. import layout, urls
from ..analysis.portal import Portal
from ..checks import schemas
from ..checks.findings import field_name
from ..checks.report_schema import TEXT_SECTIONS
from ..layout import Enum
from ..publish import form
from . import tables
from .page import Html, Page, Part
from .parts import a, front_matter, heading

SRC = urls.FORM

_INTRO = (
    "<p>不熟悉 YAML 也能发布年度报告：在下面照原文填写官方表格，页面边填边检查（与网站发布前的检查"
    "完全相同：格式、必填项和表格的勾稽关系 R1–R4），填好后保存为 YAML 文件，"
    "在 GitHub 网页上传或提交即可（做法见{guide}）。</p>"
    "<p>填写的内容只在你的浏览器里，本页不会把它发送到任何地方；离开本页前请先保存。"
    "空白的格子就是原表空白；原表为“/”的写 /；0 就写 0——三者是不同的事实。"
    "各栏说明里说的“写 null”，在本页就是空着不填。</p>"
)


class _Inputs:
    """An ``<input>`` in each body cell, named by its field path and labelled by its row and
    column (a screen reader hears “（一）予以公开 · 自然人”)."""

    def __init__(self, fmt: int) -> None:
        self.fmt = fmt

    def _input(self, path: tuple[str | int, ...], colspan: int = 1) -> str:
        name = field_name(path)
        labels = layout.find(self.fmt, path)
        label = " · ".join(labels[1:] if len(labels) > 1 else labels)
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        return (
            f'<td{span}><input class="pt-cell" data-path="{escape(name)}" '
            f'aria-label="{escape(label)}" inputmode="decimal" autocomplete="off" '
            'spellcheck="false" size="4"></td>'
        )

    def td(self, path: tuple[str | int, ...], colspan: int = 1) -> str:
        return self._input(path, colspan)

    def tds(self, path: tuple[str | int, ...], count: int) -> str:
        return "".join(self._input((*path, i)) for i in range(count))


def _field(path: str, prop: dict[str, Any], control: str = "input") -> str:
    """A labelled control for a field outside the tables, with the schema's description."""
    ident = "pt-f-" + path.replace(".", "-")
    help_id = ident + "-help"
    title, desc = prop.get("title", path), prop.get("description", "")
    common = f'id="{ident}" data-path="{escape(path)}" aria-describedby="{help_id}"'
    if "enum" in prop:
        options = "".join(
            f'<option value="{escape(str(v))}">{escape(str(v))}</option>' for v in prop["enum"]
        )
        widget = f"<select {common}>{options}</select>"
    elif control == "textarea":
        widget = f'<textarea {common} rows="4"></textarea>'
    else:
        widget = f'<input {common} autocomplete="off">'
    return (
        f'<div class="pt-form-field"><label for="{ident}">{escape(title)}</label>{widget}'
        f'<small id="{help_id}" class="pt-form-help">{escape(desc)}</small></div>'
    )


def _enums(fmt: int) -> str:
    """Table 二's units (a word chosen from the official ones, or 原表未写)."""
    out = []
    for node in layout.tables(fmt)[0].children:
        if isinstance(node, Enum):
            path = f"table2.{node.key}"
            ident = f"pt-f{fmt}-{node.key}"
            options = '<option value="">（原表未写，null）</option>' + "".join(
                f'<option value="{escape(c)}">{escape(c)}</option>' for c in node.choices
            )
            out.append(
                f'<div class="pt-form-field"><label for="{ident}">{escape(node.label)}</label>'
                f'<select id="{ident}" data-path="{path}">{options}</select>'
                f'<small class="pt-form-help">{escape(node.description)}</small></div>'
            )
    return "".join(out)


def _layout(fmt: int) -> str:
    blank = form.shapes(fmt)
    data = blank["grouped"]
    inputs = _Inputs(fmt)
    single = "single" in blank
    shape = (
        '<p class="pt-form-shape"><label><input type="checkbox" data-shape-toggle> '
        "原表的“（六）其他处理”只印了一行（没有分三种情形）</label></p>"
        if single
        else ""
    )
    return (
        f'<section class="pt-form-layout" data-pt-layout="{fmt}"'
        f"{'' if fmt == 2021 else ' hidden'}>"
        f"<h3>{escape(layout.tables(fmt)[0].label)}</h3>"
        + tables.table2(data, fmt, inputs=inputs)
        + _enums(fmt)
        + f"<h3>{escape(layout.tables(fmt)[1].label)}</h3>"
        + shape
        + tables.table3(data, fmt, inputs=inputs)
        + f"<h3>{escape(layout.TABLE4.label)}</h3>"
        + tables.table4(data, inputs=inputs)
        + "</section>"
    )


def form_page(portal: Portal) -> Page:
    """The fill-in form: open, fill (checked as typed), save as YAML."""
    props = schemas.get("report.schema.json")["properties"]
    spec = json.dumps(form.spec(), ensure_ascii=False, separators=(",", ":"))
    # The bodies a clerk can open, as escaped options (content never goes into a script).
    bodies = "".join(
        f'<option value="{escape(b.id)}" label="{escape(b.name)}（{"、".join(map(str, b.years))}）"'
        f' data-name="{escape(b.name)}" data-years="{" ".join(map(str, b.years))}"></option>'
        for b in portal.bodies.values()
        if b.years
    )
    out: list[Part] = [front_matter("在线填报", "照官方表格填写年度报告，边填边检查，保存为 YAML")]
    out.append(heading(1, "在线填报年度报告"))
    out.append(_INTRO.format(guide=a(urls.link(SRC, "guide.md"), "发布指南")))
    fields = [
        _field("body", props["body"]),
        _field("year", props["year"]),
        _field("format", props["format"]),
        _field("title", props["title"]),
        _field("published", props["published"]),
        _field("source.url", props["source"]["properties"]["url"]),
        _field("source.publisher", props["source"]["properties"]["publisher"]),
        _field("contact", props["contact"], "textarea"),
        _field("provenance.method", props["provenance"]["properties"]["method"]),
        _field("provenance.notes", props["provenance"]["properties"]["notes"], "textarea"),
    ]
    prose = "".join(
        _field(f"text.{key}", {"title": label, "description": desc}, "textarea")
        for key, label, desc in TEXT_SECTIONS
    )
    script = urls.asset(SRC, "assets/javascripts/form.js")
    # Where a published report's YAML is (``<reports>/<id>/<year>.yaml``), relative to the page.
    reports = escape(urls.asset(SRC, urls.report_base("x", 2000).rsplit("/", 2)[0]))
    out.append(
        Html(
            f'<div id="pt-form" class="pt-form" data-search-exclude data-reports="{reports}">'
            '<script type="application/json" id="pt-form-spec">'
            + spec.replace("<", "\\u003c")
            + "</script>"
            '<section class="pt-form-open" aria-labelledby="pt-form-open-h">'
            '<h2 id="pt-form-open-h">打开或新建</h2>'
            '<div class="pt-form-row">'
            '<div class="pt-form-field"><label for="pt-form-open-body">机关编号或名称</label>'
            '<input id="pt-form-open-body" list="pt-form-bodies" autocomplete="off">'
            f'<datalist id="pt-form-bodies">{bodies}</datalist></div>'
            '<div class="pt-form-field"><label for="pt-form-open-year">年度</label>'
            '<input id="pt-form-open-year" inputmode="numeric" size="6" autocomplete="off"></div>'
            '<button type="button" class="md-button" id="pt-form-open-site">打开本站已发布的报告</button>'
            "</div>"
            '<div class="pt-form-row">'
            '<div class="pt-form-field"><label for="pt-form-file">打开本机的 YAML 文件</label>'
            '<input type="file" id="pt-form-file" accept=".yaml,.yml,text/yaml"></div>'
            '<button type="button" class="md-button" id="pt-form-new">新建空白报告</button>'
            "</div></section>"
            '<p id="pt-form-status" class="pt-form-status" role="status" aria-live="polite">'
            "页面正在准备……</p>"
            '<section aria-labelledby="pt-form-problems-h" class="pt-form-problems">'
            '<h2 id="pt-form-problems-h">检查结果</h2>'
            '<div id="pt-form-problems" aria-live="polite"></div></section>'
            '<form id="pt-form-fields" novalidate>'
            "<fieldset><legend>基本信息</legend>" + "".join(fields) + "</fieldset>"
            '<fieldset class="pt-form-tables"><legend>表格（照原表逐格填写）</legend>'
            + "".join(_layout(fmt) for fmt in reversed(layout.LAYOUTS))
            + "</fieldset>"
            '<fieldset class="pt-form-unknown"><legend>无法识读的单元格</legend>'
            '<p class="pt-form-help">原文看不清或数字连在一起无法拆分的格子：在格子里填“?”，'
            "再在这里写明原因。这些格子在网站上显示为“无法识读”，不会当作空白或 0。</p>"
            '<ol id="pt-form-unknown-list"></ol></fieldset>'
            "<fieldset><legend>正文（照原文粘贴）</legend>" + prose + "</fieldset>"
            "</form>"
            '<section class="pt-form-save" aria-labelledby="pt-form-save-h">'
            '<h2 id="pt-form-save-h">保存</h2>'
            '<button type="button" class="md-button md-button--primary" id="pt-form-save">'
            "保存为 YAML 文件</button>"
            '<p id="pt-form-saved" class="pt-form-help"></p></section>'
            f'<script src="{escape(script)}"></script>'
            "</div>"
        )
    )
    return Page.of(SRC, "在线填报", out)
