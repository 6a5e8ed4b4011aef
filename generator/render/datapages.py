"""Render: the open-data page (downloads and the data dictionary) and the coverage tracker."""

from __future__ import annotations

from html import escape

from .. import layout, urls
from ..analysis.portal import Portal
from ..opendata import dictionary, files, widecsv
from .page import Html, Page, Part
from .parts import a, front_matter, heading

DATA_PAGE = urls.DATA
COVERAGE_PAGE = urls.COVERAGE

# (file, what it holds, how to read it, whether it is also a download of its own). The long CSV
# and the JSON of everything are hundreds of MB at a province's scale: only in the zip.
_BULK = (
    (urls.ZIP, "全站数据压缩包，内含下列各文件", "", True),
    (
        urls.LONG_NAME,
        "全部报告的全部表格，每格一行（长表）",
        "机关、年度、表格、行、列、数值、数值类型（number 数字 / blank 原表空白 / not_applicable 原表为“/” / unknown 原文无法识读 / text 文字）、说明（无法识读的原因）。"
        "仅在压缩包中提供：报告多时行数会超过 Excel 的上限，请用数据库、Python 或 R 读取。",
        False,
    ),
    (
        urls.JSON_NAME,
        "全部内容（JSON）",
        "地区、机关和每份报告的全部字段（含正文）；金额照原表的小数位数。仅在压缩包中提供。",
        False,
    ),
    *(
        (
            urls.wide_csv(fmt),
            f"{fmt} 年格式的全部报告，每份报告一行，表二、表三、表四的每一格一列（宽表）",
            "列名是该格的官方栏目名和字段名，只写一次。数字照原表；原表空白的格子为空，"
            f"原表为“/”写 /，原文无法识读写“{widecsv.UNREADABLE}”（原因见长表），"
            f"（六）其他处理的另一种写法的各列写“{widecsv.NOT_IN_LAYOUT}”。",
            True,
        )
        for fmt in layout.LAYOUTS
    ),
    (
        urls.WIDE,
        "每份报告一行的主要数字（宽表）",
        "没有数字的格子写明原因（空白、不适用、无法识读、本格式无此项、无法合计），不会被当作 0。",
        True,
    ),
    (urls.COVERAGE_CSV, "各机关各年度有没有报告", "“有”或“缺”。", True),
)


def _dl(src: str, path: str, text: str) -> str:
    return f'<a href="{escape(urls.asset(src, path))}" download>{escape(text)}</a>'


def data_page(portal: Portal) -> Page:
    """Downloads at stable URLs, how to read them, and every field of the content."""
    src = DATA_PAGE
    out: list[Part] = [front_matter("开放数据", "年度报告数据下载与数据字典")]
    out.append(heading(1, "开放数据"))
    out.append(
        "<p>本站的全部数字都可以下载，文件地址固定，可以直接引用。CSV 文件为 UTF-8 编码（带 BOM），"
        "Excel、WPS 可以直接打开。数字照原表：原表空白、原表为“/”和 0 是三种不同的事实，文件中分开记录。</p>\n\n"
    )
    out.append(heading(2, "全站数据", "bulk"))
    rows = "".join(
        f"<tr><td>{_dl(src, path, path.rsplit('/', 1)[1]) if own else escape(path)}</td>"
        f"<td>{escape(what)}</td><td>{escape(note)}</td></tr>"
        for path, what, note, own in _BULK
    )
    out.append(
        '<table class="pt-meta"><caption class="pt-sr">整体下载的文件</caption>'
        '<thead><tr><th scope="col">文件</th><th scope="col">内容</th>'
        f'<th scope="col">说明</th></tr></thead><tbody>{rows}</tbody></table>\n\n'
    )
    out.append(heading(2, "每份报告、每个机关", "per-report"))
    out.append(
        "<p>每份报告的页面上可以下载照原文录入的 YAML 文件："
        "<code>data/bodies/机关编号/年度.yaml</code>。每个机关有一个各年度合在一起的宽表 CSV，"
        "每年一行、每格一列（列的写法同上面的宽表；该机关既有 2019 年格式又有 2021 年格式的年度时，"
        f"两种格式的列都有，一年没有的那种格式的列写“{widecsv.NOT_IN_LAYOUT}”）："
        "<code>data/bodies/机关编号/机关编号-all-years.csv</code>。</p>\n\n"
        "<p>每份报告的 JSON 和每格一行的长表以前也按报告单独提供，"
        "现在都在全站数据压缩包里（<code>portal.json</code> 按机关和年度查找，"
        "<code>portal-long.csv</code> 按 body_id 和 year 筛选）：同样的数据，"
        "站点体积小了一半，才放得进托管服务的容量上限。</p>\n\n"
    )
    out.append(heading(2, "主要数字表的附加列：按时发布、文字重复与修订", "signals"))
    signal_rows = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{escape(meaning)}</td></tr>"
        for name, meaning in files.SIGNAL_COLUMNS
    )
    out.append(
        f"<p>{_dl(src, urls.WIDE, urls.WIDE.rsplit('/', 1)[1])} 在主要数字之后还有以下各列"
        f"（各年度的列表见{a(urls.link(src, urls.SIGNALS), '按时发布、文字重复与修订')}）：</p>\n\n"
        '<table class="pt-meta"><caption class="pt-sr">主要数字表的附加列</caption>'
        '<thead><tr><th scope="col">列</th><th scope="col">含义</th></tr></thead>'
        f"<tbody>{signal_rows}</tbody></table>\n\n"
    )
    out.append(heading(2, "数据结构（JSON Schema）", "schema"))
    links = " · ".join(
        _dl(src, f"schema/{name}", name)
        for name in ("report.schema.json", "body.schema.json", "regions.schema.json")
    )
    out.append(f"<p>内容文件的格式由 JSON Schema 定义：{links}</p>\n\n")
    for name, title in (
        ("report.schema.json", "数据字典：报告文件"),
        ("body.schema.json", "数据字典：机关文件"),
        ("regions.schema.json", "数据字典：地区名录"),
    ):
        out.append(heading(2, title, name.split(".")[0]))
        out.append(_dictionary(name))
    return Page.of(src, "开放数据", out)


