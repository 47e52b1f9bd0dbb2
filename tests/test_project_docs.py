"""The README's promises that can be checked by reading the project."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    return [block.strip("\n") for block in blocks]


def test_quick_start_is_two_one_line_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert "serve" in commands[0] and "test" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start_commands()[1] in ci


def test_dependencies_are_pinned():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines and all(re.match(r"^[A-Za-z0-9_.\[\]-]+==[\w.]+", line) for line in lines), lines


def test_venv_and_output_are_ignored():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert ".venv/" in ignored and "output/" in ignored


def test_every_plugin_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    prefixes = tuple(f"{name.upper()}_" for name in settings["PLUGINS"])
    for key in settings:
        if key.startswith(prefixes):
            assert f"`{key}`" in readme, f"{key} is not in README.md's settings table"


def test_no_test_folder_has_a_name_pytest_passes_over():
    # pytest's default norecursedirs silently skips folders with these names.
    passed_over = {"build", "dist", "CVS", "node_modules", "venv", "_darcs", "{arch}"}
    for path in (ROOT / "tests").rglob("*"):
        if path.is_dir() and path.name != "__pycache__":
            assert path.name not in passed_over and not path.name.startswith("."), path
