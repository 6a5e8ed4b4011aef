"""JSON Schema (Draft 2020-12) for content files, generated from :mod:`generator.layout`.

The committed files in ``schema/`` are the published contract (editors and other tools read
them); ``portal schema`` rewrites them from this module and a test fails if they drift.
The validator uses the same in-memory schema, so the files and the checks cannot disagree.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .. import layout
from ..layout import AMOUNT, COUNT, NOT_APPLICABLE, SIGNED, Enum, Group, Row, Scalar, Table

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://transparency-portal.invalid/schema/"
ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_COUNT = 10**12  # far above any real figure; stops absurd numbers from reaching the site
MAX_TEXT = 200_000  # characters in one prose section

_CELL_HELP = '空白（原表未填）写 null；原表为“/”（不适用）写 "/"；0 就写 0。'
_CELLS: dict[str, dict[str, Any]] = {
    COUNT: {
        "title": "数量",
        "description": "不小于 0 的整数。" + _CELL_HELP,
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
            {"type": "null"},
            {"const": NOT_APPLICABLE},
        ],
    },
    SIGNED: {
        "title": "增减数",
        "description": "整数，可为负数（本年增/减）。" + _CELL_HELP,
        "anyOf": [
            {"type": "integer", "minimum": -MAX_COUNT, "maximum": MAX_COUNT},
            {"type": "null"},
            {"const": NOT_APPLICABLE},
        ],
    },
    AMOUNT: {
        "title": "金额",
        "description": "不小于 0 的数，照原表的小数位数填写（178.479 就写 178.479）。" + _CELL_HELP,
        "anyOf": [
            {"type": "number", "minimum": 0, "maximum": MAX_COUNT},
            {"type": "null"},
            {"const": NOT_APPLICABLE},
        ],
    },
}


def _cell(column: layout.Column) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{column.kind}", "title": column.label}


def _row(row: Row) -> dict[str, Any]:
    labels = "、".join(c.label for c in row.columns)
    return {
        "title": row.label,
        "description": row.description,
        "errorMessage": f"这一行应有 {len(row.columns)} 个数，依次为：{labels}；"
        "写成方括号列表，空白的格子也要占位，写 null",
        "type": "array",
        "prefixItems": [_cell(c) for c in row.columns],
        "items": False,
        "minItems": len(row.columns),
        "maxItems": len(row.columns),
    }


def _node(node: Row | Scalar | Enum | Group | Table) -> dict[str, Any]:
    if isinstance(node, Row):
        return _row(node)
    if isinstance(node, Scalar):
        return {**_cell(node.column), "title": node.label, "description": node.description}
    if isinstance(node, Enum):
        return {
            "title": node.label,
            "description": node.description,
            "enum": [*node.choices, None],
        }
    children = node.children
    grouped = {
        "title": node.label,
        "description": node.description,
        "type": "object",
        "properties": {c.key: _node(c) for c in children},
        "required": [c.key for c in children],
        "additionalProperties": False,
    }
    if isinstance(node, Group) and node.single_row_alternative is not None:
        # Written either as the sub-rows or as one row, as the body printed it. if/then/else
        # (rather than oneOf) keeps error messages about the form actually used.
        alt = _row(node.single_row_alternative)
        return {
            "title": node.label,
            "description": node.description + " 原表只印一行时，可照原表写成一行。",
            "if": {"type": "array"},
            "then": alt,
            "else": {k: v for k, v in grouped.items() if k not in ("title", "description")},
        }
    return grouped


def _nullable_string(title: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "description": description, "type": ["string", "null"], **extra}


TEXT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("preamble", "前言", "正文第一部分之前的说明文字（编制依据、统计期限、联系方式等）。"),
    ("overview", "一、总体情况", "主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。"),
    ("proactive", "二、主动公开政府信息情况", "表二之外的说明文字（如有）。"),
    ("requests", "三、收到和处理政府信息公开申请情况", "表三之外的说明文字或备注（如有）。"),
    ("reviews", "四、政府信息公开行政复议、行政诉讼情况", "表四之外的说明文字（如有）。"),
    ("problems", "五、存在的主要问题及改进情况", "存在的主要问题及改进情况。"),
    ("other", "六、其他需要报告的事项", "信息处理费收取、工作要点落实、建议提案办理结果公开等。"),
    ("closing", "落款", "报告末尾的署名和日期。"),
)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of one report file (``content/bodies/<body>/<year>.yaml``)."""
    by_layout = {year: {t.key: _node(t) for t in layout.tables(year)} for year in layout.LAYOUTS}
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "report.schema.json",
        "title": "政府信息公开工作年度报告",
        "description": "一个机关一个年度的政府信息公开工作年度报告，照原文填写。",
        "type": "object",
        "properties": {
            "body": {
                "title": "报告机关",
                "description": "机关编号，即 content/bodies/ 下该机关文件夹的名称。",
                "type": "string",
                "pattern": ID_PATTERN,
                "maxLength": 80,
            },
            "year": {
                "title": "报告年度",
                "description": "报告所统计的年度（不是发布年份）。",
                "type": "integer",
                "minimum": 2008,
                "maximum": 2100,
            },
            "format": {
                "title": "表格格式",
                "description": "2021：国办公开办函〔2021〕30号格式（2021 年度起）；"
                "2019：国办公开办函〔2019〕60号试行格式（2019、2020 年度）。",
                "enum": list(layout.LAYOUTS),
            },
            "title": {
                "title": "报告标题",
                "description": "报告的标题，照原文。",
                "type": "string",
                "minLength": 1,
                "maxLength": 300,
            },
            "published": _nullable_string(
                "发布日期",
                '报告的发布或落款日期，写成带引号的 "YYYY-MM-DD"；不知道时写 null。',
                pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            ),
            "source": {
                "title": "来源",
                "description": "报告原文的出处。",
                "type": "object",
                "properties": {
                    "url": _nullable_string(
                        "原文链接",
                        "报告原文的网址；不知道时写 null。",
                        pattern="^https?://",
                        maxLength=2000,
                    ),
                    "publisher": _nullable_string(
                        "发布机构",
                        "网站上标注的发布机构或报告落款的机关（与报告机关不同时填写）。",
                        maxLength=200,
                    ),
                },
                "required": ["url"],
                "additionalProperties": False,
            },
            "contact": _nullable_string(
                "联系方式", "报告中公布的联系地址、电话、邮箱等。", maxLength=2000
            ),
            "provenance": {
                "title": "数据来源说明",
                "description": "这份数据是怎样得到的。",
                "type": "object",
                "properties": {
                    "method": {
                        "title": "录入方式",
                        "description": "typed：人工照原文录入；imported：由导入工具从原文生成；"
                        "corrected：导入后经人工核对更正。",
                        "enum": ["typed", "imported", "corrected"],
                    },
                    "notes": _nullable_string(
                        "说明",
                        "录入时需要让读者知道的情况，如原文哪里缺损、如何处理。",
                        maxLength=20_000,
                    ),
                    "unknown_cells": {
                        "title": "无法识读的单元格",
                        "description": "原文缺损或有歧义、因而写成 null 的单元格（与原表本来空白不同）。",
                        "type": "array",
                        "maxItems": 1000,
                        "items": {
                            "type": "object",
                            "title": "无法识读的单元格",
                            "description": "一处无法识读的单元格或整行、整表。",
                            "properties": {
                                "path": {
                                    "title": "位置",
                                    "description": "字段路径，如 table3.outcomes.granted 或 "
                                    "table2.normative_documents[1]；可指整行或整表。",
                                    "type": "string",
                                    "pattern": r"^table[234](\.[a-z_]+)*(\[[0-9]+\])?$",
                                },
                                "reason": {
                                    "title": "原因",
                                    "description": "为什么无法识读。",
                                    "type": "string",
                                    "minLength": 1,
                                    "maxLength": 2000,
                                },
                            },
                            "required": ["path", "reason"],
                            "additionalProperties": False,
                        },
                    },
                },
                "required": ["method"],
                "additionalProperties": False,
            },
            "text": {
                "title": "正文",
                "description": "报告各部分的文字，Markdown 格式，照原文。",
                "type": "object",
                "properties": {
                    key: _nullable_string(label, desc, maxLength=MAX_TEXT)
                    for key, label, desc in TEXT_SECTIONS
                },
                "additionalProperties": False,
            },
            "table2": {
                "title": layout.TABLE2_2021.label,
                "description": layout.TABLE2_2021.description,
            },
            "table3": {
                "title": "三、收到和处理政府信息公开申请情况",
                "description": "见所选格式。",
            },
            "table4": {"title": layout.TABLE4.label, "description": layout.TABLE4.description},
        },
        "required": [
            "body",
            "year",
            "format",
            "title",
            "source",
            "provenance",
            "table2",
            "table3",
            "table4",
        ],
        "additionalProperties": False,
        # The tables follow the layout named by `format`.
        "allOf": [
            {
                "if": {"properties": {"format": {"const": year}}, "required": ["format"]},
                "then": {"properties": by_layout[year]},
            }
            for year in layout.LAYOUTS
        ],
        "$defs": _CELLS,
    }


