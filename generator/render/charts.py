"""Charts: Plotly figures built in Python as plain data, embedded in pages as JSON.

Figures are plain dicts in Plotly's JSON format rather than ``plotly.graph_objects`` objects:
building graph objects validates every property on every page, which costs far more than the
page itself at a province's scale. The tests check every figure kind against Plotly's own
validator (``plotly.graph_objects.Figure(...)``), so the shortcut cannot drift into invalid JSON.

Every chart carries its accessible equivalent: a caption, a one-line text summary (``aria-label``)
and the data as a table. Colours are the Okabe–Ito palette, distinguishable with the common forms
of colour blindness; hover text uses the same number formatting as the tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from html import escape
from typing import Any

from ..analysis.figures import Val
from .values import cached_escape, missing_mark, val_text

#: Okabe & Ito (2008), "Color Universal Design": safe for protanopia, deuteranopia, tritanopia.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'


@dataclass(frozen=True)
class Series:
    """One line or set of bars: a name and one value per category (None: no report that year)."""

    name: str
    values: list[Val | None]
    unit: str = "件"
    #: Per value, what a reader must know about it ("" for nothing): a total that leaves out
    #: reports without the figure is drawn hatched and says so wherever the value is shown.
    notes: tuple[str, ...] = ()

    def note(self, i: int) -> str:
        return self.notes[i] if i < len(self.notes) else ""

    def flagged(self, i: int) -> bool:
        """Drawn hatched: a value with a note, or a number from a failing equation (its hover
        text, the summary and the table say 数字不相符)."""
        value = self.values[i] if i < len(self.values) else None
        return bool(self.note(i)) or (value is not None and bool(value.disputed))


@dataclass(frozen=True)
class Chart:
    """A chart and its text equivalent."""

    id: str  # unique within the page, deterministic (golden files compare pages byte for byte)
    title: str
    kind: str  # "bar", "hbar", "line", "stack"
    categories: list[str]
    series: list[Series]
    x_title: str = ""
    y_title: str = "件"

    @property
    def has_numbers(self) -> bool:
        return any(v is not None and v.ok for s in self.series for v in s.values)

    @cached_property
    def texts(self) -> list[list[str]]:
        """Each value as text, per series: hover, summary and data table say the same, made once."""
        return [
            [_noted(_hover(v, s.unit), s.note(i)) for i, v in enumerate(s.values)]
            for s in self.series
        ]


def _noted(text: str, note: str) -> str:
    return f"{text}（{note}）" if note else text


def _plain(value: Val | None) -> float | int | None:
    # Plotly needs JSON numbers; the exact published digits live in the hover text and table.
    if value is None or not value.ok:
        return None
    assert value.number is not None
    return float(value.number) if isinstance(value.number, Decimal) else value.number


def _hover(value: Val | None, unit: str) -> str:
    if value is None:
        return "无报告"
    return val_text(value, unit)


def figure(chart: Chart) -> dict[str, Any]:
    """The Plotly figure (``{"data": [...], "layout": {...}}``) for a chart."""
    traces = []
    horizontal = chart.kind == "hbar"
    plain = [[_plain(v) for v in s.values] for s in chart.series]
    for i, s in enumerate(chart.series):
        ys = plain[i]
        text = chart.texts[i]
        colour = PALETTE[i % len(PALETTE)]
        trace: dict[str, Any] = {
            "name": s.name,
            "customdata": text,
            "hovertemplate": "%{customdata}<extra>" + s.name + "</extra>",
        }
        if chart.kind == "line":
            trace.update(
                type="scatter",
                mode="lines+markers",
                x=chart.categories,
                y=ys,
                connectgaps=False,  # a year with no report is a gap, not a straight line
                line={"color": colour, "width": 2},
                marker={"color": colour, "size": 8, "symbol": i % 6},  # shapes, not only colour
            )
        elif horizontal:
            trace.update(
                type="bar", orientation="h", y=chart.categories, x=ys, marker={"color": colour}
            )
        else:
            trace.update(type="bar", x=chart.categories, y=ys, marker={"color": colour})
        if chart.kind != "line":
            _mark_bars(trace, s, ys, chart.kind)
        traces.append(trace)
    marks = _no_number_marks(chart, horizontal)
    if marks is not None:
        traces.append(marks)
    value_axis = {
        "title": {"text": chart.y_title},
        "rangemode": "tozero",
        "separatethousands": True,
    }
    top = _top(chart.kind, plain)
    if top is not None and top <= SMALL and all(s.unit == "件" for s in chart.series):
        # Counts are whole: Plotly would put ticks at 0.5 and 1.5 on an axis up to 2.
        value_axis.update(dtick=1, tickformat=",d")
    if top == 0:
        # Every value is 0: an axis of its own (Plotly's default draws an empty −1…1), and said
        # in words on the plot, so it is not taken for a chart that failed to draw.
        value_axis["range"] = [0, 1]
    category_axis = {"title": {"text": chart.x_title}, "type": "category"}
    layout: dict[str, Any] = {
        "font": {"family": FONT, "size": 13},
        "separators": ".,",
        "margin": {"l": 60, "r": 20, "t": 40 if len(chart.series) > 1 else 20, "b": 60},
        "height": 320,
        # Legend above the plot, where it cannot collide with the axis title below.
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "showlegend": len(chart.series) > 1,
        "barmode": "stack" if chart.kind == "stack" else "group",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    if top == 0:
        layout["annotations"] = [ALL_ZERO]
    if horizontal:
        category_axis["autorange"] = "reversed"  # official order reads top to bottom
        layout.update(
            xaxis=value_axis, yaxis=category_axis, margin={"l": 110, "r": 20, "t": 20, "b": 40}
        )
    else:
        layout.update(xaxis=category_axis, yaxis=value_axis)
    return {"data": traces, "layout": layout}


def _mark_bars(trace: dict[str, Any], series: Series, ys: list[Any], kind: str) -> None:
    """A 0 is written where its bar would be (a 0 draws no bar, as no number would not), and a
    partial total or a disputed number is hatched."""
    shapes = ["/" if series.flagged(i) else "" for i in range(len(ys))]
    if any(shapes):
        trace["marker"]["pattern"] = {"shape": shapes}
    if kind != "stack" and 0 in ys:
        trace.update(
            text=["0" if y == 0 else "" for y in ys], textposition="outside", cliponaxis=False
        )


def _no_number_marks(chart: Chart, horizontal: bool) -> dict[str, Any] | None:
    """Where a report has the figure but no number (blank, "/", unreadable): its mark (as in the
    tables) at the foot of the axis, with the reason on hover; None when there is none."""
    at, marks, reasons = [], [], []
    for s, texts in zip(chart.series, chart.texts, strict=True):
        for category, value, text in zip(chart.categories, s.values, texts, strict=True):
            if value is not None and not value.ok:
                at.append(category)
                marks.append(missing_mark(value.missing))
                reasons.append(f"{s.name}：{text}" if len(chart.series) > 1 else text)
    if not at:
        return None
    trace: dict[str, Any] = {
        "type": "scatter",
        "mode": "text",
        "name": "无数字",
        "text": marks,
        "customdata": reasons,
        "hovertemplate": "%{customdata}<extra></extra>",
        "showlegend": False,
        "textfont": {"size": 15},
    }
    zeros = [0] * len(at)
    if horizontal:
        trace.update(y=at, x=zeros, textposition="middle right")
    else:
        trace.update(x=at, y=zeros, textposition="top center")
    return trace


#: Up to this value a count axis ticks at every whole number.
SMALL = 5
ALL_ZERO = {
    "text": "各项均为 0",
    "showarrow": False,
    "xref": "paper",
    "yref": "paper",
    "x": 0.5,
    "y": 0.5,
    "font": {"size": 15},
}


def _top(kind: str, plain: list[list[float | int | None]]) -> float | int | None:
    """The longest bar or highest point (a stack: its tallest column) of the series' plotted
    values; None without numbers."""
    columns = [[p for p in column if p is not None] for column in zip(*plain, strict=True)]
    heights = [sum(c) if kind == "stack" else max(c) for c in columns if c]
    return max(heights) if heights else None


def summary(chart: Chart) -> str:
    """One sentence a screen reader reads in place of the picture."""
    parts = []
    for s, texts in zip(chart.series, chart.texts, strict=True):
        items = "，".join(f"{c} {t}" for c, t in zip(chart.categories, texts, strict=True))
        parts.append(f"{s.name}：{items}" if len(chart.series) > 1 else items)
    return f"{chart.title}。" + "；".join(parts) + "。"


def _table(chart: Chart) -> str:
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in chart.series)
    rows = []
    for i, category in enumerate(chart.categories):
        cells = "".join(f"<td>{cached_escape(t[i])}</td>" for t in chart.texts)
        rows.append(f'<tr><th scope="row">{escape(category)}</th>{cells}</tr>')
    corner = escape(chart.x_title or "项目")
    return (
        f'<table class="pt-chart-table"><caption class="pt-sr">{escape(chart.title)}</caption>'
        f'<thead><tr><th scope="col">{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _single_quoted(text: str) -> str:
    """``text`` for an attribute in single quotes: JSON's many double quotes stay as they are
    (as ``&quot;`` each cost six bytes; a province's charts were megabytes of them)."""
    return (
        text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
    )


def html(chart: Chart, download: str = "") -> str:
    """The chart's HTML block: caption, plot placeholder carrying its JSON, and the data table.

    ``portal.js`` draws every ``.pt-plot`` on page load, and
    loads plotly.js (served from this site) only on pages that have a chart.
    """
    caption = f"<figcaption>{escape(chart.title)}</figcaption>"
    link = (
        f'<p class="pt-download"><a href="{escape(download)}" download>下载图表数据（CSV）</a></p>'
        if download
        else ""
    )
    table = (
        '<details class="pt-chart-data"><summary>图表数据（表格）</summary>'
        f"{_table(chart)}</details>{link}"
    )
    if not chart.has_numbers:
        return (
            f'<figure class="pt-chart pt-chart-empty" id="{chart.id}" data-search-exclude>'
            f"{caption}<p>没有可以绘图的数字（各项为空白、不适用或无法识读）。</p>{table}</figure>"
        )
    spec = json.dumps(figure(chart), ensure_ascii=False, separators=(",", ":"))
    # The figure travels in an attribute, not in a <script> element: the theme's instant navigation
    # re-executes every <script> in the new page, whatever its type.
    # A group, not role="img": Plotly puts focusable buttons (zoom, download) inside the plot,
    # and an image may not contain anything interactive (axe: nested-interactive).
    return (
        f'<figure class="pt-chart" id="{chart.id}" data-search-exclude>{caption}'
        f'<div class="pt-plot" role="group" aria-roledescription="图表"'
        f" aria-label=\"{escape(summary(chart))}\" data-figure='{_single_quoted(spec)}'></div>"
        f"{table}</figure>"
    )
