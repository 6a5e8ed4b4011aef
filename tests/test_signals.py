"""Accountability signals (issue 24): text repeated from last year, revisions from git, timeliness,
and R8 (a quantity the prose states against the tables). Fictional bodies only."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from fictional import ContentTree, report, requests
from generator import pipeline, urls
from generator.analysis import reuse
from generator.content import history as history_mod

from .conftest import check, only

# Ten sentences of fictional prose, each of the same length once normalised (12 letters).
SENTENCES = [f"虚构机关第{n}项工作稳步推进成效明显。" for n in "一二三四五六七八九十"]
NEW = [f"虚构机关新的第{n}项任务全面完成落实。" for n in "一二三四五六七八九十"]


def _pages(tree: ContentTree) -> dict[str, str]:
    return {p.src: p.html for p in pipeline.generate(tree.root).pages}


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=虚构", "-c", "user.email=fict@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={"GIT_COMMITTER_DATE": "2025-02-03T10:00:00+08:00", "PATH": "/usr/bin:/bin"},
    )


# --------------------------------------------------------------------------- text reuse


def test_a_report_copying_six_of_ten_sentences_shows_60_percent_and_marks_them(
    tree: ContentTree,
) -> None:
    tree.standard(years=())
    tree.write_report(report(year=2023, text={"overview": "".join(SENTENCES)}))
    copied = SENTENCES[:6] + NEW[:4]
    tree.write_report(report(year=2024, text={"overview": "".join(copied)}))
    portal, _ = pipeline.analysed(tree.root)
    got = portal.bodies["fict-bureau"].reports[2024].reuse
    assert got.previous_year == 2023
    assert str(got.share) == "60.0"
    assert got.passages["overview"] == (0, 1, 2, 3, 4, 5)
    html = _pages(tree)[urls.report("fict-bureau", 2024)]
    marked = re.findall(r'<mark class="pt-reused">(.*?)</mark>', html)
    assert marked == SENTENCES[:6]
    assert "<strong>60.0%</strong> 的正文与" in html
    body = _pages(tree)[urls.body("fict-bureau")]
    assert "与上年重复 60.0%" in body


def test_numbers_spaces_and_enumerators_do_not_hide_a_repeat_but_headings_do_not_count() -> None:
    before = reuse.sentences(
        {"overview": "（一）主动公开情况。2023 年共收到申请 5 件，均按时答复办结。"}
    )
    after = reuse.sentences(
        {"overview": "（一）主动公开情况。2024年共收到申请12件，均按时答复办结。"}
    )
    got = reuse.compare(after, before, 2023)
    assert got.share is not None and got.share == 100
    assert after[0].hashes[0] == 0 and after[0].lengths[0] == 0  # the heading does not count


def test_a_report_without_last_years_report_says_so_not_zero(tree: ContentTree) -> None:
    tree.standard(years=())
    tree.write_report(report(year=2022, text={"overview": "".join(SENTENCES)}))
    tree.write_report(report(year=2024, text={"overview": "".join(SENTENCES)}))
    portal, _ = pipeline.analysed(tree.root)
    got = portal.bodies["fict-bureau"].reports[2024].reuse
    assert got.share is None and got.previous_year is None
    html = _pages(tree)[urls.report("fict-bureau", 2024)]
    assert "2023 年度没有报告，无从比较" in html
    assert "pt-reused" not in html


# --------------------------------------------------------------------------- timeliness


@pytest.mark.parametrize(
    ("published", "said", "status"),
    [
        ("2024-02-01", "逾期 1 天", "late"),
        ("2024-01-31", "按时", "on_time"),
        (None, "原文未写明发布日期", "unknown"),
    ],
)
def test_timeliness_on_the_report_page_and_the_years_list(
    tree: ContentTree, published: str | None, said: str, status: str
) -> None:
    tree.standard(years=())
    tree.write_report(report(year=2023, published=published))
    portal, _ = pipeline.analysed(tree.root)
    assert portal.bodies["fict-bureau"].reports[2023].timeliness.status == status  # type: ignore[union-attr]
    pages = _pages(tree)
    assert said in pages[urls.report("fict-bureau", 2023)]
    year_page = pages[urls.signals(2023)]
    row = re.search(r"<tr><th scope=\"row\".*?</tr>", year_page)
    assert row is not None
    if status == "late":
        assert 'data-sort="1">1</td>' in row.group(0)


def test_the_year_page_lists_missing_reports_by_region(tree: ContentTree) -> None:
    tree.standard(years=(2022, 2024))
    html = _pages(tree)[urls.signals(2023)]
    assert "缺 1 份报告" in html and "fict-bureau" in html


# --------------------------------------------------------------------------- revisions


@pytest.fixture
def repo(tree: ContentTree) -> ContentTree:
    """A content tree committed twice: the second commit changes one cell of 2023 (行政许可)."""
    tree.standard(years=(2023,))
    _git(tree.root, "init", "-q")
    _git(tree.root, "add", ".")
    _git(tree.root, "commit", "-q", "-m", "首次发布", "--date=2024-02-01T10:00:00+08:00")
    data = report(year=2023)
    data["table2"]["licensing"] = 7
    tree.write_report(data)
    _git(tree.root, "commit", "-q", "-am", "更正", "--date=2025-02-03T10:00:00+08:00")
    return tree


def test_a_one_cell_edit_shows_exactly_that_cell_old_and_new(repo: ContentTree) -> None:
    portal, _ = pipeline.analysed(repo.root, history=True)
    revs = portal.bodies["fict-bureau"].reports[2023].revisions
    assert revs.first is not None
    (change,) = revs.changes
    assert [(c.label, c.old, c.new) for c in change.cells] == [("表二 · 行政许可", "0", "7")]
    assert not change.sections and not change.fields
    html = _pages(repo)[urls.report("fict-bureau", 2023)]
    assert "首次在本站发布：2025-02-03" in html  # the committer's date, in China's time
    assert "此后修订 1 次" in html and "表格改了 1 格" in html
    assert "表二 · 行政许可：0 → 7" in html


def test_a_prose_edit_names_its_section(repo: ContentTree) -> None:
    data = report(year=2023)
    data["table2"]["licensing"] = 7
    data["text"]["problems"] = "虚构的问题，已经改正。"
    repo.write_report(data)
    _git(repo.root, "commit", "-q", "-am", "改正文")
    portal, _ = pipeline.analysed(repo.root, history=True)
    last = portal.bodies["fict-bureau"].reports[2023].revisions.changes[-1]
    assert last.sections == ("五、存在的主要问题及改进情况",) and not last.cells


def test_the_history_is_read_in_one_pass_not_per_file(
    repo: ContentTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    for year in (2020, 2021, 2022):
        repo.write_report(report(year=year))
    _git(repo.root, "add", ".")
    _git(repo.root, "commit", "-q", "-m", "三份")
    for year in (2020, 2021, 2022):
        repo.write_report(requests(report(year=year), 1))
    _git(repo.root, "commit", "-q", "-am", "改")
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], **kw: object) -> object:  # subprocess.run starts one too
        calls.append(args)
        return real_popen(args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(history_mod.subprocess, "Popen", popen)
    portal, _ = pipeline.analysed(repo.root, history=True)
    assert len(calls) == 3  # rev-parse, log, cat-file
    assert all(len(r.revisions.changes) == 1 for r in portal.reports)


def test_the_same_commit_builds_the_same_pages(repo: ContentTree) -> None:
    assert _pages(repo) == _pages(repo)


def test_a_tree_without_history_builds_with_a_plain_note(tree: ContentTree) -> None:
    tree.standard(years=(2023,))
    html = _pages(tree)[urls.report("fict-bureau", 2023)]
    assert "内容不在 git 仓库中（如从压缩包构建），没有版本记录可查" in html


def test_a_version_that_does_not_parse_is_said_so(repo: ContentTree) -> None:
    (repo.root / "bodies/fict-bureau/2023.yaml").write_text("table3: [\n", encoding="utf-8")
    _git(repo.root, "commit", "-q", "-am", "坏")
    repo.write_report(report(year=2023))
    _git(repo.root, "commit", "-q", "-am", "好")
    portal, _ = pipeline.analysed(repo.root, history=True)
    problems = [c.problem for c in portal.bodies["fict-bureau"].reports[2023].revisions.changes]
    assert "这一版本的文件有格式错误，未比较" in problems


# --------------------------------------------------------------------------- R8


def _r8(tree: ContentTree, sentence: str, natural: int = 9) -> list[str]:
    tree.standard(years=())
    tree.write_report(requests(report(year=2023, text={"overview": sentence}), natural))
    return [f.message for f in only(check(tree), "R8")]


def test_r8_a_sentence_that_agrees_is_not_warned(tree: ContentTree) -> None:
    assert _r8(tree, "2023 年，全局共受理政府信息公开申请 9 件，予以公开 9 件。") == []


def test_r8_a_sentence_that_disagrees_is_warned_with_both_values(tree: ContentTree) -> None:
    (message,) = _r8(tree, "2023 年，全局共收到政府信息公开申请 10 件，均按时答复。")
    assert "正文“全局共收到政府信息公开申请 10 件”" in message
    assert "正文为 10" in message and "总计为 9" in message


def test_r8_the_page_shows_it_with_the_other_rules(tree: ContentTree) -> None:
    _r8(tree, "全年共收到申请 10 件。")
    html = _pages(tree)[urls.report("fict-bureau", 2023)]
    assert "R8" in html and "正文为 10" in html


@pytest.mark.parametrize(
    "sentence",
    [
        "区政府办代表区政府受理政府信息公开申请 17 件。",  # part of the body, not the body
        "全年收到的申请较上年增加 3 件。",  # a change, not a count
        "2022 年共收到申请 4 件。",  # another year
        "依申请公开工作规范有序，申请件数有所增加。",  # no number at all
    ],
)
def test_r8_a_sentence_too_vague_to_map_is_not_warned(tree: ContentTree, sentence: str) -> None:
    assert _r8(tree, sentence) == []


def test_r8_予以公开及部分公开_is_their_sum_never_部分公开_alone(tree: ContentTree) -> None:
    assert _r8(tree, "其中：予以公开及部分公开9件。") == []
    tree.write_report(requests(report(year=2023, text={"overview": "予以公开及部分公开8件。"}), 9))
    (message,) = [f.message for f in only(check(tree), "R8")]
    assert "与“（二）部分公开”总计之和为 9" in message
