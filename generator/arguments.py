"""The ``portal`` command's arguments and help texts (the commands themselves are in cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .checks import schemas


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="内容目录（默认 content）"
    )


def parser() -> argparse.ArgumentParser:
    """The ``portal`` command's arguments, with the help each command prints."""
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
        "读不准的格子写 null 并注明原因，不会猜。已有的文件不会被改动，除非加 --force。"
        "给出一个文件夹（加 --body）或一份清单（--manifest）可一次导入多个报告，"
        "最后列出每个文件读出、空白、无法确定的格数；一次导入多个时从不覆盖已有文件。",
    )
    im.add_argument(
        "file",
        type=Path,
        nargs="?",
        help="报告原文文件（.pdf .html .md .txt .tsv），或放着同一机关各年报告的文件夹",
    )
    im.add_argument("--body", help="机关编号（content/bodies/ 下的文件夹名）")
    im.add_argument("--year", type=int, help="报告年度（所统计的年份；导入文件夹时取自各报告标题）")
    im.add_argument(
        "--manifest",
        type=Path,
        metavar="清单.csv",
        help="清单 CSV，列名 file,body,year（或 文件,机关,年度），文件写相对清单所在文件夹的路径",
    )
    _content_arg(im)
    im.add_argument(
        "--out",
        default=None,
        help="写到这个文件（默认 content/bodies/<机关编号>/<年度>.yaml；- 表示只输出到屏幕）；"
        "导入多个时是草稿的文件夹（写成 <文件夹>/<机关编号>/<年度>.yaml）",
    )
    im.add_argument(
        "--force", action="store_true", help="输出文件已存在时覆盖它（只用于导入一个文件）"
    )
    im.add_argument(
        "--summary", type=Path, metavar="汇总.csv", help="导入多个时，另把汇总表写成 CSV"
    )

    s = sub.add_parser("schema", help="根据表格定义重新生成 schema/ 下的 JSON Schema")
    s.add_argument("--out", type=Path, default=Path("schema"), help="输出目录（默认 schema）")
    return parser
