"""Reading YAML safely: every trap is reported with its line, never a traceback or a hang."""

from __future__ import annotations

import time

from fictional import report

from .conftest import check, only


def _single(tree, text: str):
    tree.standard()
    path = tree.write_text("bodies/fict-bureau/2023.yaml", text)
    result = check(tree)
    mine = [f for f in result.findings if f.file == "content/bodies/fict-bureau/2023.yaml"]
    return path, mine


def test_duplicate_key_is_an_error_at_the_second_occurrence(tree):
    _, found = _single(tree, "body: fict-bureau\nyear: 2023\nyear: 2024\n")
    dup = [f for f in found if "重复的键" in f.message]
    assert len(dup) == 1
    assert (dup[0].line, dup[0].column, dup[0].field) == (3, 1, "year")
    assert "第 2 行" in dup[0].message and dup[0].rule == "yaml"


def test_duplicate_key_inside_a_table(tree):
    data = report("fict-bureau", 2023)
    tree.standard()
    path = tree.write_report(data)
    text = path.read_text(encoding="utf-8")
    line = "    granted: [0, 0, 0, 0, 0, 0, 0]  # （一）予以公开\n"
    path.write_text(text.replace(line, line + line), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, t in enumerate(lines, 1) if t.startswith("    granted:")][1]
    found = [f for f in check(tree).findings if "重复的键" in f.message]
    assert [(f.line, f.field) for f in found] == [(second, "table3.outcomes.granted")]


def test_tab_indentation(tree):
    _, found = _single(tree, "body: fict-bureau\nsource:\n\turl: null\n")
    assert [(f.line, f.column) for f in found] == [(3, 1)]
    assert "制表符" in found[0].message


def test_yaml11_booleans_dates_octal_and_sexagesimal(tree):
    text = "body: fict-bureau\ntitle: no\npublished: 2024-01-20\ncontact: 010\nnotes_x: 1:20\n"
    _, found = _single(tree, text)
    traps = {f.line: f.message for f in found if f.rule == "yaml"}
    assert "布尔值" in traps[2]
    assert "日期请加英文引号" in traps[3]
    assert "八进制" in traps[4]
    assert "1:20 读成 80" in traps[5]


def test_quoted_values_are_not_traps(tree):
    data = report("fict-bureau", 2023, title="no", contact="010")
    tree.standard()
    tree.write_report(data)
    assert only(check(tree), "yaml") == []


def test_not_utf8_reports_the_line(tree):
    tree.standard()
    tree.write_bytes(
        "bodies/fict-bureau/2023.yaml", "body: fict-bureau\ntitle: 虚构报告\n".encode("gbk")
    )
    found = [f for f in check(tree).findings if f.file.endswith("2023.yaml")]
    assert len(found) == 1 and found[0].line == 2 and "UTF-8" in found[0].message


def test_empty_and_comment_only_files(tree):
    tree.standard()
    tree.write_text("bodies/fict-bureau/2022.yaml", "")
    tree.write_text("bodies/fict-bureau/2021.yaml", "# 只有注释\n\n")
    found = {f.file: f.message for f in check(tree).findings if f.rule == "file"}
    assert found["content/bodies/fict-bureau/2022.yaml"] == "文件是空的"
    assert "没有内容" in found["content/bodies/fict-bureau/2021.yaml"]


def test_binary_file(tree):
    tree.standard()
    tree.write_bytes("bodies/fict-bureau/2022.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    found = [f for f in check(tree).findings if f.file.endswith("2022.yaml")]
    assert len(found) == 1 and "不是文本文件" in found[0].message


def test_huge_file_is_refused_quickly(tree):
    tree.standard()
    path = tree.root / "bodies/fict-bureau/2022.yaml"
    with path.open("wb") as fh:  # 50 MB, sparse on disk
        fh.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    found = [f for f in check(tree).findings if f.file.endswith("2022.yaml")]
    assert time.perf_counter() - start < 5
    assert len(found) == 1 and "文件太大" in found[0].message


def test_alias_bomb_ends_quickly_with_one_error(tree):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 10)
    ]
    start = time.perf_counter()
    _, found = _single(tree, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert len(found) == 1 and "锚点和别名" in found[0].message and found[0].line == 1


def test_deep_nesting_ends_with_an_error(tree):
    start = time.perf_counter()
    _, found = _single(tree, "a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert time.perf_counter() - start < 5
    assert len(found) == 1 and "嵌套太深" in found[0].message


def test_syntax_error_has_a_line_and_plain_words(tree):
    _, found = _single(tree, "body: fict-bureau\ntitle: 报告: 第二部分\n")
    assert len(found) == 1 and found[0].line == 2
    assert found[0].message.startswith("YAML 语法错误")


def test_two_documents_in_one_file(tree):
    _, found = _single(tree, "body: fict-bureau\n---\nbody: other\n")
    assert len(found) == 1 and "一份 YAML 文档" in found[0].message and found[0].line == 2