LEVELS = ("省", "市", "县", "乡", "部门")
BODY_KINDS = ("人民政府", "人民政府办公室", "政府工作部门", "派出机构", "其他")
# A GitHub user (@name: letters, digits, single hyphens, at most 39) or team (@org/team-slug).
MAINTAINER_PATTERN = (
    r"^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})?$"
)


def body_schema() -> dict[str, Any]:
    """The JSON Schema of a body's metadata file (``content/bodies/<body>/body.yaml``)."""
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "body.schema.json",
        "title": "报告机关",
        "description": "发布年度报告的行政机关的基本信息。",
        "type": "object",
        "properties": {
            "id": {
                "title": "机关编号",
                "description": "稳定、可读、可用于网址的编号（小写拼音、数字和连字符），与文件夹名相同。",
                "type": "string",
                "pattern": ID_PATTERN,
                "maxLength": 80,
            },
            "name": {
                "title": "机关全称",
                "description": "机关的正式全称。",
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
            },
            "short_name": {
                "title": "简称",
                "description": "常用简称，用于表格和搜索。",
                "type": "string",
                "minLength": 1,
                "maxLength": 50,
            },
            "level": {
                "title": "层级",
                "description": "省、市、县、乡为一级人民政府（或相当的管委会）；部门为政府工作部门、办公室等。",
                "enum": list(LEVELS),
            },
            "kind": {"title": "机关类型", "description": "机关的类型。", "enum": list(BODY_KINDS)},
            "region": {
                "title": "所属地区",
                "description": "content/regions.yaml 中的地区编号。",
                "type": "string",
                "pattern": ID_PATTERN,
            },
            "parent": {
                "title": "上级机关",
                "description": "上级机关的机关编号（须在 content/bodies/ 中）；没有或未收录时写 null。",
                "type": ["string", "null"],
                "pattern": ID_PATTERN,
            },
            "website": _nullable_string(
                "网站", "机关的门户网站地址。", pattern="^https?://", maxLength=500
            ),
            "maintainers": {
                "title": "维护人",
                "description": "可以审核、批准本机关文件夹修改的 GitHub 账号（@用户名）或团队"
                "（@组织/团队）。portal codeowners 据此生成 .github/CODEOWNERS；"
                "一旦有机关填写，每个机关都要填写；还没有时写 null。",
                "type": ["array", "null"],
                "minItems": 1,
                "maxItems": 50,
                "uniqueItems": True,
                "items": {
                    "title": "GitHub 账号或团队",
                    "description": "如 @zhang-san 或 @some-org/some-team。",
                    "type": "string",
                    "pattern": MAINTAINER_PATTERN,
                },
            },
            "notes": _nullable_string("说明", "关于这个机关的补充说明。", maxLength=5000),
        },
        "required": ["id", "name", "short_name", "level", "kind", "region"],
        "additionalProperties": False,
    }


