"""Benchmark: ``portal import`` of a folder of published reports, with the summary.

    python benchmarks/import_bench.py prepare DIR [--reports 200]
    python benchmarks/import_bench.py run DIR [--serial]

``prepare`` writes DIR/reports/: fictional reports (虚构市示例区…, values drawn per file) printed
in every shape the importer reads — PDF text, tab-separated tables, Markdown, simple HTML, whole
saved web pages, PDF→Markdown conversions (two kinds), a crawler's flattened text — with a
manifest CSV, and DIR/content/: the fictional bodies they belong to. ``run`` imports the manifest
into a new folder under DIR (drafts never go to ``content/``) exactly as ``portal import
--manifest`` does, prints the summary's totals and the time; ``--serial`` on one core, for
comparison. Nothing is written outside DIR.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fictional import ContentTree, shapes  # noqa: E402
from generator import workers  # noqa: E402
from generator.importer import batch  # noqa: E402

SHAPES = ("pdf-text", "tsv", "markdown", "html", "word", "three", "mangled", "flat")
SUFFIX = {"pdf-text": ".txt", "tsv": ".tsv", "markdown": ".md", "html": ".html", "flat": ".txt"}


def _printed(shape: str, fiction: shapes.Fiction) -> str:
    if shape == "pdf-text":
        return shapes.lines(fiction, " ")
    if shape == "tsv":
        return shapes.lines(fiction, "\t")
    if shape == "markdown":
        return shapes.markdown(fiction)
    if shape == "html":
        return shapes.page(fiction)
    if shape == "word":
        return shapes.word_page(fiction)
    if shape == "flat":
        return shapes.flat(fiction)
    return shapes.pdf_markdown(fiction, shape)


def prepare(folder: Path, reports: int) -> None:
    """Write the reports, their manifest and the fictional content tree under ``folder``."""
    out = folder / "reports"
    out.mkdir(parents=True)
    tree = ContentTree(folder / "content")
    tree.write_regions()
    lines = ["file,body,year"]
    for b in range((reports + 4) // 5):
        tree.write_body(f"fict-import-{b:04d}")
    for n in range(reports):
        rng = random.Random(n)
        shape = SHAPES[n % len(SHAPES)]
        body, year = f"fict-import-{n // 5:04d}", 2019 + n % 5
        fmt = 2019 if year <= 2020 else 2021

        def draw(k: int, rng: random.Random = rng) -> int:
            return rng.choice([0, 1, rng.randint(0, k)])

        fiction = shapes.consistent(fmt, fmt == 2019 or n % 2 == 0, draw)
        fiction.year = year
        if shape in ("word", "three", "mangled"):
            fiction = shapes.with_blanks(fiction)
        name = f"report-{n:04d}{SUFFIX.get(shape, '.html' if shape == 'word' else '.md')}"
        (out / name).write_text(_printed(shape, fiction), encoding="utf-8")
        lines.append(f"{name},{body},{year if n % 4 else ''}")  # some years from the title
    (out / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{reports} 份报告写入 {out}（{len(SHAPES)} 种形式），清单 {out / 'manifest.csv'}")


def run(folder: Path, serial: bool) -> None:
    """Import the manifest as the command does and print the totals and the time."""
    if serial:
        workers.run = lambda jobs, name="": workers.serial(jobs)  # type: ignore[assignment]
    started = time.perf_counter()
    items = batch.from_manifest(folder / "reports" / "manifest.csv")
    target = Path(tempfile.mkdtemp(prefix="drafts-", dir=folder))
    outcomes = batch.run(items, folder / "content", target)
    elapsed = time.perf_counter() - started
    cells = sum(o.read + o.blank + o.absent + o.unknown for o in outcomes)
    unknown = sum(o.unknown for o in outcomes)
    written = sum(o.status == "written" for o in outcomes)
    print(
        f"{len(outcomes)} files, {written} drafts written, {cells} cells, {unknown} unknown, "
        f"{elapsed:.2f} s ({len(outcomes) / elapsed:.1f} reports/s"
        f"{', one core' if serial else ''})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("folder", type=Path)
    p.add_argument("--reports", type=int, default=200)
    r = sub.add_parser("run")
    r.add_argument("folder", type=Path)
    r.add_argument("--serial", action="store_true")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.folder, args.reports)
    else:
        run(args.folder, args.serial)


if __name__ == "__main__":
    main()
