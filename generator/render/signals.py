"""Render: accountability signals — publication on time, text repeated from the previous year,
revisions on the portal — on the report page, the body page, and a page per year listing every
region's late, missing and repeating reports (beside the coverage page).

R8 (prose against the tables) is a rule like R1–R4: it is in the report page's checks.
"""

from __future__ import annotations

from bisect import bisect_right
from html import escape

from .. import urls
from ..analysis import reuse, timeliness
from ..analysis.portal import BodyView, Portal, ReportView, year_span
from ..analysis.revisions import Revision, day
from .indexes import Cell, sortable
from .page import Html, Page, Part
from .parts import a, front_matter, heading

INDEX = urls.SIGNALS
TITLE = "按时发布、文字重复与修订"
ANCHOR = "signals"
#: Cell changes listed per revision at most (the rest are counted).
MAX_CELLS = 40


# --------------------------------------------------------------------------- marking


def mark(html: str, sentences: tuple[str, ...]) -> str:
    """``html`` (a prose section) with each of ``sentences`` wrapped in ``<mark>`` wherever it
    stands whole inside one run of text (never inside a tag or across one).

    Found with ``str.find`` over the whole section, longest first, never overlapping: a pattern
    compiled per section cost more than the rest of the report page together, and a search per
    run of text between tags a tenth of the render. An escaped sentence holds no ``<`` or ``>``
    (nor does text in this HTML, where every ``<`` opens a tag), so a match is inside a tag
    exactly when the last ``<`` before it comes after the last ``>``.
    """
    if not sentences:
        return html
    wanted = sorted({escape(s, quote=False) for s in sentences}, key=len, reverse=True)
    # The spans marked so far, in order (they never overlap): a new one can only overlap its
    # neighbours. Checking every span instead grew with the square of the repeated sentences.
    starts: list[int] = []
    ends: list[int] = []
    for sentence in wanted:
        start = html.find(sentence)
        while start != -1:
            end = start + len(sentence)
            in_tag = html.rfind("<", 0, start) > html.rfind(">", 0, start)
            i = bisect_right(starts, start)
            if (
                not in_tag
                and (i == 0 or ends[i - 1] <= start)
                and (i == len(starts) or end <= starts[i])
            ):
                starts.insert(i, start)
                ends.insert(i, end)
            start = html.find(sentence, end)
    if not starts:
        return html
    out, pos = [], 0
    for lo, hi in zip(starts, ends, strict=True):
        out += [html[pos:lo], '<mark class="pt-reused">', html[lo:hi], "</mark>"]
        pos = hi
    return "".join(out) + html[pos:]


# --------------------------------------------------------------------------- report page


def timeliness_text(report: ReportView) -> str:
    t = report.timeliness
    if t is None or t.published is None:
        return "原文未写明发布日期，无法判断是否按时发布"
    when = t.published.isoformat()
    if t.days_late:
        return f"{when} 发布，逾期 {t.days_late} 天（应在 {t.deadline.isoformat()} 前发布）"
    return f"{when} 发布，按时（应在 {t.deadline.isoformat()} 前发布）"


def reuse_text(report: ReportView, src: str, body_id: str) -> str:
    r = report.reuse
    if r.previous_year is None:
        return f"{report.year - 1} 年度没有报告，无从比较"
    previous = a(
        urls.link(src, urls.report(body_id, r.previous_year)), f"{r.previous_year} 年度报告"
    )
    if r.share is None:
        return f"正文没有可以与{previous}比较的句子"
    marked = "与上年相同的句子在下面的正文中以底色标出。" if r.repeated else ""
    return f"<strong>{r.share}%</strong> 的正文与{previous}相同。{marked}"


