"""Run Debian's nginx with deploy/nginx.conf on a loopback port, for tests.

The shipped server block is used as it is, except for its `root` and `listen`
lines (the two lines marked CHANGE), wrapped in the minimum a stand-alone
nginx needs: a foreground master, a pid file, logs and temp folders in the
test's own folder.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.conftest import ROOT

SHIPPED = ROOT / "deploy" / "nginx.conf"
LISTEN = re.compile(r"^(\s*)listen 80;$", re.MULTILINE)
ROOT_LINE = re.compile(r"^(\s*)root /srv/www/thcvs/public;$", re.MULTILINE)


class NginxMissing(Exception):
    pass


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if not found:
        raise NginxMissing("nginx is not installed: apt-get update && apt-get install -y nginx")
    return found


def server_block(root: Path, port: int, template: str | None = None) -> str:
    """The shipped server block with its root and port changed, and nothing else."""
    text = SHIPPED.read_text(encoding="utf-8") if template is None else template
    text, listens = LISTEN.subn(rf"\g<1>listen 127.0.0.1:{port};", text)
    text, roots = ROOT_LINE.subn(rf"\g<1>root {root};", text)
    if (listens, roots) != (1, 1):
        raise ValueError(
            "deploy/nginx.conf must have exactly one `listen 80;` and one "
            f"`root /srv/www/thcvs/public;` line (found {listens} and {roots})"
        )
    return text


def main_config(root: Path, port: int, prefix: Path) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""  # the workers must read the tmp folder
    temps = "".join(
        f"  {kind}_temp_path {prefix / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\n{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 128; }\n"
        "http {\n"
        f"  access_log {prefix / 'access.log'};\n{temps}"
        f"{server_block(root, port)}\n"
        "}\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """`with Nginx(root, workdir) as base_url:` nginx serving root until the block ends."""

    def __init__(self, root: Path, workdir: Path):
        self.root, self.prefix = Path(root), Path(workdir)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> str:
        binary = nginx_binary()
        self.prefix.mkdir(parents=True, exist_ok=True)
        for _attempt in range(5):
            self.port = free_port()
            config = self.prefix / "nginx.conf"
            config.write_text(main_config(self.root, self.port, self.prefix), encoding="utf-8")
            test = subprocess.run(
                [
                    binary,
                    "-t",
                    "-q",
                    "-p",
                    str(self.prefix),
                    "-c",
                    str(config),
                    "-e",
                    str(self.prefix / "error.log"),
                ],
                capture_output=True,
                text=True,
            )
            if test.returncode != 0:
                raise RuntimeError(f"nginx -t rejected the config:\n{test.stderr}")
            self.process = subprocess.Popen(
                [
                    binary,
                    "-p",
                    str(self.prefix),
                    "-c",
                    str(config),
                    "-e",
                    str(self.prefix / "error.log"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            if self._wait_until_listening():
                return f"http://127.0.0.1:{self.port}"
            self._stop()  # the port was taken in between: try another
        raise RuntimeError(f"nginx did not start: {self.log()}")

    def _wait_until_listening(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def __exit__(self, *exc) -> None:
        self._stop()
