"""Accessibility: axe-core (from npm, tools/site) run in Chromium over the main page types.

Home, a region, a body and a report page, in the light and the dark scheme (contrast differs):
no violation of impact "serious" or "critical" (WCAG 2.1 A/AA rules and axe's best practices).
Every page of the real site and of a fictional province, on a desktop and on a phone, in the
light scheme: test_every_page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_browser import CHROMIUM, FLAGS, ROOT, built, server, sync_api  # noqa: F401

AXE = ROOT / "tools" / "site" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "region": "regions/jiangsu-huaian-hongze/",
    "body": "bodies/huaian-hongze-gov/",
    "report": "bodies/huaian-hongze-gov/2023/",
}


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}); run `make tools`")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def serious_violations(
    browser: object, url: str, scheme: str, size: tuple[int, int] = (1280, 900)
) -> list[str]:
    """axe's serious and critical findings on ``url`` in the ``scheme`` (light/dark) colours,
    in a window of ``size`` (a phone's is touch and mobile)."""
    width, height = size
    phone = width < 500
    page = browser.new_page(  # type: ignore[attr-defined]
        color_scheme=scheme,
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
    )
    try:
        page.goto(url, wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }"""
        )
        return list(result)
    finally:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_serious_accessibility_violations(
    server: str,  # noqa: F811
    chromium: object,
    kind: str,
    scheme: str,
) -> None:
    assert serious_violations(chromium, server + PAGES[kind], scheme) == []


def test_axe_finds_what_it_should(server: str, chromium: object, tmp_path: Path) -> None:  # noqa: F811
    # The check itself works: an image without text and unlabelled input are reported.
    page = chromium.new_page()  # type: ignore[attr-defined]
    try:
        page.set_content('<html lang="zh"><body><img src="x.png"><input></body></html>')
        page.add_script_tag(path=str(AXE))
        ids = page.evaluate("async () => (await axe.run()).violations.map(v => v.id).sort()")
    finally:
        page.close()
    assert "image-alt" in ids and "label" in ids
