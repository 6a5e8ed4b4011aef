"""The site's weight per report: what a province costs on the host our workflow deploys to.

GitHub Pages publishes at most 1 GB. The budget is 100 KB written per report (issue 30): two
fictional provinces of different sizes are built and the difference in bytes is divided by the
difference in reports, so the fixed part (theme, scripts, the chart library) is not counted and
what grows with the content is.
"""

from __future__ import annotations

from pathlib import Path

from fictional.province import make_province
from generator import cli

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 100 * 1024


def _site(tmp_path: Path, bodies: int) -> tuple[int, int, int]:
    content = tmp_path / f"content-{bodies}"
    reports = make_province(content, bodies, 5)
    site = tmp_path / f"site-{bodies}"
    args = ["build", "--config", str(ROOT / "mkdocs.yml"), "--content", str(content)]
    assert cli.main([*args, "--site-dir", str(site)]) == 0
    files = [p for p in site.rglob("*") if p.is_file()]
    return reports, sum(p.stat().st_size for p in files), len(files)


def test_each_report_adds_at_most_100_kb_to_the_site(tmp_path: Path) -> None:
    small, small_bytes, small_files = _site(tmp_path, 40)
    large, large_bytes, large_files = _site(tmp_path, 120)
    per_report = (large_bytes - small_bytes) / (large - small)
    assert per_report <= BUDGET, f"{per_report / 1024:.1f} KB a report"
    # Files too (each one is an upload and an inode): a report page, its YAML and its share of
    # the body, region, comparison and search files.
    assert (large_files - small_files) / (large - small) < 6
