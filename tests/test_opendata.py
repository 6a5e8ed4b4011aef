"""Open data files: they give back exactly what the reports say, and match the pages."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from fictional import ContentTree, portal_tree, report
from generator import cli, layout, pipeline, urls
from generator.analysis.figures import unknown_cells, unknown_reason
from generator.checks.findings import parse_field
from generator.opendata import exporting, longcsv, widecsv
from generator.opendata import files as opendata

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fictional(tree: ContentTree) -> pipeline.Generated:
    portal_tree(tree)
    return pipeline.generate(tree.root)


@pytest.fixture(scope="module")
def real() -> pipeline.Generated:
    return pipeline.generate(ROOT / "content")


def _files(generated: pipeline.Generated) -> dict[str, bytes]:
    """Every open-data file the portal writes, by its path in the site."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        opendata.export(generated.portal, root, templates=True)
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }


def _zipped(generated: pipeline.Generated, name: str) -> bytes:
    """A bulk file that exists only inside the portal's zip (the long CSV, the JSON)."""
    with zipfile.ZipFile(io.BytesIO(_files(generated)[urls.ZIP])) as archive:
        return archive.read(name)


TABLES = ("table2", "table3", "table4")


@pytest.mark.parametrize("which", ["fictional", "real"])
def test_bulk_long_csv_round_trips_every_cell(which: str, request: pytest.FixtureRequest) -> None:
    generated: pipeline.Generated = request.getfixturevalue(which)
    raw = _zipped(generated, urls.LONG_NAME)
    assert raw.startswith("\ufeff".encode())  # BOM, so Excel reads UTF-8
    back = longcsv.parse_long(raw)
    reports = generated.portal.reports
    assert set(back) == {(r.body_id, r.year) for r in reports}
    for r in reports:
        original = {t: r.data[t] for t in TABLES if t in r.data}
        assert back[(r.body_id, r.year)] == original, (r.body_id, r.year)


def test_long_csv_is_what_csv_writer_writes_even_for_awkward_text(tree: ContentTree) -> None:
    """The long CSV is written as text directly (for speed); it must be exactly csv.writer's.

    Commas, quotes and line breaks in a body's name and in an unreadable cell's reason must be
    quoted so that a spreadsheet reads one cell, not several.
    """
    tree.write_regions()
    tree.write_body("fict-odd", name='虚构"引号",逗号局')
    data = report("fict-odd", 2020)  # 2019 layout: has a text cell (the procurement unit)
    data["table3"]["outcomes"]["refused"]["state_secret"] = [None] * 7
    data["provenance"]["unknown_cells"] = [
        {"path": "table3.outcomes.refused.state_secret", "reason": '原文"缺损",\n第二行'}
    ]
    tree.write_report(data)
    raw = _zipped(pipeline.generate(tree.root), urls.LONG_NAME).decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline="")))
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    assert raw == "\ufeff" + again.getvalue()
    assert rows[0] == list(longcsv.LONG_HEADER)
    assert {r[1] for r in rows[1:]} == {'虚构"引号",逗号局'}
    notes = {r[12] for r in rows[1:] if r[11] == "unknown"}
    assert notes == {'原文"缺损",\n第二行'}


def test_long_csv_keeps_blank_na_unknown_apart(fictional: pipeline.Generated) -> None:
    rows = list(csv.DictReader(io.StringIO(_zipped(fictional, urls.LONG_NAME).decode("utf-8-sig"))))
    by_cell = {(r["body_id"], r["year"], r["row"], r["column_index"]): r for r in rows}
    blank = by_cell[("fict-xinfang", "2021", "licensing", "")]
    assert (blank["value"], blank["value_kind"]) == ("", "blank")
    na = by_cell[("fict-xinfang", "2021", "penalty", "")]
    assert (na["value"], na["value_kind"]) == ("/", "not_applicable")
    unknown = by_cell[("fict-xinfang", "2022", "outcomes.refused.state_secret", "3")]
    assert (unknown["value"], unknown["value_kind"], unknown["note"]) == (
        "",
        "unknown",
        "原文此行缺损",
    )
    fee = by_cell[("fict-xinfang", "2021", "fees", "")]
    assert (fee["value"], fee["value_kind"]) == ("178.479", "number")


def test_unknown_kind_matches_provenance_in_real_content(real: pipeline.Generated) -> None:
    rows = list(csv.DictReader(io.StringIO(_zipped(real, urls.LONG_NAME).decode("utf-8-sig"))))
    reports = {(r.body_id, r.year): r for r in real.portal.reports}
    unknown_rows = [r for r in rows if r["value_kind"] == "unknown"]
    assert unknown_rows  # the real content has unreadable cells
    for row in rows:
        data = reports[(row["body_id"], int(row["year"]))].data
        path = parse_field(f"{row['table']}.{row['row']}")
        if row["column_index"]:
            path = (*path, int(row["column_index"]))
        listed = unknown_reason(unknown_cells(data), path) is not None
        assert (row["value_kind"] == "unknown") == (listed and row["value"] == "")


