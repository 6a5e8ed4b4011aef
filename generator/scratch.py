"""Scratch folders beside the site: a build's staging folders, and what a killed build left.

A folder records which process made it (:data:`OWNER`), so the next run can tell a folder whose
maker was killed (hundreds of MB at a province's scale) from one a build running in another
process still uses.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

#: In a scratch folder: the id of the process that made it (see :func:`scratch_folder`).
OWNER = ".portal-owner"
#: A scratch folder without an owner file is abandoned after this long (seconds).
UNOWNED_AFTER = 3600


def scratch_folder(parent: Path, prefix: str) -> Path:
    """A new folder in ``parent`` that records which process made it, so that the next run can
    remove it if that process was killed (:func:`remove_abandoned`); readable by others as a
    folder made with the user's umask would be (a web server serves the site from it)."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
    (folder / OWNER).write_text(f"{os.getpid()}\n", encoding="utf-8")
    return folder


#: A site build's working files (pages on their way between processes: hundreds of MB at a
#: province's scale) are in a hidden folder with this prefix inside the site folder being built.
WORK_PREFIX = ".portal-work-"


def work_folder(site_dir: Path) -> Path:
    """A new folder for a site build's working files, inside ``site_dir``; what a killed build
    left there is removed first.

    Not the system's temporary folder: where that is held in memory (tmpfs) the files would take
    as much memory again as the build, without showing in any process's size. Inside the site,
    hidden: mkdocs never copies or cleans hidden files, and the build removes the folder when it
    ends (:meth:`generator.pipeline.Generated.cancel`); a folder whose build was killed goes
    with ``portal build``'s half-built site, or at the next build.
    """
    remove_abandoned(site_dir, (WORK_PREFIX,))
    return scratch_folder(site_dir, WORK_PREFIX)


def remove_abandoned(parent: Path, prefixes: tuple[str, ...]) -> list[Path]:
    """Remove the scratch folders in ``parent`` whose maker no longer runs; return them.

    A build killed with SIGKILL leaves its folders behind (a province's are hundreds of MB); a
    build still running in another process keeps its own.
    """
    removed = []
    for folder in sorted(parent.iterdir()) if parent.is_dir() else []:
        if not folder.name.startswith(prefixes) or folder.is_symlink() or not folder.is_dir():
            continue
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        pid = int((folder / OWNER).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        try:
            return time.time() - folder.stat().st_mtime > UNOWNED_AFTER
        except OSError:
            return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False
