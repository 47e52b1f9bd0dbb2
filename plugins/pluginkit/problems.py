"""A writer's mistake as file, line and message, and how a list of them is said."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One mistake: where (a path shown relative to the project, and a line
    when there is one) and what to do, in plain words."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def shown_path(path: Path) -> str:
    """A file's path as a writer sees it in a message: relative to the
    project (where the build runs) when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def suggest(value: object, choices: Iterable[object]) -> str:
    """' Did you mean 'X'?' for the closest choice (spelling, then case), or ''."""
    choices = [str(choice) for choice in choices]
    text = str(value)
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {choice.lower(): choice for choice in choices}
        if text.lower().strip() in lowered:
            close = [lowered[text.lower().strip()]]
    return f" Did you mean '{close[0]}'?" if close else ""


def format_problems(problems: Sequence[object], where: str = "in the content") -> str:
    """'2 problems in the content; the site was not built:' and one indented line each."""
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"{len(problems)} {noun} {where}; the site was not built:"]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)
