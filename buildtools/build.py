"""Build the site into a fresh folder and only then swap it into place.

A failed build never touches the live output folder: Pelican writes into a
temporary folder beside it, and only a build that exits cleanly (with
Pelican's fatal warnings on) replaces the old site.
"""

from __future__ import annotations

import ctypes
import difflib
import errno
import glob
import json
import os
import re
import shutil
import signal
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


def pelican_command(
    settings_file: Path, output: Path, extra_settings=(), content: Path = ROOT / "content"
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
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


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> None:
    """Swap two folders' names in one atomic step (Linux renameat2
    RENAME_EXCHANGE): whenever this process is killed, each name holds a
    whole site. Elsewhere, or on a file system without it, three renames: a
    kill between them can leave `b` missing, with its new content under the
    name `a.swap` (the next build, or publish, puts it back)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        renameat2 = None
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(a), None, str(b))
    spare = a.with_name(a.name + ".swap")
    os.rename(a, spare)
    os.rename(b, a)
    os.rename(spare, b)


def _remove_in_background(folder: Path) -> None:
    """Delete a folder in a process of its own (a thousand-page site takes
    about a second); if that is killed too, the next build sweeps it."""
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def swap_into_place(new: Path, live: Path, remove_old_later: bool = False) -> None:
    """Replace `live` with `new` in one atomic exchange (there is no moment
    without a site, whenever the build is killed); `new` then holds the old
    site, which is deleted (by a background process with `remove_old_later`)."""
    if not (live.exists() or live.is_symlink()):
        os.rename(new, live)
        return
    exchange(new, live)
    if remove_old_later:
        _remove_in_background(new)
    else:
        shutil.rmtree(new, ignore_errors=True)


def staging_prefix(live: Path) -> str:
    """A build's temporary folder beside `live` is named for the process that
    made it, so the next build can tell a killed build's leftovers (its
    process is gone) from a build still running (the preview server's)."""
    return f".build-{live.name}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_leftovers(live: Path) -> None:
    """Remove what killed builds left beside `live`: their temporary folders
    and problem reports (and the names older versions of this file used)."""
    own = re.compile(rf"^\.build-{re.escape(live.name)}-(?:(\d+)-|old-)")
    for path in sorted(live.parent.glob(f".build-{glob.escape(live.name)}-*")):
        match = own.match(path.name)
        if not match or (match[1] and _alive(int(match[1]))):
            continue
        if path.name.endswith(".swap") and not live.exists():
            os.rename(path, live)  # killed inside exchange's fallback: the new site
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(live.with_name(f".{live.name}.previous"), ignore_errors=True)


def _duration(seconds: float) -> str:
    if seconds >= 60:
        minutes = seconds / 60
        return f"{minutes:g} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} second{'s' if seconds != 1 else ''}"


def time_limit_message(seconds: float) -> str:
    return (
        f"The build was stopped after {_duration(seconds)}, its time limit. A post or survey "
        "file may be making it slow (a very long list, a huge table): check what changed "
        "since the last build. A developer can allow longer with --time-limit (minutes)."
    )


def _run_pelican(command: list[str], time_limit: float | None) -> tuple[int | None, str]:
    """(exit status, output) of Pelican; status None if it ran past the time
    limit and was killed (with any process it started)."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=time_limit)
        return process.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        return None, out
    finally:
        if process.poll() is None:  # interrupted (Ctrl-C): stop Pelican too
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def unwritable(live: Path) -> str | None:
    """Why a build cannot write beside `live` (a read-only folder or disk, no
    permission), said for a person; None if it can. Tried by making a folder
    there, as the build does: the permission bits do not tell (a disk mounted
    read-only, a file system's immutable flag, root)."""
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=f".build-{live.name}-probe-", dir=live.parent))
    except OSError as error:
        where = live.relative_to(ROOT) if live.is_relative_to(ROOT) else live
        folder = where.parent.as_posix() if str(where.parent) != "." else "the project folder"
        return (
            f"{where}/: the site cannot be written there: {folder} cannot be written to "
            f"({error.strerror or error}). Check that you may write to it and that the disk "
            "is not full or read-only, or build into another folder with --output."
        )
    return None


def cannot_replace(live: Path, error: OSError) -> str:
    where = live.relative_to(ROOT) if live.is_relative_to(ROOT) else live
    return (
        f"{where}/: the new site was built but could not replace the old one there "
        f"({error.strerror or error}). Check that you may change that folder and "
        "that the disk is not read-only, then build again."
    )


