"""A build's problems as data, and as the places writers see them.

`problems_to_show(result)` lists every problem of a build (serve.py shows
them over the page in the browser); `github_annotations` and
`gitlab_code_quality` put the same problems on the file and line of a pull
or merge request (`invoke review`, deploy/ci/).
"""

from __future__ import annotations

import hashlib
import re

from .build import BuildProblem, BuildResult

# Lines of a failed build's output that frame the problems rather than state one.
_FRAMING = re.compile(
    r"^(\d+ problems? .*; the site was not built:|Pelican stopped at the warning above"
    r"|During handling of the above exception|\(Developers: |Build failed: |Done: Processed"
    r"|and \d+ draft pages? in )"
)
_AT_LINE = re.compile(r"^(?P<file>[^\s:][^:]*?\.\w+):(?P<line>\d+): (?P<message>.+)$")
_NAMES_FILE = re.compile(r"\b(?P<file>(content|theme)/\S+\.\w+)")
# A traceback frame build.readable keeps: the template or content file and line.
_FRAME = re.compile(r'^File "(?P<file>[^"]+)", line (?P<line>\d+)')


def problems_in(log: str) -> list[BuildProblem]:
    """The problems in a failed build's output (after build.readable), one per
    message: the checks print each as `file:line: message`, and Pelican's own
    messages name a file, if at all, somewhere in the sentence."""
    problems = []
    for raw in log.splitlines():
        line = raw.strip()
        if not line or _FRAMING.match(line):
            continue
        line = re.sub(r"^(CRITICAL|ERROR|WARNING):?\s+", "", line)
        frame, at = _FRAME.match(line), _AT_LINE.match(line)
        if frame:
            problems.append(BuildProblem(frame["file"], int(frame["line"]), "The mistake is here."))
        elif at:
            problems.append(BuildProblem(at["file"], int(at["line"]), at["message"]))
        else:
            named = _NAMES_FILE.search(line)
            problems.append(BuildProblem(named["file"] if named else "", None, line))
    return problems


def problems_to_show(result: BuildResult) -> list[BuildProblem]:
    """Every problem of a build: the ones it handed over (`result.problems`),
    and after a failure whatever else its output says (a Pelican warning, a
    plugin's error), so that the browser never shows less than the terminal."""
    problems = list(result.problems)
    if not result.ok:
        seen = {(p.file, p.line, p.message) for p in problems}
        for problem in problems_in(result.log):
            if (problem.file, problem.line, problem.message) not in seen:
                seen.add((problem.file, problem.line, problem.message))
                problems.append(problem)
        if not problems:
            problems.append(BuildProblem("", None, "The build failed: see the terminal."))
    return problems


def _escape(text: str, *, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping: a message may not hold % or line
    breaks; a property (file=, title=) may not hold : or , either."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotations(problems: list[BuildProblem]) -> list[str]:
    """One `::error file=…,line=…::message` line per problem: GitHub Actions
    shows each on that line of the pull request's "Files changed" tab. A
    problem that names no file is shown on the run's summary page."""
    lines = []
    for problem in problems:
        level = "error" if problem.outcome == "stopped the build" else "warning"
        props = [f"title={_escape(_title(problem), property_value=True)}"]
        if problem.file:
            props.insert(0, f"file={_escape(problem.file, property_value=True)}")
            if problem.line:
                props.insert(1, f"line={problem.line}")
        lines.append(f"::{level} {','.join(props)}::{_escape(problem.message)}")
    return lines


def _title(problem: BuildProblem) -> str:
    if problem.outcome == "stopped the build":
        return "This stops the site being published"
    if problem.outcome == "left out of this build":
        return "This page is left out until it is fixed"
    return "Please check this"


def gitlab_code_quality(problems: list[BuildProblem]) -> list[dict]:
    """GitLab's code-quality report (a JSON list): a merge request shows each
    problem in its "Code Quality" panel, with the file and line."""
    entries = []
    for problem in problems:
        where = f"{problem.file}:{problem.line or ''}:{problem.message}"
        entries.append(
            {
                "description": problem.message,
                "check_name": "site-build",
                "fingerprint": hashlib.sha256(where.encode("utf-8")).hexdigest(),
                "severity": "major" if problem.outcome == "stopped the build" else "minor",
                "location": {
                    "path": problem.file or "content",
                    "lines": {"begin": problem.line or 1},
                },
            }
        )
    return entries
