"""What a citizen's browser downloads: a report page's first visit, and a first search query.

    python benchmarks/weight_bench.py SITE_DIR [--query 信访局] [--json OUT]

Serves a built site locally the way docs/deploy.md's nginx does (gzip for text types), opens it in headless Chromium and counts the bytes each response
put on the wire (body as transferred + headers). Two scenarios:

* **report page, first visit**: empty cache, a report page with charts; waits until the charts
  are drawn (plotly.js loaded) and the network is idle.
* **first search query**: on a visited page, type a query in the search box; counts only what
  the search fetched (the index's manifest and shards, the results' records) and the time
  from the keystroke to the first result, unthrottled and as a phone on a slow 4G network
  (Chromium's emulation: 4× slower CPU, 150 ms latency, 1.6 Mbit/s down).

Needs Chromium and playwright (``.ci/run`` installs both).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PHONE = {"latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text like the documented nginx set-up."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts or not kind.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` on a free local port; return the server and its base URL."""
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _transferred(page: Any) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []

    def finished(request: Any) -> None:
        sizes = request.sizes()
        records.append(
            {
                "url": request.url,
                "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
            }
        )

    page.on("requestfinished", finished)
    return records


def _report_url(site: Path) -> str:
    """A report page with charts: the first report of the body with the most years."""
    bodies = [p for p in (site / "bodies").iterdir() if p.is_dir()]
    best = max(bodies, key=lambda p: (len([y for y in p.iterdir() if y.name.isdigit()]), p.name))
    year = max(y.name for y in best.iterdir() if y.name.isdigit())
    return f"bodies/{best.name}/{year}/"


def measure(site: Path, query: str) -> dict[str, Any]:
    """Bytes and times for the two scenarios (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    server, base = serve(site)
    report = _report_url(site)
    out: dict[str, Any] = {"report_page": report, "query": query}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            # 1. A report page, empty cache.
            page = browser.new_page()
            records = _transferred(page)
            page.goto(base + report, wait_until="networkidle")
            page.wait_for_selector(".pt-plot[data-drawn] .main-svg", timeout=30000)
            page.wait_for_load_state("networkidle")
            out["report_first_visit_bytes"] = sum(r["bytes"] for r in records)
            out["report_first_visit_files"] = len(records)
            out["report_largest"] = sorted(
                ((r["bytes"], r["url"].replace(base, "/")) for r in records), reverse=True
            )[:5]
            page.close()
            # 2. The first query, unthrottled and as a phone.
            for label, phone in (("", False), ("_phone", True)):
                page = browser.new_page()
                page.goto(base + report, wait_until="networkidle")
                if phone:
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.emulateNetworkConditions", {"offline": False, **PHONE})
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                records = _transferred(page)
                page.locator(".md-search__input").click()
                page.evaluate("window.__t0 = performance.now()")
                page.keyboard.type(query)
                page.wait_for_selector(".md-search-result__item", timeout=60000)
                elapsed = page.evaluate("performance.now() - window.__t0")
                page.wait_for_load_state("networkidle")
                fetched = [r for r in records if "/search/" in r["url"]]
                out[f"query_bytes{label}"] = sum(r["bytes"] for r in fetched)
                out[f"query_bytes_uncompressed{label}"] = sum(
                    (site / urlsplit(r["url"]).path.lstrip("/")).stat().st_size for r in fetched
                )
                out[f"query_files{label}"] = len(fetched)
                out[f"query_ms{label}"] = round(elapsed)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def report(figures: dict[str, Any]) -> None:
    """Print the figures against the issue's targets."""
    print(f"\nreport page, first visit ({figures['report_page']}):")
    print(
        f"  {figures['report_first_visit_bytes'] / 1024:,.0f} KB transferred in "
        f"{figures['report_first_visit_files']} files (target ≤ 600 KB); largest:"
    )
    for size, url in figures["report_largest"]:
        print(f"    {size / 1024:8,.0f} KB  {url}")
    print(f"first search query “{figures['query']}”:")
    print(
        f"  {figures['query_bytes'] / 1024:,.0f} KB in {figures['query_files']} files "
        f"({figures['query_bytes_uncompressed'] / 1024:,.0f} KB uncompressed; target ≤ 1 MB); "
        f"first result after {figures['query_ms']} ms"
    )
    print(
        f"  as a phone on slow 4G: {figures['query_bytes_phone'] / 1024:,.0f} KB, "
        f"first result after {figures['query_ms_phone']} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site (portal build --site-dir …)")
    parser.add_argument("--query", default="信访局")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (args.site / "search" / "manifest.json").is_file():
        sys.exit(f"{args.site} is not a built portal site (no search/manifest.json)")
    figures = measure(args.site, args.query)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
