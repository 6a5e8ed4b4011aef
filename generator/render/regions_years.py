"""Render: the regions index and each region's page, the years index and each year's page."""

from __future__ import annotations

from html import escape

from .. import urls
from ..analysis.names import region_names
from ..analysis.portal import Portal, RegionView, totals, totals_by_year
from . import compare
from .indexes import (
    LATEST_COLUMNS,
    TOTAL_NOTE,
    YEAR_COLUMNS,
    Cell,
    column_labels,
    fig_cell,
    quality_count,
    sortable,
    total_cells,
    totals_chart,
    totals_table,
)
from .page import Html, Page, Part
from .parts import a, breadcrumb, front_matter, heading, names_line


def _tree(portal: Portal, src: str, region: RegionView, seen: set[str]) -> str:
    seen.add(region.id)
    count = len(portal.subtree_bodies(region.id))
    item = f"{a(urls.link(src, urls.region(region.id)), region.name)} <small>（{count} 个机关）</small>"
    kids = [portal.regions[c] for c in region.children if c not in seen]
    if kids:
        item += "<ul>" + "".join(_tree(portal, src, k, seen) for k in kids) + "</ul>"
    return f"<li>{item}</li>"


def regions_index(portal: Portal) -> Page:
    src = urls.REGIONS
    seen: set[str] = set()
    tree = "".join(_tree(portal, src, r, seen) for r in portal.roots)
    intro = "<p>按省、市、县浏览各地机关的年度报告。</p>\n\n"
    body = Html('<ul class="pt-tree">' + tree + "</ul>\n\n")
    return Page.of(src, "地区", [front_matter("地区"), heading(1, "地区"), intro, body])


def region_page(portal: Portal, region: RegionView) -> Page:
    src = urls.region(region.id)
    bodies = portal.subtree_bodies(region.id)
    out: list[Part] = [front_matter(region.name, f"{region.name}各机关政府信息公开工作年度报告")]
    out.append(Html(breadcrumb(portal, src, region.parent)))
    out.append(heading(1, region.name))
    out.append(names_line(region_names(region)))
    facts = [f"层级：{escape(region.level)}"]
    if region.code:
        facts.append(f"行政区划代码：{escape(str(region.code))}")
    facts.append(f"本地区及下辖地区共 {len(bodies)} 个机关")
    out.append("<p>" + "；".join(facts) + "。</p>\n\n")
    if region.children:
        out.append(heading(2, "下辖地区", "subregions"))
        items = "".join(
            f"<li>{a(urls.link(src, urls.region(c)), portal.regions[c].name)}"
            f" <small>（{len(portal.subtree_bodies(c))} 个机关）</small></li>"
            for c in region.children
        )
        out.append(f"<ul>{items}</ul>\n\n")
    out.append(heading(2, "机关", "bodies"))
    if bodies:
        rows = []
        for b in bodies:
            latest = b.latest
            first = (a(urls.link(src, urls.body(b.id)), b.name), b.name)
            where = portal.regions[b.region].name if b.region in portal.regions else ""
            row: list[Cell] = [
                first,
                (escape(where), where),
                (escape(str(b.data.get("level") or "")), str(b.data.get("level") or "")),
            ]
            if latest:
                row.append(
                    (
                        a(urls.link(src, urls.report(b.id, latest.year)), f"{latest.year}"),
                        str(latest.year),
                    )
                )
                row += [fig_cell(latest.figures[k], k) for k in LATEST_COLUMNS]
            else:
                row += [("无报告", "")] + [("", "")] * len(LATEST_COLUMNS)
            rows.append(row)
        out.append(
            sortable(
                "region-bodies",
                "各机关最近一年度的主要数字",
                ["机关", "地区", "层级", "最近年度", *column_labels(LATEST_COLUMNS)],
                rows,
                download=urls.asset(src, urls.WIDE),
                text=2,
            )
        )
    else:
        out.append("<p>本地区暂无机关。</p>\n\n")
    by_year = totals_by_year(bodies, portal.years)
    if by_year:
        out.append(heading(2, "同类机关比较", "compare"))
        out.append(Html(compare.region_links(portal, region, src, bodies)))
        out.append(heading(2, "各年合计", "totals"))
        out.append(
            totals_table("region-totals", f"{region.name}（含下辖地区）各年合计", by_year, src)
        )
        out.append(totals_chart("chart-region-totals", by_year, src))
    return Page.of(src, region.name, out)


def years_index(portal: Portal) -> Page:
    src = urls.YEARS
    by_year = totals_by_year(list(portal.bodies.values()), portal.years)
    out: list[Part] = [
        front_matter("年度"),
        heading(1, "年度"),
        "<p>每个年度的全部报告及合计。</p>\n\n",
    ]
    out.append(
        totals_table("years", "全站各年合计", by_year, src) if by_year else "<p>暂无报告。</p>\n\n"
    )
    return Page.of(src, "年度", out)


def year_page(portal: Portal, year: int) -> Page:
    src = urls.year(year)
    reports = sorted(portal.reports_of_year(year), key=lambda r: r.body_id)
    rows = []
    for r in reports:
        b = portal.bodies[r.body_id]
        where = portal.regions[b.region].name if b.region in portal.regions else ""
        issues = quality_count(r)
        row: list[Cell] = [
            (a(urls.link(src, urls.report(b.id, year)), b.name), b.name),
            (escape(where), where),
            (escape(str(b.data.get("level") or "")), str(b.data.get("level") or "")),
        ]
        row += [fig_cell(r.figures[k], k) for k in YEAR_COLUMNS]
        row.append(
            (
                a(urls.link(src, urls.report(b.id, year), "quality"), f"{issues} 处")
                if issues
                else "相符",
                str(issues),
            )
        )
        rows.append(row)
    t = totals(reports)
    foot = ["合计", "", "", *total_cells(t, YEAR_COLUMNS), ""]
    out: list[Part] = [front_matter(f"{year} 年度", f"{year} 年度全部政府信息公开工作年度报告")]
    out.append(heading(1, f"{year} 年度报告"))
    out.append(f"<p>本站收录 {len(reports):,} 份 {year} 年度报告。点表头可以按该列排序。</p>\n\n")
    out.append(
        sortable(
            "year-reports",
            f"{year} 年度各报告主要数字",
            ["机关", "地区", "层级", *column_labels(YEAR_COLUMNS), "数据核对"],
            rows,
            foot,
            download=urls.asset(src, urls.WIDE),
            text=2,
        )
    )
    out.append(TOTAL_NOTE)
    return Page.of(src, f"{year} 年度", out)
