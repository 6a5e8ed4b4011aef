"""Each row's printed cells, from the two shapes of text a table reaches us in.

* **lines** (text from a PDF, tab-separated extractions, HTML and Markdown tables): a line holds
  a row label and/or a group of delimited cells. A group is attached to the label on its line;
  when labels and numbers are interleaved (numbers printed before their labels, labels broken
  across lines) and the number of complete groups equals the number of rows, groups are matched
  to rows in order — the only reading the text allows — provided every group that shares a
  line with a label agrees with that order.
* **flat** (a crawler's page text, tables run together): labels are found in order and the
  characters between one label and the next are that row's digits, possibly run together.

Each row comes back as tokens (see :mod:`.cells`) or as the reason it could not be found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .arithmetic import Path
from .cells import Token, fold, parse_cell
from .labels import Slot

_VALUE_CHARS = re.compile(r"[0-9.,/+\-\s元万]*")
_NUMBERING = re.compile(r"\d[.、]$")


#: How a reason begins when the row or table is not in the source's text at all (as opposed to
#: printed but unreadable): the summary of a batch import counts them apart.
ABSENT = ("原文中没有找到这一行", "原文没有找到表", "原文没有表四的数字")


def missing(reason: str) -> bool:
    """Whether an unknown cell's reason says its row (or table) is absent from the source."""
    return reason.startswith(ABSENT)


# --------------------------------------------------------------------------- line-shaped text


@dataclass
class _Line:
    label: str  # folded text of the line's non-value cells
    groups: list[list[Token]]


def lines_of(text: str) -> list[_Line]:
    out: list[_Line] = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        cells: list[str] = []
        if "\t" in raw:
            for cell in raw.split("\t"):
                parts = cell.split()
                # A tab cell holding several space-separated numbers is several cells.
                if len(parts) > 1 and all(parse_cell(p) is not None for p in parts):
                    cells += parts
                else:
                    cells.append(cell)
        else:
            cells = raw.split()
        label: list[str] = []
        groups: list[list[Token]] = []
        current: list[Token] = []
        for cell in cells:
            if parse_cell(cell) is not None:
                current.append(Token(cell.strip()))
                continue
            label.append(cell)
            if current:
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        # Empty cells at either end of a group are the padding of merged label columns.
        trimmed = [_trim(g) for g in groups]
        out.append(_Line(fold(" ".join(label)), [g for g in trimmed if g]))
    return out


def _trim(group: list[Token]) -> list[Token]:
    start, end = 0, len(group)
    while start < end and group[start].text == "":
        start += 1
    while end > start and group[end - 1].text == "":
        end -= 1
    return group[start:end]


def by_lines(
    lines: list[_Line], rows: Sequence[Slot], notes: list[str], table: str
) -> dict[Path, list[Token] | str]:
    """Each row's cells (or why none) from line-shaped text."""
    lines = _rejoined(lines, rows)
    keyed = [(i, [s for s in rows if re.search(s.key, ln.label)]) for i, ln in enumerate(lines)]
    groups = [(i, g) for i, ln in enumerate(lines) for g in ln.groups]
    out: dict[Path, list[Token] | str] = {}
    # In order, when every group is a whole row and there are exactly as many groups as rows.
    if len(groups) == len(rows) and all(
        len(g) == len(s.kinds) for (_, g), s in zip(groups, rows, strict=True)
    ):
        agree = all(
            len(matches) != 1
            or len(lines[i].groups) != 1
            or groups.index((i, lines[i].groups[0])) == rows.index(matches[0])
            for i, matches in keyed
            if lines[i].groups
        )
        if agree:
            if any(not matches for i, matches in keyed if lines[i].groups):
                notes.append(
                    f"{table}的数字有的印在行标签之前或之后，按先后顺序对应：共 {len(groups)} 组数字，"
                    f"正好是 {len(rows)} 行，且与同一行的标签都对得上。"
                )
            return {s.path: g for (_, g), s in zip(groups, rows, strict=True)}
    for slot in rows:
        hits = [i for i, matches in keyed if slot in matches]
        with_values = [i for i in hits if lines[i].groups]
        if not hits:
            out[slot.path] = "原文中没有找到这一行（可能在提取时缺损）"
        elif len(with_values) > 1:
            out[slot.path] = "原文中有不止一处像这一行的标签，无法确定哪组数字属于它"
        elif not with_values:
            out[slot.path] = "原文这一行的标签旁没有数字，数字可能错位到了别处"
        else:
            i = with_values[0]
            shared = [s for s in keyed[i][1] if s is not slot]
            if shared or len(lines[i].groups) > 1:
                out[slot.path] = "原文这一行与别的行标签或数字混在一起，无法确定对应关系"
            else:
                out[slot.path] = lines[i].groups[0]
    return out


