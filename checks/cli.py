"""`python -m checks OUTPUT_DIR [--only …] [--screenshots-dir DIR] [--site-url URL]`

Serves OUTPUT_DIR on 127.0.0.1 (a free port) and runs the checkers; each
prints one summary line, then details and every fault as
`FAIL <page> [<rule>] <message>`. Exit 0 when all pass, 1 on any fault,
2 when a tool is missing or the arguments are wrong.

Checkers: links, feeds, html, a11y, keyboard, privacy, weight, screenshots.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from checks.a11y import check_a11y
from checks.feeds import check_feeds
from checks.html_conformance import check_html
from checks.keyboard import check_keyboard
from checks.links import check_links
from checks.privacy import check_privacy
from checks.report import CheckResult, ToolMissing
from checks.screenshots import check_screenshots, clear_old, screenshot_path, screenshot_targets
from checks.site import detect_site_url, discover, pick_representatives
from checks.weight import check_weight, page_weight

CHECKS = ("links", "feeds", "html", "a11y", "keyboard", "privacy", "weight", "screenshots")
LOADING_CHECKS = {"a11y", "privacy", "weight", "screenshots"}
BROWSER_CHECKS = LOADING_CHECKS | {"keyboard"}
DEFAULT_SCREENSHOTS = Path("artifacts/screenshots")
# Loaded (privacy check) to see the 404 page the way a visitor meets it.
MISSING_PATH = "/checks-no-such-page/deeper/"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m checks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("output_dir", type=Path, help="the built site (Pelican's output folder)")
    parser.add_argument(
        "--only",
        default=",".join(CHECKS),
        help=f"comma-separated checkers to run (default: all: {','.join(CHECKS)})",
    )
    parser.add_argument(
        "--screenshots-dir",
        type=Path,
        default=DEFAULT_SCREENSHOTS,
        help=f"where screenshots go (default: {DEFAULT_SCREENSHOTS})",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        help="the site's public address (SITEURL) when links are absolute;"
        " default: from the home page's <link rel=canonical>",
    )
    parser.add_argument(
        "--keyboard-all",
        action="store_true",
        help="keyboard-check every page, not one page per kind",
    )
    parser.add_argument(
        "--pages",
        default=None,
        help="comma-separated site paths (e.g. /,/about/) to check instead of"
        " every page (links and browser checks; html checks every file)",
    )
    args = parser.parse_args(argv)
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in only if c not in CHECKS]
    if unknown:
        parser.error(f"unknown checker(s) {', '.join(unknown)}; choose from {', '.join(CHECKS)}")
    args.only = only
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()] if args.pages else None
    return args


def run(
    root: Path,
    selected: list[str],
    *,
    site_url: str | None = None,
    screenshots_dir: Path = DEFAULT_SCREENSHOTS,
    keyboard_all: bool = False,
    session=None,
    emit: Callable[[CheckResult], None] = lambda r: None,
    widths: tuple[int, ...] | None = None,
    only_pages: list[str] | None = None,
) -> list[CheckResult]:
    """Run the selected checkers over root; emit each result as it is ready.
    `session`, an open BrowserSession, is reused when given (tests).
    `only_pages` (site paths) limits the link and browser checks to those
    pages; screenshots still pick from every page."""
    from checks import browser  # imported late: links/html need no Playwright

    widths = widths or browser.WIDTHS
    root = Path(root)
    all_pages = discover(root)
    pages = all_pages
    if only_pages is not None:
        known = {p.path for p in all_pages}
        missing = [p for p in only_pages if p not in known]
        if missing:
            raise ValueError(f"no such page(s) in {root}: {', '.join(missing)}")
        pages = [p for p in all_pages if p.path in set(only_pages)]
    results: list[CheckResult] = []

    def done(result: CheckResult) -> None:
        results.append(result)
        emit(result)

    with ThreadPoolExecutor(max_workers=1) as pool:
        html_future = pool.submit(check_html, root) if "html" in selected else None
        if "links" in selected:
            done(check_links(root, pages, site_url))
        if "feeds" in selected:
            done(check_feeds(root, site_url))
        if BROWSER_CHECKS & set(selected):
            plan = _BrowserPlan.make(
                root, pages, all_pages, selected, screenshots_dir, keyboard_all, widths
            )
            _browser_checks(root, plan, site_url, session, done)
        if html_future is not None:
            done(html_future.result())
    order = {name: i for i, name in enumerate(CHECKS)}
    return sorted(results, key=lambda r: order.get(r.name, 99))


@dataclass
class _BrowserPlan:
    """Which pages the browser checkers need, worked out before any is loaded."""

    selected: set[str]
    widths: tuple[int, ...]
    screenshots_dir: Path
    audited: list  # pages loaded for a11y, privacy and weight
    targets: dict  # screenshot name -> page
    shot_names: dict  # page path -> screenshot name
    keyboard_pages: list
    check_404: bool

    @classmethod
    def make(cls, root, pages, all_pages, selected, screenshots_dir, keyboard_all, widths):
        selected = set(selected)
        targets = screenshot_targets(all_pages) if "screenshots" in selected else {}
        return cls(
            selected=selected,
            widths=widths,
            screenshots_dir=screenshots_dir,
            audited=pages if (LOADING_CHECKS - {"screenshots"}) & selected else [],
            targets=targets,
            shot_names={page.path: name for name, page in targets.items()},
            keyboard_pages=pages if keyboard_all else pick_representatives(pages),
            check_404=(
                "privacy" in selected
                and (root / "404.html").is_file()
                and any(p.path == "/404.html" for p in pages)
            ),
        )

    def to_load(self) -> list:
        return list(self.audited) + [p for p in self.targets.values() if p not in self.audited]

    def screenshot(self, page, width) -> Path | None:
        name = self.shot_names.get(page.path)
        return screenshot_path(self.screenshots_dir, name, width) if name else None


@dataclass
class _Seen:
    """What the browser saw, at every width, for the checkers to judge."""

    audits: list = field(default_factory=list)  # of the audited pages
    missing: list = field(default_factory=list)  # of the 404 page at a missing path
    keyboard: list = field(default_factory=list)  # keyboard reports
    written: list = field(default_factory=list)  # screenshot files


def _look_at_pages(tab, plan: _BrowserPlan, width: int, seen: _Seen) -> None:
    from checks import browser

    for page in plan.to_load():
        audit = browser.audit_page(
            tab,
            page.path,
            page.kind,
            screenshot=plan.screenshot(page, width),
            axe="a11y" in plan.selected and page in plan.audited,
        )
        if audit.screenshot:
            seen.written.append(audit.screenshot)
        if page in plan.audited:
            seen.audits.append(audit)
    if plan.check_404:
        # The 404 page as a visitor meets it: at a missing, deeper path.
        seen.missing.append(
            browser.audit_page(tab, MISSING_PATH, "404", axe=False, expect_status=404)
        )
    if "keyboard" in plan.selected:
        seen.keyboard += [browser.keyboard_audit(tab, page.path) for page in plan.keyboard_pages]


# What each browser checker makes of what was seen, in the order of CHECKS.
BROWSER_VERDICTS: dict[str, Callable[[_Seen, _BrowserPlan], CheckResult]] = {
    "a11y": lambda seen, plan: check_a11y(seen.audits, plan.widths),
    "keyboard": lambda seen, plan: check_keyboard(
        seen.keyboard, {p.path: p.kind for p in plan.keyboard_pages}, plan.widths
    ),
    "privacy": lambda seen, plan: check_privacy(seen.audits + seen.missing, plan.widths),
    "weight": lambda seen, plan: check_weight(
        [page_weight(a.page, a.kind, a.width, a.resources) for a in seen.audits if not a.error]
    ),
    "screenshots": lambda seen, plan: check_screenshots(
        plan.targets, seen.written, plan.screenshots_dir
    ),
}


def _browser_checks(root, plan: _BrowserPlan, site_url, session, done) -> None:
    from checks import browser
    from checks.server import serve

    seen = _Seen()
    # A session given by the caller (tests) stays open for the caller.
    with nullcontext(session) if session is not None else browser.BrowserSession() as session:
        with serve(root) as server_url:
            target = browser.Target(server_url, site_url)
            if plan.targets:
                clear_old(plan.screenshots_dir)
            for width in plan.widths:
                with browser.Tab(session, target, width) as tab:
                    _look_at_pages(tab, plan, width, seen)
    for name, verdict in BROWSER_VERDICTS.items():
        if name in plan.selected:
            done(verdict(seen, plan))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    root = args.output_dir
    if not (root / "index.html").is_file():
        print(f"check: {root} has no index.html: build the site first", file=sys.stderr)
        return 2
    site_url = args.site_url or detect_site_url(root)
    pages = discover(root)
    print(
        f"check: {len(pages)} pages in {root}"
        + (f", seen at {site_url}" if site_url else "")
        + f"; running {', '.join(args.only)}",
        flush=True,
    )

    def emit(result: CheckResult) -> None:
        print(result.render(), flush=True)

    try:
        results = run(
            root,
            args.only,
            site_url=site_url,
            screenshots_dir=args.screenshots_dir,
            keyboard_all=args.keyboard_all,
            emit=emit,
            only_pages=args.pages,
        )
    except (ToolMissing, ValueError) as exc:
        print(f"check: cannot run: {exc}", file=sys.stderr)
        return 2
    failing = [r for r in results if not r.ok]
    if failing:
        counts = ", ".join(f"{r.name} {len(r.faults)}" for r in failing)
        total = sum(len(r.faults) for r in failing)
        print(f"check: FAILED: {total} faults ({counts})")
        return 1
    print(f"check: passed: {len(results)} checkers, 0 faults")
    return 0