def _revision(rev: Revision) -> str:
    if rev.problem:
        return f"<li>{rev.date}：{escape(rev.problem)}</li>"
    parts = []
    if rev.cells:
        items = "".join(
            f"<li>{escape(c.label)}：{escape(c.old)} → {escape(c.new)}</li>"
            for c in rev.cells[:MAX_CELLS]
        )
        more = (
            f"<li>另有 {len(rev.cells) - MAX_CELLS} 格</li>" if len(rev.cells) > MAX_CELLS else ""
        )
        parts.append(f"表格改了 {len(rev.cells)} 格：<ul>{items}{more}</ul>")
    if rev.sections:
        parts.append("正文改了：" + "、".join(escape(s) for s in rev.sections) + "。")
    if rev.fields:
        parts.append("其他项目改了：" + "、".join(escape(f) for f in rev.fields) + "。")
    return f"<li>{rev.date}（提交 <code>{rev.commit[:10]}</code>）：{''.join(parts)}</li>"


def revisions_html(report: ReportView) -> str:
    revs = report.revisions
    if revs.first is None:
        return f"<p>{escape(revs.note)}。</p>"
    changes = report.revisions.data_changes
    quiet = len(revs.changes) - len(changes)
    out = f"<p>首次在本站发布：{day(revs.first.time)}。"
    out += f"此后修订 {len(changes)} 次。" if changes else "此后数据没有修订。"
    if quiet:
        out += f"另有 {quiet} 次提交只改了注释或排版，数据未变。"
    if revs.note:
        out += escape(revs.note) + "。"
    out += "</p>"
    if changes:
        out += '<ol class="pt-revisions">' + "".join(_revision(r) for r in changes) + "</ol>"
    return out


def report_section(body: BodyView, report: ReportView, src: str) -> list[Part]:
    """The report page's signals: on time, repeated text, revisions, and how each is found."""
    rows = (
        ("发布时间", timeliness_text(report)),
        ("与上年重复", reuse_text(report, src, body.id)),
    )
    table = "".join(f'<tr><th scope="row">{h}</th><td>{d}</td></tr>' for h, d in rows)
    return [
        heading(2, TITLE, ANCHOR),
        Html(
            '<div class="pt-signals" data-search-exclude>'
            f'<table class="pt-meta"><caption class="pt-sr">{TITLE}</caption><tbody>{table}</tbody></table>'
            f"<p><strong>本站的版本记录</strong></p>{revisions_html(report)}"
            '<details class="pt-legend"><summary>怎样判断</summary><ul>'
            f"<li>是否按时：{escape(timeliness.BASIS)}；以报告写明的发布日期为准。</li>"
            f"<li>文字重复：{escape(reuse.METHOD)}</li>"
            "<li>版本记录：取自本站内容的 git 提交记录；只列出数据有变化的提交。</li>"
            "</ul></details></div>\n\n"
        ),
    ]


def body_line(report: ReportView) -> str:
    """A report's signals in a line, for the body page's list of years."""
    t = report.timeliness
    parts = [t.describe() if t else "发布日期不详"]
    if report.reuse.share is not None:
        parts.append(f"与上年重复 {report.reuse.share}%")
    changes = report.revisions.data_changes
    if changes:
        parts.append(f"修订 {len(changes)} 次")
    return " · ".join(parts)


# --------------------------------------------------------------------------- pages per year


def signals_index(portal: Portal) -> Page:
    """Per year: how many reports were on time, late, undated or missing, with links."""
    src = INDEX
    out: list[Part] = [
        front_matter(TITLE, "各年度报告是否按时发布、与上年文字重复多少、缺哪些报告")
    ]
    out.append(heading(1, TITLE))
    out.append(
        f"<p>{escape(timeliness.BASIS)}。每个年度一页，按地区列出每份报告的发布日期、是否按时、"
        f"正文与上一年度报告重复的比例和修订次数（可按列排序），以及缺少的报告。"
        f"各机关各年度有没有报告，见{a(urls.link(src, urls.COVERAGE), '收录情况')}。</p>\n\n"
    )
    rows: list[list[Cell]] = []
    for year in reversed(portal.year_range):
        reports = portal.reports_of_year(year)
        late = [r for r in reports if r.timeliness and r.timeliness.status == "late"]
        on_time = [r for r in reports if r.timeliness and r.timeliness.status == "on_time"]
        shares = [r.reuse.share for r in reports if r.reuse.share is not None]
        high = sum(1 for s in shares if s > 50)
        rows.append(
            [
                (a(urls.link(src, urls.signals(year)), f"{year} 年度"), str(year)),
                (str(len(reports)), str(len(reports))),
                (str(len(on_time)), str(len(on_time))),
                (str(len(late)), str(len(late))),
                (str(len(reports) - len(late) - len(on_time)),) * 2,
                (str(len(_missing(portal, year))),) * 2,
                (str(high), str(high)),
            ]
        )
    out.append(
        sortable(
            "signals-years",
            "各年度概况",
            ["年度", "报告", "按时", "逾期", "日期不详", "缺报告", "重复超过一半"],
            rows,
        )
    )
    return Page.of(src, TITLE, out)


