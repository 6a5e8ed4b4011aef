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

from .report_schema import BASE_ID, DIALECT, ID_PATTERN, nullable_string, report_schema

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
            "website": nullable_string(
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
            "notes": nullable_string("说明", "关于这个机关的补充说明。", maxLength=5000),
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
