"""Site search: a chunked static index written by Pagefind, fed page by page during the build.

mkdocs-material's own search loads one index of every page before the first result; at a
province's scale (tens of thousands of reports) that file is hundreds of MB. Pagefind splits the
index into small chunks and the browser fetches only those a query needs, plus a small fragment
per result shown (``site_overrides/assets/javascripts/search.js`` drives the theme's search box).

Pagefind runs as a service process (``pagefind_extended --service``): the plugin hands it each
page's content as soon as mkdocs has converted it, so the indexing runs on the other core while
mkdocs renders the rest; at the end it writes the index files.

What is indexed: the page content only — not the header, navigation or footer — and within it
neither the number tables, charts, key-figure cards and breadcrumbs (``data-search-exclude``, left
out before the page is sent) nor the heading permalinks (¶) and download links. Pagefind segments
Chinese itself; body and report pages carry a “相关名称” line (:func:`generator.names.
name_variants`) so that short names and place stems are in the text however a query is typed.
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
import threading
from html import escape
from pathlib import Path
from typing import IO, Any

#: Left out of the index: heading anchors and download links (tables, charts, cards and
#: breadcrumbs are never sent: see :func:`indexable`).
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".pt-download")
#: Where the index goes within the site (the browser imports ``/pagefind/pagefind.js``).
OUTPUT = "pagefind"
EXCLUDED_MARK = "data-search-exclude"


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its own words."""


def indexable(fragment: str) -> bool:
    """Whether an HTML block of a page goes into the index (its first tag is not excluded)."""
    return EXCLUDED_MARK not in fragment[: fragment.find(">") + 1]


def document(title: str, content: str) -> str:
    """The page as Pagefind reads it: its language, title and content."""
    return (
        f'<!DOCTYPE html><html lang="zh"><head><title>{escape(title)}</title></head>'
        f"<body>{content}</body></html>"
    )


class Indexer:
    """A Pagefind service process that indexes pages as they are added."""

    def __init__(self, pagefind: Path) -> None:
        # Read only if Pagefind fails; closed in close().
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = subprocess.Popen(
                [str(pagefind), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as error:
            raise SearchIndexError(f"无法运行 Pagefind（{pagefind}）：{error}") from None
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin: IO[bytes] = self._process.stdin
        self._responses: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._indexed = 0
        self._arrived = threading.Condition()
        self._next_id = 0
        # Responses are read on a thread of their own, or a full pipe would stall both sides.
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,))
        self._reader.daemon = True
        self._reader.start()
        config = {"exclude_selectors": list(EXCLUDE), "keep_index_url": False}
        reply = self._wait(self._send({"type": "NewIndex", "config": config}))
        self._index = reply["index_id"]

    def add(self, url: str, html: str) -> None:
        """Queue one page (``url`` from the site root, e.g. ``/bodies/x/2023/``) for indexing."""
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index,
                "url": url,
                "file_path": None,
                "file_contents": html,
            }
        )

    def write(self, out_dir: Path) -> int:
        """Write the index files into ``out_dir``; return the number of pages indexed."""
        payload = {"type": "WriteFiles", "index_id": self._index, "output_path": str(out_dir)}
        self._wait(self._send(payload))
        if self._errors:
            raise SearchIndexError("Pagefind 生成搜索索引失败：\n" + "\n".join(self._errors[:5]))
        self.close()
        return self._indexed

    def close(self) -> None:
        """Stop the service (after :meth:`write`, or when the build failed)."""
        if self._process.poll() is None:
            try:
                self._stdin.close()
                self._process.wait(timeout=10)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        self._stderr.close()

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        try:
            self._stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        except BrokenPipeError:
            raise SearchIndexError(self._died()) from None
        return self._next_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        try:
            self._stdin.flush()
        except BrokenPipeError:
            raise SearchIndexError(self._died()) from None
        with self._arrived:
            while message_id not in self._responses:
                if not self._reader.is_alive():
                    raise SearchIndexError(self._died())
                self._arrived.wait(timeout=1)
            reply = self._responses[message_id]
        if reply.get("type") == "Error":
            raise SearchIndexError(f"Pagefind：{reply.get('message')}")
        return reply

    def _read(self, stdout: IO[bytes]) -> None:
        buffer = b""
        while chunk := stdout.read1(1 << 16):  # type: ignore[attr-defined]
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                response = json.loads(base64.b64decode(raw))
                payload = response.get("payload") or {}
                with self._arrived:
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    elif payload.get("type") == "IndexedFile":
                        self._indexed += 1
                    self._responses[response.get("message_id") or 0] = payload
                    self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()

    def _died(self) -> str:
        self._process.wait()
        self._stderr.seek(0)
        stderr = self._stderr.read().decode("utf-8", "replace")
        return f"Pagefind 意外退出（退出码 {self._process.returncode}）：{stderr.strip()}"
