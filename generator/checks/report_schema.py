"""The JSON Schema of a report file, built from the official layouts (:mod:`generator.layout`):
every cell's kind, every row's length, the prose sections, the metadata. Also the parts the
body and region schemas share (:mod:`generator.checks.schemas` publishes all three)."""

from __future__ import annotations

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


def nullable_string(title: str, description: str, **extra: Any) -> dict[str, Any]:
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
            "published": nullable_string(
                "发布日期",
                '报告的发布或落款日期，写成带引号的 "YYYY-MM-DD"；不知道时写 null。',
                pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            ),
            "source": {
                "title": "来源",
                "description": "报告原文的出处。",
                "type": "object",
                "properties": {
                    "url": nullable_string(
                        "原文链接",
                        "报告原文的网址；不知道时写 null。",
                        pattern="^https?://",
                        maxLength=2000,
                    ),
                    "publisher": nullable_string(
                        "发布机构",
                        "网站上标注的发布机构或报告落款的机关（与报告机关不同时填写）。",
                        maxLength=200,
                    ),
                },
                "required": ["url"],
                "additionalProperties": False,
            },
            "contact": nullable_string(
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
                    "notes": nullable_string(
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
                    key: nullable_string(label, desc, maxLength=MAX_TEXT)
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
