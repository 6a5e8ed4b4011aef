"""Open data: the portal's numbers as files — per report, per body, and for the whole portal.

:func:`write_all` writes every file under a folder: the site's (the plugin runs it in a second
process while mkdocs renders the pages, see :mod:`generator.opendata.exporting`) or ``portal export``'s.
URLs are stable: ``data/…`` below never depends on page layout.

The long CSV (every cell with its kind: number, blank, not applicable, unknown, text) is
:mod:`generator.opendata.longcsv`. CSV files are UTF-8 with a BOM so that Excel opens Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import layout, urls
from ..analysis.figures import KEY_FIGURES, MISSING_TEXT
from ..analysis.portal import BodyView, Portal, ReportView
from ..checks import schemas
from ..publish import scaffold
from . import longcsv, widecsv

#: zlib's fastest level. At a province's scale (500 MB in) it made a 35 MB zip in 1.3 s where
#: the default level 6 made 27 MB in 4.9 s, on the export process that the build waits for last.
ZIP_LEVEL = 1


def _csv_writer(handle: Any, header: tuple[str, ...] | list[str]) -> Any:
    """A CSV writer in the portal's convention, header written: BOM first, CRLF line ends."""
    handle.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    return writer


def _csv(header: tuple[str, ...] | list[str], rows: Iterator[list[str]] | list[list[str]]) -> bytes:
    out = io.StringIO()
    _csv_writer(out, header).writerows(rows)
    return out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- JSON


def _marked(value: Any) -> str:
    # Called by json's C encoder for what it cannot write itself (it never sees a Decimal as a
    # number). Content keys are always strings (both YAML readers keep keys as written).
    if isinstance(value, Decimal):
        return _MARK + str(value)
    return str(value)


def to_json(value: Any) -> bytes:
    """JSON with decimals written exactly as published (``json`` would turn them into floats).

    On one line: with ``indent`` Python's json falls back from its C encoder to pure Python,
    several times slower at a province's scale. The YAML download is the readable one.
    """
    text = json.dumps(value, ensure_ascii=False, default=_marked)
    # The marked strings become bare numbers: "\u0000decimal:178.479" → 178.479.
    return (_MARKED.sub(r"\1", text) + "\n").encode("utf-8")


_MARK = "\u0000decimal:"
_MARKED = re.compile(r'"\\u0000decimal:(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)"')


# --------------------------------------------------------------------------- files

_HEAD = longcsv.HEAD.encode("utf-8")


#: The accountability columns after the key figures: (header, meaning) — the data page's
#: dictionary of this file lists them.
SIGNAL_COLUMNS = (
    ("发布日期(published)", "报告写明的发布日期（YYYY-MM-DD）；没有写明时为空。"),
    (
        "是否按时(timeliness)",
        "on_time 按时（次年 1 月 31 日前）、late 逾期、unknown 发布日期不详。",
    ),
    ("逾期天数(days_late)", "发布日期晚于次年 1 月 31 日的天数；按时为 0，日期不详为空。"),
    (
        "与上年重复[%](text_reused_percent)",
        "正文与同一机关上一年度报告相同的句子所占字数的百分比（一位小数）；"
        "上一年度没有报告或正文无可比较的句子时写明原因。方法见各报告页。",
    ),
    ("修订次数(revisions)", "报告在本站首次发布后数据有变化的提交次数（取自版本记录）。"),
)


def key_figure_header() -> list[str]:
    return (
        ["body_id", "body_name", "region", "level", "kind", "year", "layout"]
        + [f"{f.label}({f.key})" + ("[万元]" if f.unit == "万元" else "") for f in KEY_FIGURES]
        + [name for name, _ in SIGNAL_COLUMNS]
    )


def _signal_cells(report: ReportView) -> list[str]:
    t = report.timeliness
    late = t.days_late if t else None
    share = report.reuse.share
    revised = sum(
        1 for r in report.revisions.changes if r.problem or r.cells or r.sections or r.fields
    )
    return [
        t.published.isoformat() if t and t.published else "",
        t.status if t else "unknown",
        "" if late is None else str(late),
        str(share) if share is not None else report.reuse.describe(),
        str(revised),
    ]


def key_figure_row(portal: Portal, body: BodyView, report: ReportView) -> list[str]:
    region = portal.regions.get(body.region or "")
    cells = []
    for f in KEY_FIGURES:
        v = report.figures[f.key]
        # A figure without a number says why in words, so a spreadsheet never reads it as 0.
        cells.append(str(v.number) if v.ok else MISSING_TEXT.get(v.missing, v.missing))
    return [
        body.id,
        longcsv.inert(body.name),
        longcsv.inert(region.name) if region else "",
        str(body.data.get("level") or ""),
        str(body.data.get("kind") or ""),
        str(report.year),
        str(report.layout),
        *cells,
        *_signal_cells(report),
    ]


def report_files(body: BodyView, report: ReportView, published: bytes) -> list[tuple[str, bytes]]:
    """The download of one report of its own: the YAML file exactly as published.

    Its cells are also a line of the body's wide CSV and of the portal's (one line per report);
    its JSON and its long rows are in the bulk zip (``portal.json``, ``portal-long.csv``).
    """
    return [(f"{urls.report_base(body.id, report.year)}.yaml", published)]


def body_wide_csv(body: BodyView, texts: dict[int, dict[tuple[str | int, ...], str]]) -> bytes:
    """The body's years as the wide CSV: one line per year, the columns of its layouts
    (``texts``: each year's :func:`widecsv.cell_texts`)."""
    years = sorted(body.reports.items())
    cols = widecsv.columns(r.layout for _, r in years)
    rows = [widecsv.row(body, r, cols, texts[y]) for y, r in years]
    return _csv(widecsv.header(cols), rows)


