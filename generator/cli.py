"""The ``portal`` command line: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import workers
from .checks import findings as findings_mod
from .checks import schemas
from .content import tree as content_mod
from .publish import owners, scaffold


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="内容目录（默认 content）"
    )


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
    _content_arg(v)
    v.add_argument("--strict", action="store_true", help="有警告也算不通过")
    v.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="输出格式：text 给人看；json 给程序；github 为 GitHub Actions 的行内标注",
    )
    v.add_argument(
        "--summary",
        type=Path,
        default=None,
        help="另把 Markdown 摘要追加到这个文件（--format github 时默认 $GITHUB_STEP_SUMMARY）",
    )

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
    b.add_argument(
        "--force", action="store_true", help="输出目录里已有不是本工具生成的文件时也替换它"
    )

    e = sub.add_parser(
        "export",
        help="不生成网站，只导出开放数据文件（CSV、JSON、YAML、zip）",
        description="校验 content/，然后把网站“开放数据”里的全部文件写到输出目录。",
    )
    _content_arg(e)
    e.add_argument("--out", type=Path, default=Path("export"), help="输出目录（默认 export）")
    e.add_argument("--force", action="store_true", help="输出目录里已有别的文件时也写入")

    n = sub.add_parser(
        "new",
        help="生成某机关某年度报告的空白模板",
        description="在 content/bodies/<机关编号>/<年度>.yaml 生成空白模板："
        "每一格都已列出，旁边注明官方表格的名称。已有的文件不会被改动。",
    )
    n.add_argument("body", help="机关编号（content/bodies/ 下的文件夹名）")
    n.add_argument("year", type=int, help="报告年度，如 2024")
    n.add_argument(
        "--format",
        type=int,
        choices=(2019, 2021),
        default=None,
        help="表格格式（默认：2019、2020 年度用 2019 年格式，之后用 2021 年格式）",
    )
    _content_arg(n)

    nb = sub.add_parser(
        "new-body",
        help="生成新机关的基本信息模板（body.yaml）",
        description="建立 content/bodies/<机关编号>/body.yaml；没给出的项写成 null，待填写。",
    )
    nb.add_argument("body", help="机关编号：小写拼音、数字和连字符，如 sanming-shaxian-xinfang")
    nb.add_argument("--name", help="机关全称")
    nb.add_argument("--short-name", help="简称")
    nb.add_argument("--level", choices=schemas.LEVELS, help="层级")
    nb.add_argument("--kind", choices=schemas.BODY_KINDS, help="机关类型")
    nb.add_argument("--region", help="所属地区编号（content/regions.yaml 里的）")
    nb.add_argument("--parent", help="上级机关编号")
    nb.add_argument("--website", help="网站地址")
    nb.add_argument(
        "--maintainer",
        action="append",
        dest="maintainers",
        metavar="@账号",
        help="可批准本机关修改的 GitHub 账号或团队，可重复",
    )
    _content_arg(nb)

    c = sub.add_parser(
        "codeowners",
        help="根据各机关的 maintainers 生成 .github/CODEOWNERS",
        description="更新 CODEOWNERS 里由本工具生成的区块；文件里其他内容原样保留。",
    )
    _content_arg(c)
    c.add_argument("--out", type=Path, default=Path(".github/CODEOWNERS"), help="输出文件")
    c.add_argument("--repo-root", type=Path, default=Path("."), help="仓库根目录（默认当前目录）")
    c.add_argument("--check", action="store_true", help="只检查是否最新，不写文件；过期时退出码 1")

    im = sub.add_parser(
        "import",
        help="把已发布的年度报告（PDF、网页、文本）转成 YAML 草稿",
        description="读取已发布的报告（PDF、HTML 网页、Markdown、PDF 提取的文字或制表符分隔的表格、"
        "网页抓取的文字），生成 content/bodies/<机关编号>/<年度>.yaml 草稿，供人工核对。"
        "读不准的格子写 null 并注明原因，不会猜。已有的文件不会被改动，除非加 --force。",
    )
    im.add_argument("file", type=Path, help="报告原文文件（.pdf .html .md .txt .tsv）")
    im.add_argument("--body", required=True, help="机关编号（content/bodies/ 下的文件夹名）")
    im.add_argument("--year", required=True, type=int, help="报告年度（所统计的年份）")
    _content_arg(im)
    im.add_argument(
        "--out",
        default=None,
        help="写到这个文件（默认 content/bodies/<机关编号>/<年度>.yaml；- 表示只输出到屏幕）",
    )
    im.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    s = sub.add_parser("schema", help="根据表格定义重新生成 schema/ 下的 JSON Schema")
    s.add_argument("--out", type=Path, default=Path("schema"), help="输出目录（默认 schema）")
    return parser


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
        missing = [p for p in args.paths if not p.exists()]
        for p in missing:
            print(f"portal: 找不到 {p}", file=sys.stderr)
        if missing:
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
    from . import importer
    from .importer import save

    try:
        scaffold.check_id(args.body)
        scaffold.check_year(args.year)
        draft = importer.import_file(args.file, args.body, args.year)
        if args.out == "-":
            target, shown = None, "<草稿>"
        else:
            hint = f"再导入（原文标题：{draft.data.get('title') or ''}）；或用 --out 把草稿写到别处"
            target = (
                Path(args.out)
                if args.out
                else scaffold.require_body(args.content, args.body, hint) / f"{args.year}.yaml"
            )
            shown = content_mod.display_path(target)
            save.write(target, draft.yaml, args.force)
    except (scaffold.ScaffoldError, importer.SourceError, save.SaveError) as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
    if target is None:
        sys.stdout.write(draft.yaml)
    cells = draft.unknown
    out = sys.stderr if target is None else sys.stdout
    print(
        (f"已生成 {shown}（导入草稿）。" if target else "")
        + (f"有 {len(cells)} 处无法确定，写作 null，见文件中的 ⚠：" if cells else "各格都已读出。")
        + "请对照原文逐格核对。",
        file=out,
    )
    for path, reason in cells:
        print(f"  {path}：{reason}", file=out)
    for warning in draft.warnings:
        print(f"注意：{warning}", file=out)
    found = save.check(draft.yaml, args.body, args.year, args.content, shown)
    print(findings_mod.render_text(found, 1), file=out)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    changed = schemas.write_all(args.out)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
