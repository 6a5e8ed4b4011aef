"""Tables 二, 三 and 四 of a report as HTML, in the official layout.

A citizen who has seen the PDF should recognise the table: the same merged header cells, the same
row and column labels, in the same order. Everything structural comes from :mod:`layout`, so the
2019 and 2021 layouts render from the same code.

Each table is wrapped in ``data-search-exclude``: a grid of numbers adds nothing to full-text
search and would bloat the index at the scale of a province.
"""

from __future__ import annotations

from html import escape
from typing import Protocol

from .. import layout
from ..analysis.figures import Cells, Path_, Val
from ..layout import APPLICANT_COLUMNS, Column, Enum, Group, Node, Row, Scalar, Table
from .values import cached_escape, mapping, missing_html, number

LEGEND = (
    '<p class="pt-legend">表中数字照原表录入。'
    '<span class="pt-missing pt-blank">空白</span> 原表未填；'
    '<span class="pt-missing pt-na">/</span> 原表标为不适用；'
    '<span class="pt-missing pt-unknown">？</span> 原文无法识读（见“数据说明”）；'
    '<span class="pt-bad">底色标出、带规则号（如 R4）</span>的格子在勾稽关系不成立的等式里，'
    "数字对不上（见“数据核对”）。"
    "空白、/ 和 0 是不同的事实，本站不把空白当作 0。</p>"
)

R1_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def cell_id(path: Path_) -> str:
    """The id of a cell of the official tables (``table4.review[4]`` → ``cell-table4-review-4``):
    findings link to the cells of their equation."""
    return "cell-" + "-".join(str(p) for p in path)


#: Where a highlighted cell links: the report page's findings.
FINDINGS = "checks"


def _td(cells: Cells, path: tuple[str | int, ...], colspan: int = 1, unit: str = "") -> str:
    value: Val = cells.cell(*path)
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    if value.ok:
        assert value.number is not None
        # A number's text is digits, separators and a sign: nothing to escape (a province's
        # tables hold millions of cells). The unit is the layout's own word.
        inner = f"{number(value.number)}{cached_escape(unit)}"
    else:
        inner = missing_html(value.missing, cells.reason(path) or "")
    rules = cells.disputed.get(path) if cells.disputed else None
    if rules:
        # Every cell of a failing equation is marked (the table cannot say which one is wrong),
        # with its rules on the cell (visible on touch; a screen reader hears 不相符 first),
        # linking to the findings.
        return (
            f'<td{span} class="pt-bad" id="{cell_id(path)}">{inner}'
            f'<a class="pt-bad-rule" href="#{FINDINGS}"><span class="pt-sr">不相符：</span>'
            f"{'、'.join(rules)}</a></td>"
        )
    return f"<td{span}>{inner}</td>"


def _tds(cells: Cells, path: tuple[str, ...], count: int) -> str:
    """The ``count`` cells of the row at ``path``. Whole numbers (most cells) are written from the
    row's list directly — walking the path from the report's root for each cell was a third of
    the render at a province's scale; blank, "/", unreadable, decimals and cells of a failing
    equation go through :func:`_td`.
    """
    row = cells.node(path)
    values = row if isinstance(row, list) else ()
    if cells.disputed and any(p[:-1] == path for p in cells.disputed):
        return "".join(_td(cells, (*path, i)) for i in range(count))
    out = []
    for i in range(count):
        value = values[i] if i < len(values) else None
        if type(value) is int:  # not bool, which YAML true/false would be (a schema error)
            out.append(f"<td>{value:,}</td>")
        else:
            out.append(_td(cells, (*path, i)))
    return "".join(out)


