"""Templates for publishers: ``portal new`` (a year's report) and ``portal new-body``.

A template is a complete content file in which every value is still to be filled: every table
cell of the chosen layout is present and blank (``null``), every key carries its official Chinese
label as a comment, and the first line associates the JSON Schema so an editor can check the file
while it is typed. Templates are written with exclusive creation: an existing file is never
replaced, whatever the caller asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import layout
from ..checks import schemas
from ..checks.report_schema import TEXT_SECTIONS
from ..content import yamlwrite
from ..content.tree import BODIES_DIR, BODY_FILE, display_path

_ID = re.compile(schemas.ID_PATTERN)

REPORT_NOTE = (
    "# 由 portal new 生成的模板：每一格都已列出，照原文逐格填写。\n"
    "# 正文各部分照原文粘贴；多段文字的写法见发布指南（写成 |- 后另起一行，每行缩进）。\n"
    "# 填好后运行：portal validate {path}"
)
BODY_NOTE = (
    "# 由 portal new-body 生成的机关信息模板：把 null 换成实际内容。\n"
    "# 填好后运行：portal validate {path}"
)


class ScaffoldError(Exception):
    """A template could not be written; the message says why in words a clerk understands."""


@dataclass(frozen=True)
class Written:
    """A template that was written, and what to tell the person who asked for it."""

    path: Path
    hint: str


def default_format(year: int) -> int:
    """The table layout a report of ``year`` uses: 2019 for 2019–2020, 2021 from 2021 on."""
    if year < 2019:
        raise ScaffoldError(
            f"{year} 年度的报告没有统一的表格格式；如果原文用的是 2019 年或 2021 年格式，"
            "请用 --format 指明"
        )
    return 2019 if year <= 2020 else 2021


def _blank(node: layout.Node | layout.Table) -> Any:
    """The value of ``node`` with every cell blank: the shape a clerk fills in."""
    if isinstance(node, layout.Row):
        return [None] * len(node.columns)
    if isinstance(node, (layout.Scalar, layout.Enum)):
        return None
    return {child.key: _blank(child) for child in node.children}


def blank_report(body_id: str | None, year: int | None, fmt: int) -> dict[str, Any]:
    """A report of ``body_id`` for ``year`` with every field present and nothing filled."""
    data: dict[str, Any] = {
        "body": body_id,
        "year": year,
        "format": fmt,
        "title": None,
        "published": None,
        "source": {"url": None, "publisher": None},
        "contact": None,
        "provenance": {"method": "typed", "notes": None, "unknown_cells": []},
        "text": {key: None for key, _label, _desc in TEXT_SECTIONS},
    }
    for table in layout.tables(fmt):
        data[table.key] = _blank(table)
    return data


def report_template(body_id: str | None, year: int | None, fmt: int, path: str = "") -> str:
    """The text of a blank report file (see :func:`blank_report`).

    Without ``body_id`` and ``year`` it is the generic template the site offers for download.
    """
    text = yamlwrite.dump_report(blank_report(body_id, year, fmt))
    first, rest = text.split("\n", 1)
    note = REPORT_NOTE.format(
        path=path or f"content/bodies/{body_id or '<机关编号>'}/{year or '<年度>'}.yaml"
    )
    return f"{first}\n{note}\n{rest}"


def check_id(body_id: str) -> None:
    """Raise :class:`ScaffoldError` unless ``body_id`` is a valid body id."""
    if not _ID.fullmatch(body_id) or len(body_id) > 80:
        raise ScaffoldError(
            f"机关编号“{body_id}”不合规：只能用小写拼音字母、数字和连字符（如 sanming-shaxian-xinfang）"
        )


def check_year(year: int) -> None:
    """Raise :class:`ScaffoldError` unless ``year`` is a plausible report year."""
    if not 2008 <= year <= 2100:
        raise ScaffoldError(f"年度 {year} 不对：应为报告所统计的年份，如 2024")


def require_body(root: Path, body_id: str, hint: str = "再添加年度报告") -> Path:
    """The body's folder; raises :class:`ScaffoldError` when its ``body.yaml`` is missing."""
    folder = root / BODIES_DIR / body_id
    if not (folder / BODY_FILE).is_file():
        raise ScaffoldError(
            f"{display_path(folder / BODY_FILE)} 不存在：先用 portal new-body {body_id} "
            f"建立机关信息，{hint}"
        )
    return folder


def create(path: Path, text: str) -> None:
    """Write ``text`` to a new file; never replaces one that exists (even if created meanwhile)."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} 已经存在，没有改动它") from None


def new_report(root: Path, body_id: str, year: int, fmt: int | None = None) -> Written:
    """Write ``content/bodies/<body_id>/<year>.yaml`` as a blank template."""
    check_id(body_id)
    check_year(year)
    if fmt is None:
        fmt = default_format(year)
    if fmt not in layout.LAYOUTS:
        raise ScaffoldError(f"表格格式只能是 2019 或 2021，不能是 {fmt}")
    path = require_body(root, body_id) / f"{year}.yaml"
    create(path, report_template(body_id, year, fmt, display_path(path)))
    return Written(path, f"照原文填写后运行：portal validate {display_path(path)}")


BODY_FIELDS = (
    "id",
    "name",
    "short_name",
    "level",
    "kind",
    "region",
    "parent",
    "website",
    "maintainers",
    "notes",
)


def body_template(values: dict[str, Any], path: str = "") -> str:
    """The text of a body's metadata file: every field, filled from ``values`` or ``null``.

    Fields with fixed choices list them in the comment, so the clerk need not look them up.
    """
    props = schemas.get("body.schema.json")["properties"]
    lines = [
        "# yaml-language-server: $schema=../../../schema/body.schema.json",
        BODY_NOTE.format(
            path=path or f"content/bodies/{values.get('id') or '<机关编号>'}/body.yaml"
        ),
    ]
    for key in BODY_FIELDS:
        prop = props[key]
        comment = prop["title"]
        if "enum" in prop:
            comment += "：" + "/".join(prop["enum"])
        elif key == "maintainers":
            comment += '：GitHub 账号，如 ["@zhang-san", "@some-org/some-team"]'
        elif key == "parent":
            comment += "：上级机关的机关编号，没有或未收录写 null"
        elif key == "region":
            comment += "：content/regions.yaml 里的地区编号"
        value = values.get(key)
        if isinstance(value, list):
            rendered = "[" + ", ".join(yamlwrite.scalar(v) for v in value) + "]"
        else:
            rendered = yamlwrite.scalar(value)
        lines.append(f"{key}: {rendered}  # {comment}")
    return "\n".join(lines) + "\n"


def new_body(root: Path, body_id: str, values: dict[str, Any]) -> Written:
    """Create ``content/bodies/<body_id>/body.yaml`` from ``values`` (missing ones ``null``)."""
    check_id(body_id)
    bodies = root / BODIES_DIR
    if not bodies.is_dir():
        raise ScaffoldError(
            f"找不到 {display_path(bodies)}：请在项目根目录运行，或用 --content 指明"
        )
    folder = bodies / body_id
    folder.mkdir(exist_ok=True)
    path = folder / BODY_FILE
    create(path, body_template({**values, "id": body_id}, display_path(path)))
    return Written(path, f"把 null 换成实际内容后运行：portal validate {display_path(path)}")


def site_templates() -> list[tuple[str, str]]:
    """Blank templates offered on the site, for publishers who edit on GitHub's web pages."""
    out = [
        (f"report-{fmt}.yaml", report_template(None, None, fmt)) for fmt in reversed(layout.LAYOUTS)
    ]
    out.append(("body.yaml", body_template({})))
    return out
