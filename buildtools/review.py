"""`invoke review`: what CI runs on every pull or merge request.

It builds the site as publishing would (publishconf.py), reports every
problem the build found on the file and line where the writer made it (as
GitHub annotations or GitLab's code-quality report), then runs the same
site checks as `invoke publish`. Nothing is published.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .build import ROOT, build
from .problems import github_annotations, gitlab_code_quality, problems_to_show
from .publish import DEFAULT_CHECKS, parse_checks, run_checks

FORMATS = ("github", "gitlab", "text")


def review(
    output: str | Path = "output",
    *,
    settings_file: str = "publishconf.py",
    report_format: str = "text",
    report_file: str | Path = "gl-code-quality-report.json",
    checks: str = DEFAULT_CHECKS,
    echo: Callable[[str], None] = print,
) -> bool:
    """True when the site builds and passes its checks. `report_format`
    "github" prints workflow commands, "gitlab" writes `report_file`,
    "text" prints `file:line: message` (what a terminal shows)."""
    if report_format not in FORMATS:
        raise ValueError(f"--format {report_format!r}: expected one of {', '.join(FORMATS)}")
    checkers = parse_checks(checks)
    log: list[str] = []
    result = build(settings_file, output, echo=log.append)
    echo("\n".join(log).rstrip())
    problems = problems_to_show(result)
    if report_format == "github":
        for line in github_annotations(problems):
            echo(line)
    elif report_format == "gitlab":
        path = ROOT / report_file
        path.write_text(json.dumps(gitlab_code_quality(problems), indent=2), encoding="utf-8")
        echo(f"Wrote {len(problems)} problem(s) to {report_file} for the merge request.")
    if not result.ok:
        echo(
            "The site could not be built with this change, so it cannot be published. "
            "Each problem above names the file and line to fix."
        )
        return False
    if not run_checks(result.output, checkers, echo):
        echo("The site built, but the site checks found problems (see above).")
        return False
    echo("The site builds and passes every check: this change is ready to publish.")
    return True
