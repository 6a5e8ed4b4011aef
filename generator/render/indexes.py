"""Render: the home page, the bodies index and the data-quality page, and the sortable tables of
many bodies that the index pages share (regions and years: :mod:`generator.render.regions_years`).

Navigation runs through these pages rather than through the site navigation tree: with
mkdocs-material every page in ``nav`` is repeated on every page, which does not scale to tens of
thousands of reports. Long lists are sortable tables (``portal.js``), sorted by ``data-sort``.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from .. import urls
from ..analysis.figures import FIGURES_BY_KEY, Val
from ..analysis.portal import Portal, ReportView, Total, totals
from ..checks.rules import RULES
from . import charts
from .page import Html, Page, Part
from .parts import a, front_matter, heading
from .tables import download_link
from .values import disputed_legend, sort_key, total_html, total_sort_key, val_html

YEAR_COLUMNS = (
    "new_requests",
    "carried_over",
    "granted",
    "partly_granted",
    "refused",
    "unable",
    "not_processed",
    "reviews",
    "reviews_corrected",
    "lawsuits",
    "lawsuits_corrected",
    "fees",
)
LATEST_COLUMNS = ("new_requests", "granted", "partly_granted", "refused", "reviews", "lawsuits")
TOTAL_COLUMNS = (
    "new_requests",
    "granted",
    "partly_granted",
    "refused",
    "unable",
    "reviews",
    "lawsuits",
    "fees",
)

Cell = tuple[str, str]  # (html, sort key)


def sortable(
    table_id: str,
    caption: str,
    columns: list[str],
    rows: list[list[Cell]],
    foot: list[str] | None = None,
    download: str = "",
    text: int = 0,
) -> Html:
    """A table readers can sort by any column (buttons in the header; works by keyboard).

    ``text``: how many columns after the first hold words (a region, a level), which wrap and
    read from the left; the others hold numbers."""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    body = []
    kinds = ["pt-t"] * text + ["pt-n"] * (len(columns) - 1 - text)
    for row in rows:
        first, *rest = row
        cells = f'<th scope="row" data-sort="{escape(first[1])}">{first[0]}</th>'
        cells += "".join(
            f'<td class="{kind}" data-sort="{escape(k)}">{h}</td>'
            for kind, (h, k) in zip(kinds, rest, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    tfoot = ""
    if foot:
        tfoot = (
            "<tfoot><tr>"
            + "".join(
                f'<th scope="row">{foot[0]}</th>' if i == 0 else f'<td class="pt-n">{c}</td>'
                for i, c in enumerate(foot)
            )
            + "</tr></tfoot>"
        )
    return Html(
        f'<div class="pt-table-wrap" data-search-exclude><table class="pt-sortable" id="{table_id}">'
        f"<caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody>{tfoot}</table></div>\n"
        + (download_link(download, "下载数据（CSV）") if download else "")
        + "\n\n"
        + disputed_legend(*body, tfoot)
    )


def fig_cell(value: Val, key: str) -> Cell:
    """A key figure in a sortable table; the unit (万元) is in the column's label."""
    return val_html(value), sort_key(value)


def column_labels(keys: tuple[str, ...]) -> list[str]:
    return [
        FIGURES_BY_KEY[k].label + ("（万元）" if FIGURES_BY_KEY[k].unit == "万元" else "")
        for k in keys
    ]


def total_cells(t: dict[str, Total], keys: tuple[str, ...]) -> list[str]:
    """Totals under labelled columns (:func:`column_labels` names the unit)."""
    return [total_html(t[k]) for k in keys]


TOTAL_NOTE = (
    '<p class="pt-legend">合计只加有数字的报告；带 * 的合计另有报告此项为空白、“/”或无法识读，'
    "未计入，括号内是未计入的报告份数。</p>\n\n"
)


def totals_table(
    table_id: str, caption: str, by_year: dict[int, tuple[int, dict[str, Total]]], src: str
) -> Html:
    rows = []
    for year, (count, t) in sorted(by_year.items()):
        first = (a(urls.link(src, urls.year(year)), f"{year} 年度"), str(year))
        rows.append(
            [first, (str(count), str(count))]
            + [
                (h, total_sort_key(t[k]))
                for h, k in zip(total_cells(t, TOTAL_COLUMNS), TOTAL_COLUMNS, strict=True)
            ]
        )
    # One block, so that search leaves the numbers and their note out (as every table).
    return Html(
        sortable(
            table_id,
            caption,
            ["年度", "报告数", *column_labels(TOTAL_COLUMNS)],
            rows,
            download=urls.asset(src, urls.WIDE),
        )
        + TOTAL_NOTE
    )


