"""The git history of the report files: when each was first published, and every later version.

One pass for the whole tree, never one ``git`` process per file: ``git log --raw`` lists every
commit that touched ``content/`` with the blob of each file it changed, then one
``git cat-file --batch`` reads the blobs of the reports that changed after they were added
(a report committed once needs none). Old versions are read by the same safe reader as the
content (:mod:`generator.content.yamlread`): a file in the history is as untrusted as one in the
tree, and one that does not parse is said so, never shown as data.

The history is the repository's: the same commit gives the same history, so the same pages.
Without it (no git, not a repository, an archive) or with only part of it (a shallow clone),
:class:`History` says why and the pages carry a plain note instead.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlread

#: Commits read at most (a hostile history cannot make a build endless).
MAX_COMMITS = 200_000
#: Versions of one file compared at most (the latest).
MAX_VERSIONS = 50
#: Bytes of ``git log`` output read at most.
MAX_LOG_BYTES = 256 * 1024 * 1024
TIMEOUT = 300


@dataclass(frozen=True)
class Version:
    """One committed version of a report file."""

    commit: str
    time: int  # committer time, seconds since the epoch
    #: The file's content then (None for the first version when nothing changed after it, or
    #: when it could not be read: ``problem`` says why).
    data: dict[str, Any] | None = None
    problem: str = ""


@dataclass
class History:
    """Each report file's committed versions, oldest first (key: path below the content root)."""

    available: bool
    note: str = ""  # why there is no (complete) history, in words for the page
    #: The latest :data:`MAX_VERSIONS` versions of each file.
    versions: dict[str, list[Version]] = field(default_factory=dict)
    #: When each file was (last) added: its first version, even when ``versions`` lacks it.
    added: dict[str, Version] = field(default_factory=dict)


def read(root: Path, files: set[str]) -> History:
    """The history of ``files`` (paths below ``root``, posix) from the repository ``root`` is in."""
    try:
        state = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    except _GitError:
        return History(False, "内容不在 git 仓库中（如从压缩包构建），没有版本记录可查")
    lines = state.decode("utf-8", "replace").split()
    if lines[:1] != ["true"]:
        return History(False, "内容不在 git 仓库中（如从压缩包构建），没有版本记录可查")
    shallow = lines[1:2] == ["true"]
    try:
        log = _git(
            root,
            "log",
            f"--max-count={MAX_COMMITS}",
            "--format=%x01%H %ct",
            "-z",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--relative",
            "--",
            ".",
            limit=MAX_LOG_BYTES,
        )
    except _GitError:
        return History(False, "读取版本记录失败，没有版本记录可查")
    if not log.strip():
        return History(False, "内容还没有提交到 git 仓库，没有版本记录可查")
    blobs: dict[str, list[tuple[str, int, str]]] = {}  # path → (commit, time, blob), newest first
    for commit, time, path, blob in _changes(log):
        if path in files:
            blobs.setdefault(path, []).append((commit, time, blob))
    history = History(
        not shallow,
        "本站的版本记录不完整（仓库是浅克隆），首次发布时间和修订可能不全" if shallow else "",
    )
    wanted: list[str] = []
    chains: dict[str, list[tuple[str, int, str]]] = {}
    for path, changes in blobs.items():
        chain = _since_added(changes[::-1])
        chains[path] = chain[-MAX_VERSIONS:] if len(chain) > 1 else chain
        if len(chain) > 1:
            wanted += [blob for _, _, blob in chains[path] if blob]
    contents = _read_blobs(root, wanted) if wanted else {}
    for path, chain in chains.items():
        versions = []
        for commit, time, blob in chain:
            data, problem = None, ""
            if len(chain) > 1:
                data, problem = _parse(contents.get(blob))
            versions.append(Version(commit, time, data, problem))
        history.versions[path] = versions
        first = _since_added(blobs[path][::-1])[0]
        history.added[path] = Version(first[0], first[1])
    return history


def _since_added(chain: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """The versions since the file was last added (a file deleted and added again starts anew)."""
    start = 0
    for i, (_, _, blob) in enumerate(chain):
        if not blob:
            start = i + 1
    return chain[start:]


def _changes(log: bytes) -> Iterator[tuple[str, int, str, str]]:
    """(commit, time, path, blob or "" when deleted) from ``git log -z --raw`` output."""
    for chunk in log.split(b"\x01"):
        if not chunk:
            continue
        fields = chunk.split(b"\x00")
        head = fields[0].decode("ascii", "replace").split()
        if len(head) != 2 or not head[1].isdigit():
            continue
        commit, time = head[0], int(head[1])
        items = fields[1:]
        for i in range(0, len(items) - 1, 2):
            meta = items[i].strip().decode("ascii", "replace").split()
            if len(meta) != 5 or not meta[0].startswith(":"):
                continue
            path = items[i + 1].decode("utf-8", "replace")
            blob = "" if meta[4] == "D" else meta[3]
            yield commit, time, path, blob


def _read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes | None]:
    """The blobs' bytes by one ``git cat-file --batch`` (None: larger than the reader takes)."""
    out: dict[str, bytes | None] = {}
    unique = list(dict.fromkeys(blobs))
    with tempfile.TemporaryFile() as request:
        request.write("".join(f"{b}\n" for b in unique).encode("ascii"))
        request.seek(0)
        process = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=root,
            stdin=request,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdout is not None
        try:
            for blob in unique:
                header = process.stdout.readline().split()
                if len(header) != 3 or not header[2].isdigit():
                    break  # "missing" or an unexpected answer: the rest stays unread
                size = int(header[2])
                if size > yamlread.MAX_BYTES:
                    _skip(process.stdout, size + 1)
                    out[blob] = None
                    continue
                out[blob] = process.stdout.read(size)
                process.stdout.read(1)  # the newline after the content
        finally:
            process.stdout.close()
            process.kill()
            process.wait()
    return out


def _skip(stream: Any, size: int) -> None:
    while size > 0:
        chunk = stream.read(min(size, 1 << 20))
        if not chunk:
            return
        size -= len(chunk)


def _parse(raw: bytes | None) -> tuple[dict[str, Any] | None, str]:
    if raw is None:
        return None, "这一版本的文件过大或无法读出，未比较"
    doc = yamlread.parse_bytes(raw)
    if not doc.ok or not doc.complete or not isinstance(doc.value, dict):
        return None, "这一版本的文件有格式错误，未比较"
    return doc.value, ""


class _GitError(Exception):
    pass


def _git(root: Path, *args: str, limit: int = 1 << 20) -> bytes:
    try:
        with tempfile.TemporaryFile() as out:
            done = subprocess.run(
                ["git", "-c", "core.quotepath=off", *args],
                cwd=root,
                stdout=out,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT,
                check=False,
            )
            if done.returncode != 0:
                raise _GitError(args[0])
            out.seek(0)
            data = out.read(limit + 1)
    except (OSError, subprocess.SubprocessError) as error:
        raise _GitError(str(error)) from None
    if len(data) > limit:
        raise _GitError("too long")
    return data
