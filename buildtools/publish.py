"""Publish the site: build, check, then swap into place; and roll back.

`invoke publish` (README.md, "Publishing"):

1. builds with publishconf.py (fatal warnings; assets get hashed copies) into
   a fresh folder beside the live one, `.public.new-*/`;
2. adds `_headers` (deploy/_headers plus a Content-Type rule per feed) and
   checks what only production must guarantee (no drafts, no development
   address, a 404 page);
3. stops here if the build is byte-identical to the live site (an hourly
   scheduled rebuild with nothing new changes nothing, and keeps the previous
   build worth rolling back to);
4. runs the project's checks, `python -m checks FOLDER --only …`;
5. deploys to the target: for rsync and gh-pages the checked folder is sent
   first, and only when that worked does the local copy change;
6. swaps the new folder with the live one in one atomic step (Linux
   renameat2 RENAME_EXCHANGE: there is no moment without a site), and then
   swaps the site it replaced with `public.previous/` the same way.

A failure at any step leaves the live folder (and public.previous/) exactly
as they were, and so does a kill (SIGKILL, Ctrl-C) at any moment: every
change to the two names is one exchange, and nothing is deleted until it has
left both names. Before the swaps, publish writes down which folder is which
(`swap.json` in its staging folder), so the next publish or rollback can
finish a publish killed between the two swaps (the replaced site still goes
to public.previous/) and sweeps the staging folders of killed runs.

`invoke rollback` checks public.previous/ first (an index page, a 404 page,
and every internal link resolving: the `links` checker) and refuses to put
an incomplete site live; then swaps public/ and public.previous/ back (run it
again to undo the rollback). A lock file stops two publishes (say, the hourly
cron and a person) from running at once. The build has a time limit
(`--time-limit`, 10 minutes): past it Pelican is killed and nothing changes.

Tests kill publish at each step with PUBLISH_KILL_AT=STEP (the names are
KILL_POINTS): the process sends itself SIGKILL there. Nothing else reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from buildtools.build import ROOT, build, exchange, parse_extra

TARGETS = ("local", "rsync", "gh-pages")
CHECKERS = ("links", "feeds", "html", "a11y", "keyboard", "privacy", "weight", "screenshots")
# Screenshots are pictures for a person to look at, not a pass/fail check.
DEFAULT_CHECKS = "links,feeds,html,a11y,keyboard,privacy,weight"
HEADERS_FILE = ROOT / "deploy" / "_headers"
FEED_TYPES = {
    ".atom.xml": "application/atom+xml; charset=utf-8",
    ".rss.xml": "application/rss+xml; charset=utf-8",
}
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".css", ".js", ".svg", ".csv"}


class PublishError(Exception):
    """A reason to stop before the live folder changes."""


@dataclass
class Result:
    ok: bool
    message: str


# -- folders -----------------------------------------------------------------


@dataclass(frozen=True)
class Places:
    live: Path

    @property
    def previous(self) -> Path:
        return self.live.with_name(self.live.name + ".previous")

    @property
    def lock(self) -> Path:
        return self.live.with_name(f".{self.live.name}.lock")

    @property
    def staging_prefix(self) -> str:
        return f".{self.live.name}.new-"

    def shown(self, path: Path) -> str:
        return f"{path.relative_to(ROOT)}/" if path.is_relative_to(ROOT) else f"{path}/"


def places_for(live: str | Path) -> Places:
    # abspath, not resolve(): the live folder's own name must not be followed.
    live = Path(os.path.abspath(ROOT / live))
    for taken in ("output", "content", "theme", "plugins", "deploy", "buildtools", "tests"):
        if live == ROOT / taken:
            raise PublishError(
                f"--live {live.name}: that folder is the project's own {taken}/; publish to a "
                "folder of its own, such as public/ (the default)."
            )
    if live == ROOT or ROOT.is_relative_to(live):
        raise PublishError(f"--live {live}: that folder holds the project itself.")
    return Places(live)


@contextlib.contextmanager
def locked(places: Places):
    """Hold the publish lock; refuse (rather than wait) if another run has it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Linux
        yield
        return
    places.live.parent.mkdir(parents=True, exist_ok=True)
    with open(places.lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                f"another publish or rollback is running (it holds {places.lock.name}); "
                "try again when it has finished."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def tree_digest(folder: Path) -> str:
    """One hash over every file's path and bytes (and symlinks' targets)."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            digest.update(rel.encode() + b"\0")
            if path.is_symlink():
                digest.update(b"link:" + os.readlink(path).encode())
            else:
                digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def make_readable(folder: Path) -> None:
    """Temporary folders are private (0700); a web server must read the site."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask | 0o555)


# The moments a test can kill publish at (PUBLISH_KILL_AT=NAME): after the
# build, after the checks and deploy, after writing swap.json, after the swap
# with the live folder, after the swap with public.previous/.
KILL_POINTS = ("built", "checked", "recorded", "exchanged", "kept")
DEFAULT_TIME_LIMIT = 10.0  # minutes, for the build (README.md, "Publishing")


def _kill_point(name: str) -> None:
    """Test-only: die here, as a kill from outside would (see KILL_POINTS)."""
    if os.environ.get("PUBLISH_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def folder_identity(path: Path) -> str | None:
    """Which folder this is, whatever its name: renames keep it."""
    try:
        found = path.stat(follow_symlinks=False)
    except OSError:
        return None
    return f"{found.st_dev}:{found.st_ino}"


def finish_killed_runs(places: Places, echo=print) -> None:
    """Finish what a killed publish left: if it was killed between its two
    swaps (the new site is live, the one it replaced is still in its staging
    folder), the replaced site becomes public.previous/; then every staging
    folder is deleted. Run under the lock, before a publish or a rollback."""
    for root in sorted(places.live.parent.glob(places.staging_prefix + "*")):
        record, site = root / "swap.json", root / "site"
        try:
            ids = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            ids = {}
        wanted = ids.get("replaced") if isinstance(ids, dict) else None
        # The replaced site is `site`, or `site.swap` if exchange fell back to
        # three renames and was killed among them.
        replaced = next(
            (c for c in (site, root / "site.swap") if wanted and folder_identity(c) == wanted),
            None,
        )
        if replaced and not places.live.exists():
            os.rename(replaced, places.live)  # killed inside the fallback: undo
        elif replaced and folder_identity(places.live) == ids.get("published"):
            _keep_as_previous(replaced, places)
            echo(
                f"(The last publish was stopped just after its swap; the site it replaced "
                f"is now in {places.shown(places.previous)}, as it should have been.)"
            )
        shutil.rmtree(root, ignore_errors=True)


def _keep_as_previous(replaced: Path, places: Places) -> None:
    """One atomic step: `replaced` becomes public.previous/; the older previous
    site takes `replaced`'s name, to be deleted with the staging folder."""
    if places.previous.exists():
        exchange(replaced, places.previous)
    else:
        os.rename(replaced, places.previous)


def site_problems(folder: Path, check_links: Callable[[Path], bool]) -> list[str]:
    """What makes a published folder unfit to be live again (for rollback)."""
    problems = [
        f"it has no {name}" for name in ("index.html", "404.html") if not (folder / name).is_file()
    ]
    if not problems and not check_links(folder):
        problems.append("some of its internal links lead nowhere (see above)")
    return problems


# -- what goes into the folder -----------------------------------------------


def headers_file(base: str, folder: Path) -> str:
    """deploy/_headers plus a Content-Type rule for each feed in the build."""
    rules = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file():
            continue
        kind = next((t for suffix, t in FEED_TYPES.items() if rel.endswith(suffix)), None)
        if kind is None and rel.startswith("feeds/") and rel.endswith(".json"):
            kind = JSON_FEED_TYPE
        if kind:
            rules.append(f"/{rel}\n  Content-Type: {kind}\n")
    text = base.rstrip("\n") + "\n"
    if rules:
        text += "\n# Feeds (added by invoke publish from this build's feeds/)\n" + "\n".join(rules)
    return text


def production_problems(folder: Path, siteurl: str, dev_url: str) -> list[str]:
    """What must never reach the live site, whatever the settings say."""
    problems = []
    if (folder / "drafts").exists():
        problems.append("the build has a drafts/ folder: drafts must never be published")
    for name in ("index.html", "404.html"):
        if not (folder / name).is_file():
            problems.append(f"the build has no {name}")
    if not siteurl.startswith(("https://", "http://")):
        problems.append(f"SITEURL is {siteurl!r}: production needs the site's full address")
    dev_origin = dev_url.rstrip("/")
    if dev_origin:
        for path in sorted(folder.rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                if dev_origin.encode() in path.read_bytes():
                    problems.append(
                        f"{path.relative_to(folder)} links to the development address {dev_origin}"
                    )
                    break
    return problems


# -- checks and targets ------------------------------------------------------


def parse_checks(value: str) -> list[str]:
    chosen = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in CHECKERS]
    if not chosen or unknown:
        raise PublishError(
            f"--checks {value!r}: expected a comma-separated list from "
            f"{', '.join(CHECKERS)} (default: {DEFAULT_CHECKS})."
        )
    return chosen


def run_checks(folder: Path, checkers: list[str], echo=print, what="the new build") -> bool:
    """`python -m checks FOLDER --only …`; its report streams to the console
    as each checker finishes (the browser checks take a minute or two)."""
    with tempfile.TemporaryDirectory(prefix="publish-screenshots-") as shots:
        command = [
            sys.executable,
            "-m",
            "checks",
            str(folder),
            "--only",
            ",".join(checkers),
            "--screenshots-dir",
            shots,
        ]
        echo(f"Checking {what}: python -m checks … --only {','.join(checkers)}")
        sys.stdout.flush()
        completed = subprocess.run(command, cwd=ROOT, stderr=subprocess.STDOUT)
        return completed.returncode == 0


def rsync_command(source: Path, dest: str, rsh: str | None = None) -> list[str]:
    command = [
        "rsync",
        "--recursive",
        "--links",
        "--times",
        "--compress",
        # Files the web server can read, whatever the umask here.
        "--perms",
        "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r",
        # New files land in place together at the end; old ones go after that.
        "--delay-updates",
        "--delete-after",
        "--exclude=/.nojekyll",
        "--itemize-changes",
    ]
    if rsh:
        command.append(f"--rsh={rsh}")
    return command + [f"{source}/", dest.rstrip("/") + "/"]


def deploy_rsync(folder: Path, dest: str | None, echo=print, rsh: str | None = None) -> None:
    if not dest:
        raise PublishError(
            "--target rsync needs --dest, e.g. --dest deploy@www.thcvs.org.uk:/srv/www/thcvs/public"
        )
    if shutil.which("rsync") is None:
        raise PublishError("rsync is not installed (Debian: apt-get install rsync openssh-client)")
    command = rsync_command(folder, dest, rsh or os.environ.get("PUBLISH_RSYNC_RSH"))
    echo(f"Sending the site with rsync to {dest} …")
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    changed = [line for line in completed.stdout.splitlines() if line[:1] in "<>ch*"]
    if completed.returncode != 0:
        raise PublishError(
            f"rsync to {dest} failed (exit {completed.returncode}):\n" + completed.stdout.rstrip()
        )
    echo(f"rsync: {len(changed)} changes sent to {dest}")


def _git(*args: str, repo: Path = ROOT, check=True) -> subprocess.CompletedProcess:
    completed = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and completed.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed: {completed.stderr.strip()}")
    return completed


def cname_for(siteurl: str) -> str | None:
    """GitHub Pages needs a CNAME file for a custom domain, and none for *.github.io."""
    host = urlsplit(siteurl).hostname or ""
    return None if not host or host.endswith(".github.io") else host


def deploy_gh_pages(
    folder: Path, siteurl: str, remote: str, branch: str, echo=print, repo: Path = ROOT
) -> None:
    """Commit the folder to `branch` with ghp-import and push it to `remote`;
    a build identical to the branch's last commit is not committed again."""
    if _git("rev-parse", "--is-inside-work-tree", repo=repo, check=False).returncode != 0:
        raise PublishError("--target gh-pages needs the project to be a git repository")
    if _git("remote", "get-url", remote, repo=repo, check=False).returncode != 0:
        raise PublishError(f"--remote {remote}: git has no remote of that name")
    _git(
        "fetch",
        "--quiet",
        remote,
        f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
        repo=repo,
        check=False,
    )
    command = [
        sys.executable,
        "-m",
        "ghp_import",
        "--no-jekyll",
        "--branch",
        branch,
        "--remote",
        remote,
        "--message",
        f"Publish the site ({siteurl})",
    ]
    cname = cname_for(siteurl)
    if cname:
        command += ["--cname", cname]
    completed = subprocess.run([*command, str(folder)], cwd=repo, capture_output=True, text=True)
    if completed.returncode != 0:
        raise PublishError(f"ghp-import failed: {(completed.stderr or completed.stdout).strip()}")
    new_tree = _git("rev-parse", f"{branch}^{{tree}}", repo=repo).stdout.strip()
    parent = _git(
        "rev-parse", "--verify", "--quiet", f"{branch}~1", repo=repo, check=False
    ).stdout.strip()
    if parent and _git("rev-parse", f"{parent}^{{tree}}", repo=repo).stdout.strip() == new_tree:
        _git("update-ref", f"refs/heads/{branch}", parent, repo=repo)
        echo(f"gh-pages: {branch} already holds exactly this site; nothing pushed")
        return
    _git("push", "--quiet", remote, f"{branch}:{branch}", repo=repo)
    echo(f"gh-pages: pushed the site to {remote}/{branch}")


def deploy(
    folder: Path,
    target: str,
    *,
    siteurl: str,
    dest: str | None,
    remote: str,
    branch: str,
    echo=print,
) -> None:
    if target == "rsync":
        deploy_rsync(folder, dest, echo)
    elif target == "gh-pages":
        deploy_gh_pages(folder, siteurl, remote, branch, echo)


def _settings(settings_file: str, extra) -> dict:
    """The settings the build will use, with --extra NAME=VALUE read as build.py does."""
    from pelican.settings import read_settings

    overrides = parse_extra(extra)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return read_settings(str(ROOT / settings_file), override=overrides)
    finally:
        os.chdir(cwd)


# -- the two tasks -----------------------------------------------------------


def publish(
    live: str | Path = "public",
    *,
    settings_file: str = "publishconf.py",
    extra=(),
    checks: str = DEFAULT_CHECKS,
    target: str = "local",
    dest: str | None = None,
    remote: str = "origin",
    branch: str = "gh-pages",
    time_limit: float = DEFAULT_TIME_LIMIT,
    echo: Callable[[str], None] = print,
    check: Callable[[Path], bool] | None = None,
) -> Result:
    """`time_limit`: minutes the build may take (Pelican is killed after that)."""
    try:
        if target not in TARGETS:
            raise PublishError(f"--target {target!r}: expected one of {', '.join(TARGETS)}")
        if target == "rsync" and not dest:
            raise PublishError(
                "--target rsync needs --dest, e.g. "
                "--dest deploy@www.thcvs.org.uk:/srv/www/thcvs/public"
            )
        if not time_limit > 0:
            raise PublishError("--time-limit takes a number of minutes above 0, such as 10.")
        checkers = parse_checks(checks)
        places = places_for(live)
        with locked(places):
            return _publish(
                places,
                settings_file,
                tuple(extra),
                checkers,
                target,
                dest,
                remote,
                branch,
                time_limit,
                echo,
                check,
            )
    except PublishError as error:
        message = (
            f"Publish stopped: {error}\nNothing was changed: the live folder "
            f"({str(live).rstrip('/')}/) still holds the site published before."
        )
        echo(message)
        return Result(False, message)


def _publish(
    places, settings_file, extra, checkers, target, dest, remote, branch, time_limit, echo, check
):
    live = places.live
    finish_killed_runs(places, echo)
    settings = _settings(settings_file, extra)
    siteurl = settings.get("SITEURL", "")
    staging_root = Path(tempfile.mkdtemp(prefix=places.staging_prefix, dir=live.parent))
    try:
        new = staging_root / "site"
        echo(f"Building the site with {settings_file} …")
        lines = []
        result = build(settings_file, new, extra, echo=lines.append, time_limit=time_limit * 60)
        echo("\n".join(line for line in lines if not line.startswith("Build failed")).rstrip())
        if not result.ok:
            raise PublishError("the build failed (see above)")
        _kill_point("built")
        make_readable(new)
        (new / "_headers").write_text(
            headers_file(HEADERS_FILE.read_text(encoding="utf-8"), new), encoding="utf-8"
        )
        problems = production_problems(new, siteurl, settings.get("SITE_DEV_URL", ""))
        if problems:
            raise PublishError("the build is not fit for production:\n  " + "\n  ".join(problems))
        if live.is_dir() and tree_digest(new) == tree_digest(live):
            return _done(
                echo,
                f"Nothing to publish: the new build is identical to "
                f"{places.shown(live)} (kept as it is).",
            )
        passed = check(new) if check else run_checks(new, checkers, echo)
        if not passed:
            raise PublishError("the checks found problems in the new build (see above)")
        deploy(new, target, siteurl=siteurl, dest=dest, remote=remote, branch=branch, echo=echo)
        _kill_point("checked")
        if live.exists() or live.is_symlink():
            # Written down first, so a run killed between the two swaps can be finished.
            record = {"published": folder_identity(new), "replaced": folder_identity(live)}
            (staging_root / "swap.json").write_text(json.dumps(record), encoding="utf-8")
            _kill_point("recorded")
            exchange(new, live)  # `new` now holds the site that was live
            _kill_point("exchanged")
            _keep_as_previous(new, places)  # `new` now holds the older previous site, if any
            _kill_point("kept")
            kept = (
                f"the site before it is kept in {places.shown(places.previous)}; "
                "`invoke rollback` brings it back"
            )
        else:
            os.rename(new, live)
            kept = "this is the first publish, so there is nothing to roll back to yet"
        where = {
            "local": "",
            "rsync": f" and sent to {dest}",
            "gh-pages": f" and committed to the {branch} branch",
        }[target]
        return _done(echo, f"Published: {places.shown(live)} holds the new site{where}; {kept}.")
    finally:
        # The staging folder goes; but if an error or Ctrl-C came between the two
        # swaps, the site it holds is the one just replaced: keep it as previous.
        finish_killed_runs(places, echo)


def _done(echo, message: str) -> Result:
    echo(message)
    return Result(True, message)


def rollback(
    live: str | Path = "public",
    *,
    settings_file: str = "publishconf.py",
    target: str = "local",
    dest: str | None = None,
    remote: str = "origin",
    branch: str = "gh-pages",
    echo: Callable[[str], None] = print,
    check_links: Callable[[Path], bool] | None = None,
) -> Result:
    """Swap public.previous/ back in, once it has passed `site_problems`
    (`check_links`, default: the project's links checker)."""
    try:
        if target not in TARGETS:
            raise PublishError(f"--target {target!r}: expected one of {', '.join(TARGETS)}")
        places = places_for(live)
        with locked(places):
            finish_killed_runs(places, echo)
            if not places.previous.is_dir():
                raise PublishError(
                    f"there is no {places.shown(places.previous)} to roll back to "
                    "(it appears after the second publish)"
                )
            if not places.live.is_dir():
                raise PublishError(f"there is no {places.shown(places.live)}: nothing is published")
            links = check_links or (
                lambda folder: run_checks(folder, ["links"], echo, f"{places.shown(folder)}")
            )
            problems = site_problems(places.previous, links)
            if problems:
                raise PublishError(
                    f"{places.shown(places.previous)} is not a complete site ("
                    + "; ".join(problems)
                    + f"), so it was not put live. {places.shown(places.live)} stays as it "
                    "is; to replace it, fix the content and run `invoke publish`"
                )
            siteurl = _settings(settings_file, ()).get("SITEURL", "")
            deploy(
                places.previous,
                target,
                siteurl=siteurl,
                dest=dest,
                remote=remote,
                branch=branch,
                echo=echo,
            )
            exchange(places.previous, places.live)
            return _done(
                echo,
                f"Rolled back: {places.shown(places.live)} holds the previous "
                f"site again; the one it replaced is in "
                f"{places.shown(places.previous)} (run rollback again to undo).",
            )
    except PublishError as error:
        message = f"Rollback stopped: {error}\nNothing was changed."
        echo(message)
        return Result(False, message)
