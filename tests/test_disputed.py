"""Numbers from equations that do not add up: the rules name every cell, the tables highlight
them, the findings link to them, and every figure computed from them carries the mark
(cards, year and region tables, totals, comparisons, changes, charts)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import fictional
from fictional import ContentTree
from generator import pipeline, urls
from generator.analysis.figures import Val, add, key_figures
from generator.analysis.portal import Total, totals
from generator.checks import rules
from generator.checks.findings import parse_field
from generator.render import charts, compare, tables, values

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- rules name their cells


def _violations(data: dict) -> dict[str, list[rules.Violation]]:
    out: dict[str, list[rules.Violation]] = {}
    for v in rules.check_report(data):
        out.setdefault(v.rule, []).append(v)
    return out


def test_each_rule_names_every_cell_of_its_equation() -> None:
    data = fictional.report("fict-bureau", 2023)
    t3 = data["table3"]
    t3["new_requests"][0] += 1  # R1 (自然人 column) and R2 (the new-requests row)
    data["table4"]["review"][4] += 1  # R4
    found = _violations(data)
    (r1,) = found["R1"]
    assert set(r1.cells) == {
        ("table3", "new_requests", 0),
        ("table3", "carried_over", 0),
        ("table3", "outcomes", "total", 0),
        ("table3", "carried_forward", 0),
    }
    (r2,) = found["R2"]
    assert r2.cells == tuple(("table3", "new_requests", i) for i in range(7))
    (r4,) = found["R4"]
    assert r4.cells == tuple(("table4", "review", i) for i in range(5))
    assert "R3" not in found


def test_r3_names_the_column_in_every_outcome_row() -> None:
    data = fictional.report("fict-bureau", 2023)
    data["table3"]["outcomes"]["total"][2] += 1
    data["table3"]["outcomes"]["total"][6] += 1  # keep R2 on the total row quiet
    (r3,) = [v for v in rules.check_report(data) if v.rule == "R3" and v.path[-1] == 2]
    assert ("table3", "outcomes", "total", 2) in r3.cells
    assert ("table3", "outcomes", "refused", "state_secret", 2) in r3.cells
    assert ("table3", "outcomes", "granted", 2) in r3.cells
    assert all(cell[-1] == 2 for cell in r3.cells)


def test_r6_names_this_years_cell() -> None:
    before, now = fictional.report("fict-bureau", 2022), fictional.report("fict-bureau", 2023)
    now["table3"]["carried_over"][3] = before["table3"]["carried_forward"][3] + 2
    (r6,) = [v for v in rules.check_years(before, now, 2022) if v.rule == "R6"]
    assert r6.cells == (("table3", "carried_over", 3),)


# --------------------------------------------------------------------------- figures carry the mark


def test_a_figure_read_from_a_disputed_cell_carries_the_rule_and_sums_pass_it_on() -> None:
    data = fictional.report("fict-bureau", 2023)
    disputed = {("table4", "review", 4): ("R4",), ("table4", "litigation_direct", 1): ("R4",)}
    figures = key_figures(data, disputed)
    assert figures["reviews"].disputed == ("R4",)
    assert figures["lawsuits_corrected"].disputed == ("R4",)  # a sum of two rows, one disputed
    assert figures["new_requests"].disputed == ()
    assert add([Val(1), Val(2, disputed=("R2",)), Val(3, disputed=("R1",))]) == Val(
        6, disputed=("R1", "R2")
    )


def test_r7_a_hint_highlights_cells_but_marks_no_figure() -> None:
    data = fictional.report("fict-bureau", 2023)
    figures = key_figures(data, {("table2", "regulations", 0): ("R7",)})
    assert figures["regulations_issued"].disputed == ()


def test_totals_count_disputed_reports_and_say_so() -> None:
    class R:
        def __init__(self, v: Val) -> None:
            self.figures = {k: v for k in ("new_requests",)} | {
                k: Val(None, "blank")
                for k in key_figures(fictional.report("fict-bureau", 2023))
                if k != "new_requests"
            }

    t = totals([R(Val(3, disputed=("R2",))), R(Val(4)), R(Val(None, "blank"))])  # type: ignore[list-item]
    assert t["new_requests"] == Total(7, 2, 1, 1)
    html = values.total_html(t["new_requests"])
    assert "（1 份不相符）" in html and "（1 份未计入）" in html


def test_disputed_bars_are_hatched_and_say_why() -> None:
    chart = charts.Chart(
        "c", "t", "bar", ["a", "b"], [charts.Series("s", [Val(1), Val(2, disputed=("R4",))])]
    )
    fig = charts.figure(chart)
    assert fig["data"][0]["marker"]["pattern"]["shape"] == ["", "/"]
    assert chart.texts[0] == ["1", "2（数字不相符：R4）"]
    assert "2（数字不相符：R4）" in charts.summary(chart)


def test_a_share_without_a_value_says_why_and_a_disputed_one_is_marked() -> None:
    zero = compare._ratio(Val(1, disputed=("R4",)), Val(0, disputed=("R4",)))
    assert zero.value is None and zero.why == "分母为 0" and zero.disputed == ("R4",)
    html = compare.share_html(zero)
    assert "分母为 0" in html and "不相符" in html
    blank = compare._ratio(Val(1), Val(None, "blank"))
    assert "空白" in compare.share_html(blank) and "不相符" not in compare.share_html(blank)


# --------------------------------------------------------------------------- the real 洪泽区 2023


@pytest.fixture(scope="module")
def real() -> pipeline.Generated:
    return pipeline.generate(ROOT / "content")


def _html(generated: pipeline.Generated, src: str) -> str:
    return next(p for p in generated.pages if p.src == src).html


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


HONGZE = "huaian-hongze-gov"


def _row(html: str, name_part: str) -> str:
    """The table row whose header names ``name_part`` (a body's row)."""
    for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        header = re.search(r"<th[^>]*>(.*?)</th>", row, flags=re.S)
        if header and name_part in _text(header.group(1)):
            return row
    raise AssertionError(f"no row for {name_part}")


def test_hongze_2023_cards_mark_reviews_and_lawsuits(real: pipeline.Generated) -> None:
    html = _html(real, urls.report(HONGZE, 2023))
    cards = re.search(r'<dl class="pt-cards".*?</dl>', html, flags=re.S).group(0)
    for label in ("行政复议", "行政诉讼"):
        card = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", cards).group(1)
        assert _text(card) == "0不相符（R4）"
        assert 'href="#checks"' in card
    assert _text(re.search(r"<dt>新收申请</dt><dd>(.*?)</dd>", cards).group(1)).isdigit()


def test_hongze_2023_year_region_and_body_pages_mark_table4_figures(
    real: pipeline.Generated,
) -> None:
    name = real.portal.bodies[HONGZE].name
    year_row = _row(_html(real, urls.year(2023)), name)
    marked = re.findall(r'<td[^>]*>([^<]*)<small class="pt-disputed">', year_row)
    assert marked == ["0", "1", "0", "0"]  # 行政复议 0, 复议纠正 1, 行政诉讼 0, 诉讼纠正 0
    region = real.portal.bodies[HONGZE].region
    assert region is not None
    for region_view in real.portal.region_path(region):
        page = _html(real, urls.region(region_view.id))
        totals_row = _row(page, "2023 年度")
        assert "份不相符" in _text(totals_row), region_view.id
    body = _html(real, urls.body(HONGZE))
    reviews = _row(body, "行政复议")
    # 2024 against the disputed 0 of 2023: the change carries the mark.
    assert re.search(r'pt-change[^>]*>\+\d+（上年为 0）</span><small class="pt-disputed">', reviews)
    assert "2023 0（数字不相符：R4）" in body  # the trend chart's text


def test_hongze_2023_comparison_says_why_and_marks(real: pipeline.Generated) -> None:
    region = real.portal.bodies[HONGZE].region
    page = _html(real, compare.compare_src(region, 2023))  # type: ignore[arg-type]
    row = _row(page, real.portal.bodies[HONGZE].name)
    corrected = re.findall(r"<td[^>]*>(.*?)</td>", row)[2]  # 复议诉讼纠正比例
    assert _text(corrected) == "—分母为 0不相符"


class _Cells(HTMLParser):
    """Ids and classes of the cells, and the fragment links, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: set[str] = set()
        self.ids: set[str] = set()
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "td" and "pt-bad" in (a.get("class") or "").split():
            self.bad.add(str(a.get("id")))
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.add(str(a["href"])[1:])


def test_every_finding_on_a_real_report_highlights_its_cells_and_links_to_them(
    real: pipeline.Generated,
) -> None:
    checked = 0
    for report in real.portal.reports:
        findings = [f for f in report.quality if f.rule in rules.RULES]
        if not findings:
            continue
        parsed = _Cells()
        parsed.feed(_html(real, urls.report(report.body_id, report.year)))
        for f in findings:
            assert f.cells, f
            expected = {tables.cell_id(parse_field(c)) for c in f.cells}
            assert expected <= parsed.bad, (f.text(), expected - parsed.bad)
            target = tables.cell_id(parse_field(f.field))
            assert target in parsed.links and target in parsed.ids
            checked += 1
        assert "checks" in parsed.ids
    assert checked == 12  # the real content's ten table warnings and two R8 (prose vs tables)


def test_findings_on_the_page_name_row_and_column(real: pipeline.Generated) -> None:
    html = _html(real, urls.report("qujing-zhanyi-gov", 2022))
    panel = re.search(r'<div class="admonition warning" id="checks">.*?</div>', html, re.S)
    items = [_text(li) for li in re.findall(r"<li>.*?</li>", panel.group(0))]
    assert "一、本年新收政府信息公开申请数量 · 总计：总计列 ≠ 各申请人之和: 9 ≠ " in "\n".join(
        items
    )
    assert all(" · " in item.split("：")[0] for item in items)


def test_clean_reports_have_no_marks(tree: ContentTree) -> None:
    fictional.portal_tree(tree)
    generated = pipeline.generate(tree.root)
    for page in generated.pages:
        report = next(
            (
                r
                for r in generated.portal.reports
                if page.src == urls.report(r.body_id, r.year) and not r.quality
            ),
            None,
        )
        if report is not None:
            assert "pt-bad" not in page.html.replace('<span class="pt-bad">', "")
            assert "pt-disputed" not in page.html
