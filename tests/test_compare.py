"""Comparison pages: like with like, distributions, no invented percentages."""

from __future__ import annotations

import re
from decimal import Decimal

import fictional
from fictional import CITY, ContentTree
from generator import pipeline
from generator.render import compare


def _tree(tree: ContentTree) -> pipeline.Generated:
    tree.write_regions(fictional.portal_regions())
    for body_id, refused in (("fict-a", 0), ("fict-b", 1), ("fict-c", 3)):
        tree.write_body(body_id)
        data = fictional.requests(fictional.report(body_id, 2023), 4)
        outcomes = data["table3"]["outcomes"]
        outcomes["granted"] = [4 - refused, 0, 0, 0, 0, 0, 4 - refused]
        outcomes["refused"]["state_secret"] = [refused, 0, 0, 0, 0, 0, refused]
        tree.write_report(data)
    tree.write_body("fict-gov", name="虚构市人民政府", level="市", kind="人民政府")
    tree.write_report(fictional.requests(fictional.report("fict-gov", 2023), 8))
    return pipeline.generate(tree.root)


def test_only_same_level_and_kind_are_compared(tree: ContentTree) -> None:
    generated = _tree(tree)
    region = generated.portal.regions[CITY]
    groups = compare.peer_groups(generated.portal, region, 2023)
    assert {k: sorted(b.id for b, _ in v) for k, v in groups.items()} == {
        ("部门", "政府工作部门"): ["fict-a", "fict-b", "fict-c"],
        ("市", "人民政府"): ["fict-gov"],
    }


def test_shares_median_and_quartiles(tree: ContentTree) -> None:
    generated = _tree(tree)
    page = next(p for p in generated.pages if p.src == compare.compare_src(CITY, 2023)).source
    start = page.index("<caption>部门 · 政府工作部门：2023 年度</caption>")
    group = page[start : page.index("</table>", start)]
    # Refused shares 0%, 25%, 75%: median 25%, quartiles 12.5% and 50% (inclusive method).
    foot = group[group.index("<tfoot>") :]
    medians = re.search(r"中位数</th>(.*?)</tr>", foot).group(1)
    assert re.findall(r">([^<]*)</td>", medians) == ["75.0%", "25.0%", "—", "0.0%"]
    lower = re.findall(r">([^<]*)</td>", re.search(r"下四分位数</th>(.*?)</tr>", foot).group(1))
    upper = re.findall(r">([^<]*)</td>", re.search(r"上四分位数</th>(.*?)</tr>", foot).group(1))
    assert lower[1] == "12.5%" and upper[1] == "50.0%"
    # No reviews or lawsuits at all: the correction share is not computable, not 0%, and the
    # page says why beside the dash.
    assert group.count('data-sort="">—<small class="pt-why">分母为 0</small></td>') == 3
    assert "最差" not in page and "排名" not in page


def test_quartiles() -> None:
    assert compare.quartiles([]) is None
    assert compare.quartiles([Decimal(5)]) is None  # one body is not a distribution
    assert compare.quartiles([Decimal(v) for v in (0, 25, 75)]) == (
        Decimal("12.5"),
        Decimal(25),
        Decimal(50),
    )


def test_a_group_of_one_body_shows_no_median_or_quartiles(tree: ContentTree) -> None:
    generated = _tree(tree)
    page = next(p for p in generated.pages if p.src == compare.compare_src(CITY, 2023)).source
    alone = page[page.index("人民政府（1 个机关）") :]
    alone = alone[: alone.index("</table>")]
    assert "只有这一个机关，没有可比的中位数和四分位数" in alone
    assert "<tfoot>" not in alone and "中位数</th>" not in alone
    # The group of three keeps its distribution.
    three = page[page.index("政府工作部门（3 个机关）") :]
    assert "中位数</th>" in three[: three.index("</table>")]


def test_a_footer_cell_with_one_share_says_so_and_with_none_shows_a_dash() -> None:
    one = [Decimal(3)]
    assert compare._stat(compare.quartiles(one), 1, one) == compare.FEW
    assert compare._stat(compare.quartiles([]), 1, []) == "—"
    two = [Decimal(1), Decimal(3)]
    assert compare._stat(compare.quartiles(two), 1, two) == compare._fmt(Decimal(2))