REGION_LEVELS = ("省", "市", "县", "乡")


def regions_schema() -> dict[str, Any]:
    """The JSON Schema of the region registry (``content/regions.yaml``)."""
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + "regions.schema.json",
        "title": "地区名录",
        "description": "地区编号到地区信息的对照；机关通过地区编号归属到地区。",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN, "maxLength": 80},
        "additionalProperties": {
            "title": "地区",
            "description": "一个行政区域。",
            "type": "object",
            "properties": {
                "name": {
                    "title": "名称",
                    "description": "地区全称，如 三明市沙县区。",
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 100,
                },
                "short_name": {
                    "title": "简称",
                    "description": "地区简称，如 沙县区。",
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 50,
                },
                "level": {
                    "title": "层级",
                    "description": "省、市、县、乡。",
                    "enum": list(REGION_LEVELS),
                },
                "code": {
                    "title": "行政区划代码",
                    "description": "6 位行政区划代码，写成带引号的字符串；不确定时写 null。",
                    "type": ["string", "null"],
                    "pattern": r"^[0-9]{6}$",
                },
                "parent": {
                    "title": "上级地区",
                    "description": "上级地区的编号；省级写 null。",
                    "type": ["string", "null"],
                    "pattern": ID_PATTERN,
                },
            },
            "required": ["name", "level", "code", "parent"],
            "additionalProperties": False,
        },
    }


