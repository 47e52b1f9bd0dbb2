"""Screenshots for a person to look at: the home page, the seed post (the
first article by path, i.e. the oldest) and the findings page (the first page
of kind "findings", else the first whose path contains "findings"), the
Subscribe and survey pages, and one page of every other kind (page,
category, tag, archives, search, 404 …), full page, at each width, as
NAME-WIDTH.png (home-390.png, article-1280.png, subscribe-390.png, tag-1280.png …)."""

from __future__ import annotations

import re
from pathlib import Path

from checks.report import CheckResult, Fault
from checks.site import Page

REQUIRED = ("home", "article")
# Pages named for what they are, not their kind (both are of kind "page").
NAMED = {"subscribe": "/subscribe/", "survey": "/survey/"}
_SHOT = re.compile(r"^[a-z0-9_-]+-\d+\.png$")


def screenshot_targets(pages: list[Page]) -> dict[str, Page]:
    targets: dict[str, Page] = {}
    for page in pages:
        if page.path == "/":
            targets.setdefault("home", page)
        if page.kind == "article":
            targets.setdefault("article", page)
    findings = [p for p in pages if p.kind == "findings"] or [
        p for p in pages if "findings" in p.path
    ]
    if findings:
        targets["findings"] = findings[0]
    taken = {page.path for page in targets.values()}
    for name, path in NAMED.items():
        page = next((p for p in pages if p.path == path and p.path not in taken), None)
        if page is not None:
            targets[name] = page
            taken.add(page.path)
    for page in pages:
        if page.path not in taken and page.kind and page.kind not in targets:
            targets[page.kind] = page
            taken.add(page.path)
    return targets


def clear_old(folder: Path) -> None:
    """Remove screenshots a previous run left (e.g. of a page now gone)."""
    folder = Path(folder)
    if folder.is_dir():
        for old in folder.glob("*-*.png"):
            if _SHOT.match(old.name):
                old.unlink()


def screenshot_path(folder: Path, name: str, width: int) -> Path:
    return Path(folder) / f"{name}-{width}.png"


def check_screenshots(targets: dict[str, Page], written: list[Path], folder: Path) -> CheckResult:
    faults = [
        Fault("screenshots", "/", "screenshot-missing", f"no {name} page to screenshot")
        for name in REQUIRED
        if name not in targets
    ]
    for path in written:
        if not path.is_file() or path.stat().st_size == 0:
            faults.append(Fault("screenshots", "/", "screenshot-missing", f"{path} not written"))
    pages = ", ".join(f"{name} {page.path}" for name, page in targets.items())
    summary = f"{len(written)} written to {folder} ({pages or 'no pages'})"
    return CheckResult("screenshots", summary, faults)
