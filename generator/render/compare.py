"""Comparison pages: for each region and year, bodies side by side on normalised indicators.

Only like is compared with like: bodies are grouped by level and kind (a county government is
not compared with a city bureau). Each group shows every body's value, sortable, with the peer
median and quartiles — a distribution, never a "worst ten" list. An indicator whose denominator
is 0 or not a number is shown as not computable rather than as 0%.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .. import urls
from ..analysis.figures import MISSING_TEXT, T3_TOTAL, Cells, Val, add
from ..analysis.portal import BodyView, Portal, RegionView, ReportView
from .page import Html, Page, Part
from .parts import a, breadcrumb, front_matter, heading
from .tables import download_link
from .values import disputed_html


@dataclass(frozen=True)
class Share:
    """An indicator's value for one report: a percentage, or why there is none; and the rules
    failing on the cells it is computed from."""

    value: Decimal | None
    why: str = ""  # when there is no value: 分母为 0, or the reason a figure has no number
    disputed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    note: str
    compute: Callable[[ReportView], Share]
    percent: bool = True


def _ratio(top: Val, bottom: Val) -> Share:
    disputed = tuple(sorted({*top.disputed, *bottom.disputed}))
    for part in (bottom, top):
        if not part.ok:
            return Share(None, MISSING_TEXT.get(part.missing, part.missing), disputed)
    if not bottom.number:
        return Share(None, "分母为 0", disputed)
    return Share(Decimal(top.number) / Decimal(bottom.number) * 100, "", disputed)  # type: ignore[arg-type]


def _completed(r: ReportView) -> Val:
    return Cells(r.data, r.disputed).cell("table3", "outcomes", "total", T3_TOTAL)


INDICATORS = (
    Indicator(
        "granted_share",
        "全部公开比例",
        "予以公开 ÷ 办理结果总计",
        lambda r: _ratio(r.figures["granted"], _completed(r)),
    ),
    Indicator(
        "refused_share",
        "不予公开比例",
        "不予公开 ÷ 办理结果总计",
        lambda r: _ratio(r.figures["refused"], _completed(r)),
    ),
    Indicator(
        "corrected_share",
        "复议诉讼纠正比例",
        "（复议纠正 + 诉讼纠正）÷（行政复议 + 行政诉讼）",
        lambda r: _ratio(
            add([r.figures["reviews_corrected"], r.figures["lawsuits_corrected"]]),
            add([r.figures["reviews"], r.figures["lawsuits"]]),
        ),
    ),
    Indicator(
        "carried_forward_share",
        "结转下年比例",
        "结转下年度 ÷（新收 + 上年结转）",
        lambda r: _ratio(
            r.figures["carried_forward"],
            add([r.figures["new_requests"], r.figures["carried_over"]]),
        ),
    ),
)


def compare_src(region_id: str, year: int) -> str:
    return f"compare/{region_id}/{year}.md"


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def share_html(share: Share) -> str:
    """A body's share: the percentage, or “—” with the reason in words (visible on touch);
    marked when computed from numbers that do not add up."""
    if share.value is None:
        text = f'—<small class="pt-why">{escape(share.why)}</small>'
    else:
        text = _fmt(share.value)
    return text + disputed_html(share.disputed) if share.disputed else text


def peer_groups(
    portal: Portal, region: RegionView, year: int
) -> dict[tuple[str, str], list[tuple[BodyView, ReportView]]]:
    """Bodies in the region (and below) with a report for ``year``, grouped by (level, kind)."""
    groups: dict[tuple[str, str], list[tuple[BodyView, ReportView]]] = defaultdict(list)
    for body in portal.subtree_bodies(region.id):
        if year in body.reports:
            key = (str(body.data.get("level") or ""), str(body.data.get("kind") or ""))
            groups[key].append((body, body.reports[year]))
    return dict(sorted(groups.items()))


#: A distribution needs at least this many values: the "median" of one body is that body.
MIN_VALUES = 2
FEW = f"不足 {MIN_VALUES} 个数"


def quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal] | None:
    """(lower quartile, median, upper quartile); None with fewer than :data:`MIN_VALUES`."""
    if len(values) < MIN_VALUES:
        return None
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _stat(q: tuple[Decimal, Decimal, Decimal] | None, index: int, values: list[Decimal]) -> str:
    """A footer cell: the figure, "—" when no body's share is computable, :data:`FEW` for one."""
    if q is not None:
        return _fmt(q[index])
    return _fmt(None) if not values else FEW