def totals_chart(
    chart_id: str, by_year: dict[int, tuple[int, dict[str, Total]]], src: str = ""
) -> Html:
    years = sorted(by_year)
    series = []
    for key in ("new_requests", "reviews", "lawsuits"):
        totals = [by_year[y][1][key] for y in years]
        values = [Val(t.number) if t.counted else None for t in totals]
        notes = tuple(
            "，".join(
                text
                for text, shown in (
                    (f"另有 {t.without} 份报告此项无数字，未计入", t.without),
                    (f"其中 {t.disputed} 份的数字不相符", t.disputed),
                )
                if shown
            )
            for t in totals
        )
        series.append(charts.Series(FIGURES_BY_KEY[key].label, values, notes=notes))
    chart = charts.Chart(
        chart_id,
        "各年合计：新收申请、行政复议、行政诉讼",
        "bar",
        [str(y) for y in years],
        series,
        "年度",
    )
    # The totals come from the key figures of every report: the wide CSV has them all.
    return Html(charts.html(chart, urls.asset(src, urls.WIDE) if src else "") + "\n\n")


def quality_count(report: ReportView) -> int:
    return sum(1 for f in report.quality if f.rule in RULES)


# --------------------------------------------------------------------------- home


def home(portal: Portal) -> Page:
    src = urls.HOME
    reports = portal.reports
    out: list[Part] = [
        front_matter("政府信息公开工作年度报告", "各级政府机关政府信息公开工作年度报告的数据与比较")
    ]
    out.append(heading(1, "政府信息公开工作年度报告"))
    out.append(
        "<p>每年一月，各级政府机关按照《中华人民共和国政府信息公开条例》发布上一年度的政府信息公开工作"
        "年度报告。本站把这些报告整理成统一的数据：可以按地区、年度、机关浏览，比较历年变化，"
        "查看每份报告的原表和文字。数字一律照原文发布；表格自身对不上的地方在页面上标出，不作改动。</p>\n\n"
    )
    years = portal.years
    span = f"{years[0]}–{years[-1]} 年度" if years else "暂无"
    out.append(heading(2, "收录情况", "coverage"))
    out.append(
        '<dl class="pt-cards">'
        f"<div><dt>机关</dt><dd>{len(portal.bodies):,}</dd></div>"
        f"<div><dt>报告</dt><dd>{len(reports):,}</dd></div>"
        f"<div><dt>地区</dt><dd>{len(portal.regions):,}</dd></div>"
        f"<div><dt>年度</dt><dd>{escape(span)}</dd></div></dl>\n\n"
    )
    latest = portal.latest_year
    if latest is not None:
        year_reports = portal.reports_of_year(latest)
        t = totals(year_reports)
        cards = "".join(
            f"<div><dt>{escape(FIGURES_BY_KEY[k].label)}</dt><dd>{total_html(t[k], FIGURES_BY_KEY[k].unit)}</dd></div>"
            for k in TOTAL_COLUMNS
        )
        out.append(heading(2, f"{latest} 年度合计", "latest"))
        out.append(f"<p>{len(year_reports):,} 份 {latest} 年度报告的合计：</p>\n\n")
        out.append(f'<dl class="pt-cards">{cards}</dl>\n\n' + TOTAL_NOTE + disputed_legend(cards))
    out.append(heading(2, "按地区浏览", "by-region"))
    out.append(
        "<ul>"
        + "".join(f"<li>{a(urls.link(src, urls.region(r.id)), r.name)}</li>" for r in portal.roots)
        + "</ul>\n\n"
    )
    out.append(f"<p>全部地区见 {a(urls.link(src, urls.REGIONS), '地区')}。</p>\n\n")
    out.append(heading(2, "按年度浏览", "by-year"))
    out.append(
        '<p class="pt-inline-list">'
        + " · ".join(a(urls.link(src, urls.year(y)), f"{y} 年度") for y in reversed(years))
        + "</p>\n\n"
    )
    out.append(heading(2, "按机关浏览", "by-body"))
    out.append(
        f"<p>{a(urls.link(src, urls.BODIES), '全部机关')}列出每个机关和它的各年度报告；"
        "也可以用页面上方的搜索框查找机关名称。</p>\n\n"
    )
    out.append(heading(2, "开放数据", "data"))
    out.append(
        f"<p>全部数字可以下载（CSV、JSON、YAML），见{a(urls.link(src, urls.DATA), '开放数据')}；"
        f"哪些机关缺哪一年的报告，见{a(urls.link(src, urls.COVERAGE), '收录情况')}；"
        f"各年度报告是否按时发布、与上年文字重复多少、有没有修订，见"
        f"{a(urls.link(src, urls.SIGNALS), '按时发布、文字重复与修订')}。</p>\n\n"
    )
    out.append(heading(2, "数据核对", "quality"))
    flagged = sum(1 for r in reports if quality_count(r))
    out.append(
        f"<p>{flagged} 份报告有表格数字对不上的地方，见{a(urls.link(src, urls.QUALITY), '数据核对')}。</p>\n\n"
    )
    return Page.of(src, "首页", out)


