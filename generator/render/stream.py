"""A site build's pages, rendered as the site builder writes them: a share ahead in a child.

mkdocs writes the pages one by one in its page loop. Rendering all of them before that loop kept
both cores busy while nothing was written, and every page had to be held (compressed) until
mkdocs got to it. Instead :class:`PageStream` renders each page when mkdocs asks for it
(:meth:`PageStream.take`, from the plugin's ``on_page_context``): a child renders its share
(:data:`CHILD_SHARE`, spread evenly over the list) ahead, in the loop's order
(:class:`generator.ahead.Ahead`), and this process renders the rest beside mkdocs's own work on
each page. The child finishes early and exits; its core is then free for the open-data export and
the search index (:meth:`generator.pipeline.Generated.page_written`). No page is held longer
than it takes to write it.

The pages in the site's navigation are rendered first, before the page loop
(:meth:`PageStream.start`): mkdocs needs their titles for the navigation and their headings to
check the links of hand-written pages into them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .. import ahead, workers
from .page import Page, Ready

#: A page to render: its source path (what mkdocs calls it) and the call that renders it.
PageJob = tuple[str, Callable[..., Page], tuple[Any, ...]]
#: The child's share of the pages written in the page loop. This process also runs mkdocs on
#: every page (about as long as rendering one), so the child can take more than half and still
#: stay ahead of the loop; it then finishes while this process has a third of the loop to go.
CHILD_SHARE = 0.6


class StreamError(Exception):
    """A page could not be rendered; the message says why (a child's traceback included)."""


def ready(function: Callable[..., Page], args: tuple[Any, ...]) -> Ready:
    """The page ``function(*args)`` renders, with its search text."""
    page = function(*args)
    return Ready.of(page)


class PageStream:
    """Every page of one site build, rendered on demand (see the module's doc)."""

    def __init__(
        self, jobs: list[PageJob], *, parallel: bool = True, scratch: Path | None = None
    ) -> None:
        """``scratch``: the folder for the child's scratch file (the system's temporary folder
        if None)."""
        self.jobs = jobs
        self.parallel = parallel
        self.scratch = scratch
        self._index = {src: i for i, (src, _function, _args) in enumerate(jobs)}
        if len(self._index) != len(jobs):
            raise StreamError("两个页面的路径相同")
        self._ahead: ahead.Ahead | None = None

    @property
    def srcs(self) -> list[str]:
        """Every page's source path, in the order the pages are listed."""
        return [src for src, _function, _args in self.jobs]

    def start(self, first: Iterable[str]) -> dict[str, Ready]:
        """Start the child on its share of the pages not in ``first``; render ``first`` here."""
        first = [src for src in first if src in self._index]
        later = [i for i, (src, _function, _args) in enumerate(self.jobs) if src not in first]
        if self.parallel and len(later) > 1:
            # Forked before this process renders anything, so both cores work from here on.
            _mine, theirs = workers.split(len(later), CHILD_SHARE)
            calls = [(ready, (function, args)) for _src, function, args in self.jobs]
            self._ahead = ahead.Ahead(
                calls, [later[k] for k in theirs], name="portal-render", scratch=self.scratch
            )
        return {src: self._render(self._index[src]) for src in first}

    def take(self, src: str) -> Ready:
        """The page at ``src``: from the child if it is in its share, else rendered here."""
        i = self._index[src]
        if self._ahead is not None and self._ahead.has(i):
            try:
                page = self._ahead.get(i)
            except workers.WorkerError as error:
                raise StreamError(f"页面生成失败：{error}") from None
        else:
            page = self._render(i)
        if page.src != src:  # the list of pages and the pages themselves must agree
            raise StreamError(f"页面 {src} 生成为 {page.src}")
        return page  # type: ignore[no-any-return]

    def helped(self) -> bool:
        """Whether the child (if any) has rendered its share and exited."""
        return self._ahead is None or self._ahead.finished()

    def close(self) -> None:
        """Stop the child if it still runs and remove its scratch file."""
        if self._ahead is not None:
            self._ahead.cancel()
            self._ahead = None

    def _render(self, i: int) -> Ready:
        _src, function, args = self.jobs[i]
        return ready(function, args)
