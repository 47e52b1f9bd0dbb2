"""Everything that drives the browser: Debian's Chromium through Playwright's
sync API (never Playwright's own browser download).

One BrowserSession (one Chromium) serves every check; each width gets one
Tab (a browser context and page) reused page after page, with cookies and
storage cleared before each load. Every request is routed, which also turns
the HTTP cache off, so each page load fetches everything it uses:

- requests to the loopback server go through untouched;
- requests to the site's own address (--site-url, e.g. a production build
  whose links are absolute) are answered from the loopback server, so the page
  runs at its real origin with its real links;
- any other request is recorded as external and aborted, and Chromium is
  started with --host-resolver-rules that resolve every other host to nothing,
  so nothing leaves the machine even outside Playwright's view.

audit_page() loads one page at one width, scrolls to the bottom (lazy images),
waits for the network to settle and records responses, external requests,
console errors, failed requests and cookies; optionally runs axe-core and
takes a full-page screenshot. keyboard_audit() checks the Tab order.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from checks import tools
from checks.keyboard import KeyboardReport, describe, focus_indicator_visible, is_visible
from checks.report import ToolMissing
from checks.weight import Resource, transfer_size

WIDTHS = (390, 1280)
HEIGHTS = {390: 844, 1280: 800}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-first-run",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOAD_TIMEOUT_MS = 30_000
SETTLE_TIMEOUT_S = 10.0


class BrowserSession:
    """`with BrowserSession() as session:` one headless Chromium."""

    def __init__(self, executable: str | None = None, playwright=None):
        self.executable = executable
        # A running Playwright driver to share (the tests pass theirs); else our own.
        self._given_pw = playwright

    def __enter__(self) -> BrowserSession:
        tools.require_browser_tools()
        self.executable = self.executable or tools.chromium()
        self.axe_source = tools.axe_js().read_text(encoding="utf-8")
        self._pw = self._given_pw or tools.playwright()().start()
        try:
            self.browser = self._pw.chromium.launch(
                executable_path=self.executable, args=LAUNCH_ARGS, headless=True
            )
        except Exception as exc:
            if not self._given_pw:
                self._pw.stop()
            raise ToolMissing(
                f"Chromium at {self.executable} did not start: {str(exc).strip().splitlines()[0]}"
            ) from exc
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.browser.close()
        finally:
            if not self._given_pw:
                self._pw.stop()


class Target:
    """Where pages come from: the loopback server at `server_url`, seen at the
    site's own address `site_url` when one is given."""

    def __init__(self, server_url: str, site_url: str | None = None):
        self.server_url = server_url.rstrip("/")
        self.site_url = site_url.rstrip("/") if site_url else None
        self._server = urlsplit(self.server_url)
        self._site = urlsplit(self.site_url) if self.site_url else None

    def page_url(self, path: str) -> str:
        return (self.site_url or self.server_url) + path

    def is_server(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme == self._server.scheme and parts.netloc == self._server.netloc

    def is_site(self, url: str) -> bool:
        if not self._site:
            return False
        parts = urlsplit(url)
        return parts.netloc.lower() == self._site.netloc.lower() and parts.scheme in (
            "http",
            "https",
        )

    def is_local(self, url: str) -> bool:
        return (
            self.is_server(url) or self.is_site(url) or url.startswith(("data:", "blob:", "about:"))
        )

    def server_url_for(self, site_url: str) -> str:
        parts = urlsplit(site_url)
        prefix = self._site.path.rstrip("/") if self._site else ""
        path = parts.path
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :] or "/"
        return self.server_url + path + (f"?{parts.query}" if parts.query else "")

    def display(self, url: str) -> str:
        """Local URLs as site paths ("/theme/a.css"); external ones in full."""
        if self.is_local(url) and not url.startswith(("data:", "blob:", "about:")):
            parts = urlsplit(url)
            prefix = self._site.path.rstrip("/") if (self._site and self.is_site(url)) else ""
            path = (
                parts.path[len(prefix) :]
                if prefix and parts.path.startswith(prefix)
                else parts.path
            )
            return (path or "/") + (f"?{parts.query}" if parts.query else "")
        return url[:200]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class PageAudit:
    page: str
    kind: str
    width: int
    status: int | None = None
    expect_status: int = 200
    resources: list[Resource] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    violations: list[dict] | None = None
    incomplete: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    error: str | None = None


