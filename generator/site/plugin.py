"""The mkdocs plugin that puts the generated pages into the site.

Registered as ``portal`` (entry point ``mkdocs.plugins``) and listed in ``mkdocs.yml``, so that
``mkdocs build``, ``mkdocs build --strict`` and ``mkdocs serve`` all run the same pipeline as
``portal build``. Pages are handed to mkdocs in memory (``File.generated``): nothing is written
into the project, and ``mkdocs serve`` rebuilds when a YAML file under ``content/`` changes.

Generated pages are HTML already (:mod:`generator.render.page`), so they skip Markdown: their files are
empty to mkdocs. The handful in the navigation are rendered before mkdocs reads the pages, and
get their title and description in ``on_page_markdown`` and their table of contents in
``on_page_content``. The others — all but a handful — are :class:`GeneratedPage`, which does
not even start a Markdown converter: each is rendered when mkdocs is about to write it
(``on_page_context``, :mod:`generator.render.stream`) and gets everything there, and its
template is the theme's page filled in rather than rendered for each
(:mod:`generator.site.skeleton`).

Consistency warnings about the *content* (numbers that do not add up) are logged at INFO: they
are facts about the published reports, shown on the pages, not problems with the build, so they
must not fail ``--strict``.

Each generated page is sent to the search index as mkdocs writes it, a hand-written one as it
is converted; after mkdocs has written the pages, the pipeline's workers move the open data in
and write the search index (:mod:`generator.pipeline`).
"""

from __future__ import annotations

import logging
import re
from html import unescape
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import workers
from ..opendata import exporting
from ..pipeline import ContentError, Generated, generate
from ..publish import scaffold
from ..render import page as generated_page
from ..render.stream import StreamError
from ..search.indexer import SearchIndexError, entry
from . import navigation, skeleton, tools

log = logging.getLogger("mkdocs.plugins.portal")
_IDS = re.compile(r'\sid="([^"]+)"')

#: Where plotly.js (basic bundle, see :mod:`generator.site.tools`) is served from within the site;
#: ``portal.js`` loads it from here, and only on pages with a chart. Never from a CDN.
PLOTLY_JS = "assets/javascripts/plotly-basic.min.js"


#: The theme's list of every page's address, written only when the site's address is known.
SITEMAP = "sitemap.xml"
#: What a report-an-error address may be (mkdocs.yml's ``extra.feedback``): nothing a browser
#: would run, nothing that leaves the attribute.
_FEEDBACK = re.compile(r"(?:https://|mailto:)[^\s\"'<>`\\]+\Z")
#: What ``portal build`` says when no report-an-error address is set.
NO_FEEDBACK = (
    "未设置“报告错误”的地址（环境变量 PORTAL_FEEDBACK_URL，如仓库的 issues/new 网址或 "
    "mailto: 邮箱）：页面末尾没有报告错误的链接"
)
#: What ``portal build`` says when the site's own address is not set.
NO_SITE_URL = (
    "未设置网站地址（环境变量 PORTAL_SITE_URL，如 https://example.gov.cn/）："
    "页面不含 canonical 链接，也不生成 sitemap.xml；部署前请设置"
)


class PortalConfig(Config):
    content = config_options.Type(str, default="content")


