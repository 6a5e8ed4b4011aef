"""The fill-in form (填报表单) in Chromium against the validator.

- Filling the form with each real report's numbers, as a clerk would (typing into every cell and
  field), saves a file that ``portal validate`` accepts with the same warnings as the file in
  ``content/``.
- Opening a report (a local file or the site's own download) and saving it gives the same bytes.
- A wrong row shows the validator's message at that cell.
- On a few hundred mutated reports the page lists exactly the validator's schema and R1–R4
  findings (rule, field, labels, message): both come from one definition
  (:mod:`generator.publish.form`), so a rule changed on one side only fails here.

Axe and the phone's width are checked on this page with every other page (test_every_page).
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator import layout
from generator.checks import files, schema_errors
from generator.checks.report_schema import TEXT_SECTIONS
from generator.content import yamlread, yamlwrite
from generator.content.tree import Report, SourceFile
from generator.publish import scaffold

from .test_browser import CHROMIUM, FLAGS, ROOT, built, server, sync_api  # noqa: F401

CONTENT = ROOT / "content"
REPORTS = sorted(p for p in CONTENT.glob("bodies/*/*.yaml") if p.name != "body.yaml")
RULES = ("R1", "R2", "R3", "R4")


@pytest.fixture(scope="module")
def form(server: str) -> Any:  # noqa: F811
    """The form page in Chromium (downloads allowed)."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1366, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "form/", wait_until="networkidle")
        page.wait_for_function("window.portalForm !== undefined")
        yield page
        assert errors == []
        browser.close()


def _save(page: Any) -> bytes:
    with page.expect_download() as info:
        page.click("#pt-form-save")
    return Path(info.value.path()).read_bytes()


def _validator(text: str, fmt_hint: int | None = None) -> list[tuple[str, str, str, str]]:
    """The validator's schema and R1–R4 findings for a report file's text."""
    source = SourceFile(Path("x.yaml"), "x.yaml", yamlread.parse_bytes(text.encode("utf-8")))
    report = Report("x", 2023, source)
    found = schema_errors.check(source, "report.schema.json", report.layout)
    found += [f for f in files.check_report(report) if f.rule in RULES]
    return sorted({(f.rule, f.field, f.label, f.message) for f in found})


def _page_findings(page: Any, texts: list[str]) -> list[Any]:
    return page.evaluate(
        """texts => texts.map(t => {
            try { const r = portalForm.read(t); portalForm.fill(r.data, r.header); }
            catch (e) { return "refused: " + e.message; }
            return portalForm.checkNow().map(f => [f.rule, f.field, f.labels, f.message]);
        })""",
        texts,
    )


# ------------------------------------------------------------------ load and save


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_opening_a_local_file_and_saving_gives_the_same_bytes(form: Any, path: Path) -> None:
    form.click("#pt-form-new")
    form.set_input_files("#pt-form-file", str(path))
    form.wait_for_function(
        "document.getElementById('pt-form-status').textContent.startsWith('已打开')"
    )
    assert _save(form) == path.read_bytes()


def test_opening_a_published_report_from_the_site(form: Any) -> None:
    path = CONTENT / "bodies" / "pingtan-zone" / "2023.yaml"
    form.click("#pt-form-new")
    form.fill("#pt-form-open-body", "pingtan-zone")
    form.fill("#pt-form-open-year", "2023")
    form.click("#pt-form-open-site")
    form.wait_for_function(
        "document.getElementById('pt-form-status').textContent.startsWith('已打开本站')"
    )
    # The cells its transcriber could not read show as “?” and are listed with their reasons.
    assert (
        form.locator(
            '[data-pt-layout="2021"] [data-path="table2.normative_documents[1]"]'
        ).input_value()
        == "?"
    )
    assert form.locator("#pt-form-unknown-list li").count() == 2
    assert _save(form) == path.read_bytes()


def test_a_report_page_links_to_the_form_opened_on_that_report(form: Any, server: str) -> None:  # noqa: F811
    path = CONTENT / "bodies" / "huaian-hongze-gov" / "2023.yaml"
    form.goto(server + "bodies/huaian-hongze-gov/2023/", wait_until="networkidle")
    form.click("text=在线填报表单中打开本报告")
    form.wait_for_function(
        "document.getElementById('pt-form-status').textContent.startsWith('已打开本站')"
    )
    assert form.locator('[data-path="title"]').input_value() == yamlread.read(path).value["title"]
    assert _save(form) == path.read_bytes()


