"""`invoke serve`: build, serve output/ at http://127.0.0.1:8000/, and rebuild
when a source changes, reloading the browser after each rebuild.

- Changes are seen through the operating system's file events (watchfiles,
  which Pelican installs), not by polling: the rebuild starts within about
  50 ms of the save.
- A small tornado server (pinned in requirements.lock; livereload, used
  before, polls every 0.8 s in the browser and has no public way to say
  "reload now") serves the folder and adds one script to each HTML page
  it sends (never to the files): the script listens on /.serve/events and
  reloads the page when a rebuild has finished.
- While the last build failed, every HTML page it sends also carries that
  build's problems (file, line, what to do) in a dialog over the page
  (serve_files/problems.html, rendered here from the BuildResult's
  `problems`; no script). The site under it is the last good one; the next
  good build reloads the page without them. With no site at all (a first
  build that failed), every page is the list of problems.
- Every build it runs gets SITE_DEV_URL from the address it serves, so
  canonical, feed and social-card addresses follow `--host` and `--port`.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import mimetypes
import os
import socket
import sys
from pathlib import Path

import jinja2

from .build import ROOT, BuildProblem, BuildResult, build
from .problems import problems_to_show

WATCHED = ["content", "theme", "plugins", "pelicanconf.py"]
EVENTS = "/.serve/events"
SCRIPT = "/.serve/reload.js"
STYLE = "/.serve/problems.css"
FILES = Path(__file__).with_name("serve_files")
RELOAD_JS = FILES / "reload.js"
# The writers' editor (plugins/cms_admin): its pages are sent as built, with no
# reload script, so a rebuild (after the editor saves a post) never reloads
# the editor under a writer's unsaved work.
ADMIN = "/admin/"
# Types the system's table may lack: the editor reads its config.yml as YAML.
TYPES = {".yml": "text/yaml; charset=utf-8", ".wasm": "application/wasm"}

_templates = jinja2.Environment(
    trim_blocks=True,
    loader=jinja2.FileSystemLoader(FILES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def _say(message: str) -> None:
    print(message, flush=True)


def failed_message(url: str, result: BuildResult) -> str:
    """The last line of a failed build in serve's terminal."""
    if not result.output.exists():
        return (
            f"Build failed: there is no site yet, so {url} shows the problems above. "
            "Fix them and save; the page reloads by itself."
        )
    return (
        f"Build failed: {url} still shows the last good site, with the problems above "
        "listed over it. Fix them and save; the page reloads by itself."
    )


def rebuilder(
    settings_file="pelicanconf.py",
    output="output",
    url="http://127.0.0.1:8000/",
    echo=_say,
    fast=True,
    cms_backend="",
):
    """The function `invoke serve` runs on every change (bench/ times it):
    `rebuild()` works out what changed since its last call, makes output/
    show it and returns a BuildResult (`ok`, `output`, `log`, `problems`).

    A change to the text of existing posts and pages is a fast preview
    (buildtools/preview.py: a warm Pelican in this process, only the changed
    pages written); anything else is a full build. Both get SITE_DEV_URL from
    `url`. `rebuild.preview` is that warm Pelican (None with `fast=False`):
    `rebuild.preview.start()` warms it in the background,
    `rebuild.preview.wait_ready(timeout)` waits for it."""
    from .preview import Preview

    overrides = {"SITE_DEV_URL": url.rstrip("/")}
    if cms_backend:
        overrides["CMS_ADMIN_LOCAL_BACKEND"] = cms_backend
    extra = [f"{key}={value}" for key, value in overrides.items()]
    preview = (
        Preview(settings_file, output, echo=echo, watched=WATCHED, overrides=overrides)
        if fast
        else None
    )

    def rebuild():
        echo("Change seen: rebuilding…")
        result = preview.rebuild() if preview is not None else None
        if result is None:
            # One broken file must not stop the rest of the site from previewing.
            result = build(
                settings_file, output, extra_settings=extra, echo=echo, broken_files="skip"
            )
            if preview is not None:
                preview.after_full_build(result.ok)
        if not result.ok:
            echo(failed_message(url, result))
        elif result.problems:
            files = len({p.file for p in result.problems})
            echo(
                f"Rebuilt without {files} file{'s' if files != 1 else ''} that "
                f"{'have' if files != 1 else 'has'} problems (listed above, and over "
                f"the page in the browser). Browse {url}"
            )
        else:
            echo(f"Rebuilt. Browse {url}")
        return result

    rebuild.preview = preview
    rebuild.extra_settings = extra
    return rebuild


# -- the server ------------------------------------------------------------------------


