"""Render: a report's page (key figures, the three official tables, prose, checks), as HTML (see :mod:`generator.render.page`).

Pages are plain data in, text out: no I/O, no clock, no randomness, so the same content always
gives byte-identical pages (golden-file tests rely on it). Tables, charts and panels are HTML
blocks (:class:`~generator.render.page.Html`) that carry ``data-search-exclude`` so that search indexes
the text only.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from .. import urls
from ..analysis.figures import FIGURES_BY_KEY, OUTCOME_KEYS, applicants, redress
from ..analysis.portal import BodyView, Portal, ReportView
from ..analysis.reuse import repeated_sentences
from ..checks.findings import Finding, parse_field
from ..checks.report_schema import TEXT_SECTIONS
from ..checks.rules import RULES
from ..content import prose
from ..layout import find
from . import charts, signals, tables
from .page import Html, Page, Part
from .parts import a, also_known_as, breadcrumb, front_matter, heading, meta_table
from .values import DISPUTED_NOTE, mapping, val_html

METHODS = {"typed": "人工录入", "imported": "从原文导入后人工核对", "corrected": "录入后经更正"}
HEADLINE = ("new_requests", "granted", "partly_granted", "refused", "unable", "reviews", "lawsuits")


def keyfig_cards(report: ReportView) -> str:
    items = []
    for key in HEADLINE:
        figure = FIGURES_BY_KEY[key]
        value = val_html(report.figures[key], figure.unit, href=f"#{tables.FINDINGS}")
        items.append(f"<div><dt>{escape(figure.label)}</dt><dd>{value}</dd></div>")
    note = ""
    if any(report.figures[k].disputed for k in HEADLINE):
        note = f'<p class="pt-legend">{escape(DISPUTED_NOTE)}</p>'
    return '<dl class="pt-cards" data-search-exclude>' + "".join(items) + "</dl>" + note + "\n\n"


# --------------------------------------------------------------------------- report page


def _quality_panel(report: ReportView) -> str:
    unknown = report.data.get("provenance", {}) or {}
    unknown_items = unknown.get("unknown_cells") if isinstance(unknown, dict) else None
    parts = []
    rule_findings = [f for f in report.quality if f.rule in RULES]
    other = [f for f in report.quality if f.rule not in RULES]
    if rule_findings:
        groups = []
        for rule in RULES:
            items = [f for f in rule_findings if f.rule == rule]
            if not items:
                continue
            lines = "".join(_finding_item(f, rule) for f in items)
            groups.append(f"<p><strong>{rule}</strong> {escape(RULES[rule])}：</p><ul>{lines}</ul>")
        parts.append(
            f'<div class="admonition warning" id="{tables.FINDINGS}"><p class="admonition-title">'
            f"数字不相符：{len(rule_findings)} 处</p>"
            "<p>以下是表格自身的勾稽关系（核对规则）不成立、或正文写明的数字与表格不同（R8）的地方，写明行和列，列出两边的数字；"
            "等式里的格子在下面的表格中以底色标出、注明规则号（点行列名称可跳到该格）。本站照原文发布，"
            f"不改动任何数字。</p>{''.join(groups)}</div>"
        )
    else:
        parts.append(
            '<div class="admonition success"><p class="admonition-title">勾稽关系相符</p>'
            "<p>表格中可以核对的勾稽关系均成立（含空白、“/”或无法识读的等式无法核对，不计入）。</p></div>"
        )
    if other:
        lines = "".join(f"<li>{escape(f.message)}</li>" for f in other)
        parts.append(
            f'<div class="admonition note"><p class="admonition-title">其他提示</p><ul>{lines}</ul></div>'
        )
    if isinstance(unknown_items, list) and unknown_items:
        entries = []
        for item in unknown_items:
            if not isinstance(item, dict):
                continue
            path = str(item.get("path", ""))
            try:
                label = " · ".join(find(report.layout, parse_field(path)))
            except ValueError:
                label = path
            entries.append(
                f"<li>{escape(label or path)}：{escape(str(item.get('reason') or ''))}</li>"
            )
        parts.append(
            '<div class="admonition info"><p class="admonition-title">'
            f"无法识读的单元格：{len(entries)} 处</p>"
            "<p>原文这些位置的数字无法可靠读出，本站留空（显示为“？”），不作猜测。</p>"
            f"<ul>{''.join(entries)}</ul></div>"
        )
    return '<div class="pt-quality" data-search-exclude>' + "".join(parts) + "</div>\n\n"


def _finding_item(f: Finding, rule: str) -> str:
    """A finding as a list item: the row and column it is about (a link to that cell of the
    official table) and the equation's two sides."""
    message = escape(_without_rule(f.message, rule))
    if not f.label:
        return f"<li>{message}</li>"
    where = escape(f.label)
    if f.cells:
        where = f'<a href="#{tables.cell_id(parse_field(f.field))}">{where}</a>'
    return f"<li>{where}：{message}</li>"


