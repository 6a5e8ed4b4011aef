"""CODEOWNERS from the bodies' ``maintainers``: each body's staff approve their own folder.

GitHub reads ``.github/CODEOWNERS`` top to bottom and the *last* matching pattern wins, so the
generated lines (one per body folder) go at the end, after whatever the portal's own team wrote
by hand (typically ``* @portal-team`` for the code and everything else). Only the part between
the two marker lines is ours; the rest of the file is the user's and is kept byte for byte.
"""

from __future__ import annotations

from pathlib import Path

from ..content.tree import BODIES_DIR, Content

BEGIN = "# BEGIN portal codeowners（由 portal codeowners 按各机关 body.yaml 的 maintainers 生成，请勿手改）"
END = "# END portal codeowners"

NEW_FILE_HEADER = """\
# 谁来批准修改（GitHub CODEOWNERS）：一个文件匹配多行时，以最后一行为准。
# 门户团队的默认审核人写在下面生成区块的上方，例如：
#   * @your-org/portal-team
"""


class OwnersError(Exception):
    """CODEOWNERS could not be generated; the message says why."""


def repo_path(content_root: Path, repo_root: Path) -> str:
    """The content folder as a CODEOWNERS pattern prefix (``/content``), rooted at the repo."""
    try:
        rel = content_root.resolve().relative_to(repo_root.resolve())
    except ValueError:
        raise OwnersError(f"内容目录 {content_root} 不在仓库 {repo_root} 里") from None
    return "/" + rel.as_posix() if rel.parts else ""


def block(content: Content, prefix: str) -> str:
    """The generated lines: one per body that lists maintainers, in folder order."""
    lines = [BEGIN]
    for body_id, body in sorted(content.bodies.items()):
        people = body.data.get("maintainers")
        if not isinstance(people, list):
            continue
        names = [p for p in people if isinstance(p, str)]
        if names:
            lines.append(f"{prefix}/{BODIES_DIR}/{body_id}/ " + " ".join(names))
    lines.append(END)
    return "\n".join(lines) + "\n"


def merge(existing: str | None, generated: str) -> str:
    """``existing`` with its generated block replaced (or appended when it has none)."""
    if existing is None:
        return NEW_FILE_HEADER + "\n" + generated
    lines = existing.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == END]
    if not starts and not ends:
        sep = "" if not existing or existing.endswith("\n") else "\n"
        return existing + sep + ("\n" if existing.strip() else "") + generated
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise OwnersError(
            "CODEOWNERS 里的生成区块标记不完整或重复：请手工删掉 "
            f"“{BEGIN}”到“{END}”之间的内容（含这两行）后再运行"
        )
    return "".join(lines[: starts[0]]) + generated + "".join(lines[ends[0] + 1 :])


def wanted(content: Content, content_root: Path, repo_root: Path, existing: str | None) -> str:
    """The whole CODEOWNERS file as it should be: ``existing`` with the generated block renewed."""
    return merge(existing, block(content, repo_path(content_root, repo_root)))
