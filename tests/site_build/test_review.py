"""The CI workflows deploy/ ships, run on a pull request that breaks a post:
the step's own command, in a copy of the project, reports the mistake on the
file and line (GitHub annotations; GitLab's code-quality report)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import yaml

from tests.conftest import ROOT, run_invoke

BROKEN = """Title: Winter fair
Date: 2026-11-30 10:00
Category: Newz
Author: Comms team
Summary: Volunteers wanted for the winter fair.

Come and help.
"""


def step_command(workflow: Path, word: str) -> list[str]:
    """The arguments after `python3 dev.py` in the workflow's step that runs `word`."""
    text = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    runs = []
    for job in text.get("jobs", {}).values():
        runs += [step.get("run", "") for step in job.get("steps", [])]
    for job in text.values():
        if isinstance(job, dict):
            runs += job.get("script", [])
    (command,) = [run for run in runs if f"dev.py {word}" in run]
    words = shlex.split(command)
    assert words[:2] == ["python3", "dev.py"], command
    return words[2:]


def break_a_post(project: Path) -> str:
    post = project / "content" / "posts" / "2026-11-30-winter-fair.md"
    post.write_text(BROKEN, encoding="utf-8")
    return "content/posts/2026-11-30-winter-fair.md"


def test_github_review_step_annotates_the_broken_line(project):
    args = step_command(ROOT / "deploy" / "review-changes.github-actions.yml", "review")
    shown = break_a_post(project)
    done = run_invoke(project, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert any(
        line.startswith(f"::error file={shown},line=3,")
        and "'Category: Newz' is not one of this site's categories" in line
        for line in errors
    ), done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert not (project / "output").exists(), "a failed review leaves no half-built site"


def test_gitlab_review_job_writes_a_code_quality_report(project):
    args = step_command(ROOT / "deploy" / "gitlab-ci.yml", "review")
    shown = break_a_post(project)
    done = run_invoke(project, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    entry = next(e for e in report if e["location"]["path"] == shown)
    assert entry["location"]["lines"] == {"begin": 3}
    assert "is not one of this site's categories" in entry["description"]
    assert entry["severity"] == "major"