# --------------------------------------------------------------------------- regions


# --------------------------------------------------------------------------- years


# --------------------------------------------------------------------------- bodies, quality


def bodies_index(portal: Portal) -> Page:
    src = urls.BODIES
    rows = []
    paths = {b.id: portal.region_path(b.region) for b in portal.bodies.values()}
    for b in sorted(
        portal.bodies.values(), key=lambda x: (paths[x.id][0].id if paths[x.id] else "", x.id)
    ):
        where = " › ".join(r.name for r in paths[b.id])
        years = (
            " ".join(a(urls.link(src, urls.report(b.id, y)), str(y)) for y in b.years) or "无报告"
        )
        rows.append(
            [
                (a(urls.link(src, urls.body(b.id)), b.name), b.name),
                (escape(where), where),
                (escape(str(b.data.get("kind") or "")), str(b.data.get("kind") or "")),
                (years, str(len(b.years))),
            ]
        )
    out: list[Part] = [
        front_matter("机关"),
        heading(1, "机关"),
        f"<p>本站收录 {len(rows):,} 个机关。</p>\n\n",
    ]
    out.append(
        sortable(
            "bodies",
            "全部机关",
            ["机关", "地区", "机关类型", "报告年度"],
            rows,
            download=urls.asset(src, urls.COVERAGE_CSV),
            text=3,
        )
    )
    return Page.of(src, "机关", out)


def quality_page(portal: Portal) -> Page:
    src = urls.QUALITY
    by_rule: dict[str, list[tuple[ReportView, list[str]]]] = defaultdict(list)
    for r in sorted(portal.reports, key=lambda x: (x.body_id, x.year)):
        grouped: dict[str, list[str]] = defaultdict(list)
        for f in r.quality:
            if f.rule in RULES:
                grouped[f.rule].append((f.label + "：" if f.label else "") + f.message)
        for rule, messages in grouped.items():
            by_rule[rule].append((r, messages))
    out: list[Part] = [front_matter("数据核对", "各报告表格数字对不上的地方")]
    out.append(heading(1, "数据核对"))
    out.append(
        "<p>年度报告的表格有固定的勾稽关系（例如各类申请人之和等于总计）。下面按规则列出等式不成立的报告，"
        "并给出等式两边的数字。本站照原文发布，不改动数字；含空白、“/”或无法识读的等式无法核对，不列入。</p>\n\n"
    )
    for rule, description in RULES.items():
        items = by_rule.get(rule, [])
        out.append(heading(2, f"{rule}：{description}", rule.lower()))
        if not items:
            out.append("<p>没有报告违反这条规则。</p>\n\n")
            continue
        rows = []
        for r, messages in items:
            body = portal.bodies[r.body_id]
            link = a(
                urls.link(src, urls.report(r.body_id, r.year), "quality"),
                f"{body.name} {r.year} 年度",
            )
            lines = "".join(f"<li>{escape(m)}</li>" for m in messages)
            rows.append(
                f'<tr><th scope="row">{link}</th><td>{len(messages)}</td><td><ul>{lines}</ul></td></tr>'
            )
        out.append(
            Html(
                f'<div class="pt-table-wrap" data-search-exclude><table class="pt-quality-list">'
                f"<caption>{escape(rule)}：{len(items)} 份报告</caption>"
                '<thead><tr><th scope="col">报告</th><th scope="col">处数</th><th scope="col">不相符之处</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>\n\n"
            )
        )
    return Page.of(src, "数据核对", out)