def _th(text: str, scope: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = f' scope="{scope}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    return f"<th{attrs}>{cached_escape(text)}</th>"


def download_link(href: str, text: str = "下载本表数据（CSV）") -> str:
    """A “download this data” link placed under a table or chart."""
    return f'<p class="pt-download"><a href="{escape(href)}" download>{escape(text)}</a></p>'


def _wrap(table_id: str, caption: str, head: list[str], body: list[str]) -> str:
    # No download link under the official tables: the report page links its YAML and the
    # body's CSV once, above the tables (a link per table repeated those files' addresses).
    return (
        f'<div class="pt-table-wrap" data-search-exclude>\n'
        f'<table class="pt-official" id="{table_id}">\n'
        f"<caption>{escape(caption)}</caption>\n"
        "<thead>\n" + "\n".join(head) + "\n</thead>\n"
        "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>"
    )


# --------------------------------------------------------------------------- table 二


def _column_header(columns: tuple[Column, ...], width: int, unit: str = "") -> str:
    cells = [_th("信息内容", "col")]
    for i, col in enumerate(columns):
        label = col.label + (unit if i == len(columns) - 1 and unit else "")
        span = width - len(columns) + 1 if i == len(columns) - 1 else 1
        cells.append(_th(label, "col", colspan=span))
    return "<tr>" + "".join(cells) + "</tr>"


Disputed = dict[Path_, tuple[str, ...]]


class Inputs(Protocol):
    """What stands in a body cell instead of the published value: the fill-in form's inputs."""

    def td(self, path: Path_, colspan: int = 1) -> str:
        """One cell (``<td>``) for ``path``."""
        ...

    def tds(self, path: Path_, count: int) -> str:
        """The ``count`` cells of the row at ``path``."""
        ...


def table2(
    data: dict, fmt: int, disputed: Disputed | None = None, inputs: Inputs | None = None
) -> str:
    """Table 二, grouped under its 第二十条 article headings as in the official table;
    ``disputed`` (cell → failing rules) cells highlighted; ``inputs`` in the cells instead of
    the values (the fill-in form: a unit is then chosen below the table)."""
    table = layout.tables(fmt)[0]
    cells = Cells(data, disputed)
    rows = [c for c in table.children if isinstance(c, (Row, Scalar))]
    width = max(len(r.columns) if isinstance(r, Row) else 1 for r in rows)
    units = {c.key: c for c in table.children if isinstance(c, Enum)}
    body: list[str] = []
    article = None
    for row in rows:
        columns = row.columns if isinstance(row, Row) else (row.column,)
        unit = ""
        unit_enum = units.get(f"{row.key}_unit")
        if unit_enum is not None and inputs is None:
            printed = cells.node(("table2", unit_enum.key))
            unit = f"（单位：{printed}）" if isinstance(printed, str) else "（原表未写单位）"
        if row.article != article:
            article = row.article
            body.append("<tr>" + _th(article, "colgroup", colspan=width + 1) + "</tr>")
            body.append(_column_header(columns, width, unit))
        tds = [_th(row.label, "row")]
        if isinstance(row, Scalar):
            path: Path_ = ("table2", row.key)
            tds.append(inputs.td(path, width) if inputs else _td(cells, path, colspan=width))
        else:
            for i in range(len(columns)):
                span = width - len(columns) + 1 if i == len(columns) - 1 else 1
                path = ("table2", row.key, i)
                tds.append(inputs.td(path, span) if inputs else _td(cells, path, colspan=span))
        body.append("<tr>" + "".join(tds) + "</tr>")
    return _wrap("official-table2", table.label, [], body)


# --------------------------------------------------------------------------- table 三


def _row_count(node: Node, data: object) -> int:
    if isinstance(node, Group):
        if isinstance(data, list) and node.single_row_alternative is not None:
            return 1
        sub = data if isinstance(data, dict) else {}
        return sum(_row_count(c, sub.get(c.key)) for c in node.children)
    return 1


def table3(
    data: dict, fmt: int, disputed: Disputed | None = None, inputs: Inputs | None = None
) -> str:
    """Table 三 with the official three-level row labels and two-level applicant header.

    With ``inputs`` (the fill-in form) a group that may be printed as one row is written both
    ways, each row marked with ``data-pt-shape`` (grouped / single) for the form to show one.
    """
    table: Table = layout.tables(fmt)[1]
    cells = Cells(data, disputed)

    def _t3_cells(cells: Cells, path: tuple[str, ...]) -> str:
        if inputs is not None:
            return inputs.tds(path, len(APPLICANT_COLUMNS))
        return _tds(cells, path, len(APPLICANT_COLUMNS))

    t3 = mapping(data.get("table3"))
    parts = APPLICANT_COLUMNS[1:-1]
    head = [
        "<tr>"
        + _th(R1_NOTE, "col", rowspan=3, colspan=3)
        + _th("申请人情况", "colgroup", colspan=len(APPLICANT_COLUMNS))
        + "</tr>",
        "<tr>"
        + _th(APPLICANT_COLUMNS[0].label, "col", rowspan=2)
        + _th("法人或其他组织", "colgroup", colspan=len(parts))
        + _th(APPLICANT_COLUMNS[-1].label, "col", rowspan=2)
        + "</tr>",
        "<tr>" + "".join(_th(c.label, "col") for c in parts) + "</tr>",
    ]
    body: list[str] = []
    for top in table.children:
        if isinstance(top, Row):
            body.append(
                "<tr>"
                + _th(top.label, "row", colspan=3)
                + _t3_cells(cells, ("table3", top.key))
                + "</tr>"
            )
            continue
        assert isinstance(top, Group)
        group_data = mapping(t3.get(top.key))
        both = inputs is not None and any(
            isinstance(c, Group) and c.single_row_alternative for c in top.children
        )
        lead = _th(top.label, "rowgroup", rowspan=_row_count(top, group_data) + both)
        for child in top.children:
            child_data = group_data.get(child.key)
            path = ("table3", top.key, child.key)
            if isinstance(child, Group) and not isinstance(child_data, list):
                first = _th(child.label, "rowgroup", rowspan=len(child.children))
                single = both and child.single_row_alternative is not None
                shape = ' data-pt-shape="grouped"' if single else ""
                for sub in child.children:
                    body.append(
                        f"<tr{shape}>"
                        + lead
                        + first
                        + _th(sub.label, "row")
                        + _t3_cells(cells, (*path, sub.key))
                        + "</tr>"
                    )
                    lead = first = ""
                if single:
                    body.append(
                        '<tr data-pt-shape="single" hidden>'
                        + _th(child.label, "row", colspan=2)
                        + _t3_cells(cells, path)
                        + "</tr>"
                    )
            else:
                # A plain row, or a group printed as one row by the body (kept as printed).
                body.append(
                    "<tr>"
                    + lead
                    + _th(child.label, "row", colspan=2)
                    + _t3_cells(cells, path)
                    + "</tr>"
                )
                lead = ""
    return _wrap("official-table3", table.label, head, body)


# --------------------------------------------------------------------------- table 四


def table4(data: dict, disputed: Disputed | None = None, inputs: Inputs | None = None) -> str:
    """Table 四: one row of fifteen cells under a three-level header, as printed officially."""
    cells = Cells(data, disputed)
    review, direct, after = layout.TABLE4.children
    assert isinstance(review, Row) and isinstance(direct, Row) and isinstance(after, Row)
    n = len(review.columns)
    head = [
        "<tr>"
        + _th("行政复议", "colgroup", colspan=n)
        + _th("行政诉讼", "colgroup", colspan=2 * n)
        + "</tr>",
        "<tr>"
        + "".join(_th(c.label, "col", rowspan=2) for c in review.columns)
        + _th("未经复议直接起诉", "colgroup", colspan=n)
        + _th("复议后起诉", "colgroup", colspan=n)
        + "</tr>",
        "<tr>" + "".join(_th(c.label, "col") for c in (*direct.columns, *after.columns)) + "</tr>",
    ]
    row = "".join(
        inputs.tds(("table4", r.key), n) if inputs else _tds(cells, ("table4", r.key), n)
        for r in (review, direct, after)
    )
    return _wrap("official-table4", layout.TABLE4.label, head, ["<tr>" + row + "</tr>"])
