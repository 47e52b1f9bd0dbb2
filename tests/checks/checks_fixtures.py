"""Helpers for the checks' tests: the fixture sites (see fixtures/README.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN = FIXTURES / "clean"
FAULTS = FIXTURES / "faults"
SITE_URL = "https://www.example.org"


def fault_names() -> list[str]:
    return sorted(p.name for p in FAULTS.iterdir() if (p / "fault.json").is_file())


def load_fault(name: str) -> dict:
    return json.loads((FAULTS / name / "fault.json").read_text(encoding="utf-8"))


def make_site(name: str, dest: Path) -> Path:
    """A copy of clean/ with fault `name` planted in it (or clean, for "clean")."""
    site = dest / name
    shutil.copytree(CLEAN, site)
    if name == "clean":
        return site
    fault = load_fault(name)
    for edit in fault.get("edits", []):
        file = site / edit["file"]
        text = file.read_text(encoding="utf-8")
        count = text.count(edit["find"])
        assert count == 1, f"{name}: {edit['find']!r} occurs {count} times in {edit['file']}"
        file.write_text(text.replace(edit["find"], edit["replace"]), encoding="utf-8")
    extra = FAULTS / name / "site"
    if extra.is_dir():
        shutil.copytree(extra, site, dirs_exist_ok=True)
    return site
