"""Where the build finds what it takes from npm rather than PyPI: plotly.js's basic bundle.

Scatter and bar are the only trace types :mod:`generator.render.charts` draws; the basic bundle is
395 KB compressed against 1.5 MB for the full bundle that ships with the plotly wheel. It is
pinned exactly in ``tools/site/package.json`` and installed with ``make tools``
(``npm install --prefix tools/site --no-save``). ``PORTAL_PLOTLY_JS`` points elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The npm project, relative to the folder that holds mkdocs.yml.
TOOLS_DIR = Path("tools") / "site"
INSTALL_HINT = "请在项目根目录运行 make tools（即 npm install --prefix tools/site --no-save）"


class ToolMissing(Exception):
    """A build tool is not installed; the message says how to install it."""


def _modules(project: Path) -> Path:
    return project / TOOLS_DIR / "node_modules"


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
