"""Schema errors, references and consistency rules, each with the exact file, line and rule."""

from __future__ import annotations

import json

from fictional import report, requests
from generator.cli import main

from .conftest import check, only


def _line_of(path, startswith: str, nth: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [i for i, t in enumerate(lines, 1) if t.lstrip().startswith(startswith)][nth]


def test_clean_tree_has_no_findings(tree):
    tree.standard(years=(2022, 2023))
    result = check(tree)
    assert result.findings == [] and result.checked == 4


# ----------------------------------------------------------------------------- schema


def test_cell_with_text_names_the_cell_and_its_labels(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table3"]["outcomes"]["refused"]["state_secret"][1] = "三"
    path = tree.write_report(data)
    [f] = only(check(tree), "schema")
    assert f.file == "content/bodies/fict-bureau/2023.yaml"
    assert f.line == _line_of(path, "state_secret:")
    assert f.field == "table3.outcomes.refused.state_secret[1]"
    assert f.label == "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密 · 商业企业"
    assert "不小于 0 的整数" in f.message and "文字“三”" in f.message
    assert f.text().startswith(f"content/bodies/fict-bureau/2023.yaml:{f.line}:")


def test_negative_count_and_fractional_count(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table4"]["review"] = [-1, 0, 0, 0, 0]
    data["table2"]["licensing"] = __import__("decimal").Decimal("2.5")
    tree.write_report(data)
    fields = {f.field for f in only(check(tree), "schema")}
    assert fields == {"table4.review[0]", "table2.licensing"}


def test_blank_and_not_applicable_are_accepted_and_kept_apart(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table2"]["regulations"] = [None, "/", 0]
    path = tree.write_report(data)
    assert check(tree).findings == []
    assert 'regulations: [null, "/", 0]' in path.read_text(encoding="utf-8")


def test_amount_keeps_published_precision(tree):
    from generator.content import yamlread

    tree.standard()
    path = tree.write_text("bodies/fict-bureau/2023.yaml", "x: 1809.70\ny: 178.479\n")
    value = yamlread.read(path).value
    assert str(value["x"]) == "1809.70" and str(value["y"]) == "178.479"


def test_missing_field_and_unknown_field_with_suggestion(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    del data["title"]
    data["titel"] = "拼错的字段"
    path = tree.write_report(data)
    found = {f.field: f for f in only(check(tree), "schema")}
    assert "缺少这一项" in found["title"].message
    assert "是不是“title”" in found["titel"].message
    assert found["titel"].line == _line_of(path, "titel:")


def test_row_with_missing_cell(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table3"]["new_requests"] = [1, 0, 0, 0, 0, 1]
    path = tree.write_report(data)
    [f] = only(check(tree), "schema")
    assert f.field == "table3.new_requests" and f.line == _line_of(path, "new_requests:")
    assert "应有 7 个数" in f.message and "实际有 6 个" in f.message


def test_layout_2019_has_its_own_rows(tree):
    tree.standard()
    data = report("fict-bureau", 2019)
    assert "procurement" in data["table2"]
    tree.write_report(data)
    assert check(tree).errors == []
    data["table2"]["procurement_unit"] = "美元"
    tree.write_report(data)
    [f] = only(check(tree), "schema")
    assert f.field == "table2.procurement_unit" and "元、万元、null" in f.message


def test_other_processing_as_one_row_is_allowed_in_2021(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table3"]["outcomes"]["other"] = [0, 0, 0, 0, 0, 0, 0]
    tree.write_report(data)
    assert check(tree).findings == []


def test_date_must_be_a_real_calendar_form(tree):
    tree.standard()
    tree.write_report(report("fict-bureau", 2023, published="2024-13-01"))
    [f] = only(check(tree), "schema")
    assert f.field == "published" and "格式不对" in f.message


# ----------------------------------------------------------------------------- references


def test_report_body_and_year_must_match_the_file(tree):
    tree.standard(years=())
    path = tree.write_report(report("fict-other", 2022), name="bodies/fict-bureau/2023.yaml")
    found = {f.field: f for f in only(check(tree), "reference")}
    assert found["body"].line == _line_of(path, "body:")
    assert "fict-other" in found["body"].message and "fict-bureau" in found["body"].message
    assert found["year"].line == _line_of(path, "year:") and "2023.yaml" in found["year"].message


def test_two_reports_for_the_same_body_and_year(tree):
    tree.standard(years=(2023,))
    tree.write_body("fict-other")
    tree.write_report(report("fict-bureau", 2023), name="bodies/fict-other/2023.yaml")
    dups = [f for f in only(check(tree), "reference") if "重复" in f.message]
    assert sorted(f.file for f in dups) == [
        "content/bodies/fict-bureau/2023.yaml",
        "content/bodies/fict-other/2023.yaml",
    ]


def test_unknown_region_parent_and_missing_body_file(tree):
    tree.write_regions()
    tree.write_body("fict-bureau", region="fict-nowhere", parent="fict-ghost")
    tree.write_report(report("fict-lonely", 2023))
    found = only(check(tree), "reference")
    messages = {(f.file, f.field): f.message for f in found}
    assert "fict-nowhere" in messages[("content/bodies/fict-bureau/body.yaml", "region")]
    assert "fict-ghost" in messages[("content/bodies/fict-bureau/body.yaml", "parent")]
    assert "缺少 body.yaml" in messages[("content/bodies/fict-lonely", "")]


def test_body_id_must_match_folder(tree):
    tree.write_regions()
    path = tree.write_text(
        "bodies/fict-bureau/body.yaml",
        "id: fict-other\nname: 虚构局\nshort_name: 虚构\nlevel: 部门\nkind: 其他\nregion: fict-province\n",
    )
    [f] = only(check(tree), "reference")
    assert (f.field, f.line) == ("id", _line_of(path, "id:"))


def test_stray_files_are_reported_not_ignored(tree):
    tree.standard()
    tree.write_text("bodies/fict-bureau/2023.yml", "body: fict-bureau\n")
    tree.write_text("notes.txt", "x")
    files = {f.file for f in only(check(tree), "reference")}
    assert files == {"content/bodies/fict-bureau/2023.yml", "content/notes.txt"}


def test_region_cycle(tree):
    tree.write_regions(
        {
            "fict-a": {"name": "甲", "level": "市", "code": None, "parent": "fict-b"},
            "fict-b": {"name": "乙", "level": "市", "code": None, "parent": "fict-a"},
        }
    )
    assert any("循环" in f.message for f in check(tree).findings)


def test_region_code_must_be_six_ascii_digits(tree):
    tree.write_regions(
        {"fict-a": {"name": "甲", "level": "省", "code": "３５００００", "parent": None}}
    )
    [f] = only(check(tree), "schema")
    assert f.field == "fict-a.code"


def test_unknown_cells_must_exist_and_be_null(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table3"]["carried_forward"] = [None] * 7
    data["provenance"]["unknown_cells"] = [
        {"path": "table3.carried_forward", "reason": "原文缺损"},
        {"path": "table3.outcomes.granted", "reason": "写了数字却列为无法识读"},
        {"path": "table3.no_such_row", "reason": "不存在"},
    ]
    tree.write_report(data)
    found = [f.message for f in only(check(tree), "provenance")]
    assert len(found) == 2
    assert any("填了数字" in m for m in found) and any(
        "没有“table3.no_such_row”" in m for m in found
    )


# ----------------------------------------------------------------------------- rules


def test_r2_total_column(tree):
    tree.standard()
    data = requests(report("fict-bureau", 2023), 9)
    data["table3"]["new_requests"] = [9, 0, 0, 0, 1, 0, 9]
    path = tree.write_report(data)
    found = only(check(tree), "R2")
    assert [f.message for f in found] == [
        "R2 总计列 ≠ 各申请人之和: 9 ≠ 9 + 0 + 0 + 0 + 1 + 0 = 10"
    ]
    assert (
        found[0].line == _line_of(path, "new_requests:")
        and found[0].field == "table3.new_requests[6]"
    )
    assert found[0].severity == "warning"


def test_r1_and_r3_name_the_column_and_both_sides(tree):
    tree.standard()
    data = requests(report("fict-bureau", 2023), 5)
    data["table3"]["outcomes"]["total"] = [0] * 7
    tree.write_report(data)
    r1 = {f.field: f.message for f in only(check(tree), "R1")}
    r3 = {f.field: f.message for f in only(check(tree), "R3")}
    assert set(r1) == set(r3) == {"table3.outcomes.total[0]", "table3.outcomes.total[6]"}
    assert r1["table3.outcomes.total[0]"].endswith("5 + 0 = 5 ≠ 0 + 0 = 0")
    assert r3["table3.outcomes.total[6]"] == "R3 总计列：（七）总计 ≠ （一）至（六）各项之和: 0 ≠ 5"


def test_r4_review_groups(tree):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table4"]["litigation_after_review"] = [5, 0, 0, 0, 0]
    path = tree.write_report(data)
    [f] = only(check(tree), "R4")
    assert f.field == "table4.litigation_after_review[4]" and f.line == _line_of(
        path, "litigation_after_review:"
    )
    assert f.message.endswith("0 ≠ 5 + 0 + 0 + 0 = 5")


def test_blank_cells_make_a_rule_uncheckable_not_failing(tree):
    tree.standard()
    data = requests(report("fict-bureau", 2023), 5)
    data["table3"]["outcomes"]["total"] = [None] * 7
    tree.write_report(data)
    assert [f for f in check(tree).findings if f.rule.startswith("R")] == []


def test_r6_carried_over_must_match_last_years_carried_forward(tree):
    tree.standard(years=())
    tree.write_report(requests(report("fict-bureau", 2022), 4, forward=2))
    path = tree.write_report(requests(report("fict-bureau", 2023), 3, carried=1))
    found = only(check(tree), "R6")
    assert [f.field for f in found] == ["table3.carried_over[0]", "table3.carried_over[6]"]
    f = found[0]
    assert f.file == "content/bodies/fict-bureau/2023.yaml" and f.line == _line_of(
        path, "carried_over:"
    )
    assert "2022 年报告" in f.message and f.message.endswith(": 1 ≠ 2")


def test_r6_skips_missing_years(tree):
    tree.standard(years=())
    tree.write_report(requests(report("fict-bureau", 2021), 4, forward=2))
    tree.write_report(requests(report("fict-bureau", 2023), 3, carried=1))
    assert only(check(tree), "R6") == []


def test_r7_in_force_documents_hint(tree):
    tree.standard(years=())
    first = report("fict-bureau", 2022)
    first["table2"]["normative_documents"] = [2, 0, 10]
    second = report("fict-bureau", 2023)
    second["table2"]["normative_documents"] = [3, 1, 13]
    tree.write_report(first)
    tree.write_report(second)
    [f] = only(check(tree), "R7")
    assert f.field == "table2.normative_documents[2]" and "13 ≠ 10 + 3 − 1 = 12" in f.message


def test_r7_not_across_layouts(tree):
    tree.standard(years=())
    first = report("fict-bureau", 2020)
    first["table2"]["normative_documents"] = [2, 2, 10]
    tree.write_report(first)
    tree.write_report(report("fict-bureau", 2021))
    assert only(check(tree), "R7") == []


# ----------------------------------------------------------------------------- command line


def test_cli_exit_codes_and_strict(tree, capsys):
    tree.standard()
    data = requests(report("fict-bureau", 2023), 2)
    data["table3"]["new_requests"][6] = 3
    tree.write_report(data)
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "content/bodies/fict-bureau/2023.yaml:" in out and "R2" in out and "校验通过" in out
    assert main(["validate", "--strict"]) == 1
    data["table3"]["new_requests"][0] = "x"
    tree.write_report(data)
    assert main(["validate"]) == 1
    assert "校验未通过" in capsys.readouterr().out


def test_cli_json_output(tree, capsys):
    tree.standard()
    data = report("fict-bureau", 2023)
    data["table4"]["review"] = [1, 0, 0, 0, 0]
    tree.write_report(data)
    assert main(["validate", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"] == 0 and payload["warnings"] == 1
    [f] = payload["findings"]
    assert (f["rule"], f["severity"], f["file"], f["field"]) == (
        "R4",
        "warning",
        "content/bodies/fict-bureau/2023.yaml",
        "table4.review[4]",
    )
    assert isinstance(f["line"], int) and isinstance(f["column"], int)


def test_cli_paths_limit_the_report_but_not_the_checks(tree, capsys):
    tree.standard()
    tree.write_body("fict-other")
    tree.write_text("bodies/fict-other/2023.yaml", "body: [\n")
    assert main(["validate", "content/bodies/fict-bureau"]) == 0
    assert main(["validate", "content/bodies/fict-other/2023.yaml"]) == 1
    assert main(["validate", "content/nope.yaml"]) == 2
    capsys.readouterr()


def test_cli_missing_content_dir(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert "找不到内容目录" in capsys.readouterr().err


def test_cli_second_process_failing_is_a_message_not_a_traceback(tree, monkeypatch, capsys):
    from generator import workers
    from generator.content import tree as content

    tree.standard()

    def failed(root, *, parallel=False):
        raise workers.WorkerError("子进程意外退出（退出码 -9）")

    monkeypatch.setattr(content, "load", failed)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "检查没有完成" in err and "退出码 -9" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- two cores


def test_files_read_and_checked_on_two_cores_give_the_same_findings_in_the_same_order(tree):
    # Every kind of finding, spread over several bodies, so both processes have some of each.
    from generator.checks.validate import validate
    from generator.content.tree import load

    tree.write_regions()
    for n in range(6):
        body_id = f"fict-bureau{n}"
        tree.write_body(body_id, region="fict-nowhere" if n == 1 else "fict-province-city")
        for year in (2022, 2023):
            data = requests(report(body_id, year), natural=3 + n, carried=0)
            if n == 2 and year == 2023:
                data["table3"]["new_requests"][6] = 99  # R1: does not add up
            if n == 3 and year == 2023:
                data["table3"]["carried_over"] = [5, 0, 0, 0, 0, 0, 5]  # R6 against 2022
            if n == 4 and year == 2022:
                data["table3"]["outcomes"]["refused"]["state_secret"][1] = "三"  # schema
            tree.write_report(data)
    tree.write_text("bodies/fict-bureau5/2021.yaml", "year: [2021\n")  # YAML that cannot be read
    tree.write_text("bodies/fict-orphan/2023.yaml", "body: fict-orphan\n")  # no body.yaml

    serial = validate(load(tree.root), parallel=False)
    parallel = validate(load(tree.root, parallel=True), parallel=True)
    assert {f.rule for f in serial.findings} >= {"yaml", "schema", "reference", "R1", "R6"}
    assert parallel.findings == serial.findings
    assert parallel.checked == serial.checked
    assert load(tree.root, parallel=True) == load(tree.root)
