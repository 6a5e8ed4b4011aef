"""Screenshots of the editor for the publisher guide (site_pages/guide/*.png).

The page (index.html + main.js, built with vite) is VS Code's editor component, Monaco, with
monaco-yaml, which bundles the same yaml-language-server that VS Code's YAML extension runs. It
is given the portal's JSON Schemas exactly as ``schema/`` publishes them and a content file made
by ``portal new`` for a fictional body, so what the pictures show is what the schema makes an
editor show. Run from the repository root (needs Node.js, npm and Chromium)::

    npm ci --prefix tools/editor-screenshots
    npm run --prefix tools/editor-screenshots build
    .venv/bin/python tools/editor-screenshots/shoot.py
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.checks import schemas  # noqa: E402
from generator.publish import scaffold  # noqa: E402

DIST = Path(__file__).resolve().parent / "dist"
OUT = ROOT / "site_pages" / "guide"
BODY = "fict-bureau"  # fictional: screenshots are published


def _schemas() -> list[dict[str, Any]]:
    globs = {
        "report.schema.json": ["**/[0-9][0-9][0-9][0-9].yaml"],
        "body.schema.json": ["**/body.yaml"],
        "regions.schema.json": ["**/regions.yaml"],
    }
    return [
        {"uri": f"file:///schema/{name}", "fileMatch": globs[name], "schema": schemas.get(name)}
        for name in schemas.SCHEMAS
    ]


def _line_of(text: str, pattern: str) -> tuple[int, int]:
    for number, line in enumerate(text.split("\n"), 1):
        match = re.search(pattern, line)
        if match:
            return number, match.start() + 1
    raise LookupError(pattern)


def _open(page: Page, base: str, path: str, text: str, problems: bool) -> None:
    scenario = {
        "title": path,
        "uri": f"file:///{path}",
        "text": text,
        "schemas": _schemas(),
    }
    page.add_init_script(f"window.PORTAL_SCENARIO = {_json(scenario)};")
    page.goto(base + "index.html")
    page.wait_for_function("window.portal && window.portal.editor")
    if problems:
        page.evaluate("document.body.classList.add('with-problems')")
        page.wait_for_function("window.portal.showProblems() > 0", timeout=20_000)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _hover(page: Page, line: int, column: int, top: int) -> None:
    page.evaluate(
        """([line, column, top]) => {
          const e = window.portal.editor;
          e.setScrollTop(Math.max(0, (top - 1) * 22));
          e.setPosition({ lineNumber: line, column });
          e.focus();
          e.trigger('shoot', 'editor.action.showHover', {});
        }""",
        [line, column, top],
    )
    page.wait_for_selector(".monaco-hover-content", state="visible", timeout=20_000)
    page.wait_for_timeout(300)


def _shot(
    page_factory: Any, base: str, path: str, text: str, at: str, offset: int, name: str
) -> Path:
    """Open ``text`` as ``path``, hover where ``at`` (a regex) matches, save ``name``."""
    page = page_factory()
    problems = name != "editor-hover.png"
    _open(page, base, path, text, problems=problems)
    line, col = _line_of(text, at)
    _hover(page, line, col + offset, max(1, line - 8))
    out = OUT / name
    page.screenshot(path=out)
    page.close()
    return out


def shoot(page_factory: Any, base: str) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    report_path = f"content/bodies/{BODY}/2024.yaml"
    template = scaffold.report_template(BODY, 2024, 2021, report_path)
    # 2. A row typed with a cell missing: underlined at once, the message says what is wrong.
    typed = template.replace("title: null", 'title: "虚构市虚构局2024年政府信息公开工作年度报告"')
    typed = typed.replace(
        "new_requests: [null, null, null, null, null, null, null]",
        "new_requests: [3, 0, 0, 0, 0, 0]",
    )
    # 3. A body's metadata with a value outside the allowed choices.
    body_path = f"content/bodies/{BODY}/body.yaml"
    body = scaffold.body_template(
        {
            "id": BODY,
            "name": "虚构省虚构市虚构局",
            "short_name": "虚构局",
            "level": "区",
            "kind": "政府工作部门",
            "region": "fict-province-city",
        },
        body_path,
    )
    return [
        # 1. The template: hovering a row shows its official label and what to write.
        _shot(page_factory, base, report_path, template, r"new_requests", 2, "editor-hover.png"),
        _shot(page_factory, base, report_path, typed, r"\[3, 0", 1, "editor-error.png"),
        _shot(page_factory, base, body_path, body, r"^level: ", 8, "editor-choices.png"),
    ]


def main() -> int:
    if not (DIST / "index.html").is_file():
        print("先构建页面：npm run --prefix tools/editor-screenshots build", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DIST))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 1100, "height": 620}, locale="zh-CN")
        for path in shoot(context.new_page, base):
            print(f"已写入 {path.relative_to(ROOT)}")
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
