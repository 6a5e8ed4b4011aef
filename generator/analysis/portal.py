"""Analyse: turn validated content into what the pages show.

Everything here is computed once for the whole portal (key figures, year-over-year changes, region
trees and totals, data-quality lists) so that rendering a page is only formatting. Cross-year and
cross-body views need all reports at once, which is why analysis runs after validation and before
any page is rendered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..checks.findings import WARNING, Finding
from ..checks.validate import Result
from ..content.tree import Content, Report
from . import reuse as reuse_mod
from .figures import KEY_FIGURES, Number, Path_, Val, disputed_cells, key_figures
from .reuse import Reuse
from .revisions import Revisions
from .timeliness import Timeliness, timeliness


@dataclass
class ReportView:
    """One report as the pages need it."""

    body_id: str
    year: int
    layout: int
    data: dict[str, Any]
    file: str  # the content file as users see it
    figures: dict[str, Val]
    path: Path | None = None  # the content file on disk (its bytes are the "as published" download)
    # Validation warnings for this file: failed consistency rules with both sides, layout notes.
    quality: list[Finding] = field(default_factory=list)
    # Cells of failing equations → the rules (the tables highlight them).
    disputed: dict[Path_, tuple[str, ...]] = field(default_factory=dict)
    # Accountability signals: prose repeated from last year, publication date, revisions.
    reuse: Reuse = field(default_factory=lambda: Reuse(None))
    timeliness: Timeliness | None = None
    revisions: Revisions = field(default_factory=lambda: Revisions(None, note="没有读取版本记录"))

    @property
    def title(self) -> str:
        return str(self.data.get("title") or "")


@dataclass
class BodyView:
    id: str
    data: dict[str, Any]
    reports: dict[int, ReportView] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)  # bodies whose parent is this body

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.id)

    @property
    def short_name(self) -> str:
        return str(self.data.get("short_name") or self.name)

    @property
    def region(self) -> str | None:
        return self.data.get("region")

    @property
    def years(self) -> list[int]:
        return sorted(self.reports)

    @property
    def latest(self) -> ReportView | None:
        return self.reports[max(self.reports)] if self.reports else None


@dataclass
class RegionView:
    id: str
    name: str
    level: str
    code: str | None
    parent: str | None
    short_name: str = ""
    children: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)  # bodies placed directly in this region


@dataclass(frozen=True)
class Total:
    """A figure summed over several reports: the sum of the numbers and how many had none."""

    number: Number
    counted: int
    without: int  # reports where the figure was blank, "/", unreadable or absent
    disputed: int = 0  # counted reports whose number is in an equation that fails


@dataclass(frozen=True)
class Change:
    """Year-over-year change of one figure between two consecutive reported years."""

    absolute: Number
    percent: Decimal | None  # None when last year's value was 0
    # Either year's number is in an equation that fails (its rules): the change may be wrong.
    disputed: tuple[str, ...] = ()


@dataclass
class Portal:
    """The analysed portal: every view the pages are rendered from."""

    regions: dict[str, RegionView]
    bodies: dict[str, BodyView]
    years: list[int]  # every report year present, ascending

    @property
    def reports(self) -> list[ReportView]:
        return [r for b in self.bodies.values() for r in b.reports.values()]

    @property
    def year_range(self) -> list[int]:
        """Every year from the first report year to the last, including years with no report."""
        return list(range(self.years[0], self.years[-1] + 1)) if self.years else []

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def reports_of_year(self, year: int) -> list[ReportView]:
        return [b.reports[year] for b in self.bodies.values() if year in b.reports]

    def region_path(self, region_id: str | None) -> list[RegionView]:
        """The region and its ancestors, outermost first (stops on cycles, which validation flags)."""
        path: list[RegionView] = []
        seen: set[str] = set()
        while region_id and region_id in self.regions and region_id not in seen:
            seen.add(region_id)
            path.append(self.regions[region_id])
            region_id = self.regions[region_id].parent
        return path[::-1]

    def subtree_bodies(self, region_id: str) -> list[BodyView]:
        """Bodies in a region and all regions below it, in region order then by id."""
        out: list[BodyView] = []
        stack, seen = [region_id], set()
        while stack:
            rid = stack.pop(0)
            if rid in seen or rid not in self.regions:
                continue
            seen.add(rid)
            out.extend(self.bodies[b] for b in self.regions[rid].bodies)
            stack.extend(self.regions[rid].children)
        return out

    @property
    def roots(self) -> list[RegionView]:
        return [r for r in self.regions.values() if not r.parent or r.parent not in self.regions]


def analyse(
    content: Content,
    result: Result,
    revised: dict[str, Revisions] | None = None,
    reused: dict[str, dict[int, Reuse]] | None = None,
) -> Portal:
    """Build the portal's views from validated content (call only when there are no errors).

    ``revised``: each report file's revisions (below the content root;
    :func:`generator.analysis.revisions.of_files`); without them the pages say there is none. ``reused``: :func:`reuse_of`
    computed beforehand (the pipeline runs it beside validation); without it, computed here.
    """
    warnings: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        if f.severity == WARNING:
            warnings[f.file].append(f)

    regions: dict[str, RegionView] = {}
    for rid, entry in sorted(content.region_data().items()):
        entry = entry if isinstance(entry, dict) else {}
        regions[rid] = RegionView(
            rid,
            str(entry.get("name") or rid),
            str(entry.get("level") or ""),
            entry.get("code"),
            entry.get("parent"),
            str(entry.get("short_name") or ""),
        )
    for region in regions.values():
        if region.parent in regions:
            regions[region.parent].children.append(region.id)

    bodies: dict[str, BodyView] = {}
    years: set[int] = set()
    reused = reuse_of(content) if reused is None else reused
    for bid, body in sorted(content.bodies.items()):
        view = BodyView(bid, body.data)
        for year, report in sorted(body.reports.items()):
            rv = view.reports[year] = _report_view(report, warnings)
            rv.reuse = reused[bid][year]
            rv.timeliness = timeliness(report.data, year)
            if revised is not None:
                rv.revisions = revised.get(content_path(content, report), rv.revisions)
            years.add(year)
        bodies[bid] = view
        if view.region in regions:
            regions[view.region].bodies.append(bid)
    for view in bodies.values():
        parent = view.data.get("parent")
        if parent in bodies:
            bodies[parent].children.append(view.id)
    return Portal(regions, bodies, sorted(years))


def reuse_of(
    content: Content, share: int = 0, shares: int = 1, _inbox: object = None
) -> dict[str, dict[int, Reuse]]:
    """Each report's text reused from the year before (:mod:`generator.analysis.reuse`), by
    body and year; of every ``shares``-th body from the ``share``-th. A
    :class:`generator.workers.Worker` target too (``_inbox`` unused): it needs only the
    content, so the pipeline runs it beside validation."""
    return {
        bid: reuse_mod.body_reuse({y: _text(r.data) for y, r in body.reports.items()})
        for n, (bid, body) in enumerate(content.bodies.items())
        if n % shares == share
    }


def _text(data: dict[str, Any]) -> dict[str, Any]:
    text = data.get("text")
    return text if isinstance(text, dict) else {}


def content_path(content: Content, report: Report) -> str:
    """The report's file below the content root, as git names it."""
    try:
        return report.source.path.relative_to(content.root).as_posix()
    except ValueError:
        return report.source.display


