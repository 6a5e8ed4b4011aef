"""docs/deploy.md's nginx configuration, run for real in front of a built fictional site.

Needs nginx (Debian's package). Skipped locally without it; required when
``PORTAL_REQUIRE_TOOLS=1`` (``.ci/run`` installs it).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from fictional import ContentTree, portal_tree

from .test_site_build import build

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    if NGINX is None:
        if os.environ.get("PORTAL_REQUIRE_TOOLS") == "1":
            raise RuntimeError("PORTAL_REQUIRE_TOOLS=1 but nginx is not installed")
        pytest.skip("nginx not installed")
    base = tmp_path_factory.mktemp("deploy")
    tree = ContentTree(base / "content")
    portal_tree(tree)
    release = base / "releases" / "r1"
    assert build(tree.root, release, "--strict") == 0
    (base / "current").symlink_to(release)

    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    server, types = re.findall(r"```nginx\n(.*?)```", doc, re.S)[:2]
    port = _free_port()
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("/srv/portal/current", str(base / "current"))
    temp = " ".join(
        f"{kind}_temp_path {base / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = base / "nginx.conf"
    # pytest's temporary folders are private to the user running the tests: as root, the
    # workers must run as root too (nginx would otherwise switch them to "nobody").
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"{user}worker_processes 1;\npid {base / 'nginx.pid'};\nerror_log {base / 'error.log'};\n"
        "daemon off;\nevents {}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\n{types}\naccess_log off;\n{temp}\n{server}\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(base)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()) from None
            time.sleep(0.05)
    yield url, release
    proc.terminate()
    proc.wait(timeout=10)


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    lowered = {k.lower(): v for k, v in headers.items()}
    if lowered.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return status, lowered, body


def test_pages_and_downloads_are_served_compressed_with_their_types(served):
    url, _release = served
    cases = {
        "/": "text/html; charset=utf-8",
        "/bodies/fict-xinfang/2022/": "text/html; charset=utf-8",
        "/data/portal-key-figures.csv": "text/csv; charset=utf-8",
        "/data/bodies/fict-xinfang/2022.yaml": "application/yaml; charset=utf-8",
        "/data/bodies/fict-xinfang/fict-xinfang-all-years.csv": "text/csv; charset=utf-8",
        "/search/manifest.json": "application/json; charset=utf-8",
        "/search/p/0.json": "application/json; charset=utf-8",
    }
    for path, content_type in cases.items():
        status, headers, _body = _get(url + path)
        assert (status, headers["content-type"]) == (200, content_type), path
        assert headers.get("content-encoding") == "gzip", path


def test_caching_is_long_only_for_fingerprinted_theme_files(served):
    url, release = served
    bundle = next((release / "assets" / "javascripts").glob("bundle.*.min.js")).name
    status, headers, _ = _get(f"{url}/assets/javascripts/{bundle}")
    assert status == 200 and "immutable" in headers["cache-control"]
    for path in (
        "/",
        "/assets/javascripts/portal.js",
        "/assets/javascripts/plotly-basic.min.js",
        "/assets/javascripts/search.js",
        "/search/manifest.json",
        "/search/t/0.json",
    ):
        status, headers, _ = _get(url + path)
        assert status == 200 and headers["cache-control"] == "no-cache", path


def test_unknown_address_gets_the_sites_404_page(served):
    url, _release = served
    status, _headers, body = _get(url + "/bodies/no-such-body/")
    assert status == 404 and "404" in body.decode("utf-8", "replace")
