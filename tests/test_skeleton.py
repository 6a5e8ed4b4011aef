"""Page skeletons (generator/skeleton.py): filled pages are what the theme renders, or not used.

A small theme stands in for mkdocs-material here, so each way a template can use a page's values
is tried on its own; tests/test_site_build.py compares whole sites built with the real theme.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import url_filter

from generator.site import skeleton
from generator.site.navigation import SharedNavigation

PAGE = """<title>{{ page.title | striptags }}</title><a title="{{ page.meta.title | e }}">
{%- if page.meta.description %}<meta content="{{ page.meta.description }}">{% endif %}
<link href="{{ page.canonical_url }}"><a href="{{ 'assets/site.css' | url }}">
<a href="{{ 'bodies/' | url }}">{% if page.toc | first is defined %}
<a href="{{ (page.toc | first).url | url }}">skip</a>{% endif %}
{%- for item in (page.toc | first).children %}<li>{{ item.title }}</li>{% endfor %}
{%- if "<h1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}
{{ page.content }}"""


def theme(main: str = PAGE, **globals_: Any) -> skeleton.Skeletons:
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"main.html": main, "portal-page.html": "{{ portal_page() }}"})
    )
    shared = SharedNavigation(url=url_filter, in_nav=frozenset(), theme_translate=str)
    env.filters["url"] = shared.recording_url()
    env.globals.update(globals_)
    return skeleton.install(env, shared)


def page(url: str, title: str, *, description: str = "", heading: str = "h") -> Any:
    """A generated page as the plugin hands it to the theme (what the templates read of it)."""
    toc = get_toc(
        [
            {
                "level": 1,
                "id": heading,
                "name": title,
                "children": [{"level": 2, "id": "a", "name": "概况", "children": []}],
            }
        ]
    )
    meta = {"title": title, "template": skeleton.TEMPLATE}
    if description:
        meta["description"] = description
    return SimpleNamespace(
        url=url,
        file=SimpleNamespace(src_uri=url + "index.md"),
        meta=meta,
        title=title,
        content=f'<h1 id="{heading}">{title}</h1><p>{title}的内容 &amp; 数字</p>',
        canonical_url=f"https://example.invalid/{url}",
        toc=toc,
        is_homepage=False,
        edit_url=None,
        previous_page=None,
        next_page=None,
        parent=None,
    )


def render(skeletons: skeleton.Skeletons, pages: list[Any]) -> list[tuple[str, str]]:
    """Each page through the portal's template and through the theme's own, in build order."""
    env = skeletons.env
    out = []
    for p in pages:
        context = {"page": p, "base_url": "../" * p.url.count("/")}
        filled = env.get_template(skeleton.TEMPLATE).render(context)
        out.append((filled, env.get_template("main.html").render(context)))
    return out


def reports(count: int) -> list[Any]:
    return [
        page(f"bodies/fict-{i}/2023/", f"虚构第{i}局 2023 年度报告", description=f"第{i}局的报告")
        for i in range(count)
    ]


def test_pages_of_one_shape_are_filled_in_and_match_the_theme() -> None:
    skeletons = theme()
    pages = reports(12)
    for filled, themed in render(skeletons, pages):
        assert filled == themed
    assert skeletons.filled == 12 - skeleton.TRUSTED_AFTER
    assert len(skeletons.shapes) == 1
    assert "虚构第7局" in render(skeletons, pages[7:8])[0][0]


def test_a_shape_is_kept_apart_by_depth_links_description_and_toc() -> None:
    skeletons = theme()
    pages = reports(3)
    pages += [page(f"regions/r{i}/", f"区域{i}") for i in range(3)]  # other depth, no description
    other = reports(3)
    for p in other:
        p.toc.items[0].children[0].title = "另一个小节"
    for filled, themed in render(skeletons, pages + other):
        assert filled == themed
    assert len(skeletons.shapes) == 3


@pytest.mark.parametrize(
    "title", ["A &amp; B 年度报告", "两个  空格", " 前面有空格", '引号"', "第一行\n第二行"]
)
def test_a_value_a_filter_could_change_is_rendered_by_the_theme(title: str) -> None:
    skeletons = theme()
    pages = [*reports(4), page("bodies/fict-x/2023/", title, description="同一形状")]
    results = render(skeletons, pages)
    assert all(filled == themed for filled, themed in results)
    assert skeletons.filled == 4 - skeleton.TRUSTED_AFTER  # the last page went to the theme


@pytest.mark.parametrize(
    "use",
    [
        "{{ page.meta.title | upper }}",  # a value transformed
        "{{ page.meta.title[:3] }}",  # cut short
        "{{ page.url }}",  # a value of the page that is not a stand-in
        "{{ page.file.src_uri }}",
        "{{ page.content | length }}",
    ],
)
def test_a_template_that_reads_a_page_otherwise_is_never_filled_in(use: str) -> None:
    skeletons = theme(PAGE + use)
    pages = [page(f"bodies/fict-{i}/2023/", f"abc{i} report", description="d") for i in range(6)]
    pages[3].content += "更长的内容"
    for filled, themed in render(skeletons, pages):
        assert filled == themed
    assert skeletons.filled == 0
    assert list(skeletons.shapes.values()) == ["unusable"]


def test_a_difference_the_checks_find_later_stops_the_skeletons(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Something no shape captures changes after the skeleton was trusted: the spot check sees
    it, warns (so --strict fails) and the rest of the build goes through the theme."""
    monkeypatch.setattr(skeleton, "CHECK_EVERY", 3)
    calls = {"n": 0}

    def drift() -> str:
        calls["n"] += 1
        return "old" if calls["n"] <= 4 else "new"

    skeletons = theme(PAGE + "{{ drift() }}", drift=drift)
    pages = reports(12)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.portal"):
        env = skeletons.env
        out = [
            env.get_template(skeleton.TEMPLATE).render({"page": p, "base_url": "../../../"})
            for p in pages
        ]
    assert not skeletons.enabled
    assert "页面骨架" in caplog.text
    assert out[-1].endswith("new")  # after the warning, the theme's own rendering


def test_plain() -> None:
    assert skeleton.plain("虚构市 2023 年度报告")
    for value in ("a&b", "<b>", "a  b", " a", "a\tb", "a\u3000b", "'"):
        assert not skeleton.plain(value), value