def _missing(portal: Portal, year: int) -> list[BodyView]:
    # As the coverage page counts: years from a body's first report to the portal's latest.
    return [
        b
        for b in portal.bodies.values()
        if year not in b.reports and year in year_span(b, portal.latest_year)
    ]


def signals_year(portal: Portal, year: int) -> Page:
    """One year: per region, every report's signals (sortable) and the missing reports."""
    src = urls.signals(year)
    title = f"{year} 年度：{TITLE}"
    out: list[Part] = [
        front_matter(title, f"{year} 年度报告是否按时发布、与上年重复多少、缺哪些报告")
    ]
    out.append(heading(1, title))
    out.append(
        f"<p>应在 {year + 1}-01-31 前发布。逾期天数按报告写明的发布日期计算；没有写明日期的写“日期不详”。"
        f"重复比例是正文与同一机关 {year - 1} 年度报告相同的句子所占的字数比例（方法见各报告页）。"
        f"{a(urls.link(src, INDEX), '其他年度')}</p>\n\n"
    )
    by_region: dict[str, list[BodyView]] = {}
    missing_ids = {b.id for b in _missing(portal, year)}
    for body in portal.bodies.values():
        if year in body.reports or body.id in missing_ids:
            by_region.setdefault(body.region or "", []).append(body)
    order = sorted(by_region, key=lambda r: [x.name for x in portal.region_path(r)] or [r])
    for n, region_id in enumerate(order, 1):
        region = portal.regions.get(region_id)
        name = " › ".join(r.name for r in portal.region_path(region_id)) or "未写明地区"
        out.append(heading(2, name, f"region-{n}"))
        if region is not None:
            out.append(
                f"<p>{a(urls.link(src, urls.region(region.id)), region.name + '的地区页')}</p>\n\n"
            )
        bodies = by_region[region_id]
        rows = [_row(src, b, b.reports[year]) for b in bodies if year in b.reports]
        if rows:
            out.append(
                sortable(
                    f"signals-{n}",
                    f"{name}：{year} 年度报告",
                    ["机关", "发布日期", "是否按时", "逾期天数", "与上年重复", "修订次数"],
                    rows,
                    text=2,
                )
            )
        missing = [b for b in bodies if year not in b.reports]
        if missing:
            names = "、".join(a(urls.link(src, urls.body(b.id)), b.name) for b in missing)
            out.append(f'<p class="pt-noreport-list">缺 {len(missing)} 份报告：{names}</p>\n\n')
    return Page.of(src, title, out)


def _row(src: str, body: BodyView, report: ReportView) -> list[Cell]:
    t = report.timeliness
    published = t.published.isoformat() if t and t.published else ""
    date_key = published.replace("-", "")
    late = t.days_late if t else None
    share = report.reuse.share
    revised = len(report.revisions.data_changes)
    return [
        (a(urls.link(src, urls.report(body.id, report.year)), body.name), body.name),
        (published or "原文未写明", date_key),
        (
            t.describe() if t else "发布日期不详",
            {"on_time": "0", "late": "1"}.get(t.status if t else "", ""),
        ),
        ("—" if late is None else str(late), "" if late is None else str(late)),
        (
            report.reuse.describe() if share is None else f"{share}%",
            "" if share is None else str(share),
        ),
        (str(revised), str(revised)),
    ]
