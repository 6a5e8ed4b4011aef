"""The ``portal`` command line: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import content as content_mod
from . import findings as findings_mod
from . import schema
from .validate import validate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portal",
        description="政府信息公开工作年度报告门户：校验内容、生成网站。",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    v = sub.add_parser(
        "validate", help="校验 content/ 下的内容文件", description="校验内容文件，列出所有问题。"
    )
    v.add_argument("paths", nargs="*", type=Path, help="只报告这些文件或文件夹的问题（默认：全部）")
    v.add_argument("--content", type=Path, default=Path("content"), help="内容目录（默认 content）")
    v.add_argument("--strict", action="store_true", help="有警告也算不通过")
    v.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")

    b = sub.add_parser(
        "build",
        help="校验内容并生成网站（mkdocs-material）",
        description="校验 content/，有错误就停止；没有错误就生成页面并构建网站到 site/。",
    )
    b.add_argument(
        "--content", type=Path, default=None, help="内容目录（默认取 mkdocs.yml 的设置）"
    )
    b.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs 配置文件")
    b.add_argument("--site-dir", type=Path, default=None, help="输出目录（默认 site）")
    b.add_argument("--strict", action="store_true", help="mkdocs 有任何警告就算失败")
    b.add_argument("--verbose", "-v", action="store_true", help="显示每一步的信息")

    e = sub.add_parser(
        "export",
        help="不生成网站，只导出开放数据文件（CSV、JSON、YAML、zip）",
        description="校验 content/，然后把网站“开放数据”里的全部文件写到输出目录。",
    )
    e.add_argument("--content", type=Path, default=Path("content"), help="内容目录（默认 content）")
    e.add_argument("--out", type=Path, default=Path("export"), help="输出目录（默认 export）")
    e.add_argument("--force", action="store_true", help="输出目录里已有别的文件时也写入")

    s = sub.add_parser("schema", help="根据表格定义重新生成 schema/ 下的 JSON Schema")
    s.add_argument("--out", type=Path, default=Path("schema"), help="输出目录（默认 schema）")
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    root: Path = args.content
    if not root.is_dir():
        print(f"portal: 找不到内容目录 {root}", file=sys.stderr)
        return 2
    result = validate(content_mod.load(root))
    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        for p in missing:
            print(f"portal: 找不到 {p}", file=sys.stderr)
        if missing:
            return 2
        result = result.only(args.paths)
    render = findings_mod.render_json if args.format == "json" else findings_mod.render_text
    print(render(result.findings, result.checked))
    if result.errors or (args.strict and result.warnings):
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    # Imported here: building pulls in mkdocs and the theme, which `portal validate` never needs.
    from . import build

    if not args.config.is_file():
        print(f"portal: 找不到配置文件 {args.config}", file=sys.stderr)
        return 2
    return build.build(
        args.config,
        content=args.content,
        site_dir=args.site_dir,
        strict=args.strict,
        verbose=args.verbose,
    )


def cmd_export(args: argparse.Namespace) -> int:
    from . import site

    if not args.content.is_dir():
        print(f"portal: 找不到内容目录 {args.content}", file=sys.stderr)
        return 2
    try:
        written = site.export_to(args.content, args.out, force=args.force)
    except site.ContentError as error:
        print("内容有错误，没有导出：", file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    except FileExistsError as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
    print(f"已导出 {len(written)} 个文件到 {args.out}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    changed = schema.write_all(args.out)
    for path in changed:
        print(f"已更新 {path}")
    if not changed:
        print("schema 已是最新")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``portal`` command."""
    args = _parser().parse_args(argv)
    commands = {
        "validate": cmd_validate,
        "build": cmd_build,
        "export": cmd_export,
        "schema": cmd_schema,
    }
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
