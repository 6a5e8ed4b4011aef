"""Findings: what validation reports, and how it is printed for people and for machines."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

Path_ = tuple[str | int, ...]


def field_name(path: Path_) -> str:
    """``("table3", "outcomes", "granted", 4)`` → ``table3.outcomes.granted[4]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_field(name: str) -> Path_:
    """The inverse of :func:`field_name`: ``table3.outcomes.granted[4]`` → a path tuple.

    Raises ValueError for a malformed name (e.g. ``a[x]``).
    """
    out: list[str | int] = []
    for part in name.split("."):
        head, *indexes = part.split("[")
        if head:
            out.append(head)
        for index in indexes:
            if not index.endswith("]"):
                raise ValueError(name)
            out.append(int(index[:-1]))
    return tuple(out)


@dataclass(frozen=True)
class Finding:
    """One problem found in one file.

    ``rule`` names the check: ``file`` (cannot be read), ``yaml`` (a YAML trap), ``schema``,
    ``reference`` (ids, file names, duplicates), ``prose`` (prose that is made inert), or a
    consistency rule id ``R1``…``R7``.
    """

    severity: str
    rule: str
    file: str
    line: int | None
    column: int | None
    field: str
    label: str
    message: str
    # A consistency rule's cells in this file (field names, both sides of the equation): the
    # pages highlight them and mark every figure computed from them.
    cells: tuple[str, ...] = ()

    def text(self) -> str:
        """``file:line:col: field (标签): message`` — the form editors and CI understand."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = self.field or ("（这一行）" if self.line is not None else "（整个文件）")
        if self.label:
            subject += f" ({self.label})"
        return f"{where}: {subject}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.message)


def summary(findings: Iterable[Finding]) -> tuple[int, int]:
    """Number of errors and of warnings."""
    errors = warnings = 0
    for f in findings:
        if f.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control, line-separator and format character written as an escape.

    Content ends up in messages (a file name, a value quoted in "实际是 …"). Printed raw, a
    newline in it would start a line of its own: in a CI log one that reads ``::error …`` or
    ``::add-mask::`` is a workflow command, and a terminal acts on escape sequences.
    ``keep``: characters left as they are (a GitHub annotation escapes line ends its own way).
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable() or char in keep:
            out.append(char)
        elif char in _NAMED:
            out.append(_NAMED[char])
        elif unicodedata.category(char) == "Zs":  # a space of another width: harmless
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def render_text(findings: list[Finding], checked: int) -> str:
    """Human report: errors first (must be fixed), then warnings (check against the source)."""
    errors = sorted((f for f in findings if f.severity == ERROR), key=Finding.sort_key)
    warnings = sorted((f for f in findings if f.severity == WARNING), key=Finding.sort_key)
    lines: list[str] = []
    if errors:
        lines.append(f"错误（必须修改，共 {len(errors)} 处）：")
        lines.extend(visible(f.text()) for f in errors)
    if warnings:
        if lines:
            lines.append("")
        lines.append(
            f"警告（共 {len(warnings)} 处）：多为数字之间对不上。请对照原文核对；"
            "如果原文就是这样，照原文保留即可，网站会如实标出。"
        )
        lines.extend(visible(f.text()) for f in warnings)
    if lines:
        lines.append("")
    verdict = "未通过" if errors else "通过"
    lines.append(
        f"检查了 {checked} 个文件：{len(errors)} 个错误，{len(warnings)} 个警告。校验{verdict}。"
    )
    return "\n".join(lines)


def render_json(findings: list[Finding], checked: int) -> str:
    """Machine-readable report (CI annotations use it)."""
    errors, warnings = summary(findings)
    ordered = sorted(findings, key=lambda f: (f.severity != ERROR, *f.sort_key()))
    return json.dumps(
        {
            "checked_files": checked,
            "errors": errors,
            "warnings": warnings,
            "findings": [asdict(f) for f in ordered],
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    # GitHub workflow commands: these characters would end or corrupt the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_LINE_ENDS = "\r\n"


def annotation(f: Finding) -> str:
    """One finding as a GitHub Actions workflow command, shown on the file's line in the PR."""
    props = [f"file={_escape_property(visible(f.file, keep=_LINE_ENDS))}"]
    if f.line is not None:
        props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
    subject = f.field or (f"第 {f.line} 行" if f.line is not None else "整个文件")
    if f.label:
        subject += f"（{f.label}）"
    props.append(f"title={_escape_property(visible(subject, keep=_LINE_ENDS))}")
    level = "error" if f.severity == ERROR else "warning"
    return f"::{level} {','.join(props)}::{_escape_data(visible(f.message, keep=_LINE_ENDS))}"


def render_github(findings: list[Finding], checked: int) -> str:
    """Annotations for every finding (errors first), then the plain report for the log."""
    ordered = sorted(findings, key=lambda f: (f.severity != ERROR, *f.sort_key()))
    return "\n".join([*(annotation(f) for f in ordered), render_text(findings, checked)])


SUMMARY_ROWS = 500  # a job summary is capped at 1 MiB; the full list is in the log


def _cell(text: str) -> str:
    return visible(text).replace("\\", "\\\\").replace("|", "\\|") or " "


def render_summary(findings: list[Finding], checked: int) -> str:
    """A Markdown job summary: the errors to fix and the consistency warnings to check."""
    errors, warnings = summary(findings)
    verdict = "❌ 未通过" if errors else "✅ 通过"
    lines = [
        "## 内容校验",
        "",
        f"{verdict}：检查了 {checked} 个文件，{errors} 个错误，{warnings} 个警告。",
    ]
    sections = (
        (ERROR, "错误（必须修改，否则不能合并）"),
        (WARNING, "警告：请对照原文核对（原文如此就照原文保留，网站会如实标出）"),
    )
    for severity, heading in sections:
        chosen = sorted((f for f in findings if f.severity == severity), key=Finding.sort_key)
        if not chosen:
            continue
        lines += ["", f"### {heading}", "", "| 位置 | 字段 | 规则 | 说明 |", "|---|---|---|---|"]
        for f in chosen[:SUMMARY_ROWS]:
            where = f.file + (f":{f.line}" if f.line is not None else "")
            subject = f.field + (f"（{f.label}）" if f.label else "")
            lines.append(f"| {_cell(where)} | {_cell(subject)} | {f.rule} | {_cell(f.message)} |")
        if len(chosen) > SUMMARY_ROWS:
            lines += ["", f"另有 {len(chosen) - SUMMARY_ROWS} 处未列出，见运行日志。"]
    return "\n".join(lines) + "\n"


#: ``portal validate --format``: each output format's renderer.
RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
