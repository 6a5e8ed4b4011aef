"""Writing a draft (never over a file the user has, unless asked) and checking it."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from ..checks.findings import Finding
from ..checks.validate import validate
from ..content import tree as content_mod
from ..publish import scaffold


class SaveError(Exception):
    """The draft was not written (its message is for the user)."""


def write(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path``: a new file only, unless ``force`` (then replaced whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not force:
        try:
            scaffold.create(path, text)
        except scaffold.ScaffoldError as error:
            raise SaveError(f"{error}（确需覆盖请加 --force）") from None
        return
    if path.is_dir():
        raise SaveError(f"{content_mod.display_path(path)} 是文件夹，不能写成报告文件")
    # Written beside and renamed over: a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check(text: str, body: str, year: int, content_root: Path, shown: str) -> list[Finding]:
    """The validator's findings about the draft, as if it sat in ``content_root``.

    The draft is checked in a scratch copy of the body's folder (with the region registry), so
    the cross-year rules see the body's other years and nothing in ``content/`` is touched.
    """
    with tempfile.TemporaryDirectory(prefix="portal-import-") as scratch:
        root = Path(scratch)
        regions = content_root / content_mod.REGIONS_FILE
        if regions.is_file():
            shutil.copyfile(regions, root / content_mod.REGIONS_FILE)
        folder = root / content_mod.BODIES_DIR / body
        folder.mkdir(parents=True)
        existing = content_root / content_mod.BODIES_DIR / body
        if existing.is_dir() and not existing.is_symlink():
            for item in existing.glob("*.yaml"):
                if item.is_file() and not item.is_symlink() and item.name != f"{year}.yaml":
                    shutil.copyfile(item, folder / item.name)
        target = folder / f"{year}.yaml"
        target.write_text(text, encoding="utf-8")
        result = validate(content_mod.load(root))
        mine = content_mod.display_path(target)
        return [dataclasses.replace(f, file=shown) for f in result.findings if f.file == mine]