def test_report_json_keeps_published_decimals(fictional: pipeline.Generated) -> None:
    raw = _zipped(fictional, urls.JSON_NAME)
    data = json.loads(raw, parse_float=Decimal)["bodies"]["fict-xinfang"]["reports"]["2022"]
    assert data["table2"]["fees"] == Decimal("200.5")
    assert b'"fees": 200.5' in raw
    assert data == fictional.portal.bodies["fict-xinfang"].reports[2022].data


def test_a_report_has_one_file_of_its_own_and_its_line_in_the_wide_csvs(
    fictional: pipeline.Generated,
) -> None:
    files = _files(fictional)
    mine = sorted(n for n in files if n.startswith("data/bodies/fict-xinfang/"))
    years = sorted(fictional.portal.bodies["fict-xinfang"].reports)
    assert mine == sorted(
        [*(f"data/bodies/fict-xinfang/{y}.yaml" for y in years), urls.body_csv("fict-xinfang")]
    )


def test_report_yaml_download_is_the_file_as_published(tree: ContentTree) -> None:
    portal_tree(tree)
    generated = pipeline.generate(tree.root)
    published = (tree.root / "bodies/fict-xinfang/2021.yaml").read_bytes()
    assert _files(generated)[urls.report_base("fict-xinfang", 2021) + ".yaml"] == published


def _page_cells(markdown: str) -> list[str]:
    """The official tables' cells as a reader sees them (numbers without separators)."""
    out = []
    for table in re.findall(r'<table class="pt-official".*?</table>', markdown, re.S):
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S):
            hidden = re.sub(r'<span aria-hidden="true">.*?</span>', "", cell)
            hidden = re.sub(r'<a class="pt-bad-rule".*?</a>', "", hidden)  # the rule, not a value
            out.append(re.sub(r"<[^>]+>", "", hidden).replace(",", ""))
    return out


@pytest.mark.parametrize(("body", "year"), [("fict-xinfang", 2021), ("fict-xinfang", 2022)])
def test_the_body_wide_csv_as_a_spreadsheet_matches_the_page(
    fictional: pipeline.Generated, body: str, year: int
) -> None:
    raw = _files(fictional)[urls.body_csv(body)]
    # Opened as Excel or LibreOffice would: UTF-8 with BOM, comma-separated, one header row.
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    row = next(r for r in rows if r[2] == str(year))
    page = next(p for p in fictional.pages if p.src == urls.report(body, year))
    words = {"": "原表空白", "/": "不适用", widecsv.UNREADABLE: "无法识读"}
    assert len(header) == len(row)
    expected = [words.get(v, v) for v in row[4:] if v != widecsv.NOT_IN_LAYOUT]
    assert _page_cells(page.source) == expected
    assert len(expected) > 150
    assert len(set(header)) == len(header)  # every column named once


