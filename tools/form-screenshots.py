"""Screenshots of the fill-in form (填报表单) for the publisher guide (``site_pages/guide/``).

Builds nothing: give it a built site (``portal build --site-dir DIR``). Run from the repository
root (needs Chromium and the dev dependencies)::

    .venv/bin/python tools/form-screenshots.py SITE [OUT]

OUT defaults to ``site_pages/guide``. The shots open a real report published on the site
(沙县信访局 2023), change one cell of table 三 so that its row no longer adds up, type a word into
a cell, save, and show the same on a phone.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from local_site import browsing
from playwright.sync_api import Page

BODY, YEAR = "sanming-shaxian-xinfang", "2023"
CELL = '[data-pt-layout="2021"] [data-path="table3.outcomes.granted[0]"]'


def _top(page: Page, selector: str, offset: int = 70) -> None:
    page.evaluate(
        "([s, o]) => { const e = document.querySelector(s);"
        " window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - o); }",
        [selector, offset],
    )
    page.wait_for_timeout(400)  # the header's title settles after a scroll


def _open(page: Page, address: str) -> None:
    page.goto(address + "form/", wait_until="networkidle")
    page.fill("#pt-form-open-body", BODY)
    page.fill("#pt-form-open-year", YEAR)
    page.click("#pt-form-open-site")
    page.wait_for_function(
        "document.getElementById('pt-form-status').textContent.startsWith('已打开')"
    )


def _break_a_row(page: Page) -> None:
    page.fill(CELL, "3")
    page.wait_for_selector('[data-path="table3.outcomes.granted[6]"] + .pt-form-msg')
    word = '[data-pt-layout="2021"] [data-path="table3.outcomes.partly_granted[1]"]'
    page.fill(word, "一")
    page.wait_for_selector(word + " + .pt-form-msg")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    site = Path(argv[0])
    out = Path(argv[1] if len(argv) > 1 else "site_pages/guide")
    out.mkdir(parents=True, exist_ok=True)
    with browsing(site) as (address, browser):
        desktop = browser.new_context(
            viewport={"width": 1366, "height": 900}, accept_downloads=True
        )
        page = desktop.new_page()
        _open(page, address)
        _top(page, "#pt-form-open-h")
        page.screenshot(path=str(out / "form-open.png"))
        _break_a_row(page)
        _top(page, "#pt-form-problems-h")
        page.screenshot(path=str(out / "form-problems.png"))
        _top(page, "#official-table3", 160)
        page.screenshot(path=str(out / "form-table.png"))
        with page.expect_download() as download, tempfile.TemporaryDirectory() as scratch:
            page.click("#pt-form-save")
            download.value.save_as(Path(scratch) / "saved.yaml")
        _top(page, "#pt-form-save-h")
        page.screenshot(path=str(out / "form-save.png"))
        desktop.close()
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = phone.new_page()
        _open(page, address)
        _break_a_row(page)
        _top(page, '[data-pt-layout="2021"] #official-table3', 120)
        page.screenshot(path=str(out / "form-phone.png"))
        phone.close()
    for name in ("open", "problems", "table", "save", "phone"):
        print(out / f"form-{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
