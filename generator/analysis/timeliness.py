"""Whether a report came out on time.

《中华人民共和国政府信息公开条例》第四十九条: the annual report is published by 31 January of the
following year. The date is the report's ``published`` (the date it gives or was published on);
without one, the page says the date is unknown, never "on time".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

BASIS = "《政府信息公开条例》第四十九条：每年 1 月 31 日前公布上一年度的年度报告"


@dataclass(frozen=True)
class Timeliness:
    """A report's publication date against its deadline."""

    year: int
    published: datetime.date | None  # None: not stated (or not a real date)

    @property
    def deadline(self) -> datetime.date:
        return datetime.date(self.year + 1, 1, 31)

    @property
    def days_late(self) -> int | None:
        """Days after the deadline (0 when on time); None when the date is unknown."""
        if self.published is None:
            return None
        return max(0, (self.published - self.deadline).days)

    @property
    def status(self) -> str:
        """``on_time``, ``late`` or ``unknown`` (for downloads and sorting)."""
        late = self.days_late
        return "unknown" if late is None else "late" if late else "on_time"

    def describe(self) -> str:
        """In words: 按时发布 / 逾期 N 天 / 发布日期不详."""
        late = self.days_late
        if late is None:
            return "发布日期不详"
        return f"逾期 {late} 天" if late else "按时发布"


def timeliness(data: dict[str, Any], year: int) -> Timeliness:
    """The report's timeliness from its ``published`` field (``"YYYY-MM-DD"`` or null)."""
    value = data.get("published")
    published = None
    if isinstance(value, str):
        try:
            published = datetime.date.fromisoformat(value)
        except ValueError:
            published = None  # the schema checks the shape; 2023-02-30 is still no date
    return Timeliness(year, published)
