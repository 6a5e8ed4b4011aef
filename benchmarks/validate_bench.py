"""Benchmark: `portal validate` over a generated province of clearly fictional bodies.

    python benchmarks/validate_bench.py [--bodies 2000] [--years 5]

Writes the tree to a temporary folder (never to content/), then times loading and validation
on one core and reports reports-per-second. Target (issue 2): 10,000 reports in under 10 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fictional import ContentTree, report, requests  # noqa: E402
from generator.checks import validate  # noqa: E402
from generator.content import tree as content  # noqa: E402


def build_tree(root: Path, bodies: int, years: int, seed: int = 1) -> int:
    """A fictional province: most bodies get 0-5 requests, a few thousands; some don't add up."""
    rng = random.Random(seed)
    tree = ContentTree(root)
    tree.write_regions()
    written = 0
    for b in range(bodies):
        body_id = f"fict-body-{b:05d}"
        tree.write_body(body_id)
        forward = 0
        for year in range(2024 - years + 1, 2025):
            n = rng.choice([0, 0, 1, 2, 3, 5]) if rng.random() < 0.97 else rng.randint(500, 5000)
            data = requests(report(body_id, year), n, carried=forward)
            data["text"]["overview"] = "虚构机关的总体情况。" * rng.randint(20, 200)
            if rng.random() < 0.05:  # a published total that does not add up
                data["table3"]["outcomes"]["total"][6] += 1
            tree.write_report(data)
            forward = 0
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=2000)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        t0 = time.perf_counter()
        n = build_tree(root, args.bodies, args.years)
        t1 = time.perf_counter()
        loaded = content.load(root)
        t2 = time.perf_counter()
        result = validate.validate(loaded)
        t3 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in root.rglob("*.yaml")) / 1e6
        print(f"reports: {n} ({size:.1f} MB of YAML), generated in {t1 - t0:.1f} s")
        print(f"load (read + parse):  {t2 - t1:6.2f} s")
        print(f"validate (all checks): {t3 - t2:6.2f} s")
        print(f"total:                 {t3 - t1:6.2f} s  ->  {n / (t3 - t1):,.0f} reports/s")
        print(
            f"findings: {len(result.errors)} errors, {len(result.warnings)} warnings; peak RSS {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
