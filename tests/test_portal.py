"""The portal's analysis and pages, on fictional content (no mkdocs here; see test_site_build)."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import pytest

import fictional
from fictional import ContentTree, portal_tree
from generator import pipeline, urls
from generator.analysis import figures
from generator.analysis.figures import ABSENT, BLANK, INCOMPLETE, NA, UNKNOWN, Val
from generator.analysis.portal import Change, year_span, yoy
from generator.render import body_page, charts, report_page, tables, values
from generator.render.page import Page

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def portal(tree: ContentTree) -> pipeline.Generated:
    portal_tree(tree)
    return pipeline.generate(tree.root)


def _page(generated: pipeline.Generated, src: str) -> Page:
    return next(p for p in generated.pages if p.src == src)


# --------------------------------------------------------------------------- year over year


def test_yoy_figures_and_missing_year(portal: pipeline.Generated) -> None:
    body = portal.portal.bodies["fict-xinfang"]
    years = year_span(body, portal.portal.latest_year)
    assert years == [2021, 2022, 2023, 2024]
    rows = {year: (value, delta) for year, value, delta in yoy(body, years)["new_requests"]}
    assert rows[2021] == (Val(10), None)  # first year: nothing to compare with
    assert rows[2022] == (Val(15), Change(5, Decimal(50)))
    assert rows[2023] == (None, None)  # no report: missing, not zero
    assert rows[2024] == (Val(12), None)  # 2023 is missing: no change across the gap
    carried = {y: d for y, _, d in yoy(body, years)["carried_over"]}
    assert carried[2022] == Change(2, None)  # last year 0: no percentage exists


def test_body_page_shows_changes_and_missing_year(portal: pipeline.Generated) -> None:
    md = _page(portal, urls.body("fict-xinfang")).source
    assert '<span class="pt-change pt-up">+5（+50.0%）</span>' in md
    assert "2023<br><small>无报告</small>" in md
    assert "2023 年度：本站没有这份报告" in md
    row = re.search(r"<tr><th[^>]*>新收申请</th>(.*?)</tr>", md).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert [re.sub(r"<[^>]+>", "", c) for c in cells] == [
        "10",
        "15+5（+50.0%）",
        "无报告",
        "12",
    ]


def test_single_year_body_says_so(portal: pipeline.Generated) -> None:
    md = _page(portal, urls.body("fict-gov")).source
    assert "本站目前只有这个机关 2024 年度的一份报告，还不能比较各年的变化。" in md


# --------------------------------------------------------------------------- key figures


def test_key_figures_keep_blank_na_unknown_apart(portal: pipeline.Generated) -> None:
    reports = portal.portal.bodies["fict-xinfang"].reports
    first, second = reports[2021].figures, reports[2022].figures
    assert first["licensing"] == Val(None, BLANK)
    assert first["penalty"] == Val(None, NA)
    assert first["fees"] == Val(Decimal("178.479"))
    assert second["refused"] == Val(None, UNKNOWN)  # one reason row is unreadable
    # The published total, not the repaired sum, marked as in a failing equation.
    assert second["reviews"] == Val(3, disputed=("R4",))


def test_sums_never_turn_blank_into_zero() -> None:
    assert figures.add([Val(1), Val(2)]) == Val(3)
    assert figures.add([Val(1), Val(None, BLANK)]) == Val(None, INCOMPLETE)
    assert figures.add([Val(None, BLANK), Val(None, BLANK)]) == Val(None, BLANK)
    assert figures.add([Val(None, NA), Val(None, NA)]) == Val(None, NA)
    assert figures.add([Val(4), Val(None, UNKNOWN)]) == Val(None, UNKNOWN)
    assert figures.add([]) == Val(None, ABSENT)


def test_2019_layout_figures() -> None:
    data = fictional.report("fict-bureau", 2019)
    data["table2"]["licensing"] = [5, -1, 30]
    values = figures.key_figures(data)
    assert values["licensing"] == Val(30)  # 处理决定数量, the third column in 2019
    assert values["fees"] == Val(None, ABSENT)  # 2019 counts fee items, not 万元


# --------------------------------------------------------------------------- display


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (447228, "447,228"),
        (Decimal("178.479"), "178.479"),
        (Decimal("7730.28"), "7,730.28"),
        (Decimal("24252.311082"), "24,252.311082"),
        (Decimal("200.50"), "200.50"),
        (0, "0"),
    ],
)
def test_numbers_as_published(value: int | Decimal, text: str) -> None:
    assert values.number(value) == text


def test_missing_marks_differ_from_zero() -> None:
    blank = values.val_html(Val(None, BLANK))
    na = values.val_html(Val(None, NA))
    unknown = values.val_html(Val(None, UNKNOWN))
    zero = values.val_html(Val(0))
    assert len({blank, na, unknown, zero}) == 4
    assert zero == "0"
    assert "原表空白" in blank and "不适用" in na and "无法识读" in unknown


# --------------------------------------------------------------------------- tables


def test_official_table3_layout(portal: pipeline.Generated) -> None:
    md = _page(portal, urls.report("fict-xinfang", 2022)).source
    t3 = md[
        md.index('id="official-table3"') : md.index("</table>", md.index('id="official-table3"'))
    ]
    assert '<th scope="colgroup" colspan="7">申请人情况</th>' in t3
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in t3
    # 三、本年度办理结果 spans its 22 outcome rows (2021 layout with （六） split in three).
    assert '<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>' in t3
    assert '<th scope="rowgroup" rowspan="8">（三）不予公开</th>' in t3
    # The unreadable row shows the unknown mark with its reason, never 0.
    row = re.search(r"1\.属于国家秘密</th>(.*?)</tr>", t3).group(1)
    assert row.count("pt-unknown") == 7 and "原文此行缺损" in row


def test_table3_single_row_other_kept_as_printed() -> None:
    data = fictional.report("fict-bureau", 2023)
    data["table3"]["outcomes"]["other"] = [1, 0, 0, 0, 0, 0, 1]
    html = tables.table3(data, 2021)
    assert '<th scope="rowgroup" rowspan="20">三、本年度办理结果</th>' in html
    assert '<th scope="row" colspan="2">（六）其他处理</th>' in html


def test_table4_has_fifteen_cells() -> None:
    html = tables.table4(fictional.report("fict-bureau", 2023))
    body = html[html.index("<tbody>") :]
    assert body.count("<td") == 15
    assert '<th scope="colgroup" colspan="10">行政诉讼</th>' in html


def test_table2_2019_groups_by_article() -> None:
    data = fictional.report("fict-bureau", 2019)
    data["table2"]["procurement"] = [3, Decimal("251000")]
    data["table2"]["procurement_unit"] = "元"
    html = tables.table2(data, 2019)
    for article in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（九）项"):
        assert f">{article}</th>" in html
    assert "采购总金额（单位：元）" in html
    assert ">251,000</td>" in html


# --------------------------------------------------------------------------- charts


def test_every_chart_is_a_valid_plotly_figure(portal: pipeline.Generated) -> None:
    body = portal.portal.bodies["fict-xinfang"]
    years = year_span(body, portal.portal.latest_year)
    made = list(report_page.report_charts(body.reports[2022]).values()) + body_page.body_charts(
        body, years
    )
    assert {c.kind for c in made} == {"bar", "hbar", "line", "stack"}
    for chart in made:
        go.Figure(charts.figure(chart))  # raises on any invalid property


def test_chart_has_text_equivalent_and_gaps_for_missing_years(portal: pipeline.Generated) -> None:
    body = portal.portal.bodies["fict-xinfang"]
    chart = body_page.body_charts(body, [2021, 2022, 2023, 2024])[0]
    fig = charts.figure(chart)
    assert fig["data"][0]["y"] == [10, 15, None, 12]  # a gap, not a zero
    assert fig["data"][0]["connectgaps"] is False
    html = charts.html(chart)
    assert 'role="group" aria-roledescription="图表"' in html and "2023 无报告" in html
    assert '<table class="pt-chart-table">' in html


def test_chart_without_numbers_says_so() -> None:
    chart = charts.Chart("c", "标题", "bar", ["甲"], [charts.Series("s", [Val(None, BLANK)])])
    html = charts.html(chart)
    assert "pt-plot" not in html and "没有可以绘图的数字" in html


# --------------------------------------------------------------------------- pages


def test_quality_panel_lists_both_sides(portal: pipeline.Generated) -> None:
    md = _page(portal, urls.report("fict-xinfang", 2022)).source
    assert "数字不相符：1 处" in md
    assert "行政复议：总计 ≠ 维持 + 纠正 + 其他 + 尚未审结: 3 ≠ 1 + 1 + 0 + 0 = 2" in md
    quality = _page(portal, urls.QUALITY).source
    assert "虚构市云梦泽区人民政府信访局 2022 年度" in quality
    clean = _page(portal, urls.report("fict-xinfang", 2021)).source
    assert "勾稽关系相符" in clean


def test_report_page_links_neighbours(portal: pipeline.Generated) -> None:
    md = _page(portal, urls.report("fict-xinfang", 2022)).source
    assert 'href="../2021/">2021 年度报告' in md
    assert "下一年度：2023 年度没有报告（最近的是" in md and 'href="../2024/"' in md


def test_every_body_and_report_has_a_page(portal: pipeline.Generated) -> None:
    srcs = {p.src for p in portal.pages}
    for body in portal.portal.bodies.values():
        assert urls.body(body.id) in srcs
        for year in body.reports:
            assert urls.report(body.id, year) in srcs
    for year in portal.portal.years:
        assert urls.year(year) in srcs
    for region in portal.portal.regions:
        assert urls.region(region) in srcs


def test_region_totals_include_subregions(portal: pipeline.Generated) -> None:
    md = _page(portal, urls.region(fictional.CITY)).source
    # 2024: 40 (city government) + 12 (district bureau).
    totals = md[md.index('id="region-totals"') :]
    row = re.search(r'data-sort="2024">.*?</tr>', totals).group(0)
    assert "<td" in row and ">52<" in row


def test_totals_tables_sort_by_their_numbers(portal: pipeline.Generated) -> None:
    # The page says its tables sort by any column: every total cell carries its sum to sort by
    # (an empty key sorts as "no number", which made whole columns unsortable).
    for src in (urls.region(fictional.CITY), urls.YEARS):
        md = _page(portal, src).source
        table = md[
            md.index(
                "<tbody>", md.index("全站各年合计" if src == urls.YEARS else 'id="region-totals"')
            ) :
        ]
        table = table[: table.index("</tbody>")]
        for row in re.findall(r"<tr>(.*?)</tr>", table):
            cells = re.findall(r'<td class="pt-n" data-sort="([^"]*)">(.*?)</td>', row)
            assert cells, row
            for key, shown in cells:
                # A sum sorts by itself; only "nothing to sum" sorts as no number.
                assert (key == "") == ("无法合计" in shown), (key, shown)
                assert key == "" or shown.startswith(key), (key, shown)
    row = re.search(r'data-sort="2024">.*?</tr>', md).group(0)
    assert re.findall(r'data-sort="([^"]*)"', row)[2] == "52"


def test_relative_links() -> None:
    assert urls.link(urls.report("b", 2023), urls.body("b")) == "../"
    assert urls.link(urls.report("b", 2023), urls.region("r")) == "../../../regions/r/"
    assert urls.link(urls.HOME, urls.year(2023)) == "years/2023/"
    assert urls.link(urls.year(2023), urls.report("b", 2023), "quality") == (
        "../../bodies/b/2023/#quality"
    )


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize(
    ("src", "golden"),
    [
        (urls.report("fict-xinfang", 2022), "report_page.md"),
        (urls.body("fict-xinfang"), "body_page.md"),
    ],
)
def test_golden_pages(portal: pipeline.Generated, src: str, golden: str) -> None:
    """Rendered pages match the reviewed golden files (set UPDATE_GOLDEN=1 to rewrite them)."""
    text = _page(portal, src).source
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_pages_are_deterministic(tree: ContentTree) -> None:
    portal_tree(tree)
    first = {p.src: p.source for p in pipeline.generate(tree.root).pages}
    second = {p.src: p.source for p in pipeline.generate(tree.root).pages}
    assert first == second


def _bars(values: list[int | None], unit: str = "件", kind: str = "bar") -> dict:
    series = [charts.Series("收到申请", [None if v is None else Val(v) for v in values], unit)]
    chart = charts.Chart("c", "图", kind, [str(2020 + i) for i in range(len(values))], series)
    return charts.figure(chart)


def test_charts_tell_a_zero_from_a_cell_without_a_number_and_mark_partial_totals() -> None:
    series = charts.Series(
        "收到申请",
        [Val(0), Val(None, UNKNOWN), Val(None, NA), None, Val(6)],
        notes=("", "", "", "", "另有 1 份报告此项无数字，未计入"),
    )
    chart = charts.Chart("c", "图", "bar", ["2019", "2020", "2021", "2022", "2023"], [series])
    fig = charts.figure(chart)
    go.Figure(fig)  # valid for Plotly
    bars, marks = fig["data"]
    assert bars["y"] == [0, None, None, None, 6]
    assert bars["text"] == ["0", "", "", "", ""]  # a 0 is written where its bar would be
    # An unreadable cell and a "/" carry the tables' marks at the axis; no report: nothing.
    assert marks["mode"] == "text" and marks["x"] == ["2020", "2021"]
    assert marks["text"] == ["？", "/"] and marks["y"] == [0, 0]
    assert marks["customdata"] == ["无法识读", "不适用"]
    # A partial total is hatched and says what it leaves out, in hover, summary and table.
    assert bars["marker"]["pattern"]["shape"] == ["", "", "", "", "/"]
    assert bars["customdata"][4] == "6（另有 1 份报告此项无数字，未计入）"
    assert "2023 6（另有 1 份报告此项无数字，未计入）" in charts.summary(chart)
    assert "<td>6（另有 1 份报告此项无数字，未计入）</td>" in charts.html(chart)
    plain = charts.figure(charts.Chart("d", "图", "bar", ["2023"], [charts.Series("甲", [Val(3)])]))
    assert len(plain["data"]) == 1 and "text" not in plain["data"][0]
    assert "pattern" not in plain["data"][0]["marker"]


def test_count_axes_tick_at_whole_numbers_and_an_all_zero_chart_says_so() -> None:
    small = _bars([1, 2, None])["layout"]["yaxis"]
    assert small["dtick"] == 1 and small["tickformat"] == ",d"
    assert "dtick" not in _bars([1, 200])["layout"]["yaxis"]  # Plotly's own ticks are whole
    assert "dtick" not in _bars([1, 2], unit="万元")["layout"]["yaxis"]  # amounts have decimals
    zero = _bars([0, 0, None])
    assert zero["layout"]["yaxis"]["range"] == [0, 1]
    assert zero["layout"]["annotations"][0]["text"] == "各项均为 0"
    nothing = _bars([None, None])  # no report at all: not "all 0"
    assert "annotations" not in nothing["layout"] and "range" not in nothing["layout"]["yaxis"]
    stacked = charts.Chart(
        "s",
        "图",
        "stack",
        ["2023"],
        [charts.Series("甲", [Val(3)]), charts.Series("乙", [Val(4)])],
    )
    assert "dtick" not in charts.figure(stacked)["layout"]["yaxis"]  # the stack is 7 tall


def test_what_a_tooltip_used_to_say_is_on_the_page_for_touch_and_keyboard(
    portal: pipeline.Generated,
) -> None:
    from generator.analysis.portal import Total

    partial = values.total_html(Total(6, 3, 2))
    assert partial.startswith("6<sup") and "（2 份未计入）" in partial and "title=" not in partial
    assert "（" not in values.total_html(Total(6, 3, 0))
    body = next(p for p in portal.pages if p.src == "bodies/fict-xinfang/index.md")
    sources = body.source[body.source.index("各项说明") :]
    for figure in figures.KEY_FIGURES:
        assert f"<li>{figure.label}：{figure.note}</li>" in sources
