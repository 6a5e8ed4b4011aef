"""Fictional bodies, reports and content trees for the tests and the benchmarks (never real data:
every body here is made up, and none of it lands in content/).

Nothing here describes a real body: names use 虚构 ("fictional") and ids start with ``fict-``.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator import layout
from generator.content.yamlwrite import dump_report

REGION = "fict-province"
CITY = "fict-province-city"


def _zeros(node: Any) -> Any:
    if isinstance(node, layout.Row):
        return [0] * len(node.columns)
    if isinstance(node, layout.Scalar):
        return Decimal("0.00") if node.column.kind == layout.AMOUNT else 0
    if isinstance(node, layout.Enum):
        return None
    return {c.key: _zeros(c) for c in node.children}


def report(
    body: str = "fict-bureau", year: int = 2023, fmt: int | None = None, **extra: Any
) -> dict[str, Any]:
    """A complete report where every cell is 0 (so every rule holds)."""
    fmt = fmt or (2019 if year <= 2020 else 2021)
    data: dict[str, Any] = {
        "body": body,
        "year": year,
        "format": fmt,
        "title": f"虚构机关{year}年政府信息公开工作年度报告",
        "published": f"{year + 1}-01-20",
        "source": {"url": None, "publisher": None},
        "provenance": {"method": "typed", "notes": "测试用虚构数据。"},
        "text": {"overview": "虚构的总体情况。", "problems": "虚构的问题。", "other": "无。"},
    }
    for table in layout.tables(fmt):
        data[table.key] = _zeros(table)
    data.update(extra)
    return data


def requests(
    data: dict[str, Any], natural: int, carried: int = 0, forward: int = 0
) -> dict[str, Any]:
    """Set table 三 so that ``natural`` new requests were all granted (rules still hold)."""
    data = copy.deepcopy(data)
    t3 = data["table3"]
    t3["new_requests"] = [natural, 0, 0, 0, 0, 0, natural]
    t3["carried_over"] = [carried, 0, 0, 0, 0, 0, carried]
    done = natural + carried - forward
    t3["outcomes"]["granted"] = [done, 0, 0, 0, 0, 0, done]
    t3["outcomes"]["total"] = [done, 0, 0, 0, 0, 0, done]
    t3["carried_forward"] = [forward, 0, 0, 0, 0, 0, forward]
    return data


def body(body_id: str = "fict-bureau", **extra: Any) -> dict[str, Any]:
    data = {
        "id": body_id,
        "name": f"虚构省虚构市{body_id}局",
        "short_name": f"虚构{body_id[-4:]}",
        "level": "部门",
        "kind": "政府工作部门",
        "region": CITY,
        "parent": None,
    }
    data.update(extra)
    return data


def regions() -> dict[str, Any]:
    return {
        REGION: {"name": "虚构省", "level": "省", "code": None, "parent": None},
        CITY: {"name": "虚构省虚构市", "level": "市", "code": None, "parent": REGION},
    }


class ContentTree:
    """A content tree under a temporary folder; methods write files and return their paths."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "bodies").mkdir(parents=True, exist_ok=True)

    def write_regions(self, data: dict[str, Any] | None = None) -> Path:
        return self.write_text(
            "regions.yaml", yaml.safe_dump(data or regions(), allow_unicode=True, sort_keys=False)
        )

    def write_body(self, body_id: str = "fict-bureau", **extra: Any) -> Path:
        text = yaml.safe_dump(body(body_id, **extra), allow_unicode=True, sort_keys=False)
        return self.write_text(f"bodies/{body_id}/body.yaml", text)

    def write_report(self, data: dict[str, Any], name: str | None = None) -> Path:
        name = name or f"bodies/{data['body']}/{data['year']}.yaml"
        return self.write_text(name, dump_report(data))

    def write_text(self, name: str, text: str) -> Path:
        return self.write_bytes(name, text.encode("utf-8"))

    def write_bytes(self, name: str, raw: bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        return path

    def standard(self, body_id: str = "fict-bureau", years: tuple[int, ...] = (2023,)) -> None:
        """Regions, one body and its reports: a tree that validates cleanly."""
        self.write_regions()
        self.write_body(body_id)
        for year in years:
            self.write_report(report(body_id, year))


# --------------------------------------------------------------------------- portal fixtures

DISTRICT = "fict-province-city-yunmeng"


def portal_regions() -> dict[str, Any]:
    """Three fictional levels; 云梦泽区 is not in jieba's dictionary as one word."""
    return {
        REGION: {
            "name": "虚构省",
            "short_name": "虚构省",
            "level": "省",
            "code": None,
            "parent": None,
        },
        CITY: {
            "name": "虚构省虚构市",
            "short_name": "虚构市",
            "level": "市",
            "code": None,
            "parent": REGION,
        },
        DISTRICT: {
            "name": "虚构市云梦泽区",
            "short_name": "云梦泽区",
            "level": "县",
            "code": None,
            "parent": CITY,
        },
    }


def portal_tree(tree: ContentTree) -> None:
    """A fictional body over three report years (2021, 2022, 2024 — 2023 is missing).

    The reports exercise what the pages must keep apart: blanks, "/", unreadable cells, a
    decimal fee with three places, and one failed consistency rule (R4).
    """
    tree.write_regions(portal_regions())
    tree.write_body(
        "fict-xinfang",
        name="虚构市云梦泽区人民政府信访局",
        short_name="云梦泽区信访局",
        region=DISTRICT,
        website="https://example.invalid/",
    )
    tree.write_body(
        "fict-gov",
        name="虚构市人民政府",
        short_name="虚构市政府",
        level="市",
        kind="人民政府",
        region=CITY,
    )
    first = requests(report("fict-xinfang", 2021), 10, forward=2)
    first["table2"]["fees"] = Decimal("178.479")
    first["table2"]["licensing"] = None  # blank in the source
    first["table2"]["penalty"] = "/"  # marked not applicable
    second = requests(report("fict-xinfang", 2022), 15, carried=2)
    second["table2"]["fees"] = Decimal("200.5")
    second["table4"]["review"] = [1, 1, 0, 0, 3]  # R4 fails: 3 ≠ 1 + 1 + 0 + 0
    second["table3"]["outcomes"]["refused"]["state_secret"] = [None] * 7
    second["provenance"]["unknown_cells"] = [
        {"path": "table3.outcomes.refused.state_secret", "reason": "原文此行缺损"}
    ]
    fourth = requests(report("fict-xinfang", 2024), 12)
    for data in (first, second, fourth):
        tree.write_report(data)
    tree.write_report(requests(report("fict-gov", 2024), 40))
