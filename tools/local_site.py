"""A built site served on a free local port and the system's Chromium, for the screenshot tools
(run from tools/)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``site`` in a background thread: its address and the server (``shutdown()`` it)."""
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


@contextmanager
def browsing(site: Path) -> Iterator[tuple[str, Any]]:
    """``site`` served (:func:`serve`) and the system's Chromium launched through playwright:
    the site's address and the browser, both closed afterwards."""
    from playwright.sync_api import sync_playwright

    address, httpd = serve(site)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                yield address, browser
            finally:
                browser.close()
    finally:
        httpd.shutdown()
