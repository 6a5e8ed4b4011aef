"""The ``portal`` command line: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import arguments, workers
from .checks import findings as findings_mod
from .checks import schemas
from .content import tree as content_mod
from .publish import owners, scaffold


def cmd_validate(args: argparse.Namespace) -> int:
    root: Path = args.content
    if not root.is_dir():
        print(f"portal: 找不到内容目录 {root}", file=sys.stderr)
        return 2
    from .pipeline import checked

    try:  # on two cores, as in a build (the CLI is one thread, so forking is safe)
        _content, result = checked(root, parallel=True)
    except workers.WorkerError as error:  # the second process failed (a bug, or out of memory)
        print(f"portal: 检查没有完成：{error}", file=sys.stderr)
        return 2
    if args.paths:
        # Only files of the tree are checked: anything else would "pass" without being read.
        refused = [
            f"portal: 找不到 {p}" if not p.exists() else f"portal: {p} 不在内容目录 {root} 里"
            for p in args.paths
            if not p.exists() or not p.resolve().is_relative_to(root.resolve())
        ]
        if refused:
            print("\n".join(refused), file=sys.stderr)
            return 2
        result = result.only(args.paths)
    print(findings_mod.RENDERERS[args.format](result.findings, result.checked))
    summary = args.summary
    if summary is None and args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        summary = Path(os.environ["GITHUB_STEP_SUMMARY"])
    if summary is not None:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(findings_mod.render_summary(result.findings, result.checked))
    if result.errors or (args.strict and result.warnings):
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    # Imported here: building pulls in mkdocs and the theme, which `portal validate` never needs.
    from .site import build

    if not args.config.is_file():
        print(f"portal: 找不到配置文件 {args.config}", file=sys.stderr)
        return 2
    options = ("content", "site_dir", "strict", "verbose", "force")
    return build.build(args.config, **{name: getattr(args, name) for name in options})


def cmd_export(args: argparse.Namespace) -> int:
    from . import pipeline

    if not args.content.is_dir():
        print(f"portal: 找不到内容目录 {args.content}", file=sys.stderr)
        return 2
    try:
        written = pipeline.export_to(args.content, args.out, force=args.force)
    except pipeline.ContentError as error:
        print("内容有错误，没有导出：", file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    except FileExistsError as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
    except workers.WorkerError as error:  # the second process failed (a bug, or out of memory)
        print(f"portal: 导出没有完成：{error}", file=sys.stderr)
        return 2
    print(f"已导出 {len(written)} 个文件到 {args.out}")
    return 0


def _scaffold(make: Callable[[], scaffold.Written]) -> int:
    try:
        written = make()
    except scaffold.ScaffoldError as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
    print(f"已生成 {content_mod.display_path(written.path)}。{written.hint}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    return _scaffold(lambda: scaffold.new_report(args.content, args.body, args.year, args.format))


def cmd_new_body(args: argparse.Namespace) -> int:
    values = {
        "name": args.name,
        "short_name": args.short_name,
        "level": args.level,
        "kind": args.kind,
        "region": args.region,
        "parent": args.parent,
        "website": args.website,
        "maintainers": args.maintainers,
    }
    return _scaffold(lambda: scaffold.new_body(args.content, args.body, values))


def cmd_codeowners(args: argparse.Namespace) -> int:
    if not args.content.is_dir():
        print(f"portal: 找不到内容目录 {args.content}", file=sys.stderr)
        return 2
    from .pipeline import checked

    content, result = checked(args.content)
    if result.errors:
        # Owners come from body.yaml; a malformed entry must never reach CODEOWNERS.
        print("内容有错误，没有生成 CODEOWNERS：", file=sys.stderr)
        print(findings_mod.render_text(result.errors, result.checked), file=sys.stderr)
        return 1
    existing = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
    try:
        wanted = owners.wanted(content, args.content, args.repo_root, existing)
    except owners.OwnersError as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
    if wanted == existing:
        print(f"{args.out} 已是最新")
        return 0
    if args.check:
        print(
            f"{args.out} 与各机关 body.yaml 里的 maintainers 不一致：请运行 portal codeowners "
            "并提交更新后的文件",
            file=sys.stderr,
        )
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(wanted, encoding="utf-8")
    print(f"已更新 {args.out}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    # Imported here: only this command needs the importer (and pdfplumber for PDF files).
    from .importer import command

    return command.run(args)


def cmd_schema(args: argparse.Namespace) -> int:
    changed = schemas.write_all(args.out)
    for path in changed:
        print(f"已更新 {path}")
    if not changed:
        print("schema 已是最新")
    return 0


_ERRNO_WORDS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "这是只读的文件系统",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.ENOENT: "找不到文件或文件夹",
}


def os_message(error: OSError) -> str:
    """A file-system error in the user's words: what failed and on which path."""
    words = _ERRNO_WORDS.get(error.errno or 0) or error.strerror or str(error)
    where = f"：{error.filename}" if error.filename else ""
    return f"读写文件失败（{words}）{where}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``portal`` command."""
    args = arguments.parser().parse_args(argv)
    commands = {
        "validate": cmd_validate,
        "build": cmd_build,
        "export": cmd_export,
        "schema": cmd_schema,
        "new": cmd_new,
        "new-body": cmd_new_body,
        "codeowners": cmd_codeowners,
        "import": cmd_import,
    }
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a full disk, a read-only or unreadable folder: said, not a traceback
        print(f"portal: {os_message(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