def page_file(root: Path, path: str) -> Path | str | None:
    """The file to send for a URL path: a file, a folder's index.html, a
    redirect target (a folder asked for without its slash), or None."""
    root = root.resolve()
    file = (root / path.lstrip("/")).resolve()
    if file != root and root not in file.parents:
        return None
    if file.is_dir():
        if not path.endswith("/"):
            return path + "/"
        file = file / "index.html"
    return file if file.is_file() else None


def script_tag(build_id: str) -> bytes:
    return f'<script src="{SCRIPT}?build={build_id}"></script>'.encode()


def with_reload_script(html: bytes, build_id: str = "0", problems_html: bytes = b"") -> bytes:
    """The page, with the reload script just before </body> (or at the end),
    and any problems just after <body …> (first in reading and tab order)."""
    tag = script_tag(build_id)
    at = html.rfind(b"</body>")
    html = html + tag if at < 0 else html[:at] + tag + html[at:]
    if problems_html:
        body = html.find(b"<body")
        start = html.find(b">", body) + 1 if body >= 0 else 0
        html = html[:start] + b"\n" + problems_html + html[start:]
    return html


def problems_html(problems, failed: bool = True, standalone: bool = False) -> bytes:
    """The problems of the last build as HTML (serve_files/problems.html)."""
    template = _templates.get_template("problems.html")
    return template.render(problems=problems, failed=failed, standalone=standalone).encode()


class BuildStatus:
    """The last build's outcome, for the pages served: `build_id` names it,
    `failed` says whether it failed, `problems` lists what to show over the
    pages (empty after a clean build). Open pages wait on `next`."""

    def __init__(self, first: BuildResult | None = None):
        self.count = 0
        self.failed = False
        self.problems: list[BuildProblem] = []
        if first is not None:
            self._take(first)
        self.next = asyncio.Event()

    def _take(self, result: BuildResult) -> None:
        self.failed = not result.ok
        self.problems = problems_to_show(result)

    @property
    def build_id(self) -> str:
        # The process id too: a page left open across a restart of serve reloads.
        return f"{os.getpid()}.{self.count}"

    def finished(self, result: BuildResult) -> None:
        """A rebuild has finished: open pages reload (and show its problems)."""
        self._take(result)
        self.count += 1
        done, self.next = self.next, asyncio.Event()
        done.set()


def make_app(root: Path, status: BuildStatus, admin_policy: str = ""):
    """The server's routes; `admin_policy` is the Content-Security-Policy of
    /admin/ (the published site's, with the local decap-server's address)."""
    import tornado.iostream
    import tornado.web

    class Site(tornado.web.RequestHandler):
        def get(self, path):
            if admin_policy and path.startswith(ADMIN):
                self.set_header("Content-Security-Policy", admin_policy)
            found = page_file(root, path)
            if isinstance(found, str):
                return self.redirect(found)
            if found is None and status.failed and not root.exists():
                # No site yet: the problems are the page.
                self.set_status(503)
                page = problems_html(status.problems, standalone=True)
                return self._send_html(page, with_problems=False)
            if found is None:
                self.set_status(404)
                found = root / "404.html"
                if not found.is_file():
                    self.set_header("Content-Type", "text/plain; charset=utf-8")
                    return self.finish("Not found (and this build has no 404 page).")
            body = found.read_bytes()
            kind = (
                TYPES.get(found.suffix)
                or mimetypes.guess_type(found.name)[0]
                or "application/octet-stream"
            )
            if kind == "text/html" and not path.startswith(ADMIN):
                return self._send_html(body)
            self.set_header("Content-Type", kind)
            self.set_header("Cache-Control", "no-store")  # always the latest build
            self.finish(body)

        def head(self, path):
            self.get(path)

        def _send_html(self, body: bytes, with_problems: bool = True):
            shown = b""
            if with_problems and status.problems:
                shown = problems_html(status.problems, failed=status.failed)
            body = with_reload_script(body, status.build_id, shown)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(body)

    class File(tornado.web.RequestHandler):
        def initialize(self, file: Path, kind: str):
            self.file, self.kind = file, kind

        def get(self):
            self.set_header("Content-Type", self.kind)
            self.set_header("Cache-Control", "no-store")
            self.finish(self.file.read_bytes())

    class Events(tornado.web.RequestHandler):
        async def get(self):
            self.set_header("Content-Type", "text/event-stream")
            self.set_header("Cache-Control", "no-store")
            waiting = status.next
            try:
                self.write(": waiting for a rebuild\n\n")
                await self.flush()
                # A page from an earlier build (one finished while it loaded) reloads now.
                if self.get_argument("build", status.build_id) == status.build_id:
                    await waiting.wait()
                self.write("data: reload\n\n")
                await self.flush()
            except tornado.iostream.StreamClosedError:
                return  # the page was closed or reloaded
            self.finish()

    return tornado.web.Application(
        [
            (EVENTS, Events),
            (SCRIPT, File, {"file": RELOAD_JS, "kind": "text/javascript"}),
            (STYLE, File, {"file": FILES / "problems.css", "kind": "text/css"}),
            (r"(/.*)", Site),
        ]
    )


