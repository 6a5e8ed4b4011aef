"""Fictional reports printed the ways real ones reach us, for the importer's tests.

A report's tables (values chosen by a test) are printed as a PDF text layer (space-separated),
a tab-separated PDF table extraction, an HTML page with merged cells, a Markdown page, or a
crawler's flattened page text (cells run together). The body is fictional (虚构市示例区).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator import layout
from generator.importer.labels import slots

Path = tuple[str | int, ...]
BODY = "虚构市示例区人民政府"
T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T4_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
APPLICANTS = [c.label for c in layout.APPLICANT_COLUMNS]


@dataclass
class Fiction:
    """A fictional report: layout, the (六) variant, each row's cells, table 四's 15 cells."""

    fmt: int
    single_other: bool
    rows: dict[Path, list[Any]]
    t4: list[Any]
    year: int = 2023
    unit: str | None = None  # 2019: the unit printed after 采购总金额
    extra: dict[str, str] = field(default_factory=dict)

    def expected(self) -> dict[str, Any]:
        """The report data a perfect import gives (for :func:`draft.score`)."""
        data: dict[str, Any] = {"format": self.fmt}
        for path, cells in self.rows.items():
            node = data
            for part in path[:-1]:
                node = node.setdefault(part, {})
            scalar = (
                path[0] == "table2"
                and self.fmt == 2021
                and path[-1]
                not in (
                    "regulations",
                    "normative_documents",
                )
            )
            node[path[-1]] = cells[0] if scalar else list(cells)
        if self.fmt == 2019:
            data["table2"]["procurement_unit"] = self.unit
        data["table4"] = {g: self.t4[i * 5 : i * 5 + 5] for i, g in enumerate(T4_GROUPS)}
        return data


def label(fmt: int, path: Path) -> str:
    """The official label of a row (the single-row （六） included)."""
    node: Any = next(t for t in layout.tables(fmt) if t.key == path[0])
    for part in path[1:]:
        node = next(c for c in node.children if c.key == part)
    return node.label


def parents(fmt: int, path: Path) -> list[str]:
    """Labels of the groups above a table 三 row (三、本年度办理结果, （三）不予公开 …)."""
    out: list[str] = []
    node: Any = next(t for t in layout.tables(fmt) if t.key == path[0])
    for part in path[1:-1]:
        node = next(c for c in node.children if c.key == part)
        out.append(node.label)
    return out


def cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def printed(f: Fiction, path: Path) -> list[str]:
    """A row's cells as printed (2019's 采购总金额 with its unit)."""
    cells = [cell(v) for v in f.rows[path]]
    if path[-1] == "procurement" and f.unit and cells[-1]:
        cells[-1] += f.unit
    return cells


def _head(f: Fiction) -> list[str]:
    return [
        f"{BODY}{f.year}年政府信息公开工作年度报告",
        "",
        f"本报告由{BODY}办公室编制。如有疑问请联系（电话：0000-12345678）。",
        "",
        "一、总体情况",
        "",
        f"{f.year}年，本区主动公开政府信息 120 条。",
        "",
        "二、主动公开政府信息情况",
    ]


def _tail() -> list[str]:
    return [
        "五、存在的主要问题及改进情况",
        "",
        "问题与改进。",
        "",
        "六、其他需要报告的事项",
        "",
        "无。",
    ]


def _t4_header() -> list[list[str]]:
    return [
        ["行政复议", "", "", "", "", "行政诉讼"],
        ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        list(T4_LABELS) * 3,
    ]


def lines(f: Fiction, sep: str) -> str:
    """PDF-like text: one row per line, cells separated by ``sep`` (tab or space)."""
    out = _head(f)
    rows = slots(f.fmt, f.single_other)
    for path in (s.path for s in rows if s.path[0] == "table2"):
        out.append(sep.join([label(f.fmt, path), *printed(f, path)]))
    out.append("三、收到和处理政府信息公开申请情况")
    out.append(sep.join(["", "", *APPLICANTS]))
    for path in (s.path for s in rows if s.path[0] == "table3"):
        pad = ["", ""] if sep == "\t" else []
        out.append(sep.join([label(f.fmt, path), *pad, *(cell(v) for v in f.rows[path])]))
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out += [sep.join(h) for h in _t4_header()]
    out.append(sep.join(cell(v) for v in f.t4))
    return "\n".join(out + _tail()) + "\n"


def flat(f: Fiction) -> str:
    """A crawler's page text: everything on one line, cells run together."""
    head = " ".join(x for x in _head(f) if x)
    parts = [head, "第二十条第（一）项信息内容"]
    rows = slots(f.fmt, f.single_other)
    for path in (s.path for s in rows if s.path[0] == "table2"):
        parts.append(label(f.fmt, path) + "".join(printed(f, path)))
    parts.append("三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计")
    for path in (s.path for s in rows if s.path[0] == "table3"):
        parts.append(label(f.fmt, path) + "".join(cell(v) for v in f.rows[path]))
    parts.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼" + "".join(T4_LABELS) * 3)
    parts.append("".join(cell(v) for v in f.t4))
    return (
        "标题: 示例\n==================== 正文 ====================\n"
        + "".join(parts)
        + " "
        + " ".join(x for x in _tail() if x)
    )


def markdown(f: Fiction) -> str:
    """A Markdown page with pipe tables."""
    text = lines(f, "\t").split("\n")
    out = []
    for ln in text:
        if "\t" in ln:
            cells = ln.split("\t")
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            if not any(c.strip() and c.strip()[0].isdigit() for c in cells):
                out.append("|" + "---|" * len(cells))
        else:
            out.append(ln)
    return "\n".join(out) + "\n"


def page(f: Fiction, pdf_css: bool = False) -> str:
    """An HTML page: table 三's group labels merged over their rows (rowspan), headers (colspan)."""
    e = html.escape
    out = ["<!doctype html><html><head><meta charset='utf-8'>"]
    if pdf_css:
        out.append(
            "<style>body{font-family:'Noto Serif CJK SC',serif;font-size:9pt}"
            "table{border-collapse:collapse}td,th{border:1px solid #000;padding:1px 3px}</style>"
        )
    out.append("</head><body>")
    head = _head(f)
    out.append(f"<h1>{e(head[0])}</h1>")
    out += [f"<p>{e(x)}</p>" for x in head[2:] if x]
    rows = slots(f.fmt, f.single_other)
    out.append("<table><tr><th>信息内容</th><th colspan='3'>数量</th></tr>")
    for path in (s.path for s in rows if s.path[0] == "table2"):
        tds = "".join(f"<td>{e(v)}</td>" for v in printed(f, path))
        out.append(f"<tr><td>{e(label(f.fmt, path))}</td>{tds}</tr>")
    out.append("</table><p>三、收到和处理政府信息公开申请情况</p><table>")
    out.append("<tr><th colspan='3' rowspan='2'></th><th colspan='7'>申请人情况</th></tr>")
    out.append("<tr>" + "".join(f"<th>{x}</th>" for x in APPLICANTS) + "</tr>")
    t3 = [s.path for s in rows if s.path[0] == "table3"]
    spans: dict[str, int] = {}
    for path in t3:
        for depth, name in enumerate(parents(f.fmt, path)):
            spans[f"{depth}:{name}"] = spans.get(f"{depth}:{name}", 0) + 1
    opened: set[str] = set()
    for path in t3:
        tds = ""
        names = parents(f.fmt, path)
        for depth, name in enumerate(names):
            key = f"{depth}:{name}"
            if key not in opened:
                opened.add(key)
                tds += f"<td rowspan='{spans[key]}'>{e(name)}</td>"
        colspan = 3 - len(names)
        tds += f"<td colspan='{colspan}'>{e(label(f.fmt, path))}</td>"
        tds += "".join(f"<td>{e(cell(v))}</td>" for v in f.rows[path])
        out.append(f"<tr>{tds}</tr>")
    out.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>")
    out.append("<tr><th colspan='5' rowspan='2'>行政复议</th><th colspan='10'>行政诉讼</th></tr>")
    out.append("<tr><th colspan='5'>未经复议直接起诉</th><th colspan='5'>复议后起诉</th></tr>")
    out.append("<tr>" + "".join(f"<th>{x}</th>" for x in T4_LABELS * 3) + "</tr>")
    out.append("<tr>" + "".join(f"<td>{e(cell(v))}</td>" for v in f.t4) + "</tr></table>")
    out += [f"<p>{e(x)}</p>" for x in _tail() if x]
    return "".join(out) + "</body></html>"


def consistent(fmt: int, single_other: bool, draw: Any) -> Fiction:
    """A fictional report whose table 三 and 四 add up (R1–R4), values from ``draw(n)``."""
    rows: dict[Path, list[Any]] = {}
    all_slots = slots(fmt, single_other)
    for s in all_slots:
        if s.path[0] == "table2":
            if s.kinds[-1] == "amount":
                rows[s.path] = [draw(5) for _ in s.kinds[:-1]] + [
                    Decimal(f"{draw(9999)}.{draw(99):02d}")
                ]
            else:
                rows[s.path] = [draw(300) for _ in s.kinds]
    t3 = [s.path for s in all_slots if s.path[0] == "table3"]
    outcomes = [p for p in t3 if p[1] == "outcomes" and p[2] != "total"]
    for p in outcomes:
        parts = [draw(40) if i == 0 else draw(2) for i in range(6)]
        rows[p] = [*parts, sum(parts)]
    total = [sum(rows[p][c] for p in outcomes) for c in range(7)]
    rows[("table3", "outcomes", "total")] = total
    forward = [draw(3) if c == 0 else 0 for c in range(6)]
    rows[("table3", "carried_forward")] = [*forward, sum(forward)]
    over = [min(draw(3), total[c] + forward[c]) if c == 0 else 0 for c in range(6)]
    rows[("table3", "carried_over")] = [*over, sum(over)]
    new = [total[c] + forward[c] - over[c] for c in range(6)]
    rows[("table3", "new_requests")] = [*new, sum(new)]
    t4: list[Any] = []
    for _ in T4_GROUPS:
        parts = [draw(20) for _ in range(4)]
        t4 += [*parts, sum(parts)]
    ordered = {s.path: rows[s.path] for s in all_slots}
    return Fiction(
        fmt,
        single_other,
        ordered,
        t4,
        year=2020 if fmt == 2019 else 2023,
        unit="元" if fmt == 2019 else None,
    )


# --------------------------------------------------------------------------- harder shapes


def with_blanks(f: Fiction) -> Fiction:
    """The same report with blank cells where real ones leave them: table 三's 总计 column
    in every outcome row, one applicant column of 上年结转, and table 四's first total."""
    rows = dict(f.rows)
    for path, cells in f.rows.items():
        if path[:2] == ("table3", "outcomes") and path[2] != "total":
            rows[path] = [*cells[:-1], None]
    forward = list(rows[("table3", "carried_over")])
    forward[2] = None
    rows[("table3", "carried_over")] = forward
    t4 = list(f.t4)
    t4[4] = None
    return Fiction(f.fmt, f.single_other, rows, t4, f.year, f.unit, dict(f.extra))


def _table2_rows(fmt: int) -> list[tuple[str, Path, list[str]]]:
    """Table 二's rows with the article above each and its column labels."""
    table = next(t for t in layout.tables(fmt) if t.key == "table2")
    out = []
    for row in table.children:
        if hasattr(row, "columns"):
            columns = [c.label for c in row.columns]
        elif hasattr(row, "column"):
            columns = [row.column.label]
        else:  # 2019's 采购总金额 and its unit
            columns = ["采购项目数量", "采购总金额"]
        if row.key != "procurement_unit":
            out.append((row.article, ("table2", row.key), columns))
    return out


def _word(text: str, size: str = "10.5pt") -> str:
    """Text as a word processor exports it: spans in spans, fonts, an empty o:p."""
    e = html.escape(text)
    return (
        f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
        f"style='font-size:{size};font-family:宋体'><font face=宋体>{e}</font></span>"
        "<o:p></o:p></p>"
    )


def _word_number(value: Any) -> str:
    """A value split over several elements, as Word writes a number typed in two goes."""
    text = cell(value)
    if not text:
        return "<p class=MsoNormal><span lang=EN-US>&nbsp;</span><o:p></o:p></p>"
    head, tail = text[: len(text) // 2], text[len(text) // 2 :]
    return (
        f"<p class=MsoNormal align=center><span lang=EN-US style='font-size:10.5pt'>{head}"
        f"</span><span lang=EN-US style='font-size:10.5pt'>{tail}</span><o:p></o:p></p>"
    )


def word_page(f: Fiction) -> str:
    """A whole page saved from a government site: menus, a metadata table, the report as
    exported from a word processor (merged headers, a value spread over merged columns, blank
    cells as &nbsp;) inside a layout table, and a footer."""
    title = f"{BODY}{f.year}年政府信息公开工作年度报告"
    td = "<td style='border:solid windowtext 1.0pt' {}>{}</td>".format
    out = [
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><meta charset='utf-8'>",
        f"<title>{title}_{BODY}</title><script>var nav = '一、总体情况';</script></head><body>",
        "<div class=nav><ul><li><a href='/'>首页</a></li><li><a>政务公开</a></li>"
        "<li><a>政府信息公开年报</a></li></ul></div>",
        "<table class=meta><tr><td>索引号：</td><td>XG00-0000-2024-00012</td>"
        f"<td>发布机构：</td><td>{BODY}办公室</td></tr><tr><td>公开日期：</td>"
        f"<td>{f.year + 1}-01-26</td><td>文号：</td><td></td></tr>"
        f"<tr><td>标题：</td><td colspan=3>{title}</td></tr></table>",
        f"<table width='100%'><tr><td class=content><h2>{title}</h2>",
    ]
    head = _head(f)
    out += [_word(x) for x in head[2:] if x]
    out.append("<table class=MsoNormalTable border=1>")
    article = None
    for art, path, columns in _table2_rows(f.fmt):
        if art != article:
            article = art
            out.append(f"<tr>{td('colspan=4', _word(art))}</tr>")
            heads = [td("", _word("信息内容"))]
            heads += [td("", _word(c)) for c in columns[:-1]]
            heads.append(td(f"colspan={4 - len(columns)}", _word(columns[-1])))
            out.append("<tr>" + "".join(heads) + "</tr>")
        cells = printed(f, path)
        tds = [td("", _word(label(f.fmt, path)))]
        tds += [td("", _word_number(v)) for v in cells[:-1]]
        tds.append(td(f"colspan={4 - len(cells)}", _word_number(cells[-1])))
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>" + _word("三、收到和处理政府信息公开申请情况") + "<table border=1>")
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    out.append(
        f"<tr>{td('colspan=3 rowspan=3', _word(note))}{td('colspan=7', _word('申请人情况'))}</tr>"
    )
    out.append(
        f"<tr>{td('rowspan=2', _word('自然人'))}{td('colspan=5', _word('法人或其他组织'))}"
        f"{td('rowspan=2', _word('总计'))}</tr>"
    )
    out.append("<tr>" + "".join(td("", _word(x)) for x in APPLICANTS[1:6]) + "</tr>")
    rows = slots(f.fmt, f.single_other)
    t3 = [s.path for s in rows if s.path[0] == "table3"]
    spans: dict[str, int] = {}
    for path in t3:
        for depth, name in enumerate(parents(f.fmt, path)):
            spans[f"{depth}:{name}"] = spans.get(f"{depth}:{name}", 0) + 1
    opened: set[str] = set()
    for path in t3:
        tds = ""
        names = parents(f.fmt, path)
        for depth, name in enumerate(names):
            key = f"{depth}:{name}"
            if key not in opened:
                opened.add(key)
                tds += td(f"rowspan={spans[key]}", _word(name))
        tds += td(f"colspan={3 - len(names)}", _word(label(f.fmt, path)))
        tds += "".join(td("", _word_number(v)) for v in f.rows[path])
        out.append(f"<tr>{tds}</tr>")
    out.append("</table>" + _word("四、政府信息公开行政复议、行政诉讼情况") + "<table border=1>")
    out.append(
        f"<tr>{td('colspan=5', _word('行政复议'))}{td('colspan=10', _word('行政诉讼'))}</tr>"
    )
    out.append(
        "<tr>"
        + "".join(td("rowspan=2", _word(x)) for x in T4_LABELS)
        + f"{td('colspan=5', _word('未经复议直接起诉'))}{td('colspan=5', _word('复议后起诉'))}</tr>"
    )
    out.append("<tr>" + "".join(td("", _word(x)) for x in T4_LABELS * 2) + "</tr>")
    out.append("<tr>" + "".join(td("", _word_number(v)) for v in f.t4) + "</tr></table>")
    out += [_word(x) for x in _tail() if x]
    out.append("</td></tr></table>")
    out.append(
        f"<div class=footer><p>主办：{BODY}办公室　网站标识码：0000000000</p>"
        "<p>版权所有　备案号：虚ICP备00000000号</p></div></body></html>"
    )
    return "\n".join(out)


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _t3_header_md() -> list[str]:
    note = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
    return [
        _pipe([note, "", "", "申请人情况", "", "", "", "", "", ""]),
        "|" + "---|" * 10,
        _pipe(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        _pipe(["", "", "", "", *APPLICANTS[1:6], ""]),
    ]


def pdf_markdown(f: Fiction, t4: str = "three") -> str:
    """A PDF converted to Markdown by an OCR/LLM tool: pipe tables with labels cut across cells
    and rows, numbers on the row below their label, a page footer and the repeated header
    inside table 三, its rest after a second page break as a table with no header, a footnote
    row; table 四 as three tables (``t4="three"``) or one 15-cell row under a header that does
    not line up with it (``"mangled"``)."""
    out = [f"# {BODY}{f.year}年政府信息公开工作年度报告", ""]
    out += [f"## {x}" if "、" in x[:3] else x for x in _head(f)[2:]]
    out.append("")
    article = None
    for art, path, columns in _table2_rows(f.fmt):
        if art != article:
            article = art
            out += ["", _pipe([art, "", "", ""]), "|---|---|---|---|"]
            out.append(_pipe(["信息内容", *columns, *[""] * (3 - len(columns))]))
        cells = printed(f, path)
        name = label(f.fmt, path)
        if len(name) > 5:  # the label broken over two rows, its numbers on the second
            out.append(_pipe([name[:3], "", "", ""]))
            name = name[3:]
        out.append(_pipe([name, *cells, *[""] * (3 - len(cells))]))
    out += ["", "## 三、收到和处理政府信息公开申请情况", ""]
    out += _t3_header_md()
    rows = slots(f.fmt, f.single_other)
    t3 = [s.path for s in rows if s.path[0] == "table3"]
    seen: set[str] = set()
    rest: str | None = None
    for n, path in enumerate(t3):
        if n == len(t3) // 3:  # a page break: the footer, then the header again
            out.append(_pipe(["- 3 -", *[""] * 9]))
            out += [line for line in _t3_header_md() if not line.startswith("|-")]
        if n == 2 * len(t3) // 3:  # another: the table goes on as a new one, without header
            out += ["", "第 4 页 共 6 页", ""]
        names = parents(f.fmt, path)
        labels = ["", "", ""]
        for depth, name in enumerate(names):
            if name not in seen:
                seen.add(name)
                labels[depth] = name
        labels[len(names)] = label(f.fmt, path)
        if len(names) == 2 and labels[1]:
            # A group label cut over two cells: “（三）不” here, “予公开” on the next row.
            labels[1], rest = labels[1][:4], labels[1][4:]
        elif len(names) == 2 and rest:
            labels[1], rest = rest, None
        values = [cell(v) for v in f.rows[path]]
        own = label(f.fmt, path)
        if own.startswith("1.本机关不掌握"):  # a row label cut over two rows
            out.append(_pipe([*labels[: len(names)], "1.本机关不掌", *[""] * (9 - len(names))]))
            labels[len(names)] = own[len("1.本机关不掌") :]
        if path[-1] == "total":  # the label on one row, its numbers on the row below
            out.append(_pipe([*labels, *[""] * 7]))
            labels = ["", "", ""]
        out.append(_pipe([*labels, *values]))
        if n == 2 * len(t3) // 3:
            out.append("|" + "---|" * 10)
    out.append(_pipe(["注：统计时间为", "", "", str(f.year), "年1月1日至12月31日", *[""] * 5]))
    out += ["", "## 四、政府信息公开行政复议、行政诉讼情况", ""]
    if t4 == "three":
        names = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
        for n, name in enumerate(names):
            out += [_pipe([name, "", "", "", ""]), "|---|---|---|---|---|"]
            out += [_pipe(list(T4_LABELS)), _pipe([cell(v) for v in f.t4[n * 5 : n * 5 + 5]])]
            out += ["", "— 4 —" if n == 1 else ""]
    else:
        out += [_pipe(["行政复议", "", "", "", "", "行政诉讼", "", ""]), "|---" * 8 + "|"]
        out.append(_pipe(["", "", "", "", "", "未经复议直接起诉", "复议后起诉", ""]))
        out.append(_pipe(list(T4_LABELS) * 3))
        out.append(_pipe([cell(v) for v in f.t4]))
    out += [f"## {x}" if "、" in x[:3] else x for x in _tail()]
    return "\n".join(out) + "\n"


#: The fictional samples kept in tests/sources (file → how it is printed), with the seed that
#: draws their values: the harder shapes a reader of the test material can open and look at.
SAMPLES = {
    "fictional-word-page-2023.html": ("word", 2021, False),
    "fictional-pdf-markdown-2023.md": ("three", 2021, False),
    "fictional-pdf-markdown-one-row-t4-2023.md": ("mangled", 2021, True),
}


def sample(name: str) -> tuple[str, Fiction]:
    """A sample's text and the report it prints (values fixed by the file name)."""
    import random

    kind, fmt, single = SAMPLES[name]
    rng = random.Random(name)
    fiction = with_blanks(
        consistent(fmt, single, lambda n: rng.choice([0, 0, 0, 1, rng.randint(0, n)]))
    )
    text = word_page(fiction) if kind == "word" else pdf_markdown(fiction, kind)
    return text, fiction


if __name__ == "__main__":  # python -m fictional.shapes: write the samples again
    from pathlib import Path as _Path

    folder = _Path(__file__).parent.parent / "tests" / "sources"
    for _name in SAMPLES:
        (folder / _name).write_text(sample(_name)[0], encoding="utf-8")