def _rejoined(lines: list[_Line], rows: Sequence[Slot]) -> list[_Line]:
    """A label cut over two lines (“1.本机关不掌” / “握相关政府信息 0 0 …”) made whole.

    Joined only when the first part has no numbers, the second part carries them beside a
    piece of label that names no row by itself, and the joined label names exactly one row:
    either the join is what makes it recognisable (“（一）予以” / “公开”), or the first part
    already named it and the second is the rest of its words. A line of bare numbers (numbers
    printed before their labels) is never joined to anything.
    """

    def named(label: str) -> set[str]:
        return {s.key for s in rows if re.search(s.key, label)}

    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and prev.label and not prev.groups and line.groups and line.label:
            joined = prev.label + line.label
            if not named(line.label) and len(named(joined)) == 1:
                out[-1] = _Line(joined, line.groups)
                continue
        out.append(line)
    return out


# --------------------------------------------------------------------------- flat text


def by_flat(text: str, rows: Sequence[Slot]) -> dict[Path, list[Token] | str]:
    """Each row's characters from flattened text: what lies between its label and the next."""
    folded = fold_keep_spaces(text)
    found: list[tuple[Slot, re.Match[str]]] = []
    pos = 0
    for slot in rows:
        match = re.compile(_flat_key(slot)).search(folded, pos)
        if match is not None:
            found.append((slot, match))
            pos = match.end()
    out: dict[Path, list[Token] | str] = {s.path: "原文中没有找到这一行" for s in rows}
    for n, (slot, match) in enumerate(found):
        stop = found[n + 1][1].start() if n + 1 < len(found) else len(folded)
        between = folded[match.end() : stop]
        digit = re.search(r"[0-9/]", between)
        if digit is None:
            out[slot.path] = "原文这一行的标签后没有数字"
            continue
        chars = _VALUE_CHARS.match(between, digit.start())
        run = chars.group() if chars else ""
        # “…00000002.其他法律…”: the “2.” numbers the next label (sub-items run 1–8); a
        # value never ends with a full stop.
        run = _NUMBERING.sub("", run.rstrip())
        tokens = [Token(t, atomic=False) for t in run.replace(",", " ").split()]
        out[slot.path] = tokens or "原文这一行的标签后没有数字"
    return out


def _flat_key(slot: Slot) -> str:
    # Flattened text keeps spaces; allow them anywhere inside the label words.
    return r"\s*".join(_split_pattern(slot.key))


def _split_pattern(pattern: str) -> list[str]:
    # Insert optional spaces between literal CJK characters only; leave regex syntax intact.
    out: list[str] = []
    for ch in pattern:
        if "\u4e00" <= ch <= "\u9fff" and out and "\u4e00" <= out[-1][-1:] <= "\u9fff":
            out.append(ch)
        elif out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def fold_keep_spaces(text: str) -> str:
    """NFKC, with every run of whitespace made one space (flat text's only separator)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- table 四


def table4_tokens(text: str, flat: bool) -> list[Token] | str:
    if flat:
        runs = re.findall(r"[0-9][0-9 /]*", fold_keep_spaces(text))
        tokens = [Token(t, atomic=False) for r in runs for t in r.split()]
    else:
        tokens = [t for ln in lines_of(text) for g in ln.groups for t in g]
    if not tokens:
        return "原文没有表四的数字"
    if not flat and len(tokens) != 15:
        return f"原文表四读到 {len(tokens)} 格，应为 15 格，无法确定对应关系"
    return tokens