def coverage_rows(portal: Portal) -> list[list[str]]:
    rows = []
    for body in portal.bodies.values():
        rows.append(
            [body.id, longcsv.inert(body.name)]
            + ["有" if y in body.reports else "缺" for y in portal.year_range]
        )
    return rows


def write_all(portal: Portal, root: Path) -> list[str]:
    """Write every download of the portal under ``root``; return the names written.

    Streams: each report's files are written as they are made and the bulk long CSV goes
    straight into the zip, so memory does not grow with the province. The long CSV and
    ``portal.json`` exist only inside the zip: at a province's scale they are hundreds of MB
    (the long CSV has more rows than Excel or WPS can open), so a reader downloads them
    compressed anyway, and writing them uncompressed as well was half a GB more on disk per
    build. ``portal.json`` is assembled from the reports' own JSON text, on disk, not in memory.
    """
    written: list[str] = []

    folders: set[Path] = set()

    def put(name: str, data: bytes) -> None:
        path = root / name
        if path.parent not in folders:  # one mkdir per folder, not one per file
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(data)
        written.append(name)

    wide: list[list[str]] = []
    (root / urls.DATA_DIR).mkdir(parents=True, exist_ok=True)
    # The portal's wide CSV per layout, written line by line as the bodies go by.
    by_layout = {fmt: io.StringIO() for fmt in layout.LAYOUTS}
    layout_cols = {fmt: widecsv.columns([fmt]) for fmt in layout.LAYOUTS}
    for fmt, handle in by_layout.items():
        _csv_writer(handle, widecsv.header(layout_cols[fmt]))
    layout_rows = {fmt: csv.writer(by_layout[fmt], lineterminator="\r\n") for fmt in layout.LAYOUTS}
    # portal.json is written body by body into an anonymous file (nothing left behind) and
    # copied into the zip after the long CSV: a zip member is written whole, one at a time, and
    # holding the JSON of a province in memory (twice, as pieces and joined) was 0.3 GB at peak.
    with (
        tempfile.TemporaryFile(dir=root / urls.DATA_DIR) as everything,
        zipfile.ZipFile(root / urls.ZIP, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        everything.write(b'{"regions": ' + _regions_json(portal) + b', "bodies": {')
        # zip64: a province of many years passes 2 GiB, which a plain zip entry cannot hold.
        with archive.open(_member(urls.LONG_NAME), "w", force_zip64=True) as long_member:
            long_member.write(_HEAD)
            for number, body in enumerate(portal.bodies.values()):
                reports_json: list[str] = []
                texts: dict[int, dict[tuple[str | int, ...], str]] = {}
                for year, report in sorted(body.reports.items()):
                    texts[year] = widecsv.cell_texts(report)
                    long_member.write(longcsv.long_csv(body, report).encode("utf-8"))
                    published = report.path.read_bytes() if report.path else b""
                    for name, data in report_files(body, report, published):
                        put(name, data)
                    reports_json.append(
                        f"{json.dumps(str(year))}: {to_json(report.data).decode().strip()}"
                    )
                    wide.append(key_figure_row(portal, body, report))
                    if report.layout in layout_rows:
                        layout_rows[report.layout].writerow(
                            widecsv.row(body, report, layout_cols[report.layout], texts[year])
                        )
                if body.reports:
                    put(urls.body_csv(body.id), body_wide_csv(body, texts))
                profile = to_json(body.data).decode().strip()
                reports = "{" + ", ".join(reports_json) + "}"
                everything.write(
                    (
                        f"{', ' if number else ''}{json.dumps(body.id, ensure_ascii=False)}: "
                        f'{profile[:-1]}{", " if profile != "{}" else ""}"reports": {reports}}}'
                    ).encode()
                )
        everything.write(b"}}\n")
        everything.seek(0)
        with archive.open(_member(urls.JSON_NAME), "w", force_zip64=True) as json_member:
            shutil.copyfileobj(everything, json_member, 1 << 20)
        for name, data in (
            *((urls.wide_csv(fmt), by_layout[fmt].getvalue().encode()) for fmt in layout.LAYOUTS),
            (urls.WIDE, _csv(key_figure_header(), wide)),
            (
                urls.COVERAGE_CSV,
                _csv(
                    ["body_id", "body_name", *[str(y) for y in portal.year_range]],
                    coverage_rows(portal),
                ),
            ),
        ):
            put(name, data)
            archive.writestr(_member(name.rsplit("/", 1)[1]), data)
    written.append(urls.ZIP)
    return written


def _regions_json(portal: Portal) -> bytes:
    regions = {
        r.id: {"name": r.name, "level": r.level, "code": r.code, "parent": r.parent}
        for r in portal.regions.values()
    }
    return to_json(regions).strip()


def export(portal: Portal, out_dir: Path, *, templates: bool = False) -> list[str]:
    """Write every open-data file (``data/…``) and the published schemas (``schema/…``).

    ``templates``: the blank report templates too (``portal export``); in a site build the site
    builder has them already (the publisher guide links to them), so each file is written once.
    """
    written = write_all(portal, out_dir)
    extra = [(f"schema/{name}", schemas.render(name)) for name in sorted(schemas.SCHEMAS)]
    if templates:
        extra += [(f"data/templates/{name}", text) for name, text in scaffold.site_templates()]
    for name, text in extra:
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(name)
    return written


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed timestamp, so the same content always gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    if hasattr(zipfile.ZipInfo, "compress_level"):  # Python 3.13 and later
        info.compress_level = ZIP_LEVEL  # type: ignore[attr-defined]  # 3.13's name (typed for 3.11)
    else:  # the same attribute's name before 3.13
        info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]
    return info
