"""The theme's navigation and header parts, rendered once for all pages that share their links.

mkdocs-material renders the site's navigation twice on every page: as tabs and as the sidebar.
For a page that is not itself in the navigation (every body, report, region and comparison
page: all but nine) that HTML differs from page to page only in its relative links, so a
province's 15,000 pages rendered the same few dozen variants over and over: 20 of the build's
73 CPU seconds.

How a rendering is reused without knowing what the theme's templates contain: while a part is
rendered, the ``url`` filter records every path it makes relative to the page. Another page may
reuse that rendering when each of those paths comes out the same for it. Nothing else about a
page not in the navigation reaches these templates: they compare entries with the page (never
equal for such a page) and read its table of contents only for the entry that is the page.
Pages in the navigation are rendered as usual. tests/test_site_build.py builds a site with and
without the cache and compares every page, so a theme upgrade cannot make them differ unseen.

The header's logo, colour-scheme toggle and search box depend on no page at all, only on their
relative links, so they are shared the same way. And the theme's translations (``lang.t``, about
sixteen uses per page) are looked up once per key: the theme's macro builds its whole table of
words on every call, 243,000 calls at 15,000 pages.

The overrides ``site_overrides/partials/{nav,tabs,logo,palette}.html`` wrap the theme's own
templates, which they reach as ``theme/partials/…`` (a loader for the theme without the project's
overrides); ``partials/search.html`` is the portal's own, and ``partials/language.html`` hands
``lang.t`` to :meth:`SharedNavigation.translate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context

#: Templates under this prefix are the theme's own, as shipped, without ``site_overrides``.
THEME_PREFIX = "theme"


@dataclass
class SharedNavigation:
    """Renders named parts of the navigation, once per set of relative links (one build)."""

    url: Callable[[Any, str], str]  # mkdocs's ``url`` filter
    in_nav: frozenset[str]  # ``src_uri`` of every page in the navigation
    theme_translate: Callable[[str], Any]  # the theme's ``lang.t``, uncached
    translations: dict[str, Any] = field(default_factory=dict)
    rendered: dict[tuple[Any, ...], str] = field(default_factory=dict)
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    recording: list[str] | None = None
    renders: Counter[str] = field(default_factory=Counter)  # real renderings per part (tests)

    def part(self, context: Context, name: str, caller: Callable[[], str]) -> str:
        """The HTML ``caller`` renders for this page, reused when a page with the same links
        already rendered it."""
        page = context.get("page")
        if page is None or page.file.src_uri in self.in_nav:
            return caller()
        place = {"page": page, "base_url": context.get("base_url", "")}
        paths = self.paths.get(name)
        if paths is not None:
            html = self.rendered.get(self._key(name, paths, place))
            if html is not None:
                if self.recording is not None:  # a page being recorded made these links too
                    self.recording.extend(paths)
                return html
        with self.record() as recorded:
            html = caller()
        paths = tuple(recorded)
        self.renders[name] += 1
        self.paths[name] = paths
        self.rendered[self._key(name, paths, place)] = html
        return html

    @contextmanager
    def record(self) -> Iterator[list[str]]:
        """Note every path the ``url`` filter makes relative while the block runs (and pass
        them on to an outer recording)."""
        outer, self.recording = self.recording, []
        recorded = self.recording
        try:
            yield recorded
        finally:
            self.recording = outer
            if outer is not None:
                outer.extend(recorded)

    def translate(self, key: str) -> Any:
        """The theme's words for ``key`` in the site's language (``lang.t``), looked up once."""
        try:
            return self.translations[key]
        except KeyError:
            value = self.translations[key] = self.theme_translate(key)
            return value

    def _key(self, name: str, paths: tuple[str, ...], place: dict[str, Any]) -> tuple[Any, ...]:
        # The paths are part of the key: should two pages ever take different routes through
        # the templates, their renderings are kept apart.
        return (name, paths, place["base_url"], *(self.url(place, p) for p in paths))

    def recording_url(self) -> Callable[..., str]:
        """The ``url`` filter, noting each path while a part is being rendered."""
        url = self.url

        @pass_context
        def recorded(context: Context, value: Any) -> str:
            if self.recording is not None:
                self.recording.append(str(value))
            return url(context, value)

        return recorded


def install(
    env: jinja2.Environment, theme_dirs: Iterable[str], in_nav: Iterable[str], config: Any
) -> SharedNavigation:
    """Make ``portal_shared``, ``portal_translate`` and the ``theme/…`` templates available to
    ``env`` (one build)."""
    language = f"{THEME_PREFIX}/partials/language.html"

    def theme_translate(key: str) -> Any:
        # The theme's language.html reads nothing but config.theme.language.
        module = env.get_template(language).make_module({"config": config})
        return module.t(key)  # type: ignore[attr-defined]  # a macro of the theme's template

    shared = SharedNavigation(
        url=env.filters["url"], in_nav=frozenset(in_nav), theme_translate=theme_translate
    )
    env.filters["url"] = shared.recording_url()
    env.globals["portal_translate"] = shared.translate

    @pass_context
    def portal_shared(context: Context, name: str, caller: Callable[[], str]) -> str:
        return shared.part(context, name, caller)

    env.globals["portal_shared"] = portal_shared
    env.globals["portal_shared_navigation"] = shared
    assert env.loader is not None
    theme = jinja2.FileSystemLoader(list(theme_dirs))
    env.loader = jinja2.ChoiceLoader(
        [env.loader, jinja2.PrefixLoader({THEME_PREFIX: theme}, delimiter="/")]
    )
    return shared