def test_a_file_the_form_cannot_hold_is_refused_with_its_line(form: Any, tmp_path: Path) -> None:
    bad = tmp_path / "2023.yaml"
    text = (CONTENT / "bodies" / "pingtan-zone" / "2023.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("title: ", "title: [oops\n", 1), encoding="utf-8")
    form.set_input_files("#pt-form-file", str(bad))
    form.wait_for_function(
        "document.getElementById('pt-form-status').textContent.startsWith('无法打开')"
    )
    assert "第 7 行" in form.locator("#pt-form-status").text_content()


# ------------------------------------------------------------------ typing a report


def _cells(node: Any, value: Any, path: tuple[str | int, ...]) -> list[tuple[str, Any]]:
    """(field name, value) of every cell of a table as the form lays it out."""
    if isinstance(value, list):
        return [(_name((*path, i)), v) for i, v in enumerate(value)]
    if isinstance(node, (layout.Scalar, layout.Enum)):
        return [(_name(path), value)]
    out = []
    for child in node.children:
        out += _cells(child, (value or {}).get(child.key), (*path, child.key))
    return out


def _name(path: tuple[str | int, ...]) -> str:
    from generator.checks.findings import field_name

    return field_name(path)


def _covers(entry: str, cell: str) -> bool:
    return cell == entry or cell.startswith((entry + "[", entry + "."))


def _typed(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _type_report(page: Any, data: dict[str, Any]) -> None:
    """Fill a new form with a report's values, field by field and cell by cell, as typed."""
    fmt = data["format"]
    unknown = {u["path"]: u["reason"] for u in data["provenance"].get("unknown_cells", [])}
    steps: list[tuple[str, str, str]] = []  # (selector, text, kind)
    for name in ("body", "year", "title", "published", "contact"):
        steps.append((f'[data-path="{name}"]', _typed(data.get(name)), "fill"))
    steps.append(('[data-path="format"]', str(fmt), "select"))
    steps.append(('[data-path="source.url"]', _typed(data["source"].get("url")), "fill"))
    steps.append(
        ('[data-path="source.publisher"]', _typed(data["source"].get("publisher")), "fill")
    )
    steps.append(('[data-path="provenance.method"]', data["provenance"]["method"], "select"))
    steps.append(
        ('[data-path="provenance.notes"]', _typed(data["provenance"].get("notes")), "fill")
    )
    for key, _label, _desc in TEXT_SECTIONS:
        steps.append((f'[data-path="text.{key}"]', _typed(data["text"].get(key)), "fill"))
    section = f'[data-pt-layout="{fmt}"]'
    if isinstance(data["table3"]["outcomes"].get("other"), list) and fmt == 2021:
        steps.append((f"{section} [data-shape-toggle]", "", "check"))
    widened: set[str] = set()
    for table in layout.tables(fmt):
        for name, value in _cells(table, data.get(table.key), (table.key,)):
            entry = next((p for p in unknown if _covers(p, name)), None)
            if name.endswith("_unit"):
                steps.append((f'{section} [data-path="{name}"]', _typed(value), "select"))
            elif entry is not None and entry != name:
                # A row, group or table unreadable as a whole: “?” in its first cell, then the
                # entry's 范围 widened to it.
                if entry not in widened:
                    widened.add(entry)
                    steps.append((f'{section} tr:not([hidden]) [data-path="{name}"]', "?", "fill"))
                    steps.append(
                        (
                            "#pt-form-unknown-list li:last-child [data-unknown-scope]",
                            entry,
                            "select",
                        )
                    )
            else:
                text = "?" if entry is not None else _typed(value)
                steps.append((f'{section} tr:not([hidden]) [data-path="{name}"]', text, "fill"))
    page.evaluate(
        """steps => steps.forEach(([selector, text, kind]) => {
            const el = document.querySelector(selector);
            if (!el) throw new Error("no input " + selector);
            if (kind === "check") { el.checked = true; el.dispatchEvent(new Event("change", {bubbles: true})); return; }
            el.value = text;
            el.dispatchEvent(new Event(kind === "select" ? "change" : "input", {bubbles: true}));
        })""",
        steps,
    )
    # The reasons of the unreadable cells, in the list the “?” cells made.
    for i, reason in enumerate(unknown.values()):
        page.locator("#pt-form-unknown-list li [data-unknown-reason]").nth(i).fill(reason)


def _validate(content: Path) -> list[tuple[str, str, str, str]]:
    """``portal validate --format json`` on a content tree: every finding (file below the tree;
    not its line: a typed file has one line more, ``unknown_cells: []``)."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "validate",
            "--content",
            str(content),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    found = found["findings"] if isinstance(found, dict) else found
    return sorted(
        (f["file"].split("bodies/", 1)[-1], f["rule"], f["field"], f["message"]) for f in found
    )


def test_typing_each_real_report_gives_a_file_validate_accepts_with_the_same_warnings(
    form: Any, tmp_path: Path
) -> None:
    typed = tmp_path / "content"
    shutil.copytree(CONTENT, typed)
    for path in REPORTS:
        data = yamlread.read(path).value
        form.click("#pt-form-new")
        _type_report(form, data)
        saved = _save(form).decode("utf-8")
        again = yamlread.parse_bytes(saved.encode("utf-8")).value
        # The same report; a new file has every field, as portal new writes it: a field the
        # transcriber left out (a section the report does not have, no unreadable cells) is null
        # or an empty list there.
        expected = scaffold.blank_report(data["body"], data["year"], data["format"])
        for key, value in data.items():
            if isinstance(value, dict) and not key.startswith("table"):
                expected[key].update(value)
            else:
                expected[key] = value
        assert again == expected, path
        (typed / path.relative_to(CONTENT)).write_text(saved, encoding="utf-8")
    assert _validate(typed) == _validate(CONTENT)


def test_a_wrong_row_shows_the_validators_message_at_that_cell(form: Any) -> None:
    path = CONTENT / "bodies" / "sanming-shaxian-xinfang" / "2023.yaml"
    form.click("#pt-form-new")
    form.set_input_files("#pt-form-file", str(path))
    form.wait_for_function(
        "document.getElementById('pt-form-status').textContent.startsWith('已打开')"
    )
    section = '[data-pt-layout="2021"]'
    cell = form.locator(f'{section} [data-path="table3.outcomes.granted[0]"]')
    cell.fill("")
    cell.type("7")
    total = f'{section} [data-path="table3.outcomes.granted[6]"]'
    form.wait_for_selector(f"{total} + .pt-form-msg")
    data = yamlread.read(path).value
    data["table3"]["outcomes"]["granted"][0] = 7
    expected = {
        m
        for r, f, _l, m in _validator(yamlwrite.dump_report(data))
        if f == "table3.outcomes.granted[6]" and r == "R2"
    }
    assert form.locator(f"{total} + .pt-form-msg").text_content() == expected.pop()
    assert form.locator(total).get_attribute("aria-invalid") == "true"
    # Every cell of the equation is marked, and the list above links to the cell.
    assert form.locator(f'{section} td.pt-bad [data-path^="table3.outcomes.granted["]').count() == 7
    # A word where a number belongs: the schema's message, at the cell.
    cell.fill("七")
    form.wait_for_selector(
        f'{section} [data-path="table3.outcomes.granted[0]"] + .pt-form-msg.pt-form-error'
    )
    data["table3"]["outcomes"]["granted"][0] = "七"
    (finding,) = [
        m
        for r, f, _l, m in _validator(yamlwrite.dump_report(data))
        if f == "table3.outcomes.granted[0]"
    ]
    msg = form.locator(f'{section} [data-path="table3.outcomes.granted[0]"] + .pt-form-msg')
    assert msg.text_content() == finding


# ------------------------------------------------------------------ mutations


_CELL_VALUES: list[Any] = [
    0,
    3,
    17,
    250,
    -4,
    10**13,
    Decimal("1.5"),
    Decimal("0.25"),
    Decimal("-3.10"),
    "/",
    None,
    "abc",
    "十二",
    "5件",
    "1.2.3",
]
_FIELDS: dict[tuple[str, ...], list[Any]] = {
    ("body",): ["Bad_ID", "x" * 90, None, "fujian-sanming-x"],
    ("year",): [1999, 2101, None, "二〇二三", 2022],
    ("title",): ["", None, "题" * 301, "某某局2023年政府信息公开工作年度报告"],
    ("published",): ["2024-1-5", "2024年1月5日", None, "2024-13-01", "2024-01-31"],
    ("source", "url"): ["www.gov.cn", "ftp://example.invalid/", None, "https://example.invalid/a"],
    ("source", "publisher"): ["办" * 201, None],
    ("contact",): [None, "电话：0000-0000000"],
    ("provenance", "method"): ["manual", "imported", "corrected"],
    ("provenance", "notes"): [None, "看不清的格子已写明。"],
    ("text", "overview"): [None, "", "一段话。\n\n另一段话。"],
}


def _cell_paths(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    out: list[tuple[str | int, ...]] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, list):
            out.extend((*path, i) for i in range(len(node)))
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, (dict, list)):
                    walk(v, (*path, k))
                elif not k.endswith("_unit"):
                    out.append((*path, k))

    for table in ("table2", "table3", "table4"):
        walk(data[table], (table,))
    return out


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _mutated(rnd: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    m = copy.deepcopy(data)
    cells = _cell_paths(m)
    for _ in range(rnd.randint(1, 4)):
        roll = rnd.random()
        if roll < 0.55:
            path = rnd.choice(cells)
            current = _get(m, path)
            if type(current) is int and rnd.random() < 0.5:
                _set(m, path, current + rnd.choice((1, 2, 10)))  # an equation fails
            else:
                _set(m, path, rnd.choice(_CELL_VALUES))
        elif roll < 0.9:
            where, values = rnd.choice(list(_FIELDS.items()))
            _set(m, where, rnd.choice(values))
        else:
            path = rnd.choice(cells)
            _set(m, path, None)
            entry = rnd.choice(
                [
                    {"path": _name(path), "reason": "原文看不清"},
                    {"path": _name(path), "reason": ""},
                    {"path": "table3.bad path", "reason": "原文缺损"},
                ]
            )
            m["provenance"].setdefault("unknown_cells", []).append(entry)
    return m


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _fictional_reports(tmp_path: Path) -> list[dict[str, Any]]:
    from fictional.province import make_province

    make_province(tmp_path / "content", 6, 3, seed=5)
    return [yamlread.read(p).value for p in sorted((tmp_path / "content").glob("bodies/*/2*.yaml"))]


def test_the_page_and_the_validator_agree_on_mutated_reports(form: Any, tmp_path: Path) -> None:
    rnd = random.Random(23)
    bases = [yamlread.read(p).value for p in REPORTS] + _fictional_reports(tmp_path)
    texts = [yamlwrite.dump_report(_mutated(rnd, rnd.choice(bases))) for _ in range(360)]
    texts += [yamlwrite.dump_report(b) for b in bases]
    pages = _page_findings(form, texts)
    found = 0
    for text, page_found in zip(texts, pages, strict=True):
        assert not isinstance(page_found, str), (page_found, text)
        expected = _validator(text)
        assert sorted({tuple(f) for f in page_found}) == expected, text
        found += len(expected)
    # The mutations reach every kind of finding the form can produce.
    kinds = {f[0] for text in texts for f in _validator(text)}
    assert kinds >= {"schema", "R1", "R2", "R3", "R4"}
    assert found > 500


# ------------------------------------------------------------------ a phone


def test_on_a_phone_a_report_with_findings_fits_the_screen_and_axe_finds_nothing_serious(
    form: Any,
    server: str,  # noqa: F811
) -> None:
    from .test_accessibility import AXE
    from .test_every_page import AXE_RUN

    path = CONTENT / "bodies" / "huaian-hongze-gov" / "2023.yaml"  # R4 fails twice
    context = form.context.browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(server + "form/", wait_until="networkidle")
        page.set_input_files("#pt-form-file", str(path))
        # Both R4 findings are at their 总计 cells, and listed above with links to them.
        page.wait_for_function(
            "document.querySelectorAll('.pt-form-msg.pt-form-warning').length == 2"
        )
        assert page.locator("#pt-form-problems a[href^='#']").count() == 2
        # A cell with a typed word gets its error on the phone too.
        cell = page.locator('[data-pt-layout="2021"] [data-path="table4.review[0]"]')
        cell.tap()
        cell.fill("十")
        page.wait_for_selector('[data-path="table4.review[0]"] + .pt-form-msg.pt-form-error')
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
    finally:
        context.close()