def compare_page(portal: Portal, region: RegionView, year: int) -> Page:
    src = compare_src(region.id, year)
    title = f"{region.name} {year} 年度同类机关比较"
    out: list[Part] = [front_matter(title)]
    out.append(Html(breadcrumb(portal, src, region.id)))
    out.append(heading(1, title))
    notes = "".join(
        f"<li><strong>{escape(i.label)}</strong>：{escape(i.note)}</li>" for i in INDICATORS
    )
    out.append(
        "<p>只比较同一层级、同一类型的机关。每个比例都由机关公布的数字算出；分母为 0、空白或无法识读时"
        "显示“—”并写明原因，不当作 0%；由对不上的数字（勾稽关系不成立）算出的比例标“不相符”。"
        f"点表头可以排序。</p><ul>{notes}</ul>\n\n"
    )
    groups = peer_groups(portal, region, year)
    for n, ((level, kind), members) in enumerate(groups.items(), start=1):
        out.append(
            heading(
                2,
                f"{level or '未写明层级'} · {kind or '未写明类型'}（{len(members)} 个机关）",
                f"group-{n}",
            )
        )
        rows = []
        columns: dict[str, list[Decimal]] = {i.key: [] for i in INDICATORS}
        for body, report in members:
            cells = []
            for ind in INDICATORS:
                share = ind.compute(report)
                if share.value is not None:
                    columns[ind.key].append(share.value)
                key = "" if share.value is None else share.value
                cells.append(f'<td class="pt-n" data-sort="{key}">{share_html(share)}</td>')
            link = a(urls.link(src, urls.report(body.id, year)), body.name)
            rows.append(
                f'<tr><th scope="row" data-sort="{escape(body.name)}">{link}</th>{"".join(cells)}</tr>'
            )
        stats = {k: quartiles(v) for k, v in columns.items()}
        foot = ""
        if len(members) < MIN_VALUES:
            # A group of one body has nothing to compare with: a sentence, not its own figures
            # again as "median" and "quartiles".
            out.append(
                "<p>同一层级、同一类型的只有这一个机关，没有可比的中位数和四分位数。</p>\n\n"
            )
        else:
            for label, index in (("下四分位数", 0), ("中位数", 1), ("上四分位数", 2)):
                figures = "".join(
                    f'<td class="pt-n">{_stat(stats[i.key], index, columns[i.key])}</td>'
                    for i in INDICATORS
                )
                foot += f'<tr><th scope="row">{label}</th>{figures}</tr>'
        head = "".join(
            f'<th scope="col" title="{escape(i.note)}">{escape(i.label)}</th>' for i in INDICATORS
        )
        out.append(
            Html(
                f'<div class="pt-table-wrap" data-search-exclude><table class="pt-sortable" id="peers-{n}">'
                f"<caption>{escape(level)} · {escape(kind)}：{year} 年度</caption>"
                f'<thead><tr><th scope="col">机关</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
                + (f"<tfoot>{foot}</tfoot>" if foot else "")
                + "</table></div>\n"
                + download_link(
                    urls.asset(src, urls.WIDE), "下载各机关主要数字（CSV，比例由此算出）"
                )
                + "\n\n"
            )
        )
    return Page.of(src, title, out)


def compared(portal: Portal) -> list[tuple[RegionView, int]]:
    """Every region and year with at least one report in the region: one page each."""
    out = []
    for region in portal.regions.values():
        bodies = portal.subtree_bodies(region.id)
        out += [(region, y) for y in portal.years if any(y in b.reports for b in bodies)]
    return out


def region_links(portal: Portal, region: RegionView, src: str, bodies: list[BodyView]) -> str:
    """Links from a region page to its comparison pages (``bodies``: the region's subtree)."""
    years = [y for y in portal.years if any(y in b.reports for b in bodies)]
    if not years:
        return ""
    links = " · ".join(
        a(urls.link(src, compare_src(region.id, y)), f"{y} 年度") for y in reversed(years)
    )
    return f'<p class="pt-inline-list">同类机关比较：{links}</p>\n\n'