def _report_view(report: Report, warnings: dict[str, list[Finding]]) -> ReportView:
    data = report.data
    quality = sorted(warnings.get(report.source.display, []), key=Finding.sort_key)
    disputed = disputed_cells(quality)
    return ReportView(
        report.body_id,
        report.year,
        report.layout or 2021,
        data,
        report.source.display,
        key_figures(data, disputed),
        path=report.source.path,
        quality=quality,
        disputed=disputed,
    )


def year_span(body: BodyView, last_year: int | None) -> list[int]:
    """Years to show for a body: its first report through the portal's latest year.

    Years inside the span with no report are shown as missing (never as zero).
    """
    if not body.reports:
        return []
    end = max(max(body.reports), last_year or 0)
    return list(range(min(body.reports), end + 1))


def change(previous: Val | None, current: Val | None) -> Change | None:
    """Change from the previous year's value; None unless both years have a number."""
    if previous is None or current is None or not previous.ok or not current.ok:
        return None
    before, now = previous.number, current.number
    assert before is not None and now is not None
    diff = now - before
    percent = None if before == 0 else (Decimal(diff) / Decimal(before) * 100)
    disputed = tuple(sorted({*previous.disputed, *current.disputed}))
    return Change(diff, percent, disputed)


def yoy(body: BodyView, years: list[int]) -> dict[str, list[tuple[int, Val | None, Change | None]]]:
    """For each key figure, per year: (year, value or None if no report, change vs year−1).

    A change is only computed between consecutive years that both have a report: comparing
    2021 with 2019 across a missing 2020 would pass off two years of change as one.
    """
    out: dict[str, list[tuple[int, Val | None, Change | None]]] = {}
    for figure in KEY_FIGURES:
        row = []
        for year in years:
            report = body.reports.get(year)
            value = report.figures[figure.key] if report else None
            before = body.reports.get(year - 1)
            previous = before.figures[figure.key] if before else None
            row.append((year, value, change(previous, value) if report else None))
        out[figure.key] = row
    return out


def totals(reports: list[ReportView]) -> dict[str, Total]:
    """Each key figure summed over ``reports``, counting the reports that had no number."""
    out = {}
    for figure in KEY_FIGURES:
        values = [v for r in reports if (v := r.figures[figure.key]).ok]
        out[figure.key] = Total(
            sum(v.number for v in values) if values else 0,  # type: ignore[misc]
            len(values),
            len(reports) - len(values),
            sum(1 for v in values if v.disputed),
        )
    return out


def totals_by_year(
    bodies: list[BodyView], years: list[int]
) -> dict[int, tuple[int, dict[str, Total]]]:
    """Per year: (number of reports, totals) over the given bodies."""
    out = {}
    for year in years:
        reports = [b.reports[year] for b in bodies if year in b.reports]
        if reports:
            out[year] = (len(reports), totals(reports))
    return out
