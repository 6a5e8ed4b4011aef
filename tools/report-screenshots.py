"""Screenshots of a report page on a desktop (1366×900) and on a phone (390×844, touch), for
docs/screenshots/ and the issue notes: the key figures with their checks, and table 四.

Builds nothing: give it a built site (``portal build --site-dir DIR``). Run from the
repository root (needs Chromium and the dev dependencies)::

    .venv/bin/python tools/report-screenshots.py SITE [REPORT] [OUT]

REPORT defaults to ``bodies/huaian-hongze-gov/2023/`` (a real report whose table 四 does not
add up), OUT to ``docs/screenshots``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from local_site import browsing

SHOTS = {
    # name: (viewport, touch, the element shown at the top)
    "report-desktop-figures": ((1366, 900), False, "#key-figures"),
    "report-desktop-table4": ((1366, 900), False, "#table4"),
    "report-phone-figures": ((390, 844), True, "#key-figures"),
    "report-phone-table4": ((390, 844), True, "#official-table4"),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    site = Path(argv[0])
    report = argv[1] if len(argv) > 1 else "bodies/huaian-hongze-gov/2023/"
    out = Path(argv[2] if len(argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with browsing(site) as (address, browser):
        for name, ((width, height), touch, anchor) in SHOTS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                is_mobile=touch,
                has_touch=touch,
            )
            page = context.new_page()
            page.goto(f"{address}{report}", wait_until="networkidle")
            page.evaluate(
                "a => { const e = document.querySelector(a);"
                " window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 70); }",
                anchor,
            )
            page.wait_for_timeout(500)  # the header's title settles after a scroll
            page.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
            context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