def test_wide_csv_says_why_a_figure_is_missing(fictional: pipeline.Generated) -> None:
    rows = list(csv.reader(io.StringIO(_files(fictional)[urls.WIDE].decode("utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    row = next(r for r in rows if r[0] == "fict-xinfang" and r[5] == "2021")
    assert row[header.index("行政许可决定(licensing)")] == "空白"
    assert row[header.index("行政处罚决定(penalty)")] == "不适用"
    assert row[header.index("行政事业性收费(fees)[万元]")] == "178.479"


def test_zip_holds_the_bulk_files(fictional: pipeline.Generated) -> None:
    files = _files(fictional)
    with zipfile.ZipFile(io.BytesIO(files[urls.ZIP])) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "coverage.csv",
            "portal-2019.csv",
            "portal-2021.csv",
            "portal-key-figures.csv",
            "portal-long.csv",
            "portal.json",
        ]
        assert archive.read("portal-key-figures.csv") == files[urls.WIDE]
        for fmt in layout.LAYOUTS:
            assert archive.read(f"portal-{fmt}.csv") == files[urls.wide_csv(fmt)]
        assert archive.read("coverage.csv") == files[urls.COVERAGE_CSV]
        everything = json.loads(archive.read("portal.json"), parse_float=Decimal)
    # The long CSV and the JSON are only in the zip (hundreds of MB for a province).
    assert not any(n.endswith(("portal-long.csv", "portal.json")) for n in files)
    assert everything["bodies"]["fict-xinfang"]["reports"]["2021"]["table2"]["fees"] == Decimal(
        "178.479"
    )
    again = _files(pipeline.generate(Path(fictional.portal.reports[0].path).parents[2]))
    assert again[urls.ZIP] == files[urls.ZIP]  # byte-identical: no timestamps


def test_export_writes_the_same_files(tree: ContentTree, tmp_path: Path) -> None:
    portal_tree(tree)
    out = tmp_path / "export"
    assert cli.main(["export", "--content", str(tree.root), "--out", str(out)]) == 0
    for name, data in _files(pipeline.generate(tree.root)).items():
        assert (out / name).read_bytes() == data
    assert (out / "schema/report.schema.json").is_file()
    # A second export into its own folder is fine; a folder of someone else's files is not.
    assert cli.main(["export", "--content", str(tree.root), "--out", str(out)]) == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    assert cli.main(["export", "--content", str(tree.root), "--out", str(mine)]) == 1
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_export_whose_second_process_fails_says_so_and_writes_no_marker(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from generator import workers
    from generator.content import tree as content

    portal_tree(tree)

    def failed(root: Path, *, parallel: bool = False) -> None:
        raise workers.WorkerError("子进程意外退出（退出码 -9）")

    monkeypatch.setattr(content, "load", failed)
    out = tmp_path / "export"
    assert cli.main(["export", "--content", str(tree.root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "导出没有完成" in err and "退出码 -9" in err and "Traceback" not in err
    assert not (out / pipeline.EXPORT_MARKER).exists()


def test_data_dictionary_lists_every_table_field_with_its_layouts(
    fictional: pipeline.Generated,
) -> None:
    page = next(p for p in fictional.pages if p.src == "data.md").source
    for path, label in (
        ("table3.outcomes.refused.state_secret", "1.属于国家秘密"),
        ("table2.fees", "行政事业性收费"),
        ("table2.procurement_unit", "采购总金额单位"),
        ("table3.outcomes.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用"),
    ):
        assert f"<code>{path}</code></td><td>{label}" in page
    # The same key means different things in the two layouts: both rows, each with its layout.
    assert "本年新制作数量、本年新公开数量、对外公开总数量" in page
    assert "本年制发件数、本年废止件数、现行有效件数" in page
    assert "<td>2019 年格式</td>" in page and "<td>2021 年格式</td>" in page
    assert 'href="../schema/report.schema.json" download' in page


def test_every_dictionary_entry_has_a_meaning() -> None:
    from generator.opendata import dictionary

    for name in ("report.schema.json", "body.schema.json", "regions.schema.json"):
        entries = dictionary.entries(name)
        assert entries
        assert [e.path for e in entries if not e.description.strip()] == []


def test_coverage_page_marks_missing_years(fictional: pipeline.Generated) -> None:
    page = next(p for p in fictional.pages if p.src == "coverage.md").source
    row = page[page.index("虚构市云梦泽区人民政府信访局</a></th>") :].split("</tr>")[0]
    assert row.count(">有</a>") == 3 and row.count(">缺<") == 1  # 2023 missing
    csv_rows = _files(fictional)[urls.COVERAGE_CSV].decode("utf-8-sig").splitlines()
    assert csv_rows[0] == "body_id,body_name,2021,2022,2023,2024"
    assert "fict-xinfang,虚构市云梦泽区人民政府信访局,有,有,缺,有" in csv_rows


def _build(content: Path, site_dir: Path) -> int:
    config = str(ROOT / "mkdocs.yml")
    return cli.main(
        ["build", "--config", config, "--content", str(content), "--site-dir", str(site_dir)]
    )


def test_site_build_writes_the_open_data_beside_mkdocs(tree: ContentTree, tmp_path: Path) -> None:
    portal_tree(tree)
    site_dir = tmp_path / "out" / "site"
    assert _build(tree.root, site_dir) == 0
    expected = _files(pipeline.generate(tree.root))
    for name, data in expected.items():
        assert (site_dir / name).read_bytes() == data, name
    # Nothing is left beside the site (the export's staging folder is moved in, then removed).
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]


def test_export_in_process_and_in_a_second_process_write_the_same(
    tree: ContentTree, tmp_path: Path
) -> None:
    portal_tree(tree)
    portal = pipeline.generate(tree.root).portal
    trees = {}
    for background in (True, False):
        target = tmp_path / f"site-{background}"
        target.mkdir()
        job = exporting.start(portal, target, background=background)
        assert (job.process is not None) == background
        exporting.finish(job, target)
        trees[background] = {
            p.relative_to(target).as_posix(): p.read_bytes()
            for p in target.rglob("*")
            if p.is_file()
        }
    assert trees[True] == trees[False] and urls.ZIP in trees[True]


def test_failed_export_fails_the_build_and_leaves_nothing_behind(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    portal_tree(tree)

    def broken(portal: object, root: Path) -> list[str]:
        (root / "data").mkdir()
        (root / "data" / "half.csv").write_text("x", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(opendata, "write_all", broken)  # the forked child sees it too
    out = tmp_path / "out"
    site_dir = out / "site"
    assert _build(tree.root, site_dir) == 1
    assert "开放数据文件导出失败" in caplog.text and "disk full" in caplog.text
    assert not (site_dir / "data" / "half.csv").exists()
    assert [p.name for p in out.iterdir() if p.name != "site"] == []
