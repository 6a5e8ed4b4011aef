"""Render: a body's page (profile, every year's report, changes year over year, charts)."""

from __future__ import annotations

from html import escape

from .. import urls
from ..analysis.figures import FIGURES_BY_KEY, KEY_FIGURES, OUTCOME_KEYS
from ..analysis.portal import BodyView, Portal, year_span, yoy
from ..checks.rules import RULES
from . import charts, signals
from .page import Html, Page, Part
from .parts import a, also_known_as, breadcrumb, front_matter, heading, meta_table
from .values import change_html, disputed_legend, val_html


def _profile(portal: Portal, body: BodyView, src: str) -> str:
    d = body.data
    region = portal.regions.get(body.region or "")
    parent = portal.bodies.get(str(d.get("parent") or ""))
    rows = [
        ("全称", escape(body.name)),
        ("简称", escape(body.short_name)),
        ("层级", escape(str(d.get("level") or "未写明"))),
        ("机关类型", escape(str(d.get("kind") or "未写明"))),
        (
            "所属地区",
            a(urls.link(src, urls.region(region.id)), region.name) if region else "未写明",
        ),
    ]
    if parent:
        rows.append(("上级机关", a(urls.link(src, urls.body(parent.id)), parent.name)))
    if body.children:
        links = "、".join(
            a(urls.link(src, urls.body(c)), portal.bodies[c].name) for c in body.children
        )
        rows.append(("下级机关", links))
    if d.get("website"):
        rows.append(("网站", a(str(d["website"]), str(d["website"]))))
    if d.get("notes"):
        rows.append(("说明", escape(str(d["notes"]))))
    return meta_table("机关信息", rows)


def _yoy_table(body: BodyView, years: list[int]) -> str:
    series = yoy(body, years)
    head = "".join(
        f'<th scope="col">{y}</th>'
        if y in body.reports
        else f'<th scope="col" class="pt-noreport-col">{y}<br><small>无报告</small></th>'
        for y in years
    )
    rows = []
    for figure in KEY_FIGURES:
        cells = []
        for _year, value, delta in series[figure.key]:
            inner = val_html(value, figure.unit, no_report=True)
            if delta is not None:
                inner += "<br>" + change_html(delta)
            cells.append(f'<td class="pt-n">{inner}</td>')
        label = f'<th scope="row" title="{escape(figure.note)}">{escape(figure.label)}</th>'
        rows.append(f"<tr>{label}{''.join(cells)}</tr>")
    return (
        '<div class="pt-table-wrap" data-search-exclude><table class="pt-yoy" id="yoy">'
        "<caption>主要数字及与上一年相比的变化（绝对数和百分比）</caption>"
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n\n"
        '<p class="pt-legend">变化只在相邻两年都有报告时计算；上一年为 0 时不计算百分比。'
        "2019 年格式的表二与 2021 年格式不完全相同（见各项说明）。</p>\n\n"
        + disputed_legend(*rows)
        + SOURCES
    )


#: Where each key figure comes from in the official table, on the page (a ``title`` on the row
#: labels reaches neither touch nor keyboard).
SOURCES = (
    '<details class="pt-legend" data-search-exclude><summary>各项说明：取自原表哪一格</summary><ul>'
    + "".join(f"<li>{escape(f.label)}：{escape(f.note)}</li>" for f in KEY_FIGURES)
    + "</ul></details>\n\n"
)


def body_charts(body: BodyView, years: list[int]) -> list[charts.Chart]:
    def series(key: str) -> charts.Series:
        f = FIGURES_BY_KEY[key]
        return charts.Series(
            f.label,
            [body.reports[y].figures[key] if y in body.reports else None for y in years],
            f.unit,
        )

    cats = [str(y) for y in years]
    return [
        charts.Chart(
            "chart-trend-requests",
            "各年申请数量",
            "line",
            cats,
            [series("new_requests"), series("carried_over"), series("carried_forward")],
            "年度",
        ),
        charts.Chart(
            "chart-trend-outcomes",
            "各年办理结果",
            "stack",
            cats,
            [series(k) for k in OUTCOME_KEYS],
            "年度",
        ),
        charts.Chart(
            "chart-trend-redress",
            "各年行政复议、行政诉讼",
            "line",
            cats,
            [series(k) for k in ("reviews", "reviews_corrected", "lawsuits", "lawsuits_corrected")],
            "年度",
        ),
    ]


def body_page(portal: Portal, body: BodyView) -> Page:
    """A body's page: profile, every year with year-over-year changes, trend charts."""
    src = urls.body(body.id)
    years = year_span(body, portal.latest_year)
    out: list[Part] = [front_matter(body.name, f"{body.name}历年政府信息公开工作年度报告")]
    out.append(Html(breadcrumb(portal, src, body.region)))
    out.append(heading(1, body.name))
    out.append(also_known_as(portal, body))
    out.append(heading(2, "机关概况", "profile"))
    out.append(Html(_profile(portal, body, src)))
    csv_all = urls.asset(src, urls.body_csv(body.id))
    out.append(heading(2, "各年度报告", "reports"))
    items = []
    for year in years:
        if year in body.reports:
            r = body.reports[year]
            flag = (
                f"（{len([f for f in r.quality if f.rule in RULES])} 处数字不相符）"
                if any(f.rule in RULES for f in r.quality)
                else ""
            )
            items.append(
                f"<li>{a(urls.link(src, urls.report(body.id, year)), f'{year} 年度报告')}{flag}"
                f'<small class="pt-signal-line">{signals.body_line(r)}</small></li>'
            )
        else:
            items.append(f'<li class="pt-noreport">{year} 年度：本站没有这份报告</li>')
    out.append(f'<ul class="pt-years">{"".join(items)}</ul>\n\n')
    if len(body.reports) == 1:
        only = body.years[0]
        out.append(
            f'<p class="pt-single">本站目前只有这个机关 {only} 年度的一份报告，'
            "还不能比较各年的变化。</p>\n\n"
        )
    out.append(
        f'<p class="pt-downloads"><a href="{escape(csv_all)}" download>下载本机关各年度全部数据（CSV，每年一行）</a></p>\n\n'
    )
    out.append(heading(2, "主要数字和变化", "figures"))
    out.append(Html(_yoy_table(body, years)))
    out.append(heading(2, "趋势", "trends"))
    csv = urls.asset(src, urls.body_csv(body.id))
    for chart in body_charts(body, years):
        out.append(Html(charts.html(chart, csv) + "\n\n"))
    return Page.of(src, body.name, out)
