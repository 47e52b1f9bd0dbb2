"""The editor's local Git server (buildtools/cms_server.py): decap-server in
git mode, listening on 127.0.0.1 only, and never outliving the preview that
started it, however the preview ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from buildtools.cms_server import CmsServer, local_url
from tests.conftest import ROOT
from tests.site_build.test_cms_editor_browser import free_port

PARENT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from buildtools.cms_server import CmsServer
server = CmsServer(int(sys.argv[2]), repo=Path(sys.argv[3]))
assert server.start() and server.wait_ready()
print(server.process.pid, flush=True)
time.sleep(600)
"""


def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    (folder / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return folder


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (/proc/net/tcp, tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.rpartition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_it_listens_on_127_0_0_1_only_and_stops_with_stop(tmp_path):
    port = free_port()
    server = CmsServer(port, repo=repo(tmp_path), echo=lambda *_: None)
    assert server.start() and server.wait_ready()
    try:
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        assert local_url(port) == f"http://127.0.0.1:{port}/api/v1"
    finally:
        pid = server.process.pid
        server.stop()
    assert not alive(pid)
    assert listening_addresses(port) == set()


def test_it_dies_with_a_preview_that_is_killed(tmp_path):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(ROOT), str(free_port()), str(repo(tmp_path))],
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    assert alive(child)
    parent.kill()  # kill -9: no finally, no atexit
    parent.wait()
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(child):
        os.kill(child, 9)
    assert not alive(child), "decap-server outlived the preview"


def test_plain_words_when_it_cannot_start(tmp_path):
    said = []
    folder = tmp_path / "not-a-repo"
    folder.mkdir()
    (folder / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    assert not CmsServer(free_port(), repo=folder, echo=said.append).start()
    assert said == [
        "The editor at /admin/ saves into Git, and this folder is not a Git repository: "
        "it is off. The site preview works without it."
    ]
    said.clear()
    assert not CmsServer(free_port(), repo=tmp_path, echo=said.append).start()
    assert said[0].startswith("The editor at /admin/ is not installed: run `npm ci")