async def watch_and_rebuild(rebuild, status: BuildStatus, paths, started=None) -> None:
    """On each batch of file events, rebuild (in a worker thread, so pages are
    still served meanwhile), then reload the open pages: without the problems
    after a good rebuild, with them after a failed one. `started` (a coroutine
    function) runs once the watcher is running: a file saved while it runs
    (the first build) is rebuilt after it, not missed."""
    import watchfiles

    loop = asyncio.get_running_loop()
    # yield_on_timeout: an empty batch every half second, the first of which
    # says the watcher is running.
    async for changes in watchfiles.awatch(*paths, rust_timeout=500, yield_on_timeout=True):
        if started is not None:
            await started()
            started = None
        if changes:
            result = await loop.run_in_executor(None, rebuild)
            status.finished(result)


# -- the address ---------------------------------------------------------------------------


def bind(host: str, port: int) -> list[socket.socket]:
    """The listening sockets, or a plain message and exit (before anything is
    built or claims to be serving) when the address cannot be had."""
    import tornado.netutil

    try:
        return tornado.netutil.bind_sockets(port, address=host)
    except OSError as error:
        sys.exit(cannot_listen(host, port, error))


def cannot_listen(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"Port {port} is already in use: another program, perhaps `python3 dev.py serve` "
            "in another window, is serving on it. Stop that one (Ctrl+C in its window), "
            f"or serve on another port:\n    python3 dev.py serve --port {port + 1}"
        )
    if error.errno == errno.EACCES:
        return (
            f"Port {port} needs administrator rights on this computer. Use a port "
            "from 1024 up:\n    python3 dev.py serve --port 8000"
        )
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return (
            f"'--host {host}' is not an address of this computer. Use --host 127.0.0.1 "
            "(this computer only, the default) or --host 0.0.0.0 (other devices on your "
            "network too):\n    python3 dev.py serve --host 0.0.0.0"
        )
    return f"Cannot serve on {host}:{port} ({error.strerror or error})."


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def public_address(host: str) -> str:
    """The address other devices use to reach this computer: `host` itself,
    or for 0.0.0.0 (every network) this computer's address on its network."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            # Connecting a UDP socket sends nothing: it only picks the route.
            probe.connect(("192.0.2.1", 9))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def serve(
    settings_file="pelicanconf.py", output="output", host="127.0.0.1", port=8000, cms_port=8081
):
    from .cms_server import CmsServer, admin_csp, local_url

    sockets = bind(host, port)
    address = public_address(host)
    shown_host = f"[{address}]" if ":" in address else address
    url = f"http://{shown_host}:{port}/"
    # The editor at /admin/ saves through decap-server (buildtools/cms_server.py).
    cms = CmsServer(cms_port)
    cms_on = cms.start()
    rebuild = rebuilder(
        settings_file,
        output,
        url,
        cms_backend=local_url(cms_port) if cms_on else "",
    )

    async def main():
        import tornado.httpserver

        status = BuildStatus()
        policy = admin_csp(connect=[f"http://127.0.0.1:{cms_port}"]) if cms_on else ""
        server = tornado.httpserver.HTTPServer(make_app(ROOT / output, status, policy))

        async def first_build():
            loop = asyncio.get_running_loop()
            first = await loop.run_in_executor(
                None,
                lambda: build(
                    settings_file,
                    output,
                    extra_settings=rebuild.extra_settings,
                    broken_files="skip",
                ),
            )
            rebuild.preview.after_full_build(first.ok)  # fast previews from a few seconds on
            if not first.ok:
                print(failed_message(url, first), flush=True)
            status.finished(first)
            server.add_sockets(sockets)
            print(f"Serving the site at {url} (Ctrl+C to stop)", flush=True)
            if cms_on:
                print(f"The editor: {url}admin/ (saves into this folder's Git)", flush=True)
            if not is_loopback(host):
                print(
                    "Other devices on this network can open that address too, and see every "
                    "draft, while this runs: do this only on a network you trust (not public "
                    "Wi-Fi).",
                    flush=True,
                )

        await watch_and_rebuild(rebuild, status, [ROOT / p for p in WATCHED], first_build)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        cms.stop()
