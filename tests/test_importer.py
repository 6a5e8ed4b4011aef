"""portal import: published reports → YAML drafts that never hold a wrong number.

The twelve real reports in ``tests/sources`` are imported and compared cell by cell with their
hand transcriptions in ``content/``. Fictional reports (``fictional.shapes``) are printed in every
shape the importer reads — PDF text, tab-separated, HTML with merged cells, Markdown, a PDF made
by Chromium, a crawler's flattened text — and must come back exactly (or, flattened, with every
cell either right or unknown).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fictional import shapes
from generator.cli import main
from generator.content import yamlread
from generator.importer import SourceError, grid, import_file, import_text
from generator.importer.cells import BLANK, MERGED_DOWN, Token, parse_cell, readings
from generator.importer.draft import score
from generator.importer.grid import Cell
from generator.importer.html import html_text
from generator.importer.save import check
from generator.importer.sources import markdown_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "tests" / "sources"
CONTENT = ROOT / "content"

# file → (content file, cells right, left unknown, unreadable in the source for the person too).
# “Left unknown” is a cell the person read but the importer would not: pingtan 2023's 77 comes
# from the prose (“制发的规范性文件77件”), which the importer does not use to split a table run.
REAL = {
    "000_28b27b956cbd5f02.txt": ("sanming-shaxian-gov-office/2022", 144, 0, 56),
    "001_57f183bf8d689d9d.txt": ("sanming-jianning-gov/2022", 66, 0, 134),
    "002_87d009c8852e6a19.txt": ("sanming-shaxian-xinfang/2023", 179, 0, 21),
    "003_c8db5e6d3b83b9cd.txt": ("qujing-zhanyi-gov/2022", 200, 0, 0),
    "004_cf4c7232ce7b57ed.txt": ("zhongwei-shapotou-gov-office/2023", 200, 0, 0),
    "huaian-city-gov-2024.tsv": ("huaian-gov/2024", 200, 0, 0),
    "huaian-hongze-district-gov-2023.txt": ("huaian-hongze-gov/2023", 186, 0, 0),
    "huaian-hongze-district-gov-2024.tsv": ("huaian-hongze-gov/2024", 186, 0, 0),
    "pingtan-zone-2019.txt": ("pingtan-zone/2019", 180, 0, 19),
    "pingtan-zone-2021.txt": ("pingtan-zone/2021", 197, 0, 3),
    "pingtan-zone-2022.html": ("pingtan-zone/2022", 200, 0, 0),
    "pingtan-zone-2023.txt": ("pingtan-zone/2023", 197, 1, 2),
}


def _import_real(name: str):
    target = REAL[name][0]
    body, year = target.split("/")
    draft = import_file(SOURCES / name, body, int(year))
    truth = yamlread.read(CONTENT / "bodies" / f"{target}.yaml").value
    return draft, truth


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_report_reproduces_the_hand_transcription(name: str) -> None:
    draft, truth = _import_real(name)
    _, right, unknown, unreadable = REAL[name]
    result = score(draft.data, truth)
    assert result.wrong == 0, result.wrong_cells
    assert (result.right, result.unknown, result.unreadable) == (right, unknown, unreadable)
    assert draft.data["format"] == truth["format"]
    assert draft.data["provenance"]["method"] == "imported"
    # Every cell left null for want of a reading is listed with a reason.
    for entry in draft.data["provenance"]["unknown_cells"]:
        assert entry["reason"].strip()
        row = entry["path"].split("[")[0].replace("table4", "table4")
        assert "⚠ 待核对" in draft.yaml or row == "table4"


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_draft_passes_the_validator(name: str) -> None:
    draft, _ = _import_real(name)
    body, year = REAL[name][0].split("/")
    found = check(draft.yaml, body, int(year), CONTENT, "draft.yaml")
    assert [f for f in found if f.severity == "error"] == []
    # The draft reads back as the same data (the YAML writer's round trip).
    assert yamlread.parse_bytes(draft.yaml.encode()).value == draft.data


def test_real_metadata() -> None:
    draft, _ = _import_real("pingtan-zone-2021.txt")
    assert draft.data["published"] == "2022-02-08"
    assert draft.data["source"]["url"].startswith("https://www.pingtan.gov.cn/")
    assert draft.data["text"]["preamble"].startswith("根据《中华人民共和国政府信息公开条例》")
    draft, truth = _import_real("001_57f183bf8d689d9d.txt")
    assert draft.data["title"] == truth["title"] == "建宁县2022年政府信息公开工作年度报告"
    assert draft.data["published"] == "2023-01-15"  # the date under the signature
    assert draft.data["text"]["other"] == "无。"
    draft, truth = _import_real("huaian-city-gov-2024.tsv")
    assert draft.data["title"] == truth["title"]
    assert "0517-83605210" in draft.data["contact"]
    assert draft.data["text"]["overview"].count("\n\n") == 5  # five sub-sections + lead paragraph


def test_ambiguous_runs_are_decided_only_by_arithmetic() -> None:
    draft, _ = _import_real("pingtan-zone-2021.txt")
    notes = draft.data["provenance"]["notes"]
    # 270020130 alone has two readings that add up; the column totals leave one.
    assert "table3.outcomes.granted：原文连写为“270020130”" in notes
    assert draft.data["table3"]["outcomes"]["granted"] == [27, 0, 0, 2, 0, 1, 30]
    (entry,) = draft.data["provenance"]["unknown_cells"]
    assert entry["path"] == "table2.normative_documents"
    assert "693665" in entry["reason"] and "没有勾稽关系" in entry["reason"]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("raw", "value", "problem"),
    [
        ("12", 12, False),
        ("１２３", 123, False),  # full-width digits
        ("178.479", Decimal("178.479"), False),
        ("1,234", 1234, False),
        ("/", "/", False),
        ("／", "/", False),
        ("", None, False),  # blank is blank, not 0
        ("—", None, True),  # a dash: 0, blank or n/a? left for a person
        ("-", None, True),
        ("007", None, True),
        ("251000元", 251000, False),
    ],
)
def test_cell_values(raw: str, value: object, problem: bool) -> None:
    parsed = parse_cell(raw)
    assert parsed is not None
    assert parsed.value == value and type(parsed.value) is type(value)
    assert bool(parsed.problem) is problem


def test_label_text_is_not_a_value() -> None:
    assert parse_cell("1.属于国家秘密") is None
    assert parse_cell("总计") is None


def test_runs_are_cut_without_leading_zeros() -> None:
    (only,) = readings([Token("0000000", atomic=False)], ["count"] * 7).options
    assert [p.value for p in only] == [0] * 7
    options = readings([Token("350", atomic=False)], ["count", "signed"]).options
    assert {tuple(p.value for p in o) for o in options} == {(3, 50), (35, 0)}
    assert readings([Token("9" * 200, atomic=False)], ["count"] * 7).options == ()


# --------------------------------------------------------------------------- shapes


def _fiction(fmt: int = 2021, single: bool = False, seed: int = 3) -> shapes.Fiction:
    import random

    rng = random.Random(seed)
    return shapes.consistent(fmt, single, lambda n: rng.choice([0, 0, 0, 1, rng.randint(0, n)]))


def _exact(text: str, fiction: shapes.Fiction) -> None:
    draft = import_text(text, "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert result.wrong == 0, result.wrong_cells
    assert result.unknown == 0, (result.unknown_cells, draft.unknown)


@pytest.mark.parametrize(("fmt", "single"), [(2021, False), (2021, True), (2019, True)])
@pytest.mark.parametrize("shape", ["pdf-text", "tsv", "markdown", "html"])
def test_every_shape_reads_back_exactly(shape: str, fmt: int, single: bool, tmp_path: Path) -> None:
    fiction = _fiction(fmt, single)
    suffix = {"pdf-text": ".txt", "tsv": ".tsv", "markdown": ".md", "html": ".html"}[shape]
    text = {
        "pdf-text": lambda: shapes.lines(fiction, " "),
        "tsv": lambda: shapes.lines(fiction, "\t"),
        "markdown": lambda: shapes.markdown(fiction),
        "html": lambda: shapes.page(fiction),
    }[shape]()
    path = tmp_path / f"report{suffix}"
    path.write_text(text, encoding="utf-8")
    draft = import_file(path, "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert (result.wrong, result.unknown) == (0, 0), (result.wrong_cells, draft.unknown)
    assert draft.data["title"] == f"{shapes.BODY}{fiction.year}年政府信息公开工作年度报告"


def test_blank_and_not_applicable_stay_apart(tmp_path: Path) -> None:
    fiction = _fiction()
    fiction.rows[("table3", "outcomes", "granted")][3] = None
    fiction.rows[("table2", "licensing")] = ["/"]
    for shape, text in (("tsv", shapes.lines(fiction, "\t")), ("html", shapes.page(fiction))):
        draft = import_text(
            text if shape == "tsv" else _html(text, tmp_path), "fictional-body", fiction.year
        )
        assert draft.data["table3"]["outcomes"]["granted"][3] is None
        assert not any("granted" in p for p, _ in draft.unknown)  # blank, not unreadable
        assert draft.data["table2"]["licensing"] == "/"


def _html(text: str, tmp_path: Path) -> str:
    from generator.importer.html import html_text

    return html_text(text)


def test_missing_cell_is_unknown_never_filled_in() -> None:
    fiction = _fiction()
    text = shapes.lines(fiction, "\t")
    row = "\t".join(shapes.cell(v) for v in fiction.rows[("table3", "outcomes", "granted")])
    short = "\t".join(row.split("\t")[1:])  # one cell lost in extraction
    text = text.replace("（一）予以公开\t\t\t" + row, "（一）予以公开\t\t\t" + short)
    draft = import_text(text, "fictional-body", fiction.year)
    assert draft.data["table3"]["outcomes"]["granted"] == [None] * 7
    (reason,) = [r for p, r in draft.unknown if p == "table3.outcomes.granted"]
    assert "读到 6 格，应为 7 格" in reason


def test_numbers_before_labels_matched_by_order() -> None:
    fiction = _fiction(seed=11)
    text = shapes.lines(fiction, " ").split("\n")
    # Swap each table 三 label with its numbers, as some PDF text layers print them.
    out = []
    for ln in text:
        parts = ln.split(" ")
        if parts and any(
            parts[0].startswith(p) for p in ("（", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.")
        ):
            out += [" ".join(parts[1:]), parts[0]]
        else:
            out.append(ln)
    _exact("\n".join(out), fiction)
    draft = import_text("\n".join(out), "fictional-body", fiction.year)
    assert "按先后顺序对应" in draft.data["provenance"]["notes"]


def test_units_and_dashes(tmp_path: Path) -> None:
    fiction = _fiction()
    text = shapes.lines(fiction, "\t")
    fees = shapes.cell(fiction.rows[("table2", "fees")][0])
    text = text.replace(f"行政事业性收费\t{fees}", "行政事业性收费\t3940元")
    text = text.replace(
        "行政许可\t" + shapes.cell(fiction.rows[("table2", "licensing")][0]), "行政许可\t—"
    )
    draft = import_text(text, "fictional-body", fiction.year)
    reasons = dict(draft.unknown)
    assert draft.data["table2"]["fees"] is None and "3940元" in reasons["table2.fees"]
    assert draft.data["table2"]["licensing"] is None and "—" in reasons["table2.licensing"]
    fiction = _fiction(2019, True)
    draft = import_text(
        shapes.lines(fiction, "\t").replace(
            "政府集中采购\t" + "\t".join(shapes.printed(fiction, ("table2", "procurement"))),
            "政府集中采购\t3\t251000元",
        ),
        "fictional-body",
        fiction.year,
    )
    assert draft.data["table2"]["procurement"] == [3, 251000]
    assert draft.data["table2"]["procurement_unit"] == "元"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), fmt=st.sampled_from([2019, 2021]), single=st.booleans())
def test_flattened_text_never_yields_a_wrong_number(seed: int, fmt: int, single: bool) -> None:
    """Cells run together: every cell is right or unknown, whatever the values."""
    fiction = _fiction(fmt, single or fmt == 2019, seed)
    draft = import_text(shapes.flat(fiction), "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert result.wrong == 0, (result.wrong_cells, draft.data["provenance"]["notes"])
    for path, reason in draft.unknown:
        assert reason, path


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789 \t\n./元—一二三四（）、总计规章予以公开本年新收行政复议情况报告年")
        ),
        max_size=600,
    )
)
def test_fuzz_arbitrary_text_never_crashes(text: str) -> None:
    start = time.perf_counter()
    draft = import_text(text, "fictional-body", 2023)
    assert time.perf_counter() - start < 5
    assert yamlread.parse_bytes(draft.yaml.encode()).value == draft.data


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_any_unicode_never_crashes(text: str) -> None:
    draft = import_text(text, "fictional-body", 2023)
    assert draft.yaml.startswith("# yaml-language-server")


# --------------------------------------------------------------------------- files and CLI


def test_unreadable_files_get_a_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    fake_pdf = tmp_path / "b.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    broken_pdf = tmp_path / "c.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n garbage \x00\x01")
    for path, words in (
        (binary, "二进制"),
        (fake_pdf, "不是 PDF"),
        (broken_pdf, "PDF"),
        (tmp_path / "missing.txt", "读不了"),
    ):
        with pytest.raises(SourceError, match=words):
            import_file(path, "fictional-body", 2023)


def _tree(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "bodies" / "fictional-body").mkdir(parents=True)
    shutil.copyfile(CONTENT / "regions.yaml", content / "regions.yaml")
    (content / "bodies" / "fictional-body" / "body.yaml").write_text(
        "id: fictional-body\nname: 虚构市示例区人民政府\nlevel: county\nkind: government\n"
        "region: jiangsu-huaian-hongze\n",
        encoding="utf-8",
    )
    return content


def test_cli_writes_a_draft_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _tree(tmp_path)
    source = tmp_path / "report.tsv"
    fiction = _fiction()
    source.write_text(shapes.lines(fiction, "\t"), encoding="utf-8")
    args = [
        "import",
        str(source),
        "--body",
        "fictional-body",
        "--year",
        "2023",
        "--content",
        str(content),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    target = content / "bodies" / "fictional-body" / "2023.yaml"
    assert "已生成" in out and "各格都已读出" in out and "校验通过" in out
    first = target.read_bytes()
    target.write_text(first.decode() + "# 我的修改\n", encoding="utf-8")
    assert main(args) == 1
    assert "已经存在，没有改动它" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8").endswith("# 我的修改\n")
    assert main([*args, "--force"]) == 0
    assert target.read_bytes() == first
    capsys.readouterr()
    assert main([*args[:-2], "--content", str(content), "--out", "-", "--year", "2024"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# yaml-language-server")
    assert "2023 年度，导入时指定的是 2024 年度" in captured.err


def test_cli_refuses_unknown_body_and_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _tree(tmp_path)
    source = tmp_path / "report.txt"
    source.write_text(shapes.lines(_fiction(), " "), encoding="utf-8")
    assert (
        main(
            [
                "import",
                str(source),
                "--body",
                "no-such-body",
                "--year",
                "2023",
                "--content",
                str(content),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "portal new-body no-such-body" in err and "虚构市示例区人民政府" in err
    assert (
        main(
            ["import", str(source), "--body", "Bad_ID", "--year", "2023", "--content", str(content)]
        )
        == 1
    )
    assert "不合规" in capsys.readouterr().err
    assert (
        main(["import", str(tmp_path / "nope.pdf"), "--body", "fictional-body", "--year", "2023"])
        == 1
    )
    assert "读不了" in capsys.readouterr().err
    assert not (content / "bodies" / "no-such-body").exists()


# --------------------------------------------------------------------------- PDF

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("PORTAL_REQUIRE_BROWSER") != "1",
    reason="Chromium makes the test PDF (apt-get install chromium)",
)
def test_pdf_file_reads_back_exactly(tmp_path: Path) -> None:
    assert CHROMIUM, "PORTAL_REQUIRE_BROWSER=1 but no chromium on PATH"
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), (
        "no Chinese font: Chromium would print boxes (apt-get install fonts-wqy-microhei)"
    )
    fiction = _fiction(2021, False, seed=5)
    page = tmp_path / "report.html"
    page.write_text(shapes.page(fiction, pdf_css=True), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    draft = import_file(pdf, "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert (result.wrong, result.unknown) == (0, 0), (result.wrong_cells, draft.unknown)
    assert draft.data["title"] == f"{shapes.BODY}{fiction.year}年政府信息公开工作年度报告"


def _saved_page(report_html: str) -> str:
    """A fictional report inside a whole saved web page: menus, a metadata block, a footer."""
    body = report_html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    title = body.split("<h1>", 1)[1].split("</h1>", 1)[0]
    menu = "".join(f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(
        ["首页", "政务公开", "政府信息公开年报", "往年年度报告", "互动交流"]
    ))  # fmt: skip
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}_政府信息公开年报_虚构县人民政府</title></head><body>"
        f"<div class='header'><ul>{menu}</ul><p>当前位置：首页 &gt; 政府信息公开年报</p></div>"
        f"<div class='article'><div class='title'>{title}</div>"
        "<div class='meta'><span>来源：虚构县人民政府办公室</span>"
        "<span>发布日期：2024-01-20</span></div>"
        f"<div class='content'>{body.replace('<h1>', '<p>').replace('</h1>', '</p>')}</div></div>"
        "<div class='footer'><p>附件下载</p><p>扫一扫在手机上查看当前页面</p>"
        "<p>主办单位：虚构县人民政府办公室 网站标识码：0000000000</p></div></body></html>"
    )


def test_a_report_saved_with_its_whole_web_page_is_read_out_of_the_page(tmp_path: Path) -> None:
    fiction = _fiction(2021, False, seed=3)
    path = tmp_path / "page.html"
    path.write_text(_saved_page(shapes.page(fiction)), encoding="utf-8")
    draft = import_file(path, "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert (result.wrong, result.unknown) == (0, 0), (result.wrong_cells, draft.unknown)
    assert draft.data["title"] == f"{shapes.BODY}{fiction.year}年政府信息公开工作年度报告"
    assert draft.data["published"] == "2024-01-20"
    prose = " ".join(v for v in draft.data["text"].values() if v)
    for chrome in ("首页", "当前位置", "扫一扫", "网站标识码", "附件下载"):
        assert chrome not in prose, chrome


def test_the_saved_pingtan_page_gives_the_checked_transcription_beyond_the_cells() -> None:
    draft, truth = _import_real("pingtan-zone-2022.html")
    for key in ("title", "published", "source", "contact", "text", "table2", "table3", "table4"):
        assert draft.data[key] == truth[key], key


# --------------------------------------------------------------------------- explicit grids


@pytest.mark.parametrize("name", sorted(shapes.SAMPLES))
def test_fictional_samples_in_the_sources_folder_read_back_exactly(name: str) -> None:
    text, fiction = shapes.sample(name)
    path = SOURCES / name
    # The sample on disk is the one the shapes print (python -m fictional.shapes rewrites it).
    assert path.read_text(encoding="utf-8") == text
    draft = import_file(path, "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert (result.wrong, result.unknown) == (0, 0), (result.wrong_cells, draft.unknown)
    assert draft.data["title"] == f"{shapes.BODY}{fiction.year}年政府信息公开工作年度报告"
    # The blanks the page leaves are blank cells (null), not cells nobody could read.
    assert draft.data["table3"]["outcomes"]["granted"][6] is None
    assert draft.data["table4"]["review"][4] is None
    assert draft.unknown == []


def test_a_word_page_gives_the_page_date_publisher_and_address() -> None:
    name = "fictional-word-page-2023.html"
    draft = import_file(SOURCES / name, "fictional-body", 2023)
    assert draft.data["published"] == "2024-01-26"  # 公开日期 in the metadata table
    assert draft.data["source"]["publisher"] == f"{shapes.BODY}办公室"
    prose = " ".join(v for v in draft.data["text"].values() if v)
    for chrome in ("首页", "索引号", "网站标识码", "备案号", "var nav"):
        assert chrome not in prose, chrome


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(("fmt", "single"), [(2021, False), (2021, True), (2019, True)])
@pytest.mark.parametrize("kind", ["word", "three", "mangled"])
def test_harder_shapes_read_back_exactly(kind: str, fmt: int, single: bool, seed: int) -> None:
    import random

    rng = random.Random(seed)
    fiction = shapes.with_blanks(
        shapes.consistent(fmt, single, lambda n: rng.choice([0, 1, rng.randint(0, n)]))
    )
    if kind == "word":
        text = html_text(shapes.word_page(fiction))
    else:
        text = markdown_text(shapes.pdf_markdown(fiction, kind))
    draft = import_text(text, "fictional-body", fiction.year)
    result = score(draft.data, fiction.expected())
    assert (result.wrong, result.unknown) == (0, 0), (result.wrong_cells, draft.unknown)


def _cells(*rows: list[str]) -> list[list[Cell | None]]:
    out: list[list[Cell | None]] = []
    n = 0
    for row in rows:
        out.append([])
        for text in row:
            out[-1].append(Cell(text, n))
            n += 1
    return out


def test_grid_places_values_by_the_header() -> None:
    header = ["信息内容", "本年处理决定数量", "", ""]
    # One value under a header merged over three columns is one cell; an empty cell is blank.
    assert grid.lines(_cells(header, ["行政许可", "13", "", ""])) == [
        "信息内容\t本年处理决定数量",
        "行政许可\t13",
    ]
    assert grid.lines(_cells(header, ["规章", "/", "", ""]))[1] == "规章\t/"
    three = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert grid.lines(_cells(three, ["规章", "1", "", "4"]))[1] == f"规章\t1\t{BLANK}\t4"
    # A page footer inside the table is not a row.
    assert grid.lines(_cells(three, ["- 3 -", "", "", ""], ["规章", "1", "2", "3"])) == [
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t2\t3",
    ]


def test_a_value_merged_over_two_rows_is_never_given_to_either() -> None:
    page = (
        "<table><tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th>"
        "</tr><tr><td>规章</td><td rowspan=2>5</td><td>0</td><td>1</td></tr>"
        "<tr><td>行政规范性文件</td><td>0</td><td>2</td></tr></table>"
    )
    lines = html_text(page).split("\n")
    assert lines[1] == "规章\t5\t0\t1"
    assert lines[2] == f"行政规范性文件\t{MERGED_DOWN}\t0\t2"
    assert parse_cell(MERGED_DOWN) is not None and parse_cell(MERGED_DOWN).problem


def test_tables_inside_a_layout_table_are_read_as_tables() -> None:
    inner = "<table><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
    page = f"<table><tr><td><p>二、主动公开政府信息情况</p>{inner}</td></tr></table>"
    assert html_text(page).split("\n") == ["二、主动公开政府信息情况", "规章\t1\t2\t3"]


def test_a_hostile_table_is_refused_quickly(tmp_path: Path) -> None:
    page = "<table>" + "<tr><td rowspan=100 colspan=100>1</td></tr>" * 200 + "</table>"
    started = time.monotonic()
    with pytest.raises(SourceError, match="单元格超过十万个"):
        html_text(page)
    assert time.monotonic() - started < 2


def test_markdown_with_html_tables_keeps_its_lines() -> None:
    text = "## 二、主动公开政府信息情况\n\n<table><tr><td>规章</td><td>1</td><td></td><td>3</td></tr></table>\n\n## 三、收到"
    lines = [ln for ln in markdown_text(text).split("\n") if ln]
    # No header above the row: its empty cell may be a merged label's padding, so it stays empty.
    assert lines == ["二、主动公开政府信息情况", "规章\t1\t\t3", "三、收到"]


def test_markdown_emphasis_and_line_breaks_are_not_read_as_text() -> None:
    text = "**二、主动公开政府信息情况**\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| **行政规范<br>性文件** | 1<br/> | 0 | 3 |"
    assert markdown_text(text).split("\n")[:3] == [
        "二、主动公开政府信息情况",
        "",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    ]
    assert markdown_text(text).split("\n")[3] == "行政规范 性文件\t1\t0\t3"
