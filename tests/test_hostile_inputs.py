"""Hostile files, trees and arguments that got through before: each is refused with a clear
message (file, line, field, in Chinese) or neutralised, with nothing lost and no traceback."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from fictional import CITY, ContentTree, regions, report
from generator import cli, scratch
from generator.checks import findings
from generator.checks.findings import Finding
from generator.content import tree as content
from generator.opendata import longcsv

from .conftest import check, only
from .test_site_build import build

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- 1. forged year files


@pytest.mark.parametrize("name", ["２０２４.yaml", "٢٠٢٢.yaml", "2024.yaml\n", "2024.yaml "])
def test_a_year_file_not_named_in_ascii_digits_is_refused_by_name(
    tree: ContentTree, name: str
) -> None:
    tree.standard(years=(2024,))
    real = (tree.root / "bodies/fict-bureau/2024.yaml").read_text(encoding="utf-8")
    forged = real.replace("fict-bureau", "fict-bureau", 1)
    (tree.root / "bodies/fict-bureau" / name).write_text(forged, encoding="utf-8")
    loaded = content.load(tree.root)
    assert list(loaded.bodies["fict-bureau"].reports) == [2024]  # the real one, not replaced
    errors = only(check(tree), severity="error")
    assert len(errors) == 1
    assert "年份要用半角数字" in errors[0].message
    # The name is shown with its newline escaped (a raw one would start a line of its own).
    text = findings.render_text(errors, 1)
    assert "\n" not in text.splitlines()[1]


# --------------------------------------------------------------------------- 2. symlinks at the top


def test_regions_and_bodies_as_symlinks_out_of_the_tree_are_refused_unread(
    tree: ContentTree, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    (outside / "bodies/fict-leak").mkdir(parents=True)
    (outside / "regions.yaml").write_text("secret-region:\n  name: 外部机密\n", encoding="utf-8")
    (outside / "bodies/fict-leak/body.yaml").write_text("name: 外部机密\n", encoding="utf-8")
    tree.root.mkdir(parents=True, exist_ok=True)
    if (tree.root / "bodies").is_dir():
        (tree.root / "bodies").rmdir()
    (tree.root / "regions.yaml").symlink_to(outside / "regions.yaml")
    (tree.root / "bodies").symlink_to(outside / "bodies", target_is_directory=True)
    loaded = content.load(tree.root)
    assert loaded.regions is None and loaded.bodies == {}
    result = check(tree)
    messages = [f.message for f in result.findings]
    assert sum("符号链接" in m for m in messages) == 2
    assert not any("外部机密" in m or "secret-region" in m for m in messages)


# --------------------------------------------------------------------------- 3. spreadsheet formulas


def test_text_that_starts_a_formula_is_inert_in_every_csv_and_warned_about(
    tree: ContentTree, tmp_path: Path
) -> None:
    tree.write_regions({**regions(), CITY: {**regions()[CITY], "name": "=HYPERLINK(1)"}})
    tree.write_body("fict-bureau", name='=cmd|"/c calc"!A1')
    data = report("fict-bureau", 2023)
    data["table3"]["new_requests"] = [1, 0, 0, 0, 0, 0, None]
    data["provenance"]["unknown_cells"] = [
        {"path": "table3.new_requests[6]", "reason": "@SUM(1+1)"}
    ]
    tree.write_report(data)
    warned = only(check(tree), rule="formula")
    assert {f.field for f in warned} >= {"name", f"{CITY}.name"}
    assert [f for f in warned if f.file.endswith("2023.yaml") and "reason" in f.field]
    assert all("当作公式" in f.message for f in warned)
    out = tmp_path / "export"
    assert cli.main(["export", "--content", str(tree.root), "--out", str(out)]) == 0
    texts = [path.read_text("utf-8-sig") for path in out.rglob("*.csv")]
    with zipfile.ZipFile(out / "data" / "portal-data.zip") as archive:  # the long CSV's notes
        texts += [archive.read(n).decode("utf-8-sig") for n in archive.namelist() if ".csv" in n]
    cells = [c for text in texts for row in csv.reader(io.StringIO(text)) for c in row]
    assert '\'=cmd|"/c calc"!A1' in cells and "'=HYPERLINK(1)" in cells and "'@SUM(1+1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c.startswith("-") and not _num(c))]
    assert longcsv.inert("-3") == "'-3" and longcsv.inert("三") == "三"


def _num(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- 4. tags on collections


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["echo pwned"]',
        "!!python/tuple [1, 2]",
        "!!set {a: null}",
        "!!map {a: 1}",
    ],
)
def test_yaml_tags_on_mappings_and_lists_are_refused(tree: ContentTree, value: str) -> None:
    tree.standard()
    path = tree.root / "bodies/fict-bureau/2023.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"extra: {value}\n", encoding="utf-8")
    errors = only(check(tree), severity="error")
    tagged = [f for f in errors if "不支持 YAML 标签" in f.message]
    assert tagged and tagged[0].field == "extra" and tagged[0].line is not None
    # Reported at once with the schema's error about the same file (an unknown key here).
    assert any(f.rule == "schema" and f.field == "extra" for f in errors)


# --------------------------------------------------------------------------- 5. injected commands


def test_no_output_format_prints_a_line_that_content_started() -> None:
    hostile = "x\n::error file=a::forged\n::add-mask::secret\r\x1b[31m"
    f = Finding("error", "schema", "content/a.yaml", 1, 1, "title", "标题", f"实际是 {hostile}")
    for render in (findings.render_text, findings.render_github, findings.render_summary):
        for line in render([f], 1).splitlines():
            assert not line.startswith(("::error file=a", "::add-mask::")), render
            assert "\x1b" not in line and "\r" not in line
    assert "\\n::error file=a::forged" in findings.render_text([f], 1)


# --------------------------------------------------------------------------- 6. paths outside


def test_validate_refuses_a_path_outside_the_content(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    broken = tmp_path / "broken.yaml"
    broken.write_text("year: [\n", encoding="utf-8")
    for path in (broken, Path("/etc/passwd")):
        assert cli.main(["validate", str(path)]) == 2
        err = capsys.readouterr().err
        assert "不在内容目录" in err and "校验通过" not in err


# --------------------------------------------------------------------------- 7. export targets


def test_export_refuses_the_content_the_pages_and_the_project_even_with_force(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    (tmp_path / "site_pages").mkdir()
    for target in (tree.root, tree.root / "bodies", tmp_path / "site_pages", tmp_path):
        before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
        assert cli.main(["export", "--out", str(target), "--force"]) == 1
        assert "不能导出到" in capsys.readouterr().err
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert only(check(tree), severity="error") == []


# --------------------------------------------------------------------------- 8. the importer


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "blank.html"])
def test_importing_an_empty_file_fails_and_writes_nothing(
    tree: ContentTree, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    source = tmp_path / name
    source.write_text("" if name.startswith("empty") else "<html><body> </body></html>", "utf-8")
    out = tmp_path / "draft.yaml"
    args = ["import", str(source), "--body", "fict-bureau", "--year", "2022", "--out", str(out)]
    assert cli.main(args) == 1
    assert ("空文件" in (err := capsys.readouterr().err)) or "没有文字" in err
    assert not out.exists()


def test_importer_refuses_devices_and_pipes_at_once(
    tree: ContentTree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree.standard()
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    for source in ("/dev/zero", "/dev/urandom", str(fifo)):
        start = time.perf_counter()
        assert cli.main(["import", source, "--body", "fict-bureau", "--year", "2022"]) == 1
        assert time.perf_counter() - start < 5
        assert "不是普通文件" in capsys.readouterr().err


def _bomb(path: Path, inflated: int) -> None:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated >> 20)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body_ in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_ + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))


#: Runs one command and prints the peak memory of it and of its children (KB, Linux).
_PEAK = """
import resource, sys
from generator import cli
code = cli.main(sys.argv[1:])
peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(f"PEAK {peak}", file=sys.stderr)
sys.exit(code)
"""


def _peak_mb(args: list[str], cwd: Path) -> tuple[int, str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    peak_kb = int(done.stderr.rsplit("PEAK ", 1)[1].split()[0])
    return done.returncode, done.stderr, peak_kb // 1024


def test_a_pdf_that_inflates_to_gigabytes_ends_in_a_message_under_600_mb(
    tree: ContentTree, tmp_path: Path
) -> None:
    tree.standard()
    bomb = tmp_path / "bomb.pdf"
    _bomb(bomb, 1 << 30)  # 1 GB of spaces in a PDF of about 1 MB
    assert bomb.stat().st_size < 2 << 20
    code, err, peak = _peak_mb(
        ["import", str(bomb), "--body", "fict-bureau", "--year", "2022", "--out", "-"], tmp_path
    )
    assert code == 1 and "解压后超过 400 MB" in err and "Traceback" not in err
    assert peak < 600, peak


def test_reading_dev_zero_stays_small(tree: ContentTree, tmp_path: Path) -> None:
    tree.standard()
    args = ["import", "/dev/zero", "--body", "fict-bureau", "--year", "2022", "--out", "-"]
    code, err, peak = _peak_mb(args, tmp_path)
    assert code == 1 and "不是普通文件" in err and peak < 600, peak


# --------------------------------------------------------------------------- 9. killed builds


def test_a_killed_build_leaves_no_worker_and_its_folders_go_on_the_next_run(
    tree: ContentTree, tmp_path: Path
) -> None:
    tree.standard()
    out = tmp_path / "out"
    site = out / "site"
    # A build killed half way: its folders stay, with its (now dead) process as their owner.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    for kind in ("building", "old", "data"):
        folder = out / f".site.{kind}-killed"
        folder.mkdir(parents=True)
        (folder / scratch.OWNER).write_text(f"{child.pid}\n", encoding="utf-8")
        (folder / "half.html").write_text("x", encoding="utf-8")
    alive = out / ".site.building-alive"
    alive.mkdir()
    (alive / scratch.OWNER).write_text(f"{os.getpid()}\n", encoding="utf-8")
    child.kill()
    child.wait()
    assert build(tree.root, site) == 0
    assert sorted(p.name for p in out.iterdir()) == [".site.building-alive", "site"]
    assert not (site / scratch.OWNER).exists()
    # Another user's web server can read the site (mkdtemp would have made it 0700).
    assert site.stat().st_mode & 0o005 == 0o005


def _waits(_inbox: object) -> None:
    time.sleep(60)


def test_a_worker_dies_with_its_parent(tmp_path: Path) -> None:
    script = (
        "import sys, time; sys.path.insert(0, sys.argv[1])\n"
        "from generator.workers import Worker\n"
        "from tests.test_hostile_inputs import _waits\n"
        "w = Worker(_waits, (), name='portal-test')\n"
        "print(w.process.pid, flush=True); time.sleep(60)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(50):
        if not _running(worker):
            return
        time.sleep(0.1)
    pytest.fail("the worker outlived its parent")


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed child stays one until its new parent reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# --------------------------------------------------------------------------- 10. file-system errors


@pytest.mark.parametrize(
    ("code", "words"), [(28, "磁盘已满"), (30, "这是只读的文件系统"), (13, "没有权限")]
)
def test_file_system_errors_are_messages(
    tree: ContentTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    words: str,
) -> None:
    tree.standard()

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(tmp_path / "out"))

    monkeypatch.setattr(scratch, "scratch_folder", refused)
    assert build(tree.root, tmp_path / "out" / "site") == 1
    monkeypatch.setattr(Path, "mkdir", refused)
    assert cli.main(["export", "--out", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert err.count(f"读写文件失败（{words}）") == 2 and "Traceback" not in err


# --------------------------------------------------------------------------- 11. smaller holes


def test_a_report_year_in_the_future_is_refused(tree: ContentTree) -> None:
    tree.write_regions()
    tree.write_body("fict-bureau")
    tree.write_report(report("fict-bureau", 2100))
    errors = only(check(tree), severity="error")
    assert any(f.field == "year" and "还没有到" in f.message for f in errors)


def test_deeply_quoted_prose_is_shown_as_text_quickly(tree: ContentTree) -> None:
    from generator.content import prose

    text = ">" * 1_600_000
    start = time.perf_counter()
    assert prose.section(text).startswith("<p>&gt;")
    assert prose.hazards(text) and time.perf_counter() - start < 2


def test_messages_say_where_and_what(tree: ContentTree) -> None:
    tree.standard()
    path = tree.root / "bodies/fict-bureau/2023.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\tx: 1\n", encoding="utf-8")
    tab = next(f for f in check(tree).findings if "制表符" in f.message)
    assert tab.line is not None and "整个文件" not in tab.text()
    assert "整个文件" not in findings.annotation(tab)
    path.write_text(original + "y: 1e309\n", encoding="utf-8")
    trap = next(f for f in check(tree).findings if "1e309" in f.message)
    assert "1e3 读成 1000" in trap.message and "1:20" not in trap.message