class Tab:
    """One browser context and page at one width, reused for every page at
    that width (a new context per page costs about a second). Routing every
    request turns the HTTP cache off, so each load fetches everything; load()
    clears cookies and storage and starts a fresh record."""

    def __init__(self, session: BrowserSession, target: Target, width: int):
        self.session = session
        self.target = target
        self.width = width
        self.context = session.browser.new_context(
            viewport={"width": width, "height": HEIGHTS.get(width, 800)},
            device_scale_factor=1,
            service_workers="block",
            color_scheme="light",
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_done)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", lambda r: self.responses.append(r))
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("websocket", self._on_websocket)
        self._reset()

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _reset(self) -> None:
        self.external: list[str] = []
        self.responses: list = []
        self.failed_requests: list[tuple[str, str]] = []
        self.console: list[tuple[str, str]] = []
        self.page_errors: list[str] = []
        self.inflight = 0

    # -- network ---------------------------------------------------------
    def _route(self, route) -> None:
        url = route.request.url
        if self.target.is_server(url) or url.startswith(("data:", "blob:")):
            route.continue_()
        elif self.target.is_site(url):
            self._fulfil_from_server(route)
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def _fulfil_from_server(self, route) -> None:
        request = route.request
        local = self.target.server_url_for(request.url)
        req = urllib.request.Request(local, method="HEAD" if request.method == "HEAD" else "GET")
        try:
            with _opener.open(req, timeout=30) as resp:
                status, headers, body = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            status, headers, body = err.code, err.headers, err.read()
        out = {
            k: v
            for k, v in headers.items()
            if k.lower()
            not in (
                "content-length",
                "connection",
                "date",
                "server",
                "transfer-encoding",
                "keep-alive",
            )
        }
        if "Location" in out:
            out["Location"] = self.target.site_url + urlsplit(out["Location"]).path
        route.fulfill(status=status, headers=out, body=body)

    def _on_request(self, request) -> None:
        self.inflight += 1

    def _on_done(self, request) -> None:
        self.inflight -= 1

    def _on_failed(self, request) -> None:
        self.inflight -= 1
        if request.url in self.external:
            return
        if self.target.is_local(request.url):
            self.failed_requests.append((request.url, request.failure or "failed"))
        else:  # tried, but stopped before routing (e.g. by the page's own CSP)
            self.external.append(request.url)

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            location = (msg.location or {}).get("url", "")
            self.console.append((msg.text, location))

    def _on_websocket(self, ws) -> None:
        if not self.target.is_local(ws.url.replace("ws", "http", 1)):
            self.external.append(ws.url)

    # -- page ------------------------------------------------------------
    def load(self, path: str):
        """Go to `path` with a clean slate; returns the main response."""
        self.context.clear_cookies()
        try:
            self.page.evaluate(
                "() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"
            )
        except Exception:
            pass
        self.page.goto("about:blank")
        self._reset()
        return self.page.goto(
            self.target.page_url(path), wait_until="load", timeout=LOAD_TIMEOUT_MS
        )

    def settle(self) -> None:
        """Scroll to the bottom (lazy images), wait for images, fonts and the
        network to finish, scroll back to the top."""
        page = self.page
        page.evaluate("""async () => {
            const step = Math.max(window.innerHeight, 200);
            for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
                window.scrollTo(0, y);
                await new Promise(r => requestAnimationFrame(() => r()));
            }
            window.scrollTo(0, document.documentElement.scrollHeight);
            await Promise.all([...document.images].map(i => i.complete ? null :
                new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r);
                                   setTimeout(r, 5000); })));
            await document.fonts.ready;
        }""")
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        quiet = 0
        while time.monotonic() < deadline:
            if self.inflight <= 0:
                quiet += 1
                if quiet >= 2:
                    break
            else:
                quiet = 0
            page.wait_for_timeout(30)
        page.evaluate("() => window.scrollTo(0, 0)")

    def close(self) -> None:
        self.context.close()


def _resources(tab: Tab) -> list[Resource]:
    out = []
    for resp in tab.responses:
        if not (tab.target.is_local(resp.url)):
            continue
        try:
            body = resp.body()
        except Exception:  # redirects and aborted loads have no body
            body = b""
        ctype = resp.headers.get("content-type", "")
        out.append(
            Resource(
                tab.target.display(resp.url),
                resp.status,
                resp.request.resource_type,
                ctype,
                len(body),
                transfer_size(body, ctype),
            )
        )
    return out


AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     resultTypes: ['violations']});
  return {
    violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      helpUrl: v.helpUrl, nodes: v.nodes.map(n => n.target.join(' '))})),
    incomplete: r.incomplete.map(v => v.id),
  };
}"""


def audit_page(
    tab: Tab,
    path: str,
    kind: str,
    *,
    axe: bool = True,
    screenshot: Path | None = None,
    expect_status: int = 200,
) -> PageAudit:
    """Load one page in `tab` and record what the checks need. The page
    itself answering other than `expect_status` is a failed request."""
    audit = PageAudit(path, kind, tab.width, expect_status=expect_status)
    target, session = tab.target, tab.session
    try:
        response = tab.load(path)
        audit.status = response.status if response else None
        tab.settle()
    except Exception as exc:  # a page that will not load is itself a fault
        audit.error = f"page did not load: {str(exc).splitlines()[0]}"
        return audit
    if axe:
        tab.page.evaluate(session.axe_source)
        result = tab.page.evaluate(AXE_RUN, AXE_TAGS)
        audit.violations = result["violations"]
        audit.incomplete = result["incomplete"]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(screenshot), full_page=True)
        audit.screenshot = screenshot
    audit.resources = _resources(tab)
    audit.external = [target.display(u) for u in dict.fromkeys(tab.external)]
    audit.failed, failed_urls = _failed_requests(tab, audit.resources, path, expect_status)
    audit.console_errors = _console_errors(tab, failed_urls)
    audit.cookies = [f"{c['name']} (domain {c['domain']})" for c in tab.context.cookies()]
    return audit


def _failed_requests(
    tab: Tab, resources: list, path: str, expect_status: int
) -> tuple[list[str], set[str]]:
    """What failed to load (one fault per URL: an HTTP error may also abort),
    and every URL already reported, external ones included."""
    target = tab.target
    failed: list[str] = []
    reported = set(tab.external)
    main_url = target.page_url(path)
    local = [r for r in tab.responses if target.is_local(r.url)]
    for res, raw_resp in zip(resources, local):
        if raw_resp.url == main_url and raw_resp.request.resource_type == "document":
            if res.status != expect_status:
                failed.append(f"the page answered HTTP {res.status}, not {expect_status}")
            reported.add(raw_resp.url)
        elif res.status >= 400 and raw_resp.url not in reported:
            failed.append(f"{res.url} answered HTTP {res.status}")
            reported.add(raw_resp.url)
    for url, why in tab.failed_requests:
        if url not in reported:
            failed.append(f"{target.display(url)} failed: {why}")
            reported.add(url)
    return failed, reported


def _console_errors(tab: Tab, reported: set[str]) -> list[str]:
    """Console errors and uncaught exceptions, less those that only repeat a
    request fault already reported."""
    errors = []
    for text, location in tab.console:
        if text.startswith("Failed to load resource") and location in reported:
            continue  # already reported as an external or failed request
        if "Content Security Policy" in text and any(u in text for u in tab.external):
            continue  # the page's own CSP stopped an external request: reported as such
        where = f" ({tab.target.display(location)})" if location else ""
        errors.append(f"{text[:300]}{where}")
    return errors + [f"uncaught exception: {e[:300]}" for e in tab.page_errors]


# ---------------------------------------------------------------------------
# Keyboard

_STYLE_JS = """
  const kbcStyle = (el) => {
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
      outlineColor: cs.outlineColor, outlineOffset: cs.outlineOffset,
      boxShadow: cs.boxShadow,
      background: cs.backgroundColor + ' ' + cs.backgroundImage,
      color: cs.color,
      border: ['Top', 'Right', 'Bottom', 'Left'].map(s => cs['border' + s + 'Style'] + ' ' +
              cs['border' + s + 'Width'] + ' ' + cs['border' + s + 'Color']).join(','),
      textDecoration: cs.textDecorationLine + ' ' + cs.textDecorationColor + ' ' +
                      cs.textDecorationThickness + ' ' + cs.textDecorationStyle,
      clip: cs.clip, clipPath: cs.clipPath, opacity: cs.opacity, transform: cs.transform,
      visibility: cs.visibility, width: r.width, height: r.height,
      x: r.x, y: r.y, vw: window.innerWidth, vh: window.innerHeight,
    };
  };
  const kbcDescribe = (el) => ({
    tag: el.tagName.toLowerCase(), id: el.id || '', cls: (el.getAttribute('class') || ''),
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    type: el.getAttribute('type') || '',
  });
