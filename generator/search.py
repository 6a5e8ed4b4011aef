"""Site search: a chunked static index written by Pagefind after mkdocs has written the pages.

mkdocs-material's own search loads one index of every page before the first result; at a
province's scale (tens of thousands of reports) that file is hundreds of MB. Pagefind splits the
index into small chunks and the browser fetches only those a query needs, plus a small fragment
per result shown (``site_overrides/assets/javascripts/search.js`` drives the theme's search box).

What is indexed: only the page content (``data-pagefind-body`` on the article in
``site_overrides/main.html``), without the number tables, charts, key-figure cards and
breadcrumbs (``data-search-exclude``) and without the heading permalinks (¶). Pagefind reads the
language from ``<html lang="zh">`` and segments Chinese itself; body and report pages carry a
“相关名称” line (:func:`generator.names.name_variants`) so that short names and place stems are
in the text whichever way a query is typed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

#: Left out of the index: number tables, charts, cards, breadcrumbs, heading anchors, download links.
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".pt-download")
#: Where the index goes within the site (the browser imports ``/pagefind/pagefind.js``).
OUTPUT = "pagefind"


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its own output."""


def index(site_dir: Path, pagefind: Path) -> None:
    """Write the search index for the built site at ``site_dir`` into ``site_dir/pagefind``."""
    command = [str(pagefind), "--site", str(site_dir), "--output-subdir", OUTPUT, "--quiet"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"无法运行 Pagefind（{pagefind}）：{error}") from None
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        raise SearchIndexError(f"Pagefind 生成搜索索引失败（退出码 {done.returncode}）：\n{output}")