SCHEMAS = {
    "report.schema.json": report_schema,
    "body.schema.json": body_schema,
    "regions.schema.json": regions_schema,
}


# Editors (VS Code's YAML extension, yaml-language-server) show these instead of their English
# messages; `portal validate` writes its own messages and ignores them.
_PATTERN_MESSAGES = {
    ID_PATTERN: "编号只能用小写拼音字母、数字和连字符，如 sanming-shaxian-xinfang",
    MAINTAINER_PATTERN: "应为 GitHub 账号或团队，如 @zhang-san 或 @some-org/some-team",
    "^https?://": "网址应以 http:// 或 https:// 开头",
    r"^[0-9]{6}$": '行政区划代码是 6 位数字，写成带引号的字符串，如 "350427"',
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": '日期写成带引号的 "YYYY-MM-DD"，'
    '如 "2024-01-20"',
    r"^table[234](\.[a-z_]+)*(\[[0-9]+\])?$": "位置写成字段路径，如 table3.outcomes.granted "
    "或 table2.normative_documents[1]",
}


def _editor_messages(node: Any) -> Any:
    """Add Chinese ``patternErrorMessage``/``errorMessage`` for editors, walking the whole schema."""
    if isinstance(node, list):
        return [_editor_messages(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _editor_messages(v) for k, v in node.items()}
    pattern = out.get("pattern")
    if isinstance(pattern, str) and "patternErrorMessage" not in out:
        out["patternErrorMessage"] = _PATTERN_MESSAGES[pattern]
    if isinstance(out.get("enum"), list) and "errorMessage" not in out:
        shown = "、".join("null" if c is None else str(c) for c in out["enum"])
        out["errorMessage"] = f"只能是：{shown}"
    return out


@cache
def get(name: str) -> dict[str, Any]:
    """The schema named like its file in ``schema/`` (built once per process)."""
    return _editor_messages(SCHEMAS[name]())


def render(name: str) -> str:
    """The schema as the exact text of its file in ``schema/``."""
    return json.dumps(get(name), ensure_ascii=False, indent=2) + "\n"


def write_all(directory: Path) -> list[Path]:
    """Write every schema file into ``directory``; returns the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name in SCHEMAS:
        target = directory / name
        text = render(name)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed
