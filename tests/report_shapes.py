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