"""

KB_SNAPSHOT = (
    "() => {"
    + _STYLE_JS
    + """
  const sel = 'a[href], area[href], button, input, select, textarea, iframe, summary, ' +
              '[tabindex], [contenteditable], audio[controls], video[controls]';
  window.__kbc = {};
  const out = [];
  let n = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (el.tabIndex < 0 || el.disabled || el.type === 'hidden' || el.closest('[inert]')) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility !== 'visible') continue;
    const id = 'k' + (n++);
    el.setAttribute('data-kbc-id', id);
    window.__kbc[id] = kbcStyle(el);
    out.push({id: id, desc: kbcDescribe(el), radio: el.type === 'radio'});
  }
  return out;
}"""
)

KB_ACTIVE = (
    "() => {"
    + _STYLE_JS
    + """
  let el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {body: true};
  const r0 = el.getBoundingClientRect();
  if (r0.bottom < 0 || r0.right < 0 || r0.top > window.innerHeight || r0.left > window.innerWidth)
    el.scrollIntoView({block: 'nearest', inline: 'nearest', behavior: 'instant'});
  let id = el.getAttribute('data-kbc-id');
  if (!id) { window.__kbcN = (window.__kbcN || 0) + 1; id = 'x' + window.__kbcN;
             el.setAttribute('data-kbc-id', id); }
  return {body: false, id: id, desc: kbcDescribe(el), style: kbcStyle(el),
          before: (window.__kbc || {})[id] || null};
}"""
)


def _pixels_change(page, style: dict, element_id: str) -> bool:
    """Does the focused element look different from the unfocused one?
    Compares screenshots of its box (plus a margin for outlines)."""
    margin = 8
    x = max(0.0, style["x"] - margin)
    y = max(0.0, style["y"] - margin)
    w = min(style["vw"] - x, style["width"] + 2 * margin)
    h = min(style["vh"] - y, style["height"] + 2 * margin)
    if w < 1 or h < 1:
        return False
    clip = {"x": x, "y": y, "width": w, "height": h}
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    unfocused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate(
        "(id) => { const el = document.querySelector(`[data-kbc-id='${id}']`);"
        " if (el) el.focus({preventScroll: true}); }",
        element_id,
    )
    return focused != unfocused


def keyboard_audit(
    tab: Tab, path: str, max_extra_steps: int = 20, max_steps: int | None = None
) -> KeyboardReport:
    """Press Tab from the top of the page: the first stop must be a visible
    skip link (href="#…"); every stop must be visible and show a visible focus
    indicator; focus must move on every press and leave the page (or return
    to the first stop) without cycling; every tabbable element is reached."""
    report = KeyboardReport(path, tab.width)
    try:
        tab.load(path)
    except Exception as exc:
        report.add("page-load", f"page did not load: {str(exc).splitlines()[0]}")
        return report
    page = tab.page
    tabbables = page.evaluate(KB_SNAPSHOT)
    report.tabbables = len(tabbables)
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")
    first = page.evaluate(KB_ACTIVE)
    if first["body"]:
        report.add("skip-link", "the first Tab reaches nothing (no focusable element)")
        return report
    _check_skip_link(first, report)
    # Every tabbable element is walked, however many: a fixed cap (600)
    # reported a trap on the archives page of a 1,000-post site. Cycles end
    # the walk early, so the bound only stops a page that keeps making new
    # focusable elements.
    bound = len(tabbables) + max_extra_steps
    if max_steps is not None:
        bound = min(bound, max_steps)
    seen, left = _walk_tab_stops(page, first, bound, report)
    report.stops = len(seen)
    if left:
        for item in tabbables:
            if item["id"] not in seen and not item["radio"]:
                report.add(
                    "keyboard-unreachable", f"{describe(item['desc'])} is never reached with Tab"
                )
    return report


def _check_skip_link(first: dict, report: KeyboardReport) -> None:
    desc = describe(first["desc"])
    href = first["desc"]["href"]
    if first["desc"]["tag"] != "a" or not href.startswith("#") or len(href) < 2:
        report.add("skip-link", f'the first Tab reaches {desc}, not a skip link (<a href="#…">)')
    elif not is_visible(first["style"]):
        report.add("skip-link", f"the skip link {desc} is not visible when focused")


def _walk_tab_stops(page, first: dict, bound: int, report: KeyboardReport) -> tuple[dict, bool]:
    """Press Tab up to `bound` times from the first stop, checking each stop.
    Returns the stops reached (ids, in order) and whether focus left the page."""
    seen = {first["id"]: None}  # a dict: ordered, and quick to look up
    current = first
    for _ in range(bound):
        self_check(page, current, report)
        page.keyboard.press("Tab")
        nxt = page.evaluate(KB_ACTIVE)
        if nxt["body"] or nxt["id"] == first["id"]:
            return seen, True
        if nxt["id"] == current["id"]:
            if nxt["desc"]["tag"] == "iframe":
                continue
            report.add("focus-trap", f"Tab does not move focus away from {describe(nxt['desc'])}")
            return seen, False
        if nxt["id"] in seen:
            report.add(
                "focus-trap",
                f"focus cycles back to {describe(nxt['desc'])} without leaving the page",
            )
            return seen, False
        seen[nxt["id"]] = None
        current = nxt
    report.add("focus-trap", f"focus has not left the page after {bound} Tab presses")
    return seen, False


def self_check(page, active: dict, report: KeyboardReport) -> None:
    """The focused element must be on screen and look focused."""
    style = active["style"]
    desc = describe(active["desc"])
    if not is_visible(style):
        report.add("focus-hidden", f"{desc} is focused but not visible on screen")
        return
    if focus_indicator_visible(active["before"], style):
        return
    if _pixels_change(page, style, active["id"]):
        return
    report.add("focus-visible", f"{desc} shows no visible focus indicator")
