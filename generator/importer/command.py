"""``portal import``: one file, a folder of one body's reports, or a manifest CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..checks import findings as findings_mod
from ..content import tree as content_mod
from ..publish import scaffold
from . import SourceError, batch, import_file, save, summary


def run(args: argparse.Namespace) -> int:
    """Run the command; the exit code is 1 when a file could not be imported."""
    path: Path | None = args.file
    if args.manifest is not None or (path is not None and path.is_dir()):
        return _many(args)
    if path is None:
        return _usage("请给出报告文件、报告所在的文件夹，或用 --manifest 给出清单")
    if not args.body or args.year is None:
        return _usage("导入一个文件时 --body 和 --year 都要写")
    if args.summary is not None:
        return _usage("--summary 只用于一次导入多个文件（文件夹或 --manifest）")
    return _one(args)


def _usage(message: str) -> int:
    print(f"portal import: {message}", file=sys.stderr)
    return 2


def _one(args: argparse.Namespace) -> int:
    try:
        scaffold.check_id(args.body)
        scaffold.check_year(args.year)
        draft = import_file(args.file, args.body, args.year)
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
    except (scaffold.ScaffoldError, SourceError, save.SaveError) as error:
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


def _many(args: argparse.Namespace) -> int:
    if args.force:
        return _usage("一次导入多个文件时从不覆盖已有的文件，不能加 --force")
    if args.out == "-":
        return _usage("一次导入多个文件时不能用 --out -；可用 --out 文件夹 把草稿写到别处")
    try:
        if args.manifest is not None:
            if args.file is not None or args.body or args.year is not None:
                return _usage("用 --manifest 时，文件、机关和年度都写在清单里")
            items = batch.from_manifest(args.manifest)
        else:
            if not args.body:
                return _usage("导入一个文件夹时要用 --body 写明这些报告属于哪个机关")
            if args.year is not None:
                return _usage("导入一个文件夹时年度取自各报告的标题，不用 --year")
            items = batch.from_folder(args.file, args.body)
    except SourceError as error:
        print(f"portal: {error}", file=sys.stderr)
        return 1
    if args.summary is not None and args.summary.exists():
        print(f"portal: {args.summary} 已经存在，没有改动它", file=sys.stderr)
        return 1
    out_dir = Path(args.out) if args.out else None
    outcomes = batch.run(items, args.content, out_dir, summary.Progress())
    print(summary.table(outcomes))
    if args.summary is not None:
        try:
            summary.write_csv(outcomes, args.summary)
        except FileExistsError:
            print(f"portal: {args.summary} 已经存在，没有改动它", file=sys.stderr)
            return 1
        print(f"汇总表已写入 {args.summary}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0
