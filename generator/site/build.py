"""Build the site: run mkdocs (which runs the portal pipeline through the plugin).

``portal build`` is a thin wrapper over ``mkdocs build`` that prints the validator's messages
when the content has errors, and reports how long each stage took.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ..pipeline import ContentError
from . import output
from .plugin import NO_FEEDBACK, NO_SITE_URL, PortalPlugin


def _logging(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_portal", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
        handler._portal = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    for existing in logger.handlers:
        if getattr(existing, "_portal", False):
            existing.setLevel(logging.INFO if verbose else logging.WARNING)


@contextmanager
def _dated(content_dir: Path) -> Iterator[None]:
    # Pages are dated by the content, not the build day (unless the caller set the date).
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(output.content_date(content_dir))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def build(
    config_file: Path,
    *,
    content: Path | None = None,
    site_dir: Path | None = None,
    strict: bool = False,
    verbose: bool = False,
    force: bool = False,
) -> int:
    """Validate the content and build the site; return the exit status (0 ok, 1 failed).

    The site is built beside the output folder and swapped in only when complete
    (:mod:`generator.site.output`): a failed build leaves the previous site as it was.
    """
    _logging(verbose)
    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    start = time.perf_counter()
    staging: Path | None = None
    try:
        if site_dir is not None:
            # Before mkdocs reads its configuration: the root is refused in our own words.
            output.check_target(
                site_dir, keep=[config_file.resolve().parent], outside=[], force=True
            )
        config = load_config(str(config_file), **overrides)
        plugin = config.plugins.get("portal")
        if not isinstance(plugin, PortalPlugin):
            print("portal: mkdocs.yml 的 plugins 里没有 portal", file=sys.stderr)
            return 2
        if content is not None:
            plugin.config.content = str(content.resolve())
        plugin.raise_content_errors = True
        project = Path(config.config_file_path or config_file).resolve().parent
        content_dir = (project / plugin.config.content).resolve()
        target = Path(config.site_dir)
        docs = Path(config.docs_dir)
        output.check_target(
            target, keep=[project, content_dir, docs], outside=[content_dir, docs], force=force
        )
        staging = output.staging_for(target)
        config.site_dir = str(staging)
        with _dated(content_dir):
            mkdocs_build(config)
        output.swap_in(staging, target)
        staging = None
        config.site_dir = str(target)
    except output.OutputError as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
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
    finally:
        if staging is not None:
            output.discard(staging)
    generated = plugin.generated
    total = time.perf_counter() - start
    if not config.site_url:
        print(f"提示：{NO_SITE_URL}", file=sys.stderr)
    if not config.extra.get("feedback"):
        print(f"提示：{NO_FEEDBACK}", file=sys.stderr)
    if generated is not None:
        stages = "，".join(f"{k} {v:.2f}s" for k, v in generated.timings.items())
        print(
            f"已生成网站 {config.site_dir}：{len(generated.portal.bodies)} 个机关，"
            f"{len(generated.portal.reports)} 份报告，{generated.page_count} 个页面；"
            f"内容提示 {len(generated.warnings)} 个（见“数据核对”页）。"
            f"用时 {total:.1f}s（{stages}）"
        )
    return 0
