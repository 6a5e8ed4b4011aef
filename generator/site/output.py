"""The output folder of ``portal build``: built aside, swapped in whole, never a user's folder.

* **Built aside.** The site is built into a new folder beside the output folder and only
  renamed into place when the build has succeeded, so a failed build leaves the previous good
  site exactly as it was (and removes its own half-written folder).
* **Only our own folder is replaced.** The output folder must not be, or contain, the project,
  the content or the hand-written pages, and an existing folder is replaced only when it holds a
  site this tool built (its marker file, or the files mkdocs writes) — otherwise only with
  ``--force``. Nothing outside the output folder and its build-aside sibling is ever removed.
* **Reproducible.** mkdocs dates pages (``sitemap.xml``) by the build day unless
  ``SOURCE_DATE_EPOCH`` is set; :func:`content_date` gives it the content's own date, so that two
  builds of the same content are byte-identical whatever the day.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .. import scratch

#: Written into every site this tool builds (recognised on the next build).
MARKER = ".portal-site"
# What a site built by mkdocs always holds (a site built before the marker existed).
_MKDOCS_FILES = ("index.html", "404.html", "sitemap.xml")


class OutputError(Exception):
    """The output folder is not one the build may replace; the message says why."""


def check_target(
    target: Path, *, keep: list[Path], outside: list[Path], force: bool = False
) -> None:
    """Refuse an output folder whose replacement would lose what a user wrote.

    ``target`` may not be or contain any folder of ``keep`` (the project, the content, the
    hand-written pages) nor lie inside any folder of ``outside`` (the content, those pages).
    """
    target = target.resolve()
    if target == target.parent:
        raise OutputError(f"不能把网站生成到根目录 {target}")
    for folder in keep:
        folder = folder.resolve()
        if target == folder:
            raise OutputError(f"输出目录就是 {folder}，生成网站会替换它；请换一个输出目录")
        if target in folder.parents:
            raise OutputError(
                f"输出目录 {target} 包含 {folder}，生成网站会替换它；请换一个输出目录"
            )
    for folder in outside:
        folder = folder.resolve()
        if folder in target.parents:
            raise OutputError(f"输出目录 {target} 在 {folder} 里面；请换一个输出目录")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} 不是文件夹；请换一个输出目录")
    if target.is_dir() and any(target.iterdir()) and not force and not is_built_site(target):
        raise OutputError(
            f"{target} 里已有不是本工具生成的文件，生成网站会替换整个文件夹；"
            "确认可以替换请加 --force"
        )


def is_built_site(folder: Path) -> bool:
    """Whether ``folder`` holds a site built by this tool (or by mkdocs)."""
    return (folder / MARKER).is_file() or all((folder / n).is_file() for n in _MKDOCS_FILES)


def staging_for(target: Path) -> Path:
    """A new empty folder beside ``target`` (same file system, so the swap is a rename).

    What a killed build left beside ``target`` (its half-built site, the previous site it was
    replacing, its open data) is removed first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch.remove_abandoned(target.parent, tuple(f".{target.name}.{k}-" for k in _SCRATCH))
    return scratch.scratch_folder(target.parent, f".{target.name}.building-")


#: The folders a build makes beside its output: building-, old- (here) and data- (the export).
_SCRATCH = ("building", "old", "data")


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished site at ``target``; the previous site is removed only afterwards."""
    (staging / MARKER).write_text("built by portal build\n", encoding="utf-8")
    (staging / scratch.OWNER).unlink(missing_ok=True)
    old = None
    if target.exists():
        old = scratch.scratch_folder(target.parent, f".{target.name}.old-")
        os.replace(target, old / target.name)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove the half-written site of a failed build."""
    shutil.rmtree(staging, ignore_errors=True)


def content_date(content_dir: Path) -> int:
    """Seconds since the epoch that date the content: its last git commit, else its newest file."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip().isdigit():
            return int(done.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    times = [p.stat().st_mtime for p in content_dir.rglob("*.yaml") if p.is_file()]
    return int(max(times, default=0))
