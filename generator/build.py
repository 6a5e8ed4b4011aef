"""Build the site: run mkdocs (which runs the portal pipeline through the plugin).

``portal build`` is a thin wrapper over ``mkdocs build`` that prints the validator's messages
when the content has errors, and reports how long each stage took.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .plugin import PortalPlugin
from .site import ContentError


def _logging(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_portal", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
        handler._portal = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in logger.handlers:
        if getattr(handler, "_portal", False):
            handler.setLevel(logging.INFO if verbose else logging.WARNING)


def build(
    config_file: Path,
    *,
    content: Path | None = None,
    site_dir: Path | None = None,
    strict: bool = False,
    verbose: bool = False,
) -> int:
    """Validate the content and build the site; return the exit status (0 ok, 1 failed)."""
    _logging(verbose)
    overrides = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    start = time.perf_counter()
    try:
        config = load_config(str(config_file), **overrides)
        plugin = config.plugins.get("portal")
        if not isinstance(plugin, PortalPlugin):
            print("portal: mkdocs.yml 的 plugins 里没有 portal", file=sys.stderr)
            return 2
        if content is not None:
            plugin.config.content = str(content.resolve())
        plugin.raise_content_errors = True
        mkdocs_build(config)
    except ContentError as error:
        print("内容有错误，网站没有生成：", file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    except PluginError as error:
        print(str(error), file=sys.stderr)
        return 1
    except Abort:
        # mkdocs has already logged the reason (e.g. a plugin's error) above this line.
        print("portal: 网站构建失败（原因见上）", file=sys.stderr)
        return 1
    except ConfigurationError as error:
        print(f"portal: 网站构建失败：{error}", file=sys.stderr)
        return 1
    generated = plugin.generated
    total = time.perf_counter() - start
    if generated is not None:
        stages = "，".join(f"{k} {v:.2f}s" for k, v in generated.timings.items())
        print(
            f"已生成网站 {config.site_dir}：{len(generated.portal.bodies)} 个机关，"
            f"{len(generated.portal.reports)} 份报告，{len(generated.pages)} 个页面；"
            f"内容提示 {len(generated.warnings)} 个（见“数据核对”页）。"
            f"用时 {total:.1f}s（{stages}）"
        )
    return 0
