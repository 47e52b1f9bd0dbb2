"""Shared fixtures: the project's paths, and builds of the real site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "plugins"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

# What a copy of the project needs to build on its own.
PROJECT_PARTS = [
    "content",
    "theme",
    "plugins",
    "buildtools",
    "checks",
    "deploy",
    "pelicanconf.py",
    "publishconf.py",
    "tasks.py",
]


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / part)
    # Share the chart render cache: a copy renders only the charts it changed.
    (ROOT / "cache").mkdir(exist_ok=True)
    (destination / "cache").symlink_to(ROOT / "cache", target_is_directory=True)
    return destination


def run_invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a task in a project copy exactly as a writer would."""
    invoke = Path(sys.executable).parent / "invoke"
    return subprocess.run(
        [str(invoke), *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def build_into(settings: str, output: Path) -> Path:
    from buildtools.build import build

    result = build(settings, output, echo=lambda *_: None)
    assert result.ok, result.log
    return output


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver for the whole run: its sync API cannot be
    started a second time while one is running in the same process."""
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory) -> Path:
    """The real content built with development settings."""
    return build_into("pelicanconf.py", tmp_path_factory.mktemp("dev") / "output")


@pytest.fixture(scope="session")
def prod_site(tmp_path_factory) -> Path:
    """The real content built with production settings."""
    return build_into("publishconf.py", tmp_path_factory.mktemp("prod") / "output")


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project, for tests that change content."""
    return copy_project(tmp_path / "project")