class PortalPlugin(BasePlugin[PortalConfig]):
    """Generates the portal's pages from ``content/`` at the start of every build."""

    def __init__(self) -> None:
        self.generated: Generated | None = None
        self.content_dir: Path | None = None
        self.project_dir = Path(".")
        self.plotly_js: Path | None = None
        self.pages: dict[str, generated_page.Ready] = {}  # the navigation's, until written
        self.urls: dict[str, str] = {}  # each page's address from the site root, by source
        self.written: set[str] = set()
        self.serving = False
        self.nav_pages: frozenset[str] = frozenset()
        self.skeletons: skeleton.Skeletons | None = None
        # `portal build` sets this to get the ContentError itself and print the validator's
        # report as `portal validate` does; plain mkdocs gets a PluginError it knows how to show.
        self.raise_content_errors = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` runs a threaded server: no forking there (see generator/workers.py).
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path or ".").parent.resolve()
        self.content_dir = (self.project_dir / self.config.content).resolve()
        try:
            # Found before anything is built, so a missing tool fails fast, not after the pages.
            self.plotly_js = tools.plotly_js(self.project_dir)
        except tools.ToolMissing as error:
            raise PluginError(f"portal: {error}") from None
        feedback = config.extra.get("feedback")
        if feedback is not None and not (
            isinstance(feedback, str) and _FEEDBACK.match(feedback) and len(feedback) <= 2000
        ):
            raise PluginError(
                "portal: mkdocs.yml 的 extra.feedback（环境变量 PORTAL_FEEDBACK_URL）应是以 "
                "https:// 或 mailto: 开头的网址，不含空格和引号"
            )
        if not config.site_url:
            # No address of its own: pages get no canonical link (mkdocs leaves it out), and no
            # sitemap.xml, whose addresses would be relative and mislead a search engine.
            # (Not a template now, mkdocs would copy it as a file of the theme: on_files drops it.)
            config.theme.static_templates.discard(SITEMAP)
            log.info("portal: %s", NO_SITE_URL)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.content_dir is not None
        unrendered = files.get_file_from_path(SITEMAP)
        # The theme's copy only (see on_config), never a sitemap a user put in docs_dir.
        theirs = unrendered is not None and unrendered.src_dir in config.theme.dirs
        if not config.site_url and theirs:
            files.remove(unrendered)  # type: ignore[arg-type]
        if not self.content_dir.is_dir():
            raise PluginError(f"portal: 找不到内容目录 {self.content_dir}")
        try:
            self.generated = generate(
                self.content_dir, site_dir=Path(config.site_dir), parallel=not self.serving
            )
        except workers.WorkerError as error:
            raise PluginError(f"portal: 页面生成失败：{error}") from None
        except ContentError as error:
            if self.raise_content_errors:
                raise
            # Schema and reference errors stop the build with the validator's own messages.
            raise PluginError(f"内容有错误，网站没有生成：\n{error}") from None
        generated = self.generated
        stream = generated.stream
        assert stream is not None  # generate(site_dir=…) renders through a stream
        log.info(
            "portal: %d 个文件，%d 个提示（见“数据核对”页）；生成 %d 个页面",
            generated.checked,
            len(generated.warnings),
            generated.page_count,
        )
        in_nav = _nav_pages(config.nav)
        self.written = set()
        try:
            # The rendering child starts on its share of the pages outside the navigation, and
            # the navigation's pages are rendered now: mkdocs needs their titles and headings
            # before it writes any page.
            self.pages = stream.start(src for src in stream.srcs if src in in_nav)
        except StreamError as error:
            raise PluginError(f"portal: {error}") from None
        for src in stream.srcs:
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"portal: {src} 由程序生成，请从 docs_dir 中删除同名文件")
            # Pages reached through the index pages are marked as such, so mkdocs does not list
            # every one of them as "missing from nav" (tens of thousands at a province's scale).
            inclusion = InclusionLevel.UNDEFINED if src in in_nav else InclusionLevel.NOT_IN_NAV
            # Empty to mkdocs: the page's HTML goes in when it is written (see the module's doc).
            file = File.generated(config, src, content="", inclusion=inclusion)
            files.append(file)
            if inclusion is InclusionLevel.NOT_IN_NAV:
                # Given its page object now: mkdocs would make a plain one (nav.get_navigation).
                GeneratedPage(None, file, config)
        # Ids in result order; every page is sent to the index as it is written or converted.
        self.urls = {f.src_uri: "/" + f.url for f in files.documentation_pages()}
        indexer = generated.indexer
        assert indexer is not None
        try:
            indexer.begin(self.urls.values())
        except SearchIndexError as error:
            raise PluginError(f"portal: {error}") from None
        # The blank templates are linked from the publisher guide's Markdown, which mkdocs checks:
        # they are site files (the other open data comes from the export started above).
        for name, text in scaffold.site_templates():
            files.append(File.generated(config, f"data/templates/{name}", content=text))
        files.append(File.generated(config, PLOTLY_JS, abs_src_path=str(self.plotly_js)))
        return files

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav_pages = frozenset(page.file.src_uri for page in nav.pages)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # The navigation and the header's parts are rendered once per set of links, not once per
        # page, and the theme's words looked up once per key (navigation.py).
        custom = config.theme.custom_dir
        theme_dirs = [d for d in config.theme.dirs if d != custom]
        shared = navigation.install(env, theme_dirs, self.nav_pages, config)
        # The pages outside the navigation: the theme's page filled in, not rendered for each
        # (skeleton.py).
        self.skeletons = skeleton.install(env, shared)
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if isinstance(page, GeneratedPage):
            # Its title and description come when it is rendered (on_page_context).
            page.meta = {"template": skeleton.TEMPLATE}  # mkdocs renders this one (skeleton.py)
            return ""
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        page.meta = {}
        _meta(page, generated)
        return ""

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if isinstance(page, GeneratedPage):
            return ""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.toc = get_toc(generated.toc_tokens())  # type: ignore[arg-type]
            # A page in the navigation (a few): hand-written pages may link to its anchors.
            page.present_anchor_ids = set(_IDS.findall(generated.html))
            # Its HTML goes in when mkdocs writes the page (on_page_context) and out right after
            # (on_post_page): mkdocs converts every page before it writes any.
            return ""
        indexer = self.generated.indexer if self.generated is not None else None
        if indexer is not None:  # a hand-written page
            try:
                indexer.add("/" + page.url, unescape(page.title or ""), html)
            except SearchIndexError as error:
                raise PluginError(f"portal: {error}") from None
        return html

    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        src = page.file.src_uri
        generated = self.pages.pop(src, None)
        if generated is None and isinstance(page, GeneratedPage):
            assert self.generated is not None and self.generated.stream is not None
            try:
                generated = self.generated.stream.take(src)
            except StreamError as error:
                raise PluginError(f"portal: {error}") from None
            _meta(page, generated)
            page.toc = get_toc(generated.toc_tokens())  # type: ignore[arg-type]
        if generated is not None:
            assert self.generated is not None and self.generated.indexer is not None
            page.content = generated.html  # already tight (render.page.Ready)
            self.written.add(src)
            try:
                self.generated.indexer.add(*entry(self.urls[src], generated))
            except SearchIndexError as error:
                raise PluginError(f"portal: {error}") from None
            self.generated.page_written()
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.written:
            page.content = None  # written: nothing reads it again
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.generated is not None
        try:
            self.generated.finish(Path(config.site_dir))  # open data moved in, index written
        except (exporting.ExportError, SearchIndexError) as error:
            raise PluginError(f"portal: {error}") from None

    def on_build_error(self, *, error: Exception) -> None:
        if self.generated is not None:
            self.generated.cancel()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Editors change YAML, not Markdown: rebuild when anything under content/ changes.
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server


class GeneratedPage(Page):
    """A page the portal wrote as HTML: nothing for Markdown to convert.

    mkdocs's own ``render`` starts a Markdown converter for every page, even an empty one (about
    0.4 ms each, seconds at a province's scale). The plugin's hooks fill in the rest.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        # None: mkdocs then does not check links into this page's anchors against an empty set.
        self.present_anchor_ids = None


def _meta(page: Page, generated: generated_page.Ready) -> None:
    """The page's title and description, for the theme (already HTML-escaped:
    render.parts.front_matter; the theme puts them into the page as they are)."""
    meta = generated.meta or generated_page.FrontMatter(generated.title)
    page.meta["title"] = meta.title
    if meta.description:
        page.meta["description"] = meta.description


def _nav_pages(nav: Any) -> set[str]:
    """Every page file named in mkdocs.yml's ``nav`` (nested sections included)."""
    out: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                out |= _nav_pages(value)
        elif isinstance(item, list):
            out |= _nav_pages(item)
    return out
