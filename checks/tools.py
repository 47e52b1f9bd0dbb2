"""Where the external tools live, and clear errors when one is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from checks.report import ToolMissing

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def node_modules() -> Path:
    return Path(os.environ.get("CHECKS_NODE_MODULES", PROJECT_ROOT / "node_modules"))


def vnu_jar() -> Path:
    jar = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        raise ToolMissing(
            f"vnu.jar not found at {jar}: run `npm ci --ignore-scripts` in {PROJECT_ROOT}"
        )
    return jar


def axe_js() -> Path:
    path = node_modules() / "axe-core" / "axe.min.js"
    if not path.is_file():
        raise ToolMissing(
            f"axe.min.js not found at {path}: run `npm ci --ignore-scripts` in {PROJECT_ROOT}"
        )
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise ToolMissing("java not found on PATH: apt-get install -y openjdk-17-jre-headless")
    return found


def chromium() -> str:
    path = os.environ.get("CHECKS_CHROMIUM", CHROMIUM)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise ToolMissing(f"Chromium not found at {path}: apt-get install -y chromium")
    return path


def playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise ToolMissing(
            "the Python package playwright is not installed: pip install playwright "
            "(never `playwright install`: Debian's Chromium is used)"
        ) from exc
    return sync_playwright


def require_browser_tools() -> None:
    """Raise ToolMissing unless everything the browser checks need is here."""
    playwright()
    chromium()
    axe_js()


def require_vnu() -> None:
    java()
    vnu_jar()
