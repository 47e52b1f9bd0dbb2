"""Publishing under faults (issue 18): `invoke publish` killed at every step
(SIGKILL, as the fault probes did) leaves a complete live site, and the next
publish or rollback finishes or sweeps what it left; rollback refuses a
previous site that is not complete; a build past its time limit is killed
and nothing changes; a killed build's leftovers beside output/ are swept.

Publish is killed with its test-only fault point, PUBLISH_KILL_AT=STEP
(buildtools/publish.py, KILL_POINTS): the process sends itself SIGKILL there.
"Complete" is what the project's own links checker says: every internal
link on every page resolves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from buildtools import publish as publish_module
from buildtools.publish import KILL_POINTS
from tests.conftest import ROOT, run_invoke

POST = "content/posts/2026-11-20-faults.md"
POST_PAGE = "2026/11/publishing-under-faults/index.html"


def post(version: int) -> str:
    return f"""\
Title: Publishing under faults
Date: 2026-11-20 10:00
Category: News
Tags: news
Author: A Writer
Summary: A post that changes with every publish.

This is version {version} of the post.
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def invoke(project: Path, *args: str, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PUBLISH_KILL_AT", None)
    if kill_at:
        env["PUBLISH_KILL_AT"] = kill_at
    return subprocess.run(
        [str(Path(sys.executable).parent / "invoke"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def publish(project: Path, version: int, kill_at: str | None = None):
    (project / POST).write_text(post(version), encoding="utf-8")
    return invoke(project, "publish", "--checks", "links", kill_at=kill_at)


def complete(folder: Path) -> bool:
    """The project's links checker passes: every internal link resolves."""
    checked = subprocess.run(
        [sys.executable, "-m", "checks", str(folder), "--only", "links"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return (folder / "index.html").is_file() and checked.returncode == 0


def version_of(folder: Path) -> int:
    text = (folder / POST_PAGE).read_text(encoding="utf-8")
    return int(text.split("This is version ", 1)[1].split(" ", 1)[0])


@pytest.fixture
def publishing(project):
    for part in ("checks", "deploy"):
        if not (project / part).exists():
            shutil.copytree(
                ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__")
            )
    return project


def test_publish_killed_at_every_step_leaves_a_complete_site(publishing):
    project = publishing
    live, previous = project / "public", project / "public.previous"
    for version in (1, 2):
        done = publish(project, version)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (version_of(live), version_of(previous)) == (2, 1)

    version = 2
    for step in KILL_POINTS:
        version += 1
        before = (version_of(live), version_of(previous))
        killed = publish(project, version, kill_at=step)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stdout + killed.stderr)
        assert complete(live) and complete(previous), step
        now = (version_of(live), version_of(previous))
        if step in ("built", "checked", "recorded"):
            assert now == before, step  # killed before the swap: nothing changed
        elif step == "exchanged":
            # Killed between the two swaps: the new site is live, the one it
            # replaced waits in the staging folder. Rollback finishes the publish
            # first, so it brings back the site that was live before it.
            assert now == (version, before[1])
            back = invoke(project, "rollback")
            assert back.returncode == 0, back.stdout + back.stderr
            assert "The last publish was stopped just after its swap" in back.stdout
            assert (version_of(live), version_of(previous)) == (before[0], version)
            assert complete(live) and complete(previous)
        else:  # kept: both swaps done, only the old previous site left to delete
            assert now == (version, before[0]), step
        assert not list(project.glob(".build-*")), step

    # The next publish sweeps what the killed ones left, and publishes.
    version += 1
    last_live = version_of(live)
    done = publish(project, version)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (version_of(live), version_of(previous)) == (version, last_live)
    assert sorted(p.name for p in project.iterdir() if "public" in p.name) == [
        ".public.lock",
        "public",
        "public.previous",
    ]
    assert complete(live) and complete(previous)


def test_rollback_refuses_an_incomplete_previous_site(publishing):
    project = publishing
    live, previous = project / "public", project / "public.previous"
    for version in (1, 2):
        done = publish(project, version)
        assert done.returncode == 0, done.stdout + done.stderr
    # Half of public.previous/ gone, as a killed delete used to leave it.
    (previous / "about" / "index.html").unlink()
    kept = snapshot(live), snapshot(previous)
    refused = invoke(project, "rollback")
    assert refused.returncode == 1
    assert "/about/" in refused.stdout  # the links checker's report
    assert (
        "Rollback stopped: public.previous/ is not a complete site (some of its internal "
        "links lead nowhere (see above)), so it was not put live. public/ stays as it is"
    ) in refused.stdout
    assert (snapshot(live), snapshot(previous)) == kept
    (previous / "404.html").unlink()
    refused = invoke(project, "rollback")
    assert refused.returncode == 1 and "it has no 404.html" in refused.stdout
    assert snapshot(live) == kept[0]


HANG = '''\
"""Test-only: a plugin that never finishes (the build's time limit must stop it)."""
import os
import time
from pathlib import Path

from pelican import signals


def hang(pelican):
    Path(os.environ["HANG_PID_FILE"]).write_text(str(os.getpid()))
    time.sleep(3600)


def register():
    signals.initialized.connect(hang)
'''


def test_a_build_past_its_time_limit_is_stopped_and_nothing_changes(publishing, tmp_path):
    project = publishing
    live = project / "public"
    done = publish(project, 1)
    assert done.returncode == 0, done.stdout + done.stderr
    kept = snapshot(live)
    # A build that can never finish, however fast the machine: the limit stops it.
    (project / "plugins" / "hang_forever").mkdir()
    (project / "plugins" / "hang_forever" / "__init__.py").write_text(HANG)
    with (project / "pelicanconf.py").open("a") as conf:
        conf.write('\nPLUGINS = [*PLUGINS, "hang_forever"]\n')
    pid_file = tmp_path / "pelican.pid"
    (project / POST).write_text(post(2), encoding="utf-8")
    stopped = subprocess.run(
        [
            str(Path(sys.executable).parent / "invoke"),
            "publish",
            "--checks",
            "links",
            "--time-limit",
            "0.05",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "HANG_PID_FILE": str(pid_file)},
        timeout=300,
    )
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "The build was stopped after 3 seconds, its time limit." in stopped.stdout
    assert (
        "Publish stopped: the build failed (see above)\nNothing was changed: the live "
        "folder (public/) still holds the site published before."
    ) in stopped.stdout
    assert snapshot(live) == kept
    with pytest.raises(ProcessLookupError):  # Pelican was killed, not left running
        os.kill(int(pid_file.read_text()), 0)
    assert not list(project.glob(".public.new-*"))


def test_invoke_publish_refuses_a_time_limit_that_is_not_minutes(publishing):
    said = invoke(publishing, "publish", "--checks", "links", "--time-limit", "ten")
    assert said.returncode == 1
    assert "--time-limit takes a number of minutes above 0, such as 10." in said.stdout
    assert not (publishing / "public").exists()


def test_the_next_build_sweeps_what_killed_builds_left(project):
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that has ended: its leftovers are a killed build's
    leftovers = [
        project / f".build-output-{gone.pid}-abc123",
        project / ".build-output-old-def456",  # the name older versions used
        project / ".output.previous",
    ]
    for folder in leftovers:
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("stale")
    report = project / f".build-output-{gone.pid}-abc123.problems.json"
    report.write_text("[]")
    running = project / f".build-output-{os.getpid()}-running"  # a build still going on
    running.mkdir()
    built = run_invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert not any(p.exists() for p in [*leftovers, report])
    assert running.is_dir()
    assert (project / "output" / "index.html").is_file()


def test_a_swap_killed_inside_the_three_rename_fallback_is_undone(publishing):
    """Without renameat2, exchange() falls back to three renames; killed after
    the second, the live folder is missing: the next publish puts it back."""
    project = publishing
    live, previous = project / "public", project / "public.previous"
    for version in (1, 2):
        done = publish(project, version)
        assert done.returncode == 0, done.stdout + done.stderr
    # What publish's exchange(site, public) leaves killed after two of its renames
    # (site -> site.swap, public -> site), with swap.json written before it.
    new = project / ".public.new-killed"
    shutil.copytree(live, new / "site.swap")
    ids = {"published": publish_module.folder_identity(new / "site.swap")}
    os.rename(live, new / "site")
    ids["replaced"] = publish_module.folder_identity(new / "site")
    (new / "swap.json").write_text(json.dumps(ids))
    assert not live.exists()
    done = publish(project, 3)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (version_of(live), version_of(previous)) == (3, 2)
    assert not new.exists() and complete(live) and complete(previous)


def test_an_output_swap_killed_inside_the_fallback_is_put_back(project):
    """The same for `invoke build`: output/ missing, the new site left as
    `.build-output-PID-….swap` by a build that was killed: the next build puts it
    back, so even a failing build leaves a site in output/."""
    built = run_invoke(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    gone = subprocess.Popen(["true"])
    gone.wait()
    os.rename(project / "output", project / f".build-output-{gone.pid}-abc.swap")
    (project / POST).write_text(post(1).replace("Category: News", "Category: Nope"))
    failed = run_invoke(project, "build")
    assert failed.returncode == 1
    assert "output/ still holds the last good site" in failed.stdout
    assert (project / "output" / "index.html").is_file()
    assert not list(project.glob(".build-output-*"))
