"""The production build served by Debian's nginx with deploy/nginx.conf.

nginx runs on a free loopback port with the shipped server block (only its
root and port changed). Every file is fetched and its type and headers
checked; then Chromium loads every page under the real Content-Security-Policy
header and must see no violation, no console error and no failed request.
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from buildtools.cms_server import PUBLISHED, admin_csp
from buildtools.publish import HEADERS_FILE, headers_file
from tests.server.nginx import Nginx, NginxMissing, server_block

CSP_CANARY = "csp-canary"
SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "strict-transport-security",
    "x-frame-options",
)
LONG_CACHE = "public, max-age=31536000, immutable"
# Hidden files under every kind of location (the `^~` prefixes and the feed
# paths too) and editors' backup files: planted in the site, never served.
NEVER_SERVED = (
    "assets/.git/config",
    "assets/theme/.env",
    "pagefind/.env",
    "feeds/.htaccess",
    "feeds/.all.atom.xml",
    "feeds/.hidden/all.json",
    ".git/HEAD",
    "index.html~",
    "about/index.html~",
    "x.bak",
    "assets/site.css.bak",
    "feeds/all.atom.xml.orig",
    "pagefind/.pagefind.js.swp",
    "about/.index.html.swp",
    "index.html.swp",
    "index.html.orig",
    "index.html.old",
)
HIDDEN_OR_BACKUP = re.compile(r"(^|/)\.|~$|\.(bak|orig|swp|old)$")
SEARCH_BUNDLE = "pagefind"  # SITE_SEARCH_BUNDLE_PATH
EDITOR = "admin"  # plugins/cms_admin
# Every public page's policy, exactly (the editor's must not leak into it).
PUBLIC_CSP = (
    "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


@pytest.fixture(scope="module")
def site(prod_site, tmp_path_factory) -> Path:
    """The production build as publish leaves it (with _headers), plus a few
    planted files so every type is served at least once."""
    root = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(prod_site, root)
    (root / "_headers").write_text(headers_file(HEADERS_FILE.read_text(), root))
    planted = root / "planted"
    planted.mkdir()
    (planted / "table.csv").write_text("Answer,Count\nYes,12\nNo,<5\n" * 20)
    (planted / "spec.json").write_text('{"mark": "bar"}')
    (root / ".secret").write_text("never served")
    for rel in NEVER_SERVED:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("never served")
    canary = root / CSP_CANARY
    canary.mkdir()
    (canary / "index.html").write_text(
        "<!DOCTYPE html><html lang=en><head><title>Canary</title>"
        "<style>p { color: red }</style></head><body><p style='color: blue'>x</p>"
        "<script>window.ran = eval('1 + 1');</script></body></html>"
    )
    return root


@pytest.fixture(scope="module")
def nginx_server(site, tmp_path_factory):
    server = Nginx(site, tmp_path_factory.mktemp("nginx"))
    try:
        with server as base:
            server.base = base
            yield server
    except NginxMissing as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def nginx(nginx_server) -> str:
    return nginx_server.base


def fetch(base: str, path: str, headers: dict | None = None):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def url_path(rel: str) -> str:
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/" + quote(rel)


def expected_type(rel: str) -> str:
    if rel.endswith(".atom.xml"):
        return "application/atom+xml; charset=utf-8"
    if rel.endswith(".rss.xml"):
        return "application/rss+xml; charset=utf-8"
    if rel.startswith("feeds/") and rel.endswith(".json"):
        return "application/feed+json; charset=utf-8"
    return {
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "xml": "application/xml; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "svg": "image/svg+xml; charset=utf-8",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "pdf": "application/pdf",
        "yml": "text/yaml; charset=utf-8",
        "wasm": "application/wasm",
    }.get(rel.rpartition(".")[2].lower(), "application/octet-stream")  # e.g. Pagefind's index


def served_files(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file()
        and p.name != "_headers"
        and not HIDDEN_OR_BACKUP.search(p.relative_to(site).as_posix())
    )


def assert_security_headers(headers: dict, where: str) -> None:
    missing = [h for h in SECURITY_HEADERS if h not in headers]
    assert not missing, f"{where}: no {missing}"
    csp = headers["content-security-policy"]
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";"))
    assert directives["default-src"] == "'self'", where
    if where.startswith(EDITOR + "/"):
        # The editor alone has its own policy (deploy/nginx.conf, the $thcvs_csp map).
        assert csp == admin_csp(**PUBLISHED), where
        return
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
    # Only the search bundle may compile WebAssembly (Pagefind's worker).
    if where.startswith(SEARCH_BUNDLE + "/"):
        assert directives["script-src"] == "'self' 'wasm-unsafe-eval'", where
    else:
        assert "script-src" not in directives and "wasm" not in csp, where
    assert (
        directives.get("object-src") == "'none'" and directives.get("frame-ancestors") == "'none'"
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    hsts = re.match(r"max-age=(\d+)", headers["strict-transport-security"])
    assert hsts and int(hsts.group(1)) >= 31536000


# -- types and headers -----------------------------------------------------------


def test_the_config_changes_only_root_and_port():
    shipped = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
    original = shipped.read_text().splitlines()
    changed = server_block(Path("/tmp/site"), 8123).splitlines()
    differences = [(a.strip(), b.strip()) for a, b in zip(original, changed) if a != b]
    assert differences == [
        ("listen 80;", "listen 127.0.0.1:8123;"),
        ("root /srv/www/thcvs/public;", "root /tmp/site;"),
    ]


def test_every_file_is_served_with_its_type_and_headers(site, nginx):
    files = served_files(site)
    kinds = {rel.rpartition(".")[2] for rel in files}
    assert {"html", "css", "svg", "csv", "xml", "json"} <= kinds
    assert any(rel.endswith(".atom.xml") for rel in files) and any(
        rel.endswith(".rss.xml") for rel in files
    )
    for rel in files:
        status, headers, body = fetch(nginx, url_path(rel))
        assert status == 200, rel
        assert body == (site / rel).read_bytes(), rel
        assert headers["content-type"] == expected_type(rel), rel
        assert_security_headers(headers, rel)
        if rel.startswith("assets/"):
            assert headers["cache-control"] == LONG_CACHE, rel
        else:
            assert headers["cache-control"] == "no-cache", rel  # HTML, feeds, data: revalidated
        assert "etag" in headers or "last-modified" in headers, rel


def test_text_is_compressed(site, nginx):
    for rel in (
        "index.html",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/all.json",
        "planted/table.csv",
        "sitemap.xml",
        next(r for r in served_files(site) if r.startswith("assets/") and r.endswith(".css")),
    ):
        status, headers, body = fetch(nginx, url_path(rel), {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", rel
        assert "Accept-Encoding" in headers.get("vary", ""), rel
        assert gzip.decompress(body) == (site / rel).read_bytes(), rel


def test_a_missing_page_gets_the_404_page_with_status_404(site, nginx):
    page = (site / "404.html").read_bytes()
    for path in (
        "/no-such-page/",
        "/2026/11/no-such-post/",
        "/assets/theme/css/site.000000000000.css",
        "/feeds/none.atom.xml",
        "/_headers",
        "/.secret",
        "/planted/.secret",
    ):
        status, headers, body = fetch(nginx, path)
        assert status == 404, path
        assert body == page, path
        assert headers["content-type"] == "text/html; charset=utf-8", path
        assert headers["cache-control"] == "no-cache", path
        assert_security_headers(headers, path)


def test_hidden_and_backup_files_are_never_served(site, nginx):
    page = (site / "404.html").read_bytes()
    for rel in NEVER_SERVED:
        assert (site / rel).is_file(), rel
        for path in ("/" + rel, "/" + quote(rel)):
            status, headers, body = fetch(nginx, path)
            assert (status, body) == (404, page), path
            assert_security_headers(headers, path)
    status, _, _ = fetch(nginx, "/about/")
    assert status == 200  # the page itself, next to its backup


def raw_request(base: str, data: bytes) -> tuple[int, dict, bytes]:
    """Send bytes as they are (http.client would refuse to send a malformed request)."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"not http at all\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\n\r\n", 400),  # HTTP/1.1 without Host
        (b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", 400),
        (b"GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    ],
    ids=[
        "uri-too-long",
        "control-character",
        "not-http",
        "no-host",
        "header-too-large",
        "http-version",
        "transfer-encoding",
    ],
)
def test_requests_refused_early_carry_the_security_headers(nginx, request_bytes, status):
    got, headers, body = raw_request(nginx, request_bytes)
    assert got == status
    assert_security_headers(headers, f"early {status}")
    assert headers["cache-control"] == "no-cache"
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert body == b"Bad request: the address or its headers could not be read.\n"


def test_only_the_editor_gets_the_editors_policy(site, nginx):
    """/admin/ has its own policy; every public page keeps the strict one, unchanged."""
    for path in ("/", "/about/", "/404.html", "/feeds/all.atom.xml", "/sitemap.xml"):
        _, headers, _ = fetch(nginx, path)
        assert headers["content-security-policy"] == PUBLIC_CSP, path
    for path in ("/admin/", "/admin/config.yml", "/admin/decap-cms.js"):
        status, headers, _ = fetch(nginx, path)
        assert status == 200, path
        assert headers["content-security-policy"] == admin_csp(**PUBLISHED), path
        assert_security_headers(headers, path.lstrip("/") or path)
    # Nothing public links to the editor, and the sitemap leaves it out.
    assert b"/admin/" not in (site / "sitemap.xml").read_bytes()
    assert b"/admin/" not in (site / "index.html").read_bytes()


def test_the_error_log_has_no_warnings(nginx_server, nginx):
    """After every test above has run its requests (this test is last in the
    module's order of the non-browser tests): no "using uninitialized variable"."""
    for request_bytes in (b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\n\r\n", b"x\r\n\r\n"):
        raw_request(nginx, request_bytes)
    fetch(nginx, "/assets/.git/config")
    fetch(nginx, "/no-such-page/")
    log = nginx_server.log()
    assert "uninitialized" not in log, log
    assert "[warn]" not in log and "[error]" not in log and "[crit]" not in log, log


def test_a_folder_without_its_slash_redirects_relatively(nginx):
    status, headers, _ = fetch(nginx, "/about")
    assert status == 301 and headers["location"] == "/about/"


def test_headers_file_says_what_nginx_sends(site, nginx):
    """deploy/_headers (for static hosts) carries the same values as nginx.conf."""
    rules, current = {}, None
    for line in (site / "_headers").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(":")
            current[name.lower()] = value.strip()
    _, page, _ = fetch(nginx, "/")
    assert {h: page[h] for h in SECURITY_HEADERS} == rules["/*"]
    _, bundle, _ = fetch(nginx, f"/{SEARCH_BUNDLE}/pagefind.js")
    assert rules[f"/{SEARCH_BUNDLE}/*"] == {
        "content-security-policy": bundle["content-security-policy"]
    }
    _, editor, _ = fetch(nginx, f"/{EDITOR}/")
    assert rules[f"/{EDITOR}/*"] == {"content-security-policy": editor["content-security-policy"]}
    asset = next(r for r in served_files(site) if r.startswith("assets/"))
    _, cached, _ = fetch(nginx, url_path(asset))
    assert rules["/assets/*"] == {"cache-control": cached["cache-control"]}
    feeds = [r for r in served_files(site) if r.startswith("feeds/")]
    assert feeds
    for rel in feeds:
        _, headers, _ = fetch(nginx, url_path(rel))
        assert rules[f"/{rel}"] == {"content-type": headers["content-type"]}, rel


def test_the_folders_named_in_the_config_match_the_settings():
    from pelican.settings import read_settings

    from tests.conftest import ROOT

    settings = read_settings(str(ROOT / "publishconf.py"))
    nginx_conf = (ROOT / "deploy" / "nginx.conf").read_text()
    headers = (ROOT / "deploy" / "_headers").read_text()
    for folder in (
        settings["THEME_ASSETS_FOLDER"],
        settings.get("SITE_SEARCH_BUNDLE_PATH", SEARCH_BUNDLE),
    ):
        assert f"location ^~ /{folder}/ {{" in nginx_conf, folder
        assert f"\n/{folder}/*\n" in headers, folder
    assert settings.get("SITE_SEARCH_BUNDLE_PATH", SEARCH_BUNDLE) == SEARCH_BUNDLE


# -- the browser -----------------------------------------------------------------

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`
                           + ` (${e.sourceFile || ''}:${e.lineNumber || ''})`);
});
"""


@pytest.fixture(scope="module")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(
        executable_path="/usr/bin/chromium", args=LAUNCH_ARGS, headless=True
    )
    try:
        yield chromium
    finally:
        chromium.close()


class Visit:
    """One tab that records what a page load did."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(service_workers="block")
        self.context.add_init_script(LISTEN_FOR_VIOLATIONS)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: self.console.append(f"{m.type}: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))
        self.inflight = 0
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on(
            "response",
            lambda r: self.failed.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None,
        )

    def _started(self, request):
        self.inflight += 1

    def _ended(self, request):
        self.inflight -= 1

    def settle(self, timeout_ms: int = 5000) -> None:
        """Until no request has been in flight for two polls (scripts may fetch after load)."""
        quiet = 0
        for _ in range(timeout_ms // 25):
            quiet = quiet + 1 if self.inflight <= 0 else 0
            if quiet >= 3:
                return
            self.page.wait_for_timeout(25)

    def _route(self, route):
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:  # nothing may come from anywhere but the site
            self.failed.append(f"outside request {route.request.url}")
            route.abort("blockedbyclient")

    def load(self, path: str):
        # Leave the last page first, so its late requests (the favicon, say)
        # are cancelled before this page's record starts.
        self.page.goto("about:blank")
        self.console, self.failed, self.inflight = [], [], 0
        response = self.page.goto(self.base + path, wait_until="load")
        self.settle()
        violations = self.page.evaluate("window.__violations")
        return response, violations

    def close(self):
        self.context.close()


@pytest.mark.browser
def test_every_page_loads_under_the_real_csp(site, nginx, browser):
    visit = Visit(browser, nginx)
    pages = [
        url_path(rel)
        for rel in served_files(site)
        # The editor logs in to the Git host first: its end-to-end test
        # (tests/site_build/test_cms_editor_browser.py) runs it under its policy.
        if rel.endswith(".html") and not rel.startswith((CSP_CANARY, EDITOR + "/"))
    ]
    assert len(pages) > 10
    problems = []
    try:
        for path in pages:
            response, violations = visit.load(path)
            assert response is not None and response.headers.get("content-security-policy")
            styled = visit.page.evaluate(
                "[...document.styleSheets].some(s => s.href && s.cssRules.length > 0)"
            )
            for item in [*violations, *visit.console, *visit.failed]:
                problems.append(f"{path}: {item}")
            if response.status != 200:
                problems.append(f"{path}: HTTP {response.status}")
            if not styled:
                problems.append(f"{path}: no stylesheet applied")
    finally:
        visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_search_works_under_the_real_csp(nginx, browser):
    """Pagefind's worker needs 'wasm-unsafe-eval', which only its folder gets."""
    visit = Visit(browser, nginx)
    try:
        response, violations = visit.load("/search/?q=co-production")
        assert "wasm" not in response.headers["content-security-policy"]
        visit.page.wait_for_selector("#search-results li", timeout=10_000)
        visit.settle()
        assert "co-production" in visit.page.inner_text("#search-status").lower()
        assert visit.page.evaluate("window.__violations") == []
        assert visit.console == [] and visit.failed == []
    finally:
        visit.close()


@pytest.mark.browser
def test_the_404_page_renders_under_the_real_csp(nginx, browser):
    visit = Visit(browser, nginx)
    try:
        response, violations = visit.load("/no-such-page/")
        assert response.status == 404
        assert visit.page.evaluate(
            "[...document.styleSheets].some(s => s.href && s.cssRules.length)"
        )
        assert violations == []
        main_document = f"{nginx}/no-such-page/: HTTP 404"
        assert visit.failed == [main_document]
        # Chromium reports the page's own 404 status on the console; nothing else may be there.
        assert all("status of 404" in line for line in visit.console), visit.console
    finally:
        visit.close()


@pytest.mark.browser
def test_the_csp_blocks_inline_code(nginx, browser):
    """The canary proves the listener hears violations: inline style and script are refused."""
    visit = Visit(browser, nginx)
    try:
        _, violations = visit.load(f"/{CSP_CANARY}/")
        assert visit.page.evaluate("window.ran") is None
        blocked = " ".join(violations)
        assert "style-src-elem blocked inline" in blocked
        assert "style-src-attr blocked inline" in blocked
        assert "script-src-elem blocked inline" in blocked
    finally:
        visit.close()