def _without_rule(message: str, rule: str) -> str:
    # The rules' messages start with their id ("R4 行政复议：…"); the panel shows the id already.
    return message[len(rule) :].lstrip() if message.startswith(rule) else message


def _meta(portal: Portal, body: BodyView, report: ReportView, src: str) -> str:
    data = report.data
    source = mapping(data.get("source"))
    url = source.get("url")
    rows = [
        ("报告机关", a(urls.link(src, urls.body(body.id)), body.name)),
        ("报告年度", f"{report.year} 年度"),
        ("表格格式", "2019 年格式（试行）" if report.layout == 2019 else "2021 年格式"),
        ("发布日期", escape(str(data.get("published"))) if data.get("published") else "原文未写明"),
        ("发布机构", escape(str(source.get("publisher") or "原文未写明"))),
        ("原文", a(str(url), str(url)) if url else "原文链接未记录"),
        ("联系方式", escape(str(data.get("contact") or "原文未写明"))),
    ]
    prov = mapping(data.get("provenance"))
    if prov.get("method"):
        rows.append(("录入方式", escape(METHODS.get(prov["method"], str(prov["method"])))))
    out = meta_table("报告信息", rows)
    if prov.get("notes"):
        notes = escape(str(prov["notes"])).replace("\n\n", "</p><p>").replace("\n", "<br>")
        out += (
            '<details class="pt-notes"><summary>数据说明（录入时的记录）</summary>'
            f"<p>{notes}</p></details>\n\n"
        )
    return out


def _downloads(src: str, body: BodyView, report: ReportView) -> str:
    # The report's own file; its cells as a line of the body's wide CSV; its JSON and its
    # one-row-per-cell long CSV in the bulk zip (a copy of each per report was most of the
    # site's weight at a province's scale).
    links = " · ".join(
        f'<a href="{escape(urls.asset(src, path))}" download>{label}</a>'
        for path, label in (
            (urls.report_base(body.id, report.year) + ".yaml", "YAML（照原文录入）"),
            (urls.body_csv(body.id), "CSV（本机关各年度，每年一行）"),
            (urls.ZIP, "全站数据包（JSON、每格一行的长表）"),
        )
    )
    # The body's own staff correct a report in the fill-in form, opened on this report.
    form = urls.link(src, urls.FORM) + f"?body={quote(body.id)}&year={report.year}"
    # Left out of search (data-search-exclude): the same words on every report find nothing.
    return (
        f'<p class="pt-downloads" data-search-exclude>下载本报告的数据：{links}</p>\n\n'
        f'<p class="pt-downloads">本机关的工作人员发现录入有误：'
        f'<a href="{escape(form)}">在线填报表单中打开本报告</a>，改正后保存，按发布指南提交。</p>\n\n'
    )


def _neighbours(body: BodyView, report: ReportView, src: str) -> str:
    """Links to the previous and next year; a missing year is said to be missing."""
    out = []
    for label, year, step in (("上一年度", report.year - 1, -1), ("下一年度", report.year + 1, 1)):
        if year in body.reports:
            out.append(
                f"{label}：{a(urls.link(src, urls.report(body.id, year)), f'{year} 年度报告')}"
            )
            continue
        others = [y for y in body.years if (y < report.year if step < 0 else y > report.year)]
        if not others:
            continue
        nearest = max(others) if step < 0 else min(others)
        out.append(
            f"{label}：{year} 年度没有报告（最近的是 "
            f"{a(urls.link(src, urls.report(body.id, nearest)), f'{nearest} 年度')}）"
        )
    if not out:
        return ""
    return '<p class="pt-neighbours">' + " · ".join(out) + "</p>\n\n"


