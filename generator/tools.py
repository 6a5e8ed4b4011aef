"""Where the build finds the two things it takes from npm rather than PyPI.

* **Pagefind** (extended build): writes the chunked search index. The extended build segments
  Chinese; since 1.6.0 it segments with ICU4X, the same rules the browser's ``Intl.Segmenter``
  applies to the query, so index words and query words agree. PyPI's ``pagefind`` wheels stop at
  1.5.2, whose segmenter disagrees with the browser (信访局 was not found), hence npm.
* **plotly.js, basic bundle**: scatter and bar, the only trace types :mod:`generator.charts`
  draws; 395 KB compressed against 1.5 MB for the full bundle that ships with the plotly wheel.

Both are pinned exactly in ``tools/site/package.json`` and installed with ``make tools``
(``npm install --prefix tools/site --no-save``). ``PORTAL_PAGEFIND`` and ``PORTAL_PLOTLY_JS``
point elsewhere.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: The npm project, relative to the folder that holds mkdocs.yml.
TOOLS_DIR = Path("tools") / "site"
INSTALL_HINT = "请在项目根目录运行 make tools（即 npm install --prefix tools/site --no-save）"


class ToolMissing(Exception):
    """A build tool is not installed; the message says how to install it."""


def _modules(project: Path) -> Path:
    return project / TOOLS_DIR / "node_modules"


def pagefind(project: Path) -> Path:
    """The Pagefind (extended) executable: ``$PORTAL_PAGEFIND``, then ``tools/site``, then PATH."""
    explicit = os.environ.get("PORTAL_PAGEFIND")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ToolMissing(f"PORTAL_PAGEFIND 指向的文件不存在：{path}")
        return path
    # npm installs only the package for this platform (@pagefind/linux-x64, darwin-arm64, …).
    found = sorted(_modules(project).glob("@pagefind/*/bin/pagefind_extended*"))
    found = [p for p in found if not p.name.endswith(".sha256")]
    if found:
        return found[0]
    on_path = shutil.which("pagefind_extended")
    if on_path:
        return Path(on_path)
    raise ToolMissing(f"找不到 Pagefind（生成站内搜索索引的工具）。{INSTALL_HINT}")


def plotly_js(project: Path) -> Path:
    """plotly.js's basic bundle: ``$PORTAL_PLOTLY_JS``, then ``tools/site``."""
    explicit = os.environ.get("PORTAL_PLOTLY_JS")
    path = (
        Path(explicit)
        if explicit
        else _modules(project) / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
    )
    if not path.is_file():
        raise ToolMissing(f"找不到图表库 plotly.js（{path}）。{INSTALL_HINT}")
    return path


def plotly_js_version(path: Path) -> str:
    """The version in the bundle's banner (``plotly.js (basic - minified) v4.1.1`` → ``4.1.1``)."""
    with path.open(encoding="utf-8") as handle:
        head = handle.read(300)
    marker = head.find(" v")
    if marker < 0:
        return ""
    return head[marker + 2 :].split()[0]
