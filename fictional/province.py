"""A clearly fictional province to benchmark against (never written into content/).

Shape, roughly as a real province's reporters look: 1 province, cities, counties, townships; at
each level a 人民政府, its 办公室 and departments. Five report years (the first on the 2019 layout
when it is 2020), some years missing, request counts that are mostly 0–5 with a long tail into the
thousands, about 5 % of reports whose totals do not add up and a few whose carried-over figure
does not match the year before, and prose of varied length built from the vocabulary real
reports use (so search indexes and pages have realistic sizes). Every name says 虚构.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from fictional import report
from generator.content.yamlwrite import dump_report

PHRASES = (
    "深入贯彻落实《中华人民共和国政府信息公开条例》",
    "坚持以公开为常态、不公开为例外",
    "主动公开政府信息",
    "依申请公开工作规范有序",
    "政府信息公开专栏",
    "政务新媒体",
    "行政规范性文件",
    "重点领域信息公开",
    "保密审查机制",
    "政策解读",
    "回应社会关切",
    "政府开放日活动",
    "财政预决算",
    "乡村振兴",
    "营商环境",
    "行政许可和行政处罚信息",
    "公共企事业单位信息公开",
    "政务服务事项",
    "信访举报投诉",
    "行政复议和行政诉讼",
    "工作人员业务培训",
    "考核评估和社会评议",
    "网站集约化建设",
    "答复时限和答复文书",
    "基层政务公开标准化规范化",
    "人大代表建议和政协委员提案",
    "12345 政务服务便民热线",
    "信息发布审核",
    "群众满意度",
    "数据开放",
)
CONNECTORS = ("，", "，", "，", "；", "。")


def prose(rng: random.Random, chars: int) -> str:
    """Fictional report prose: domain phrases joined into sentences and paragraphs."""
    out: list[str] = []
    length = 0
    while length < chars:
        sentence = "".join(rng.choice(PHRASES) + rng.choice(CONNECTORS) for _ in range(4))
        sentence = sentence.rstrip("，；") + "。"
        if rng.random() < 0.2:
            sentence += "\n\n"
        out.append(sentence)
        length += len(sentence)
    return "".join(out).strip()


def _requests(rng: random.Random, weight: float) -> int:
    roll = rng.random()
    if roll < 0.70:
        return rng.choice((0, 0, 0, 1, 1, 2, 3, 5))
    if roll < 0.97:
        return rng.randint(6, 100)
    return int(rng.randint(100, 5000) * weight)


def _report(
    rng: random.Random, body_id: str, name: str, year: int, carried: tuple[int, int], weight: float
):
    fmt = 2019 if year <= 2020 else 2021
    data = report(
        body_id,
        year,
        fmt,
        title=f"{name}{year}年政府信息公开工作年度报告",
        published=f"{year + 1}-01-{rng.randint(10, 31):02d}",
        provenance={"method": "typed", "notes": "基准测试用虚构数据。"},
        text={
            "overview": prose(rng, rng.randint(400, 4000)),
            "problems": prose(rng, rng.randint(100, 800)),
            "other": prose(rng, rng.randint(30, 300)),
        },
    )
    new = _requests(rng, weight)
    people = rng.randint(0, new)
    # Each applicant column adds up on its own (R1 holds per column), as in a real table: the
    # people column (自然人) and the businesses column (商业企业), totals in the last column.
    columns = []
    for received, brought in ((people, carried[0]), (new - people, carried[1])):
        pending = received + brought
        forward = rng.randint(0, pending // 10) if pending > 10 else 0
        done = pending - forward
        granted = rng.randint(0, done)
        columns.append((received, brought, done, granted, forward))

    def row(index: int) -> list[int]:
        a, b = columns[0][index], columns[1][index]
        return [a, b, 0, 0, 0, 0, a + b]

    t3 = data["table3"]
    t3["new_requests"] = row(0)
    t3["carried_over"] = row(1)
    t3["outcomes"]["granted"] = row(3)
    t3["outcomes"]["unable"]["not_held"] = [d - g for d, g in zip(row(2), row(3), strict=True)]
    t3["outcomes"]["total"] = row(2)
    t3["carried_forward"] = row(4)
    reviews = rng.choice((0, 0, 0, 1, 2)) if new > 20 else 0
    data["table4"]["review"] = [reviews, 0, 0, 0, reviews]
    if fmt == 2021:
        data["table2"]["licensing"] = rng.randint(0, 20000)
        data["table2"]["penalty"] = rng.randint(0, 3000)
    if rng.random() < 0.05:  # a published total that does not add up
        t3["outcomes"]["total"][6] += 1
    return data, (columns[0][4], columns[1][4])


def make_province(root: Path, bodies: int = 2000, years: int = 5, seed: int = 1) -> int:
    """Write a fictional province with ``bodies`` bodies under ``root``; returns report count."""
    rng = random.Random(seed)
    regions: dict[str, dict[str, Any]] = {
        "fict-prov": {"name": "虚构省", "level": "省", "code": None, "parent": None}
    }
    plan: list[tuple[str, str, str, str, str]] = []  # body id, name, level, kind, region

    def add_bodies(region: str, place: str, level: str, departments: int) -> None:
        plan.append((f"{region}-gov", f"{place}人民政府", level, "人民政府", region))
        if level != "乡":
            plan.append(
                (f"{region}-office", f"{place}人民政府办公室", "部门", "人民政府办公室", region)
            )
        for d in range(departments):
            plan.append(
                (f"{region}-dept{d:02d}", f"{place}虚构第{d + 1}局", "部门", "政府工作部门", region)
            )

    add_bodies("fict-prov", "虚构省", "省", 30)
    city = 0
    while len(plan) < bodies:
        city += 1
        cid = f"fict-prov-c{city:02d}"
        cname = f"虚构省第{city}市"
        regions[cid] = {"name": cname, "level": "市", "code": None, "parent": "fict-prov"}
        add_bodies(cid, cname, "市", 25)
        for county in range(1, 11):
            kid = f"{cid}-k{county:02d}"
            kname = f"{cname}第{county}县"
            regions[kid] = {"name": kname, "level": "县", "code": None, "parent": cid}
            add_bodies(kid, kname, "县", 15)
            for town in range(1, 9):
                tid = f"{kid}-t{town:02d}"
                tname = f"{kname}第{town}乡"
                regions[tid] = {"name": tname, "level": "乡", "code": None, "parent": kid}
                add_bodies(tid, tname, "乡", 0)
    plan = plan[:bodies]

    root.mkdir(parents=True, exist_ok=True)
    (root / "regions.yaml").write_text(
        yaml.safe_dump(regions, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    written = 0
    first = 2025 - years
    for body_id, name, level, kind, region in plan:
        folder = root / "bodies" / body_id
        folder.mkdir(parents=True)
        meta = {
            "id": body_id,
            "name": name,
            "short_name": name.removeprefix("虚构省")[-12:],
            "level": level,
            "kind": kind,
            "region": region,
            "parent": None,
        }
        (folder / "body.yaml").write_text(
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        weight = {"省": 3.0, "市": 1.5, "县": 1.0, "乡": 0.1, "部门": 0.6}[level]
        carried = (0, 0)
        for year in range(first, 2025):
            if year > first and rng.random() < 0.08:  # a year the body did not publish
                carried = (0, 0)
                continue
            data, forward = _report(rng, body_id, name, year, carried, weight)
            if rng.random() < 0.03:  # carried over does not match last year's carried forward
                over = data["table3"]["carried_over"]
                over[0] += 1
                over[6] += 1
            (folder / f"{year}.yaml").write_text(dump_report(data), encoding="utf-8")
            carried = forward
            written += 1
    return written