def report_charts(report: ReportView) -> dict[str, charts.Chart]:
    data = report.data
    people = applicants(data, report.disputed)
    outcomes = [(FIGURES_BY_KEY[k].label, report.figures[k]) for k in OUTCOME_KEYS]
    groups = redress(data, report.disputed)
    results = [label for label, _ in groups[0][1]]
    return {
        "applicants": charts.Chart(
            "chart-applicants",
            f"{report.year} 年新收申请：按申请人类型",
            "bar",
            [label for label, _ in people],
            [charts.Series("新收申请", [v for _, v in people])],
        ),
        "outcomes": charts.Chart(
            "chart-outcomes",
            f"{report.year} 年办理结果（表三各类结果的总计列）",
            "hbar",
            [label for label, _ in outcomes],
            [charts.Series("办理结果", [v for _, v in outcomes])],
        ),
        "redress": charts.Chart(
            "chart-redress",
            f"{report.year} 年行政复议、行政诉讼：按结果",
            "bar",
            results,
            [charts.Series(label, [v for _, v in cells]) for label, cells in groups],
        ),
    }


def report_page(portal: Portal, body: BodyView, report: ReportView) -> Page:
    """The page of one report: official tables, prose, charts and the data-quality panel."""
    src = urls.report(body.id, report.year)
    data = report.data
    title = str(data.get("title") or f"{body.name}{report.year}年政府信息公开工作年度报告")
    text = mapping(data.get("text"))
    sections = {key: label for key, label, _ in TEXT_SECTIONS}
    chart = report_charts(report)
    out: list[Part] = [front_matter(f"{body.short_name} {report.year} 年度报告", title)]
    crumb = body.short_name
    if any(crumb in (r.short_name, r.name) for r in portal.region_path(body.region)):
        crumb = body.name  # 洪泽区 › 洪泽区 would hide that the last link is the body
    out.append(
        Html(breadcrumb(portal, src, body.region, [a(urls.link(src, urls.body(body.id)), crumb)]))
    )
    out.append(heading(1, title))
    out.append(also_known_as(portal, body))
    out.append(_neighbours(body, report, src))
    out.append(Html(_meta(portal, body, report, src)))
    out.append(Html(_downloads(src, body, report)))
    out.append(heading(2, "主要数字", "key-figures"))
    out.append(Html(keyfig_cards(report)))
    out.append(heading(2, "数据核对", "quality"))
    out.append(Html(_quality_panel(report)))
    out += signals.report_section(body, report, src)

    def prose_block(key: str) -> str:
        # The prose with the sentences repeated from last year's report marked.
        html = prose.section(text.get(key))
        marked = repeated_sentences(text, report.reuse, key)
        return Html(signals.mark(html, marked)) if html else ""

    preamble = prose_block("preamble")
    if preamble:
        out.append(heading(2, sections["preamble"], "preamble"))
        out.append(preamble)
    out.append(heading(2, sections["overview"], "overview"))
    out.append(prose_block("overview") or '<p class="pt-empty">原文此部分无文字。</p>\n\n')
    out.append(heading(2, sections["proactive"], "table2"))
    out.append(prose_block("proactive"))
    out.append(Html(tables.LEGEND + "\n\n"))
    out.append(Html(tables.table2(data, report.layout, report.disputed) + "\n\n"))
    out.append(heading(2, sections["requests"], "table3"))
    out.append(prose_block("requests"))
    out.append(Html(tables.table3(data, report.layout, report.disputed) + "\n\n"))
    out.append(Html(charts.html(chart["applicants"]) + "\n\n"))
    out.append(Html(charts.html(chart["outcomes"]) + "\n\n"))
    out.append(heading(2, sections["reviews"], "table4"))
    out.append(prose_block("reviews"))
    out.append(Html(tables.table4(data, report.disputed) + "\n\n"))
    out.append(Html(charts.html(chart["redress"]) + "\n\n"))
    for key in ("problems", "other"):
        out.append(heading(2, sections[key], key))
        out.append(prose_block(key) or '<p class="pt-empty">原文此部分无文字。</p>\n\n')
    closing = text.get("closing")
    if isinstance(closing, str) and closing.strip():  # plain text, never read as Markdown
        out.append(f'<p class="pt-closing">{escape(closing.strip())}</p>\n\n')
    return Page.of(src, title, out)


# --------------------------------------------------------------------------- body page
