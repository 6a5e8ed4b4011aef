from __future__ import annotations

from pathlib import Path

import pytest

from fictional import ContentTree
from generator.checks import validate
from generator.checks.findings import Finding
from generator.content import tree as content


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentTree:
    """An empty content tree; the working directory is its parent, so paths print as content/…"""
    monkeypatch.chdir(tmp_path)
    return ContentTree(tmp_path / "content")


def check(tree: ContentTree) -> validate.Result:
    return validate.validate(content.load(tree.root))


def only(
    result: validate.Result, rule: str | None = None, severity: str | None = None
) -> list[Finding]:
    return [
        f
        for f in result.findings
        if (rule is None or f.rule == rule) and (severity is None or f.severity == severity)
    ]
