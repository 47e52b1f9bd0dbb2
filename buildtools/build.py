"""Build the site into a fresh folder and only then swap it into place.

A failed build never touches the live output folder: Pelican writes into a
temporary folder beside it, and only a build that exits cleanly (with
Pelican's fatal warnings on) replaces the old site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildProblem:
    """A writer's mistake, as the build found it: the file (relative to the
    project), the line (or None), what to do, and what the build did about it:
    "stopped the build", "left out of this build" (a draft, or any broken
    file in a preview) or "reported" (the page was built; say so anyway)."""

    file: str
    line: int | None
    message: str
    outcome: str = "stopped the build"
    draft: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class BuildResult:
    ok: bool
    output: Path
    log: str
    # Every problem found in the content, whether or not it stopped the build.
    problems: list[BuildProblem] = field(default_factory=list)


def parse_extra(extra_settings) -> dict:
    """`NAME=VALUE` items (`invoke build --extra`, `pelican -e`) as settings.
    Values are read as JSON, as Pelican does, falling back to the plain text
    (SURVEY_CTA_NOW=2027-01-16T09:00 needs no quotes)."""
    overrides = {}
    for item in extra_settings:
        key, _, value = item.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    return overrides


def pelican_command(settings_file: Path, output: Path, extra_settings=()) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(ROOT / "content"),
        "--output",
        str(output),
        "--settings",
        str(settings_file),
        # Pelican logs many mistakes and carries on; a warning must stop the build.
        "--fatal",
        "warnings",
        "--log-handler",
        "plain",
    ]
    if extra_settings:
        # One flag for them all: Pelican keeps only the last --extra-settings.
        command += ["--extra-settings", *extra_settings]
    return command


def swap_into_place(new: Path, live: Path, remove_old_later: bool = False) -> None:
    """Replace `live` with `new`; the window with no site is two renames long.
    With `remove_old_later`, the old site is deleted by a background process
    (deleting a thousand-page site takes about a second) under a
    `.build-<name>-old-*` name, which `invoke clean` and the next build sweep."""
    previous = live.with_name(f".{live.name}.previous")
    if previous.exists():
        shutil.rmtree(previous)
    if live.exists():
        os.rename(live, previous)
    os.rename(new, live)
    if remove_old_later and previous.exists():
        old = Path(tempfile.mkdtemp(prefix=f".build-{live.name}-old-", dir=live.parent))
        os.rename(previous, old / "site")
        stale = [str(p) for p in live.parent.glob(f".build-{live.name}-old-*")]
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, True)",
                *stale,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    else:
        shutil.rmtree(previous, ignore_errors=True)


def build(
    settings_file: str | Path = "pelicanconf.py",
    output: str | Path = "output",
    extra_settings=(),
    echo=print,
) -> BuildResult:
    """One Pelican process into a fresh folder beside `output`, swapped into
    place only when it succeeds. Pelican runs every check itself (the
    plugins' `initialized` hooks check the content before anything is read)."""
    settings_file = (ROOT / settings_file).resolve()
    live = (ROOT / output).resolve()
    # Pelican insists on JSON values; plain text (SURVEY_CTA_CLOSES=2027-01-15T17:00) goes
    # as a string.
    extra_settings = [
        f"{key}={json.dumps(value)}" for key, value in parse_extra(extra_settings).items()
    ]
    live.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{live.name}-", dir=live.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    try:
        completed = subprocess.run(
            pelican_command(settings_file, staging, extra_settings),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        log = completed.stdout + completed.stderr
        if completed.returncode != 0:
            log = readable(log)
            echo(log.rstrip())
            echo(kept_message(live))
            return BuildResult(False, live, log)
        swap_into_place(staging, live, remove_old_later=True)
        echo(log.rstrip())
        return BuildResult(True, live, log)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


FATAL_WARNING = "RuntimeError: Warning or error encountered"


def readable(log: str, keep_tracebacks: bool | None = None) -> str:
    """Pelican's failure output as a writer needs it: the messages, paths
    relative to the project, and no Python tracebacks (BUILD_TRACEBACKS=1
    keeps them, for developers)."""
    if keep_tracebacks is None:
        keep_tracebacks = bool(os.environ.get("BUILD_TRACEBACKS"))
    lines, in_traceback, dropped, repeating = [], False, False, False
    for line in log.replace(f"{ROOT}/", "").splitlines():
        if line.startswith("Traceback (most recent call last):") and not keep_tracebacks:
            in_traceback, dropped = True, True
            continue
        if in_traceback:
            if line.startswith((" ", "\t")) or not line.strip():
                # Keep the frame that names a template or content file and its line.
                if re.match(r'\s*File "(theme|content)/[^"]+", line \d+', line):
                    lines.append(line.strip())
                continue
            in_traceback = False
        # A check's list of problems (pluginkit.format_problems: "2 problems in
        # the content; …") is for writers: without the error's class name.
        line = re.sub(r"^[\w.]*Error: (?=\d+ problems? )", "", line)
        # Pelican logs "Error: message" and then the traceback ends with
        # "module.Error: message" again: say it once, with the lines under it.
        if dropped and re.sub(r"^[\w.]+\.(\w+: )", r"\1", line) in lines:
            repeating = True
            continue
        if repeating and line in lines:
            continue
        repeating = False
        if line.strip() == FATAL_WARNING:
            line = (
                "Pelican stopped at the warning above: this site treats every warning as an error."
            )
            if line in lines:
                continue
        if line not in lines[-1:]:
            lines.append(line)
    if dropped:
        lines.append("(Developers: set BUILD_TRACEBACKS=1 to see where in the code this happened.)")
    return "\n".join(lines) + "\n"


def kept_message(live: Path) -> str:
    """What a failed build or preview says about the site it left in place."""
    where = live.relative_to(ROOT) if live.is_relative_to(ROOT) else live
    if live.exists():
        return f"Build failed: nothing was changed; {where}/ still holds the last good site."
    return f"Build failed: nothing was written to {where}/."
