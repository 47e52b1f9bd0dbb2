"""The editor's local mode: decap-server (npm, pinned in package-lock.json)
in git mode, as a child of `invoke serve`.

It saves what writers do at http://127.0.0.1:8000/admin/ straight into this
repository's Git: drafts on `cms/…` branches, published posts merged into
the current branch. It listens on 127.0.0.1 only (its BIND_HOST), whatever
`--host` the preview uses: the local editor writes to this computer's files,
so no other device may reach it.

It never outlives the preview: it runs under a few lines of Node that exit
when their standard input closes, which happens however the preview ends
(Ctrl+C, a crash, kill -9), and `stop()` ends it too.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from .build import ROOT

SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
# Exit when the parent's pipe closes, then start decap-server in this process.
WRAPPER = (
    "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();"
    "require(process.argv[1]);"
)


# The editor's Content-Security-Policy, for /admin/ alone (deploy/nginx.conf and
# deploy/_headers carry it with PUBLISHED's hosts (GitLab); `invoke serve` sends it with
# the local decap-server's). Decap needs more than the public pages allow:
# inline styles (its components style themselves) and 'unsafe-eval' (its
# config validator, ajv, compiles its checks to functions); its media
# previews are blob: and data: images, which it also reads back (fetch of
# blob:) to save an uploaded picture. Everything else stays as strict as
# the public pages: its code from this site only, no framing, no plugins.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:{images}; connect-src 'self' blob:{connect}; "
    "base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"
)
# The Git hosts the editor may talk to, besides the site: their API (and, for
# GitLab's PKCE login, its token endpoint), and the pictures it shows
# (avatars, and a draft's pictures not yet on the site).
GITLAB = {"connect": ["https://gitlab.com"], "images": ["https://gitlab.com"]}
GITHUB = {
    "connect": ["https://api.github.com"],
    "images": ["https://avatars.githubusercontent.com", "https://raw.githubusercontent.com"],
}
# The one deploy/nginx.conf and deploy/_headers carry: GitLab, as
# docs/hosting-the-editor.md sets up (CMS_ADMIN_BACKEND's default).
PUBLISHED = GITLAB


def admin_csp(connect=(), images=()) -> str:
    """The policy for /admin/, allowing these hosts besides the site itself."""
    return ADMIN_CSP.format(
        connect="".join(f" {host}" for host in connect),
        images="".join(f" {host}" for host in images),
    )


def local_url(port: int) -> str:
    """The address the editor's config.yml gives as `local_backend`."""
    return f"http://127.0.0.1:{port}/api/v1"


class CmsServer:
    def __init__(self, port: int = 8081, repo: Path = ROOT, echo=print):
        self.port = port
        self.repo = Path(repo)
        self.echo = echo
        self.process: subprocess.Popen | None = None

    def problem(self) -> str | None:
        """Why the local editor cannot start, in plain words, or None."""
        if shutil.which("node") is None:
            return (
                "The editor at /admin/ needs Node.js, which this computer lacks: the site "
                "preview works without it. To use the editor, install Node.js (Debian: "
                "apt-get install nodejs npm) and run `npm ci --ignore-scripts` here."
            )
        if not (self.repo / SERVER).is_file():
            return (
                "The editor at /admin/ is not installed: run `npm ci --ignore-scripts` in "
                "this folder, then start the preview again. The site preview works without it."
            )
        if not (self.repo / ".git").exists():
            return (
                "The editor at /admin/ saves into Git, and this folder is not a Git "
                "repository: it is off. The site preview works without it."
            )
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", self.port))
            except OSError:
                return (
                    f"The editor's port {self.port} is already in use (another preview?): "
                    "the editor is off. Stop the other one, or pick another port: "
                    f"python3 dev.py serve --cms-port {self.port + 1}"
                )
        return None

    def start(self) -> bool:
        problem = self.problem()
        if problem:
            self.echo(problem)
            return False
        env = {
            **os.environ,
            "MODE": "git",
            "GIT_REPO_DIRECTORY": str(self.repo),
            "PORT": str(self.port),
            "BIND_HOST": "127.0.0.1",
            "LOG_LEVEL": "warn",
        }
        self.process = subprocess.Popen(
            ["node", "-e", WRAPPER, str((self.repo / SERVER).resolve())],
            cwd=self.repo,
            env=env,
            stdin=subprocess.PIPE,
        )
        return True

    def wait_ready(self, timeout: float = 20) -> bool:
        """Whether it accepts connections within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return True
            except OSError:
                time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
