"""A small fictional province with names people would type, for testing search.

:mod:`fictional.province` numbers its places (虚构省第3市第2县), which is right for weight and
speed but not for search: nobody types 第3市. This one has named places and the kinds of body
real portals hold — a 人民政府 (short name: its place, as real ones), its 办公室 (short name
…政府办), departments, a 管理委员会 of a new district — over four years with gaps, random prose
from :data:`fictional.province.PHRASES`, and a few reports whose prose dwells on one topic
(:data:`TOPICS`), so that a ranking by how often words occur can be checked.

Every place name carries 虚 or 构 and every full name starts with 虚构省: nothing here
describes a real body.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from fictional import report
from fictional.province import prose
from generator.content.yamlwrite import dump_report

#: Regions: id → (name, short name, level, parent).
REGIONS: dict[str, tuple[str, str, str, str | None]] = {
    "xugou": ("虚构省", "虚构省", "省", None),
    "xugou-xuchuan": ("虚构省虚川市", "虚川市", "市", "xugou"),
    "xugou-xuchuan-xuqiao": ("虚川市虚桥县", "虚桥县", "县", "xugou-xuchuan"),
    "xugou-xuchuan-xujiang": ("虚川市虚江区", "虚江区", "县", "xugou-xuchuan"),
    "xugou-gouling": ("虚构省构岭市", "构岭市", "市", "xugou"),
    "xugou-gouling-goushi": ("构岭市构石县", "构石县", "县", "xugou-gouling"),
    "xugou-gouling-gouyun": ("构岭市构云区", "构云区", "县", "xugou-gouling"),
    "xugou-gouwan": ("虚构省构湾新区", "构湾新区", "县", "xugou"),
}
DEPARTMENTS = ("信访局", "财政局", "教育局")
YEARS = (2021, 2022, 2023, 2024)
#: Reports whose prose dwells on a topic: (body id, year) → the phrase, said this many times.
TOPICS: dict[tuple[str, int], tuple[str, int]] = {
    ("xugou-xuchuan-finance", 2023): ("行政事业性收费", 9),
    ("xugou-gouling-goushi-gov", 2022): ("行政复议", 9),
    ("xugou-xuchuan-xujiang-xinfang", 2024): ("不予公开", 9),
    ("xugou-gouling-education", 2021): ("政府开放日", 9),
}


def bodies() -> list[dict[str, Any]]:
    """Every body's ``body.yaml`` data."""
    out: list[dict[str, Any]] = []
    for region, (name, short, level, _) in REGIONS.items():
        full = name if name.startswith("虚构省") else "虚构省" + name
        if region == "xugou-gouwan":
            out.append(
                _body(f"{region}-committee", full + "管理委员会", short, level, "派出机构", region)
            )
            continue
        out.append(_body(f"{region}-gov", full + "人民政府", short, level, "人民政府", region))
        out.append(
            _body(
                f"{region}-office",
                full + "人民政府办公室",
                short + "政府办",
                "部门",
                "人民政府办公室",
                region,
            )
        )
        if level in ("省", "市"):
            english = {"信访局": "xinfang", "财政局": "finance", "教育局": "education"}
            for department in DEPARTMENTS:
                out.append(
                    _body(
                        f"{region}-{english[department]}",
                        full + department,
                        short + department,
                        "部门",
                        "政府工作部门",
                        region,
                    )
                )
        elif region == "xugou-xuchuan-xujiang":
            out.append(
                _body(
                    f"{region}-xinfang",
                    full + "信访局",
                    short + "信访局",
                    "部门",
                    "政府工作部门",
                    region,
                )
            )
    return out


def _body(
    body_id: str, name: str, short: str, level: str, kind: str, region: str
) -> dict[str, Any]:
    return {
        "id": body_id,
        "name": name,
        "short_name": short,
        "level": level,
        "kind": kind,
        "region": region,
        "parent": None,
    }


def make_places(root: Path, seed: int = 7) -> int:
    """Write the province under ``root`` (a content folder); returns the number of reports."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    regions = {
        rid: {"name": name, "short_name": short, "level": level, "code": None, "parent": parent}
        for rid, (name, short, level, parent) in REGIONS.items()
    }
    (root / "regions.yaml").write_text(
        yaml.safe_dump(regions, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    written = 0
    for meta in bodies():
        folder = root / "bodies" / meta["id"]
        folder.mkdir(parents=True)
        (folder / "body.yaml").write_text(
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        for year in YEARS:
            topic = TOPICS.get((meta["id"], year))
            if not topic and year != YEARS[-1] and rng.random() < 0.2:
                continue  # a year this body did not publish
            overview = prose(rng, rng.randint(300, 1500))
            if topic:
                phrase, times = topic
                overview += "".join(f"本年度{phrase}工作情况之{i + 1}。" for i in range(times))
            data = report(
                meta["id"],
                year,
                title=f"{meta['name']}{year}年政府信息公开工作年度报告",
                published=f"{year + 1}-01-{rng.randint(10, 31):02d}",
                provenance={"method": "typed", "notes": "搜索测试用虚构数据。"},
                text={
                    "overview": overview,
                    "problems": prose(rng, rng.randint(100, 400)),
                    "other": "无。",
                },
            )
            (folder / f"{year}.yaml").write_text(dump_report(data), encoding="utf-8")
            written += 1
    return written
