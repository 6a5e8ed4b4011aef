"""Benchmark: build the whole portal for a fictional province, and a plain site of the same size.

    python benchmarks/build_bench.py [--bodies 2000] [--years 5] [--rounds N] [--json OUT]

In one run: (1) writes a fictional province (fictional/province.py) to a temporary folder;
(2) builds the portal from it (`portal build` through mkdocs, in a child process so its peak
memory is its own), timing every stage; (3) builds a plain mkdocs-material site with the same
number of trivial pages and the same theme settings, also in a child process; (4) reports both
and their ratio — the portal's overhead over mkdocs-material itself, the figure to drive down.
With ``--rounds N`` steps 2 and 3 alternate N times and the fastest build of each is compared
(every round is printed too): on a shared host one build can take half as long again as the same
build a minute later, and the fastest is the one least disturbed.

Stages: load, validate, analyse, render (content → Markdown), export (open data), then mkdocs:
the rest of the build, and the search index (the portal: its own index, built beside mkdocs by the
portal plugin and written after the pages; the plain site: mkdocs-material's search plugin, timed inside it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _walk(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _time_search_index(timings: dict[str, float]) -> None:
    """Wrap the search plugin so the time it spends indexing pages and writing is measured.

    With the material theme, ``search`` is mkdocs-material's own plugin: it segments each page
    (jieba, for Chinese) in ``on_page_context`` and writes the index in ``on_post_build``.
    """
    from material.plugins.search.plugin import SearchPlugin

    for hook in ("on_page_context", "on_post_build"):
        original = getattr(SearchPlugin, hook)

        def timed(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                timings["search index"] = timings.get("search index", 0.0) + elapsed

        setattr(SearchPlugin, hook, timed)


def child_portal(content: Path, site: Path) -> dict[str, Any]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=False)
    plugin = config.plugins["portal"]
    plugin.config.content = str(content)
    mkdocs_build(config)
    total = time.perf_counter() - start
    generated = plugin.generated
    stages = dict(generated.timings)
    search_index = stages.pop("search index", 0.0)
    # Written by a second process while mkdocs renders: shown, but not part of the sum.
    beside = stages.pop("export (beside mkdocs)", 0.0)
    portal_time = sum(stages.values())
    stages["mkdocs (rest)"] = total - portal_time - search_index
    stages["search index"] = search_index
    stages["(export, beside mkdocs)"] = beside
    files, size = _walk(site)
    search_files, search_bytes = _walk(site / "search")
    return {
        "total": total,
        "stages": stages,
        "reports": len(generated.portal.reports),
        "pages": generated.page_count,
        "before_mkdocs": portal_time,
        "files": files,
        "bytes": size,
        "search_index_files": search_files,
        # Pages filled into their shape's skeleton (generator/skeleton.py) rather than rendered
        # by the theme: should a theme upgrade make the skeletons unusable, this shows it.
        "skeleton_filled": plugin.skeletons.filled if plugin.skeletons else 0,
        "skeleton_shapes": len(plugin.skeletons.shapes) if plugin.skeletons else 0,
        "search_index_bytes": search_bytes,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


PLAIN_CONFIG = """\
site_name: 对照站点
site_url: http://127.0.0.1:8000/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features: {features}
nav:
  - 首页: index.md
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def child_plain(work: Path, pages: int) -> dict[str, Any]:
    """A mkdocs-material site of ``pages`` trivial pages, same theme settings, no portal."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        ours = yaml_load(handle)
    docs = work / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n对照站点。\n", encoding="utf-8")
    for i in range(1, pages):
        folder = docs / f"p{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{i}.md").write_text(f"# 页面 {i}\n\n一段文字。\n", encoding="utf-8")
    config_file = work / "mkdocs.yml"
    config_file.write_text(
        PLAIN_CONFIG.format(features=json.dumps(ours["theme"]["features"])), encoding="utf-8"
    )
    timings: dict[str, float] = {}
    _time_search_index(timings)
    start = time.perf_counter()
    config = load_config(str(config_file), site_dir=str(work / "site"))
    mkdocs_build(config)
    total = time.perf_counter() - start
    files, size = _walk(work / "site")
    return {
        "total": total,
        "stages": {"mkdocs (rest)": total - timings["search index"], **timings},
        "files": files,
        "bytes": size,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


class MemorySampler(threading.Thread):
    """Samples the memory of a process and all its descendants while it runs (Linux).

    Each process's *proportional* set size (PSS, from ``/proc/PID/smaps_rollup``): pages shared
    by several processes are divided between them, so the sum is what the machine really holds.
    (RSS would count the pages a forked child shares with its parent twice.) Records the peak of
    the sum, and each process kind's own peak (the build, the export and search children). Also the
    CPU seconds each kind used (user + system, last sample of each process): on two cores the
    wall time can only shrink as far as the sum allows.

    Once a second, not more often: reading ``smaps_rollup`` walks the process's page tables
    (about 17 ms per GB of memory, measured) while the build waits on its memory map. Five times
    a second over the portal's four processes made the portal's stages before mkdocs 6% slower
    (17.7 s against 16.4 s unobserved, measured twice each), and the plain site (under 200 MB)
    hardly paid it: the ratio was skewed against the portal.
    """

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_total_mb = 0.0
        self.peak_by_kind: dict[str, float] = {}
        self._cpu_by_pid: dict[int, tuple[str, float]] = {}
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            total = 0.0
            for pid, kind, cpu in self._tree():
                self._cpu_by_pid[pid] = (kind, cpu)
                pss = _pss_mb(pid)
                total += pss
                self.peak_by_kind[kind] = max(self.peak_by_kind.get(kind, 0.0), pss)
            self.peak_total_mb = max(self.peak_total_mb, total)

    def stop(self) -> dict[str, Any]:
        self._done.set()
        self.join()
        cpu: dict[str, float] = {}
        for kind, seconds in self._cpu_by_pid.values():
            cpu[kind] = cpu.get(kind, 0.0) + seconds
        return {
            "peak_total_mb": self.peak_total_mb,
            "peak_by_process_mb": self.peak_by_kind,
            "cpu_seconds": cpu,
        }

    def _tree(self) -> list[tuple[int, str, float]]:
        parents: dict[int, int] = {}
        names: dict[int, str] = {}
        cpu: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                name_end = stat.rindex(")")
                fields = stat[name_end + 2 :].split()
                names[int(entry.name)] = stat[stat.index("(") + 1 : name_end]
                parents[int(entry.name)] = int(fields[1])
                # utime and stime (fields 14 and 15 of stat), in clock ticks.
                cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _TICKS
        # A process that has ended keeps the CPU time of its last sample (not 0).
        out = [(self.pid, "build", cpu[self.pid])] if self.pid in cpu else []
        frontier = [self.pid]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent:
                    out.append((pid, _kind(names[pid]), cpu.get(pid, 0.0)))
                    frontier.append(pid)
        return out


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _kind(name: str) -> str:
    """What a child process of the build is, from its name (multiprocessing names it)."""
    for kind in ("search", "render"):
        if kind in name:
            return f"{kind} child"
    return "export child"


def _pss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _probe() -> float:
    """Seconds for a fixed pure-Python loop: how fast the host runs right now.

    Shared CI and cloud hosts change speed from minute to minute (the same loop has taken 2.3 s
    and 4.8 s on the same VM within ten minutes). The probe runs before the portal build, between
    the builds and after the plain one: when the three differ, the ratio is not to be trusted.
    """
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def _child(*args: str) -> dict[str, Any]:
    # Both sites with an address of their own, so both write a sitemap (PLAIN_CONFIG's).
    env = {**os.environ, "PYTHONHASHSEED": "0", "PORTAL_SITE_URL": "http://127.0.0.1:8000/"}
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    sampler = MemorySampler(process.pid)
    if Path("/proc/self/smaps_rollup").exists():
        sampler.start()
    stdout, stderr = process.communicate()
    memory = sampler.stop() if sampler.is_alive() else {}
    if process.returncode != 0:
        raise SystemExit(stderr[-4000:])
    return {**json.loads(stdout.strip().splitlines()[-1]), **memory}


def _print_build(title: str, figures: dict[str, Any], extra: list[str]) -> None:
    print(
        f"\n{title}: {figures['files']} files, {figures['bytes'] / 1e6:.1f} MB written, "
        f"peak RSS {figures['peak_rss_mb']:.0f} MB"
    )
    for stage, seconds in figures["stages"].items():
        print(f"  {stage:<24} {seconds:8.2f} s")
    print(f"  {'total':<24} {figures['total']:8.2f} s")
    for line in extra:
        print(f"  {line}")


def _memory_lines(figures: dict[str, Any]) -> list[str]:
    if "peak_total_mb" not in figures:
        return []
    kinds = ", ".join(f"{k} {v:.0f}" for k, v in figures["peak_by_process_mb"].items())
    return [
        f"peak memory, all processes together (PSS): {figures['peak_total_mb']:.0f} MB "
        f"(each one's own peak, MB: {kinds})",
        "CPU seconds (user + system): "
        + ", ".join(f"{k} {v:.1f}" for k, v in figures["cpu_seconds"].items()),
    ]


#: GitHub Pages: a published site may be at most 1 GB (the limit our own workflow deploys to).
PAGES_LIMIT = 1_000_000_000


def _weight_lines(figures: dict[str, Any]) -> list[str]:
    """Bytes and files written per report, and how many such reports fit one Pages site."""
    reports = max(1, figures["reports"])
    per_report = figures["bytes"] / reports
    fits = int(PAGES_LIMIT / per_report) if per_report else 0
    return [
        f"written per report: {per_report / 1024:.1f} KB in {figures['files'] / reports:.2f} files "
        "(target ≤ 100 KB)",
        f"GitHub Pages (1 GB): this site uses {figures['bytes'] / PAGES_LIMIT:.0%}; "
        f"at this weight about {fits:,} reports fit",
    ]


def _commit_history(content: Path) -> int:
    """Commit the province, then correct one cell of every 20th report in a second commit."""

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
            cwd=content,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "province")
    revised = 0
    for n, path in enumerate(sorted(content.glob("bodies/*/[0-9]*.yaml"))):
        if n % 20:
            continue
        text = path.read_text(encoding="utf-8")
        changed = re.sub(
            r"(\n  new_requests: \[)(\d+)",
            lambda m: m.group(1) + str(int(m.group(2)) + 1),
            text,
            count=1,
        )
        if changed != text:
            path.write_text(changed, encoding="utf-8")
            revised += 1
    git("commit", "-q", "-am", "corrections")
    return revised


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bodies", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--weight",
        action="store_true",
        help="also measure page weight and the first search query in Chromium (weight_bench.py)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="build both sites this many times, alternately, and compare the fastest of each "
        "(a shared host's speed drifts between builds)",
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help="commit the province to a git repository, then a second commit correcting one "
        "cell in every 20th report (the build then reads and compares their history)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "portal":
            result = child_portal(Path(rest[0]), Path(rest[1]))
        else:
            result = child_plain(Path(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return

    from fictional.province import make_province

    rounds: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        start = time.perf_counter()
        reports = make_province(base / "content", args.bodies, args.years)
        print(
            f"fictional province: {args.bodies} bodies, {reports} reports, "
            f"written in {time.perf_counter() - start:.1f} s"
        )
        if args.history:
            start = time.perf_counter()
            revised = _commit_history(base / "content")
            print(
                f"history: two commits, {revised} reports corrected in the second, "
                f"in {time.perf_counter() - start:.1f} s"
            )
        # Each build starts with nothing left to write to disk: otherwise the province's files,
        # then the portal's 2.4 GB, would be written back during the next build and counted in it.
        # Every round's sites stay until the end: deleting gigabytes of files just before a build
        # slowed that build by up to 1.5× on a VM whose disk discards freed blocks.
        os.sync()
        for number in range(max(1, args.rounds)):
            probes = [_probe()]
            site = base / f"site-{number}"
            portal = _child("portal", str(base / "content"), str(site))
            os.sync()
            probes.append(_probe())
            plain = _child("plain", str(base / f"plain-{number}"), str(portal["pages"]))
            os.sync()
            probes.append(_probe())
            rounds.append({"portal": portal, "plain": plain, "probes": probes, "site": site})
        weight = None
        if args.weight:
            from weight_bench import measure

            # A word from the fictional prose, found on thousands of pages: the heavy case.
            weight = measure(rounds[-1]["site"], "行政复议")

    portal = min((r["portal"] for r in rounds), key=lambda f: f["total"])
    plain = min((r["plain"] for r in rounds), key=lambda f: f["total"])
    _print_build(
        f"portal build: {portal['pages']} pages"
        + (" (the fastest round)" if len(rounds) > 1 else ""),
        portal,
        [
            f"content → Markdown (before mkdocs): {portal['before_mkdocs']:.2f} s "
            f"= {portal['reports'] / portal['before_mkdocs']:,.0f} reports/s",
            *_memory_lines(portal),
            f"pages filled from skeletons: {portal['skeleton_filled']:,} of {portal['pages']:,} "
            f"({portal['skeleton_shapes']} shapes; the rest rendered by the theme)",
            f"search index: {portal['search_index_files']} files, "
            f"{portal['search_index_bytes'] / 1e6:.1f} MB in all (a query fetches a few)",
            *_weight_lines(portal),
        ],
    )
    _print_build(
        f"plain mkdocs-material, {portal['pages']} trivial pages", plain, _memory_lines(plain)
    )
    print()
    for number, r in enumerate(rounds, start=1):
        probes = r["probes"]
        steady = max(probes) / min(probes)
        print(
            f"round {number}: portal {r['portal']['total']:.1f} s, plain {r['plain']['total']:.1f} s, "
            f"ratio {r['portal']['total'] / r['plain']['total']:.2f}×; host speed probe (s; before, "
            "between, after): "
            + ", ".join(f"{p:.2f}" for p in probes)
            + (" — steady" if steady < 1.15 else f" — host speed varied {steady:.2f}×")
        )
    if len(rounds) > 1:
        peak = max(r["portal"].get("peak_total_mb", 0.0) for r in rounds)
        print(f"peak memory of the portal build, highest of the rounds: {peak:.0f} MB")
    ratio = portal["total"] / plain["total"]
    print(
        f"ratio portal / plain mkdocs-material: {ratio:.2f}× (target ≤ 1.0×)"
        + (f", the fastest build of each over {len(rounds)} rounds" if len(rounds) > 1 else "")
    )
    if weight is not None:
        from weight_bench import report

        report(weight)
    if args.json:
        figures: dict[str, Any] = {"bodies": args.bodies, "reports": reports}
        figures["portal"], figures["plain"], figures["ratio"] = portal, plain, ratio
        figures["rounds"] = [
            {"portal": r["portal"], "plain": r["plain"], "host_speed_probes": r["probes"]}
            for r in rounds
        ]
        figures["weight"] = weight
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
