"""Privacy and robustness: while each page loads (both widths), no request
to any host but the local server (or the site's own address, answered
locally), no console errors (including uncaught exceptions), no failed
requests (network errors or HTTP >= 400), no cookies. The 404 page is also
loaded at a missing, deeper path (it must answer 404 and load cleanly
there, as a visitor meets it)."""

from __future__ import annotations

from checks.report import CheckResult, Fault, merge_widths


def check_privacy(audits: list, widths: tuple[int, ...]) -> CheckResult:
    items = []
    for a in audits:
        if a.error:
            items.append((a.width, Fault("privacy", a.page, "page-load", a.error)))
        items += [
            (a.width, Fault("privacy", a.page, "external-request", f"request to {u}"))
            for u in a.external
        ]
        items += [(a.width, Fault("privacy", a.page, "console-error", m)) for m in a.console_errors]
        items += [(a.width, Fault("privacy", a.page, "failed-request", m)) for m in a.failed]
        items += [
            (a.width, Fault("privacy", a.page, "cookie", f"cookie set: {c}")) for c in a.cookies
        ]
    faults = merge_widths(items)
    counts = {
        rule: sum(f.rule == rule for f in faults)
        for rule in ("external-request", "console-error", "failed-request", "cookie")
    }
    pages = len({a.page for a in audits if a.expect_status == 200})
    ws = " and ".join(str(w) for w in widths)
    summary = (
        f"{pages} pages at {ws} px: {counts['external-request']} external requests,"
        f" {counts['console-error']} console errors, {counts['failed-request']}"
        f" failed requests, {counts['cookie']} cookies"
    )
    return CheckResult("privacy", summary, faults)