def build(
    settings_file: str | Path = "pelicanconf.py",
    output: str | Path = "output",
    extra_settings=(),
    echo=print,
    broken_files: str = "stop",
    time_limit: float | None = None,
) -> BuildResult:
    """One Pelican process into a fresh folder beside `output`, swapped into
    place only when it succeeds. Pelican runs every check itself (the
    plugins' `initialized` hooks check the content before anything is read).

    `broken_files`: "stop" (build, publish-build, publish) fails the build on
    a problem in a post or page that would be published, and leaves out a
    draft with problems; "skip" (the preview server) leaves out any file
    with problems and builds the rest. Either way `BuildResult.problems`
    lists every problem content_checks found, the other plugins' checks of
    each file included (its `file_checks` signal); the preview server adds
    whatever else a failed build's output says (problems.problems_to_show).

    `time_limit` (seconds): Pelican is killed after that long, and the build
    fails with a message saying so (publish sets it; see README.md)."""
    settings_file = (ROOT / settings_file).resolve()
    live = (ROOT / output).resolve()
    cannot = unwritable(live)
    if cannot:
        echo(cannot + "\n" + kept_message(live))
        return BuildResult(False, live, cannot)
    live.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(live)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(live), dir=live.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    report = staging.with_name(staging.name + ".problems.json")
    overrides = {
        **parse_extra(extra_settings),
        "CONTENT_CHECKS_BROKEN_FILES": broken_files,
        "CONTENT_CHECKS_REPORT": str(report),
    }
    # Pelican insists on JSON values; plain text (SURVEY_CTA_CLOSES=2027-01-15T17:00) goes
    # as a string.
    extra_settings = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    try:
        status, log = _run_pelican(
            pelican_command(settings_file, staging, extra_settings), time_limit
        )
        problems = read_problems(report)
        if status != 0:
            log = readable(log)
            if status is None:
                log = log.rstrip("\n") + "\n" + time_limit_message(time_limit) + "\n"
            echo(log.rstrip())
            echo(kept_message(live))
            return BuildResult(False, live, log, problems)
        try:
            swap_into_place(staging, live, remove_old_later=True)
        except OSError as error:
            said = cannot_replace(live, error)
            echo(said + "\n" + kept_message(live))
            return BuildResult(False, live, said, problems)
        staging = None  # it holds the old site now, which a background process deletes
        echo(log.rstrip())
        return BuildResult(True, live, log, problems)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        report.unlink(missing_ok=True)


def read_problems(report: Path) -> list[BuildProblem]:
    """The problems content_checks wrote (CONTENT_CHECKS_REPORT), if it ran."""
    try:
        records = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        BuildProblem(
            str(r["file"]), r.get("line"), str(r["message"]), r["outcome"], bool(r.get("draft"))
        )
        for r in records
        if isinstance(r, dict) and {"file", "message", "outcome"} <= r.keys()
    ]


FATAL_WARNING = "Warning or error encountered"
# Pelican's summary line reads as success; a failed build's log drops it
# (the console may wrap it over two lines).
_DONE = re.compile(r"^Done: Processed .*?seconds\.\n?", re.MULTILINE | re.DOTALL)
# `SomeError: ` or `module.SomeError: ` at the start of a line: a Python class
# name, which means nothing to a writer.
_CLASS_PREFIX = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit): ")
# A line that already names a file and line, or heads a check's list of problems.
_FRAME = re.compile(r'\s*File "(theme|content)/[^"]+", line \d+')
_WRITER_LINE = re.compile(r"^\s*[\w./-]+\.\w+:\d+: |; the site was not built:$")