def _layouts(entry: dictionary.Entry) -> str:
    if entry.layouts == {2019, 2021} or not entry.layouts:
        return "两种格式"
    return "、".join(f"{y} 年格式" for y in sorted(entry.layouts))


def _dictionary(name: str) -> str:
    rows = "".join(
        f"<tr><td><code>{escape(e.path)}</code></td><td>{escape(e.title)}</td>"
        f"<td>{escape(e.description)}</td><td>{escape(e.unit)}</td>"
        + (f"<td>{escape(_layouts(e))}</td>" if name == "report.schema.json" else "")
        + "</tr>"
        for e in dictionary.entries(name)
    )
    layout_head = '<th scope="col">格式</th>' if name == "report.schema.json" else ""
    return (
        '<div class="pt-table-wrap"><table class="pt-dictionary pt-meta">'
        f'<caption class="pt-sr">{escape(name)} 的字段</caption><thead><tr>'
        '<th scope="col">字段</th><th scope="col">官方名称</th><th scope="col">含义</th>'
        f'<th scope="col">单位或取值</th>{layout_head}</tr></thead><tbody>{rows}</tbody></table></div>\n\n'
    )


def coverage_page(portal: Portal) -> Page:
    """Which bodies have a report for which year; a missing report is a fact worth showing."""
    src = COVERAGE_PAGE
    years = portal.year_range
    out: list[Part] = [front_matter("报告收录情况", "各机关各年度报告是否收录")]
    out.append(heading(1, "报告收录情况"))
    missing = sum(
        1
        for b in portal.bodies.values()
        for y in years
        if y not in b.reports and y >= min(b.reports or [y])
    )
    out.append(
        f"<p>下表列出每个机关在 {years[0] if years else ''}–{years[-1] if years else ''} 各年度的报告是否已收录。"
        f"自各机关第一份已收录报告起，共缺 {missing} 份。缺少的报告可能是机关没有发布，也可能是本站尚未收录。"
        f"各年度逾期发布和缺少的报告按地区列出，见{a(urls.link(src, urls.SIGNALS), '按时发布、文字重复与修订')}。"
        f"{_dl(src, urls.COVERAGE_CSV, '下载（CSV）')}</p>\n\n"
    )
    head = "".join(f'<th scope="col">{y}</th>' for y in years)
    rows = []
    for body in sorted(portal.bodies.values(), key=lambda b: (b.region or "", b.id)):
        cells = []
        for y in years:
            if y in body.reports:
                cells.append(
                    f'<td class="pt-has">{a(urls.link(src, urls.report(body.id, y)), "有")}</td>'
                )
            else:
                cells.append('<td class="pt-noreport">缺</td>')
        rows.append(
            f'<tr><th scope="row">{a(urls.link(src, urls.body(body.id)), body.name)}</th>{"".join(cells)}</tr>'
        )
    counts = "".join(f"<td>{len(portal.reports_of_year(y))}</td>" for y in years)
    out.append(
        Html(
            '<div class="pt-table-wrap" data-search-exclude><table class="pt-sortable" id="coverage">'
            "<caption>各机关各年度报告</caption>"
            f'<thead><tr><th scope="col">机关</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f'<tfoot><tr><th scope="row">已收录</th>{counts}</tr></tfoot></table></div>\n\n'
        )
    )
    return Page.of(src, "报告收录情况", out)
