"""A built site served to headless Chromium, for the browser tests: one
static server, and the browser's launch arguments."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# As LAUNCH_ARGS, with every host but this machine unreachable: a request to
# another site fails instead of leaving the machine.
OFFLINE_ARGS = [*LAUNCH_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def serve_folder(
    folder: Path, policy: str | None = None, bundle_policy: str | None = None
) -> http.server.ThreadingHTTPServer:
    """`folder` on a free port of 127.0.0.1, served from a thread until
    `shutdown()`. With `policy`, every response carries it as its
    Content-Security-Policy (`bundle_policy`, if given, under /pagefind/)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            if policy:
                in_bundle = bundle_policy and self.path.startswith("/pagefind/")
                self.send_header("Content-Security-Policy", bundle_policy if in_bundle else policy)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def url_of(server: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"