def _source(path: str) -> list[str]:
    try:
        return (ROOT / path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def _line_of(path: str, *needles: str) -> int:
    """The first line of the file holding every needle (1 if none does)."""
    for number, line in enumerate(_source(path), start=1):
        if all(needle in line for needle in needles):
            return number
    return 1


def _find(*needles: str) -> tuple[str, int] | None:
    """(file, line) of the first post or page holding every needle."""
    for path in sorted((ROOT / "content").rglob("*.md")):
        shown = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(_source(shown), start=1):
            if all(needle in line for needle in needles):
                return shown, number
    return None


def _where(found: tuple[str, int] | None) -> str:
    return f"{found[0]}:{found[1]}: " if found else "A post or page: "


def _empty_alt(match) -> list[str]:
    path, image = match["path"], match["image"]
    number = _line_of(path, "![]", image)
    line = _source(path)[number - 1] if _source(path) else ""
    written = re.search(r"!\[\s*\]\([^)]*\)", line)
    example = (
        written.group(0).replace("![]", "![What the picture shows]", 1)
        if written
        else f"![What the picture shows]({{static}}/images/{image})"
    )
    return [
        f"{path}:{number}: the picture {image} has no description (alt text), so people who "
        f"cannot see it are told nothing. Write what it shows between the square brackets: "
        f"{example}"
    ]


def _not_found(match) -> list[str]:
    target = match["target"]
    found = _find("{filename}" + target) or _find("{static}" + target) or _find(target)
    return [
        f"{_where(found)}links to '{target}', but there is no such file. Check the name "
        "after {filename} (a post or page) or {static} (a picture or file): names count "
        "from this file's folder, or from content/ when they start with /."
    ]


def _unknown_link_kind(match) -> list[str]:
    what = match["what"]
    found = _find("{" + what + "}")
    close = difflib.get_close_matches(what, ["filename", "static"], n=1)
    better = "{" + (close[0] if close else "filename") + "}"
    return [
        f"{_where(found)}'{{{what}}}' is not a kind of link this site knows. Write {better}: "
        "{filename} links to a post or page, e.g. [About us]({filename}/pages/about.md), "
        "and {static} to a picture or file, e.g. ({static}/images/photo.jpg)."
    ]


def _no_slug(match) -> list[str]:
    kind, name = match["kind"].lower(), match["name"]
    field = {"tag": "Tags:", "category": "Category:", "author": "Author:"}.get(kind, "")
    found = _find(field, name) if field else None
    return [
        f"{_where(found)}the {kind} '{name}' has no letters or numbers to make a web "
        f"address from. Use words, e.g. '{field or 'Tags:'} volunteering'."
    ]


def _static_by_filename(match) -> list[str]:
    path = match["path"]
    path = path if path.startswith("content/") else f"content/{path}"
    static = match["static"].lstrip("/")
    number = _line_of(path, "{filename}")
    return [
        f"{path}:{number}: links to the file '{static}' with {{filename}}, which is for "
        f"posts and pages. For a picture or file write {{static}}: ({{static}}/{static})."
    ]


def _attached_twice(match) -> list[str]:
    path = match["path"]
    path = path if path.startswith("content/") else f"content/{path}"
    static = match["static"]
    number = _line_of(path, "{attach}", static.rsplit("/", 1)[-1])
    return [
        f"{path}:{number}: attaches '{static}' with {{attach}}, which puts a file beside one "
        "post only, but another post or page links to it too. Write {static} instead of "
        f"{{attach}} in each of them: ({{static}}/{static})."
    ]


def _not_processed(match) -> list[str]:
    return [
        f"content/{match['path']}:1: could not be turned into a page. If no message above "
        "says why, ask a developer."
    ]


def _slug_line(path: str) -> int:
    """The file's `Slug:` line, or else its `Title:` line."""
    fields = _source(path)
    found = next((n for n, x in enumerate(fields, 1) if x.lower().startswith("slug:")), 0)
    return found or _line_of(path, "Title:")


def _same_slug(match, paths: list[str]) -> list[str]:
    slug = match["slug"]
    return [
        f"{path}:{_slug_line(path)}: has the same web address as "
        f"{', '.join(p for p in paths if p != path)} (/{slug}/), so one would replace the "
        f"other. Give one of them a different title, or its own address with a line such "
        f"as 'Slug: {slug}-2' at the top."
        for path in paths
    ]


# Pelican's own warnings that a writer's mistake can cause, each said as the
# site's checks say things: file and line, what is wrong, what to do.
PELICAN_MESSAGES = (
    (
        re.compile(r"^Empty alt attribute for image (?P<image>.+) in (?P<path>\S+)$"),
        _empty_alt,
    ),
    (re.compile(r"^Unable to find '(?P<target>.*)', skipping url replacement\.$"), _not_found),
    (
        re.compile(r"^Replacement Indicator '(?P<what>.*)' not recognized in '.*'"),
        _unknown_link_kind,
    ),
    (
        re.compile(r'^Unable to generate valid slug for (?P<kind>\w+) "(?P<name>.*)"\.$'),
        _no_slug,
    ),
    (
        re.compile(
            r"^\{filename\} used for linking to static content (?P<static>\S+) "
            r"in (?P<path>\S+)\. Use \{static\} instead"
        ),
        _static_by_filename,
    ),
    (
        re.compile(
            r"^The \{attach\} link in (?P<path>\S+) cannot relocate (?P<static>\S+) because "
            r"another link already referenced its location"
        ),
        _attached_twice,
    ),
    (re.compile(r"^Could not process (?P<path>\S+)$"), _not_processed),
)
# Followed by one line per file.
_SAME_SLUG = re.compile(
    r'^There are (?P<count>\d+) (?:original \(not translated\) )?items "?with slug '
    r'"(?P<slug>[^"]*)"'
)


# Followed by one line per file: every post with this slug says 'Translation: true'.
_ONLY_TRANSLATIONS = re.compile(r'^All items \("?(?P<count>\d+)"?\) "?with slug "(?P<slug>[^"]*)"')


def _only_translations(match, paths: list[str]) -> list[str]:
    slug = match["slug"]
    return [
        f"{path}:{_line_of(path, 'ranslation:')}: is marked as a translation, but no post or "
        f"page with its slug ('{slug}') is the original it translates. Delete the "
        "'Translation:' line, or give it the same 'Slug:' as the post it translates."
        for path in paths
    ]


def _translated(lines: list[str]) -> list[str]:
    """The lines, with Pelican's warnings that writers cause said in plain words."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        only = _ONLY_TRANSLATIONS.match(line)
        if only:
            count = int(only["count"])
            out += _only_translations(only, [p.strip() for p in lines[index : index + count]])
            index += count
            continue
        same = _SAME_SLUG.match(line)
        if same:
            count = int(same["count"])
            out += _same_slug(same, [p.strip() for p in lines[index : index + count]])
            index += count
            continue
        for pattern, say in PELICAN_MESSAGES:
            match = pattern.match(line)
            if match:
                said = say(match)
                # "Could not process" after a message about the same file adds nothing.
                if say is _not_processed and any(
                    x.startswith(f"content/{match['path']}:") for x in out
                ):
                    said = []
                out += said
                break
        else:
            out.append(line)
    return out


def readable(log: str, keep_tracebacks: bool | None = None) -> str:
    """Pelican's failure output as a writer needs it: the messages, paths
    relative to the project, Pelican's own warnings in plain words, no Python
    class names and no tracebacks (BUILD_TRACEBACKS=1 keeps them, for developers)."""
    if keep_tracebacks is None:
        keep_tracebacks = bool(os.environ.get("BUILD_TRACEBACKS"))
    text = _DONE.sub("", log.replace(f"{ROOT}/", ""))
    if keep_tracebacks:
        return text.rstrip("\n") + "\n"
    lines, in_traceback, dropped, repeating = [], False, False, False
    for line in text.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            in_traceback, dropped = True, True
            continue
        if line.startswith("During handling of the above exception"):
            continue
        if in_traceback:
            if line.startswith((" ", "\t")) or not line.strip():
                # Keep the frame that names a template or content file and its line
                # (for a developer, if nothing else below names a writer's file).
                if _FRAME.match(line):
                    lines.append(line.strip())
                continue
            in_traceback = False
        line = _CLASS_PREFIX.sub("", line)
        # Pelican logs "Error: message" and then the traceback ends with
        # "module.Error: message" again: say it once, with the lines under it.
        if dropped and line in lines:
            repeating = True
            continue
        if repeating and line in lines:
            continue
        repeating = False
        if line not in lines[-1:]:
            lines.append(line)
    lines = _translated(lines)
    for_writers = any(_WRITER_LINE.search(line) for line in lines)
    shown = []
    for line in lines:
        if for_writers and _FRAME.match(line):
            continue
        if line.strip() == FATAL_WARNING:
            if for_writers:
                continue  # the message above says what to do
            line = (
                "Pelican stopped at the warning above: this site treats every warning as an error."
            )
        if line not in shown:
            shown.append(line)
    if dropped and not for_writers:
        shown.append("(Developers: set BUILD_TRACEBACKS=1 to see where in the code this happened.)")
    return "\n".join(shown) + "\n"


def kept_message(live: Path) -> str:
    """What a failed build or preview says about the site it left in place."""
    where = live.relative_to(ROOT) if live.is_relative_to(ROOT) else live
    if live.exists():
        return f"Build failed: nothing was changed; {where}/ still holds the last good site."
    return f"Build failed: nothing was written to {where}/."
