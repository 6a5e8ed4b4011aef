"""Safe builds: a failed build keeps the previous site, nothing but our own folder is replaced,
and two builds of the same content are byte-identical."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fictional import ContentTree, report
from generator.search import index
from generator.site import output

from .test_site_build import ROOT, build


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _siblings(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


@pytest.fixture
def built(tree: ContentTree, tmp_path: Path) -> Path:
    """A good site of a small fictional tree, built once (beside it: nothing)."""
    tree.standard()
    site = tmp_path / "out" / "site"
    assert build(tree.root, site) == 0
    return site


def test_successful_build_replaces_the_site_and_leaves_nothing_beside(
    tree: ContentTree, built: Path
) -> None:
    tree.write_report(report("fict-bureau", 2022))
    assert build(tree.root, built) == 0
    assert (built / "bodies" / "fict-bureau" / "2022" / "index.html").is_file()
    assert (built / output.MARKER).is_file()
    assert _siblings(built) == []


def test_content_error_keeps_the_previous_site(tree: ContentTree, built: Path) -> None:
    before = _hashes(built)
    tree.write_text("bodies/fict-bureau/2023.yaml", "year: [\n")
    assert build(tree.root, built) == 1
    assert _hashes(built) == before
    assert _siblings(built) == []


def test_build_that_dies_half_way_keeps_the_previous_site(
    tree: ContentTree, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writing the search index fails after mkdocs has written the pages into the new folder.
    before = _hashes(built)

    def broken(self: index.Index) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(index.Index, "write", broken)
    assert build(tree.root, built) == 1
    assert _hashes(built) == before
    assert _siblings(built) == []


def test_a_folder_of_the_users_files_is_not_replaced_without_force(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("我的笔记", encoding="utf-8")
    assert build(tree.root, mine) == 1
    assert "已有不是本工具生成的文件" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "我的笔记"
    assert build(tree.root, mine, "--force") == 0
    assert not (mine / "notes.txt").exists()
    assert (mine / "index.html").is_file()


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("content", "就是"),
        ("content/bodies", "在"),
        (".", "包含"),
        ("/", "根目录"),
    ],
)
def test_output_folder_that_would_swallow_the_project_is_refused(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, says: str
) -> None:
    tree.standard()
    target = Path(where) if where == "/" else tmp_path / where
    before = _hashes(tree.root)
    assert build(tree.root, target) == 1
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert _hashes(tree.root) == before


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    # The second build runs in another process, with another hash seed, on another "day".
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(ROOT / "content", first) == 0
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(second)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    one, two = _hashes(first), _hashes(second)
    assert len(one) > 100
    assert sorted(set(one) ^ set(two)) == []
    assert [name for name in one if one[name] != two[name]] == []


def test_pages_are_dated_by_the_content_not_the_build_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_SITE_URL", "https://disclosure.example.invalid/")
    site = tmp_path / "site"
    assert build(ROOT / "content", site) == 0
    expected = output.content_date(ROOT / "content")
    day = datetime.fromtimestamp(expected, UTC).strftime("%Y-%m-%d")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{day}</lastmod>" in sitemap


def test_without_the_sites_address_no_page_names_another_and_the_build_says_so(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("PORTAL_SITE_URL", raising=False)
    tree.standard()
    site = tmp_path / "site"
    assert build(tree.root, site) == 0
    assert "PORTAL_SITE_URL" in capsys.readouterr().err
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    assert [p for p in pages if 'rel="canonical"' in p.read_text(encoding="utf-8")] == []
    assert [p for p in pages if "127.0.0.1" in p.read_text(encoding="utf-8")] == []


def test_with_the_sites_address_every_page_names_its_own_and_the_sitemap_lists_them(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PORTAL_SITE_URL", "https://disclosure.example.invalid/")
    tree.standard()
    site = tmp_path / "site"
    assert build(tree.root, site) == 0
    assert "PORTAL_SITE_URL" not in capsys.readouterr().err
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in site.rglob("index.html"):
        address = "https://disclosure.example.invalid/" + (
            "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        )
        assert f'<link rel="canonical" href="{address}">' in page.read_text(encoding="utf-8")
        assert f"<loc>{address}</loc>" in sitemap


def test_every_page_ends_with_a_way_to_report_an_error_where_one_is_set(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    template = "https://git.example.invalid/portal/issues/new?title={title}&body={url}"
    monkeypatch.setenv("PORTAL_FEEDBACK_URL", template)
    tree.standard()
    site = tmp_path / "site"
    assert build(tree.root, site) == 0
    assert "PORTAL_FEEDBACK_URL" not in capsys.readouterr().err
    pages = list(site.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # Without script: the form itself; portal.js fills in the page (test_browser).
        assert 'href="https://git.example.invalid/portal/issues/new?title=&amp;body="' in html
        assert (
            'data-feedback="https://git.example.invalid/portal/issues/new?title={title}&amp;body={url}"'
            in html
        )
    monkeypatch.delenv("PORTAL_FEEDBACK_URL")
    assert build(tree.root, site) == 0
    assert "PORTAL_FEEDBACK_URL" in capsys.readouterr().err
    assert [p for p in site.rglob("*.html") if "pt-feedback" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        'https://x.invalid/"onmouseover="alert(1)',
        "http://x.invalid/",
        "ftp://x",
    ],
)
def test_a_report_an_error_address_a_browser_could_run_is_refused(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    address: str,
) -> None:
    monkeypatch.setenv("PORTAL_FEEDBACK_URL", address)
    tree.standard()
    assert build(tree.root, tmp_path / "site") == 1
    # Said through mkdocs's log (its handler may write to an earlier test's stderr).
    said = capsys.readouterr().err + caplog.text
    assert "PORTAL_FEEDBACK_URL" in said and "Traceback" not in said
    assert not (tmp_path / "site").exists()
