"""Chinese search: teach jieba the portal's names so that search finds bodies and places.

mkdocs-material segments Chinese text with jieba when it builds the search index (words are joined
by zero-width spaces, which the theme's Chinese separator splits on). The browser does not segment
the query, so a query matches only a whole token of the index. jieba's general dictionary splits
place and office names badly (沙坡头区 → 沙坡 / 头 / 区), so we add, before the index is built:

* domain words (信访局, 行政复议, 政府信息公开 …);
* every region's short name and its stem (沙坡头区 and 沙坡头, 平潭综合实验区 and 平潭);
* every body's short name and the part of its name after the region (人民政府办公室, 信访局).

Full body names are *not* added: a whole name as one token would hide its parts from search.
Instead each body and report page lists the name variants (:func:`name_variants`) so that a
query for the short name, the place or the kind of office all find the page.
"""

from __future__ import annotations

import logging

import jieba

from .analysis import BodyView, Portal

# jieba logs its dictionary loading to stderr at DEBUG; builds should stay quiet.
jieba.setLogLevel(logging.WARNING)

DOMAIN_WORDS = (
    "政府信息公开",
    "政务公开",
    "依申请公开",
    "主动公开",
    "年度报告",
    "行政复议",
    "行政诉讼",
    "信访局",
    "人民政府",
    "人民政府办公室",
    "政府办",
    "管理委员会",
    "综合实验区",
    "行政规范性文件",
    "规范性文件",
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "信息处理费",
    "不予公开",
    "部分公开",
    "予以公开",
    "无法提供",
    "不予处理",
)

# Place-name endings, longest first, stripped to get the stem people type (沙坡头区 → 沙坡头).
SUFFIXES = (
    "综合实验区",
    "自治州",
    "自治县",
    "自治区",
    "新区",
    "区",
    "县",
    "市",
    "省",
    "州",
    "盟",
    "旗",
)


def stem(place: str) -> str:
    """``沙坡头区`` → ``沙坡头``; a stem shorter than two characters is not a name on its own."""
    for suffix in SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def _places(portal: Portal, body: BodyView) -> list[str]:
    out = []
    for region in portal.region_path(body.region):
        for name in (region.name, _short(portal, region.id)):
            if name and name not in out:
                out.append(name)
    return out


def _short(portal: Portal, region_id: str) -> str:
    region = portal.regions[region_id]
    return region.short_name or region.name


def office(portal: Portal, body: BodyView) -> str:
    """The part of a body's name after its place (三明市沙县区人民政府信访局 → 人民政府信访局)."""
    name = body.name
    for place in sorted(_places(portal, body), key=len, reverse=True):
        if name.startswith(place):
            return name[len(place) :]
    for region in portal.region_path(body.region)[::-1]:
        short = _short(portal, region.id)
        if short in name:
            return name.split(short, 1)[1]
    return ""


def name_variants(portal: Portal, body: BodyView) -> list[str]:
    """The names a citizen may search a body by, most specific first, without repeats.

    E.g. 中卫市沙坡头区人民政府办公室 → 沙坡头区政府办, 沙坡头区, 沙坡头, 人民政府办公室.
    """
    candidates = [body.name, body.short_name]
    path = portal.region_path(body.region)
    if path:
        short = _short(portal, path[-1].id)
        candidates += [short, stem(short)]
    candidates += _office_words(office(portal, body))
    out: list[str] = []
    for c in candidates:
        if c and c not in out:
            out.append(c)
    return out


def _office_words(part: str) -> list[str]:
    # 人民政府信访局 is searched as 信访局: split off the 人民政府 that prefixes many office names.
    lead = "人民政府"
    if part.startswith(lead) and len(part) - len(lead) >= 2 and part != lead + "办公室":
        return [lead, part[len(lead) :]]
    return [part]


def words(portal: Portal) -> set[str]:
    """Every word added to jieba's dictionary for this portal (never a full body name)."""
    out = set(DOMAIN_WORDS)
    for region in portal.regions.values():
        short = region.short_name or ""
        out.update(w for w in (short, stem(short)) if len(w) >= 2)
    for body in portal.bodies.values():
        out.update(w for w in name_variants(portal, body)[1:] if len(w) >= 2 and w != body.name)
    return out


def add_words(portal: Portal) -> None:
    """Add the portal's words to jieba (the segmenter the search plugin uses)."""
    for word in sorted(words(portal)):
        jieba.add_word(word)
