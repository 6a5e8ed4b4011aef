"""The names a citizen searches a body by.

A body is searched by its full name, its short name, its place (沙坡头区, or just 沙坡头) and its
kind of office (信访局). Body and report pages list these variants in a “相关名称” line, so that
the search index (:mod:`generator.search.index`) finds the page whichever of them
is typed, however the query is segmented.
"""

from __future__ import annotations

from .portal import BodyView, Portal

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
