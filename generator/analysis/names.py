"""The names a citizen searches a body or a place by.

A body is searched by its full name, its short name, its place plus its kind of office (沙县政府办
for 三明市沙县区人民政府办公室: the place without 区, the office as people say it), its place
(沙坡头区, or just 沙坡头) and its kind of office (信访局). Body, report and region pages list
these variants in a “相关名称” line, so that the search index (:mod:`generator.search.index`)
finds the page whichever of them is typed, however the query is segmented. The page's *own*
names are kept apart from its *context* (the place it is in, the kind of office it is): a query
that names a body ranks it above bodies that merely sit in the place it names.
"""

from __future__ import annotations

from dataclasses import dataclass

from .portal import BodyView, Portal, RegionView

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
    """The part of a body's name after its place (三明市沙县区人民政府信访局 → 人民政府信访局).

    Places are stripped from the front as long as one leads (虚构省 + 虚川市虚桥县 + …: a full
    name may repeat a place that a region's own name already starts with)."""
    name = body.name
    places = sorted(_places(portal, body), key=len, reverse=True)
    stripped = True
    while stripped:
        stripped = False
        for place in places:
            if name.startswith(place) and len(name) > len(place):
                name, stripped = name[len(place) :], True
                break
    if name != body.name:
        return name
    for region in portal.region_path(body.region)[::-1]:
        short = _short(portal, region.id)
        if short in name:
            return name.split(short, 1)[1]
    return ""


#: Offices as people shorten them (the portal adds the place: 沙县 + 政府办).
OFFICE_SHORT = {
    "人民政府办公室": ("政府办",),
    "人民政府办公厅": ("政府办公厅",),
    "管理委员会": ("管委会",),
    "人民政府": ("政府",),
}


@dataclass(frozen=True)
class Names:
    """A page's names for search: its own (most specific first) and its context."""

    own: tuple[str, ...]
    places: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()


def body_names(portal: Portal, body: BodyView) -> Names:
    """The names a citizen may search a body by, without repeats.

    E.g. 中卫市沙坡头区人民政府办公室 → own 中卫市沙坡头区人民政府办公室, 沙坡头区政府办,
    沙坡头政府办; places 沙坡头区, 沙坡头; offices 人民政府办公室, 政府办.
    """
    path = portal.region_path(body.region)
    places: list[str] = []
    if path:
        short = _short(portal, path[-1].id)
        places = [short, stem(short)]
    offices = office_forms(office(portal, body))
    own = [body.name, body.short_name]
    # The place plus the office as people say it (沙县政府办, 沙县信访局); an office starting
    # with 人民政府 is said without it.
    own += [place + form for place in places for form in offices if not form.startswith("人民政府")]
    return Names(_unique(own), _unique(places), _unique(offices))


def region_names(region: RegionView) -> Names:
    """A place's names: 宁夏回族自治区 → 宁夏; 三明市沙县区 → 沙县区, 沙县."""
    short = region.short_name or region.name
    return Names(_unique([region.name, short, stem(short)]))


def office_forms(part: str) -> list[str]:
    """An office as written, then as people shorten it (人民政府信访局 → 信访局; 管理委员会 →
    管委会); [] for no office part."""
    if not part:
        return []
    forms = [part, *OFFICE_SHORT.get(part, ())]
    # 人民政府信访局 is searched as 信访局: split off the 人民政府 that prefixes many office names.
    lead = "人民政府"
    if part.startswith(lead) and len(part) - len(lead) >= 2 and part not in OFFICE_SHORT:
        forms.append(part[len(lead) :])
    return forms


def _unique(names: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        if name and name not in out:
            out.append(name)
    return tuple(out)
