"""Accessibility: axe-core (npm axe-core, axe.min.js injected into each page)
in Debian's headless Chromium, every page at 390 and 1280 px, rules tagged
wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa. Every violation is a fault
(named by axe's rule id); "needs review" results are listed, not failed. (The keyboard checks are
checks/keyboard.py and checks/browser.py:keyboard_audit.)"""

from __future__ import annotations

import json

from checks import tools
from checks.report import CheckResult, Fault, merge_widths


def axe_version() -> str:
    try:
        pkg = tools.node_modules() / "axe-core" / "package.json"
        return json.loads(pkg.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def violation_message(v: dict) -> str:
    nodes = v.get("nodes") or []
    shown = ", ".join(nodes[:3]) + (f" and {len(nodes) - 3} more" if len(nodes) > 3 else "")
    return f"{v.get('impact') or 'n/a'}: {v.get('help', '')} ({len(nodes)} element(s): {shown})"


def check_a11y(audits: list, widths: tuple[int, ...]) -> CheckResult:
    items = []
    review: dict[str, list[str]] = {}
    for a in audits:
        if a.error:
            items.append((a.width, Fault("a11y", a.page, "page-load", a.error)))
        for v in a.violations or []:
            items.append((a.width, Fault("a11y", a.page, v["id"], violation_message(v))))
        for rule in a.incomplete:
            pages = review.setdefault(rule, [])
            if a.page not in pages:
                pages.append(a.page)
    faults = merge_widths(items)
    pages = len({a.page for a in audits})
    ws = " and ".join(str(w) for w in widths)
    summary = (
        f"axe-core {axe_version()} WCAG 2.2 A/AA rules on {pages} pages at {ws} px,"
        f" {len(faults)} violations"
    )
    details = []
    for rule, pages in sorted(review.items()):
        shown = ", ".join(pages[:5]) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")
        details.append(f"needs review by a person (not failing): {rule} on {shown}")
    return CheckResult("a11y", summary, faults, details)
